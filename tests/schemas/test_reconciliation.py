"""The one reconciliation rule, and every rendering of the one run record judging by it."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from reporting.html import headline, render_run_report, report_markdown
from reporting.summary import summary_lines
from schemas import Reconciliation, RunRecord
from schemas.tables import RUNS


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


def _record(**counts: int) -> RunRecord:
    record = RunRecord(run_id="run-1", warehouse="/w", files_seen=counts["seen"])
    record.add_rejects({"empty": counts["rejected"]})
    record.articles_loaded = counts["loaded"]
    record.files_unchanged = counts["unchanged"]
    record.files_outside_window = counts["outside_window"]
    return record


@pytest.mark.parametrize(
    "counts",
    [
        dict(seen=830, loaded=10, rejected=3, unchanged=816, outside_window=1),
        dict(seen=831, loaded=10, rejected=3, unchanged=816, outside_window=1),
    ],
)
def test_terminal_report_artifact_and_json_give_the_same_verdict_and_parts(counts):
    record = _record(**counts)
    rule = record.reconciliation
    assert rule == Reconciliation(
        counts["seen"], counts["loaded"], counts["rejected"], counts["unchanged"], counts["outside_window"]
    )
    assert f"reconciliation   {rule.text()}" in summary_lines(record)
    assert f"**Reconciliation:** {rule.text()}" in report_markdown(record)
    assert f"reconciliation {rule.text()}" in headline(record)
    assert f'id="reconciliation">Reconciliation: {rule.text()}</p>' in render_run_report(record)
    as_json = json.loads(json.dumps(record.to_json()))
    assert as_json["reconciliation"]["text"] == rule.text() and as_json["reconciliation"]["ok"] == rule.ok
    assert record.reconciles == rule.ok == (counts["seen"] == 830)


def test_a_runs_row_written_before_the_new_counts_reads_them_as_zero():
    at = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    row = dict(
        run_id="r", flow_run_id=None, started_at=at, finished_at=at, status="completed", files_seen=3,
        articles_loaded=2, files_rejected=1, rows_quarantined=0, error=None,
    )  # fmt: skip
    record = RunRecord.from_runs_row(row, warehouse="/w", rejected={"empty": 1})
    assert record.reconciliation == Reconciliation(seen=3, loaded=2, rejected=1)


def test_the_runs_row_reads_back_as_the_same_record():
    """What ``runs`` keeps of a run gives back the record it was rendered from, field for field."""
    record = _record(seen=830, loaded=10, rejected=3, unchanged=816, outside_window=1)
    record.status, record.error, record.rows_quarantined = "failed", "boom", 4
    row = record.runs_row()
    assert list(row) == RUNS.names
    back = RunRecord.from_runs_row(row, warehouse="/w", rejected=record.rejected)
    assert back.runs_row() == row and back.rejected == record.rejected
    assert back.reconciliation == record.reconciliation
    # as the saved-run file holds it: timestamps as ISO text
    text = row | {"started_at": record.started_at.isoformat(), "finished_at": record.finished_at.isoformat()}
    assert RunRecord.from_runs_row(json.loads(json.dumps(text)), warehouse="/w").runs_row() == row


def test_files_rejected_is_every_reason_counted():
    record = RunRecord(run_id="r", warehouse="/w")
    record.add_rejects(["empty", "empty", "binary"])
    record.add_rejects({"too_large": 2})
    assert record.files_rejected == 5 == sum(record.rejected.values())
