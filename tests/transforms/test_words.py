from __future__ import annotations

import random

import pytest

from transforms import text
from transforms.words import (
    WORD_SLICE_CHARS,
    comparable,
    comparable_digest,
    count_words,
    word_slices,
)

PIECES = [
    "Word",
    "ΟΔΟΣ",
    "İstanbul",
    "straße",
    "x",
    "“quoted”",
    "\u00a0",
    " ",
    "  ",
    "\n",
    "\t",
    "\u3000",
    "\u2029",
]


def random_text(seed: int, chars: int) -> str:
    rng = random.Random(seed)
    out: list[str] = []
    size = 0
    while size < chars:
        piece = rng.choice(PIECES)
        out.append(piece)
        size += len(piece)
    return "".join(out)


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("slice_chars", [1, 7, 64])
def test_slices_partition_the_text_and_never_cut_a_word(seed, slice_chars):
    sample = random_text(seed, 2000)
    slices = list(word_slices(sample, slice_chars))
    assert "".join(slices) == sample
    assert [word for piece in slices for word in piece.split()] == sample.split()


@pytest.mark.parametrize("chars", [0, 10, WORD_SLICE_CHARS + 1, 3 * WORD_SLICE_CHARS])
def test_count_words_and_comparable_equal_the_whole_text_answers(chars):
    sample = random_text(chars, chars) if chars else ""
    assert count_words(sample) == len(sample.split())
    assert comparable(sample) == text.comparable(sample)
    assert comparable_digest(sample) == comparable_digest(text.comparable(sample))


def test_count_words_stops_at_at_most():
    long_line = "word " * (3 * WORD_SLICE_CHARS)
    assert count_words(long_line, at_most=40) == 40
    assert count_words("a b c", at_most=40) == 3
    assert count_words("a b c d", at_most=2) == 2


def test_one_word_longer_than_a_slice_is_one_slice():
    word = "x" * (2 * WORD_SLICE_CHARS)
    assert list(word_slices(f"{word} tail")) == [word, " tail"]
    assert count_words(f"{word} tail") == 2


def test_the_digest_tells_comparable_forms_apart():
    assert comparable_digest("The  Talks\ncontinue") == comparable_digest("the talks continue ")
    assert comparable_digest("the talks continue") != comparable_digest("the talks continued")
    assert comparable_digest("ab c") != comparable_digest("a bc")


@pytest.mark.parametrize("at_most", [0, 1, 2, 5, 40])
def test_count_words_up_to_at_most_is_the_whole_count_cut_there(at_most):
    """``count_words(text, at_most=n)`` splits at most ``n`` times; the answer is still
    ``min(len(text.split()), n)``, white space of every kind and at both ends included."""
    import random

    rng = random.Random(at_most)
    alphabet = ["a", "bc", " ", "  ", "\n", "\t", "\u00a0", "\u2003", "\x1c", "\u3000", "é"]
    for _ in range(3000):
        sample = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        assert count_words(sample, at_most=at_most) == min(len(sample.split()), at_most), repr(sample)
