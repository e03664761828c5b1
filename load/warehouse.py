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
   and rejected at read or parse is ``stale`` instead: its rows stay (:func:`~load.replace.find_stale`);
   only ``news-etl prune`` (:meth:`Warehouse.prune`) removes them.
3. Every Parquet partition the change touches is rewritten from the transaction's own view of the
   tables into ``_pending/<run_id>`` (one partitioned COPY a table, :mod:`load.export`), each file
   and folder fsynced, and the file moves are recorded in ``_pending_files``.
4. COMMIT. Then each staged Parquet file replaces the live one with an atomic rename, the
   folders are fsynced, and the journal is cleared. A crash before the commit leaves the
   warehouse as it was; a crash after it leaves a journal that the next writer finishes before
   doing anything else.

Every connection waits for the database file while another process holds it (DuckDB allows one
writer or many readers), and a second writer queues on ``W/.lock``, both up to the lock timeout
(``--lock-timeout``). Readers should hold short read-only connections, or read the Parquet mirror.

This module holds the :class:`Warehouse` (its connections, locks and the load protocol); the
steps live beside it: :mod:`load.ddl` (tables, upgrades), :mod:`load.replace` (staged rows,
stale files, replacement, the ledger), :mod:`load.dedupe` (duplicates, near duplicates),
:mod:`load.quarantine` (the quality checks' input and the rows they hold back),
:mod:`load.export` (Parquet partitions, the rename journal), :mod:`load.history` (``runs``,
``dq_results``, runs saved while the database was held) and :mod:`load.memory`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import logging
import os
import re
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import duckdb

from load.ddl import ensure_schema, months_missing_columns
from load.dedupe import flag_near_duplicates, settle_duplicates
from load.export import export_months, finish_pending
from load.history import (
    FAILED_RUNS_DIRNAME,
    forget_saved_run,
    record_saved_runs,
    replace_run,
    save_unrecorded_run,
)
from load.memory import DUCKDB_MEMORY_LIMIT, out_of_memory, spill_config
from load.quarantine import check_derived, check_quality, derived_outcomes, failed_checks
from load.replace import (
    KEPT_FILES_SQL,
    collect_report_stats,
    count_rows,
    find_stale,
    remove_articles,
    replace_rows,
    stage,
    update_ledger,
)
from schemas import RunRecord
from schemas.errors import PruneQualityFailure
from schemas.records import ExpectationOutcome
from schemas.results import LedgerEntry, LoadResult
from schemas.uris import SourcesPresent
from schemas.validation import Validator

DB_FILENAME = "news.duckdb"
LOCK_FILENAME = ".lock"
#: how long a run waits for the database while another process holds it (``--lock-timeout``)
LOCK_TIMEOUT_SECONDS = 300.0
#: how often a waiting run says that it waits
LOCK_MESSAGE_EVERY_SECONDS = 5.0
#: the first and the longest pause between two attempts to take a lock
LOCK_RETRY_FIRST_SECONDS = 0.05
LOCK_RETRY_MAX_SECONDS = 1.0


logger = logging.getLogger(__name__)


class WarehouseBusy(RuntimeError):
    """Another run held the warehouse's writer lock for longer than the lock timeout."""


class WarehouseLocked(WarehouseBusy):
    """Another process (a reader or a writer) held the database file past the lock timeout."""


class WarehouseMissing(FileNotFoundError):
    """There is no warehouse database at the given place."""


@dataclass(slots=True)
class PruneResult:
    """What ``news-etl prune`` removed (or, with ``dry_run``, would remove)."""

    removed: list[tuple[str, str, str]] = field(default_factory=list)  # (file, article_id, why)
    partitions_written: int = 0
    dry_run: bool = False
    outcomes: list[ExpectationOutcome] = field(default_factory=list)  # the speakers rows' checks


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
            # bounded too: the invariant check joins bodies to paragraphs and quotes
            limit: dict[str, str | bool | int | float | list[str]] = {"memory_limit": self.memory_limit}
            return self._wait_for_database(
                lambda: duckdb.connect(str(self.db_path), read_only=True, config=limit), wait_seconds
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

        A column a newer schema added to a partitioned table (``articles.source_encoding``,
        ``quotes.confidence``) is added to the DuckDB table, null in the rows already there
        (until their file is read again: ``--full-refresh``), and the Parquet partitions
        written before it are written again, so that every file of the mirror has the table's
        columns (a partition that lacks one is found by its file's schema: a crash halfway is
        finished by the next writer). A column a newer schema added to ``runs``
        (``files_unchanged``, ``files_outside_window``) gets its declared default, 0, in the rows
        of the runs before it."""
        with contextlib.closing(self.connect()) as con:
            ensure_schema(con)
            finish_pending(con)
            outdated = months_missing_columns(self.parquet_dir)
            if outdated:
                self._rewrite_months(con, self.pending_root / "_schema_upgrade", lambda: outdated)
            record_saved_runs(con, self.failed_runs_dir, self.root)
        shutil.rmtree(self.staging_root, ignore_errors=True)
        shutil.rmtree(self.pending_root, ignore_errors=True)  # exports of loads that never committed

    # ---------------------------------------------------------------------------- load
    def load_run(self, run_id: str, *, validator: Validator | None) -> LoadResult:
        """Load the run's staged files (protocol in the module docstring).

        With a ``validator`` (always, in the flow: quality's suites) the rows about to be loaded
        are checked first (:mod:`load.quarantine`): quarantined rows go to ``rejects``, and a
        critical failure raises :class:`~schemas.errors.QualityFailure` before anything is
        written. Once the checked rows are in, the ``speakers`` rows the load derived from them
        are checked too (:func:`~load.quarantine.check_derived`, all critical): a failure there
        raises the same, and the transaction rolls back. ``validator=None``, said explicitly (the
        tests of the load alone), checks nothing.
        """
        staging = self.staging_dir(run_id)
        result = LoadResult()
        load_started = time.perf_counter()
        with contextlib.closing(self.connect()) as con:
            ensure_schema(con)
            finish_pending(con)
            con.begin()
            try:
                stage(con, staging)
                find_stale(con, result)
                settle_duplicates(con, run_id)
                flag_near_duplicates(con)
                changed = count_rows(con, "SELECT count(*) FROM run_sources") > 0
                kept = f"SELECT count(*) FROM ({KEPT_FILES_SQL})"  # noqa: S608  load.replace's constant
                changed = changed or count_rows(con, kept) > 0
                if validator is not None and changed:  # a run that read nothing new has nothing to check
                    started = time.perf_counter()
                    check_quality(con, validator, run_id, result, staging)
                    result.seconds["validate"] = time.perf_counter() - started
                collect_report_stats(con, result)
                months = replace_rows(con, result)
                if validator is not None and changed:  # the speakers rows it just wrote
                    started = time.perf_counter()
                    check_derived(con, validator, run_id, result)
                    result.seconds["validate"] = (
                        result.seconds.get("validate", 0.0) + time.perf_counter() - started
                    )
                result.months = sorted(months)
                result.files_new, result.files_changed = update_ledger(con, run_id)
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

    def ledger(self) -> dict[str, LedgerEntry]:
        """What ``source_files`` knows of every file (empty for a new warehouse).

        Every run reads the whole ledger, so it is read as Arrow columns and the entries made
        column by column: about three times faster than a Python tuple per row, which is most of
        what a rerun of an unchanged archive spends outside the flow's start."""
        if not self.exists():
            return {}
        with contextlib.closing(self.connect(read_only=True)) as con:
            tables = {row[0] for row in con.execute("SHOW TABLES").fetchall()}
            if "source_files" not in tables:
                return {}
            ledger = con.sql(
                "SELECT source_uri, size, mtime, sha256, status = 'stale' AS stale FROM source_files"
            ).to_arrow_table()
        uris, sizes, mtimes, hashes, stale = (column.to_pylist() for column in ledger.columns)
        return dict(zip(uris, map(LedgerEntry, sizes, mtimes, hashes, stale), strict=True))

    def record_run(self, data: RunRecord) -> None:
        """Write the run to ``runs`` and its checks to ``dq_results`` (one transaction), replacing
        the rows its ``run_id`` already has: a retried publish writes the run once.

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
            replace_run(con, data)
            con.commit()
        forget_saved_run(self.failed_runs_dir, data.run_id)

    def save_unrecorded_run(self, data: RunRecord) -> Path:
        """Write the run's record to ``W/_failed_runs/<run_id>.json`` (atomically, fsynced)."""
        return save_unrecorded_run(self.failed_runs_dir, data)

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
        """Write the touched partitions to ``export_dir``; return (staged file, live file) moves
        (:func:`~load.export.export_months`)."""
        return export_months(con, self.root, self.parquet_dir, export_dir, months)

    def prune(
        self, present: SourcesPresent, *, dry_run: bool = False, validator: Validator | None = None
    ) -> PruneResult:
        """Remove the articles of files that are gone from the SOURCEs ``present`` looked at
        afresh (:func:`extract.presence.present_sources`), or ``stale``.

        Rules (a run never removes rows whose file it could not read; this is the explicit way):

        * Only files under the given SOURCEs count (an archive member under its archive); the
          articles of other roots are never touched.
        * **Gone**: the file (or its archive) is no longer found under its SOURCE. Its article,
          paragraphs, quotes and signature go, with its ``source_files`` and ``rejects`` rows.
        * **Stale**: the ledger says its last read was rejected (:func:`~load.replace.find_stale`). Its rows
          go; its ledger row too (the next run reads it as a new file); its reject stays.
        * A file under a directory or archive that cannot be listed now is not gone: it may
          be there, unseen (a transient error must not cost rows).
        * A file refused as a ``duplicate`` of a removed article is forgotten by the ledger, so
          the next run reads it again and it takes the removed article's place (a story moved to
          a new path, then pruned at the old one, is not lost).
        * The touched Parquet partitions are rewritten through the same transaction and rename
          journal as a load; ``dry_run`` only lists what would go.
        * With a ``validator`` (the CLI's: quality's suites), the ``speakers`` rows the removal
          recomputes are checked by the speakers suite as a load's are
          (:func:`~load.quarantine.derived_outcomes`; the validation is stored under the prune's
          id in ``<warehouse>/gx``); a critical failure raises
          :class:`~schemas.errors.PruneQualityFailure` and the removal is rolled back.
        """
        result = PruneResult(dry_run=dry_run)
        with self.exclusive():
            self.prepare()
            with contextlib.closing(self.connect()) as con:
                candidates = con.execute(
                    "SELECT a.source_uri, a.article_id, f.status, f.stale_reason "
                    "FROM articles a LEFT JOIN source_files f USING (source_uri) ORDER BY 1"
                ).fetchall()
                for uri, article_id, status, stale_reason in candidates:
                    if not present.covers(uri):
                        continue
                    if not present.has(uri):
                        result.removed.append((uri, article_id, "gone"))
                    elif status == "stale":
                        result.removed.append((uri, article_id, f"stale: {stale_reason}"))
                if dry_run or not result.removed:
                    return result
                prune_id = "prune-" + dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")

                def remove() -> set[str]:
                    months = remove_articles(con, result.removed)
                    if validator is not None:
                        result.outcomes = derived_outcomes(con, validator, prune_id)
                        failed = failed_checks(result.outcomes)
                        if failed:
                            raise PruneQualityFailure(
                                f"critical data-quality checks failed: {', '.join(failed)} (on the speakers "
                                "rows the prune recomputed); nothing was removed",
                                result.outcomes,
                            )
                    return months

                result.partitions_written = self._rewrite_months(con, self.pending_root / prune_id, remove)
        return result

    def discard_staging(self, run_id: str) -> None:
        shutil.rmtree(self.staging_dir(run_id), ignore_errors=True)
        with contextlib.suppress(OSError):
            self.staging_root.rmdir()  # only when no other run's staging is left
