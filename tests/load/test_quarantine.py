"""The load meets the quality checks only through :class:`schemas.validation.Validator`: it hands
over Arrow chunks with the contract's columns, quarantines the rows the answer names and refuses
the load on a critical failure, with a typed :class:`~schemas.errors.QualityFailure`. A stub
validator stands in for the suites here (no Great Expectations)."""

from __future__ import annotations

import contextlib
import pickle
from collections.abc import Iterable, Mapping, Sequence

import pyarrow as pa
import pyarrow.compute as pc
import pytest

from extract.batches import BatchOptions, process_batch
from extract.discover import discover
from load.warehouse import Warehouse
from schemas import ExpectationOutcome
from schemas.errors import QualityFailure
from schemas.tables import staged_schema
from schemas.validation import DERIVED_COLUMNS, ROW_KEYS, ROW_NUMBER, UNCHECKED_COLUMNS, QualityResult
from tests.conftest import SAMPLE


class StubValidator:
    """Fails the first article (quarantine) and, when ``critical``, one critical expectation."""

    def __init__(self, *, critical: bool = False) -> None:
        self.critical = critical
        self.seen: dict[str, list[pa.Table]] = {}
        self.history: list[int] = []

    def validate(
        self, chunks: Mapping[str, Iterable[pa.Table]], *, history: Sequence[int], run_id: str
    ) -> QualityResult:
        self.seen = {table: list(tables) for table, tables in chunks.items()}
        self.history = list(history)
        outcomes = [ExpectationOutcome("articles", "stub_check", "quarantine", False, 1, "1 unexpected")]
        if self.critical:
            outcomes.append(ExpectationOutcome("articles", "stub_critical", "critical", False, 1, None))
        return QualityResult(outcomes=outcomes, failing_rows={("articles", 0): ["stub_check"]})


def stage_sample(store: Warehouse, run_id: str) -> None:
    store.prepare()
    process_batch(discover([SAMPLE]).files, 0, BatchOptions(run_id, str(store.staging_dir(run_id))))


def count(store: Warehouse, sql: str, parameters: list[object] | None = None) -> int:
    with contextlib.closing(store.connect(read_only=True)) as con:
        return con.execute(sql, parameters).fetchall()[0][0]


def test_the_validator_gets_the_contract_columns_and_its_failing_row_is_quarantined(tmp_path):
    store, validator = Warehouse(tmp_path / "w"), StubValidator()
    stage_sample(store, "run-1")
    result = store.load_run("run-1", validator=validator)
    assert set(validator.seen) == set(ROW_KEYS) and validator.history == []
    for table, chunks in validator.seen.items():
        own = [f.name for f in staged_schema(table) if f.name not in UNCHECKED_COLUMNS]
        assert chunks and all(c.column_names == [ROW_NUMBER, *own, *DERIVED_COLUMNS[table]] for c in chunks)
    articles = pa.concat_tables(validator.seen["articles"])
    first = articles.filter(pc.equal(articles[ROW_NUMBER], 0))["source_uri"][0].as_py()
    assert result.rows_quarantined == 1 and result.rejected["stub_check"] == 1
    assert count(store, "SELECT count(*) FROM articles WHERE source_uri = ?", [first]) == 0
    assert count(store, "SELECT count(*) FROM rejects WHERE stage = 'quality' AND reason = 'stub_check'") == 1
    assert count(store, "SELECT count(*) FROM articles") == articles.num_rows - 1


def test_a_critical_failure_raises_a_typed_failure_carrying_the_result_and_writes_nothing(tmp_path):
    store = Warehouse(tmp_path / "w")
    stage_sample(store, "run-1")
    with pytest.raises(QualityFailure, match=r"articles\.stub_critical") as failure:
        store.load_run("run-1", validator=StubValidator(critical=True))
    result = failure.value.result
    assert [o.expectation for o in result.outcomes] == ["stub_check", "stub_critical"]
    assert result.rows_quarantined == 1 and result.quote_counts  # the report's figures
    assert (
        count(store, "SELECT count(*) FROM articles") == 0
        and count(store, "SELECT count(*) FROM rejects") == 0
    )
    again = pickle.loads(pickle.dumps(failure.value))  # a task runner may pickle it
    assert str(again) == str(failure.value) and again.result == result
