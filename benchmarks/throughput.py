"""End-to-end throughput of ``news-etl run`` against a plain read-and-write floor, and every
target of issue 15 (performance at archive scale) in one invocation.

Usage (from the repository root)::

    python benchmarks/throughput.py [--articles 100000] [--compare 50000,200000]
                                    [--cluster-versions 25-50] [--daily 1000] [--daily-base 25000]
                                    [--variant "" --variant "--workers 1"] [--ephemeral] [--keep]

In one run: builds a corpus of N files (``benchmarks/make_corpus.py``), starts one real Prefect
server for the runs (as in production; ``--ephemeral``: none, every run starts Prefect's
temporary one), then measures

(a) the floor: plain Python reads every file and writes path + text to one Parquet file;
(b) ``news-etl run CORPUS --warehouse W [options]`` as a child process on a fresh warehouse, for
    each ``--variant`` (default: the default options, which parse in one process per CPU): wall
    time, articles/s, peak RSS, and the single-writer part (load, checks, publish) from the
    run's own record;
(c) the same command again with nothing changed: wall time and files parsed (must be 0);
(d) per-stage times, from the run's record;
(e) with ``--compare``: fresh runs at other sizes, for the growth of peak RSS with N;
(f) with ``--cluster-versions``: a fresh run on a corpus of near-identical story versions;
(g) the daily run: ``--daily`` new files added to the corpus tree, the whole tree run into the
    existing warehouse, at N and at ``--daily-base``, with its ``speakers`` update (issue 18);

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
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_runs import (
    RunFigures,
    add_daily_files,
    floor,
    in_child,
    near_duplicates,
    prefect_server,
    record_figures,
    run_cli,
    time_discover,
    time_query,
    time_quotes,
)
from bench_runs import env as _env
from make_corpus import DEFAULT_CORPORA, CorporaMissing, build_corpus, parse_cluster_versions

REPO_ROOT = Path(__file__).resolve().parents[1]
RESULTS_DIR = REPO_ROOT / "benchmarks" / "results"
#: the targets of issue 15 (the daily run's at N; its growth from --daily-base to N), and issue 18's
#: speakers update in the daily run at N
TARGETS = {
    "end_to_end_articles_per_s": ">= 1500",
    "ratio_to_floor": "<= 10",
    "single_writer_s": "<= 20",
    "peak_rss_mb": "<= 1024",
    "rss_ratio": "<= 1.15",
    "rerun_wall_s": "<= 8",
    "rerun_files_parsed": "== 0",
    "daily_wall_s": "<= 10",
    "daily_growth": "<= 1.3",
    "daily_speakers_s": "<= 2",  # issue 18: the speakers update of the daily run at N
    "extract_quotes_articles_per_s": ">= 2000",
    "query_best_s": "<= 1",
    "clustered_loaded_completely": "== 1",
}
__all__ = ["RunFigures", "main", "record_figures"]


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
    return f"  {label:<50}{shown:>12} {unit:<11}{tail}"


def _fresh_run(
    corpus: Path, warehouse: Path, options: list[str], env: dict[str, str], what: str
) -> RunFigures:
    """``news-etl run`` on a fresh warehouse; a failed run ends the benchmark."""
    shutil.rmtree(warehouse, ignore_errors=True)
    return _checked(run_cli(corpus, warehouse, options, env), what)


def _checked(run: RunFigures, what: str) -> RunFigures:
    if run.exit_code != 0:
        print(run.output, file=sys.stderr)
        raise SystemExit(f"{what} failed with exit code {run.exit_code}")
    return run


def measure_variant(
    corpus: Path, workdir: Path, name: str, options: list[str], env: dict[str, str]
) -> dict[str, Any]:
    warehouse = workdir / f"warehouse-{name}"
    full = _fresh_run(corpus, warehouse, options, env, f"news-etl run {' '.join(options)}")
    print(
        f"  full run: {full.wall_s:.1f} s, {full.articles_per_s} articles/s, peak RSS {full.peak_rss_mb} MB"
        f" (the benchmark's own: {full.benchmark_rss_mb} MB), stages "
        + ", ".join(f"{k} {v:.1f}" for k, v in full.stage_s.items() if v is not None),
        flush=True,
    )
    rerun = _checked(run_cli(corpus, warehouse, options, env), "the rerun")
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
        stats = in_child(build_corpus, n, corpus, corpora=args.corpora, seed=args.seed)
        results["corpus"] = {
            "files": stats.files,
            "mb": round(stats.bytes / 1e6, 1),
            "bad": stats.bad,
            "build_s": round(stats.seconds, 2),
            "seed": args.seed,
        }
        print(f"corpus: {stats.files:,} files, {stats.bytes / 1e6:,.1f} MB, {stats.bad_files:,} bad, "
              f"built in {stats.seconds:.1f} s", flush=True)  # fmt: skip
        results["floor"] = in_child(floor, corpus, workdir / "floor.parquet")
        print(f"floor: {results['floor']['wall_s']:.1f} s", flush=True)
        results["discover_s"] = in_child(time_discover, corpus)
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
    """(b)-(g): every variant at N, the query and the extractor, the other sizes, the clustered
    corpus, and last the daily runs (they add files to the corpora)."""
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
            results["query"] = in_child(time_query, warehouse)
            results["extract_quotes"] = in_child(time_quotes, warehouse)
    first = shlex.split(variants[0])
    fresh = {n: (corpus, Path(next(iter(results["runs"].values()))["warehouse"]))}
    daily_base = args.daily_base if args.daily else None
    results["sizes"], results["compare"] = {}, sorted(args.compare)
    for size in sorted({*args.compare, *([daily_base] if daily_base else [])} - {n}):
        fresh[size] = (workdir / f"corpus-{size}", workdir / f"warehouse-{size}")
        in_child(build_corpus, size, fresh[size][0], corpora=args.corpora, seed=args.seed)
        print(f"news-etl run at {size:,} articles ...", flush=True)
        run = _fresh_run(*fresh[size], first, env, f"the run at {size:,}")
        results["sizes"][str(size)] = {"articles": size, "full": asdict(run)}
        print(f"  {run.wall_s:.1f} s, peak RSS {run.peak_rss_mb} MB", flush=True)
    if args.clusters:
        size = args.cluster_articles or n
        clustered, warehouse = workdir / f"corpus-clustered-{size}", workdir / "warehouse-clustered"
        in_child(
            build_corpus,
            size,
            clustered,
            corpora=args.corpora,
            seed=args.seed,
            cluster_versions=args.clusters,
        )
        print(
            f"news-etl run on {size:,} files in stories of {args.cluster_versions} versions ...", flush=True
        )
        run = _fresh_run(clustered, warehouse, first, env, "the clustered run")
        results["clustered"] = {
            "articles": size,
            "cluster_versions": args.clusters,
            "full": asdict(run),
        } | near_duplicates(warehouse)
        print(f"  {run.wall_s:.1f} s, peak RSS {run.peak_rss_mb} MB", flush=True)
    results["daily"] = {}
    for size in [n, *([daily_base] if daily_base and daily_base != n else [])] if args.daily else []:
        tree, warehouse = fresh[size]
        add_daily_files(tree, args.daily, workdir / "daily-scratch", corpora=args.corpora, seed=args.seed)
        print(f"daily run: {args.daily:,} new files in the {size:,}-file tree ...", flush=True)
        run = _checked(run_cli(tree, warehouse, first, env), f"the daily run at {size:,}")
        results["daily"][str(size)] = {"articles": size, "new_files": args.daily, "run": asdict(run)}
        print(f"  {run.wall_s:.1f} s, {run.files_parsed} files parsed", flush=True)


def headline(results: dict[str, Any]) -> dict[str, Any]:
    """The figures compared with the targets, per variant, then those of the other runs."""
    floor_speed = results["floor"]["articles_per_s"]
    figures: dict[str, Any] = {"floor_articles_per_s": floor_speed}
    for name, run in results["runs"].items():
        full, rerun = run["full"], run["rerun"]
        speed = full["articles_per_s"]
        figures[name] = {
            "end_to_end_articles_per_s": speed,
            "flow_articles_per_s": round(full["files_seen"] / full["flow_s"], 1) if full["flow_s"] else None,
            "ratio_to_floor": round(floor_speed / speed, 2) if speed else None,
            "single_writer_s": full["single_writer_s"],
            "rerun_wall_s": rerun["wall_s"],
            "rerun_files_parsed": rerun["files_parsed"],
            "peak_rss_mb": full["peak_rss_mb"],
            "peak_tree_rss_mb": full["peak_tree_rss_mb"],
        }
    figures["query_best_s"] = results["query"]["best_s"]
    figures["extract_quotes_articles_per_s"] = results["extract_quotes"]["articles_per_s"]
    rss = {results["articles"]: next(iter(results["runs"].values()))["full"]["peak_rss_mb"]}
    rss |= {int(size): run["full"]["peak_rss_mb"] for size, run in results["sizes"].items()}
    compared = sorted(size for size in rss if size == results["articles"] or size in results["compare"])
    if len(compared) > 1:
        low, high = compared[0], compared[-1]
        figures["rss_by_size_mb"] = {str(size): rss[size] for size in compared}
        figures["rss_ratio"] = round(rss[high] / rss[low], 3) if rss[low] else None
        figures["rss_ratio_sizes"] = [low, high]
    daily = {int(size): run["run"] for size, run in results["daily"].items()}
    if daily:
        n = results["articles"]
        figures["daily_wall_s"] = daily[n]["wall_s"]
        figures["daily_files_parsed"] = daily[n]["files_parsed"]
        figures["daily_speakers_s"] = daily[n]["stage_s"].get("speakers")
        if len(daily) > 1:
            base = min(daily)
            figures["daily_base"] = base
            figures["daily_growth"] = round(daily[n]["wall_s"] / daily[base]["wall_s"], 3)
    if "clustered" in results:
        clustered = results["clustered"]
        full = clustered["full"]
        complete = (
            full["exit_code"] == 0 and full["reconciles"] and full["files_seen"] == clustered["articles"]
        )
        figures["clustered_loaded_completely"] = int(bool(complete))
    return figures


def _size_lines(results: dict[str, Any], figures: dict[str, Any]) -> list[str]:
    """(e)-(g): peak RSS by size, the clustered corpus and the daily runs."""
    out: list[str] = []
    if "rss_ratio" in figures:
        low, high = figures["rss_ratio_sizes"]
        out += ["", "(e) peak RSS, largest process, by size (fresh warehouse each)"]
        out += [_line(f"at {int(size):,}", mb, "MB", None) for size, mb in figures["rss_by_size_mb"].items()]
        out.append(_line(f"at {high:,} / at {low:,}", figures["rss_ratio"], "x", TARGETS["rss_ratio"]))
    if "clustered" in results:
        clustered = results["clustered"]
        full = clustered["full"]
        low, high = clustered["cluster_versions"]
        out += [
            "",
            f"(f) clustered corpus: {clustered['articles']:,} files in stories of {low}-{high} versions:"
            f" {full['articles_loaded']:,} articles loaded, {full['files_rejected']:,} files rejected,"
            f" {clustered['near_duplicates']:,} flagged near duplicates",
            _line("loaded completely (exit 0, reconciles)", figures["clustered_loaded_completely"], "", TARGETS["clustered_loaded_completely"]),
            _line("wall (child process)", full["wall_s"], "s", None),
            _line("peak RSS, largest process", full["peak_rss_mb"], "MB", TARGETS["peak_rss_mb"]),
        ]  # fmt: skip
    for size, daily in results["daily"].items():
        run = daily["run"]
        at_n = int(size) == results["articles"]
        out += [
            "",
            f"(g) daily run at {int(size):,}: {daily['new_files']:,} new files in the tree, the whole tree"
            f" into the existing warehouse: {run['files_parsed']:,} files parsed, {run['articles_loaded']:,} loaded",
            _line("daily run wall", run["wall_s"], "s", TARGETS["daily_wall_s"] if at_n else None),
            _line("single-writer part (load + checks + publish)", run["single_writer_s"], "s", None),
            _line("speakers update (inside the load)", run["stage_s"].get("speakers"), "s",
                  TARGETS["daily_speakers_s"] if at_n else None),
        ]  # fmt: skip
    if "daily_growth" in figures:
        out.append(
            _line(f"daily wall at N / at {figures['daily_base']:,}", figures["daily_growth"], "x",
                  TARGETS["daily_growth"])
        )  # fmt: skip
    return out


def targets_table(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Every target of issues 15 and 18 with its figure from this run (the first variant's) and ok/MISSED."""
    figures = results["figures"]
    first = figures[next(iter(results["runs"]))]
    rows = [
        ("end-to-end articles/s, fresh warehouse", first["end_to_end_articles_per_s"], "end_to_end_articles_per_s"),
        ("end-to-end / floor, same run", first["ratio_to_floor"], "ratio_to_floor"),
        ("single-writer part (load + checks + publish), s", first["single_writer_s"], "single_writer_s"),
        ("peak RSS, largest process, MB", first["peak_rss_mb"], "peak_rss_mb"),
        ("peak RSS, largest size / smallest size", figures.get("rss_ratio"), "rss_ratio"),
        ("rerun, nothing changed, s", first["rerun_wall_s"], "rerun_wall_s"),
        ("rerun, files parsed", first["rerun_files_parsed"], "rerun_files_parsed"),
        ("daily run at N, s", figures.get("daily_wall_s"), "daily_wall_s"),
        ("daily run at N / at the base size", figures.get("daily_growth"), "daily_growth"),
        ("daily run at N: speakers update, s", figures.get("daily_speakers_s"), "daily_speakers_s"),
        ("extract_quotes alone, one core, articles/s", figures["extract_quotes_articles_per_s"], "extract_quotes_articles_per_s"),
        ("query: top 20 speakers 2022, s", figures["query_best_s"], "query_best_s"),
        ("clustered corpus loaded completely", figures.get("clustered_loaded_completely"), "clustered_loaded_completely"),
    ]  # fmt: skip
    return [
        {"measure": label, "key": key, "value": value, "target": TARGETS[key], "verdict": _verdict(value, TARGETS[key])}
        for label, value, key in rows
    ]  # fmt: skip


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
            _line(
                "single-writer part (load + checks + publish)",
                fig["single_writer_s"],
                "s",
                TARGETS["single_writer_s"],
            ),
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
    out += _size_lines(results, figures)
    out += ["", "targets of issues 15 and 18 (the first variant's figures)"]
    out += [_line(row["measure"], row["value"], "", row["target"]) for row in results["targets_met"]]
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
    ap.add_argument(
        "--compare",
        metavar="SIZES",
        default="",
        help="fresh runs at these sizes too (comma-separated, e.g. 50000,200000): peak RSS of the largest"
        " size over the smallest, N included",
    )
    ap.add_argument("--compare-half", action="store_true", help="the same as --compare N/2")
    ap.add_argument(
        "--daily",
        type=int,
        default=1_000,
        metavar="FILES",
        help="new files a daily run adds to the tree, at N and at --daily-base (default 1,000; 0: no daily run)",
    )
    ap.add_argument(
        "--daily-base", type=int, metavar="SIZE", help="the smaller daily run's corpus (default N/4)"
    )
    ap.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA, help=f"default {DEFAULT_CORPORA}")
    ap.add_argument("--seed", type=int, default=0, help="corpus seed (default 0)")
    ap.add_argument(
        "--cluster-versions",
        metavar="A-B",
        help="also a fresh run on a corpus of stories in A to B near-identical versions each (make_corpus.py;"
        " e.g. 25-50)",
    )
    ap.add_argument(
        "--cluster-articles", type=int, metavar="SIZE", help="the clustered corpus's size (default N)"
    )
    ap.add_argument("--workdir", help="scratch directory (default: a fresh temporary directory)")
    ap.add_argument("--keep", action="store_true", help="keep the corpus and warehouses in the workdir")
    ap.add_argument("--results-dir", type=Path, default=RESULTS_DIR, help=f"default {RESULTS_DIR}")
    args = ap.parse_args(argv)
    if args.articles < 1:
        ap.error("--articles must be at least 1")
    try:
        args.clusters = parse_cluster_versions(args.cluster_versions) if args.cluster_versions else None
        args.compare = sorted({int(size) for size in args.compare.split(",") if size.strip()})
    except ValueError as exc:
        ap.error(str(exc))
    if args.compare_half:
        args.compare = sorted({*args.compare, max(1, args.articles // 2)})
    if any(size < 1 for size in args.compare) or args.daily < 0:
        ap.error("--compare sizes must be at least 1, --daily at least 0")
    args.daily_base = args.daily_base or max(1, args.articles // 4)
    try:
        results = run_benchmark(args)
    except CorporaMissing as exc:
        print(exc.code, file=sys.stderr)
        return 2
    results["targets_met"] = targets_table(results)
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
