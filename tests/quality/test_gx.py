"""The Great Expectations adapter: batches summed per expectation, repeated keys, no input value in stored
results, run names Data Docs can render, and Data Docs in a real browser."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa
import pytest

import quality.gx as gx_module
from flows.ingest import ingest
from quality.suites import expectation_parameters
from schemas.validation import UNIQUE_KEYS, ExpectationTally, LoadChecks, merge_tallies
from tests.helpers import decode_png, run_chromium

BAD_URL = "http://.<img/src=x/onerror=alert(1)>"


def test_row_count_and_mostly_checks_are_decided_on_all_batches_together(tmp_path):
    def quotes(rows: range, speakers: list[str | None]) -> pa.Table:
        return pa.table({"_row": list(rows), "kind": ["direct"] * len(rows), "speaker": speakers})

    # 2 of 4 direct quotes name a speaker: 0.5 overall, though one batch alone has 0.0
    checked: dict[str, ExpectationTally] = {}
    for frame in (quotes(range(2), ["Doe", "Roe"]), quotes(range(2), [None, None])):
        tallies, _ = gx_module.validate_rows({"quotes": frame}, expectation_parameters([]))
        merge_tallies(checked, tallies)
    repeated = {
        t: pa.table({k: pa.array([], pa.string()) for k in ("_row", *keys)})
        for t, keys in UNIQUE_KEYS.items()
    }
    checks = LoadChecks(rows={"articles": 6, "paragraphs": 0, "quotes": 4}, repeated=repeated, rejects=[])
    parameters = expectation_parameters([]) | {"min_articles": 5, "max_articles": 6}
    result = gx_module.validate(tmp_path, checked, checks, parameters, "batches")
    outcome = {(o.table_name, o.expectation): o for o in result.outcomes}
    count = outcome["articles", "row_count_within_recent_band"]
    assert count.success and count.observed_value == "6"
    speakers = outcome["quotes", "direct_quotes_have_speakers"]
    assert speakers.success and speakers.unexpected_count == 2
    parameters |= {"min_articles": 7, "max_articles": 100}
    result = gx_module.validate(tmp_path, checked, checks, parameters, "batches")
    assert not {(o.table_name, o.expectation): o for o in result.outcomes}[
        "articles", "row_count_within_recent_band"
    ].success


def test_a_repeated_key_fails_its_uniqueness_check_for_the_runs_rows_only(tmp_path):
    """The load hands over the rows whose key repeats; the warehouse's (row number below 0) make
    the check fail but are not this run's to hold back."""
    repeated = {
        t: pa.table({k: pa.array([], pa.string()) for k in ("_row", *keys)})
        for t, keys in UNIQUE_KEYS.items()
    }
    # "a" twice in the run, "b" once in the run and once in the warehouse
    repeated["articles"] = pa.table({"_row": [0, 1, 2, -1], "article_id": ["a", "a", "b", "b"]})
    checks = LoadChecks(rows={"articles": 10, "paragraphs": 0, "quotes": 0}, repeated=repeated, rejects=[])
    result = gx_module.validate(tmp_path, {}, checks, expectation_parameters([]), "repeated")
    unique = {(o.table_name, o.expectation): o for o in result.outcomes}["articles", "article_id_unique"]
    assert not unique.success and unique.unexpected_count == 3
    assert result.failing_rows == {("articles", row): ["article_id_unique"] for row in (0, 1, 2)}


@pytest.mark.usefixtures("prefect_harness")
def test_data_docs_render_in_headless_chromium(tmp_path, chromium):
    summary = ingest(warehouse=str(tmp_path / "w"))
    index = tmp_path / "w" / "gx" / "uncommitted" / "data_docs" / "local_site" / "index.html"
    assert index.is_file()
    dom = run_chromium(tmp_path, "--dump-dom", index.as_uri())
    assert dom.returncode == 0, dom.stderr[-2000:]
    for suite in ("articles", "paragraphs", "quotes", "rejects"):
        assert suite in dom.stdout
    shot = tmp_path / "docs.png"
    run_chromium(tmp_path, f"--screenshot={shot}", "--window-size=1280,1000", index.as_uri())
    width, height, rows = decode_png(shot.read_bytes())
    assert (width, height) == (1280, 1000)
    colours = {row[i : i + 3] for row in rows[::8] for i in range(0, len(row), 24)}
    assert len(colours) > 16, "the Data Docs page rendered blank"
    assert summary.status == "completed"


def test_results_keep_row_numbers_but_no_values():
    """Data Docs render stored values as live HTML: the result format keeps them out, and the
    quarantine reads the failing rows from their numbers alone, in either shape GX gives them."""
    assert gx_module.RESULT_FORMAT["exclude_unexpected_values"] is True
    assert gx_module.RESULT_FORMAT["partial_unexpected_count"] == 0
    assert gx_module.RESULT_FORMAT["unexpected_index_column_names"] == ["_row"]
    rows = gx_module.failing_row_numbers
    assert rows({"unexpected_index_list": [{"_row": [3, 7]}]}) == [3, 7]
    assert rows({"unexpected_index_list": [{"_row": 3}, {"_row": 7}]}) == [3, 7]
    assert rows({}) == []


def test_data_docs_run_names_do_not_parse_as_dates():
    """GX parses a run name as a date when it can; our run ids parse into an invalid time zone."""
    from dateutil.parser import ParserError, parse

    with pytest.raises(ParserError):
        parse(gx_module.data_docs_run_name("20260101T000000Z-1234"))


def no_repeats(rows: dict[str, int], **dropped: dict[str, int]) -> LoadChecks:
    repeated = {
        t: pa.table({k: pa.array([], pa.string()) for k in ("_row", *keys)})
        for t, keys in UNIQUE_KEYS.items()
    }
    return LoadChecks(rows=rows, repeated=repeated, rejects=[], **dropped)


def test_a_dropped_copy_without_a_conditions_rows_leaves_that_checks_elements_alone(tmp_path):
    """``direct_quotes_have_speakers`` counts direct quotes; a dropped duplicate whose quotes are
    all indirect stages a count for the table only, which is not the check's to take out."""
    frame = pa.table(
        {
            "_row": list(range(6)),
            "kind": ["direct"] * 4 + ["indirect"] * 2,
            "speaker": ["Doe", "Roe", None, None, "Poe", "Moe"],
        }
    )
    tallies, _ = gx_module.validate_rows({"quotes": frame}, expectation_parameters([]))
    assert tallies["quotes.direct_quotes_have_speakers"].elements == 4
    checks = no_repeats({"articles": 2, "paragraphs": 0, "quotes": 4}, dropped_elements={"quotes": 2})
    result = gx_module.validate(tmp_path, tallies, checks, expectation_parameters([]), "dropped")
    speakers = {(o.table_name, o.expectation): o for o in result.outcomes}[
        "quotes", "direct_quotes_have_speakers"
    ]
    assert speakers.unexpected_count == 2 and speakers.observed_value == "0.500 of 4 rows"


def test_a_batch_that_failed_without_unexpected_rows_stays_failed_when_the_others_rows_are_dropped(tmp_path):
    """One batch's frame lacks ``url`` (GX fails the check with no unexpected row); another's one
    unexpected row belongs to a dropped duplicate. The check still fails."""
    checked: dict[str, ExpectationTally] = {}
    for frame in (
        pa.table({"_row": [0], "title": ["t"]}),
        pa.table({"_row": [0], "url": [BAD_URL]}),
    ):
        tallies, _ = gx_module.validate_rows({"articles": frame}, expectation_parameters([]))
        merge_tallies(checked, tallies)
    tally = checked["articles.url_is_http"]
    assert not tally.success and tally.unexpected == 1
    checks = no_repeats(
        {"articles": 1, "paragraphs": 0, "quotes": 0}, dropped_unexpected={"articles.url_is_http": 1}
    )
    result = gx_module.validate(tmp_path, checked, checks, expectation_parameters([]), "error")
    assert not {(o.table_name, o.expectation): o for o in result.outcomes}["articles", "url_is_http"].success


def test_the_load_decides_with_the_row_checks_values_and_its_own_volume_band(tmp_path, monkeypatch):
    """The batches' checks ran with the values of the run's start; a load after midnight UTC
    must decide and store those, adding only the volume band its history sets."""
    started = expectation_parameters([], today=dt.date(2026, 1, 1))
    seen: list[dict] = []
    kept: list[int] = []
    monkeypatch.setattr(
        gx_module,
        "validate",
        lambda root, batches, checks, parameters, run, keep: seen.append(parameters) or kept.append(keep),
    )
    validator = gx_module.SuiteValidator(tmp_path, {}, started, keep_validations=7)
    validator.validate(
        no_repeats({"articles": 1, "paragraphs": 0, "quotes": 0}), history=[100] * 30, run_id="r"
    )
    volume = expectation_parameters([100] * 30)
    assert seen == [
        started | {"min_articles": volume["min_articles"], "max_articles": volume["max_articles"]}
    ]
    assert (
        seen[0]["latest_published_date"] == "2026-01-02" and volume["max_articles"] < started["max_articles"]
    )
    assert kept == [7]  # the retention reaches the store
