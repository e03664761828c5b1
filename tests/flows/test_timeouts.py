"""The run's timeouts: where each is set, that the CLI's defaults are the flow's, and that a task
that ran past its timeout is not retried (it would run past it again). That a timeout fires and
names itself: tests/flows/test_prefect_native.py."""

from __future__ import annotations

import inspect

import pytest
from prefect.states import Failed
from prefect.task_engine import TaskRunTimeoutError

import flows.ingest as ingest_module
from news_etl import cli


def test_the_cli_defaults_are_the_flows():
    defaults = {name: p.default for name, p in inspect.signature(cli.run).parameters.items()}
    assert defaults["batch_timeout"] == ingest_module.BATCH_TIMEOUT_SECONDS
    assert defaults["load_timeout"] == ingest_module.LOAD_TIMEOUT_SECONDS
    assert defaults["flow_timeout"] == ingest_module.FLOW_TIMEOUT_SECONDS
    flow_defaults = {
        name: p.default for name, p in inspect.signature(ingest_module.ingest.fn).parameters.items()
    }
    assert flow_defaults["batch_timeout"] == ingest_module.BATCH_TIMEOUT_SECONDS
    assert flow_defaults["load_timeout"] == ingest_module.LOAD_TIMEOUT_SECONDS


def test_every_task_and_the_flow_have_a_timeout():
    """The flow's is decorated; the tasks' are the run's options, set with :func:`bounded`: a task
    decorated with one would keep it under ``with_options(timeout_seconds=None)``."""
    assert ingest_module.ingest.timeout_seconds == ingest_module.FLOW_TIMEOUT_SECONDS
    for task in (ingest_module.parse_batch, ingest_module.check_invariants, ingest_module.publish):
        assert task.timeout_seconds is None, task.name
        assert ingest_module.bounded(task, None) is task
        assert ingest_module.bounded(task, 12.0).timeout_seconds == 12.0
    load = ingest_module.load_task(ingest_module.Warehouse("w"), ["src"], 12.0)
    assert (load.name, load.timeout_seconds) == ("load-warehouse", 12.0)
    unbounded = ingest_module.load_task(ingest_module.Warehouse("w"), ["src"], None)
    assert unbounded.timeout_seconds is None


def test_no_task_that_timed_out_is_retried():
    for task in (ingest_module.parse_batch, ingest_module.publish):
        assert task.retry_condition_fn is ingest_module._not_timed_out, task.name
    assert ingest_module.load_task(ingest_module.Warehouse("w"), ["src"], 1.0).retry_condition_fn is (
        ingest_module._storage_error
    )


def test_the_defaults_leave_room_for_a_large_run():
    """A 2,000-file batch takes ~10 s, the load of a 100,000-file run ~40 s, a million-file run
    ~30 min (2 cores): each bound is many times that."""
    assert ingest_module.BATCH_TIMEOUT_SECONDS >= 100 * 10
    assert ingest_module.LOAD_TIMEOUT_SECONDS >= 10 * 400 + ingest_module.LOCK_TIMEOUT_SECONDS
    assert ingest_module.FLOW_TIMEOUT_SECONDS >= 10 * 30 * 60


@pytest.mark.parametrize("condition", [ingest_module._not_timed_out, ingest_module._storage_error])
def test_a_task_that_timed_out_is_not_retried(condition):
    timed_out = Failed(data=TaskRunTimeoutError("Scope timed out after 1 second(s)."))
    assert condition(None, None, timed_out) is False
    assert condition(None, None, Failed(data=OSError("disk"))) is True


def test_run_flow_timeout_reaches_the_flow_through_with_options(tmp_path, monkeypatch):
    import contextlib

    from typer.testing import CliRunner

    import flows.runners as runners_module

    class Flow:
        options: dict | None = None

        def with_options(self, **options):
            self.options = options
            return self

        def __call__(self, **parameters):
            raise RuntimeError("not run here")

    flow = Flow()
    monkeypatch.setattr(ingest_module, "ingest", flow)
    monkeypatch.setattr(runners_module, "api_for_workers", contextlib.nullcontext)
    arguments = ["run", str(tmp_path), "--warehouse", str(tmp_path / "w")]
    CliRunner().invoke(cli.app, arguments)
    assert flow.options is None  # the default: the flow as decorated
    result = CliRunner().invoke(cli.app, [*arguments, "--flow-timeout", "60"])
    assert result.exit_code == 1 and flow.options == {"timeout_seconds": 60.0}
