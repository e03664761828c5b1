"""The hand-labelled quote sample (benchmarks/data/speaker_sample.jsonl) and its scorer.

The sample stores anchors and labels only (no corpus text): these tests check that every item is
labelled and anchored inside its raw file, that the scorer's matching rules say what its docstring
says, and that the current code meets the targets on the held-aside ``test`` split.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from tests.benchmarks.scripts import load_benchmark

speakers = load_benchmark("speakers")


def test_every_item_is_labelled_and_the_splits_are_halves() -> None:
    items = speakers.load_sample()
    assert len(items) >= 200
    assert len({item["id"] for item in items}) == len(items)
    splits = Counter(item["split"] for item in items)
    assert splits["dev"] == splits["test"] == len(items) // 2
    for item in items:
        assert isinstance(item["is_quote"], bool), item["id"]
        assert item["referent"] is None or item["is_quote"], f"{item['id']}: a referent on a non-quote"
        start, end = item["quote"]
        assert 0 <= start < end, item["id"]
        if item["source"] is not None:
            assert 0 <= item["source"][0] < item["source"][1], item["id"]
        assert "text" not in item and "quote_text" not in item  # anchors only, no corpus text


@pytest.mark.parametrize(
    ("holdout", "earlier"), [("HOLDOUT", 2), ("HOLDOUT2", 3), ("HOLDOUT3", 4), ("HOLDOUT4", 5)]
)
def test_a_fresh_holdout_is_labelled_all_test_and_shares_no_file_with_earlier_samples(
    holdout: str, earlier: int
) -> None:
    items = speakers.load_sample(getattr(speakers, holdout))
    assert len(items) >= 150
    assert {item["split"] for item in items} == {"test"}
    assert all(isinstance(item["is_quote"], bool) for item in items)
    assert all(item["referent"] is None or item["is_quote"] for item in items)
    samples = (speakers.SAMPLE, speakers.TUNING, speakers.HOLDOUT, speakers.HOLDOUT2, speakers.HOLDOUT3)[
        :earlier
    ]
    others = {item["file"] for sample in samples for item in speakers.load_sample(sample)}
    assert not others & {item["file"] for item in items}


@pytest.mark.parametrize("sample", ["SAMPLE", "TUNING", "HOLDOUT", "HOLDOUT2", "HOLDOUT3", "HOLDOUT4"])
def test_anchors_lie_in_their_raw_files(shared: Path, sample: str) -> None:
    for item in speakers.load_sample(getattr(speakers, sample)):
        text = speakers.raw_text(shared / "corpora" / item["file"])
        assert text is not None, item["file"]
        assert item["quote"][1] <= len(text), item["id"]
        if item["source"] is not None:
            source = text[item["source"][0] : item["source"][1]]
            assert source.strip() == source and source, f"{item['id']}: source span {source!r}"


@pytest.mark.parametrize(
    ("resolved", "label", "right"),
    [
        ("Mr McLetchie", "David McLetchie", True),
        ("David McLetchie", "David McLetchie", True),
        ("Lord Goldsmith", "Goldsmith|Lord Goldsmith", True),
        ("Bill Ford", "Ford", False),
        ("Labour's Robin Cook", "Robin Cook", False),
        ("National Party's", "Scottish National Party|SNP", False),
        ("SNP", "Scottish National Party|SNP", True),
        ("Maurice Greene's", "Jason Gardener", False),
    ],
)
def test_a_resolved_name_names_the_referent_only_within_its_full_name(
    resolved: str, label: str, right: bool
) -> None:
    assert speakers.names_referent(resolved, speakers.names(label)) is right


@pytest.mark.parametrize(
    ("speaker", "source", "referent", "is_quote", "valid"),
    [
        ("Ford, the US car company,", "Ford", "Ford", True, True),
        ("the minister", "the minister", None, True, True),
        ("he", "Mr Brown", "Gordon Brown", True, True),
        ("Wenger", None, "Arsene Wenger", True, True),
        ("Kenteris's lawyer, Gregory Ioannidis,", None, "Gregory Ioannidis", True, True),
        ("Wenger", None, "Arsene Wenger", False, False),
        ("he", "he", None, False, True),
        ("it", None, None, True, False),
        ("it", None, None, False, False),
        ("scotch", "Parry", "Parry", True, False),
        ("000 hours of", None, None, False, False),
        ("-", "the England players", None, True, False),
        ("Reuters quoted a central bank official as", "a central bank official", None, True, False),
    ],
)
def test_a_raw_speaker_is_valid_only_as_a_mention_of_the_labelled_source(
    speaker: str, source: str | None, referent: str | None, is_quote: bool, valid: bool
) -> None:
    item = {"is_quote": is_quote, "source": [0, 1] if source else None, "referent": referent}
    words = speakers.words(source or "")
    assert speakers.is_mention(speaker, words, item) is valid
