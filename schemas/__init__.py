"""Arrow schemas and typed records: the names and types every other module uses."""

from schemas.records import (
    QUOTE_KINDS,
    REJECT_REASONS,
    SEVERITIES,
    DatePrecision,
    ExpectationOutcome,
    Header,
    ParsedArticle,
    Quote,
    QuoteKind,
    Reconciliation,
    Reject,
    RejectReason,
    RejectStage,
    RunStatus,
    Severity,
    SourceFile,
)
from schemas.run_record import RunRecord
from schemas.tables import ARTICLES, KEYS, PARAGRAPHS, PARTITION_COLUMN, QUOTES, REJECTS, TABLES

__all__ = [
    "ARTICLES",
    "KEYS",
    "PARAGRAPHS",
    "PARTITION_COLUMN",
    "QUOTES",
    "QUOTE_KINDS",
    "REJECTS",
    "REJECT_REASONS",
    "SEVERITIES",
    "TABLES",
    "DatePrecision",
    "ExpectationOutcome",
    "Header",
    "ParsedArticle",
    "Quote",
    "QuoteKind",
    "Reconciliation",
    "Reject",
    "RejectReason",
    "RejectStage",
    "RunRecord",
    "RunStatus",
    "Severity",
    "SourceFile",
]
