"""The flow on a real Dask cluster: two worker processes give the same tables as a local run."""

from __future__ import annotations

import pytest

from news_etl.flows.ingest import ingest
from news_etl.flows.runners import api_for_workers, dask_task_runner
from tests.flows.test_ingest import table_rows

pytestmark = [pytest.mark.usefixtures("prefect_harness"), pytest.mark.integration]


def test_a_local_cluster_of_two_worker_processes_loads_the_same_tables(tmp_path, shared):
    from distributed import Client, LocalCluster

    corpus = str(shared / "corpora" / "bbc-news-2005")
    local = ingest(sources=[corpus], warehouse=str(tmp_path / "local"), batch_files=200)
    with api_for_workers(), LocalCluster(n_workers=2, threads_per_worker=1, processes=True) as cluster:
        with Client(cluster) as client:
            pids = set(client.run(lambda: __import__("os").getpid()).values())
        assert len(pids) == 2
        runner = dask_task_runner(cluster.scheduler_address, None)
        distributed = ingest.with_options(task_runner=runner)(
            sources=[corpus], warehouse=str(tmp_path / "dask"), batch_files=200
        )
    assert distributed.status == local.status == "completed"
    assert distributed.articles_loaded == local.articles_loaded == 2061
    assert table_rows(tmp_path / "dask") == table_rows(tmp_path / "local")


def test_no_runner_without_workers_or_address():
    assert dask_task_runner(None, None) is None
    assert dask_task_runner(None, 2) is not None
