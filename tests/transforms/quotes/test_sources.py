"""Tests for transforms.quotes.sources: which raw speakers are sources (``is_source_mention``,
``is_fragment_mention``), and speakers read in an extraction that are fragments or sources.

Moved from tests/transforms/quotes/test_validity.py, which covers the rest of the validity rules.
The snippets are fictional news written for these tests.
"""

from __future__ import annotations

import pytest

from tests.helpers import only_quote
from transforms.quotes import (
    NOT_SOURCE_FIRST,
    NOT_SOURCE_LAST,
    PERSON_NOUN_SUFFIXES,
    SOURCE_NOUNS,
    SOURCE_PRONOUNS,
    extract_quotes,
    is_fragment_mention,
    is_source_mention,
)

# --------------------------------------------------------------------------- is_source_mention


@pytest.mark.parametrize(
    "mention",
    [
        "Mr Halvorsen",  # a name
        "Jo-Ann Berg",
        "the ferry company",  # an organisation (head "company")
        "the Harbour Board",
        "she",  # a pronoun
        "who",
        "the minister",  # a role
        "a spokesman for the author",  # the head is before the preposition
        "Berg, a spokesman for the board,",  # a name with an apposition
        "Sen. Jo Doe (D-Ore.)",  # abbreviations and initials end no sentence
        "Lt. Gen. Jo Doe",
        "officials",  # a group of people
        "ferry campaigners",  # a person noun by its ending
        "one in four",
        "63 percent",
        "2,000 residents",
        "the report",  # a document that records a view
        "polls",
        "The 33-year-old",
        "Italy",  # names in -ly are no adverbs
        "Desailly",
        "Kelly",
    ],
)
def test_noun_phrases_that_can_be_sources(mention: str) -> None:
    assert is_source_mention(mention)


@pytest.mark.parametrize(
    "mention",
    [
        "-",  # punctuation only
        "000",  # a number without a noun
        "000 hours of",  # ends with a preposition
        "Among sweeteners",  # starts with a preposition
        "Harbour. We",  # spans a sentence end
        "scotch",  # a lower-case verb
        "dismissed",
        "instantly",  # an adverb
        "very much",
        "A broken ankle",  # a thing
        "Recent storms",
        "the",  # a determiner alone
        "Significantly",  # a sentence adverb, whatever its case
        "Interestingly",
        "Crucially",
    ],
)
def test_fragments_and_things_are_not_sources(mention: str) -> None:
    assert not is_source_mention(mention)


@pytest.mark.parametrize(
    "mention",
    [
        "-",
        "000 hours of",
        "Among sweeteners",
        "Harbour. We",
        "the",
        "last year",
        "Monday",
        "steadfastly",
        "don't",
    ],
)
def test_fragments_are_not_noun_phrases(mention: str) -> None:
    assert is_fragment_mention(mention)


@pytest.mark.parametrize("mention", ["A broken ankle", "scotch", "Mr. Berg", "the ferry company"])
def test_noun_phrases_are_no_fragments(mention: str) -> None:
    assert not is_fragment_mention(mention)


@pytest.mark.parametrize("noun", sorted(SOURCE_NOUNS))
def test_every_source_noun_heads_a_source(noun: str) -> None:
    assert noun == noun.lower() and " " not in noun
    assert is_source_mention(f"the {noun}")
    assert is_source_mention(f"the {noun} of the harbour")  # the head is before the preposition


@pytest.mark.parametrize("pronoun", sorted(SOURCE_PRONOUNS))
def test_every_source_pronoun_is_a_source(pronoun: str) -> None:
    assert is_source_mention(pronoun)


@pytest.mark.parametrize("suffix", PERSON_NOUN_SUFFIXES)
def test_every_person_ending_makes_a_source(suffix: str) -> None:
    assert is_source_mention(f"the harbour{suffix}")
    assert not is_source_mention(f"the harbour{suffix}x")


@pytest.mark.parametrize("word", sorted(NOT_SOURCE_FIRST))
def test_no_source_starts_with_a_preposition_or_conjunction(word: str) -> None:
    assert is_source_mention("ferry officials")
    assert not is_source_mention(f"{word} ferry officials")
    assert not is_source_mention(f"{word.capitalize()} ferry officials")


@pytest.mark.parametrize("word", sorted(NOT_SOURCE_LAST))
def test_no_source_ends_with_a_preposition_conjunction_or_determiner(word: str) -> None:
    assert not is_source_mention(f"ferry officials {word}")


def test_a_long_mention_is_read_in_linear_time() -> None:
    assert not is_source_mention("a" * 400_000 + ". We")
    assert is_source_mention("Jo " + "A. " * 100_000 + "Berg")


# --------------------------------------------------------------------------- speakers in sentences


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # the subject before a participle clause, not the name inside it
        (
            "Mr Halvorsen, elected mayor after Mr Berg was ousted, has urged the board to act quickly.",
            "Mr Halvorsen",
        ),
        # a place after a preposition belongs to the apposition
        (
            "Mr Halvorsen, MP for Tromso North, Norway, said he feared the ferry would be sold.",
            "Mr Halvorsen, MP for Tromso North, Norway,",
        ),
        # adverbs between speaker and cue are skipped
        ("Halvorsen strongly suggested that the ferry had been sold.", "Halvorsen"),
        ("I very much hope that the ferry will sail again next week.", "I"),
        ("His aides haven't said whether the ferry will be sold.", "His aides"),
        # an inverted attribution with lower-case words before the name
        (
            "Riders spent more on fares than ever last year, said ferry analyst Nordtrafikk.",
            "ferry analyst Nordtrafikk",
        ),
        # "quoted X as saying": the one quoted speaks
        (
            "“The ferry will not sail,” the local paper quoted a harbour official as saying.",
            "a harbour official",
        ),
        # a relative pronoun is a source (resolved elsewhere)
        ("Berg, who said he would stay on, told staff the ferry was safe.", "who"),
        # after a sentence end, only the new sentence's subject
        ("We love our harbour. We believe that the ferry will sail again.", "We"),
    ],
)
def test_speakers_are_whole_noun_phrases(text: str, speaker: str) -> None:
    quotes = extract_quotes(text)
    assert quotes, text
    assert quotes[0].speaker == speaker


@pytest.mark.parametrize(
    "text",
    [
        "Halvorsen has moved to scotch claims that the ferry will be sold this summer.",
        "Among sweeteners reported to have been discussed was a cut in harbour fees for fishermen.",
        "Riders can choose from 10,000 hours of shows and films on the new ferry service.",
    ],
)
def test_a_fragment_is_never_a_speaker(text: str) -> None:
    for q in extract_quotes(text):
        assert q.speaker is None or is_source_mention(q.speaker), (q.speaker, q.cue)


def test_a_dash_before_a_participle_cue_leaves_the_subject_as_speaker() -> None:
    q = only_quote("The ferry crews are furious - arguing that the new timetable is unsafe.")
    assert (q.speaker, q.cue) == ("The ferry crews", "arguing")


def test_a_misread_speaker_is_dropped_and_the_report_kept() -> None:
    # "interviewed" is no source, but "said" still reports
    q = only_quote("All the ferry captains I interviewed said the new timetable was unsafe.")
    assert q.cue == "said" and q.speaker is None


def test_a_first_person_subject_outside_quotation_marks_is_not_an_orphan_quote_speaker() -> None:
    text = (
        "“The crossing was rough,” Halvorsen said.\n\n"
        "I saw the crew do “a great job in the storm this week, every one of them.”"
    )
    q = [q for q in extract_quotes(text) if "great job" in q.quote_text]
    assert len(q) == 1
    assert q[0].speaker == "Halvorsen"
