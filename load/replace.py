"""What a load changes in the tables: the run's staged rows, the files whose earlier rows stay
(stale) or are confirmed (recovered), the replacement of a changed file's rows, the ledger of
source files, and the removal of pruned articles; either keeps ``speakers`` up to date
(:mod:`load.speakers`).

All of it runs inside the load's transaction, on temporary tables named after what they hold
(``stage_<table>``, ``stale``, ``recovered``, ``run_sources``, ``keep``, ``outgoing``).
"""

from __future__ import annotations

import time
from pathlib import Path

import duckdb

from load.speakers import note_touched, refresh_speakers
from schemas.results import LoadResult
from schemas.tables import ARTICLE_CHILD_TABLES, LEDGER_TABLES, MONTH_SQL, TABLES, staged_schema
from schemas.uris import MEMBER_SEPARATOR

#: how many of the files that kept their previous version a run lists by name
KEPT_LISTED_FILES = 100

#: A reject that kept its file's article out of the warehouse (not just one of its quotes).
FILE_LEVEL_REJECT_SQL = "coalesce(table_name, 'articles') IN ('articles', 'paragraphs')"


def count_rows(con: duckdb.DuckDBPyConnection, query: str) -> int:
    row = con.execute(query).fetchone()
    return int(row[0]) if row else 0


def stage(con: duckdb.DuckDBPyConnection, staging: Path) -> None:
    """Temporary tables stage_<table> holding the run's staged rows (empty when none)."""
    # the tables are schemas.tables's; the staged files' paths are a parameter
    for table in (*TABLES, "files"):
        files = sorted((staging / table).glob("*.parquet"))
        schema = staged_schema(table)
        con.execute(f"DROP TABLE IF EXISTS stage_{table}")
        if files:
            staged = f"CREATE TEMP TABLE stage_{table} AS SELECT * FROM read_parquet(?)"  # noqa: S608
            con.execute(staged, [[str(f) for f in files]])
        else:
            con.register("_empty_stage", schema.empty_table())
            con.execute(f"CREATE TEMP TABLE stage_{table} AS SELECT * FROM _empty_stage")  # noqa: S608
            con.unregister("_empty_stage")
    # one outcome per file: a second input refused for having the same name as a file that was
    # read (two archive members of one name) must not become a second ledger row for that name
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE stage_files AS SELECT * FROM stage_files
        QUALIFY row_number() OVER (
            PARTITION BY source_uri
            ORDER BY CASE outcome WHEN 'parsed' THEN 0 WHEN 'unchanged' THEN 1
                                  WHEN 'outside_window' THEN 2 ELSE 3 END) = 1
        """
    )


#: the files whose earlier rows this run keeps (stale) or confirms (recovered)
KEPT_FILES_SQL = "SELECT source_uri FROM stale UNION ALL SELECT source_uri FROM recovered"


def find_stale(con: duckdb.DuckDBPyConnection, result: LoadResult) -> None:
    """Temporary tables ``stale`` and ``recovered``: a failed re-read never costs loaded rows.

    Rules:

    * A file with rows in ``articles`` that this run read again and rejected at stage ``read`` or
      ``parse`` (any reason: ``too_large``, ``unreadable``, ``corrupt``, ``empty``, ``no_body``,
      ``parse_timeout`` …) is **stale**: its rows (article, paragraphs, quotes, signature, Parquet
      partitions) stay as they are, its reject is recorded, and the ledger marks it ``stale`` with
      the reason (keeping the size, mtime and sha256 of the version that loaded). A reject of a
      whole archive at discovery (it can no longer be listed) makes each of its loaded members
      stale the same way — only the members this run did not reach: a member read before a
      truncated archive's damage has its own outcome. Only a successful parse replaces the rows;
      removing them is ``news-etl prune``'s job, never a side effect of a run.
    * A stale file whose bytes hash again to the loaded version's sha256 is **recovered**: its
      rows are its content, the ledger says ``loaded`` again and its stale reject goes.
    * Load-stage refusals are not failed reads and keep their behaviour: a file that parses but
      is now a ``duplicate`` of another, or whose new version the quality checks quarantine,
      loses its earlier rows (the new version is the file's content, and it was refused).
    """
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE stale AS
        WITH failed AS (  -- not a file this run read well (a same-named second input's reject)
            SELECT source_uri, min(reason) AS reason FROM stage_rejects
            WHERE stage IN ('read', 'parse') AND source_uri NOT IN (
                SELECT source_uri FROM stage_files WHERE outcome IN ('parsed', 'unchanged', 'outside_window'))
            GROUP BY 1),
        loaded AS (
            SELECT source_uri, min(article_id) AS article_id,
                   CASE WHEN strpos(source_uri, '{MEMBER_SEPARATOR}') > 0
                        THEN substr(source_uri, 1, strpos(source_uri, '{MEMBER_SEPARATOR}') - 1)
                   END AS container
            FROM articles
            WHERE source_uri NOT IN (SELECT source_uri FROM stage_articles) GROUP BY 1)
        SELECT l.source_uri, l.article_id, coalesce(f.reason, c.reason) AS reason
        FROM loaded l
        LEFT JOIN failed f ON f.source_uri = l.source_uri
        -- a member counts its archive's failure only when this run did not reach it at all
        LEFT JOIN failed c ON c.source_uri = l.container
                          AND l.source_uri NOT IN (SELECT source_uri FROM stage_files)
        WHERE f.reason IS NOT NULL OR c.reason IS NOT NULL
        """  # noqa: S608  MEMBER_SEPARATOR is a constant of schemas.uris ('!/')
    )
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE recovered AS
        SELECT f.source_uri FROM stage_files f JOIN source_files old USING (source_uri)
        WHERE f.outcome = 'unchanged' AND old.status = 'stale' AND f.sha256 = old.sha256
        """
    )
    result.files_kept = count_rows(con, "SELECT count(*) FROM stale")
    result.kept = [
        (uri, reason)
        for uri, reason in con.execute(
            "SELECT source_uri, reason FROM stale ORDER BY source_uri LIMIT ?", [KEPT_LISTED_FILES]
        ).fetchall()
    ]


def update_ledger(con: duckdb.DuckDBPyConnection, run_id: str) -> tuple[int, int]:
    """Record every file this run saw in ``source_files`` (after the keepers are final); return
    how many of the files read were new to the ledger and how many it knew (changed).

    A stale file (:func:`find_stale`) keeps the size, mtime, sha256 and article of the version
    that loaded, with ``status = 'stale'`` and the reject reason; a recovered one is ``loaded``.
    """
    counts = con.execute(
        "SELECT count(*) FILTER (old.source_uri IS NULL), count(*) FILTER (old.source_uri IS NOT NULL) "
        "FROM stage_files f LEFT JOIN source_files old USING (source_uri) "
        "WHERE f.outcome IN ('parsed', 'rejected')"
    ).fetchone()
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE ledger_update AS
        SELECT f.source_uri,
               CASE WHEN s.source_uri IS NOT NULL THEN old.size ELSE f.size END AS size,
               CASE WHEN s.source_uri IS NOT NULL THEN old.mtime ELSE f.mtime END AS mtime,
               CASE WHEN s.source_uri IS NOT NULL THEN old.sha256 ELSE coalesce(f.sha256, old.sha256) END
                   AS sha256,
               coalesce(old.first_seen_run, $run) AS first_seen_run,
               $run AS last_run,
               CASE WHEN s.source_uri IS NOT NULL THEN 'stale'
                    WHEN r.source_uri IS NOT NULL THEN 'loaded'
                    WHEN f.outcome = 'unchanged' THEN old.status
                    WHEN k.article_id IS NOT NULL THEN 'loaded' ELSE 'rejected' END AS status,
               CASE WHEN s.source_uri IS NOT NULL THEN s.article_id
                    WHEN f.outcome = 'unchanged' THEN old.article_id ELSE k.article_id END AS article_id,
               CASE WHEN s.source_uri IS NOT NULL THEN s.reason
                    WHEN f.outcome = 'unchanged' AND r.source_uri IS NULL THEN old.stale_reason END
                   AS stale_reason
        FROM stage_files f
        LEFT JOIN source_files old USING (source_uri)
        LEFT JOIN keep k USING (source_uri)
        LEFT JOIN stale s USING (source_uri)
        LEFT JOIN recovered r USING (source_uri)
        WHERE f.outcome <> 'outside_window' AND (f.outcome <> 'unchanged' OR old.source_uri IS NOT NULL)
        QUALIFY row_number() OVER (PARTITION BY f.source_uri ORDER BY old.last_run DESC NULLS LAST) = 1
        """,
        {"run": run_id},
    )
    con.execute("DELETE FROM source_files WHERE source_uri IN (SELECT source_uri FROM ledger_update)")
    columns = ", ".join(f'"{f.name}"' for f in LEDGER_TABLES["source_files"])
    con.execute(f"INSERT INTO source_files SELECT {columns} FROM ledger_update")  # noqa: S608  the schema's
    # members of an archive refused whole at discovery are not in stage_files
    con.execute(
        "UPDATE source_files SET status = 'stale', stale_reason = s.reason, last_run = $run FROM stale s "
        "WHERE source_files.source_uri = s.source_uri "
        "AND s.source_uri NOT IN (SELECT source_uri FROM ledger_update)",
        {"run": run_id},
    )
    return (counts[0], counts[1]) if counts else (0, 0)


def collect_report_stats(con: duckdb.DuckDBPyConnection, result: LoadResult) -> None:
    """The report's charts: this run's articles by day and by quote count (both counted here, in
    SQL, so what the record holds grows with the days and the counts, not with the articles)."""
    kept = "FROM stage_articles a JOIN keep USING (source_uri, article_id)"
    per_day = con.execute(f"SELECT published_date, count(*) {kept} GROUP BY 1 ORDER BY 1").fetchall()
    result.articles_per_day = [(day, count) for day, count in per_day]
    per_count = con.execute(
        f"SELECT quote_count, count(*) {kept} WHERE quote_count >= 0 GROUP BY 1 ORDER BY 1"
    ).fetchall()
    result.quote_counts = [(quotes, count) for quotes, count in per_count]


def replace_rows(con: duckdb.DuckDBPyConnection, result: LoadResult) -> set[str]:
    """Delete what this run's files loaded before, insert the keepers; return touched months."""
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE outgoing AS
        SELECT article_id, published_date FROM articles
        WHERE source_uri IN (SELECT source_uri FROM run_sources)
           OR article_id IN (SELECT article_id FROM keep)
        """
    )
    months = {
        row[0]
        for row in con.execute(
            f"""
            SELECT DISTINCT {MONTH_SQL} FROM outgoing
            UNION SELECT DISTINCT {MONTH_SQL} FROM stage_articles JOIN keep USING (source_uri, article_id)
            """  # noqa: S608  MONTH_SQL is a constant of schemas.tables
        ).fetchall()
    }
    replaced = con.execute(
        "SELECT count(*) FROM outgoing WHERE article_id IN (SELECT article_id FROM keep)"
    ).fetchone()
    result.replaced = replaced[0] if replaced else 0
    note_touched(
        con,
        "SELECT article_id FROM outgoing",
        "SELECT q.speaker_id FROM stage_quotes q JOIN keep USING (source_uri, article_id)",
    )
    for table in ARTICLE_CHILD_TABLES:  # tables named in schemas.tables
        outgoing = f"DELETE FROM {table} WHERE article_id IN (SELECT article_id FROM outgoing)"  # noqa: S608
        con.execute(outgoing)
    con.execute("DELETE FROM articles WHERE article_id IN (SELECT article_id FROM outgoing)")
    con.execute("DELETE FROM _signatures WHERE article_id IN (SELECT article_id FROM outgoing)")
    con.execute(
        "INSERT INTO _signatures SELECT a.article_id, a.minhash FROM stage_articles a "
        "JOIN keep USING (source_uri, article_id) WHERE a.minhash IS NOT NULL"
    )
    for table, alias in (("articles", "a"), *((child, "c") for child in ARTICLE_CHILD_TABLES)):
        # by name: a warehouse upgraded column by column may hold them in another order
        names = ", ".join(f'"{f.name}"' for f in TABLES[table])
        columns = ", ".join(f'{alias}."{f.name}"' for f in TABLES[table])
        inserted = con.execute(
            f"INSERT INTO {table} ({names}) SELECT {columns} FROM stage_{table} {alias} "  # noqa: S608  schema names
            "JOIN keep USING (source_uri, article_id)"
        ).fetchone()
        result.inserted[table] = inserted[0] if inserted else 0
    started = time.perf_counter()
    refresh_speakers(con)
    result.seconds["speakers"] = time.perf_counter() - started
    con.execute("DELETE FROM rejects WHERE source_uri IN (SELECT source_uri FROM run_sources)")
    # a stale or recovered file keeps the rejects of the rows it keeps (held-back quotes); its
    # earlier failed read is replaced by this run's (or, recovered, is over)
    con.execute(
        "DELETE FROM rejects WHERE stage IN ('read', 'parse') "  # noqa: S608  KEPT_FILES_SQL, a constant
        f"AND source_uri IN ({KEPT_FILES_SQL})"
    )
    rejects_cols = ", ".join(f'"{f.name}"' for f in TABLES["rejects"])
    con.execute(f"INSERT INTO rejects SELECT {rejects_cols} FROM stage_rejects")  # noqa: S608  the schema's
    for reason, count in con.execute(
        "SELECT reason, count(DISTINCT source_uri) FROM stage_rejects "  # noqa: S608  FILE_LEVEL_REJECT_SQL
        f"WHERE stage IN ('load', 'quality') AND {FILE_LEVEL_REJECT_SQL} GROUP BY 1"
    ).fetchall():
        result.rejected[reason] += count
    return months


def remove_articles(con: duckdb.DuckDBPyConnection, removed: list[tuple[str, str, str]]) -> set[str]:
    """Delete the pruned files' rows (inside the caller's transaction); return touched months."""
    con.execute("CREATE OR REPLACE TEMP TABLE doomed (source_uri VARCHAR, article_id VARCHAR, gone BOOLEAN)")
    rows = [[uri, article, why == "gone"] for uri, article, why in removed]
    con.executemany("INSERT INTO doomed VALUES (?, ?, ?)", rows)
    months = {
        row[0]
        for row in con.execute(  # MONTH_SQL is a constant of schemas.tables
            f"SELECT DISTINCT {MONTH_SQL} FROM articles SEMI JOIN doomed USING (article_id)"  # noqa: S608
        ).fetchall()
    }
    note_touched(con, "SELECT article_id FROM doomed")
    for table in (*ARTICLE_CHILD_TABLES, "_signatures", "articles"):  # tables named in code
        con.execute(f"DELETE FROM {table} WHERE article_id IN (SELECT article_id FROM doomed)")  # noqa: S608
    refresh_speakers(con)
    con.execute("DELETE FROM source_files WHERE source_uri IN (SELECT source_uri FROM doomed)")
    con.execute("DELETE FROM rejects WHERE source_uri IN (SELECT source_uri FROM doomed WHERE gone)")
    # a file refused as a duplicate of a removed article (the same story moved to a new path) is
    # forgotten by the ledger: the next run reads it as new, and it loads in the article's place
    con.execute(
        """
        DELETE FROM source_files WHERE status = 'rejected' AND source_uri IN (
            SELECT r.source_uri FROM rejects r JOIN doomed d
                ON strpos(r.detail, 'article ' || d.article_id || ' ') > 0
            WHERE r.reason = 'duplicate')
        """
    )
    return months
