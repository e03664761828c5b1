"""Build a benchmark corpus of N raw article files from the reference corpora.

Usage (from the repository root)::

    python benchmarks/make_corpus.py N OUT [--corpora ../shared/corpora] [--seed 0]

Every file is a copy of a real article (``kremlin-en-2022`` and ``bbc-news-2005``) made distinct,
so that a run measures parsing work and not the duplicate check:

* a header line ` date YYYY-MM-DD URL` with a date spread over 2018–2025 and a URL unique to the
  copy (bbc articles, which have no header, get one too);
* about 15 % of the article's lower-case word types (never a reporting verb such as ``said``)
  replaced, consistently in the title, lead and body, by other words of the corpus, and one
  copy-specific sentence appended to each body line: no two bodies are equal and copies of one
  article stay well below the pipeline's near-duplicate threshold (Jaccard 0.7 of word 5-grams);
* files in nested directories ``OUT/YYYY/MM/DD/<source>-<n>.txt``;
* about 2 % bad files: empty, binary, or a header line only.

The same N, seed and reference corpora give the same bytes. The text of the reference corpora
stays outside the repository: OUT should be a scratch directory.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPORA = REPO_ROOT.parent / "shared" / "corpora"
CORPUS_DIRS = ("kremlin-en-2022", "bbc-news-2005")
BAD_SHARE = 0.02
REPLACE_SHARE = 0.15
FIRST_DAY = dt.date(2018, 1, 1)
DAYS = (dt.date(2025, 12, 31) - FIRST_DAY).days + 1
BAD_KINDS = ("empty", "binary", "header_only")

_TOKEN = re.compile(r"\b([a-z]{4,})\b")
_HEADER = re.compile(r"^ date \S+")
#: reporting verbs are never replaced: the quote extractor needs them (kept if the package is absent)
_FALLBACK_CUES = {"said", "says", "told", "added", "noted", "stated", "stressed", "according", "asked"}
_FILLER = ("archive", "ledger", "harbour", "copy", "bulletin", "record", "folio", "register", "digest")


class CorporaMissing(SystemExit):
    pass


@dataclass(slots=True)
class _Source:
    name: str  # "kremlin-66987"
    kind: str  # "kremlin" | "bbc"
    tokens: list[str]  # the text split by _TOKEN: odd items are candidate words
    positions: dict[str, list[int]]  # candidate word -> its indexes in tokens
    appendable: frozenset[int]  # line numbers (after the header) that get a copy sentence


@dataclass(slots=True)
class CorpusStats:
    """What :func:`build_corpus` wrote."""

    out: str
    files: int = 0
    bytes: int = 0
    bad: dict[str, int] = field(default_factory=dict)  # kind -> files
    bad_paths: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def bad_files(self) -> int:
        return sum(self.bad.values())


def _stop_words() -> set[str]:
    try:
        from news_etl.transforms.quotes import REPORTING_CUES
    except ImportError:  # pragma: no cover - the benchmark runs beside the package
        return set(_FALLBACK_CUES)
    words = set(_FALLBACK_CUES)
    for verb, forms in REPORTING_CUES.items():
        words.add(verb)
        words.update(forms)
    return {w for phrase in words for w in phrase.split()}


def _load_sources(corpora: Path) -> list[_Source]:
    stop = _stop_words()
    sources: list[_Source] = []
    for sub in CORPUS_DIRS:
        folder = corpora / sub
        if not folder.is_dir():
            raise CorporaMissing(
                f"error: reference corpus {folder} not found. Pass --corpora DIR, the directory that "
                f"holds {' and '.join(CORPUS_DIRS)} (default {DEFAULT_CORPORA})."
            )
        kind = sub.split("-", 1)[0]
        for path in sorted(folder.glob("*.txt")):
            text = path.read_bytes().decode("utf-8", "surrogateescape").replace("\r\n", "\n")
            lines = text.split("\n")
            if lines and _HEADER.match(lines[0]):
                lines = lines[1:]
            lines = [line for line in lines if line.strip()]
            if len(lines) < 2:
                continue
            appendable = set()
            for number, line in enumerate(lines[1:], start=1):
                # a teaser or summary line recurs in a later line: leave it as it is
                probe = line[:60]
                if number <= 2 and any(probe in later for later in lines[number + 1 :]):
                    continue
                appendable.add(number)
            tokens = _TOKEN.split("\n".join(lines))
            positions: dict[str, list[int]] = {}
            for index in range(1, len(tokens), 2):
                word = tokens[index]
                if word not in stop:
                    positions.setdefault(word, []).append(index)
            sources.append(_Source(path.stem, kind, tokens, positions, frozenset(appendable)))
    return sources


def _vocabulary(sources: list[_Source]) -> list[str]:
    words: set[str] = set()
    for source in sources:
        words.update(source.positions)
    return sorted(words)


def _copy_text(source: _Source, number: int, rng: random.Random, vocabulary: list[str]) -> list[str]:
    tokens = list(source.tokens)
    types = list(source.positions)
    k = max(1, round(len(types) * REPLACE_SHARE)) if types else 0
    for word in rng.sample(types, k):
        substitute = vocabulary[rng.randrange(len(vocabulary))]
        for index in source.positions[word]:
            tokens[index] = substitute
    lines = "".join(tokens).split("\n")
    for line_no in source.appendable:
        a, b = _FILLER[rng.randrange(len(_FILLER))], vocabulary[rng.randrange(len(vocabulary))]
        lines[line_no] += f" The {a} entry {number}-{line_no} lists {b}."
    return lines


def build_corpus(n: int, out: Path, *, corpora: Path = DEFAULT_CORPORA, seed: int = 0) -> CorpusStats:
    """Write ``n`` raw files under ``out`` (see the module docstring); deterministic for n and seed."""
    started = time.perf_counter()
    sources = _load_sources(corpora)
    vocabulary = _vocabulary(sources)
    rng = random.Random(seed)
    order = list(range(len(sources)))
    rng.shuffle(order)
    stats = CorpusStats(out=str(out), bad={kind: 0 for kind in BAD_KINDS})
    made: set[Path] = set()
    for number in range(n):
        source = sources[order[number % len(order)]]
        day = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS))
        folder = out / f"{day:%Y}" / f"{day:%m}" / f"{day:%d}"
        if folder not in made:
            folder.mkdir(parents=True, exist_ok=True)
            made.add(folder)
        path = folder / f"{source.kind}-{number:07d}.txt"
        url = f"https://bench.example.org/{source.kind}/{day:%Y/%m/%d}/{source.name}-{number}.html"
        header = f" date {day.isoformat()} {url}"
        if rng.random() < BAD_SHARE:
            bad = BAD_KINDS[rng.randrange(len(BAD_KINDS))]
            if bad == "empty":
                data = b""
            elif bad == "binary":
                data = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + rng.randbytes(256)
            else:
                data = (header + "\n").encode()
            stats.bad[bad] += 1
            stats.bad_paths.append(str(path))
        else:
            lines = _copy_text(source, number, rng, vocabulary)
            data = (header + "\n" + "\n".join(lines) + "\n").encode("utf-8", "surrogateescape")
        path.write_bytes(data)
        stats.files += 1
        stats.bytes += len(data)
    stats.seconds = time.perf_counter() - started
    return stats


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("n", type=int, help="number of files to write")
    ap.add_argument("out", type=Path, help="output directory (created; files are overwritten)")
    ap.add_argument(
        "--corpora", type=Path, default=DEFAULT_CORPORA, help=f"reference corpora (default {DEFAULT_CORPORA})"
    )
    ap.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    args = ap.parse_args(argv)
    if args.n < 1:
        ap.error("N must be at least 1")
    try:
        stats = build_corpus(args.n, args.out, corpora=args.corpora, seed=args.seed)
    except CorporaMissing as exc:
        print(exc.code, file=sys.stderr)
        return 2
    bad = ", ".join(f"{count:,} {kind}" for kind, count in stats.bad.items())
    print(
        f"{stats.files:,} files, {stats.bytes / 1e6:,.1f} MB in {stats.out} ({stats.seconds:.1f} s);"
        f" bad files {stats.bad_files:,} ({bad})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
