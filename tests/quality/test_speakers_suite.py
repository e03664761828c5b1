"""The ``speakers`` suite: each check fails on a row that breaks it (one Great Expectations run
over a frame with a bad row per check), holds on no rows, and runs at the load on the rows it
derived — a load whose rows are fine reports the suite's successes in ``dq_results``, one whose
derived row is bad fails and writes nothing."""

from __future__ import annotations

import contextlib
import datetime as dt
from pathlib import Path
from typing import Any, get_args

import pyarrow as pa
import pytest
from typer.testing import CliRunner

import load.speakers as speakers_module
from extract.batches import BatchOptions, process_batch
from extract.discover import discover
from load.warehouse import Warehouse
from news_etl.cli import app
from quality.batch import validate_batch
from quality.gx import SuiteValidator, derived_check_table, validate_derived
from quality.suites import SEVERITY, checked_columns, expectation_parameters, packaged_checks
from schemas.errors import QualityFailure
from schemas.records import SPEAKER_KINDS
from schemas.tables import SPEAKERS
from schemas.validation import ExpectationTally, merge_tallies
from tests.conftest import SAMPLE
from tests.load.test_speakers import _write_corpus as write_corpus
from transforms.speakers.identity import SpeakerKind

DAY = dt.date(2022, 2, 10)


def speaker(speaker_id: str, **changes: Any) -> dict[str, Any]:
    """A good ``speakers`` row, with ``changes``."""
    row = {
        "speaker_id": speaker_id,
        "name": "Sergey Lavrov",
        "name_key": "sergey lavrov",
        "speaker_kind": "person",
        "variants": [{"name": "Sergey Lavrov", "quotes": 2}],
        "roles": [{"role": "Foreign Minister", "first_seen": DAY, "last_seen": DAY, "quotes": 1}],
        "first_seen": DAY,
        "last_seen": DAY + dt.timedelta(days=3),
        "articles": 1,
        "quotes": 2,
    }
    return {**row, **changes}


def test_the_speaker_kinds_checked_are_the_transforms():
    assert tuple(get_args(SpeakerKind)) == SPEAKER_KINDS


def test_every_speakers_check_is_critical():
    checks = packaged_checks("speakers")
    assert {c.severity for c in checks} == {"critical"} and SEVERITY["speakers.*"] == "critical"
    assert {c.name for c in checks} >= {
        "columns_match_schema", "speaker_id_unique", "speaker_kind_known", "quotes_positive",
        "articles_within_quotes", "seen_in_order", "name_key_not_empty",
    }  # fmt: skip
    assert {f"{f.name}_not_null" for f in SPEAKERS if not f.nullable} <= {c.name for c in checks}


def test_each_check_fails_on_its_bad_row_and_holds_on_no_rows(tmp_path):
    rows = [
        speaker("s-good"),
        speaker("s-dates-open", first_seen=None),  # an open end is not out of order
        speaker("s-twice"),
        speaker("s-twice", name="Sergei Lavrov"),  # speaker_id_unique: both rows
        speaker("s-kind", speaker_kind="place"),  # speaker_kind_known
        speaker("s-no-quotes", quotes=0, articles=0),  # quotes_positive, and articles below 1
        speaker("s-articles", articles=3, quotes=2),  # articles_within_quotes
        speaker("s-order", first_seen=DAY, last_seen=DAY - dt.timedelta(days=1)),  # seen_in_order
        speaker("s-key", name_key=""),  # name_key_not_empty
        speaker("s-name", name=None),  # name_not_null
    ]
    table = pa.Table.from_pylist(rows, schema=SPEAKERS)
    assert derived_check_table("speakers", table).column_names == checked_columns("speakers")
    parameters = expectation_parameters([])
    outcomes = {o.expectation: o for o in validate_derived(tmp_path, "speakers", table, parameters, "r1")}
    failed = {name: o.unexpected_count for name, o in outcomes.items() if not o.success}
    assert failed == {
        "speaker_id_unique": 2,
        "speaker_kind_known": 1,
        "quotes_positive": 1,
        "articles_within_quotes": 2,
        "seen_in_order": 1,
        "name_key_not_empty": 1,
        "name_not_null": 1,
    }
    assert all(o.table_name == "speakers" and o.severity == "critical" for o in outcomes.values())
    assert outcomes["columns_match_schema"].success and outcomes["variants_not_null"].success

    empty = validate_derived(tmp_path, "speakers", SPEAKERS.empty_table(), parameters, "r2")
    assert [(o.expectation, o.success, o.unexpected_count) for o in empty] == [
        (c.name, True, 0) for c in packaged_checks("speakers")
    ]
    # stored beside the run's other results: Data Docs have the run's speakers page
    stored = list((tmp_path / "gx" / "uncommitted" / "validations" / "speakers").rglob("*.json"))
    assert len(stored) == 2
    assert (
        tmp_path / "gx" / "uncommitted" / "data_docs" / "local_site" / "expectations" / "speakers.html"
    ).exists()


def _stage_and_load(root: Path, run_id: str, source: Path = SAMPLE) -> Warehouse:
    """Stage ``source`` (the sample) in one batch, check it, load it with the suites (as the
    flow does)."""
    store = Warehouse(root)
    store.prepare()
    options = BatchOptions(run_id, str(store.staging_dir(run_id)))
    process_batch(discover([source]).files, 0, options)
    checked: dict[str, ExpectationTally] = {}
    merge_tallies(checked, validate_batch(options.staging_dir, 0, expectation_parameters([]), run_id))
    store.load_run(run_id, validator=SuiteValidator(store.root, checked))
    return store


def _count(store: Warehouse, sql: str) -> int:
    with contextlib.closing(store.connect(read_only=True)) as con:
        return int(con.execute(sql).fetchall()[0][0])


def test_a_bad_derived_row_fails_the_load_and_writes_nothing(tmp_path, monkeypatch):
    class WithABadRow(speakers_module.SpeakerRows):
        def table(self) -> pa.Table:
            rows = super().table()
            if not rows.num_rows:
                return rows
            kind = rows.schema.get_field_index("speaker_kind")
            bad = rows.slice(0, 1).set_column(kind, rows.schema.field(kind), pa.array(["place"], pa.string()))
            return pa.concat_tables([rows.slice(1), bad])

    monkeypatch.setattr(speakers_module, "SpeakerRows", WithABadRow)
    with pytest.raises(QualityFailure, match=r"speakers\.speaker_kind_known") as failure:
        _stage_and_load(tmp_path / "w", "20260101T000000Z-0001")
    outcomes = {(o.table_name, o.expectation): o.success for o in failure.value.result.outcomes}
    assert outcomes[("speakers", "speaker_kind_known")] is False
    assert outcomes[("articles", "article_id_unique")] is True  # the staged rows' checks held
    store = Warehouse(tmp_path / "w")
    for table in ("speakers", "articles", "quotes", "source_files"):
        assert _count(store, f"SELECT count(*) FROM {table}") == 0, table  # noqa: S608  the test's names


runner = CliRunner()


@pytest.mark.usefixtures("prefect_harness")
def test_a_run_whose_speakers_are_fine_reports_their_checks_in_dq_results(tmp_path):
    w = tmp_path / "w"
    assert runner.invoke(app, ["run", "--warehouse", str(w)]).exit_code == 0
    with contextlib.closing(Warehouse(w).connect(read_only=True)) as con:
        speakers = con.execute("SELECT count(*) FROM speakers").fetchall()[0][0]
        results = con.execute(
            "SELECT expectation, severity, success, unexpected_count FROM dq_results "
            "WHERE table_name = 'speakers' ORDER BY expectation"
        ).fetchall()
    assert speakers > 0
    assert results == sorted((c.name, "critical", True, 0) for c in packaged_checks("speakers"))
    report = (w / "reports" / "latest.html").read_text(encoding="utf-8")
    assert 'data-suite="speakers"' in report


def test_prune_checks_the_speakers_rows_it_recomputes_and_a_failure_removes_nothing(tmp_path, monkeypatch):
    src = tmp_path / "src"
    write_corpus(src)  # Sergey Lavrov in a.txt and b.txt: pruning a.txt recomputes his row
    store = _stage_and_load(tmp_path / "w", "20260101T000000Z-0001", src)
    (src / "a.txt").unlink()
    articles = _count(store, "SELECT count(*) FROM articles")
    speakers = _count(store, "SELECT count(*) FROM speakers")

    class WithABadRow(speakers_module.SpeakerRows):
        def table(self) -> pa.Table:
            rows = super().table()
            kind = rows.schema.get_field_index("speaker_kind")
            bad = pa.array(["place"] * rows.num_rows, pa.string())
            return rows.set_column(kind, rows.schema.field(kind), bad)

    with monkeypatch.context() as patched:
        patched.setattr(speakers_module, "SpeakerRows", WithABadRow)
        failed = runner.invoke(app, ["prune", str(src), "--warehouse", str(store.root)])
    assert failed.exit_code == 1, failed.output
    assert "speakers.speaker_kind_known" in failed.output and "nothing was removed" in failed.output
    assert _count(store, "SELECT count(*) FROM articles") == articles  # rolled back
    assert _count(store, "SELECT count(*) FROM speakers") == speakers

    done = runner.invoke(app, ["prune", str(src), "--warehouse", str(store.root)])
    assert done.exit_code == 0, done.output
    assert _count(store, "SELECT count(*) FROM articles") == articles - 1
    # the prune's check is stored as a validation of its own, beside the loads'
    stored = list((store.root / "gx" / "uncommitted" / "validations" / "speakers").rglob("*.json"))
    assert any("prune-" in str(path) for path in stored), stored
