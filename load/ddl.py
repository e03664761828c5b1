"""The warehouse's tables in DuckDB: types, CREATE TABLE from the Arrow schemas, and the upgrade of
a warehouse written by an older version (tables and columns a newer schema added).

A table a newer version added (``run_rejects``) is created empty on open: the rows of the runs
before it are not made up, and its readers fall back for those runs (:mod:`load.trends`).
A column a newer schema added is added to the DuckDB table with its declared default
(``ALTER TABLE … ADD COLUMN``, so it goes last, as in a new warehouse), null in the rows already
there when it declares none, even a column the schema says is never null (``quotes.confidence``:
the quotes loaded before it were never scored, and a made-up score would pass for a real one; the
suites check the rows a run loads, never the standing ones); the Parquet partitions
written before it lack it and are found by their files' schemas (:func:`months_missing_columns`)
for the store to write again.
"""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pyarrow as pa

from schemas.tables import (
    DERIVED_TABLES,
    HISTORY_TABLES,
    LEDGER_TABLES,
    PARTITION_COLUMN,
    PARTITIONED_TABLES,
    TABLES,
    UNKNOWN_PARTITION,
    column_names,
)

#: A partition's month as the export names it: 'YYYY-MM' or 'unknown' (a folder name is no SQL).
PARTITION_MONTH_RE = re.compile(rf"[0-9]{{4}}-[0-9]{{2}}|{UNKNOWN_PARTITION}", re.ASCII)


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


def duckdb_type(type_: pa.DataType) -> str:
    """The DuckDB type of an Arrow type: scalars by :data:`_DUCKDB_TYPES`, maps, lists and structs
    by their parts (``list<struct<name: string, quotes: int64>>`` is
    ``STRUCT("name" VARCHAR, "quotes" BIGINT)[]``)."""
    if isinstance(type_, pa.MapType):
        return f"MAP({duckdb_type(type_.key_type)}, {duckdb_type(type_.item_type)})"
    if isinstance(type_, pa.ListType):
        return f"{duckdb_type(type_.value_type)}[]"
    if isinstance(type_, pa.StructType):
        fields = ", ".join(f'"{f.name}" {duckdb_type(f.type)}' for f in type_)
        return f"STRUCT({fields})"
    try:
        return _DUCKDB_TYPES[type_]
    except KeyError:
        raise TypeError(f"no DuckDB type for Arrow type {type_}") from None


def create_table_sql(name: str, schema: pa.Schema) -> str:
    columns = ", ".join(
        f'"{f.name}" {duckdb_type(f.type)}{"" if f.nullable else " NOT NULL"}' for f in schema
    )
    return f'CREATE TABLE IF NOT EXISTS "{name}" ({columns})'


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create the tables of :data:`TABLES` (and the derived, history and ledger tables) and add
    columns a newer schema has."""
    for name, schema in {**TABLES, **DERIVED_TABLES, **HISTORY_TABLES, **LEDGER_TABLES}.items():
        con.execute(create_table_sql(name, schema))
        existing = {row[0] for row in con.execute(f'DESCRIBE "{name}"').fetchall()}
        for f in schema:
            if f.name not in existing:
                default = (f.metadata or {}).get(b"default")
                fill = f" DEFAULT {default.decode()}" if default is not None else ""
                con.execute(f'ALTER TABLE "{name}" ADD COLUMN "{f.name}" {duckdb_type(f.type)}{fill}')
    con.execute("CREATE TABLE IF NOT EXISTS _pending_files (staged VARCHAR, live VARCHAR NOT NULL)")
    con.execute("CREATE TABLE IF NOT EXISTS _signatures (article_id VARCHAR NOT NULL, minhash BLOB NOT NULL)")


def months_missing_columns(parquet_dir: Path) -> set[str]:
    """Months whose Parquet file of a partitioned table lacks a column the table has (one
    written before the column was added); a file that cannot be read is left to ``check``."""
    import pyarrow.parquet as pq

    outdated: set[str] = set()
    for table in PARTITIONED_TABLES:
        columns = set(column_names(TABLES[table]))
        for path in sorted((parquet_dir / table).glob(f"{PARTITION_COLUMN}=*/*.parquet")):
            try:
                names = set(pq.read_schema(path).names)
            except (OSError, pa.ArrowException):
                continue
            month = path.parent.name.removeprefix(f"{PARTITION_COLUMN}=")
            # a folder name is no SQL: only the months the export itself names are taken
            if not columns <= names and PARTITION_MONTH_RE.fullmatch(month):
                outdated.add(month)
    return outdated
