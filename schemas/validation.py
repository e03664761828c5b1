"""The contract between the load and the quality checks: what the load hands the checks, and
what it gets back. Neither stage imports the other; the flow gives the load a :class:`Validator`.

* The load stages the rows it is about to write and, for each table of :data:`ROW_KEYS`, hands
  the checks Arrow tables with the table's staged columns (less :data:`UNCHECKED_COLUMNS`), a
  run-wide row number :data:`ROW_NUMBER` first, and the :data:`DERIVED_COLUMNS` it computed.
* The rows come in chunks of about :data:`CHUNK_ROWS`, split by :data:`CHUNK_KEYS`: all rows of
  one key are in one chunk, so a uniqueness check over the chunks is exact.
* The checks answer with a :class:`QualityResult`: every expectation's outcome, and the row
  numbers of the rows that failed a quarantine check (the load holds them back).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

import pyarrow as pa

from schemas.records import ExpectationOutcome

#: The row number the checks report failing rows by (run-wide, per table).
ROW_NUMBER = "_row"
#: Columns computed for the checks beside each table's own; what each holds:
#: ``title_length``, ``body_length``, ``text_length``: the text's length in characters;
#: ``offsets_ok``: ``body[char_start:char_end]`` is the row's text (false when it is not, or a
#: bound is out of the body); ``index_contiguous``: the article's ``paragraph_index`` values
#: are 0 … n-1, each once.
DERIVED_COLUMNS: dict[str, tuple[str, ...]] = {
    "articles": ("title_length", "body_length"),
    "paragraphs": ("offsets_ok", "index_contiguous", "text_length"),
    "quotes": ("offsets_ok",),
    "rejects": (),
}
#: Columns a staged table carries for the load but the checks do not read.
UNCHECKED_COLUMNS = ("minhash",)
#: Columns that identify a row in the report of a failing row.
ROW_KEYS: dict[str, tuple[str, ...]] = {
    "articles": ("source_uri", "article_id"),
    "paragraphs": ("source_uri", "article_id", "paragraph_index"),
    "quotes": ("source_uri", "article_id", "quote_id"),
    "rejects": ("source_uri",),
}
#: rows per validated chunk: what the checks hold in memory at once, whatever the run's size
CHUNK_ROWS = 50_000
#: per table: what the rows are split into chunks by (all rows of one key in one chunk)
CHUNK_KEYS: dict[str, str] = {
    "articles": "article_id",
    "paragraphs": "article_id",
    "quotes": "quote_id",
    "rejects": "source_uri",
}


@dataclass(slots=True)
class QualityResult:
    outcomes: list[ExpectationOutcome] = field(default_factory=list)
    #: (table, row number) -> the names of the quarantine checks the row failed, in suite order
    failing_rows: dict[tuple[str, int], list[str]] = field(default_factory=dict)

    @property
    def critical_failures(self) -> list[ExpectationOutcome]:
        return [o for o in self.outcomes if o.severity == "critical" and not o.success]


class Validator(Protocol):
    """What the load calls to check the rows it is about to write (quality's suites, in a run)."""

    def validate(
        self, chunks: Mapping[str, Iterable[pa.Table]], *, history: Sequence[int], run_id: str
    ) -> QualityResult:
        """Check ``chunks`` (per table, the chunks described in the module docstring).
        ``history``: the article counts of the recent completed runs that loaded articles,
        newest first."""
        ...
