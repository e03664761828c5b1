from __future__ import annotations

import pytest

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
