"""Build a benchmark corpus of N raw article files from the reference corpora.

Usage (from the repository root)::

    python benchmarks/make_corpus.py N OUT [--corpora ../shared/corpora] [--seed 0]
                                           [--cluster-versions 25-50]

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

With ``--cluster-versions A-B`` the corpus is an archive of syndicated and re-published stories
instead: each story (a distinct copy as above) comes in A to B near-identical versions (a number
drawn per story), written one after another, each with its own URL on one of a few outlets and a
date up to :data:`CLUSTER_SPREAD_DAYS` days after the story's, and small edits of its own: a
short "filed at" sentence with the version's number appended to one body line, in half of them
one word of the body changed, in a third a clutter line (which the parser removes) inserted.
Every version's body differs from the others', and versions of one story stay near-duplicates
(Jaccard of word 5-grams well above 0.7, except in the shortest articles): the load has to flag
all but the first of each story without comparing every pair of a cluster.

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
#: the versions of one story are dated within this many days of its first
CLUSTER_SPREAD_DAYS = 3
#: where the versions of a story are published (the URL's host is ``<outlet>.example.org``)
CLUSTER_OUTLETS = ("wire", "daily", "herald", "courier", "post", "times", "gazette", "observer")
#: lines a version may carry that the parser drops as page furniture (clutter rules)
CLUSTER_CLUTTER_LINES = ("Advertisement", "Read more", "Share this", "Most read")
CLUSTER_WORD_CHANGE_SHARE = 0.5
CLUSTER_CLUTTER_SHARE = 1 / 3

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
        from transforms.quotes import REPORTING_CUES
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


def _version_text(lines: list[str], version: int, rng: random.Random, vocabulary: list[str]) -> list[str]:
    """One version of a story's text (module docstring): a "filed at" sentence appended to one
    body line, sometimes one word changed, sometimes a clutter line inserted."""
    lines = list(lines)
    body = range(1, len(lines))  # line 0 is the title
    at = rng.choice(body)
    lines[at] += f" Filed at {rng.randrange(24):02d}:{rng.randrange(60):02d}, version {version}."
    if rng.random() < CLUSTER_WORD_CHANGE_SHARE:
        at = rng.choice(body)
        tokens = _TOKEN.split(lines[at])
        if len(tokens) > 1:
            tokens[rng.randrange(1, len(tokens), 2)] = vocabulary[rng.randrange(len(vocabulary))]
            lines[at] = "".join(tokens)
    if rng.random() < CLUSTER_CLUTTER_SHARE:
        lines.insert(rng.randrange(1, len(lines) + 1), rng.choice(CLUSTER_CLUTTER_LINES))
    return lines


@dataclass(slots=True)
class _Story:
    """The story whose versions are being written (``--cluster-versions``)."""

    number: int
    source: _Source
    day: dt.date
    lines: list[str]
    versions: int
    written: int = 0


def parse_cluster_versions(text: str) -> tuple[int, int]:
    """``"25-50"`` -> ``(25, 50)``; ``"30"`` -> ``(30, 30)``."""
    low, _, high = text.partition("-")
    bounds = (int(low), int(high or low))
    if not 1 <= bounds[0] <= bounds[1]:
        raise ValueError(f"versions per story must be A-B with 1 <= A <= B, not {text!r}")
    return bounds


def build_corpus(
    n: int,
    out: Path,
    *,
    corpora: Path = DEFAULT_CORPORA,
    seed: int = 0,
    cluster_versions: tuple[int, int] | None = None,
) -> CorpusStats:
    """Write ``n`` raw files under ``out`` (see the module docstring); deterministic for n, seed
    and ``cluster_versions`` (``(A, B)``: each story in A to B near-identical versions)."""
    started = time.perf_counter()
    sources = _load_sources(corpora)
    vocabulary = _vocabulary(sources)
    rng = random.Random(seed)
    order = list(range(len(sources)))
    rng.shuffle(order)
    stats = CorpusStats(out=str(out), bad={kind: 0 for kind in BAD_KINDS})
    made: set[Path] = set()
    story: _Story | None = None
    for number in range(n):
        if cluster_versions is None:
            source = sources[order[number % len(order)]]
            day = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS))
            url = f"https://bench.example.org/{source.kind}/{day:%Y/%m/%d}/{source.name}-{number}.html"
        else:
            if story is None or story.written == story.versions:
                at = 0 if story is None else story.number + 1
                source = sources[order[at % len(order)]]
                story = _Story(
                    at,
                    source,
                    FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS)),
                    _copy_text(source, at, rng, vocabulary),
                    rng.randint(*cluster_versions),
                )
            story.written += 1
            source = story.source
            day = story.day + dt.timedelta(days=rng.randrange(CLUSTER_SPREAD_DAYS + 1))
            outlet = CLUSTER_OUTLETS[rng.randrange(len(CLUSTER_OUTLETS))]
            url = (
                f"https://{outlet}.example.org/{source.kind}/{day:%Y/%m/%d}/"
                f"{source.name}-{story.number}-v{story.written}.html"
            )
        folder = out / f"{day:%Y}" / f"{day:%m}" / f"{day:%d}"
        if folder not in made:
            folder.mkdir(parents=True, exist_ok=True)
            made.add(folder)
        path = folder / f"{source.kind}-{number:07d}.txt"
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
            if story is not None:
                lines = _version_text(story.lines, story.written, rng, vocabulary)
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
    ap.add_argument(
        "--cluster-versions",
        metavar="A-B",
        help="write each story in A to B near-identical versions (e.g. 25-50; default: one copy each)",
    )
    args = ap.parse_args(argv)
    if args.n < 1:
        ap.error("N must be at least 1")
    try:
        clusters = parse_cluster_versions(args.cluster_versions) if args.cluster_versions else None
    except ValueError as exc:
        ap.error(str(exc))
    try:
        stats = build_corpus(
            args.n, args.out, corpora=args.corpora, seed=args.seed, cluster_versions=clusters
        )
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
