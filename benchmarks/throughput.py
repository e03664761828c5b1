"""End-to-end throughput of ``news-etl run`` against a plain read-and-write floor.

Usage (from the repository root)::

    python benchmarks/throughput.py [--articles 100000] [--variant "" --variant "--workers 1"]
                                    [--compare-half] [--ephemeral] [--workdir DIR] [--keep]

In one run: builds a corpus of N files (``benchmarks/make_corpus.py``), starts one real Prefect
server for the runs (as in production; ``--ephemeral``: none, every run starts Prefect's
temporary one), then measures

(a) the floor: plain Python reads every file and writes path + text to one Parquet file;
(b) ``news-etl run CORPUS --warehouse W [options]`` as a child process on a fresh warehouse, for
    each ``--variant`` (default: the default options, which parse in one process per CPU): wall
    time, articles/s, peak RSS;
(c) the same command again with nothing changed: wall time and files parsed (must be 0);
(d) per-stage times, from the run's record;

then the typical query on the loaded warehouse (best of 3) and ``extract_quotes`` alone on one
core over a sample of the loaded bodies. Prints each figure beside its target and writes them all
as JSON to ``benchmarks/results/throughput-<N>-<timestamp>.json``.

Every figure of a run (counts, stage seconds, the flow's own duration) is read from the run record
``news-etl run --json`` prints on stdout; no output text or log line is parsed.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_corpus import DEFAULT_CORPORA, CorporaMissing, build_corpus, parse_cluster_versions

REPO_ROOT = Path(__file__).resolve().parents[1]
RESULTS_DIR = REPO_ROOT / "benchmarks" / "results"
NEWS_ETL = Path(sys.executable).with_name("news-etl")
PREFECT = Path(sys.executable).with_name("prefect")
QUERY = (
    "select speaker_resolved, count(*) from quotes join articles using (article_id)"
    " where published_date >= '2022-01-01' and published_date < '2023-01-01'"
    " and speaker_resolved is not null group by 1 order by 2 desc limit 20"
)
QUOTE_SAMPLE = 2_000
#: the stages reported, in order (the record's ``seconds``): those it does not time are null
STAGES = ("discover", "read", "parse", "quotes", "stage", "validate", "load", "publish")
TARGETS = {
    "end_to_end_articles_per_s": ">= 2500",
    "ratio_to_floor": "<= 8",
    "rerun_wall_s": "<= 15",
    "rerun_files_parsed": "== 0",
    "peak_rss_mb": "<= 2048",
    "rss_ratio_full_to_half": "<= 1.25",
    "extract_quotes_articles_per_s": ">= 1000",
    "query_best_s": "<= 1",
}


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
    peak_tree_rss_mb: float | None = None  # largest sum over the child's process tree (sampled)
    flow_s: float | None = None  # the flow's own duration (the record's started_at .. finished_at)
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


def run_cli(corpus: Path, warehouse: Path, options: list[str], env: dict[str, str]) -> RunFigures:
    """``news-etl run CORPUS --warehouse W OPTIONS --json`` as a child process, timed and measured;
    its figures are the run record it prints on stdout."""
    command = [str(NEWS_ETL), "run", str(corpus), "--warehouse", str(warehouse), *options, "--json"]
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


def _env(workdir: Path) -> dict[str, str]:
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


def _verdict(value: float | None, target: str) -> str:
    if value is None:
        return "n/a"
    op, limit = target.split()
    ok = {">=": value >= float(limit), "<=": value <= float(limit), "==": value == float(limit)}[op]
    return "ok" if ok else "MISSED"


def _line(label: str, value: float | None, unit: str, target: str | None) -> str:
    if value is None:
        shown = "n/a"
    elif isinstance(value, int) or abs(value) >= 100:
        shown = f"{value:,.0f}"
    else:
        shown = f"{value:,.2f}"
    tail = f"target {target:<9} {_verdict(value, target)}" if target else ""
    return f"  {label:<44}{shown:>12} {unit:<11}{tail}"


def measure_variant(
    corpus: Path, workdir: Path, name: str, options: list[str], env: dict[str, str]
) -> dict[str, Any]:
    warehouse = workdir / f"warehouse-{name}"
    shutil.rmtree(warehouse, ignore_errors=True)
    full = run_cli(corpus, warehouse, options, env)
    if full.exit_code != 0:
        print(full.output, file=sys.stderr)
        raise SystemExit(f"news-etl run {' '.join(options)} failed with exit code {full.exit_code}")
    print(
        f"  full run: {full.wall_s:.1f} s, {full.articles_per_s} articles/s, peak RSS {full.peak_rss_mb} MB,"
        " stages " + ", ".join(f"{k} {v:.1f}" for k, v in full.stage_s.items() if v is not None),
        flush=True,
    )
    rerun = run_cli(corpus, warehouse, options, env)
    if rerun.exit_code != 0:
        print(rerun.output, file=sys.stderr)
        raise SystemExit(f"the rerun failed with exit code {rerun.exit_code}")
    return {"options": options, "warehouse": str(warehouse), "full": asdict(full), "rerun": asdict(rerun)}


def run_benchmark(args: argparse.Namespace) -> dict[str, Any]:
    n: int = args.articles
    workdir = Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="news-etl-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    env = _env(workdir)
    variants: list[str] = args.variant or [""]
    results: dict[str, Any] = {
        "articles": n,
        "timestamp": dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ"),
        "host": {"cpus": os.cpu_count(), "python": sys.version.split()[0], "platform": sys.platform},
        "workdir": str(workdir),
        "targets": TARGETS,
    }
    try:
        corpus = workdir / f"corpus-{n}"
        shutil.rmtree(corpus, ignore_errors=True)
        clusters = getattr(args, "clusters", None)  # (A, B): stories in A to B versions each
        stats = build_corpus(n, corpus, corpora=args.corpora, seed=args.seed, cluster_versions=clusters)
        results["corpus"] = {
            "files": stats.files,
            "mb": round(stats.bytes / 1e6, 1),
            "bad": stats.bad,
            "build_s": round(stats.seconds, 2),
            "seed": args.seed,
            "cluster_versions": clusters,
        }
        print(f"corpus: {stats.files:,} files, {stats.bytes / 1e6:,.1f} MB, {stats.bad_files:,} bad, "
              f"built in {stats.seconds:.1f} s", flush=True)  # fmt: skip
        results["floor"] = floor(corpus, workdir / "floor.parquet")
        print(f"floor: {results['floor']['wall_s']:.1f} s", flush=True)
        from extract.discover import discover

        started = time.perf_counter()
        discover([str(corpus)])
        results["discover_s"] = round(time.perf_counter() - started, 3)
        results["runs"] = {}
        with contextlib.ExitStack() as stack:
            if args.ephemeral:
                results["prefect"] = {"mode": "ephemeral: every run starts a temporary server"}
            else:
                url, seconds = stack.enter_context(prefect_server(env, workdir))
                env["PREFECT_API_URL"] = url
                results["prefect"] = {"mode": "server", "start_s": round(seconds, 2)}
                print(f"prefect server: answering after {seconds:.1f} s", flush=True)
            _measure_all(args, results, corpus, workdir, variants, env)
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    results["figures"] = headline(results)
    return results


def _measure_all(
    args: argparse.Namespace,
    results: dict[str, Any],
    corpus: Path,
    workdir: Path,
    variants: list[str],
    env: dict[str, str],
) -> None:
    """(b)-(d) for every variant, the query and the extractor, and the N/2 run if asked."""
    n: int = args.articles
    for index, variant in enumerate(variants):
        name = re.sub(r"[^a-z0-9]+", "-", variant.strip("- ").lower()) or "default"
        print(f"news-etl run {variant or '(default options)'} ...", flush=True)
        results["runs"][name] = measure_variant(corpus, workdir, name, shlex.split(variant), env)
        full = results["runs"][name]["full"]
        print(
            f"  {full['wall_s']:.1f} s, rerun {results['runs'][name]['rerun']['wall_s']:.1f} s",
            flush=True,
        )
        if index == 0:
            warehouse = Path(results["runs"][name]["warehouse"])
            results["query"] = time_query(warehouse)
            results["extract_quotes"] = time_quotes(warehouse)
    if args.compare_half:
        half = max(1, n // 2)
        corpus_half = workdir / f"corpus-{half}"
        clusters = getattr(args, "clusters", None)
        build_corpus(half, corpus_half, corpora=args.corpora, seed=args.seed, cluster_versions=clusters)
        first = shlex.split(variants[0])
        print(f"news-etl run at N/2 = {half:,} ...", flush=True)
        results["half"] = {"articles": half, "full": asdict(run_cli(corpus_half, workdir / "warehouse-half",
                                                                     first, env))}  # fmt: skip


def headline(results: dict[str, Any]) -> dict[str, Any]:
    """The figures compared with the targets, per variant."""
    floor_speed = results["floor"]["articles_per_s"]
    figures: dict[str, Any] = {"floor_articles_per_s": floor_speed}
    for name, run in results["runs"].items():
        full, rerun = run["full"], run["rerun"]
        speed = full["articles_per_s"]
        figures[name] = {
            "end_to_end_articles_per_s": speed,
            "flow_articles_per_s": round(full["files_seen"] / full["flow_s"], 1) if full["flow_s"] else None,
            "ratio_to_floor": round(floor_speed / speed, 2) if speed else None,
            "rerun_wall_s": rerun["wall_s"],
            "rerun_files_parsed": rerun["files_parsed"],
            "peak_rss_mb": full["peak_rss_mb"],
            "peak_tree_rss_mb": full["peak_tree_rss_mb"],
        }
    figures["query_best_s"] = results["query"]["best_s"]
    figures["extract_quotes_articles_per_s"] = results["extract_quotes"]["articles_per_s"]
    if "half" in results:
        first = next(iter(results["runs"].values()))["full"]
        half_rss = results["half"]["full"]["peak_rss_mb"]
        figures["rss_ratio_full_to_half"] = round(first["peak_rss_mb"] / half_rss, 3) if half_rss else None
    return figures


def report(results: dict[str, Any]) -> list[str]:
    figures = results["figures"]
    corpus = results["corpus"]
    out = [
        f"news-etl throughput, {results['articles']:,} articles ({corpus['mb']:,} MB, {sum(corpus['bad'].values()):,}"
        f" bad files), {results['host']['cpus']} CPUs, Python {results['host']['python']}",
        "",
        "(a) floor: read every file, write path + text to one Parquet file",
        _line("floor", figures["floor_articles_per_s"], "articles/s", None),
        _line("discover (extract.discover.discover, in-process)", results["discover_s"], "s", None),
        "",
        "Prefect: "
        + (
            f"one `prefect server start` for every run, answering after {results['prefect']['start_s']:.1f} s"
            " (not in the runs' wall times: a production server runs all the time; in ephemeral mode"
            " every run pays about this much more)"
            if results["prefect"]["mode"] == "server"
            else results["prefect"]["mode"]
        ),
    ]
    for name, run in results["runs"].items():
        full, rerun, fig = run["full"], run["rerun"], figures[name]
        options = " ".join(run["options"]) or "(default options)"
        out += [
            "",
            f"(b) news-etl run {options}: {full['files_seen']:,} files seen, {full['articles_loaded']:,} loaded,"
            f" {full['files_rejected']:,} rejected, {full['quotes_loaded']:,} quotes",
            _line("wall (child process)", full["wall_s"], "s", None),
            _line(
                "end-to-end",
                fig["end_to_end_articles_per_s"],
                "articles/s",
                TARGETS["end_to_end_articles_per_s"],
            ),
            _line(
                "flow only (record: started_at..finished_at)", fig["flow_articles_per_s"], "articles/s", None
            ),
            _line("floor / end-to-end", fig["ratio_to_floor"], "x", TARGETS["ratio_to_floor"]),
            _line("peak RSS, largest process", fig["peak_rss_mb"], "MB", TARGETS["peak_rss_mb"]),
            _line("peak RSS, process tree (sampled)", fig["peak_tree_rss_mb"], "MB", None),
            f"(c) rerun, nothing changed: {rerun['files_unchanged']:,} unchanged",
            _line("rerun wall", fig["rerun_wall_s"], "s", TARGETS["rerun_wall_s"]),
            _line("rerun files parsed", fig["rerun_files_parsed"], "files", TARGETS["rerun_files_parsed"]),
            "(d) stages, seconds, from the run record (read/parse/quotes/stage summed over batches)",
        ]
        out += [_line(stage, seconds, "s", None) for stage, seconds in full["stage_s"].items()]
    out += [
        "",
        _line(
            "query: top 20 speakers 2022 (best of 3)", figures["query_best_s"], "s", TARGETS["query_best_s"]
        ),
        _line(
            f"extract_quotes alone, one core ({results['extract_quotes']['articles']:,} bodies)",
            figures["extract_quotes_articles_per_s"],
            "articles/s",
            TARGETS["extract_quotes_articles_per_s"],
        ),
    ]
    if "half" in results:
        half = results["half"]
        out.append(_line(f"peak RSS at N/2 = {half['articles']:,}", half["full"]["peak_rss_mb"], "MB", None))
        out.append(
            _line(
                "peak RSS N / N/2", figures["rss_ratio_full_to_half"], "x", TARGETS["rss_ratio_full_to_half"]
            )
        )
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("--articles", type=int, default=100_000, help="corpus size N (default 100,000)")
    ap.add_argument(
        "--variant",
        action="append",
        help='options passed to `news-etl run`, one run per --variant (default: ""); e.g.'
        ' --variant "" --variant "--workers 1 --batch-files 1000"',
    )
    ap.add_argument(
        "--ephemeral",
        action="store_true",
        help="no Prefect server: every run starts Prefect's temporary one (default: one real server for all)",
    )
    ap.add_argument("--compare-half", action="store_true", help="also run at N/2 and compare peak RSS")
    ap.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA, help=f"default {DEFAULT_CORPORA}")
    ap.add_argument("--seed", type=int, default=0, help="corpus seed (default 0)")
    ap.add_argument(
        "--cluster-versions",
        metavar="A-B",
        help="a corpus of stories in A to B near-identical versions each (make_corpus.py; e.g. 25-50)",
    )
    ap.add_argument("--workdir", help="scratch directory (default: a fresh temporary directory)")
    ap.add_argument("--keep", action="store_true", help="keep the corpus and warehouses in the workdir")
    ap.add_argument("--results-dir", type=Path, default=RESULTS_DIR, help=f"default {RESULTS_DIR}")
    args = ap.parse_args(argv)
    if args.articles < 1:
        ap.error("--articles must be at least 1")
    try:
        args.clusters = parse_cluster_versions(args.cluster_versions) if args.cluster_versions else None
    except ValueError as exc:
        ap.error(str(exc))
    try:
        results = run_benchmark(args)
    except CorporaMissing as exc:
        print(exc.code, file=sys.stderr)
        return 2
    lines = report(results)
    print("\n".join(lines))
    args.results_dir.mkdir(parents=True, exist_ok=True)
    path = args.results_dir / f"throughput-{args.articles}-{results['timestamp']}.json"
    results["report"] = lines
    path.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"\nresults: {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
