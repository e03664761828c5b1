"""Helpers shared by test modules: a run record to render, and a headless Chromium to render it in.

Fixtures live in ``conftest.py`` (``chromium`` skips when the browser is absent); these are plain
functions and constants, imported by the tests that use them.
"""

from __future__ import annotations

import datetime as dt
import struct
import subprocess
import zlib
from collections import Counter
from pathlib import Path

from schemas.records import ExpectationOutcome
from schemas.run_record import RunRecord

CHROMIUM = Path("/usr/bin/chromium")
BROWSER_TIMEOUT_S = 60


def outcome(
    table: str, name: str, success: bool = True, severity="warning", unexpected: int = 0, observed=None
):
    return ExpectationOutcome(table, name, severity, success, unexpected, observed)


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
        quotes_per_article=[0, 1, 1, 2, 4, 7, 12, 0, 3],
        data_docs_index="/data/warehouse/gx/data_docs/local_site/index.html",
    )
    fields.update(changes)
    return RunRecord(**fields)  # type: ignore[arg-type]


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
