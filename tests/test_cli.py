from __future__ import annotations

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
