"""The ingest flow, run for real under the session's Prefect test harness."""

from __future__ import annotations

import contextlib

import duckdb
import pytest

from news_etl.flows.ingest import ingest
from news_etl.warehouse import Warehouse

pytestmark = pytest.mark.usefixtures("prefect_harness")

SAMPLE_ARTICLES = 13  # data/sample: 13 articles and one header-only draft
SAMPLE_PARAGRAPHS = 73


def counts(warehouse_dir):
    with contextlib.closing(Warehouse(warehouse_dir).connect(read_only=True)) as con:
        return con.execute(
            "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM paragraphs), (SELECT count(*) FROM rejects)"
        ).fetchone()


def test_sample_run_loads_every_article_and_accounts_for_every_file(tmp_path):
    summary = ingest(warehouse=str(tmp_path / "w"), batch_files=4)
    assert summary.status == "completed"
    assert summary.files_seen == 14
    assert summary.articles_loaded == SAMPLE_ARTICLES
    assert dict(summary.rejected) == {"no_body": 1}
    assert summary.reconciles
    assert dict(summary.files_skipped) == {".md": 1}
    assert counts(tmp_path / "w") == (SAMPLE_ARTICLES, SAMPLE_PARAGRAPHS, 1)
    assert not (tmp_path / "w" / "_staging").exists()


def test_rerun_is_idempotent_and_parquet_agrees(tmp_path):
    ingest(warehouse=str(tmp_path / "w"))
    first = counts(tmp_path / "w")
    summary = ingest(warehouse=str(tmp_path / "w"), batch_files=3)
    assert summary.articles_replaced == SAMPLE_ARTICLES
    assert counts(tmp_path / "w") == first
    glob = str(tmp_path / "w" / "parquet" / "articles" / "**" / "*.parquet")
    parquet = duckdb.sql(f"SELECT count(*) FROM read_parquet('{glob}', hive_partitioning=true)").fetchall()
    assert parquet == [(SAMPLE_ARTICLES,)]


def test_a_second_run_on_a_busy_warehouse_fails_clearly(tmp_path):
    from news_etl.warehouse import WarehouseBusy

    with Warehouse(tmp_path / "w").exclusive(), pytest.raises(WarehouseBusy):
        ingest(warehouse=str(tmp_path / "w"))
