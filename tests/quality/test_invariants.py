"""news-etl check: passes on a good warehouse, fails precisely on one a test corrupts on purpose."""

from __future__ import annotations

import contextlib
import shutil

import duckdb
import pytest
from typer.testing import CliRunner

from load.warehouse import Warehouse
from news_etl.cli import app
from tests.helpers import check

runner = CliRunner()


@pytest.fixture(scope="module")
def loaded(tmp_path_factory, prefect_harness):
    w = tmp_path_factory.mktemp("checked") / "w"
    result = runner.invoke(app, ["run", "--warehouse", str(w)])
    assert result.exit_code == 0, result.output
    return w


def copy(loaded, tmp_path):
    target = tmp_path / "w"
    shutil.copytree(loaded, target)
    return target


def test_a_good_warehouse_passes(loaded):
    result = runner.invoke(app, ["check", "--warehouse", str(loaded)])
    assert result.exit_code == 0, result.output
    assert "passes every invariant" in result.output
    assert check(Warehouse(loaded)) == []


def test_a_deleted_parquet_file_is_reported(loaded, tmp_path):
    w = copy(loaded, tmp_path)
    victim = sorted((w / "parquet" / "paragraphs").rglob("*.parquet"))[0]
    month = victim.parent.name.split("=")[1]
    victim.unlink()
    result = runner.invoke(app, ["check", "--warehouse", str(w)])
    assert result.exit_code == 1
    problems = check(Warehouse(w))
    assert len(problems) == 1 and problems[0].startswith("paragraphs: Parquet and DuckDB disagree")
    assert "only in DuckDB" in result.output
    assert check(Warehouse(w), months=["1999-01"]) == []  # another month is still fine
    (in_month,) = check(Warehouse(w), months=[month])
    assert in_month.startswith("paragraphs: ") and "rows in DuckDB but no Parquet file" in in_month


def test_a_month_to_compare_that_is_no_partition_month_is_refused(loaded):
    # the months reach DuckDB as parameters; one that is no month would name no partition folder
    with pytest.raises(ValueError, match="not a partition month"):
        check(Warehouse(loaded), months=["2019-01' OR '1'='1"])


def test_an_orphan_quote_and_a_broken_offset_are_reported(loaded, tmp_path):
    w = copy(loaded, tmp_path)
    with contextlib.closing(duckdb.connect(str(w / "news.duckdb"))) as con:
        con.execute(
            "INSERT INTO quotes SELECT * REPLACE ('no-such-article' AS article_id) FROM quotes LIMIT 1"
        )
        con.execute(
            "UPDATE paragraphs SET char_end = char_end + 1 WHERE paragraph_index = 0 AND article_id = "
            "(SELECT min(article_id) FROM articles)"
        )
    problems = check(Warehouse(w))
    assert "1 quotes belong to no article (orphans)" in problems
    assert "1 paragraphs have offsets that do not slice their article's body back to their text" in problems
    assert "paragraphs: Parquet and DuckDB disagree (1 rows only in DuckDB, 1 only in Parquet)" in problems
    result = runner.invoke(app, ["check", "--warehouse", str(w)])
    assert result.exit_code == 1 and "orphans" in result.output


def test_a_ledger_entry_without_its_article_is_reported(loaded, tmp_path):
    w = copy(loaded, tmp_path)
    with contextlib.closing(duckdb.connect(str(w / "news.duckdb"))) as con:
        con.execute(
            "UPDATE source_files SET article_id = 'gone' WHERE source_uri = "
            "(SELECT min(source_uri) FROM source_files WHERE status = 'loaded')"
        )
    assert check(Warehouse(w)) == [
        "1 files in source_files are marked loaded but their article is not in articles"
    ]


def test_check_without_a_warehouse_is_a_usage_error(tmp_path):
    assert runner.invoke(app, ["check", "--warehouse", str(tmp_path / "none")]).exit_code == 2


@pytest.mark.parametrize("name", ["q'\"wh", "new\nline", "ünï ☃"])
def test_a_warehouse_path_with_any_characters_checks_clean(loaded, tmp_path, name):
    """The Parquet file list reaches DuckDB as a parameter, whatever characters the path holds
    (but a backslash: DuckDB reads it as a separator in the database file's own path)."""
    target = tmp_path / name
    shutil.copytree(loaded, target)
    assert check(Warehouse(target)) == []
    (next((target / "parquet" / "articles").rglob("*.parquet"))).unlink()
    assert any("articles" in problem for problem in check(Warehouse(target)))


def test_running_out_of_memory_while_checking_is_a_clear_failure(loaded, monkeypatch):
    import quality.invariants

    def out_of_memory(*_args):
        raise duckdb.OutOfMemoryException("Out of Memory Error: failed to allocate data of size 64.0 MiB")

    monkeypatch.setattr(quality.invariants, "_mirror_problems", out_of_memory)
    result = runner.invoke(app, ["check", "--warehouse", str(loaded)])
    assert result.exit_code == 1
    assert "ran out of memory while checking the warehouse's invariants" in result.output
    assert "failed to allocate" in result.output and "Traceback" not in result.output


def test_a_ledger_with_two_rows_for_one_file_is_reported(loaded, tmp_path):
    w = copy(loaded, tmp_path)
    with contextlib.closing(duckdb.connect(str(w / "news.duckdb"))) as con:
        con.execute("INSERT INTO source_files SELECT * FROM source_files LIMIT 1")
    assert check(Warehouse(w)) == [
        "1 rows of source_files repeat a file the ledger already has (one row per file)"
    ]


@pytest.mark.parametrize("folder", ["published_month=2019-01' OR '1'='1", "published_month=19-1", "stray"])
def test_a_stray_folder_under_the_parquet_mirror_is_reported_not_a_crash(loaded, tmp_path, folder):
    """DuckDB's Hive reader refuses files whose folders disagree (a BinderException); the check
    names the folder instead and still compares the partitions the warehouse wrote."""
    w = copy(loaded, tmp_path)
    articles = w / "parquet" / "articles"
    stray = articles / folder
    stray.mkdir()
    shutil.copy(next(articles.rglob("*.parquet")), stray / "data.parquet")
    (problem,) = check(Warehouse(w))
    assert problem.startswith("articles: 1 folders under the Parquet mirror are no month partition")
    assert repr(f"articles/{folder}") in problem
    result = runner.invoke(app, ["check", "--warehouse", str(w)])
    assert result.exit_code == 1 and "no month partition" in result.output
    assert "Traceback" not in result.output


def test_the_check_of_a_run_covers_the_months_it_wrote(loaded, tmp_path):
    """A run checks the bodies and partitions of the months it wrote; ``news-etl check`` all."""
    w = copy(loaded, tmp_path)
    with contextlib.closing(duckdb.connect(str(w / "news.duckdb"))) as con:
        article_id, month = con.execute(
            "SELECT article_id, strftime(published_date, '%Y-%m') FROM articles "
            "WHERE published_date IS NOT NULL ORDER BY article_id LIMIT 1"
        ).fetchone()
        other = con.execute(
            "SELECT min(strftime(published_date, '%Y-%m')) FROM articles WHERE strftime(published_date, '%Y-%m') <> ?",
            [month],
        ).fetchone()[0]
        con.execute(
            "UPDATE paragraphs SET char_end = char_end + 1 WHERE paragraph_index = 0 AND article_id = ?",
            [article_id],
        )
    broken = [
        "1 paragraphs have offsets that do not slice their article's body back to their text",
        "paragraphs: Parquet and DuckDB disagree (1 rows only in DuckDB, 1 only in Parquet)",
    ]
    assert check(Warehouse(w), months=[other]) == []
    assert check(Warehouse(w), months=[month, other]) == broken
    assert check(Warehouse(w)) == broken
    assert check(Warehouse(w), months=[]) == []
