"""A run's record: the ``runs`` and ``dq_results`` rows, and its one-page report.

Every run, completed or failed, appends one ``runs`` row and one ``dq_results`` row per
expectation checked, and writes ``<warehouse>/reports/<run_id>.html`` (and ``latest.html``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
from pathlib import Path

import duckdb

from load.replace import FILE_LEVEL_REJECT_SQL, KEPT_LISTED_FILES
from load.warehouse import Warehouse
from quality.gx import data_docs_index
from reporting.html import write_run_report
from reporting.summary import RunSummary
from schemas import ExpectationOutcome, RunReportData
from schemas.results import LoadResult


def run_report_data(
    store: Warehouse,
    summary: RunSummary,
    loaded: LoadResult | None,
    started_at: dt.datetime,
    flow_run_id: str | None,
) -> RunReportData:
    """What the report, the artifacts and the history tables say about the run."""
    docs = data_docs_index(store.root)
    return RunReportData(
        run_id=summary.run_id,
        flow_run_id=flow_run_id,
        status="completed" if summary.status == "completed" else "failed",
        started_at=started_at,
        finished_at=dt.datetime.now(dt.UTC),
        warehouse=str(store.root),
        files_seen=summary.files_seen,
        articles_loaded=summary.articles_loaded,
        files_rejected=summary.files_rejected,
        rejected_by_reason=dict(sorted(summary.rejected.items())),
        rows_quarantined=loaded.rows_quarantined if loaded else 0,
        outcomes=list(loaded.outcomes) if loaded else [],
        articles_per_day=list(loaded.articles_per_day) if loaded else [],
        quotes_per_article=list(loaded.quotes_per_article) if loaded else [],
        data_docs_index=str(docs) if docs.is_file() else None,
        error=summary.error,
        files_kept=summary.files_kept,
        kept=list(summary.kept),
        files_unchanged=summary.files_unchanged,
        files_outside_window=summary.files_outside_window,
    )


def publish_run(store: Warehouse, data: RunReportData) -> Path:
    """Append the run to ``runs`` and ``dq_results`` and write its report; return the report."""
    store.record_run(data)
    return write_run_report(store.root, data)


def recorded_run(store: Warehouse, run_id: str | None = None) -> RunReportData | None:
    """A run as recorded in ``runs`` and ``dq_results`` (the latest when ``run_id`` is None)."""
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
        reasons = dict(
            con.execute(
                "SELECT reason, count(DISTINCT source_uri) FROM rejects "
                f"WHERE run_id = ? AND {FILE_LEVEL_REJECT_SQL} GROUP BY 1",
                [record["run_id"]],
            ).fetchall()
        )
    docs = data_docs_index(store.root)
    return RunReportData(
        run_id=record["run_id"],
        flow_run_id=record["flow_run_id"],
        status="completed" if record["status"] == "completed" else "failed",
        started_at=record["started_at"],
        finished_at=record["finished_at"],
        warehouse=str(store.root),
        files_seen=record["files_seen"],
        articles_loaded=record["articles_loaded"],
        files_rejected=record["files_rejected"],
        rejected_by_reason=reasons,
        rows_quarantined=record["rows_quarantined"],
        outcomes=outcomes,
        articles_per_day=[],
        quotes_per_article=[],
        data_docs_index=str(docs) if docs.is_file() else None,
        error=record["error"],
        files_kept=len(kept),
        kept=[(uri, reason) for uri, reason in kept[:KEPT_LISTED_FILES]],
        # a row written before these columns existed reads 0, as the warehouse's default says
        files_unchanged=record.get("files_unchanged") or 0,
        files_outside_window=record.get("files_outside_window") or 0,
    )


def report_path(store: Warehouse, run_id: str) -> Path:
    return store.root / "reports" / f"{run_id}.html"
