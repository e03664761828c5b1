"""The run report: the HTML page, its charts, escaping, the atomic writes and the Prefect artifacts."""

from __future__ import annotations

import datetime as dt
import itertools
import os
import random
import re
import xml.etree.ElementTree as ET
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest

from reporting import charts
from reporting import html as report
from reporting.charts import chart_articles_per_day, chart_quotes_per_article, chart_rejects_by_reason
from reporting.html import (
    headline,
    render_run_report,
    report_markdown,
    report_table,
    write_run_report,
)
from schemas.run_record import RunRecord
from tests.helpers import make_data, outcome, quote_counts, run_chromium, screenshot_rows

SCREENSHOT_WIDTH_PX = 1280
SCREENSHOT_HEIGHT_PX = 2400
SVG_NS = "{http://www.w3.org/2000/svg}"

HOSTILE = [
    "<script>alert(1)</script>",
    '"onmouseover=alert(2) x="',
    "R&amp;D",
    "'); DROP TABLE articles; --",
    "bell\x07nul\x00esc\x1b[31mdel\x7fnel\x85",
    "\u202eevil\u200f mark\u200e",
]
RAW_FORBIDDEN = [
    "<script",
    "alert(1)</",
    '"onmouseover=',
    "R&amp;D",
    "');",
    "\x07",
    "\x00",
    "\x1b",
    "\x7f",
    "\x85",
    "\u202e",
    "\u200f",
    "\u200e",
]


def realistic_data() -> RunRecord:
    """A run as the browser test shows it: five suites, failures of each severity, a month of articles."""
    rng = random.Random(20260101)
    start = dt.date(2025, 11, 1)
    per_day: list[tuple[dt.date | None, int]] = [
        (start + dt.timedelta(days=d), rng.randint(2, 40)) for d in range(30) if d != 11
    ]
    per_day.append((None, 9))
    articles = sum(n for _, n in per_day)
    quotes = [min(int(rng.expovariate(0.35)), 40) for _ in range(articles)]
    rejected = {"duplicate": 31, "no_body": 17, "empty": 9, "decode_error": 4, "binary": 2, "corrupt": 1}
    suites = {
        "articles": ["article_id", "title", "published_date", "url", "body_sha256", "language"],
        "paragraphs": ["article_id", "paragraph_index", "text", "char_start"],
        "quotes": ["article_id", "quote_text", "speaker", "quote_start", "quote_end", "kind"],
        "rejects": ["source_uri", "reason", "stage"],
        "sources": ["uri", "size"],
    }
    outcomes = [
        outcome(
            table, f"expect_column_values_to_not_be_null({column})", severity="quarantine", observed="0 rows"
        )
        for table, columns in suites.items()
        for column in columns
    ]
    outcomes += [
        outcome("articles", "expect_column_values_to_be_unique(article_id)", severity="critical"),
        outcome(
            "articles",
            "expect_column_values_to_match_regex(url, ^https?://)",
            success=False,
            severity="warning",
            unexpected=12,
            observed="12 of 640 rows (1.9 %): 'ftp://x', 'www.example.org'",
        ),
        outcome(
            "quotes",
            "expect_column_pair_values_a_to_be_greater_than_b(quote_end, quote_start)",
            success=False,
            severity="quarantine",
            unexpected=7,
            observed="7 rows",
        ),
        outcome(
            "quotes",
            "expect_column_values_to_be_in_set(kind, [direct, mixed, indirect])",
            success=False,
            severity="critical",
            unexpected=3,
            observed="3 rows: 'reported'",
        ),
        outcome(
            "rejects", "expect_column_values_to_be_in_set(reason)", severity="critical", observed="0 rows"
        ),
    ]
    return make_data(
        run_id="run-20251201T031500Z",
        status="failed",
        started_at=dt.datetime(2025, 12, 1, 3, 15, 0, tzinfo=dt.UTC),
        finished_at=dt.datetime(2025, 12, 1, 3, 21, 47, tzinfo=dt.UTC),
        files_seen=articles + sum(rejected.values()),
        articles_loaded=articles,
        files_rejected=sum(rejected.values()),
        rejected=Counter(rejected),
        rows_quarantined=7,
        outcomes=outcomes,
        articles_per_day=per_day,
        quote_counts=quote_counts(quotes),
        error="critical expectation failed: quotes.expect_column_values_to_be_in_set(kind); nothing loaded",
    )


def hostile_data() -> RunRecord:
    """Every data field that is not the run id holds every hostile string."""
    bad = " | ".join(HOSTILE)
    return make_data(
        run_id="run-1",
        flow_run_id=bad,
        status="failed",
        warehouse="/tmp/wh " + bad,
        rejected=Counter({bad: 2, HOSTILE[0]: 1}),
        outcomes=[
            outcome(bad, bad, success=False, severity="critical", unexpected=1, observed=bad),
            outcome("articles", HOSTILE[0], success=True, observed=HOSTILE[1]),
            outcome("quotes", HOSTILE[3], success=False, unexpected=2, observed=HOSTILE[4]),
        ],
        data_docs_index="/elsewhere/" + bad + "/index.html",
        error="Traceback\n" + bad,
    )


def suite_sections(page: str) -> list[str]:
    return re.findall(r'<section class="card suite" id="suite-\d+" data-suite="([^"]*)">', page)


def section_of(page: str, suite: str) -> str:
    start = page.index(f'data-suite="{suite}"')
    end = page.find('<section class="card suite"', start)
    return page[start : end if end != -1 else len(page)].replace("<wbr>", "")


class TagCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


# --------------------------------------------------------------------------------------------
# The page


def test_page_is_self_contained_html5_with_header_and_numbers():
    page = render_run_report(make_data())
    assert page.startswith("<!DOCTYPE html>\n")
    assert page.rstrip().endswith("</html>")
    assert "run-20260101T000000Z" in page
    assert "0b3c6a7e-1111-2222-3333-444455556666" in page
    assert "2026-01-01 00:00:00+00:00" in page and "2026-01-01 00:03:25+00:00" in page
    assert "3 min 25 s" in page
    assert "/data/warehouse" in page
    assert 'class="badge big ok">completed<' in page
    assert 'role="alert"' not in page  # no error box for a completed run
    for label, value in [("files seen", "12"), ("articles loaded", "9"), ("files rejected", "3")]:
        assert f'<div class="value">{value}</div><div class="label">{label}</div>' in page
    assert '<div class="value">4</div><div class="label">rows quarantined</div>' in page
    collector = TagCollector()
    collector.feed(page)
    tags = {tag for tag, _ in collector.tags}
    assert "script" not in tags and "link" not in tags and "img" not in tags and "iframe" not in tags
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)  # nothing from the network
    assert "@import" not in page and "url(" not in page


def test_failed_run_is_distinct_and_shows_the_error():
    page = render_run_report(make_data(status="failed", error="boom: the warehouse is locked"))
    assert 'class="badge big bad">failed<' in page
    assert '<header class="card failed">' in page
    assert 'role="alert"' in page and "boom: the warehouse is locked" in page
    assert 'class="badge big ok"' not in page


def test_reconciliation_line_ok_and_mismatch():
    page = render_run_report(make_data())
    assert 'class="recon ok"' in page
    assert "12 seen = 9 loaded + 3 rejected: ok" in page
    mismatch = render_run_report(make_data(files_seen=13))
    assert 'class="recon bad"' in mismatch
    assert "13 seen = 9 loaded + 3 rejected: MISMATCH" in mismatch
    # unchanged and out-of-window files are accounted for, and named, as in the terminal summary
    rerun = render_run_report(
        make_data(
            files_seen=830, articles_loaded=10, files_rejected=3, files_unchanged=816, files_outside_window=1
        )
    )
    assert 'class="recon ok"' in rerun
    assert "830 seen = 10 loaded + 3 rejected + 816 unchanged + 1 outside the window: ok" in rerun
    # the reasons not adding up to files_rejected is pointed out too
    odd = render_run_report(make_data(rejected=Counter({"empty": 1})))
    assert "the reasons below add up to 1, not 3" in odd


def test_rejects_table_lists_each_reason_with_its_count_most_first():
    page = render_run_report(make_data(rejected=Counter({"binary": 1, "empty": 5, "no_body": 2})))
    table = page[
        page.index('<table class="rejects">') : page.index("</table>", page.index('<table class="rejects">'))
    ]
    rows = re.findall(r'<tr><td class="name"><code>([^<]*)</code></td><td class="num">([\d,]+)</td>', table)
    assert rows == [("empty", "5"), ("no_body", "2"), ("binary", "1")]
    assert '<th class="num">8</th>' in table  # the total
    assert "No file was rejected." in render_run_report(make_data(rejected=Counter({}), files_rejected=0))


def test_one_section_per_suite_in_house_order_then_others():
    outcomes = [
        outcome("zeta", "expect_a"),
        outcome("rejects", "expect_b"),
        outcome("quotes", "expect_c"),
        outcome("alpha", "expect_d"),
        outcome("articles", "expect_e"),
        outcome("paragraphs", "expect_f"),
        outcome("quotes", "expect_g"),
    ]
    page = render_run_report(make_data(outcomes=outcomes))
    assert suite_sections(page) == ["articles", "paragraphs", "quotes", "rejects", "zeta", "alpha"]
    assert page.count('<table class="expectations">') == 6
    assert "expect_c" in section_of(page, "quotes") and "expect_g" in section_of(page, "quotes")
    assert "6 passed, 0 failed" in page


def test_failing_expectations_first_highlighted_with_counts_and_badge():
    outcomes = [
        outcome("quotes", "expect_ok_1", observed="0 rows"),
        outcome("quotes", "expect_warn", success=False, severity="warning", unexpected=5, observed="5 rows"),
        outcome("quotes", "expect_ok_2"),
        outcome(
            "quotes", "expect_crit", success=False, severity="critical", unexpected=1_234, observed="0.42"
        ),
        outcome("articles", "expect_fine", severity="critical"),
    ]
    page = render_run_report(make_data(outcomes=outcomes))
    quotes = section_of(page, "quotes")
    names = re.findall(r'<td class="name"><code>([^<]*)</code>', quotes)
    assert names == ["expect_crit", "expect_warn", "expect_ok_1", "expect_ok_2"]
    assert re.search(r'<tr class="fail sev-critical">.*?expect_crit.*?1,234.*?0\.42', quotes)
    assert re.search(r'<tr class="fail sev-warning">.*?expect_warn.*?>5<.*?5 rows', quotes)
    assert quotes.count('<tr class="pass">') == 2
    assert '<span class="badge sev-critical">fail</span>' in quotes
    assert "4 expectations · 2 passed · 2 failed (1 critical, 1 warning) · 1,239 unexpected values" in quotes
    articles = section_of(page, "articles")
    assert '<span class="badge ok">pass</span>' in articles and "fail sev-" not in articles
    assert "1 passed, 1 failed (quotes)" in page


def test_no_outcomes_says_so():
    page = render_run_report(make_data(outcomes=[]))
    assert "No expectation was checked in this run." in page
    assert suite_sections(page) == []


def test_data_docs_link_relative_inside_warehouse_file_url_outside_absent_when_none():
    inside = render_run_report(make_data())
    assert 'href="../gx/data_docs/local_site/index.html"' in inside
    outside = render_run_report(make_data(data_docs_index="/srv/gx docs/index.html"))
    assert 'href="file:///srv/gx%20docs/index.html"' in outside
    assert "Data Docs" not in render_run_report(make_data(data_docs_index=None))


def test_page_links_to_data_docs_that_resolve_from_the_written_report(tmp_path):
    docs = tmp_path / "wh" / "gx" / "data_docs" / "index.html"
    docs.parent.mkdir(parents=True)
    docs.write_text("<html></html>")
    path = write_run_report(
        tmp_path / "wh", make_data(warehouse=str(tmp_path / "wh"), data_docs_index=str(docs))
    )
    href = re.search(r'<a href="([^"]+)">Great Expectations Data Docs', path.read_text()).group(1)
    assert (path.parent / href).resolve() == docs.resolve()


# --------------------------------------------------------------------------------------------
# Escaping


def test_hostile_strings_never_reach_the_page_unescaped():
    page = render_run_report(hostile_data())
    for raw in RAW_FORBIDDEN:
        assert raw not in page, raw
    # escaped, and still there for the reader to see
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&quot;onmouseover=alert(2) x=&quot;" in page
    assert "R&amp;amp;D" in page
    assert "&#x27;); DROP TABLE articles; --" in page
    assert "bell[U+0007]nul[U+0000]esc[U+001B][31mdel[U+007F]nel[U+0085]" in page
    assert "[U+202E]evil[U+200F] mark[U+200E]" in page
    # every character left is allowed in an HTML document
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]", page)
    # the parsed page has no script, no event handler, and only the links the report makes
    collector = TagCollector()
    collector.feed(page)
    for tag, attrs in collector.tags:
        assert tag not in {"script", "iframe", "object", "embed", "img", "link"}
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name, value)
            if name == "href":
                assert value is not None and (value.startswith("file:///") or value.startswith("#")), value


def test_hostile_strings_escaped_inside_the_svg_charts():
    page = render_run_report(hostile_data())
    svg = chart_rejects_by_reason(hostile_data().rejected)
    for raw in RAW_FORBIDDEN:
        assert raw not in svg
    assert "&lt;script&gt;" in svg
    root = ET.fromstring(svg)  # still well-formed XML
    texts = "".join(root.itertext())
    assert "<script>alert(1)</script>" in texts  # the reader sees the reason as written
    assert svg in page


def test_unsafe_run_id_is_escaped_in_the_page_even_though_write_refuses_it():
    page = render_run_report(make_data(run_id=HOSTILE[0] + HOSTILE[1]))
    assert "<script" not in page and '"onmouseover=' not in page
    assert "<title>news-etl run &lt;script&gt;" in page


# --------------------------------------------------------------------------------------------
# Charts


def chart_rects(svg: str) -> list[ET.Element]:
    return list(ET.fromstring(svg).iter(f"{SVG_NS}rect"))


def check_chart(svg: str, chart_id: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.get("id") == chart_id and root.get("role") == "img" and root.get("aria-label")
    title = root.find(f"{SVG_NS}title")
    assert title is not None and title.text
    width, height = (float(v) for v in root.get("viewBox", "").split()[2:])
    for rect in root.iter(f"{SVG_NS}rect"):
        x, y, w, h = (float(rect.get(k, "nan")) for k in ("x", "y", "width", "height"))
        assert w > 0 and h > 0 and x >= 0 and y >= 0 and x + w <= width + 0.01 and y + h <= height + 0.01
    return root


@pytest.mark.parametrize(
    ("svg", "chart_id"),
    [
        (chart_articles_per_day([]), "chart-days"),
        (chart_quotes_per_article([]), "chart-quotes"),
        (chart_rejects_by_reason({}), "chart-rejects"),
    ],
)
def test_charts_say_no_data_when_empty(svg, chart_id):
    root = check_chart(svg, chart_id)
    assert "no data" in "".join(root.itertext())
    assert chart_rects(svg) == []


def test_charts_with_one_value():
    days = chart_articles_per_day([(dt.date(2025, 3, 4), 7)])
    check_chart(days, "chart-days")
    (rect,) = chart_rects(days)
    assert rect.find(f"{SVG_NS}title").text == "2025-03-04: 7 articles"
    assert ">2025-03-04</text>" in days and "published date (per day)" in days and ">articles</text>" in days

    unknown_only = chart_articles_per_day([(None, 3)])
    (rect,) = chart_rects(unknown_only)
    assert (
        rect.find(f"{SVG_NS}title").text == "no published date: 3 articles"
        and ">unknown</text>" in unknown_only
    )

    quotes = chart_quotes_per_article([(4, 1)])
    check_chart(quotes, "chart-quotes")
    heights = [float(r.get("height")) for r in chart_rects(quotes)]
    assert len(heights) == 6 and heights.index(max(heights)) == 3  # the 3–5 bin

    rejects = chart_rejects_by_reason({"empty": 1})
    check_chart(rejects, "chart-rejects")
    (rect,) = chart_rects(rejects)
    assert rect.find(f"{SVG_NS}title").text == "empty: 1 files"


def test_the_quotes_caption_from_the_counts_says_what_each_articles_count_said():
    """The record keeps articles by quote count, not one count per article: the caption reads the
    same as when it was computed from every article's count."""
    rng = random.Random(3)
    quotes = [min(int(rng.expovariate(0.3)), 60) for _ in range(5_000)]
    mean = sum(quotes) / len(quotes)
    share = sum(1 for q in quotes if q > 0) / len(quotes)
    expected = f"{len(quotes):,} articles · {share:.0%} with a quote · mean {mean:.1f} · max {max(quotes):,}"
    page = render_run_report(make_data(quote_counts=quote_counts(quotes)))
    assert expected in page
    assert len(quote_counts(quotes)) <= 61
    assert "no articles with a quote count" in render_run_report(make_data(quote_counts=[]))


def test_articles_per_day_fills_gaps_sums_duplicates_and_keeps_unknown_last():
    svg = chart_articles_per_day(
        [(dt.date(2025, 1, 3), 2), (None, 1), (dt.date(2025, 1, 1), 5), (dt.date(2025, 1, 3), 4), (None, 2)]
    )
    titles = [r.find(f"{SVG_NS}title").text for r in chart_rects(svg)]
    assert titles == [
        "2025-01-01: 5 articles",
        "2025-01-02: 0 articles",
        "2025-01-03: 6 articles",
        "no published date: 3 articles",
    ]


def test_charts_with_thousands_of_values_stay_readable():
    rng = random.Random(7)
    start = dt.date(2018, 1, 1)
    per_day = [(start + dt.timedelta(days=d), rng.randint(0, 50)) for d in range(1_800)] + [(None, 40)]
    days = chart_articles_per_day(per_day)
    check_chart(days, "chart-days")
    rects = chart_rects(days)
    assert len(rects) <= charts.MAX_COLUMN_BARS + 1
    assert "published date (per month)" in days
    total = sum(
        int(r.find(f"{SVG_NS}title").text.rsplit(": ", 1)[1].split()[0].replace(",", "")) for r in rects
    )
    assert total == sum(n for _, n in per_day)
    label_xs = [
        float(x) for x in re.findall(r'<text class="tick" x="([\d.]+)" y="\d+" text-anchor="middle">', days)
    ]
    assert 3 <= len(label_xs) < len(rects) / 2  # thinned, not one per bar
    assert all(b - a >= charts.MIN_X_LABEL_GAP_PX - 1 for a, b in itertools.pairwise(label_xs))

    years = chart_articles_per_day([(start + dt.timedelta(days=d), 1) for d in range(4_000)])
    assert len(chart_rects(years)) == 11 and "published date (per year)" in years

    centuries = chart_articles_per_day([(dt.date(1800 + y, 1, 1), 1) for y in range(0, 220, 3)])
    assert len(chart_rects(centuries)) <= charts.MAX_COLUMN_BARS and "per 4 years" in centuries

    quotes = [rng.randint(0, 30) for _ in range(10_000)]
    qsvg = chart_quotes_per_article(quote_counts(quotes))
    check_chart(qsvg, "chart-quotes")
    counts = [
        int(r.find(f"{SVG_NS}title").text.rsplit(": ", 1)[1].split()[0].replace(",", ""))
        for r in chart_rects(qsvg)
    ]
    expected = [
        sum(q == 0 for q in quotes),
        sum(q == 1 for q in quotes),
        sum(q == 2 for q in quotes),
        sum(3 <= q <= 5 for q in quotes),
        sum(6 <= q <= 10 for q in quotes),
        sum(q >= 11 for q in quotes),
    ]
    assert counts == expected

    reasons = {f"reason_{i:04d}": i + 1 for i in range(2_000)}
    rsvg = chart_rejects_by_reason(reasons)
    check_chart(rsvg, "chart-rejects")
    rects = chart_rects(rsvg)
    assert len(rects) == charts.MAX_REASON_BARS
    assert rects[0].find(f"{SVG_NS}title").text == "reason_1999: 2,000 files"
    assert "1,989 other reasons" in rects[-1].find(f"{SVG_NS}title").text


def test_long_reason_labels_are_truncated_with_the_full_text_in_the_tooltip():
    long_reason = "a_very_long_reason_that_would_overlap_the_bars"
    svg = chart_rejects_by_reason({long_reason: 3})
    assert f"<title>{long_reason}: 3 files</title>" in svg
    assert ">" + long_reason[: charts.HBAR_LABEL_MAX_CHARS - 1] + "…<title>" in svg


# --------------------------------------------------------------------------------------------
# Writing the files


def test_write_run_report_writes_the_run_page_and_latest(tmp_path):
    data = make_data()
    path = write_run_report(tmp_path, data)
    assert path == tmp_path / "reports" / "run-20260101T000000Z.html"
    latest = tmp_path / "reports" / "latest.html"
    assert path.read_text(encoding="utf-8") == render_run_report(data)
    assert latest.read_bytes() == path.read_bytes()
    assert sorted(p.name for p in (tmp_path / "reports").iterdir()) == [
        "latest.html",
        "run-20260101T000000Z.html",
    ]

    second = write_run_report(tmp_path, make_data(run_id="run-2", status="failed", error="x"))
    assert "run-2" in latest.read_text() and "run-20260101T000000Z" not in latest.read_text()
    assert path.exists() and second.exists()


def test_write_run_report_replaces_whole_files_only(tmp_path, monkeypatch):
    data = make_data()
    page = render_run_report(data)
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "latest.html").write_text("previous page")
    replaced: list[tuple[Path, Path, str]] = []
    real_replace = os.replace

    def spy_replace(src, dst):
        src, dst = Path(src), Path(dst)
        # at the moment of the rename, the temporary file beside the target holds the whole page
        replaced.append((src, dst, src.read_text(encoding="utf-8")))
        if dst.name == "latest.html":
            raise OSError("disk went away")
        real_replace(src, dst)

    monkeypatch.setattr(report.os, "replace", spy_replace)
    with pytest.raises(OSError, match="disk went away"):
        write_run_report(tmp_path, data)
    assert [dst.name for _, dst, _ in replaced] == ["run-20260101T000000Z.html", "latest.html"]
    for src, dst, text in replaced:
        assert src.parent == dst.parent and src != dst and text == page
    # the failed replace left the old latest whole, and no temporary file behind
    assert (reports / "latest.html").read_text() == "previous page"
    assert sorted(p.name for p in reports.iterdir()) == ["latest.html", "run-20260101T000000Z.html"]


@pytest.mark.parametrize(
    "run_id", ["", "../evil", "a/b", "a\\b", "run 1", "run\x00", "rün", "a\nb", "run-1\n", "<script>"]
)
def test_write_run_report_refuses_an_unsafe_run_id(tmp_path, run_id):
    with pytest.raises(ValueError, match="run id"):
        write_run_report(tmp_path / "wh", make_data(run_id=run_id))
    assert not (tmp_path / "wh").exists()
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------------------------
# Markdown, table and terminal lines


def test_report_markdown_summary():
    md = report_markdown(realistic_data())
    assert md.startswith("# news-etl run run-20251201T031500Z: ❌ failed\n")
    assert (
        "**Error:** critical expectation failed: quotes.expect\\_column\\_values\\_to\\_be\\_in\\_set(kind)"
        in md
    )
    counts = md.split("|---:|---:|---:|---:|\n", 1)[1].split("\n", 1)[0]
    data = realistic_data()
    assert counts == (
        f"| {data.files_seen:,} | {data.articles_loaded:,} | {data.files_rejected:,} | {data.rows_quarantined:,} |"
    )
    assert f"**Reconciliation:** {realistic_data().files_seen:,} seen" in md and ": ok" in md
    assert "| duplicate | 31 |" in md and "| no\\_body | 17 |" in md
    assert "- ✅ **paragraphs**: all 4 expectations passed" in md
    assert "- ❌ **quotes**: 2 of 8 expectations failed" in md
    assert (
        "  - critical: expect\\_column\\_values\\_to\\_be\\_in\\_set(kind, \\[direct, mixed, indirect\\])"
        in md
    )
    assert "- ❌ **articles**: 1 of 8 expectations failed" in md
    # only failing expectations are listed
    assert "not\\_be\\_null(title)" not in md


def test_report_markdown_escapes_markdown_in_data():
    nasty = "a|b*c_d`e<f>[g](h)\\i"
    data = make_data(
        rejected=Counter({nasty: 2}),
        outcomes=[outcome(nasty, nasty, success=False, severity="warning", unexpected=1, observed=nasty)],
        error="line 1\nline 2 <b>",
    )
    md = report_markdown(data)
    escaped = "a\\|b\\*c\\_d\\`e\\<f\\>\\[g\\](h)\\\\i"
    assert f"| {escaped} | 2 |" in md
    assert f"- ❌ **{escaped}**: 1 of 1 expectations failed" in md
    assert f"  - warning: {escaped} (1 unexpected, observed {escaped})" in md
    assert "**Error:** line 1 line 2 \\<b\\>" in md
    # every table row still has its columns: the data's pipes are escaped
    for line in md.splitlines():
        if line.startswith("| ") and "---" not in line:
            assert len(re.findall(r"(?<!\\)\|", line)) in (3, 5), line
    assert "<" not in md.replace("\\<", "") and "[g]" not in md
    hostile = report_markdown(hostile_data())
    assert not re.search(r"(?<!\\)[<>&\[\]`]", hostile)  # the report's own Markdown uses none of these
    assert "\\<script\\>alert(1)\\</script\\>" in hostile and "R\\&amp;D" in hostile
    for raw in ["\x07", "\x00", "\x1b", "\u202e", "\u200f"]:
        assert raw not in hostile


def test_report_table_has_one_row_per_expectation():
    data = realistic_data()
    rows = report_table(data)
    assert len(rows) == len(data.outcomes)
    assert all(
        set(row) == {"table", "expectation", "severity", "success", "unexpected_count", "observed_value"}
        for row in rows
    )
    assert [row["table"] for row in rows][:1] == ["articles"]
    tables = [row["table"] for row in rows]
    assert tables == sorted(tables, key=["articles", "paragraphs", "quotes", "rejects", "sources"].index)
    quotes = [row for row in rows if row["table"] == "quotes"]
    assert [row["success"] for row in quotes[:2]] == [False, False] and quotes[0]["severity"] == "critical"
    assert quotes[0]["unexpected_count"] == 3 and quotes[0]["observed_value"] == "3 rows: 'reported'"
    assert {row["observed_value"] for row in rows if row["table"] == "sources"} == {"0 rows"}
    hostile = report_table(hostile_data())
    assert "\x07" not in str(hostile) and "\u202e" not in "".join(str(r["expectation"]) for r in hostile)


def test_headline_lines():
    lines = headline(realistic_data())
    assert 4 <= len(lines) <= 6
    assert lines[0] == "run run-20251201T031500Z: FAILED in 6 min 47 s"
    data = realistic_data()
    assert (
        f"reconciliation {data.files_seen:,} seen = {data.articles_loaded:,} loaded + {data.files_rejected:,} rejected: ok"
        in lines
    )
    assert "rows quarantined 7" in lines
    assert "suites: 3 passed, 2 failed (articles, quotes)" in lines
    assert any(line.startswith("rejected by reason: duplicate 31, no_body 17") for line in lines)
    assert lines[-1].startswith("error: critical expectation failed")
    small = headline(make_data(rejected=Counter({}), files_rejected=0, files_seen=9, outcomes=[]))
    assert 4 <= len(small) <= 6 and small[0] == "run run-20260101T000000Z: COMPLETED in 3 min 25 s"
    assert "suites: none checked" in small
    hostile = headline(hostile_data())
    assert all("\x1b" not in line and "\n" not in line and len(line) <= 200 for line in hostile)


# --------------------------------------------------------------------------------------------
# In a real browser


def hex_rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def test_report_renders_in_headless_chromium(tmp_path, chromium):
    data = realistic_data()
    data.warehouse = str(tmp_path / "warehouse")
    data.data_docs_index = str(tmp_path / "warehouse" / "gx" / "data_docs" / "local_site" / "index.html")
    page_path = write_run_report(tmp_path / "warehouse", data)
    url = page_path.resolve().as_uri()

    dom = run_chromium(tmp_path, "--dump-dom", url)
    assert dom.returncode == 0, dom.stderr[-2000:]
    for chart_id in ("chart-days", "chart-quotes", "chart-rejects"):
        assert re.search(rf'<svg id="{chart_id}" class="chart" role="img"', dom.stdout), chart_id
    assert dom.stdout.count('<table class="expectations">') == 5
    assert suite_sections(dom.stdout) == ["articles", "paragraphs", "quotes", "rejects", "sources"]
    assert "files seen" in dom.stdout and ": ok" in dom.stdout

    rows = screenshot_rows(
        tmp_path, url, SCREENSHOT_WIDTH_PX, SCREENSHOT_HEIGHT_PX, "NEWS_ETL_REPORT_SCREENSHOT"
    )

    pixels = [tuple(row[i : i + 3]) for row in rows[::4] for i in range(0, len(row), 12)]
    assert len(set(pixels)) >= 64, "the page looks blank or flat"
    # the charts band (under the header and the numbers) is drawn: bars in both bar colours
    band = rows[250:1000]
    bar_blue, reject_orange = hex_rgb(charts.BAR_COLOUR), hex_rgb(charts.REJECT_BAR_COLOUR)
    band_pixels = [tuple(row[i : i + 3]) for row in band for i in range(0, len(row), 3)]
    assert sum(p == bar_blue for p in band_pixels) > 2_000
    assert sum(p == reject_orange for p in band_pixels) > 1_000
    not_white = sum(p != (255, 255, 255) for p in band_pixels)
    assert not_white > len(band_pixels) // 5


# --------------------------------------------------------------------------- Content-Security-Policy
def test_the_content_security_policy_comes_first_in_the_head_and_allows_only_inline_css():
    page = render_run_report(hostile_data())
    head = page[: page.index("</head>")]
    policy = f'<meta http-equiv="Content-Security-Policy" content="{report.REPORT_CONTENT_SECURITY_POLICY}">'
    assert policy in head and head.index(policy) < head.index("<title>")
    directives = dict(d.strip().split(" ", 1) for d in report.REPORT_CONTENT_SECURITY_POLICY.split(";"))
    assert directives["default-src"] == "'none'" and "script-src" not in directives
    assert directives["style-src"] == "'unsafe-inline'" and directives["base-uri"] == "'none'"


SLIPPED_THROUGH = (
    "<script>document.body.setAttribute('data-pwned', 'script')</script>"
    "<img src=x onerror=\"document.body.setAttribute('data-pwned', 'img')\">"
)


@pytest.mark.integration
def test_the_policy_stops_markup_that_escaped_the_escaping(tmp_path, chromium):
    """Should a string ever reach the page unescaped, its script and event handlers do not run.

    The control page (the same markup without the policy) shows the probe is able to fail."""
    page = render_run_report(realistic_data()).replace("<main>", "<main>" + SLIPPED_THROUGH, 1)
    guarded = tmp_path / "guarded.html"
    guarded.write_text(page)
    control = tmp_path / "control.html"
    control.write_text(page.replace('<meta http-equiv="Content-Security-Policy"', "<meta name=x", 1))
    guarded_dom = run_chromium(tmp_path, "--dump-dom", guarded.resolve().as_uri())
    control_dom = run_chromium(tmp_path, "--dump-dom", control.resolve().as_uri())
    assert guarded_dom.returncode == 0 and control_dom.returncode == 0, guarded_dom.stderr[-2000:]
    ran = re.compile(r"<body[^>]*\bdata-pwned=")  # the attribute the probes set when they run
    assert ran.search(control_dom.stdout)
    assert not ran.search(guarded_dom.stdout)
    assert '<svg id="chart-days" class="chart"' in guarded_dom.stdout  # the page itself still renders
