"""The labelled sample of speaker identities (benchmarks/data/speaker_identity.jsonl) and its scorer.

The sample stores anchors and labels only: these tests check that every item is labelled and
anchored, that each partner shares its drawn item's split and comes from another file, that the
pair counts mean what the scorer's docstring says, and that the code meets the merge targets of
issue 18 on the sample as a whole.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from tests.benchmarks.scripts import load_benchmark

identity = load_benchmark("speaker_identity")


@pytest.mark.parametrize(("sample", "at_least"), [("SAMPLE", 300), ("HOLDOUT", 150)])
def test_every_item_is_labelled_and_anchored(sample: str, at_least: int) -> None:
    items = identity.load_sample(getattr(identity, sample))
    assert len(items) >= at_least
    assert len({item["id"] for item in items}) == len(items)
    assert Counter(item["stratum"] for item in items)["random"] >= at_least // 2
    for item in items:
        assert item["split"] in ("dev", "test"), item["id"]
        assert (item["referent"] is None) == (item["referent_kind"] is None), item["id"]
        assert item["referent_kind"] in (None, "person", "organisation"), item["id"]
        start, end = item["quote"]
        assert 0 <= start < end, item["id"]
        assert not {"text", "context", "quote_text"} & set(item)  # anchors only, no corpus text
    drawn = {item["id"][1:]: item for item in items if item["stratum"] == "random"}
    for item in items:
        if item["stratum"] == "partner":
            mate = drawn[item["id"][1:]]
            assert (item["split"], item["file"] != mate["file"]) == (mate["split"], True), item["id"]


def test_the_holdout_is_all_test_and_shares_no_file_with_the_first_sample() -> None:
    holdout = identity.load_sample(identity.HOLDOUT)
    assert {item["split"] for item in holdout} == {"test"}
    first = {item["file"] for item in identity.load_sample(identity.SAMPLE)}
    assert not first & {item["file"] for item in holdout}


def test_the_partner_key_is_the_folded_start_of_the_last_word() -> None:
    assert identity.partner_key("José Manuel Barroso") == identity.partner_key("Jose Barrot") == "barr"
    assert identity.partner_key("Ian BLAIR") == "blai"
    assert identity.partner_key("") == ""


def _item(item_id: str, split: str, referent: str | None) -> dict[str, Any]:
    return {
        "id": item_id,
        "split": split,
        "referent": referent,
        "referent_kind": "person" if referent else None,
    }


def test_pairs_count_merges_and_referents_as_the_docstring_says() -> None:
    items = [
        _item("a", "dev", "Jo Lund"),
        _item("b", "dev", "Jo Lund"),
        _item("c", "dev", "Jo Lund"),
        _item("d", "dev", "Ola Berg"),
        _item("e", "dev", None),  # no referent: in no pair
    ]
    ids = {"a": "x", "b": "x", "c": None, "d": "x", "e": "x"}
    tally = identity.pairs(items, ids, found={"a", "b", "c", "d"})
    # pairs of one referent: ab ac bc = 3; merged (one id, not None): ab ad bd = 3; both: ab = 1
    assert (tally.mentions, tally.found, tally.with_id) == (4, 4, 3)
    assert (tally.same, tally.merged, tally.right) == (3, 3, 1)
    assert "33.3 % (1/3)" in tally.line("dev")


@pytest.mark.shared
@pytest.mark.parametrize("sample", ["SAMPLE", "HOLDOUT", "HOLDOUT2"])
def test_the_code_meets_the_merge_targets_on_the_whole_sample(shared: Path, sample: str) -> None:
    results = identity.score(getattr(identity, sample), show_errors=False)
    whole = results["all"]
    # every labelled quote is still found, but for a false one an extractor fix dropped (1 % at
    # most: "…, the Tories believe Mr Brown will have to fill" is no report of Mr Brown's)
    assert whole.found >= 0.99 * whole.mentions
    assert whole.right / whole.merged >= 0.98
    assert whole.right / whole.same >= 0.90
