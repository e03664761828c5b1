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

Bounded work per file:

* **Time.** A file is decoded, parsed, searched for quotes and turned into rows within a budget
  of ``BatchOptions.parse_timeout_seconds`` (:mod:`.transforms.budget`: deadline checks inside
  the loops, so it works in the flow's process, in worker processes and on Dask's threads). A
  file over it is rejected as ``parse_timeout`` with the seconds spent ("5.2 s, over the 5 s
  budget"); nothing of it is staged (its rows are appended only once the article is complete)
  and the rest of the batch goes on. The time counts in the batch's ``parse`` seconds.
* **Retries.** A timed-out file is written down at once, before the batch goes on, in
  ``<staging>/timeouts/batch-NNNNN.jsonl`` (``source_uri``, ``sha256``, ``seconds``, ``detail``;
  fsynced). A retried batch (Prefect retries a failed batch) rejects the files written there,
  when their bytes are still the same, without parsing them again.
* **Lines.** A text of more than :data:`MAX_LINES_PER_ARTICLE` lines (counted in the decoded
  text, before any parsing) is rejected as ``too_many_lines``: never cut silently.
* **Quotes.** The quote extractor reads the first ``MAX_TEXT_CHARS`` characters of a body
  (:func:`~.transforms.quotes.quote_text_limited`); an article whose body is longer says so in
  its ``text_fixes`` (``quotes_cut_at_limit``).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import datetime as dt
import functools
import json
import logging
import os
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from extract.inputs import MAX_FILE_BYTES
from extract.read import read_sources
from schemas import Quote, Reject, SourceFile
from schemas.records import FileOutcome
from schemas.results import BatchResult
from schemas.tables import staged_schema
from transforms.article import parse_article
from transforms.budget import PARSE_TIMEOUT_SECONDS, ParseTimeout, time_budget
from transforms.decode import Undecodable, decode_raw
from transforms.header import parse_header
from transforms.ids import sha256_hex
from transforms.quotes import extract_quotes, quote_text_limited
from transforms.rows import QuoteFinder, SourceContext, TableBuilder, article_rows, reject_row
from transforms.similarity import minhash_signature

STAGED_TABLES = ("articles", "paragraphs", "quotes", "rejects", "files")
#: More lines than this and a text is no article (``too_many_lines``). The longest file of the
#: reference corpora has 75 lines; 50,000 hard-wrapped lines of 60 characters are about 400,000
#: words, a hundred times a long feature. The cap bounds the parser's per-line work and memory
#: (a file of a million short lines cost 1 GB) and is checked before any of it is spent.
MAX_LINES_PER_ARTICLE = 50_000
TIMEOUTS_DIR = "timeouts"  # <staging>/timeouts/batch-NNNNN.jsonl: the files that timed out
_LINE_BREAKS = ("\n", "\r", "\u2028", "\u2029")  # the parser's line ends (+ "\r\n", one end)
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
    timeouts_file = Path(options.staging_dir) / TIMEOUTS_DIR / f"batch-{batch:05d}.jsonl"
    timed_out = _read_timeouts(timeouts_file)  # a retried batch: files that timed out before

    def find_quotes(body: str) -> list[Quote]:
        started = time.perf_counter()
        try:
            return extract_quotes(body)
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
        elif digest is not None and timed_out.get(source.uri, ("", ""))[0] == digest:
            reject = Reject(source.uri, digest, "parse", "parse_timeout", timed_out[source.uri][1])
        else:
            quotes_before = result.seconds.get("quotes", 0.0)
            context = SourceContext(source.uri, digest or "", options.run_id, ingested_at)
            try:
                with time_budget(options.parse_timeout_seconds):
                    reject = _parse_into(builders, data, context, find_quotes, result.fixes)
            except ParseTimeout as exc:  # this file stops here; the batch goes on
                detail = f"{exc.seconds:.1f} s, over the {exc.budget:g} s budget"
                reject = Reject(source.uri, digest, "parse", "parse_timeout", detail)
                _record_timeout(timeouts_file, reject, exc.seconds)
                logger.warning("parsing %s stopped: %s", source.uri, detail)
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
    for table in STAGED_TABLES:
        builder = builders.pop(table)  # its rows go as soon as their Parquet file is written
        if len(builder):
            _write_staged(builder, Path(options.staging_dir) / table / f"batch-{batch:05d}.parquet")
        del builder
    _add(result.seconds, "stage", time.perf_counter() - started)
    release_freed_memory()
    return result


def release_freed_memory() -> None:
    """Hand the memory a batch freed back to the system, so that a worker that runs batch after
    batch keeps the footprint of one batch.

    A batch allocates and frees millions of small strings and lists; glibc's allocator keeps
    what was freed in its heaps, fragmented, and the process grows with every batch it runs
    (measured on a 20,000-file corpus, batches of 500 files in one process: 212 MB after the
    first batch, 284 MB after the fortieth, still growing). ``malloc_trim(0)`` returns the free
    pages of every heap (a few milliseconds), and Arrow's pool drops what it caches. Where the C
    library has no ``malloc_trim`` (not glibc), only Arrow's pool is released.
    """
    pa.default_memory_pool().release_unused()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's ``malloc_trim``, or None where the C library has none."""
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    try:
        trim: Callable[[int], int] | None = getattr(ctypes.CDLL(name), "malloc_trim", None)
    except OSError:
        return None
    return trim


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
    """Parse one file and append its rows, all of them or none (a :class:`ParseTimeout` raised
    anywhere before the end leaves the builders as they were); the batch's ``fixes`` count only
    what a staged article or a ``no_body`` reject found."""
    uri, digest = context.source_uri, context.source_sha256
    decoded = decode_raw(data)
    if isinstance(decoded, Undecodable):
        return Reject(uri, digest, "read", decoded.reason, decoded.detail)
    lines = line_count(decoded.text)
    if lines > MAX_LINES_PER_ARTICLE:
        detail = f"{lines:,} lines, over the {MAX_LINES_PER_ARTICLE:,} an article may have"
        return Reject(uri, digest, "parse", "too_many_lines", detail)
    parsed = parse_article(decoded.text)
    parsed.fixes.update(decoded.fixes)
    encoding = decoded.encoding
    del decoded  # the parser's lines are all that is needed now (a 20 MiB text is 20 to 80 MB)
    if not parsed.paragraphs:
        fixes.update(parsed.fixes)
        what = "a title but no body" if parsed.title else "no title and no body"
        return Reject(uri, digest, "parse", "no_body", f"{what} after the header")

    def quotes_of(body: str) -> Sequence[Quote]:
        if quote_text_limited(body):
            parsed.fixes["quotes_cut_at_limit"] += 1
        try:
            return find_quotes(body)
        except ParseTimeout:
            raise  # not a bug: the file is over its budget
        except Exception:  # a bug in the extractor must not cost the article: load it without quotes
            logger.exception("quote extraction failed on %s; the article loads without quotes", uri)
            parsed.fixes["quote_extraction_failed"] += 1
            return []

    rows = article_rows(parsed, context, quotes_of, source_encoding=encoding)
    rows.article["minhash"] = minhash_signature(rows.article["body"])
    # complete: from here on nothing checks the budget, so the rows go in whole
    builders["articles"].append(rows.article)
    builders["paragraphs"].extend(rows.paragraphs, source_uri=uri)
    builders["quotes"].extend(rows.quotes, source_uri=uri)
    fixes.update(parsed.fixes)
    return None


def line_count(text: str) -> int:
    """Lines as the parser will see them: ``\\n``, ``\\r\\n``, ``\\r``, U+2028 and U+2029 end one."""
    breaks = sum(text.count(end) for end in _LINE_BREAKS) - text.count("\r\n")
    return breaks + 1


def _read_timeouts(path: Path) -> dict[str, tuple[str, str]]:
    """``source_uri -> (sha256, detail)`` of the files an earlier attempt of this batch timed out
    on (a line cut short by a crash is skipped: its file is parsed again)."""
    found: dict[str, tuple[str, str]] = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return found
    for line in lines:
        try:
            entry = json.loads(line)
            found[entry["source_uri"]] = (entry["sha256"], entry["detail"])
        except (ValueError, KeyError, TypeError):
            continue
    return found


def _record_timeout(path: Path, reject: Reject, seconds: float) -> None:
    """Append a timed-out file to the batch's record, on disk before the batch goes on."""
    entry = {"source_uri": reject.source_uri, "sha256": reject.source_sha256, "seconds": round(seconds, 3),
             "detail": reject.detail}  # fmt: skip
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as out:
        out.write(json.dumps(entry) + "\n")
        out.flush()
        os.fsync(out.fileno())


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
        _write_staged(builder, Path(options.staging_dir) / table / f"{name}.parquet")


def stage_unchanged(files: list[SourceFile], options: BatchOptions) -> None:
    """Stage the files the ledger says are unchanged (same size and mtime): never opened."""
    if not files:
        return
    builder = TableBuilder(staged_schema("files"))
    for source in files:
        builder.append(_file_row(source, None, "unchanged"))
    _write_staged(builder, Path(options.staging_dir) / "files" / "unchanged.parquet")


def _write_staged(builder: TableBuilder, out: Path) -> None:
    """Write a staged table. Without column statistics: the load reads a staged file whole,
    once, and a text column's statistics copy its longest values over and over (a 20 MiB body
    cost 100 MB more to write with them)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(builder.to_table(), out, write_statistics=False)
