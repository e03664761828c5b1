"""A warehouse path holding both quote characters works end to end: every path reaches DuckDB as
a parameter (``COPY ... TO ?``, ``read_parquet(?)``), never pasted into SQL."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from flows.ingest import ingest
from load.sql_sandbox import read_query
from load.warehouse import Warehouse
from news_etl.cli import app
from tests.helpers import check

pytestmark = [pytest.mark.integration, pytest.mark.usefixtures("prefect_harness")]


def test_a_warehouse_at_a_path_with_both_quotes_runs_checks_queries_and_reports(tmp_path):
    root = tmp_path / "q'\"wh"
    summary = ingest(warehouse=str(root))
    assert summary.status == "completed" and summary.articles_loaded == 13
    store = Warehouse(root)
    assert check(store) == []  # every table against its Parquet files
    refresh = ingest(warehouse=str(root), full_refresh=True)  # a load that rewrites partitions
    assert refresh.status == "completed" and refresh.articles_replaced == 13

    runner = CliRunner()
    checked = runner.invoke(app, ["check", "--warehouse", str(root)])
    assert checked.exit_code == 0, checked.output
    reported = runner.invoke(app, ["report", "--warehouse", str(root)])
    assert reported.exit_code == 0 and refresh.run_id in reported.output

    result = read_query(store, "SELECT count(*) FROM articles")
    assert result.rows == [(13,)]
    mirror = str(store.parquet_dir / "articles" / "*" / "*.parquet").replace("'", "''")
    result = read_query(store, f"SELECT count(*) FROM read_parquet('{mirror}')")  # noqa: S608  the test's own warehouse path, its quotes doubled
    assert result.rows == [(13,)]
