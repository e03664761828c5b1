"""The Great Expectations adapter: the suites of :mod:`quality.suites` run where their rows are,
their results summed per expectation — and :class:`SuiteValidator`, what the flow gives the load
(the contract is :mod:`schemas.validation`; neither side imports the other).

* **Row-level checks in the batches** (:func:`validate_rows`, called by :mod:`quality.batch`):
  an ephemeral context (no files: a worker may be on a host without the warehouse's ``gx/``),
  built once per process with its suites, one validation per table per batch (GX's fixed cost
  per validation is most of a small batch's).
* **Cross-batch checks at the load** (:func:`validate`): uniqueness over the run and the
  warehouse, on the rows whose key repeats, the volume band on the run's row count, and the
  ``rejects`` (the load adds its own). With the batches' tallies they decide every expectation;
  the run's results then go to the file context in ``<root>/gx`` (one validation per table) and
  Data Docs are built from them, once per run.
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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from quality.suites import SUITE_TABLES, Check, expectation_parameters, row_level, suite_checks
from schemas import ExpectationOutcome
from schemas.validation import ROW_NUMBER, UNIQUE_KEYS, ExpectationTally, LoadChecks, QualityResult

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
#: the ``$PARAMETER`` values only the load can set (from the warehouse's recent runs)
VOLUME_PARAMETERS = ("min_articles", "max_articles")


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


class _Runner:
    """An ephemeral Great Expectations context (no files) with a pandas data asset per table and
    the suites a process runs, built once per process: a batch task pays for a validation, not
    for a context (GX's fixed cost per run is most of a small batch's)."""

    def __init__(self) -> None:
        _quiet_great_expectations()
        import great_expectations as gx
        from great_expectations.data_context.types.base import (
            DataContextConfig,
            InMemoryStoreBackendDefaults,
            ProgressBarsConfig,
        )

        # no Data Docs site either: the default one is a temporary directory per context
        stores = InMemoryStoreBackendDefaults(init_temp_docs_sites=False)
        config = DataContextConfig(store_backend_defaults=stores)
        self.context = gx.get_context(mode="ephemeral", project_config=config)
        self.context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
        source = self.context.data_sources.add_pandas(DATASOURCE_NAME)
        self.definitions = {
            table: source.add_dataframe_asset(table).add_batch_definition_whole_dataframe("frame")
            for table in SUITE_TABLES
        }
        self.suites: dict[tuple[str, tuple[str, ...]], Any] = {}
        self.lock = threading.Lock()  # a thread task runner runs batches side by side

    def run(
        self, table: str, checks: Sequence[Check], frame: Any, parameters: Mapping[str, Any]
    ) -> list[tuple[Check, bool, dict[str, Any]]]:
        """Validate ``frame`` (pandas) with ``checks`` of ``table``'s suite: each check, whether it
        held on the frame, and GX's result details (:data:`RESULT_FORMAT`: no values)."""
        import great_expectations as gx

        names = tuple(c.qualified_name for c in checks)
        by_name = {c.qualified_name: c for c in checks}
        with self.lock:
            suite = self.suites.get((table, names))
            if suite is None:
                suite = gx.ExpectationSuite(
                    name=f"{table}-{len(self.suites)}", expectations=[_expectation(c) for c in checks]
                )
                self.suites[table, names] = suite
            batch = self.definitions[table].get_batch(batch_parameters={"dataframe": frame})
            result = batch.validate(
                suite, result_format=RESULT_FORMAT, expectation_parameters=dict(parameters)
            )
        out = []
        for item in result.results:
            meta = (item.expectation_config.meta if item.expectation_config else None) or {}
            out.append((by_name[str(meta.get("name"))], bool(item.success), dict(item.result or {})))
        return out


_runner_lock = threading.Lock()
_runner: _Runner | None = None


def runner() -> _Runner:
    """This process's :class:`_Runner` (made on first use)."""
    global _runner
    with _runner_lock:
        if _runner is None:
            _runner = _Runner()
        return _runner


def _add(tally: ExpectationTally, check: Check, success: bool, details: Mapping[str, Any]) -> None:
    """Add one frame's result of ``check`` to its tally."""
    unexpected = int(details.get("unexpected_count") or 0)
    tally.success &= success
    tally.failed_without_unexpected |= not success and not unexpected
    tally.unexpected += unexpected
    tally.elements += int(details.get("element_count") or 0)
    if check.expectation_type == "ExpectTableRowCountToBeBetween":
        tally.rows += int(details.get("observed_value") or 0)
    elif not success and tally.observed is None:
        tally.observed = _observed(details)


def validate_rows(
    tables: Mapping[str, pa.Table], parameters: Mapping[str, Any]
) -> tuple[dict[str, ExpectationTally], dict[tuple[str, int], list[str]]]:
    """Run each table's row-level checks (:func:`quality.suites.row_level`) over ``tables``
    (Arrow, with the columns of :func:`~quality.suites.checked_columns`): their tallies, by
    qualified name, and the ``_row`` numbers of the rows any of them found unexpected, with the
    checks' names in suite order (whatever their severity: the load holds back the rows of the
    quarantine checks, and takes the rows it does not load out of every check's counts)."""
    tallies: dict[str, ExpectationTally] = {}
    failing: dict[tuple[str, int], list[str]] = {}
    for table, rows in tables.items():
        checks = [c for c in suite_checks(table) if row_level(c)]
        frame = rows.to_pandas()  # as it is: a missing or extra column must fail the check
        for check, success, details in runner().run(table, checks, frame, parameters):
            _add(tallies.setdefault(check.qualified_name, ExpectationTally()), check, success, details)
            for row in failing_row_numbers(details):
                failing.setdefault((table, row), []).append(check.name)
        del frame
    return tallies, failing


def element_groups(table: str) -> dict[str, tuple[str, str, Any] | None]:
    """What each row-level check of ``table`` counts as its elements, by the name its counts
    are staged under per article: the table's rows (under the table's name), or the rows of its
    ``row_condition`` (under the check's qualified name)."""
    groups: dict[str, tuple[str, str, Any] | None] = {table: None}
    for check in suite_checks(table):
        if row_level(check) and "row_condition" in check.kwargs:
            groups[check.qualified_name] = check.kwargs["row_condition"]
    return groups


def _without_dropped(
    tallies: Mapping[str, ExpectationTally], checks: LoadChecks
) -> dict[str, ExpectationTally]:
    """The batches' tallies less the rows the load does not load (those it settled as
    duplicates, and their paragraphs and quotes): a check decides on the rows loaded, as when
    the load ran them all. A check whose every unexpected row was dropped holds."""
    out = {}
    for name, tally in tallies.items():
        table = name.split(".", 1)[0]
        # the group a check counts is decided by the check, not by which names the dropped
        # articles happened to count: a dropped copy without a condition's rows stages none
        group = name if name in element_groups(table) else table
        dropped = checks.dropped_elements.get(group, 0)
        unexpected = tally.unexpected - checks.dropped_unexpected.get(name, 0)
        # a frame that failed without an unexpected row (an error, a missing column) stays failed
        rederived = not tally.failed_without_unexpected and tally.unexpected > 0 and unexpected == 0
        success = tally.success or rederived
        elements = tally.elements - dropped if tally.elements else 0
        observed = None if success and tally.unexpected else tally.observed
        out[name] = ExpectationTally(
            success, unexpected, elements, tally.rows, observed, tally.failed_without_unexpected
        )
    return out


def validate(
    root: str | os.PathLike[str],
    batches: Mapping[str, ExpectationTally],
    checks: LoadChecks,
    parameters: Mapping[str, Any],
    run_name: str,
) -> QualityResult:
    """Decide every expectation of the run: the row-level ones from the batches' tallies, the
    cross-batch ones by running them here on what the load found (``checks``); then store the
    run's results in ``<root>/gx`` and build Data Docs.

    A uniqueness check runs on the rows whose key repeats (all the load hands over): its
    unexpected rows are the run's rows among them, its elements the rows about to be loaded. A
    row-count check is decided on the total, a ``mostly`` check on the total share.
    """
    import numpy as np
    import pandas as pd

    tallies = _without_dropped(batches, checks)
    result = QualityResult()
    for table in UNIQUE_KEYS:
        cross = [c for c in suite_checks(table) if not row_level(c)]
        unique = [c for c in cross if c.expectation_type != "ExpectTableRowCountToBeBetween"]
        count = [c for c in cross if c.expectation_type == "ExpectTableRowCountToBeBetween"]
        if unique:
            frame = checks.repeated[table].to_pandas()
            for check, success, details in runner().run(table, unique, frame, parameters):
                rows = [r for r in failing_row_numbers(details) if r >= 0]  # < 0: the warehouse's
                observed = f"{len(rows)} unexpected" if rows else None
                tallies[check.qualified_name] = ExpectationTally(
                    success, len(rows), checks.rows[table], observed=observed
                )
                if not success and check.severity == "quarantine":
                    for row in rows:
                        result.failing_rows.setdefault((table, row), []).append(check.name)
        if count:
            frame = pd.DataFrame({ROW_NUMBER: np.arange(checks.rows[table], dtype=np.int64)})
            for check, success, details in runner().run(table, count, frame, parameters):
                _add(tallies.setdefault(check.qualified_name, ExpectationTally()), check, success, details)
            del frame
    rejects = [c for c in suite_checks("rejects")]
    for chunk in checks.rejects:
        for check, success, details in runner().run("rejects", rejects, chunk.to_pandas(), parameters):
            _add(tallies.setdefault(check.qualified_name, ExpectationTally()), check, success, details)
    decided = []
    for table in SUITE_TABLES:
        for check in suite_checks(table):
            tally = tallies.get(check.qualified_name, ExpectationTally())
            success, observed = _decide(check, tally, parameters)
            decided.append((check, tally))
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
    store_results(root, decided, result.outcomes, parameters, run_name)
    return result


def store_results(
    root: str | os.PathLike[str],
    decided: Sequence[tuple[Check, ExpectationTally]],
    outcomes: Sequence[ExpectationOutcome],
    parameters: Mapping[str, Any],
    run_name: str,
) -> None:
    """Write the run's results, one validation per table, to the validation store of the file
    context in ``<root>/gx``, and build its Data Docs. The results hold counts, never a value
    (:data:`RESULT_FORMAT`)."""
    from great_expectations.core import ExpectationSuiteValidationResult, ExpectationValidationResult
    from great_expectations.core.run_identifier import RunIdentifier
    from great_expectations.data_context.types.resource_identifiers import (
        ExpectationSuiteIdentifier,
        ValidationResultIdentifier,
    )

    context = sync_context(root)
    run_id = RunIdentifier(run_name=data_docs_run_name(run_name), run_time=dt.datetime.now(dt.UTC))
    for table in SUITE_TABLES:
        suite = context.suites.get(table)
        configs = {str((e.meta or {}).get("name")): e.configuration for e in suite.expectations}
        results = []
        for (check, tally), outcome in zip(decided, outcomes, strict=True):
            if check.table != table:
                continue
            details: dict[str, Any] = {"element_count": tally.elements, "unexpected_count": tally.unexpected}
            if tally.elements:
                details["unexpected_percent"] = 100.0 * tally.unexpected / tally.elements
            if check.expectation_type == "ExpectTableRowCountToBeBetween":
                details = {"observed_value": tally.rows}
            elif outcome.observed_value is not None and not tally.unexpected:
                details["observed_value"] = outcome.observed_value
            results.append(
                ExpectationValidationResult(
                    success=outcome.success, expectation_config=configs[check.qualified_name], result=details
                )
            )
        passed = sum(bool(r.success) for r in results)
        validation = ExpectationSuiteValidationResult(
            success=passed == len(results),
            results=results,
            suite_name=table,
            suite_parameters=dict(parameters),
            statistics={
                "evaluated_expectations": len(results),
                "successful_expectations": passed,
                "unsuccessful_expectations": len(results) - passed,
                "success_percent": 100.0 * passed / len(results) if results else None,
            },
            meta={
                "run_id": run_id,
                "validation_time": run_id.run_time,
                "active_batch_definition": {
                    "datasource_name": DATASOURCE_NAME,
                    "data_asset_name": table,
                    "batch_definition_name": "run",
                },
            },
        )
        key = ValidationResultIdentifier(
            expectation_suite_identifier=ExpectationSuiteIdentifier(name=table),
            run_id=run_id,
            batch_identifier=f"{DATASOURCE_NAME}-{table}-run",
        )
        context.validation_results_store.set(key, validation)
    context.build_data_docs()


@dataclass(frozen=True, slots=True)
class SuiteValidator:
    """The suites as the load's :class:`~schemas.validation.Validator`: the batches' tallies
    (merged by the flow), the cross-batch checks, and the warehouse's ``<root>/gx`` for the
    run's results and Data Docs.

    ``parameters``: the ``$PARAMETER`` values the batches' row checks ran with (computed once,
    at the run's start). The load decides and stores the run with those same values, merging
    in only the volume band, which needs the warehouse's history: a run that crosses midnight
    UTC must not store a date its row checks did not use. Without them, the load's own
    (:func:`~quality.suites.expectation_parameters` now).
    """

    root: Path
    batches: Mapping[str, ExpectationTally]
    parameters: Mapping[str, Any] | None = None

    def validate(self, checks: LoadChecks, *, history: Sequence[int], run_id: str) -> QualityResult:
        return validate(self.root, self.batches, checks, self.run_parameters(history), run_id)

    def run_parameters(self, history: Sequence[int]) -> dict[str, Any]:
        """The row checks' values with the volume band ``history`` sets."""
        volume = expectation_parameters(list(history))
        if self.parameters is None:
            return volume
        return {**self.parameters, **{k: volume[k] for k in VOLUME_PARAMETERS}}


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


def _decide(check: Check, tally: ExpectationTally, parameters: Mapping[str, Any]) -> tuple[bool, str | None]:
    """Whether an expectation holds over all batches (or chunks), and what was observed: a
    count of unexpected rows is the total, whichever frames they were in."""
    if check.expectation_type == "ExpectTableRowCountToBeBetween":
        low, high = (_parameter(check.kwargs[k], parameters) for k in ("min_value", "max_value"))
        return low <= tally.rows <= high, str(tally.rows)
    mostly = check.kwargs.get("mostly")
    if mostly is not None:
        share = 1.0 if tally.elements == 0 else (tally.elements - tally.unexpected) / tally.elements
        return share >= float(mostly), f"{share:.3f} of {tally.elements} rows"
    if tally.unexpected and (tally.observed is None or tally.observed.endswith(" unexpected")):
        return tally.success, f"{tally.unexpected} unexpected"
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
