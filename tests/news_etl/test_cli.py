from __future__ import annotations

import contextlib
import json
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from news_etl.cli import app

runner = CliRunner()


@pytest.mark.usefixtures("prefect_harness")
def test_run_then_sql_on_the_sample(tmp_path):
    warehouse = str(tmp_path / "w")
    result = runner.invoke(app, ["run", "--warehouse", warehouse])
    assert result.exit_code == 0, result.output
    assert "articles loaded        13" in result.output
    assert "14 seen = 13 loaded + 1 rejected: ok" in result.output
    result = runner.invoke(
        app, ["sql", "select count(*) as n from articles", "--warehouse", warehouse, "-f", "csv"]
    )
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["n", "13"]


@pytest.mark.usefixtures("prefect_harness")
def test_run_json_prints_only_the_run_record_and_its_counts_reconcile(tmp_path):
    warehouse = str(tmp_path / "w")
    result = runner.invoke(app, ["run", "--warehouse", warehouse, "--json"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)  # stdout is the JSON and nothing else
    assert "articles loaded" not in result.stdout
    assert record["status"] == "completed" and record["warehouse"] == str(Path(warehouse).resolve())
    assert (record["files_seen"], record["articles_loaded"], record["files_rejected"]) == (14, 13, 1)
    assert record["rejected"] == {"no_body": 1} == {k: v for k, v in record["rejected"].items() if v}
    assert record["files_rejected"] == sum(record["rejected"].values())
    recon = record["reconciliation"]
    assert recon["ok"] and recon["text"] == "14 seen = 13 loaded + 1 rejected: ok"
    accounted = record["articles_loaded"] + record["files_rejected"]
    assert record["files_seen"] == accounted + record["files_unchanged"] + record["files_outside_window"]
    # the single-writer steps' wall seconds: the load task, the end-of-run check, publishing
    assert {"discover", "parse", "load", "load_warehouse", "check", "publish"} <= set(record["seconds"])
    assert record["outcomes"] and all(o["success"] for o in record["outcomes"])
    assert Path(record["report"]).is_file()
    with contextlib.closing(duckdb.connect(str(Path(warehouse) / "news.duckdb"), read_only=True)) as con:
        per_count = con.execute("SELECT quote_count, count(*) FROM articles GROUP BY 1 ORDER BY 1").fetchall()
    assert record["quote_counts"] == [list(row) for row in per_count]  # one pair per count, not per article
    # the rerun: every file unchanged, and still one JSON object
    again = json.loads(runner.invoke(app, ["run", "--warehouse", warehouse, "--json"]).stdout)
    assert (again["files_unchanged"], again["articles_loaded"], again["reconciliation"]["ok"]) == (
        14,
        0,
        True,
    )


def test_run_json_is_in_the_help():
    assert "--json" in runner.invoke(app, ["run", "--help"]).output


def test_missing_source_is_a_usage_error(tmp_path):
    result = runner.invoke(app, ["run", str(tmp_path / "nope"), "--warehouse", str(tmp_path / "w")])
    assert result.exit_code == 2
    assert "does not exist" in result.output


def test_unknown_option_is_a_usage_error():
    assert runner.invoke(app, ["run", "--no-such-option"]).exit_code == 2


def test_sql_without_a_warehouse_says_so(tmp_path):
    result = runner.invoke(app, ["sql", "select 1", "--warehouse", str(tmp_path / "none")])
    assert result.exit_code == 2
    assert "no warehouse" in result.output


@pytest.mark.usefixtures("prefect_harness")
def test_sql_error_is_reported_not_raised(tmp_path):
    warehouse = str(tmp_path / "w")
    assert runner.invoke(app, ["run", "--warehouse", warehouse]).exit_code == 0
    result = runner.invoke(app, ["sql", "select nope from articles", "--warehouse", warehouse])
    assert result.exit_code == 2
    assert "SQL error" in result.output


# --------------------------------------------------------------------------- untrusted text in the terminal
HOSTILE_NAME = "enc[/x].txt\x1b]0;pwned\x07\x9b2J\u202etxt.exe"
HOSTILE_SHOWN = "enc[/x].txt\\x1b]0;pwned\\x07\\x9b2J\\u202etxt.exe"
RAW_CONTROLS = ("\x1b", "\x07", "\x9b", "\u202e")


def assert_printed_literally(output: str) -> None:
    assert HOSTILE_SHOWN in output, output
    for raw in RAW_CONTROLS:
        assert raw not in output


def test_a_missing_source_named_like_markup_is_printed_literally(tmp_path):
    """Rich read ``[/x]`` as a closing tag and the error handler itself crashed (MarkupError)."""
    result = runner.invoke(app, ["run", str(tmp_path / HOSTILE_NAME), "--warehouse", str(tmp_path / "w")])
    assert result.exit_code == 2, result.output
    assert "does not exist" in result.output
    assert_printed_literally(result.output)


def test_a_failed_run_prints_its_hostile_error_literally_on_one_line(tmp_path, monkeypatch):
    import flows.ingest as ingest_module
    import flows.runners as runners_module

    def failing_flow(**kwargs):
        raise RuntimeError(f"member {HOSTILE_NAME} is encrypted\nok: all good")

    monkeypatch.setattr(ingest_module, "ingest", failing_flow)
    monkeypatch.setattr(runners_module, "api_for_workers", contextlib.nullcontext)
    result = runner.invoke(app, ["run", str(tmp_path), "--warehouse", str(tmp_path / "w")])
    assert result.exit_code == 1, result.output
    assert "run failed: RuntimeError: member" in result.output
    assert_printed_literally(result.output)
    assert "\\nok: all good" in result.output  # a message cannot forge a line of its own


def test_check_prints_hostile_problems_literally(tmp_path, monkeypatch):
    import quality.invariants as checks_module
    from load.warehouse import Warehouse

    Warehouse(tmp_path / "w").prepare()  # an empty warehouse: the command opens it for the check
    monkeypatch.setattr(checks_module, "check_warehouse", lambda con, *a, **k: [f"orphan {HOSTILE_NAME}"])
    result = runner.invoke(app, ["check", "--warehouse", str(tmp_path / "w")])
    assert result.exit_code == 1, result.output
    assert "FAIL orphan" in result.output
    assert_printed_literally(result.output)


def test_report_prints_hostile_headlines_literally(tmp_path, monkeypatch):
    import flows.runs as runs_module
    from tests.helpers import make_data

    data = make_data(run_id="run-1", error=f"failed on {HOSTILE_NAME}", rejected=Counter({HOSTILE_NAME: 1}))
    monkeypatch.setattr(runs_module, "recorded_run", lambda store, run_id=None: data)
    result = runner.invoke(app, ["report", "--warehouse", str(tmp_path / "w")])
    assert result.exit_code == 0, result.output
    assert "report: " in result.output and "error: failed on enc[/x].txt" in result.output
    for raw in RAW_CONTROLS:
        assert raw not in result.output


def test_visible_escapes_controls_and_bidi_and_keeps_the_rest():
    from reporting.terminal import one_line, visible

    assert visible("a\x1b[2Jb\x9b\x85\x00\x7f") == "a\\x1b[2Jb\\x9b\\x85\\x00\\x7f"
    assert visible("\u202eexe.txt\u2066\u200f") == "\\u202eexe.txt\\u2066\\u200f"
    assert visible("line\n\ttab, é, 中文, emoji 👩\u200d💻") == "line\n\ttab, é, 中文, emoji 👩\u200d💻"
    assert one_line("a\nb\tc") == "a\\nb\\tc"


def test_sql_csv_keeps_exact_values_for_a_pipe_and_escapes_them_for_a_terminal(tmp_path, monkeypatch):
    import duckdb

    import news_etl.cli as cli_module

    (tmp_path / "w").mkdir()
    with contextlib.closing(duckdb.connect(str(tmp_path / "w" / "news.duckdb"))) as con:
        con.execute("CREATE TABLE t AS SELECT 'a\x1b[31mb' AS v")
    result = runner.invoke(app, ["sql", "select v from t", "-w", str(tmp_path / "w"), "-f", "csv"])
    assert result.output.splitlines() == ["v", "a\x1b[31mb"]
    monkeypatch.setattr(cli_module, "_stdout_is_terminal", lambda: True)
    result = runner.invoke(app, ["sql", "select v from t", "-w", str(tmp_path / "w"), "-f", "csv"])
    assert result.output.splitlines() == ["v", "a\\x1b[31mb"]


def test_run_help_states_the_flows_own_batch_size():
    from flows.ingest import BATCH_FILES

    result = runner.invoke(app, ["run", "--help"], env={"COLUMNS": "200", "NO_COLOR": "1"})
    assert result.exit_code == 0
    assert f"default {BATCH_FILES:,}: the flow's BATCH_FILES" in " ".join(result.output.split())


# --------------------------------------------------------------------------- report --last N
def warehouse_with_runs(root: Path, hostile: bool = False):
    """Four runs a day apart: three that loaded articles (the middle one with rejects, a
    quarantined row and a failing check) and a failed one; a reason is ``HOSTILE_NAME`` when
    ``hostile``."""
    import datetime as dt

    from load.history import replace_run
    from load.warehouse import Warehouse
    from schemas import ExpectationOutcome, RunRecord

    store = Warehouse(root)
    store.prepare()
    start = dt.datetime(2026, 3, 1, 6, 0, tzinfo=dt.UTC)
    reason = HOSTILE_NAME if hostile else "empty"
    failing = ExpectationOutcome("quotes", "quote_offsets_slice_body", "quarantine", False, 1, "1 row")
    passing = ExpectationOutcome("articles", "columns_match", "critical", True, 0, None)
    runs = [
        dict(articles_loaded=10, outcomes=[passing]),
        dict(articles_loaded=12, files_rejected=2, rows_quarantined=1, outcomes=[passing, failing]),
        dict(articles_loaded=11, outcomes=[passing]),
        dict(status="failed", error="QualityFailure",
             outcomes=[ExpectationOutcome("articles", "columns_match", "critical", False, 3, "3 rows")]),
    ]  # fmt: skip
    with contextlib.closing(store.connect()) as con:
        for n, fields in enumerate(runs):
            moment = start + dt.timedelta(days=n)
            replace_run(con, RunRecord(run_id=f"run-{n}", warehouse=str(root), started_at=moment,
                                      finished_at=moment, files_seen=20, **fields))  # type: ignore[arg-type]  # fmt: skip
        for uri in ("a.txt", "b.txt"):
            con.execute(
                "INSERT INTO rejects (source_uri, stage, reason, run_id) VALUES (?, 'parse', ?, 'run-1')",
                [uri, reason],
            )
    return store


def test_report_last_prints_the_runs_newest_first_and_the_volume_band(tmp_path):
    warehouse_with_runs(tmp_path / "w")
    result = runner.invoke(
        app, ["report", "--warehouse", str(tmp_path / "w"), "--last", "30"], env={"COLUMNS": "250"}
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    header = next(line for line in lines if "run" in line and "failing checks" in line)
    for column in ("started", "status", "articles", "rejected (top reasons)", "quarantined"):
        assert column in header
    rows = [line for line in lines if "run-" in line]
    assert [re.search(r"run-\d", row).group(0) for row in rows] == ["run-3", "run-2", "run-1", "run-0"]
    assert "failed" in rows[0] and "critical articles.columns_match" in rows[0]
    assert "2026-03-02 06:00" in rows[2] and "2: empty 2" in rows[2]
    assert "quarantine quotes.quote_offsets_slice_body" in rows[2] and "none" in rows[1]
    assert "Volume band for the next run: 2 to 56 articles" in result.output  # median 11 of 10, 12, 11
    assert "4 runs from 2026-03-01 06:00 to 2026-03-04 06:00: 3 completed, 1 failed" in " ".join(
        result.output.split()
    )


def test_report_last_bounds_the_window(tmp_path):
    warehouse_with_runs(tmp_path / "w")
    result = runner.invoke(app, ["report", "-w", str(tmp_path / "w"), "--last", "2"], env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.output
    assert "run-3" in result.output and "run-2" in result.output and "run-1" not in result.output
    for bad in ("0", "-1", "1001"):
        result = runner.invoke(app, ["report", "-w", str(tmp_path / "w"), "--last", bad])
        assert result.exit_code == 2, (bad, result.output)
    result = runner.invoke(app, ["report", "-w", str(tmp_path / "w"), "--last", "3", "--run", "run-1"])
    assert result.exit_code == 2 and "give --run or --last, not both" in result.output


def test_report_last_on_a_warehouse_without_runs_says_so(tmp_path):
    from load.warehouse import Warehouse

    Warehouse(tmp_path / "w").prepare()
    result = runner.invoke(app, ["report", "-w", str(tmp_path / "w"), "--last", "30"])
    assert result.exit_code == 2 and "no run yet" in result.output
    result = runner.invoke(app, ["report", "-w", str(tmp_path / "missing"), "--last", "30"])
    assert result.exit_code == 2 and "run `news-etl run` first" in result.output


def test_report_last_prints_hostile_reasons_literally(tmp_path):
    warehouse_with_runs(tmp_path / "w", hostile=True)
    result = runner.invoke(app, ["report", "-w", str(tmp_path / "w"), "--last", "30"], env={"COLUMNS": "300"})
    assert result.exit_code == 0, result.output
    assert_printed_literally(result.output)


def test_version_prints_the_installed_distributions_version():
    from importlib.metadata import version

    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0, result.output
    assert result.output == f"news-etl {version('news-etl')}\n"


def test_version_comes_before_any_command_and_needs_none():
    """``--version`` is eager: it answers even beside a command that would fail (no SOURCE)."""
    result = runner.invoke(app, ["--version", "prune"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("news-etl ")


@pytest.mark.integration
def test_python_dash_m_news_etl_is_the_news_etl_command():
    """``python -m news_etl`` runs the same app under the script's name, in a fresh interpreter
    (the one path that imports news_etl/__main__.py)."""
    from importlib.metadata import version

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "news_etl", *args],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
            env={**os.environ, "COLUMNS": "120", "NO_COLOR": "1"},
        )

    shown = run("--version")
    assert (shown.returncode, shown.stdout) == (0, f"news-etl {version('news-etl')}\n"), shown.stderr
    helped = run("--help")
    assert helped.returncode == 0, helped.stderr
    assert "Usage: news-etl [OPTIONS] COMMAND" in helped.stdout
    assert all(command in helped.stdout for command in ("run", "sql", "check", "report", "prune"))
    assert "--version" in helped.stdout
    wrong = run("no-such-command")
    assert wrong.returncode == 2
    assert "__main__" not in wrong.stderr and "news-etl" in wrong.stderr


def test_importing_the_module_entry_point_runs_nothing():
    """``news_etl.__main__`` runs the command only as ``python -m news_etl``: a tool that imports
    every module (a doc builder, a coverage run) must not start the CLI."""
    import importlib

    sys.modules.pop("news_etl.__main__", None)
    module = importlib.import_module("news_etl.__main__")
    assert callable(module.main)
