"""The history of runs: every run's ``runs`` row and its ``dq_results``, and the record of a run
that could not write them (the database was held) in ``W/_failed_runs/<run_id>.json``, inserted
by the next writer."""

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
    """Write the run's ``runs`` row and checks to ``W/_failed_runs/<run_id>.json`` (atomically,
    fsynced)."""
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
    }
    partial = path.with_name(path.name + ".partial")
    with open(partial, "w", encoding="utf-8") as handle:
        json.dump(record, handle)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(partial, path)
    fsync_directory(failed_runs_dir)
    return path


def record_saved_runs(con: duckdb.DuckDBPyConnection, failed_runs_dir: Path, root: Path) -> int:
    """Insert the runs saved in ``W/_failed_runs`` into ``runs`` and remove their files
    (a run already in ``runs``, from a crash between the two, is not inserted again)."""
    saved = sorted(failed_runs_dir.glob("*.json")) if failed_runs_dir.is_dir() else []
    readable: list[tuple[Path, RunRecord]] = []
    for path in saved:
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
            outcomes = [ExpectationOutcome(*o) for o in record["outcomes"]]
            readable.append((path, RunRecord.from_runs_row(record, warehouse=str(root), outcomes=outcomes)))
        except (OSError, ValueError, KeyError, TypeError) as exc:  # kept for a person to read
            logger.warning("cannot read the saved run %s: %s", path, exc)
    if not readable:
        return 0
    con.begin()
    for _, data in readable:
        if not con.execute("SELECT count(*) FROM runs WHERE run_id = ?", [data.run_id]).fetchall()[0][0]:
            insert_run(con, data)
    con.commit()
    for path, _ in readable:  # only the records inserted: a damaged one stays
        path.unlink(missing_ok=True)
    fsync_directory(failed_runs_dir)
    return len(readable)


def insert_run(con: duckdb.DuckDBPyConnection, data: RunRecord) -> None:
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


def _safe_name(text: str) -> str:
    """A file name made of ``text``'s letters, digits, ``-``, ``_`` and ``.`` only."""
    return "".join(c if c.isascii() and (c.isalnum() or c in "-_.") else "_" for c in text).lstrip(".") or "_"
