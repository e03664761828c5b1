"""How the throughput benchmark runs and measures one ``news-etl run`` (as a child process, from
the run record it prints), the floor, the query and the extractor, the Prefect server the runs
share, and what a daily scrape adds to a corpus. ``throughput.py`` puts them together."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import multiprocessing
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from make_corpus import DAYS, FIRST_DAY, build_corpus

from reporting.summary import STAGE_ORDER

NEWS_ETL = Path(sys.executable).with_name("news-etl")
PREFECT = Path(sys.executable).with_name("prefect")
QUERY = (
    "select speaker_resolved, count(*) from quotes join articles using (article_id)"
    " where published_date >= '2022-01-01' and published_date < '2023-01-01'"
    " and speaker_resolved is not null group by 1 order by 2 desc limit 20"
)
QUOTE_SAMPLE = 2_000
T = TypeVar("T")
#: the stages reported, in order (the record's ``seconds``; the terminal summary's order): those
#: a run does not time are null
STAGES = STAGE_ORDER
#: the single-writer steps, wall seconds in the record (flows.ingest): load, checks, publish
WRITER_STAGES = ("load_warehouse", "check", "publish")
#: the new files of a daily run are dated in the last days of the corpus's range
DAILY_DAYS = 3


@dataclass(slots=True)
class RunFigures:
    """One ``news-etl run`` child process."""

    command: list[str]
    exit_code: int
    wall_s: float
    files_seen: int | None = None
    files_new: int | None = None
    files_changed: int | None = None
    files_unchanged: int | None = None
    files_parsed: int | None = None  # new + changed: what the run had to read and parse
    articles_loaded: int | None = None
    files_rejected: int | None = None
    quotes_loaded: int | None = None
    articles_per_s: float | None = None  # files seen / wall
    peak_rss_mb: float | None = None  # largest single process (wait4 of the child and descendants)
    benchmark_rss_mb: float | None = None  # the benchmark's own RSS when it started the child
    peak_tree_rss_mb: float | None = None  # largest sum over the child's process tree (sampled)
    flow_s: float | None = None  # the flow's own duration (the record's started_at .. finished_at)
    single_writer_s: float | None = None  # load_warehouse + check + publish (the record's seconds)
    reconciles: bool | None = None  # every file seen is loaded, rejected, unchanged or out of window
    stage_s: dict[str, float | None] = field(default_factory=dict)  # the record's seconds per stage
    output: str = ""  # the tail of the child's stderr (its logs, its error)


def _tree_rss(pid: int, stop: threading.Event, peak: list[float]) -> None:
    try:
        import psutil
    except ImportError:  # pragma: no cover
        return
    try:
        root = psutil.Process(pid)
    except psutil.Error:
        return
    while not stop.is_set():
        total = 0
        try:
            for proc in [root, *root.children(recursive=True)]:
                with contextlib.suppress(psutil.Error):
                    total += proc.memory_info().rss
        except psutil.Error:
            break
        peak[0] = max(peak[0], total / 2**20)
        stop.wait(0.25)


def in_child(function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """``function(*args, **kwargs)`` in a fresh interpreter (``spawn``), its result sent back.

    Every step of the benchmark that holds much memory (building a corpus, the floor's table of
    every text, the extractor over 2,000 bodies) runs so, and the benchmark's own process stays
    small: on Linux a child's ``ru_maxrss`` is at least the RSS of the process that started it
    (``exec`` keeps the high-water mark of the copy it replaces), so a benchmark that had read the
    whole corpus into memory made every run's peak RSS read 1.3 GB at 25,000 files as at 100,000.
    """
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return pool.submit(function, *args, **kwargs).result()


def own_rss_mb() -> float:
    """This process's resident memory now (MB): what every child's ``ru_maxrss`` starts from."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def run_cli(corpus: Path, warehouse: Path, options: list[str], env: dict[str, str]) -> RunFigures:
    """``news-etl run CORPUS --warehouse W OPTIONS --json`` as a child process, timed and measured;
    its figures are the run record it prints on stdout."""
    command = [str(NEWS_ETL), "run", str(corpus), "--warehouse", str(warehouse), *options, "--json"]
    parent_rss = own_rss_mb()
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as stdout, tempfile.TemporaryFile("w+") as stderr:
        child = subprocess.Popen(command, stdout=stdout, stderr=stderr, env=env, text=True)
        stop, peak = threading.Event(), [0.0]
        sampler = threading.Thread(target=_tree_rss, args=(child.pid, stop, peak), daemon=True)
        sampler.start()
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        stop.set()
        sampler.join()
        stdout.seek(0)
        stderr.seek(0)
        printed, log = stdout.read(), stderr.read()
    figures = RunFigures(
        command=command, exit_code=child.returncode, wall_s=round(wall, 3), output=log[-20_000:]
    )
    figures.peak_rss_mb = round(usage.ru_maxrss / 1024, 1)  # Linux: KiB
    figures.benchmark_rss_mb = parent_rss  # the floor under peak_rss_mb (in_child's docstring)
    figures.peak_tree_rss_mb = round(peak[0], 1) or None
    if child.returncode == 0:
        record_figures(figures, json.loads(printed), wall)
    return figures


def record_figures(figures: RunFigures, record: dict[str, Any], wall: float) -> None:
    """Fill ``figures`` from a run record as ``news-etl run --json`` prints it."""
    for key in ("files_seen", "files_new", "files_changed", "files_unchanged", "articles_loaded"):
        setattr(figures, key, record[key])
    figures.files_rejected = record["files_rejected"]
    figures.quotes_loaded = record["quotes_loaded"]
    figures.files_parsed = record["files_new"] + record["files_changed"]
    if record["files_seen"]:
        figures.articles_per_s = round(record["files_seen"] / wall, 1)
    seconds: dict[str, float | None] = {stage: None for stage in STAGES}
    seconds.update(record["seconds"])  # every stage named, in order, then any the record adds
    figures.stage_s = seconds
    writer = [seconds[stage] for stage in WRITER_STAGES if seconds.get(stage) is not None]
    figures.single_writer_s = round(sum(writer), 3) if seconds.get("load_warehouse") is not None else None  # type: ignore[arg-type]
    figures.reconciles = bool(record["reconciliation"]["ok"])
    flow = dt.datetime.fromisoformat(record["finished_at"]) - dt.datetime.fromisoformat(record["started_at"])
    figures.flow_s = round(flow.total_seconds(), 3)


def floor(corpus: Path, out: Path) -> dict[str, Any]:
    """The least a pipeline must do: read every file and write path + text to one Parquet file."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    started = time.perf_counter()
    paths: list[str] = []
    texts: list[str] = []
    for folder, _dirs, names in os.walk(corpus):
        for name in names:
            if name.endswith(".txt"):
                path = os.path.join(folder, name)
                with open(path, "rb") as fh:
                    texts.append(fh.read().decode("utf-8", "replace"))
                paths.append(path)
    table = pa.table({"path": pa.array(paths, pa.string()), "text": pa.array(texts, pa.large_string())})
    pq.write_table(table, out)
    wall = time.perf_counter() - started
    return {"files": len(paths), "wall_s": round(wall, 3), "articles_per_s": round(len(paths) / wall, 1)}


def time_discover(corpus: Path) -> float:
    """Seconds to discover the corpus's files (``extract.discover``), in this process."""
    from extract.discover import discover

    started = time.perf_counter()
    discover([str(corpus)])
    return round(time.perf_counter() - started, 3)


def time_query(warehouse: Path, repeat: int = 3) -> dict[str, Any]:
    """The typical query on the loaded warehouse, best of ``repeat`` (read-only connection)."""
    import duckdb

    con = duckdb.connect(str(warehouse / "news.duckdb"), read_only=True)
    try:
        times, rows = [], 0
        for _ in range(repeat):
            started = time.perf_counter()
            rows = len(con.execute(QUERY).fetchall())
            times.append(time.perf_counter() - started)
    finally:
        con.close()
    return {"sql": QUERY, "best_s": round(min(times), 4), "all_s": [round(t, 4) for t in times], "rows": rows}


def time_quotes(warehouse: Path, sample: int = QUOTE_SAMPLE, passes: int = 3) -> dict[str, Any]:
    """``extract_quotes`` alone, on one core, over a sample of the loaded English bodies."""
    import duckdb
    from quotes import articles_per_second  # benchmarks/quotes.py: the same best-of-N timing

    con = duckdb.connect(str(warehouse / "news.duckdb"), read_only=True)
    try:
        bodies = [
            row[0]
            for row in con.execute(
                "select body from articles where language = 'en' order by article_id limit ?", [sample]
            ).fetchall()
        ]
    finally:
        con.close()
    if not bodies:
        return {"articles": 0, "best_s": None, "articles_per_s": None}
    speed = articles_per_second(bodies, passes)
    return {
        "articles": len(bodies),
        "best_s": round(len(bodies) / speed, 3),
        "articles_per_s": round(speed, 1),
    }


def env(workdir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("PREFECT_HOME", str(workdir / "prefect-home"))
    env.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    env.setdefault("GX_ANALYTICS_ENABLED", "False")
    env.setdefault("COLUMNS", "200")
    return env


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def prefect_server(env: dict[str, str], workdir: Path) -> Iterator[tuple[str, float]]:
    """A real ``prefect server start``, as production runs have one: yields its API URL and how
    long it took to answer (what every run pays in Prefect's ephemeral mode instead)."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}/api"
    started = time.perf_counter()
    with (workdir / "prefect-server.log").open("w") as log:
        server = subprocess.Popen(
            [str(PREFECT), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            deadline = time.monotonic() + 180
            while True:
                if server.poll() is not None:
                    raise SystemExit(f"prefect server exited with {server.returncode}: see {log.name}")
                with (
                    contextlib.suppress(OSError),
                    urllib.request.urlopen(url + "/health", timeout=2) as answer,
                ):
                    if answer.status == 200:
                        break
                if time.monotonic() > deadline:
                    raise SystemExit(f"prefect server did not answer within 180 s: see {log.name}")
                time.sleep(0.5)
            yield url, time.perf_counter() - started
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()


def add_daily_files(corpus: Path, files: int, scratch: Path, *, corpora: Path, seed: int) -> int:
    """Add what a daily scrape adds to ``corpus``: ``files`` new stories, dated in the last
    ``DAILY_DAYS`` days of the corpus's range. They are a corpus of their own (``seed + 1``:
    other articles, other replaced words, about 2 % bad files, as ever), given new dates and URLs
    and moved into the tree as ``YYYY/MM/DD/daily-<name>.txt``, beside the files of those days."""
    shutil.rmtree(scratch, ignore_errors=True)
    in_child(build_corpus, files, scratch, corpora=corpora, seed=seed + 1)
    last = FIRST_DAY + dt.timedelta(days=DAYS - 1)
    for index, path in enumerate(sorted(scratch.rglob("*.txt"))):
        day = last - dt.timedelta(days=index % DAILY_DAYS)
        head, newline, rest = path.read_bytes().partition(b"\n")
        if head.startswith(b" date "):  # an empty or binary file has no header
            head = f" date {day.isoformat()} https://daily.example.org/{day:%Y/%m/%d}/story-{index}.html".encode()
        folder = corpus / f"{day:%Y}" / f"{day:%m}" / f"{day:%d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"daily-{path.name}").write_bytes(head + newline + rest)
    shutil.rmtree(scratch)
    return files


def near_duplicates(warehouse: Path) -> dict[str, int]:
    """Articles loaded, and those flagged ``duplicate_of`` an earlier one (read-only)."""
    import duckdb

    con = duckdb.connect(str(warehouse / "news.duckdb"), read_only=True)
    try:
        row = con.execute("SELECT count(*), count(duplicate_of) FROM articles").fetchone()
    finally:
        con.close()
    assert row is not None
    return {"articles_in_warehouse": int(row[0]), "near_duplicates": int(row[1])}
