"""Tests for transforms.speakers.patterns: the colon-led searches for transcript turns and for the
marks that give the floor find what their patterns find over the whole text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.speakers.patterns import _FLOOR_RE, _TURN_RE, _TURN_WORDS, floor_marks, turn_labels

#: the pieces of a transcript: words a label may hold (capitalised, with marks, "of", "the"),
#: words it may not (lower case, digits), a capital inside a word, colons with and without white
#: space after them, and the white space and punctuation between
_PIECES = st.sampled_from(
    [
        "Jo",
        "Doe",
        "O'Neill",
        "St.",
        "Jean-Luc",
        "of",
        "the",
        "said",
        "fooBar",
        "2004",
        "Élise",
        ":",
        ": ",
        ":\n",
        "10:30",
        " ",
        "  ",
        "\n",
        "\t",
        ",",
        ". ",
        "(",
        ")",
        "<…> ",
        "\u00a0",
    ]
)


def _spans(matches: object) -> list[tuple[int, int]]:
    return [m.span() for m in matches]  # type: ignore[attr-defined]


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=60))
def test_turn_labels_are_what_the_pattern_finds_in_the_whole_text(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert _spans(turn_labels(text)) == _spans(_TURN_RE.finditer(text))


def test_a_label_of_the_most_words_is_found_and_one_more_word_is_left_out() -> None:
    label = " ".join(["Jo"] * _TURN_WORDS)
    text = f"Intro.\n{label}: Hello.\nBy {label}: Bye."
    found = _spans(turn_labels(text))
    assert found == _spans(_TURN_RE.finditer(text))
    assert text[found[0][0] : found[0][1]] == label
    assert text[found[1][0] : found[1][1]] == label  # the pattern's own start: "By" is left out


def test_a_label_that_begins_inside_a_word_is_found_as_the_pattern_finds_it() -> None:
    text = "fooBar Doe: yes. Moderator: next: question"
    assert _spans(turn_labels(text)) == _spans(_TURN_RE.finditer(text))
    assert [text[a:b] for a, b in _spans(turn_labels(text))] == ["Bar Doe", "Moderator"]


def test_no_colon_followed_by_white_space_no_label() -> None:
    assert list(turn_labels("Jo Doe:Hello at 10:30 Jo Doe")) == []


#: the pieces of the floor marks: "Mr Doe." and its forms, elisions, colon marks that overlap
#: (``): : ``), and the glue between
_FLOOR_PIECES = st.sampled_from(
    [
        "Mr",
        "Mrs",
        "Ms.",
        "Madam",
        "M",
        " ",
        "Doe",
        "Élise",
        ".",
        ":",
        " :",
        "):",
        ")",
        "<…>",
        "<...>",
        "<",
        ">",
        "\n",
        "\t",
        "x",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_FLOOR_PIECES, max_size=60))
def test_floor_marks_are_what_the_pattern_finds_in_the_whole_text(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert floor_marks(text) == _spans(_FLOOR_RE.finditer(text))


def test_overlapping_colon_marks_are_taken_as_the_pattern_takes_them() -> None:
    text = "(x): : : Mr Doe. <…> Q : A"
    assert floor_marks(text) == _spans(_FLOOR_RE.finditer(text))
    assert [text[a:b] for a, b in floor_marks(text)] == ["): ", " : ", "Mr Doe.", "<…>", " : "]
