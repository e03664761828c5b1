"""The load meets the quality checks only through :class:`schemas.validation.Validator`: it hands
over the cross-batch checks' input (the rows whose key repeats, the row counts, the rejects),
quarantines the rows the batches staged as failing and the rows the answer names, and refuses the
load on a critical failure, with a typed :class:`~schemas.errors.QualityFailure`. A stub validator
stands in for the suites here (no Great Expectations)."""

from __future__ import annotations

import contextlib
import pickle
from collections.abc import Sequence

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from extract.batches import BatchOptions, process_batch
from extract.discover import discover
from load.warehouse import Warehouse
from schemas import ExpectationOutcome
from schemas.errors import QualityFailure
from schemas.tables import staged_schema
from schemas.validation import (
    FAILING_ROWS_SCHEMA,
    QUALITY_DIR,
    ROW_NUMBER,
    UNIQUE_KEYS,
    LoadChecks,
    QualityResult,
)
from tests.conftest import SAMPLE


class StubValidator:
    """Passes everything but, when ``critical``, one critical expectation; names the repeated
    rows of ``fail_repeated`` as failing ``stub_unique``."""

    def __init__(self, *, critical: bool = False, fail_repeated: str | None = None) -> None:
        self.critical = critical
        self.fail_repeated = fail_repeated
        self.seen: LoadChecks | None = None
        self.rejects: list[pa.Table] = []
        self.history: list[int] = []

    def validate(self, checks: LoadChecks, *, history: Sequence[int], run_id: str) -> QualityResult:
        self.seen = checks
        self.rejects = list(checks.rejects)
        self.history = list(history)
        outcomes = [ExpectationOutcome("articles", "stub_check", "quarantine", False, 1, "1 unexpected")]
        if self.critical:
            outcomes.append(ExpectationOutcome("articles", "stub_critical", "critical", False, 1, None))
        failing = {}
        if self.fail_repeated:
            rows = checks.repeated[self.fail_repeated][ROW_NUMBER].to_pylist()
            failing = {(self.fail_repeated, row): ["stub_unique"] for row in rows if row >= 0}
            outcomes.append(
                ExpectationOutcome(self.fail_repeated, "stub_unique", "quarantine", False, 2, None)
            )
        return QualityResult(outcomes=outcomes, failing_rows=failing)

    def validate_derived(self, table: str, rows: pa.Table, *, run_id: str) -> list[ExpectationOutcome]:
        return []  # the derived rows' suite is quality's (tests/quality/test_speakers_suite.py)


def stage_sample(store: Warehouse, run_id: str) -> None:
    store.prepare()
    process_batch(discover([SAMPLE]).files, 0, BatchOptions(run_id, str(store.staging_dir(run_id))))


def stage_failure(store: Warehouse, run_id: str, source_uri: str, article_id: str) -> None:
    """What a batch stages for an article that failed a quarantine check."""
    failing = pa.table(
        {
            "table_name": ["articles"],
            "source_uri": [source_uri],
            "article_id": [article_id],
            "quote_id": [None],
            "row": [f"articles row article_id={article_id!r}"],
            "paragraph_index": [None],
            "char_start": [None],
            "checks": [["stub_check"]],
        },
        schema=FAILING_ROWS_SCHEMA,
    )
    out = store.staging_dir(run_id) / QUALITY_DIR / "batch-00000.parquet"
    out.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(failing, out)


def staged(store: Warehouse, run_id: str, table: str) -> pa.Table:
    return pq.read_table(store.staging_dir(run_id) / table / "batch-00000.parquet")


def count(store: Warehouse, sql: str, parameters: list[object] | None = None) -> int:
    with contextlib.closing(store.connect(read_only=True)) as con:
        return con.execute(sql, parameters).fetchall()[0][0]


def test_the_validator_gets_the_cross_batch_input_and_a_batch_failure_is_quarantined_by_key(tmp_path):
    store, validator = Warehouse(tmp_path / "w"), StubValidator()
    stage_sample(store, "run-1")
    articles = staged(store, "run-1", "articles")
    first = articles.sort_by("source_uri").slice(0, 1).to_pylist()[0]
    stage_failure(store, "run-1", first["source_uri"], first["article_id"])
    result = store.load_run("run-1", validator=validator)
    assert validator.seen is not None and validator.history == []
    assert validator.seen.rows["articles"] == articles.num_rows
    for table, keys in UNIQUE_KEYS.items():  # the sample's keys are unique: nothing repeats
        assert validator.seen.repeated[table].column_names == [ROW_NUMBER, *keys]
        assert validator.seen.repeated[table].num_rows == 0
    own = [f.name for f in staged_schema("rejects")]
    assert validator.rejects and all(c.column_names == [ROW_NUMBER, *own] for c in validator.rejects)
    assert result.rows_quarantined == 1 and result.rejected["stub_check"] == 1
    assert count(store, "SELECT count(*) FROM articles WHERE source_uri = ?", [first["source_uri"]]) == 0
    detail = f"articles.stub_check (articles row article_id={first['article_id']!r})"
    assert count(store, "SELECT count(*) FROM rejects WHERE stage = 'quality' AND detail = ?", [detail]) == 1
    assert count(store, "SELECT count(*) FROM articles") == articles.num_rows - 1


def test_a_quote_id_repeated_across_two_batches_is_handed_over_and_both_quotes_held_back(tmp_path):
    store = Warehouse(tmp_path / "w")
    store.prepare()
    files = sorted(discover([SAMPLE]).files, key=lambda f: f.uri)
    options = BatchOptions("run-1", str(store.staging_dir("run-1")))
    process_batch(files[:5], 0, options)
    process_batch(files[5:], 1, options)
    # batch 1's first quote takes the id of batch 0's first: a key no batch alone sees twice
    quotes = [pq.read_table(store.staging_dir("run-1") / "quotes" / f"batch-{b:05d}.parquet") for b in (0, 1)]
    assert quotes[0].num_rows and quotes[1].num_rows
    taken = quotes[0]["quote_id"][0].as_py()
    ids = quotes[1]["quote_id"].to_pylist()
    column = quotes[1].schema.get_field_index("quote_id")
    changed = quotes[1].set_column(column, quotes[1].schema.field(column), pa.array([taken, *ids[1:]]))
    pq.write_table(changed, store.staging_dir("run-1") / "quotes" / "batch-00001.parquet")
    validator = StubValidator(fail_repeated="quotes")
    result = store.load_run("run-1", validator=validator)
    assert validator.seen is not None
    assert validator.seen.repeated["quotes"]["quote_id"].to_pylist() == [taken, taken]
    assert result.rows_quarantined == 2 and result.inserted["quotes"] == sum(q.num_rows for q in quotes) - 2
    assert count(store, "SELECT count(*) FROM quotes WHERE quote_id = ?", [taken]) == 0
    held = "SELECT count(*) FROM rejects WHERE reason = 'stub_unique' AND row_key = ? AND detail LIKE 'quotes row %'"
    assert count(store, held, [taken]) == 2


def test_a_critical_failure_raises_a_typed_failure_carrying_the_result_and_writes_nothing(tmp_path):
    store = Warehouse(tmp_path / "w")
    stage_sample(store, "run-1")
    with pytest.raises(QualityFailure, match=r"articles\.stub_critical") as failure:
        store.load_run("run-1", validator=StubValidator(critical=True))
    result = failure.value.result
    assert [o.expectation for o in result.outcomes] == ["stub_check", "stub_critical"]
    assert result.rows_quarantined == 0 and result.quote_counts  # the report's figures
    assert (
        count(store, "SELECT count(*) FROM articles") == 0
        and count(store, "SELECT count(*) FROM rejects") == 0
    )
    again = pickle.loads(pickle.dumps(failure.value))  # a task runner may pickle it
    assert str(again) == str(failure.value) and again.result == result


def test_only_the_rows_of_failed_quarantine_checks_leave_the_staged_files(tmp_path):
    """The batches stage every check's unexpected rows (warnings' too) and the load may have
    settled some articles as duplicates: only the kept rows of the held checks reach Python,
    read from a staging folder whose path looks like a Hive partition."""
    import duckdb

    from load.quarantine import batch_failures, dropped_counts

    staging = tmp_path / "month=2022-02"
    folder = staging / QUALITY_DIR
    folder.mkdir(parents=True)
    for batch, (uri, article, checks) in enumerate(
        [("/a", "A", ["warn_check"]), ("/b", "B", ["warn_check", "held_check"]), ("/c", "C", ["held_check"])]
    ):
        row = {"table_name": "articles", "source_uri": uri, "article_id": article, "quote_id": None}
        row |= {"row": f"articles row article_id={article!r}", "paragraph_index": None, "char_start": None}
        pq.write_table(
            pa.Table.from_pylist([row | {"checks": checks}], FAILING_ROWS_SCHEMA),
            folder / f"batch-{batch:05d}.parquet",
        )
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE keep AS SELECT * FROM (VALUES ('/a', 'A'), ('/b', 'B')) t(source_uri, article_id)"
    )
    con.execute(
        "CREATE TABLE stage_articles AS SELECT * FROM (VALUES ('/a', 'A'), ('/b', 'B'), ('/c', 'C')) t(source_uri, article_id)"
    )
    failures = batch_failures(con, staging, ["articles.held_check"])
    assert [(f.source_uri, f.checks) for f in failures] == [("/b", ["warn_check", "held_check"])]
    assert batch_failures(con, staging, []) == []
    assert dropped_counts(con, staging) == ({}, {"articles.held_check": 1})
    assert batch_failures(con, tmp_path / "nothing", ["articles.held_check"]) == []
