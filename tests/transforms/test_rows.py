from __future__ import annotations

import datetime as dt

from news_etl.schemas import ARTICLES, PARAGRAPHS, Header, ParsedArticle
from news_etl.transforms.rows import SourceContext, TableBuilder, article_rows

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
