from __future__ import annotations

import re
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.text import (
    collapse_spaces,
    comparable,
    ends_sentence,
    repair_glued_sentences,
    split_sentences,
)


def test_collapse_spaces_folds_tabs_and_non_breaking_spaces():
    assert collapse_spaces("  a \u00a0\t b  ") == "a b"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("He left.", True),
        ('He said: "We are ready."', True),
        ("Is it over?", True),
        ("(See the chart.)", True),
        ("with Moscow", False),
        ('by the "Western partners"', False),
        ("keep our gunpowder dry'\",", False),
        ("", False),
    ],
)
def test_ends_sentence(line, expected):
    assert ends_sentence(line) is expected


@pytest.mark.parametrize(
    ("glued", "repaired"),
    [
        ("NATO policies.The minister", "NATO policies. The minister"),
        ("in 2022.He added", "in 2022. He added"),
        ("the U.S.The talks", "the U.S. The talks"),
        ('"we are ready."The talks', '"we are ready." The talks'),
        ("Why?Because", "Why? Because"),
    ],
)
def test_glued_sentences_get_their_space_back(glued, repaired):
    assert repair_glued_sentences(glued) == repaired


@pytest.mark.parametrize(
    "text",
    [
        "the U.S. economy",  # initialism
        "grew by 3.5 percent",  # decimal
        "told Sputnik.com on Monday",  # domain
        "Orbitline.Com users",  # capitalised domain
        "allies, e.g. France",  # abbreviation
        "see https://example.com/News.Today/Page.Html for more",  # URL
        "write to press.Office@example.com",  # e-mail address
        "at 9 a.m. on Monday",
    ],
)
def test_glue_repair_leaves_abbreviations_numbers_domains_and_urls_alone(text):
    assert repair_glued_sentences(text) == text


def test_split_sentences_respects_abbreviations_and_initials():
    text = 'Mr. Smith met Gen. Lee in the U.S. capital. J. Doe said "Yes." It ended at 5 p.m. Then rain.'
    assert split_sentences(text) == [
        "Mr. Smith met Gen. Lee in the U.S. capital.",
        'J. Doe said "Yes."',
        "It ended at 5 p.m. Then rain.",
    ]


def test_comparable_ignores_case_and_spacing():
    assert comparable("The  Minister\nsaid") == comparable("the minister said")


# --------------------------------------------------------------------------- linear-time rewrites

# the URL/e-mail pattern the word scan replaces (cubic on "a@a@a@…": used here on short text only)
_URLISH_PATTERN = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\S+", re.IGNORECASE)
_URL_PIECES = ["a", "@", ".", " ", "\t", "\u00a0", "h", "http://", "HTTPS://", "www.", "WWW.", "x", ":", "/", "("]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_URL_PIECES), max_size=12).map("".join))
def test_url_scan_finds_what_the_pattern_found(text: str) -> None:
    from transforms.text import _urlish_spans

    assert list(_urlish_spans(text)) == [m.span() for m in _URLISH_PATTERN.finditer(text)]


def _split_sentences_by_copying(text: str) -> list[str]:
    """split_sentences as it was written before it read candidates in place (quadratic)."""
    from transforms.text import _SENTENCE_SPLIT_RE, ABBREVIATIONS, CLOSING_CHARS

    def ends_with_abbreviation(sentence: str) -> bool:
        stripped = sentence.rstrip(CLOSING_CHARS)
        if not stripped.endswith("."):
            return False
        words = stripped[:-1].rsplit(None, 1)
        token = words[-1].lstrip("\"'“‘([").lower() if words else ""
        return (len(token) == 1 and token.isalpha()) or token in ABBREVIATIONS

    pieces, start = [], 0
    for match in _SENTENCE_SPLIT_RE.finditer(text):
        candidate = text[start : match.end(1)]
        if ends_with_abbreviation(candidate):
            continue
        pieces.append(candidate.strip())
        start = match.end()
    tail = text[start:].strip()
    return [p for p in [*pieces, tail] if p]


_SENTENCE_PIECES = ["A", "b", ".", " ", "  ", "Mr", "U.S", "J", "(", "“", "”", '"', "!", "?", "…", "1", "Smith"]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_SENTENCE_PIECES), max_size=16).map("".join))
def test_sentences_split_as_before(text: str) -> None:
    assert split_sentences(text) == _split_sentences_by_copying(text)


# --------------------------------------------------------------------------- long lines: slices, budget


# the whole-line versions the sliced and streamed ones replace (one substitution over the line)
def _collapse_whole(text: str) -> str:
    from transforms.text import _SPACE_RE

    return _SPACE_RE.sub(" ", text).strip()


def _ends_sentence_whole(line: str) -> bool:
    from transforms.text import CLOSING_CHARS, SENTENCE_END_CHARS

    stripped = line.rstrip().rstrip(CLOSING_CHARS)
    return bool(stripped) and stripped[-1] in SENTENCE_END_CHARS


def _repair_whole(text: str) -> str:
    from transforms.text import (
        _CAPITALISED_WORD_RE,
        _DOMAIN_AFTER_RE,
        _GLUED_RE,
        DOMAIN_SUFFIXES,
        _urlish_spans,
    )

    def repair_plain(plain: str) -> str:
        def fix(match: re.Match[str]) -> str:
            word = _CAPITALISED_WORD_RE.match(plain, match.end())
            is_domain = _DOMAIN_AFTER_RE.match(plain, match.end()) or (
                word is not None and word.group(0).lower() in DOMAIN_SUFFIXES and match.group(1) == "."
            )
            return match.group(0) if is_domain else match.group(0) + " "

        return _GLUED_RE.sub(fix, plain)

    out, last = [], 0
    for start, end in _urlish_spans(text):
        out += [repair_plain(text[last:start]), text[start:end]]
        last = end
    return "".join([*out, repair_plain(text[last:])])


_LONG_LINE_PIECES = [
    " ", "  ", "\t", "\u00a0", "\u3000", "\n", "\x1c", "\x85", "a", "ab", "Cd", "Next", "B", "1", ".", "!", "?",
    "…", '"', "”", "’", ")", "]", "%", ",", "Com", ".com", "Orbitline", "www.", "http://", "@", "x", "e.g.", "U.S.",
]  # fmt: skip


@settings(max_examples=600, deadline=None)
@given(
    st.lists(st.sampled_from(_LONG_LINE_PIECES), max_size=40).map("".join),
    st.integers(min_value=1, max_value=6),
    st.integers(min_value=1, max_value=3),
)
def test_sliced_and_streamed_functions_give_what_the_whole_line_gave(
    text: str, slice_chars: int, pieces: int
):
    """Tiny slices and joins, so that slice boundaries fall inside runs of spaces, glued sentence
    ends, domains and URLs: the output must not change."""
    from transforms import text as module

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(module, "LINE_SLICE_CHARS", slice_chars)
        patch.setattr(module, "PIECES_PER_JOIN", pieces)
        assert collapse_spaces(text) == _collapse_whole(text)
        assert ends_sentence(text) is _ends_sentence_whole(text)
        assert repair_glued_sentences(text) == _repair_whole(text)
        assert repair_glued_sentences(collapse_spaces(text)) == _repair_whole(_collapse_whole(text))
        assert split_sentences(text) == _split_sentences_by_copying(text)
        assert comparable(text) == " ".join(text.split()).casefold()


def test_a_long_line_is_sliced_where_the_rules_say():
    """Lines longer than a slice, at the real slice size, against the whole-line rules."""
    from transforms.text import LINE_SLICE_CHARS

    for unit in [
        "ab  cd  ",
        "a\t\u00a0b ",
        "Word end.Next ",
        "see www.x.Com/A.Bc mail a@b.Cd http://y.Org.Next ",
    ]:
        line = unit * (3 * LINE_SLICE_CHARS // len(unit) + 7)
        assert collapse_spaces(line) == _collapse_whole(line)
        assert repair_glued_sentences(line) == _repair_whole(line)
        assert ends_sentence(line + ")" * LINE_SLICE_CHARS + "  ") is _ends_sentence_whole(line)
    spaces = "x" + " " * (2 * LINE_SLICE_CHARS) + "y" + "\t" * LINE_SLICE_CHARS
    assert collapse_spaces(spaces) == "x y"


_TWENTY_MIB = 20 * 1024 * 1024


@pytest.mark.parametrize(
    ("unit", "function"),
    [
        ("Word end.Next ", repair_glued_sentences),
        ("ab.Cd", repair_glued_sentences),
        ("ab  cd  ", collapse_spaces),
    ],
)
def test_a_20_mib_line_stops_within_its_budget(unit, function):
    """One function call on one line was one step that no deadline check could interrupt: the
    glue repair of 20 MiB of "Word end.Next " ran for seconds past its budget."""
    from transforms.budget import ParseTimeout, time_budget

    line = unit * (_TWENTY_MIB // len(unit))
    budget_seconds = 0.3
    started = time.monotonic()
    with pytest.raises(ParseTimeout), time_budget(budget_seconds):
        function(line)
    # within about 2x the budget + 1 s, with a margin for a shared machine: the last step may be
    # one whole-line scan in C (the URL prefix search reads a 20 MiB word in ~0.7 s); without the
    # checks these calls ran 1 s (collapse, finishing: no timeout) to 11 s (one 20 MiB word)
    assert time.monotonic() - started < 2 * budget_seconds + 2.0


def test_a_20_mib_glued_line_stops_the_parse_within_its_budget():
    from transforms.article import parse_article
    from transforms.budget import ParseTimeout, time_budget

    unit = "Word end.Next "
    raw = "Title\n" + unit * (_TWENTY_MIB // len(unit)) + "\nOther line.\n"
    budget_seconds = 1.0
    started = time.monotonic()
    with pytest.raises(ParseTimeout), time_budget(budget_seconds):
        parse_article(raw)
    assert time.monotonic() - started < 2 * budget_seconds + 1.5  # without the checks: 5.5 s
