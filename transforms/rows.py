"""Parsed articles to Arrow rows: ids, the body with its paragraph offsets, counts.

Rules:

* ``body`` is the paragraphs joined by ``"\\n\\n"``; paragraph *i* starts where the previous one
  ended plus two, so ``body[char_start:char_end] == text`` for every paragraph.
* ``word_count`` counts white-space separated tokens (in bounded memory: :mod:`.words`).
* ``article_id`` comes from :func:`~transforms.ids.article_id`; ``body_sha256`` is the
  sha256 of the body, which finds the same article saved under two names.
* ``language`` comes from :func:`~transforms.language.detect_language`; articles in
  another language than English are loaded and flagged, and get no quotes.
* ``source_encoding`` is the encoding :mod:`.decode` read the file's bytes with.
* Quotes are found in the body (never in the summary, which repeats body sentences); a quote's
  ``paragraph_index`` is the paragraph its first character is in, and its ``quote_id`` the first
  16 hex digits of sha256 over the article id and the quote's offsets; its ``confidence`` is the
  quote's own, and a quote that comes without one is refused with a ``ValueError`` (a bug in the
  quote finder: the file is rejected as ``parse_error``, named, never stored with a made-up score).
  Its ``speaker_id``, ``speaker_kind`` and ``speaker_role`` say who speaks across articles
  (:mod:`transforms.speakers.identity`).
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import repeat
from typing import Any

import pyarrow as pa

from schemas import ParsedArticle, Quote, Reject
from schemas.tables import column_names
from transforms.article import PARSER_VERSION
from transforms.budget import check_budget
from transforms.ids import ID_HEX_DIGITS, article_id, sha256_hex, url_domain
from transforms.language import UNDETERMINED, detect_language
from transforms.speakers.identity import SpeakerIdentity, identify_all
from transforms.words import count_words

PARAGRAPH_SEPARATOR = "\n\n"

QuoteFinder = Callable[[str], Sequence[Quote]]

#: Quotes are looked for in English articles only (and in those too short to tell).
QUOTED_LANGUAGES = frozenset({"en", UNDETERMINED})


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

    def extend(self, rows: Sequence[Mapping[str, Any]], **same: Any) -> None:
        """Append ``rows``, column by column (one pass over the rows per column, not one call per
        row and column); a column named in ``same`` takes that one value in every row."""
        for name, values in self._columns.items():
            if name in same:
                values.extend(repeat(same[name], len(rows)))
            else:
                values.extend([row[name] for row in rows])

    def __len__(self) -> int:
        return len(next(iter(self._columns.values()), []))

    def to_table(self) -> pa.Table:
        return pa.Table.from_pydict(self._columns, schema=self.schema)


@dataclass(slots=True)
class ArticleRows:
    """The rows one parsed article contributes to each table."""

    article: dict[str, Any]
    paragraphs: list[dict[str, Any]] = field(default_factory=list)
    quotes: list[dict[str, Any]] = field(default_factory=list)


def article_rows(
    parsed: ParsedArticle,
    source: SourceContext,
    find_quotes: QuoteFinder | None = None,
    *,
    source_encoding: str = "utf-8",
) -> ArticleRows:
    """The ``articles``, ``paragraphs`` and ``quotes`` rows of one article (it must have paragraphs).

    ``find_quotes`` is called on the body; None means the article gets no quotes.
    ``source_encoding`` is the encoding that read the file's bytes (``Decoded.encoding`` of
    :mod:`.decode`); a text that never was bytes is taken as UTF-8.
    """
    body = PARAGRAPH_SEPARATOR.join(parsed.paragraphs)
    url = parsed.header.url
    aid = article_id(url, parsed.title, body)
    paragraphs: list[dict[str, Any]] = []
    starts: list[int] = []
    start = 0
    words = 0
    for index, text in enumerate(parsed.paragraphs):
        check_budget()
        end = start + len(text)
        count = count_words(text)
        words += count
        starts.append(start)
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
    language = detect_language(parsed.title, body)
    quotes = (
        [quote_row(aid, quote, starts, identity) for quote, identity in _identified(body, find_quotes(body))]
        if find_quotes is not None and language in QUOTED_LANGUAGES
        else []
    )
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
        "quote_count": len(quotes),
        "language": language,
        "duplicate_of": None,
        "text_fixes": sorted(parsed.fixes.items()),
        "body_sha256": sha256_hex(body),
        "source_uri": source.source_uri,
        "source_sha256": source.source_sha256,
        "parser_version": PARSER_VERSION,
        "run_id": source.run_id,
        "ingested_at": source.ingested_at,
        "source_encoding": source_encoding,
    }
    return ArticleRows(article, paragraphs, quotes)


def _identified(body: str, quotes: Sequence[Quote]) -> zip[tuple[Quote, SpeakerIdentity]]:
    """Each quote with its speaker's identity across articles, read from the body
    (:func:`~transforms.speakers.identity.identify_all`)."""
    return zip(quotes, identify_all(body, quotes), strict=True)


def quote_row(
    aid: str, quote: Quote, paragraph_starts: list[int], identity: SpeakerIdentity
) -> dict[str, Any]:
    """One ``quotes`` row; offsets stay those of the body the quote was found in; ``identity`` is
    its speaker's across articles.

    A quote comes scored (:func:`~transforms.quotes.extract_quotes` sets ``confidence``); one
    without a confidence is a bug upstream, not a quote to store with a made-up value.
    """
    quote_id = sha256_hex(f"{aid}:{quote.quote_start}:{quote.quote_end}")[:ID_HEX_DIGITS]
    if quote.confidence is None:
        raise ValueError(
            f"quote {quote_id} of article {aid} (chars {quote.quote_start}-{quote.quote_end}, "
            f"{quote.kind}: {quote.quote_text[:60]!r}) has no confidence: the quote finder must score "
            "every quote it returns"
        )
    return {
        "quote_id": quote_id,
        "article_id": aid,
        "paragraph_index": max(0, bisect.bisect_right(paragraph_starts, quote.quote_start) - 1),
        "kind": quote.kind,
        "quote_text": quote.quote_text,
        "speaker": quote.speaker,
        "speaker_resolved": quote.speaker_resolved,
        "cue": quote.cue,
        "char_start": quote.quote_start,
        "char_end": quote.quote_end,
        "speaker_start": quote.speaker_start,
        "speaker_end": quote.speaker_end,
        "cue_start": quote.cue_start,
        "cue_end": quote.cue_end,
        "fragment_count": max(1, len(quote.fragments)),
        "confidence": quote.confidence,
        "speaker_id": identity.speaker_id,
        "speaker_kind": identity.kind,
        "speaker_role": identity.role,
    }


def reject_row(reject: Reject, run_id: str) -> dict[str, Any]:
    return {
        "source_uri": reject.source_uri,
        "source_sha256": reject.source_sha256,
        "stage": reject.stage,
        "reason": reject.reason,
        "detail": reject.detail,
        "run_id": run_id,
        "table_name": None,
        "row_key": None,
    }
