"""The row-level checks of one batch, run inside its task: the batch's staged tables, read back
with pyarrow, given the check columns the load used to compute in SQL, validated by the suites'
row-level expectations (:func:`quality.gx.validate_rows`, an ephemeral Great Expectations
context: a worker may run on a host without the warehouse's ``gx/``).

What the batch hands back is bounded by the batch: a tally per expectation (in its
:class:`~schemas.results.BatchResult`) and its failing rows by key, staged in
``<staging>/quality/batch-NNNNN.parquet`` (:data:`~schemas.validation.FAILING_ROWS_SCHEMA`). The
checks that need the whole run (unique keys, the run's volume) are the load's
(:mod:`load.quarantine`).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from schemas.tables import staged_schema
from schemas.validation import (
    ELEMENTS_DIR,
    ELEMENTS_SCHEMA,
    FAILING_ROWS_SCHEMA,
    QUALITY_DIR,
    ROW_KEYS,
    ROW_NUMBER,
    UNCHECKED_COLUMNS,
    ExpectationTally,
)

#: the tables a batch checks, with the order of their rows (the load's order before)
ROW_ORDER: dict[str, tuple[str, ...]] = {
    "articles": ("source_uri",),
    "paragraphs": ("source_uri", "paragraph_index"),
    "quotes": ("source_uri", "char_start", "quote_id"),
}
#: the long text of each table: it reaches the suites as ``''`` (null where null)
LONG_TEXT = {"articles": "body", "paragraphs": "text", "quotes": "quote_text"}


def validate_batch(
    staging_dir: str | Path, batch: int, parameters: Mapping[str, Any], run_id: str | None = None
) -> dict[str, ExpectationTally]:
    """Check batch ``batch``'s staged rows with the suites' row-level expectations (under the
    run ``run_id``'s GX ``RunIdentifier``): return the tallies, and stage the rows that failed
    a quarantine check (nothing when none did)."""
    from quality.gx import validate_rows

    staging = Path(staging_dir)
    tables = check_tables(staging, batch)
    tallies, failing = validate_rows(tables, parameters, run_id)
    out = staging / QUALITY_DIR / f"batch-{batch:05d}.parquet"
    rows = failing_rows(tables, failing)
    if rows.num_rows:
        out.parent.mkdir(parents=True, exist_ok=True)
        pq.write_table(rows, out)
    else:
        out.unlink(missing_ok=True)  # a retried batch: an earlier try's failures are not this one's
    out = staging / QUALITY_DIR / ELEMENTS_DIR / f"batch-{batch:05d}.parquet"
    out.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(article_elements(tables), out)
    return tallies


def article_elements(tables: Mapping[str, pa.Table]) -> pa.Table:
    """Per article, the rows it gave each group of checks (:data:`~schemas.validation.ELEMENTS_SCHEMA`):
    what the load takes out of the counts when it does not load the article."""
    from quality.gx import element_groups

    counts: dict[tuple[str, str, str], int] = {}
    for table, rows in tables.items():
        keys = list(zip(rows["source_uri"].to_pylist(), rows["article_id"].to_pylist(), strict=True))
        for name, condition in element_groups(table).items():
            selected = [True] * len(keys)
            if condition is not None:  # (column, "==", value), as the suites write it
                column, _, value = condition
                selected = [v == value for v in rows[column].to_pylist()]
            for (uri, article), chosen in zip(keys, selected, strict=True):
                if chosen:
                    counts[uri, article, name] = counts.get((uri, article, name), 0) + 1
    columns: dict[str, list[Any]] = {name: [] for name in ELEMENTS_SCHEMA.names}
    for (uri, article, name), n in counts.items():
        for column, value in zip(ELEMENTS_SCHEMA.names, (uri, article, name, n), strict=True):
            columns[column].append(value)
    return pa.table(columns, schema=ELEMENTS_SCHEMA)


def check_tables(staging: Path, batch: int) -> dict[str, pa.Table]:
    """The batch's tables as the checks read them: sorted (:data:`ROW_ORDER`), a batch-wide
    :data:`~schemas.validation.ROW_NUMBER` first, the :data:`~schemas.validation.DERIVED_COLUMNS`
    last, the long texts blanked (their content is checked here, through the lengths and the
    offsets that must slice the body back to the text)."""
    staged = {table: _read(staging, table, batch) for table in ROW_ORDER}
    articles = staged["articles"]
    bodies: dict[tuple[str, str], str | None] = dict(
        zip(
            zip(articles["source_uri"].to_pylist(), articles["article_id"].to_pylist(), strict=True),
            articles["body"].to_pylist(),
            strict=True,
        )
    )
    tables = {
        "articles": articles.append_column("title_length", pc.utf8_length(articles["title"])).append_column(
            "body_length", pc.utf8_length(articles["body"])
        ),
        "paragraphs": _paragraphs(staged["paragraphs"], bodies),
        "quotes": _quotes(staged["quotes"], bodies),
    }
    return {table: _finish(table, rows) for table, rows in tables.items()}


def _read(staging: Path, table: str, batch: int) -> pa.Table:
    path = staging / table / f"batch-{batch:05d}.parquet"
    rows = pq.read_table(path) if path.exists() else staged_schema(table).empty_table()
    rows = rows.drop_columns([c for c in UNCHECKED_COLUMNS if c in rows.column_names])
    return rows.sort_by([(c, "ascending") for c in ROW_ORDER[table]])


def _offsets_ok(
    rows: pa.Table, bodies: Mapping[tuple[str, str], str | None], text: str, *, empty_ok: bool
) -> list[bool]:
    """``body[char_start:char_end] == text`` with both bounds in the body (false for a null or a
    row without its article), as the load's SQL said it: ``substr`` counts characters, as
    Python's slices do."""
    out = []
    columns = (rows["source_uri"], rows["article_id"], rows["char_start"], rows["char_end"], rows[text])
    for uri, article, start, end, value in zip(*(c.to_pylist() for c in columns), strict=True):
        body = bodies.get((uri, article))
        out.append(
            body is not None
            and start is not None
            and end is not None
            and value is not None
            and start >= 0
            and end <= len(body)
            and (start <= end if empty_ok else start < end)
            and body[start:end] == value
        )
    return out


def _paragraphs(rows: pa.Table, bodies: Mapping[tuple[str, str], str | None]) -> pa.Table:
    offsets_ok = _offsets_ok(rows, bodies, "text", empty_ok=True)
    indexes: dict[tuple[str, str], list[int | None]] = {}
    keys = list(zip(rows["source_uri"].to_pylist(), rows["article_id"].to_pylist(), strict=True))
    for key, index in zip(keys, rows["paragraph_index"].to_pylist(), strict=True):
        indexes.setdefault(key, []).append(index)
    contiguous = {key: _contiguous(values) for key, values in indexes.items()}
    has_article = [key in bodies for key in keys]  # the load checked the paragraphs of its articles
    rows = rows.append_column("offsets_ok", pa.array(offsets_ok, pa.bool_()))
    rows = rows.append_column("index_contiguous", pa.array([contiguous[k] for k in keys], pa.bool_()))
    rows = rows.append_column("text_length", pc.utf8_length(rows["text"]))
    return rows.filter(pa.array(has_article, pa.bool_()))


def _contiguous(indexes: list[int | None]) -> bool:
    """The article's ``paragraph_index`` values are 0 … n-1, each once (a null never is)."""
    present = [i for i in indexes if i is not None]
    return bool(present) and min(present) == 0 and max(present) + 1 == len(indexes) == len(set(present))


def _quotes(rows: pa.Table, bodies: Mapping[tuple[str, str], str | None]) -> pa.Table:
    offsets_ok = _offsets_ok(rows, bodies, "quote_text", empty_ok=False)
    keys = zip(rows["source_uri"].to_pylist(), rows["article_id"].to_pylist(), strict=True)
    has_article = [key in bodies for key in keys]
    rows = rows.append_column("offsets_ok", pa.array(offsets_ok, pa.bool_()))
    return rows.filter(pa.array(has_article, pa.bool_()))


def _finish(table: str, rows: pa.Table) -> pa.Table:
    text = LONG_TEXT[table]
    blank = pc.if_else(pc.is_null(rows[text]), pa.scalar(None, pa.string()), "")
    rows = rows.set_column(rows.column_names.index(text), text, blank)
    rows = rows.add_column(0, ROW_NUMBER, pa.array(range(rows.num_rows), pa.int64()))
    return rows


def failing_rows(tables: Mapping[str, pa.Table], failing: Mapping[tuple[str, int], list[str]]) -> pa.Table:
    """The failing rows by key (:data:`~schemas.validation.FAILING_ROWS_SCHEMA`)."""
    columns: dict[str, list[Any]] = {name: [] for name in FAILING_ROWS_SCHEMA.names}
    ordered = sorted(failing.items())
    records: dict[tuple[str, int], dict[str, Any]] = {}
    for table in dict.fromkeys(table for (table, _), _ in ordered):
        rows = [row for (t, row), _ in ordered if t == table]
        keys = list(dict.fromkeys((*ROW_KEYS[table], *ROW_ORDER[table])))
        taken = tables[table].take(pa.array(rows, pa.int64())).select(keys).to_pylist()
        records.update(((table, row), record) for row, record in zip(rows, taken, strict=True))
    for (table, row), checks in ordered:
        record = records[table, row]
        columns["table_name"].append(table)
        columns["source_uri"].append(record["source_uri"])
        columns["article_id"].append(record["article_id"])
        columns["quote_id"].append(record.get("quote_id"))
        columns["row"].append(
            f"{table} row " + ", ".join(f"{k}={record[k]!r}" for k in ROW_KEYS[table] if k != "source_uri")
        )
        columns["paragraph_index"].append(record.get("paragraph_index"))
        columns["char_start"].append(record.get("char_start"))
        columns["checks"].append(checks)
    return pa.table(columns, schema=FAILING_ROWS_SCHEMA)
