"""The Great Expectations adapter: the suites of :mod:`quality.suites` as a GX file context in
``<root>/gx``, run over the load's Arrow chunks, their results summed per expectation — and
:class:`SuiteValidator`, what the flow gives the load (the contract is
:mod:`schemas.validation`; neither side imports the other).

* Every run validates what it is about to load (the rows that survived duplicate settling, plus
  a few columns computed for the checks) before the load commits; chunks bound memory.
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

from quality.suites import SUITE_TABLES, Check, expectation_parameters, suite_checks
from schemas import ExpectationOutcome
from schemas.validation import ROW_NUMBER, QualityResult

if TYPE_CHECKING:  # pragma: no cover
    from great_expectations.data_context import FileDataContext
    from great_expectations.expectations import Expectation

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
    """``python -m quality.gx sync DIR``: write the suites into ``DIR/gx`` (``make suites``)."""
    if len(argv) != 2 or argv[0] != "sync":
        print("usage: python -m quality.gx sync DIR", file=sys.stderr)
        return 2
    sync_context(argv[1])
    print(f"suites written to {Path(argv[1]) / 'gx'}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1:]))
