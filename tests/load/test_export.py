"""The Parquet mirror written from one copy of a table holds, in every partition file, the
rows a query of that month alone gives, in the same order (the layout the mirror had when each
month was written by a statement of its own)."""

from __future__ import annotations

import contextlib
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from extract.batches import BatchOptions, process_batch
from extract.discover import discover
from load.export import export_months, mirror_order
from load.warehouse import Warehouse
from schemas.tables import MONTH_SQL, PARTITION_COLUMN, PARTITIONED_TABLES
from tests.conftest import SAMPLE

#: more months than DuckDB's partitioned writer kept in order when ordered by the key alone
COPIES = 130


@pytest.fixture(scope="module")
def many_months(tmp_path_factory):
    """The sample loaded once, then each article copied into 130 other months under new ids, so
    that the rows of one month are spread thinly across the key order of the whole table."""
    root = tmp_path_factory.mktemp("export") / "w"
    store = Warehouse(root)
    store.prepare()
    process_batch(discover([SAMPLE]).files, 0, BatchOptions("run-1", str(store.staging_dir("run-1"))))
    store.load_run("run-1", validator=None)
    store.discard_staging("run-1")
    with contextlib.closing(store.connect()) as con:
        # new ids (md5 of id and copy) interleave the copies of every month in the key order
        con.execute(
            "CREATE TEMP TABLE copies AS SELECT article_id, i, md5(article_id || i)[:16] AS new_id "
            "FROM articles, range(1, ?) r(i)",
            [COPIES + 1],
        )
        con.execute(
            "INSERT INTO articles SELECT a.* REPLACE (c.new_id AS article_id, "
            "CAST(a.published_date + to_months(CAST(c.i AS INTEGER)) AS DATE) AS published_date) "
            "FROM articles a JOIN copies c USING (article_id) WHERE a.published_date IS NOT NULL"
        )
        con.execute(
            "INSERT INTO paragraphs SELECT p.* REPLACE (c.new_id AS article_id) "
            "FROM paragraphs p JOIN copies c USING (article_id) "
            "WHERE c.new_id IN (SELECT article_id FROM articles)"
        )
        con.execute(
            "INSERT INTO quotes SELECT q.* REPLACE (c.new_id AS article_id, md5(q.quote_id || c.i)[:16] AS quote_id) "
            "FROM quotes q JOIN copies c USING (article_id) WHERE c.new_id IN (SELECT article_id FROM articles)"
        )
    return store


def month_rows(con: duckdb.DuckDBPyConnection, table: str, month: str) -> list[tuple]:
    """One month of ``table`` as the export wrote it before: a query of that month alone."""
    keys = ", ".join(f"t.{key}" for key in mirror_order(table))
    source = "articles t" if table == "articles" else f"{table} t JOIN articles USING (article_id)"
    # the table and its keys come from schemas.tables, MONTH_SQL is its constant; the month is a parameter
    query = f"SELECT t.* FROM {source} WHERE {MONTH_SQL} = ? ORDER BY {keys}"  # noqa: S608
    return con.execute(query, [month]).fetchall()


def test_every_partition_file_holds_its_months_rows_in_the_mirrors_order(many_months, tmp_path):
    store = many_months
    export_dir = tmp_path / "pending"
    with contextlib.closing(store.connect()) as con:
        months = {row[0] for row in con.execute(f"SELECT DISTINCT {MONTH_SQL} FROM articles").fetchall()}  # noqa: S608  MONTH_SQL is a constant
        assert len(months) > COPIES
        months |= {"1999-01"}  # a month without rows: its live file goes
        moves = export_months(con, store.root, store.parquet_dir, export_dir, months)
        staged = dict((live, staged) for staged, live in moves)
        for table in PARTITIONED_TABLES:
            for month in sorted(months):
                live = str(store.parquet_dir / table / f"{PARTITION_COLUMN}={month}" / "data.parquet")
                expected = month_rows(con, table, month)
                if not expected:
                    assert staged[live] is None, (table, month)
                    continue
                written = pq.read_table(staged[live])
                assert PARTITION_COLUMN not in written.column_names
                got = con.execute(
                    "SELECT * FROM read_parquet(?, hive_partitioning = false)", [staged[live]]
                ).fetchall()
                assert got == expected, (table, month)
    assert (
        staged[str(store.parquet_dir / "articles" / f"{PARTITION_COLUMN}=1999-01" / "data.parquet")] is None
    )


def test_an_export_left_by_a_failed_attempt_is_replaced(many_months, tmp_path):
    """A load that failed before its COMMIT (the flow retries it) leaves its pending export; the
    next attempt writes over it instead of finding two files in a partition."""
    store = many_months
    export_dir = tmp_path / "pending"
    with contextlib.closing(store.connect()) as con:
        first = export_months(con, store.root, store.parquet_dir, export_dir, {"2022-02"})
        second = export_months(con, store.root, store.parquet_dir, export_dir, {"2022-02"})
    assert first == second
    assert all(s is None or len(list(Path(s).parent.iterdir())) == 1 for s, _ in second)


def test_the_export_leaves_the_connection_as_it_found_it(many_months, tmp_path):
    """The COPYs run on one thread and read a temporary table: the load's connection gets
    its thread count back and keeps no such table (a second export in the same transaction, as a
    retried attempt makes, creates it again)."""
    store = many_months
    with contextlib.closing(store.connect()) as con:
        con.execute("SET threads = 2")
        export_months(con, store.root, store.parquet_dir, tmp_path / "pending", {"2022-02", "2022-03"})
        assert con.execute("SELECT current_setting('threads')").fetchone() == (2,)
        temporary = con.execute("SELECT table_name FROM duckdb_tables() WHERE temporary").fetchall()
        assert temporary == []
