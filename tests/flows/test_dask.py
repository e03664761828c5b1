"""Where the batches run does not change the tables: in the flow's process, in its pool of worker
processes (the default for two batches or more), or on a real Dask cluster."""

from __future__ import annotations

import shutil

import pytest

from flows.ingest import ingest
from flows.runners import api_for_workers, dask_task_runner
from tests.helpers import table_rows

pytestmark = [pytest.mark.usefixtures("prefect_harness"), pytest.mark.integration]

#: files of the BBC corpus the three runs load, and per batch: five batches
CORPUS_FILES = 500
BATCH_FILES = 100


def test_process_pool_and_dask_cluster_load_the_same_tables_as_one_process(tmp_path, shared):
    from distributed import Client, LocalCluster

    # a part of a reference corpus, in several batches: enough for each runner to spread them
    source = tmp_path / "corpus"
    source.mkdir()
    for path in sorted((shared / "corpora" / "bbc-news-2005").iterdir())[:CORPUS_FILES]:
        shutil.copy(path, source / path.name)
    corpus = str(source)
    local = ingest(sources=[corpus], warehouse=str(tmp_path / "local"), batch_files=BATCH_FILES, workers=1)
    pool = ingest(sources=[corpus], warehouse=str(tmp_path / "pool"), batch_files=BATCH_FILES, workers=2)
    with api_for_workers(), LocalCluster(n_workers=2, threads_per_worker=1, processes=True) as cluster:
        with Client(cluster) as client:
            pids = set(client.run(lambda: __import__("os").getpid()).values())
        assert len(pids) == 2
        runner = dask_task_runner(cluster.scheduler_address)
        distributed = ingest.with_options(task_runner=runner)(
            sources=[corpus], warehouse=str(tmp_path / "dask"), batch_files=BATCH_FILES, workers=1
        )
    assert distributed.status == pool.status == local.status == "completed"
    assert distributed.articles_loaded == pool.articles_loaded == local.articles_loaded > CORPUS_FILES * 0.9
    assert table_rows(tmp_path / "dask") == table_rows(tmp_path / "local")
    assert table_rows(tmp_path / "pool") == table_rows(tmp_path / "local")
