"""The last runs read back from ``runs``, ``dq_results`` and ``run_rejects``, for the trend section
of the report and ``news-etl report --last N``; and the volume history the quality checks use.

Bounded queries, whatever the warehouse's age: the window's runs (``LIMIT ?``, at most
:data:`~schemas.trends.MAX_TREND_RUNS`), then their rejects by reason and their failed checks,
each joined to that same window. Every value is a parameter; the only text spliced into the SQL is
the module constant :data:`~load.replace.FILE_LEVEL_REJECT_SQL`.

A run's rejects by reason are its ``run_rejects`` rows, written with its ``runs`` row: what its
own report showed, whatever later runs refused. A run recorded before ``run_rejects`` existed has
none; for it (and only when it refused files) the reasons are read from ``rejects``, which keeps
only a file's latest refusal, so a file refused again later has no reason there for this run
(:attr:`~schemas.trends.TrendRun.rejects_without_reason`, "reason not kept" in the report).
"""

from __future__ import annotations

from collections import defaultdict

import duckdb

from load.replace import FILE_LEVEL_REJECT_SQL
from schemas.records import SEVERITIES
from schemas.trends import FailedCheck, TrendRun, check_trend_runs

#: The completed runs that loaded articles, newest first: what the volume band of the next run is
#: computed from (a rerun that found nothing new says nothing about volume).
VOLUME_HISTORY_READ_RUNS = 30
VOLUME_HISTORY_SQL = (
    "SELECT articles_loaded FROM runs WHERE status = 'completed' AND articles_loaded > 0 "
    "ORDER BY started_at DESC, run_id DESC LIMIT ?"
)

# The window: the last runs by start (the run id breaks a tie: ids sort by start time too).
_WINDOW_SQL = "SELECT run_id FROM runs ORDER BY started_at DESC, run_id DESC LIMIT ?"
_RUNS_SQL = (
    "SELECT run_id, started_at, status, files_seen, articles_loaded, files_rejected, rows_quarantined "
    "FROM runs ORDER BY started_at DESC, run_id DESC LIMIT ?"
)
_RUN_REJECTS_SQL = (
    f"WITH window_runs AS ({_WINDOW_SQL}) "  # noqa: S608
    "SELECT r.run_id, r.reason, r.files FROM run_rejects r JOIN window_runs USING (run_id)"
)
# runs recorded before run_rejects existed: what ``rejects`` still holds of them
# S608: only the module constant FILE_LEVEL_REJECT_SQL is spliced in; the window is a parameter
_LEGACY_REJECTS_SQL = (
    f"WITH window_runs AS ({_WINDOW_SQL}) "  # noqa: S608
    "SELECT r.run_id, r.reason, count(DISTINCT r.source_uri) FROM rejects r JOIN window_runs USING (run_id) "
    f"WHERE {FILE_LEVEL_REJECT_SQL} GROUP BY 1, 2"
)
_RUN_LEGACY_REJECTS_SQL = (
    "SELECT reason, count(DISTINCT source_uri) FROM rejects "  # noqa: S608
    f"WHERE run_id = ? AND {FILE_LEVEL_REJECT_SQL} GROUP BY 1"
)
_CHECKS_RUN_SQL = (
    f"WITH window_runs AS ({_WINDOW_SQL}) "  # noqa: S608
    "SELECT d.run_id, count(DISTINCT (d.table_name, d.expectation)) FROM dq_results d "
    "JOIN window_runs USING (run_id) GROUP BY 1"
)
# a check is counted once per run, should a retried publish have written it twice
_FAILED_CHECKS_SQL = (
    f"WITH window_runs AS ({_WINDOW_SQL}) "  # noqa: S608
    "SELECT d.run_id, d.table_name, d.expectation, d.severity, max(d.unexpected_count) "
    "FROM dq_results d JOIN window_runs USING (run_id) WHERE NOT d.success GROUP BY 1, 2, 3, 4"
)


def read_trend_runs(con: duckdb.DuckDBPyConnection, last: int) -> list[TrendRun]:
    """The last ``last`` runs (1 to :data:`~schemas.trends.MAX_TREND_RUNS`), oldest first."""
    check_trend_runs(last)
    rows = con.execute(_RUNS_SQL, [last]).fetchall()
    rejected: dict[str, dict[str, int]] = defaultdict(dict)
    if keeps_run_rejects(con):
        for run_id, reason, files in con.execute(_RUN_REJECTS_SQL, [last]).fetchall():
            rejected[run_id][reason] = files
    # a run with no run_rejects rows either refused nothing or was recorded before the table
    legacy = {row[0] for row in rows if row[5] > 0 and row[0] not in rejected}  # row[5]: files_rejected
    if legacy:
        for run_id, reason, files in con.execute(_LEGACY_REJECTS_SQL, [last]).fetchall():
            if run_id in legacy:
                rejected[run_id][reason] = files
    failed: dict[str, list[FailedCheck]] = defaultdict(list)
    for run_id, table, expectation, severity, unexpected in con.execute(
        _FAILED_CHECKS_SQL, [last]
    ).fetchall():
        failed[run_id].append(FailedCheck(table, expectation, severity, unexpected))
    checks_run = dict(con.execute(_CHECKS_RUN_SQL, [last]).fetchall())
    rank = {severity: i for i, severity in enumerate(("critical", "quarantine", "warning"))}
    runs = [
        TrendRun(
            run_id=run_id,
            started_at=started_at,
            status="completed" if status == "completed" else "failed",
            files_seen=files_seen,
            articles_loaded=articles,
            files_rejected=files_rejected,
            rows_quarantined=quarantined,
            rejected=dict(sorted(rejected[run_id].items(), key=lambda item: (-item[1], item[0]))),
            failed_checks=tuple(
                sorted(failed[run_id], key=lambda c: (rank.get(c.severity, len(SEVERITIES)), c.name))
            ),
            checks_run=checks_run.get(run_id, 0),
        )
        for run_id, started_at, status, files_seen, articles, files_rejected, quarantined in rows
    ]
    return runs[::-1]


def run_rejected(con: duckdb.DuckDBPyConnection, run_id: str, files_rejected: int) -> dict[str, int]:
    """One run's refused files by reason, read as :func:`read_trend_runs` reads them: its
    ``run_rejects`` rows, or for a run recorded before that table, what ``rejects`` holds of it."""
    if files_rejected == 0:
        return {}
    if keeps_run_rejects(con):
        rows = con.execute("SELECT reason, files FROM run_rejects WHERE run_id = ?", [run_id]).fetchall()
        if rows:
            return dict(rows)
    return dict(con.execute(_RUN_LEGACY_REJECTS_SQL, [run_id]).fetchall())


def keeps_run_rejects(con: duckdb.DuckDBPyConnection) -> bool:
    """The warehouse has ``run_rejects``: a reader (``news-etl report``) opens it read-only and
    does not upgrade it, so one no writer has opened since the table came lacks it."""
    found = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'main' AND table_name = 'run_rejects'"
    ).fetchone()
    return bool(found and found[0])


def volume_history(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Articles loaded by the last :data:`VOLUME_HISTORY_READ_RUNS` completed runs that loaded any,
    newest first: the history :func:`quality.suites.expectation_parameters` sets the band from."""
    return [row[0] for row in con.execute(VOLUME_HISTORY_SQL, [VOLUME_HISTORY_READ_RUNS]).fetchall()]
