"""The quality checks of a load. The row-level checks ran in the batch tasks, which staged their
failing rows by key (``<staging>/quality/``, contract in :mod:`schemas.validation`); what is left
for the load is what no batch can see: whether each table's key is unique among the rows about
to be loaded and the warehouse's standing rows, the run's volume, and the ``rejects`` (the load
adds its own). The load finds the repeated keys in SQL and hands the
:class:`~schemas.validation.Validator` only those rows (:class:`~schemas.validation.LoadChecks`);
the validator decides every expectation of the run. The rows that failed a quarantine check,
in a batch or here, are held back as ``rejects``; a critical failure stops the load before
anything is written. Once the load has written them, the rows it derived (``speakers``) are
checked too (:func:`check_derived`), inside its transaction: a failure rolls the load back.

The load owns every query here; the checks only see Arrow tables and answer with row numbers.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from load.replace import collect_report_stats
from load.speakers import TOUCHED
from load.trends import volume_history
from schemas.errors import QualityFailure
from schemas.records import ExpectationOutcome
from schemas.results import LoadResult
from schemas.tables import DERIVED_TABLES
from schemas.validation import (
    CHUNK_ROWS,
    ELEMENTS_DIR,
    QUALITY_DIR,
    ROW_KEYS,
    ROW_NUMBER,
    UNIQUE_KEYS,
    LoadChecks,
    Validator,
)

#: per table, the rows about to be loaded (``source_uri``, ``article_id`` and the row's keys)
#: and the warehouse's standing rows (those this run does not replace: ``standing``, from
#: :func:`load.dedupe.settle_duplicates`); the order is the run's row order
KEPT_ROWS = {
    "articles": ("SELECT source_uri, article_id FROM keep", "SELECT source_uri, article_id FROM standing"),
    "paragraphs": (
        "SELECT source_uri, article_id, paragraph_index FROM stage_paragraphs SEMI JOIN keep "
        "USING (source_uri, article_id)",
        "SELECT s.source_uri, article_id, p.paragraph_index "
        "FROM paragraphs p JOIN standing s USING (article_id)",
    ),
    "quotes": (
        "SELECT source_uri, article_id, quote_id, char_start FROM stage_quotes SEMI JOIN keep "
        "USING (source_uri, article_id)",
        "SELECT s.source_uri, article_id, q.quote_id, NULL::INTEGER AS char_start "
        "FROM quotes q JOIN standing s USING (article_id)",
    ),
}
ROW_ORDER = {
    "articles": "source_uri",
    "paragraphs": "source_uri, paragraph_index",
    "quotes": "source_uri, char_start, quote_id",
}
ORDER_COLUMNS = {"articles": (), "paragraphs": ("paragraph_index",), "quotes": ("char_start",)}


def check_quality(
    con: duckdb.DuckDBPyConnection, validator: Validator, run_id: str, result: LoadResult, staging: Path
) -> None:
    """Run the cross-batch checks of the rows about to be loaded with ``validator``; quarantine
    the rows that failed (here or in their batch), and raise
    :class:`~schemas.errors.QualityFailure` (carrying ``result``) when a critical expectation
    fails."""
    history = volume_history(con)  # the same history the report's trend states the band from
    checks = load_checks(con)
    checks.dropped_elements, checks.dropped_unexpected = dropped_counts(con, staging)
    quality = validator.validate(checks, history=history, run_id=run_id)
    result.outcomes = quality.outcomes
    held = [
        f"{o.table_name}.{o.expectation}"
        for o in quality.outcomes
        if o.severity == "quarantine" and not o.success
    ]
    failing = [*batch_failures(con, staging, held), *repeated_failures(con, quality.failing_rows)]
    result.rows_quarantined = quarantine(con, merge_failures(failing, quality.outcomes), run_id)
    if quality.critical_failures:
        failed = ", ".join(f"{o.table_name}.{o.expectation}" for o in quality.critical_failures)
        collect_report_stats(con, result)
        raise QualityFailure(f"critical data-quality checks failed: {failed}; nothing was loaded", result)


def check_derived(
    con: duckdb.DuckDBPyConnection, validator: Validator, run_id: str, result: LoadResult
) -> None:
    """Check the ``speakers`` rows this load has just written (:func:`derived_outcomes`) with
    ``validator``, inside the load's transaction; add the outcomes to ``result``'s, and raise
    :class:`~schemas.errors.QualityFailure` (carrying ``result``) when a critical one fails (every
    check of a derived table is, :data:`quality.suites.SEVERITY`): the caller's rollback leaves
    the warehouse as it was."""
    outcomes = derived_outcomes(con, validator, run_id)
    result.outcomes = [*result.outcomes, *outcomes]
    failed = failed_checks(outcomes)
    if failed:
        raise QualityFailure(
            f"critical data-quality checks failed: {', '.join(failed)} (on the rows this load derived; "
            "a bug in their code, not bad input); nothing was loaded",
            result,
        )


def derived_outcomes(
    con: duckdb.DuckDBPyConnection, validator: Validator, run_id: str
) -> list[ExpectationOutcome]:
    """The outcomes of the ``speakers`` suite on the rows of the speakers a load or a prune has
    just recomputed (:data:`load.speakers.TOUCHED`; none when it touched none), checked by
    ``validator`` as the run ``run_id``'s."""
    columns = ", ".join(f'"{f.name}"' for f in DERIVED_TABLES["speakers"])
    rows = con.sql(
        f"SELECT {columns} FROM speakers "  # noqa: S608  the schema's columns, load.speakers's table
        f"WHERE speaker_id IN (SELECT speaker_id FROM {TOUCHED}) ORDER BY speaker_id"
    ).to_arrow_table()
    return validator.validate_derived("speakers", rows, run_id=run_id)


def failed_checks(outcomes: Sequence[ExpectationOutcome]) -> list[str]:
    """``table.expectation`` of each critical outcome that failed."""
    return [f"{o.table_name}.{o.expectation}" for o in outcomes if o.severity == "critical" and not o.success]


def load_checks(con: duckdb.DuckDBPyConnection) -> LoadChecks:
    """What the cross-batch checks read (:class:`~schemas.validation.LoadChecks`), staged as
    temporary tables ``check_<table>``: the rows whose key repeats, numbered (the run's from 0
    in the run's row order, the warehouse's from -1 down)."""
    rows, repeated = {}, {}
    # the tables, columns and queries are this module's constants: no value is spliced in
    for table, (kept, standing) in KEPT_ROWS.items():
        key = ", ".join(UNIQUE_KEYS[table])
        rows[table] = int(con.execute(f"SELECT count(*) FROM ({kept})").fetchall()[0][0])  # noqa: S608
        con.execute(f"""
            CREATE OR REPLACE TEMP TABLE check_{table} AS
            WITH kept AS ({kept}), standing_rows AS ({standing}),
            repeated AS (SELECT {key} FROM (SELECT {key} FROM kept UNION ALL
                                            SELECT {key} FROM standing_rows SEMI JOIN kept USING ({key}))
                         GROUP BY ALL HAVING count(*) > 1)
            SELECT (row_number() OVER (ORDER BY {ROW_ORDER[table]}) - 1)::BIGINT AS {ROW_NUMBER}, *
            FROM kept SEMI JOIN repeated USING ({key})
            UNION ALL
            SELECT (-row_number() OVER (ORDER BY {ROW_ORDER[table]}))::BIGINT, *
            FROM standing_rows SEMI JOIN repeated USING ({key})
        """)  # noqa: S608  constants of this module
        columns = ", ".join((ROW_NUMBER, *UNIQUE_KEYS[table]))
        query = f"SELECT {columns} FROM check_{table} ORDER BY {ROW_NUMBER}"  # noqa: S608  constants
        repeated[table] = con.sql(query).to_arrow_table()
    return LoadChecks(rows=rows, repeated=repeated, rejects=_rejects(con))


def _rejects(con: duckdb.DuckDBPyConnection) -> Iterator[pa.Table]:
    """The staged rejects, numbered in the run's order, in chunks of about CHUNK_ROWS."""
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE check_rejects AS
        SELECT (row_number() OVER (ORDER BY source_uri, reason) - 1)::BIGINT AS {ROW_NUMBER}, *
        FROM stage_rejects""")  # noqa: S608  a constant
    (total,) = con.execute("SELECT count(*) FROM check_rejects").fetchall()[0]
    query = f"SELECT * FROM check_rejects WHERE {ROW_NUMBER} // ? = ? ORDER BY {ROW_NUMBER}"  # noqa: S608
    return (
        con.sql(query, params=[CHUNK_ROWS, chunk]).to_arrow_table()
        for chunk in range(max(1, -(-int(total) // CHUNK_ROWS)))
    )


def _staged(
    con: duckdb.DuckDBPyConnection, folder: Path, query: str, parameters: Sequence[Any] = ()
) -> list[Any]:
    """``query``'s rows over the staged files of ``folder`` (as ``_staged``; none: no rows),
    read by DuckDB as it goes: the batches' files together grow with the run, and only what the
    query keeps reaches Python. The file list is a parameter, never spliced into the SQL."""
    files = [str(f) for f in sorted(folder.glob("*.parquet"))]
    if not files:
        return []
    read = "WITH _staged AS (FROM read_parquet(?::VARCHAR[], hive_partitioning = false)) "
    return con.execute(read + query, [files, *parameters]).fetchall()


def dropped_counts(con: duckdb.DuckDBPyConnection, staging: Path) -> tuple[dict[str, int], dict[str, int]]:
    """What the articles the batches checked but the load does not load (duplicates) counted:
    elements by group, unexpected rows by qualified check name."""
    dropped = (
        "SEMI JOIN (SELECT source_uri, article_id FROM stage_articles "
        "ANTI JOIN keep USING (source_uri, article_id)) USING (source_uri, article_id)"
    )
    elements = _staged(
        con,
        staging / QUALITY_DIR / ELEMENTS_DIR,
        f"SELECT name, sum(elements)::BIGINT FROM _staged {dropped} GROUP BY ALL",  # noqa: S608  a constant
    )
    unexpected = _staged(
        con,
        staging / QUALITY_DIR,
        "SELECT name, count(*) FROM (SELECT table_name || '.' || unnest(checks) AS name "  # noqa: S608
        f"FROM _staged {dropped}) GROUP BY ALL",
    )
    return {name: int(n) for name, n in elements}, {name: int(n) for name, n in unexpected}


@dataclass(slots=True)
class Failure:
    """A row about to be loaded that failed quarantine checks."""

    table: str
    source_uri: str
    article_id: str
    quote_id: str | None
    row: str  # how ``rejects.detail`` names it: "paragraphs row article_id='…', paragraph_index=3"
    order: tuple[Any, ...]  # its place in its table's row order, after source_uri
    checks: list[str]


def batch_failures(con: duckdb.DuckDBPyConnection, staging: Path, held: Sequence[str]) -> list[Failure]:
    """The rows the batches found failing a check of ``held`` (the quarantine checks that
    failed, ``table.check``), of those about to be loaded (a batch checked every row it staged;
    the load may have settled some as duplicates since). The staged files hold every check's
    unexpected rows, warnings' too: the others stay in DuckDB."""
    if not held:
        return []
    kept = _staged(
        con,
        staging / QUALITY_DIR,
        "SELECT table_name, source_uri, article_id, quote_id, row, paragraph_index, char_start, checks "
        "FROM _staged SEMI JOIN keep USING (source_uri, article_id) "
        "WHERE list_has_any([table_name || '.' || c FOR c IN checks], ?::VARCHAR[])",
        [list(held)],
    )
    return [
        Failure(table, uri, article, quote, row, _order(index, start, quote), list(checks))
        for table, uri, article, quote, row, index, start, checks in kept
    ]


def _order(paragraph_index: int | None, char_start: int | None, quote_id: str | None) -> tuple[Any, ...]:
    """A row's place after its ``source_uri`` in its table's order (nulls last, as in SQL)."""
    last = float("inf")
    return (
        last if paragraph_index is None else paragraph_index,
        last if char_start is None else char_start,
        quote_id or "",
    )


def repeated_failures(
    con: duckdb.DuckDBPyConnection, failing_rows: dict[tuple[str, int], list[str]]
) -> list[Failure]:
    """The rows of ``check_<table>`` (numbered by row) that failed a cross-batch check."""
    out = []
    for (table, number), checks in failing_rows.items():
        if table not in UNIQUE_KEYS:
            continue  # a staged reject is a reject already
        keys = ", ".join(dict.fromkeys(("source_uri", "article_id", *ROW_KEYS[table], *ORDER_COLUMNS[table])))
        # the key columns are ROW_KEYS's, the table one of UNIQUE_KEYS's; the row is a ?
        cursor = con.execute(f"SELECT {keys} FROM check_{table} WHERE {ROW_NUMBER} = ?", [number])  # noqa: S608
        record = dict(zip([d[0] for d in cursor.description or []], cursor.fetchone() or (), strict=True))
        row = f"{table} row " + ", ".join(f"{k}={record[k]!r}" for k in ROW_KEYS[table] if k != "source_uri")
        out.append(
            Failure(
                table,
                record["source_uri"],
                record["article_id"],
                record.get("quote_id"),
                row,
                _order(record.get("paragraph_index"), record.get("char_start"), record.get("quote_id")),
                checks,
            )
        )
    return out


def merge_failures(failing: list[Failure], outcomes: Sequence[ExpectationOutcome]) -> list[Failure]:
    """One entry per row that failed a quarantine check, its checks in suite order (the
    outcomes'), in the run's row order: by table, then file, then the row's place in it. A row a
    batch and the load both found failing is one row."""
    rank = {(o.table_name, o.expectation): i for i, o in enumerate(outcomes)}
    held = {(o.table_name, o.expectation) for o in outcomes if o.severity == "quarantine" and not o.success}
    merged: dict[tuple[str, str, str], Failure] = {}
    for failure in failing:
        failure.checks = [c for c in failure.checks if (failure.table, c) in held]
        if not failure.checks:
            continue  # a warning's unexpected row loads
        key = (failure.table, failure.source_uri, failure.row)
        if key in merged:
            merged[key].checks = [*merged[key].checks, *failure.checks]
        else:
            merged[key] = failure
    for failure in merged.values():
        failure.checks = sorted(dict.fromkeys(failure.checks), key=lambda c: rank.get((failure.table, c), -1))
    return sorted(merged.values(), key=lambda f: (f.table, f.source_uri, f.order, f.row))


def quarantine(con: duckdb.DuckDBPyConnection, failing: list[Failure], run_id: str) -> int:
    """Hold back the rows that failed a quarantine check; return how many rows failed.

    A failing article or paragraph holds its whole article back (one ``rejects`` row for its
    file, the first failing check as ``reason``); a failing quote holds back only itself.
    """
    held: dict[tuple[str, str], list[str]] = {}
    quotes: list[tuple[str, str, str, str]] = []
    for failure in failing:
        if failure.table == "quotes":
            detail = f"{failure.row}: failed {', '.join(failure.checks)}"
            quotes.append((failure.source_uri, str(failure.quote_id), failure.checks[0], detail))
        else:
            held.setdefault((failure.source_uri, failure.article_id), []).extend(
                f"{failure.table}.{name} ({failure.row})" for name in failure.checks
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
    return len(failing)
