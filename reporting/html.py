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
* when the flow hands it the last runs, the "Last N runs" section (:mod:`reporting.trends`):
  articles loaded with the next run's volume band, rejects by reason, rows quarantined and a heat
  strip of the failing checks, per run;
* one section per suite (articles, paragraphs, quotes, rejects, then any other) with a pass/fail
  badge, counts, and its expectations, failing ones first and highlighted by severity.

The page is one self-contained HTML5 file: inline CSS (``reporting/report.css``, package data
read once) and SVG (:mod:`reporting.charts`), no script, no network resource, so it renders the
same from a warehouse copied elsewhere. Every string that comes from data (run id,
paths, reasons, expectation names, observed values, error text) is cleaned of control and
bidirectional formatting characters and HTML-escaped, in SVG text and attributes as well
(:mod:`reporting.escape`, at the sink).

:func:`report_markdown`, :func:`report_table` and :func:`headline` give the same summary as a
Prefect markdown artifact, a Prefect table artifact and a few terminal lines. All of them render
one :class:`~schemas.run_record.RunRecord`.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
import urllib.parse
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from reporting.charts import (
    chart_articles_per_day,
    chart_quotes_per_article,
    chart_rejects_by_reason,
)
from reporting.escape import _clean, _h, _md, _short
from reporting.trends import trend_section_html
from schemas.records import ExpectationOutcome, Severity
from schemas.run_record import RunRecord
from schemas.trends import RunsTrend

#: Suites shown first, in this order; any other table follows in order of first appearance.
SUITE_ORDER: tuple[str, ...] = ("articles", "paragraphs", "quotes", "rejects")
#: Failing expectations are listed most severe first.
SEVERITY_RANK: dict[str, int] = {"critical": 0, "quarantine": 1, "warning": 2}
#: The report's directory under the warehouse root.
REPORTS_DIR_NAME = "reports"
LATEST_REPORT_NAME = "latest.html"
_RUN_ID_RE = re.compile(r"[A-Za-z0-9_.-]+")

#: Terminal lines: a name from data (run id, reason, suite) and the error are cut to these lengths.
HEADLINE_FIELD_MAX_CHARS = 32
HEADLINE_ERROR_MAX_CHARS = 160

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


def _suites(data: RunRecord) -> list[_Suite]:
    by_table: dict[str, list[ExpectationOutcome]] = {}
    for outcome in data.outcomes:
        by_table.setdefault(outcome.table_name, []).append(outcome)
    known = [name for name in SUITE_ORDER if name in by_table]
    others = [name for name in by_table if name not in SUITE_ORDER]
    return [_Suite(name, _ordered_outcomes(by_table[name])) for name in known + others]


def _rejects_sorted(data: RunRecord) -> list[tuple[str, int]]:
    return sorted(data.rejected.items(), key=lambda item: (-item[1], item[0]))


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
# The page.

#: The page's style sheet, package data beside this module (``reporting/report.css``).
_CSS = resources.files("reporting").joinpath("report.css").read_text(encoding="utf-8")


def _data_docs_href(data_docs_index: str, warehouse: str) -> str:
    """A link to the Data Docs from ``<warehouse>/reports/``: relative inside the warehouse, else file://."""
    docs = Path(os.path.abspath(data_docs_index))
    reports = Path(os.path.abspath(warehouse)) / REPORTS_DIR_NAME
    if docs.is_relative_to(Path(os.path.abspath(warehouse))):
        relative = os.path.relpath(docs, reports)
        return "/".join(urllib.parse.quote(part) for part in Path(relative).parts)
    return docs.as_uri()


def _header_html(data: RunRecord) -> str:
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


def _numbers_html(data: RunRecord) -> str:
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
    reasons_total = sum(data.rejected.values())
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


def _quotes_caption(quote_counts: Sequence[tuple[int, int]]) -> str:
    counts = [(quotes, n) for quotes, n in quote_counts if quotes >= 0 and n > 0]
    articles = sum(n for _, n in counts)
    if not articles:
        return "no articles with a quote count"
    mean = sum(quotes * n for quotes, n in counts) / articles
    with_quotes = sum(n for quotes, n in counts if quotes > 0)
    return (
        f"{articles:,} articles · {with_quotes / articles:.0%} with a quote · mean {mean:.1f}"
        f" · max {max(quotes for quotes, _ in counts):,}"
    )


def _charts_html(data: RunRecord) -> str:
    """The date chart across the page; below it, the quotes histogram beside the rejects (chart, table)."""
    dated = sum(n for day, n in data.articles_per_day if day is not None)
    undated = sum(n for day, n in data.articles_per_day if day is None)
    days_caption = f"{dated:,} articles with a published date, {undated:,} without"
    rejects_caption = f"{sum(data.rejected.values()):,} files over {len(data.rejected):,} reasons"
    return (
        '<section class="charts" aria-label="charts">'
        f'<figure class="card wide">{chart_articles_per_day(data.articles_per_day)}'
        f"<figcaption>{_h(days_caption)}</figcaption></figure>"
        f'<figure class="card">{chart_quotes_per_article(data.quote_counts)}'
        f"<figcaption>{_h(_quotes_caption(data.quote_counts))}</figcaption></figure>"
        f'<section class="card" id="rejects"><figure>{chart_rejects_by_reason(data.rejected)}'
        f"<figcaption>{_h(rejects_caption)}</figcaption></figure>{_rejects_table_html(data)}</section>"
        "</section>" + _kept_table_html(data)
    )


def _kept_table_html(data: RunRecord) -> str:
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


def _rejects_table_html(data: RunRecord) -> str:
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


def render_run_report(data: RunRecord, trend: RunsTrend | None = None) -> str:
    """The run report as one self-contained HTML5 page (inline CSS and SVG, no script, no network).

    With ``trend`` (the last runs, this one included), a "Last N runs" section follows the run's
    own charts (:mod:`reporting.trends`). A Data Docs link is written relative to
    ``<warehouse>/reports/``, where :func:`write_run_report` puts the page.
    """
    suites = _suites(data)
    title = f"news-etl run {_h(data.run_id)} — {_h(data.status)}"
    body = _header_html(data) + _numbers_html(data) + _charts_html(data)
    body += (trend_section_html(trend) if trend is not None else "") + _quality_html(suites)
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{REPORT_CONTENT_SECURITY_POLICY}">\n'
        '<meta name="color-scheme" content="light">\n'
        f"<title>{title}</title>\n<style>\n{_CSS}</style>\n</head>\n"
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


def write_run_report(warehouse_root: Path, data: RunRecord, trend: RunsTrend | None = None) -> Path:
    """Write ``<warehouse_root>/reports/<run_id>.html`` and ``reports/latest.html``; return the first.

    Each file is replaced whole (temporary file, then :func:`os.replace`), so a reader never sees
    half a page. A run id outside ``[A-Za-z0-9_.-]+`` is refused with :class:`ValueError`.
    """
    _check_run_id(data.run_id)
    reports = Path(warehouse_root) / REPORTS_DIR_NAME
    reports.mkdir(parents=True, exist_ok=True)
    page = render_run_report(data, trend)
    run_path = reports / f"{data.run_id}.html"
    _write_atomically(run_path, page)
    _write_atomically(reports / LATEST_REPORT_NAME, page)
    return run_path


def report_markdown(data: RunRecord) -> str:
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


def report_table(data: RunRecord) -> list[dict[str, object]]:
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


def headline(data: RunRecord) -> list[str]:
    """Four to six short lines for a terminal: status, counts, suites passed and failed."""
    lines = [
        f"run {_short(data.run_id, HEADLINE_FIELD_MAX_CHARS)}: {_short(data.status, 20).upper()}"
        f" in {_duration_text(data.started_at, data.finished_at)}",
        f"reconciliation {data.reconciliation.text()}",
        f"rows quarantined {data.rows_quarantined:,}",
        _suites_line(_suites(data), HEADLINE_FIELD_MAX_CHARS),
    ]
    if data.rejected:
        top = ", ".join(
            f"{_short(reason, HEADLINE_FIELD_MAX_CHARS)} {n:,}" for reason, n in _rejects_sorted(data)[:4]
        )
        more = len(data.rejected) - 4
        lines.insert(2, f"rejected by reason: {top}" + (f" and {more:,} more" if more > 0 else ""))
    if data.files_kept:
        lines.append(f"kept previous version {data.files_kept:,} (rejected when read again)")
    if data.error:
        lines.append("error: " + _short(data.error, HEADLINE_ERROR_MAX_CHARS))
    return lines
