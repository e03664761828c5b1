"""Data quality: the suites in gx/ match the schemas; in a run, quarantine of failing rows,
critical failures, reports."""

from __future__ import annotations

import contextlib
import json
import re
from pathlib import Path

import pyarrow as pa
import pytest
from typer.testing import CliRunner

import load.quarantine as quarantine_module
import load.warehouse as warehouse_module
from flows.ingest import ingest
from load.warehouse import Warehouse
from news_etl.cli import app
from quality.gx import sync_context
from quality.suites import expectation_parameters, suite_checks
from schemas import tables
from tests.conftest import REPO

runner = CliRunner()
SUITE_DIRS = ("expectations", "validation_definitions", "checkpoints")


def _without_ids(value):
    if isinstance(value, dict):
        return {k: _without_ids(v) for k, v in value.items() if k != "id"}
    if isinstance(value, list):
        return [_without_ids(v) for v in value]
    return value


def suite_differences(committed: Path, generated: Path) -> list[str]:
    """Files of the generated suites that differ from the committed ones (ids aside)."""
    differences = []
    for folder in SUITE_DIRS:
        names = {p.name for p in (committed / folder).glob("*.json")} | {
            p.name for p in (generated / folder).glob("*.json")
        }
        for name in sorted(names):
            old, new = committed / folder / name, generated / folder / name
            if not old.exists() or not new.exists():
                differences.append(
                    f"{folder}/{name}: {'missing in the repo' if new.exists() else 'no longer generated'}"
                )
            elif _without_ids(json.loads(old.read_text())) != _without_ids(json.loads(new.read_text())):
                differences.append(f"{folder}/{name}")
    return differences


def test_committed_suites_match_the_schemas(tmp_path):
    sync_context(tmp_path)
    stale = suite_differences(REPO / "gx", tmp_path / "gx")
    assert not stale, (
        f"the Great Expectations suites in gx/ no longer match schemas: {stale}. "
        "Run `make suites` and commit gx/."
    )


def test_a_schema_change_without_new_suites_is_caught(tmp_path, monkeypatch):
    changed = tables.TABLES["articles"].append(pa.field("sentiment", pa.float64()))
    monkeypatch.setitem(tables.TABLES, "articles", changed)
    sync_context(tmp_path)
    assert suite_differences(REPO / "gx", tmp_path / "gx") == ["expectations/articles.json"]


def test_every_schema_column_is_in_its_suite():
    for table, schema in tables.TABLES.items():
        (columns,) = [c for c in suite_checks(table) if c.name == "columns_match_schema"]
        assert set(f.name for f in schema) <= set(columns.kwargs["column_set"])
        not_null = {c.kwargs["column"] for c in suite_checks(table) if c.name.endswith("_not_null")}
        assert not_null == {f.name for f in schema if not f.nullable}


def test_volume_band_opens_only_with_enough_history():
    assert expectation_parameters([])["min_articles"] == 0
    band = expectation_parameters([100, 120, 80, 110])
    assert band["min_articles"] == 22 and band["max_articles"] == 551  # median 110 × [0.2, 5]


def _counts(warehouse_dir):
    with contextlib.closing(Warehouse(warehouse_dir).connect(read_only=True)) as con:
        return {
            table: con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608  table names come from the fixed tuple below
            for table in ("articles", "paragraphs", "quotes", "rejects", "runs")
        }


def _inject(con, sample_uris):
    """Bad rows, added after duplicates are settled (as if a parser bug had made them)."""
    a, b, c, d = sample_uris
    con.execute(
        "INSERT INTO stage_articles SELECT * REPLACE ('/injected/copy-of-a.txt' AS source_uri) "
        "FROM stage_articles WHERE source_uri = ?",
        [a],
    )
    con.execute(
        "INSERT INTO keep SELECT '/injected/copy-of-a.txt', article_id FROM stage_articles WHERE source_uri = ?",
        [a],
    )
    con.execute("UPDATE stage_articles SET published_date = DATE '2091-01-01' WHERE source_uri = ?", [b])
    con.execute(
        "UPDATE stage_paragraphs SET char_end = char_end + 100000 WHERE source_uri = ? AND paragraph_index = 0",
        [c],
    )
    con.execute(
        "UPDATE stage_quotes SET kind = 'rumour' WHERE quote_id = "
        "(SELECT min(quote_id) FROM stage_quotes WHERE source_uri = ?)",
        [d],
    )


@pytest.mark.usefixtures("prefect_harness")
@pytest.mark.parametrize("chunk_rows", [quarantine_module.CHUNK_ROWS, 3], ids=["one-chunk", "chunks-of-3"])
def test_injected_bad_rows_are_quarantined_and_the_rest_loads(tmp_path, monkeypatch, chunk_rows):
    from tests.conftest import SAMPLE

    monkeypatch.setattr(quarantine_module, "CHUNK_ROWS", chunk_rows)  # a duplicate key never spans chunks

    uris = sorted(str(p) for p in SAMPLE.rglob("*.txt") if "drafts" not in p.parts)
    a, b, c, d = uris[0], uris[1], uris[2], uris[3]
    original = warehouse_module.flag_near_duplicates

    def flag_then_inject(con):
        original(con)
        _inject(con, (a, b, c, d))

    monkeypatch.setattr(warehouse_module, "flag_near_duplicates", flag_then_inject)
    summary = ingest(warehouse=str(tmp_path / "w"))
    assert summary.status == "completed"
    with contextlib.closing(Warehouse(tmp_path / "w").connect(read_only=True)) as con:
        quality = con.execute(
            "SELECT source_uri, reason, table_name FROM rejects WHERE stage = 'quality' ORDER BY 1, 2"
        ).fetchall()
        loaded = {row[0] for row in con.execute("SELECT source_uri FROM articles").fetchall()}
        failures = dict(
            con.execute(
                "SELECT table_name || '.' || expectation, unexpected_count FROM dq_results WHERE NOT success"
            ).fetchall()
        )
        kinds = {row[0] for row in con.execute("SELECT kind FROM quotes").fetchall()}
        quote_count = con.execute("SELECT quote_count FROM articles WHERE source_uri = ?", [d]).fetchone()[0]
        quotes_of_d = con.execute(
            "SELECT count(*) FROM quotes JOIN articles USING (article_id) WHERE source_uri = ?", [d]
        ).fetchone()[0]
    assert quality == sorted(
        [
            ("/injected/copy-of-a.txt", "article_id_unique", "articles"),
            (a, "article_id_unique", "articles"),
            (b, "published_date_in_range", "articles"),
            (c, "offsets_slice_body", "paragraphs"),
            (d, "kind_known", "quotes"),
        ]
    )
    assert loaded == set(uris) - {a, b, c}  # d loads without its bad quote
    assert "rumour" not in kinds and quote_count == quotes_of_d
    assert failures == {
        "articles.article_id_unique": 2,
        "articles.published_date_in_range": 1,
        "paragraphs.offsets_slice_body": 1,
        "quotes.kind_known": 1,
    }
    assert summary.rows_quarantined == 5
    # the held-back articles count as rejected files (the injected copy is one more than was seen)
    assert summary.files_seen + 1 == summary.articles_loaded + summary.files_rejected
    report = re.sub(r"<[^>]+>", "", Path(summary.report).read_text(encoding="utf-8"))
    for name in ("article_id_unique", "published_date_in_range", "offsets_slice_body", "kind_known"):
        assert name in report


@pytest.mark.usefixtures("prefect_harness")
def test_a_critical_failure_leaves_the_warehouse_as_it_was_and_exits_1(tmp_path, monkeypatch):
    w = tmp_path / "w"
    assert runner.invoke(app, ["run", "--warehouse", str(w)]).exit_code == 0

    def snapshot():
        with contextlib.closing(Warehouse(w).connect(read_only=True)) as con:
            data = {
                t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall()  # noqa: S608  table names come from the fixed tuple below
                for t in ("articles", "paragraphs", "quotes", "rejects")
            }
        files = {str(p.relative_to(w)): p.read_bytes() for p in sorted((w / "parquet").rglob("*.parquet"))}
        return data, files

    before = snapshot()
    original = warehouse_module.flag_near_duplicates

    def drift_schema(con):
        original(con)
        con.execute("ALTER TABLE stage_articles ADD COLUMN sentiment DOUBLE")

    monkeypatch.setattr(warehouse_module, "flag_near_duplicates", drift_schema)
    result = runner.invoke(app, ["run", "--warehouse", str(w), "--full-refresh"])
    assert result.exit_code == 1
    assert "articles.columns_match_schema" in result.output
    assert snapshot() == before
    with contextlib.closing(Warehouse(w).connect(read_only=True)) as con:
        runs = con.execute("SELECT status, error FROM runs ORDER BY started_at").fetchall()
        critical = con.execute(
            "SELECT count(*) FROM dq_results WHERE severity = 'critical' AND NOT success"
        ).fetchone()[0]
    assert [r[0] for r in runs] == ["completed", "failed"]
    assert "columns_match_schema" in runs[1][1] and critical == 1
    latest = re.sub(r"<[^>]+>", "", (w / "reports" / "latest.html").read_text(encoding="utf-8"))
    assert "columns_match_schema" in latest and "failed" in latest


@pytest.mark.usefixtures("prefect_harness")
def test_report_command_prints_the_latest_report_and_its_suites(tmp_path):
    w = str(tmp_path / "w")
    assert runner.invoke(app, ["run", "--warehouse", w]).exit_code == 0
    result = runner.invoke(app, ["report", "--warehouse", w])
    assert result.exit_code == 0, result.output
    path = Path(result.output.splitlines()[0].split()[-1])
    assert path.is_file() and path.parent == tmp_path / "w" / "reports"
    assert "reconciliation 14 seen = 13 loaded + 1 rejected: ok" in result.output
    page = path.read_text(encoding="utf-8")
    for suite in ("articles", "paragraphs", "quotes", "rejects"):
        assert f'data-suite="{suite}"' in page, suite
    missing = runner.invoke(app, ["report", "--warehouse", w, "--run", "no-such-run"])
    assert missing.exit_code == 2
