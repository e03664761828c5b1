"""The quality checks of a load: the rows about to be loaded are handed to the
:class:`~schemas.validation.Validator` the load was given, in chunks, with the columns the
checks read (contract in :mod:`schemas.validation`); the rows that fail a quarantine check are
held back as ``rejects``, and a critical failure stops the load before anything is written.

The load owns every query here; the checks only see Arrow tables and answer with row numbers.
"""

from __future__ import annotations

from collections.abc import Iterator

import duckdb
import pyarrow as pa

from load.replace import collect_report_stats, count_rows
from schemas.errors import QualityFailure
from schemas.results import LoadResult
from schemas.validation import CHUNK_KEYS, CHUNK_ROWS, ROW_KEYS, Validator


def check_quality(
    con: duckdb.DuckDBPyConnection, validator: Validator, run_id: str, result: LoadResult
) -> None:
    """Check the rows about to be loaded with ``validator``: quarantine the rows that fail, and
    raise :class:`~schemas.errors.QualityFailure` (carrying ``result``) when a critical
    expectation fails."""
    chunks = validation_tables(con)
    history = [row[0] for row in con.execute(
        "SELECT articles_loaded FROM runs WHERE status = 'completed' AND articles_loaded > 0 "
        "ORDER BY started_at DESC LIMIT 30"
    ).fetchall()]  # fmt: skip
    quality = validator.validate(
        {table: validation_chunks(con, table, n) for table, n in chunks.items()},
        history=history,
        run_id=run_id,
    )
    result.outcomes = quality.outcomes
    result.rows_quarantined = quarantine(con, quality.failing_rows, run_id)
    if quality.critical_failures:
        failed = ", ".join(f"{o.table_name}.{o.expectation}" for o in quality.critical_failures)
        collect_report_stats(con, result)
        raise QualityFailure(f"critical data-quality checks failed: {failed}; nothing was loaded", result)


def chunk_of(key_sql: str, rows: int) -> tuple[str, int]:
    """A SQL expression giving each row its chunk from its key (all rows of one key in one chunk,
    so uniqueness is checked exactly), and the number of chunks for ``rows`` rows."""
    chunks = max(1, -(-rows // CHUNK_ROWS))
    return f"(hash({key_sql}) % {chunks})", chunks


def validation_tables(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Stage what the quality checks read as temporary tables ``check_<table>``: the rows about
    to be loaded, computed check columns, a run-wide ``_row`` number and a ``_chunk``; return the
    number of chunks of each table.

    The long texts (``articles.body``, ``paragraphs.text``, ``quotes.quote_text``) reach the
    suites as ``''`` (null where null): their checks there are not-null and the column set, their
    content is checked here, through the lengths and the offsets that must slice the body back to
    the text; a copy of every text of the run would only weigh on memory.
    """
    con.execute(
        "CREATE OR REPLACE TEMP VIEW keep_articles AS "
        "SELECT a.* FROM stage_articles a JOIN keep USING (source_uri, article_id)"
    )
    # each row number is taken over the finished check columns, never over rows still holding a
    # body: a window materialises its whole input, and 100,000 bodies per paragraph would not fit
    queries = {
        "articles": """
            SELECT (row_number() OVER (ORDER BY source_uri) - 1)::BIGINT AS _row, *
            FROM (SELECT * EXCLUDE (minhash) REPLACE (CASE WHEN body IS NULL THEN NULL ELSE '' END AS body),
                         length(title) AS title_length, length(body) AS body_length
                  FROM keep_articles)""",
        "paragraphs": """
            WITH p AS (SELECT p.* FROM stage_paragraphs p SEMI JOIN keep USING (source_uri, article_id)),
            contiguous AS (
                SELECT source_uri, article_id,
                       min(paragraph_index) = 0 AND max(paragraph_index) + 1 = count(*)
                       AND count(DISTINCT paragraph_index) = count(*) AS index_contiguous
                FROM p GROUP BY ALL),
            checked AS MATERIALIZED (
                SELECT p.* REPLACE (CASE WHEN p.text IS NULL THEN NULL ELSE '' END AS text),
                       coalesce(p.char_start >= 0 AND p.char_end <= length(a.body)
                                AND p.char_start <= p.char_end
                                AND substr(a.body, p.char_start + 1, p.char_end - p.char_start) = p.text,
                                false) AS offsets_ok,
                       c.index_contiguous, length(p.text) AS text_length
                FROM p JOIN keep_articles a USING (source_uri, article_id)
                       JOIN contiguous c USING (source_uri, article_id))
            SELECT (row_number() OVER (ORDER BY source_uri, paragraph_index) - 1)::BIGINT AS _row, *
            FROM checked""",
        "quotes": """
            WITH checked AS MATERIALIZED (
                SELECT q.* REPLACE (CASE WHEN q.quote_text IS NULL THEN NULL ELSE '' END AS quote_text),
                       coalesce(q.char_start >= 0 AND q.char_end <= length(a.body)
                                AND q.char_start < q.char_end
                                AND substr(a.body, q.char_start + 1, q.char_end - q.char_start)
                                    = q.quote_text,
                                false) AS offsets_ok
                FROM stage_quotes q JOIN keep_articles a USING (source_uri, article_id))
            SELECT (row_number() OVER (ORDER BY source_uri, char_start, quote_id) - 1)::BIGINT AS _row, *
            FROM checked""",
        "rejects": """
            SELECT (row_number() OVER (ORDER BY source_uri, reason) - 1)::BIGINT AS _row, *
            FROM stage_rejects""",
    }
    chunks = {}
    # the tables are the keys of ``queries``, the queries are this function's own SQL, and the
    # chunk expression is made by chunk_of from CHUNK_KEYS and a count: no value is spliced in
    for table, query in queries.items():
        con.execute(f"CREATE OR REPLACE TEMP TABLE check_{table} AS {query}")
        rows = count_rows(con, f"SELECT count(*) FROM check_{table}")  # noqa: S608  a table named in code
        chunk, chunks[table] = chunk_of(CHUNK_KEYS[table], rows)
        # every column as the query made it: a missing or extra one must fail the column check
        chunked = f"SELECT *, {chunk} AS _chunk FROM check_{table}"  # noqa: S608  chunk_of's expression
        con.execute(f"CREATE OR REPLACE TEMP TABLE check_{table} AS {chunked}")
    return chunks


def validation_chunks(con: duckdb.DuckDBPyConnection, table: str, chunks: int) -> Iterator[pa.Table]:
    # ``table`` is one of validation_tables's (its check_<table>); the chunk number is a ?
    query = f"SELECT * EXCLUDE (_chunk) FROM check_{table} WHERE _chunk = ? ORDER BY _row"  # noqa: S608
    for chunk in range(chunks):
        yield con.sql(query, params=[chunk]).to_arrow_table()


def quarantine(
    con: duckdb.DuckDBPyConnection,
    failing_rows: dict[tuple[str, int], list[str]],
    run_id: str,
) -> int:
    """Hold back the rows that failed a quarantine check; return how many rows failed.

    A failing article or paragraph holds its whole article back (one ``rejects`` row for its
    file, the first failing check as ``reason``); a failing quote holds back only itself.
    """
    held: dict[tuple[str, str], list[str]] = {}
    quotes: list[tuple[str, str, str, str]] = []
    for (table, row), checks in sorted(failing_rows.items()):
        if table not in ("articles", "paragraphs", "quotes"):
            continue  # a staged reject is a reject already
        keys = ", ".join(dict.fromkeys(("source_uri", "article_id", *ROW_KEYS[table])))
        # the key columns are ROW_KEYS's, the table one of three named here; the row is a ?
        cursor = con.execute(f"SELECT {keys} FROM check_{table} WHERE _row = ?", [row])  # noqa: S608
        record = dict(zip([d[0] for d in cursor.description or []], cursor.fetchone() or (), strict=True))
        where = f"{table} row " + ", ".join(
            f"{k}={record[k]!r}" for k in ROW_KEYS[table] if k != "source_uri"
        )
        if table == "quotes":
            quotes.append(
                (record["source_uri"], record["quote_id"], checks[0], f"{where}: failed {', '.join(checks)}")
            )
        elif table in ("articles", "paragraphs"):
            held.setdefault((record["source_uri"], record["article_id"]), []).extend(
                f"{table}.{name} ({where})" for name in checks
            )
    for (source_uri, article_id), failures in held.items():
        first = failures[0].split(".", 1)[1].split(" ", 1)[0]
        con.execute(
            "INSERT INTO stage_rejects SELECT source_uri, source_sha256, 'quality', ?, ?, ?, ?, ? "
            "FROM stage_articles WHERE source_uri = ? AND article_id = ?",
            [
                first,
                "; ".join(failures),
                run_id,
                failures[0].split(".", 1)[0],
                article_id,
                source_uri,
                article_id,
            ],
        )
        con.execute("DELETE FROM keep WHERE source_uri = ? AND article_id = ?", [source_uri, article_id])
    for source_uri, quote_id, reason, detail in quotes:
        con.execute(
            "INSERT INTO stage_rejects SELECT source_uri, source_sha256, 'quality', ?, ?, ?, 'quotes', ? "
            "FROM stage_articles WHERE source_uri = ? LIMIT 1",
            [reason, detail, run_id, quote_id, source_uri],
        )
        con.execute("DELETE FROM stage_quotes WHERE source_uri = ? AND quote_id = ?", [source_uri, quote_id])
    if quotes:
        con.execute(
            "UPDATE stage_articles a SET quote_count = (SELECT count(*) FROM stage_quotes q "
            "WHERE q.source_uri = a.source_uri AND q.article_id = a.article_id)"
        )
    return len(failing_rows)
