"""The sandbox of ``news-etl sql``: read the warehouse, nothing else.

``news-etl sql`` runs whatever a user (or a script that pasted someone else's text) hands it, so
read-only access to the database file is not enough: DuckDB can also read any file the user can
(``read_text('/etc/passwd')``), write files (``COPY … TO``), fetch extensions from the network
(``INSTALL``), attach other databases and change its own limits (``SET``). The rules:

* **Only read statements run.** Each statement of the query is parsed (``extract_statements``)
  and checked *before anything executes*: a SELECT (which covers ``WITH``, ``FROM …``,
  ``VALUES``, ``DESCRIBE``, ``SHOW`` and ``SUMMARIZE``, all SELECTs to DuckDB) or an ``EXPLAIN``
  whose own statement is a SELECT (``EXPLAIN ANALYZE`` executes it). Everything else is refused
  by its kind — COPY, EXPORT, INSTALL/LOAD, ATTACH/DETACH, SET/RESET, PRAGMA, CALL, DDL, DML,
  transactions, PIVOT (a multi-statement) — and a query with one refused statement runs none.
* **Files: only the warehouse's** ``parquet/`` **folder, read-only.** The connection is opened
  read-only, then, in this order (each step needs the one before it still allowed):
  ``allowed_directories`` = the ``parquet/`` folder, ``enable_external_access = false``,
  extension autoinstall and autoload off, ``lock_configuration = true`` (no later ``SET`` can
  undo any of it). DuckDB checks the resolved path of every file a query opens, so ``..`` and a
  symlink inside ``parquet/`` that points outside it are refused too (a symlink's target must
  itself lie in an allowed directory).
* **Short-lived.** :func:`read_query` opens the connection, fetches and closes it: a query holds
  the database only while it runs, so a scheduled run is not kept waiting by an idle shell.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import duckdb

from load.warehouse import Warehouse

#: What the refusal message lists as allowed (the kinds a user writes, not DuckDB's types).
READ_STATEMENT_KINDS = "SELECT, WITH, FROM, VALUES, EXPLAIN, DESCRIBE, SHOW, SUMMARIZE"
#: DuckDB statement types that read and never write
_READ_TYPES = frozenset({duckdb.StatementType.SELECT})
_QUERY_MAX_SHOWN_CHARS = 80


class SqlRefused(ValueError):
    """A statement of the query is not a read: nothing of the query ran."""


@dataclass(frozen=True, slots=True)
class QueryResult:
    columns: list[str]
    rows: list[tuple[Any, ...]]


def sandbox_settings(store: Warehouse) -> list[tuple[str, list[Any]]]:
    """The statements that lock a read-only connection down to reading ``store``'s Parquet
    mirror, in the order they must run (paths as parameters, never pasted into SQL)."""
    parquet = [str(store.parquet_dir) + "/"]
    resolved = str(store.parquet_dir.resolve()) + "/"
    if resolved not in parquet:  # DuckDB compares resolved paths: a warehouse under a symlink
        parquet.append(resolved)
    return [
        ("SET allowed_directories = $1", [parquet]),
        ("SET enable_external_access = false", []),
        ("SET autoinstall_known_extensions = false", []),
        ("SET autoload_known_extensions = false", []),
        ("SET lock_configuration = true", []),
    ]


@contextlib.contextmanager
def sandboxed_connection(store: Warehouse) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to ``store`` that can read no file but its ``parquet/`` folder and
    can change none of its settings; closed on exit."""
    con = store.connect(read_only=True)
    try:
        for statement, parameters in sandbox_settings(store):
            con.execute(statement, parameters)
        yield con
    finally:
        con.close()


def check_read_only(con: duckdb.DuckDBPyConnection, query: str) -> None:
    """Raise :class:`SqlRefused` unless every statement of ``query`` only reads.

    A syntax error raises DuckDB's :class:`duckdb.ParserException`, with its position.
    """
    statements = con.extract_statements(query)  # a syntax error raises here, before anything runs
    if not statements:
        raise SqlRefused("the query holds no statement")
    for number, statement in enumerate(statements, 1):
        kind = _refused_kind(con, statement)
        if kind is not None:
            where = f"statement {number} of {len(statements)}" if len(statements) > 1 else "the statement"
            raise SqlRefused(
                f"news-etl sql only reads: {where} is {kind} ({_shown(statement.query)}); "
                f"allowed: {READ_STATEMENT_KINDS}; nothing was run"
            )


def read_query(store: Warehouse, query: str, max_rows: int | None = None) -> QueryResult:
    """Run a read ``query`` in the sandbox and return its columns and rows (at most
    ``max_rows`` + 1, so a caller can tell there were more); the connection is closed on return.

    Raises :class:`SqlRefused` for a statement that is not a read, :class:`duckdb.Error` for a
    query DuckDB refuses (a file outside ``parquet/`` is a :class:`duckdb.PermissionException`).
    """
    with sandboxed_connection(store) as con:
        check_read_only(con, query)
        result = con.execute(query)
        columns = [d[0] for d in result.description or []]
        rows = result.fetchall() if max_rows is None else result.fetchmany(max_rows + 1)
    return QueryResult(columns, rows)


def _refused_kind(con: duckdb.DuckDBPyConnection, statement: Any) -> str | None:
    """None for a read statement, else the statement's kind as the user would name it."""
    kind = statement.type
    if kind in _READ_TYPES:
        return None
    if kind == duckdb.StatementType.EXPLAIN:
        inner = _explained(statement.query)
        if inner is None:
            return "EXPLAIN of an unreadable statement"
        try:
            inner_statements = con.extract_statements(inner)
        except duckdb.Error:
            return "EXPLAIN of an unreadable statement"
        if len(inner_statements) != 1:
            return "EXPLAIN of several statements"
        inner_kind = _refused_kind(con, inner_statements[0])
        return None if inner_kind is None else f"EXPLAIN of {inner_kind}"
    if kind == duckdb.StatementType.MULTI:
        return "PIVOT or another statement that creates objects"
    if kind == duckdb.StatementType.LOAD:
        return "INSTALL or LOAD"
    return str(kind.name).replace("_", " ")


def _explained(query: str) -> str | None:
    """The statement an ``EXPLAIN [ANALYZE] [(options)] statement`` explains, or None.

    Read with DuckDB's tokenizer, so comments and strings cannot pose as keywords or brackets.
    """
    spans = duckdb.tokenize(query)
    ends = [offset for offset, _ in spans[1:]] + [len(query)]
    tokens = [
        (offset, kind, query[offset:end].strip().lower())
        for (offset, kind), end in zip(spans, ends, strict=True)
        if kind != duckdb.token_type.comment
    ]

    def word(i: int) -> str:
        return tokens[i][2]

    if not tokens or word(0) != "explain":
        return None
    i = 1
    if i < len(tokens) and word(i) in ("analyze", "analyse"):
        i += 1
    if i < len(tokens) and word(i) == "(":  # options: skip to the matching bracket
        depth = 0
        while i < len(tokens):
            if tokens[i][1] == duckdb.token_type.operator:
                depth += word(i).count("(") - word(i).count(")")
            i += 1
            if depth <= 0:
                break
    if i >= len(tokens):
        return None
    return query[tokens[i][0] :]


def _shown(query: str) -> str:
    text = " ".join(query.split())
    if len(text) > _QUERY_MAX_SHOWN_CHARS:
        text = text[: _QUERY_MAX_SHOWN_CHARS - 1] + "…"
    return text
