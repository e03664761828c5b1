"""Helpers shared by test modules (a test module never imports another test module): runs and
reads of a warehouse, small raw inputs and what extract makes of them, a run record to render, and a headless Chromium to render it in.

Fixtures live in ``conftest.py`` (``chromium`` skips when the browser is absent); these are plain
functions and constants, imported by the tests that use them.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import struct
import subprocess
import zlib
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from extract.batches import BatchOptions, process_batch, stage_rejects, stage_unchanged
from extract.discover import discover
from extract.incremental import plan_run
from extract.read import read_sources
from load.warehouse import Warehouse
from quality.invariants import check_warehouse
from schemas import Quote, Reject
from schemas.records import ExpectationOutcome
from schemas.results import LoadResult
from schemas.run_record import RunRecord

CHROMIUM = Path("/usr/bin/chromium")


def check(store: Warehouse, months: Iterable[str] | None = None) -> list[str]:
    """The warehouse's broken invariants, through a short read-only connection (as the CLI does)."""
    with contextlib.closing(store.connect(read_only=True)) as con:
        return check_warehouse(con, store.parquet_dir, months)


def table_rows(warehouse_dir: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of the article tables, without the columns that name the run."""
    with contextlib.closing(Warehouse(warehouse_dir).connect(read_only=True)) as con:
        return {
            "articles": con.execute(
                "SELECT * EXCLUDE (run_id, ingested_at) FROM articles ORDER BY ALL"
            ).fetchall(),
            "paragraphs": con.execute("SELECT * FROM paragraphs ORDER BY ALL").fetchall(),
            "quotes": con.execute("SELECT * FROM quotes ORDER BY ALL").fetchall(),
        }


# --------------------------------------------------------------------------------------------
# Small raw inputs, and what extract makes of them
def write(path: Path, text: str = "Title\nBody.") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


ARTICLE = b" date 2022-01-02 https://example.com/a\nTitle\nBody.\n"


def read_all(root, max_bytes=10_000):
    found = discover([root])
    return found, {
        Path(s.uri).name if "!/" not in s.uri else s.uri.split("!/")[1]: d
        for s, d in read_sources(found.files, max_bytes)
    }


def outcomes(found, max_bytes=10_000):
    """Every article file found, by uri: its bytes, or the reason it was refused."""
    out = {r.source_uri: r.reason for r in found.rejects}
    for source, data in read_sources(found.files, max_bytes):
        out[source.uri] = data.reason if isinstance(data, Reject) else data
    return out


# --------------------------------------------------------------------------------------------
# One file, loaded and read again (the re-read and prune tests)
FIRST = ' date 2022-02-16 https://example.com/a\nA title\nFirst version, one.\n"We stay," she said.\n'
SECOND = " date 2022-02-16 https://example.com/a\nA title\nSecond version, repaired.\n"
OTHER = " date 2022-03-01 https://example.com/b\nB title\nAnother story entirely.\n"


def run(store: Warehouse, source: Path, run_id: str, *, max_file_bytes: int = 1 << 20) -> LoadResult:
    """One run as the flow does it: discover, plan by the ledger, parse, load, check."""
    store.prepare()
    found = discover([source])
    plan = plan_run(found.files, store.ledger(), full_refresh=False)
    options = BatchOptions(run_id, str(store.staging_dir(run_id)), max_file_bytes)
    stage_rejects(found.rejects, options, "discovery")
    stage_unchanged(plan.unchanged, options)
    known = {f.uri: plan.known_sha256[f.uri] for f in plan.to_read if f.uri in plan.known_sha256}
    process_batch(plan.to_read, 0, options, known)
    try:
        result = store.load_run(run_id, validator=None)  # the tests of quality pass one
    finally:
        store.discard_staging(run_id)
    assert check(store) == []
    return result


def query(store: Warehouse, sql: str, params: list[object] | None = None) -> list[tuple]:
    with contextlib.closing(store.connect(read_only=True)) as con:
        return con.execute(sql, params).fetchall()


def rows_of(store: Warehouse, uri: str) -> dict[str, list[tuple]]:
    """Every row the file produced, and the Parquet mirror's copy of its article."""
    ids = "(SELECT article_id FROM articles WHERE source_uri = ?)"
    glob = str(store.parquet_dir / "articles" / "**" / "*.parquet")
    return {
        "articles": query(store, "SELECT * FROM articles WHERE source_uri = ?", [uri]),
        "paragraphs": query(store, f"SELECT * FROM paragraphs WHERE article_id IN {ids} ORDER BY ALL", [uri]),  # noqa: S608  ids is the literal subquery above; the uri is a parameter
        "quotes": query(store, f"SELECT * FROM quotes WHERE article_id IN {ids} ORDER BY ALL", [uri]),  # noqa: S608  ids is the literal subquery above; the uri is a parameter
        "signatures": query(store, f"SELECT * FROM _signatures WHERE article_id IN {ids}", [uri]),  # noqa: S608  ids is the literal subquery above; the uri is a parameter
        "parquet": query(
            store, "SELECT body, run_id FROM read_parquet(?, hive_partitioning=true) WHERE source_uri = ?",
            [glob, uri],
        ),
    }  # fmt: skip


def loaded_once(tmp_path: Path) -> tuple[Path, Path, Warehouse, dict[str, list[tuple]]]:
    """A SOURCE ``src`` holding ``a.txt`` (the first version), loaded by run-1: the source, the
    file, the warehouse and the file's rows."""
    src = tmp_path / "src"
    src.mkdir()
    path = src / "a.txt"
    path.write_text(FIRST, encoding="utf-8")
    store = Warehouse(tmp_path / "w")
    run(store, src, "run-1")
    return src, path, store, rows_of(store, str(path))


# --------------------------------------------------------------------------------------------
# A run record to render
def outcome(
    table: str, name: str, success: bool = True, severity="warning", unexpected: int = 0, observed=None
):
    return ExpectationOutcome(table, name, severity, success, unexpected, observed)


def quote_counts(quotes: Iterable[int]) -> list[tuple[int, int]]:
    """The record's articles by quote count, ``(quotes, articles)`` sorted, from each article's count."""
    return sorted(Counter(quotes).items())


def make_data(**changes) -> RunRecord:
    """A small run: two suites, one failing expectation, two reject reasons."""
    fields: dict[str, object] = dict(
        run_id="run-20260101T000000Z",
        flow_run_id="0b3c6a7e-1111-2222-3333-444455556666",
        status="completed",
        started_at=dt.datetime(2026, 1, 1, 0, 0, 0, tzinfo=dt.UTC),
        finished_at=dt.datetime(2026, 1, 1, 0, 3, 25, tzinfo=dt.UTC),
        warehouse="/data/warehouse",
        files_seen=12,
        articles_loaded=9,
        files_rejected=3,
        rejected=Counter({"empty": 2, "binary": 1}),
        rows_quarantined=4,
        outcomes=[
            outcome("articles", "expect_column_values_to_not_be_null(article_id)", observed="0 rows"),
            outcome("articles", "expect_column_values_to_be_unique(article_id)", severity="critical"),
            outcome("quotes", "expect_column_values_to_not_be_null(quote_text)", observed="0 rows"),
            outcome(
                "quotes",
                "expect_column_values_to_be_between(quote_start)",
                success=False,
                severity="quarantine",
                unexpected=4,
                observed="4 rows below 0",
            ),
        ],
        articles_per_day=[(dt.date(2025, 12, 30), 4), (dt.date(2025, 12, 31), 3), (None, 2)],
        quote_counts=quote_counts([0, 1, 1, 2, 4, 7, 12, 0, 3]),
        data_docs_index="/data/warehouse/gx/data_docs/local_site/index.html",
    )
    fields.update(changes)
    return RunRecord(**fields)  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------------
# In a real browser (the ``chromium`` fixture, in conftest.py, skips when there is none)
BROWSER_TIMEOUT_S = 60


def decode_png(data: bytes) -> tuple[int, int, list[bytes]]:
    """(width, height, rows of RGB(A) bytes) of an 8-bit, non-interlaced RGB or RGBA PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, header = 8, bytearray(), None
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        elif kind == b"IEND":
            break
    assert header is not None
    width, height, depth, colour, _, _, interlace = header
    assert depth == 8 and colour in (2, 6) and interlace == 0, header
    bpp = 3 if colour == 2 else 4
    raw = zlib.decompress(bytes(idat))
    stride = width * bpp
    rows: list[bytes] = []
    prev = bytearray(stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        if kind == 1:
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 0xFF
        elif kind == 2:
            line = bytearray((a + b) & 0xFF for a, b in zip(line, prev, strict=True))
        elif kind == 3:
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + ((left + prev[i]) >> 1)) & 0xFF
        elif kind == 4:
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                b, c = prev[i], (prev[i - bpp] if i >= bpp else 0)
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + pred) & 0xFF
        rows.append(bytes(line))
        prev = line
    return width, height, [bytes(r[i] for i in range(len(r)) if i % bpp < 3) for r in rows]


def run_chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    profile = tmp_path / "chromium-profile"
    profile.mkdir(exist_ok=True)
    command = [
        str(CHROMIUM),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        f"--user-data-dir={profile}",
        *args,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=BROWSER_TIMEOUT_S, check=False)


def screenshot_rows(tmp_path: Path, url: str, width: int, height: int, keep_env: str) -> list[bytes]:
    """A headless Chromium screenshot of ``url`` at ``width`` x ``height``, as decoded PNG rows
    (checked to be that size); the PNG is also copied to the path in the environment variable
    ``keep_env`` when it is set, to look at it."""
    import os
    import shutil

    png = tmp_path / "screenshot.png"
    shot = run_chromium(tmp_path, f"--screenshot={png}", f"--window-size={width},{height}", url)
    assert shot.returncode == 0 and png.exists(), shot.stderr[-2000:]
    keep = os.environ.get(keep_env)
    if keep:
        shutil.copyfile(png, keep)
    shown_width, shown_height, rows = decode_png(png.read_bytes())
    assert (shown_width, shown_height) == (width, height)
    return rows


# --------------------------------------------------------------------------------------------
# Quotes
def only_quote(text: str) -> Quote:
    """The one quote ``extract_quotes`` finds in ``text`` (fails, listing them, on any other count)."""
    from transforms.quotes import extract_quotes

    quotes = extract_quotes(text)
    assert len(quotes) == 1, [(q.quote_text, q.speaker, q.cue) for q in quotes]
    return quotes[0]


def score_quotes_by_offset(monkeypatch) -> None:
    """Make this test's batches score every quote by its offset, ``(quote_start % 11) / 10`` (0.0,
    0.1, … 1.0), whatever the extractor's own score: a spread of confidences that a test can
    count on, and one that does not move when the model is trained again."""
    import dataclasses

    import extract.batches
    from transforms.quotes import extract_quotes

    def scored(text: str) -> list[Quote]:
        return [dataclasses.replace(q, confidence=(q.quote_start % 11) / 10) for q in extract_quotes(text)]

    monkeypatch.setattr(extract.batches, "extract_quotes", scored)
