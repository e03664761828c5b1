"""Quality over time: the last runs as ``runs``, ``dq_results`` and ``run_rejects`` recorded them.

The load reads the runs (:func:`load.trends.read_trend_runs`), the flow adds the volume band the
next run is checked against (it needs :mod:`quality.suites`, which the load may not import), and
the report and ``news-etl report --last N`` render the one :class:`RunsTrend`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from schemas.records import RunStatus, Severity

#: Runs the trend shows unless asked otherwise, and the most it will read.
DEFAULT_TREND_RUNS = 30
MAX_TREND_RUNS = 1_000


def check_trend_runs(last: int) -> int:
    """``last`` when it is a usable window (1 to :data:`MAX_TREND_RUNS` runs); else ValueError."""
    if isinstance(last, bool) or not isinstance(last, int) or not 1 <= last <= MAX_TREND_RUNS:
        raise ValueError(f"the trend window must be 1 to {MAX_TREND_RUNS:,} runs, not {last!r}")
    return last


@dataclass(frozen=True, slots=True)
class FailedCheck:
    """One expectation that failed in one run."""

    table_name: str
    expectation: str
    severity: Severity
    unexpected_count: int

    @property
    def name(self) -> str:
        """``table.expectation``, as the flow names a failing check."""
        return f"{self.table_name}.{self.expectation}"


@dataclass(frozen=True, slots=True)
class TrendRun:
    """One run of the window: its ``runs`` row, its file-level rejects by reason and its failed checks."""

    run_id: str
    started_at: dt.datetime
    status: RunStatus
    files_seen: int
    articles_loaded: int
    files_rejected: int
    rows_quarantined: int
    #: reason -> files the run refused, from ``run_rejects`` (they add up to ``files_rejected``);
    #: for a run recorded before that table, what ``rejects`` still holds of it: a file refused
    #: again later keeps only its latest refusal there, so these may add up to less
    rejected: dict[str, int] = field(default_factory=dict)
    failed_checks: tuple[FailedCheck, ...] = ()  # most severe first, then by name
    checks_run: int = 0  # expectations checked (0: the run ended before its checks)

    @property
    def rejects_without_reason(self) -> int:
        """Files the run refused whose reason is no longer known: only for a run recorded before
        ``run_rejects``, whose reasons come from ``rejects`` (see :attr:`rejected`)."""
        return max(0, self.files_rejected - sum(self.rejected.values()))


@dataclass(frozen=True, slots=True)
class VolumeBand:
    """The articles the next run may load before ``row_count_within_recent_band`` fails.

    ``low``/``high`` come from the median of the last completed runs that loaded articles
    (``history_runs`` of them); with too few such runs the band is open (``high`` is None).
    """

    low: int
    high: int | None
    history_runs: int
    median: int | None
    min_history_runs: int  # completed runs with articles it takes to close the band


@dataclass(frozen=True, slots=True)
class RunsTrend:
    """The last runs, oldest first, and the volume band the next run is checked against."""

    runs: tuple[TrendRun, ...]
    band: VolumeBand
    window: int = DEFAULT_TREND_RUNS  # the runs asked for: ``runs`` holds at most this many
