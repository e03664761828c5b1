"""Arrow schemas and typed records: the names and types every other module uses."""

from news_etl.schemas.records import (
    QUOTE_KINDS,
    REJECT_REASONS,
    DatePrecision,
    Header,
    ParsedArticle,
    Quote,
    QuoteKind,
    Reject,
    RejectReason,
    RejectStage,
    SourceFile,
)
from news_etl.schemas.tables import ARTICLES, KEYS, PARAGRAPHS, PARTITION_COLUMN, QUOTES, REJECTS, TABLES

__all__ = [
    "ARTICLES",
    "KEYS",
    "PARAGRAPHS",
    "PARTITION_COLUMN",
    "QUOTES",
    "QUOTE_KINDS",
    "REJECTS",
    "REJECT_REASONS",
    "TABLES",
    "DatePrecision",
    "Header",
    "ParsedArticle",
    "Quote",
    "QuoteKind",
    "Reject",
    "RejectReason",
    "RejectStage",
    "SourceFile",
]
