"""The one record of a run: what it saw, loaded and refused, and how it ended.

Every place that describes a run renders this record, and nothing copies its fields into
another record: the terminal summary (:func:`reporting.summary.summary_lines`), the HTML report
and the Prefect artifacts (:mod:`reporting.html`), ``news-etl run --json`` (:meth:`RunRecord.to_json`)
and the ``runs`` row (:meth:`RunRecord.runs_row`, whose keys are the columns of
:data:`schemas.tables.RUNS`). A run read back from the warehouse (``flows.runs.recorded_run``) is
built by :meth:`RunRecord.from_runs_row` from that row, its ``dq_results`` and its file-level
rejects, so it says what the live run said for everything the warehouse keeps. A run is judged by
the one rule of :class:`~schemas.records.Reconciliation`, whichever place shows it.

The flow fills the record as the stages hand back their results: :meth:`RunRecord.add_rejects`
for the files discovery refused, :meth:`RunRecord.add_batch` per parsed batch,
:meth:`RunRecord.add_load` once for the load.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from schemas.records import ExpectationOutcome, Reconciliation, RunStatus
from schemas.results import BatchResult, LoadResult
from schemas.tables import RUNS


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(slots=True)
class RunRecord:
    """One run, as the terminal, the report, the artifacts, ``--json`` and ``runs`` show it."""

    run_id: str
    warehouse: str
    status: RunStatus = "completed"
    flow_run_id: str | None = None  # the Prefect flow run
    started_at: dt.datetime = field(default_factory=_now)
    finished_at: dt.datetime = field(default_factory=_now)  # set again when the run is published
    files_seen: int = 0  # article files found (.txt)
    files_skipped: Counter[str] = field(default_factory=Counter)  # other files, by extension
    links_skipped: int = 0  # links to directories (and link members of archives): not followed
    files_new: int = 0  # article files the ledger had never seen
    files_changed: int = 0  # known files whose content changed: parsed again
    files_unchanged: int = 0  # known files with the same content: not parsed
    files_outside_window: int = 0  # left out by --since/--until
    files_rejected: int = 0  # files refused, for any reason (the runs row keeps this count)
    rejected: Counter[str] = field(default_factory=Counter)  # reason -> files
    files_kept: int = 0  # re-read and rejected (counted in rejected), their previous version kept
    kept: list[tuple[str, str]] = field(default_factory=list)  # the first of them: (uri, reason)
    articles_loaded: int = 0
    articles_replaced: int = 0  # of the loaded, those that replaced an earlier version
    paragraphs_loaded: int = 0
    quotes_loaded: int = 0
    rows_quarantined: int = 0  # rows held back by the quality checks
    outcomes: list[ExpectationOutcome] = field(default_factory=list)  # every expectation checked
    articles_per_day: list[tuple[dt.date | None, int]] = field(default_factory=list)  # by published_date
    # the articles loaded by quote_count, as (quotes, articles) pairs sorted by quotes: one pair per
    # count that occurs, so the record stays the same size whatever the number of articles
    quote_counts: list[tuple[int, int]] = field(default_factory=list)
    fixes: Counter[str] = field(default_factory=Counter)  # cleaning rule -> changes (lines, chars)
    seconds: dict[str, float] = field(default_factory=dict)  # stage -> seconds, summed over batches
    data_docs_index: str | None = None  # path of the Great Expectations Data Docs index.html
    report: str | None = None  # path of the run's HTML report
    error: str | None = None

    # -- filled by the flow, from what the stages hand back -------------------------------------

    def add_rejects(self, reasons: Mapping[str, int] | Iterable[str]) -> None:
        """Count refused files: a reason per file, or a count per reason."""
        counted = Counter(reasons)
        self.rejected.update(counted)
        self.files_rejected += sum(counted.values())

    def add_batch(self, batch: BatchResult) -> None:
        self.add_rejects(batch.rejected)
        self.files_unchanged += batch.outcomes["unchanged"]
        self.files_outside_window += batch.outcomes["outside_window"]
        self.fixes.update(batch.fixes)
        for stage, elapsed in batch.seconds.items():
            self.seconds[stage] = self.seconds.get(stage, 0.0) + elapsed

    def add_load(self, loaded: LoadResult) -> None:
        self.articles_loaded = loaded.inserted.get("articles", 0)
        self.articles_replaced = loaded.replaced
        self.paragraphs_loaded = loaded.inserted.get("paragraphs", 0)
        self.quotes_loaded = loaded.inserted.get("quotes", 0)
        self.add_rejects(loaded.rejected)
        self.seconds.update(loaded.seconds)
        self.files_new = loaded.files_new
        self.files_changed = loaded.files_changed
        self.files_kept = loaded.files_kept
        self.kept = list(loaded.kept)
        self.add_checks(loaded)

    def add_checks(self, loaded: LoadResult) -> None:
        """What the quality checks of a load said, also when they refused it."""
        self.rows_quarantined = loaded.rows_quarantined
        self.outcomes = list(loaded.outcomes)
        self.articles_per_day = list(loaded.articles_per_day)
        self.quote_counts = list(loaded.quote_counts)

    def fail(self, exc: BaseException) -> None:
        self.status = "failed"
        self.error = f"{type(exc).__name__}: {exc}"

    # -- judged by the one rule ------------------------------------------------------------------

    @property
    def reconciliation(self) -> Reconciliation:
        return Reconciliation.of(self)

    @property
    def reconciles(self) -> bool:
        """Every file seen was loaded, rejected, unchanged or outside the window."""
        return self.reconciliation.ok

    # -- rendered for the warehouse and for machines ---------------------------------------------

    def runs_row(self) -> dict[str, Any]:
        """The run's ``runs`` row: one value per column of :data:`~schemas.tables.RUNS`, in order."""
        return {name: getattr(self, name) for name in RUNS.names}

    @classmethod
    def from_runs_row(
        cls,
        row: Mapping[str, Any],
        *,
        warehouse: str,
        outcomes: Iterable[ExpectationOutcome] = (),
        rejected: Mapping[str, int] | None = None,
        files_kept: int = 0,
        kept: Iterable[tuple[str, str]] = (),
        data_docs_index: str | None = None,
        report: str | None = None,
    ) -> RunRecord:
        """A run as the warehouse recorded it: its ``runs`` row (timestamps as datetimes or ISO
        text), its checks, its file-level rejects by reason and the files it kept.

        A row written before ``files_unchanged``/``files_outside_window`` existed reads 0 for them,
        as the warehouse's default says."""
        return cls(
            run_id=row["run_id"],
            warehouse=warehouse,
            status="completed" if row["status"] == "completed" else "failed",
            flow_run_id=row["flow_run_id"],
            started_at=_moment(row["started_at"]),
            finished_at=_moment(row["finished_at"]),
            files_seen=row["files_seen"],
            articles_loaded=row["articles_loaded"],
            files_rejected=row["files_rejected"],
            rejected=Counter(rejected or {}),
            rows_quarantined=row["rows_quarantined"],
            outcomes=list(outcomes),
            error=row["error"],
            files_kept=files_kept,
            kept=list(kept),
            files_unchanged=row.get("files_unchanged") or 0,
            files_outside_window=row.get("files_outside_window") or 0,
            data_docs_index=data_docs_index,
            report=report,
        )

    def to_json(self) -> dict[str, Any]:
        """The record as JSON values (what ``news-etl run --json`` prints), with its
        reconciliation: ``{"seen": …, "loaded": …, …, "ok": true, "text": "… seen = …: ok"}``."""
        out = asdict(self)
        out["started_at"] = self.started_at.isoformat()
        out["finished_at"] = self.finished_at.isoformat()
        out["files_skipped"] = dict(sorted(self.files_skipped.items()))
        out["rejected"] = dict(sorted(self.rejected.items()))
        out["fixes"] = dict(sorted(self.fixes.items()))
        out["kept"] = [list(pair) for pair in self.kept]
        out["quote_counts"] = [list(pair) for pair in self.quote_counts]
        out["articles_per_day"] = [
            [day.isoformat() if day else None, count] for day, count in self.articles_per_day
        ]
        rule = self.reconciliation
        out["reconciliation"] = asdict(rule) | {"ok": rule.ok, "text": rule.text()}
        return out


def _moment(value: dt.datetime | str) -> dt.datetime:
    return value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(value)
