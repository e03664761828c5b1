"""Typed records and fixed vocabularies passed between the stages.

The Arrow schemas in :mod:`schemas.tables` name the columns; these records are the
Python shapes the pure transforms produce before they become Arrow rows.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Literal, Protocol, get_args

DatePrecision = Literal["day", "month"]

#: Why a file (or, later, a row) was not loaded. One word each; the run summary counts them.
RejectReason = Literal[
    "empty",  # zero bytes, or nothing but white space
    "binary",  # not text: NUL bytes or control characters in the first bytes
    "decode_error",  # bytes that no supported encoding reads
    "no_body",  # text, but no paragraph of article body after the header and title
    "parse_error",  # the parser failed on this file (a bug: the detail says where)
    "parse_timeout",  # parsing took longer than the per-file time budget (the detail says how long)
    "too_large",  # over the configured size limit; never read whole
    "too_many_lines",  # more lines than one article may have (MAX_LINES_PER_ARTICLE)
    "unreadable",  # the operating system refused to read it (permissions, vanished)
    "corrupt",  # a truncated or damaged .gz file or archive
    "encrypted",  # an encrypted archive member (no password is ever tried)
    "unsupported_compression",  # an archive member compressed with a method we cannot read
    "bad_name",  # a file or member name that cannot be read as a name (invalid bytes)
    "path_too_long",  # a path longer than the operating system accepts
    "symlink_outside_root",  # a symbolic link whose target is outside the SOURCE it was found in
    "duplicate",  # the same article is already loaded (same id or same body)
]
REJECT_REASONS: tuple[RejectReason, ...] = get_args(RejectReason)

#: How an article is stored: a plain file, a gzip file, or a member of a zip or tar archive.
Container = Literal["file", "gzip", "zip", "tar"]

#: What a failed expectation does: ``quarantine`` moves the failing rows to ``rejects`` and loads
#: the rest; ``warning`` loads everything and reports; ``critical`` fails the run, loading nothing.
Severity = Literal["quarantine", "warning", "critical"]
SEVERITIES: tuple[Severity, ...] = get_args(Severity)

RunStatus = Literal["completed", "failed"]
RUN_STATUSES: tuple[RunStatus, ...] = get_args(RunStatus)

#: What became of one input file in one run (see :mod:`extract.batches`).
FileOutcome = Literal["parsed", "rejected", "unchanged", "outside_window"]

RejectStage = Literal["read", "parse", "load", "quality"]
REJECT_STAGES: tuple[RejectStage, ...] = get_args(RejectStage)

#: direct: the content is (almost all) inside quotation marks; mixed: reported speech with a
#: quoted fragment; indirect: reported speech without quotation marks.
QuoteKind = Literal["direct", "mixed", "indirect"]
QUOTE_KINDS: tuple[QuoteKind, ...] = get_args(QuoteKind)
#: what ``speakers.speaker_kind`` may say (the speakers suite checks it; the transform that
#: writes it has its own ``transforms.speakers.identity.SpeakerKind``, and a test holds the two
#: to each other)
SPEAKER_KINDS: tuple[str, ...] = ("person", "organisation")


@dataclass(frozen=True, slots=True)
class SourceFile:
    """One raw input file found by discovery (nothing read yet)."""

    uri: str  # stable name: the absolute path; "<archive>!/<member>" for an archive member
    path: str  # where to open it (the archive, for a member)
    size: int  # bytes (uncompressed size for an archive member; -1 when it could not be read)
    mtime: float  # seconds since the epoch
    container: Container = "file"
    member: str | None = None  # the member's name inside the archive


@dataclass(frozen=True, slots=True)
class Header:
    """What line 1 of a raw file says (every field is None when the file has no header)."""

    published_date: dt.date | None = None
    date_precision: DatePrecision | None = None
    url: str | None = None


@dataclass(slots=True)
class ParsedArticle:
    """The fields the parser recovers from one raw text: the article before ids and offsets."""

    header: Header
    title: str | None
    teaser: str | None
    teaser_truncated: bool | None
    summary: str | None
    paragraphs: list[str] = field(default_factory=list)
    fixes: Counter[str] = field(default_factory=Counter)  # what cleaning changed, by rule


@dataclass(frozen=True, slots=True)
class Reject:
    """A file that was not loaded, with the reason from :data:`RejectReason`."""

    source_uri: str
    source_sha256: str | None
    stage: RejectStage
    reason: RejectReason
    detail: str


@dataclass(frozen=True, slots=True)
class Quote:
    """One attributed statement found in a text; every offset is a ``str`` index into that text.

    ``quote_start:quote_end`` is the outer span of the content (``"X," he said. "Y."`` is one
    quote whose ``fragments`` are the two quoted parts); ``speaker`` is the mention as written
    ("he", "the official", "Makei") and ``speaker_resolved`` the full name it refers to.
    """

    kind: QuoteKind
    quote_start: int
    quote_end: int
    quote_text: str
    speaker: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    speaker_resolved: str | None = None
    cue: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    fragments: tuple[tuple[int, int], ...] = ()
    #: how likely the quote is right, 0-1: the candidate filter's score for a clause the learned
    #: model admitted, its rule's precision on PolNeAR train for a rule's quote
    #: (:mod:`transforms.quotes.scoring`); ``None`` only before :func:`extract_quotes` scores it
    confidence: float | None = None


@dataclass(frozen=True, slots=True)
class ExpectationOutcome:
    """One expectation of one suite, as checked in one run (a row of ``dq_results``)."""

    table_name: str  # the suite's table: articles, paragraphs, quotes, rejects
    expectation: str  # readable name: "expect_column_values_to_not_be_null(article_id)"
    severity: Severity
    success: bool
    unexpected_count: int
    observed_value: str | None  # what was seen, as text ("3 rows", "0.42", ...)


@dataclass(frozen=True, slots=True)
class Reconciliation:
    """The one rule that says whether a run accounted for every article file it saw.

    A file seen is loaded, rejected, unchanged since an earlier run (the ledger knows its content:
    not read again), or left out by ``--since``/``--until``; each file is exactly one of the four.
    The terminal summary, the HTML and Markdown reports and ``news-etl report`` all judge a run with
    this class, so an incremental rerun cannot be ``ok`` in one place and ``MISMATCH`` in another::

        Reconciliation(seen=830, loaded=10, rejected=4, unchanged=816).text()
        # '830 seen = 10 loaded + 4 rejected + 816 unchanged: ok'
    """

    seen: int
    loaded: int
    rejected: int
    unchanged: int = 0
    outside_window: int = 0

    @property
    def ok(self) -> bool:
        return self.seen == self.loaded + self.rejected + self.unchanged + self.outside_window

    @property
    def verdict(self) -> Literal["ok", "MISMATCH"]:
        return "ok" if self.ok else "MISMATCH"

    def parts(self) -> list[str]:
        """The terms of the sum; unchanged and outside-window files only when there are some."""
        out = [f"{self.loaded:,} loaded", f"{self.rejected:,} rejected"]
        if self.unchanged:
            out.append(f"{self.unchanged:,} unchanged")
        if self.outside_window:
            out.append(f"{self.outside_window:,} outside the window")
        return out

    def text(self) -> str:
        return f"{self.seen:,} seen = " + " + ".join(self.parts()) + f": {self.verdict}"

    @classmethod
    def of(cls, run: RunAccounts) -> Reconciliation:
        """The reconciliation of a run's counts, whichever record holds them."""
        return cls(
            seen=run.files_seen,
            loaded=run.articles_loaded,
            rejected=run.files_rejected,
            unchanged=run.files_unchanged,
            outside_window=run.files_outside_window,
        )


class RunAccounts(Protocol):
    """The counts a run is reconciled by (:class:`schemas.run_record.RunRecord` holds them)."""

    @property
    def files_seen(self) -> int: ...
    @property
    def articles_loaded(self) -> int: ...
    @property
    def files_rejected(self) -> int: ...
    @property
    def files_unchanged(self) -> int: ...
    @property
    def files_outside_window(self) -> int: ...
