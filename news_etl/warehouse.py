"""The warehouse: a DuckDB database and its Parquet mirror, written in one visible step per run.

Layout of a warehouse directory ``W``::

    W/news.duckdb                                      tables: articles, paragraphs, quotes, rejects
    W/parquet/<table>/published_month=YYYY-MM/data.parquet   (hive partitions; 'unknown' = no date)
    W/parquet/rejects/data.parquet
    W/_staging/<run_id>/                               a run's parsed batches (removed after it)
    W/_pending/<run_id>/                               rewritten partitions waiting to be moved
    W/.lock                                            held by the run that is writing

How a run is loaded (``load_run``), all inside one DuckDB transaction:

1. The staged batch files are read; duplicates are settled: within the run the first file in
   path order keeps an ``article_id`` (or a body), later ones go to ``rejects`` as ``duplicate``
   with the kept ``article_id`` in ``detail``; an article already in the warehouse from a file
   that is not part of this run keeps its place the same way.
2. Rows from this run's files replace the rows those files produced before (delete, then insert),
   so loading the same input twice leaves the same rows.
3. Every Parquet partition the change touches is rewritten from the transaction's own view of the
   tables into ``_pending/<run_id>``, and the file moves are recorded in ``_pending_files``.
4. COMMIT. Then each staged Parquet file replaces the live one with an atomic rename and the
   journal is cleared. A crash before the commit leaves the warehouse as it was; a crash after it
   leaves a journal that the next writer finishes before doing anything else.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import os
import shutil
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa

from news_etl.incremental import LedgerEntry
from news_etl.quality import ROW_KEYS
from news_etl.schemas import ExpectationOutcome, RunReportData
from news_etl.schemas.tables import (
    ARTICLE_CHILD_TABLES,
    HISTORY_TABLES,
    KEYS,
    LEDGER_TABLES,
    PARTITION_COLUMN,
    TABLES,
    UNKNOWN_PARTITION,
    staged_schema,
)
from news_etl.transforms.similarity import NEAR_DUPLICATE_JACCARD, lsh_bands

DB_FILENAME = "news.duckdb"
LOCK_FILENAME = ".lock"
LOCK_WAIT_SECONDS = 0.0
#: how long a run waits for the database while another process holds it (``--lock-timeout``)
LOCK_TIMEOUT_SECONDS = 300.0
#: DuckDB's buffers (``--memory-limit``); the run's process needs room beside them
DUCKDB_MEMORY_LIMIT = "512MB"

#: SQL for an article's Parquet partition, from its ``published_date``.
MONTH_SQL = f"coalesce(strftime(published_date, '%Y-%m'), '{UNKNOWN_PARTITION}')"
PARTITIONED_TABLES = ("articles", *ARTICLE_CHILD_TABLES)

_DUCKDB_TYPES: dict[pa.DataType, str] = {
    pa.string(): "VARCHAR",
    pa.date32(): "DATE",
    pa.bool_(): "BOOLEAN",
    pa.int32(): "INTEGER",
    pa.int64(): "BIGINT",
    pa.float64(): "DOUBLE",
    pa.binary(): "BLOB",
    pa.timestamp("us", tz="UTC"): "TIMESTAMPTZ",
}


class WarehouseBusy(RuntimeError):
    """Another run holds the warehouse."""


class WarehouseMissing(FileNotFoundError):
    """There is no warehouse database at the given place."""


@dataclass(slots=True)
class LoadResult:
    inserted: dict[str, int] = field(default_factory=dict)  # table -> rows this run inserted
    replaced: int = 0  # of the articles inserted, those that replaced an earlier version
    rejected: Counter[str] = field(default_factory=Counter)  # files refused at load, by reason
    partitions_written: int = 0
    outcomes: list[ExpectationOutcome] = field(default_factory=list)  # every expectation checked
    rows_quarantined: int = 0  # rows the quality checks held back
    months: list[str] = field(default_factory=list)  # Parquet partitions this load rewrote
    seconds: dict[str, float] = field(default_factory=dict)  # validate, load
    files_new: int = 0  # files read that the ledger had never seen
    files_changed: int = 0  # files read that the ledger knew, with other content
    articles_per_day: list[tuple[dt.date | None, int]] = field(default_factory=list)
    quotes_per_article: list[int] = field(default_factory=list)


def duckdb_type(type_: pa.DataType) -> str:
    if isinstance(type_, pa.MapType):
        return f"MAP({duckdb_type(type_.key_type)}, {duckdb_type(type_.item_type)})"
    try:
        return _DUCKDB_TYPES[type_]
    except KeyError:
        raise TypeError(f"no DuckDB type for Arrow type {type_}") from None


def create_table_sql(name: str, schema: pa.Schema) -> str:
    columns = ", ".join(
        f'"{f.name}" {duckdb_type(f.type)}{"" if f.nullable else " NOT NULL"}' for f in schema
    )
    return f'CREATE TABLE IF NOT EXISTS "{name}" ({columns})'


class Warehouse:
    """A warehouse directory (layout and load protocol in the module docstring)."""

    def __init__(
        self,
        root: str | os.PathLike[str],
        *,
        memory_limit: str = DUCKDB_MEMORY_LIMIT,
        lock_timeout_seconds: float = LOCK_TIMEOUT_SECONDS,
    ) -> None:
        self.root = Path(root).absolute()
        self.memory_limit = memory_limit
        self.lock_timeout_seconds = lock_timeout_seconds
        self.db_path = self.root / DB_FILENAME
        self.parquet_dir = self.root / "parquet"
        self.staging_root = self.root / "_staging"
        self.pending_root = self.root / "_pending"

    # ----------------------------------------------------------------- connections and locks
    def exists(self) -> bool:
        return self.db_path.is_file()

    def connect(self, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
        """A connection to the database; read-only ones need an existing warehouse."""
        if read_only:
            if not self.exists():
                raise WarehouseMissing(f"no warehouse at {self.root} (expected {self.db_path})")
            return duckdb.connect(str(self.db_path), read_only=True)
        self.root.mkdir(parents=True, exist_ok=True)
        # bounded memory whatever the run's size: DuckDB spills to <db>.tmp beyond this
        return duckdb.connect(str(self.db_path), config={"memory_limit": self.memory_limit})

    @contextlib.contextmanager
    def exclusive(self, wait_seconds: float = LOCK_WAIT_SECONDS) -> Iterator[None]:
        """Hold the warehouse's writer lock; raise :class:`WarehouseBusy` if it stays taken."""
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / LOCK_FILENAME, "a+") as handle:
            deadline = time.monotonic() + wait_seconds
            while True:
                try:
                    fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise WarehouseBusy(
                            f"another news-etl run is writing to {self.root}; "
                            "wait for it to finish (or pass a longer --wait)"
                        ) from None
                    time.sleep(0.2)
            try:
                yield
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)

    def staging_dir(self, run_id: str) -> Path:
        return self.staging_root / run_id

    # ------------------------------------------------------------------------- schema
    def prepare(self) -> None:
        """Create missing tables and columns, finish a load a crash interrupted and remove the
        staging left by runs that died (call it holding :meth:`exclusive`)."""
        with contextlib.closing(self.connect()) as con:
            ensure_schema(con)
            finish_pending(con)
        shutil.rmtree(self.staging_root, ignore_errors=True)
        shutil.rmtree(self.pending_root, ignore_errors=True)  # exports of loads that never committed

    # ---------------------------------------------------------------------------- load
    def load_run(self, run_id: str, *, validate: bool = True) -> LoadResult:
        """Load the run's staged files (protocol in the module docstring).

        With ``validate`` (always, in the flow) the rows about to be loaded are checked by the
        Great Expectations suites first (:mod:`news_etl.quality`): quarantined rows go to
        ``rejects``, and a critical failure raises :class:`~news_etl.quality.QualityFailure`
        before anything is written.
        """
        staging = self.staging_dir(run_id)
        result = LoadResult()
        load_started = time.perf_counter()
        with contextlib.closing(self.connect()) as con:
            ensure_schema(con)
            finish_pending(con)
            con.begin()
            try:
                _stage(con, staging)
                _settle_duplicates(con, run_id)
                _flag_near_duplicates(con)
                changed = _count_rows(con, "SELECT count(*) FROM run_sources") > 0
                if validate and changed:  # a run that read nothing new has nothing to check
                    started = time.perf_counter()
                    self._check_quality(con, run_id, result)
                    result.seconds["validate"] = time.perf_counter() - started
                _collect_report_stats(con, result)
                months = _replace_rows(con, result)
                result.months = sorted(months)
                result.files_new, result.files_changed = _update_ledger(con, run_id)
                moves = self._export(con, self.pending_root / run_id, months) if changed else []
                result.partitions_written = len(moves)
                if moves:
                    con.executemany("INSERT INTO _pending_files VALUES (?, ?)", moves)
                con.commit()
            except BaseException:
                con.rollback()
                raise
            finish_pending(con)
        result.seconds["load"] = time.perf_counter() - load_started - result.seconds.get("validate", 0.0)
        return result

    def _check_quality(self, con: duckdb.DuckDBPyConnection, run_id: str, result: LoadResult) -> None:
        from news_etl.quality import QualityFailure, expectation_parameters, validate

        chunks = _validation_tables(con)
        history = [row[0] for row in con.execute(
            "SELECT articles_loaded FROM runs WHERE status = 'completed' AND articles_loaded > 0 "
            "ORDER BY started_at DESC LIMIT 30"
        ).fetchall()]  # fmt: skip
        quality = validate(
            self.root,
            {table: _validation_chunks(con, table, n) for table, n in chunks.items()},
            expectation_parameters(history),
            run_id,
        )
        result.outcomes = quality.outcomes
        result.rows_quarantined = _quarantine(con, quality.failing_rows, run_id)
        if quality.critical_failures:
            failed = ", ".join(f"{o.table_name}.{o.expectation}" for o in quality.critical_failures)
            _collect_report_stats(con, result)
            failure = QualityFailure(f"critical data-quality checks failed: {failed}; nothing was loaded")
            failure.load_result = result
            raise failure

    def ledger(self) -> dict[str, LedgerEntry]:
        """What ``source_files`` knows of every file (empty for a new warehouse)."""
        if not self.exists():
            return {}
        with contextlib.closing(self.connect(read_only=True)) as con:
            tables = {row[0] for row in con.execute("SHOW TABLES").fetchall()}
            if "source_files" not in tables:
                return {}
            rows = con.execute("SELECT source_uri, size, mtime, sha256 FROM source_files").fetchall()
        return {uri: LedgerEntry(size, mtime, sha) for uri, size, mtime, sha in rows}

    def record_run(self, data: RunReportData) -> None:
        """Append the run to ``runs`` and its checks to ``dq_results`` (one transaction)."""
        with contextlib.closing(self.connect()) as con:
            ensure_schema(con)
            con.begin()
            con.execute(
                "INSERT INTO runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    data.run_id, data.flow_run_id, data.started_at, data.finished_at, data.status,
                    data.files_seen, data.articles_loaded, data.files_rejected, data.rows_quarantined,
                    data.error,
                ],
            )  # fmt: skip
            checks = [
                [data.run_id, o.table_name, o.expectation, o.severity, o.success, o.unexpected_count,
                 o.observed_value, data.finished_at]
                for o in data.outcomes
            ]  # fmt: skip
            if checks:
                con.executemany("INSERT INTO dq_results VALUES (?, ?, ?, ?, ?, ?, ?, ?)", checks)
            con.commit()

    def _export(
        self, con: duckdb.DuckDBPyConnection, export_dir: Path, months: set[str]
    ) -> list[tuple[str | None, str]]:
        """Write the touched partitions to ``export_dir``; return (staged file, live file) moves."""
        moves: list[tuple[str | None, str]] = []
        for table in PARTITIONED_TABLES:
            for month in sorted(months):
                partition = f"{PARTITION_COLUMN}={month}"
                live = self.parquet_dir / table / partition / "data.parquet"
                staged = export_dir / table / partition / "data.parquet"
                query = _partition_query(table, month)
                count = con.execute(f"SELECT count(*) FROM ({query})").fetchone()
                if count is None or count[0] == 0:
                    moves.append((None, str(live)))
                    continue
                staged.parent.mkdir(parents=True, exist_ok=True)
                _copy_to_parquet(con, query, staged)
                moves.append((str(staged), str(live)))
        staged = export_dir / "rejects" / "data.parquet"
        staged.parent.mkdir(parents=True, exist_ok=True)
        _copy_to_parquet(con, "SELECT * FROM rejects ORDER BY source_uri", staged)
        moves.append((str(staged), str(self.parquet_dir / "rejects" / "data.parquet")))
        return moves

    def discard_staging(self, run_id: str) -> None:
        shutil.rmtree(self.staging_dir(run_id), ignore_errors=True)
        with contextlib.suppress(OSError):
            self.staging_root.rmdir()  # only when no other run's staging is left


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create the tables of :data:`TABLES` and add columns a newer schema has."""
    for name, schema in {**TABLES, **HISTORY_TABLES, **LEDGER_TABLES}.items():
        con.execute(create_table_sql(name, schema))
        existing = {row[0] for row in con.execute(f'DESCRIBE "{name}"').fetchall()}
        for f in schema:
            if f.name not in existing:
                con.execute(f'ALTER TABLE "{name}" ADD COLUMN "{f.name}" {duckdb_type(f.type)}')
    con.execute("CREATE TABLE IF NOT EXISTS _pending_files (staged VARCHAR, live VARCHAR NOT NULL)")
    con.execute("CREATE TABLE IF NOT EXISTS _signatures (article_id VARCHAR NOT NULL, minhash BLOB NOT NULL)")


def finish_pending(con: duckdb.DuckDBPyConnection) -> int:
    """Carry out the file moves a committed load recorded; return how many there were."""
    moves = con.execute("SELECT staged, live FROM _pending_files").fetchall()
    for staged, live in moves:
        live_path = Path(live)
        if staged is None:
            live_path.unlink(missing_ok=True)
            with contextlib.suppress(OSError):
                live_path.parent.rmdir()
        elif Path(staged).exists():
            live_path.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staged, live_path)
    if moves:
        con.execute("DELETE FROM _pending_files")
        for staged, _ in moves:
            if staged is not None:
                shutil.rmtree(_pending_run_dir(Path(staged)), ignore_errors=True)
    return len(moves)


def _pending_run_dir(staged: Path) -> Path:
    """``W/_pending/<run_id>`` of a staged export file ``W/_pending/<run_id>/<table>/...``."""
    for parent in staged.parents:
        if parent.parent.name == "_pending":
            return parent
    return staged.parent


def _copy_to_parquet(con: duckdb.DuckDBPyConnection, query: str, path: Path) -> None:
    # the path is ours (warehouse root + fixed names), never text from an input file
    escaped = str(path).replace("'", "''")
    con.execute(f"COPY ({query}) TO '{escaped}' (FORMAT parquet, COMPRESSION zstd)")


def _partition_query(table: str, month: str) -> str:
    # month is 'YYYY-MM' or 'unknown', computed by SQL from a DATE column, never input text
    if table == "articles":
        return f"SELECT * FROM articles WHERE {MONTH_SQL} = '{month}' ORDER BY article_id"
    keys = ", ".join(f"t.{key}" for key in dict.fromkeys(("article_id", *KEYS[table])))
    return (
        f"SELECT t.* FROM {table} t JOIN articles USING (article_id) "
        f"WHERE {MONTH_SQL} = '{month}' ORDER BY {keys}"
    )


def _stage(con: duckdb.DuckDBPyConnection, staging: Path) -> None:
    """Temporary tables stage_<table> holding the run's staged rows (empty when none)."""
    for table in (*TABLES, "files"):
        files = sorted((staging / table).glob("*.parquet"))
        schema = staged_schema(table)
        con.execute(f"DROP TABLE IF EXISTS stage_{table}")
        if files:
            con.execute(
                f"CREATE TEMP TABLE stage_{table} AS SELECT * FROM read_parquet(?)", [[str(f) for f in files]]
            )
        else:
            con.register("_empty_stage", schema.empty_table())
            con.execute(f"CREATE TEMP TABLE stage_{table} AS SELECT * FROM _empty_stage")
            con.unregister("_empty_stage")


def _settle_duplicates(con: duckdb.DuckDBPyConnection, run_id: str) -> None:
    """Split stage_articles into keepers (``keep``) and duplicates added to stage_rejects."""
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE run_sources AS
        SELECT source_uri FROM stage_articles UNION SELECT source_uri FROM stage_rejects
        """
    )
    # articles already loaded from files that are not part of this run keep their place
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE standing AS
        SELECT article_id, body_sha256, source_uri FROM articles
        WHERE source_uri NOT IN (SELECT source_uri FROM run_sources)
        """
    )
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE verdicts AS
        WITH by_id AS (
            SELECT source_uri, article_id, body_sha256,
                   first_value(source_uri) OVER (PARTITION BY article_id ORDER BY source_uri) AS id_first
            FROM stage_articles
        ), by_body AS (
            SELECT *,
                first_value(article_id) OVER (PARTITION BY body_sha256 ORDER BY source_uri) AS body_first,
                first_value(source_uri) OVER (PARTITION BY body_sha256 ORDER BY source_uri) AS body_first_uri
            FROM by_id WHERE source_uri = id_first
        )
        SELECT b.source_uri, b.article_id,
            CASE
                WHEN b.source_uri <> b.id_first
                    THEN 'same URL as article ' || b.article_id || ' loaded from ' || b.id_first
                WHEN s.source_uri <> s.body_first_uri
                    THEN 'same body as article ' || s.body_first || ' loaded from ' || s.body_first_uri
                WHEN w.article_id IS NOT NULL
                    THEN 'same URL as article ' || w.article_id || ' already loaded from ' || w.source_uri
                WHEN wb.article_id IS NOT NULL
                    THEN 'same body as article ' || wb.article_id || ' already loaded from ' || wb.source_uri
            END AS duplicate_of
        FROM by_id b
        LEFT JOIN by_body s USING (source_uri)
        LEFT JOIN (SELECT article_id, min(source_uri) AS source_uri FROM standing GROUP BY 1) w
            ON w.article_id = b.article_id
        LEFT JOIN (SELECT body_sha256, min(article_id) AS article_id, min(source_uri) AS source_uri
                   FROM standing GROUP BY 1) wb
            ON wb.body_sha256 = b.body_sha256
        """
    )
    con.execute(
        """
        INSERT INTO stage_rejects (source_uri, source_sha256, stage, reason, detail, run_id)
        SELECT a.source_uri, a.source_sha256, 'load', 'duplicate', v.duplicate_of, ?
        FROM stage_articles a JOIN verdicts v USING (source_uri)
        WHERE v.duplicate_of IS NOT NULL
        """,
        [run_id],
    )
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE keep AS
        SELECT source_uri, article_id FROM verdicts WHERE duplicate_of IS NULL
        """
    )


def _flag_near_duplicates(con: duckdb.DuckDBPyConnection) -> None:
    """Set ``duplicate_of`` on keepers that nearly duplicate an earlier article (MinHash LSH).

    The same answer as :func:`~news_etl.transforms.similarity.find_near_duplicates` (a test holds
    them equal), computed in DuckDB: the signatures' LSH bands are joined to find the candidate
    pairs, and only those are compared (as hex text, two characters a byte), so neither time nor
    memory grows with an index in Python.
    Candidates are the standing articles (by ``article_id``) and the keepers before each one (by
    ``source_uri``); the most similar at or above the threshold wins, the earliest on a tie.
    """
    bands, rows = lsh_bands()
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE _near AS
        WITH standing_sigs AS (
            SELECT s.article_id, hex(s.minhash) AS minhash, row_number() OVER (ORDER BY s.article_id) AS ord
            FROM _signatures s SEMI JOIN standing USING (article_id)),
        incoming AS (
            SELECT a.article_id, hex(a.minhash) AS minhash,
                   (SELECT count(*) FROM standing_sigs) + row_number() OVER (ORDER BY a.source_uri) AS ord
            FROM stage_articles a JOIN keep USING (source_uri, article_id) WHERE a.minhash IS NOT NULL),
        indexed AS (  -- an id already indexed keeps its first signature
            SELECT article_id, arg_min(minhash, ord) AS minhash, min(ord) AS ord
            FROM (SELECT * FROM standing_sigs UNION ALL SELECT * FROM incoming) GROUP BY article_id),
        query_bands AS (
            SELECT i.article_id, i.ord, b.band, substr(i.minhash, b.band * {rows * 8} + 1, {rows * 8}) AS key
            FROM incoming i, range({bands}) b(band)),
        index_bands AS (
            SELECT x.article_id, x.ord, b.band, substr(x.minhash, b.band * {rows * 8} + 1, {rows * 8}) AS key
            FROM indexed x, range({bands}) b(band)),
        pairs AS (
            SELECT DISTINCT q.article_id, q.ord, c.article_id AS candidate, c.ord AS candidate_ord
            FROM query_bands q JOIN index_bands c USING (band, key)
            WHERE c.ord < q.ord AND c.article_id <> q.article_id),
        scored AS (
            SELECT p.article_id, p.ord, p.candidate, p.candidate_ord,
                   list_sum([(substr(i.minhash, k * 8 + 1, 8) = substr(x.minhash, k * 8 + 1, 8))::INTEGER
                             FOR k IN range({bands * rows})]) / {bands * rows} AS similarity
            FROM pairs p JOIN incoming i ON i.article_id = p.article_id AND i.ord = p.ord
                         JOIN indexed x ON x.article_id = p.candidate)
        SELECT article_id, arg_min(candidate, (-similarity, candidate_ord)) AS duplicate_of
        FROM scored WHERE similarity >= {NEAR_DUPLICATE_JACCARD}
        GROUP BY article_id, ord
        """
    )
    con.execute(
        "UPDATE stage_articles SET duplicate_of = f.duplicate_of FROM _near f "
        "WHERE stage_articles.article_id = f.article_id"
    )


#: A reject that kept its file's article out of the warehouse (not just one of its quotes).
FILE_LEVEL_REJECT_SQL = "coalesce(table_name, 'articles') IN ('articles', 'paragraphs')"


def _count_rows(con: duckdb.DuckDBPyConnection, query: str) -> int:
    row = con.execute(query).fetchone()
    return int(row[0]) if row else 0


#: per table: what the rows are split into chunks by (all rows of one key in one chunk)
_CHUNK_KEYS = {
    "articles": "article_id",
    "paragraphs": "article_id",
    "quotes": "quote_id",
    "rejects": "source_uri",
}


def _validation_tables(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
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
    from news_etl.quality import chunk_of

    chunks = {}
    for table, query in queries.items():
        con.execute(f"CREATE OR REPLACE TEMP TABLE check_{table} AS {query}")
        rows = _count_rows(con, f"SELECT count(*) FROM check_{table}")
        chunk, chunks[table] = chunk_of(_CHUNK_KEYS[table], rows)
        # every column as the query made it: a missing or extra one must fail the column check
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE check_{table} AS SELECT *, {chunk} AS _chunk FROM check_{table}"
        )
    return chunks


def _validation_chunks(con: duckdb.DuckDBPyConnection, table: str, chunks: int) -> Iterator[pa.Table]:
    for chunk in range(chunks):
        yield con.sql(
            f"SELECT * EXCLUDE (_chunk) FROM check_{table} WHERE _chunk = {chunk} ORDER BY _row"
        ).to_arrow_table()


def _quarantine(
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
        cursor = con.execute(f"SELECT {keys} FROM check_{table} WHERE _row = ?", [row])
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


def _update_ledger(con: duckdb.DuckDBPyConnection, run_id: str) -> tuple[int, int]:
    """Record every file this run saw in ``source_files`` (after the keepers are final); return
    how many of the files read were new to the ledger and how many it knew (changed)."""
    counts = con.execute(
        "SELECT count(*) FILTER (old.source_uri IS NULL), count(*) FILTER (old.source_uri IS NOT NULL) "
        "FROM stage_files f LEFT JOIN source_files old USING (source_uri) "
        "WHERE f.outcome IN ('parsed', 'rejected')"
    ).fetchone()
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE ledger_update AS
        SELECT f.source_uri, f.size, f.mtime,
               coalesce(f.sha256, old.sha256) AS sha256,
               coalesce(old.first_seen_run, $run) AS first_seen_run,
               $run AS last_run,
               CASE WHEN f.outcome = 'unchanged' THEN old.status
                    WHEN k.article_id IS NOT NULL THEN 'loaded' ELSE 'rejected' END AS status,
               CASE WHEN f.outcome = 'unchanged' THEN old.article_id ELSE k.article_id END AS article_id
        FROM stage_files f
        LEFT JOIN source_files old USING (source_uri)
        LEFT JOIN keep k USING (source_uri)
        WHERE f.outcome <> 'outside_window' AND (f.outcome <> 'unchanged' OR old.source_uri IS NOT NULL)
        """,
        {"run": run_id},
    )
    con.execute("DELETE FROM source_files WHERE source_uri IN (SELECT source_uri FROM ledger_update)")
    columns = ", ".join(f'"{f.name}"' for f in LEDGER_TABLES["source_files"])
    con.execute(f"INSERT INTO source_files SELECT {columns} FROM ledger_update")
    return (counts[0], counts[1]) if counts else (0, 0)


def _collect_report_stats(con: duckdb.DuckDBPyConnection, result: LoadResult) -> None:
    """The report's charts: this run's articles by day and quotes per article."""
    kept = "FROM stage_articles a JOIN keep USING (source_uri, article_id)"
    per_day = con.execute(f"SELECT published_date, count(*) {kept} GROUP BY 1 ORDER BY 1").fetchall()
    result.articles_per_day = [(day, count) for day, count in per_day]
    result.quotes_per_article = [row[0] for row in con.execute(f"SELECT quote_count {kept}").fetchall()]


def _replace_rows(con: duckdb.DuckDBPyConnection, result: LoadResult) -> set[str]:
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
            """
        ).fetchall()
    }
    replaced = con.execute(
        "SELECT count(*) FROM outgoing WHERE article_id IN (SELECT article_id FROM keep)"
    ).fetchone()
    result.replaced = replaced[0] if replaced else 0
    for table in ARTICLE_CHILD_TABLES:
        con.execute(f"DELETE FROM {table} WHERE article_id IN (SELECT article_id FROM outgoing)")
    con.execute("DELETE FROM articles WHERE article_id IN (SELECT article_id FROM outgoing)")
    con.execute("DELETE FROM _signatures WHERE article_id IN (SELECT article_id FROM outgoing)")
    con.execute(
        "INSERT INTO _signatures SELECT a.article_id, a.minhash FROM stage_articles a "
        "JOIN keep USING (source_uri, article_id) WHERE a.minhash IS NOT NULL"
    )
    for table, alias in (("articles", "a"), *((child, "c") for child in ARTICLE_CHILD_TABLES)):
        columns = ", ".join(f'{alias}."{f.name}"' for f in TABLES[table])
        inserted = con.execute(
            f"INSERT INTO {table} SELECT {columns} FROM stage_{table} {alias} "
            "JOIN keep USING (source_uri, article_id)"
        ).fetchone()
        result.inserted[table] = inserted[0] if inserted else 0
    con.execute("DELETE FROM rejects WHERE source_uri IN (SELECT source_uri FROM run_sources)")
    rejects_cols = ", ".join(f'"{f.name}"' for f in TABLES["rejects"])
    con.execute(f"INSERT INTO rejects SELECT {rejects_cols} FROM stage_rejects")
    for reason, count in con.execute(
        "SELECT reason, count(DISTINCT source_uri) FROM stage_rejects "
        f"WHERE stage IN ('load', 'quality') AND {FILE_LEVEL_REJECT_SQL} GROUP BY 1"
    ).fetchall():
        result.rejected[reason] += count
    return months
