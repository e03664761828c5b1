"""The run summary: what a run saw, loaded and refused, and the reconciliation of the three."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from schemas import Reconciliation

if TYPE_CHECKING:  # pragma: no cover
    from schemas.results import BatchResult, LoadResult


@dataclass(slots=True)
class RunSummary:
    run_id: str
    warehouse: str
    status: str = "completed"  # "completed" | "failed"
    flow_run_id: str | None = None  # the Prefect flow run
    files_seen: int = 0  # article files found (.txt)
    files_skipped: Counter[str] = field(default_factory=Counter)  # other files, by extension
    links_skipped: int = 0  # links to directories (and link members of archives): not followed
    files_new: int = 0  # article files the ledger had never seen
    files_changed: int = 0  # known files whose content changed: parsed again
    files_unchanged: int = 0  # known files with the same content: not parsed
    files_outside_window: int = 0  # left out by --since/--until
    files_kept: int = 0  # re-read and rejected (counted in rejected), their previous version kept
    kept: list[tuple[str, str]] = field(default_factory=list)  # the first of them: (uri, reason)
    articles_loaded: int = 0
    articles_replaced: int = 0  # of the loaded, those that replaced an earlier version
    paragraphs_loaded: int = 0
    quotes_loaded: int = 0
    rejected: Counter[str] = field(default_factory=Counter)  # reason -> files
    fixes: Counter[str] = field(default_factory=Counter)  # cleaning rule -> changes (lines, chars)
    seconds: dict[str, float] = field(default_factory=dict)  # stage -> seconds, summed over batches
    rows_quarantined: int = 0  # rows held back by the quality checks
    report: str | None = None  # path of the run's HTML report
    error: str | None = None

    def add_batch(self, batch: BatchResult) -> None:
        self.rejected.update(batch.rejected)
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
        self.rejected.update(loaded.rejected)
        self.rows_quarantined = loaded.rows_quarantined
        self.seconds.update(loaded.seconds)
        self.files_new = loaded.files_new
        self.files_changed = loaded.files_changed
        self.files_kept = loaded.files_kept
        self.kept = list(loaded.kept)

    @property
    def files_rejected(self) -> int:
        return sum(self.rejected.values())

    @property
    def reconciliation(self) -> Reconciliation:
        """The run's accounts, judged by the same rule as its report's."""
        return Reconciliation.of(self)

    @property
    def reconciles(self) -> bool:
        """Every file seen was loaded, rejected, unchanged or outside the window."""
        return self.reconciliation.ok

    def lines(self) -> list[str]:
        """The summary as short lines for a terminal or a log."""
        out = [
            f"run {self.run_id}: {self.status}",
            f"files seen       {self.files_seen:>8,}  ({self.files_new:,} new,"
            f" {self.files_changed:,} changed, {self.files_unchanged:,} unchanged"
            + (
                f", {self.files_outside_window:,} outside --since/--until"
                if self.files_outside_window
                else ""
            )
            + ")",
            f"articles loaded  {self.articles_loaded:>8,}"
            + (
                f"  ({self.articles_replaced:,} replaced an earlier version)"
                if self.articles_replaced
                else ""
            ),
            f"paragraphs       {self.paragraphs_loaded:>8,}",
            f"quotes           {self.quotes_loaded:>8,}",
            f"files rejected   {self.files_rejected:>8,}",
        ]
        out += [f"  {reason:<15}{count:>8,}" for reason, count in sorted(self.rejected.items())]
        if self.files_kept:
            out.append(
                f"kept previous version  {self.files_kept:,}  (rejected when read again; their "
                "earlier rows stay: `news-etl prune` removes them)"
            )
        if self.rows_quarantined:
            out.append(f"rows quarantined {self.rows_quarantined:>8,}  (quality checks; see rejects)")
        out.append(f"reconciliation   {self.reconciliation.text()}")
        clutter = {
            rule.removeprefix("clutter:"): n for rule, n in self.fixes.items() if rule.startswith("clutter:")
        }
        if clutter:
            out.append(
                "clutter lines removed: " + ", ".join(f"{r} {n:,}" for r, n in sorted(clutter.items()))
            )
        chars = {rule: n for rule, n in self.fixes.items() if not rule.startswith("clutter:")}
        if chars:
            out.append("text fixes: " + ", ".join(f"{r} {n:,}" for r, n in sorted(chars.items())))
        if self.files_skipped:
            skipped = ", ".join(f"{n:,} {ext}" for ext, n in sorted(self.files_skipped.items()))
            out.append(f"skipped (not .txt) {sum(self.files_skipped.values()):,}: {skipped}")
        if self.links_skipped:
            out.append(
                f"skipped links    {self.links_skipped:>8,}"
                "  (links to directories or in archives, not followed)"
            )
        if self.error:
            out.append(f"error: {self.error}")
        if self.seconds:
            order = ("discover", "read", "parse", "quotes", "stage", "validate", "load")
            stages = sorted(self.seconds, key=lambda s: order.index(s) if s in order else len(order))
            out.append("seconds          " + ", ".join(f"{s} {self.seconds[s]:.1f}" for s in stages))
        out.append(f"warehouse        {self.warehouse}")
        if self.report:
            out.append(f"report           {self.report}")
        return out
