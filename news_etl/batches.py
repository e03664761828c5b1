"""Turn one batch of raw files into staged Arrow tables: read, decode, parse, build rows.

A batch is the unit of work of one Prefect task. Its output goes to Parquet files in the run's
staging directory (``<staging>/<table>/batch-NNNNN.parquet``), so that only small statistics
travel back to the flow, memory stays bounded by the batch size, and batches can run in other
processes or on other machines.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow.parquet as pq

from news_etl.schemas import Quote, Reject, SourceFile
from news_etl.schemas.tables import staged_schema
from news_etl.sources import MAX_FILE_BYTES, read_sources
from news_etl.transforms.article import parse_article
from news_etl.transforms.decode import Undecodable, decode_raw
from news_etl.transforms.ids import sha256_hex
from news_etl.transforms.quotes import extract_quotes
from news_etl.transforms.rows import QuoteFinder, SourceContext, TableBuilder, article_rows, reject_row
from news_etl.transforms.similarity import minhash_signature

STAGED_TABLES = ("articles", "paragraphs", "quotes", "rejects")


@dataclass(slots=True)
class BatchResult:
    batch: int
    files: int = 0
    articles: int = 0
    paragraphs: int = 0
    quotes: int = 0
    rejected: Counter[str] = field(default_factory=Counter)
    fixes: Counter[str] = field(default_factory=Counter)  # cleaning changes by rule, all articles
    seconds: dict[str, float] = field(default_factory=dict)  # stage -> seconds


def process_batch(
    files: list[SourceFile],
    batch: int,
    run_id: str,
    staging_dir: str,
    max_file_bytes: int = MAX_FILE_BYTES,
) -> BatchResult:
    """Read and parse ``files`` and write their rows to ``staging_dir`` (see the module doc)."""
    result = BatchResult(batch=batch, files=len(files))
    builders = {table: TableBuilder(staged_schema(table)) for table in STAGED_TABLES}
    ingested_at = dt.datetime.now(dt.UTC)

    def find_quotes(body: str) -> list[Quote]:
        started = time.perf_counter()
        quotes = extract_quotes(body)
        _add(result.seconds, "quotes", time.perf_counter() - started)
        return quotes

    clock = time.perf_counter()
    for source, data in read_sources(files, max_file_bytes):
        read_done = time.perf_counter()
        _add(result.seconds, "read", read_done - clock)
        reject = data if isinstance(data, Reject) else None
        if isinstance(data, bytes):
            quotes_before = result.seconds.get("quotes", 0.0)
            reject = _parse_into(builders, data, source, run_id, ingested_at, find_quotes, result.fixes)
            quote_time = result.seconds.get("quotes", 0.0) - quotes_before
            _add(result.seconds, "parse", time.perf_counter() - read_done - quote_time)
        if reject is None:
            result.articles += 1
        else:
            builders["rejects"].append(reject_row(reject, run_id))
            result.rejected[reject.reason] += 1
        clock = time.perf_counter()
    result.paragraphs = len(builders["paragraphs"])
    result.quotes = len(builders["quotes"])
    started = time.perf_counter()
    for table, builder in builders.items():
        if len(builder):
            out = Path(staging_dir) / table / f"batch-{batch:05d}.parquet"
            out.parent.mkdir(parents=True, exist_ok=True)
            pq.write_table(builder.to_table(), out)
    _add(result.seconds, "stage", time.perf_counter() - started)
    return result


def _parse_into(
    builders: dict[str, TableBuilder],
    data: bytes,
    source: SourceFile,
    run_id: str,
    ingested_at: dt.datetime,
    find_quotes: QuoteFinder,
    fixes: Counter[str],
) -> Reject | None:
    digest = sha256_hex(data)
    decoded = decode_raw(data)
    if isinstance(decoded, Undecodable):
        return Reject(source.uri, digest, "read", decoded.reason, decoded.detail)
    parsed = parse_article(decoded.text)
    fixes.update(parsed.fixes)
    if not parsed.paragraphs:
        what = "a title but no body" if parsed.title else "no title and no body"
        return Reject(source.uri, digest, "parse", "no_body", f"{what} after the header")
    rows = article_rows(parsed, SourceContext(source.uri, digest, run_id, ingested_at), find_quotes)
    rows.article["minhash"] = minhash_signature(rows.article["body"])
    builders["articles"].append(rows.article)
    for table, children in (("paragraphs", rows.paragraphs), ("quotes", rows.quotes)):
        for row in children:
            row["source_uri"] = source.uri
            builders[table].append(row)
    return None


def _add(seconds: dict[str, float], stage: str, elapsed: float) -> None:
    seconds[stage] = seconds.get(stage, 0.0) + elapsed


def stage_rejects(rejects: list[Reject], run_id: str, staging_dir: str, name: str) -> None:
    """Stage files refused before any batch saw them (an archive that cannot be listed)."""
    if not rejects:
        return
    builder = TableBuilder(staged_schema("rejects"))
    for reject in rejects:
        builder.append(reject_row(reject, run_id))
    out = Path(staging_dir) / "rejects" / f"{name}.parquet"
    out.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(builder.to_table(), out)
