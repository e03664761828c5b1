"""The report's "Last N runs" section: is today's volume normal, which checks started failing
when, how did the reject mix change.

Four inline SVG charts over the window's runs, oldest on the left, one column per run:

* articles loaded, with the volume band the next run is checked against drawn across the chart
  (and stated in words: the band is what ``row_count_within_recent_band`` will hold it to);
  a failed run is marked red above its column;
* rejected files per run, stacked by reason (the most frequent reasons of the window in colour,
  the rest as "other reasons"; files whose refusal ``rejects`` no longer holds in grey);
* rows quarantined per run;
* a heat strip of the checks: one row per check that failed at least once in the window, one
  cell per run, coloured by severity, with a legend.

Under them a summary line and the same numbers as a table (what ``news-etl report --last N``
prints, from :func:`trend_rows`), for a reader who cannot see the charts. Run ids, reasons and
check names are data: every one is cleaned and escaped at its sink (:mod:`reporting.escape`).
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Sequence

from reporting.charts import (
    AXIS_COLOUR,
    BAR_COLOUR,
    CHART_MARGIN_LEFT_PX,
    CHART_MARGIN_RIGHT_PX,
    CHART_TITLE_BAND_PX,
    MUTED_BAR_COLOUR,
    WIDE_CHART_WIDTH_PX,
    _nice_axis_max,
    _no_data_svg,
    _svg_open,
)
from reporting.escape import _h, _truncate
from schemas.trends import FailedCheck, RunsTrend, TrendRun, VolumeBand

TREND_CHART_HEIGHT_PX = 240
TREND_MARGIN_BOTTOM_PX = 52
#: A column is at most this wide, so that a window of few runs does not read as a wall of blue.
MAX_COLUMN_WIDTH_PX = 56
#: Least room, in px, between two run labels under the columns.
MIN_RUN_LABEL_GAP_PX = 84
#: Reasons drawn in their own colour (the window's most frequent); the rest are "other reasons".
REASON_COLOURS = ("#c2571a", "#8250df", "#1b7c83", "#bf3989", "#6e7781", "#9a6700", "#0969da")
OTHER_REASONS_COLOUR = "#d0a98f"
UNKNOWN_REASON_COLOUR = "#d8dee4"
BAND_FILL = "#1a7f37"
FAILED_RUN_COLOUR = "#cf222e"
QUARANTINE_COLOUR = "#bc4c00"
SEVERITY_COLOURS = {"critical": "#cf222e", "quarantine": "#e16f24", "warning": "#d4a72c"}
PASSED_CELL_COLOUR = "#e6f4ea"
NOT_CHECKED_CELL_COLOUR = "#f0f2f4"
HEAT_ROW_HEIGHT_PX = 20
HEAT_LABEL_WIDTH_PX = 330
HEAT_LABEL_MAX_CHARS = 46
#: The heat strip shows this many checks at most (the most severe and most often failing first).
MAX_HEAT_ROWS = 24
#: A table cell lists this many reasons or failing checks, then "and N more".
CELL_MAX_ITEMS = 3
_SEVERITY_ORDER = ("critical", "quarantine", "warning")

# --------------------------------------------------------------------------------------------
# Text: the summary, the band, and the table rows (shared with ``news-etl report --last N``)

#: The columns of :func:`trend_rows`, as the report's table and the CLI's print them.
TREND_COLUMNS = (
    "run",
    "started",
    "status",
    "articles",
    "rejected (top reasons)",
    "quarantined",
    "failing checks",
)


def started_text(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M")


def band_text(band: VolumeBand) -> str:
    """What the next run's article count is checked against, in one sentence."""
    if band.high is None:
        return (
            "Volume band for the next run: open (any number of articles); it is set once"
            f" {band.min_history_runs:,} completed runs have loaded articles ({band.history_runs:,} so far)."
        )
    return (
        f"Volume band for the next run: {band.low:,} to {band.high:,} articles"
        f" (around the median, {band.median:,}, of the last {band.history_runs:,} completed runs that loaded"
        " articles)."
    )


def rejects_text(run: TrendRun) -> str:
    """``"4: empty 2, binary 1, and 1 more"``: the run's refused files, most frequent reasons first."""
    if not run.files_rejected and not run.rejected:
        return "0"
    items = [f"{reason} {n:,}" for reason, n in run.rejected.items()]
    if run.rejects_without_reason:
        items.append(f"reason not kept {run.rejects_without_reason:,}")
    shown = ", ".join(items[:CELL_MAX_ITEMS])
    more = len(items) - CELL_MAX_ITEMS
    total = max(run.files_rejected, sum(run.rejected.values()))
    return f"{total:,}: {shown}" + (f", and {more:,} more" if more > 0 else "")


def failing_text(run: TrendRun) -> str:
    """``"critical articles.columns_match; warning quotes.x"``, or "none" / "not checked"."""
    if not run.failed_checks:
        return "none" if run.checks_run else "not checked"
    items = [f"{c.severity} {c.name}" for c in run.failed_checks]
    more = len(items) - CELL_MAX_ITEMS
    return "; ".join(items[:CELL_MAX_ITEMS]) + (f"; and {more:,} more" if more > 0 else "")


def trend_rows(trend: RunsTrend) -> list[tuple[str, ...]]:
    """One row per run, newest first, in the order of :data:`TREND_COLUMNS` (raw text: the
    caller escapes it for its sink)."""
    return [
        (
            run.run_id,
            started_text(run.started_at),
            run.status,
            f"{run.articles_loaded:,}",
            rejects_text(run),
            f"{run.rows_quarantined:,}",
            failing_text(run),
        )
        for run in reversed(trend.runs)
    ]


def summary_text(trend: RunsTrend) -> str:
    runs = trend.runs
    if not runs:
        return "No run recorded yet."
    failed = sum(1 for r in runs if r.status != "completed")
    articles = sorted(r.articles_loaded for r in runs)
    failing_now = len(runs[-1].failed_checks)
    ever = len(_failing_checks(runs))
    return (
        f"{len(runs):,} runs from {started_text(runs[0].started_at)} to {started_text(runs[-1].started_at)}:"
        f" {len(runs) - failed:,} completed, {failed:,} failed;"
        f" articles loaded {sum(articles):,} in all (median {articles[len(articles) // 2]:,} a run);"
        f" files rejected {sum(r.files_rejected for r in runs):,};"
        f" rows quarantined {sum(r.rows_quarantined for r in runs):,};"
        f" {ever:,} checks failed at least once, {failing_now:,} in the latest run."
    )


# --------------------------------------------------------------------------------------------
# Charts


def _run_tooltip(run: TrendRun, what: str) -> str:
    return f"{run.run_id} ({started_text(run.started_at)}, {run.status}): {what}"


def _x_labels(runs: Sequence[TrendRun], left: float, slot: float, y: float) -> str:
    """Run start times under the columns, thinned to fit; the latest run is always labelled (its
    label ends at the plot's right edge rather than run past it, and pushes out a neighbour)."""
    every = max(1, math.ceil(MIN_RUN_LABEL_GAP_PX / slot))
    last = len(runs) - 1
    minutes = [started_text(run.started_at) for run in runs]
    # runs started within the same minute (a backfill, a retry) are told apart by their seconds
    with_seconds = len(set(minutes)) < len(minutes)
    last_x, last_anchor = left + (last + 0.5) * slot, "middle"
    if slot < MIN_RUN_LABEL_GAP_PX:
        last_x, last_anchor = left + (last + 1) * slot, "end"
    room_until = last_x - (MIN_RUN_LABEL_GAP_PX if last_anchor == "end" else MIN_RUN_LABEL_GAP_PX / 2)
    parts = []
    for i, run in enumerate(runs):
        x, anchor = left + (i + 0.5) * slot, "middle"
        if i == last:
            x, anchor = last_x, last_anchor
        elif i % every or x + MIN_RUN_LABEL_GAP_PX / 2 > room_until:
            continue
        parts.append(
            f'<text class="tick" x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}">'
            f"{_h(_x_label(run.started_at, with_seconds))}</text>"
        )
    return "".join(parts)


def _x_label(moment: dt.datetime, with_seconds: bool) -> str:
    return moment.astimezone(dt.UTC).strftime("%m-%d %H:%M:%S" if with_seconds else "%m-%d %H:%M")


def _stacked_columns(
    chart_id: str,
    title: str,
    description: str,
    y_label: str,
    runs: Sequence[TrendRun],
    stacks: Sequence[Sequence[tuple[int, str, str]]],
    band: VolumeBand | None = None,
) -> str:
    """One column per run, each a stack of ``(value, colour, tooltip)`` segments from the bottom;
    ``band`` is drawn behind the columns as a shaded range with its bounds as dashed lines."""
    width, height = WIDE_CHART_WIDTH_PX, TREND_CHART_HEIGHT_PX
    left, right = CHART_MARGIN_LEFT_PX, width - CHART_MARGIN_RIGHT_PX
    top, bottom = CHART_TITLE_BAND_PX + 12, height - TREND_MARGIN_BOTTOM_PX
    plot_w, plot_h = right - left, bottom - top
    peak = max((sum(v for v, _, _ in stack) for stack in stacks), default=0)
    if band is not None and band.high is not None:
        # the band's top counts when it is near the columns; far above, it runs off the top
        peak = max(peak, band.low, band.high if band.high <= 2 * max(peak, 1) else 0)
    axis_max, step = _nice_axis_max(peak)
    parts = [_svg_open(chart_id, title, description, width, height)]
    for tick in range(0, axis_max + 1, step):
        y = bottom - plot_h * tick / axis_max
        parts.append(
            f'<line class="grid" x1="{left}" y1="{y:.1f}" x2="{right}" y2="{y:.1f}"/>'
            f'<text class="tick" x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{tick:,}</text>'
        )
    if band is not None and band.high is not None:
        y_low = bottom - plot_h * min(band.low, axis_max) / axis_max
        y_high = bottom - plot_h * min(band.high, axis_max) / axis_max
        parts.append(
            f'<rect class="band" x="{left}" y="{y_high:.1f}" width="{plot_w}" height="{y_low - y_high:.1f}"'
            f' fill="{BAND_FILL}" fill-opacity="0.12"><title>{_h(band_text(band))}</title></rect>'
            f'<line class="band-line" x1="{left}" y1="{y_low:.1f}" x2="{right}" y2="{y_low:.1f}"'
            f' stroke="{BAND_FILL}" stroke-dasharray="6 4"/>'
            f'<line class="band-line" x1="{left}" y1="{y_high:.1f}" x2="{right}" y2="{y_high:.1f}"'
            f' stroke="{BAND_FILL}" stroke-dasharray="6 4"/>'
            # named in the title band, clear of the columns and the failed-run marks
            f'<text class="band-label" x="{right}" y="22" text-anchor="end" fill="{BAND_FILL}">'
            f"shaded: the next run's band, {band.low:,}–{band.high:,} articles"
            f"{' (its top is off the scale)' if band.high > axis_max else ''}</text>"
        )
    slot = plot_w / len(runs)
    gap = max(slot * 0.2, slot - MAX_COLUMN_WIDTH_PX) if slot >= 4 else 0.0
    for i, (run, stack) in enumerate(zip(runs, stacks, strict=True)):
        x = left + i * slot + gap / 2
        base = float(bottom)
        drawn = False
        for value, colour, tooltip in stack:
            if value <= 0:
                continue
            h = plot_h * value / axis_max
            parts.append(
                f'<rect x="{x:.2f}" y="{base - h:.2f}" width="{max(slot - gap, 0.6):.2f}" height="{h:.2f}"'
                f' fill="{colour}"><title>{_h(tooltip)}</title></rect>'
            )
            base -= h
            drawn = True
        if not drawn:  # a zero still gets a hairline, so the run is seen to be there
            parts.append(
                f'<rect x="{x:.2f}" y="{bottom - 0.8:.2f}" width="{max(slot - gap, 0.6):.2f}" height="0.8"'
                f' fill="{MUTED_BAR_COLOUR}"><title>{_h(_run_tooltip(run, "0"))}</title></rect>'
            )
        if run.status != "completed":
            parts.append(
                f'<rect class="failed-run" x="{x:.2f}" y="{top - 8}" width="{max(slot - gap, 0.6):.2f}"'
                f' height="5" fill="{FAILED_RUN_COLOUR}">'
                f"<title>{_h(_run_tooltip(run, 'failed'))}</title></rect>"
            )
    parts.append(
        _x_labels(runs, left, slot, bottom + 16)
        + f'<line class="axis" x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}"/>'
        f'<line class="axis" x1="{left}" y1="{top}" x2="{left}" y2="{bottom}"/>'
        f'<text class="axis-label" x="{left + plot_w / 2:.1f}" y="{height - 10}" text-anchor="middle">'
        "run, by start (UTC, month-day hour:minute); red mark: the run failed</text>"
        f'<text class="axis-label" transform="translate(16 {top + plot_h / 2:.1f}) rotate(-90)"'
        f' text-anchor="middle">{_h(y_label)}</text></svg>'
    )
    return "".join(parts)


def chart_trend_articles(trend: RunsTrend) -> str:
    """Articles loaded per run, with the next run's volume band (id ``chart-trend-articles``)."""
    title = "Articles loaded per run"
    if not trend.runs:
        return _no_data_svg("chart-trend-articles", title, "run", "articles", WIDE_CHART_WIDTH_PX)
    stacks = [
        [(r.articles_loaded, BAR_COLOUR, _run_tooltip(r, f"{r.articles_loaded:,} articles loaded"))]
        for r in trend.runs
    ]
    latest = trend.runs[-1].articles_loaded
    description = f"{len(trend.runs):,} runs; latest {latest:,} articles. {band_text(trend.band)}"
    return _stacked_columns(
        "chart-trend-articles", title, description, "articles", trend.runs, stacks, trend.band
    )


def _reason_colours(runs: Sequence[TrendRun]) -> dict[str, str]:
    totals: Counter[str] = Counter()
    for run in runs:
        totals.update(run.rejected)
    ranked = sorted(totals.items(), key=lambda item: (-item[1], item[0]))
    if len(ranked) > len(REASON_COLOURS):
        ranked = ranked[: len(REASON_COLOURS) - 1]  # the last colour's place goes to "other reasons"
    return {reason: colour for (reason, _), colour in zip(ranked, REASON_COLOURS, strict=False)}


def chart_trend_rejects(trend: RunsTrend) -> str:
    """Rejected files per run, stacked by reason (id ``chart-trend-rejects``)."""
    title = "Rejected files per run, by reason"
    if not trend.runs:
        return _no_data_svg("chart-trend-rejects", title, "run", "files", WIDE_CHART_WIDTH_PX)
    colours = _reason_colours(trend.runs)
    stacks = []
    for run in trend.runs:
        stack = [(n, colours[reason], _run_tooltip(run, f"{reason}: {n:,} files"))
                 for reason, n in run.rejected.items() if reason in colours]  # fmt: skip
        others = {reason: n for reason, n in run.rejected.items() if reason not in colours}
        if others:
            listed = ", ".join(f"{reason} {n:,}" for reason, n in others.items())
            stack.append(
                (sum(others.values()), OTHER_REASONS_COLOUR, _run_tooltip(run, f"other reasons: {listed}"))
            )
        if run.rejects_without_reason:
            what = f"{run.rejects_without_reason:,} files refused again later (their reason here is not kept)"
            stack.append((run.rejects_without_reason, UNKNOWN_REASON_COLOUR, _run_tooltip(run, what)))
        stacks.append(stack)
    total = sum(r.files_rejected for r in trend.runs)
    description = f"{total:,} files rejected over {len(trend.runs):,} runs; reasons: " + (
        ", ".join(colours) or "none"
    )
    chart = _stacked_columns("chart-trend-rejects", title, description, "files", trend.runs, stacks)
    legend = [(reason, colour) for reason, colour in colours.items()]
    if any(reason not in colours for run in trend.runs for reason in run.rejected):
        legend.append(("other reasons", OTHER_REASONS_COLOUR))
    if any(run.rejects_without_reason for run in trend.runs):
        legend.append(("reason not kept", UNKNOWN_REASON_COLOUR))
    return chart + _legend_html("legend-trend-rejects", "reasons", legend)


def chart_trend_quarantine(trend: RunsTrend) -> str:
    """Rows quarantined per run (id ``chart-trend-quarantine``)."""
    title = "Rows quarantined per run"
    if not trend.runs:
        return _no_data_svg("chart-trend-quarantine", title, "run", "rows", WIDE_CHART_WIDTH_PX)
    stacks = [
        [(r.rows_quarantined, QUARANTINE_COLOUR, _run_tooltip(r, f"{r.rows_quarantined:,} rows quarantined"))]
        for r in trend.runs
    ]
    total = sum(r.rows_quarantined for r in trend.runs)
    description = f"{total:,} rows quarantined over {len(trend.runs):,} runs"
    return _stacked_columns("chart-trend-quarantine", title, description, "rows", trend.runs, stacks)


def _failing_checks(runs: Sequence[TrendRun]) -> list[tuple[str, str, int]]:
    """(name, worst severity, runs failed) of each check that failed in the window: the most
    severe first, then the most often failing, then by name."""
    worst: dict[str, str] = {}
    times: Counter[str] = Counter()
    for run in runs:
        for check in run.failed_checks:
            times[check.name] += 1
            known = worst.get(check.name)
            if known is None or _rank(check.severity) < _rank(known):
                worst[check.name] = check.severity
    return sorted(((n, worst[n], times[n]) for n in worst), key=lambda c: (_rank(c[1]), -c[2], c[0]))


def _rank(severity: str) -> int:
    return _SEVERITY_ORDER.index(severity) if severity in _SEVERITY_ORDER else len(_SEVERITY_ORDER)


def chart_trend_checks(trend: RunsTrend) -> str:
    """The heat strip of failing checks: a row per check that failed in the window, a cell per
    run coloured by the severity it failed with (id ``chart-trend-checks``), and its legend."""
    chart_id, title = "chart-trend-checks", "Failing checks per run"
    checks = _failing_checks(trend.runs)
    if not trend.runs or not checks:
        note = "no check failed in these runs" if trend.runs else "no run recorded"
        return (
            _svg_open(chart_id, title, f"{title}: {note}", WIDE_CHART_WIDTH_PX, 80)
            + f'<text class="no-data" x="{WIDE_CHART_WIDTH_PX / 2}" y="56" text-anchor="middle">'
            f"{_h(note)}</text></svg>"
        )
    shown, hidden = checks[:MAX_HEAT_ROWS], len(checks) - MAX_HEAT_ROWS
    width = WIDE_CHART_WIDTH_PX
    left, right = HEAT_LABEL_WIDTH_PX, width - CHART_MARGIN_RIGHT_PX
    top = CHART_TITLE_BAND_PX + 12
    bottom = top + HEAT_ROW_HEIGHT_PX * len(shown)
    height = bottom + TREND_MARGIN_BOTTOM_PX + (20 if hidden > 0 else 0)
    slot = (right - left) / len(trend.runs)
    description = f"{len(checks):,} checks failed at least once over {len(trend.runs):,} runs: " + ", ".join(
        f"{name} ({severity}, {n:,} runs)" for name, severity, n in checks[:5]
    )
    parts = [_svg_open(chart_id, title, description, width, height)]
    for row, (name, _, times) in enumerate(shown):
        y = top + row * HEAT_ROW_HEIGHT_PX
        parts.append(
            f'<text class="tick" x="{left - 8}" y="{y + HEAT_ROW_HEIGHT_PX / 2 + 4:.1f}" text-anchor="end">'
            f"{_h(_truncate(name, HEAT_LABEL_MAX_CHARS))}"
            f"<title>{_h(f'{name}: failed in {times:,} runs')}</title></text>"
        )
        for i, run in enumerate(trend.runs):
            failed = next((c for c in run.failed_checks if c.name == name), None)
            parts.append(_heat_cell(left + i * slot, y, slot, run, name, failed))
    parts.append(
        _x_labels(trend.runs, left, slot, bottom + 16)
        + f'<line class="axis" x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="{AXIS_COLOUR}"/>'
        f'<text class="axis-label" x="{(left + right) / 2:.1f}" y="{bottom + 38}" text-anchor="middle">'
        "run, by start (UTC)</text>"
    )
    if hidden > 0:
        parts.append(
            f'<text class="axis-label" x="{left - 8}" y="{height - 8}" text-anchor="end">'
            f"and {hidden:,} more checks (in the table below)</text>"
        )
    parts.append("</svg>")
    legend = [(severity, SEVERITY_COLOURS[severity]) for severity in _SEVERITY_ORDER]
    legend += [("passed", PASSED_CELL_COLOUR), ("not checked", NOT_CHECKED_CELL_COLOUR)]
    return "".join(parts) + _legend_html("legend-trend-checks", "severity", legend)


def _heat_cell(x: float, y: float, slot: float, run: TrendRun, name: str, failed: FailedCheck | None) -> str:
    if failed is not None:
        colour = SEVERITY_COLOURS.get(failed.severity, FAILED_RUN_COLOUR)
        what = f"{name} failed ({failed.severity}, {failed.unexpected_count:,} unexpected)"
        kind = f"fail sev-{failed.severity}"
    elif run.checks_run:
        colour, what, kind = PASSED_CELL_COLOUR, f"{name} passed", "pass"
    else:
        colour, what, kind = (
            NOT_CHECKED_CELL_COLOUR,
            "no check recorded (the run ended before its checks)",
            "none",
        )
    inset = 1.0 if slot >= 4 else 0.0
    return (
        f'<rect class="cell {_h(kind)}" x="{x + inset:.2f}" y="{y + 1}"'
        f' width="{max(slot - 2 * inset, 0.5):.2f}" height="{HEAT_ROW_HEIGHT_PX - 2}" fill="{colour}">'
        f"<title>{_h(_run_tooltip(run, what))}</title></rect>"
    )


def _legend_html(legend_id: str, label: str, items: Sequence[tuple[str, str]]) -> str:
    swatches = "".join(
        f'<li><span class="swatch" style="background:{colour}"></span>{_h(name)}</li>'
        for name, colour in items
    )
    return f'<ul class="legend" id="{legend_id}" aria-label="{_h(label)}">{swatches}</ul>'


# --------------------------------------------------------------------------------------------
# The section


def _table_html(trend: RunsTrend) -> str:
    head = "".join(f"<th>{_h(c)}</th>" for c in TREND_COLUMNS)
    body = "".join(
        f'<tr class="{"failed" if row[2] != "completed" else "completed"}">'
        + "".join(
            f"<td><code>{_h(cell)}</code></td>" if i == 0 else f"<td>{_h(cell)}</td>"
            for i, cell in enumerate(row)
        )
        + "</tr>"
        for row in trend_rows(trend)
    )
    return (
        '<details class="trend-table">'
        f"<summary>The {len(trend.runs):,} runs as a table (newest first)</summary>"
        f'<table class="trend"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></details>'
    )


def trend_section_html(trend: RunsTrend) -> str:
    """The "Last N runs" section of the run report (``id="trend"``)."""
    figures = "".join(
        f'<figure class="trend-chart">{chart}</figure>'
        for chart in (
            chart_trend_articles(trend),
            chart_trend_rejects(trend),
            chart_trend_quarantine(trend),
            chart_trend_checks(trend),
        )
    )
    return (
        f'<section class="card" id="trend" aria-label="last runs"><h2>Last {trend.window:,} runs</h2>'
        f'<p class="trend-summary">{_h(summary_text(trend))}</p>'
        f'<p class="trend-band" id="volume-band">{_h(band_text(trend.band))}</p>'
        f"{figures}{_table_html(trend) if trend.runs else ''}</section>"
    )
