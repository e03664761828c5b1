"""The temporary Prefect server of a run dies with the run, even when the run is SIGKILLed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from news_etl.flows.runners import TemporaryPrefectServer, python_dying_with_parent

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the parent-death signal and /proc are Linux's"
)

REPO = Path(__file__).resolve().parents[2]
#: how long the kernel and init may take to kill and reap an orphan
GONE_WITHIN_SECONDS = 10.0
#: a busy 2-core machine takes 15-30 s to start a Prefect server
SERVER_UP_WITHIN_SECONDS = 150.0


def process_start(pid: int) -> str | None:
    """The start time of process ``pid`` (tells a process from a later one with its pid), or None
    when there is no such process or only its zombie (dead, waiting to be reaped)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    fields = stat[stat.rindex(")") + 2 :].split()
    return None if fields[0] in ("Z", "X") else fields[19]


def descendants(pid: int) -> dict[int, str]:
    """Every living descendant of ``pid``: pid -> start time."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except (FileNotFoundError, ProcessLookupError):
                continue
            parent = int(stat[stat.rindex(")") + 2 :].split()[1])
            children.setdefault(parent, []).append(int(entry.name))
    found: dict[int, str] = {}
    todo = list(children.get(pid, []))
    while todo:
        child = todo.pop()
        start = process_start(child)
        if start is not None:
            found[child] = start
        todo.extend(children.get(child, []))
    return found


def still_alive(processes: dict[int, str]) -> dict[int, str]:
    return {pid: start for pid, start in processes.items() if process_start(pid) == start}


def wait_until_gone(processes: dict[int, str]) -> dict[int, str]:
    deadline = time.monotonic() + GONE_WITHIN_SECONDS
    while still_alive(processes) and time.monotonic() < deadline:
        time.sleep(0.1)
    return still_alive(processes)


def kill_all(processes: dict[int, str]) -> None:
    for pid in still_alive(processes):
        os.kill(pid, signal.SIGKILL)


def test_a_guarded_child_dies_when_its_parent_is_killed():
    """The mechanism alone: a parent starts a guarded sleeper, then is SIGKILLed."""
    sleeper = ["-c", "import time; time.sleep(120)"]
    parent_code = (
        "import subprocess, sys, time\n"
        "from news_etl.flows.runners import python_dying_with_parent\n"
        f"child = subprocess.Popen(python_dying_with_parent({sleeper!r}))\n"
        "print(child.pid, flush=True)\n"
        "time.sleep(120)\n"
    )
    parent = subprocess.Popen(
        [sys.executable, "-c", parent_code], stdout=subprocess.PIPE, text=True, cwd=REPO
    )
    try:
        child = int(parent.stdout.readline())
        deadline = time.monotonic() + 20
        while "time.sleep(120)" not in Path(f"/proc/{child}/cmdline").read_text().replace("\0", " "):
            assert time.monotonic() < deadline, "the guarded child never became the sleeper"
            time.sleep(0.05)  # the guard has run and exec'd the real program
        watched = {child: process_start(child)}
        parent.kill()
        parent.wait()
        assert wait_until_gone(watched) == {}, "the child outlived its SIGKILLed parent"
    finally:
        parent.kill()
        parent.wait()


def test_an_unguarded_child_outlives_its_killed_parent_which_is_what_the_guard_prevents():
    """The control: without the guard, the same child is orphaned (so the test above can fail)."""
    parent_code = (
        "import subprocess, sys, time\n"
        "child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(120)'])\n"
        "print(child.pid, flush=True)\n"
        "time.sleep(120)\n"
    )
    parent = subprocess.Popen([sys.executable, "-c", parent_code], stdout=subprocess.PIPE, text=True)
    child = int(parent.stdout.readline())
    watched = {child: process_start(child)}
    parent.kill()
    parent.wait()
    try:
        time.sleep(1.0)
        assert still_alive(watched) == watched
    finally:
        kill_all(watched)


def test_the_server_command_is_guarded_and_runs_uvicorn():
    command = TemporaryPrefectServer().command(8123)
    assert command[:2] == [sys.executable, "-c"] and "PR_SET_PDEATHSIG" in command[2]
    assert command[3] == str(os.getpid())
    assert command[4:7] == ["-m", "uvicorn", "--app-dir"] and "8123" in command


def test_the_guard_refuses_to_start_when_its_parent_is_already_gone():
    """A parent that died before the death signal was set would never send it: the guard exits."""
    guarded = python_dying_with_parent(["-c", "print('ran')"])
    guarded[3] = "1"  # claims a parent that is not ours
    done = subprocess.run(guarded, capture_output=True, text=True, timeout=30, check=False)
    assert done.returncode == 0 and "ran" not in done.stdout


@pytest.mark.integration
def test_sigkill_of_a_run_leaves_no_process_behind(tmp_path):
    """``news-etl run`` starts its temporary Prefect server; SIGKILL the run once the server
    answers: within seconds neither the server nor any other process of the run remains."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith("PREFECT_API")} | {
        "PREFECT_HOME": tempfile.mkdtemp(prefix="news-etl-sigkill-", dir=tmp_path),
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": str(int(SERVER_UP_WITHIN_SECONDS)),
    }
    run = subprocess.Popen(
        [sys.executable, "-m", "news_etl.cli", "run", "--warehouse", str(tmp_path / "w")],
        cwd=REPO,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: what remains of it can be found and killed
    )
    watched: dict[int, str] = {}
    try:
        server = None
        deadline = time.monotonic() + SERVER_UP_WITHIN_SECONDS
        while server is None:
            assert run.poll() is None, "the run ended before its server was up"
            assert time.monotonic() < deadline, "the run's Prefect server never answered"
            for pid in descendants(run.pid):
                argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
                if b"uvicorn" in argv and b"--port" in argv:
                    port = int(argv[argv.index(b"--port") + 1])
                    try:
                        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=2):
                            server = pid
                    except OSError:
                        pass
            time.sleep(0.2)
        watched = descendants(run.pid)
        assert server in watched
        run.kill()
        run.wait()
        assert wait_until_gone(watched) == {}, "processes of the SIGKILLed run remain"
    finally:
        run.kill()
        run.wait()
        kill_all(watched)
