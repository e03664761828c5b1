"""The report's three charts as inline SVG: articles per published day, quotes per article,
rejected files by reason.

Each is sensible with no, one or thousands of values: a long date range is bucketed by month or
years (at most :data:`MAX_COLUMN_BARS` bars), the least frequent reasons are summed into one
"other" bar, and every text from data is cleaned and escaped (:mod:`reporting.escape`).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from reporting.escape import _h, _truncate

#: Histogram bins of quotes per article: (label, lowest, highest or None for open-ended).
QUOTE_BINS: tuple[tuple[str, int, int | None], ...] = (
    ("0", 0, 0),
    ("1", 1, 1),
    ("2", 2, 2),
    ("3–5", 3, 5),
    ("6–10", 6, 10),
    ("11+", 11, None),
)

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

BAR_COLOUR = "#2f6fce"
MUTED_BAR_COLOUR = "#9aa4b1"
REJECT_BAR_COLOUR = "#c2571a"
AXIS_COLOUR = "#57606a"
GRID_COLOUR = "#e3e7ec"


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


def _quote_bars(quote_counts: Iterable[tuple[int, int]]) -> list[_Bar]:
    counts = [(quotes, n) for quotes, n in quote_counts if quotes >= 0]
    if not counts:
        return []
    bars = []
    for label, low, high in QUOTE_BINS:
        n = sum(articles for quotes, articles in counts if quotes >= low and (high is None or quotes <= high))
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


def chart_quotes_per_article(quote_counts: Sequence[tuple[int, int]]) -> str:
    """The inline SVG histogram of quotes per article (id ``chart-quotes``), from the articles by
    quote count: ``(quotes, articles)`` pairs, as the run record keeps them."""
    return _column_chart(
        "chart-quotes",
        "Quotes per article",
        "quotes in the article",
        "articles",
        _quote_bars(quote_counts),
        always_label=True,
    )


def chart_rejects_by_reason(rejected_by_reason: dict[str, int]) -> str:
    """The inline SVG of rejected files by reason, most frequent first (id ``chart-rejects``)."""
    return _bar_list_chart(
        "chart-rejects", "Rejected files by reason", "files", "reason", _reason_bars(rejected_by_reason)
    )
