"""The ``news-etl`` command: run the ingest flow, query the warehouse.

Exit codes: 0 the run completed, 1 it failed, 2 a usage error (bad option, missing SOURCE, a SQL
query that is refused or does not parse).
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import json
import os
import sys
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from reporting.terminal import one_line, visible
from schemas.trends import MAX_TREND_RUNS

if TYPE_CHECKING:
    from load.warehouse import Warehouse

app = typer.Typer(
    help="news-etl: scraped news articles to a DuckDB + Parquet warehouse, run by Prefect.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console()
err = Console(stderr=True, soft_wrap=True)  # a message is one line, whatever the path length


def _print_version(value: bool) -> None:
    """``--version``: the installed distribution's version (pyproject.toml's, through the package
    metadata, so it cannot drift from what pip installed), then exit before any command runs."""
    if value:
        from importlib.metadata import version

        _say(f"news-etl {version('news-etl')}")
        raise typer.Exit()


@app.callback()
def _options(
    show_version: Annotated[
        bool,
        typer.Option("--version", callback=_print_version, is_eager=True, help="Print the version and exit."),
    ] = False,
) -> None:
    """The app-level options; each command has its own."""


def _say_error(label: str, message: object, *, multiline: bool = False) -> None:
    """Print an error: a red label, then the message as plain text.

    Messages carry paths, member names and exception texts that anyone may have written, so they
    never go through rich's markup (``enc[/x].txt`` is a closing tag to it) and their control
    and bidi characters are shown as escapes (:mod:`reporting.terminal`); a message stays on one
    line unless it is ``multiline`` (DuckDB's errors point at the query on a second line).
    """
    text = visible(message) if multiline else one_line(message)
    err.print(Text.assemble((label, "red"), " ", text), highlight=False)


def _say(line: object) -> None:
    """Print one line of output that may hold untrusted text (a path, a headline), as is."""
    out.print(Text(one_line(line)), highlight=False, soft_wrap=True)


def _stdout_is_terminal() -> bool:
    return sys.stdout.isatty()


@contextlib.contextmanager
def _warehouse_errors() -> Iterator[None]:
    """What every command that opens the warehouse says when it cannot: no warehouse there
    (exit 2), another process kept it past the lock timeout, or DuckDB ran out of memory (exit 1)."""
    from load.warehouse import WarehouseBusy, WarehouseMissing
    from schemas.errors import WarehouseOutOfMemory

    try:
        yield
    except WarehouseMissing as exc:
        _say_error("error:", f"{exc}; run `news-etl run` first")
        raise typer.Exit(2) from None
    except (WarehouseBusy, WarehouseOutOfMemory) as exc:
        _say_error("error:", exc)
        raise typer.Exit(1) from None


def _memory_limit(value: str) -> str:
    """``--memory-limit``: a bound DuckDB understands, checked before any work starts."""
    from load.memory import check_memory_limit

    try:
        return check_memory_limit(value)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None


WarehouseOption = Annotated[
    Path, typer.Option("--warehouse", "-w", help="Warehouse directory (created when missing).")
]


LockTimeoutOption = Annotated[
    float,
    typer.Option(
        min=0, help="Seconds to wait while another process (a run, a reader) holds the warehouse's database."
    ),
]


class OutputFormat(StrEnum):
    table = "table"
    csv = "csv"


def _quiet_prefect(verbose: bool) -> None:
    """Prefect and Dask log every task; a user wants the summary. --verbose brings the logs back."""
    if not verbose:
        os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
        os.environ.setdefault("DASK_LOGGING__DISTRIBUTED", "error")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    # a temporary Prefect server takes ~16 s to start on a busy 2-core machine; the default is 20 s
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")


@contextlib.contextmanager
def _stdout_to_stderr() -> Iterator[None]:
    """Everything written to stdout goes to stderr meanwhile, from Python and from the processes
    started meanwhile (Prefect's temporary server, the parsing pool), so that ``run --json``'s
    stdout holds the JSON alone."""
    original = sys.stdout
    original.flush()
    saved = os.dup(1)
    os.dup2(2, 1)
    try:
        with contextlib.redirect_stdout(sys.stderr):
            yield
    finally:
        original.flush()  # what a kept reference wrote meanwhile goes to stderr, not before the JSON
        sys.stderr.flush()
        os.dup2(saved, 1)
        os.close(saved)


@app.command()
def run(
    sources: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Files or directories of raw articles (*.txt, searched recursively). "
            "Default: the bundled sample."
        ),
    ] = None,
    warehouse: WarehouseOption = Path("warehouse"),
    batch_files: Annotated[
        int | None,
        typer.Option(min=1, help="Files per Prefect task (default 2,000: the flow's BATCH_FILES)."),
    ] = None,
    max_file_bytes: Annotated[
        int, typer.Option(min=1, help="Size limit of one article file (bytes); larger ones are rejected.")
    ] = 20 * 1024 * 1024,
    full_refresh: Annotated[
        bool, typer.Option("--full-refresh", help="Read and parse every file again, ignoring the ledger.")
    ] = False,
    since: Annotated[
        dt.datetime | None,
        typer.Option(formats=["%Y-%m-%d"], help="Backfill: only articles published on or after this day."),
    ] = None,
    until: Annotated[
        dt.datetime | None,
        typer.Option(formats=["%Y-%m-%d"], help="Backfill: only articles published on or before this day."),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(min=1, help="Processes that parse the batches (default: one per CPU; 1: this process)."),
    ] = None,
    dask_address: Annotated[
        str | None, typer.Option(help="Parse on an existing Dask cluster (tcp://HOST:PORT).")
    ] = None,
    parse_timeout: Annotated[
        float,
        typer.Option(
            min=0.1, help="Seconds one file may take to parse; a slower one is rejected (parse_timeout)."
        ),
    ] = 5.0,
    memory_limit: Annotated[
        str,
        typer.Option(
            callback=_memory_limit,
            help="DuckDB's memory for the load (e.g. 512MB, 2GB, 50%); beyond it DuckDB spills to "
            "WAREHOUSE/_spill, at most 20 GiB or half the free disk.",
        ),
    ] = "512MB",
    lock_timeout: Annotated[
        float,
        typer.Option(min=0, help="Seconds to wait while another process holds the warehouse's database."),
    ] = 300.0,
    keep_validations: Annotated[
        int,
        typer.Option(
            min=1,
            help="Runs whose Great Expectations validation results and Data Docs pages the "
            "warehouse keeps; older ones are pruned (the flow's KEEP_VALIDATION_RUNS).",
        ),
    ] = 30,
    batch_timeout: Annotated[
        float,
        typer.Option(
            min=0.1, help="Seconds one batch task may run before it fails the run (default: an hour)."
        ),
    ] = 3_600.0,
    load_timeout: Annotated[
        float,
        typer.Option(
            min=0.1,
            help="Seconds each of the load, the invariant check and publishing may run (default: 2 h).",
        ),
    ] = 7_200.0,
    flow_timeout: Annotated[
        float, typer.Option(min=0.1, help="Seconds the whole run may take (default: 6 h).")
    ] = 21_600.0,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show Prefect's logs.")] = False,
    as_json: Annotated[
        bool,
        typer.Option(
            "--json",
            help="Print the run's record as one JSON object on stdout, for machines (the counts, the "
            "rejects by reason, the seconds per stage, the checks, the reconciliation); logs and "
            "progress go to stderr. Exit code as without it.",
        ),
    ] = False,
) -> None:
    """Parse raw article files and load them into the warehouse.

    Files already loaded and unchanged since are skipped; --full-refresh reads everything again.
    With --json, stdout holds only the run's record as JSON (see the README, "Machine-readable run
    record").
    """
    if since and until and since > until:
        _say_error("error:", "--since is after --until")
        raise typer.Exit(2)
    for source in sources or []:
        if not source.exists():
            _say_error("error:", f"SOURCE {source} does not exist")
            raise typer.Exit(2)
    if workers and dask_address:
        _say_error("error:", "give --workers or --dask-address, not both")
        raise typer.Exit(2)
    _quiet_prefect(verbose)
    from flows.ingest import FLOW_TIMEOUT_SECONDS, ingest
    from flows.runners import api_for_workers, dask_task_runner
    from load.warehouse import WarehouseBusy
    from reporting.summary import summary_lines

    runner = dask_task_runner(dask_address) if dask_address else None
    options: dict[str, Any] = {"task_runner": runner} if runner is not None else {}
    if flow_timeout != FLOW_TIMEOUT_SECONDS:  # Prefect fixes a flow's timeout when it is decorated
        options["timeout_seconds"] = flow_timeout
    flow = ingest.with_options(**options) if options else ingest
    try:
        # stdout is redirected first, so that the temporary server api_for_workers may start writes
        # nothing into --json's output either
        with _stdout_to_stderr() if as_json else contextlib.nullcontext(), api_for_workers():
            record = flow(
                sources=[str(s) for s in sources] if sources else None,
                warehouse=str(warehouse),
                **({"batch_files": batch_files} if batch_files is not None else {}),
                max_file_bytes=max_file_bytes,
                full_refresh=full_refresh,
                since=since.date() if since else None,
                until=until.date() if until else None,
                show_progress=not as_json,
                workers=1 if runner is not None else workers,
                parse_timeout=parse_timeout,
                memory_limit=memory_limit,
                lock_timeout=lock_timeout,
                keep_validations=keep_validations,
                batch_timeout=batch_timeout,
                load_timeout=load_timeout,
            )
    except WarehouseBusy as exc:
        _say_error("error:", exc)
        raise typer.Exit(1) from None
    except Exception as exc:  # the flow failed: say what and where, exit 1
        _say_error("run failed:", f"{type(exc).__name__}: {exc}")
        raise typer.Exit(1) from None
    if as_json:
        sys.stdout.write(json.dumps(record.to_json(), ensure_ascii=True) + "\n")
        sys.stdout.flush()
    else:
        for line in summary_lines(record):
            _say(line)
    if record.status != "completed":
        raise typer.Exit(1)


@app.command()
def sql(
    query: Annotated[str, typer.Argument(help='SQL to run, e.g. "select count(*) from articles".')],
    warehouse: WarehouseOption = Path("warehouse"),
    max_rows: Annotated[int, typer.Option(min=1, help="Rows to print at most (table format).")] = 100,
    output: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="table or csv.")
    ] = OutputFormat.table,
    lock_timeout: LockTimeoutOption = 300.0,
) -> None:
    """Run a read-only SQL query on the warehouse and print the result.

    Only reads run (SELECT, WITH, EXPLAIN, DESCRIBE, SHOW, SUMMARIZE), and the only files a
    query can open are the warehouse's Parquet mirror (read_parquet('WAREHOUSE/parquet/...')).
    Anything else (COPY, INSTALL, ATTACH, SET, DDL, other files) is refused: exit 2.
    """
    import duckdb

    from load.sql_sandbox import SqlRefused, read_query
    from load.warehouse import Warehouse

    try:
        with _warehouse_errors():
            result = read_query(
                Warehouse(warehouse, lock_timeout_seconds=lock_timeout),
                query,
                None if output is OutputFormat.csv else max_rows,
            )
    except SqlRefused as exc:
        _say_error("refused:", exc)
        raise typer.Exit(2) from None
    except duckdb.PermissionException as exc:
        _say_error(
            "refused:",
            f"{exc}\n(news-etl sql reads no file but the warehouse's {Warehouse(warehouse).parquet_dir}/)",
            multiline=True,
        )
        raise typer.Exit(2) from None
    except duckdb.IOException as exc:
        _say_error("error:", f"cannot open the warehouse ({exc}); is a run writing to it?")
        raise typer.Exit(1) from None
    except duckdb.Error as exc:
        _say_error("SQL error:", exc, multiline=True)
        raise typer.Exit(2) from None
    if output is OutputFormat.csv:
        # exact values for a file or a pipe; a terminal sees control characters as escapes
        shown = visible if _stdout_is_terminal() else str
        writer = csv.writer(sys.stdout)
        writer.writerow([shown(c) for c in result.columns])
        writer.writerows([shown(v) if isinstance(v, str) else v for v in row] for row in result.rows)
        return
    table = Table(show_lines=False)
    for column in result.columns:
        table.add_column(Text(visible(column)))
    for row in result.rows[:max_rows]:
        table.add_row(*(Text("NULL" if v is None else visible(v)) for v in row))
    out.print(table)
    if len(result.rows) > max_rows:
        out.print("(more rows not shown: use --max-rows or --format csv)", markup=False)


@app.command()
def check(warehouse: WarehouseOption = Path("warehouse"), lock_timeout: LockTimeoutOption = 300.0) -> None:
    """Check the warehouse's invariants; exit 1 and say what is wrong when one fails."""
    from load.warehouse import Warehouse
    from quality.invariants import check_warehouse

    store = Warehouse(warehouse, lock_timeout_seconds=lock_timeout)
    with _warehouse_errors(), contextlib.closing(store.connect(read_only=True)) as con:
        problems = check_warehouse(con, store.parquet_dir)  # the connection is closed before printing
    if problems:
        for problem in problems:
            _say_error("FAIL", problem)
        raise typer.Exit(1)
    _say(f"ok: {store.root} passes every invariant (ledger, orphans, offsets, Parquet mirror)")


@app.command()
def report(
    warehouse: WarehouseOption = Path("warehouse"),
    run_id: Annotated[
        str | None, typer.Option("--run", help="The run to show (default: the latest).")
    ] = None,
    last: Annotated[
        int | None,
        typer.Option(
            min=1,
            max=MAX_TREND_RUNS,
            help="Show the last N runs instead, one row each (articles, rejects by reason, rows "
            "quarantined, failing checks), and the volume band the next run is checked against.",
        ),
    ] = None,
    lock_timeout: LockTimeoutOption = 300.0,
) -> None:
    """Print the path of a run's data-quality report and its headline numbers (or, with --last N,
    the last N runs as a table)."""
    from flows.runs import recorded_run, report_path
    from load.warehouse import Warehouse
    from reporting.html import headline

    store = Warehouse(warehouse, lock_timeout_seconds=lock_timeout)
    if last is not None:
        if run_id is not None:
            _say_error("error:", "give --run or --last, not both")
            raise typer.Exit(2)
        _print_trend(store, last)
        return
    with _warehouse_errors():
        data = recorded_run(store, run_id)  # reads the run, closes the connection, then prints
    if data is None:
        _say_error("error:", f"no run {run_id!r} in {store.root}" if run_id else "no run yet")
        raise typer.Exit(2)
    _say(f"report: {report_path(store, data.run_id)}")
    for line in headline(data):
        _say(line)


def _print_trend(store: Warehouse, last: int) -> None:
    """``report --last N``: the rows of the report's "Last N runs" section, newest first, as a
    table of plain text cells (run ids, reasons and check names are data, never markup)."""
    from flows.trends import runs_trend
    from reporting.trends import TREND_COLUMNS, band_text, summary_text, trend_rows

    with _warehouse_errors():
        trend = runs_trend(store, last)  # reads, closes the connection, then prints
    if not trend.runs:
        _say_error("error:", f"no run yet in {store.root}")
        raise typer.Exit(2)
    table = Table(title=Text(f"last {len(trend.runs):,} runs (of {last:,} asked)"), show_lines=False)
    for column in TREND_COLUMNS:
        numeric = column in ("articles", "quarantined")
        table.add_column(Text(column), justify="right" if numeric else "left", overflow="fold")
    for row in trend_rows(trend):
        style = "" if row[2] == "completed" else "red"
        table.add_row(*(Text(one_line(cell), style=style if i == 2 else "") for i, cell in enumerate(row)))
    out.print(table)
    _say(summary_text(trend))
    _say(band_text(trend.band))


@app.command()
def prune(
    sources: Annotated[
        list[Path], typer.Argument(help="The SOURCEs the warehouse was loaded from (files or directories).")
    ],
    warehouse: WarehouseOption = Path("warehouse"),
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="List what would be removed; change nothing.")
    ] = False,
    lock_timeout: LockTimeoutOption = 300.0,
) -> None:
    """Remove the articles whose files are gone from the SOURCEs, or stale.

    A run never deletes what it could not read again: a loaded file that is re-read and rejected
    (too large, unreadable, corrupt, empty, no body, too slow to parse...) keeps its rows, and
    the ledger marks it stale. This command is the one way to remove such rows, and the rows of
    files deleted from their SOURCE. Only files under the given SOURCEs are considered (an
    archive's members under the archive); other roots are never touched. Each article goes with
    its paragraphs, quotes and ledger row; the Parquet mirror is rewritten in the same step. The
    speakers rows the removal recomputes are checked by the speakers suite, as a load's are: a
    critical failure rolls the prune back (exit 1). --dry-run lists them and changes nothing.
    """
    from extract.presence import present_sources
    from load.warehouse import Warehouse, WarehouseMissing
    from quality.gx import SuiteValidator
    from schemas.errors import PruneQualityFailure

    for source in sources:
        if not os.path.exists(source):  # a dangling link to a root counts as missing
            _say_error("error:", f"SOURCE {source} does not exist (nothing is pruned for a missing root)")
            raise typer.Exit(2)
    store = Warehouse(warehouse, lock_timeout_seconds=lock_timeout)
    with _warehouse_errors():
        if not store.exists():
            raise WarehouseMissing(f"no warehouse at {store.root} (expected {store.db_path})")
        try:
            result = store.prune(
                present_sources([str(s) for s in sources]),
                dry_run=dry_run,
                validator=SuiteValidator(store.root, {}),
            )
        except PruneQualityFailure as exc:
            _say_error("error:", exc)
            raise typer.Exit(1) from None
    verb = "would remove" if dry_run else "removed"
    for uri, article_id, why in result.removed:
        _say(f"{verb} {article_id}  {uri}  ({why})")
    _say(f"{verb} {len(result.removed):,} articles" + ("" if dry_run else f" from {store.root}"))


def main() -> None:
    """``python -m news_etl``: the same command under the same name as the ``news-etl`` script
    (click would otherwise call it ``__main__.py`` in usage lines and errors)."""
    app(prog_name="news-etl")


if __name__ == "__main__":  # pragma: no cover
    main()
