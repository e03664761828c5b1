from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from news_etl.transforms.text import (
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
    from news_etl.transforms.text import _urlish_spans

    assert list(_urlish_spans(text)) == [m.span() for m in _URLISH_PATTERN.finditer(text)]


def _split_sentences_by_copying(text: str) -> list[str]:
    """split_sentences as it was written before it read candidates in place (quadratic)."""
    from news_etl.transforms.text import _SENTENCE_SPLIT_RE, ABBREVIATIONS, CLOSING_CHARS

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
