"""The loaded rows of the reference corpora, held to stored digests.

A change made for speed or structure must not change what a run loads. Each reference corpus of
``../shared/corpora`` is loaded by ``news-etl run`` into a fresh warehouse, and each table's rows
(every column but the run's own: ``run_id``, ``ingested_at``) are hashed in key order, from the
DuckDB tables and from the Parquet mirror. ``source_uri`` is taken relative to the corpus, so the
digests do not depend on where ``../shared`` lies.

The digests are in ``reference_digests.json`` beside this file. A change that is *meant* to change
the rows (a parser rule, a new column) writes them again with::

    NEWS_ETL_WRITE_DIGESTS=1 pytest tests/flows/test_reference_digests.py

and its commit says which rows changed and why (``benchmarks/digests.py --diff`` lists the files
whose parse changed).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from load.warehouse import Warehouse
from schemas.tables import KEYS, PARTITIONED_TABLES

pytestmark = [pytest.mark.usefixtures("prefect_harness"), pytest.mark.shared]

DIGESTS_FILE = Path(__file__).with_name("reference_digests.json")
CORPORA = ("kremlin-en-2022", "bbc-news-2005")
#: the columns that say which run wrote a row and when: different on every run
RUN_COLUMNS = frozenset({"run_id", "ingested_at"})
TABLES = ("articles", "paragraphs", "quotes", "rejects", "speakers")
#: tables mirrored as one Parquet file
SINGLE_FILE_TABLES = ("rejects", "speakers")


def _plain(value: Any, corpus_root: str) -> Any:
    """A JSON-able value that does not depend on where the corpus lies."""
    if isinstance(value, str):
        return value.replace(corpus_root, "<corpus>")
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, dict):  # a STRUCT
        return {k: _plain(v, corpus_root) for k, v in value.items()}
    if isinstance(value, list) and all(isinstance(v, dict) for v in value):  # a LIST of STRUCTs: ordered
        return [_plain(v, corpus_root) for v in value]
    if isinstance(value, list):  # a MAP column reads as a list of (key, value) pairs
        return sorted(_plain(v, corpus_root) for v in value)
    if isinstance(value, tuple):
        return [_plain(v, corpus_root) for v in value]
    if isinstance(value, bytes):
        return value.hex()
    return value


def table_digest(rows: Iterable[Mapping[str, Any]], corpus_root: str) -> str:
    """sha256 (first 16 hex digits) of the rows without their run columns, in the order given."""
    digest = hashlib.sha256()
    count = 0
    for row in rows:
        kept = {k: _plain(v, corpus_root) for k, v in row.items() if k not in RUN_COLUMNS}
        digest.update(json.dumps(kept, sort_keys=True, ensure_ascii=False).encode())
        digest.update(b"\n")
        count += 1
    return f"{count}:{digest.hexdigest()[:16]}"


def _order(table: str) -> list[str]:
    if table == "rejects":
        return ["source_uri", "stage", "reason", "row_key"]
    if table == "speakers":
        return ["speaker_id"]
    return list(dict.fromkeys(("source_uri", *KEYS[table])))


def _sorted_rows(table: pa.Table, order: list[str]) -> list[dict[str, Any]]:
    return table.sort_by([(column, "ascending") for column in order]).to_pylist()


def warehouse_digests(warehouse: Path, corpus_root: str) -> dict[str, str]:
    """Digests of the DuckDB tables and of the Parquet mirror (``parquet:<table>``)."""
    found: dict[str, str] = {}
    with contextlib.closing(Warehouse(warehouse).connect(read_only=True)) as con:
        articles = con.sql("SELECT article_id, source_uri FROM articles").to_arrow_table()
        for table in TABLES:
            data = con.sql(f"SELECT * FROM {table}").to_arrow_table()  # noqa: S608  a table named in code
            if "article_id" in data.column_names and "source_uri" not in data.column_names:
                data = data.join(articles, "article_id")  # paragraphs and quotes: by their article's file
            found[table] = table_digest(_sorted_rows(data, _order(table)), corpus_root)
    for table in PARTITIONED_TABLES:
        files = sorted((warehouse / "parquet" / table).rglob("*.parquet"))
        parts = [pq.read_table(f, partitioning=None) for f in files]
        data = pa.concat_tables(parts) if parts else pa.table({})
        if "source_uri" not in data.column_names:
            data = data.join(articles, "article_id")
        found[f"parquet:{table}"] = table_digest(_sorted_rows(data, _order(table)), corpus_root)
    for table in SINGLE_FILE_TABLES:
        data = pq.read_table(warehouse / "parquet" / table / "data.parquet")
        found[f"parquet:{table}"] = table_digest(_sorted_rows(data, _order(table)), corpus_root)
    return found


@pytest.mark.parametrize("corpus", CORPORA)
def test_a_reference_corpus_loads_the_rows_of_the_stored_digests(reference_run, corpus):
    run = reference_run(corpus)
    got = warehouse_digests(run.warehouse, str(run.corpus.resolve()))
    for table in (*PARTITIONED_TABLES, *SINGLE_FILE_TABLES):  # the mirror holds what the database holds
        assert got[f"parquet:{table}"] == got[table], table
    stored = json.loads(DIGESTS_FILE.read_text(encoding="utf-8")) if DIGESTS_FILE.exists() else {}
    if os.environ.get("NEWS_ETL_WRITE_DIGESTS") == "1":
        stored[corpus] = got
        DIGESTS_FILE.write_text(json.dumps(stored, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        pytest.skip(f"digests of {corpus} written to {DIGESTS_FILE.name}")
    assert corpus in stored, f"no stored digests for {corpus}: write them (module docstring)"
    assert got == stored[corpus]


def test_a_digest_changes_with_any_value_and_not_with_the_run_columns():
    rows = [{"article_id": "a", "title": "T", "run_id": "r1", "ingested_at": dt.datetime(2022, 1, 1)}]
    same = [{"article_id": "a", "title": "T", "run_id": "r2", "ingested_at": dt.datetime(2023, 1, 1)}]
    other = [{"article_id": "a", "title": "U", "run_id": "r1", "ingested_at": dt.datetime(2022, 1, 1)}]
    assert table_digest(rows, "/x") == table_digest(same, "/x")
    assert table_digest(rows, "/x") != table_digest(other, "/x")
    moved = [{"source_uri": "/x/a.txt"}]
    assert table_digest(moved, "/x") == table_digest([{"source_uri": "/y/a.txt"}], "/y")
    assert table_digest([{"text_fixes": [("b", 1), ("a", 2)]}], "/x") == table_digest(
        [{"text_fixes": [("a", 2), ("b", 1)]}], "/x"
    )
