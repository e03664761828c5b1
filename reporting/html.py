"""The one-page data-quality run report, and the same summary for Prefect artifacts and terminals.

A run ends with a page a data engineer opens from disk (``<warehouse>/reports/<run_id>.html`` and
``reports/latest.html``) to answer, at a glance: did the run complete, did every file seen end up
loaded, rejected, unchanged or outside the window (the reconciliation), why were files rejected,
and which Great Expectations suites failed, on which expectations, with what severity. The page has

* a header: run id, status (completed in green, failed in red with the error), start, finish and
  duration, the warehouse, the Prefect flow run id and a link to the Great Expectations Data Docs;
* the headline numbers (files seen, articles loaded, files rejected, rows quarantined) and the
  reconciliation line ``N seen = loaded + rejected [+ unchanged] [+ outside the window]: ok |
  MISMATCH``, by the one rule of :class:`~schemas.records.Reconciliation`;
* three small inline SVG charts: articles per published day (bucketed by month or years when the
  dates span too long; undated articles are an "unknown" bar), quotes per article (a histogram)
  and rejected files by reason;
* the rejected files by reason as a table;
* one section per suite (articles, paragraphs, quotes, rejects, then any other) with a pass/fail
  badge, counts, and its expectations, failing ones first and highlighted by severity.

The page is one self-contained HTML5 file: inline CSS and SVG, no script, no network resource, so
it renders the same from a warehouse copied elsewhere. Every string that comes from data (run id,
paths, reasons, expectation names, observed values, error text) is cleaned of control and
bidirectional formatting characters and HTML-escaped, in SVG text and attributes as well.

:func:`report_markdown`, :func:`report_table` and :func:`headline` give the same summary as a
Prefect markdown artifact, a Prefect table artifact and a few terminal lines.
"""

from __future__ import annotations

import datetime as dt
import html
import math
import os
import re
import tempfile
import unicodedata
import urllib.parse
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from schemas.records import ExpectationOutcome, RunReportData, Severity

#: Suites shown first, in this order; any other table follows in order of first appearance.
SUITE_ORDER: tuple[str, ...] = ("articles", "paragraphs", "quotes", "rejects")
#: Failing expectations are listed most severe first.
SEVERITY_RANK: dict[str, int] = {"critical": 0, "quarantine": 1, "warning": 2}
#: Histogram bins of quotes per article: (label, lowest, highest or None for open-ended).
QUOTE_BINS: tuple[tuple[str, int, int | None], ...] = (
    ("0", 0, 0),
    ("1", 1, 1),
    ("2", 2, 2),
    ("3–5", 3, 5),
    ("6–10", 6, 10),
    ("11+", 11, None),
)
#: The report's directory under the warehouse root.
REPORTS_DIR_NAME = "reports"
LATEST_REPORT_NAME = "latest.html"
_RUN_ID_RE = re.compile(r"[A-Za-z0-9_.-]+")

# Chart geometry, in SVG user units: about CSS pixels on a 1280 px wide window, where the date
# chart spans the page and the other two share a row.
WIDE_CHART_WIDTH_PX = 1180
CHART_WIDTH_PX = 560
BAR_CHART_HEIGHT_PX = 280
CHART_TITLE_BAND_PX = 34
CHART_MARGIN_LEFT_PX = 60
CHART_MARGIN_RIGHT_PX = 16
CHART_MARGIN_BOTTOM_PX = 58
CHART_FONT_PX = 12
#: A column chart draws at most this many bars: longer date ranges are bucketed by month or years.
MAX_COLUMN_BARS = 62
#: Least room, in px, between two x-axis labels of the date chart.
MIN_X_LABEL_GAP_PX = 78
#: Value labels are written above the bars when each bar has at least this much room.
MIN_VALUE_LABEL_SLOT_PX = 26
HBAR_ROW_HEIGHT_PX = 24
HBAR_LABEL_WIDTH_PX = 170
HBAR_LABEL_MAX_CHARS = 24
#: A reason chart shows the most frequent reasons; the rest are summed into one "other" bar.
MAX_REASON_BARS = 12
Y_TICK_COUNT = 4
#: Terminal lines: a name from data (run id, reason, suite) and the error are cut to these lengths.
HEADLINE_FIELD_MAX_CHARS = 32
HEADLINE_ERROR_MAX_CHARS = 160

BAR_COLOUR = "#2f6fce"
MUTED_BAR_COLOUR = "#9aa4b1"
REJECT_BAR_COLOUR = "#c2571a"
AXIS_COLOUR = "#57606a"
GRID_COLOUR = "#e3e7ec"

# Characters that must not reach the page as they are: C0/C1 controls (other than tab and
# newline), surrogates and noncharacters (invalid in HTML), and the bidirectional formatting
# characters that would reorder what the reader sees (right-to-left marks, embeddings, isolates).
_BIDI_CHARS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
#: Escaped in Markdown: what makes emphasis, code, links, tables, HTML and entities (``&amp;``).
_MARKDOWN_SPECIAL_RE = re.compile(r"([\\`*_{}\[\]<>|#!~&])")


def _clean(text: object) -> str:
    """``text`` as a string safe to show: line breaks kept, invisible and unsafe characters named.

    Control characters other than tab and newline, bidirectional formatting characters, lone
    surrogates and noncharacters become a visible ``[U+XXXX]``, so the page stays valid HTML and
    what the reader sees is what the data holds.
    """
    s = str(text).replace("\r\n", "\n").replace("\r", "\n")
    out: list[str] = []
    for ch in s:
        code = ord(ch)
        if ch in "\t\n":
            out.append(ch)
        elif (
            code < 0x20
            or 0x7F <= code <= 0x9F
            or ch in _BIDI_CHARS
            or unicodedata.category(ch) == "Cs"
            or 0xFDD0 <= code <= 0xFDEF
            or (code & 0xFFFE) == 0xFFFE
        ):
            out.append(f"[U+{code:04X}]")
        else:
            out.append(ch)
    return "".join(out)


def _h(text: object) -> str:
    """Cleaned and HTML-escaped, for element text and attribute values alike."""
    return html.escape(_clean(text), quote=True)


def _md(text: object) -> str:
    """Cleaned and Markdown-escaped, on one line (a table cell or a list item)."""
    one_line = " ".join(_clean(text).split())
    return _MARKDOWN_SPECIAL_RE.sub(r"\\\1", one_line)


def _truncate(text: str, max_chars: int) -> str:
    return text if len(text) <= max_chars else text[: max_chars - 1] + "…"


# --------------------------------------------------------------------------------------------
# What the report says, computed once for every format.


def _severity_rank(severity: str) -> int:
    return SEVERITY_RANK.get(severity, len(SEVERITY_RANK))


@dataclass(frozen=True, slots=True)
class _Suite:
    name: str
    outcomes: list[ExpectationOutcome]  # failing first, most severe first, then as checked

    @property
    def failed(self) -> list[ExpectationOutcome]:
        return [o for o in self.outcomes if not o.success]

    @property
    def passed(self) -> bool:
        return not self.failed

    @property
    def worst_severity(self) -> Severity | None:
        severities = [o.severity for o in self.outcomes if not o.success]
        if not severities:
            return None
        worst: Severity = min(severities, key=_severity_rank)
        return worst


def _ordered_outcomes(outcomes: Iterable[ExpectationOutcome]) -> list[ExpectationOutcome]:
    return sorted(outcomes, key=lambda o: (o.success, _severity_rank(o.severity)))


def _suites(data: RunReportData) -> list[_Suite]:
    by_table: dict[str, list[ExpectationOutcome]] = {}
    for outcome in data.outcomes:
        by_table.setdefault(outcome.table_name, []).append(outcome)
    known = [name for name in SUITE_ORDER if name in by_table]
    others = [name for name in by_table if name not in SUITE_ORDER]
    return [_Suite(name, _ordered_outcomes(by_table[name])) for name in known + others]


def _rejects_sorted(data: RunReportData) -> list[tuple[str, int]]:
    return sorted(data.rejected_by_reason.items(), key=lambda item: (-item[1], item[0]))


def _duration_text(started: dt.datetime, finished: dt.datetime) -> str:
    try:
        seconds = (finished - started).total_seconds()
    except TypeError:  # one aware, one naive
        return "unknown"
    sign = "-" if seconds < 0 else ""
    seconds = abs(seconds)
    if seconds < 60:
        return f"{sign}{seconds:.1f} s"
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{sign}{hours} h {minutes:02d} min {secs:02d} s"
    return f"{sign}{minutes} min {secs:02d} s"


def _time_text(moment: dt.datetime) -> str:
    return moment.isoformat(sep=" ", timespec="seconds")


def _short(text: object, max_chars: int) -> str:
    """Cleaned, on one line, at most ``max_chars`` characters (a terminal line)."""
    return _truncate(" ".join(_clean(text).split()), max_chars)


def _suites_line(suites: Sequence[_Suite], max_name_chars: int = 10_000) -> str:
    if not suites:
        return "suites: none checked"
    passed = [s.name for s in suites if s.passed]
    failed = [s.name for s in suites if not s.passed]
    line = f"suites: {len(passed)} passed, {len(failed)} failed"
    if failed:
        line += " (" + ", ".join(_short(name, max_name_chars) for name in failed) + ")"
    return line


# --------------------------------------------------------------------------------------------
# Charts: inline SVG, escaped text, sensible with no, one or thousands of values.


@dataclass(frozen=True, slots=True)
class _Bar:
    label: str  # raw text: escaped when drawn
    value: int
    tooltip: str  # raw text
    muted: bool = False  # drawn grey (the "unknown" date bar)


def _nice_axis_max(value: int) -> tuple[int, int]:
    """(axis maximum, tick step): a 1-2-5 step with :data:`Y_TICK_COUNT` ticks covering ``value``."""
    if value <= 0:
        return 1, 1
    raw_step = value / Y_TICK_COUNT
    magnitude = 10 ** math.floor(math.log10(raw_step)) if raw_step >= 1 else 1
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw_step)
    step = max(1, int(step))
    return step * math.ceil(value / step), step


def _svg_open(chart_id: str, title: str, description: str, width_px: int, height_px: int) -> str:
    return (
        f'<svg id="{chart_id}" class="chart" role="img" viewBox="0 0 {width_px} {height_px}"'
        f' width="100%" preserveAspectRatio="xMidYMin meet" xmlns="http://www.w3.org/2000/svg"'
        f' aria-labelledby="{chart_id}-title {chart_id}-desc" aria-label="{_h(title)}">'
        f'<title id="{chart_id}-title">{_h(title)}</title>'
        f'<desc id="{chart_id}-desc">{_h(description)}</desc>'
        f'<text class="chart-title" x="{CHART_MARGIN_LEFT_PX // 4}" y="22">{_h(title)}</text>'
    )


def _no_data_svg(chart_id: str, title: str, x_label: str, y_label: str, width_px: int) -> str:
    height = 160
    return (
        _svg_open(chart_id, title, f"{title}: no data in this run", width_px, height)
        + f'<text class="no-data" x="{width_px / 2}" y="{height / 2 + 6}" text-anchor="middle">'
        "no data</text>"
        f'<text class="axis-label" x="{width_px / 2}" y="{height - 12}" text-anchor="middle">'
        f"{_h(x_label)} · {_h(y_label)}</text></svg>"
    )


def _column_chart(
    chart_id: str,
    title: str,
    x_label: str,
    y_label: str,
    bars: Sequence[_Bar],
    width_px: int = CHART_WIDTH_PX,
    always_label: bool = False,
) -> str:
    """Vertical bars; x labels thinned to fit unless ``always_label`` (few, short categories)."""
    if not bars:
        return _no_data_svg(chart_id, title, x_label, y_label, width_px)
    height = BAR_CHART_HEIGHT_PX
    left, right = CHART_MARGIN_LEFT_PX, width_px - CHART_MARGIN_RIGHT_PX
    top, bottom = CHART_TITLE_BAND_PX + 10, height - CHART_MARGIN_BOTTOM_PX
    plot_w, plot_h = right - left, bottom - top
    axis_max, step = _nice_axis_max(max(b.value for b in bars))
    total = sum(b.value for b in bars)
    description = (
        f"{len(bars):,} bars, {total:,} in all; largest {max(bars, key=lambda b: b.value).label}"
        f" with {max(b.value for b in bars):,}"
    )
    parts = [_svg_open(chart_id, title, description, width_px, height)]
    for tick in range(0, axis_max + 1, step):
        y = bottom - plot_h * tick / axis_max
        parts.append(
            f'<line class="grid" x1="{left}" y1="{y:.1f}" x2="{right}" y2="{y:.1f}"/>'
            f'<text class="tick" x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{tick:,}</text>'
        )
    slot = plot_w / len(bars)
    gap = slot * 0.18 if slot >= 4 else 0.0
    label_every = 1 if always_label else max(1, math.ceil(MIN_X_LABEL_GAP_PX / slot))
    for i, bar in enumerate(bars):
        x = left + i * slot + gap / 2
        bar_h = plot_h * bar.value / axis_max
        colour = MUTED_BAR_COLOUR if bar.muted else BAR_COLOUR
        # a zero still gets a hairline so the reader sees the category exists
        parts.append(
            f'<rect x="{x:.2f}" y="{bottom - max(bar_h, 0.8):.2f}" width="{max(slot - gap, 0.6):.2f}"'
            f' height="{max(bar_h, 0.8):.2f}" fill="{colour}"><title>{_h(bar.tooltip)}</title></rect>'
        )
        centre = left + (i + 0.5) * slot
        if slot >= MIN_VALUE_LABEL_SLOT_PX:
            parts.append(
                f'<text class="value" x="{centre:.1f}" y="{bottom - bar_h - 4:.1f}"'
                f' text-anchor="middle">{bar.value:,}</text>'
            )
        is_last = i == len(bars) - 1
        crowded_by_last = not always_label and (len(bars) - 1 - i) < label_every and not is_last
        if (i % label_every == 0 and not crowded_by_last) or (is_last and (bar.muted or len(bars) > 1)):
            parts.append(
                f'<text class="tick" x="{centre:.1f}" y="{bottom + 16}" text-anchor="middle">'
                f"{_h(bar.label)}</text>"
            )
    parts.append(
        f'<line class="axis" x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}"/>'
        f'<line class="axis" x1="{left}" y1="{top}" x2="{left}" y2="{bottom}"/>'
        f'<text class="axis-label" x="{left + plot_w / 2:.1f}" y="{height - 10}" text-anchor="middle">'
        f"{_h(x_label)}</text>"
        f'<text class="axis-label" transform="translate(16 {top + plot_h / 2:.1f}) rotate(-90)"'
        f' text-anchor="middle">{_h(y_label)}</text></svg>'
    )
    return "".join(parts)


def _bar_list_chart(chart_id: str, title: str, x_label: str, y_label: str, bars: Sequence[_Bar]) -> str:
    """Horizontal bars, one row per category, the label on the left and the value at the bar's end."""
    if not bars:
        return _no_data_svg(chart_id, title, x_label, y_label, CHART_WIDTH_PX)
    top = CHART_TITLE_BAND_PX + 24
    bottom = top + HBAR_ROW_HEIGHT_PX * len(bars)
    height = bottom + 46
    left, right = HBAR_LABEL_WIDTH_PX, CHART_WIDTH_PX - CHART_MARGIN_RIGHT_PX - 44
    plot_w = right - left
    axis_max, step = _nice_axis_max(max(b.value for b in bars))
    total = sum(b.value for b in bars)
    description = f"{len(bars):,} categories, {total:,} in all; " + ", ".join(
        f"{b.label}: {b.value:,}" for b in bars[:5]
    )
    parts = [_svg_open(chart_id, title, description, CHART_WIDTH_PX, height)]
    for tick in range(0, axis_max + 1, step):
        x = left + plot_w * tick / axis_max
        parts.append(
            f'<line class="grid" x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{bottom}"/>'
            f'<text class="tick" x="{x:.1f}" y="{bottom + 16}" text-anchor="middle">{tick:,}</text>'
        )
    for i, bar in enumerate(bars):
        y = top + i * HBAR_ROW_HEIGHT_PX
        bar_w = plot_w * bar.value / axis_max
        colour = MUTED_BAR_COLOUR if bar.muted else REJECT_BAR_COLOUR
        parts.append(
            f'<text class="tick" x="{left - 8}" y="{y + HBAR_ROW_HEIGHT_PX / 2 + 4:.1f}" text-anchor="end">'
            f"{_h(_truncate(bar.label, HBAR_LABEL_MAX_CHARS))}<title>{_h(bar.tooltip)}</title></text>"
            f'<rect x="{left}" y="{y + 4}" width="{max(bar_w, 0.8):.2f}" height="{HBAR_ROW_HEIGHT_PX - 8}"'
            f' fill="{colour}"><title>{_h(bar.tooltip)}</title></rect>'
            f'<text class="value" x="{left + bar_w + 5:.1f}" y="{y + HBAR_ROW_HEIGHT_PX / 2 + 4:.1f}">'
            f"{bar.value:,}</text>"
        )
    parts.append(
        f'<line class="axis" x1="{left}" y1="{top}" x2="{left}" y2="{bottom}"/>'
        f'<line class="axis" x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}"/>'
        f'<text class="axis-label" x="{left + plot_w / 2:.1f}" y="{height - 8}" text-anchor="middle">'
        f"{_h(x_label)}</text>"
        # the category axis is named above its labels, clear of the longest one
        f'<text class="axis-label" x="{left - 8}" y="{top - 6}" text-anchor="end">{_h(y_label)}</text></svg>'
    )
    return "".join(parts)


def _month_index(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def _day_bars(per_day: Iterable[tuple[dt.date | None, int]]) -> tuple[list[_Bar], str]:
    """Bars of articles by published date, and the bucket ("day", "month" or "N years").

    Days of the covered range without articles are zero bars, so the axis is continuous; a range
    longer than :data:`MAX_COLUMN_BARS` days is bucketed by month, then by years.
    """
    counts: dict[dt.date, int] = {}
    unknown = 0
    has_unknown = False
    for day, n in per_day:
        if day is None:
            unknown += n
            has_unknown = True
        else:
            counts[day] = counts.get(day, 0) + n
    bars: list[_Bar] = []
    unit = "day"
    if counts:
        first, last = min(counts), max(counts)
        if (last - first).days + 1 <= MAX_COLUMN_BARS:
            for offset in range((last - first).days + 1):
                day = first + dt.timedelta(days=offset)
                n = counts.get(day, 0)
                bars.append(_Bar(day.isoformat(), n, f"{day.isoformat()}: {n:,} articles"))
        elif _month_index(last) - _month_index(first) + 1 <= MAX_COLUMN_BARS:
            unit = "month"
            by_month: dict[int, int] = {}
            for day, n in counts.items():
                by_month[_month_index(day)] = by_month.get(_month_index(day), 0) + n
            for index in range(_month_index(first), _month_index(last) + 1):
                label = f"{index // 12:04d}-{index % 12 + 1:02d}"
                n = by_month.get(index, 0)
                bars.append(_Bar(label, n, f"{label}: {n:,} articles"))
        else:
            years = last.year - first.year + 1
            width = max(1, math.ceil(years / MAX_COLUMN_BARS))
            unit = "year" if width == 1 else f"{width} years"
            by_bucket: dict[int, int] = {}
            for day, n in counts.items():
                bucket = (day.year - first.year) // width
                by_bucket[bucket] = by_bucket.get(bucket, 0) + n
            for bucket in range((last.year - first.year) // width + 1):
                start = first.year + bucket * width
                label = str(start) if width == 1 else f"{start}–{start + width - 1}"
                n = by_bucket.get(bucket, 0)
                bars.append(_Bar(label, n, f"{label}: {n:,} articles"))
    if has_unknown:
        bars.append(_Bar("unknown", unknown, f"no published date: {unknown:,} articles", muted=True))
    return bars, unit


def _quote_bars(quotes_per_article: Iterable[int]) -> list[_Bar]:
    values = [q for q in quotes_per_article if q >= 0]
    if not values:
        return []
    bars = []
    for label, low, high in QUOTE_BINS:
        n = sum(1 for q in values if q >= low and (high is None or q <= high))
        noun = "quote" if label == "1" else "quotes"
        bars.append(_Bar(label, n, f"{label} {noun}: {n:,} articles"))
    return bars


def _reason_bars(rejected_by_reason: dict[str, int]) -> list[_Bar]:
    items = sorted(rejected_by_reason.items(), key=lambda item: (-item[1], item[0]))
    shown = items if len(items) <= MAX_REASON_BARS else items[: MAX_REASON_BARS - 1]
    bars = [_Bar(reason, n, f"{reason}: {n:,} files") for reason, n in shown]
    rest = items[len(shown) :]
    if rest:
        n = sum(count for _, count in rest)
        label = f"{len(rest):,} other reasons"
        bars.append(_Bar(label, n, f"{label}: {n:,} files", muted=True))
    return bars


def chart_articles_per_day(per_day: Sequence[tuple[dt.date | None, int]]) -> str:
    """The inline SVG of this run's articles per published day (id ``chart-days``)."""
    bars, unit = _day_bars(per_day)
    return _column_chart(
        "chart-days",
        "Articles per published day",
        f"published date (per {unit})",
        "articles",
        bars,
        width_px=WIDE_CHART_WIDTH_PX,
    )


def chart_quotes_per_article(quotes_per_article: Sequence[int]) -> str:
    """The inline SVG histogram of quotes per article (id ``chart-quotes``)."""
    return _column_chart(
        "chart-quotes",
        "Quotes per article",
        "quotes in the article",
        "articles",
        _quote_bars(quotes_per_article),
        always_label=True,
    )


def chart_rejects_by_reason(rejected_by_reason: dict[str, int]) -> str:
    """The inline SVG of rejected files by reason, most frequent first (id ``chart-rejects``)."""
    return _bar_list_chart(
        "chart-rejects", "Rejected files by reason", "files", "reason", _reason_bars(rejected_by_reason)
    )


# --------------------------------------------------------------------------------------------
# The page.

_CSS = """
:root { --ok: #1a7f37; --ok-bg: #dafbe1; --bad: #cf222e; --bad-bg: #ffebe9; --warn: #9a6700;
  --warn-bg: #fff8c5; --quar: #bc4c00; --quar-bg: #fff1e5; --ink: #1f2328; --muted: #59636e;
  --line: #d1d9e0; --card: #ffffff; --page: #f4f6f8; }
* { box-sizing: border-box; }
body { margin: 0; padding: 24px 32px 40px; background: var(--page); color: var(--ink);
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; }
main { max-width: 1220px; margin: 0 auto; }
h1 { font-size: 22px; margin: 0; }
h2 { font-size: 17px; margin: 0 0 10px; }
h3 { font-size: 15px; margin: 0; }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace;
  font-size: 12.5px; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 16px 18px;
  margin-bottom: 16px; }
header.card { border-top: 6px solid var(--ok); }
header.card.failed { border-top-color: var(--bad); }
.title-row { display: flex; align-items: center; gap: 14px; flex-wrap: wrap; margin-bottom: 12px; }
.badge { display: inline-block; padding: 2px 10px; border-radius: 999px; font-weight: 700; font-size: 12px;
  letter-spacing: .04em; text-transform: uppercase; border: 1px solid transparent; }
.badge.ok { color: var(--ok); background: var(--ok-bg); border-color: #aceebb; }
.badge.bad, .badge.sev-critical { color: var(--bad); background: var(--bad-bg); border-color: #ffcecb; }
.badge.sev-quarantine { color: var(--quar); background: var(--quar-bg); border-color: #ffd8b5; }
.badge.sev-warning { color: var(--warn); background: var(--warn-bg); border-color: #f5e0a0; }
.badge.big { font-size: 15px; padding: 4px 14px; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 0; }
dl.meta dt { color: var(--muted); }
dl.meta dd { margin: 0; overflow-wrap: anywhere; }
.error { margin-top: 12px; border: 1px solid #ffcecb; background: var(--bad-bg); border-radius: 6px;
  padding: 10px 12px; }
.error pre { margin: 6px 0 0; white-space: pre-wrap; overflow-wrap: anywhere; max-height: 16em;
  overflow: auto; }
.numbers { display: grid; grid-template-columns: repeat(4, 1fr); gap: 16px; margin-bottom: 8px; }
.number { margin: 0; }
.number .value { font-size: 30px; font-weight: 650; font-variant-numeric: tabular-nums; }
.number .label { color: var(--muted); }
.number.alert .value { color: var(--bad); }
.recon { margin: 0 0 16px; padding: 8px 14px; border-radius: 6px; font-weight: 600; }
.recon.ok { background: var(--ok-bg); color: var(--ok); }
.recon.bad { background: var(--bad-bg); color: var(--bad); }
.recon .note { font-weight: 400; color: var(--ink); }
.charts { display: grid; grid-template-columns: 1fr 1fr; gap: 0 16px; align-items: start; }
.charts .wide { grid-column: 1 / -1; }
figure { margin: 0 0 16px; }
figcaption { color: var(--muted); font-size: 12.5px; margin-top: 4px; }
#rejects table { margin-top: 14px; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
svg.chart { display: block; font-family: inherit; }
svg.chart .chart-title { font-size: 16px; font-weight: 650; fill: var(--ink); }
svg.chart .tick { font-size: 12px; fill: #424a53; }
svg.chart .value { font-size: 12px; fill: var(--ink); font-weight: 600; }
svg.chart .axis-label { font-size: 12.5px; fill: var(--muted); }
svg.chart .no-data { font-size: 18px; fill: var(--muted); font-style: italic; }
svg.chart .grid { stroke: #e3e7ec; stroke-width: 1; }
svg.chart .axis { stroke: #57606a; stroke-width: 1; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-size: 12px; text-transform: uppercase; letter-spacing: .03em; color: var(--muted);
  background: #f6f8fa; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.name { overflow-wrap: break-word; }
h3 code { font-size: 15px; }
h1 code { font-size: 20px; }
table.expectations { table-layout: fixed; }
table.expectations col.result { width: 78px; }
table.expectations col.severity { width: 120px; }
table.expectations col.unexpected { width: 104px; }
table.expectations col.observed { width: 30%; }
tr.pass .badge { color: var(--muted); background: #f6f8fa; border-color: var(--line); }
td.observed { overflow-wrap: anywhere; color: #424a53; max-width: 380px; }
tr.fail td { background: var(--bad-bg); }
tr.fail.sev-warning td { background: var(--warn-bg); }
tr.fail.sev-quarantine td { background: var(--quar-bg); }
tr.fail td:first-child { box-shadow: inset 4px 0 0 var(--bad); }
tr.fail.sev-warning td:first-child { box-shadow: inset 4px 0 0 #d4a72c; }
tr.fail.sev-quarantine td:first-child { box-shadow: inset 4px 0 0 var(--quar); }
td.result { font-weight: 700; white-space: nowrap; }
tr.pass td.result { color: var(--ok); }
tr.fail td.result { color: var(--bad); }
.suite-head { display: flex; align-items: baseline; gap: 12px; flex-wrap: wrap; margin-bottom: 8px; }
.counts { color: var(--muted); }
.suites-summary { margin: 0 0 12px; }
.suite-nav { display: flex; gap: 8px; flex-wrap: wrap; margin: 0 0 14px; padding: 0; list-style: none; }
.suite-nav a { text-decoration: none; }
.empty { color: var(--muted); font-style: italic; margin: 0; }
footer { color: var(--muted); font-size: 12px; text-align: center; margin-top: 8px; }
a { color: #0a58ca; }
@media (max-width: 1000px) { .charts { grid-template-columns: 1fr; }
  .numbers { grid-template-columns: repeat(2, 1fr); } }
@media print { body { background: #fff; padding: 0; } .card { break-inside: avoid; } }
"""


def _data_docs_href(data_docs_index: str, warehouse: str) -> str:
    """A link to the Data Docs from ``<warehouse>/reports/``: relative inside the warehouse, else file://."""
    docs = Path(os.path.abspath(data_docs_index))
    reports = Path(os.path.abspath(warehouse)) / REPORTS_DIR_NAME
    if docs.is_relative_to(Path(os.path.abspath(warehouse))):
        relative = os.path.relpath(docs, reports)
        return "/".join(urllib.parse.quote(part) for part in Path(relative).parts)
    return docs.as_uri()


def _header_html(data: RunReportData) -> str:
    failed = data.status != "completed"
    rows = [
        ("started", f"<span class='mono'>{_h(_time_text(data.started_at))}</span>"),
        ("finished", f"<span class='mono'>{_h(_time_text(data.finished_at))}</span>"),
        ("duration", _h(_duration_text(data.started_at, data.finished_at))),
        ("warehouse", f"<code>{_h(data.warehouse)}</code>"),
        (
            "Prefect flow run",
            f"<code>{_h(data.flow_run_id)}</code>" if data.flow_run_id else "<span class='empty'>none</span>",
        ),
    ]
    if data.data_docs_index:
        href = _data_docs_href(data.data_docs_index, data.warehouse)
        rows.append(
            (
                "Data Docs",
                f'<a href="{_h(href)}">Great Expectations Data Docs</a>'
                f" <code>{_h(data.data_docs_index)}</code>",
            )
        )
    meta = "".join(f"<dt>{label}</dt><dd>{value}</dd>" for label, value in rows)
    error = ""
    if data.error:
        error = f'<div class="error" role="alert"><strong>Error</strong><pre>{_h(data.error)}</pre></div>'
    elif failed:
        error = '<div class="error" role="alert"><strong>Error</strong> <em>no message recorded</em></div>'
    badge_class = "bad" if failed else "ok"
    return (
        f'<header class="card{" failed" if failed else ""}"><div class="title-row">'
        f"<h1>news-etl run <code>{_h(data.run_id)}</code></h1>"
        f'<span class="badge big {badge_class}">{_h(data.status)}</span></div>'
        f'<dl class="meta">{meta}</dl>{error}</header>'
    )


def _numbers_html(data: RunReportData) -> str:
    cards = [
        ("files seen", data.files_seen, False),
        ("articles loaded", data.articles_loaded, False),
        ("files rejected", data.files_rejected, data.files_rejected > 0),
        ("rows quarantined", data.rows_quarantined, data.rows_quarantined > 0),
    ]
    numbers = "".join(
        f'<div class="card number{" alert" if alert else ""}"><div class="value">{value:,}</div>'
        f'<div class="label">{label}</div></div>'
        for label, value, alert in cards
    )
    ok = data.reconciliation.ok
    note = ""
    reasons_total = sum(data.rejected_by_reason.values())
    if reasons_total != data.files_rejected:
        note = (
            f' <span class="note">(the reasons below add up to {reasons_total:,},'
            f" not {data.files_rejected:,})</span>"
        )
    return (
        f'<section class="numbers" aria-label="headline numbers">{numbers}</section>'
        f'<p class="recon {"ok" if ok else "bad"}" id="reconciliation">Reconciliation: '
        f"{_h(data.reconciliation.text())}{note}</p>"
    )


def _quotes_caption(quotes_per_article: Sequence[int]) -> str:
    values = [q for q in quotes_per_article if q >= 0]
    if not values:
        return "no articles with a quote count"
    mean = sum(values) / len(values)
    with_quotes = sum(1 for q in values if q > 0)
    return (
        f"{len(values):,} articles · {with_quotes / len(values):.0%} with a quote · mean {mean:.1f}"
        f" · max {max(values):,}"
    )


def _charts_html(data: RunReportData) -> str:
    """The date chart across the page; below it, the quotes histogram beside the rejects (chart, table)."""
    dated = sum(n for day, n in data.articles_per_day if day is not None)
    undated = sum(n for day, n in data.articles_per_day if day is None)
    days_caption = f"{dated:,} articles with a published date, {undated:,} without"
    rejects_caption = (
        f"{sum(data.rejected_by_reason.values()):,} files over {len(data.rejected_by_reason):,} reasons"
    )
    return (
        '<section class="charts" aria-label="charts">'
        f'<figure class="card wide">{chart_articles_per_day(data.articles_per_day)}'
        f"<figcaption>{_h(days_caption)}</figcaption></figure>"
        f'<figure class="card">{chart_quotes_per_article(data.quotes_per_article)}'
        f"<figcaption>{_h(_quotes_caption(data.quotes_per_article))}</figcaption></figure>"
        f'<section class="card" id="rejects"><figure>{chart_rejects_by_reason(data.rejected_by_reason)}'
        f"<figcaption>{_h(rejects_caption)}</figcaption></figure>{_rejects_table_html(data)}</section>"
        "</section>" + _kept_table_html(data)
    )


def _kept_table_html(data: RunReportData) -> str:
    """The files rejected when read again whose previous version stays loaded (ledger: stale)."""
    if not data.files_kept:
        return ""
    body = "".join(
        f'<tr><td class="name"><code>{_wrappable(_h(uri))}</code></td><td><code>{_h(reason)}</code></td></tr>'
        for uri, reason in data.kept
    )
    more = data.files_kept - len(data.kept)
    foot = f'<tfoot><tr><th colspan="2">and {more:,} more</th></tr></tfoot>' if more > 0 else ""
    return (
        f'<section class="card" id="kept"><h2>kept previous version: {data.files_kept:,} files</h2>'
        "<p>Rejected when read again; the rows of the version that loaded stay in the warehouse "
        "(the ledger marks them <code>stale</code>; <code>news-etl prune</code> removes them).</p>"
        '<table class="rejects"><thead><tr><th>file</th><th>reason</th></tr></thead>'
        f"<tbody>{body}</tbody>{foot}</table></section>"
    )


def _rejects_table_html(data: RunReportData) -> str:
    items = _rejects_sorted(data)
    if not items:
        return '<p class="empty">No file was rejected.</p>'
    total = sum(n for _, n in items)
    body = "".join(
        f'<tr><td class="name"><code>{_h(reason)}</code></td><td class="num">{n:,}</td>'
        f'<td class="num">{f"{n / total:.0%}" if total else "–"}</td></tr>'
        for reason, n in items
    )
    return (
        '<table class="rejects"><caption class="visually-hidden">Rejected files by reason</caption>'
        '<thead><tr><th>reason</th><th class="num">files</th><th class="num">share</th></tr></thead>'
        f"<tbody>{body}</tbody>"
        f'<tfoot><tr><th>total</th><th class="num">{total:,}</th><th></th></tr></tfoot></table>'
    )


def _wrappable(escaped: str) -> str:
    """Escaped text with break opportunities after ``_``, ``,`` and ``(`` (long expectation names)."""
    return re.sub(r"([_,(])", r"\1<wbr>", escaped)


def _suite_counts_text(suite: _Suite) -> str:
    total = len(suite.outcomes)
    failed = suite.failed
    text = f"{total:,} expectations · {total - len(failed):,} passed · {len(failed):,} failed"
    if failed:
        by_severity = [
            f"{sum(1 for o in failed if o.severity == sev):,} {sev}"
            for sev in sorted({o.severity for o in failed}, key=_severity_rank)
        ]
        unexpected = sum(o.unexpected_count for o in failed)
        text += f" ({', '.join(by_severity)}) · {unexpected:,} unexpected values"
    return text


def _suite_badge(suite: _Suite) -> str:
    if suite.passed:
        return '<span class="badge ok">pass</span>'
    return f'<span class="badge sev-{_h(suite.worst_severity)}">fail</span>'


def _suite_html(index: int, suite: _Suite) -> str:
    rows = []
    for o in suite.outcomes:
        result = "pass" if o.success else "fail"
        row_class = "pass" if o.success else f"fail sev-{_h(o.severity)}"
        observed = _h(o.observed_value) if o.observed_value is not None else "<span class='empty'>–</span>"
        rows.append(
            f'<tr class="{row_class}"><td class="result">{"✔" if o.success else "✘"} {result}</td>'
            f'<td class="name"><code>{_wrappable(_h(o.expectation))}</code></td>'
            f'<td><span class="badge sev-{_h(o.severity)}">{_h(o.severity)}</span></td>'
            f'<td class="num">{o.unexpected_count:,}</td><td class="observed">{observed}</td></tr>'
        )
    return (
        f'<section class="card suite" id="suite-{index}" data-suite="{_h(suite.name)}">'
        f'<div class="suite-head"><h3>suite <code>{_h(suite.name)}</code></h3>{_suite_badge(suite)}'
        f'<span class="counts">{_h(_suite_counts_text(suite))}</span></div>'
        '<table class="expectations"><colgroup><col class="result"><col class="name"><col class="severity">'
        '<col class="unexpected"><col class="observed"></colgroup>'
        "<thead><tr><th>result</th><th>expectation</th><th>severity</th>"
        '<th class="num">unexpected</th><th>observed value</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></section>"
    )


def _quality_html(suites: Sequence[_Suite]) -> str:
    if not suites:
        return (
            '<section class="card" id="quality"><h2>Data quality</h2>'
            '<p class="empty">No expectation was checked in this run.</p></section>'
        )
    nav = "".join(
        f'<li><a href="#suite-{i}">{_suite_badge(s)} <code>{_h(s.name)}</code></a></li>'
        for i, s in enumerate(suites, start=1)
    )
    head = (
        '<section class="card" id="quality"><h2>Data quality</h2>'
        f'<p class="suites-summary">{_h(_suites_line(suites).removeprefix("suites: "))}</p>'
        f'<ul class="suite-nav">{nav}</ul></section>'
    )
    return head + "".join(_suite_html(i, s) for i, s in enumerate(suites, start=1))


#: The page needs its inline CSS and nothing else: no script, no fetch, no form, no frame, no
#: base URL. Escaping keeps data out of the markup; this policy is the second wall, should a
#: string ever slip through (a script or an event handler does not run, an image does not load).
#: The meta tag comes before any data in the page, so it applies to all of it (``frame-ancestors``
#: is left out: browsers ignore it in a meta tag).
REPORT_CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
)


def render_run_report(data: RunReportData) -> str:
    """The run report as one self-contained HTML5 page (inline CSS and SVG, no script, no network).

    A Data Docs link is written relative to ``<warehouse>/reports/``, where :func:`write_run_report`
    puts the page.
    """
    suites = _suites(data)
    title = f"news-etl run {_h(data.run_id)} — {_h(data.status)}"
    body = _header_html(data) + _numbers_html(data) + _charts_html(data) + _quality_html(suites)
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{REPORT_CONTENT_SECURITY_POLICY}">\n'
        '<meta name="color-scheme" content="light">\n'
        f"<title>{title}</title>\n<style>{_CSS}</style>\n</head>\n"
        f"<body>\n<main>\n{body}\n"
        "<footer>news-etl data-quality run report</footer>\n</main>\n</body>\n</html>\n"
    )


# --------------------------------------------------------------------------------------------
# Files and artifacts.


def _check_run_id(run_id: str) -> None:
    if not _RUN_ID_RE.fullmatch(run_id):
        raise ValueError(f"run id {run_id!r} is not usable in a file name: use only [A-Za-z0-9_.-]")


def _write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to a temporary file beside ``path``, then rename it over ``path``."""
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


def write_run_report(warehouse_root: Path, data: RunReportData) -> Path:
    """Write ``<warehouse_root>/reports/<run_id>.html`` and ``reports/latest.html``; return the first.

    Each file is replaced whole (temporary file, then :func:`os.replace`), so a reader never sees
    half a page. A run id outside ``[A-Za-z0-9_.-]+`` is refused with :class:`ValueError`.
    """
    _check_run_id(data.run_id)
    reports = Path(warehouse_root) / REPORTS_DIR_NAME
    reports.mkdir(parents=True, exist_ok=True)
    page = render_run_report(data)
    run_path = reports / f"{data.run_id}.html"
    _write_atomically(run_path, page)
    _write_atomically(reports / LATEST_REPORT_NAME, page)
    return run_path


def report_markdown(data: RunReportData) -> str:
    """The run summary as Markdown for a Prefect markdown artifact; data is Markdown-escaped."""
    suites = _suites(data)
    status = "✅ completed" if data.status == "completed" else f"❌ {_md(data.status)}"
    lines = [
        f"# news-etl run {_md(data.run_id)}: {status}",
        "",
        f"Started {_md(_time_text(data.started_at))}, finished {_md(_time_text(data.finished_at))}"
        f" ({_md(_duration_text(data.started_at, data.finished_at))}); warehouse {_md(data.warehouse)}.",
    ]
    if data.error:
        lines += ["", f"**Error:** {_md(data.error)}"]
    lines += [
        "",
        "| files seen | articles loaded | files rejected | rows quarantined |",
        "|---:|---:|---:|---:|",
        f"| {data.files_seen:,} | {data.articles_loaded:,} | {data.files_rejected:,}"
        f" | {data.rows_quarantined:,} |",
        "",
        f"**Reconciliation:** {_md(data.reconciliation.text())}",
        "",
        "## Rejected files by reason",
        "",
    ]
    rejects = _rejects_sorted(data)
    if rejects:
        lines += ["| reason | files |", "|---|---:|"]
        lines += [f"| {_md(reason)} | {n:,} |" for reason, n in rejects]
    else:
        lines.append("No file was rejected.")
    lines += ["", "## Data quality", "", _md(_suites_line(suites)), ""]
    for suite in suites:
        total = len(suite.outcomes)
        if suite.passed:
            lines.append(f"- ✅ **{_md(suite.name)}**: all {total:,} expectations passed")
            continue
        lines.append(f"- ❌ **{_md(suite.name)}**: {len(suite.failed):,} of {total:,} expectations failed")
        for o in suite.failed:
            observed = f", observed {_md(o.observed_value)}" if o.observed_value is not None else ""
            lines.append(
                f"  - {_md(o.severity)}: {_md(o.expectation)} ({o.unexpected_count:,} unexpected{observed})"
            )
    return "\n".join(lines).rstrip("\n") + "\n"


def report_table(data: RunReportData) -> list[dict[str, object]]:
    """One row per expectation for a Prefect table artifact, suite by suite, failing ones first."""
    return [
        {
            "table": _clean(o.table_name),
            "expectation": _clean(o.expectation),
            "severity": o.severity,
            "success": o.success,
            "unexpected_count": o.unexpected_count,
            "observed_value": None if o.observed_value is None else _clean(o.observed_value),
        }
        for suite in _suites(data)
        for o in suite.outcomes
    ]


def headline(data: RunReportData) -> list[str]:
    """Four to six short lines for a terminal: status, counts, suites passed and failed."""
    lines = [
        f"run {_short(data.run_id, HEADLINE_FIELD_MAX_CHARS)}: {_short(data.status, 20).upper()}"
        f" in {_duration_text(data.started_at, data.finished_at)}",
        f"reconciliation {data.reconciliation.text()}",
        f"rows quarantined {data.rows_quarantined:,}",
        _suites_line(_suites(data), HEADLINE_FIELD_MAX_CHARS),
    ]
    if data.rejected_by_reason:
        top = ", ".join(
            f"{_short(reason, HEADLINE_FIELD_MAX_CHARS)} {n:,}" for reason, n in _rejects_sorted(data)[:4]
        )
        more = len(data.rejected_by_reason) - 4
        lines.insert(2, f"rejected by reason: {top}" + (f" and {more:,} more" if more > 0 else ""))
    if data.files_kept:
        lines.append(f"kept previous version {data.files_kept:,} (rejected when read again)")
    if data.error:
        lines.append("error: " + _short(data.error, HEADLINE_ERROR_MAX_CHARS))
    return lines
