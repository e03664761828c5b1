"""The ingest flow: discover raw files, parse them in batches, load the warehouse.

Thin wiring only: what runs when, in which batches, with which retries. The work itself is in
:mod:`extract.discover`, :mod:`extract.batches` and :mod:`load.warehouse`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import secrets
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.client.schemas.objects import State
from prefect.futures import PrefectFuture, as_completed
from prefect.runtime import flow_run
from prefect.task_runners import ProcessPoolTaskRunner

from extract.batches import BatchOptions, process_batch, stage_rejects, stage_unchanged
from extract.discover import discover
from extract.incremental import plan_run
from extract.inputs import MAX_FILE_BYTES
from flows.runners import exit_with_parent
from flows.runs import finish_record, publish_run
from load.memory import DUCKDB_MEMORY_LIMIT
from load.warehouse import LOCK_TIMEOUT_SECONDS, Warehouse, WarehouseBusy
from quality.batch import validate_batch
from quality.gx import KEEP_VALIDATION_RUNS, SuiteValidator
from quality.gx import preload as preload_quality
from quality.invariants import check_warehouse
from quality.suites import expectation_parameters
from reporting.html import report_markdown, report_table
from reporting.progress import CHECKING, LOADING, PUBLISHING, Progress
from schemas import RunRecord, SourceFile
from schemas.errors import QualityFailure
from schemas.results import BatchResult, LoadResult
from schemas.validation import ExpectationTally, merge_tallies
from transforms.budget import PARSE_TIMEOUT_SECONDS

#: Files per batch task. A batch's row checks cost about 0.44 s of CPU whatever its size (Great
#: Expectations' fixed cost per expectation, 42 of them: 0.9 ms per article at 500 files, 0.22 ms
#: at 2,000); 2,000 files are also few enough that a worker holds a batch's rows in ~100 MB, and a
#: daily run of a thousand new files is one batch, parsed in the flow's process without starting a pool.
BATCH_FILES = 2_000
SAMPLE_DIR = Path(__file__).resolve().parents[1] / "data" / "sample"


class WarehouseInconsistent(RuntimeError):
    """The end-of-run invariant check found something wrong (``news-etl check`` says what)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class IngestOptions:
    """What a run was asked to do, besides where its warehouse is."""

    sources: Sequence[str] | None  # None: the bundled sample
    batch: BatchOptions  # what every batch task is given
    batch_files: int  # files per batch task
    full_refresh: bool  # read every file again, whatever the ledger says
    show_progress: bool
    workers: int  # processes for the batches (1: this process or the flow's task runner)
    keep_validations: int = KEEP_VALIDATION_RUNS  # runs whose GX results and Data Docs pages stay


def new_run_id() -> str:
    """A run id that sorts by start time: ``20220216T101500Z-3fa9``."""
    return dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ") + "-" + secrets.token_hex(2)


@task(name="parse-batch", cache_policy=NO_CACHE, retries=2, retry_delay_seconds=[1, 5])
def parse_batch(
    files: list[SourceFile],
    batch: int,
    options: BatchOptions,
    known: dict[str, str],
    parameters: dict[str, Any] | None = None,
) -> BatchResult:
    """Parse and stage a batch, then run the row-level quality checks on what it staged
    (``parameters``: the suites' ``$PARAMETER`` values, the same for every batch of a run)."""
    result = process_batch(files, batch, options, known)
    started = time.perf_counter()
    result.quality = validate_batch(
        options.staging_dir, batch, parameters or expectation_parameters([]), options.run_id
    )
    result.seconds["row_checks"] = time.perf_counter() - started
    return result


def _storage_error(task: object, task_run: object, state: State) -> bool:
    """Retry the load on storage errors only; a failed quality check will fail again."""
    try:
        state.result()
    except (OSError, duckdb.IOException):
        return True
    except BaseException:
        return False
    return False


@task(
    name="load-warehouse",
    cache_policy=NO_CACHE,
    retries=2,
    retry_delay_seconds=[1, 4],
    retry_condition_fn=_storage_error,
)
def load_warehouse(
    store: Warehouse,
    run_id: str,
    checked: dict[str, ExpectationTally],
    parameters: dict[str, Any],
    keep_validations: int = KEEP_VALIDATION_RUNS,
) -> LoadResult:
    """Load the run; ``checked``: the batches' row-level check tallies, merged; ``parameters``:
    the values those checks ran with (the load adds the volume band); ``keep_validations``: the
    runs whose Great Expectations results the warehouse keeps."""
    validator = SuiteValidator(store.root, checked, parameters, keep_validations)
    return store.load_run(run_id, validator=validator)


@task(name="check-warehouse", cache_policy=NO_CACHE)
def check_invariants(store: Warehouse, months: list[str]) -> list[str]:
    with contextlib.closing(store.connect(read_only=True)) as con:
        return check_warehouse(con, store.parquet_dir, months)


@task(name="publish-run", cache_policy=NO_CACHE, retries=1, retry_delay_seconds=[2])
def publish(store: Warehouse, record: RunRecord) -> str:
    """Record the run and its checks in the warehouse, write its report, attach Prefect artifacts."""
    path = publish_run(store, record)
    create_markdown_artifact(
        key="news-etl-run-report",
        markdown=report_markdown(record),
        description=f"run {record.run_id}: {path}",
    )
    create_table_artifact(
        key="news-etl-quality-checks",
        table=report_table(record),
        description=f"run {record.run_id}: every check",
    )
    return str(path)


@flow(name="news-etl-ingest", log_prints=False)
def ingest(
    sources: Sequence[str] | None = None,
    warehouse: str = "warehouse",
    batch_files: int = BATCH_FILES,
    max_file_bytes: int = MAX_FILE_BYTES,
    full_refresh: bool = False,
    since: dt.date | None = None,
    until: dt.date | None = None,
    show_progress: bool = False,
    workers: int | None = None,
    parse_timeout: float | None = PARSE_TIMEOUT_SECONDS,
    memory_limit: str = DUCKDB_MEMORY_LIMIT,
    lock_timeout: float = LOCK_TIMEOUT_SECONDS,
    keep_validations: int = KEEP_VALIDATION_RUNS,
) -> RunRecord:
    """Load raw article files (default: the bundled sample) into the warehouse.

    Files the ledger knows unchanged are skipped (``full_refresh`` reads everything again);
    ``since``/``until`` keep only articles published in that window (a backfill). The batches
    run in a pool of ``workers`` processes (default: one per CPU) when there are two or more of
    them, else in this process; ``workers=1`` keeps them here (or on the flow's own task runner,
    such as Dask). ``parse_timeout`` is the seconds one file may take to parse (``None``: no
    limit), ``memory_limit`` DuckDB's buffers, ``lock_timeout`` how long to wait for the database,
    ``keep_validations`` how many runs' Great Expectations results and Data Docs pages to keep.
    """
    logger = get_run_logger()
    store = Warehouse(warehouse, memory_limit=memory_limit, lock_timeout_seconds=lock_timeout)
    run_id = new_run_id()
    record = RunRecord(run_id=run_id, warehouse=str(store.root), flow_run_id=flow_run.id)
    locked = False
    progress = Progress(enabled=show_progress)
    try:
        with _warehouse_log_to(logger), store.exclusive(), progress:
            locked = True
            try:
                store.prepare()  # waits for the database like every connection of the run
                batch = BatchOptions(
                    run_id, str(store.staging_dir(run_id)), max_file_bytes, since, until, parse_timeout
                )
                options = IngestOptions(
                    sources=sources,
                    batch=batch,
                    batch_files=batch_files,
                    full_refresh=full_refresh,
                    show_progress=show_progress,
                    workers=workers or os.cpu_count() or 1,
                    keep_validations=keep_validations,
                )
                _ingest(store, record, options, progress)
            except QualityFailure as exc:  # the load was refused: its checks still go in the report
                record.fail(exc)
                record.add_checks(exc.result)
                raise
            except Exception as exc:
                record.fail(exc)
                raise
            finally:
                store.discard_staging(run_id)
                progress.step(PUBLISHING)
                started = time.perf_counter()
                finish_record(store, record)
                record.report = publish(store, record)
                # wall seconds of the whole step: the record's runs row and report, written inside
                # them, cannot hold them; --json and the summary, printed after, do
                record.seconds["publish"] = time.perf_counter() - started
    except WarehouseBusy as exc:
        if not locked:  # another run kept the writer lock: the next run to get it records this one
            record.fail(exc)
            finish_record(store, record)
            store.save_unrecorded_run(record)
        raise
    logger.info(
        "run %s loaded: %d articles, %d paragraphs, %d quotes, %d files rejected, %d rows quarantined",
        run_id,
        record.articles_loaded,
        record.paragraphs_loaded,
        record.quotes_loaded,
        record.files_rejected,
        record.rows_quarantined,
    )
    return record


@contextlib.contextmanager
def _warehouse_log_to(run_logger: logging.Logger | logging.LoggerAdapter[logging.Logger]) -> Iterator[None]:
    """The warehouse's messages (such as a wait for the database) go to the flow run's log."""

    class Forward(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            run_logger.log(record.levelno, "%s", record.getMessage())

    handler = Forward(logging.INFO)
    source = logging.getLogger("load")
    source.addHandler(handler)
    propagate, source.propagate = source.propagate, False  # said once, as the flow run's
    try:
        yield
    finally:
        source.propagate = propagate
        source.removeHandler(handler)


def _ingest(store: Warehouse, record: RunRecord, options: IngestOptions, progress: Progress) -> None:
    """The run's work between taking the warehouse's lock and publishing the run: ``record`` is
    filled as the stages hand back their results, and the seconds of the single-writer steps
    (``load_warehouse``, ``check``: wall seconds of their tasks) with them."""
    logger = get_run_logger()
    run_id = record.run_id
    started = time.perf_counter()
    found = discover(options.sources or [str(SAMPLE_DIR)])
    plan = plan_run(found.files, store.ledger(), full_refresh=options.full_refresh)
    record.seconds["discover"] = time.perf_counter() - started
    record.files_seen = len(found.files) + len(found.rejects)
    record.files_skipped = found.skipped
    record.links_skipped = found.links_skipped
    record.files_unchanged = len(plan.unchanged)
    logger.info(
        "run %s: %d article files found (%d to read, %d unchanged), %d other files skipped",
        run_id,
        record.files_seen,
        len(plan.to_read),
        len(plan.unchanged),
        sum(found.skipped.values()),
    )
    stage_rejects(found.rejects, options.batch, "discovery")
    stage_unchanged(plan.unchanged, options.batch)
    record.add_rejects(reject.reason for reject in found.rejects)
    size = options.batch_files
    batches = [plan.to_read[i : i + size] for i in range(0, len(plan.to_read), size)]
    # once per run: the load stores these same values, adding the volume band (history's)
    checks = expectation_parameters([])
    parameters: list[dict[str, Any]] = [
        {
            "files": batch,
            "batch": number,
            "options": options.batch,
            "known": {f.uri: plan.known_sha256[f.uri] for f in batch if f.uri in plan.known_sha256},
            "parameters": checks,
        }
        for number, batch in enumerate(batches)
    ]
    workers = options.workers
    pool = workers > 1 and len(batches) > 1
    if pool:  # this process only waits on the pool: import the checks' library meanwhile
        preload_quality()
    with (
        ProcessPoolTaskRunner(
            max_workers=min(workers, len(batches)), initializer=exit_with_parent, initargs=(os.getpid(),)
        )
        if pool
        else contextlib.nullcontext()
    ) as runner:
        futures: list[PrefectFuture[BatchResult]]
        if runner is not None:
            futures = [runner.submit(parse_batch, p) for p in parameters]
        else:
            futures = [parse_batch.submit(**p) for p in parameters]
        checked: dict[str, ExpectationTally] = {}
        progress.start(len(plan.to_read), files_seen=record.files_seen)
        for future in as_completed(futures):
            result = future.result()
            record.add_batch(result)
            merge_tallies(checked, result.quality)
            progress.advance(result.files, result.articles)
            logger.info(
                "run %s batch %d: %d files, %d articles, %d rejected",
                run_id,
                result.batch,
                result.files,
                result.articles,
                sum(result.rejected.values()),
            )
    progress.step(LOADING)
    started = time.perf_counter()
    try:  # timed when the load refuses the run too (a critical check): it spent that time
        loaded = load_warehouse(store, run_id, checked, checks, options.keep_validations)
    finally:
        record.seconds["load_warehouse"] = time.perf_counter() - started
    record.add_load(loaded)
    if not (loaded.months or loaded.files_new or loaded.files_changed):
        logger.info("run %s changed no rows: the invariants checked after the last change still hold", run_id)
        return
    progress.step(CHECKING)
    started = time.perf_counter()
    try:
        problems = check_invariants(store, loaded.months)
    finally:
        record.seconds["check"] = time.perf_counter() - started
    if problems:  # the record already holds the load's checks, for the report
        raise WarehouseInconsistent("the warehouse fails its invariants: " + "; ".join(problems))
