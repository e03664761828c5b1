"""Score ``extract_quotes`` on PolNeAR and time it.

Usage (from the repository root)::

    python benchmarks/quotes.py [--gold ../shared/polnear/dev.jsonl] [--pred PRED.jsonl] [--passes 5]

Runs the extractor over every article of GOLD, writes the predictions in the scorer's format
(one JSON record per article, with ``quote_spans`` from the fragments), runs the PolNeAR scorer
three times (direct+mixed; direct at fragment level; indirect) and prints its reports, then the
throughput of ``extract_quotes`` alone on one core (best of several passes) and a table of the
target measures.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from transforms.quotes import extract_quotes

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_GOLD = REPO_ROOT.parent / "shared" / "polnear" / "dev.jsonl"

#: (label, scorer options, metric path in the scorer's JSON, target) for the final table.
TARGETS: tuple[tuple[str, str, tuple[str, ...], str], ...] = (
    ("direct+mixed overlap F1", "dm", ("span_overlap", "f1"), ">= 85"),
    ("direct+mixed speaker any", "dm", ("speaker", "any_acc"), ">= 85"),
    ("direct+mixed attributed F1", "dm", ("attributed", "f1"), ">= 75"),
    ("direct fragments attributed F1", "df", ("attributed", "f1"), ">= 80"),
    ("indirect overlap precision", "ind", ("span_overlap", "precision"), ">= 70"),
    ("indirect overlap recall", "ind", ("span_overlap", "recall"), ">= 45"),
)
RUNS: dict[str, list[str]] = {
    "dm": ["--kinds", "direct,mixed"],
    "df": ["--kinds", "direct", "--split-fragments"],
    "ind": ["--kinds", "indirect"],
}


def load_articles(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def predict(article: dict[str, Any]) -> dict[str, Any]:
    text: str = article["text"]
    quotes = []
    for q in extract_quotes(text):
        quotes.append(
            {
                "quote_start": q.quote_start,
                "quote_end": q.quote_end,
                "quote_text": q.quote_text,
                "quote_spans": [list(f) for f in q.fragments] or [[q.quote_start, q.quote_end]],
                "speaker_text": q.speaker,
                "speaker_start": q.speaker_start,
                "speaker_end": q.speaker_end,
                "speaker_resolved": q.speaker_resolved,
                "cue_text": q.cue,
                "cue_start": q.cue_start,
                "cue_end": q.cue_end,
                "kind": q.kind,
            }
        )
    return {"doc_id": article["doc_id"], "text": text, "quotes": quotes}


def articles_per_second(texts: list[str], passes: int) -> float:
    best_seconds = float("inf")
    for _ in range(passes):
        started = time.perf_counter()
        for text in texts:
            extract_quotes(text)
        best_seconds = min(best_seconds, time.perf_counter() - started)
    return len(texts) / best_seconds if best_seconds > 0 else float("inf")


def run_scorer(scorer: Path, gold: Path, pred: Path, options: list[str], json_out: Path) -> dict[str, Any]:
    cmd = [sys.executable, str(scorer), str(gold), str(pred), *options, "--json", str(json_out)]
    print(f"\n$ score.py {gold.name} {pred.name} {' '.join(options)}")
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    print(done.stdout, end="")
    if done.returncode != 0:
        print(done.stderr, file=sys.stderr)
        raise SystemExit(f"the scorer failed with exit status {done.returncode}")
    result: dict[str, Any] = json.loads(json_out.read_text(encoding="utf-8"))
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("--gold", type=Path, default=DEFAULT_GOLD, help=f"PolNeAR JSONL (default {DEFAULT_GOLD})")
    ap.add_argument("--pred", type=Path, help="where to write the predictions (default: a temporary file)")
    ap.add_argument("--passes", type=int, default=5, help="timing passes; the best is reported")
    args = ap.parse_args(argv)

    gold: Path = args.gold.resolve()
    if not gold.is_file():
        print(
            f"error: gold file {gold} not found. Pass --gold PATH to a PolNeAR JSONL file "
            f"(it lives in ../shared/polnear/ next to the repository).",
            file=sys.stderr,
        )
        return 2
    scorer = gold.parent / "score.py"
    if not scorer.is_file():
        print(f"error: scorer {scorer} not found next to the gold file.", file=sys.stderr)
        return 2

    articles = load_articles(gold)
    with tempfile.TemporaryDirectory() as tmp:
        pred: Path = args.pred or Path(tmp) / "pred.jsonl"
        with pred.open("w", encoding="utf-8") as fh:
            for article in articles:
                fh.write(json.dumps(predict(article), ensure_ascii=False) + "\n")
        metrics = {
            name: run_scorer(scorer, gold, pred, options, Path(tmp) / f"{name}.json")
            for name, options in RUNS.items()
        }

    texts = [a["text"] for a in articles]
    speed = articles_per_second(texts, max(1, args.passes))
    print(f"\nthroughput: {speed:,.0f} articles/s (extract_quotes only, one core, best of {args.passes})")

    print(f"\n{'measure (' + gold.name + ')':34}{'value':>8}  target")
    for label, run, path, target in TARGETS:
        value: Any = metrics[run]
        for key in path:
            value = value[key]
        print(f"{label:34}{100 * float(value):8.1f}  {target}")
    print(f"{'throughput (articles/s)':34}{speed:8.0f}  >= 1000")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
