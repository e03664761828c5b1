"""Where the flow's batch tasks run, and the Prefect API they report to.

* By default the batches run in a pool of worker processes on this machine, one per CPU
  (``news-etl run --workers N`` for N; ``--workers 1`` runs them in the flow's own process). The
  flow starts the pool itself (:class:`prefect.task_runners.ProcessPoolTaskRunner`) when a run has
  two batches or more: a small run does not pay for starting processes.
* ``--dask-address tcp://HOST:PORT`` sends the batch tasks to an existing Dask scheduler, whose
  workers may be on other machines (they need the package installed, and the raw files and the
  warehouse's staging directory on storage they share with this machine).

Only the batch tasks leave the flow's process; discovering files and the load (the single DuckDB
writer) run in it. Worker processes report to the Prefect API: with a Prefect server configured
(``PREFECT_API_URL``) they use it; without one, :func:`api_for_workers` starts the temporary API
server itself and hands its address to the processes the run spawns (Prefect's ephemeral mode
would otherwise start one per worker process). A remote Dask cluster needs a real server that its
workers can reach.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from typing import Any


def dask_task_runner(address: str) -> Any:
    """A ``DaskTaskRunner`` that sends the batch tasks to the Dask scheduler at ``address``."""
    from prefect_dask import DaskTaskRunner

    return DaskTaskRunner(address=address)


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
            _drain_prefect_services()  # send the last logs and events while the server still listens
            server.stop()


def _drain_prefect_services(timeout: float = 10.0) -> None:
    """Flush Prefect's background log and event senders. Left to interpreter exit, they would try
    a server that is gone and retry for a minute or more."""
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    for service in (APILogWorker, EventsWorker):
        service.drain_all(timeout=timeout)
