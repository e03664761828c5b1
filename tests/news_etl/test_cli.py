from __future__ import annotations

import contextlib
import json
import os
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
