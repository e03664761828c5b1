"""reporting/summary.py: the terminal summary of a run."""

from __future__ import annotations

from reporting.summary import STAGE_ORDER, summary_lines
from schemas import RunRecord


def test_the_seconds_line_follows_the_stage_order_and_puts_unknown_stages_last():
    record = RunRecord(run_id="r", warehouse="/w")
    for stage in ("publish", "a_stage_of_tomorrow", *reversed(STAGE_ORDER)):
        record.seconds[stage] = 1.0
    line = next(line for line in summary_lines(record) if line.startswith("seconds"))
    named = [part.rsplit(" ", 1)[0] for part in line.removeprefix("seconds").strip().split(", ")]
    assert named == [*STAGE_ORDER, "a_stage_of_tomorrow"]
    assert named.index("row_checks") < named.index("validate")  # the batches' checks come first
