"""The Parquet mirror: month partitions written from the database inside the load's transaction,
and the rename journal that moves them into place after the COMMIT.

Every staged file and folder is fsynced before the COMMIT (the journal, ``_pending_files``,
then points at them); after it each staged file replaces the live one with an atomic rename, the
folders are fsynced, and the journal is cleared (:func:`finish_pending`). A crash before the
COMMIT leaves the mirror as it was; a crash after it leaves a journal that the next writer
finishes before doing anything else.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Sequence
from pathlib import Path

import duckdb

from schemas.tables import KEYS, MONTH_SQL, PARTITION_COLUMN, PARTITIONED_TABLES


def export_months(
    con: duckdb.DuckDBPyConnection, root: Path, parquet_dir: Path, export_dir: Path, months: set[str]
) -> list[tuple[str | None, str]]:
    """Write the touched partitions to ``export_dir``; return (staged file, live file) moves.

    Every staged file and folder is fsynced here, before the COMMIT: after it, the journal
    points at them and the next writer moves them into place without looking inside.
    """
    moves: list[tuple[str | None, str]] = []
    for table in PARTITIONED_TABLES:
        for month in sorted(months):
            partition = f"{PARTITION_COLUMN}={month}"
            live = parquet_dir / table / partition / "data.parquet"
            staged = export_dir / table / partition / "data.parquet"
            query = partition_query(table)
            counted = f"SELECT count(*) FROM ({query})"  # noqa: S608  partition_query's SQL; the month is a ?
            count = con.execute(counted, [month]).fetchone()
            if count is None or count[0] == 0:
                moves.append((None, str(live)))
                continue
            staged.parent.mkdir(parents=True, exist_ok=True)
            copy_to_parquet(con, query, staged, [month])
            moves.append((str(staged), str(live)))
    staged = export_dir / "rejects" / "data.parquet"
    staged.parent.mkdir(parents=True, exist_ok=True)
    copy_to_parquet(con, "SELECT * FROM rejects ORDER BY source_uri", staged)
    moves.append((str(staged), str(parquet_dir / "rejects" / "data.parquet")))
    # the new folders' entries too, from the partitions up to the warehouse directory
    staged_files = [Path(s) for s, _ in moves if s is not None]
    folders = {f for s in staged_files for f in s.parents if f.is_relative_to(root)}
    for folder in sorted(folders, key=lambda f: -len(f.parts)):
        fsync_directory(folder)
    return moves


def finish_pending(con: duckdb.DuckDBPyConnection) -> int:
    """Carry out the file moves a committed load recorded; return how many there were.

    The renames and the directories they changed are fsynced before the journal is cleared: a
    power cut after the journal is gone must not leave a partition whose rename never reached
    the disk (nothing would finish it).
    """
    moves = con.execute("SELECT staged, live FROM _pending_files").fetchall()
    touched: set[Path] = set()
    for staged, live in moves:
        live_path = Path(live)
        if staged is None:
            live_path.unlink(missing_ok=True)
            with contextlib.suppress(OSError):
                live_path.parent.rmdir()
        elif Path(staged).exists():
            live_path.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staged, live_path)
        # the partition folder, its table folder and parquet/: any of them may have changed
        touched.update(live_path.parents[i] for i in range(min(3, len(live_path.parents))))
    for folder in sorted(touched, key=lambda f: -len(f.parts)):
        fsync_directory(folder)
    if moves:
        con.execute("DELETE FROM _pending_files")
        for staged, _ in moves:
            if staged is not None:
                shutil.rmtree(_pending_run_dir(Path(staged)), ignore_errors=True)
    return len(moves)


def fsync_file(path: Path) -> None:
    """Flush a file's bytes to the disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_directory(path: Path) -> None:
    """Flush a directory's entries (names created, renamed or removed in it); a directory that
    no longer exists has nothing to flush."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    except FileNotFoundError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _pending_run_dir(staged: Path) -> Path:
    """``W/_pending/<run_id>`` of a staged export file ``W/_pending/<run_id>/<table>/...``."""
    for parent in staged.parents:
        if parent.parent.name == "_pending":
            return parent
    return staged.parent


def copy_to_parquet(
    con: duckdb.DuckDBPyConnection, query: str, path: Path, parameters: Sequence[object] = ()
) -> None:
    """Write the query's rows to a Parquet file and flush it to the disk (before the COMMIT that
    makes the journal point at it). The query's values (``parameters``, for its ``?``) and the
    path are parameters, whatever characters they hold."""
    con.execute(f"COPY ({query}) TO ? (FORMAT parquet, COMPRESSION zstd)", [*parameters, str(path)])
    fsync_file(path)


def partition_query(table: str) -> str:
    """The rows of one month partition of ``table``, in the mirror's order; the month is the
    query's one ``?`` parameter (``'YYYY-MM'`` or ``'unknown'``)."""
    if table == "articles":
        # MONTH_SQL is a constant of schemas.tables
        return f"SELECT * FROM articles WHERE {MONTH_SQL} = ? ORDER BY article_id"  # noqa: S608
    keys = ", ".join(f"t.{key}" for key in dict.fromkeys(("article_id", *KEYS[table])))
    # the table, its key columns and MONTH_SQL come from schemas.tables
    return (
        f"SELECT t.* FROM {table} t JOIN articles USING (article_id) "  # noqa: S608
        f"WHERE {MONTH_SQL} = ? ORDER BY {keys}"
    )
