"""Data quality: the packaged suites match the schemas and say each check's severity as GX
does; an edited packaged suite is what a run checks; in a run, quarantine of failing rows,
critical failures, reports."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import re
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

import flows.ingest as ingest_module
import load.warehouse as warehouse_module
from flows.ingest import ingest
from load.warehouse import Warehouse
from news_etl.cli import app
from quality.gx import main as gx_main
from quality.gx import suite_text, validate_rows, write_suites
from quality.suites import (
    ACTION,
    GX_SEVERITY,
    SEVERITY,
    SUITE_TABLES,
    expectation_parameters,
    packaged_checks,
    packaged_suite,
    suite_checks,
)
from schemas import tables
from tests.quality.helpers import PACKAGED, edited_suites, expectation

runner = CliRunner()


def stale_suites() -> list[str]:
    """The packaged suite files that differ, byte for byte, from what `make suites` writes."""
    return [t for t in SUITE_TABLES if (PACKAGED / f"{t}.json").read_text(encoding="utf-8") != suite_text(t)]


def test_packaged_suites_match_the_code():
    assert sorted(p.name for p in PACKAGED.glob("*.json")) == sorted(f"{t}.json" for t in SUITE_TABLES)
    stale = stale_suites()
    assert not stale, (
        f"the packaged Great Expectations suites {stale} in quality/expectations/ no longer match "
        "quality/suites.py and the schemas: run `make suites` and commit them."
    )


def test_a_schema_change_without_new_suites_is_caught(monkeypatch):
    changed = tables.TABLES["articles"].append(pa.field("sentiment", pa.float64()))
    monkeypatch.setitem(tables.TABLES, "articles", changed)
    assert stale_suites() == ["articles"]


def _keys(value: object) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in _keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _keys(v)}
    return set()


def test_writing_the_suites_is_byte_stable_and_free_of_random_ids(tmp_path):
    """`make suites` twice gives the same bytes, so the packaged files change only with the code."""
    assert gx_main(["suites", str(tmp_path / "a")]) == 0
    write_suites(tmp_path / "b")
    for table in SUITE_TABLES:
        first = (tmp_path / "a" / f"{table}.json").read_bytes()
        assert first == (tmp_path / "b" / f"{table}.json").read_bytes()
        assert "id" not in _keys(json.loads(first)) and b"great_expectations_version" not in first
    assert gx_main(["sync", str(tmp_path)]) == 2  # the old command is gone, with a usage line


def test_packaged_severities_follow_the_mapping():
    """GX's own severity is `critical` for our critical checks and `warning` for the rest;
    `meta.action` says what a failure does; both as quality/suites.py sets them."""
    assert GX_SEVERITY == {"critical": "critical", "quarantine": "warning", "warning": "warning"}
    assert ACTION == {"critical": "fail_run", "quarantine": "quarantine", "warning": "report"}
    seen = set()
    for table in SUITE_TABLES:
        expected = {c.qualified_name: c.severity for c in suite_checks(table)}
        stored = packaged_suite(table)["expectations"]
        assert [e["meta"]["name"] for e in stored] == list(expected)
        for stored_one in stored:
            ours = expected[stored_one["meta"]["name"]]
            pair = (stored_one["severity"], stored_one["meta"]["action"])
            assert pair == (GX_SEVERITY[ours], ACTION[ours])
            assert "severity" not in stored_one["meta"]  # GX's field, not a copy in meta
            seen.add(pair)
        assert [c.severity for c in packaged_checks(table)] == list(expected.values())
    # every level is in use, and the critical ones are the ones SEVERITY names
    assert seen == {("critical", "fail_run"), ("warning", "quarantine"), ("warning", "report")}
    critical = {
        e["meta"]["name"]
        for t in SUITE_TABLES
        for e in packaged_suite(t)["expectations"]
        if e["severity"] == "critical"
    }
    named = {name for name, level in SEVERITY.items() if level == "critical" and not name.endswith(".*")}
    whole = {name[:-2] for name, level in SEVERITY.items() if level == "critical" and name.endswith(".*")}
    assert critical == named | {name for table in whole for name in _names(table)}


def _names(table: str) -> set[str]:
    return {e["meta"]["name"] for e in packaged_suite(table)["expectations"]}


def test_an_edited_packaged_suite_changes_what_a_run_checks(tmp_path, monkeypatch):
    """Runs read the packaged JSON, not the code: a title limit lowered in the file fails a
    title the code's limit passes."""
    frame = pa.table({"_row": [0], "title_length": [50]})
    before, _ = validate_rows({"articles": frame}, expectation_parameters([]))
    assert before["articles.title_length_plausible"].success

    def lower_title_limit(table: str, suite: dict) -> None:
        if table == "articles":
            expectation(suite, "articles.title_length_plausible")["kwargs"]["max_value"] = 10

    edited_suites(tmp_path, monkeypatch, lower_title_limit)
    after, failing = validate_rows({"articles": frame}, expectation_parameters([]))
    assert not after["articles.title_length_plausible"].success
    assert failing == {("articles", 0): ["title_length_plausible"]}


def test_a_packaged_suite_whose_action_and_severity_disagree_is_refused(tmp_path, monkeypatch):
    def quarantine_but_critical(table: str, suite: dict) -> None:
        if table == "articles":
            expectation(suite, "articles.url_is_http")["severity"] = "critical"

    copy = edited_suites(tmp_path, monkeypatch, quarantine_but_critical)
    with pytest.raises(
        ValueError, match=r"articles\.json: articles\.url_is_http has action 'quarantine'"
    ) as refused:
        packaged_checks("articles")
    assert str(copy / "articles.json") in str(refused.value)  # the file to fix


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


def _replace(rows: pa.Table, column: str, mask: pa.ChunkedArray, value: object) -> pa.Table:
    index = rows.schema.get_field_index(column)
    field = rows.schema.field(index)
    replaced = pc.if_else(mask, pa.scalar(value, field.type), rows[column])
    return rows.set_column(index, field, replaced)


def _tamper_batches(monkeypatch, rewrite) -> None:
    """Rewrite each batch's staged tables before its checks read them (as if a parser bug had
    made the rows): ``rewrite(table, rows) -> rows``."""
    original = ingest_module.process_batch

    def process_then_rewrite(files, batch, options, known):
        result = original(files, batch, options, known)
        for table in ("articles", "paragraphs", "quotes"):
            path = Path(options.staging_dir) / table / f"batch-{batch:05d}.parquet"
            if path.exists():
                pq.write_table(rewrite(table, pq.read_table(path)), path)
        return result

    monkeypatch.setattr(ingest_module, "process_batch", process_then_rewrite)


def _inject(table: str, rows: pa.Table, sample_uris) -> pa.Table:
    """Bad rows, staged by the batches: a date in the future, a paragraph whose offsets run past
    its body, a quote of an unknown kind."""
    _, b, c, d = sample_uris
    uri = rows["source_uri"]
    if table == "articles":
        return _replace(rows, "published_date", pc.equal(uri, b), dt.date(2091, 1, 1))
    if table == "paragraphs":
        first = pc.and_(pc.equal(uri, c), pc.equal(rows["paragraph_index"], 0))
        index = rows.schema.get_field_index("char_end")
        field = rows.schema.field(index)
        moved = pc.if_else(first, pc.add(rows["char_end"], 100_000), rows["char_end"]).cast(field.type)
        return rows.set_column(index, field, moved)
    ids = rows.filter(pc.equal(uri, d))["quote_id"]
    if len(ids) == 0:
        return rows
    return _replace(rows, "kind", pc.equal(rows["quote_id"], pc.min(ids)), "rumour")


def _copy_first_article(con, a: str) -> None:
    """A second article with ``a``'s id, added after duplicates are settled: only the run-wide
    uniqueness check at the load can see it."""
    con.execute(
        "INSERT INTO stage_articles SELECT * REPLACE ('/injected/copy-of-a.txt' AS source_uri) "
        "FROM stage_articles WHERE source_uri = ?",
        [a],
    )
    con.execute(
        "INSERT INTO keep SELECT '/injected/copy-of-a.txt', article_id FROM stage_articles WHERE source_uri = ?",
        [a],
    )


@pytest.mark.usefixtures("prefect_harness")
@pytest.mark.parametrize("batch_files", [500, 3], ids=["one-batch", "batches-of-3"])
def test_injected_bad_rows_are_quarantined_and_the_rest_loads(tmp_path, monkeypatch, batch_files):
    from tests.conftest import SAMPLE

    uris = sorted(str(p) for p in SAMPLE.rglob("*.txt") if "drafts" not in p.parts)
    a, b, c, d = uris[0], uris[1], uris[2], uris[3]
    original = warehouse_module.flag_near_duplicates

    def flag_then_inject(con):
        original(con)
        _copy_first_article(con, a)

    monkeypatch.setattr(warehouse_module, "flag_near_duplicates", flag_then_inject)
    _tamper_batches(monkeypatch, lambda table, rows: _inject(table, rows, (a, b, c, d)))
    # one worker: the batches run in this process, where the tampering is
    summary = ingest(warehouse=str(tmp_path / "w"), batch_files=batch_files, workers=1)
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

    def drift_schema(table: str, rows: pa.Table) -> pa.Table:
        if table != "articles":
            return rows
        return rows.append_column("sentiment", pa.array([0.5] * rows.num_rows, pa.float64()))

    _tamper_batches(monkeypatch, drift_schema)  # a batch finds it; the load writes nothing
    result = runner.invoke(app, ["run", "--warehouse", str(w), "--full-refresh", "--workers", "1"])
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
