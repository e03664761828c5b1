"""The Great Expectations adapter: the suites of :mod:`quality.suites` run where their rows are,
their results summed per expectation — and :class:`SuiteValidator`, what the flow gives the load
(the contract is :mod:`schemas.validation`; neither side imports the other).

* **The packaged suites are what runs** (:func:`quality.suites.packaged_suite`, read once per
  process); ``python -m quality.gx suites`` (``make suites``) writes them from
  :mod:`quality.suites` (:func:`write_suites`).
* **Row-level checks in the batches** (:func:`validate_rows`, called by :mod:`quality.batch`):
  an ephemeral context (no files: a worker may be on a host without the warehouse's ``gx/``),
  built once per process with a checkpoint per table (no actions), run on each batch's frame
  (``batch_parameters``) under the run's ``RunIdentifier`` (GX's fixed cost per validation is
  most of a small batch's, so one per table per batch).
* **Cross-batch checks at the load** (:func:`validate`): uniqueness over the run and the
  warehouse, on the rows whose key repeats, the volume band on the run's row count, and the
  ``rejects`` (the load adds its own), through checkpoints of the same kind. With the batches'
  tallies they decide every expectation; the run's results then go to the file context in
  ``<root>/gx`` (one validation per table) and Data Docs get the run's pages
  (:mod:`quality.docs`, which also keeps the last ``keep_validations`` runs).
* **Derived tables at the load** (:func:`validate_derived`): the rows a load has just written
  to ``speakers``, inside its transaction, through a checkpoint of the same kind; their results
  are stored beside the run's others (the run's ``speakers`` validation, its Data Docs page).
* **No input value reaches Data Docs.** Results keep counts and the failing rows' numbers, never
  the failing values (:data:`RESULT_FORMAT`): Data Docs write a stored value into their HTML as
  it is, and a scraped URL or title may be markup.

Great Expectations takes seconds to import, so it is imported only by the functions that run it.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa
import pyarrow.compute as pc

from quality import suites
from quality.docs import (
    DATASOURCE_NAME,
    KEEP_VALIDATION_RUNS,
    quiet_great_expectations,
    run_identifier,
    store_results,
)
from quality.docs import data_docs_index as data_docs_index  # where the flow links to, from here
from quality.docs import data_docs_run_name as data_docs_run_name  # the name Data Docs list a run by
from quality.suites import (
    ACTION,
    DERIVED_SUITE_TABLES,
    GX_SEVERITY,
    LOADED_SUITE_TABLES,
    SUITE_TABLES,
    Check,
    expectation_parameters,
    packaged_checks,
    packaged_suite,
    row_level,
    suite_checks,
)
from schemas import ExpectationOutcome
from schemas.validation import ROW_NUMBER, UNIQUE_KEYS, ExpectationTally, LoadChecks, QualityResult

if TYPE_CHECKING:  # pragma: no cover
    from great_expectations.checkpoint import Checkpoint
    from great_expectations.expectations import Expectation

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
#: the ``$PARAMETER`` values only the load can set (from the warehouse's recent runs)
VOLUME_PARAMETERS = ("min_articles", "max_articles")


def _expectation(check: Check) -> Expectation:
    import great_expectations.expectations as gxe

    cls = getattr(gxe, check.expectation_type)
    meta = {"name": check.qualified_name, "action": ACTION[check.severity]}
    kwargs = dict(check.kwargs)
    if "row_condition" in kwargs:  # (column, "==", value): a GX Condition object
        from great_expectations.expectations.row_conditions import Column

        column, _, value = kwargs["row_condition"]
        kwargs["row_condition"] = Column(column) == value
    expectation: Expectation = cls(**kwargs, meta=meta, severity=GX_SEVERITY[check.severity])
    return expectation


def suite_document(table: str) -> dict[str, Any]:
    """``table``'s suite from :mod:`quality.suites`, as the JSON the package ships: GX's own
    format, with no random id and no GX version stamp, so writing it again gives the same bytes."""
    quiet_great_expectations()
    import great_expectations as gx

    document: dict[str, Any] = gx.ExpectationSuite(
        name=table, expectations=[_expectation(c) for c in suite_checks(table)]
    ).to_json_dict()
    document.pop("id", None)
    document["meta"] = {
        k: v for k, v in (document.get("meta") or {}).items() if k != "great_expectations_version"
    }
    for expectation in document["expectations"]:
        expectation.pop("id", None)
    return document


def suite_text(table: str) -> str:
    return json.dumps(suite_document(table), indent=2, ensure_ascii=False) + "\n"


def write_suites(directory: str | os.PathLike[str]) -> list[Path]:
    """Write every table's suite (:func:`suite_text`) into ``directory`` (``make suites``)."""
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for table in SUITE_TABLES:
        path = out / f"{table}.json"
        path.write_text(suite_text(table), encoding="utf-8")
        written.append(path)
    return written


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
    quiet_great_expectations()
    with contextlib.suppress(Exception):
        import great_expectations.checkpoint
        import great_expectations.expectations  # noqa: F401


class _Runner:
    """An ephemeral Great Expectations context (no files) with a pandas data asset per table and
    a checkpoint per set of checks a process runs, built once per process: a batch task pays
    for a validation, not for a context (GX's fixed cost per run is most of a small batch's)."""

    def __init__(self) -> None:
        quiet_great_expectations()
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
        self.checkpoints: dict[tuple[str, str, tuple[str, ...]], Checkpoint] = {}
        self.lock = threading.Lock()  # a thread task runner runs batches side by side

    def checkpoint(self, table: str, checks: Sequence[Check]) -> Checkpoint:
        """The checkpoint validating a frame of ``table`` with ``checks``, whose expectations
        are the packaged suite's (made on first use; the caller holds the lock)."""
        import great_expectations as gx

        names = tuple(c.qualified_name for c in checks)
        key = (str(suites.SUITES_DIR), table, names)  # a test points the suites elsewhere
        checkpoint = self.checkpoints.get(key)
        if checkpoint is None:
            made = sum(1 for _, t, _ in self.checkpoints if t == table)
            name = table if not made else f"{table}-{made}"  # a batch's: one per table
            expectations = [
                json.loads(json.dumps(e))  # GX takes ownership of what it is given
                for e in packaged_suite(table)["expectations"]
                if e["meta"]["name"] in names
            ]
            suite = self.context.suites.add(gx.ExpectationSuite(name=name, expectations=expectations))
            definition = self.context.validation_definitions.add(
                gx.ValidationDefinition(name=name, data=self.definitions[table], suite=suite)
            )
            checkpoint = self.context.checkpoints.add(
                gx.Checkpoint(
                    name=name, validation_definitions=[definition], actions=[], result_format=RESULT_FORMAT
                )
            )
            self.checkpoints[key] = checkpoint
        return checkpoint

    def run(
        self,
        table: str,
        checks: Sequence[Check],
        frame: Any,
        parameters: Mapping[str, Any],
        run_name: str | None = None,
    ) -> list[tuple[Check, bool, dict[str, Any]]]:
        """Validate ``frame`` (pandas) with ``checks`` of ``table``'s packaged suite, under the
        run ``run_name``: each check, whether it held on the frame, and GX's result details
        (:data:`RESULT_FORMAT`: no values)."""
        from great_expectations.core.run_identifier import RunIdentifier

        by_name = {c.qualified_name: c for c in checks}
        # the run's one identifier, as the load stores it: not a time of each batch's own
        run_id = run_identifier(run_name) if run_name else RunIdentifier()
        with self.lock:
            checkpoint = self.checkpoint(table, checks)
            outcome = checkpoint.run(
                batch_parameters={"dataframe": frame},
                expectation_parameters=dict(parameters),
                run_id=run_id,
            )
            for key in outcome.run_results:  # the run's results are the load's to store, decided
                self.context.validation_results_store.remove_key(key)
        out = []
        for result in outcome.run_results.values():
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
    tables: Mapping[str, pa.Table], parameters: Mapping[str, Any], run_name: str | None = None
) -> tuple[dict[str, ExpectationTally], dict[tuple[str, int], list[str]]]:
    """Run each table's row-level checks (:func:`quality.suites.row_level`) over ``tables``
    (Arrow, with the columns of :func:`~quality.suites.checked_columns`): their tallies, by
    qualified name, and the ``_row`` numbers of the rows any of them found unexpected, with the
    checks' names in suite order (whatever their severity: the load holds back the rows of the
    quarantine checks, and takes the rows it does not load out of every check's counts)."""
    tallies: dict[str, ExpectationTally] = {}
    failing: dict[tuple[str, int], list[str]] = {}
    for table, rows in tables.items():
        checks = [c for c in packaged_checks(table) if row_level(c)]
        frame = rows.to_pandas()  # as it is: a missing or extra column must fail the check
        for check, success, details in runner().run(table, checks, frame, parameters, run_name):
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
    for check in packaged_checks(table):
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
    keep_validations: int = KEEP_VALIDATION_RUNS,
) -> QualityResult:
    """Decide every expectation of the run: the row-level ones from the batches' tallies, the
    cross-batch ones by running them here on what the load found (``checks``); then store the
    run's results in ``<root>/gx``, keeping the last ``keep_validations`` runs', and update Data
    Docs (:func:`quality.docs.store_results`).

    A uniqueness check runs on the rows whose key repeats (all the load hands over): its
    unexpected rows are the run's rows among them, its elements the rows about to be loaded. A
    row-count check is decided on the total, a ``mostly`` check on the total share.
    """
    import numpy as np
    import pandas as pd

    tallies = _without_dropped(batches, checks)
    result = QualityResult()
    for table in UNIQUE_KEYS:
        cross = [c for c in packaged_checks(table) if not row_level(c)]
        unique = [c for c in cross if c.expectation_type != "ExpectTableRowCountToBeBetween"]
        count = [c for c in cross if c.expectation_type == "ExpectTableRowCountToBeBetween"]
        if unique:
            frame = checks.repeated[table].to_pandas()
            for check, success, details in runner().run(table, unique, frame, parameters, run_name):
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
            for check, success, details in runner().run(table, count, frame, parameters, run_name):
                _add(tallies.setdefault(check.qualified_name, ExpectationTally()), check, success, details)
            del frame
    rejects = packaged_checks("rejects")
    for chunk in checks.rejects:
        for check, success, details in runner().run(
            "rejects", rejects, chunk.to_pandas(), parameters, run_name
        ):
            _add(tallies.setdefault(check.qualified_name, ExpectationTally()), check, success, details)
    decided: list[tuple[Check, ExpectationTally]] = []
    for table in LOADED_SUITE_TABLES:  # the derived tables' rows are not written yet
        _decide_all(table, packaged_checks(table), tallies, parameters, decided, result.outcomes)
    store_results(root, decided, result.outcomes, parameters, run_name, keep_validations)
    return result


#: the columns of each derived table no check reads the content of: they reach the suite as
#: ``''`` (null where null), as the long texts do (:data:`quality.batch.LONG_TEXT`), so the
#: column set and not-null checks see them. Lists of structs would reach pandas as an array of
#: dicts per cell: GX accepts them, but nothing reads them, and a full refresh rewrites every
#: speaker's row.
BLANKED_COLUMNS: dict[str, tuple[str, ...]] = {"speakers": ("variants", "roles")}


def derived_check_table(table: str, rows: pa.Table) -> pa.Table:
    """``rows`` of the derived ``table`` as its suite reads them (the columns of
    :func:`~quality.suites.checked_columns`): a :data:`~schemas.validation.ROW_NUMBER` first, the
    :data:`BLANKED_COLUMNS` blanked, the :data:`~schemas.validation.DERIVED_COLUMNS` last."""
    if table != "speakers":
        raise KeyError(table)
    for column in BLANKED_COLUMNS[table]:
        blank = pc.if_else(pc.is_null(rows[column]), pa.scalar(None, pa.string()), "")
        rows = rows.set_column(rows.column_names.index(column), column, blank)
    articles, quotes = rows["articles"], rows["quotes"]
    within = pc.and_(pc.greater_equal(articles, 1), pc.less_equal(articles, quotes))
    rows = rows.append_column("articles_within_quotes", within)
    rows = rows.append_column("name_key_length", pc.utf8_length(rows["name_key"]))
    return rows.add_column(0, ROW_NUMBER, pa.array(range(rows.num_rows), pa.int64()))


def validate_derived(
    root: str | os.PathLike[str],
    table: str,
    rows: pa.Table,
    parameters: Mapping[str, Any],
    run_name: str,
    keep_validations: int = KEEP_VALIDATION_RUNS,
) -> list[ExpectationOutcome]:
    """Run the whole suite of the derived ``table`` (every check, whatever its kind: the rows are
    all the load wrote of it) on ``rows``, the rows the load has just written; store the results
    as the run's ``table`` validation in ``<root>/gx`` and its Data Docs page; return every
    expectation's outcome. No rows (the load touched no speaker): every expectation holds on 0
    rows, as a loaded table's checks do on an empty run."""
    if table not in DERIVED_SUITE_TABLES:
        raise KeyError(f"{table} is not a derived table with a suite ({', '.join(DERIVED_SUITE_TABLES)})")
    checks = packaged_checks(table)
    frame = derived_check_table(table, rows).to_pandas()
    tallies: dict[str, ExpectationTally] = {}
    for check, success, details in runner().run(table, checks, frame, parameters, run_name):
        _add(tallies.setdefault(check.qualified_name, ExpectationTally()), check, success, details)
    del frame
    decided: list[tuple[Check, ExpectationTally]] = []
    outcomes: list[ExpectationOutcome] = []
    _decide_all(table, checks, tallies, parameters, decided, outcomes)
    store_results(root, decided, outcomes, parameters, run_name, keep_validations)
    return outcomes


@dataclass(frozen=True, slots=True)
class SuiteValidator:
    """The suites as the load's :class:`~schemas.validation.Validator`: the batches' tallies
    (merged by the flow), the cross-batch checks, and the warehouse's ``<root>/gx`` for the
    run's results and Data Docs, of which it keeps the last ``keep_validations`` runs.

    ``parameters``: the ``$PARAMETER`` values the batches' row checks ran with (computed once,
    at the run's start). The load decides and stores the run with those same values, merging
    in only the volume band, which needs the warehouse's history: a run that crosses midnight
    UTC must not store a date its row checks did not use. Without them, the load's own
    (:func:`~quality.suites.expectation_parameters` now).
    """

    root: Path
    batches: Mapping[str, ExpectationTally]
    parameters: Mapping[str, Any] | None = None
    keep_validations: int = KEEP_VALIDATION_RUNS

    def validate(self, checks: LoadChecks, *, history: Sequence[int], run_id: str) -> QualityResult:
        return validate(
            self.root, self.batches, checks, self.run_parameters(history), run_id, self.keep_validations
        )

    def validate_derived(self, table: str, rows: pa.Table, *, run_id: str) -> list[ExpectationOutcome]:
        # the row checks' values; the volume band is the articles', not a derived table's
        parameters = {k: v for k, v in self.run_parameters(()).items() if k not in VOLUME_PARAMETERS}
        return validate_derived(self.root, table, rows, parameters, run_id, self.keep_validations)

    def run_parameters(self, history: Sequence[int]) -> dict[str, Any]:
        """The row checks' values with the volume band ``history`` sets."""
        volume = expectation_parameters(list(history))
        if self.parameters is None:
            return volume
        return {**self.parameters, **{k: volume[k] for k in VOLUME_PARAMETERS}}


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


def _decide_all(
    table: str,
    checks: Sequence[Check],
    tallies: Mapping[str, ExpectationTally],
    parameters: Mapping[str, Any],
    decided: list[tuple[Check, ExpectationTally]],
    outcomes: list[ExpectationOutcome],
) -> None:
    """Decide each of ``table``'s ``checks`` on its tally (none: nothing seen), appending the
    check with its tally to ``decided`` and its outcome to ``outcomes``."""
    for check in checks:
        tally = tallies.get(check.qualified_name, ExpectationTally())
        success, observed = _decide(check, tally, parameters)
        decided.append((check, tally))
        outcomes.append(
            ExpectationOutcome(
                table_name=table,
                expectation=check.name,
                severity=check.severity,
                success=success,
                unexpected_count=tally.unexpected,
                observed_value=observed,
            )
        )


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
    """``python -m quality.gx suites [DIR]``: write the suites from :mod:`quality.suites` into
    ``DIR`` (default: the package's, what runs check; ``make suites``)."""
    if not argv or argv[0] != "suites" or len(argv) > 2:
        print("usage: python -m quality.gx suites [DIR]", file=sys.stderr)
        return 2
    directory = Path(argv[1]) if len(argv) == 2 else Path(__file__).resolve().parent / "expectations"
    for path in write_suites(directory):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1:]))
