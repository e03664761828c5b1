"""Runs on the reference data in ../shared (skipped with a message when it is absent)."""

from __future__ import annotations

import contextlib
import datetime as dt
import json

import pytest
from typer.testing import CliRunner

from load.warehouse import Warehouse
from news_etl.cli import app

pytestmark = pytest.mark.usefixtures("prefect_harness")
runner = CliRunner()


def query(warehouse_dir, sql):
    with contextlib.closing(Warehouse(warehouse_dir).connect(read_only=True)) as con:
        return con.execute(sql).fetchall()


def test_seed_loads_exactly_as_expected(shared, tmp_path):
    expected = json.loads(
        (shared / "seed" / "000_c1d3918283bfb5e2.expected.json").read_text(encoding="utf-8")
    )
    result = runner.invoke(app, ["run", str(shared / "seed"), "--warehouse", str(tmp_path / "w")])
    assert result.exit_code == 0, result.output
    with contextlib.closing(Warehouse(tmp_path / "w").connect(read_only=True)) as con:
        article = con.sql("SELECT * FROM articles").to_arrow_table().to_pylist()
        paragraphs = con.sql("SELECT * FROM paragraphs ORDER BY paragraph_index").to_arrow_table().to_pylist()
        quotes = con.sql("SELECT * FROM quotes ORDER BY char_start").to_arrow_table().to_pylist()
    assert len(article) == 1
    row = article[0]
    for field, value in expected["article"].items():
        got = row[field]
        if isinstance(got, dt.date):
            got = got.isoformat()
        assert got == value, field
    assert [p["text"] for p in paragraphs] == expected["paragraphs"]
    assert [p["paragraph_index"] for p in paragraphs] == list(range(6))
    for p in paragraphs:
        assert row["body"][p["char_start"] : p["char_end"]] == p["text"]

    # the quotes table: every expected quote once, from the body (the summary adds no duplicates)
    assert row["quote_count"] == len(quotes)
    for q in quotes:
        assert row["body"][q["char_start"] : q["char_end"]] == q["quote_text"]
    for exp in expected["quotes"]:
        hits = [q for q in quotes if exp["contains"] in q["quote_text"]]
        assert len(hits) == 1, exp["contains"]
        q = hits[0]
        kinds = exp["kind"] if isinstance(exp["kind"], list) else [exp["kind"]]
        assert q["kind"] in kinds
        assert q["speaker"] in exp["speaker_any_of"]
        assert (q["speaker_resolved"], q["cue"], q["paragraph_index"]) == (
            exp["speaker_resolved"],
            exp["cue"],
            exp["paragraph_index"],
        )
    for forbidden in expected["forbidden_quote_texts"]:
        assert not any(q["quote_text"].strip("\"'“”‘’ ,.") == forbidden for q in quotes), forbidden


def test_kremlin_corpus_loads_816_articles_with_header_dates_and_urls_twice(shared, tmp_path):
    corpus = shared / "corpora" / "kremlin-en-2022"
    warehouse = str(tmp_path / "w")
    assert runner.invoke(app, ["run", str(corpus), "--warehouse", warehouse]).exit_code == 0
    first = query(warehouse, "SELECT count(*), count(published_date), count(url) FROM articles")
    paragraphs = query(warehouse, "SELECT count(*) FROM paragraphs")
    assert first == [(816, 816, 816)]
    headers = {}
    for path in corpus.glob("*.txt"):
        _, date, url = path.read_text(encoding="utf-8").split("\n", 1)[0].split()
        headers[url] = date
    loaded = dict(query(warehouse, "SELECT url, strftime(published_date, '%Y-%m-%d') FROM articles"))
    assert loaded == headers
    assert runner.invoke(app, ["run", str(corpus), "--warehouse", warehouse]).exit_code == 0
    assert query(warehouse, "SELECT count(*) FROM articles") == [(816,)]
    assert query(warehouse, "SELECT count(*) FROM paragraphs") == paragraphs


def test_kremlin_single_line_bodies_stay_whole(shared, tmp_path):
    corpus = shared / "corpora" / "kremlin-en-2022"
    big = {}
    for path in corpus.glob("*.txt"):
        lines = [line for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]
        longest = max(lines, key=len)
        if len(longest) > 20_000:
            big[str(path)] = longest
    assert len(big) == 30
    warehouse = str(tmp_path / "w")
    assert runner.invoke(app, ["run", *big, "--warehouse", warehouse]).exit_code == 0
    rows = dict(
        query(
            warehouse,
            "SELECT a.source_uri, max(length(p.text)) FROM articles a JOIN paragraphs p USING (article_id) GROUP BY 1",
        )
    )
    for uri, longest in big.items():
        assert rows[uri] >= len(longest) - 50, uri  # the long line is one paragraph, only characters fixed


def test_bbc_corpus_loads_2061_articles_and_rejects_34_duplicates(reference_run):
    run = reference_run("bbc-news-2005")
    warehouse = str(run.warehouse)
    assert "2,095 seen = 2,061 loaded + 34 rejected: ok" in run.output
    assert query(warehouse, "SELECT count(*), count(title), count(published_date) FROM articles") == [
        (2061, 2061, 0)
    ]
    rejects = query(warehouse, "SELECT source_uri, reason, detail FROM rejects ORDER BY 1")
    assert len(rejects) == 34 and {r[1] for r in rejects} == {"duplicate"}
    bodies = dict(query(warehouse, "SELECT article_id, body_sha256 FROM articles"))
    kept = dict(query(warehouse, "SELECT article_id, source_uri FROM articles"))
    for uri, _, detail in rejects:
        kept_id = detail.split("article ")[1].split()[0]
        assert kept_id in bodies, detail
        assert kept[kept_id] < uri, "the first file in path order is the one kept"
