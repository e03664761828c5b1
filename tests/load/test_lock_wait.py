"""Readers do not break the writer: a run waits for the database while another process holds it.

DuckDB lets one process write a database file or many read it. Each case starts a real second
process that holds ``news.duckdb`` open read-only — before the run, or in the middle of its
load — and the run waits for it (saying so), or, past ``--lock-timeout``, fails with a message
naming what to do, and the next run records that failure in ``runs``.
"""

from __future__ import annotations

import contextlib
import logging
import subprocess
import sys
import time
from pathlib import Path

import pytest

from flows.ingest import ingest
from load.warehouse import Warehouse, WarehouseLocked

pytestmark = [pytest.mark.integration, pytest.mark.usefixtures("prefect_harness")]

READER = (
    "import duckdb, sys, time\n"
    "con = duckdb.connect(sys.argv[1], read_only=True)\n"
    "print('holding', flush=True)\n"
    "time.sleep(float(sys.argv[2]))\n"
)


@contextlib.contextmanager
def reader(store: Warehouse, seconds: float):
    """Another process holding the database read-only for ``seconds`` (from when it says so)."""
    process = subprocess.Popen(
        [sys.executable, "-c", READER, str(store.db_path), str(seconds)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert process.stdout is not None and process.stdout.readline().strip() == "holding"
        yield process
    finally:
        process.kill()
        process.wait()


def runs(store: Warehouse) -> list[tuple]:
    with contextlib.closing(store.connect(read_only=True)) as con:
        return con.execute("SELECT run_id, status, error FROM runs ORDER BY started_at").fetchall()


@pytest.fixture
def waits():
    """The messages of the warehouse's logger that say a connection waits for the database."""
    messages: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.getMessage().startswith("waiting for the warehouse"):
                messages.append(record.getMessage())

    handler = Collect(logging.INFO)
    logging.getLogger("load").addHandler(handler)
    yield messages
    logging.getLogger("load").removeHandler(handler)


def test_a_run_started_while_a_reader_holds_the_database_waits_then_loads(tmp_path, waits):
    store = Warehouse(tmp_path / "w")
    ingest(warehouse=str(store.root))
    with reader(store, 15.0):
        started = time.monotonic()
        summary = ingest(warehouse=str(store.root), full_refresh=True)
        waited = time.monotonic() - started
    assert summary.status == "completed" and summary.articles_loaded == 13
    assert waited >= 12.0  # it waited for the reader (15 s, less its start)
    messages = waits
    assert messages and "another process (pid" in messages[0] and "--lock-timeout" in messages[0]
    assert [status for _, status, _ in runs(store)] == ["completed", "completed"]


def test_a_reader_that_takes_the_database_during_the_load_is_waited_for(tmp_path, waits, monkeypatch):
    store = Warehouse(tmp_path / "w")
    ingest(warehouse=str(store.root))
    real_load = Warehouse.load_run
    readers = contextlib.ExitStack()

    def load_while_read(self: Warehouse, run_id: str, **kwargs):
        # the batches are parsed; an analyst opens the database just as the load starts, and
        # keeps it past this function: the load must wait for it
        readers.enter_context(reader(self, 8.0))
        return real_load(self, run_id, **kwargs)

    monkeypatch.setattr(Warehouse, "load_run", load_while_read)
    with readers:
        summary = ingest(warehouse=str(store.root), full_refresh=True)
    assert summary.status == "completed" and summary.articles_replaced == 13
    assert waits
    assert [status for _, status, _ in runs(store)] == ["completed", "completed"]


def test_past_the_lock_timeout_the_run_fails_clearly_and_the_next_run_records_it(tmp_path):
    store = Warehouse(tmp_path / "w")
    ingest(warehouse=str(store.root))
    with reader(store, 10.0) as process, pytest.raises(WarehouseLocked) as failure:
        ingest(warehouse=str(store.root), lock_timeout=2.0)
    process.wait()
    message = str(failure.value)
    assert "held by another process (pid" in message and "within 2 s (--lock-timeout)" in message
    assert "close the programs" in message and "Parquet mirror" in message
    saved = list(Path(store.root, "_failed_runs").glob("*.json"))
    assert len(saved) == 1
    assert len(runs(store)) == 1  # the database could not be written

    ingest(warehouse=str(store.root))  # the next run gets the database and records the failure
    recorded = runs(store)
    assert [status for _, status, _ in recorded] == ["completed", "failed", "completed"]
    assert recorded[1][0] == saved[0].stem and recorded[1][2].startswith("WarehouseLocked: ")
    assert not list(Path(store.root, "_failed_runs").glob("*.json"))
