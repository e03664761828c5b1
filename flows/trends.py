"""The last runs with the volume band the next run is checked against: the trend section of the
report and ``news-etl report --last N``.

The load reads the runs and the volume history (:mod:`load.trends`); the band is the quality
checks' own (:func:`quality.suites.expectation_parameters`), computed here because the load may
not import the quality stage. The report is written even when the trend cannot be read (the
database held by another process past the lock timeout, a damaged history): it says so instead.
"""

from __future__ import annotations

import contextlib
import logging
import sys

import duckdb

from load.trends import read_trend_runs, volume_history
from load.warehouse import Warehouse, WarehouseBusy, WarehouseMissing
from quality.suites import VOLUME_HISTORY_RUNS, VOLUME_MIN_HISTORY_RUNS, expectation_parameters
from schemas.trends import DEFAULT_TREND_RUNS, RunsTrend, VolumeBand, check_trend_runs

logger = logging.getLogger(__name__)


def volume_band(history: list[int]) -> VolumeBand:
    """The band ``row_count_within_recent_band`` checks the next run's articles against, from the
    articles of the recent completed runs that loaded any, newest first (as the load reads them)."""
    parameters = expectation_parameters(history)
    counts = sorted(history[:VOLUME_HISTORY_RUNS])
    if len(counts) < VOLUME_MIN_HISTORY_RUNS or parameters["max_articles"] == sys.maxsize:
        return VolumeBand(0, None, len(counts), None, VOLUME_MIN_HISTORY_RUNS)
    return VolumeBand(
        low=parameters["min_articles"],
        high=parameters["max_articles"],
        history_runs=len(counts),
        median=counts[len(counts) // 2],
        min_history_runs=VOLUME_MIN_HISTORY_RUNS,
    )


def runs_trend(store: Warehouse, last: int = DEFAULT_TREND_RUNS) -> RunsTrend:
    """The last ``last`` runs of ``store`` (oldest first) and the next run's volume band."""
    check_trend_runs(last)
    with contextlib.closing(store.connect(read_only=True)) as con:
        runs = read_trend_runs(con, last)
        history = volume_history(con)
    return RunsTrend(runs=tuple(runs), band=volume_band(history), window=last)


def published_trend(store: Warehouse, last: int = DEFAULT_TREND_RUNS) -> RunsTrend | None:
    """:func:`runs_trend` for a run's report, or None (logged) when the history cannot be read:
    a report without its trend beats no report."""
    try:
        return runs_trend(store, last)
    except (WarehouseBusy, WarehouseMissing, duckdb.Error) as exc:
        logger.warning("the report of the last runs is left out: %s", exc)
        return None
