"""The one reconciliation rule, and the terminal summary and the report both judging by it."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from reporting.html import headline, report_markdown
from reporting.summary import RunSummary
from schemas import Reconciliation, RunReportData


@pytest.mark.parametrize(
    ("counts", "text"),
    [
        (dict(seen=14, loaded=13, rejected=1), "14 seen = 13 loaded + 1 rejected: ok"),
        (
            dict(seen=830, loaded=10, rejected=4, unchanged=816),
            "830 seen = 10 loaded + 4 rejected + 816 unchanged: ok",
        ),
        (
            dict(seen=4, loaded=1, rejected=0, outside_window=3),
            "4 seen = 1 loaded + 0 rejected + 3 outside the window: ok",
        ),
        (
            dict(seen=2_000, loaded=1_000, rejected=1, unchanged=998, outside_window=1),
            "2,000 seen = 1,000 loaded + 1 rejected + 998 unchanged + 1 outside the window: ok",
        ),
    ],
)
def test_every_file_seen_loaded_rejected_unchanged_or_outside_the_window_is_ok(counts, text):
    rule = Reconciliation(**counts)
    assert rule.ok and rule.verdict == "ok"
    assert rule.text() == text


@pytest.mark.parametrize(
    ("counts", "text"),
    [
        (dict(seen=15, loaded=13, rejected=1), "15 seen = 13 loaded + 1 rejected: MISMATCH"),
        # the report's old rule: unchanged files left out of the sum
        (dict(seen=830, loaded=10, rejected=4), "830 seen = 10 loaded + 4 rejected: MISMATCH"),
        # counted twice is as wrong as not counted
        (
            dict(seen=830, loaded=10, rejected=4, unchanged=816, outside_window=1),
            "830 seen = 10 loaded + 4 rejected + 816 unchanged + 1 outside the window: MISMATCH",
        ),
    ],
)
def test_a_file_unaccounted_for_or_counted_twice_is_a_mismatch(counts, text):
    rule = Reconciliation(**counts)
    assert not rule.ok and rule.verdict == "MISMATCH"
    assert rule.text() == text


def _summary(**counts: int) -> RunSummary:
    summary = RunSummary(run_id="run-1", warehouse="/w", files_seen=counts["seen"])
    summary.articles_loaded = counts["loaded"]
    summary.rejected = Counter({"empty": counts["rejected"]})
    summary.files_unchanged = counts["unchanged"]
    summary.files_outside_window = counts["outside_window"]
    return summary


def _report_data(summary: RunSummary) -> RunReportData:
    at = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    return RunReportData(
        run_id=summary.run_id, flow_run_id=None, status="completed", started_at=at, finished_at=at,
        warehouse=summary.warehouse, files_seen=summary.files_seen, articles_loaded=summary.articles_loaded,
        files_rejected=summary.files_rejected, rejected_by_reason=dict(summary.rejected), rows_quarantined=0,
        outcomes=[], articles_per_day=[], quotes_per_article=[], data_docs_index=None,
        files_unchanged=summary.files_unchanged, files_outside_window=summary.files_outside_window,
    )  # fmt: skip


@pytest.mark.parametrize(
    "counts",
    [
        dict(seen=830, loaded=10, rejected=3, unchanged=816, outside_window=1),
        dict(seen=831, loaded=10, rejected=3, unchanged=816, outside_window=1),
    ],
)
def test_terminal_and_report_give_the_same_verdict_and_parts(counts):
    summary = _summary(**counts)
    data = _report_data(summary)
    assert summary.reconciliation == data.reconciliation
    line = f"reconciliation   {data.reconciliation.text()}"
    assert line in summary.lines()
    assert f"**Reconciliation:** {data.reconciliation.text()}" in report_markdown(data)
    assert f"reconciliation {data.reconciliation.text()}" in headline(data)
    assert summary.reconciles == data.reconciliation.ok == (counts["seen"] == 830)


def test_report_data_without_the_new_counts_still_builds_and_counts_them_as_zero():
    at = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    data = RunReportData(
        run_id="r", flow_run_id=None, status="completed", started_at=at, finished_at=at, warehouse="/w",
        files_seen=3, articles_loaded=2, files_rejected=1, rejected_by_reason={"empty": 1}, rows_quarantined=0,
        outcomes=[], articles_per_day=[], quotes_per_article=[], data_docs_index=None,
    )  # fmt: skip
    assert data.reconciliation == Reconciliation(seen=3, loaded=2, rejected=1)
