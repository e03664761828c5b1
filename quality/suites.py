"""Data quality with Great Expectations: one suite per table, derived from the Arrow schemas.

Every run validates what it is about to load (the rows that survived duplicate settling, plus a
few columns computed for the checks) before the load commits. The load hands the rows over as
Arrow chunks and gets a :class:`~schemas.validation.QualityResult` back, through
:class:`SuiteValidator` (the contract is :mod:`schemas.validation`; neither side imports the other):

* **Column-level expectations are derived from** :mod:`schemas.tables`: the exact column
  set of each table, and "not null" for every non-nullable column. A schema change therefore
  changes the suites; ``gx/`` in the repository holds the suites as written by
  ``python -m quality.suites sync gx`` (``make suites``), and a test fails when they are stale.
* **Semantic expectations** are written by hand in :func:`semantic_checks`: unique keys, dates in
  [1990-01-01, today + 1 day], http(s) URLs, plausible title and body lengths, contiguous
  paragraph indexes, offsets that slice the body back to the stored text, quote kinds, the share
  of direct quotes with a speaker, known languages, and the run's volume against recent runs.
* **Severity** is set in one place, :data:`SEVERITY` (default :data:`DEFAULT_SEVERITY`):
  ``quarantine`` moves the failing rows to ``rejects`` (``stage='quality'``, the expectation's
  name as ``reason``) and loads the rest — a failing article or paragraph holds its whole article
  back, a failing quote only itself; ``warning`` loads and reports; ``critical`` fails the run
  and leaves the warehouse as it was.
* **No input value reaches Data Docs.** Results keep counts and the failing rows' numbers, never
  the failing values (:data:`RESULT_FORMAT`): Data Docs write a stored value into their HTML as
  it is, and a scraped URL or title may be markup.

Great Expectations takes seconds to import, so it is imported only by the functions that run it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sys
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from schemas import QUOTE_KINDS, REJECT_REASONS, ExpectationOutcome, Severity
from schemas.tables import TABLES
from schemas.validation import DERIVED_COLUMNS, ROW_NUMBER, UNCHECKED_COLUMNS, QualityResult

if TYPE_CHECKING:  # pragma: no cover
    from great_expectations.data_context import FileDataContext
    from great_expectations.expectations import Expectation

# --------------------------------------------------------------------------- configuration
EARLIEST_PUBLISHED_DATE = "1990-01-01"
TITLE_MAX_CHARS = 1_000
BODY_MAX_CHARS = 20 * 1024 * 1024
PARAGRAPH_MAX_CHARS = BODY_MAX_CHARS
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
    "rejects.columns_match_schema": "critical",
    "articles.language_known": "warning",
    "articles.row_count_within_recent_band": "warning",
    "quotes.direct_quotes_have_speakers": "warning",
    "rejects.source_uri_not_null": "warning",
    "rejects.stage_known": "warning",
    "rejects.reason_known": "warning",
    "rejects.run_id_not_null": "warning",
}

SUITE_TABLES = ("articles", "paragraphs", "quotes", "rejects")
CHECKPOINT_NAME = "news_etl_run"
#: What Great Expectations returns, stores and renders of a failing expectation: counts and the
#: failing rows' numbers (``_row``, what quarantine needs), never the failing values. Data Docs
#: write a stored value into their HTML as it is, so a scraped URL like
#: ``http://.<img/src=x/onerror=alert(1)>`` would run as script in the page the report links
#: to; the values stay in the run's own tables (``rejects`` names the row's file).
RESULT_FORMAT: dict[str, Any] = {
    "result_format": "COMPLETE",
    "unexpected_index_column_names": [ROW_NUMBER],
    "exclude_unexpected_values": True,
    "partial_unexpected_count": 0,
    "return_unexpected_index_query": False,
}
DATASOURCE_NAME = "news_etl"


@dataclass(frozen=True, slots=True)
class Check:
    """One expectation of one table's suite, with the name it reports under."""

    table: str
    name: str  # short and stable: the ``reason`` of quarantined rows
    expectation_type: str  # Great Expectations class name
    kwargs: Mapping[str, Any]

    @property
    def qualified_name(self) -> str:
        return f"{self.table}.{self.name}"

    @property
    def severity(self) -> Severity:
        return SEVERITY.get(self.qualified_name, DEFAULT_SEVERITY)


# --------------------------------------------------------------------------- the suites
def checked_columns(table: str) -> list[str]:
    """The columns of the frame validated for ``table``, in order."""
    from schemas.tables import staged_schema

    own = [f.name for f in staged_schema(table) if f.name not in UNCHECKED_COLUMNS]
    return [ROW_NUMBER, *own, *DERIVED_COLUMNS[table]]


def schema_checks(table: str) -> list[Check]:
    """Expectations that follow from the Arrow schema alone."""
    checks = [
        Check(table, "columns_match_schema", "ExpectTableColumnsToMatchSet",
              {"column_set": checked_columns(table), "exact_match": True}),
    ]  # fmt: skip
    for f in TABLES[table]:
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
                {"column": "stage", "value_set": ["read", "parse", "load", "quality"]},
            ),
            Check(table, "reason_known", in_set, {"column": "reason", "value_set": list(REJECT_REASONS)}),
        ]
    raise KeyError(table)


def suite_checks(table: str) -> list[Check]:
    return [*schema_checks(table), *semantic_checks(table)]


def _expectation(check: Check) -> Expectation:
    import great_expectations.expectations as gxe

    cls = getattr(gxe, check.expectation_type)
    meta = {"name": check.qualified_name, "severity": check.severity}
    kwargs = dict(check.kwargs)
    if "row_condition" in kwargs:  # (column, "==", value): a GX Condition object
        from great_expectations.expectations.row_conditions import Column

        column, _, value = kwargs["row_condition"]
        kwargs["row_condition"] = Column(column) == value
    expectation: Expectation = cls(**kwargs, meta=meta)
    return expectation


# --------------------------------------------------------------------------- the context
def _quiet_great_expectations() -> None:
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")


def preload() -> threading.Thread:
    """Import Great Expectations in a background thread and return the thread.

    The import takes seconds; a flow whose batches run in worker processes waits on them
    meanwhile, so it can import here for free and the checks find the module loaded (an import
    error surfaces again, where the checks import it).
    """
    thread = threading.Thread(target=_import_great_expectations, name="preload-gx", daemon=True)
    thread.start()
    return thread


def _import_great_expectations() -> None:
    _quiet_great_expectations()
    with contextlib.suppress(Exception):
        import great_expectations.checkpoint
        import great_expectations.expectations  # noqa: F401


def sync_context(root: str | os.PathLike[str]) -> FileDataContext:
    """A file context in ``<root>/gx`` holding the current suites, validation definitions and
    checkpoint (created or updated; idempotent)."""
    _quiet_great_expectations()
    import great_expectations as gx
    from great_expectations.checkpoint import UpdateDataDocsAction
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="file", project_root_dir=str(root))
    bars = context.variables.progress_bars
    shown = bars.get("globally", True) if isinstance(bars, dict) else getattr(bars, "globally", True)
    if shown:  # GX draws a progress bar per expectation; a scheduled ETL log does not want them
        context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
        context.variables.save()
    source = context.data_sources.add_or_update_pandas(DATASOURCE_NAME)
    definitions = []
    for table in SUITE_TABLES:
        suite = gx.ExpectationSuite(name=table, expectations=[_expectation(c) for c in suite_checks(table)])
        suite = context.suites.add_or_update(suite)
        asset = source.add_dataframe_asset(table)
        batch = asset.add_batch_definition_whole_dataframe("run")
        definition = gx.ValidationDefinition(name=table, data=batch, suite=suite)
        definitions.append(context.validation_definitions.add_or_update(definition))
    checkpoint = gx.Checkpoint(
        name=CHECKPOINT_NAME,
        validation_definitions=definitions,
        actions=[UpdateDataDocsAction(name="update_data_docs")],
        result_format=RESULT_FORMAT,
    )
    context.checkpoints.add_or_update(checkpoint)
    return context


def data_docs_index(root: str | os.PathLike[str]) -> Path:
    return Path(root) / "gx" / "uncommitted" / "data_docs" / "local_site" / "index.html"


# --------------------------------------------------------------------------- validation
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


@dataclass(slots=True)
class _Tally:
    """One expectation's results summed over the chunks of its table."""

    success: bool = True
    unexpected: int = 0
    elements: int = 0
    rows: int = 0
    observed: str | None = None


def validate(
    root: str | os.PathLike[str],
    chunks: Mapping[str, Iterable[pa.Table]],
    parameters: Mapping[str, Any],
    run_name: str,
) -> QualityResult:
    """Run each table's suite over this run's rows, given as ``chunks`` (Arrow tables with the
    columns of :func:`checked_columns` and a run-wide ``_row`` number), and collect the outcome
    of every expectation.

    Chunks bound memory: only one is in pandas at a time. Their results are summed per
    expectation (unexpected rows, failing row numbers); a row-count check is decided on the
    total, a ``mostly`` check on the total share. A uniqueness check is exact only when every key
    lies in one chunk: the caller splits by key (:data:`schemas.validation.CHUNK_KEYS`).
    """
    context = sync_context(root)
    checkpoint = context.checkpoints.get(CHECKPOINT_NAME)
    from great_expectations.core.run_identifier import RunIdentifier

    result = QualityResult()
    for table in SUITE_TABLES:
        definition = context.validation_definitions.get(table)
        checks = {c.qualified_name: c for c in suite_checks(table)}
        tallies = {name: _Tally() for name in checks}
        for chunk in chunks[table]:
            frame = chunk.to_pandas()  # as it is: a missing or extra column must fail the check
            run = definition.run(
                batch_parameters={"dataframe": frame},
                expectation_parameters=dict(parameters),
                result_format=checkpoint.result_format,
                run_id=RunIdentifier(run_name=data_docs_run_name(run_name), run_time=dt.datetime.now(dt.UTC)),
            )
            del frame
            for item in run.results:
                meta = (item.expectation_config.meta if item.expectation_config else None) or {}
                check = checks[str(meta.get("name"))]
                details = item.result or {}
                tally = tallies[check.qualified_name]
                tally.success &= bool(item.success)
                tally.unexpected += int(details.get("unexpected_count") or 0)
                tally.elements += int(details.get("element_count") or 0)
                if check.expectation_type == "ExpectTableRowCountToBeBetween":
                    tally.rows += int(details.get("observed_value") or 0)
                elif not item.success and tally.observed is None:
                    tally.observed = _observed(details)
                if not item.success and check.severity == "quarantine":
                    for row in failing_row_numbers(details):
                        result.failing_rows.setdefault((table, row), []).append(check.name)
        for name, check in checks.items():
            tally = tallies[name]
            success, observed = _decide(check, tally, parameters)
            result.outcomes.append(
                ExpectationOutcome(
                    table_name=table,
                    expectation=check.name,
                    severity=check.severity,
                    success=success,
                    unexpected_count=tally.unexpected,
                    observed_value=observed,
                )
            )
    context.build_data_docs()
    return result


@dataclass(frozen=True, slots=True)
class SuiteValidator:
    """The suites as the load's :class:`~schemas.validation.Validator`: validations, Data Docs
    and the suites themselves live in ``<root>/gx`` (the warehouse's)."""

    root: Path

    def validate(
        self, chunks: Mapping[str, Iterable[pa.Table]], *, history: Sequence[int], run_id: str
    ) -> QualityResult:
        return validate(self.root, chunks, expectation_parameters(list(history)), run_id)


def data_docs_run_name(run_id: str) -> str:
    """The name a run's validations have in Data Docs.

    Not the bare run id: Data Docs parse a run name as a date when they can, and ours
    (``20260101T000000Z-1234``) parses as one with a time zone 1,234 hours away, whose
    comparison raises and leaves the run's validation pages unrendered.
    """
    return f"run-{run_id}"


def failing_row_numbers(details: Mapping[str, Any]) -> list[int]:
    """The ``_row`` numbers of the rows an expectation found unexpected.

    Without values (:data:`RESULT_FORMAT`), Great Expectations lists them as
    ``[{"_row": [3, 7]}]`` or as ``[{"_row": 3}, {"_row": 7}]``, depending on the expectation.
    """
    rows: list[int] = []
    for entry in details.get("unexpected_index_list") or []:
        numbers = entry[ROW_NUMBER]
        if isinstance(numbers, list | tuple):
            rows.extend(int(n) for n in numbers)
        else:
            rows.append(int(numbers))
    return rows


def _decide(check: Check, tally: _Tally, parameters: Mapping[str, Any]) -> tuple[bool, str | None]:
    """Whether an expectation holds over all chunks, and what was observed."""
    if check.expectation_type == "ExpectTableRowCountToBeBetween":
        low, high = (_parameter(check.kwargs[k], parameters) for k in ("min_value", "max_value"))
        return low <= tally.rows <= high, str(tally.rows)
    mostly = check.kwargs.get("mostly")
    if mostly is not None:
        share = 1.0 if tally.elements == 0 else (tally.elements - tally.unexpected) / tally.elements
        return share >= float(mostly), f"{share:.3f} of {tally.elements} rows"
    return tally.success, tally.observed


def _parameter(value: Any, parameters: Mapping[str, Any]) -> Any:
    if isinstance(value, Mapping) and "$PARAMETER" in value:
        return parameters[value["$PARAMETER"]]
    return value


def _observed(details: Mapping[str, Any]) -> str | None:
    if "observed_value" in details and details["observed_value"] is not None:
        return str(details["observed_value"])[:200]
    if details.get("unexpected_count"):  # no sample: the values stay out of results (RESULT_FORMAT)
        return f"{details['unexpected_count']} unexpected"
    return None


def main(argv: list[str]) -> int:
    """``python -m quality.suites sync DIR``: write the suites into ``DIR/gx`` (``make suites``)."""
    if len(argv) != 2 or argv[0] != "sync":
        print("usage: python -m quality.suites sync DIR", file=sys.stderr)
        return 2
    sync_context(argv[1])
    print(f"suites written to {Path(argv[1]) / 'gx'}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1:]))
