"""The header line of a raw file: ``␠date YYYY-MM-DD URL``.

Rules:

* The header is the first line when it reads ``date`` followed by ``YYYY-MM-DD`` (precision
  ``day``) or ``YYYY-MM`` (precision ``month``), with or without the leading space.
  ``" date 2022-02-16 https://x.com/a"`` → 2022-02-16, day, ``https://x.com/a``.
* Only a rest-of-line that starts with ``http://`` or ``https://`` is a URL (its first token).
  Any other text after the date is page text, returned as ``rest`` for the parser to place.
* An impossible date (``2022-02-30``) is no date: the line is still the header, with a null date.
* A file whose first line is not a header has no header: every field is null and the first line
  is the title.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from schemas import DatePrecision, Header

_HEADER_RE = re.compile(r"^\s*date\s+(\d{4})-(\d{2})(?:-(\d{2}))?(?=\s|$)(.*)$", re.IGNORECASE)
_URL_RE = re.compile(r"https?://\S+", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class HeaderLine:
    header: Header
    rest: str  # page text after the date that is not a URL ('' when none)


def parse_header(line: str) -> HeaderLine | None:
    """Parse line 1 of a raw file; None when it is not a header line."""
    match = _HEADER_RE.match(line)
    if match is None:
        return None
    year, month, day, rest = match.groups()
    date, precision = _to_date(int(year), int(month), int(day) if day else None)
    rest = rest.strip()
    url = None
    url_match = _URL_RE.match(rest)
    if url_match:
        url = url_match.group(0)
        rest = rest[url_match.end() :].strip()
    return HeaderLine(Header(published_date=date, date_precision=precision, url=url), rest)


def _to_date(year: int, month: int, day: int | None) -> tuple[dt.date | None, DatePrecision | None]:
    try:
        if day is None:
            return dt.date(year, month, 1), "month"
        return dt.date(year, month, day), "day"
    except ValueError:
        return None, None
