"""The ingest flow: discover raw files, parse them in batches, load the warehouse.

Thin wiring only: what runs when, in which batches, with which retries. The work itself is in
:mod:`extract.discover`, :mod:`extract.batches` and :mod:`load.warehouse`.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import os
import re
import secrets
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import duckdb
from prefect import Task, flow, get_run_logger, task
from prefect.artifacts import create_link_artifact, create_markdown_artifact, create_table_artifact
from prefect.assets import add_asset_metadata, materialize
from prefect.cache_policies import NO_CACHE
from prefect.client.schemas.objects import State
from prefect.context import FlowRunContext
from prefect.futures import PrefectFuture, as_completed
from prefect.runtime import flow_run
from prefect.task_engine import TaskRunTimeoutError
from prefect.task_runners import ProcessPoolTaskRunner, ThreadPoolTaskRunner

from extract.batches import BatchOptions, process_batch, stage_rejects, stage_unchanged
from extract.discover import discover
from extract.incremental import plan_run
from extract.inputs import MAX_FILE_BYTES
from flows.assets import source_assets, table_assets
from flows.logs import project_logs_to_run
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

# Timeouts: generous bounds for a run that hangs (a stuck mount, a wedged worker), never for a
# slow one. Measured on 2 cores: a 2,000-file batch takes ~10 s, the load of a 100,000-file run
# ~40 s, the whole 100,000-file run ~150 s, a million files ~30 min.
#
# How hard each bound is (Prefect's mechanics, measured): the flow's timeout is a SIGALRM in the
# flow's process, which interrupts even a blocking call (a sleep, a DuckDB statement). A task in
# a pool's worker process gets its own alarm: hard too. A task in the flow's process (the load,
# the check, publishing, and the batches when they run there) is inside the flow's alarm, so
# Prefect bounds it from a watcher thread, which can stop it only when it runs Python code again:
# a statement or a read that blocks for an hour ends that hour, then the task fails; the flow's
# own timeout still stops the run in time. A ``None`` timeout is no task timeout at all.
#: seconds one batch task may run: 360 times a 2,000-file batch, and room for --batch-files
#: 100,000 in one task (~500 s); each file also has its own parse_timeout
BATCH_TIMEOUT_SECONDS = 3_600.0
#: seconds each single-writer step may run (the load, the invariant check, publishing the run):
#: a million-file load is ~7 minutes, and each step may first wait --lock-timeout for the database
LOAD_TIMEOUT_SECONDS = 7_200.0
#: seconds the whole flow may run: 12 times a million-file run. Prefect fixes a flow's timeout
#: when it is decorated: ``news-etl run --flow-timeout`` uses ``ingest.with_options``
FLOW_TIMEOUT_SECONDS = 6 * 3_600.0
#: what :func:`new_run_id` makes
RUN_ID = re.compile(r"[0-9]{8}T[0-9]{6}Z-[0-9a-f]{4}")


class WarehouseInconsistent(RuntimeError):
    """The end-of-run invariant check found something wrong (``news-etl check`` says what)."""


class StepTimedOut(TimeoutError):
    """A task of the run ran past its timeout (the message names the task and the option)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class IngestOptions:
    """What a run was asked to do, besides where its warehouse is."""

    sources: Sequence[str] | None  # None: the bundled sample
    batch: BatchOptions  # what every batch task is given
    batch_files: int  # files per batch task
    full_refresh: bool  # read every file again, whatever the ledger says
    show_progress: bool
    workers: int  # processes for the batches (1: this process or the flow's task runner)
    batch_timeout: float | None  # seconds per batch task (None: no limit)
    load_timeout: float | None  # seconds per single-writer step: load, check, publish
    keep_validations: int = KEEP_VALIDATION_RUNS  # runs whose GX results and Data Docs pages stay


def new_run_id() -> str:
    """A run id that sorts by start time: ``20220216T101500Z-3fa9``; also the flow run's name
    (the flow's ``flow_run_name``), so that the UI and ``runs`` name a run alike."""
    return dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ") + "-" + secrets.token_hex(2)


def _not_timed_out(task: object, task_run: object, state: State) -> bool:
    """Retry a batch that failed, not one that ran past its timeout: it would again."""
    try:
        state.result()
    except TimeoutError:
        return False
    except BaseException:
        return True
    return True


@task(
    name="parse-batch",
    cache_policy=NO_CACHE,
    retries=2,
    retry_delay_seconds=[1, 5],
    retry_condition_fn=_not_timed_out,
)
def parse_batch(
    files: list[SourceFile],
    batch: int,
    options: BatchOptions,
    known: dict[str, str],
    parameters: dict[str, Any] | None = None,
) -> BatchResult:
    """Parse and stage a batch, then run the row-level quality checks on what it staged
    (``parameters``: the suites' ``$PARAMETER`` values, the same for every batch of a run)."""
    with project_logs_to_run():  # a parse failure's message, in the flow run's log
        result = process_batch(files, batch, options, known)
        started = time.perf_counter()
        result.quality = validate_batch(
            options.staging_dir, batch, parameters or expectation_parameters([]), options.run_id
        )
        result.seconds["row_checks"] = time.perf_counter() - started
    return result


def _storage_error(task: object, task_run: object, state: State) -> bool:
    """Retry the load on storage errors only; a failed quality check will fail again, and so
    would a load that ran past its timeout (a TimeoutError is an OSError)."""
    try:
        state.result()
    except TimeoutError:
        return False
    except (OSError, duckdb.IOException):
        return True
    except BaseException:
        return False
    return False


def load_warehouse(
    store: Warehouse,
    run_id: str,
    checked: dict[str, ExpectationTally],
    parameters: dict[str, Any],
    keep_validations: int = KEEP_VALIDATION_RUNS,
) -> LoadResult:
    """Load the run; ``checked``: the batches' row-level check tallies, merged; ``parameters``:
    the values those checks ran with (the load adds the volume band); ``keep_validations``: the
    runs whose Great Expectations results the warehouse keeps. Each table's assets get the rows
    this run inserted as metadata."""
    validator = SuiteValidator(store.root, checked, parameters, keep_validations)
    loaded = store.load_run(run_id, validator=validator)
    for table, assets in table_assets(store).items():
        for asset in assets:
            add_asset_metadata(asset, {"rows_inserted": loaded.inserted.get(table, 0), "run_id": run_id})
    return loaded


def load_task(store: Warehouse, sources: Sequence[str], timeout: float | None) -> Any:
    """:func:`load_warehouse` as the task that materializes the warehouse's tables and Parquet
    folders from the run's sources (:mod:`flows.assets`): the keys depend on the paths, so the
    task is made per run."""
    return materialize(
        *(asset for assets in table_assets(store).values() for asset in assets),
        asset_deps=list(source_assets(sources)),
        name="load-warehouse",
        cache_policy=NO_CACHE,
        retries=2,
        retry_delay_seconds=[1, 4],
        retry_condition_fn=_storage_error,
        timeout_seconds=timeout,
    )(load_warehouse)


@task(name="check-warehouse", cache_policy=NO_CACHE)
def check_invariants(store: Warehouse, months: list[str]) -> list[str]:
    with contextlib.closing(store.connect(read_only=True)) as con:
        return check_warehouse(con, store.parquet_dir, months)


@task(
    name="publish-run",
    cache_policy=NO_CACHE,
    retries=1,
    retry_delay_seconds=[2],
    retry_condition_fn=_not_timed_out,
)
def publish(store: Warehouse, record: RunRecord) -> str:
    """Record the run and its checks in the warehouse, write its report, attach Prefect artifacts
    (links to the report and to the Data Docs, as ``file://`` URIs: valid on the run's machine)."""
    path = publish_run(store, record)
    create_link_artifact(
        key="news-etl-report",
        link=path.absolute().as_uri(),  # percent-encoded: any path is one valid link
        link_text=f"run {record.run_id}: report",
        description=f"The HTML report of run {record.run_id}",
    )
    if record.data_docs_index:
        create_link_artifact(
            key="news-etl-data-docs",
            link=Path(record.data_docs_index).absolute().as_uri(),
            link_text=f"run {record.run_id}: Great Expectations Data Docs",
            description="The Data Docs index: every validation kept",
        )
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


@flow(
    name="news-etl-ingest",
    log_prints=False,
    flow_run_name=new_run_id,  # read back as the run's id: the UI's name is the runs row's run_id
    timeout_seconds=FLOW_TIMEOUT_SECONDS,
)
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
    batch_timeout: float | None = BATCH_TIMEOUT_SECONDS,
    load_timeout: float | None = LOAD_TIMEOUT_SECONDS,
) -> RunRecord:
    """Load raw article files (default: the bundled sample) into the warehouse.

    Files the ledger knows unchanged are skipped (``full_refresh`` reads everything again);
    ``since``/``until`` keep only articles published in that window (a backfill). The batches
    run in a pool of ``workers`` processes (default: one per CPU) when there are two or more of
    them, else in this process; ``workers=1`` keeps them here (or on the flow's own task runner,
    such as Dask). ``parse_timeout`` is the seconds one file may take to parse (``None``: no
    limit), ``memory_limit`` DuckDB's buffers, ``lock_timeout`` how long to wait for the database,
    ``keep_validations`` how many runs' Great Expectations results and Data Docs pages to keep.
    ``batch_timeout`` bounds each batch task, ``load_timeout`` each of the load, the invariant
    check and publishing (seconds; ``None``: no limit); the flow's own bound is its
    ``timeout_seconds`` (:data:`FLOW_TIMEOUT_SECONDS`, or ``ingest.with_options``).

    The run's id is the flow run's name (``flow_run_name``); called without Prefect's engine
    (``ingest.fn``), or renamed to something that is not a run id, the run makes a new one.
    """
    if keep_validations < 1:  # refused before the lock and the parse, not at the end of the load
        raise ValueError(f"keep_validations must be 1 or more, not {keep_validations}")
    logger = get_run_logger()
    store = Warehouse(warehouse, memory_limit=memory_limit, lock_timeout_seconds=lock_timeout)
    name = flow_run.name
    run_id = name if isinstance(name, str) and RUN_ID.fullmatch(name) else new_run_id()
    record = RunRecord(run_id=run_id, warehouse=str(store.root), flow_run_id=flow_run.id)
    locked = False
    progress = Progress(enabled=show_progress)
    try:
        with project_logs_to_run(), store.exclusive(), progress:
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
                    batch_timeout=batch_timeout,
                    load_timeout=load_timeout,
                )
                _ingest(store, record, options, progress)
            except QualityFailure as exc:  # the load was refused: its checks still go in the report
                record.fail(exc)
                record.add_checks(exc.result)
                raise
            except BaseException as exc:  # BaseException: the flow's timeout cancels its body
                record.fail(_flow_timed_out(exc) or exc)
                raise
            finally:
                store.discard_staging(run_id)
                progress.step(PUBLISHING)
                started = time.perf_counter()
                finish_record(store, record)
                with _timeout_named("publish-run", "load_timeout", load_timeout):
                    record.report = bounded(publish, load_timeout)(store, record)
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
def _timeout_named(
    task_name: str, option: str, seconds: float | None, since: float | None = None
) -> Iterator[None]:
    """A task that ran past its timeout fails the run with :class:`StepTimedOut`, which says
    which task and which option (Prefect's own error says neither). ``since``: when the task was
    submitted (default: now). Prefect reports the flow's timeout, when it cancels a task the
    flow's process runs, as that task's timeout: before ``seconds`` have passed it is left to
    :func:`_flow_timed_out`."""
    started = time.monotonic() if since is None else since
    try:
        yield
    except TaskRunTimeoutError as exc:
        if seconds is None or time.monotonic() - started < seconds:
            raise
        raise StepTimedOut(f"{task_name} ran past its timeout of {seconds:g} s ({option})") from exc


def _flow_timed_out(exc: BaseException) -> StepTimedOut | None:
    """The run's failure when ``exc`` is how the flow's timeout stopped its body: Prefect raises a
    cancellation in the body itself (in a wait for the database, a discovery, between tasks), and
    inside a task the task's own timeout error; its flow timeout error only outside the body.

    A cancellation in a flow run that has a timeout is that timeout. A task's timeout error is
    the flow's when the flow's limit has passed since the run's context was entered (before
    Prefect's alarm started), else it is the task's own."""
    context = FlowRunContext.get()
    limit = context.flow.timeout_seconds if context is not None and context.flow is not None else None
    if limit is None or context is None:
        return None
    message = f"the run ran past the flow's timeout of {limit:g} s (flow_timeout)"
    if isinstance(exc, asyncio.CancelledError):
        return StepTimedOut(message)
    if isinstance(exc, TaskRunTimeoutError):
        elapsed = (dt.datetime.now(dt.UTC) - context.start_time).total_seconds()
        return StepTimedOut(message) if elapsed >= limit else None
    return None


P = ParamSpec("P")
R = TypeVar("R")


def bounded(task: Task[P, R], seconds: float | None) -> Task[P, R]:
    """``task`` with a timeout of ``seconds``; ``None``: the task as decorated, without one (Prefect's
    ``with_options(timeout_seconds=None)`` would keep a decorated timeout, not remove it)."""
    return task if seconds is None else task.with_options(timeout_seconds=seconds)


def _batch_results(
    pool: ProcessPoolTaskRunner | None, parameters: list[dict[str, Any]], timeout: float | None
) -> Iterator[BatchResult]:
    """The batch tasks' results, as they finish. ``timeout`` bounds each task where Prefect can
    enforce it: in the main thread of a pool's process (hard: an alarm), or of this process, where
    the batches run one after the other when the flow's task runner would put them in threads
    (the GIL lets one parse at a time anyway; a watcher bounds them between Python calls, see the
    timeouts above). Prefect cannot stop a task in a thread, and says so in every such task's log,
    so on another task runner (Dask runs a task in a worker's thread) the batches run as
    decorated, without one: the flow's timeout bounds them."""
    batch_task = bounded(parse_batch, timeout)
    futures: list[PrefectFuture[BatchResult]]
    submitted = time.monotonic()
    if pool is not None:
        futures = [pool.submit(batch_task, p) for p in parameters]
    else:
        context = FlowRunContext.get()
        if context is None or isinstance(context.task_runner, ThreadPoolTaskRunner):
            for p in parameters:
                with _timeout_named("parse-batch", "batch_timeout", timeout):
                    result = batch_task(**p)
                yield result
            return
        futures = [parse_batch.submit(**p) for p in parameters]  # as decorated: no timeout
    for future in as_completed(futures):
        with _timeout_named("parse-batch", "batch_timeout", timeout, since=submitted):
            result = future.result()
        yield result


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
        checked: dict[str, ExpectationTally] = {}
        progress.start(len(plan.to_read), files_seen=record.files_seen)
        for result in _batch_results(runner, parameters, options.batch_timeout):
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
    load = load_task(store, options.sources or [str(SAMPLE_DIR)], options.load_timeout)
    try:  # timed when the load refuses the run too (a critical check): it spent that time
        with _timeout_named("load-warehouse", "load_timeout", options.load_timeout):
            loaded = load(store, run_id, checked, checks, options.keep_validations)
    finally:
        record.seconds["load_warehouse"] = time.perf_counter() - started
    record.add_load(loaded)
    if not (loaded.months or loaded.files_new or loaded.files_changed):
        logger.info("run %s changed no rows: the invariants checked after the last change still hold", run_id)
        return
    progress.step(CHECKING)
    started = time.perf_counter()
    try:
        with _timeout_named("check-warehouse", "load_timeout", options.load_timeout):
            problems = bounded(check_invariants, options.load_timeout)(store, loaded.months)
    finally:
        record.seconds["check"] = time.perf_counter() - started
    if problems:  # the record already holds the load's checks, for the report
        raise WarehouseInconsistent("the warehouse fails its invariants: " + "; ".join(problems))
