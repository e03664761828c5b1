"""The contract between the stages and the quality checks: what the batches and the load hand
the checks, and what they get back. No stage imports another; the flow wires them.

* **Row-level checks run in the batch tasks.** A batch stages its tables; the checks read them,
  add the :data:`DERIVED_COLUMNS`, and validate each table as one frame with a batch-wide row
  number :data:`ROW_NUMBER` first. They answer with an :class:`ExpectationTally` per expectation
  (small: it travels back in the batch's result) and stage, bounded by the batch and not by a
  message's size, the rows any check found unexpected, by their keys, in
  ``<staging>/quality/batch-NNNNN.parquet`` (:data:`FAILING_ROWS_SCHEMA`), and what each
  article counted for the checks (:data:`ELEMENTS_SCHEMA`): the load holds back the rows of the
  quarantine checks it keeps, and takes the rows it does not load out of the counts.
* **Cross-batch checks run at the load** (:class:`Validator`), on what only the load sees: the
  uniqueness of each table's key among the rows about to be loaded and the warehouse's standing
  rows, the run's volume, and the ``rejects`` (the load adds its own). The load finds the rows
  whose key repeats in SQL and hands the checks only those (:class:`LoadChecks`).
* **Derived tables are checked on the rows the load writes** (:meth:`Validator.validate_derived`):
  ``speakers`` is never staged; the load computes the rows of the speakers it touched, inside
  its transaction, after the checked rows are in, and hands the checks those rows (with the
  table's columns, as written). Every check of a derived table is critical: a bad row is a bug
  in the code that derived it, so the load fails and its transaction rolls back.
* The checks answer with a :class:`QualityResult`: every expectation's outcome (the batches'
  tallies merged with the load's), and the rows of :attr:`LoadChecks.repeated` that failed a
  quarantine check, by their row number there.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

import pyarrow as pa

from schemas.records import ExpectationOutcome

#: The row number the checks report failing rows by (per table: batch-wide in a batch, over
#: the frame handed over at the load).
ROW_NUMBER = "_row"
#: Columns computed for the checks beside each table's own; what each holds:
#: ``title_length``, ``body_length``, ``text_length``: the text's length in characters;
#: ``offsets_ok``: ``body[char_start:char_end]`` is the row's text (false when it is not, or a
#: bound is out of the body); ``index_contiguous``: the article's ``paragraph_index`` values
#: are 0 … n-1, each once; ``articles_within_quotes``: 1 ≤ ``articles`` ≤ ``quotes`` (null when
#: either is null: their not-null checks say so); ``name_key_length``: ``name_key``'s length in
#: characters.
DERIVED_COLUMNS: dict[str, tuple[str, ...]] = {
    "articles": ("title_length", "body_length"),
    "paragraphs": ("offsets_ok", "index_contiguous", "text_length"),
    "quotes": ("offsets_ok",),
    "rejects": (),
    "speakers": ("articles_within_quotes", "name_key_length"),
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
#: The key each table's uniqueness check is over (what the load hands over of repeated keys).
UNIQUE_KEYS: dict[str, tuple[str, ...]] = {
    "articles": ("article_id",),
    "paragraphs": ("article_id", "paragraph_index"),
    "quotes": ("quote_id",),
}
#: rows per validated chunk of ``rejects`` at the load: what the checks hold in memory at once
CHUNK_ROWS = 50_000
#: ``<staging>/QUALITY_DIR/batch-NNNNN.parquet``: a batch's rows that a check found unexpected
QUALITY_DIR = "quality"
#: ``<staging>/QUALITY_DIR/ELEMENTS_DIR/batch-NNNNN.parquet``: what a batch's rows count for
#: the checks, per article (:data:`ELEMENTS_SCHEMA`)
ELEMENTS_DIR = "elements"
#: Per article, the rows it gave a group of checks: ``name`` is a table (the rows of the table,
#: what most checks count) or a check's qualified name (the rows of its ``row_condition``). The
#: load takes the articles it does not load out of the counts.
ELEMENTS_SCHEMA = pa.schema(
    [
        pa.field("source_uri", pa.string(), nullable=False),
        pa.field("article_id", pa.string()),
        pa.field("name", pa.string(), nullable=False),
        pa.field("elements", pa.int64(), nullable=False),
    ]
)
#: One row per row a check found unexpected, whatever its severity: its table, its keys, the
#: text naming it in ``rejects.detail`` (``paragraphs row article_id='…', paragraph_index=3``),
#: what orders it after its ``source_uri`` (``paragraph_index``; ``char_start`` and
#: ``quote_id``) and the checks it failed, in suite order.
FAILING_ROWS_SCHEMA = pa.schema(
    [
        pa.field("table_name", pa.string(), nullable=False),
        pa.field("source_uri", pa.string(), nullable=False),
        pa.field("article_id", pa.string()),
        pa.field("quote_id", pa.string()),
        pa.field("row", pa.string(), nullable=False),
        pa.field("paragraph_index", pa.int64()),
        pa.field("char_start", pa.int64()),
        pa.field("checks", pa.list_(pa.string()), nullable=False),
    ]
)


@dataclass(slots=True)
class ExpectationTally:
    """One expectation's results summed over the frames it ran on (batches, chunks)."""

    success: bool = True
    unexpected: int = 0
    elements: int = 0
    rows: int = 0  # a row-count check's observed rows
    observed: str | None = None  # the first failing frame's observed value
    #: a frame failed without naming an unexpected row (an error result, a missing column):
    #: leaving out the rows the load does not load cannot make the expectation hold
    failed_without_unexpected: bool = False

    def add(self, other: ExpectationTally) -> None:
        self.success &= other.success
        self.failed_without_unexpected |= other.failed_without_unexpected
        self.unexpected += other.unexpected
        self.elements += other.elements
        self.rows += other.rows
        if self.observed is None:
            self.observed = other.observed


def merge_tallies(into: dict[str, ExpectationTally], tallies: Mapping[str, ExpectationTally]) -> None:
    """Add a batch's tallies (by qualified expectation name) to the run's."""
    for name, tally in tallies.items():
        into.setdefault(name, ExpectationTally()).add(tally)


@dataclass(slots=True)
class LoadChecks:
    """What the load hands the cross-batch checks.

    ``rows``: per table of :data:`UNIQUE_KEYS`, the rows about to be loaded. ``repeated``: per
    such table, :data:`ROW_NUMBER` and the :data:`UNIQUE_KEYS` columns of every row about to be
    loaded whose key occurs more than once among them and the warehouse's standing rows, and of
    those standing rows (row number below 0: they are not this run's to hold back).
    ``rejects``: the staged ``rejects`` rows in chunks of about :data:`CHUNK_ROWS`, with the
    table's staged columns and a run-wide :data:`ROW_NUMBER` first. ``dropped_elements`` and
    ``dropped_unexpected``: what the rows the batches checked but the load does not load (it
    settled them as duplicates) counted, by :data:`ELEMENTS_SCHEMA`'s names and by qualified
    check name: the checks decide on the rows loaded.
    """

    rows: dict[str, int]
    repeated: dict[str, pa.Table]
    rejects: Iterable[pa.Table]
    dropped_elements: dict[str, int] = field(default_factory=dict)
    dropped_unexpected: dict[str, int] = field(default_factory=dict)


@dataclass(slots=True)
class QualityResult:
    outcomes: list[ExpectationOutcome] = field(default_factory=list)
    #: (table, row number in LoadChecks.repeated) -> the quarantine checks the row failed
    failing_rows: dict[tuple[str, int], list[str]] = field(default_factory=dict)

    @property
    def critical_failures(self) -> list[ExpectationOutcome]:
        return [o for o in self.outcomes if o.severity == "critical" and not o.success]


class Validator(Protocol):
    """What the load calls to check the rows it is about to write (quality's suites, in a run,
    holding the batches' tallies)."""

    def validate(self, checks: LoadChecks, *, history: Sequence[int], run_id: str) -> QualityResult:
        """Run the cross-batch checks on ``checks`` and decide every expectation of the run.
        ``history``: the article counts of the recent completed runs that loaded articles,
        newest first."""
        ...

    def validate_derived(self, table: str, rows: pa.Table, *, run_id: str) -> list[ExpectationOutcome]:
        """Run ``table``'s suite (a derived table: ``speakers``) on ``rows``, the rows the load
        has just written to it (the table's columns), and return every expectation's outcome
        (each holds on no rows)."""
        ...
