"""``news-etl sql`` reads the warehouse and nothing else: every refused statement exits 2 with a
clear message and leaves no trace (no file written, no table changed, nothing fetched)."""

from __future__ import annotations

import contextlib
import os
import socket
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from load.sql_sandbox import SqlRefused, read_query, sandboxed_connection
from load.warehouse import DB_FILENAME, Warehouse
from news_etl.cli import app

runner = CliRunner()

SECRET = "top-secret-line-outside-the-warehouse"


@pytest.fixture
def warehouse(tmp_path: Path) -> Path:
    """A small warehouse: an ``articles`` table and its Parquet mirror (hive-partitioned), plus a
    secret file and a Parquet file outside it, and a symlink inside ``parquet/`` to the latter."""
    root = tmp_path / "wh"
    (root / "parquet" / "articles" / "year=2022").mkdir(parents=True)
    with contextlib.closing(duckdb.connect(str(root / DB_FILENAME))) as con:
        con.execute("CREATE TABLE articles (article_id VARCHAR, title VARCHAR)")
        con.execute("INSERT INTO articles VALUES ('a1', 'First'), ('a2', 'Second')")
        con.execute(
            "COPY articles TO $1 (FORMAT parquet)",
            [str(root / "parquet" / "articles" / "year=2022" / "part-0.parquet")],
        )
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(SECRET + "\n")
    duckdb.sql(f"COPY (SELECT '{SECRET}' AS s) TO '{outside / 'secret.parquet'}' (FORMAT parquet)")
    os.symlink(outside / "secret.parquet", root / "parquet" / "articles" / "year=2022" / "link.parquet")
    os.symlink(outside / "secret.txt", root / "parquet" / "secret-link.txt")
    return root


def sql(warehouse: Path, query: str, *options: str):
    return runner.invoke(app, ["sql", query, "--warehouse", str(warehouse), *options])


def table_state(warehouse: Path) -> list[tuple]:
    with contextlib.closing(duckdb.connect(str(warehouse / DB_FILENAME), read_only=True)) as con:
        return (
            con.execute("SELECT table_name, estimated_size FROM duckdb_tables() ORDER BY ALL").fetchall()
            + con.execute("SELECT * FROM articles ORDER BY ALL").fetchall()
        )


def files_under(*roots: Path) -> set[Path]:
    return {p for root in roots for p in root.rglob("*")}


def test_reading_the_warehouse_tables_and_its_parquet_mirror_works(warehouse):
    result = sql(warehouse, "select count(*) as n from articles", "-f", "csv")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["n", "2"]
    glob = warehouse / "parquet" / "articles" / "**" / "part-*.parquet"
    query = f"select title, year from read_parquet('{glob}', hive_partitioning=true) order by title"  # noqa: S608  the query under test, from the test's own tmp_path; the sandbox is what is checked
    result = sql(warehouse, query, "-f", "csv")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["title,year", "First,2022", "Second,2022"]


@pytest.mark.parametrize(
    "query",
    [
        "with t as (select 1 as x) select * from t",
        "from articles",
        "values (1)",
        "describe articles",
        "show tables",
        "summarize articles",
        "explain select * from articles",
        "explain analyze select count(*) from articles",
        "select 1; select 2",
    ],
)
def test_every_kind_of_read_statement_runs(warehouse, query):
    result = sql(warehouse, query)
    assert result.exit_code == 0, result.output


# (query with {wh} and {tmp} for the warehouse and a folder outside it, the kind in the message)
REFUSED = {
    "read_text_etc": ("select * from read_text('/etc/hostname')", "Permission"),
    "read_csv_etc": ("select * from read_csv('/etc/passwd')", "Permission"),
    "read_text_outside": ("select * from read_text('{tmp}/outside/secret.txt')", "Permission"),
    "dotdot": ("select * from read_text('{wh}/parquet/../../outside/secret.txt')", "Permission"),
    "glob_outside": ("select * from glob('{tmp}/outside/*')", "Permission"),
    "copy_tmp": ("copy (select 42) to '{tmp}/x.csv'", "COPY"),
    "copy_in_warehouse": ("copy (select 42) to '{wh}/parquet/x.csv'", "COPY"),
    "copy_table": ("copy articles to '{wh}/parquet/articles.csv'", "COPY"),
    "explain_analyze_copy": ("explain analyze copy (select 1) to '{wh}/parquet/x.csv'", "EXPLAIN of COPY"),
    "explain_options_copy": (
        "explain (analyze, format json) /* ) */ copy (select 1) to '{wh}/parquet/x.csv'",
        "EXPLAIN of COPY",
    ),
    "install": ("INSTALL httpfs", "INSTALL or LOAD"),
    "load": ("LOAD httpfs", "INSTALL or LOAD"),
    "attach": ("ATTACH ':memory:' AS m", "ATTACH"),
    "attach_file": ("ATTACH '{tmp}/other.duckdb' AS o", "ATTACH"),
    "detach": ("DETACH news", "DETACH"),
    "set": ("SET memory_limit='1GB'", "SET"),
    "reset": ("RESET lock_configuration", "SET"),
    "pragma_set": ("PRAGMA memory_limit='1GB'", "SET"),
    "pragma_profiling": ("PRAGMA enable_profiling", "PRAGMA"),
    "pragma_read": ("PRAGMA table_info('articles')", "PRAGMA"),
    "call": ("CALL checkpoint()", "CALL"),
    "create_table": ("CREATE TABLE x (a INT)", "CREATE"),
    "create_temp": ("CREATE TEMP TABLE x AS SELECT 1", "CREATE"),
    "create_view": ("CREATE VIEW v AS SELECT 1", "CREATE"),
    "create_macro": ("CREATE MACRO m() AS 1", "CREATE"),
    "insert": ("INSERT INTO articles VALUES ('a3', 'Third')", "INSERT"),
    "delete": ("DELETE FROM articles", "DELETE"),
    "update": ("UPDATE articles SET title = 'x'", "UPDATE"),
    "drop": ("DROP TABLE articles", "DROP"),
    "alter": ("ALTER TABLE articles ADD COLUMN c INT", "ALTER"),
    "export": ("EXPORT DATABASE '{tmp}/export'", "EXPORT"),
    "transaction": ("BEGIN TRANSACTION", "TRANSACTION"),
    "checkpoint_vacuum": ("VACUUM", "VACUUM"),
    "pivot": ("PIVOT articles ON title", "PIVOT"),
    "select_then_copy": (
        "select 'harmless'; copy (select 42) to '{wh}/parquet/x.csv'",
        "statement 2 of 2 is COPY",
    ),
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_refused_statements_exit_2_with_a_clear_message_and_no_side_effect(warehouse, tmp_path, name):
    template, kind = REFUSED[name]
    query = template.format(wh=warehouse, tmp=tmp_path)
    before_files = files_under(warehouse, tmp_path / "outside")
    before_tables = table_state(warehouse)
    hostname = Path("/etc/hostname").read_text().strip() if Path("/etc/hostname").exists() else None

    result = sql(warehouse, query)

    assert result.exit_code == 2, result.output
    assert "refused:" in result.output and kind in result.output, result.output
    assert "Traceback" not in result.output
    assert SECRET not in result.output and "root:x:0:0" not in result.output
    if hostname and name == "read_text_etc":
        assert f"│ {hostname}" not in result.output  # the refusal names the file, never shows it
    assert "harmless" not in result.output  # a refused query runs none of its statements
    assert files_under(warehouse, tmp_path / "outside") == before_files
    assert not (tmp_path / "x.csv").exists() and not (tmp_path / "export").exists()
    assert not (tmp_path / "other.duckdb").exists()
    assert table_state(warehouse) == before_tables


def test_a_symlink_inside_parquet_to_a_file_outside_is_refused(warehouse):
    """DuckDB checks the resolved path: the link lies in an allowed folder, its target does not."""
    link = warehouse / "parquet" / "articles" / "year=2022" / "link.parquet"
    result = sql(warehouse, f"select * from read_parquet('{link}')")  # noqa: S608  the query under test, from the test's own tmp_path; the sandbox is what is checked
    assert result.exit_code == 2 and "Permission" in result.output, result.output
    assert SECRET not in result.output
    result = sql(warehouse, f"select * from read_text('{warehouse / 'parquet' / 'secret-link.txt'}')")  # noqa: S608  the query under test, from the test's own tmp_path; the sandbox is what is checked
    assert result.exit_code == 2 and SECRET not in result.output, result.output
    # a glob that takes the link in fails as a whole rather than read it
    result = sql(warehouse, f"select * from read_parquet('{warehouse}/parquet/articles/**/*.parquet')")  # noqa: S608  the query under test, from the test's own tmp_path; the sandbox is what is checked
    assert result.exit_code == 2 and SECRET not in result.output, result.output


def test_install_never_reaches_the_network(warehouse, monkeypatch):
    """Refused before DuckDB sees it: no socket is opened (a connect would raise here)."""

    def no_network(*args, **kwargs):
        raise AssertionError("news-etl sql tried the network")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    result = sql(warehouse, "INSTALL httpfs FROM core_nightly")
    assert result.exit_code == 2 and "INSTALL or LOAD" in result.output, result.output


def test_the_sandbox_settings_cannot_be_changed_even_by_a_statement_that_slips_through(warehouse):
    """The statement check is the first wall; the connection's locked configuration is the second."""
    with sandboxed_connection(Warehouse(warehouse)) as con:
        for statement in (
            "SET enable_external_access = true",
            "SET allowed_directories = ['/']",
            "SET lock_configuration = false",
            "SET memory_limit = '1GB'",
        ):
            with pytest.raises(duckdb.InvalidInputException, match="locked"):
                con.execute(statement)
        with pytest.raises(duckdb.PermissionException):
            con.execute("COPY (SELECT 1) TO '/tmp/news-etl-sandbox-escape.csv'")
        with pytest.raises(duckdb.Error):  # read-only database: no write, even a temporary one
            con.execute("INSERT INTO articles VALUES ('x', 'y')")
    assert not Path("/tmp/news-etl-sandbox-escape.csv").exists()


def test_a_syntax_error_is_a_sql_error_and_nothing_runs(warehouse):
    result = sql(warehouse, "select 1; copy (select 1) to 'x.csv' ; selec 2")
    assert result.exit_code == 2 and "SQL error" in result.output and "syntax error" in result.output
    assert not Path("x.csv").exists()


def test_an_empty_query_is_refused(warehouse):
    with pytest.raises(SqlRefused, match="no statement"):
        read_query(Warehouse(warehouse), " ; ")


def test_the_connection_is_closed_when_the_query_returns(warehouse):
    """A writer can open the database as soon as ``news-etl sql`` has printed."""
    assert sql(warehouse, "select * from articles").exit_code == 0
    with contextlib.closing(duckdb.connect(str(warehouse / DB_FILENAME))) as writer:
        writer.execute("INSERT INTO articles VALUES ('a3', 'Third')")
    assert read_query(Warehouse(warehouse), "select count(*) from articles").rows == [(3,)]
    with contextlib.closing(duckdb.connect(str(warehouse / DB_FILENAME))) as writer:
        writer.execute("DELETE FROM articles WHERE article_id = 'a3'")


def test_a_warehouse_under_a_symlinked_folder_still_reads_its_parquet(warehouse, tmp_path):
    """DuckDB compares resolved paths: the sandbox allows the resolved ``parquet/`` too."""
    alias = tmp_path / "alias"
    alias.symlink_to(warehouse, target_is_directory=True)
    glob = alias / "parquet" / "articles" / "**" / "part-*.parquet"
    result = sql(alias, f"select count(*) from read_parquet('{glob}')", "-f", "csv")  # noqa: S608  the query under test, from the test's own tmp_path; the sandbox is what is checked
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == "2"


def test_hostile_values_print_as_text_not_markup_nor_terminal_controls(warehouse):
    with contextlib.closing(duckdb.connect(str(warehouse / DB_FILENAME))) as con:
        con.execute(
            "INSERT INTO articles VALUES ('h1', $1), ('h2', $2), ('h3', $3)",
            ["[red]x[/] [/y]", "esc\x1b[2Jcsi\x9b31mbell\x07", "rlo\u202etxt.exe"],
        )
    result = sql(
        warehouse, "select title as \"[bold]t[/]\" from articles where article_id like 'h%' order by 1"
    )
    assert result.exit_code == 0, result.output
    assert "[red]x[/] [/y]" in result.output and "[bold]t[/]" in result.output
    assert "esc\\x1b[2Jcsi\\x9b31mbell\\x07" in result.output
    assert "rlo\\u202etxt.exe" in result.output
    for raw in ("\x1b", "\x9b", "\x07", "\u202e"):
        assert raw not in result.output
