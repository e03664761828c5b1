"""Turn one batch of raw files into staged Arrow tables: read, decode, parse, build rows.

A batch is the unit of work of one Prefect task. Its output goes to Parquet files in the run's
staging directory (``<staging>/<table>/batch-NNNNN.parquet``), so that only small statistics
travel back to the flow, memory stays bounded by the batch size, and batches can run in other
processes or on other machines.

Every file of the batch ends in exactly one outcome, staged in ``files/`` for the ledger:

* ``parsed``: an article was staged (the load may still refuse it as a duplicate);
* ``rejected``: it could not be read or parsed (a ``rejects`` row says why);
* ``unchanged``: its bytes hash to the sha256 the ledger already has: not parsed again;
* ``outside_window``: a ``--since/--until`` window was given and its header date is not in it
  (or it has none): left for another run, recorded nowhere.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from news_etl.schemas import Quote, Reject, SourceFile
from news_etl.schemas.records import FileOutcome
from news_etl.schemas.tables import staged_schema
from news_etl.sources import MAX_FILE_BYTES, read_sources
from news_etl.transforms.article import parse_article
from news_etl.transforms.budget import PARSE_TIMEOUT_SECONDS
from news_etl.transforms.decode import Undecodable, decode_raw
from news_etl.transforms.header import parse_header
from news_etl.transforms.ids import sha256_hex
from news_etl.transforms.quotes import extract_quotes
from news_etl.transforms.rows import QuoteFinder, SourceContext, TableBuilder, article_rows, reject_row
from news_etl.transforms.similarity import minhash_signature

STAGED_TABLES = ("articles", "paragraphs", "quotes", "rejects", "files")
logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class BatchOptions:
    """What every batch of a run is told."""

    run_id: str
    staging_dir: str
    max_file_bytes: int = MAX_FILE_BYTES
    since: dt.date | None = None  # only articles published on or after this day
    until: dt.date | None = None  # ... and on or before this one
    parse_timeout_seconds: float | None = PARSE_TIMEOUT_SECONDS  # budget to parse one file (None: none)

    def in_window(self, published: dt.date | None) -> bool:
        if self.since is None and self.until is None:
            return True
        if published is None:
            return False
        return (self.since is None or published >= self.since) and (
            self.until is None or published <= self.until
        )


@dataclass(slots=True)
class BatchResult:
    batch: int
    files: int = 0
    articles: int = 0
    paragraphs: int = 0
    quotes: int = 0
    outcomes: Counter[FileOutcome] = field(default_factory=Counter)  # files by outcome
    rejected: Counter[str] = field(default_factory=Counter)  # rejected files by reason
    fixes: Counter[str] = field(default_factory=Counter)  # cleaning changes by rule, all articles
    seconds: dict[str, float] = field(default_factory=dict)  # stage -> seconds


def process_batch(
    files: list[SourceFile],
    batch: int,
    options: BatchOptions,
    known: dict[str, str] | None = None,
) -> BatchResult:
    """Read and parse ``files`` and stage their rows (see the module docstring).

    ``known`` maps a file's ``source_uri`` to the sha256 the ledger has for it.
    """
    known = known or {}
    result = BatchResult(batch=batch, files=len(files))
    builders = {table: TableBuilder(staged_schema(table)) for table in STAGED_TABLES}
    ingested_at = dt.datetime.now(dt.UTC)

    def find_quotes(body: str) -> list[Quote]:
        started = time.perf_counter()
        try:
            return extract_quotes(body)
        except Exception:  # a bug in the extractor must not cost the article: load it without quotes
            logger.exception("quote extraction failed in batch %d; the article loads without quotes", batch)
            result.fixes["quote_extraction_failed"] += 1
            return []
        finally:
            _add(result.seconds, "quotes", time.perf_counter() - started)

    clock = time.perf_counter()
    for source, data in read_sources(files, options.max_file_bytes):
        read_done = time.perf_counter()
        _add(result.seconds, "read", read_done - clock)
        outcome: FileOutcome
        digest = sha256_hex(data) if isinstance(data, bytes) else None
        if isinstance(data, Reject):
            reject: Reject | None = data
        elif known.get(source.uri) == digest:
            reject, outcome = None, "unchanged"
        elif not options.in_window(_header_date(data)):
            reject, outcome = None, "outside_window"
        else:
            quotes_before = result.seconds.get("quotes", 0.0)
            context = SourceContext(source.uri, digest or "", options.run_id, ingested_at)
            try:
                reject = _parse_into(builders, data, context, find_quotes, result.fixes)
            except Exception as exc:  # a parser bug costs this one file, named, not the whole batch
                logger.exception("parsing %s failed", source.uri)
                reject = Reject(source.uri, digest, "parse", "parse_error", f"{type(exc).__name__}: {exc}")
            quote_time = result.seconds.get("quotes", 0.0) - quotes_before
            _add(result.seconds, "parse", time.perf_counter() - read_done - quote_time)
            outcome = "parsed"
        if reject is not None:
            builders["rejects"].append(reject_row(reject, options.run_id))
            result.rejected[reject.reason] += 1
            outcome = "rejected"
        elif outcome == "parsed":
            result.articles += 1
        result.outcomes[outcome] += 1
        builders["files"].append(_file_row(source, digest, outcome))
        clock = time.perf_counter()
    result.paragraphs = len(builders["paragraphs"])
    result.quotes = len(builders["quotes"])
    started = time.perf_counter()
    for table, builder in builders.items():
        if len(builder):
            out = Path(options.staging_dir) / table / f"batch-{batch:05d}.parquet"
            out.parent.mkdir(parents=True, exist_ok=True)
            pq.write_table(builder.to_table(), out)
    _add(result.seconds, "stage", time.perf_counter() - started)
    return result


def _header_date(data: bytes) -> dt.date | None:
    first_line = data[:512].split(b"\n", 1)[0].decode("utf-8", "replace").removeprefix("\ufeff")
    header = parse_header(first_line)
    return header.header.published_date if header else None


def _file_row(source: SourceFile, digest: str | None, outcome: FileOutcome) -> dict[str, Any]:
    return {
        "source_uri": source.uri,
        "size": source.size,
        "mtime": source.mtime,
        "sha256": digest,
        "outcome": outcome,
    }


def _parse_into(
    builders: dict[str, TableBuilder],
    data: bytes,
    context: SourceContext,
    find_quotes: QuoteFinder,
    fixes: Counter[str],
) -> Reject | None:
    uri, digest = context.source_uri, context.source_sha256
    decoded = decode_raw(data)
    if isinstance(decoded, Undecodable):
        return Reject(uri, digest, "read", decoded.reason, decoded.detail)
    parsed = parse_article(decoded.text)
    fixes.update(parsed.fixes)
    if not parsed.paragraphs:
        what = "a title but no body" if parsed.title else "no title and no body"
        return Reject(uri, digest, "parse", "no_body", f"{what} after the header")
    rows = article_rows(parsed, context, find_quotes)
    rows.article["minhash"] = minhash_signature(rows.article["body"])
    builders["articles"].append(rows.article)
    for table, children in (("paragraphs", rows.paragraphs), ("quotes", rows.quotes)):
        for row in children:
            row["source_uri"] = uri
            builders[table].append(row)
    return None


def _add(seconds: dict[str, float], stage: str, elapsed: float) -> None:
    seconds[stage] = seconds.get(stage, 0.0) + elapsed


def stage_rejects(rejects: list[Reject], options: BatchOptions, name: str) -> None:
    """Stage files refused before any batch saw them (an archive that cannot be listed)."""
    if not rejects:
        return
    unread = [{"source_uri": r.source_uri, "size": -1, "mtime": None, "sha256": None, "outcome": "rejected"}
              for r in rejects]  # fmt: skip
    for table, rows in (
        ("rejects", [reject_row(reject, options.run_id) for reject in rejects]),
        ("files", unread),
    ):
        builder = TableBuilder(staged_schema(table))
        for row in rows:
            builder.append(row)
        out = Path(options.staging_dir) / table / f"{name}.parquet"
        out.parent.mkdir(parents=True, exist_ok=True)
        pq.write_table(builder.to_table(), out)


def stage_unchanged(files: list[SourceFile], options: BatchOptions) -> None:
    """Stage the files the ledger says are unchanged (same size and mtime): never opened."""
    if not files:
        return
    builder = TableBuilder(staged_schema("files"))
    for source in files:
        builder.append(_file_row(source, None, "unchanged"))
    out = Path(options.staging_dir) / "files" / "unchanged.parquet"
    out.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(builder.to_table(), out)
