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
workers can reach. The temporary server lives as long as the run: stopped at its end, and killed
by the kernel if the run dies without reaching it (SIGKILL, the OOM killer), see
:class:`TemporaryPrefectServer`.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
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
    ephemeral mode would otherwise start one per worker process, which the workers cannot share),
    which lives exactly as long as this context (:class:`TemporaryPrefectServer`).
    Either way its URL is put in the environment the worker processes inherit.
    """
    from prefect.settings import PREFECT_API_URL, temporary_settings

    server = None
    url = PREFECT_API_URL.value()
    if not url:
        server = TemporaryPrefectServer()
        url = server.start()
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


#: Linux ``prctl`` option: the signal the kernel sends a process when its parent dies
PR_SET_PDEATHSIG = 1
#: how long a stopping server may take to shut down cleanly before it is killed
SERVER_STOP_SECONDS = 10.0
#: pause between two health checks of a starting server
SERVER_POLL_SECONDS = 0.1
#: exit statuses of a server that could not have its port (another process took it between
#: :func:`_free_port` and the bind): ``prefect server start``'s own check (1) and uvicorn's (3)
_PORT_TAKEN_STATUSES = (1, 3)
#: starts on a new port before giving up (status 1 also means other errors: said after these)
SERVER_LAUNCHES = 3
#: Run in a fresh interpreter before the server replaces it (``execv``): ask the kernel to kill
#: this process when its parent dies, then make sure the parent did not die before the request
#: (it would never fire). The death signal survives ``execv``. Not ``preexec_fn``: that runs
#: between fork and exec in a process that may have threads, where Python cannot promise safety.
_DIE_WITH_PARENT = f"""
import ctypes, os, signal, sys
parent = int(sys.argv[1])
libc = ctypes.CDLL(None, use_errno=True)
if libc.prctl({PR_SET_PDEATHSIG}, signal.SIGKILL, 0, 0, 0) != 0:
    sys.exit("prctl(PR_SET_PDEATHSIG) failed: errno %d" % ctypes.get_errno())
if os.getppid() != parent:
    sys.exit(0)
os.execv(sys.executable, [sys.executable, *sys.argv[2:]])
"""


def python_dying_with_parent(arguments: list[str]) -> list[str]:
    """The command that runs ``python ARGUMENTS`` in a process the kernel kills when this process
    dies (on Linux; elsewhere plain ``python ARGUMENTS``)."""
    if sys.platform.startswith("linux"):
        return [sys.executable, "-c", _DIE_WITH_PARENT, str(os.getpid()), *arguments]
    return [sys.executable, *arguments]


class TemporaryPrefectServer:
    """A Prefect API server (``prefect server start``, SQLite in ``PREFECT_HOME``) in a child
    process that cannot outlive the run that started it.

    Prefect's own temporary server (``SubprocessASGIServer``, internal) stops at interpreter
    exit; a run killed with SIGKILL (the OOM killer, ``kill -9``, a CI timeout) never gets there,
    and the server stayed behind, holding its port and database. This one is Prefect's public
    command, ``prefect server start`` (the API in that one process; no UI, no scheduler: the run
    only reports to it), and on Linux the kernel kills it when its parent dies
    (``prctl(PR_SET_PDEATHSIG, SIGKILL)``, set in the child before it becomes the server). The
    signal follows the death of the *thread* that started the child: the thread that enters
    :func:`api_for_workers` starts it, and that thread outlives the ``with`` block by
    construction. Elsewhere the server is started without the guard and stopped by :meth:`stop`.
    """

    def __init__(self, startup_timeout_seconds: float | None = None) -> None:
        self.process: subprocess.Popen[bytes] | None = None
        self.port: int | None = None
        self._startup_timeout_seconds = startup_timeout_seconds

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api"

    def command(self, port: int) -> list[str]:
        """The command that runs the server on ``port`` (guarded on Linux)."""
        server = [
            "-m", "prefect", "server", "start",
            "--host", "127.0.0.1", "--port", str(port),
            "--no-ui", "--no-scheduler", "--no-late-runs", "--analytics-off", "--log-level", "ERROR",
        ]  # fmt: skip
        return python_dying_with_parent(server)

    def start(self) -> str:
        """Start the server, wait until it answers ``/health``, and return its API URL."""
        from prefect.settings import PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS, get_current_settings

        timeout = self._startup_timeout_seconds or float(
            PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS.value()
        )
        environment = {**os.environ, **get_current_settings().to_environment_variables(exclude_unset=True)}
        environment.pop("PREFECT_API_URL", None)
        deadline = time.monotonic() + timeout
        launches = 1
        try:
            self._launch(environment)
            while not self._healthy():
                assert self.process is not None
                status = self.process.poll()
                if status in _PORT_TAKEN_STATUSES and launches < SERVER_LAUNCHES:
                    launches += 1
                    self._launch(environment)
                elif status is not None:
                    raise RuntimeError(f"the temporary Prefect server exited with status {status}")
                elif time.monotonic() > deadline:
                    raise RuntimeError(
                        f"the temporary Prefect server did not answer within {timeout:g} s "
                        "(PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS)"
                    )
                time.sleep(SERVER_POLL_SECONDS)
        except BaseException:
            self.stop()
            raise
        return self.api_url

    def stop(self) -> None:
        """Stop the server: SIGTERM, then SIGKILL if it is still running after a while."""
        process, self.process = self.process, None
        if process is None:
            return
        process.terminate()
        try:
            process.wait(timeout=SERVER_STOP_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def _launch(self, environment: dict[str, str]) -> None:
        self.port = _free_port()
        self.process = subprocess.Popen(
            self.command(self.port),
            env=environment,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,  # its welcome text; errors go to stderr
        )

    def _healthy(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.api_url}/health", timeout=2) as response:
                return bool(response.status == 200)
        except (OSError, ValueError):  # not listening yet (URLError is an OSError)
            return False


#: how often a worker process checks that the run that started it is still there
PARENT_POLL_SECONDS = 1.0


def exit_with_parent(parent_pid: int) -> None:
    """Initializer of the run's worker processes: a worker exits when the run's process
    (``parent_pid``, which started it) is gone.

    A SIGKILLed run cannot stop its pool, and its workers (blocked on their task queue, whose
    other end they hold themselves) would wait forever. Not the parent-death signal here: it
    follows the *thread* that started the worker, which in a pool may be any thread and may end
    while the pool lives. A daemon thread watches the parent's pid instead: a worker whose parent
    died is re-parented, and exits within :data:`PARENT_POLL_SECONDS` (at once if the run died
    while the worker was starting: hence the pid given, not the one found).
    """

    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(PARENT_POLL_SECONDS)
        os._exit(1)  # the run is gone: nobody will read this worker's results

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def _free_port() -> int:
    """A TCP port free on 127.0.0.1 now (a server that loses it to another exits with status 3)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _drain_prefect_services(timeout: float = 10.0) -> None:
    """Flush Prefect's background log and event senders. Left to interpreter exit, they would try
    a server that is gone and retry for a minute or more.

    Logs through the public ``APILogHandler.flush``. Events have no public flush: this is the
    project's one call of a Prefect internal (``QueueService.drain_all``, of
    ``prefect._internal.concurrency.services``); tests/flows/test_runners.py fails, naming the
    Prefect version, when it changes."""
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogHandler

    APILogHandler().flush()
    EventsWorker.drain_all(timeout=timeout)
