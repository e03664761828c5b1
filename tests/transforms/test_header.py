from __future__ import annotations

import datetime as dt

from transforms.header import parse_header


def test_day_header_with_url():
    parsed = parse_header(" date 2022-02-16 https://example.com/a/b.html")
    assert parsed is not None
    assert parsed.header.published_date == dt.date(2022, 2, 16)
    assert parsed.header.date_precision == "day"
    assert parsed.header.url == "https://example.com/a/b.html"
    assert parsed.rest == ""


def test_month_only_header():
    parsed = parse_header(" date 2022-03")
    assert parsed is not None
    assert parsed.header.published_date == dt.date(2022, 3, 1)
    assert parsed.header.date_precision == "month"
    assert parsed.header.url is None


def test_text_after_the_date_is_not_a_url():
    parsed = parse_header(" date 2022-05-25  MINSK, May 25. The talks went on.")
    assert parsed is not None
    assert parsed.header.url is None
    assert parsed.rest == "MINSK, May 25. The talks went on."


def test_impossible_date_is_a_header_without_a_date():
    parsed = parse_header(" date 2022-02-30 https://example.com/x")
    assert parsed is not None
    assert parsed.header.published_date is None
    assert parsed.header.url == "https://example.com/x"


def test_a_title_is_not_a_header():
    assert parse_header("Dates of the 2022 season announced") is None
    assert parse_header("date night ideas") is None
