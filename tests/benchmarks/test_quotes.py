"""benchmarks/quotes.py's table of targets: each measure beside its value when issue 17 started,
with ok or MISSED, read from the scorer's JSON (here a synthetic one of the same shape)."""

from __future__ import annotations

from typing import Any

from tests.benchmarks.scripts import load_benchmark

quotes = load_benchmark("quotes")


def scorer_json(share: float) -> dict[str, Any]:
    """A scorer run's JSON with every metric the table reads at ``share``."""
    block = {"precision": share, "recall": share, "f1": share}
    return {
        "span_exact": dict(block),
        "span_overlap": dict(block),
        "attributed": dict(block),
        "speaker": {"any_acc": share},
    }


def test_every_target_reads_a_run_the_script_makes():
    assert {target.run for target in quotes.TARGETS} <= set(quotes.RUNS)
    assert quotes.RUNS["all"] == []  # every kind: the scorer's default
    labels = [target.label for target in quotes.TARGETS]
    assert "all kinds exact content F1" in labels and len(set(labels)) == len(labels)


def test_a_measure_at_its_bound_is_ok_and_one_below_is_missed():
    runs = dict.fromkeys(quotes.RUNS, scorer_json(0.60))
    rows = {row[0]: row for row in quotes.target_rows(runs, speed=quotes.ARTICLES_PER_S_AT_LEAST)}
    assert rows["all kinds exact content F1"][1:] == ("52.6", "60.0", ">= 60.0 (issue 17)", "ok")
    assert rows["indirect overlap recall"][4] == "ok"  # 60.0 >= 55
    assert rows["indirect overlap precision"][4] == "MISSED"  # 60.0 < 72
    assert rows["direct+mixed overlap F1"][4] == "MISSED"  # 60.0 < 87.2: not lower than now
    assert rows["extract_quotes articles/s"][4] == "ok"
    slower = quotes.target_rows(runs, speed=quotes.ARTICLES_PER_S_AT_LEAST - 1)
    assert slower[-1][4] == "MISSED"


def test_a_value_that_prints_as_its_bound_is_ok():
    runs = dict.fromkeys(quotes.RUNS, scorer_json(0.87196))  # printed 87.2, the bound
    rows = {row[0]: row for row in quotes.target_rows(runs, speed=1e9)}
    assert rows["direct+mixed overlap F1"][2:] == ("87.2", ">= 87.2 (not lower)", "ok")
