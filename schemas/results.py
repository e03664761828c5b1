"""What a stage hands back to the flow that wired it: a batch's counts, a load's result, a
file's ledger entry. They live here, below the stages, so that the flow, the run record and the
reports read them without importing the stage that made them."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from schemas.records import ExpectationOutcome, FileOutcome
from schemas.validation import ExpectationTally


@dataclass(frozen=True, slots=True)
class LedgerEntry:
    size: int
    mtime: float | None
    sha256: str | None
    stale: bool = False  # its last re-read was rejected; the rows of this version were kept


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
    #: the batch's row-level checks: qualified expectation name -> tally (failing rows: staged)
    quality: dict[str, ExpectationTally] = field(default_factory=dict)


@dataclass(slots=True)
class LoadResult:
    inserted: dict[str, int] = field(default_factory=dict)  # table -> rows this run inserted
    replaced: int = 0  # of the articles inserted, those that replaced an earlier version
    rejected: Counter[str] = field(default_factory=Counter)  # files refused at load, by reason
    partitions_written: int = 0
    outcomes: list[ExpectationOutcome] = field(default_factory=list)  # every expectation checked
    rows_quarantined: int = 0  # rows the quality checks held back
    months: list[str] = field(default_factory=list)  # Parquet partitions this load rewrote
    seconds: dict[str, float] = field(default_factory=dict)  # validate, load
    files_new: int = 0  # files read that the ledger had never seen
    files_changed: int = 0  # files read that the ledger knew, with other content
    files_kept: int = 0  # files re-read and rejected whose earlier rows were kept (ledger: stale)
    kept: list[tuple[str, str]] = field(default_factory=list)  # the first of them: (uri, reason)
    articles_per_day: list[tuple[dt.date | None, int]] = field(default_factory=list)
    # (quotes in an article, articles with that many), by quotes: bounded by the largest count,
    # not by the articles loaded
    quote_counts: list[tuple[int, int]] = field(default_factory=list)
