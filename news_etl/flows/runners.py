"""Where the flow's batch tasks run: threads in this process (the default), or a Dask cluster.

* ``--workers N`` starts a local Dask cluster of N worker processes (one thread each), so parsing
  and quote extraction use N cores.
* ``--dask-address tcp://HOST:PORT`` sends the batch tasks to an existing Dask scheduler, whose
  workers may be on other machines (they need the package installed, and the raw files and the
  warehouse's staging directory on storage they share with this machine).

Only the batch tasks go to Dask; discovering files and the load (the single DuckDB writer) run in
the flow's own process. Dask workers report to the Prefect API: with a Prefect server configured
(``PREFECT_API_URL``) they use it; without one, :func:`api_for_workers` starts the temporary API
server itself and hands its address to the workers it spawns (a remote cluster then needs a real
server that its workers can reach).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from typing import Any


def dask_task_runner(address: str | None, workers: int | None) -> Any | None:
    """A ``DaskTaskRunner`` for ``address`` or for a local cluster of ``workers`` processes."""
    if address is None and not workers:
        return None
    from prefect_dask import DaskTaskRunner

    if address is not None:
        return DaskTaskRunner(address=address)
    return DaskTaskRunner(cluster_kwargs={"n_workers": workers, "threads_per_worker": 1, "processes": True})


@contextlib.contextmanager
def api_for_workers() -> Iterator[str]:
    """A Prefect API that worker processes can reach; yields its URL.

    The configured server when there is one; else a temporary server started here (Prefect's
    ephemeral mode would otherwise start one per worker process, which the workers cannot share).
    Either way its URL is put in the environment the worker processes inherit.
    """
    from prefect.settings import PREFECT_API_URL, temporary_settings

    server = None
    url = PREFECT_API_URL.value()
    if not url:
        from prefect.server.api.server import SubprocessASGIServer

        server = SubprocessASGIServer()
        server.start()
        url = server.api_url
    previous = os.environ.get("PREFECT_API_URL")
    os.environ["PREFECT_API_URL"] = url
    try:
        with temporary_settings(updates={PREFECT_API_URL: url}):
            yield url
    finally:
        if previous is None:
            os.environ.pop("PREFECT_API_URL", None)
        else:
            os.environ["PREFECT_API_URL"] = previous
        if server is not None:
            server.stop()
