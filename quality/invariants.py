"""Invariants of a warehouse, checked at the end of every run and by ``news-etl check``.

* **Ledger**: one row per file, and every file in ``source_files`` is ``loaded`` (and its
  article is in ``articles``), ``rejected`` (and ``rejects`` says why) or ``stale``: loaded once
  and rejected when read again, so both hold: its article is in ``articles`` and ``rejects`` says
  why (for a member of an archive refused whole, the archive's reject does).
* **No orphans**: every paragraph and quote belongs to an article.
* **Offsets**: ``body[char_start:char_end]`` is the paragraph's text and the quote's text.
* **Paragraphs**: each article's ``paragraph_index`` runs 0, 1, … ``paragraph_count - 1``.
* **Mirror**: the Parquet files and the DuckDB tables hold the same rows (compared by
  per-partition aggregates, :func:`_mirror_problems`), and no rename is still pending; a folder
  under a table's mirror that is no month partition (``published_month=2019-01' OR '1'='1``)
  is reported and left out of the comparison.

Each broken invariant is reported as one sentence saying what is wrong and how much of it.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import duckdb

from schemas.errors import WarehouseOutOfMemory
from schemas.tables import LEDGER_STATUSES, MONTH_SQL, PARTITION_COLUMN, PARTITIONED_TABLES
from schemas.uris import MEMBER_SEPARATOR

_CHECKS: tuple[tuple[str, str], ...] = (
    (
        "{n} rows of source_files repeat a file the ledger already has (one row per file)",
        "SELECT count(*) - count(DISTINCT source_uri) FROM source_files",
    ),
    (
        "{n} files in source_files are marked loaded but their article is not in articles",
        "SELECT count(*) FROM source_files f WHERE status = 'loaded' "
        "AND NOT EXISTS (SELECT 1 FROM articles a WHERE a.article_id = f.article_id)",
    ),
    (
        "{n} files in source_files are marked rejected but have no row in rejects",
        "SELECT count(*) FROM source_files f WHERE status = 'rejected' "
        "AND NOT EXISTS (SELECT 1 FROM rejects r WHERE r.source_uri = f.source_uri)",
    ),
    (
        "{n} files in source_files are marked stale but their kept article is not in articles",
        "SELECT count(*) FROM source_files f WHERE status = 'stale' "
        "AND NOT EXISTS (SELECT 1 FROM articles a WHERE a.article_id = f.article_id "
        "AND a.source_uri = f.source_uri)",
    ),
    (
        "{n} files in source_files are marked stale but no reject says why",
        # MEMBER_SEPARATOR is a constant of schemas.uris ('!/')
        "SELECT count(*) FROM source_files f WHERE status = 'stale' "  # noqa: S608
        "AND NOT EXISTS (SELECT 1 FROM rejects r "
        "WHERE r.stage IN ('read', 'parse') AND (r.source_uri = f.source_uri "
        f"OR starts_with(f.source_uri, r.source_uri || '{MEMBER_SEPARATOR}')))",
    ),
    (
        "{n} files in source_files have a status other than " + ", ".join(LEDGER_STATUSES),
        # LEDGER_STATUSES is a constant tuple of plain words: its repr is an SQL list of strings
        f"SELECT count(*) FROM source_files WHERE status NOT IN {LEDGER_STATUSES!r}",  # noqa: S608
    ),
    (
        "{n} paragraphs belong to no article (orphans)",
        "SELECT count(*) FROM paragraphs p "
        "WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.article_id = p.article_id)",
    ),
    (
        "{n} quotes belong to no article (orphans)",
        "SELECT count(*) FROM quotes q "
        "WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.article_id = q.article_id)",
    ),
    (
        "{n} paragraphs have offsets that do not slice their article's body back to their text",
        "SELECT count(*) FROM paragraphs p JOIN {articles} a USING (article_id) "
        "WHERE substr(a.body, p.char_start + 1, p.char_end - p.char_start) IS DISTINCT FROM p.text",
    ),
    (
        "{n} quotes have offsets that do not slice their article's body back to their text",
        "SELECT count(*) FROM quotes q JOIN {articles} a USING (article_id) "
        "WHERE substr(a.body, q.char_start + 1, q.char_end - q.char_start) IS DISTINCT FROM q.quote_text",
    ),
    (
        "{n} articles do not have paragraphs numbered 0 to paragraph_count - 1",
        "SELECT count(*) FROM {articles} a LEFT JOIN (SELECT article_id, count(*) AS n, "
        "min(paragraph_index) AS lo, max(paragraph_index) AS hi FROM paragraphs GROUP BY 1) p "
        "USING (article_id) "
        "WHERE p.n IS DISTINCT FROM a.paragraph_count OR p.lo <> 0 OR p.hi <> a.paragraph_count - 1",
    ),
    (
        "{n} renames of Parquet files are still pending (the next run finishes them)",
        "SELECT count(*) FROM _pending_files",
    ),
)


def check_warehouse(
    con: duckdb.DuckDBPyConnection, parquet_dir: Path, months: Iterable[str] | None = None
) -> list[str]:
    """What is wrong with the warehouse (empty when nothing is): its database through ``con``
    (a read-only connection the caller opened and closes), its Parquet mirror in ``parquet_dir``.

    ``months`` limits the checks of articles' contents (offsets, paragraph numbers) and the
    Parquet comparison to those partitions: the end of a run checks the ones it wrote, so a daily
    run that adds a few files to a large warehouse reads a month of bodies, not all of them. The
    checks of the ledger, of orphans and of pending renames, on ids alone, always cover the whole
    warehouse (an orphan has no month to find it by). None checks every partition.
    """
    chosen = None if months is None else sorted(set(months))
    parameters = _month_parameters(chosen) if chosen else {}
    placeholders = ", ".join(f"${name}" for name in parameters)
    # MONTH_SQL is a constant of schemas.tables; the months are parameters
    articles = f"(SELECT * FROM articles WHERE {MONTH_SQL} IN ({placeholders}))" if parameters else "articles"  # noqa: S608
    if chosen == []:  # a run that rewrote no partition has no article to check
        articles = "(SELECT * FROM articles LIMIT 0)"
    try:
        problems = []
        for message, query in _CHECKS:
            per_article = "{articles}" in query
            spliced = query.replace("{articles}", articles)  # this module's SQL
            if n := _count(con, spliced, parameters if per_article else None):
                problems.append(message.format(n=n))
        problems += _mirror_problems(parquet_dir, con, chosen)
    except duckdb.OutOfMemoryException as exc:  # a clear message, not DuckDB's alone
        said = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise WarehouseOutOfMemory(
            f"DuckDB ran out of memory while checking the warehouse's invariants; nothing was "
            f"changed (a run's load is committed before its check). Run `news-etl check` again "
            f"with more free memory. DuckDB said: {said}"
        ) from exc
    return problems


def _count(con: duckdb.DuckDBPyConnection, query: str, parameters: dict[str, object] | None = None) -> int:
    row = con.execute(query, parameters).fetchone()
    return int(row[0]) if row else 0


def _mirror_problems(
    parquet_dir: Path, con: duckdb.DuckDBPyConnection, months: list[str] | None
) -> list[str]:
    """Whether the Parquet mirror holds the database's rows, partition by partition.

    Each side is summed up per month partition (``rejects``: as a whole) by three aggregates of
    its rows: the count, the sum and the exclusive or of a 64-bit hash of each whole row
    (:func:`_digest_sql`). Equal multisets of rows give equal aggregates, so a good mirror
    never fails. A row missing, added or changed on one side changes the count or adds a
    different hash to the sum and to the exclusive or; the two agree anyway only if the
    hashes of the differing rows collide in both at once (odds near 2^-64 per partition). So
    the aggregates prove what the row-by-row ``EXCEPT ALL`` both ways proved, reading each side
    once and holding a few numbers per partition instead of every row in a hash table. Only a
    partition whose aggregates differ is compared row by row, to say how many rows differ.
    """
    problems = []
    for table in (*PARTITIONED_TABLES, "rejects"):
        parameters: dict[str, object] = {}  # the values of ``database``'s placeholders
        if table == "rejects":
            files = [parquet_dir / "rejects" / "data.parquet"]
            database = "SELECT * FROM rejects"
        elif months is not None and not months:
            continue  # the run rewrote no partition of this table
        else:
            folders = [parquet_dir / table / f"{PARTITION_COLUMN}={m}" for m in months] if months else None
            files = sorted(
                f
                for folder in (folders or [parquet_dir / table])
                for f in (folder.rglob("*.parquet") if folder.exists() else [])
            )
            table_dir = parquet_dir / table
            stray = sorted({f.parent for f in files if not _is_partition(f.parent, table_dir)})
            if stray:
                names = ", ".join(repr(str(folder.relative_to(parquet_dir))) for folder in stray)
                problems.append(
                    f"{table}: {len(stray)} folders under the Parquet mirror are no month partition "
                    f"({names}); the warehouse never writes them: remove them"
                )
                files = [f for f in files if f.parent not in stray]
            parameters = _month_parameters(months) if months else {}
            database = _database_rows(table, parameters)
        files = [f for f in files if f.exists()]
        # below, ``database`` and ``mirror`` are this function's SQL; every value is a parameter
        if not files:
            count = _count(con, f"SELECT count(*) FROM ({database})", parameters)  # noqa: S608
            if count:
                problems.append(f"{table}: {count} rows in DuckDB but no Parquet file")
            continue
        only_db, only_parquet = _mirror_differences(con, table, database, parameters, files)
        if only_db or only_parquet:
            problems.append(
                f"{table}: Parquet and DuckDB disagree ({only_db} rows only in DuckDB, "
                f"{only_parquet} only in Parquet)"
            )
    return problems


def _database_rows(table: str, parameters: dict[str, object]) -> str:
    """SQL for the rows of a partitioned ``table`` with their month as :data:`PARTITION_COLUMN`,
    limited to the months of ``parameters`` (:func:`_month_parameters`) when there are any."""
    placeholders = ", ".join(f"${name}" for name in parameters)
    month_filter = f"WHERE {MONTH_SQL} IN ({placeholders})" if parameters else ""
    month = f"{MONTH_SQL} AS {PARTITION_COLUMN}"
    # spliced: a table of schemas.tables, MONTH_SQL and PARTITION_COLUMN (constants) and the
    # months' placeholders
    if table == "articles":
        return f"SELECT *, {month} FROM articles {month_filter}"  # noqa: S608
    return f"SELECT t.*, {month} FROM {table} t JOIN articles USING (article_id) {month_filter}"  # noqa: S608


def _digest_sql(rows: str, partitioned: bool) -> str:
    """SQL for the count, the sum and the exclusive or of the rows' hashes, per partition.

    ``rows`` carries :data:`PARTITION_COLUMN` when ``partitioned``: it is the group, not part of
    the hashed row (the Parquet files hold it in their folder's name, not in a column). A row's
    hash is DuckDB's 64-bit ``hash`` of all its other columns in order; their sum is a HUGEINT,
    which 64-bit values cannot make wrap."""
    # spliced: the caller's SQL and PARTITION_COLUMN, a constant of schemas.tables
    if partitioned:
        return (
            f"SELECT part, count(*), sum(h::HUGEINT), bit_xor(h) FROM (SELECT {PARTITION_COLUMN} AS part, "  # noqa: S608
            f"hash(*COLUMNS(* EXCLUDE ({PARTITION_COLUMN}))) AS h FROM ({rows})) GROUP BY 1"
        )
    return (
        f"SELECT '', count(*), sum(h::HUGEINT), bit_xor(h) FROM (SELECT hash(*COLUMNS(*)) AS h FROM ({rows}))"  # noqa: S608
    )


def _mirror_differences(
    con: duckdb.DuckDBPyConnection,
    table: str,
    database: str,
    parameters: dict[str, object],
    files: list[Path],
) -> tuple[int, int]:
    """How many rows of ``table`` only the database holds and how many only the Parquet
    ``files`` do: 0 and 0 when their digests (:func:`_digest_sql`) agree in every partition,
    else counted row by row in the partitions that disagree."""
    partitioned = table != "rejects"
    hive = "true" if partitioned else "false"
    # the file list is a parameter: a warehouse path may hold any character
    mirror = f"SELECT * FROM read_parquet($files, hive_partitioning={hive})"  # noqa: S608
    paths: dict[str, object] = {"files": [str(f) for f in files]}
    ours = {row[0]: row[1:] for row in con.execute(_digest_sql(database, partitioned), parameters).fetchall()}
    theirs = {row[0]: row[1:] for row in con.execute(_digest_sql(mirror, partitioned), paths).fetchall()}
    differing = sorted(p for p in ours.keys() | theirs.keys() if ours.get(p) != theirs.get(p))
    if not differing:
        return 0, 0
    if partitioned:  # only the partitions that disagree, without their folder's column
        paths = {"files": [str(f) for f in files if f.parent.name.partition("=")[2] in differing]}
        parameters = {**parameters, "differing": differing}
        database = (
            f"SELECT * EXCLUDE ({PARTITION_COLUMN}) FROM ({database}) "  # noqa: S608  this module's SQL
            f"WHERE list_contains($differing, {PARTITION_COLUMN})"
        )
        mirror = f"SELECT * EXCLUDE ({PARTITION_COLUMN}) FROM read_parquet($files, hive_partitioning=true)"  # noqa: S608
        if not paths["files"]:
            return _count(con, f"SELECT count(*) FROM ({database})", parameters), 0  # noqa: S608
    both = {**paths, **parameters}
    only_db = _count(con, f"SELECT count(*) FROM ({database} EXCEPT ALL {mirror})", both)  # noqa: S608
    only_parquet = _count(con, f"SELECT count(*) FROM ({mirror} EXCEPT ALL {database})", both)  # noqa: S608
    return only_db, only_parquet


def _is_month(month: str) -> bool:
    """Months are 'YYYY-MM' or 'unknown', made by the warehouse from DATE values."""
    return month == "unknown" or (len(month) == 7 and month[4] == "-" and month.replace("-", "").isdigit())


def _is_partition(folder: Path, table_dir: Path) -> bool:
    """Whether ``folder`` is one the warehouse writes: ``<table>/published_month=<month>``. Any
    other folder (``published_month=2019-01' OR '1'='1``, a folder inside a partition) is stray:
    DuckDB's Hive reader refuses a file list whose folders do not all name the same columns."""
    key, _, month = folder.name.partition("=")
    return folder.parent == table_dir and key == PARTITION_COLUMN and _is_month(month)


def _month_parameters(months: list[str]) -> dict[str, object]:
    """The months as the named parameters ``month0``, ``month1``, … of a month filter; a value
    that is no month (:func:`_is_month`) is refused, as its folder would be no partition."""
    for month in months:
        if not _is_month(month):
            raise ValueError(f"not a partition month: {month!r}")
    return {f"month{i}": month for i, month in enumerate(months)}
