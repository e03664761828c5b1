from __future__ import annotations

import datetime as dt

import pytest

from schemas import ARTICLES, PARAGRAPHS, QUOTES, Header, ParsedArticle, Quote
from transforms.rows import SourceContext, TableBuilder, article_rows

CONTEXT = SourceContext("/data/a.txt", "ab" * 32, "run-1", dt.datetime(2022, 1, 1, tzinfo=dt.UTC))


def parsed(paragraphs, url="https://www.example.com/story/"):
    header = Header(dt.date(2022, 2, 16), "day", url)
    return ParsedArticle(header, "Title", None, None, None, paragraphs)


def test_body_offsets_slice_back_to_each_paragraph():
    texts = ["First paragraph.", "Second, with “curly” quotes — and a dash.", "Third."]
    rows = article_rows(parsed(texts), CONTEXT)
    article, paragraphs = rows.article, rows.paragraphs
    assert article["body"] == "\n\n".join(texts)
    for index, row in enumerate(paragraphs):
        assert row["paragraph_index"] == index
        assert article["body"][row["char_start"] : row["char_end"]] == row["text"] == texts[index]
    assert article["paragraph_count"] == 3
    assert article["word_count"] == sum(r["word_count"] for r in paragraphs) == 11
    assert article["domain"] == "example.com"


def test_rows_are_deterministic_and_fit_the_schemas():
    first = article_rows(parsed(["One.", "Two."]), CONTEXT)
    again = article_rows(parsed(["One.", "Two."]), CONTEXT)
    assert first == again
    articles, paragraphs = TableBuilder(ARTICLES), TableBuilder(PARAGRAPHS)
    articles.append(first.article)
    for row in first.paragraphs:
        paragraphs.append(row)
    assert articles.to_table().schema == ARTICLES
    assert paragraphs.to_table().num_rows == 2


def test_non_english_articles_are_flagged_and_get_no_quotes():
    calls = []

    def finder(body):
        calls.append(body)
        return []

    italian = [
        "Il presidente del Consiglio ha detto che il governo è pronto a intervenire sui prezzi dell'energia."
    ]
    rows = article_rows(parsed(italian), CONTEXT, finder)
    assert rows.article["language"] == "it"
    assert rows.article["quote_count"] == 0 and calls == []
    english = ["The harbour council said on Monday that the new ferry terminal would open in the spring."]
    assert article_rows(parsed(english), CONTEXT, finder).article["language"] == "en"
    assert len(calls) == 1


def test_rows_appended_at_once_make_the_table_rows_appended_one_by_one_make():
    from schemas.tables import staged_schema

    rows = article_rows(parsed(["One.", "Two, with more words.", "Three."]), CONTEXT).paragraphs
    one_by_one, at_once = TableBuilder(staged_schema("paragraphs")), TableBuilder(staged_schema("paragraphs"))
    for row in rows:
        one_by_one.append({**row, "source_uri": "/data/a.txt"})
    at_once.extend(rows, source_uri="/data/a.txt")
    at_once.extend([])
    assert len(at_once) == 3
    assert at_once.to_table().equals(one_by_one.to_table())
    assert at_once.to_table().column("source_uri").to_pylist() == ["/data/a.txt"] * 3


SAID = "The harbour council said on Monday that the new ferry terminal would open in the spring."


def said_quote(confidence: float | None) -> Quote:
    start = SAID.index("the new")
    return Quote(
        "indirect", start, len(SAID) - 1, SAID[start:-1], "The harbour council", 0, 19, None, "said",
        20, 24, confidence=confidence,
    )  # fmt: skip


def test_a_quote_row_carries_the_quotes_confidence():
    rows = article_rows(parsed([SAID]), CONTEXT, lambda body: [said_quote(0.83)])
    [row] = rows.quotes
    assert row["confidence"] == 0.83
    quotes = TableBuilder(QUOTES)
    quotes.append(row)
    table = quotes.to_table()
    assert table.schema == QUOTES and table.column("confidence").to_pylist() == [0.83]


def test_a_quote_without_a_confidence_is_refused_by_name():
    with pytest.raises(ValueError, match=r"quote [0-9a-f]{16} of article [0-9a-f]{16} .*has no confidence"):
        article_rows(parsed([SAID]), CONTEXT, lambda body: [said_quote(None)])
