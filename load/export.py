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
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import duckdb

from load.ddl import PARTITION_MONTH_RE
from schemas.tables import KEYS, MONTH_SQL, PARTITION_COLUMN, PARTITIONED_TABLES

#: how many staged files are flushed to the disk at once
FSYNC_THREADS = 8

#: the temporary table a partitioned export reads its rows into
_ROWS = "_export_rows"


def export_months(
    con: duckdb.DuckDBPyConnection, root: Path, parquet_dir: Path, export_dir: Path, months: set[str]
) -> list[tuple[str | None, str]]:
    """Write the touched partitions to ``export_dir``; return (staged file, live file) moves.

    The touched months of a table are read from it once into a temporary table, and each is
    written, ordered, from that copy (:func:`copy_to_parquet`); a statement per month reading the
    table itself scanned it once per month (96 months × 3 tables at 100,000 articles). A touched
    month that has no rows of a table gets no file, and its move is ``(None, live)``: the live
    file goes.

    Every staged file and folder is fsynced here, before the COMMIT: after it, the journal
    points at them and the next writer moves them into place without looking inside.
    """
    moves: list[tuple[str | None, str]] = []
    if months:
        for month in months:  # a folder name is no SQL: refuse what the warehouse never names
            if not PARTITION_MONTH_RE.fullmatch(month):
                raise ValueError(f"not a partition month: {month!r}")
        export_dir.mkdir(parents=True, exist_ok=True)
        touched = sorted(months)
        for table in PARTITIONED_TABLES:
            target = export_dir / table
            # what an attempt of this load that failed before its COMMIT left (no journal names it)
            shutil.rmtree(target, ignore_errors=True)
            copy_to_parquet(
                con,
                partition_query(table),
                target,
                [touched],
                partition_by=PARTITION_COLUMN,
                order=mirror_order(table),
            )
            for month in touched:
                partition = f"{PARTITION_COLUMN}={month}"
                live = parquet_dir / table / partition / "data.parquet"
                staged = target / partition / "data.parquet"
                moves.append((str(staged) if staged.exists() else None, str(live)))
    staged = export_dir / "rejects" / "data.parquet"
    staged.parent.mkdir(parents=True, exist_ok=True)
    copy_to_parquet(con, "SELECT * FROM rejects ORDER BY source_uri", staged)
    moves.append((str(staged), str(parquet_dir / "rejects" / "data.parquet")))
    staged = export_dir / "speakers" / "data.parquet"
    staged.parent.mkdir(parents=True, exist_ok=True)
    copy_to_parquet(con, "SELECT * FROM speakers ORDER BY speaker_id", staged)
    moves.append((str(staged), str(parquet_dir / "speakers" / "data.parquet")))
    # the new folders' entries too, from the partitions up to the warehouse directory
    staged_files = [Path(s) for s, _ in moves if s is not None]
    folders = {f for s in staged_files for f in s.parents if f.is_relative_to(root)}
    with ThreadPoolExecutor(max_workers=FSYNC_THREADS) as pool:  # all of them before the COMMIT
        list(pool.map(fsync_directory, sorted(folders, key=lambda f: -len(f.parts))))
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
    with ThreadPoolExecutor(max_workers=FSYNC_THREADS) as pool:  # all of them before the journal goes
        list(pool.map(fsync_directory, sorted(touched, key=lambda f: -len(f.parts))))
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
    con: duckdb.DuckDBPyConnection,
    query: str,
    path: Path,
    parameters: Sequence[object] = (),
    *,
    partition_by: str | None = None,
    order: Sequence[str] = (),
) -> None:
    """Write the query's rows to a Parquet file and flush it to the disk (before the COMMIT that
    makes the journal point at it). The query's values (``parameters``, for its ``?``) and the
    path are parameters, whatever characters they hold.

    With ``partition_by`` (a column of the query), ``path`` is a folder: one Hive partition
    folder per value (``<column>=<value>/data.parquet``), the column itself left out of the
    file, its rows ordered by the ``order`` columns. The query's rows are read once into a
    temporary table, with the partition column as a column of its own; then a plain COPY per
    partition reads its rows from it (``WHERE <column> = ?``, a filter of the table's scan) and
    orders them: 96 small sorts. Sorting the whole table by partition and key instead, so that
    each COPY would skip the row groups of the other partitions by their min/max statistics,
    cost more than the scans it saved (the 96 months × 3 tables of 100,000 articles: 7.1-7.5 s
    against 5.8-6.1 s, the same files). DuckDB's partitioned writer (``COPY … PARTITION_BY``)
    is no shortcut: on two threads it does not keep the order of the rows it is given (from the
    sorted table of 100,000 articles' paragraphs, 2 rows came out of place); on one it kept it
    there, but nothing documents that it must, and its one COPY took longer than the 96 plain
    ones (the articles: 2.2 s against 1.4 s).

    The table and the COPYs are made on one thread: each COPY writes one small file, which a
    second thread cannot share, and a second thread cost more than it saved (the export of
    96 months × 3 tables at 100,000 articles on this 2-core machine, sorted as above: 7.8 s wall
    and 8.2 s CPU on two threads, 6.6 s and 6.5 s on one). The files hold the rows, in the
    order, the column types and NOT NULLs a COPY of each month alone wrote."""
    if partition_by is None:
        con.execute(f"COPY ({query}) TO ? (FORMAT parquet, COMPRESSION zstd)", [*parameters, str(path)])
        fsync_file(path)
        return
    (threads,) = con.execute("SELECT current_setting('threads')").fetchone() or (1,)
    con.execute("SET threads = 1")
    try:
        targets = _write_partitions(con, query, path, parameters, partition_by, order)
    finally:
        # In a transaction a failure aborted, DuckDB refuses every statement but ROLLBACK, this
        # one too: the failure's error is the one to raise. The setting then stays with the
        # database instance, which lives as long as its connections: the load closes its only
        # one right after the rollback (a retry opens a new instance, at the default).
        with contextlib.suppress(duckdb.Error):
            con.execute(f"SET threads = {int(threads)}")
    # one flush a file, several at once: the disk takes them together (288 files: 0.9 s -> 0.1 s)
    with ThreadPoolExecutor(max_workers=FSYNC_THREADS) as pool:
        list(pool.map(fsync_file, targets))


def _write_partitions(
    con: duckdb.DuckDBPyConnection,
    query: str,
    path: Path,
    parameters: Sequence[object],
    partition_by: str,
    order: Sequence[str],
) -> list[Path]:
    """Read the query's rows into a temporary table, write one file per value of ``partition_by``
    from it, ordered (:func:`copy_to_parquet`), drop the table; return the files written."""
    con.execute(f"CREATE OR REPLACE TEMP TABLE {_ROWS} AS {query}", list(parameters))
    # the column and the order columns are the caller's (schemas.tables's); the values are parameters
    values = con.execute(f"SELECT DISTINCT {partition_by} FROM {_ROWS} ORDER BY 1").fetchall()  # noqa: S608
    keys = ", ".join(order) or "ALL"
    part = f"SELECT * EXCLUDE ({partition_by}) FROM {_ROWS} WHERE {partition_by} = ? ORDER BY {keys}"  # noqa: S608
    targets = []
    for (value,) in values:
        target = path / f"{partition_by}={value}" / "data.parquet"
        target.parent.mkdir(parents=True, exist_ok=True)
        con.execute(f"COPY ({part}) TO ? (FORMAT parquet, COMPRESSION zstd)", [value, str(target)])
        targets.append(target)
    con.execute(f"DROP TABLE {_ROWS}")
    return targets


def partition_query(table: str) -> str:
    """The rows of the given month partitions of ``table``, with their month as the column
    :data:`PARTITION_COLUMN`; the months are the query's one ``?`` parameter (a list of
    ``'YYYY-MM'`` or ``'unknown'``). Unordered: :func:`copy_to_parquet` orders each partition."""
    month = f"{MONTH_SQL} AS {PARTITION_COLUMN}"
    # the table, MONTH_SQL and PARTITION_COLUMN come from schemas.tables
    source = "articles t" if table == "articles" else f"{table} t JOIN articles USING (article_id)"
    return f"SELECT t.*, {month} FROM {source} WHERE list_contains(?, {MONTH_SQL})"  # noqa: S608


def mirror_order(table: str) -> tuple[str, ...]:
    """The columns that order the rows of a partitioned table's Parquet file: the article, then
    the table's key (:data:`~schemas.tables.KEYS`)."""
    return tuple(dict.fromkeys(("article_id", *KEYS[table])))
