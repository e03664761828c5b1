"""Where a speaker's noun phrase begins and ends: titles, owners, asides.

The quote extractor reads a speaker backwards from its cue and the resolver strips titles from
it; these tests cover the boundaries that went wrong: role or trade words written before a name
(``Organiser Lakeside Events``), which :mod:`news_etl.transforms.speakers` strips. Every sentence
is invented for these tests.
"""

from __future__ import annotations

import pytest

from news_etl.schemas import Quote
from news_etl.transforms.quotes import extract_quotes


def _quotes(text: str) -> list[tuple[str | None, str | None, str | None, str]]:
    return [(q.speaker, q.speaker_resolved, q.cue, q.quote_text) for q in extract_quotes(text)]


def _holding(text: str, needle: str) -> Quote:
    hits = [q for q in extract_quotes(text) if needle in q.quote_text]
    assert len(hits) == 1, _quotes(text)
    return hits[0]


# --------------------------------------------------------------------------- titles before a name


@pytest.mark.parametrize(
    ("text", "resolved"),
    [
        ("Organiser Lakeside Events said more bands would be named for the summer.", "Lakeside Events"),
        ("Promoter Ola Berg said more bands would be named for the summer.", "Ola Berg"),
        ("Referee Ola Berg said more bands would be named for the summer.", "Ola Berg"),
        ("Agent Ola Berg said more bands would be named for the summer.", "Ola Berg"),
        ("Backbencher Ola Berg said more bands would be named for the summer.", "Ola Berg"),
        ("Keeper Ola Berg said more bands would be named for the summer.", "Ola Berg"),
    ],
)
def test_a_role_or_trade_before_a_name_is_not_part_of_it(text: str, resolved: str) -> None:
    assert _holding(text, "more bands").speaker_resolved == resolved


def test_a_role_word_alone_names_nobody() -> None:
    """Near miss: with no name after it the role resolves to nobody (no one was introduced)."""
    assert (
        _holding(
            "The organiser said more bands would be named for the summer.", "more bands"
        ).speaker_resolved
        is None
    )
