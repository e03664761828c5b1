"""Tests for transforms.quotes.prefilter: the one scan finds every cue the patterns find.

The reference is the extractor's cue search as it was before the prefilter: three scans of the
whole text (:data:`~transforms.quotes.patterns._CUE_RE`, `` that`` and the capitalised cues).
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.quotes import REPORTING_CUES, extract_quotes
from transforms.quotes.cues import NOUN_CUES
from transforms.quotes.extract import (
    _DEMONSTRATIVE_THAT_RE,
    _ED_VERB_BEFORE_RE,
    _MAX_NOUN_CUE_CHARS,
    _NOT_ED_CUES,
    _THAT_AFTER_WORD_RE,
    _cue_spans,
)
from transforms.quotes.patterns import _CUE_FORMS, _CUE_RE
from transforms.quotes.prefilter import CAPITAL_CUE, CAPITAL_CUES, CUE_WORD, KEYS, THAT, cue_hits


def _cue_spans_by_three_scans(text: str) -> list[tuple[int, int]]:
    """The cue spans as three scans of the whole text find them (the code before the prefilter)."""
    cues = [m.span(1) for m in _CUE_RE.finditer(text)]
    for m in _THAT_AFTER_WORD_RE.finditer(text):
        end = m.start()
        space = text.rfind(" ", end - _MAX_NOUN_CUE_CHARS - 1 if end > _MAX_NOUN_CUE_CHARS else 0, end)
        if space != -1 and text[space + 1 : end] in NOUN_CUES:
            cues.append((space + 1, end))
        else:
            verb = _ED_VERB_BEFORE_RE.search(text, end - 20 if end > 20 else 0, end)
            if (
                verb is not None
                and verb.group() not in _NOT_ED_CUES
                and (verb.group() in _CUE_FORMS or not _DEMONSTRATIVE_THAT_RE.match(text, end))
            ):
                cues.append(verb.span())
    for capital in CAPITAL_CUES:
        at = text.find(capital)
        while at != -1:
            cues.append((at, at + len(capital) - 1))
            at = text.find(capital, at + 1)
    return sorted(set(cues))


_FORMS = sorted(_CUE_FORMS)


@pytest.mark.parametrize("form", _FORMS)
def test_every_cue_form_of_the_lexicon_passes_the_prefilter(form: str) -> None:
    text = f"The minister {form} the bridge is safe."
    at = text.index(" " + form)
    starts = {last - size + 1 for last, (size, kinds) in cue_hits(text) if kinds & CUE_WORD}
    assert at in starts
    assert (at + 1, at + 1 + len(form)) in _cue_spans(text)


def test_the_keys_come_from_the_lexicon() -> None:
    forms = {f for forms in REPORTING_CUES.values() for f in forms}
    assert {k for k, kinds in KEYS.items() if kinds & CUE_WORD} == {" " + f.split(" ")[0] for f in forms}
    assert {k for k, kinds in KEYS.items() if kinds & CAPITAL_CUE} == set(CAPITAL_CUES)
    assert KEYS[" that"] & THAT


@pytest.mark.parametrize("capital", CAPITAL_CUES)
def test_a_capitalised_cue_passes_the_prefilter(capital: str) -> None:
    text = f"{capital}the minister, the bridge is safe. {capital}Doe, “it is.”"
    assert _cue_spans(text) == _cue_spans_by_three_scans(text)
    assert (0, len(capital) - 1) in _cue_spans(text)


_WORDS = [
    *_FORMS,
    *sorted(NOUN_CUES),
    *(c.strip() for c in CAPITAL_CUES),
    "that",
    "That",
    "thats",
    "learned",
    "ruled",
    "lifted",
    "the",
    "Doe",
    "Mr",
    "he",
    "asks",
    "according",
    "to",
    "sum",
    "by",
    "x",
]
#: white space, punctuation and quotation marks between the words; characters outside the Basic
#: Multilingual Plane too (the automaton's offsets must be ``str`` indices past them)
_GLUE = st.sampled_from(
    [
        " ",
        "  ",
        "\n",
        "\n\n",
        ", ",
        ". ",
        "“",
        "”",
        '"',
        "''",
        " “",
        "” ",
        "\u00a0",
        "",
        "-",
        "—",
        " 😀 ",
        "𝒜",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_WORDS), _GLUE), max_size=40))
def test_the_prefilter_finds_what_the_three_scans_find(parts: list[tuple[str, str]]) -> None:
    text = "".join(word + glue for word, glue in parts)
    assert _cue_spans(text) == _cue_spans_by_three_scans(text)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_WORDS), _GLUE), max_size=30))
def test_every_cue_of_a_quote_is_one_the_prefilter_found(parts: list[tuple[str, str]]) -> None:
    text = "".join(word + glue for word, glue in parts)
    spans = set(_cue_spans(text))
    for q in extract_quotes(text):
        if q.cue_start is not None and q.cue_end is not None:
            assert (q.cue_start, q.cue_end) in spans
