"""The expectation suites: one per table, derived from the Arrow schemas, and what each check's
failure means. Running them is :mod:`quality.gx`'s job (the Great Expectations adapter).

* **Column-level expectations are derived from** :mod:`schemas.tables`: the exact column
  set of each table, and "not null" for every non-nullable column. A schema change therefore
  changes the suites.
* **What a run checks is the packaged suites**, ``quality/expectations/<table>.json`` (package
  data, so an installed wheel has them; :func:`packaged_checks`), written from this module by
  ``python -m quality.gx suites`` (``make suites``); a test fails when they are stale. A run
  never regenerates them: an edit to a packaged file is what the next run checks, and the next
  ``make suites`` replaces it with what the code says.
* **Semantic expectations** are written by hand in :func:`semantic_checks`: unique keys, dates in
  [1990-01-01, today + 1 day], http(s) URLs, plausible title and body lengths, contiguous
  paragraph indexes, offsets that slice the body back to the stored text, quote kinds, a quote's
  confidence in [0, 1], the share
  of direct quotes with a speaker, known languages, and the run's volume against recent runs
  (:func:`expectation_parameters`).
* **Severity** is set in one place, :data:`SEVERITY` (default :data:`DEFAULT_SEVERITY`):
  ``quarantine`` moves the failing rows to ``rejects`` (``stage='quality'``, the expectation's
  name as ``reason``) and loads the rest — a failing article or paragraph holds its whole article
  back, a failing quote only itself; ``warning`` loads and reports; ``critical`` fails the run
  and leaves the warehouse as it was. The packaged suites say it as Great Expectations users
  read it (:data:`GX_SEVERITY`, :data:`ACTION`): GX's own ``severity`` (``critical`` or
  ``warning``, what Data Docs show) and ``meta.action`` (``fail_run``, ``quarantine`` or
  ``report``), from which :func:`packaged_checks` reads ours back.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

import pyarrow as pa

from schemas import QUOTE_KINDS, REJECT_REASONS, Severity
from schemas.records import REJECT_STAGES, SPEAKER_KINDS
from schemas.tables import DERIVED_TABLES, TABLES
from schemas.validation import DERIVED_COLUMNS, ROW_NUMBER, UNCHECKED_COLUMNS

# --------------------------------------------------------------------------- configuration
EARLIEST_PUBLISHED_DATE = "1990-01-01"
TITLE_MAX_CHARS = 1_000
BODY_MAX_CHARS = 20 * 1024 * 1024
PARAGRAPH_MAX_CHARS = BODY_MAX_CHARS
#: a quote's confidence is a probability (a score or a precision), both ends included
CONFIDENCE_RANGE = (0.0, 1.0)
#: share of direct quotes that must name a speaker (a distribution check, not a row check)
DIRECT_QUOTES_WITH_SPEAKER_MIN_SHARE = 0.5
#: the run's article count must lie within [low, high] × the median of the recent runs
VOLUME_BAND = (0.2, 5.0)
VOLUME_HISTORY_RUNS = 7
VOLUME_MIN_HISTORY_RUNS = 3
#: languages CLD2 reports for news in the wild; anything else is worth a look
KNOWN_LANGUAGES = (
    "und en ar zh el it fr de es pt ru uk be pl cs sk sl hr sr bs bg ro hu fi sv no da nl is et lv lt "
    "tr fa ur hi bn ta te ml kn mr gu pa ne si th vi id ms tl ja ko he ka hy az kk uz ky tg mn sw "
    "am so ha yo ig zu af sq mk ga cy eu ca gl lb mt"
).split()

DEFAULT_SEVERITY: Severity = "quarantine"
#: The one place where each expectation's severity is set (by its name).
SEVERITY: dict[str, Severity] = {
    "articles.columns_match_schema": "critical",
    "paragraphs.columns_match_schema": "critical",
    "quotes.columns_match_schema": "critical",
    # every quote a run loads is scored; a missing or out-of-range score is a bug, not a bad quote
    "quotes.confidence_not_null": "critical",
    "quotes.confidence_in_range": "critical",
    # what a resolved speaker names is the transform's to say: an unknown kind is a bug
    "quotes.speaker_kind_known": "critical",
    "rejects.columns_match_schema": "critical",
    "articles.language_known": "warning",
    "articles.row_count_within_recent_band": "warning",
    "quotes.direct_quotes_have_speakers": "warning",
    "rejects.source_uri_not_null": "warning",
    "rejects.stage_known": "warning",
    "rejects.reason_known": "warning",
    "rejects.run_id_not_null": "warning",
    # every check of a derived table (``table.*``, what a check the line above does not name
    # gets): its rows are computed by our own code inside the load's transaction, from rows
    # already checked, so a bad one is a bug in that code, not bad input: there is nothing to
    # quarantine, and the load fails and rolls back
    "speakers.*": "critical",
}

#: Great Expectations' own severity of each of ours: GX knows no quarantine, and a quarantined
#: row does not fail the run, so Data Docs show it as the warning it is
GX_SEVERITY: dict[Severity, str] = {"critical": "critical", "quarantine": "warning", "warning": "warning"}
#: what a failure does, in each expectation's ``meta.action``
ACTION: dict[Severity, str] = {"critical": "fail_run", "quarantine": "quarantine", "warning": "report"}

#: the tables whose staged rows a run checks before they are loaded (in the batches and at the load)
LOADED_SUITE_TABLES = ("articles", "paragraphs", "quotes", "rejects")
#: the tables a load derives inside its transaction (:data:`schemas.tables.DERIVED_TABLES`),
#: checked on the rows the load has just written to them (:func:`quality.gx.validate_derived`)
DERIVED_SUITE_TABLES = ("speakers",)
#: every table with a suite: what ``make suites`` packages
SUITE_TABLES = (*LOADED_SUITE_TABLES, *DERIVED_SUITE_TABLES)
#: where the packaged suites are (package data); a test points it at an edited copy
SUITES_DIR: Traversable = resources.files("quality") / "expectations"


@dataclass(frozen=True, slots=True)
class Check:
    """One expectation of one table's suite, with the name it reports under."""

    table: str
    name: str  # short and stable: the ``reason`` of quarantined rows
    expectation_type: str  # Great Expectations class name
    kwargs: Mapping[str, Any]
    severity: Severity = DEFAULT_SEVERITY

    @property
    def qualified_name(self) -> str:
        return f"{self.table}.{self.name}"


# --------------------------------------------------------------------------- the suites
def severity(qualified_name: str) -> Severity:
    """A check's severity: :data:`SEVERITY`'s for the check, else its table's (``table.*``),
    else :data:`DEFAULT_SEVERITY`."""
    table = qualified_name.split(".", 1)[0]
    return SEVERITY.get(qualified_name, SEVERITY.get(f"{table}.*", DEFAULT_SEVERITY))


def table_schema(table: str) -> pa.Schema:
    """The warehouse schema of ``table``, loaded or derived."""
    return TABLES[table] if table in TABLES else DERIVED_TABLES[table]


def checked_columns(table: str) -> list[str]:
    """The columns of the frame validated for ``table``, in order."""
    from schemas.tables import staged_schema

    schema = staged_schema(table) if table in TABLES else DERIVED_TABLES[table]
    own = [f.name for f in schema if f.name not in UNCHECKED_COLUMNS]
    return [ROW_NUMBER, *own, *DERIVED_COLUMNS[table]]


def schema_checks(table: str) -> list[Check]:
    """Expectations that follow from the Arrow schema alone."""
    checks = [
        Check(table, "columns_match_schema", "ExpectTableColumnsToMatchSet",
              {"column_set": checked_columns(table), "exact_match": True}),
    ]  # fmt: skip
    for f in table_schema(table):
        if not f.nullable:
            checks.append(
                Check(table, f"{f.name}_not_null", "ExpectColumnValuesToNotBeNull", {"column": f.name})
            )
    return checks


def semantic_checks(table: str) -> list[Check]:
    """The hand-written expectations of each table."""
    between = "ExpectColumnValuesToBeBetween"
    in_set = "ExpectColumnValuesToBeInSet"
    if table == "articles":
        return [
            Check(table, "article_id_unique", "ExpectColumnValuesToBeUnique", {"column": "article_id"}),
            Check(table, "published_date_in_range", between, {
                "column": "published_date", "min_value": EARLIEST_PUBLISHED_DATE,
                "max_value": {"$PARAMETER": "latest_published_date"},
            }),
            Check(table, "url_is_http", "ExpectColumnValuesToMatchRegex",
                  {"column": "url", "regex": r"^https?://[^\s/$.?#][^\s]*$"}),
            Check(table, "title_length_plausible", between,
                  {"column": "title_length", "min_value": 1, "max_value": TITLE_MAX_CHARS}),
            Check(table, "body_length_plausible", between,
                  {"column": "body_length", "min_value": 1, "max_value": BODY_MAX_CHARS}),
            Check(table, "date_precision_known", in_set,
                  {"column": "date_precision", "value_set": ["day", "month"]}),
            Check(table, "language_known", in_set, {"column": "language", "value_set": KNOWN_LANGUAGES}),
            Check(table, "row_count_within_recent_band", "ExpectTableRowCountToBeBetween", {
                "min_value": {"$PARAMETER": "min_articles"}, "max_value": {"$PARAMETER": "max_articles"},
            }),
        ]  # fmt: skip
    if table == "paragraphs":
        return [
            Check(table, "paragraph_key_unique", "ExpectCompoundColumnsToBeUnique",
                  {"column_list": ["article_id", "paragraph_index"]}),
            Check(table, "paragraph_index_contiguous", in_set,
                  {"column": "index_contiguous", "value_set": [True]}),
            Check(table, "offsets_slice_body", in_set, {"column": "offsets_ok", "value_set": [True]}),
            Check(table, "text_length_plausible", between,
                  {"column": "text_length", "min_value": 1, "max_value": PARAGRAPH_MAX_CHARS}),
        ]  # fmt: skip
    if table == "quotes":
        return [
            Check(table, "quote_id_unique", "ExpectColumnValuesToBeUnique", {"column": "quote_id"}),
            Check(table, "kind_known", in_set, {"column": "kind", "value_set": list(QUOTE_KINDS)}),
            Check(table, "offsets_slice_body", in_set, {"column": "offsets_ok", "value_set": [True]}),
            Check(table, "confidence_in_range", between, {
                "column": "confidence", "min_value": CONFIDENCE_RANGE[0], "max_value": CONFIDENCE_RANGE[1],
            }),
            Check(table, "speaker_kind_known", in_set,
                  {"column": "speaker_kind", "value_set": list(SPEAKER_KINDS)}),
            Check(table, "direct_quotes_have_speakers", "ExpectColumnValuesToNotBeNull", {
                "column": "speaker", "mostly": DIRECT_QUOTES_WITH_SPEAKER_MIN_SHARE,
                "row_condition": ("kind", "==", "direct"),
            }),
        ]  # fmt: skip
    if table == "rejects":
        return [
            Check(
                table,
                "stage_known",
                in_set,
                {"column": "stage", "value_set": list(REJECT_STAGES)},
            ),
            Check(table, "reason_known", in_set, {"column": "reason", "value_set": list(REJECT_REASONS)}),
        ]
    if table == "speakers":
        return [
            Check(table, "speaker_id_unique", "ExpectColumnValuesToBeUnique", {"column": "speaker_id"}),
            Check(table, "speaker_kind_known", in_set,
                  {"column": "speaker_kind", "value_set": list(SPEAKER_KINDS)}),
            Check(table, "quotes_positive", between, {"column": "quotes", "min_value": 1}),
            Check(table, "articles_within_quotes", in_set,
                  {"column": "articles_within_quotes", "value_set": [True]}),
            Check(table, "seen_in_order", "ExpectColumnPairValuesAToBeGreaterThanB", {
                "column_A": "last_seen", "column_B": "first_seen", "or_equal": True,
                "ignore_row_if": "either_value_is_missing",
            }),
            Check(table, "name_key_not_empty", between, {"column": "name_key_length", "min_value": 1}),
        ]  # fmt: skip
    raise KeyError(table)


def suite_checks(table: str) -> list[Check]:
    """``table``'s suite as this module writes it, each check with its :data:`SEVERITY`: what
    ``make suites`` packages (a run checks the packaged suites, :func:`packaged_checks`)."""
    return [
        dataclasses.replace(c, severity=severity(c.qualified_name))
        for c in (*schema_checks(table), *semantic_checks(table))
    ]


# --------------------------------------------------------------------------- the packaged suites
def packaged_suite(table: str) -> dict[str, Any]:
    """``table``'s packaged suite (Great Expectations' suite JSON), read once per process."""
    return _read_suite(SUITES_DIR, table)


#: what this process read, by (where, table): each file is read once
_SUITES: dict[tuple[str, str], dict[str, Any]] = {}
_CHECKS: dict[tuple[str, str], tuple[Check, ...]] = {}


def _read_suite(where: Traversable, table: str) -> dict[str, Any]:
    suite = _SUITES.get((str(where), table))
    if suite is None:
        path = where / f"{table}.json"
        try:
            suite = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise FileNotFoundError(f"no packaged suite {path}: run `make suites`") from None
        _SUITES[str(where), table] = suite
    return suite


def packaged_checks(table: str) -> list[Check]:
    """The checks of ``table``'s packaged suite, in its order: what a run checks."""
    checks = _CHECKS.get((str(SUITES_DIR), table))
    if checks is None:
        checks = _CHECKS[str(SUITES_DIR), table] = tuple(_checks_of(SUITES_DIR, table))
    return list(checks)


def _checks_of(where: Traversable, table: str) -> list[Check]:
    actions = {action: severity for severity, action in ACTION.items()}
    checks = []
    for expectation in _read_suite(where, table)["expectations"]:
        meta = expectation.get("meta") or {}
        name, action = str(meta.get("name", "")), meta.get("action")
        severity = actions.get(action)  # type: ignore[arg-type]
        if not name.startswith(f"{table}.") or severity is None:
            raise ValueError(
                f"{where / f'{table}.json'}: expectation {name or expectation.get('type')!r} needs "
                f"meta.name '{table}.<check>' and meta.action one of {sorted(actions)}"
            )
        if expectation.get("severity", "critical") != GX_SEVERITY[severity]:
            raise ValueError(
                f"{where / f'{table}.json'}: {name} has action {action!r}, so its severity must be "
                f"{GX_SEVERITY[severity]!r}, not {expectation.get('severity')!r}"
            )
        kwargs = dict(expectation["kwargs"])
        condition = kwargs.get("row_condition")
        if isinstance(condition, Mapping):  # as GX writes ``Column(column) == value``
            if condition.get("type") != "comparison" or condition.get("operator") != "==":
                raise ValueError(f"{where / f'{table}.json'}: {name}: only `column == value` conditions")
            kwargs["row_condition"] = (condition["column"]["name"], "==", condition["parameter"])
        kind = "".join(part.capitalize() for part in str(expectation["type"]).split("_"))
        checks.append(Check(table, name.split(".", 1)[1], kind, kwargs, severity))
    return checks


#: Expectations that read more than one file's rows at once: a batch cannot decide them
CROSS_BATCH_TYPES = frozenset(
    {"ExpectColumnValuesToBeUnique", "ExpectCompoundColumnsToBeUnique", "ExpectTableRowCountToBeBetween"}
)


def row_level(check: Check) -> bool:
    """Whether a batch decides ``check`` on its own rows (summed over the batches): every check
    but the cross-batch ones, and those of ``rejects``, whose rows the load adds to."""
    return check.table != "rejects" and check.expectation_type not in CROSS_BATCH_TYPES


def expectation_parameters(history: list[int], today: dt.date | None = None) -> dict[str, Any]:
    """Values of the suites' ``$PARAMETER`` placeholders for one run.

    ``history`` is the article counts of the recent completed runs that loaded articles, newest
    first (a rerun that found nothing new says nothing about volume); with fewer than
    :data:`VOLUME_MIN_HISTORY_RUNS` of them the volume band is open.
    """
    today = today or dt.datetime.now(dt.UTC).date()
    counts = sorted(history[:VOLUME_HISTORY_RUNS])
    if len(counts) >= VOLUME_MIN_HISTORY_RUNS:
        median = counts[len(counts) // 2]
        low, high = int(median * VOLUME_BAND[0]), int(median * VOLUME_BAND[1]) + 1
    else:
        low, high = 0, sys.maxsize
    return {
        "latest_published_date": (today + dt.timedelta(days=1)).isoformat(),
        "min_articles": low,
        "max_articles": high,
    }
