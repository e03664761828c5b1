"""Tests for transforms.quotes.frames: the frame readers, one contract, tried in their order."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from transforms.quotes import REPORTING_CUES, extract_quotes
from transforms.quotes.cue_reading import NO_REPORT, CueReading
from transforms.quotes.cues import NOUN_CUES
from transforms.quotes.frames import FRAME_READERS

#: (sentence, cue word, the reader that answers first, whether it answers with a frame)
_FIRST_ANSWERS = [
    ("The bridge is safe, according to the ministry of transport.", "according", "_read_according", True),
    ("Doe’s claim that the new bridge is safe was wrong.", "claim", "_read_noun_cue", True),
    ("Doe asked whether the new bridge over the river is safe.", "asked", "_read_question", True),
    ("Jones added four conversions in the second half.", "added", "_read_not_a_report", False),
    (
        "Doe left early, calling the plan a farce and a waste.",
        "calling",
        "_read_participle_after_comma",
        True,
    ),
    ("The board is expected to approve the plan on Monday.", "expected", "_read_raising", True),
    ("Games are big business, the paper quoted Mr Chernin as saying.", "saying", "_read_quoted_as", True),
    (
        "The bishop wrote to all three parties urging them to act now.",
        "urging",
        "_read_participle_after_object",
        True,
    ),
    ("Let's say there is a shooter in the building.", "say", "_read_not_the_speakers_report", False),
    ("Makei stressed that Belarus opposes the expansion.", "stressed", "_read_speaker_first", True),
    ("The new bridge over the river is safe, said the minister.", "said", "_read_inverted", True),
    ("Doe praised Roe and said the new bridge is safe.", "said", "_read_subject", True),
]


@pytest.mark.parametrize(("text", "cue", "reader", "frame"), _FIRST_ANSWERS)
def test_the_first_reader_that_answers_wins(
    text: str, cue: str, reader: str, frame: bool, cue_reading: Callable[[str, str], CueReading]
) -> None:
    reading = cue_reading(text, cue)
    answers = [(r.__name__, r(reading)) for r in FRAME_READERS]
    first = next((name, answer) for name, answer in answers if answer is not None)
    assert first[0] == reader
    assert (first[1] is not NO_REPORT) == frame


def test_every_reader_answers_first_somewhere() -> None:
    assert [r.__name__ for r in FRAME_READERS] == [reader for _, _, reader, _ in _FIRST_ANSWERS]


def test_a_reader_that_does_not_know_the_construction_answers_none(
    cue_reading: Callable[[str, str], CueReading],
) -> None:
    reading = cue_reading("Makei stressed that Belarus opposes the expansion.", "stressed")
    assert [r.__name__ for r in FRAME_READERS if r(reading) is not None] == ["_read_speaker_first"]


def test_precedence_decides_the_frame() -> None:
    """``…, according to X`` wins over the cue inside its content (a sentence-level reading first)."""
    quotes = extract_quotes("Doe said the bridge is safe, according to the ministry of transport.")
    assert [q.cue for q in quotes] == ["according to"]


_READER_SENTENCES = [text for text, *_ in _FIRST_ANSWERS] + [
    "“We will not go,” Doe said, adding that the bridge was safe.",
    "The ministry, according to Doe, asked whether the claims were true.",
    "Roe, saying the plan would fail, argued that the board is expected to resign.",
]


@pytest.mark.parametrize("word", sorted({f for fs in REPORTING_CUES.values() for f in fs} | NOUN_CUES))
def test_a_reader_left_out_for_a_cue_word_answers_nothing_for_it(word: str) -> None:
    """_readers_for leaves out only readers whose own first test of the word fails: asked, each
    answers None for every sentence written with that word as its cue."""
    from transforms.quotes.frames import _readers_for

    left_out = [r for r in FRAME_READERS if r not in _readers_for(word)]
    for text in (
        f"Doe {word} that the new bridge over the river is safe.",
        f"The new bridge is safe, Doe {word}, and the river is low.",
        f"Doe left early, {word} the plan a farce and a waste.",
    ):
        at = text.index(f" {word}") + 1
        cue = (at, at + len(word))
        for reader in left_out:
            reading = CueReading(text, 0, len(text), [], [cue], 0, cue, word)
            assert reader(reading) is None, (reader.__name__, text)


@pytest.mark.parametrize("text", _READER_SENTENCES)
def test_asking_only_the_readers_of_the_word_finds_the_same_quotes(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from transforms.quotes import frames

    fast = extract_quotes(text)
    monkeypatch.setattr(frames, "_readers_for", lambda word: FRAME_READERS)
    assert fast == extract_quotes(text)


def test_a_source_cut_to_no_word_is_no_frame():
    # the source of the first "according to" is cut at the comma before any word: no report, no crash
    assert extract_quotes("according to according to. ") == []
    assert extract_quotes("According to , the bridge over the river is safe and sound.") == []


#: what may stand between two cues in the sentences below
_CUE_JOINS = (" ", ". ", ", ", ": ", ' "', '" ', " that ")


@pytest.mark.parametrize("join", _CUE_JOINS)
def test_no_cue_repeated_against_itself_breaks_the_extractor(join):
    """Every cue form of the lexicon twice in a row, with nothing else to read: each frame reader
    must find no source rather than index past an empty span (``according to according to.``
    raised IndexError)."""
    from transforms.quotes.patterns import _CUE_FORMS

    for cue in sorted(set(_CUE_FORMS)):
        for sentence in (
            f"{cue}{join}{cue}. ",
            f'"{cue}{join}{cue}" ',
            f"{cue.capitalize()}{join}{cue}, {cue}. ",
        ):
            quotes = extract_quotes(sentence)
            assert all(0 <= q.quote_start < q.quote_end <= len(sentence) for q in quotes), sentence
