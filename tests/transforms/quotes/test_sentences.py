"""Tests for transforms.quotes.sentences: the short cut of ``_is_abbreviation`` for a word of
letters after a space answers what the full reading of the word before the dot answers; a
paragraph's sentence ends read from the whole text's scan (:class:`SentenceEnds`) are those a
scan of the paragraph alone finds."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.quotes.sentences import _BOUNDARY_RE, SentenceEnds, _ends_line, _is_abbreviation
from transforms.quotes.words import ABBREVIATIONS


def _is_abbreviation_read_whole(text: str, dot: int, floor: int) -> bool:
    """``_is_abbreviation`` as it was before the short cut: the reference."""
    if text[dot] != ".":
        return False
    if dot - 7 >= floor and text[dot - 7 : dot].isalpha():
        return False
    near = dot - 24 if dot - 24 > floor else floor
    chunk = text[near:dot]
    if not chunk or chunk[-1].isspace():
        return False
    tail = chunk.rsplit(None, 1)[-1]
    if len(tail) < len(chunk) or near == floor:
        if "(" in tail or '"' in tail or "“" in tail:
            tail = tail[max(tail.rfind("("), tail.rfind('"'), tail.rfind("“")) + 1 :]
        word = tail.lower()
    else:
        i = dot
        while i > floor and not text[i - 1].isspace() and text[i - 1] not in '("“':
            i -= 1
        word = text[i:dot].lower()
    if not word:
        return False
    return word in ABBREVIATIONS or (len(word) == 1 and word.isalpha()) or ("." in word and len(word) <= 4)


_ABBREVIATIONS = sorted(ABBREVIATIONS)


@pytest.mark.parametrize(
    "before",
    ["Mr", "he said", "the U.S", "(Sen", "“Gov", "x", "a J", "Élysée", "at 10", "Mr\u00a0Doe", "  ", "a" * 30]
    + [f"with {a.title()}" for a in _ABBREVIATIONS]
    + [f"with {a}" for a in _ABBREVIATIONS],
)
def test_a_dot_after_these_words_reads_as_before(before: str) -> None:
    text = before + ". Next"
    dot = len(before)
    for floor in range(dot + 1):
        assert _is_abbreviation(text, dot, floor) == _is_abbreviation_read_whole(text, dot, floor)


_PIECES = st.sampled_from(
    ["Mr", "said", "U.S", "e.g", "J", "(", "“", '"', " ", "  ", "\u00a0", "\n", "ab", "Élise"]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, min_size=1, max_size=20), st.integers(min_value=0, max_value=60))
def test_any_dot_reads_as_before(pieces: list[str], floor: int) -> None:
    text = "".join(pieces) + ". Next"
    dot = text.rindex(". Next")
    floor = min(floor, dot)
    assert _is_abbreviation(text, dot, floor) == _is_abbreviation_read_whole(text, dot, floor)


def _paragraph_ends(text: str, ends: SentenceEnds, p_start: int, p_end: int) -> list[tuple[int, int]]:
    """The marks of ``ends`` in a paragraph that ``_sentences`` reads as ends there."""
    return [(a, b) for a, b in ends.marks if p_start <= a < p_end and not _ends_line(text, b, p_end)]


def _lines(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for line in text.split("\n"):
        if line:
            spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def test_a_mark_whose_capital_is_on_the_next_line_ends_no_sentence_of_its_paragraph() -> None:
    text = "Doe said so.”  \n\nThe bridge is late. It opens in May."
    ends = SentenceEnds(text)
    first, second = _lines(text)
    assert ends.marks[0] == (11, 13)  # the whole text's scan sees the capital after the line break
    assert _paragraph_ends(text, ends, *first) == []
    assert _paragraph_ends(text, ends, *second) == [m.span() for m in _BOUNDARY_RE.finditer(text, *second)]


_TEXT_PIECES = st.sampled_from(
    [
        "Mr",
        "A",
        "x",
        "7",
        " ",
        "  ",
        "\t",
        "\u2028",
        "\x85",
        "\n",
        "\n\n",
        ".",
        "!",
        "?",
        "…",
        "”",
        "’",
        ")",
        "“",
        "(",
        "'",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_TEXT_PIECES, max_size=40))
def test_a_paragraphs_ends_are_those_of_its_own_scan(pieces: list[str]) -> None:
    text = "".join(pieces)
    ends = SentenceEnds(text)
    for p_start, p_end in _lines(text):
        own = [m.span() for m in _BOUNDARY_RE.finditer(text, p_start, p_end)]
        assert _paragraph_ends(text, ends, p_start, p_end) == own
