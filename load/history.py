"""The history of runs: every run's ``runs`` row, its ``dq_results`` and its ``run_rejects`` (the
files it refused, by reason), and the record of a run that could not write them (the database was
held) in ``W/_failed_runs/<run_id>.json``, inserted by the next writer.

A run's rows are keyed by its ``run_id``: writing a run replaces whatever rows that id already
has (:func:`replace_run`, inside the caller's transaction), so Prefect retrying ``publish`` after
a partial success, or a saved record replayed after its run was written anyway, leaves one
``runs`` row and one set of ``dq_results`` and ``run_rejects`` rows, never two."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

import duckdb

from load.export import fsync_directory
from schemas import ExpectationOutcome, RunRecord

#: failed runs that could not be written to ``runs`` (the database was held), one JSON file each
FAILED_RUNS_DIRNAME = "_failed_runs"

logger = logging.getLogger(__name__)


def save_unrecorded_run(failed_runs_dir: Path, data: RunRecord) -> Path:
    """Write the run's ``runs`` row, checks and rejects by reason to
    ``W/_failed_runs/<run_id>.json`` (atomically, fsynced)."""
    failed_runs_dir.mkdir(parents=True, exist_ok=True)
    path = failed_runs_dir / f"{_safe_name(data.run_id)}.json"
    record = {
        **data.runs_row(),
        "started_at": data.started_at.isoformat(),
        "finished_at": data.finished_at.isoformat(),
        "outcomes": [
            [o.table_name, o.expectation, o.severity, o.success, o.unexpected_count, o.observed_value]
            for o in data.outcomes
        ],
        "rejected": dict(sorted(data.rejected.items())),
    }
    partial = path.with_name(path.name + ".partial")
    with open(partial, "w", encoding="utf-8") as handle:
        json.dump(record, handle)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(partial, path)
    fsync_directory(failed_runs_dir)
    return path


def forget_saved_run(failed_runs_dir: Path, run_id: str) -> None:
    """Remove the run's saved record, once its rows are written: an earlier attempt of the same
    publish may have saved it while the database was held, and its replay would only repeat them."""
    path = failed_runs_dir / f"{_safe_name(run_id)}.json"
    if path.is_file():
        path.unlink(missing_ok=True)
        fsync_directory(failed_runs_dir)


def record_saved_runs(con: duckdb.DuckDBPyConnection, failed_runs_dir: Path, root: Path) -> int:
    """Write the runs saved in ``W/_failed_runs`` to ``runs`` and remove their files (a run
    already in ``runs``, from a crash between the two, has its rows replaced, not doubled)."""
    saved = sorted(failed_runs_dir.glob("*.json")) if failed_runs_dir.is_dir() else []
    readable: list[tuple[Path, RunRecord]] = []
    for path in saved:
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
            outcomes = [ExpectationOutcome(*o) for o in record["outcomes"]]
            # a record saved before run_rejects existed has no "rejected": its run reads as one
            # recorded before it (load.trends falls back to ``rejects`` for it)
            rejected = {str(reason): int(n) for reason, n in record.get("rejected", {}).items()}
            data = RunRecord.from_runs_row(record, warehouse=str(root), outcomes=outcomes, rejected=rejected)
            readable.append((path, data))
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:  # kept for a person to read
            logger.warning("cannot read the saved run %s: %s", path, exc)
    if not readable:
        return 0
    con.begin()
    for _, data in readable:
        replace_run(con, data)
    con.commit()
    for path, _ in readable:  # only the records inserted: a damaged one stays
        path.unlink(missing_ok=True)
    fsync_directory(failed_runs_dir)
    return len(readable)


def replace_run(con: duckdb.DuckDBPyConnection, data: RunRecord) -> None:
    """Make the run's ``runs``, ``dq_results`` and ``run_rejects`` rows ``data``'s: the rows already
    recorded under its ``run_id`` are deleted first (call it inside a transaction, so a reader sees
    the old rows or the new ones, never none).

    ``run_rejects`` gets ``data.rejected``, the counts by reason the run's own report and summary
    show (discovery, parse and file-level load refusals; they add up to ``files_rejected``)."""
    con.execute("DELETE FROM run_rejects WHERE run_id = ?", [data.run_id])
    con.execute("DELETE FROM dq_results WHERE run_id = ?", [data.run_id])
    con.execute("DELETE FROM runs WHERE run_id = ?", [data.run_id])
    row = data.runs_row()
    con.execute(
        # by name: a warehouse that added a column on open has it last, whatever RUNS's order
        f"INSERT INTO runs ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",  # noqa: S608  the names are RUNS's columns
        list(row.values()),
    )
    checks = [
        [data.run_id, o.table_name, o.expectation, o.severity, o.success, o.unexpected_count,
         o.observed_value, data.finished_at]
        for o in data.outcomes
    ]  # fmt: skip
    if checks:
        con.executemany("INSERT INTO dq_results VALUES (?, ?, ?, ?, ?, ?, ?, ?)", checks)
    reasons = [[data.run_id, reason, files] for reason, files in sorted(data.rejected.items()) if files > 0]
    if reasons:
        con.executemany("INSERT INTO run_rejects (run_id, reason, files) VALUES (?, ?, ?)", reasons)


def _safe_name(text: str) -> str:
    """A file name made of ``text``'s letters, digits, ``-``, ``_`` and ``.`` only."""
    return "".join(c if c.isascii() and (c.isalnum() or c in "-_.") else "_" for c in text).lstrip(".") or "_"
