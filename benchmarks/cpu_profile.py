"""Where a run's CPU goes, by stage: a summary of a ``py-spy`` profile.

Usage (from the repository root)::

    py-spy record --subprocesses --format raw -r 50 -o run.txt -- .venv/bin/news-etl run CORPUS -w W
    python benchmarks/cpu_profile.py run.txt [--rate 50]

``py-spy --format raw`` writes one line per distinct stack, ``frame;frame;... count``. Each sample
is given to the process that took it: a batch ``worker`` (a process the pool spawned), the
Prefect API ``server`` (when the run started its own) or the ``flow``'s process. For each stage
the summary prints the seconds of the samples whose stack holds the stage's function
(*inclusive*: a stage's time holds the time of the functions it calls, so ``article_rows`` holds
``extract_quotes``), and its share of the process kind's samples. ``imports`` is the time spent
importing modules (``_find_and_load`` on the stack), wherever it happens.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

#: (label, what a frame of the stage looks like in py-spy's raw output: ``function (file:line)``)
STAGES: tuple[tuple[str, str], ...] = (
    ("discover", "discover (extract/discover.py"),
    ("plan_run", "plan_run (extract/incremental.py"),
    ("ledger", "ledger (load/warehouse.py"),
    ("read_sources", "read_sources (extract/read.py"),
    ("decode_raw", "decode_raw (transforms/decode.py"),
    ("parse_article", "parse_article (transforms/article.py"),
    ("article_rows", "article_rows (transforms/rows.py"),
    ("  extract_quotes", "extract_quotes (transforms/quotes/extract.py"),
    ("minhash_signature", "minhash_signature (transforms/similarity.py"),
    ("detect_language", "detect_language (transforms/language.py"),
    ("write_staged", "_write_staged (extract/batches.py"),
    ("batch quality checks", "validate_batch (quality/"),
    ("load_run", "load_run (load/warehouse.py"),
    ("  stage", "stage (load/replace.py"),
    ("  settle_duplicates", "settle_duplicates (load/dedupe.py"),
    ("  flag_near_duplicates", "flag_near_duplicates (load/dedupe.py"),
    ("  check_quality", "check_quality (load/quarantine.py"),
    ("  replace_rows", "replace_rows (load/replace.py"),
    ("  export_months", "export_months (load/export.py"),
    ("  finish_pending", "finish_pending (load/export.py"),
    ("check_warehouse", "check_warehouse (quality/invariants.py"),
    ("publish_run", "publish_run (flows/runs.py"),
    ("imports", "_find_and_load ("),
)
ROLES = ("flow", "worker", "server")


def role_of(stack: str) -> str:
    """Which process took the sample: the pool's workers are spawned by ``multiprocessing``."""
    if "spawn_main (" in stack:
        return "worker"
    if "uvicorn" in stack:
        return "server"
    return "flow"


def summarise(lines: Iterable[str]) -> tuple[Counter[str], Counter[tuple[str, str]]]:
    """Samples per process kind, and inclusive samples per (process kind, stage label)."""
    totals: Counter[str] = Counter()
    stages: Counter[tuple[str, str]] = Counter()
    for line in lines:
        stack, _, count = line.rstrip("\n").rpartition(" ")
        if not count.isdigit():
            continue
        role = role_of(stack)
        samples = int(count)
        totals[role] += samples
        for label, frame in STAGES:
            if frame in stack:
                stages[(role, label)] += samples
    return totals, stages


def report(totals: Counter[str], stages: Counter[tuple[str, str]], rate: float) -> list[str]:
    out = []
    for role in ROLES:
        if not totals[role]:
            continue
        out.append(f"{role}: {totals[role] / rate:.1f} s of samples")
        for label, _ in STAGES:
            if stages[(role, label)]:
                share = 100 * stages[(role, label)] / totals[role]
                out.append(f"  {label:24s} {stages[(role, label)] / rate:8.1f} s {share:5.1f} %")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("profile", type=Path, help="py-spy record --format raw output")
    ap.add_argument("--rate", type=float, default=50.0, help="py-spy's samples per second (-r; default 50)")
    args = ap.parse_args(argv)
    with args.profile.open(encoding="utf-8", errors="replace") as lines:
        totals, stages = summarise(lines)
    print("\n".join(report(totals, stages, args.rate)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
