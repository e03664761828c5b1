"""Arrow schemas and typed records: the names and types every other module uses."""

from news_etl.schemas.records import (
    REJECT_REASONS,
    DatePrecision,
    Header,
    ParsedArticle,
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
    "ParsedArticle",
    "Reject",
    "RejectReason",
    "RejectStage",
    "SourceFile",
]
