"""The `daily` deployment of prefect.yaml, end to end, as a user runs it (README, "Run on a schedule").

Integration test: a real `prefect server start` (SQLite, 127.0.0.1 only, its own PREFECT_HOME),
`prefect work-pool create`, `prefect deploy` from the repository root, `prefect deployment run`
with the parameters pointed at the bundled sample and a temporary warehouse, and
`prefect worker start --run-once` to execute it; then two runs triggered at once, which the
deployment's concurrency limit runs one after the other (the second waits in
`AwaitingConcurrencySlot`). Every step is a subprocess with a bounded timeout, and their
environment is built from scratch: none of the session's PREFECT_* test-harness settings leak into
it. Takes about two minutes (the server alone starts in ~16 s on a slow machine).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
import yaml
from prefect import get_client
from prefect.settings import PREFECT_API_URL, temporary_settings

from tests.conftest import REPO, SAMPLE

pytestmark = [pytest.mark.integration, pytest.mark.timeout(600)]

DEPLOYMENT = "news-etl-ingest/daily"
POOL = "news-etl"
SAMPLE_ARTICLES = 13  # data/sample: 13 articles and one header-only draft

SERVER_START_TIMEOUT = 90
CLI_TIMEOUT = 120
WORKER_TIMEOUT = 300
STOP_TIMEOUT = 15


def _prefect_cli() -> str | None:
    beside_python = Path(sys.executable).with_name("prefect")
    if beside_python.is_file() and os.access(beside_python, os.X_OK):
        return str(beside_python)
    return shutil.which("prefect")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _tail(path: Path, chars: int = 4000) -> str:
    try:
        return path.read_text(errors="replace")[-chars:]
    except OSError:
        return ""


def _decoded(output: bytes | str | None) -> str:
    """TimeoutExpired keeps the partial output as bytes, even from a ``text=True`` run (POSIX)."""
    return output.decode(errors="replace") if isinstance(output, bytes) else output or ""


def _stop(proc: subprocess.Popen[bytes]) -> None:
    """Terminate the process group we started (the server runs uvicorn as a child), then kill it."""
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=STOP_TIMEOUT)
    # the group may outlive its leader (a flow-run process of the worker, uvicorn of the server)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=STOP_TIMEOUT)


def _healthy(api_url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{api_url}/health", timeout=2) as response:
            return response.status == 200
    except (OSError, urllib.error.URLError):
        return False


@dataclass
class Prefect:
    """A running Prefect server and the CLI pointed at it."""

    cli: str
    env: dict[str, str]
    api_url: str
    logs: Path

    def run(self, *args: str, timeout: float = CLI_TIMEOUT) -> str:
        """Run `prefect ARGS` from the repository root; its stdout, after checking it succeeded."""
        try:
            done = subprocess.run(
                [self.cli, *args],
                cwd=REPO,
                env=self.env,
                capture_output=True,
                text=True,
                timeout=timeout,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            pytest.fail(
                f"`prefect {' '.join(args)}` did not finish in {timeout} s:\n{_decoded(exc.stdout)}\n{_decoded(exc.stderr)}"
            )
        assert done.returncode == 0, (
            f"`prefect {' '.join(args)}` exited {done.returncode}:\n{done.stdout}\n{done.stderr}"
        )
        return done.stdout

    def json(self, *args: str) -> dict:
        return json.loads(self.run(*args, "--output", "json"))

    def start(self, name: str, *args: str) -> subprocess.Popen[bytes]:
        log = (self.logs / f"{name}.log").open("wb")
        try:
            return subprocess.Popen(
                [self.cli, *args],
                cwd=self.logs,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        finally:
            log.close()


def _environment(home: Path, api_url: str) -> dict[str, str]:
    """The user's environment minus every PREFECT_* setting (conftest sets some for the harness)."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("PREFECT_")}
    env.update(
        PREFECT_HOME=str(home),
        PREFECT_API_URL=api_url,
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        PREFECT_SERVER_UI_ENABLED="false",  # nothing to look at; starts faster
        # no cron-scheduled runs: the only run is the one this test creates (a 05:00 UTC run
        # would write ./warehouse in the repository)
        PREFECT_SERVER_SERVICES_SCHEDULER_ENABLED="false",
        PREFECT_CLI_PROMPT="false",
        PREFECT_CLI_COLORS="false",
        PREFECT_CLI_WRAP_LINES="false",
        PREFECT_LOGGING_LEVEL="INFO",
        # the second of two overlapping runs retries its slot every 2 s, not every 30 s
        PREFECT_SERVER_DEPLOYMENTS_CONCURRENCY_SLOT_WAIT_SECONDS="2",
        PREFECT_WORKER_QUERY_SECONDS="1",
        COLUMNS="200",
    )
    return env


@pytest.fixture(scope="module")
def prefect(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Prefect]:
    """`prefect server start` on a free loopback port, with its own home; stopped at the end."""
    cli = _prefect_cli()
    if cli is None:
        pytest.skip("the `prefect` command is not installed: the deployment integration test needs it")
    root = tmp_path_factory.mktemp("prefect-server")
    server: subprocess.Popen[bytes] | None = None
    try:
        for _attempt in range(3):  # another process may take the free port before the server does
            port = _free_port()
            api_url = f"http://127.0.0.1:{port}/api"
            session = Prefect(cli, _environment(root / "home", api_url), api_url, root)
            server = session.start("server", "server", "start", "--host", "127.0.0.1", "--port", str(port))
            deadline = time.monotonic() + SERVER_START_TIMEOUT
            while server.poll() is None and time.monotonic() < deadline and not _healthy(api_url):
                time.sleep(0.5)
            if server.poll() is None and _healthy(api_url):
                break
            _stop(server)
            if time.monotonic() >= deadline:
                pytest.fail(
                    f"prefect server did not answer {api_url}/health in {SERVER_START_TIMEOUT} s:\n"
                    + _tail(root / "server.log")
                )
        else:
            pytest.fail("prefect server exited at start three times:\n" + _tail(root / "server.log"))
        yield session
    finally:
        if server is not None:
            _stop(server)


@pytest.fixture(scope="module")
def deployment(prefect: Prefect) -> dict:
    """The work pool and the deployment, made with the commands of the README recipe."""
    prefect.run("work-pool", "create", POOL, "--type", "process")
    prefect.run("deploy", "--name", "daily", "--no-prompt", timeout=180)
    return prefect.json("deployment", "inspect", DEPLOYMENT)


def test_deployment_is_what_prefect_yaml_says(deployment):
    config = yaml.safe_load((REPO / "prefect.yaml").read_text())
    (daily,) = [d for d in config["deployments"] if d["name"] == "daily"]

    assert deployment["entrypoint"] == "flows/ingest.py:ingest"
    assert deployment["work_pool_name"] == POOL
    assert deployment["parameters"] == daily["parameters"]
    schedules = [s["schedule"] for s in deployment["schedules"]]
    assert [(s.get("cron"), s.get("timezone")) for s in schedules] == [
        (s["cron"], s["timezone"]) for s in daily["schedules"]
    ]
    assert schedules[0]["timezone"] == "UTC"
    assert all(s["active"] for s in deployment["schedules"])
    assert daily["concurrency_limit"] == {"limit": 1, "collision_strategy": "ENQUEUE"}
    assert deployment["global_concurrency_limit"]["limit"] == 1
    assert deployment["concurrency_options"]["collision_strategy"] == "ENQUEUE"
    # the pull step, resolved by `prefect deploy`: the worker runs the flow in this checkout
    assert deployment["pull_steps"] == [
        {"prefect.deployments.steps.set_working_directory": {"directory": str(REPO.resolve())}}
    ]


def test_a_worker_runs_the_deployment_on_the_sample(prefect, deployment, tmp_path):
    warehouse = tmp_path / "warehouse"
    params = json.dumps({"sources": [str(SAMPLE)], "warehouse": str(warehouse)})
    output = prefect.run("deployment", "run", DEPLOYMENT, "--params", params)
    found = re.search(r"UUID:\s*([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})", output)
    assert found, f"no flow run id in the output of `prefect deployment run`:\n{output}"
    flow_run_id = found.group(1)

    worker = prefect.start("worker", "worker", "start", "--pool", POOL, "--run-once")
    try:
        worker.wait(timeout=WORKER_TIMEOUT)
    except subprocess.TimeoutExpired:
        pytest.fail(
            f"the worker did not finish in {WORKER_TIMEOUT} s:\n" + _tail(prefect.logs / "worker.log")
        )
    finally:
        _stop(worker)
    worker_log = _tail(prefect.logs / "worker.log")
    assert worker.returncode == 0, f"the worker exited {worker.returncode}:\n{worker_log}"

    flow_run = prefect.json("flow-run", "inspect", flow_run_id)
    assert flow_run["deployment_id"] == deployment["id"]
    assert flow_run["parameters"] == {"sources": [str(SAMPLE)], "warehouse": str(warehouse)}
    assert flow_run["state"]["type"] == "COMPLETED", f"flow run {flow_run['state']}:\n{worker_log}"

    with contextlib.closing(duckdb.connect(str(warehouse / "news.duckdb"), read_only=True)) as con:
        assert con.execute("select count(*) from articles").fetchone() == (SAMPLE_ARTICLES,)
    assert (warehouse / "reports" / "latest.html").is_file()


def _flow_run_id(output: str) -> str:
    found = re.search(r"UUID:\s*([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})", output)
    assert found, f"no flow run id in the output of `prefect deployment run`:\n{output}"
    return found.group(1)


def test_two_runs_at_once_queue_on_the_concurrency_limit_and_both_complete(prefect, deployment, tmp_path):
    """Two runs of the deployment triggered together, one worker: the limit of prefect.yaml holds
    one in AwaitingConcurrencySlot until the other ends; both complete on the same warehouse."""
    warehouse = tmp_path / "warehouse"
    params = json.dumps({"sources": [str(SAMPLE)], "warehouse": str(warehouse)})
    ids = [_flow_run_id(prefect.run("deployment", "run", DEPLOYMENT, "--params", params)) for _ in range(2)]

    worker = prefect.start("worker-two-runs", "worker", "start", "--pool", POOL)
    final: dict[str, str] = {}
    try:
        with (
            temporary_settings(updates={PREFECT_API_URL: prefect.api_url}),
            get_client(sync_client=True) as client,
        ):
            deadline = time.monotonic() + WORKER_TIMEOUT
            while time.monotonic() < deadline and len(final) < len(ids):
                for flow_run_id in ids:
                    state = client.read_flow_run(flow_run_id).state
                    if state is not None and state.is_final():
                        final[flow_run_id] = state.type.value
                time.sleep(1)
            histories = {flow_run_id: client.read_flow_run_states(flow_run_id) for flow_run_id in ids}
            run_names = {client.read_flow_run(flow_run_id).name for flow_run_id in ids}
    finally:
        _stop(worker)
    worker_log = _tail(prefect.logs / "worker-two-runs.log")
    assert final == dict.fromkeys(ids, "COMPLETED"), f"{final}:\n{worker_log}"
    names = {flow_run_id: [state.name for state in history] for flow_run_id, history in histories.items()}
    waited = [flow_run_id for flow_run_id, seen in names.items() if "AwaitingConcurrencySlot" in seen]
    assert len(waited) == 1, names
    (second,) = waited
    (first,) = set(ids) - {second}
    # the second ran only once the first had ended: no two runs held the warehouse at once
    first_end = max(s.timestamp for s in histories[first] if s.is_final())
    second_start = min(s.timestamp for s in histories[second] if s.is_running())
    assert second_start >= first_end, names
    with contextlib.closing(duckdb.connect(str(warehouse / "news.duckdb"), read_only=True)) as con:
        assert con.execute("select count(*) from articles").fetchone() == (SAMPLE_ARTICLES,)
        runs = dict(con.execute("select run_id, status from runs").fetchall())
    assert runs == dict.fromkeys(run_names, "completed")  # each flow run is named after its run id
