"""The warehouse: a DuckDB database and its Parquet mirror, written in one visible step per run.

Layout of a warehouse directory ``W``::

    W/news.duckdb                                      tables: articles, paragraphs, quotes, rejects
    W/parquet/<table>/published_month=YYYY-MM/data.parquet   (hive partitions; 'unknown' = no date)
    W/parquet/rejects/data.parquet
    W/_staging/<run_id>/                               a run's parsed batches (removed after it)
    W/_pending/<run_id>/                               rewritten partitions waiting to be moved
    W/.lock                                            held by the run that is writing
    W/_spill/                                          DuckDB's spill files while a load is open
    W/_failed_runs/<run_id>.json                       a run that could not write ``runs`` (held)

How a run is loaded (``load_run``), all inside one DuckDB transaction:

1. The staged batch files are read; duplicates are settled: within the run the first file in
   path order keeps an ``article_id`` (or a body), later ones go to ``rejects`` as ``duplicate``
   with the kept ``article_id`` in ``detail``; an article already in the warehouse from a file
   that is not part of this run keeps its place the same way.
2. Rows from this run's files replace the rows those files produced before (delete, then insert),
   so loading the same input twice leaves the same rows. A loaded file that this run read again
   and rejected at read or parse is ``stale`` instead: its rows stay (:func:`_find_stale`);
   only ``news-etl prune`` (:meth:`Warehouse.prune`) removes them.
3. Every Parquet partition the change touches is rewritten from the transaction's own view of the
   tables into ``_pending/<run_id>``, each file and folder fsynced, and the file moves are
   recorded in ``_pending_files``.
4. COMMIT. Then each staged Parquet file replaces the live one with an atomic rename, the
   folders are fsynced, and the journal is cleared. A crash before the commit leaves the
   warehouse as it was; a crash after it leaves a journal that the next writer finishes before
   doing anything else.

Every connection waits for the database file while another process holds it (DuckDB allows one
writer or many readers), and a second writer queues on ``W/.lock``, both up to the lock timeout
(``--lock-timeout``). Readers should hold short read-only connections, or read the Parquet mirror.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import functools
import json
import logging
import os
import re
import shutil
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import duckdb
import pyarrow as pa

from extract.discover import discover
from extract.inputs import MEMBER_SEPARATOR, display_path
from quality.suites import ROW_KEYS
from schemas import ExpectationOutcome, RunReportData
from schemas.results import LedgerEntry, LoadResult
from schemas.tables import (
    ARTICLE_CHILD_TABLES,
    HISTORY_TABLES,
    KEYS,
    LEDGER_TABLES,
    PARTITION_COLUMN,
    RUNS,
    TABLES,
    UNKNOWN_PARTITION,
    column_names,
    staged_schema,
)
from transforms.similarity import (
    NEAR_DUPLICATE_JACCARD,
    NEAR_DUPLICATE_RECENT_CANDIDATES,
    lsh_bands,
)

DB_FILENAME = "news.duckdb"
LOCK_FILENAME = ".lock"
#: failed runs that could not be written to ``runs`` (the database was held), one JSON file each
FAILED_RUNS_DIRNAME = "_failed_runs"
#: how long a run waits for the database while another process holds it (``--lock-timeout``)
LOCK_TIMEOUT_SECONDS = 300.0
#: how often a waiting run says that it waits
LOCK_MESSAGE_EVERY_SECONDS = 5.0
#: the first and the longest pause between two attempts to take a lock
LOCK_RETRY_FIRST_SECONDS = 0.05
LOCK_RETRY_MAX_SECONDS = 1.0
#: DuckDB's buffers (``--memory-limit``); the run's process needs room beside them
DUCKDB_MEMORY_LIMIT = "512MB"
#: where a writing connection spills what does not fit in its memory limit (inside the warehouse)
DUCKDB_SPILL_DIRNAME = "_spill"
#: the most a writing connection may spill: this, or half the free disk space if that is less
DUCKDB_MAX_SPILL_BYTES = 20 * 1024**3

#: how many of the files that kept their previous version a run lists by name
KEPT_LISTED_FILES = 100

#: SQL for an article's Parquet partition, from its ``published_date``.
_MONTH_RE = re.compile(rf"[0-9]{{4}}-[0-9]{{2}}|{UNKNOWN_PARTITION}", re.ASCII)
MONTH_SQL = f"coalesce(strftime(published_date, '%Y-%m'), '{UNKNOWN_PARTITION}')"
PARTITIONED_TABLES = ("articles", *ARTICLE_CHILD_TABLES)

_DUCKDB_TYPES: dict[pa.DataType, str] = {
    pa.string(): "VARCHAR",
    pa.date32(): "DATE",
    pa.bool_(): "BOOLEAN",
    pa.int32(): "INTEGER",
    pa.int64(): "BIGINT",
    pa.float64(): "DOUBLE",
    pa.binary(): "BLOB",
    pa.timestamp("us", tz="UTC"): "TIMESTAMPTZ",
}


logger = logging.getLogger(__name__)


class WarehouseBusy(RuntimeError):
    """Another run held the warehouse's writer lock for longer than the lock timeout."""


class WarehouseLocked(WarehouseBusy):
    """Another process (a reader or a writer) held the database file past the lock timeout."""


class WarehouseMissing(FileNotFoundError):
    """There is no warehouse database at the given place."""


class WarehouseOutOfMemory(RuntimeError):
    """DuckDB ran out of memory (and of its spill space) during a load; nothing was written."""


#: what a load is doing, by the warehouse function that raised (for :class:`WarehouseOutOfMemory`)
_LOAD_STEPS = {
    "_stage": "reading the staged batches",
    "_settle_duplicates": "settling duplicates",
    "_flag_near_duplicates": "flagging near duplicates",
    "_check_quality": "checking data quality",
    "_validation_tables": "checking data quality",
    "_quarantine": "quarantining rows",
    "_collect_report_stats": "collecting the report's figures",
    "_replace_rows": "replacing rows",
    "_update_ledger": "updating the ledger",
    "_export": "exporting Parquet partitions",
    "_copy_to_parquet": "exporting Parquet partitions",
}


def out_of_memory(exc: duckdb.OutOfMemoryException, memory_limit: str) -> WarehouseOutOfMemory:
    """The failure to raise for ``exc``: which step of the load ran out and what to do about it
    (the step is the innermost function of this module in the traceback)."""
    step = "loading"
    traceback = exc.__traceback__
    while traceback is not None:
        code = traceback.tb_frame.f_code
        if traceback.tb_frame.f_globals.get("__name__") == __name__ and code.co_name in _LOAD_STEPS:
            step = _LOAD_STEPS[code.co_name]
        traceback = traceback.tb_next
    return WarehouseOutOfMemory(
        f"DuckDB ran out of memory while {step}; nothing was loaded (the warehouse is as before). "
        f"Rerun with a larger --memory-limit (now {memory_limit}) or free disk space for its spill "
        f"files. DuckDB said: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}"
    )


@functools.lru_cache(maxsize=64)
def spill_config(root: Path) -> dict[str, str]:
    """DuckDB settings for a writing connection's spill files: in ``root/_spill``, at most
    :data:`DUCKDB_MAX_SPILL_BYTES` or half the disk's free space (what the load may take of it
    and leave the Parquet export and everything else on the disk room). Measured once per
    process: DuckDB refuses a second connection to a file with other settings than the first."""
    try:
        free = shutil.disk_usage(root).free
    except OSError:
        free = DUCKDB_MAX_SPILL_BYTES
    limit = max(0, min(DUCKDB_MAX_SPILL_BYTES, free // 2))
    return {"temp_directory": str(root / DUCKDB_SPILL_DIRNAME), "max_temp_directory_size": f"{limit}B"}


_MEMORY_LIMIT = re.compile(r"\s*\d+(?:\.\d+)?\s*(?:[KMGT]i?B|B|%)\s*", re.IGNORECASE)


def check_memory_limit(text: str) -> str:
    """``text`` if it is a DuckDB memory limit that bounds memory: a number with a unit (``512MB``,
    ``2GB``, ``1.5GiB``) or a share of the machine's RAM (``50%``). DuckDB also takes ``-1`` and
    ``none`` (80 % of RAM, whatever else runs) and fails late on a typo: both are refused here."""
    if not _MEMORY_LIMIT.fullmatch(text):
        raise ValueError(f"{text!r} is not a memory limit: give a number and a unit, e.g. 512MB, 2GB or 50%")
    return text.strip()


@dataclass(slots=True)
class PruneResult:
    """What ``news-etl prune`` removed (or, with ``dry_run``, would remove)."""

    removed: list[tuple[str, str, str]] = field(default_factory=list)  # (file, article_id, why)
    partitions_written: int = 0
    dry_run: bool = False


def duckdb_type(type_: pa.DataType) -> str:
    if isinstance(type_, pa.MapType):
        return f"MAP({duckdb_type(type_.key_type)}, {duckdb_type(type_.item_type)})"
    try:
        return _DUCKDB_TYPES[type_]
    except KeyError:
        raise TypeError(f"no DuckDB type for Arrow type {type_}") from None


def create_table_sql(name: str, schema: pa.Schema) -> str:
    columns = ", ".join(
        f'"{f.name}" {duckdb_type(f.type)}{"" if f.nullable else " NOT NULL"}' for f in schema
    )
    return f'CREATE TABLE IF NOT EXISTS "{name}" ({columns})'


_DUCKDB_LOCK_ERROR = "Could not set lock on file"
_LOCK_HOLDER_PID = re.compile(r"\(PID (\d+)\)")
T = TypeVar("T")


class _LockTimeout(Exception):
    def __init__(self, holder: str) -> None:
        super().__init__(holder)
        self.holder = holder


def _retry_while_locked(
    attempt: Callable[[], T], held_by: Callable[[Exception], str | None], what: str, timeout_seconds: float
) -> T:
    """``attempt()`` again, with a growing pause, while ``held_by`` names a holder of the lock;
    a warning at the first refusal and every :data:`LOCK_MESSAGE_EVERY_SECONDS`, then
    :class:`_LockTimeout` after ``timeout_seconds``. Any other error is raised at once."""
    started = time.monotonic()
    pause, next_message = LOCK_RETRY_FIRST_SECONDS, started
    while True:
        try:
            return attempt()
        except Exception as exc:
            holder = held_by(exc)
            if holder is None:
                raise
            now = time.monotonic()
            waited = now - started
            if waited >= timeout_seconds:
                raise _LockTimeout(holder) from exc
            if now >= next_message:
                logger.warning(
                    "waiting for %s: %s holds it — %.0f s of %g s (--lock-timeout)",
                    what,
                    holder,
                    waited,
                    timeout_seconds,
                )
                next_message = now + LOCK_MESSAGE_EVERY_SECONDS
            time.sleep(min(pause, max(0.0, timeout_seconds - waited)))
            pause = min(pause * 2, LOCK_RETRY_MAX_SECONDS)


class Warehouse:
    """A warehouse directory (layout and load protocol in the module docstring)."""

    def __init__(
        self,
        root: str | os.PathLike[str],
        *,
        memory_limit: str = DUCKDB_MEMORY_LIMIT,
        lock_timeout_seconds: float = LOCK_TIMEOUT_SECONDS,
    ) -> None:
        self.root = Path(root).absolute()
        self.memory_limit = memory_limit
        self.lock_timeout_seconds = lock_timeout_seconds
        self.db_path = self.root / DB_FILENAME
        self.parquet_dir = self.root / "parquet"
        self.staging_root = self.root / "_staging"
        self.pending_root = self.root / "_pending"
        self.failed_runs_dir = self.root / FAILED_RUNS_DIRNAME
        #: set when this run already waited out the timeout once: it does not wait a second time
        self.gave_up_waiting = False

    # ----------------------------------------------------------------- connections and locks
    def exists(self) -> bool:
        return self.db_path.is_file()

    def connect(
        self, *, read_only: bool = False, wait_seconds: float | None = None
    ) -> duckdb.DuckDBPyConnection:
        """A connection to the database; read-only ones need an existing warehouse.

        DuckDB lets one process write a database file, or many read it: while another process
        holds the file (an analyst's read-only shell, a BI tool, a writer), opening it fails.
        Every connection therefore waits for the file, up to ``wait_seconds`` (default the
        warehouse's lock timeout), saying so on the ``load.warehouse`` logger every few
        seconds; past it :class:`WarehouseLocked` says what to close.
        """
        if read_only:
            if not self.exists():
                raise WarehouseMissing(f"no warehouse at {self.root} (expected {self.db_path})")
            return self._wait_for_database(
                lambda: duckdb.connect(str(self.db_path), read_only=True), wait_seconds
            )
        self.root.mkdir(parents=True, exist_ok=True)
        # bounded memory whatever the run's size: DuckDB spills to W/_spill beyond it (capped)
        config: dict[str, str | bool | int | float | list[str]] = {
            "memory_limit": self.memory_limit,
            **spill_config(self.root),
        }
        return self._wait_for_database(
            lambda: duckdb.connect(str(self.db_path), config=config),
            wait_seconds,
        )

    def _wait_for_database(
        self, open_database: Callable[[], duckdb.DuckDBPyConnection], wait_seconds: float | None
    ) -> duckdb.DuckDBPyConnection:
        timeout = self.lock_timeout_seconds if wait_seconds is None else wait_seconds
        if self.gave_up_waiting:
            timeout = 0.0  # this run already waited the whole timeout once

        def held_by(exc: Exception) -> str | None:
            if not isinstance(exc, duckdb.IOException) or _DUCKDB_LOCK_ERROR not in str(exc):
                return None
            pid = _LOCK_HOLDER_PID.search(str(exc))
            return "another process" + (f" (pid {pid.group(1)})" if pid else "")

        try:
            return _retry_while_locked(
                open_database, held_by, f"the warehouse database {self.db_path}", timeout
            )
        except _LockTimeout as exc:
            self.gave_up_waiting = True
            raise WarehouseLocked(
                f"the warehouse database {self.db_path} is held by {exc.holder} and was not released within "
                f"{timeout:g} s (--lock-timeout): close the programs that keep it "
                "open (a DuckDB shell, `news-etl sql`, a BI tool; readers should use short read-only "
                f"connections, or the Parquet mirror in {self.parquet_dir}), then run again, or give a "
                "longer --lock-timeout"
            ) from None

    @contextlib.contextmanager
    def exclusive(self, wait_seconds: float | None = None) -> Iterator[None]:
        """Hold the warehouse's writer lock (a ``flock`` on ``W/.lock``) while the block runs.

        A second writer queues behind the first, saying so every few seconds, up to
        ``wait_seconds`` (default the lock timeout); past it :class:`WarehouseBusy` is raised.
        """
        timeout = self.lock_timeout_seconds if wait_seconds is None else wait_seconds
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / LOCK_FILENAME, "a+") as handle:

            def take() -> None:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)

            def held_by(exc: Exception) -> str | None:
                return "another news-etl run" if isinstance(exc, BlockingIOError) else None

            try:
                _retry_while_locked(take, held_by, f"the warehouse {self.root}", timeout)
            except _LockTimeout:
                raise WarehouseBusy(
                    f"another news-etl run is writing to {self.root} and did not finish within "
                    f"{timeout:g} s (--lock-timeout): run again when it has finished, or give a longer "
                    "--lock-timeout to queue behind it"
                ) from None
            try:
                yield
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)

    def staging_dir(self, run_id: str) -> Path:
        return self.staging_root / run_id

    # ------------------------------------------------------------------------- schema
    def prepare(self) -> None:
        """Create missing tables and columns, finish a load a crash interrupted, record the runs
        that could not write ``runs`` (``W/_failed_runs``) and remove the staging left by runs
        that died (call it holding :meth:`exclusive`).

        A column a newer schema added to a partitioned table (``articles.source_encoding``) is
        added to the DuckDB table, null in the rows already there, and the Parquet partitions
        written before it are written again, so that every file of the mirror has the table's
        columns (a partition that lacks one is found by its file's schema: a crash halfway is
        finished by the next writer). A column a newer schema added to ``runs``
        (``files_unchanged``, ``files_outside_window``) gets its declared default, 0, in the rows
        of the runs before it."""
        with contextlib.closing(self.connect()) as con:
            ensure_schema(con)
            finish_pending(con)
            outdated = self._months_missing_columns()
            if outdated:
                self._rewrite_months(con, self.pending_root / "_schema_upgrade", lambda: outdated)
            self._record_saved_runs(con)
        shutil.rmtree(self.staging_root, ignore_errors=True)
        shutil.rmtree(self.pending_root, ignore_errors=True)  # exports of loads that never committed

    def _months_missing_columns(self) -> set[str]:
        """Months whose Parquet file of a partitioned table lacks a column the table has (one
        written before the column was added); a file that cannot be read is left to ``check``."""
        import pyarrow.parquet as pq

        outdated: set[str] = set()
        for table in PARTITIONED_TABLES:
            columns = set(column_names(TABLES[table]))
            for path in sorted((self.parquet_dir / table).glob(f"{PARTITION_COLUMN}=*/*.parquet")):
                try:
                    names = set(pq.read_schema(path).names)
                except (OSError, pa.ArrowException):
                    continue
                month = path.parent.name.removeprefix(f"{PARTITION_COLUMN}=")
                # a folder name is no SQL: only the months the export itself names are taken
                if not columns <= names and _MONTH_RE.fullmatch(month):
                    outdated.add(month)
        return outdated

    # ---------------------------------------------------------------------------- load
    def load_run(self, run_id: str, *, validate: bool = True) -> LoadResult:
        """Load the run's staged files (protocol in the module docstring).

        With ``validate`` (always, in the flow) the rows about to be loaded are checked by the
        Great Expectations suites first (:mod:`quality.suites`): quarantined rows go to
        ``rejects``, and a critical failure raises :class:`~quality.suites.QualityFailure`
        before anything is written.
        """
        staging = self.staging_dir(run_id)
        result = LoadResult()
        load_started = time.perf_counter()
        with contextlib.closing(self.connect()) as con:
            ensure_schema(con)
            finish_pending(con)
            con.begin()
            try:
                _stage(con, staging)
                _find_stale(con, result)
                _settle_duplicates(con, run_id)
                _flag_near_duplicates(con)
                changed = _count_rows(con, "SELECT count(*) FROM run_sources") > 0
                changed = changed or _count_rows(con, f"SELECT count(*) FROM ({_KEPT_FILES_SQL})") > 0
                if validate and changed:  # a run that read nothing new has nothing to check
                    started = time.perf_counter()
                    self._check_quality(con, run_id, result)
                    result.seconds["validate"] = time.perf_counter() - started
                _collect_report_stats(con, result)
                months = _replace_rows(con, result)
                result.months = sorted(months)
                result.files_new, result.files_changed = _update_ledger(con, run_id)
                moves = self._export(con, self.pending_root / run_id, months) if changed else []
                result.partitions_written = len(moves)
                if moves:
                    con.executemany("INSERT INTO _pending_files VALUES (?, ?)", moves)
                con.commit()
            except duckdb.OutOfMemoryException as exc:
                con.rollback()
                raise out_of_memory(exc, self.memory_limit) from exc
            except BaseException:
                con.rollback()
                raise
            finish_pending(con)
        result.seconds["load"] = time.perf_counter() - load_started - result.seconds.get("validate", 0.0)
        return result

    def _check_quality(self, con: duckdb.DuckDBPyConnection, run_id: str, result: LoadResult) -> None:
        from quality.suites import QualityFailure, expectation_parameters, validate

        chunks = _validation_tables(con)
        history = [row[0] for row in con.execute(
            "SELECT articles_loaded FROM runs WHERE status = 'completed' AND articles_loaded > 0 "
            "ORDER BY started_at DESC LIMIT 30"
        ).fetchall()]  # fmt: skip
        quality = validate(
            self.root,
            {table: _validation_chunks(con, table, n) for table, n in chunks.items()},
            expectation_parameters(history),
            run_id,
        )
        result.outcomes = quality.outcomes
        result.rows_quarantined = _quarantine(con, quality.failing_rows, run_id)
        if quality.critical_failures:
            failed = ", ".join(f"{o.table_name}.{o.expectation}" for o in quality.critical_failures)
            _collect_report_stats(con, result)
            failure = QualityFailure(f"critical data-quality checks failed: {failed}; nothing was loaded")
            failure.load_result = result
            raise failure

    def ledger(self) -> dict[str, LedgerEntry]:
        """What ``source_files`` knows of every file (empty for a new warehouse)."""
        if not self.exists():
            return {}
        with contextlib.closing(self.connect(read_only=True)) as con:
            tables = {row[0] for row in con.execute("SHOW TABLES").fetchall()}
            if "source_files" not in tables:
                return {}
            rows = con.execute(
                "SELECT source_uri, size, mtime, sha256, status = 'stale' FROM source_files"
            ).fetchall()
        return {uri: LedgerEntry(size, mtime, sha, stale) for uri, size, mtime, sha, stale in rows}

    def record_run(self, data: RunReportData) -> None:
        """Append the run to ``runs`` and its checks to ``dq_results`` (one transaction).

        When the database stays held past the lock timeout (or this run already waited it out
        once), the record is saved as ``W/_failed_runs/<run_id>.json`` instead, written
        atomically; the next run that gets the database inserts it (:meth:`prepare`).
        """
        try:
            con = self.connect()
        except WarehouseLocked as exc:
            path = self.save_unrecorded_run(data)
            logger.warning("run %s could not be written to runs (%s); saved in %s", data.run_id, exc, path)
            return
        with contextlib.closing(con):
            ensure_schema(con)
            con.begin()
            _insert_run(con, data)
            con.commit()

    def save_unrecorded_run(self, data: RunReportData) -> Path:
        """Write the run's record to ``W/_failed_runs/<run_id>.json`` (atomically, fsynced)."""
        self.failed_runs_dir.mkdir(parents=True, exist_ok=True)
        path = self.failed_runs_dir / f"{_safe_name(data.run_id)}.json"
        record = {
            "run_id": data.run_id,
            "flow_run_id": data.flow_run_id,
            "started_at": data.started_at.isoformat(),
            "finished_at": data.finished_at.isoformat(),
            "status": data.status,
            "files_seen": data.files_seen,
            "articles_loaded": data.articles_loaded,
            "files_rejected": data.files_rejected,
            "rows_quarantined": data.rows_quarantined,
            "files_unchanged": data.files_unchanged,
            "files_outside_window": data.files_outside_window,
            "error": data.error,
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
        fsync_directory(self.failed_runs_dir)
        return path

    def _record_saved_runs(self, con: duckdb.DuckDBPyConnection) -> int:
        """Insert the runs saved in ``W/_failed_runs`` into ``runs`` and remove their files
        (a run already in ``runs``, from a crash between the two, is not inserted again)."""
        saved = sorted(self.failed_runs_dir.glob("*.json")) if self.failed_runs_dir.is_dir() else []
        readable: list[tuple[Path, RunReportData]] = []
        for path in saved:
            try:
                record = json.loads(path.read_text(encoding="utf-8"))
                readable.append((path, RunReportData(
                    run_id=record["run_id"],
                    flow_run_id=record["flow_run_id"],
                    status=record["status"],
                    started_at=dt.datetime.fromisoformat(record["started_at"]),
                    finished_at=dt.datetime.fromisoformat(record["finished_at"]),
                    warehouse=str(self.root),
                    files_seen=record["files_seen"],
                    articles_loaded=record["articles_loaded"],
                    files_rejected=record["files_rejected"],
                    rejected_by_reason={},
                    rows_quarantined=record["rows_quarantined"],
                    outcomes=[ExpectationOutcome(*o) for o in record["outcomes"]],
                    articles_per_day=[],
                    quotes_per_article=[],
                    data_docs_index=None,
                    error=record["error"],
                    files_unchanged=record.get("files_unchanged", 0),  # none in a file saved before
                    files_outside_window=record.get("files_outside_window", 0),
                )))  # fmt: skip
            except (OSError, ValueError, KeyError, TypeError) as exc:  # kept for a person to read
                logger.warning("cannot read the saved run %s: %s", path, exc)
        if not readable:
            return 0
        con.begin()
        for _, data in readable:
            if not con.execute("SELECT count(*) FROM runs WHERE run_id = ?", [data.run_id]).fetchall()[0][0]:
                _insert_run(con, data)
        con.commit()
        for path, _ in readable:  # only the records inserted: a damaged one stays
            path.unlink(missing_ok=True)
        fsync_directory(self.failed_runs_dir)
        return len(readable)

    def _rewrite_months(
        self, con: duckdb.DuckDBPyConnection, export_dir: Path, change: Callable[[], set[str]]
    ) -> int:
        """In one transaction, make ``change`` (it returns the months it touched), stage those
        months' partitions in ``export_dir`` and journal their moves; then move them into place.
        A crash before the COMMIT leaves everything as it was, after it the next writer finishes
        the moves. Returns the number of moves."""
        con.begin()
        try:
            moves = self._export(con, export_dir, change())
            con.executemany("INSERT INTO _pending_files VALUES (?, ?)", moves)
            con.commit()
        except BaseException:
            con.rollback()
            raise
        finish_pending(con)
        return len(moves)

    def _export(
        self, con: duckdb.DuckDBPyConnection, export_dir: Path, months: set[str]
    ) -> list[tuple[str | None, str]]:
        """Write the touched partitions to ``export_dir``; return (staged file, live file) moves.

        Every staged file and folder is fsynced here, before the COMMIT: after it, the journal
        points at them and the next writer moves them into place without looking inside.
        """
        moves: list[tuple[str | None, str]] = []
        for table in PARTITIONED_TABLES:
            for month in sorted(months):
                partition = f"{PARTITION_COLUMN}={month}"
                live = self.parquet_dir / table / partition / "data.parquet"
                staged = export_dir / table / partition / "data.parquet"
                query = _partition_query(table, month)
                count = con.execute(f"SELECT count(*) FROM ({query})").fetchone()
                if count is None or count[0] == 0:
                    moves.append((None, str(live)))
                    continue
                staged.parent.mkdir(parents=True, exist_ok=True)
                _copy_to_parquet(con, query, staged)
                moves.append((str(staged), str(live)))
        staged = export_dir / "rejects" / "data.parquet"
        staged.parent.mkdir(parents=True, exist_ok=True)
        _copy_to_parquet(con, "SELECT * FROM rejects ORDER BY source_uri", staged)
        moves.append((str(staged), str(self.parquet_dir / "rejects" / "data.parquet")))
        # the new folders' entries too, from the partitions up to the warehouse directory
        staged_files = [Path(s) for s, _ in moves if s is not None]
        folders = {f for s in staged_files for f in s.parents if f.is_relative_to(self.root)}
        for folder in sorted(folders, key=lambda f: -len(f.parts)):
            fsync_directory(folder)
        return moves

    def prune(self, sources: Sequence[str | os.PathLike[str]], *, dry_run: bool = False) -> PruneResult:
        """Remove the articles of files that are gone from ``sources`` or ``stale``.

        Rules (a run never removes rows whose file it could not read; this is the explicit way):

        * Only files under the given SOURCEs count (an archive member under its archive); the
          articles of other roots are never touched.
        * **Gone**: the file (or its archive) is no longer found under its SOURCE. Its article,
          paragraphs, quotes and signature go, with its ``source_files`` and ``rejects`` rows.
        * **Stale**: the ledger says its last read was rejected (:func:`_find_stale`). Its rows
          go; its ledger row too (the next run reads it as a new file); its reject stays.
        * A file under a directory or archive that cannot be listed now is not gone: it may
          be there, unseen (a transient error must not cost rows).
        * A file refused as a ``duplicate`` of a removed article is forgotten by the ledger, so
          the next run reads it again and it takes the removed article's place (a story moved to
          a new path, then pruned at the old one, is not lost).
        * The touched Parquet partitions are rewritten through the same transaction and rename
          journal as a load; ``dry_run`` only lists what would go.
        """
        for source in sources:  # an unmounted or mistyped root (or a dangling link to one)
            if not os.path.exists(source):  # would make all its files look gone
                raise FileNotFoundError(f"SOURCE {source} does not exist: nothing was pruned")
        roots = [display_path(os.path.abspath(source)) for source in sources]
        found = discover(sources)
        present = {f.uri for f in found.files} | {r.source_uri for r in found.rejects}
        unseen = tuple(r.source_uri.rstrip("/") + "/" for r in found.rejects)  # directories not listed

        def under_roots(uri: str) -> bool:
            return any(uri == root or uri.startswith((root.rstrip("/") + "/", root + MEMBER_SEPARATOR))
                       for root in roots)  # fmt: skip

        def is_present(uri: str) -> bool:
            container = uri.split(MEMBER_SEPARATOR, 1)[0]
            return uri in present or (container != uri and container in present) or uri.startswith(unseen)

        result = PruneResult(dry_run=dry_run)
        with self.exclusive():
            self.prepare()
            with contextlib.closing(self.connect()) as con:
                candidates = con.execute(
                    "SELECT a.source_uri, a.article_id, f.status, f.stale_reason "
                    "FROM articles a LEFT JOIN source_files f USING (source_uri) ORDER BY 1"
                ).fetchall()
                for uri, article_id, status, stale_reason in candidates:
                    if not under_roots(uri):
                        continue
                    if not is_present(uri):
                        result.removed.append((uri, article_id, "gone"))
                    elif status == "stale":
                        result.removed.append((uri, article_id, f"stale: {stale_reason}"))
                if dry_run or not result.removed:
                    return result
                prune_id = "prune-" + dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
                result.partitions_written = self._rewrite_months(
                    con, self.pending_root / prune_id, lambda: _remove_articles(con, result.removed)
                )
        return result

    def discard_staging(self, run_id: str) -> None:
        shutil.rmtree(self.staging_dir(run_id), ignore_errors=True)
        with contextlib.suppress(OSError):
            self.staging_root.rmdir()  # only when no other run's staging is left


def _remove_articles(con: duckdb.DuckDBPyConnection, removed: list[tuple[str, str, str]]) -> set[str]:
    """Delete the pruned files' rows (inside the caller's transaction); return touched months."""
    con.execute("CREATE OR REPLACE TEMP TABLE doomed (source_uri VARCHAR, article_id VARCHAR, gone BOOLEAN)")
    rows = [[uri, article, why == "gone"] for uri, article, why in removed]
    con.executemany("INSERT INTO doomed VALUES (?, ?, ?)", rows)
    months = {
        row[0]
        for row in con.execute(
            f"SELECT DISTINCT {MONTH_SQL} FROM articles SEMI JOIN doomed USING (article_id)"
        ).fetchall()
    }
    for table in (*ARTICLE_CHILD_TABLES, "_signatures", "articles"):
        con.execute(f"DELETE FROM {table} WHERE article_id IN (SELECT article_id FROM doomed)")
    con.execute("DELETE FROM source_files WHERE source_uri IN (SELECT source_uri FROM doomed)")
    con.execute("DELETE FROM rejects WHERE source_uri IN (SELECT source_uri FROM doomed WHERE gone)")
    # a file refused as a duplicate of a removed article (the same story moved to a new path) is
    # forgotten by the ledger: the next run reads it as new, and it loads in the article's place
    con.execute(
        """
        DELETE FROM source_files WHERE status = 'rejected' AND source_uri IN (
            SELECT r.source_uri FROM rejects r JOIN doomed d
                ON strpos(r.detail, 'article ' || d.article_id || ' ') > 0
            WHERE r.reason = 'duplicate')
        """
    )
    return months


def _insert_run(con: duckdb.DuckDBPyConnection, data: RunReportData) -> None:
    con.execute(
        # by name: a warehouse that added a column on open has it last, whatever RUNS's order
        f"INSERT INTO runs ({', '.join(RUNS.names)}) VALUES ({', '.join('?' * len(RUNS.names))})",
        [
            data.run_id, data.flow_run_id, data.started_at, data.finished_at, data.status,
            data.files_seen, data.articles_loaded, data.files_rejected, data.rows_quarantined,
            data.error, data.files_unchanged, data.files_outside_window,
        ],
    )  # fmt: skip
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


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create the tables of :data:`TABLES` and add columns a newer schema has."""
    for name, schema in {**TABLES, **HISTORY_TABLES, **LEDGER_TABLES}.items():
        con.execute(create_table_sql(name, schema))
        existing = {row[0] for row in con.execute(f'DESCRIBE "{name}"').fetchall()}
        for f in schema:
            if f.name not in existing:
                default = (f.metadata or {}).get(b"default")
                fill = f" DEFAULT {default.decode()}" if default is not None else ""
                con.execute(f'ALTER TABLE "{name}" ADD COLUMN "{f.name}" {duckdb_type(f.type)}{fill}')
    con.execute("CREATE TABLE IF NOT EXISTS _pending_files (staged VARCHAR, live VARCHAR NOT NULL)")
    con.execute("CREATE TABLE IF NOT EXISTS _signatures (article_id VARCHAR NOT NULL, minhash BLOB NOT NULL)")


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


def _copy_to_parquet(con: duckdb.DuckDBPyConnection, query: str, path: Path) -> None:
    """Write the query's rows to a Parquet file and flush it to the disk (before the COMMIT that
    makes the journal point at it). The path is a parameter, whatever characters it holds."""
    con.execute(f"COPY ({query}) TO ? (FORMAT parquet, COMPRESSION zstd)", [str(path)])
    fsync_file(path)


def _partition_query(table: str, month: str) -> str:
    # month is 'YYYY-MM' or 'unknown', computed by SQL from a DATE column, never input text
    if table == "articles":
        return f"SELECT * FROM articles WHERE {MONTH_SQL} = '{month}' ORDER BY article_id"
    keys = ", ".join(f"t.{key}" for key in dict.fromkeys(("article_id", *KEYS[table])))
    return (
        f"SELECT t.* FROM {table} t JOIN articles USING (article_id) "
        f"WHERE {MONTH_SQL} = '{month}' ORDER BY {keys}"
    )


def _stage(con: duckdb.DuckDBPyConnection, staging: Path) -> None:
    """Temporary tables stage_<table> holding the run's staged rows (empty when none)."""
    for table in (*TABLES, "files"):
        files = sorted((staging / table).glob("*.parquet"))
        schema = staged_schema(table)
        con.execute(f"DROP TABLE IF EXISTS stage_{table}")
        if files:
            con.execute(
                f"CREATE TEMP TABLE stage_{table} AS SELECT * FROM read_parquet(?)", [[str(f) for f in files]]
            )
        else:
            con.register("_empty_stage", schema.empty_table())
            con.execute(f"CREATE TEMP TABLE stage_{table} AS SELECT * FROM _empty_stage")
            con.unregister("_empty_stage")
    # one outcome per file: a second input refused for having the same name as a file that was
    # read (two archive members of one name) must not become a second ledger row for that name
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE stage_files AS SELECT * FROM stage_files
        QUALIFY row_number() OVER (
            PARTITION BY source_uri
            ORDER BY CASE outcome WHEN 'parsed' THEN 0 WHEN 'unchanged' THEN 1
                                  WHEN 'outside_window' THEN 2 ELSE 3 END) = 1
        """
    )


#: the files whose earlier rows this run keeps (stale) or confirms (recovered)
_KEPT_FILES_SQL = "SELECT source_uri FROM stale UNION ALL SELECT source_uri FROM recovered"


def _find_stale(con: duckdb.DuckDBPyConnection, result: LoadResult) -> None:
    """Temporary tables ``stale`` and ``recovered``: a failed re-read never costs loaded rows.

    Rules:

    * A file with rows in ``articles`` that this run read again and rejected at stage ``read`` or
      ``parse`` (any reason: ``too_large``, ``unreadable``, ``corrupt``, ``empty``, ``no_body``,
      ``parse_timeout`` …) is **stale**: its rows (article, paragraphs, quotes, signature, Parquet
      partitions) stay as they are, its reject is recorded, and the ledger marks it ``stale`` with
      the reason (keeping the size, mtime and sha256 of the version that loaded). A reject of a
      whole archive at discovery (it can no longer be listed) makes each of its loaded members
      stale the same way — only the members this run did not reach: a member read before a
      truncated archive's damage has its own outcome. Only a successful parse replaces the rows;
      removing them is ``news-etl prune``'s job, never a side effect of a run.
    * A stale file whose bytes hash again to the loaded version's sha256 is **recovered**: its
      rows are its content, the ledger says ``loaded`` again and its stale reject goes.
    * Load-stage refusals are not failed reads and keep their behaviour: a file that parses but
      is now a ``duplicate`` of another, or whose new version the quality checks quarantine,
      loses its earlier rows (the new version is the file's content, and it was refused).
    """
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE stale AS
        WITH failed AS (  -- not a file this run read well (a same-named second input's reject)
            SELECT source_uri, min(reason) AS reason FROM stage_rejects
            WHERE stage IN ('read', 'parse') AND source_uri NOT IN (
                SELECT source_uri FROM stage_files WHERE outcome IN ('parsed', 'unchanged', 'outside_window'))
            GROUP BY 1),
        loaded AS (
            SELECT source_uri, min(article_id) AS article_id,
                   CASE WHEN strpos(source_uri, '{MEMBER_SEPARATOR}') > 0
                        THEN substr(source_uri, 1, strpos(source_uri, '{MEMBER_SEPARATOR}') - 1)
                   END AS container
            FROM articles
            WHERE source_uri NOT IN (SELECT source_uri FROM stage_articles) GROUP BY 1)
        SELECT l.source_uri, l.article_id, coalesce(f.reason, c.reason) AS reason
        FROM loaded l
        LEFT JOIN failed f ON f.source_uri = l.source_uri
        -- a member counts its archive's failure only when this run did not reach it at all
        LEFT JOIN failed c ON c.source_uri = l.container
                          AND l.source_uri NOT IN (SELECT source_uri FROM stage_files)
        WHERE f.reason IS NOT NULL OR c.reason IS NOT NULL
        """
    )
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE recovered AS
        SELECT f.source_uri FROM stage_files f JOIN source_files old USING (source_uri)
        WHERE f.outcome = 'unchanged' AND old.status = 'stale' AND f.sha256 = old.sha256
        """
    )
    result.files_kept = _count_rows(con, "SELECT count(*) FROM stale")
    result.kept = [
        (uri, reason)
        for uri, reason in con.execute(
            "SELECT source_uri, reason FROM stale ORDER BY source_uri LIMIT ?", [KEPT_LISTED_FILES]
        ).fetchall()
    ]


def _settle_duplicates(con: duckdb.DuckDBPyConnection, run_id: str) -> None:
    """Split stage_articles into keepers (``keep``) and duplicates added to stage_rejects.

    ``run_sources``, the files whose earlier rows this run replaces, leaves out the ``stale``
    ones (:func:`_find_stale`) and those it found unchanged: their rows stay and count as
    standing articles.
    """
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE run_sources AS
        (SELECT source_uri FROM stage_articles UNION SELECT source_uri FROM stage_rejects)
        EXCEPT (SELECT source_uri FROM stale
                UNION SELECT source_uri FROM stage_files WHERE outcome IN ('unchanged', 'outside_window'))
        """
    )
    # articles already loaded from files that are not part of this run keep their place
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE standing AS
        SELECT article_id, body_sha256, source_uri FROM articles
        WHERE source_uri NOT IN (SELECT source_uri FROM run_sources)
        """
    )
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE verdicts AS
        WITH by_id AS (
            SELECT source_uri, article_id, body_sha256,
                   first_value(source_uri) OVER (PARTITION BY article_id ORDER BY source_uri) AS id_first
            FROM stage_articles
        ), by_body AS (
            SELECT *,
                first_value(article_id) OVER (PARTITION BY body_sha256 ORDER BY source_uri) AS body_first,
                first_value(source_uri) OVER (PARTITION BY body_sha256 ORDER BY source_uri) AS body_first_uri
            FROM by_id WHERE source_uri = id_first
        )
        SELECT b.source_uri, b.article_id,
            CASE
                WHEN b.source_uri <> b.id_first
                    THEN 'same URL as article ' || b.article_id || ' loaded from ' || b.id_first
                WHEN s.source_uri <> s.body_first_uri
                    THEN 'same body as article ' || s.body_first || ' loaded from ' || s.body_first_uri
                WHEN w.article_id IS NOT NULL
                    THEN 'same URL as article ' || w.article_id || ' already loaded from ' || w.source_uri
                WHEN wb.article_id IS NOT NULL
                    THEN 'same body as article ' || wb.article_id || ' already loaded from ' || wb.source_uri
            END AS duplicate_of
        FROM by_id b
        LEFT JOIN by_body s USING (source_uri)
        LEFT JOIN (SELECT article_id, min(source_uri) AS source_uri FROM standing GROUP BY 1) w
            ON w.article_id = b.article_id
        LEFT JOIN (SELECT body_sha256, min(article_id) AS article_id, min(source_uri) AS source_uri
                   FROM standing GROUP BY 1) wb
            ON wb.body_sha256 = b.body_sha256
        """
    )
    con.execute(
        """
        INSERT INTO stage_rejects (source_uri, source_sha256, stage, reason, detail, run_id)
        SELECT a.source_uri, a.source_sha256, 'load', 'duplicate', v.duplicate_of, ?
        FROM stage_articles a JOIN verdicts v USING (source_uri)
        WHERE v.duplicate_of IS NOT NULL
        """,
        [run_id],
    )
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE keep AS
        SELECT source_uri, article_id FROM verdicts WHERE duplicate_of IS NULL
        """
    )


def _flag_near_duplicates(con: duckdb.DuckDBPyConnection) -> None:
    """Set ``duplicate_of`` on keepers that nearly duplicate an earlier article (MinHash LSH).

    The same answer as :func:`~transforms.similarity.find_near_duplicates` (a test holds
    them equal), computed in DuckDB. The articles are ordered: the standing ones (by
    ``article_id``), then the keepers (by ``source_uri``). Per LSH band key, a window over its
    holders in that order names each keeper's candidates: the key's first holder and its
    :data:`~transforms.similarity.NEAR_DUPLICATE_RECENT_CANDIDATES` latest earlier
    holders. So an article has at most ``bands × (1 + that)`` candidate pairs, however many
    versions of its story there are (the all-pairs band join this replaces grew with the square
    of a cluster's size and ran out of memory at 100,000 files in clusters of ~26). Each pair is
    compared on the whole signature (as hex text, two characters a byte); ``duplicate_of`` is the
    most similar candidate at or above the threshold, the earliest on a tie.
    """
    bands, rows = lsh_bands()
    width = rows * 8  # hex characters of one band
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE _near_signatures AS
        WITH standing_sigs AS (
            SELECT s.article_id, hex(s.minhash) AS minhash, false AS incoming,
                   row_number() OVER (ORDER BY s.article_id) AS ord
            FROM _signatures s SEMI JOIN standing USING (article_id)),
        incoming AS (
            SELECT a.article_id, hex(a.minhash) AS minhash, true AS incoming,
                   (SELECT count(*) FROM standing_sigs) + row_number() OVER (ORDER BY a.source_uri) AS ord
            FROM stage_articles a JOIN keep USING (source_uri, article_id) WHERE a.minhash IS NOT NULL)
        -- an id already entered keeps its first signature and place, and is not compared again
        SELECT article_id, arg_min(minhash, ord) AS minhash, arg_min(incoming, ord) AS incoming,
               min(ord) AS ord
        FROM (SELECT * FROM standing_sigs UNION ALL SELECT * FROM incoming) GROUP BY article_id
        """
    )
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE _near_pairs AS
        WITH keyed AS (
            SELECT s.article_id, s.ord, s.incoming, b.band,
                   substr(s.minhash, b.band * {width} + 1, {width}) AS key
            FROM _near_signatures s, range({bands}) b(band)),
        held AS (
            SELECT article_id, incoming,
                   first_value(article_id) OVER (PARTITION BY band, key ORDER BY ord) AS representative,
                   list(article_id) OVER (PARTITION BY band, key ORDER BY ord
                       ROWS BETWEEN {NEAR_DUPLICATE_RECENT_CANDIDATES} PRECEDING AND 1 PRECEDING) AS latest
            FROM keyed),
        named AS (
            SELECT article_id, unnest(list_prepend(representative, coalesce(latest, []))) AS candidate
            FROM held WHERE incoming)
        SELECT DISTINCT article_id, candidate FROM named WHERE candidate <> article_id
        """
    )
    # the values of the signatures that take part, one column each: 64 plain comparisons a pair
    slots = range(bands * rows)
    values = ", ".join(f"('0x' || substr(minhash, {k * 8 + 1}, 8))::UINTEGER AS v{k}" for k in slots)
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE _near_values AS
        SELECT article_id, ord, {values} FROM _near_signatures
        WHERE article_id IN (SELECT article_id FROM _near_pairs UNION ALL SELECT candidate FROM _near_pairs)
        """
    )
    equal = " + ".join(f"(s.v{k} = c.v{k})::INTEGER" for k in slots)
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE _near AS
        WITH scored AS (
            SELECT p.article_id, p.candidate, c.ord AS candidate_ord, ({equal}) / {len(slots)} AS similarity
            FROM _near_pairs p JOIN _near_values s ON s.article_id = p.article_id
                               JOIN _near_values c ON c.article_id = p.candidate)
        SELECT article_id, arg_min(candidate, (-similarity, candidate_ord)) AS duplicate_of
        FROM scored WHERE similarity >= {NEAR_DUPLICATE_JACCARD}
        GROUP BY article_id
        """
    )
    con.execute(
        "UPDATE stage_articles SET duplicate_of = f.duplicate_of FROM _near f "
        "WHERE stage_articles.article_id = f.article_id"
    )
    for table in ("_near_values", "_near_pairs", "_near_signatures"):
        con.execute(f"DROP TABLE {table}")


#: A reject that kept its file's article out of the warehouse (not just one of its quotes).
FILE_LEVEL_REJECT_SQL = "coalesce(table_name, 'articles') IN ('articles', 'paragraphs')"


def _count_rows(con: duckdb.DuckDBPyConnection, query: str) -> int:
    row = con.execute(query).fetchone()
    return int(row[0]) if row else 0


#: per table: what the rows are split into chunks by (all rows of one key in one chunk)
_CHUNK_KEYS = {
    "articles": "article_id",
    "paragraphs": "article_id",
    "quotes": "quote_id",
    "rejects": "source_uri",
}


def _validation_tables(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Stage what the quality checks read as temporary tables ``check_<table>``: the rows about
    to be loaded, computed check columns, a run-wide ``_row`` number and a ``_chunk``; return the
    number of chunks of each table.

    The long texts (``articles.body``, ``paragraphs.text``, ``quotes.quote_text``) reach the
    suites as ``''`` (null where null): their checks there are not-null and the column set, their
    content is checked here, through the lengths and the offsets that must slice the body back to
    the text; a copy of every text of the run would only weigh on memory.
    """
    con.execute(
        "CREATE OR REPLACE TEMP VIEW keep_articles AS "
        "SELECT a.* FROM stage_articles a JOIN keep USING (source_uri, article_id)"
    )
    # each row number is taken over the finished check columns, never over rows still holding a
    # body: a window materialises its whole input, and 100,000 bodies per paragraph would not fit
    queries = {
        "articles": """
            SELECT (row_number() OVER (ORDER BY source_uri) - 1)::BIGINT AS _row, *
            FROM (SELECT * EXCLUDE (minhash) REPLACE (CASE WHEN body IS NULL THEN NULL ELSE '' END AS body),
                         length(title) AS title_length, length(body) AS body_length
                  FROM keep_articles)""",
        "paragraphs": """
            WITH p AS (SELECT p.* FROM stage_paragraphs p SEMI JOIN keep USING (source_uri, article_id)),
            contiguous AS (
                SELECT source_uri, article_id,
                       min(paragraph_index) = 0 AND max(paragraph_index) + 1 = count(*)
                       AND count(DISTINCT paragraph_index) = count(*) AS index_contiguous
                FROM p GROUP BY ALL),
            checked AS MATERIALIZED (
                SELECT p.* REPLACE (CASE WHEN p.text IS NULL THEN NULL ELSE '' END AS text),
                       coalesce(p.char_start >= 0 AND p.char_end <= length(a.body)
                                AND p.char_start <= p.char_end
                                AND substr(a.body, p.char_start + 1, p.char_end - p.char_start) = p.text,
                                false) AS offsets_ok,
                       c.index_contiguous, length(p.text) AS text_length
                FROM p JOIN keep_articles a USING (source_uri, article_id)
                       JOIN contiguous c USING (source_uri, article_id))
            SELECT (row_number() OVER (ORDER BY source_uri, paragraph_index) - 1)::BIGINT AS _row, *
            FROM checked""",
        "quotes": """
            WITH checked AS MATERIALIZED (
                SELECT q.* REPLACE (CASE WHEN q.quote_text IS NULL THEN NULL ELSE '' END AS quote_text),
                       coalesce(q.char_start >= 0 AND q.char_end <= length(a.body)
                                AND q.char_start < q.char_end
                                AND substr(a.body, q.char_start + 1, q.char_end - q.char_start)
                                    = q.quote_text,
                                false) AS offsets_ok
                FROM stage_quotes q JOIN keep_articles a USING (source_uri, article_id))
            SELECT (row_number() OVER (ORDER BY source_uri, char_start, quote_id) - 1)::BIGINT AS _row, *
            FROM checked""",
        "rejects": """
            SELECT (row_number() OVER (ORDER BY source_uri, reason) - 1)::BIGINT AS _row, *
            FROM stage_rejects""",
    }
    from quality.suites import chunk_of

    chunks = {}
    for table, query in queries.items():
        con.execute(f"CREATE OR REPLACE TEMP TABLE check_{table} AS {query}")
        rows = _count_rows(con, f"SELECT count(*) FROM check_{table}")
        chunk, chunks[table] = chunk_of(_CHUNK_KEYS[table], rows)
        # every column as the query made it: a missing or extra one must fail the column check
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE check_{table} AS SELECT *, {chunk} AS _chunk FROM check_{table}"
        )
    return chunks


def _validation_chunks(con: duckdb.DuckDBPyConnection, table: str, chunks: int) -> Iterator[pa.Table]:
    for chunk in range(chunks):
        yield con.sql(
            f"SELECT * EXCLUDE (_chunk) FROM check_{table} WHERE _chunk = {chunk} ORDER BY _row"
        ).to_arrow_table()


def _quarantine(
    con: duckdb.DuckDBPyConnection,
    failing_rows: dict[tuple[str, int], list[str]],
    run_id: str,
) -> int:
    """Hold back the rows that failed a quarantine check; return how many rows failed.

    A failing article or paragraph holds its whole article back (one ``rejects`` row for its
    file, the first failing check as ``reason``); a failing quote holds back only itself.
    """
    held: dict[tuple[str, str], list[str]] = {}
    quotes: list[tuple[str, str, str, str]] = []
    for (table, row), checks in sorted(failing_rows.items()):
        if table not in ("articles", "paragraphs", "quotes"):
            continue  # a staged reject is a reject already
        keys = ", ".join(dict.fromkeys(("source_uri", "article_id", *ROW_KEYS[table])))
        cursor = con.execute(f"SELECT {keys} FROM check_{table} WHERE _row = ?", [row])
        record = dict(zip([d[0] for d in cursor.description or []], cursor.fetchone() or (), strict=True))
        where = f"{table} row " + ", ".join(
            f"{k}={record[k]!r}" for k in ROW_KEYS[table] if k != "source_uri"
        )
        if table == "quotes":
            quotes.append(
                (record["source_uri"], record["quote_id"], checks[0], f"{where}: failed {', '.join(checks)}")
            )
        elif table in ("articles", "paragraphs"):
            held.setdefault((record["source_uri"], record["article_id"]), []).extend(
                f"{table}.{name} ({where})" for name in checks
            )
    for (source_uri, article_id), failures in held.items():
        first = failures[0].split(".", 1)[1].split(" ", 1)[0]
        con.execute(
            "INSERT INTO stage_rejects SELECT source_uri, source_sha256, 'quality', ?, ?, ?, ?, ? "
            "FROM stage_articles WHERE source_uri = ? AND article_id = ?",
            [
                first,
                "; ".join(failures),
                run_id,
                failures[0].split(".", 1)[0],
                article_id,
                source_uri,
                article_id,
            ],
        )
        con.execute("DELETE FROM keep WHERE source_uri = ? AND article_id = ?", [source_uri, article_id])
    for source_uri, quote_id, reason, detail in quotes:
        con.execute(
            "INSERT INTO stage_rejects SELECT source_uri, source_sha256, 'quality', ?, ?, ?, 'quotes', ? "
            "FROM stage_articles WHERE source_uri = ? LIMIT 1",
            [reason, detail, run_id, quote_id, source_uri],
        )
        con.execute("DELETE FROM stage_quotes WHERE source_uri = ? AND quote_id = ?", [source_uri, quote_id])
    if quotes:
        con.execute(
            "UPDATE stage_articles a SET quote_count = (SELECT count(*) FROM stage_quotes q "
            "WHERE q.source_uri = a.source_uri AND q.article_id = a.article_id)"
        )
    return len(failing_rows)


def _update_ledger(con: duckdb.DuckDBPyConnection, run_id: str) -> tuple[int, int]:
    """Record every file this run saw in ``source_files`` (after the keepers are final); return
    how many of the files read were new to the ledger and how many it knew (changed).

    A stale file (:func:`_find_stale`) keeps the size, mtime, sha256 and article of the version
    that loaded, with ``status = 'stale'`` and the reject reason; a recovered one is ``loaded``.
    """
    counts = con.execute(
        "SELECT count(*) FILTER (old.source_uri IS NULL), count(*) FILTER (old.source_uri IS NOT NULL) "
        "FROM stage_files f LEFT JOIN source_files old USING (source_uri) "
        "WHERE f.outcome IN ('parsed', 'rejected')"
    ).fetchone()
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE ledger_update AS
        SELECT f.source_uri,
               CASE WHEN s.source_uri IS NOT NULL THEN old.size ELSE f.size END AS size,
               CASE WHEN s.source_uri IS NOT NULL THEN old.mtime ELSE f.mtime END AS mtime,
               CASE WHEN s.source_uri IS NOT NULL THEN old.sha256 ELSE coalesce(f.sha256, old.sha256) END
                   AS sha256,
               coalesce(old.first_seen_run, $run) AS first_seen_run,
               $run AS last_run,
               CASE WHEN s.source_uri IS NOT NULL THEN 'stale'
                    WHEN r.source_uri IS NOT NULL THEN 'loaded'
                    WHEN f.outcome = 'unchanged' THEN old.status
                    WHEN k.article_id IS NOT NULL THEN 'loaded' ELSE 'rejected' END AS status,
               CASE WHEN s.source_uri IS NOT NULL THEN s.article_id
                    WHEN f.outcome = 'unchanged' THEN old.article_id ELSE k.article_id END AS article_id,
               CASE WHEN s.source_uri IS NOT NULL THEN s.reason
                    WHEN f.outcome = 'unchanged' AND r.source_uri IS NULL THEN old.stale_reason END
                   AS stale_reason
        FROM stage_files f
        LEFT JOIN source_files old USING (source_uri)
        LEFT JOIN keep k USING (source_uri)
        LEFT JOIN stale s USING (source_uri)
        LEFT JOIN recovered r USING (source_uri)
        WHERE f.outcome <> 'outside_window' AND (f.outcome <> 'unchanged' OR old.source_uri IS NOT NULL)
        QUALIFY row_number() OVER (PARTITION BY f.source_uri ORDER BY old.last_run DESC NULLS LAST) = 1
        """,
        {"run": run_id},
    )
    con.execute("DELETE FROM source_files WHERE source_uri IN (SELECT source_uri FROM ledger_update)")
    columns = ", ".join(f'"{f.name}"' for f in LEDGER_TABLES["source_files"])
    con.execute(f"INSERT INTO source_files SELECT {columns} FROM ledger_update")
    # members of an archive refused whole at discovery are not in stage_files
    con.execute(
        "UPDATE source_files SET status = 'stale', stale_reason = s.reason, last_run = $run FROM stale s "
        "WHERE source_files.source_uri = s.source_uri "
        "AND s.source_uri NOT IN (SELECT source_uri FROM ledger_update)",
        {"run": run_id},
    )
    return (counts[0], counts[1]) if counts else (0, 0)


def _collect_report_stats(con: duckdb.DuckDBPyConnection, result: LoadResult) -> None:
    """The report's charts: this run's articles by day and quotes per article."""
    kept = "FROM stage_articles a JOIN keep USING (source_uri, article_id)"
    per_day = con.execute(f"SELECT published_date, count(*) {kept} GROUP BY 1 ORDER BY 1").fetchall()
    result.articles_per_day = [(day, count) for day, count in per_day]
    result.quotes_per_article = [row[0] for row in con.execute(f"SELECT quote_count {kept}").fetchall()]


def _replace_rows(con: duckdb.DuckDBPyConnection, result: LoadResult) -> set[str]:
    """Delete what this run's files loaded before, insert the keepers; return touched months."""
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE outgoing AS
        SELECT article_id, published_date FROM articles
        WHERE source_uri IN (SELECT source_uri FROM run_sources)
           OR article_id IN (SELECT article_id FROM keep)
        """
    )
    months = {
        row[0]
        for row in con.execute(
            f"""
            SELECT DISTINCT {MONTH_SQL} FROM outgoing
            UNION SELECT DISTINCT {MONTH_SQL} FROM stage_articles JOIN keep USING (source_uri, article_id)
            """
        ).fetchall()
    }
    replaced = con.execute(
        "SELECT count(*) FROM outgoing WHERE article_id IN (SELECT article_id FROM keep)"
    ).fetchone()
    result.replaced = replaced[0] if replaced else 0
    for table in ARTICLE_CHILD_TABLES:
        con.execute(f"DELETE FROM {table} WHERE article_id IN (SELECT article_id FROM outgoing)")
    con.execute("DELETE FROM articles WHERE article_id IN (SELECT article_id FROM outgoing)")
    con.execute("DELETE FROM _signatures WHERE article_id IN (SELECT article_id FROM outgoing)")
    con.execute(
        "INSERT INTO _signatures SELECT a.article_id, a.minhash FROM stage_articles a "
        "JOIN keep USING (source_uri, article_id) WHERE a.minhash IS NOT NULL"
    )
    for table, alias in (("articles", "a"), *((child, "c") for child in ARTICLE_CHILD_TABLES)):
        columns = ", ".join(f'{alias}."{f.name}"' for f in TABLES[table])
        inserted = con.execute(
            f"INSERT INTO {table} SELECT {columns} FROM stage_{table} {alias} "
            "JOIN keep USING (source_uri, article_id)"
        ).fetchone()
        result.inserted[table] = inserted[0] if inserted else 0
    con.execute("DELETE FROM rejects WHERE source_uri IN (SELECT source_uri FROM run_sources)")
    # a stale or recovered file keeps the rejects of the rows it keeps (held-back quotes); its
    # earlier failed read is replaced by this run's (or, recovered, is over)
    con.execute(f"DELETE FROM rejects WHERE stage IN ('read', 'parse') AND source_uri IN ({_KEPT_FILES_SQL})")
    rejects_cols = ", ".join(f'"{f.name}"' for f in TABLES["rejects"])
    con.execute(f"INSERT INTO rejects SELECT {rejects_cols} FROM stage_rejects")
    for reason, count in con.execute(
        "SELECT reason, count(DISTINCT source_uri) FROM stage_rejects "
        f"WHERE stage IN ('load', 'quality') AND {FILE_LEVEL_REJECT_SQL} GROUP BY 1"
    ).fetchall():
        result.rejected[reason] += count
    return months
