"""The warehouse's Great Expectations project, ``<root>/gx``: the run's stored results, their
Data Docs, and how many runs they keep.

* **What ``<root>/gx`` holds**: the validation results store (``uncommitted/validations``) and
  Data Docs (``uncommitted/data_docs/local_site``), plus a copy of the packaged suites in
  ``expectations/``, there only because Data Docs render a suite's page from the context's suite
  store. The copy is written from the package when it differs, and read here as plain JSON,
  so a damaged copy is replaced rather than failing every run; a copy edited since it was
  written gets a warning naming the file and where the suites are edited, one the package
  changed under (``make suites``, an upgrade) is replaced quietly (:func:`sync_suite_copies`).
  It is never what a run checks. It holds no validation definition, checkpoint or data source:
  those run in each process's ephemeral context (:mod:`quality.gx`), on a dataframe only that
  process has; a stored one could not be run from here, so it would only mislead.
* **Data Docs grow by one run, not by the whole history**: a run writes its own validation
  pages and the index (and a suite's page when the suite changed), as GX's
  ``UpdateDataDocsAction`` does: ``build_data_docs(resource_identifiers=...)``, once for the
  run's four results of the rows it loads, so the index is rendered once, and once more for the
  ``speakers`` result, decided later in the load, on the rows it derived from them
  (:func:`quality.gx.validate_derived`).
* **One ``RunIdentifier`` per run** (:func:`run_identifier`): the run's name and its start,
  both from the run id, in every batch and at the load, so a retried load overwrites its results.
* **Retention**: the results of the last ``keep_validations`` runs (by run name) stay (default
  :data:`KEEP_VALIDATION_RUNS`); older ones are removed from the store, and the index, rebuilt
  from the store, drops their pages (GX deletes a page whose result is gone).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import logging
import os
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from quality.suites import SUITE_TABLES, SUITES_DIR, Check, packaged_suite
from schemas import ExpectationOutcome
from schemas.validation import ExpectationTally

if TYPE_CHECKING:  # pragma: no cover
    from great_expectations.core.run_identifier import RunIdentifier
    from great_expectations.data_context import FileDataContext
    from great_expectations.data_context.types.resource_identifiers import (
        ExpectationSuiteIdentifier,
        ValidationResultIdentifier,
    )

logger = logging.getLogger(__name__)

#: runs whose validation results (and Data Docs pages) the warehouse keeps
KEEP_VALIDATION_RUNS = 30
DATASOURCE_NAME = "news_etl"
#: what earlier versions stored in ``<root>/gx`` and no run reads: removed, so nobody runs them
LEGACY_CHECKPOINT = "news_etl_run"
#: the run time of a run whose id holds no start time (:func:`run_identifier`)
UNDATED_RUN_TIME = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
#: in ``<root>/gx``: the sha256 of each suite copy as last written, by table (not in
#: ``expectations/``: GX's suite store would list a ``.json`` there as a suite)
WRITTEN_DIGESTS = "expectations.sha256.json"


def data_docs_index(root: str | os.PathLike[str]) -> Path:
    return Path(root) / "gx" / "uncommitted" / "data_docs" / "local_site" / "index.html"


def data_docs_run_name(run_id: str) -> str:
    """The name a run's validations have in Data Docs.

    Not the bare run id: Data Docs parse a run name as a date when they can, and ours
    (``20260101T000000Z-1234``) parses as one with a time zone 1,234 hours away, whose
    comparison raises and leaves the run's validation pages unrendered.
    """
    return f"run-{run_id}"


def run_identifier(run_id: str) -> RunIdentifier:
    """The one ``RunIdentifier`` a run's validations have, wherever and however often they run.

    Its time is the run's start, read from the run id (``20260101T000000Z-1a2b``: 2026-01-01
    00:00:00 UTC), which every batch task and the load have, in any process: a load that is
    retried stores its results again under the same keys instead of adding a run, which
    retention would count as one more, and Data Docs would list twice. A run id that is not
    one :func:`flows.ingest.new_run_id` makes gets :data:`UNDATED_RUN_TIME` (such runs are
    kept in the order of their names).
    """
    from great_expectations.core.run_identifier import RunIdentifier

    return RunIdentifier(run_name=data_docs_run_name(run_id), run_time=_start(run_id) or UNDATED_RUN_TIME)


def _start(run_id: str) -> dt.datetime | None:
    """When the run ``run_id`` started, if its id says (``20260101T000000Z-1a2b``)."""
    try:
        return dt.datetime.strptime(run_id[:16], "%Y%m%dT%H%M%SZ").replace(tzinfo=dt.UTC)
    except ValueError:
        return None


def quiet_great_expectations() -> None:
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")


def warehouse_context(
    root: str | os.PathLike[str],
) -> tuple[FileDataContext, list[ExpectationSuiteIdentifier]]:
    """The file context in ``<root>/gx`` with the packaged suites in its suite store, and the
    suites whose stored copy this call replaced (their Data Docs pages are stale)."""
    quiet_great_expectations()
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig
    from great_expectations.data_context.types.resource_identifiers import ExpectationSuiteIdentifier

    context = gx.get_context(mode="file", project_root_dir=str(root))
    bars = context.variables.progress_bars
    shown = bars.get("globally", True) if isinstance(bars, dict) else getattr(bars, "globally", True)
    if shown:  # GX draws a progress bar per expectation; a scheduled ETL log does not want them
        context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
        context.variables.save()
    _remove_legacy_definitions(context, Path(root) / "gx")
    replaced = [ExpectationSuiteIdentifier(name=t) for t in sync_suite_copies(Path(root) / "gx")]
    site = data_docs_index(root).parent / "expectations"
    replaced += [  # a suite unchanged whose page is missing (a new site, a deleted page)
        ExpectationSuiteIdentifier(name=t)
        for t in SUITE_TABLES
        if not (site / f"{t}.html").exists() and ExpectationSuiteIdentifier(name=t) not in replaced
    ]
    return context, replaced


def sync_suite_copies(project: Path) -> list[str]:
    """Make ``<project>/expectations/<table>.json`` the packaged suites; the tables whose copy
    was written.

    The copies are read and compared here, as JSON, never through GX's suite store: a copy GX
    cannot load (cut short by a full disk, an expectation type this GX does not know) would
    otherwise fail every later run before it could be replaced. Each copy is written whole
    (a temporary file renamed over it), and :data:`WRITTEN_DIGESTS` records the digest of what
    was written, so a copy that differs from the package is told apart: one nobody touched
    since it was written (the package changed: ``make suites``, an upgrade) is replaced
    quietly; one edited since is replaced with a warning naming the file; one with no digest
    on record (written by a version before the record) is replaced with a note, since nobody
    can tell whether it was edited.
    """
    folder = project / "expectations"
    record = project / WRITTEN_DIGESTS
    written = _read_digests(record)
    before = dict(written)
    replaced = []
    for table in SUITE_TABLES:
        path = folder / f"{table}.json"
        packaged = packaged_suite(table)
        try:
            current: bytes | None = path.read_bytes()
        except FileNotFoundError:
            current = None
        except OSError as exc:  # unreadable: replaced, as a damaged copy is
            current = b""
            logger.warning("%s cannot be read (%s) and is replaced by the packaged suite", path, exc)
        if current is not None:
            digest = _sha256(current)
            same = _same_suite(current, packaged)
            if same:
                written[table] = digest  # an edit from now on is told apart
                continue
            if digest == written.get(table):
                logger.info("%s is replaced by the changed packaged suite", path)
            elif same is None:
                logger.warning(
                    "%s is not a readable suite and is replaced by the packaged suite %s",
                    path,
                    SUITES_DIR / f"{table}.json",
                )
            elif table not in written:
                logger.info("%s, written by an earlier version, is replaced by the packaged suite", path)
            else:
                logger.warning(
                    "%s was edited and differs from the packaged suite %s, by which it is replaced: "
                    "runs check the packaged suites (edit quality/suites.py and run `make suites`)",
                    path,
                    SUITES_DIR / f"{table}.json",
                )
        text = (json.dumps(packaged, indent=2, ensure_ascii=False) + "\n").encode()
        _write_atomically(path, text)
        written[table] = _sha256(text)
        replaced.append(table)
    if written != before:
        _write_atomically(record, (json.dumps(written, indent=2, sort_keys=True) + "\n").encode())
    return replaced


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _read_digests(record: Path) -> dict[str, str]:
    """The digests :func:`sync_suite_copies` last wrote; none when missing or damaged (each
    copy is then judged as one written by an earlier version)."""
    try:
        loaded = json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(loaded, dict):
        return {}
    return {str(k): v for k, v in loaded.items() if isinstance(v, str)}


def _same_suite(copy: bytes, packaged: Mapping[str, Any]) -> bool | None:
    """Whether a stored copy is the packaged suite (ids and GX's version stamp aside); None when
    it is not a suite's JSON at all."""
    try:
        suite = json.loads(copy.decode("utf-8"))
        if not isinstance(suite, dict) or not isinstance(suite.get("expectations"), list):
            return None
        if not all(isinstance(e, dict) for e in suite["expectations"]):
            return None
        return bool(_comparable(suite) == _comparable(packaged))
    except (ValueError, TypeError, AttributeError):
        return None


def _write_atomically(path: Path, data: bytes) -> None:
    """Write ``path`` whole or not at all: a crash leaves the old file or the new one, never
    half of one. The temporary file does not end in ``.json``, so GX's stores never list it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _remove_legacy_definitions(context: FileDataContext, project: Path) -> None:
    """Delete the checkpoint, validation definitions and data source earlier versions stored
    and never ran."""
    if (project / "checkpoints" / f"{LEGACY_CHECKPOINT}.json").exists():
        context.checkpoints.delete(LEGACY_CHECKPOINT)
    for table in SUITE_TABLES:
        if (project / "validation_definitions" / f"{table}.json").exists():
            context.validation_definitions.delete(table)
    if DATASOURCE_NAME in context.data_sources.all():
        context.data_sources.delete(DATASOURCE_NAME)
        if not context.data_sources.all():
            _drop_empty_datasources(project / "great_expectations.yml")


def _drop_empty_datasources(config: Path) -> None:
    """Remove the ``fluent_datasources`` block from ``config``: GX 1.24 rewrites the file on
    deleting a data source, but writes the block only when some data source is left, so
    deleting the last one leaves it in the file (and it comes back with the next context)."""
    lines = config.read_text(encoding="utf-8").splitlines(keepends=True)
    kept, inside = [], False
    for line in lines:
        if line.startswith("fluent_datasources:"):
            inside = True
            continue
        if inside and line.strip() and not line[0].isspace():  # the next top-level key
            inside = False
        if not inside:
            kept.append(line)
    if len(kept) != len(lines):
        _write_atomically(config, "".join(kept).encode("utf-8"))


def _without_ids(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_ids(v) for k, v in value.items() if k != "id"}
    if isinstance(value, list):
        return [_without_ids(v) for v in value]
    return value


def _comparable(suite: Mapping[str, Any]) -> Any:
    """A suite as JSON, without ids and GX's version stamp (which a store adds)."""
    out = _without_ids(json.loads(json.dumps(dict(suite), default=str)))
    out["meta"] = {k: v for k, v in (out.get("meta") or {}).items() if k != "great_expectations_version"}
    out["expectations"] = [{k: v for k, v in e.items() if v is not None} for e in out["expectations"]]
    return {k: v for k, v in out.items() if v is not None}


def store_results(
    root: str | os.PathLike[str],
    decided: Sequence[tuple[Check, ExpectationTally]],
    outcomes: Sequence[ExpectationOutcome],
    parameters: Mapping[str, Any],
    run_name: str,
    keep_validations: int = KEEP_VALIDATION_RUNS,
) -> list[ValidationResultIdentifier]:
    """Write the run's results, one validation per table of ``decided``, to the validation store of the file
    context in ``<root>/gx``, drop the runs past ``keep_validations``, and update Data Docs with
    this run's pages and the index. The results hold counts, never a value
    (:data:`quality.gx.RESULT_FORMAT`). Returns the run's result keys."""
    from great_expectations.core import ExpectationSuiteValidationResult, ExpectationValidationResult
    from great_expectations.data_context.types.resource_identifiers import (
        ExpectationSuiteIdentifier,
        ValidationResultIdentifier,
    )

    if keep_validations < 1:
        raise ValueError(f"keep_validations must be 1 or more, not {keep_validations}")
    context, replaced = warehouse_context(root)
    run_id = run_identifier(run_name)
    keys: list[ValidationResultIdentifier] = []
    for table in [t for t in SUITE_TABLES if any(check.table == t for check, _ in decided)]:
        configs = {str(e["meta"]["name"]): e for e in packaged_suite(table)["expectations"]}
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
                    success=outcome.success,
                    expectation_config=_configuration(configs[check.qualified_name]),
                    result=details,
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
        keys.append(key)
    pruned = prune_validations(context, keep_validations)
    # UpdateDataDocsAction's build, for the run's results at once: their pages and one index
    context.build_data_docs(resource_identifiers=[*keys, *replaced])  # type: ignore[arg-type]
    if pruned:  # GX removes the files, and leaves a pruned run's folders behind
        for tree in (
            Path(root) / "gx" / "uncommitted" / "validations",
            data_docs_index(root).parent / "validations",
        ):
            _remove_empty_folders(tree)
    return keys


def _remove_empty_folders(tree: Path) -> None:
    for folder in sorted(
        (p for p in tree.rglob("*") if p.is_dir()), key=lambda p: len(p.parts), reverse=True
    ):
        if not any(folder.iterdir()):
            folder.rmdir()


def _configuration(expectation: Mapping[str, Any]) -> Any:
    from great_expectations.expectations.expectation_configuration import ExpectationConfiguration

    return ExpectationConfiguration(**json.loads(json.dumps(dict(expectation))))


def stored_runs(context: FileDataContext) -> dict[str, list[ValidationResultIdentifier]]:
    """The validation store's result keys by run name, oldest run first.

    By name, not by ``RunIdentifier``: a warehouse written before a run had one fixed
    identifier (:func:`run_identifier`) may hold a retried run's results twice, under two run
    times, and that is still one run.
    """
    runs: dict[str, list[Any]] = {}
    for key in context.validation_results_store.list_keys():
        runs.setdefault(key.run_id.run_name or "", []).append(key)  # type: ignore[attr-defined]

    def started(item: tuple[str, list[Any]]) -> tuple[dt.datetime, str]:
        # the start in the name first: earlier versions stored the time the results were stored
        start = _start(item[0].removeprefix(data_docs_run_name("")))
        return start or min(_utc(k.run_id.run_time) for k in item[1]), item[0]

    return dict(sorted(runs.items(), key=started))


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def prune_validations(context: FileDataContext, keep_validations: int) -> list[ValidationResultIdentifier]:
    """Remove the results of every run but the last ``keep_validations`` from the store, and of
    a kept run stored more than once (retried before its identifier was fixed) all but the
    latest (their Data Docs pages go when the index is next built); the keys removed."""
    runs = list(stored_runs(context).values())
    cut = max(0, len(runs) - keep_validations)
    removed = [key for keys in runs[:cut] for key in keys]
    for keys in runs[cut:]:
        latest = max(_utc(k.run_id.run_time) for k in keys)
        removed += [k for k in keys if _utc(k.run_id.run_time) != latest]
    for key in removed:
        context.validation_results_store.remove_key(key)
    return removed
