"""Arrow schemas and typed records: the names and types every other module uses."""

from news_etl.schemas.records import (
    REJECT_REASONS,
    DatePrecision,
    Header,
    ParsedArticle,
    QUOTE_KINDS,
    Quote,
    QuoteKind,
    Reject,
    RejectReason,
    RejectStage,
    SourceFile,
)
from news_etl.schemas.tables import ARTICLES, KEYS, PARAGRAPHS, PARTITION_COLUMN, REJECTS, TABLES

__all__ = [
    "ARTICLES",
    "KEYS",
    "PARAGRAPHS",
    "PARTITION_COLUMN",
    "REJECTS",
    "REJECT_REASONS",
    "TABLES",
    "DatePrecision",
    "Header",
    "QUOTE_KINDS",
    "ParsedArticle",
    "Quote",
    "QuoteKind",
    "Reject",
    "RejectReason",
    "RejectStage",
    "SourceFile",
]
