"""Parsed articles to Arrow rows: ids, the body with its paragraph offsets, counts.

Rules:

* ``body`` is the paragraphs joined by ``"\\n\\n"``; paragraph *i* starts where the previous one
  ended plus two, so ``body[char_start:char_end] == text`` for every paragraph.
* ``word_count`` counts white-space separated tokens.
* ``article_id`` comes from :func:`~news_etl.transforms.ids.article_id`; ``body_sha256`` is the
  sha256 of the body, which finds the same article saved under two names.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pyarrow as pa

from news_etl.schemas import ParsedArticle, Reject
from news_etl.schemas.tables import column_names
from news_etl.transforms.article import PARSER_VERSION
from news_etl.transforms.ids import article_id, sha256_hex, url_domain

PARAGRAPH_SEPARATOR = "\n\n"


@dataclass(frozen=True, slots=True)
class SourceContext:
    """What the reader knows about the file an article came from."""

    source_uri: str
    source_sha256: str
    run_id: str
    ingested_at: dt.datetime


class TableBuilder:
    """Collects rows column by column and hands them over as one Arrow table of ``schema``."""

    def __init__(self, schema: pa.Schema) -> None:
        self.schema = schema
        self._columns: dict[str, list[Any]] = {name: [] for name in column_names(schema)}

    def append(self, row: Mapping[str, Any]) -> None:
        for name, values in self._columns.items():
            values.append(row[name])

    def __len__(self) -> int:
        return len(next(iter(self._columns.values()), []))

    def to_table(self) -> pa.Table:
        return pa.Table.from_pydict(self._columns, schema=self.schema)


def article_rows(parsed: ParsedArticle, source: SourceContext) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """One ``articles`` row and its ``paragraphs`` rows (the article must have paragraphs)."""
    body = PARAGRAPH_SEPARATOR.join(parsed.paragraphs)
    url = parsed.header.url
    aid = article_id(url, parsed.title, body)
    paragraphs: list[dict[str, Any]] = []
    start = 0
    words = 0
    for index, text in enumerate(parsed.paragraphs):
        end = start + len(text)
        count = len(text.split())
        words += count
        paragraphs.append(
            {
                "article_id": aid,
                "paragraph_index": index,
                "text": text,
                "char_start": start,
                "char_end": end,
                "word_count": count,
            }
        )
        start = end + len(PARAGRAPH_SEPARATOR)
    article = {
        "article_id": aid,
        "url": url,
        "domain": url_domain(url),
        "published_date": parsed.header.published_date,
        "date_precision": parsed.header.date_precision,
        "title": parsed.title,
        "teaser": parsed.teaser,
        "teaser_truncated": parsed.teaser_truncated,
        "summary": parsed.summary,
        "body": body,
        "paragraph_count": len(parsed.paragraphs),
        "word_count": words,
        "body_sha256": sha256_hex(body),
        "source_uri": source.source_uri,
        "source_sha256": source.source_sha256,
        "parser_version": PARSER_VERSION,
        "run_id": source.run_id,
        "ingested_at": source.ingested_at,
    }
    return article, paragraphs


def reject_row(reject: Reject, run_id: str) -> dict[str, Any]:
    return {
        "source_uri": reject.source_uri,
        "source_sha256": reject.source_sha256,
        "stage": reject.stage,
        "reason": reject.reason,
        "detail": reject.detail,
        "run_id": run_id,
    }
