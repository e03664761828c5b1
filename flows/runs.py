"""A run's record in the warehouse: the ``runs``, ``dq_results`` and ``run_rejects`` rows, and its
one-page report.

Every run, completed or failed, appends one ``runs`` row, one ``dq_results`` row per expectation
checked and one ``run_rejects`` row per reason it refused files for, and writes
``<warehouse>/reports/<run_id>.html`` (and ``latest.html``), all rendered from its
:class:`~schemas.run_record.RunRecord`; :func:`recorded_run` reads the same record back.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from pathlib import Path

import duckdb

from flows.trends import published_trend
from load.replace import KEPT_LISTED_FILES
from load.trends import run_rejected
from load.warehouse import Warehouse
from quality.gx import data_docs_index
from reporting.html import write_run_report
from schemas import ExpectationOutcome, RunRecord


def finish_record(store: Warehouse, record: RunRecord) -> None:
    """Stamp the run's end, and where its Great Expectations Data Docs are (when built)."""
    docs = data_docs_index(store.root)
    record.finished_at = dt.datetime.now(dt.UTC)
    record.data_docs_index = str(docs) if docs.is_file() else None


def publish_run(store: Warehouse, record: RunRecord) -> Path:
    """Append the run to ``runs`` and ``dq_results`` and write its report, with the last runs up
    to this one (a failed run's too); return the report."""
    store.record_run(record)
    return write_run_report(store.root, record, published_trend(store))


def recorded_run(store: Warehouse, run_id: str | None = None) -> RunRecord | None:
    """A run as recorded in ``runs``, ``dq_results`` and ``run_rejects`` (the latest when
    ``run_id`` is None)."""
    with contextlib.closing(store.connect(read_only=True)) as con:
        if run_id is None:
            row = con.execute("SELECT * FROM runs ORDER BY started_at DESC LIMIT 1").fetchone()
        else:
            row = con.execute("SELECT * FROM runs WHERE run_id = ?", [run_id]).fetchone()
        if row is None:
            return None
        record = dict(zip([d[0] for d in con.description or []], row, strict=True))
        outcomes = [
            ExpectationOutcome(table, expectation, severity, success, unexpected, observed)
            for table, expectation, severity, success, unexpected, observed in con.execute(
                "SELECT table_name, expectation, severity, success, unexpected_count, observed_value "
                "FROM dq_results WHERE run_id = ?",
                [record["run_id"]],
            ).fetchall()
        ]
        try:
            kept = con.execute(
                "SELECT source_uri, stale_reason FROM source_files WHERE status = 'stale' AND last_run = ? "
                "ORDER BY source_uri",
                [record["run_id"]],
            ).fetchall()
        except duckdb.BinderException:  # a warehouse no run has written since stale_reason came
            kept = []
        reasons = run_rejected(con, record["run_id"], record["files_rejected"])
    docs = data_docs_index(store.root)
    page = report_path(store, record["run_id"])
    return RunRecord.from_runs_row(
        record,
        warehouse=str(store.root),
        outcomes=outcomes,
        rejected=reasons,
        files_kept=len(kept),
        kept=[(uri, reason) for uri, reason in kept[:KEPT_LISTED_FILES]],
        data_docs_index=str(docs) if docs.is_file() else None,
        report=str(page) if page.is_file() else None,
    )


def report_path(store: Warehouse, run_id: str) -> Path:
    return store.root / "reports" / f"{run_id}.html"
