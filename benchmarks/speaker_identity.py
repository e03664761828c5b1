"""Who a quote's speaker is, across articles: a labelled sample for the ``speakers`` dimension.

Usage (from the repository root)::

    python benchmarks/speaker_identity.py [--sample FILE] draw [--n 180] [--seed 18]
        [--context CONTEXT.jsonl] [--avoid FILE ...] [--holdout]
    python benchmarks/speaker_identity.py [--sample FILE] score [--errors]

``draw`` runs today's parser and extractor over ``../shared/corpora/bbc-news-2005`` and
``kremlin-en-2022`` and writes :data:`SAMPLE`: anchors only (the raw file, the quote's and the
speaker mention's offsets in the file's decoded text), never corpus text. ``--context`` writes the
texts to a file outside the repository for the person labelling.

The pool is every quote whose speaker the article resolves to a name (``speaker_resolved``): the
mentions the dimension has to merge or keep apart. Two strata, so that the sample holds the pairs
that are hard to tell apart, not only the many mentions of the same few people:

- ``random``: ``--n`` quotes drawn at random from the pool;
- ``partner``: for each of them, when there is one, a quote of **another file** whose resolved name
  ends in a word with the same first four letters, case and accents folded (``Tony Blair`` /
  ``Ian Blair`` / ``Mr Blair``, ``Sergey Lavrov`` / ``Sergei Lavrov``, ``Barroso`` / ``Barrot``):
  a candidate for a wrong merge or for a missed one, whichever it turns out to be.

An item and its partner share a split: ``dev`` for looking at while changing the rules, ``test``
held aside (every other pair). Labels, written by hand before the matching rules are written:

``referent``
    the person or organisation the speaker mention refers to, by one canonical full name used for
    every item of the same referent across the sample (``Sergey Lavrov`` for both spellings), or
    null when the article does not say who it is (a resolution that named the wrong person gets
    the right referent: the error counts against the dimension);
``referent_kind``
    ``person`` or ``organisation`` (null with a null referent).

``score`` runs the pipeline's parser, extractor and speaker identity
(:func:`transforms.speakers.identity.identify`, as :func:`transforms.rows.quote_row` calls it)
over the sampled files, finds each labelled quote among the code's quotes (the matching rule of
``benchmarks/speakers.py``), and counts, over every pair of labelled mentions with a referent
(each half apart, then together):

- **merge precision**: pairs given one ``speaker_id`` that are one referent / pairs given one id;
- **merge recall**: pairs of one referent given one ``speaker_id`` / pairs of one referent
  (a mention the code gives no id, or no longer finds, merges with nothing).
"""

from __future__ import annotations

import json
import random
import sys
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from speakers import (
    CORPORA_DIR,
    REPO_ROOT,
    SystemQuote,
    load_sample,
    locate,
    overlap,
    pipeline_quotes,
    quote_pool,
    raw_text,
    sample_parser,
    words,
)

from transforms.speakers.identity import identify

SAMPLE = REPO_ROOT / "benchmarks" / "data" / "speaker_identity.jsonl"
#: a fresh held-aside set, all ``test``, from files of neither split of :data:`SAMPLE`: drawn and
#: labelled after the rules of the first stop of issue 18 were written and :data:`SAMPLE`'s
#: figures read (``draw --avoid speaker_identity.jsonl --holdout --seed 1818 --n 110``)
HOLDOUT = REPO_ROOT / "benchmarks" / "data" / "speaker_identity_holdout.jsonl"
#: a second one, all ``test``, from files of none of the samples above: drawn and labelled (two
#: labellers, the same guideline) before the rules of the second stop of issue 18 were scored on
#: it (``draw --avoid speaker_identity.jsonl --avoid speaker_identity_holdout.jsonl --holdout
#: --seed 2911 --n 110``)
HOLDOUT2 = REPO_ROOT / "benchmarks" / "data" / "speaker_identity_holdout2.jsonl"
#: the partner of an item has a resolved name whose last word begins with the same folded letters
PARTNER_PREFIX = 4


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def partner_key(name: str) -> str:
    """The first :data:`PARTNER_PREFIX` letters of the name's last word, case and accents folded."""
    words = name.split()
    return _fold(words[-1])[:PARTNER_PREFIX] if words else ""


def _anchor(
    item_id: str, split: str, stratum: str, name: str, text: str, quote: SystemQuote
) -> tuple[dict[str, Any], dict[str, Any]] | None:
    span = locate(text, quote.text)
    if span is None:  # normalisation changed the characters: cannot be anchored
        return None
    speaker = locate(text, quote.speaker, span[0]) if quote.speaker else None
    item = {
        "id": item_id,
        "split": split,
        "stratum": stratum,
        "file": name,
        "quote": list(span),
        "speaker": list(speaker) if speaker else None,
        "referent": None,
        "referent_kind": None,
    }
    lo, hi = max(0, span[0] - 1500), min(len(text), span[1] + 300)
    context = {
        "id": item_id,
        "file": name,
        "context": text[lo:hi],
        "quote_text": quote.text,
        "system_speaker": quote.speaker,
        "system_resolved": quote.speaker_resolved,
        "title": text.split("\n", 2)[1] if name.startswith("kremlin") else text.split("\n", 1)[0],
    }
    return item, context


def draw(
    sample: Path,
    n: int,
    seed: int,
    context: Path | None,
    *,
    avoid: list[Path] | None = None,
    holdout: bool = False,
) -> None:
    """Draw ``n`` items and their partners into ``sample`` (rules in the module docstring), from
    files of none of the ``avoid`` samples; ``holdout``: every pair in the ``test`` split."""
    pool = quote_pool(avoid, resolved_only=True)
    by_key: dict[str, list[int]] = defaultdict(list)
    for i, (_, _, quote) in enumerate(pool):
        by_key[partner_key(quote.speaker_resolved or "")].append(i)
    rng = random.Random(seed)
    order = list(range(len(pool)))
    rng.shuffle(order)
    items: list[dict[str, Any]] = []
    contexts: list[dict[str, Any]] = []
    used: set[int] = set()
    pairs = 0
    for i in order:
        if pairs == n:
            break
        if i in used:
            continue
        name, text, quote = pool[i]
        split = "test" if holdout or pairs % 2 else "dev"
        drawn = _anchor(f"r{pairs:03d}", split, "random", name, text, quote)
        if drawn is None:
            continue
        used.add(i)
        items.append(drawn[0])
        contexts.append(drawn[1])
        others = [j for j in by_key[partner_key(quote.speaker_resolved or "")] if pool[j][0] != name]
        rng.shuffle(others)
        for j in others:
            if j in used:
                continue
            partner = _anchor(f"p{pairs:03d}", split, "partner", pool[j][0], pool[j][1], pool[j][2])
            if partner is not None:
                used.add(j)
                items.append(partner[0])
                contexts.append(partner[1])
                break
        pairs += 1
    sample.parent.mkdir(parents=True, exist_ok=True)
    sample.write_text("".join(json.dumps(item) + "\n" for item in items), encoding="utf-8")
    if context is not None:
        context.write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in contexts), "utf-8")
    print(
        f"{len(items)} mentions ({pairs} drawn, {len(items) - pairs} partners) from {len(pool):,} into {sample}"
    )


def identified_quotes(text: str) -> list[tuple[str, str | None]]:
    """``(quote text, speaker_id)`` of every quote the pipeline would load for this raw text."""
    body, quotes = pipeline_quotes(text)
    return [(q.quote_text, identify(body, q).speaker_id) for q in quotes]


@dataclass
class Pairs:
    """Pair counts over labelled mentions: merged (one id), same (one referent), both."""

    mentions: int = 0
    found: int = 0
    with_id: int = 0
    merged: int = 0
    same: int = 0
    right: int = 0

    def line(self, label: str) -> str:
        precision = (
            f"{100 * self.right / self.merged:5.1f} % ({self.right}/{self.merged})" if self.merged else "n/a"
        )
        recall = f"{100 * self.right / self.same:5.1f} % ({self.right}/{self.same})" if self.same else "n/a"
        return (
            f"{label:<5} {self.mentions:4d} mentions with a referent, {self.found} found, {self.with_id} with an id; "
            f"merge precision {precision}, merge recall {recall}"
        )


def system_ids(sample: Path) -> dict[str, tuple[bool, str | None]]:
    """Each labelled item: whether the code still finds its quote, and the ``speaker_id`` it gives it."""
    cache: dict[str, tuple[str, list[tuple[str, str | None]]]] = {}
    out: dict[str, tuple[bool, str | None]] = {}
    for item in load_sample(sample):
        if item["file"] not in cache:
            text = raw_text(CORPORA_DIR / item["file"]) or ""
            cache[item["file"]] = (text, identified_quotes(text))
        text, quotes = cache[item["file"]]
        gold = words(text[item["quote"][0] : item["quote"][1]])
        best = max(quotes, key=lambda q: overlap(gold, words(q[0])), default=None)
        found = best is not None and overlap(gold, words(best[0])) >= 1
        out[item["id"]] = (found, best[1] if best is not None and found else None)
    return out


def pairs(items: list[dict[str, Any]], ids: dict[str, str | None], found: set[str]) -> Pairs:
    """The pair counts of ``items`` (``ids``: each item's speaker id; ``found``: the items whose
    quote the code finds)."""
    tally = Pairs()
    labelled = [i for i in items if i["referent"]]
    tally.mentions = len(labelled)
    tally.found = sum(1 for i in labelled if i["id"] in found)
    tally.with_id = sum(1 for i in labelled if ids[i["id"]])
    for a, b in combinations(labelled, 2):
        same = a["referent"] == b["referent"]
        merged = ids[a["id"]] is not None and ids[a["id"]] == ids[b["id"]]
        tally.same += same
        tally.merged += merged
        tally.right += same and merged
    return tally


def score(sample: Path, show_errors: bool) -> dict[str, Pairs]:
    items = load_sample(sample)
    unlabelled = [i["id"] for i in items if (i["referent"] is None) != (i["referent_kind"] is None)]
    if unlabelled:
        raise SystemExit(f"a referent without a kind, or a kind without a referent: {unlabelled[:5]}")
    found_ids = system_ids(sample)
    ids = {k: v[1] for k, v in found_ids.items()}
    found = {k for k, v in found_ids.items() if v[0]}
    out = {split: pairs([i for i in items if i["split"] == split], ids, found) for split in ("dev", "test")}
    out["all"] = pairs(items, ids, found)
    if show_errors:
        labelled = [i for i in items if i["referent"]]
        for a, b in combinations(labelled, 2):
            same = a["referent"] == b["referent"]
            merged = ids[a["id"]] is not None and ids[a["id"]] == ids[b["id"]]
            if merged and not same:
                print(f"wrong merge: {a['id']} {a['referent']!r} / {b['id']} {b['referent']!r}")
        by_referent: dict[str, set[str | None]] = defaultdict(set)
        for i in labelled:
            by_referent[i["referent"]].add(ids[i["id"]])
        for referent, held in sorted(by_referent.items()):
            if len(held) > 1 or None in held:
                members = [i["id"] for i in labelled if i["referent"] == referent]
                if len(members) > 1:
                    print(
                        f"split: {referent!r}: {len(held)} ids ({'some without' if None in held else 'all with'} an id) {members}"
                    )
    return out


def main(argv: list[str] | None = None) -> int:
    parser, commands, draw_parser = sample_parser(__doc__.split("\n", 1)[0], SAMPLE, 180, 18)
    draw_parser.add_argument("--holdout", action="store_true", help="no dev split: a fresh held-aside set")
    score_parser = commands.add_parser("score", help="merge precision and recall of the code on the labels")
    score_parser.add_argument("--errors", action="store_true", help="list wrong merges and split referents")
    args = parser.parse_args(argv)
    if not CORPORA_DIR.is_dir():
        print(f"{CORPORA_DIR} is missing: the sample is drawn from its corpora", file=sys.stderr)
        return 2
    if args.command == "draw":
        draw(args.sample, args.n, args.seed, args.context, avoid=args.avoid, holdout=args.holdout)
        return 0
    results = score(args.sample, args.errors)
    print(f"{args.sample.name}: pairs of labelled speaker mentions")
    for split, tally in results.items():
        print("  " + tally.line(split))
    return 0


if __name__ == "__main__":
    sys.exit(main())
