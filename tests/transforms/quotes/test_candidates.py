"""Tests for transforms.quotes.candidates: the readings around a learned cue (speaker, cue,
content), each with a case it must refuse, on sentences written for these tests and a small
automaton of cues chosen here (not the shipped model's)."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.quotes.candidates import (
    MAX_CANDIDATE_CUES,
    Candidate,
    cue_automaton,
    cue_hits,
    lowered,
    normal_cue,
    read_candidates,
)

CUES = (
    "railed against",
    "praised",
    "the question of",
    "support for",
    "according to",
    "is expected",
    "warned",
    "noted",
    "demonstrates",
    "negotiated",
    "didn't know",
)
AUTOMATON = cue_automaton(CUES)


def readings(text: str) -> list[tuple[str, str, str, str, bool, bool]]:
    """Each candidate as (cue, speaker, cue as written, content, before, clause_end)."""
    return [
        (
            c.cue,
            text[c.speaker_start : c.speaker_end],
            text[c.cue_start : c.cue_end],
            text[c.content_start : c.content_end],
            c.before,
            c.clause_end,
        )
        for c in read_candidates(text, AUTOMATON)
    ]


# ------------------------------------------------------------------ the readings


def test_content_runs_to_the_sentence_end_and_to_the_first_clause_mark() -> None:
    text = "The mayor railed against the new tolls, which she called unfair. Then she left."
    [whole, clause] = read_candidates(text, AUTOMATON)
    assert (whole.cue, text[whole.cue_start : whole.cue_end]) == ("railed against", "railed against")
    assert (whole.speaker_start, whole.speaker_end) == (0, 9)  # "The mayor"
    assert text[whole.content_start : whole.content_end] == "the new tolls, which she called unfair"
    assert (whole.before, whole.clause_end) == (False, False)
    assert text[whole.sentence_start : whole.sentence_end] == text[: text.index(". Then")]
    assert text[clause.content_start : clause.content_end] == "the new tolls"
    assert (clause.before, clause.clause_end) == (False, True)
    # without a clause mark there is one reading only
    assert readings("The mayor railed against the new tolls.") == [
        ("railed against", "The mayor", "railed against", "the new tolls", False, False)
    ]


def test_the_cue_may_close_the_sentence_with_its_content_before_it() -> None:
    assert readings("Fares will rise, the harbour board warned.") == [
        ("warned", "the harbour board", "warned", "Fares will rise", True, False)
    ]
    # a content after the cue's comma does not hide the one before it
    assert readings("Fares will rise, the harbour board warned, citing fuel costs.") == [
        ("warned", "the harbour board", "warned", "citing fuel costs", False, False),
        ("warned", "the harbour board", "warned", "Fares will rise", True, False),
    ]
    # negative: no comma before the speaker, no "before" reading
    assert readings("The harbour board warned.") == []


def test_noun_cues_read_like_verb_cues() -> None:
    assert readings("The union's support for a longer strike, its leaders said, is firm.") == [
        (
            "support for",
            "The union's",
            "support for",
            "a longer strike, its leaders said, is firm",
            False,
            False,
        ),
        ("support for", "The union's", "support for", "a longer strike", False, True),
    ]
    # a verb before the noun cue is no speaker (is_source_mention): no candidate
    assert readings("The union voiced support for a longer strike.") == []


def test_according_to_has_no_speaker_before_it_so_no_candidate() -> None:
    """An ``according to`` that opens its sentence, or follows a comma, has nothing before it to
    read as the speaker: it is no candidate (the source is after the cue, which this module does
    not read)."""
    assert readings("According to the filing, the firm owes millions.") == []
    assert readings("The firm owes millions, according to the filing.") == []


def test_a_passive_cue_has_its_subject_as_speaker() -> None:
    assert readings("The minister is expected to resign on Friday.") == [
        ("is expected", "The minister", "is expected", "to resign on Friday", False, False)
    ]


def test_a_sentence_does_not_end_at_an_abbreviation() -> None:
    text = "Harbour chief Mr. Doe praised the plan. Mr. Roe did not."
    [cand] = read_candidates(text, AUTOMATON)
    assert cand.sentence_start == 0
    assert text[cand.speaker_start : cand.speaker_end] == "Harbour chief Mr. Doe"
    assert text[cand.content_start : cand.content_end] == "the plan"
    assert readings("The board praised Mr. Doe for the plan.") == [
        ("praised", "The board", "praised", "Mr. Doe for the plan", False, False)
    ]


def test_a_cue_written_with_a_curly_apostrophe_is_found_by_its_straight_key() -> None:
    assert readings("Doe didn’t know the bridge was closed.") == [
        ("didn't know", "Doe", "didn’t know", "the bridge was closed", False, False)
    ]
    assert readings("Doe didn't know the bridge was closed.")[0][2] == "didn't know"


# ------------------------------------------------------------------ what is not a candidate


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("Doe said “the mayor praised the plan” on Monday.", "the cue is inside a quotation"),
        ('Doe said "the mayor praised the plan" on Monday.', "the cue is inside a quotation"),
        ("The mayor praised the “bold” plan.", "the content holds a quotation mark"),
        ("This demonstrates that the tolls are unfair.", "the speaker is a thing pronoun"),
        ("The board noted: fares will rise.", "a cue followed by a colon is a label"),
        ("We negotiated that hurdle calmly.", "a demonstrative that follows the cue"),
        ("The critic appraised the painting.", "the cue is part of a longer word"),
        ("The lawyer met Doe, who praised the plan.", "no speaker: the clause opens at 'who'"),
        ("Praised the plan loudly.", "no speaker: the cue opens the sentence"),
    ],
)
def test_no_candidate(text: str, why: str) -> None:
    assert read_candidates(text, AUTOMATON) == [], why


@pytest.mark.parametrize(
    "text",
    [
        "Doe said the mayor praised the plan on Monday.",
        "The board noted fares will rise.",
        "This board demonstrates that the tolls are unfair.",
        "We negotiated that the fares stay low.",
    ],
)
def test_the_negatives_positive_twins_are_candidates(text: str) -> None:
    """Each refusal above is the refusal's doing: the same sentence without it is read."""
    assert read_candidates(text, AUTOMATON)


def test_a_cue_inside_a_longer_word_is_no_hit() -> None:
    for text in ("The critic appraised it.", "Unpraised, it sank.", "praisedly", "the question ofx"):
        assert cue_hits(text, lowered(text), AUTOMATON) == []


# ------------------------------------------------------------------ any text


_PIECES = st.sampled_from(
    [*CUES, "Didn’t know", "Doe", "Mr.", "the board", "that", "İstanbul", "ǅ", " ", "  ", "\n", "\n\n",
     ",", ", ", ".", ". ", "!", "?", ":", ";", "(", ")", "—", "–", "-", "'", "’", "“", "”", '"', "…",
     "He", "it", "This", "who", "and", "1999"]
)  # fmt: skip


def _check(text: str, cand: Candidate) -> None:
    n = len(text)
    assert 0 <= cand.sentence_start <= cand.sentence_end <= n
    assert cand.sentence_start <= cand.speaker_start < cand.speaker_end <= cand.cue_start < cand.cue_end
    assert cand.sentence_start <= cand.content_start < cand.content_end <= cand.sentence_end
    if cand.before:
        assert cand.content_end <= cand.speaker_start
    else:
        assert cand.cue_end <= cand.content_start
    assert normal_cue(text[cand.cue_start : cand.cue_end]) == cand.cue
    content = text[cand.content_start : cand.content_end]
    assert content == content.strip() and not set(content) & set('“”"')


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_every_candidate_lies_inside_its_text(text: str) -> None:
    for cand in read_candidates(text, AUTOMATON):
        _check(text, cand)


@pytest.mark.parametrize(
    "unit",
    [
        "The mayor praised the plan, and Doe noted the tolls. ",
        "praised ",  # no sentence end, no speaker: every look is bounded
        "Doe “praised ",  # an open quotation that never closes
    ],
)
def test_a_megabyte_of_cues_is_read_in_bounded_time(unit: str) -> None:
    text = unit * (1_000_000 // len(unit))
    start = time.perf_counter()
    hits = cue_hits(text, lowered(text), AUTOMATON)
    cands = read_candidates(text, AUTOMATON)
    seconds = time.perf_counter() - start
    assert len(hits) <= MAX_CANDIDATE_CUES
    assert len(cands) <= 3 * MAX_CANDIDATE_CUES  # at most three readings a cue
    assert seconds < 10, seconds
    for cand in cands:
        _check(text, cand)
