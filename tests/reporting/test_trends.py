"""The report's "Last N runs" section: its four charts and text with 0, 1 and 30 runs, hostile run
ids, reasons and check names escaped, and (Done-when 5) the section in a real browser after three
real runs of the flow."""

from __future__ import annotations

import datetime as dt
import itertools
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from reporting import charts, trends
from reporting.html import render_run_report
from reporting.trends import (
    band_text,
    chart_trend_articles,
    chart_trend_checks,
    chart_trend_quarantine,
    chart_trend_rejects,
    trend_rows,
    trend_section_html,
)
from schemas.trends import FailedCheck, RunsTrend, TrendRun, VolumeBand
from tests.helpers import make_data, run_chromium, screenshot_rows
from tests.reporting.test_html import HOSTILE, RAW_FORBIDDEN, TagCollector

SVG_NS = "{http://www.w3.org/2000/svg}"
T0 = dt.datetime(2026, 3, 1, 6, 0, tzinfo=dt.UTC)
CLOSED_BAND = VolumeBand(low=20, high=501, history_runs=7, median=100, min_history_runs=3)
OPEN_BAND = VolumeBand(low=0, high=None, history_runs=1, median=None, min_history_runs=3)
CHART_IDS = ("chart-trend-articles", "chart-trend-rejects", "chart-trend-quarantine", "chart-trend-checks")


def trend_run(n: int, **changes: object) -> TrendRun:
    fields: dict[str, object] = dict(
        run_id=f"run-{n:03d}",
        started_at=T0 + dt.timedelta(hours=6 * n),
        status="completed",
        files_seen=100,
        articles_loaded=80 + n,
        files_rejected=0,
        rows_quarantined=0,
        checks_run=20,
    )
    fields.update(changes)
    return TrendRun(**fields)  # type: ignore[arg-type]


def thirty_runs() -> RunsTrend:
    """A month of runs: rejects every run, a check failing every 7th, a failed run, one cut short."""
    runs = []
    for n in range(30):
        failed = [FailedCheck("quotes", "quote_offsets_slice_body", "quarantine", 3)] if n % 7 == 3 else []
        if n == 28:
            failed.insert(0, FailedCheck("articles", "columns_match", "critical", 1))
        runs.append(
            trend_run(
                n,
                status="failed" if n == 28 else "completed",
                articles_loaded=0 if n == 28 else 80 + (n * 37) % 50,
                files_rejected=n % 5 + 1,
                rejected={"empty": n % 5, "no_body": 1},
                rows_quarantined=(n * 3) % 11,
                failed_checks=tuple(failed),
                checks_run=0 if n == 12 else 20,
            )
        )
    return RunsTrend(tuple(runs), CLOSED_BAND, 30)


def svg_root(svg: str) -> ET.Element:
    """The chart's SVG element (a chart may be followed by its HTML legend)."""
    return ET.fromstring(svg[: svg.index("</svg>") + len("</svg>")])


def rect_titles(svg: str, cls: str | None = None) -> list[str]:
    return [
        "".join(rect.itertext())
        for rect in svg_root(svg).iter(f"{SVG_NS}rect")
        if cls is None or cls in (rect.get("class") or "").split()
    ]


# --------------------------------------------------------------------------------------------
# 0, 1 and 30 runs


def test_no_runs_says_so_in_every_chart():
    trend = RunsTrend((), OPEN_BAND, 30)
    for chart in (chart_trend_articles, chart_trend_rejects, chart_trend_quarantine, chart_trend_checks):
        svg = chart(trend)
        assert "no data" in svg or "no run recorded" in svg
        assert svg_root(svg).get("role") == "img"
    section = trend_section_html(trend)
    assert "No run recorded yet." in section and "<table" not in section
    assert trend_rows(trend) == []


def test_one_run():
    trend = RunsTrend((trend_run(0, files_rejected=1, rejected={"empty": 1}),), OPEN_BAND, 30)
    section = trend_section_html(trend)
    assert "<h2>Last 30 runs</h2>" in section
    assert "1 runs from 2026-03-01 06:00 to 2026-03-01 06:00: 1 completed, 0 failed" in section
    for chart_id in CHART_IDS:
        assert f'<svg id="{chart_id}"' in section
    assert rect_titles(chart_trend_articles(trend)) == [
        "run-000 (2026-03-01 06:00, completed): 80 articles loaded"
    ]
    assert rect_titles(chart_trend_rejects(trend)) == [
        "run-000 (2026-03-01 06:00, completed): empty: 1 files"
    ]
    # no check failed: the heat strip says so rather than drawing an empty grid
    assert "no check failed in these runs" in chart_trend_checks(trend)
    # the open band: nothing drawn, and the text says why
    assert 'class="band"' not in chart_trend_articles(trend)
    assert (
        "open (any number of articles); it is set once 3 completed runs have loaded articles (1 so far)"
        in (band_text(OPEN_BAND))
    )
    assert trend_rows(trend) == [
        ("run-000", "2026-03-01 06:00", "completed", "80", "1: empty 1", "0", "none"),
    ]


def test_thirty_runs_one_column_each_oldest_first_with_the_band_and_the_failed_run_marked():
    trend = thirty_runs()
    svg = chart_trend_articles(trend)
    titles = rect_titles(svg)
    columns = [t for t in titles if "articles loaded" in t or t.endswith(": 0")]
    assert len(columns) == 30 and columns[0].startswith("run-000") and columns[-1].startswith("run-029")
    band = svg_root(svg).find(f"{SVG_NS}rect[@class='band']")
    assert band is not None and "20 to 501 articles" in "".join(band.itertext())
    assert "shaded: the next run's band, 20–501 articles (its top is off the scale)" in svg
    assert rect_titles(svg, "failed-run") == ["run-028 (2026-03-08 06:00, failed): failed"]
    # the x labels are thinned to fit (at least MIN_RUN_LABEL_GAP_PX apart), the latest kept
    xs = [
        float(t.get("x"))
        for t in svg_root(svg).iter(f"{SVG_NS}text")
        if re.fullmatch(r"\d\d-\d\d \d\d:\d\d", t.text or "")
    ]
    assert 5 <= len(xs) < 30 and all(b - a >= trends.MIN_RUN_LABEL_GAP_PX for a, b in itertools.pairwise(xs))
    labels = [
        t.text
        for t in svg_root(svg).iter(f"{SVG_NS}text")
        if re.fullmatch(r"\d\d-\d\d \d\d:\d\d", t.text or "")
    ]
    assert labels[-1] == "03-08 12:00"


def test_rejects_stack_by_reason_with_a_legend_and_the_unattributed_files_in_grey():
    runs = list(thirty_runs().runs)
    runs[0] = trend_run(0, files_rejected=4, rejected={"empty": 1})  # 3 files refused again later
    svg = chart_trend_rejects(RunsTrend(tuple(runs), CLOSED_BAND, 30))
    first = [t for t in rect_titles(svg) if t.startswith("run-000")]
    assert first == [
        "run-000 (2026-03-01 06:00, completed): empty: 1 files",
        "run-000 (2026-03-01 06:00, completed): 3 files refused again later (their reason here is not kept)",
    ]
    legend = svg[svg.index('<ul class="legend" id="legend-trend-rejects"') :]
    assert [m for m in re.findall(r"</span>([^<]+)</li>", legend)] == ["empty", "no_body", "reason not kept"]


def test_many_reasons_keep_their_colours_for_the_most_frequent_and_sum_the_rest():
    reasons = {f"reason_{i:02d}": 20 - i for i in range(12)}
    trend = RunsTrend((trend_run(0, files_rejected=sum(reasons.values()), rejected=reasons),), OPEN_BAND, 30)
    svg = chart_trend_rejects(trend)
    titles = rect_titles(svg)
    assert len(titles) == len(trends.REASON_COLOURS)  # the colours, the last one's place for "other"
    assert "other reasons: reason_06 14" in titles[-1]


def test_heat_strip_has_a_row_per_check_that_failed_a_cell_per_run_and_a_legend():
    svg = chart_trend_checks(thirty_runs())
    root = svg_root(svg)
    labels = [
        "".join(t.itertext())
        for t in root.iter(f"{SVG_NS}text")
        if t.get("text-anchor") == "end" and t.find(f"{SVG_NS}title") is not None
    ]
    assert [label.split(":")[0] for label in labels] == [
        "articles.columns_matcharticles.columns_match",
        "quotes.quote_offsets_slice_bodyquotes.quote_offsets_slice_body",
    ]  # the label, then its tooltip: most severe first
    cells = [r for r in root.iter(f"{SVG_NS}rect") if "cell" in (r.get("class") or "")]
    assert len(cells) == 2 * 30
    kinds = [r.get("class") for r in cells]
    assert kinds.count("cell fail sev-critical") == 1 and kinds.count("cell fail sev-quarantine") == 4
    assert kinds.count("cell none") == 2  # run 12 recorded no checks: neither passed nor failed
    critical = next(r for r in cells if r.get("class") == "cell fail sev-critical")
    assert critical.get("fill") == trends.SEVERITY_COLOURS["critical"]
    assert "run-028" in "".join(critical.itertext())
    legend = svg[svg.index('id="legend-trend-checks"') :]
    assert re.findall(r"</span>([^<]+)</li>", legend) == [
        "critical",
        "quarantine",
        "warning",
        "passed",
        "not checked",
    ]


def test_heat_strip_rows_are_capped_and_the_rest_counted():
    many = tuple(
        FailedCheck("articles", f"check_{i:02d}", "warning", 1) for i in range(trends.MAX_HEAT_ROWS + 5)
    )
    svg = chart_trend_checks(RunsTrend((trend_run(0, failed_checks=many),), OPEN_BAND, 30))
    cells = [r for r in svg_root(svg).iter(f"{SVG_NS}rect") if "cell" in (r.get("class") or "")]
    assert len(cells) == trends.MAX_HEAT_ROWS and "and 5 more checks" in svg


def test_table_rows_newest_first_with_top_reasons_and_failing_checks():
    rows = trend_rows(thirty_runs())
    assert len(rows) == 30 and rows[0][0] == "run-029" and rows[-1][0] == "run-000"
    failed = next(row for row in rows if row[0] == "run-028")
    assert failed[2] == "failed" and failed[3] == "0"
    assert failed[6] == "critical articles.columns_match"
    assert next(row for row in rows if row[0] == "run-003")[6] == "quarantine quotes.quote_offsets_slice_body"
    five = tuple(FailedCheck("quotes", f"c{i}", "warning", 1) for i in range(5))
    assert trend_rows(RunsTrend((trend_run(0, failed_checks=five),), OPEN_BAND, 30))[0][6] == (
        "warning quotes.c0; warning quotes.c1; warning quotes.c2; and 2 more"
    )
    assert next(row for row in rows if row[0] == "run-012")[6] == "not checked"
    assert next(row for row in rows if row[0] == "run-004")[4] == "5: empty 4, no_body 1"


def test_the_section_is_in_the_run_report_only_when_given():
    page = render_run_report(make_data(), thirty_runs())
    assert '<section class="card" id="trend"' in page
    assert page.index('id="trend"') < page.index('id="quality"')
    assert '<details class="trend-table">' in page and page.count("<tr class=") >= 30
    assert 'id="trend"' not in render_run_report(make_data())


# --------------------------------------------------------------------------------------------
# Escaping


def hostile_trend() -> RunsTrend:
    bad = " | ".join(HOSTILE)
    runs = (
        trend_run(0, run_id=HOSTILE[0], files_rejected=3, rejected={bad: 2, HOSTILE[1]: 1}),
        trend_run(
            1,
            run_id=HOSTILE[4],
            status="failed",
            failed_checks=(FailedCheck(HOSTILE[5], HOSTILE[3], "critical", 1),),
        ),
    )
    return RunsTrend(runs, CLOSED_BAND, 30)


def test_hostile_run_ids_reasons_and_check_names_are_escaped():
    section = trend_section_html(hostile_trend())
    for raw in RAW_FORBIDDEN:
        assert raw not in section, raw
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in section
    assert "bell[U+0007]nul[U+0000]esc[U+001B][31mdel[U+007F]nel[U+0085]" in section
    assert "[U+202E]evil[U+200F] mark[U+200E].&#x27;); DROP TABLE articles; --" in section
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", section)
    for chart in (chart_trend_articles, chart_trend_rejects, chart_trend_quarantine, chart_trend_checks):
        root = svg_root(chart(hostile_trend()))  # still well-formed XML
        assert "<script>alert(1)</script>" in "".join(root.itertext()) or chart is chart_trend_checks
    collector = TagCollector()
    collector.feed(render_run_report(make_data(), hostile_trend()))
    for tag, attrs in collector.tags:
        assert tag not in {"script", "iframe", "object", "embed", "img", "link"}
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)


# --------------------------------------------------------------------------------------------
# Published with the run (flows.runs.publish_run)


def test_a_failed_runs_report_shows_the_trend_up_to_and_including_itself(tmp_path):
    from flows.runs import publish_run
    from load.warehouse import Warehouse

    store = Warehouse(tmp_path / "w")
    store.prepare()
    publish_run(store, make_data(run_id="run-a", warehouse=str(store.root), started_at=T0))
    failed = make_data(
        run_id="run-b",
        warehouse=str(store.root),
        started_at=T0 + dt.timedelta(days=1),
        status="failed",
        error="QualityFailure: critical data-quality checks failed",
        articles_loaded=0,
    )
    page = publish_run(store, failed).read_text(encoding="utf-8")
    assert "<h2>Last 30 runs</h2>" in page
    rows = re.findall(r'<tr class="(\w+)"><td><code>(run-\w)</code>', page)
    assert rows == [("failed", "run-b"), ("completed", "run-a")]  # this run too, newest first
    assert "quotes.expect_column_values_to_be_between(quote_start)" in page  # in the heat strip
    assert (store.root / "reports" / "latest.html").read_text(encoding="utf-8") == page


def test_a_report_is_written_without_the_trend_when_the_history_cannot_be_read(tmp_path, monkeypatch, caplog):
    import flows.trends
    from flows.runs import publish_run
    from load.warehouse import Warehouse, WarehouseLocked

    def held(store, last=30):
        raise WarehouseLocked("the warehouse database is held by another process")

    monkeypatch.setattr(flows.trends, "runs_trend", held)
    store = Warehouse(tmp_path / "w")
    store.prepare()
    page = publish_run(store, make_data(run_id="run-a", warehouse=str(store.root))).read_text(
        encoding="utf-8"
    )
    assert 'id="trend"' not in page and 'id="quality"' in page
    assert "the report of the last runs is left out: the warehouse database is held" in caplog.text


# --------------------------------------------------------------------------------------------
# Done-when 5: after several real runs, the report shows the trend in a real browser

SCREENSHOT_WIDTH_PX = 1280
SCREENSHOT_HEIGHT_PX = 3600


def hex_rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def colour_rows(rows: list[bytes], colour: tuple[int, int, int]) -> list[int]:
    needle = bytes(colour)
    return [y for y, row in enumerate(rows) if any(row[i : i + 3] == needle for i in range(0, len(row), 3))]


def segments(row: bytes, colour: tuple[int, int, int]) -> int:
    """Runs of ``colour`` along one row of pixels (columns of a bar chart cut by that row)."""
    inside, count = False, 0
    for i in range(0, len(row), 3):
        hit = row[i : i + 3] == bytes(colour)
        count += hit and not inside
        inside = hit
    return count


@pytest.mark.integration
@pytest.mark.usefixtures("prefect_harness")
def test_after_three_runs_the_report_shows_the_trend_in_chromium(tmp_path, chromium):
    from flows.ingest import ingest
    from tests.conftest import SAMPLE
    from tests.hostile import article_text

    source, warehouse = tmp_path / "source", tmp_path / "w"
    shutil.copytree(SAMPLE, source)
    first = ingest(sources=[str(source)], warehouse=str(warehouse), workers=1)
    (source / "new-1.txt").write_text(article_text(101), encoding="utf-8")
    second = ingest(sources=[str(source)], warehouse=str(warehouse), workers=1)
    (source / "new-2.txt").write_text(article_text(102), encoding="utf-8")
    (source / "empty.txt").write_text("", encoding="utf-8")
    third = ingest(sources=[str(source)], warehouse=str(warehouse), workers=1)
    assert [r.articles_loaded for r in (first, second, third)] == [13, 1, 1]
    assert third.rejected["empty"] == 1

    page = Path(third.report)
    html = page.read_text(encoding="utf-8")
    # the third run's report holds all three runs, this one included, and the band they set
    assert "<h2>Last 30 runs</h2>" in html
    for record in (first, second, third):
        assert html.count(f'<tr class="completed"><td><code>{record.run_id}</code>') == 1  # its table row
    assert "Volume band for the next run: 0 to 6 articles" in html  # median 1 of [13, 1, 1]
    url = page.resolve().as_uri()

    dom = run_chromium(tmp_path, "--dump-dom", url)
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert re.search(r'<section class="card" id="trend"', dom.stdout)
    for chart_id in CHART_IDS:
        assert re.search(rf'<svg id="{chart_id}" class="chart" role="img"', dom.stdout), chart_id
    assert '<ul class="legend" id="legend-trend-rejects"' in dom.stdout

    rows = screenshot_rows(
        tmp_path, url, SCREENSHOT_WIDTH_PX, SCREENSHOT_HEIGHT_PX, "NEWS_ETL_TREND_SCREENSHOT"
    )
    # the run's own charts come first; the lowest band of article-blue rows is the trend's
    # articles chart: its bottom row cuts its three columns, one per run
    blue = hex_rgb(charts.BAR_COLOUR)
    blue_rows = colour_rows(rows, blue)
    assert blue_rows, "no chart drawn"
    blocks = [[blue_rows[0]]]
    for y in blue_rows[1:]:
        if y - blocks[-1][-1] > 8:
            blocks.append([])
        blocks[-1].append(y)
    trend_block = blocks[-1]
    assert len(blocks) >= 3 and trend_block[0] > blocks[0][-1]
    assert segments(rows[trend_block[-1]], blue) == 3
    # below it, the rejects per run are drawn: the third run's column, in the first reason colour
    below = rows[trend_block[-1] : trend_block[-1] + 400]
    assert colour_rows(below, hex_rgb(trends.REASON_COLOURS[0]))


@pytest.mark.usefixtures("prefect_harness")
def test_a_full_refresh_that_refuses_the_same_files_again_leaves_each_runs_reject_mix(tmp_path):
    """The reviewer's case, with the flow: a run refuses two empty files; a ``--full-refresh``
    refuses them again, one now for another reason. ``rejects`` keeps only the second run's
    refusals, yet the trend and the first run read back still show the first run's own mix, the
    one its report showed, and nothing as "reason not kept"."""
    from flows.ingest import ingest
    from flows.runs import recorded_run
    from flows.trends import runs_trend
    from load.warehouse import Warehouse
    from tests.hostile import article_text

    source, warehouse = tmp_path / "source", tmp_path / "w"
    source.mkdir()
    (source / "article.txt").write_text(article_text(1), encoding="utf-8")
    (source / "a.txt").write_text("", encoding="utf-8")
    (source / "b.txt").write_text("", encoding="utf-8")
    first = ingest(sources=[str(source)], warehouse=str(warehouse), workers=1)
    (source / "a.txt").write_bytes(b"\x00\x01\x02\x03 not text")
    second = ingest(sources=[str(source)], warehouse=str(warehouse), workers=1, full_refresh=True)
    assert dict(first.rejected) == {"empty": 2} and dict(second.rejected) == {"binary": 1, "empty": 1}

    store = Warehouse(warehouse)
    trend = runs_trend(store, 30)
    assert [(r.run_id, r.rejected) for r in trend.runs] == [
        (first.run_id, {"empty": 2}),
        (second.run_id, {"binary": 1, "empty": 1}),
    ]
    assert [r.rejects_without_reason for r in trend.runs] == [0, 0]
    again = recorded_run(store, first.run_id)
    assert again is not None and again.rejected == first.rejected
    assert "reason not kept" not in trend_section_html(trend)
