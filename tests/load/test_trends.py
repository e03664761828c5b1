"""The last runs read back from ``runs``, ``dq_results`` and ``run_rejects``: per run, its counts,
its rejects by reason (from ``rejects`` for a run recorded before ``run_rejects``) and its failed
checks; oldest first, bounded, and the volume history the quality checks and the report's band
share."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections import Counter
from pathlib import Path

import pytest

from flows.runs import recorded_run
from flows.trends import runs_trend, volume_band
from load.history import replace_run
from load.trends import VOLUME_HISTORY_READ_RUNS, read_trend_runs, run_rejected, volume_history
from load.warehouse import Warehouse
from quality.suites import expectation_parameters
from schemas import ExpectationOutcome, RunRecord
from schemas.trends import MAX_TREND_RUNS, FailedCheck, check_trend_runs

T0 = dt.datetime(2026, 3, 1, 6, 0, tzinfo=dt.UTC)


def record(n: int, **changes: object) -> RunRecord:
    """Run ``n`` of a daily schedule: started ``n`` days after T0, all checks passing."""
    fields: dict[str, object] = dict(
        run_id=f"run-{n:03d}",
        warehouse="w",
        started_at=T0 + dt.timedelta(days=n),
        finished_at=T0 + dt.timedelta(days=n, minutes=3),
        files_seen=10 + n,
        articles_loaded=10 + n,
        outcomes=[ExpectationOutcome("articles", "columns_match", "critical", True, 0, None)],
    )
    fields.update(changes)
    return RunRecord(**fields)  # type: ignore[arg-type]


def add_reject(
    con, run_id: str, uri: str, reason: str, *, stage: str = "parse", table: str | None = None
) -> None:
    con.execute(
        "INSERT INTO rejects (source_uri, stage, reason, run_id, table_name) VALUES (?, ?, ?, ?, ?)",
        [uri, stage, reason, run_id, table],
    )


@pytest.fixture
def store(tmp_path: Path) -> Warehouse:
    """Five runs: a plain one; one with rejects (file-level and a quarantined quote) and failing
    quarantine and warning checks; a failed one (critical check, nothing loaded); a rerun that
    loaded nothing; a plain one. Inserted out of order: reading sorts by start.

    The run with rejects is recorded as a version before ``run_rejects`` recorded it: its record
    carries no reasons (no ``run_rejects`` rows), so they are read from ``rejects``."""
    store = Warehouse(tmp_path / "w")
    store.prepare()
    with contextlib.closing(store.connect()) as con:
        rejects = record(
            1,
            files_seen=14,
            articles_loaded=9,
            files_rejected=3,
            rows_quarantined=2,
            outcomes=[
                ExpectationOutcome("articles", "columns_match", "critical", True, 0, None),
                ExpectationOutcome("quotes", "quote_offsets_slice_body", "quarantine", False, 2, "2 rows"),
                ExpectationOutcome("articles", "language_known", "warning", False, 1, "1 row"),
            ],
        )
        failed = record(
            2,
            status="failed",
            articles_loaded=0,
            error="QualityFailure: critical",
            outcomes=[ExpectationOutcome("articles", "columns_match", "critical", False, 5, "5 rows")],
        )
        for data in (record(4), failed, record(0), rejects, record(3, articles_loaded=0)):
            replace_run(con, data)
        add_reject(con, "run-001", "a.txt", "empty")
        add_reject(con, "run-001", "b.txt", "empty")
        add_reject(con, "run-001", "c.txt", "no_body")
        # a quarantined quote: its article loaded, so it is no file-level reject
        add_reject(con, "run-001", "d.txt", "quote_offsets_slice_body", stage="quality", table="quotes")
    return store


def read(store: Warehouse, last: int):
    with contextlib.closing(store.connect(read_only=True)) as con:
        return read_trend_runs(con, last)


def test_runs_come_oldest_first_with_their_counts_rejects_and_failed_checks(store):
    runs = read(store, 30)
    assert [r.run_id for r in runs] == ["run-000", "run-001", "run-002", "run-003", "run-004"]
    assert [r.status for r in runs] == ["completed", "completed", "failed", "completed", "completed"]
    assert [r.articles_loaded for r in runs] == [10, 9, 0, 0, 14]
    assert runs[0].started_at == T0 and runs[0].started_at.tzinfo is not None
    with_rejects = runs[1]
    assert (with_rejects.files_seen, with_rejects.files_rejected, with_rejects.rows_quarantined) == (14, 3, 2)
    assert with_rejects.rejected == {"empty": 2, "no_body": 1}  # most first; the quote is not a file reject
    assert with_rejects.rejects_without_reason == 0
    assert with_rejects.failed_checks == (
        FailedCheck("quotes", "quote_offsets_slice_body", "quarantine", 2),
        FailedCheck("articles", "language_known", "warning", 1),
    )  # most severe first
    assert with_rejects.checks_run == 3
    assert runs[2].failed_checks == (FailedCheck("articles", "columns_match", "critical", 5),)
    assert runs[0].failed_checks == () and runs[0].checks_run == 1 and runs[0].rejected == {}


def test_a_run_whose_rejects_were_replaced_says_how_many_lost_their_reason(store):
    with contextlib.closing(store.connect()) as con:
        # c.txt refused again by the last run: rejects keeps one row per file, the latest
        con.execute("UPDATE rejects SET run_id = 'run-004' WHERE source_uri = 'c.txt'")
    runs = {r.run_id: r for r in read(store, 30)}
    assert runs["run-001"].rejected == {"empty": 2} and runs["run-001"].rejects_without_reason == 1


def test_the_window_is_the_last_n_runs_by_start(store):
    assert [r.run_id for r in read(store, 2)] == ["run-003", "run-004"]
    assert [r.run_id for r in read(store, 1)] == ["run-004"]
    # rejects and checks of runs outside the window are not read
    assert all(r.rejected == {} and r.failed_checks == () for r in read(store, 2))


@pytest.mark.parametrize("last", [0, -1, MAX_TREND_RUNS + 1, True, 2.5])
def test_the_window_is_validated(store, last):
    with pytest.raises(ValueError, match="1 to 1,000 runs"):
        read(store, last)
    with pytest.raises(ValueError):
        check_trend_runs(last)


def test_a_retried_publish_that_wrote_the_checks_twice_counts_each_check_once(store):
    with contextlib.closing(store.connect()) as con:
        con.execute("INSERT INTO dq_results SELECT * FROM dq_results WHERE run_id = 'run-001'")
    run = read(store, 30)[1]
    assert len(run.failed_checks) == 2 and run.checks_run == 3


def test_volume_history_is_completed_runs_with_articles_newest_first(store):
    with contextlib.closing(store.connect(read_only=True)) as con:
        assert volume_history(con) == [14, 9, 10]  # not the failed run, not the empty rerun
    with contextlib.closing(store.connect()) as con:
        for n in range(5, 5 + VOLUME_HISTORY_READ_RUNS + 10):
            replace_run(con, record(n))
    with contextlib.closing(store.connect(read_only=True)) as con:
        history = volume_history(con)
    assert len(history) == VOLUME_HISTORY_READ_RUNS and history[0] == 10 + 4 + VOLUME_HISTORY_READ_RUNS + 10


def test_the_trend_states_the_band_the_next_runs_checks_use(store):
    trend = runs_trend(store, 30)
    assert len(trend.runs) == 5 and trend.window == 30
    parameters = expectation_parameters([14, 9, 10])
    assert (trend.band.low, trend.band.high) == (parameters["min_articles"], parameters["max_articles"])
    assert trend.band.median == 10 and trend.band.history_runs == 3


def test_the_band_is_open_with_too_little_history():
    band = volume_band([12, 40])
    assert band.high is None and band.low == 0 and band.history_runs == 2 and band.median is None
    assert volume_band([]).history_runs == 0


def test_an_empty_warehouse_has_an_empty_trend(tmp_path):
    store = Warehouse(tmp_path / "w")
    store.prepare()
    trend = runs_trend(store)
    assert trend.runs == () and trend.band.high is None


def test_reject_counts_are_files_not_rows(store):
    with contextlib.closing(store.connect()) as con:
        # a file refused with a paragraph-level row too: one file, counted once
        add_reject(con, "run-001", "a.txt", "empty", stage="load", table="paragraphs")
    assert read(store, 30)[1].rejected == Counter({"empty": 2, "no_body": 1})


def refuse(con, run: RunRecord, refusals: dict[str, str]) -> None:
    """Record ``run`` as publish does, after its load wrote ``refusals`` (file -> reason) to
    ``rejects``, which keeps one row per file: a file refused again moves to this run."""
    run.add_rejects(refusals.values())
    for uri, reason in refusals.items():
        con.execute("DELETE FROM rejects WHERE source_uri = ?", [uri])
        add_reject(con, run.run_id, uri, reason)
    replace_run(con, run)


def test_each_run_keeps_its_own_reject_mix_after_a_full_refresh(tmp_path):
    """The reviewer's case: three runs refuse files, then a ``--full-refresh`` reads every file
    again and refuses the same files for another reason. ``rejects`` now holds only the last
    refusals; each earlier run still shows its own mix, with no "reason not kept"."""
    store = Warehouse(tmp_path / "w")
    store.prepare()
    mixes = [
        {"a.txt": "empty", "b.txt": "empty"},
        {"a.txt": "empty", "b.txt": "empty", "c.txt": "no_body"},
        {"a.txt": "empty", "b.txt": "empty", "c.txt": "no_body", "d.txt": "too_large"},
        # the full refresh: the same files, another reason
        {"a.txt": "parse_error", "b.txt": "parse_error", "c.txt": "parse_error", "d.txt": "parse_error"},
    ]
    with contextlib.closing(store.connect()) as con:
        for n, mix in enumerate(mixes):
            refuse(con, record(n), mix)
        assert con.execute("SELECT DISTINCT run_id FROM rejects").fetchall() == [("run-003",)]
    runs = read(store, 30)
    assert [r.rejected for r in runs] == [
        {"empty": 2},
        {"empty": 2, "no_body": 1},
        {"empty": 2, "no_body": 1, "too_large": 1},
        {"parse_error": 4},
    ]
    assert [r.files_rejected for r in runs] == [2, 3, 4, 4]
    assert all(r.rejects_without_reason == 0 for r in runs)
    # the run read back for `news-etl report <run_id>` says the same as its trend column
    earlier = recorded_run(store, "run-001")
    assert earlier is not None and earlier.rejected == Counter({"empty": 2, "no_body": 1})
    assert earlier.files_rejected == sum(earlier.rejected.values())


def test_publishing_a_run_twice_leaves_one_set_of_run_rejects(tmp_path):
    """A retried publish replaces the run's rows by reason: the last attempt's, never both."""
    store = Warehouse(tmp_path / "w")
    store.prepare()
    with contextlib.closing(store.connect()) as con:
        replace_run(con, record(0, files_rejected=3, rejected=Counter({"empty": 2, "no_body": 1})))
        replace_run(con, record(1, files_rejected=1, rejected=Counter({"empty": 1})))
        replace_run(con, record(0, files_rejected=2, rejected=Counter({"empty": 2})))
        rows = con.execute("SELECT run_id, reason, files FROM run_rejects ORDER BY ALL").fetchall()
    assert rows == [("run-000", "empty", 2), ("run-001", "empty", 1)]


def test_a_run_that_refused_nothing_has_no_reasons_and_does_not_fall_back(tmp_path):
    """No ``run_rejects`` rows means either "refused nothing" or "recorded before the table":
    ``files_rejected`` tells them apart, so a run with no rejects never reads ``rejects`` (where
    rows under its id would be another story's, here a quarantined quote's)."""
    store = Warehouse(tmp_path / "w")
    store.prepare()
    with contextlib.closing(store.connect()) as con:
        replace_run(con, record(0))
        add_reject(con, "run-000", "a.txt", "empty")  # not counted by the run: must not show
        assert run_rejected(con, "run-000", 0) == {}
    [run] = read(store, 30)
    assert run.rejected == {} and run.rejects_without_reason == 0


def test_an_old_warehouse_reads_from_rejects_and_gains_run_rejects_on_open(tmp_path):
    """A warehouse made before ``run_rejects``: read-only (``news-etl report``) it is read as it
    is, its runs' reasons from ``rejects``; the next writer's open creates the table, empty, and
    the old runs keep reading from ``rejects`` while new ones write their own rows."""
    store = Warehouse(tmp_path / "w")
    store.prepare()
    with contextlib.closing(store.connect()) as con:
        replace_run(con, record(0, files_rejected=2))  # as the old version wrote it: no reasons
        add_reject(con, "run-000", "a.txt", "empty")
        add_reject(con, "run-000", "b.txt", "no_body")
        con.execute("DROP TABLE run_rejects")
    assert read(store, 30)[0].rejected == {"empty": 1, "no_body": 1}
    old = recorded_run(store, "run-000")
    assert old is not None and old.rejected == Counter({"empty": 1, "no_body": 1})

    store.prepare()
    with contextlib.closing(store.connect()) as con:
        assert con.execute("SELECT count(*) FROM run_rejects").fetchone() == (0,)
        refuse(con, record(1), {"a.txt": "parse_error"})  # refused again: rejects moves a.txt on
    runs = read(store, 30)
    assert [r.rejected for r in runs] == [{"no_body": 1}, {"parse_error": 1}]
    assert [r.rejects_without_reason for r in runs] == [1, 0]  # only the old run lost a reason
