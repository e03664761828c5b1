"""The warehouse's Great Expectations project: it keeps the last N runs' results and Data Docs
pages, a run writes only its own pages and the index, and the suites in it are the packaged ones."""

from __future__ import annotations

import contextlib
import inspect
import json
import logging
import os
from pathlib import Path

import pyarrow as pa
import pytest

import quality.gx as gx_module
from quality.docs import KEEP_VALIDATION_RUNS, data_docs_index, data_docs_run_name
from quality.suites import SUITE_TABLES, expectation_parameters, packaged_suite
from schemas import tables
from schemas.validation import UNIQUE_KEYS, LoadChecks
from tests.quality.helpers import edited_suites, expectation

OLD = 946_684_800  # 2000-01-01: older than anything a run writes


def store_run(root: Path, run_id: str, keep: int) -> None:
    """What the load does at the end of a run (no batches: nothing but the load's own checks;
    then the speakers suite, on no rows: the run touched no speaker)."""
    repeated = {
        t: pa.table({k: pa.array([], pa.string()) for k in ("_row", *keys)})
        for t, keys in UNIQUE_KEYS.items()
    }
    checks = LoadChecks(rows={"articles": 1, "paragraphs": 0, "quotes": 0}, repeated=repeated, rejects=[])
    gx_module.validate(root, {}, checks, expectation_parameters([]), run_id, keep)
    speakers = tables.SPEAKERS.empty_table()
    gx_module.validate_derived(root, "speakers", speakers, expectation_parameters([]), run_id, keep)


def run_ids(n: int) -> list[str]:
    return [f"2026010{i}T000000Z-000{i}" for i in range(1, n + 1)]


def stored_results(root: Path) -> dict[str, set[str]]:
    """The validation store's results by run name: the suites each run has a result for
    (``validations/<suite>/<run name>/<run time>/<batch>.json``)."""
    runs: dict[str, set[str]] = {}
    for path in (root / "gx" / "uncommitted" / "validations").rglob("*.json"):
        suite, run = path.relative_to(root / "gx" / "uncommitted" / "validations").parts[:2]
        runs.setdefault(run, set()).add(suite)
    return runs


def docs_pages(root: Path) -> dict[str, set[str]]:
    """Data Docs' validation pages by run name, laid out as the store is."""
    site = data_docs_index(root).parent / "validations"
    runs: dict[str, set[str]] = {}
    for path in site.rglob("*.html"):
        suite, run = path.relative_to(site).parts[:2]
        runs.setdefault(run, set()).add(suite)
    return runs


def test_with_keep_3_after_5_runs_the_store_and_data_docs_hold_exactly_the_last_3(tmp_path):
    ids = run_ids(5)
    for run_id in ids:
        store_run(tmp_path, run_id, keep=3)
    kept = {data_docs_run_name(r): set(SUITE_TABLES) for r in ids[-3:]}
    assert stored_results(tmp_path) == kept
    assert docs_pages(tmp_path) == kept
    index = data_docs_index(tmp_path).read_text(encoding="utf-8")
    for run_id in ids[-3:]:
        assert data_docs_run_name(run_id) in index
    for run_id in ids[:2]:  # the pruned runs' links left the index with their pages
        assert data_docs_run_name(run_id) not in index
    # no empty folders of pruned runs are left behind either
    for tree in (
        tmp_path / "gx" / "uncommitted" / "validations",
        data_docs_index(tmp_path).parent / "validations",
    ):
        assert all(any(d.iterdir()) for d in tree.rglob("*") if d.is_dir())


def test_a_run_rewrites_only_its_own_pages_and_the_index(tmp_path):
    for run_id in run_ids(3):
        store_run(tmp_path, run_id, keep=30)
    gx_dir = tmp_path / "gx"
    files = [p for p in gx_dir.rglob("*") if p.is_file()]
    for path in files:
        os.utime(path, (OLD, OLD))
    store_run(tmp_path, "20260104T000000Z-0004", keep=30)
    site = data_docs_index(tmp_path).parent
    written = {str(p.relative_to(site)) for p in site.rglob("*") if p.is_file() and p.stat().st_mtime > OLD}
    new = {"index.html"} | {
        str(p.relative_to(site))
        for p in (site / "validations").rglob("*.html")
        if data_docs_run_name("20260104T000000Z-0004") in p.parts
    }
    assert len(new) == 1 + len(SUITE_TABLES)
    # GX copies its own static assets (fonts, CSS, images: a fixed set) on every build, as its
    # UpdateDataDocsAction does; the rendered pages are what grows with the history
    static = {p for p in written if p.startswith("static/")}
    assert written - static == new
    assert static == {str(p.relative_to(site)) for p in (site / "static").rglob("*") if p.is_file()}
    # and the suites were not written again: they had not changed
    assert all(p.stat().st_mtime == OLD for p in (gx_dir / "expectations").glob("*.json"))


def test_the_warehouse_holds_no_checkpoint_and_its_suites_are_the_packaged_ones(tmp_path, caplog):
    store_run(tmp_path, "20260101T000000Z-0001", keep=30)
    gx_dir = tmp_path / "gx"
    assert not list(gx_dir.glob("checkpoints/*.json")) and not list(
        gx_dir.glob("validation_definitions/*.json")
    )
    copy = gx_dir / "expectations" / "articles.json"
    stored = json.loads(copy.read_text(encoding="utf-8"))
    assert [e["severity"] for e in stored["expectations"]] == [
        e["severity"] for e in packaged_suite("articles")["expectations"]
    ]
    # a user edits the copy: the next run says so, and puts the packaged suite back
    (url,) = [e for e in stored["expectations"] if e["meta"]["name"] == "articles.url_is_http"]
    url["kwargs"]["regex"] = ".*"
    copy.write_text(json.dumps(stored), encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="quality.docs"):
        store_run(tmp_path, "20260102T000000Z-0002", keep=30)
    assert any(str(copy) in r.getMessage() and "make suites" in r.getMessage() for r in caplog.records)
    restored = json.loads(copy.read_text(encoding="utf-8"))["expectations"]
    packaged = packaged_suite("articles")["expectations"]
    assert [e["kwargs"] for e in restored] == [e["kwargs"] for e in packaged]


def test_retention_below_one_run_is_refused(tmp_path):
    with pytest.raises(ValueError, match="keep_validations must be 1 or more"):
        store_run(tmp_path, "20260101T000000Z-0001", keep=0)


def test_the_cli_and_the_flow_default_to_the_same_retention():
    from flows.ingest import ingest
    from news_etl.cli import run

    assert inspect.signature(ingest.fn).parameters["keep_validations"].default == KEEP_VALIDATION_RUNS
    assert inspect.signature(run).parameters["keep_validations"].default == KEEP_VALIDATION_RUNS


@pytest.mark.usefixtures("prefect_harness")
def test_news_etl_run_keep_validations_reaches_the_store(tmp_path):
    """`news-etl run --keep-validations 1`, twice: only the second run's results and pages stay."""
    from typer.testing import CliRunner

    from load.warehouse import Warehouse
    from news_etl.cli import app

    w = tmp_path / "w"
    for extra in ([], ["--full-refresh"]):
        result = CliRunner().invoke(
            app, ["run", "-w", str(w), "--workers", "1", "--keep-validations", "1", *extra]
        )
        assert result.exit_code == 0, result.output
    with contextlib.closing(Warehouse(w).connect(read_only=True)) as con:
        runs = [r[0] for r in con.execute("SELECT run_id FROM runs ORDER BY started_at").fetchall()]
    assert len(runs) == 2
    kept = {data_docs_run_name(runs[1]): set(SUITE_TABLES)}
    assert stored_results(w) == kept and docs_pages(w) == kept


def test_a_warehouse_from_before_loses_the_checkpoint_nobody_ran(tmp_path):
    """Earlier versions stored a checkpoint and validation definitions in ``<warehouse>/gx`` that
    no run used; a user could only be misled by them."""
    import great_expectations as gx

    context = gx.get_context(mode="file", project_root_dir=str(tmp_path))
    source = context.data_sources.add_pandas("news_etl")
    definitions = []
    for table in SUITE_TABLES:
        batch = source.add_dataframe_asset(table).add_batch_definition_whole_dataframe("run")
        suite = context.suites.add(gx.ExpectationSuite(name=table))
        definitions.append(
            context.validation_definitions.add(gx.ValidationDefinition(name=table, data=batch, suite=suite))
        )
    context.checkpoints.add(gx.Checkpoint(name="news_etl_run", validation_definitions=definitions))
    gx_dir = tmp_path / "gx"
    assert list(gx_dir.glob("checkpoints/*.json")) and list(gx_dir.glob("validation_definitions/*.json"))
    store_run(tmp_path, "20260101T000000Z-0001", keep=30)
    assert not list(gx_dir.glob("checkpoints/*.json")) and not list(
        gx_dir.glob("validation_definitions/*.json")
    )
    assert stored_results(tmp_path) == {data_docs_run_name("20260101T000000Z-0001"): set(SUITE_TABLES)}
    # nor the data source those definitions read, whose entry stayed in great_expectations.yml
    config = (gx_dir / "great_expectations.yml").read_text(encoding="utf-8")
    assert "news_etl" not in config and "fluent_datasources" not in config


def result_files(root: Path) -> dict[tuple[str, str], int]:
    """How many results the store holds of each (suite, run name): one, whatever the retries."""
    counts: dict[tuple[str, str], int] = {}
    for path in (root / "gx" / "uncommitted" / "validations").rglob("*.json"):
        suite, run = path.relative_to(root / "gx" / "uncommitted" / "validations").parts[:2]
        counts[suite, run] = counts.get((suite, run), 0) + 1
    return counts


def test_a_retried_load_stores_its_run_once_and_retention_counts_it_once(tmp_path):
    """The load task retries on I/O errors, after the results were stored: the retry must
    overwrite the run's results, not add a run that pushes a genuine one out."""
    ids = run_ids(3)
    for run_id in ids[:2]:
        store_run(tmp_path, run_id, keep=3)
    store_run(tmp_path, ids[2], keep=3)
    store_run(tmp_path, ids[2], keep=3)  # the retry
    kept = {data_docs_run_name(r): set(SUITE_TABLES) for r in ids}
    assert stored_results(tmp_path) == kept and docs_pages(tmp_path) == kept
    assert set(result_files(tmp_path).values()) == {1}
    assert all(
        len(list(p.iterdir())) == 1 for p in (data_docs_index(tmp_path).parent / "validations").glob("*/*")
    )
    index = data_docs_index(tmp_path).read_text(encoding="utf-8")
    assert index.count(data_docs_run_name(ids[2])) == index.count(data_docs_run_name(ids[0])) > 0


def test_the_batches_validate_under_the_run_identifier_the_load_stores(monkeypatch):
    """One identifier per run, whichever process makes it: its time is the run's start."""
    import datetime as dt

    from quality.docs import run_identifier

    run = run_identifier("20260102T030405Z-1a2b")
    assert run.run_name == data_docs_run_name("20260102T030405Z-1a2b")
    assert run.run_time == dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
    assert run_identifier("not-a-run-id") == run_identifier("not-a-run-id")  # no clock in it
    seen = []
    original = gx_module.runner().checkpoint

    class Spy:
        def __init__(self, checkpoint):
            self.checkpoint = checkpoint

        def run(self, **kwargs):
            seen.append(kwargs["run_id"])
            return self.checkpoint.run(**kwargs)

    monkeypatch.setattr(gx_module.runner(), "checkpoint", lambda *a: Spy(original(*a)))
    table = pa.table({"_row": pa.array([0], pa.int64()), "quote_id": pa.array(["q"])})
    gx_module.runner().run("quotes", [], table.to_pandas(), {}, "20260102T030405Z-1a2b")
    assert seen == [run]


def test_retention_counts_a_run_stored_twice_by_an_earlier_version_once(tmp_path):
    """A warehouse written before the run's identifier was fixed may hold a retried run twice
    (two run times under one run name): it is one run, and only its latest results stay."""
    import shutil

    ids = run_ids(4)
    for run_id in ids[:3]:
        store_run(tmp_path, run_id, keep=30)
    validations = tmp_path / "gx" / "uncommitted" / "validations"
    for tree in (validations, data_docs_index(tmp_path).parent / "validations"):
        for suite in SUITE_TABLES:  # the retry, 5 minutes on: its results, and their pages
            (stored,) = (tree / suite / data_docs_run_name(ids[2])).iterdir()
            shutil.copytree(stored, stored.with_name("20260103T000500.000000Z"))
    assert set(result_files(tmp_path).values()) == {1, 2}
    store_run(tmp_path, ids[3], keep=3)
    kept = {data_docs_run_name(r): set(SUITE_TABLES) for r in ids[1:]}
    assert stored_results(tmp_path) == kept and docs_pages(tmp_path) == kept
    assert set(result_files(tmp_path).values()) == {1}
    assert all(
        [p.name for p in (validations / suite / data_docs_run_name(ids[2])).iterdir()]
        == ["20260103T000500.000000Z"]
        for suite in SUITE_TABLES
    )


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(
            lambda path: path.write_text('{"name":"articles","expectations":[', encoding="utf-8"),
            id="truncated",
        ),
        pytest.param(
            lambda path: path.write_text(
                json.dumps(
                    {
                        **json.loads(path.read_text(encoding="utf-8")),
                        "expectations": [{"type": "expect_nothing_gx_knows", "kwargs": {}}],
                    }
                ),
                encoding="utf-8",
            ),
            id="unknown-expectation-type",
        ),
    ],
)
def test_a_damaged_suite_copy_is_replaced_not_fatal(tmp_path, caplog, damage):
    store_run(tmp_path, "20260101T000000Z-0001", keep=30)
    copy = tmp_path / "gx" / "expectations" / "articles.json"
    damage(copy)
    with caplog.at_level(logging.WARNING, logger="quality.docs"):
        store_run(tmp_path, "20260102T000000Z-0002", keep=30)
        store_run(tmp_path, "20260103T000000Z-0003", keep=30)  # and every run after it
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and str(copy) in warnings[0]
    restored = json.loads(copy.read_text(encoding="utf-8"))
    assert restored["expectations"] == packaged_suite("articles")["expectations"]
    assert len(stored_results(tmp_path)) == 3
    assert not [p for p in copy.parent.iterdir() if p.name.endswith(".tmp")]


def _loosen_urls(table: str, suite: dict) -> None:
    if table == "articles":
        expectation(suite, "articles.url_is_http")["kwargs"]["regex"] = ".*"


def test_a_changed_package_replaces_the_copy_without_blaming_an_edit(tmp_path, caplog, monkeypatch):
    """``make suites`` (or an upgrade) changed a suite: the copy nobody edited is replaced
    quietly; one edited after it was written still gets the warning."""
    store_run(tmp_path, "20260101T000000Z-0001", keep=30)
    edited_suites(tmp_path / "package", monkeypatch, _loosen_urls)
    copy = tmp_path / "gx" / "expectations" / "articles.json"
    with caplog.at_level(logging.INFO, logger="quality.docs"):
        store_run(tmp_path, "20260102T000000Z-0002", keep=30)
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert any(str(copy) in r.getMessage() for r in caplog.records)  # said, at INFO
    stored = json.loads(copy.read_text(encoding="utf-8"))
    assert expectation(stored, "articles.url_is_http")["kwargs"]["regex"] == ".*"
    caplog.clear()
    expectation(stored, "articles.url_is_http")["kwargs"]["regex"] = "^x"  # now a real edit
    copy.write_text(json.dumps(stored), encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="quality.docs"):
        store_run(tmp_path, "20260103T000000Z-0003", keep=30)
    (warning,) = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert str(copy) in warning and "make suites" in warning


def test_a_copy_written_by_an_earlier_version_is_replaced_without_a_warning(tmp_path, caplog, monkeypatch):
    """An upgrade: the copies were written before digests were recorded, by GX (with ids and
    its version stamp), and the suites changed since: nobody edited them, nothing to warn of."""
    import great_expectations as gx

    context = gx.get_context(mode="file", project_root_dir=str(tmp_path))
    for table in SUITE_TABLES:
        context.suites.add(gx.ExpectationSuite(**json.loads(json.dumps(packaged_suite(table)))))
    edited_suites(tmp_path / "package", monkeypatch, _loosen_urls)
    with caplog.at_level(logging.WARNING, logger="quality.docs"):
        store_run(tmp_path, "20260101T000000Z-0001", keep=30)
    assert not caplog.records
    stored = json.loads((tmp_path / "gx" / "expectations" / "articles.json").read_text(encoding="utf-8"))
    assert expectation(stored, "articles.url_is_http")["kwargs"]["regex"] == ".*"


@pytest.mark.usefixtures("prefect_harness")
def test_the_flow_refuses_a_retention_below_one_before_reading_anything(tmp_path):
    from flows.ingest import ingest

    warehouse = tmp_path / "w"
    with pytest.raises(ValueError, match="keep_validations must be 1 or more, not 0"):
        ingest(warehouse=str(warehouse), workers=1, keep_validations=0)
    assert not warehouse.exists()  # no lock taken, no staging, no file parsed


def test_retention_orders_runs_by_their_start_not_by_when_they_were_stored(tmp_path):
    """Earlier versions stored a run's results under the time they were stored, which can be
    later than the start of a run this version stores after the upgrade: the oldest run (by
    its id) is still the one pruned."""
    ids = run_ids(4)
    store_run(tmp_path, ids[0], keep=30)
    validations = tmp_path / "gx" / "uncommitted" / "validations"
    for suite in SUITE_TABLES:  # as an earlier version stored it: at the time, months on
        (stored,) = (validations / suite / data_docs_run_name(ids[0])).iterdir()
        stored.rename(stored.with_name("20261129T004222.512942Z"))
    for run_id in ids[1:]:
        store_run(tmp_path, run_id, keep=3)
    assert stored_results(tmp_path) == {data_docs_run_name(r): set(SUITE_TABLES) for r in ids[1:]}
