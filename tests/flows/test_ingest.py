"""The ingest flow, run for real under the session's Prefect test harness."""

from __future__ import annotations

import contextlib
import datetime as dt
from pathlib import Path

import duckdb
import pytest

from flows.ingest import ingest
from load.warehouse import Warehouse
from tests.helpers import table_rows

pytestmark = pytest.mark.usefixtures("prefect_harness")

SAMPLE_ARTICLES = 13  # data/sample: 13 articles and one header-only draft
# 72: 2022/03/006_orchestra.txt repeats its whole lead as its first body line, the lead once
SAMPLE_PARAGRAPHS = 72


def counts(warehouse_dir):
    with contextlib.closing(Warehouse(warehouse_dir).connect(read_only=True)) as con:
        return con.execute(
            "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM paragraphs), (SELECT count(*) FROM rejects)"
        ).fetchone()


def test_sample_run_loads_every_article_and_accounts_for_every_file(tmp_path):
    summary = ingest(warehouse=str(tmp_path / "w"), batch_files=4)
    assert summary.status == "completed"
    assert summary.files_seen == 14
    assert summary.articles_loaded == SAMPLE_ARTICLES
    assert dict(summary.rejected) == {"no_body": 1}
    assert summary.reconciles
    assert dict(summary.files_skipped) == {".md": 1}
    assert counts(tmp_path / "w") == (SAMPLE_ARTICLES, SAMPLE_PARAGRAPHS, 1)
    assert not (tmp_path / "w" / "_staging").exists()


def test_rerun_skips_unchanged_files_and_full_refresh_reloads_the_same_rows(tmp_path):
    ingest(warehouse=str(tmp_path / "w"))
    first = counts(tmp_path / "w")
    rows = table_rows(tmp_path / "w")
    rerun = ingest(warehouse=str(tmp_path / "w"), batch_files=3)
    assert (rerun.files_unchanged, rerun.articles_loaded, rerun.files_rejected) == (14, 0, 0)
    assert rerun.reconciles
    assert counts(tmp_path / "w") == first
    refresh = ingest(warehouse=str(tmp_path / "w"), full_refresh=True)
    assert refresh.articles_replaced == SAMPLE_ARTICLES and refresh.files_changed == 14
    assert counts(tmp_path / "w") == first
    assert table_rows(tmp_path / "w") == rows
    glob = str(tmp_path / "w" / "parquet" / "articles" / "**" / "*.parquet")
    parquet = duckdb.sql(f"SELECT count(*) FROM read_parquet('{glob}', hive_partitioning=true)").fetchall()  # noqa: S608  the path is the test's own tmp_path glob, no outside input
    assert parquet == [(SAMPLE_ARTICLES,)]


def test_a_second_run_on_a_busy_warehouse_fails_clearly(tmp_path):
    from load.warehouse import WarehouseBusy

    with Warehouse(tmp_path / "w").exclusive(), pytest.raises(WarehouseBusy, match="--lock-timeout"):
        ingest(warehouse=str(tmp_path / "w"), lock_timeout=1.0)
    saved = list((tmp_path / "w" / "_failed_runs").glob("*.json"))
    assert len(saved) == 1  # the next run that gets the lock records it in runs


def _article(path, url, title, *paragraphs, date="2022-02-16"):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f" date {date} {url}\n{title}\n" + "\n".join(paragraphs) + "\n", encoding="utf-8")


def test_incremental_runs_parse_only_new_and_changed_files(tmp_path):
    import os

    src = tmp_path / "src"
    for n in range(3):
        _article(src / f"{n}.txt", f"https://example.com/{n}", f"Story {n}", f"Body of story {n}.",
                 f'"We will decide on story {n} on Monday," the mayor, Ann Tiller, said.')  # fmt: skip
    w = str(tmp_path / "w")
    first = ingest(sources=[str(src)], warehouse=w)
    assert (first.files_new, first.articles_loaded) == (3, 3)

    _article(src / "3.txt", "https://example.com/3", "Story 3", "Body of story 3.")
    added = ingest(sources=[str(src)], warehouse=w)
    assert (added.files_new, added.files_changed, added.files_unchanged, added.articles_loaded) == (
        1,
        0,
        3,
        1,
    )

    _article(src / "1.txt", "https://example.com/1", "Story 1, corrected", "A new first paragraph.",
             "A second paragraph.", "A third paragraph.")  # fmt: skip
    os.utime(src / "1.txt", (1_700_000_000, 1_700_000_000))  # a new mtime, whatever the clock says
    changed = ingest(sources=[str(src)], warehouse=w)
    assert (changed.files_new, changed.files_changed, changed.files_unchanged) == (0, 1, 3)
    assert changed.articles_replaced == 1
    with contextlib.closing(Warehouse(w).connect(read_only=True)) as con:
        story = con.execute(
            "SELECT title, paragraph_count, quote_count FROM articles WHERE url LIKE '%/1'"
        ).fetchone()
        orphans = con.execute(
            "SELECT (SELECT count(*) FROM paragraphs WHERE article_id NOT IN (SELECT article_id FROM articles)),"
            " (SELECT count(*) FROM quotes WHERE article_id NOT IN (SELECT article_id FROM articles))"
        ).fetchone()
        paragraphs = con.execute(
            "SELECT count(*) FROM paragraphs JOIN articles USING (article_id) WHERE url LIKE '%/1'"
        ).fetchone()
        ledger = con.execute(
            "SELECT count(*), count(*) FILTER (status = 'loaded') FROM source_files"
        ).fetchone()
    assert story == ("Story 1, corrected", 3, 0)
    assert paragraphs == (3,) and orphans == (0, 0)
    assert ledger == (4, 4)

    touched = ingest(sources=[str(src)], warehouse=w)  # same bytes, new mtime: read, not parsed
    os.utime(src / "2.txt", (1_700_000_500, 1_700_000_500))
    touched = ingest(sources=[str(src)], warehouse=w)
    assert (touched.files_changed, touched.files_unchanged, touched.articles_loaded) == (0, 4, 0)


def test_since_until_backfills_only_that_window(tmp_path):
    src = tmp_path / "src"
    _article(src / "jan.txt", "https://example.com/jan", "January", "Snow fell.", date="2022-01-20")
    _article(src / "feb.txt", "https://example.com/feb", "February", "Ice formed.", date="2022-02-10")
    _article(src / "mar.txt", "https://example.com/mar", "March", "Snow melted.", date="2022-03-05")
    (src / "undated.txt").write_text("Undated\nSome time, somewhere.\n", encoding="utf-8")
    w = str(tmp_path / "w")
    window = ingest(sources=[str(src)], warehouse=w, since=dt.date(2022, 2, 1), until=dt.date(2022, 2, 28))
    assert (window.articles_loaded, window.files_outside_window) == (1, 3)
    assert window.reconciles
    with contextlib.closing(Warehouse(w).connect(read_only=True)) as con:
        assert con.execute("SELECT title FROM articles").fetchall() == [("February",)]
        assert con.execute("SELECT count(*) FROM source_files").fetchone() == (1,)
    rest = ingest(sources=[str(src)], warehouse=w)  # the others were left for a later run
    assert (rest.articles_loaded, rest.files_unchanged) == (3, 1)


def test_the_run_summary_is_published_as_prefect_artifacts(tmp_path):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    summary = ingest(warehouse=str(tmp_path / "w"))
    with get_client(sync_client=True) as client:
        artifacts = client.read_artifacts(
            artifact_filter=ArtifactFilter(
                key=ArtifactFilterKey(any_=["news-etl-run-report", "news-etl-quality-checks"])
            )
        )
    mine = {
        a.key: a for a in artifacts if a.description and a.description.startswith(f"run {summary.run_id}:")
    }
    assert set(mine) == {"news-etl-run-report", "news-etl-quality-checks"}
    assert summary.run_id in str(mine["news-etl-run-report"].data)
    assert "articles" in str(mine["news-etl-quality-checks"].data)


def test_end_of_run_check_fails_a_run_that_changed_rows_and_skips_one_that_changed_none(tmp_path):
    from flows.ingest import WarehouseInconsistent

    src = tmp_path / "src"
    for n in range(2):
        _article(
            src / f"{n}.txt", f"https://example.com/{n}", f"Story {n}", f"First of {n}.", f"Second of {n}."
        )
    w = tmp_path / "w"
    assert ingest(sources=[str(src)], warehouse=str(w)).status == "completed"
    with contextlib.closing(Warehouse(w).connect()) as con:  # break an article the next runs do not touch
        con.execute(
            "DELETE FROM paragraphs WHERE paragraph_index = 0 AND article_id = (SELECT min(article_id) FROM articles)"
        )
    unchanged = ingest(sources=[str(src)], warehouse=str(w))
    assert unchanged.status == "completed" and unchanged.files_unchanged == 2  # nothing new: not checked
    _article(src / "2.txt", "https://example.com/2", "Story 2", "First of 2.")
    with pytest.raises(WarehouseInconsistent, match="paragraph"):
        ingest(sources=[str(src)], warehouse=str(w))


def test_an_incremental_rerun_reconciles_alike_in_terminal_report_and_record(tmp_path):
    """The second run finds every file unchanged: the terminal, its HTML report and the report
    rebuilt from ``runs`` must all say ``ok`` with the same parts (they once disagreed)."""
    import re
    from collections import Counter

    from flows.runs import recorded_run
    from reporting.html import headline, report_table
    from reporting.summary import summary_lines

    src = tmp_path / "src"
    for n in range(3):
        _article(src / f"{n}.txt", f"https://example.com/{n}", f"Story {n}", f"Body of story {n}.")
    (src / "draft.txt").write_text(" date 2022-02-16 https://example.com/draft\nDraft\n", encoding="utf-8")
    w = str(tmp_path / "w")
    first = ingest(sources=[str(src)], warehouse=w)
    assert (first.files_seen, first.articles_loaded, first.files_rejected) == (4, 3, 1)
    rerun = ingest(sources=[str(src)], warehouse=w)
    assert (rerun.files_seen, rerun.files_unchanged, rerun.articles_loaded, rerun.files_rejected) == (
        4,
        4,
        0,
        0,
    )

    terminal = next(line for line in summary_lines(rerun) if line.startswith("reconciliation"))
    assert terminal.split(None, 1)[1] == "4 seen = 0 loaded + 0 rejected + 4 unchanged: ok"
    assert rerun.report is not None
    page = Path(rerun.report).read_text(encoding="utf-8")
    recon = re.search(r'<p class="recon (\w+)" id="reconciliation">Reconciliation: ([^<]*)</p>', page)
    assert recon is not None and recon.groups() == ("ok", "4 seen = 0 loaded + 0 rejected + 4 unchanged: ok")

    recorded = recorded_run(Warehouse(w), rerun.run_id)
    assert recorded is not None
    assert recorded.reconciliation == rerun.reconciliation and recorded.reconciliation.ok
    assert "reconciliation 4 seen = 0 loaded + 0 rejected + 4 unchanged: ok" in headline(recorded)
    # the record read back is the run's record for all that the warehouse keeps of it
    assert recorded.runs_row() == rerun.runs_row()
    assert (recorded.rejected, recorded.files_kept, recorded.kept) == (
        rerun.rejected,
        rerun.files_kept,
        rerun.kept,
    )
    assert Counter(recorded.outcomes) == Counter(rerun.outcomes) and recorded.report == rerun.report
    assert headline(recorded) == headline(rerun) and report_table(recorded) == report_table(rerun)
    # the first run too: its rejected file is counted alike by the terminal, the page and the record
    first_recorded = recorded_run(Warehouse(w), first.run_id)
    assert first_recorded is not None and first_recorded.runs_row() == first.runs_row()
    assert first_recorded.rejected == first.rejected == {"no_body": 1}
    assert headline(first_recorded) == headline(first)
