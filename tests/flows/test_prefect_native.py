"""What a Prefect user finds after a run, read back through the Prefect client from a real API
server (the session's ``prefect_harness``): the flow run named after the run id, the assets the
load materialized with the sources upstream, a link artifact to the report, the project's log
messages (a parse failure, in the flow's process and in the pool's) in the flow run's log; and the
timeouts, which fail the run with a reason that names them.

Integration: two runs of the sample share one module fixture (~20 s after the harness's start).
"""

from __future__ import annotations

import contextlib
import functools
import shutil
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import duckdb
import pytest
from prefect import get_client
from prefect.client.schemas.filters import (
    ArtifactFilter,
    ArtifactFilterFlowRunId,
    ArtifactFilterKey,
    LogFilter,
    LogFilterFlowRunId,
)
from prefect.events.filters import EventFilter, EventNameFilter, EventResourceFilter
from prefect.logging.handlers import APILogHandler

import extract.batches as batches
import load.warehouse as warehouse_module
from flows.assets import source_assets, table_assets
from flows.ingest import RUN_ID, StepTimedOut, ingest
from flows.runs import recorded_run
from load.warehouse import Warehouse
from tests.conftest import SAMPLE

pytestmark = [pytest.mark.integration, pytest.mark.usefixtures("prefect_harness")]

#: the API writes logs and events in the background (events every few seconds)
READ_BACK_SECONDS = 60.0
T = TypeVar("T")


def eventually(read: Callable[[], T], done: Callable[[T], bool]) -> T:
    """``read()`` again until ``done`` says yes or :data:`READ_BACK_SECONDS` pass; the last read."""
    deadline = time.monotonic() + READ_BACK_SECONDS
    value = read()
    while not done(value) and time.monotonic() < deadline:
        time.sleep(0.5)
        value = read()
    return value


def flow_run_log(flow_run_id: Any) -> list[str]:
    APILogHandler().flush()  # send what this process logged
    with get_client(sync_client=True) as client:
        logs = client.read_logs(LogFilter(flow_run_id=LogFilterFlowRunId(any_=[flow_run_id])))
    return [log.message for log in logs]


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory: pytest.TempPathFactory):
    """Two runs over the sample plus ``broken.txt``, which the parser fails on (a patched parser
    bug, as in tests/extract/test_batches.py): the first loads, the second reads everything again."""
    root = tmp_path_factory.mktemp("native")
    source = root / "source files"  # a space: the asset keys must cope
    shutil.copytree(SAMPLE, source)
    (source / "broken.txt").write_text("Broken title\nThis one will explode.\n", encoding="utf-8")
    real = batches.parse_article

    def fragile(text: str):
        if "explode" in text:
            raise IndexError("parser bug")
        return real(text)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(batches, "parse_article", fragile)  # one batch: it runs in this process
        store = Warehouse(root / "warehouse")
        first = ingest(sources=[str(source)], warehouse=str(store.root), workers=1)
        second = ingest(sources=[str(source)], warehouse=str(store.root), workers=1, full_refresh=True)
    return store, source, [first, second]


def test_the_flow_run_is_named_after_the_run_id(two_runs):
    store, _, records = two_runs
    with get_client(sync_client=True) as client:
        names = [client.read_flow_run(record.flow_run_id).name for record in records]
    assert names == [record.run_id for record in records]
    assert all(RUN_ID.fullmatch(name) for name in names) and names[0] != names[1]
    with contextlib.closing(store.connect(read_only=True)) as con:
        recorded = {run_id for (run_id,) in con.execute("SELECT run_id FROM runs").fetchall()}
    assert recorded == set(names)


def test_the_load_materializes_the_three_tables_from_the_sources(two_runs):
    store, source, records = two_runs
    tables = table_assets(store)
    keys = {asset.key for pair in tables.values() for asset in pair}
    (upstream,) = (asset.key for asset in source_assets([str(source)]))
    assert " " not in upstream  # the source's path has a space: its key does not

    def read() -> list[Any]:
        with get_client(sync_client=True) as client:
            page = client.read_events(
                EventFilter(
                    event=EventNameFilter(name=["prefect.asset.materialization.succeeded"]),
                    resource=EventResourceFilter(id=sorted(keys)),
                ),
                limit=50,
            )
        return page.events

    events = eventually(read, lambda found: len(found) >= 2 * len(keys))
    assert {event.resource.id for event in events} == keys
    assert len(events) == 2 * len(keys)  # both runs, each table once: no event per file
    for event in events:
        related = {(r.id, r.role) for r in event.related}
        assert (upstream, "asset") in related, event
        assert any(r.role == "flow-run" for r in event.related)
    (articles_db, _) = tables["articles"]
    rows = {
        event.payload.get("run_id"): event.payload["rows_inserted"]
        for event in events
        if event.resource.id == articles_db.key
    }
    assert rows == {record.run_id: record.articles_loaded for record in records}


def test_the_link_artifact_points_at_the_run_report(two_runs):
    _, _, records = two_runs
    for record in records:
        with get_client(sync_client=True) as client:
            (artifact,) = client.read_artifacts(
                artifact_filter=ArtifactFilter(
                    flow_run_id=ArtifactFilterFlowRunId(any_=[record.flow_run_id]),
                    key=ArtifactFilterKey(any_=["news-etl-report"]),
                )
            )
        link = str(artifact.data).split("](", 1)[1].rstrip(")")
        path = Path(urllib.request.url2pathname(urllib.parse.urlparse(link).path))
        assert path.is_file() and path.name == f"{record.run_id}.html"
        assert Path(record.report or "") == path
        assert record.run_id in path.read_text(encoding="utf-8")


def test_a_parse_failure_is_in_the_flow_run_log_once_per_run(two_runs):
    _, source, records = two_runs
    broken = f"parsing {(source / 'broken.txt').as_posix()}"
    for record in records:
        messages = eventually(
            functools.partial(flow_run_log, record.flow_run_id), lambda found: any(broken in m for m in found)
        )
        failures = [m for m in messages if broken in m]
        assert len(failures) == 1, messages
        assert "failed" in failures[0]


def test_the_batches_of_a_pool_log_to_the_flow_run_too(tmp_path):
    """Files that run out of their parse budget, in two batches parsed in worker processes: each
    worker's warning reaches the flow run's log."""
    state = ingest(
        warehouse=str(tmp_path / "w"), batch_files=7, workers=2, parse_timeout=1e-9, return_state=True
    )
    flow_run_id = state.state_details.flow_run_id
    messages = eventually(
        lambda: flow_run_log(flow_run_id),
        lambda found: sum("parsing" in m and "stopped" in m for m in found) >= 14,
    )
    stopped = [m for m in messages if m.startswith("parsing") and "stopped" in m]
    assert len(stopped) == 14  # the 14 sample files, each said once
    assert len({m.split(" stopped")[0] for m in stopped}) == 14


def _slow(*_args: object, **_kwargs: object) -> Any:
    """A step that would take a minute: it sleeps in short steps, so a timeout interrupts it."""
    for _ in range(6_000):
        time.sleep(0.01)
    raise AssertionError("the timeout did not stop the step")


@pytest.mark.parametrize(
    ("patched", "option", "task_name"),
    [
        ((warehouse_module.Warehouse, "load_run"), "load_timeout", "load-warehouse"),
        ((batches, "_parse_into"), "batch_timeout", "parse-batch"),
    ],
)
def test_a_step_past_its_timeout_fails_the_run_and_says_which(
    tmp_path, monkeypatch, patched, option, task_name
):
    monkeypatch.setattr(*patched, _slow)
    store = Warehouse(tmp_path / "w")
    started = time.monotonic()
    with pytest.raises(StepTimedOut) as failure:
        ingest(warehouse=str(store.root), workers=1, parse_timeout=None, **{option: 0.5})
    assert time.monotonic() - started < 30  # the step was stopped, not waited for
    assert str(failure.value) == f"{task_name} ran past its timeout of 0.5 s ({option})"
    record = recorded_run(store)
    assert record is not None and record.status == "failed"
    assert record.error == f"StepTimedOut: {task_name} ran past its timeout of 0.5 s ({option})"
    with contextlib.closing(duckdb.connect(str(store.db_path), read_only=True)) as con:
        assert con.execute("SELECT count(*) FROM runs").fetchone() == (1,)


def test_the_flow_past_its_timeout_is_recorded_as_such(tmp_path, monkeypatch):
    """Prefect cancels the flow's body when its timeout passes; the run's record says so."""
    monkeypatch.setattr(warehouse_module.Warehouse, "load_run", _slow)
    store = Warehouse(tmp_path / "w")
    with pytest.raises(TimeoutError):
        ingest.with_options(timeout_seconds=3)(warehouse=str(store.root), workers=1, load_timeout=None)
    record = recorded_run(store)
    assert record is not None and record.status == "failed"
    assert record.error == "StepTimedOut: the run ran past the flow's timeout of 3 s (flow_timeout)"


def test_a_project_message_is_said_once_as_the_runs(tmp_path):
    """The project logger hands the message to the run's logger, which prints it (Prefect's
    console handler); the project logger's own record does not also reach the root logger's
    handlers (a console's, or Python's last resort), so a terminal shows it once."""
    import logging

    from prefect import flow

    from flows.logs import project_logs_to_run

    class Seen(logging.Handler):
        def __init__(self) -> None:
            super().__init__()
            self.messages: list[tuple[str, str]] = []

        def emit(self, record: logging.LogRecord) -> None:
            self.messages.append((record.name, record.getMessage()))

    @flow
    def says_it() -> None:
        with project_logs_to_run():
            logging.getLogger("extract.batches").warning("parsing %s failed", "a 100% odd name")

    root, run = Seen(), Seen()
    logging.getLogger().addHandler(root)
    logging.getLogger("prefect.flow_runs").addHandler(run)
    try:
        says_it()
    finally:
        logging.getLogger().removeHandler(root)
        logging.getLogger("prefect.flow_runs").removeHandler(run)
    assert run.messages.count(("prefect.flow_runs", "parsing a 100% odd name failed")) == 1
    # the root logger sees the run logger's record (as every Prefect log), not the project's
    assert [name for name, message in root.messages if "odd name" in message] == ["prefect.flow_runs"]
    assert logging.getLogger("extract").propagate  # as it was, after the run


def test_a_project_info_message_reaches_a_run_log_set_to_info(monkeypatch):
    """A project logger left unset inherits the root's level (WARNING under Prefect's logging
    config): meanwhile it takes the run logger's, so an INFO the run's log shows is not dropped
    before the handler sees it; after the run, the level is as it was."""
    import logging

    from prefect import flow

    from flows.logs import project_logs_to_run

    class Seen(logging.Handler):
        def __init__(self) -> None:
            super().__init__()
            self.messages: list[str] = []

        def emit(self, record: logging.LogRecord) -> None:
            self.messages.append(record.getMessage())

    @flow
    def says_it() -> None:
        with project_logs_to_run():
            logging.getLogger("quality.docs").info("the suite copy is replaced")

    runs = logging.getLogger("prefect.flow_runs")
    monkeypatch.setattr(runs, "level", logging.INFO)
    monkeypatch.setattr(logging.getLogger(), "level", logging.WARNING)
    seen = Seen()
    runs.addHandler(seen)
    try:
        says_it()
    finally:
        runs.removeHandler(seen)
    assert seen.messages.count("the suite copy is replaced") == 1
    assert logging.getLogger("quality").level == logging.NOTSET  # as it was, after the run


def test_the_flows_timeout_stops_the_wait_before_any_task(tmp_path, monkeypatch):
    """Prefect cancels the flow's body where it is, here in the wait for the database before the
    first task: the record says it was the flow's timeout, not a bare cancellation."""
    monkeypatch.setattr(warehouse_module.Warehouse, "prepare", _slow)
    store = Warehouse(tmp_path / "w")
    with pytest.raises(TimeoutError):
        ingest.with_options(timeout_seconds=2)(warehouse=str(store.root), workers=1)
    data = recorded_run(store)
    assert data is not None and data.status == "failed"
    assert data.error == "StepTimedOut: the run ran past the flow's timeout of 2 s (flow_timeout)"


#: a run whose wait for the database is one blocking call of a minute (as a stuck read): in a
#: process of its own, since pytest-timeout's SIGALRM handler makes Prefect fall back from its
#: alarm to a watcher thread, which cannot stop a blocking call
_BLOCKED_RUN = """
import sys, time
import load.warehouse
load.warehouse.Warehouse.prepare = lambda self: time.sleep(60)
from flows.ingest import ingest
started = time.monotonic()
try:
    ingest.with_options(timeout_seconds=2)(warehouse=sys.argv[1], workers=1)
except TimeoutError as exc:
    print(type(exc).__name__, round(time.monotonic() - started, 1))
"""


def test_the_flows_timeout_stops_a_blocking_call(tmp_path):
    import os
    import subprocess
    import sys

    from prefect.settings import PREFECT_API_URL

    from tests.conftest import REPO

    environment = {**os.environ, "PREFECT_API_URL": str(PREFECT_API_URL.value())}
    done = subprocess.run(
        [sys.executable, "-c", _BLOCKED_RUN, str(tmp_path / "w")],
        cwd=REPO,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    name, seconds = (done.stdout.strip().splitlines() or ["", ""])[-1].split() or ("", "")
    assert name == "FlowRunTimeoutError", done.stdout + done.stderr
    assert float(seconds) < 30, done.stdout  # stopped at ~2 s, not after the minute's call
    data = recorded_run(Warehouse(tmp_path / "w"))
    assert data is not None
    assert data.error == "StepTimedOut: the run ran past the flow's timeout of 2 s (flow_timeout)"
