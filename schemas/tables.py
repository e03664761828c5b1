"""Arrow schemas of the warehouse tables: the single source of truth for every column.

Every other module imports column names and types from here; the DuckDB tables are created from
these schemas, and the Parquet files are written with them. Each field carries a one-line
description in its metadata, used by the README and the data-quality suites.
"""

from __future__ import annotations

import pyarrow as pa


def _field(
    name: str, type_: pa.DataType, description: str, *, nullable: bool = True, default: str | None = None
) -> pa.Field:
    """A column with its description; ``default`` (SQL) is what the rows of a warehouse written
    before the column existed get when the warehouse adds it on open."""
    metadata = {"description": description} | ({"default": default} if default is not None else {})
    return pa.field(name, type_, nullable=nullable, metadata=metadata)


ARTICLES = pa.schema(
    [
        _field(
            "article_id",
            pa.string(),
            "stable id: from the normalised URL, else from the text",
            nullable=False,
        ),
        _field("url", pa.string(), "the article's URL from the header line, when it has one"),
        _field("domain", pa.string(), "host of the URL without 'www.'"),
        _field("published_date", pa.date32(), "publication date from the header"),
        _field("date_precision", pa.string(), "'day' or 'month': how much of the date the header gave"),
        _field("title", pa.string(), "headline"),
        _field("teaser", pa.string(), "the teaser line under the title, when there is one"),
        _field("teaser_truncated", pa.bool_(), "the teaser stops mid-sentence"),
        _field("summary", pa.string(), "the summary line whose sentences recur in the body"),
        _field("body", pa.string(), "clean body paragraphs joined by a blank line", nullable=False),
        _field("paragraph_count", pa.int32(), "number of body paragraphs", nullable=False),
        _field("word_count", pa.int32(), "words in the body", nullable=False),
        _field("quote_count", pa.int32(), "quotations found in the body", nullable=False),
        _field(
            "language",
            pa.string(),
            "ISO 639-1 code of the text's language ('und' when unsure)",
            nullable=False,
        ),
        _field(
            "duplicate_of",
            pa.string(),
            "article_id of an earlier article this one nearly duplicates (MinHash), else null",
        ),
        _field(
            "text_fixes",
            pa.map_(pa.string(), pa.int32()),
            "what cleaning changed, by rule: {'zero_width': 3, 'clutter:photo_credit': 1}",
            nullable=False,
        ),
        _field(
            "body_sha256", pa.string(), "sha256 of the body: finds the same article twice", nullable=False
        ),
        _field("source_uri", pa.string(), "the raw file the article was read from", nullable=False),
        _field("source_sha256", pa.string(), "sha256 of the raw file's bytes", nullable=False),
        _field("parser_version", pa.string(), "version of the parsing rules", nullable=False),
        _field("run_id", pa.string(), "the run that loaded the row", nullable=False),
        _field("ingested_at", pa.timestamp("us", tz="UTC"), "when the row was parsed", nullable=False),
        # a column added to a table goes last: ALTER TABLE ... ADD COLUMN appends it, so a
        # warehouse made before it gets the same column order as a new one
        _field(
            "source_encoding",
            pa.string(),
            "the encoding that read the file's bytes: 'utf-8', 'cp1252', 'cp1251', 'koi8-r', ... "
            "(null for rows loaded before the column existed)",
        ),
    ]
)

PARAGRAPHS = pa.schema(
    [
        _field("article_id", pa.string(), "the article the paragraph belongs to", nullable=False),
        _field("paragraph_index", pa.int32(), "0-based position in the body, contiguous", nullable=False),
        _field("text", pa.string(), "the paragraph", nullable=False),
        _field("char_start", pa.int32(), "offset of the paragraph in articles.body", nullable=False),
        _field("char_end", pa.int32(), "end offset: body[char_start:char_end] == text", nullable=False),
        _field("word_count", pa.int32(), "words in the paragraph", nullable=False),
    ]
)

QUOTES = pa.schema(
    [
        _field(
            "quote_id", pa.string(), "stable id: from the article and the quote's offsets", nullable=False
        ),
        _field("article_id", pa.string(), "the article the quote is in", nullable=False),
        _field("paragraph_index", pa.int32(), "the paragraph where the quote starts", nullable=False),
        _field("kind", pa.string(), "direct, mixed or indirect", nullable=False),
        _field("quote_text", pa.string(), "what was said: body[char_start:char_end]", nullable=False),
        _field("speaker", pa.string(), "the speaker as written ('Makei', 'the official', 'He')"),
        _field("speaker_resolved", pa.string(), "the full name the speaker refers to in the article"),
        _field("cue", pa.string(), "the reporting verb or phrase ('said', 'according to')"),
        _field("char_start", pa.int32(), "offset of the quote in articles.body", nullable=False),
        _field("char_end", pa.int32(), "end offset of the quote in articles.body", nullable=False),
        _field("speaker_start", pa.int32(), "offset of the speaker mention in articles.body"),
        _field("speaker_end", pa.int32(), "end offset of the speaker mention"),
        _field("cue_start", pa.int32(), "offset of the cue in articles.body"),
        _field("cue_end", pa.int32(), "end offset of the cue"),
        _field("fragment_count", pa.int32(), 'quoted parts (\'"X," he said. "Y."\' has two)', nullable=False),
        # added last (see articles.source_encoding); not null in every row a run loads, null only
        # in the rows of a warehouse loaded before the column existed (their quotes were never
        # scored), until their file is read again (``--full-refresh``)
        _field(
            "confidence",
            pa.float64(),
            "how likely the quote is right, 0-1: the learned filter's score, or its rule's precision "
            "on PolNeAR train (null for rows loaded before the column existed)",
            nullable=False,
        ),
        _field(
            "speaker_id",
            pa.string(),
            "the person or organisation speaking, across articles: speakers.speaker_id (null for a "
            "surname alone, a bare role, an unresolved pronoun, and rows loaded before the column existed)",
        ),
        _field("speaker_kind", pa.string(), "what speaker_resolved names: 'person' or 'organisation'"),
        _field(
            "speaker_role",
            pa.string(),
            "the title the article gives the person speaking ('Foreign Minister', 'Spokesman')",
        ),
    ]
)

#: ``speakers.variants``: each spelling of the speaker's name as resolved in an article
SPEAKER_VARIANT = pa.struct([pa.field("name", pa.string()), pa.field("quotes", pa.int64())])
#: ``speakers.roles``: each title a person was given, when first and last
SPEAKER_ROLE = pa.struct(
    [
        pa.field("role", pa.string()),
        pa.field("first_seen", pa.date32()),
        pa.field("last_seen", pa.date32()),
        pa.field("quotes", pa.int64()),
    ]
)
#: Who is quoted across the archive: one row per person or organisation with an id
#: (:mod:`transforms.speakers.identity`), derived from ``quotes`` and ``articles`` by each load.
SPEAKERS = pa.schema(
    [
        _field(
            "speaker_id",
            pa.string(),
            "stable id: from the speaker's kind and name_key, whatever the load order",
            nullable=False,
        ),
        _field(
            "name", pa.string(), "display name: the most quoted plain spelling of the name", nullable=False
        ),
        _field(
            "name_key",
            pa.string(),
            "the matching key: case, accents, titles and transliteration folded ('sergey lavrov')",
            nullable=False,
        ),
        _field("speaker_kind", pa.string(), "'person' or 'organisation'", nullable=False),
        _field(
            "variants",
            pa.list_(SPEAKER_VARIANT),
            "each spelling seen, with its quotes, most quoted first",
            nullable=False,
        ),
        _field(
            "roles",
            pa.list_(SPEAKER_ROLE),
            "each title seen before the name, with its first and last published date and quotes",
            nullable=False,
        ),
        _field("first_seen", pa.date32(), "the earliest published_date of their quotes' articles"),
        _field("last_seen", pa.date32(), "the latest published_date of their quotes' articles"),
        _field("articles", pa.int64(), "articles quoting them", nullable=False),
        _field("quotes", pa.int64(), "their quotes", nullable=False),
    ]
)

REJECTS = pa.schema(
    [
        _field("source_uri", pa.string(), "the raw file that was not loaded", nullable=False),
        _field("source_sha256", pa.string(), "sha256 of its bytes, when they could be read"),
        _field("stage", pa.string(), "where it was refused: read, parse or load", nullable=False),
        _field("reason", pa.string(), "one word from the fixed vocabulary of reasons", nullable=False),
        _field("detail", pa.string(), "what exactly was wrong, for a person"),
        _field("run_id", pa.string(), "the run that refused it", nullable=False),
        _field("table_name", pa.string(), "for stage 'quality': the table whose row failed"),
        _field("row_key", pa.string(), "for stage 'quality': the failing row's key (quote_id, ...)"),
    ]
)

RUNS = pa.schema(
    [
        _field("run_id", pa.string(), "the run", nullable=False),
        _field("flow_run_id", pa.string(), "the Prefect flow run"),
        _field("started_at", pa.timestamp("us", tz="UTC"), "when it started", nullable=False),
        _field("finished_at", pa.timestamp("us", tz="UTC"), "when it ended", nullable=False),
        _field("status", pa.string(), "completed or failed", nullable=False),
        _field("files_seen", pa.int64(), "article files found", nullable=False),
        _field("articles_loaded", pa.int64(), "articles loaded", nullable=False),
        _field("files_rejected", pa.int64(), "files refused (rejects)", nullable=False),
        _field("rows_quarantined", pa.int64(), "rows held back by quality checks", nullable=False),
        _field("error", pa.string(), "why it failed"),
        _field(
            "files_unchanged",
            pa.int64(),
            "known files with the same content: not read again",
            nullable=False,
            default="0",
        ),
        _field(
            "files_outside_window",
            pa.int64(),
            "files left out by --since/--until",
            nullable=False,
            default="0",
        ),
    ]
)

DQ_RESULTS = pa.schema(
    [
        _field("run_id", pa.string(), "the run", nullable=False),
        _field("table_name", pa.string(), "the suite's table", nullable=False),
        _field("expectation", pa.string(), "the expectation's name", nullable=False),
        _field("severity", pa.string(), "quarantine, warning or critical", nullable=False),
        _field("success", pa.bool_(), "it held", nullable=False),
        _field("unexpected_count", pa.int64(), "rows that failed it", nullable=False),
        _field("observed_value", pa.string(), "what was seen"),
        _field("checked_at", pa.timestamp("us", tz="UTC"), "when it was checked", nullable=False),
    ]
)

RUN_REJECTS = pa.schema(
    [
        _field("run_id", pa.string(), "the run", nullable=False),
        _field("reason", pa.string(), "one word from the fixed vocabulary of reasons", nullable=False),
        _field("files", pa.int64(), "files the run refused for that reason", nullable=False),
    ]
)

SOURCE_FILES = pa.schema(
    [
        _field(
            "source_uri", pa.string(), "the raw file (an archive member: archive!/member)", nullable=False
        ),
        _field("size", pa.int64(), "its size in bytes when last seen", nullable=False),
        _field("mtime", pa.float64(), "its modification time (seconds since the epoch) when last seen"),
        _field("sha256", pa.string(), "sha256 of its bytes when last read"),
        _field("first_seen_run", pa.string(), "the run that first saw it", nullable=False),
        _field("last_run", pa.string(), "the last run that saw it", nullable=False),
        _field("status", pa.string(), "loaded, rejected or stale (see LEDGER_STATUSES)", nullable=False),
        _field("article_id", pa.string(), "the article it loaded, when loaded (or stale)"),
        _field("stale_reason", pa.string(), "when stale: why the last read failed (a reject reason)"),
    ]
)

#: What the ledger says of a file: ``loaded`` (its article is in ``articles``), ``rejected``
#: (``rejects`` says why, nothing loaded) or ``stale``: it loaded once, its last re-read was
#: rejected (``stale_reason``) and the rows of the version that loaded are kept; size, mtime and
#: sha256 stay those of that version, and every run reads the file again until it parses.
LEDGER_STATUSES = ("loaded", "rejected", "stale")

#: Tables that every run appends to: its own record, the outcome of every expectation and the
#: files it refused by reason. ``rejects`` keeps only a file's latest refusal, so a file refused
#: again (a ``--full-refresh`` re-reads every file) would take its earlier runs' reasons with it;
#: ``run_rejects`` keeps each run's own mix, as its report showed it.
HISTORY_TABLES: dict[str, pa.Schema] = {"runs": RUNS, "dq_results": DQ_RESULTS, "run_rejects": RUN_REJECTS}

#: The ledger of source files: what was read, when, with which content, and what it became.
LEDGER_TABLES: dict[str, pa.Schema] = {"source_files": SOURCE_FILES}

#: What each batch stages about each of its files (for the ledger); not a warehouse table.
STAGED_FILES = pa.schema(
    [
        _field("source_uri", pa.string(), "the raw file", nullable=False),
        _field("size", pa.int64(), "its size in bytes", nullable=False),
        _field("mtime", pa.float64(), "its modification time"),
        _field("sha256", pa.string(), "sha256 of its bytes, when read"),
        _field("outcome", pa.string(), "parsed, rejected, unchanged or outside_window", nullable=False),
    ]
)

#: Tables loaded into the warehouse, in load order, with the schema of each.
TABLES: dict[str, pa.Schema] = {
    "articles": ARTICLES,
    "paragraphs": PARAGRAPHS,
    "quotes": QUOTES,
    "rejects": REJECTS,
}

#: Tables each load derives from the loaded ones, inside its transaction (never staged).
DERIVED_TABLES: dict[str, pa.Schema] = {"speakers": SPEAKERS}

#: Key columns: a row is replaced, never duplicated, when a row with the same key is loaded again.
KEYS: dict[str, tuple[str, ...]] = {
    "articles": ("article_id",),
    "paragraphs": ("article_id", "paragraph_index"),
    "quotes": ("quote_id",),
    "rejects": ("source_uri",),
    "speakers": ("speaker_id",),
}

#: Hive partition of the Parquet files: the month of publication ('YYYY-MM', or 'unknown').
PARTITION_COLUMN = "published_month"
UNKNOWN_PARTITION = "unknown"


def column_names(schema: pa.Schema) -> list[str]:
    return [f.name for f in schema]


#: Tables whose rows belong to one article (replaced with it, partitioned by its month).
ARTICLE_CHILD_TABLES = ("paragraphs", "quotes")
#: Tables mirrored as month partitions in Parquet (``rejects`` is one file).
PARTITIONED_TABLES = ("articles", *ARTICLE_CHILD_TABLES)
#: SQL for an article's Parquet partition, from its ``published_date``.
MONTH_SQL = f"coalesce(strftime(published_date, '%Y-%m'), '{UNKNOWN_PARTITION}')"

#: Staged child rows carry their file, so the load can drop the rows of a duplicate file.
STAGED_EXTRA: dict[str, list[pa.Field]] = {
    "articles": [_field("minhash", pa.binary(), "MinHash signature of the body (near-duplicate search)")],
    **{
        table: [_field("source_uri", pa.string(), "the raw file (staging only)", nullable=False)]
        for table in ARTICLE_CHILD_TABLES
    },
}


def staged_schema(table: str) -> pa.Schema:
    """Schema of a table's staging files: the table's columns plus what the load needs."""
    if table == "files":
        return STAGED_FILES
    schema = TABLES[table]
    for extra in STAGED_EXTRA.get(table, []):
        schema = schema.append(extra)
    return schema
