"""The ``speakers`` dimension on the reference corpora: one row per person, whatever the load order.

Each corpus of ``../shared/corpora`` is read and parsed once (its staged batch kept aside); the
warehouses below load copies of those batches: Kremlin then BBC as two runs, BBC then Kremlin, and
both in one run.
"""

from __future__ import annotations

import contextlib
import shutil
import unicodedata
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from extract.batches import BatchOptions, process_batch
from extract.discover import discover
from load.warehouse import Warehouse
from tests.benchmarks.scripts import load_benchmark

pytestmark = pytest.mark.shared

KREMLIN, BBC = "kremlin-en-2022", "bbc-news-2005"
ROW = "speaker_id, name, name_key, speaker_kind, variants, roles, first_seen, last_seen, articles, quotes"


@pytest.fixture(scope="module")
def staged(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each corpus read and parsed once: its staged batch, to be copied into a run's staging."""
    out = {}
    for batch, corpus in enumerate((KREMLIN, BBC)):
        staging = tmp_path_factory.mktemp(f"staged-{corpus}")
        process_batch(
            discover([shared / "corpora" / corpus]).files, batch, BatchOptions("staged", str(staging))
        )
        out[corpus] = staging
    return out


def _load(warehouse: Warehouse, run_id: str, *batches: Path) -> None:
    warehouse.prepare()
    staging = warehouse.staging_dir(run_id)
    for batch in batches:
        shutil.copytree(batch, staging, dirs_exist_ok=True)
    try:
        warehouse.load_run(run_id, validator=None)
    finally:
        warehouse.discard_staging(run_id)


def _rows(warehouse: Warehouse, query: str) -> list[tuple[Any, ...]]:
    with contextlib.closing(warehouse.connect(read_only=True)) as con:
        return con.execute(query).fetchall()


@pytest.fixture(scope="module")
def warehouses(staged: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Warehouse]:
    root = tmp_path_factory.mktemp("speaker-warehouses")
    out = {
        name: Warehouse(root / name) for name in ("kremlin", "kremlin_then_bbc", "bbc_then_kremlin", "both")
    }
    _load(out["kremlin"], "run-1", staged[KREMLIN])
    _load(out["kremlin_then_bbc"], "run-1", staged[KREMLIN])
    _load(out["kremlin_then_bbc"], "run-2", staged[BBC])
    _load(out["bbc_then_kremlin"], "run-1", staged[BBC])
    _load(out["bbc_then_kremlin"], "run-2", staged[KREMLIN])
    _load(out["both"], "run-1", staged[KREMLIN], staged[BBC])
    return out


def _surname(name: str) -> str:
    last = name.split()[-1]
    return "".join(c for c in unicodedata.normalize("NFKD", last.casefold()) if not unicodedata.combining(c))


def test_the_most_quoted_of_the_kremlin_corpus_are_distinct_people(warehouses: dict[str, Warehouse]) -> None:
    top = _rows(
        warehouses["kremlin"], "select name, quotes, speaker_kind from speakers order by quotes desc limit 10"
    )
    assert len(top) == 10
    assert all(kind == "person" for _, _, kind in top), top
    surnames = [_surname(name) for name, _, _ in top]
    assert len(set(surnames)) == 10, top  # no one twice under a variant spelling
    assert top[0][0] == "Vladimir Putin"


def test_the_speakers_do_not_depend_on_the_order_of_the_runs(warehouses: dict[str, Warehouse]) -> None:
    query = f"SELECT {ROW} FROM speakers ORDER BY speaker_id"  # noqa: S608  the test's constant
    both = _rows(warehouses["both"], query)
    assert len(both) > 1000
    assert _rows(warehouses["kremlin_then_bbc"], query) == both
    assert _rows(warehouses["bbc_then_kremlin"], query) == both


def test_each_person_of_the_labelled_sample_is_one_speaker(warehouses: dict[str, Warehouse]) -> None:
    identity = load_benchmark("speaker_identity")
    found = identity.system_ids(identity.SAMPLE)
    ids_of: dict[str, set[str]] = defaultdict(set)
    for item in identity.load_sample(identity.SAMPLE):
        sid = found[item["id"]][1]
        if item["referent_kind"] == "person" and sid is not None:
            ids_of[item["referent"]].add(sid)
    assert len(ids_of) > 50
    split = {referent: ids for referent, ids in ids_of.items() if len(ids) > 1}
    assert not split, split
    stored = {r[0] for r in _rows(warehouses["both"], "SELECT speaker_id FROM speakers")}
    missing = {referent for referent, ids in ids_of.items() if not ids <= stored}
    assert not missing, missing
