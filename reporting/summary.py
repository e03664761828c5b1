"""The terminal summary of a run: what it saw, loaded and refused, and the reconciliation of the three.

It is one rendering of :class:`schemas.run_record.RunRecord`, beside the HTML report and the Prefect
artifacts (:mod:`reporting.html`) and ``news-etl run --json``.
"""

from __future__ import annotations

from schemas import RunRecord

#: the stages whose seconds the summary prints, in this order (others after them). read, parse,
#: quotes, stage and row_checks (the suites' row-level checks, in the batch tasks) are summed over
#: the batches; validate (the cross-batch checks, the quarantine, storing the results and Data
#: Docs) and load are the parts of load_warehouse, the wall seconds of that task (flows.ingest)
STAGE_ORDER = (
    "discover",
    "read",
    "parse",
    "quotes",
    "stage",
    "row_checks",
    "validate",
    "load",
    "load_warehouse",
    "check",
    "publish",
)


def summary_lines(record: RunRecord) -> list[str]:
    """The summary as short lines for a terminal or a log."""
    out = [
        f"run {record.run_id}: {record.status}",
        f"files seen       {record.files_seen:>8,}  ({record.files_new:,} new,"
        f" {record.files_changed:,} changed, {record.files_unchanged:,} unchanged"
        + (
            f", {record.files_outside_window:,} outside --since/--until"
            if record.files_outside_window
            else ""
        )
        + ")",
        f"articles loaded  {record.articles_loaded:>8,}"
        + (
            f"  ({record.articles_replaced:,} replaced an earlier version)"
            if record.articles_replaced
            else ""
        ),
        f"paragraphs       {record.paragraphs_loaded:>8,}",
        f"quotes           {record.quotes_loaded:>8,}",
        f"files rejected   {record.files_rejected:>8,}",
    ]
    out += [f"  {reason:<15}{count:>8,}" for reason, count in sorted(record.rejected.items())]
    if record.files_kept:
        out.append(
            f"kept previous version  {record.files_kept:,}  (rejected when read again; their "
            "earlier rows stay: `news-etl prune` removes them)"
        )
    if record.rows_quarantined:
        out.append(f"rows quarantined {record.rows_quarantined:>8,}  (quality checks; see rejects)")
    out.append(f"reconciliation   {record.reconciliation.text()}")
    clutter = {
        rule.removeprefix("clutter:"): n for rule, n in record.fixes.items() if rule.startswith("clutter:")
    }
    if clutter:
        out.append("clutter lines removed: " + ", ".join(f"{r} {n:,}" for r, n in sorted(clutter.items())))
    chars = {rule: n for rule, n in record.fixes.items() if not rule.startswith("clutter:")}
    if chars:
        out.append("text fixes: " + ", ".join(f"{r} {n:,}" for r, n in sorted(chars.items())))
    if record.files_skipped:
        skipped = ", ".join(f"{n:,} {ext}" for ext, n in sorted(record.files_skipped.items()))
        out.append(f"skipped (not .txt) {sum(record.files_skipped.values()):,}: {skipped}")
    if record.links_skipped:
        out.append(
            f"skipped links    {record.links_skipped:>8,}"
            "  (links to directories or in archives, not followed)"
        )
    if record.error:
        out.append(f"error: {record.error}")
    if record.seconds:
        order = STAGE_ORDER
        stages = sorted(record.seconds, key=lambda s: order.index(s) if s in order else len(order))
        out.append("seconds          " + ", ".join(f"{s} {record.seconds[s]:.1f}" for s in stages))
    out.append(f"warehouse        {record.warehouse}")
    if record.report:
        out.append(f"report           {record.report}")
    return out
