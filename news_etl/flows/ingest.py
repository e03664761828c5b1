"""The ingest flow: discover raw files, parse them in batches, load the warehouse.

Thin wiring only: what runs when, in which batches, with which retries. The work itself is in
:mod:`news_etl.sources`, :mod:`news_etl.batches` and :mod:`news_etl.warehouse`.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.futures import as_completed

from news_etl.batches import BatchResult, process_batch, stage_rejects
from news_etl.progress import Progress
from news_etl.schemas import SourceFile
from news_etl.sources import MAX_FILE_BYTES, discover
from news_etl.summary import RunSummary
from news_etl.warehouse import LoadResult, Warehouse

BATCH_FILES = 500
SAMPLE_DIR = Path(__file__).resolve().parents[2] / "data" / "sample"


def new_run_id() -> str:
    """A run id that sorts by start time: ``20220216T101500Z-3fa9``."""
    return dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ") + "-" + secrets.token_hex(2)


@task(name="parse-batch", cache_policy=NO_CACHE)
def parse_batch(
    files: list[SourceFile], batch: int, run_id: str, staging_dir: str, max_file_bytes: int
) -> BatchResult:
    return process_batch(files, batch, run_id, staging_dir, max_file_bytes)


@task(name="load-warehouse", cache_policy=NO_CACHE, retries=2, retry_delay_seconds=[2, 10])
def load_warehouse(warehouse_dir: str, run_id: str) -> LoadResult:
    return Warehouse(warehouse_dir).load_run(run_id)


@flow(name="news-etl-ingest", log_prints=False)
def ingest(
    sources: Sequence[str] | None = None,
    warehouse: str = "warehouse",
    batch_files: int = BATCH_FILES,
    max_file_bytes: int = MAX_FILE_BYTES,
    show_progress: bool = False,
) -> RunSummary:
    """Load raw article files (default: the bundled sample) into the warehouse."""
    logger = get_run_logger()
    store = Warehouse(warehouse)
    run_id = new_run_id()
    summary = RunSummary(run_id=run_id, warehouse=str(store.root))
    with store.exclusive():
        store.prepare()
        found = discover(sources or [str(SAMPLE_DIR)])
        summary.files_seen = len(found.files) + len(found.rejects)
        summary.files_skipped = found.skipped
        logger.info(
            "run %s: %d article files found, %d other files skipped",
            run_id,
            len(found.files),
            sum(found.skipped.values()),
        )
        staging = str(store.staging_dir(run_id))
        stage_rejects(found.rejects, run_id, staging, "discovery")
        summary.rejected.update(reject.reason for reject in found.rejects)
        batches = [found.files[i : i + batch_files] for i in range(0, len(found.files), batch_files)]
        futures = [
            parse_batch.submit(batch, number, run_id, staging, max_file_bytes)
            for number, batch in enumerate(batches)
        ]
        with Progress(total=len(found.files), enabled=show_progress) as progress:
            for future in as_completed(futures):
                result = future.result()
                summary.rejected.update(result.rejected)
                summary.fixes.update(result.fixes)
                for stage, elapsed in result.seconds.items():
                    summary.seconds[stage] = summary.seconds.get(stage, 0.0) + elapsed
                progress.advance(result.files)
                logger.info(
                    "run %s batch %d: %d files, %d articles, %d rejected",
                    run_id,
                    result.batch,
                    result.files,
                    result.articles,
                    sum(result.rejected.values()),
                )
        try:
            loaded = load_warehouse(str(store.root), run_id)
        finally:
            store.discard_staging(run_id)
    summary.articles_loaded = loaded.inserted.get("articles", 0)
    summary.articles_replaced = loaded.replaced
    summary.paragraphs_loaded = loaded.inserted.get("paragraphs", 0)
    summary.quotes_loaded = loaded.inserted.get("quotes", 0)
    summary.rejected.update(loaded.rejected)
    logger.info(
        "run %s loaded: %d articles, %d paragraphs, %d quotes, %d files rejected",
        run_id,
        summary.articles_loaded,
        summary.paragraphs_loaded,
        summary.quotes_loaded,
        summary.files_rejected,
    )
    return summary
