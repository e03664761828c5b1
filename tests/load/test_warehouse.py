from __future__ import annotations

import contextlib
import os
from pathlib import Path

import duckdb
import pytest

from extract.batches import BatchOptions, process_batch
from extract.discover import discover
from load.warehouse import Warehouse, WarehouseBusy
from tests.conftest import REPO
from tests.helpers import check, score_quotes_by_offset


def article(path: Path, url: str | None, title: str, *paragraphs: str, date: str = "2022-02-16") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    header = f" date {date} {url}\n" if url else ""
    path.write_text(header + title + "\n" + "\n".join(paragraphs) + "\n", encoding="utf-8")
    return path


def load(warehouse: Warehouse, *sources: Path, run_id: str = "run-1"):
    warehouse.prepare()
    files = discover(sources).files
    process_batch(files, 0, BatchOptions(run_id, str(warehouse.staging_dir(run_id))))
    try:
        return warehouse.load_run(run_id, validator=None)
    finally:
        warehouse.discard_staging(run_id)


def rows(warehouse: Warehouse, query: str):
    with contextlib.closing(warehouse.connect(read_only=True)) as con:
        return con.execute(query).fetchall()


def parquet_rows(warehouse: Warehouse, table: str, columns: str) -> list[tuple]:
    glob = str(warehouse.parquet_dir / table / "**" / "*.parquet")
    relation = duckdb.sql(f"SELECT {columns} FROM read_parquet('{glob}', hive_partitioning=true)")  # noqa: S608  table and columns are the callers' literals, the glob the test's own path
    assert relation is not None, table
    return sorted(relation.fetchall())


@pytest.fixture
def corpus(tmp_path):
    src = tmp_path / "src"
    article(src / "a.txt", "https://example.com/a", "A", "Alpha one.", "Alpha two.")
    article(src / "b.txt", "https://example.com/b", "B", "Beta one.", date="2021-12-01")
    article(src / "c.txt", None, "C", "Gamma one.", "Gamma two.", "Gamma three.")
    return src


def test_loading_the_same_input_twice_leaves_the_same_rows(tmp_path, corpus):
    warehouse = Warehouse(tmp_path / "w")
    first = load(warehouse, corpus, run_id="run-1")
    snapshot = rows(warehouse, "SELECT article_id, title, body FROM articles ORDER BY 1")
    paragraphs = rows(warehouse, "SELECT * FROM paragraphs ORDER BY 1, 2")
    second = load(warehouse, corpus, run_id="run-2")
    assert (first.inserted["articles"], first.inserted["paragraphs"], first.replaced) == (3, 6, 0)
    assert (second.inserted["articles"], second.inserted["paragraphs"], second.replaced) == (3, 6, 3)
    assert rows(warehouse, "SELECT article_id, title, body FROM articles ORDER BY 1") == snapshot
    assert rows(warehouse, "SELECT * FROM paragraphs ORDER BY 1, 2") == paragraphs


def test_parquet_partitions_agree_with_duckdb(tmp_path, corpus):
    warehouse = Warehouse(tmp_path / "w")
    load(warehouse, corpus)
    months = sorted(p.name for p in (warehouse.parquet_dir / "articles").iterdir())
    assert months == ["published_month=2021-12", "published_month=2022-02", "published_month=unknown"]
    assert parquet_rows(warehouse, "articles", "article_id, body") == rows(
        warehouse, "SELECT article_id, body FROM articles ORDER BY 1, 2"
    )
    assert parquet_rows(warehouse, "paragraphs", "article_id, paragraph_index, text") == rows(
        warehouse, "SELECT article_id, paragraph_index, text FROM paragraphs ORDER BY 1, 2"
    )


def test_duplicates_in_one_run_keep_the_first_file_in_path_order(tmp_path):
    src = tmp_path / "src"
    article(src / "1.txt", "https://example.com/a", "A", "Same story.")
    article(src / "2.txt", "https://www.example.com/a/?utm_source=x", "A again", "Other text.")  # same page
    article(src / "3.txt", None, "Different title", "Same story.")  # same body
    warehouse = Warehouse(tmp_path / "w")
    result = load(warehouse, src)
    assert result.inserted["articles"] == 1
    assert dict(result.rejected) == {"duplicate": 2}
    kept = rows(warehouse, "SELECT article_id, source_uri FROM articles")
    assert kept[0][1].endswith("1.txt")
    rejected = dict(rows(warehouse, "SELECT source_uri, detail FROM rejects WHERE reason = 'duplicate'"))
    assert all(kept[0][0] in detail for detail in rejected.values())
    assert sorted(Path(uri).name for uri in rejected) == ["2.txt", "3.txt"]
    assert parquet_rows(warehouse, "rejects", "reason") == [("duplicate",), ("duplicate",)]


def test_an_article_already_loaded_from_another_file_keeps_its_place(tmp_path):
    first = article(tmp_path / "one" / "a.txt", "https://example.com/a", "A", "Text.")
    later = article(tmp_path / "two" / "a-copy.txt", "https://example.com/a", "A", "Text.")
    warehouse = Warehouse(tmp_path / "w")
    load(warehouse, first, run_id="run-1")
    result = load(warehouse, later, run_id="run-2")
    assert result.inserted["articles"] == 0 and dict(result.rejected) == {"duplicate": 1}
    assert rows(warehouse, "SELECT source_uri FROM articles") == [(str(first),)]


def test_an_article_that_moves_month_leaves_no_copy_in_the_old_partition(tmp_path):
    src = tmp_path / "src"
    path = article(src / "a.txt", "https://example.com/a", "A", "Text.", date="2022-01-05")
    warehouse = Warehouse(tmp_path / "w")
    load(warehouse, src, run_id="run-1")
    article(path, "https://example.com/a", "A", "Text, corrected.", date="2022-03-05")
    load(warehouse, src, run_id="run-2")
    assert not (warehouse.parquet_dir / "articles" / "published_month=2022-01").exists()
    assert parquet_rows(warehouse, "articles", "body, published_month") == [("Text, corrected.", "2022-03")]


def test_a_crash_after_commit_is_finished_by_the_next_writer(tmp_path, corpus, monkeypatch):
    warehouse = Warehouse(tmp_path / "w")
    real_replace = os.replace

    def crash(*args, **kwargs):
        raise OSError("simulated crash while moving files")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="simulated crash"):
        load(warehouse, corpus)
    monkeypatch.setattr(os, "replace", real_replace)
    assert not list(warehouse.parquet_dir.glob("**/*.parquet"))  # committed in DuckDB, files not moved yet
    assert rows(warehouse, "SELECT count(*) FROM articles") == [(3,)]
    warehouse.prepare()
    assert rows(warehouse, "SELECT count(*) FROM _pending_files") == [(0,)]
    assert len(parquet_rows(warehouse, "articles", "article_id")) == 3
    assert not warehouse.pending_root.exists() or not any(warehouse.pending_root.iterdir())


def test_a_second_writer_is_refused_with_a_clear_message(tmp_path):
    warehouse = Warehouse(tmp_path / "w")
    with (
        warehouse.exclusive(),
        pytest.raises(WarehouseBusy, match=r"another news-etl run .* \(--lock-timeout\)"),
        Warehouse(tmp_path / "w").exclusive(wait_seconds=0.3),
    ):
        pass


def test_a_near_duplicate_is_loaded_and_flagged_with_the_article_it_copies(tmp_path):
    src = tmp_path / "src"
    story = [
        f"Paragraph {n}: the harbour council met again on day {n} and discussed the new ferry terminal at length."
        for n in range(1, 9)
    ]
    article(src / "1.txt", "https://example.com/original", "Ferry terminal", *story)
    edited = [*story[:-1], "Paragraph 8: a spokesman for the council declined to comment on Thursday."]
    article(src / "2.txt", "https://mirror.example.org/copy", "Ferry terminal (copy)", *edited)
    article(src / "3.txt", "https://example.com/other", "Other", "An unrelated story about an orchestra.")
    warehouse = Warehouse(tmp_path / "w")
    result = load(warehouse, src)
    assert result.inserted["articles"] == 3
    flags = dict(rows(warehouse, "SELECT url, duplicate_of FROM articles"))
    original_id = rows(warehouse, "SELECT article_id FROM articles WHERE url LIKE '%original'")[0][0]
    assert flags == {
        "https://example.com/original": None,
        "https://mirror.example.org/copy": original_id,
        "https://example.com/other": None,
    }


def test_a_second_writer_queues_behind_the_first_and_says_so(tmp_path, caplog):
    import logging
    import threading
    import time

    caplog.set_level(logging.WARNING, logger="load")
    first_has_it, release = threading.Event(), threading.Event()

    def first_writer() -> None:
        with Warehouse(tmp_path / "w").exclusive():
            first_has_it.set()
            release.wait(10)

    thread = threading.Thread(target=first_writer)
    thread.start()
    first_has_it.wait(10)
    threading.Timer(1.5, release.set).start()
    started = time.monotonic()
    with Warehouse(tmp_path / "w", lock_timeout_seconds=30).exclusive():
        waited = time.monotonic() - started
    thread.join()
    assert waited >= 1.0
    assert any(
        "waiting for the warehouse" in r.getMessage() and "another news-etl run holds it" in r.getMessage()
        for r in caplog.records
    )


@pytest.mark.integration
def test_check_waits_for_a_writer_up_to_its_lock_timeout_then_says_what_to_do(tmp_path, corpus):
    import subprocess
    import sys

    from typer.testing import CliRunner

    from news_etl.cli import app

    warehouse = Warehouse(tmp_path / "w")
    load(warehouse, corpus)
    writer = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('in', flush=True); "
         "time.sleep(30)", str(warehouse.db_path)],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "in"
        result = CliRunner().invoke(app, ["check", "--warehouse", str(warehouse.root), "--lock-timeout", "1"])
    finally:
        writer.kill()
        writer.wait()
    assert result.exit_code == 1
    assert "held by another process (pid" in result.output and "--lock-timeout" in result.output
    assert CliRunner().invoke(app, ["check", "--warehouse", str(warehouse.root)]).exit_code == 0


def test_a_warehouse_from_before_the_source_encoding_column_loads_and_checks(tmp_path, corpus):
    import pyarrow.parquet as pq

    warehouse = Warehouse(tmp_path / "w")
    load(warehouse, corpus, run_id="run-1")
    # as a version before the column left it: no source_encoding in DuckDB nor in the Parquet files
    with contextlib.closing(warehouse.connect()) as con:
        con.execute("ALTER TABLE articles DROP COLUMN source_encoding")
    for path in (warehouse.parquet_dir / "articles").rglob("*.parquet"):
        pq.write_table(pq.ParquetFile(path).read().drop_columns(["source_encoding"]), path)
    src = tmp_path / "src2"
    src.mkdir()
    russian = "Мэрия объявила о ремонте моста. Работы начнутся в апреле и продлятся до конца лета. " * 8
    (src / "ru.txt").write_bytes(
        f" date 2022-02-20 https://example.ru/most\nРемонт моста\n{russian}\n".encode("cp1251")
    )
    load(warehouse, src, run_id="run-2")
    assert rows(warehouse, "SELECT url, source_encoding FROM articles ORDER BY url NULLS LAST") == [
        ("https://example.com/a", None),  # loaded before the column: not read again
        ("https://example.com/b", None),
        ("https://example.ru/most", "cp1251"),
        (None, None),
    ]
    # every partition was written again with the column, also those the second run did not touch
    written = sorted((warehouse.parquet_dir / "articles").rglob("*.parquet"))
    assert len(written) == 3 and all("source_encoding" in pq.read_schema(f).names for f in written)
    assert check(warehouse) == []


def nato_quotes(src: Path, *names: str, month: str = "2022-02") -> Path:
    """Articles quoting officials on NATO; each name's quote starts at another offset (so
    :func:`~tests.helpers.score_quotes_by_offset` gives each another confidence)."""
    for day, name in enumerate(names, start=1):
        lead = "On Monday, " + "x" * day + " in the capital of the country. " if day % 2 else ""
        article(
            src / f"{name.lower()}.txt",
            f"https://example.com/{name.lower()}",
            f"{name} on NATO",
            f'{lead}"NATO will not stop its exercises near the border this year," {name} said.',
            f"{name} said the alliance had told NATO members to prepare for a long winter of talks.",
            date=f"{month}-{day:02d}",
        )
    return src


def test_a_warehouse_from_before_quotes_confidence_keeps_its_quotes_unscored(tmp_path, monkeypatch):
    """``quotes.confidence`` came after quotes were loaded: an older warehouse gets the column on
    open, null in its quotes (never scored: no made-up score), its Parquet partitions written again
    with it; the quotes of files read afterwards carry their score."""
    import pyarrow.parquet as pq

    score_quotes_by_offset(monkeypatch)
    warehouse = Warehouse(tmp_path / "w")
    load(warehouse, nato_quotes(tmp_path / "src", "Stoltenberg", "Lavrov"), run_id="run-1")
    old = rows(warehouse, "SELECT quote_id FROM quotes ORDER BY 1")
    assert old
    # as a version before the column left it: no confidence in DuckDB nor in the Parquet files
    with contextlib.closing(warehouse.connect()) as con:
        con.execute("ALTER TABLE quotes DROP COLUMN confidence")
    for path in (warehouse.parquet_dir / "quotes").rglob("*.parquet"):
        pq.write_table(pq.ParquetFile(path).read().drop_columns(["confidence"]), path)

    load(warehouse, nato_quotes(tmp_path / "src2", "Blinken", "Scholz", month="2022-03"), run_id="run-2")
    scored = rows(warehouse, "SELECT quote_id, confidence FROM quotes ORDER BY 1")
    assert sorted(q for q, c in scored if c is None) == [q for (q,) in old]  # not read again
    new = [c for q, c in scored if (q,) not in old]
    assert new and all(0.0 <= c <= 1.0 for c in new)
    # the partition the second run did not touch (2022-02) was written again with the column too
    written = sorted((warehouse.parquet_dir / "quotes").rglob("*.parquet"))
    assert len(written) == 2 and all("confidence" in pq.read_schema(f).names for f in written)
    assert parquet_rows(warehouse, "quotes", "quote_id, confidence") == scored
    assert check(warehouse) == []


def readme_query(marker: str) -> str:
    """The README's example query that contains ``marker`` (an indented block)."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    examples = readme.split("## Example queries", 1)[1].split("\n## ", 1)[0]
    blocks = [b for b in examples.split("\n\n") if b.startswith("    ") and marker in b]
    assert len(blocks) == 1, f"README's Example queries: {len(blocks)} queries contain {marker!r}"
    return "\n".join(line.removeprefix("    ") for line in blocks[0].splitlines())


def test_the_readmes_confident_quotes_query_keeps_only_quotes_over_its_threshold(tmp_path, monkeypatch):
    score_quotes_by_offset(monkeypatch)
    warehouse = Warehouse(tmp_path / "w")
    load(warehouse, nato_quotes(tmp_path / "src", "Stoltenberg", "Lavrov", "Blinken", "Scholz", "Macron"))
    query = readme_query("q.confidence >= 0.7")
    every = rows(warehouse, "SELECT confidence FROM quotes WHERE quote_text ILIKE '%NATO%'")
    confident = rows(warehouse, query)
    assert confident and len(confident) < len(every)  # the corpus has scores on both sides
    assert all(confidence >= 0.7 and "nato" in text.lower() for _, _, confidence, text in confident)
    assert len(confident) == sum(1 for (c,) in every if c >= 0.7)
    assert [published for published, *_ in confident] == sorted(published for published, *_ in confident)
    lower = rows(warehouse, query.replace(">= 0.7", ">= 0.3"))
    assert len(lower) >= len(confident) and set(confident) <= set(lower)


def test_a_warehouse_from_before_the_runs_counts_of_unchanged_files_opens_and_reports(tmp_path):
    """``runs`` gained files_unchanged and files_outside_window: an older warehouse gets them on
    open, 0 in its old rows, and a run recorded afterwards keeps its counts in the right columns."""
    import datetime as dt

    from flows.runs import recorded_run
    from schemas import RunRecord

    warehouse = Warehouse(tmp_path / "w")
    warehouse.prepare()
    at = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    with contextlib.closing(warehouse.connect()) as con:  # as a version before the columns left it
        con.execute("ALTER TABLE runs DROP COLUMN files_unchanged")
        con.execute("ALTER TABLE runs DROP COLUMN files_outside_window")
        con.execute("INSERT INTO runs VALUES ('old', NULL, ?, ?, 'completed', 3, 2, 1, 0, NULL)", [at, at])
    warehouse.prepare()
    assert rows(warehouse, "SELECT run_id, files_unchanged, files_outside_window FROM runs") == [
        ("old", 0, 0)
    ]
    old = recorded_run(warehouse, "old")
    assert old is not None and old.reconciliation.text() == "3 seen = 2 loaded + 1 rejected: ok"

    warehouse.record_run(RunRecord(
        run_id="new", warehouse=str(warehouse.root), started_at=at, finished_at=at, files_seen=830,
        articles_loaded=10, files_unchanged=816, files_outside_window=4,
    ))  # fmt: skip
    new = recorded_run(warehouse, "new")
    assert new is not None
    assert (new.files_unchanged, new.files_outside_window, new.reconciliation.ok) == (816, 4, True)


def _published_run(warehouse: Warehouse, run_id: str, *, failed: int):
    import datetime as dt

    from schemas import ExpectationOutcome, RunRecord

    at = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    outcomes = [
        ExpectationOutcome("articles", "expect_table_row_count_to_be_between", "critical", True, 0, "13 rows"),
        ExpectationOutcome("quotes", "expect_column_values_to_not_be_null(quote_id)", "warning", not failed, failed, None),
    ]  # fmt: skip
    return RunRecord(run_id=run_id, warehouse=str(warehouse.root), started_at=at, finished_at=at,
                     files_seen=13, articles_loaded=13, outcomes=outcomes)  # fmt: skip


def test_publishing_a_run_again_replaces_its_rows_instead_of_adding_them(tmp_path):
    """Prefect retries ``publish`` after a partial success: the run keeps one ``runs`` row and
    one set of ``dq_results`` rows, the last attempt's."""
    warehouse = Warehouse(tmp_path / "w")
    warehouse.prepare()
    warehouse.record_run(_published_run(warehouse, "other", failed=0))
    warehouse.record_run(_published_run(warehouse, "run-1", failed=0))
    warehouse.record_run(_published_run(warehouse, "run-1", failed=2))

    assert rows(warehouse, "SELECT run_id, count(*) FROM runs GROUP BY 1 ORDER BY 1") == [
        ("other", 1),
        ("run-1", 1),
    ]
    assert rows(
        warehouse, "SELECT run_id, table_name, success, unexpected_count FROM dq_results ORDER BY 1, 2"
    ) == [
        ("other", "articles", True, 0),
        ("other", "quotes", True, 0),
        ("run-1", "articles", True, 0),
        ("run-1", "quotes", False, 2),
    ]


def test_a_saved_run_replayed_after_its_rows_were_written_is_not_doubled(tmp_path):
    """A publish whose first attempt found the database held saved the run in ``_failed_runs``;
    its retry wrote the rows: the saved file goes, and a replay of a saved run already in ``runs``
    (a crash between writing and removing it) replaces its rows."""
    warehouse = Warehouse(tmp_path / "w")
    warehouse.prepare()
    record = _published_run(warehouse, "run-1", failed=1)
    warehouse.save_unrecorded_run(record)
    warehouse.record_run(record)  # the retry
    assert not list(warehouse.failed_runs_dir.glob("*.json"))

    warehouse.save_unrecorded_run(record)  # as if the process died before removing it
    with contextlib.closing(warehouse.connect()) as con:
        con.execute("UPDATE runs SET articles_loaded = 0")  # the replay must write the saved record
    warehouse.prepare()
    assert rows(warehouse, "SELECT run_id, articles_loaded FROM runs") == [("run-1", 13)]
    assert rows(warehouse, "SELECT count(*) FROM dq_results WHERE run_id = 'run-1'") == [(2,)]
    assert not list(warehouse.failed_runs_dir.glob("*.json"))


def test_a_saved_run_keeps_its_rejects_by_reason_when_replayed(tmp_path):
    """A run saved in ``_failed_runs`` (the database was held) writes its ``run_rejects`` rows
    when the next writer replays it, as its own publish would have."""
    warehouse = Warehouse(tmp_path / "w")
    warehouse.prepare()
    record = _published_run(warehouse, "run-1", failed=0)
    record.add_rejects(["empty", "empty", "no_body"])
    warehouse.save_unrecorded_run(record)
    warehouse.prepare()
    assert rows(warehouse, "SELECT run_id, reason, files FROM run_rejects ORDER BY ALL") == [
        ("run-1", "empty", 2),
        ("run-1", "no_body", 1),
    ]
    assert rows(warehouse, "SELECT files_rejected FROM runs") == [(3,)]
