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

from flows.runners import TemporaryPrefectServer, python_dying_with_parent

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the parent-death signal and /proc are Linux's"
)

REPO = Path(__file__).resolve().parents[2]
#: how long the kernel and init may take to kill and reap an orphan, and a worker still importing
#: its modules when the run died may take to reach its parent check
GONE_WITHIN_SECONDS = 60.0
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


def wait_until_gone(processes: dict[int, str], seconds: float = GONE_WITHIN_SECONDS) -> dict[int, str]:
    deadline = time.monotonic() + seconds
    while still_alive(processes) and time.monotonic() < deadline:
        time.sleep(0.1)
    return still_alive(processes)


def kill_all(processes: dict[int, str]) -> None:
    for pid in still_alive(processes):
        os.kill(pid, signal.SIGKILL)


def test_a_guarded_child_dies_when_its_parent_is_killed():
    """The mechanism alone: a parent starts a guarded sleeper, then is SIGKILLed (the kernel
    kills the child at once: it is checked well within the allowed time)."""
    sleeper = ["-c", "import time; time.sleep(120)"]
    parent_code = (
        "import subprocess, sys, time\n"
        "from flows.runners import python_dying_with_parent\n"
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
        assert wait_until_gone(watched, seconds=5) == {}, "the child outlived its SIGKILLed parent"
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


def test_a_worker_exits_when_the_run_that_started_it_is_killed():
    """Pool workers watch their parent's pid (the parent-death signal follows a thread)."""
    worker = "from flows.runners import exit_with_parent; import os, time; exit_with_parent(os.getppid()); time.sleep(120)"
    parent_code = (
        "import subprocess, sys, time\n"
        f"child = subprocess.Popen([sys.executable, '-c', {worker!r}])\n"
        "print(child.pid, flush=True)\n"
        "time.sleep(120)\n"
    )
    parent = subprocess.Popen(
        [sys.executable, "-c", parent_code], stdout=subprocess.PIPE, text=True, cwd=REPO
    )
    child = int(parent.stdout.readline())
    watched = {child: process_start(child)}
    try:
        time.sleep(3)  # the worker has imported and is watching
        assert still_alive(watched) == watched
        parent.kill()
        parent.wait()
        assert wait_until_gone(watched, seconds=10) == {}, "the worker outlived its SIGKILLed run"
    finally:
        parent.kill()
        parent.wait()
        kill_all(watched)


def test_a_worker_whose_run_died_while_it_started_exits_at_once():
    code = "from flows.runners import exit_with_parent; import time; exit_with_parent(1); time.sleep(120)"
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, timeout=60, check=False)
    assert done.returncode == 1


def test_the_server_command_is_guarded_and_is_prefects_public_one():
    command = TemporaryPrefectServer().command(8123)
    assert command[:2] == [sys.executable, "-c"] and "PR_SET_PDEATHSIG" in command[2]
    assert command[3] == str(os.getpid())
    assert command[4:8] == ["-m", "prefect", "server", "start"] and "8123" in command


def test_the_one_prefect_internal_the_project_calls_is_still_there():
    """Events have no public flush: :func:`flows.runners._drain_prefect_services` calls
    ``EventsWorker.drain_all(timeout=...)``, a method of Prefect's internal ``QueueService``.
    When a Prefect release moves or renames it, this says so, with the version, before a run
    finds out at its end."""
    import inspect

    import prefect
    from prefect.events.worker import EventsWorker

    drain_all = getattr(EventsWorker, "drain_all", None)
    assert callable(drain_all), (
        f"Prefect {prefect.__version__}: EventsWorker.drain_all is gone; "
        "flows/runners.py _drain_prefect_services must flush events another way"
    )
    assert "timeout" in inspect.signature(drain_all).parameters, (
        f"Prefect {prefect.__version__}: EventsWorker.drain_all{inspect.signature(drain_all)} "
        "no longer takes timeout=; flows/runners.py _drain_prefect_services calls it so"
    )


def test_the_guard_refuses_to_start_when_its_parent_is_already_gone():
    """A parent that died before the death signal was set would never send it: the guard exits."""
    guarded = python_dying_with_parent(["-c", "print('ran')"])
    guarded[3] = "1"  # claims a parent that is not ours
    done = subprocess.run(guarded, capture_output=True, text=True, timeout=30, check=False)
    assert done.returncode == 0 and "ran" not in done.stdout


def command_line(pid: int) -> list[bytes]:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except (FileNotFoundError, ProcessLookupError):
        return []


def server_answers(argv: list[bytes]) -> bool:
    if b"server" not in argv or b"--port" not in argv:
        return False
    port = int(argv[argv.index(b"--port") + 1])
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=2):
            return True
    except OSError:
        return False


def is_pool_worker(argv: list[bytes]) -> bool:
    return any(b"multiprocessing.spawn" in a or b"multiprocessing.forkserver" in a for a in argv)


def kill_run_once_up(tmp_path: Path, arguments: list[str], workers: int) -> None:
    """Start ``news-etl run ARGUMENTS``, wait until its Prefect server answers and ``workers``
    pool processes exist, SIGKILL the run, and assert that all its processes are soon gone."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith("PREFECT_API")} | {
        "PREFECT_HOME": tempfile.mkdtemp(prefix="news-etl-sigkill-", dir=tmp_path),
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": str(int(SERVER_UP_WITHIN_SECONDS)),
    }
    run = subprocess.Popen(
        [sys.executable, "-m", "news_etl.cli", "run", "--warehouse", str(tmp_path / "w"), *arguments],
        cwd=REPO,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    watched: dict[int, str] = {}
    try:
        deadline = time.monotonic() + SERVER_UP_WITHIN_SECONDS
        while True:
            assert run.poll() is None, "the run ended before its processes were all up"
            assert time.monotonic() < deadline, "the run's Prefect server or pool never came up"
            lines = {pid: command_line(pid) for pid in descendants(run.pid)}
            up = any(server_answers(argv) for argv in lines.values())
            if up and sum(is_pool_worker(argv) for argv in lines.values()) >= workers:
                break
            time.sleep(0.2)
        watched = descendants(run.pid)
        run.kill()
        run.wait()
        assert wait_until_gone(watched) == {}, "processes of the SIGKILLed run remain"
    finally:
        run.kill()
        run.wait()
        kill_all(watched)


@pytest.mark.integration
def test_sigkill_of_a_run_leaves_no_server_behind(tmp_path):
    """The sample: one batch, parsed in the run's process; the run's only child is its server."""
    kill_run_once_up(tmp_path, [], workers=0)


@pytest.mark.integration
def test_sigkill_of_a_run_leaves_no_worker_process_behind(tmp_path):
    """Many batches in a pool of two worker processes: they go with the run too."""
    source = tmp_path / "src"
    source.mkdir()
    for number in range(40):
        (source / f"a{number}.txt").write_text(
            f" date 2022-02-16 https://example.org/a{number}\nTitle {number}\n"
            f"Paragraph {number} says the minister spoke about item {number} today.\n",
            encoding="utf-8",
        )
    kill_run_once_up(tmp_path, [str(source), "--workers", "2", "--batch-files", "2"], workers=2)
