"""Train the learned quote filter on PolNeAR train and write ``schemas/models/quote_filter.json``.

Usage (from the repository root; ``make train-quotes``)::

    python benchmarks/train_quotes.py [--train ../shared/polnear/train.jsonl]
                                      [--dev ../shared/polnear/dev.jsonl] [--out PATH]

1. **Learned cues**: every cue PolNeAR train annotates at least :data:`MIN_CUE_GOLD` times, in
   words (lower case, ``'`` apostrophes, at most four words), with how often it was annotated and
   how often it is written in train (``seen``).
2. **Candidates**: :func:`transforms.quotes.candidates.read_candidates` over every train article;
   a candidate is positive when its content overlaps a gold quote's (alphanumeric Jaccard ≥ 0.5,
   the scorer's overlap). Its cue's ``prior`` is computed out of fold (five folds of articles), so
   a candidate never sees its own label through it.
3. **Model**: scikit-learn's ``LogisticRegression`` (lbfgs, one thread: deterministic), L2
   strength chosen on dev from :data:`C_GRID`; the floor is the lowest score whose kept
   candidates keep dev's indirect overlap precision at :data:`MIN_DEV_PRECISION` (dev is used only
   to choose these two numbers; PolNeAR test is never read).
4. **Rule precision**: the share of the rules' quotes of each kind that overlap a gold quote on
   train: a rule's quote carries it as its confidence.

The output is byte-stable: sorted keys, weights rounded to :data:`DIGITS` significant digits.
``tests/benchmarks/test_train_quotes.py`` retrains and compares the predictions on dev with the
shipped file's.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(REPO_ROOT))

from schemas.quote_model import FORMAT, QuoteModel, parse_model, prior_log_odds  # noqa: E402
from transforms.quotes.candidates import Candidate, cue_automaton, learnable, normal_cue  # noqa: E402
from transforms.quotes.extract import rule_pass  # noqa: E402
from transforms.quotes.scoring import _Taken, features, learned_candidates, logit, probability, rule_context  # noqa: E402

SHARED = REPO_ROOT.parent / "shared" / "polnear"
DEFAULT_OUT = REPO_ROOT / "schemas" / "models" / "quote_filter.json"
MIN_CUE_GOLD = 2  #: a cue annotated fewer times on train is not learned
FOLDS = 5
C_GRID = (0.01, 0.03, 0.1)
MIN_DEV_PRECISION = 0.73  #: the floor keeps dev's indirect overlap precision at least this
MIN_FEATURE_COUNT = 3  #: a feature seen on fewer train candidates gets no weight
#: a cue whose smoothed train precision is lower is not read (fewer, better candidates: on dev,
#: 0.2 kept more true quotes than 0.1 or 0.04, and the extractor reads a third as many)
MIN_CUE_PRECISION = 0.2
DIGITS = 6
_CUE_WORDS_RE = re.compile(r"[a-z][a-z' ]*[a-z]|[a-z]")


def load(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def learned_key(cue: str) -> str | None:
    """A gold cue as a learned cue's key, or None when it is not plain words (``:``, ``—``)."""
    words = normal_cue(cue)
    if not words or len(words.split()) > 4 or not _CUE_WORDS_RE.fullmatch(words):
        return None
    return words


def alnum_set(text: str, spans: Iterable[tuple[int, int]]) -> frozenset[int]:
    return frozenset(i for a, b in spans for i in range(a, b) if text[i].isalnum())


def jaccard(a: frozenset[int], b: frozenset[int]) -> float:
    union = len(a | b)
    return len(a & b) / union if union else 0.0


@dataclass(slots=True)
class Article:
    doc_id: str
    text: str
    gold: list[dict[str, Any]]
    gold_sets: list[frozenset[int]]
    rules: list[Any]
    lexicon_cues: list[tuple[int, int]]
    candidates: list[Candidate]


def prepare(records: list[dict[str, Any]]) -> list[Article]:
    out = []
    for r in records:
        text = r["text"]
        gold_sets = [alnum_set(text, [tuple(s) for s in q["quote_spans"]]) for q in r["quotes"]]
        out.append(Article(r["doc_id"], text, r["quotes"], gold_sets, *rule_pass(text), []))
    return out


def read_all(articles: list[Article], cues: Iterable[str]) -> None:
    """Each article's candidates around ``cues``."""
    automaton = cue_automaton(sorted(cues))
    for a in articles:
        a.candidates = learned_candidates(a.text, automaton, a.lexicon_cues)


def cue_is_gold(article: Article, cand: Candidate) -> bool:
    return any(
        q["cue_start"] is not None and q["cue_start"] < cand.cue_end and cand.cue_start < q["cue_end"]
        for q in article.gold
    )


def label(article: Article, cand: Candidate) -> bool:
    content = alnum_set(article.text, [(cand.content_start, cand.content_end)])
    return any(jaccard(content, g) >= 0.5 for g in article.gold_sets)


def cue_counts(articles: list[Article]) -> dict[str, list[int]]:
    """``cue → [gold, seen]`` over the articles' distinct cue hits."""
    counts: dict[str, list[int]] = {}
    for a in articles:
        seen: set[tuple[int, str]] = set()
        for cand in a.candidates:
            key = (cand.cue_start, cand.cue)
            if key in seen:
                continue
            seen.add(key)
            c = counts.setdefault(cand.cue, [0, 0])
            c[1] += 1
            c[0] += cue_is_gold(a, cand)
    return counts


def rows(
    articles: list[Article], priors: list[dict[str, list[int]]] | dict[str, list[int]]
) -> tuple[list[dict[str, float]], list[int], list[tuple[int, Candidate]]]:
    feats, labels, where = [], [], []
    for i, a in enumerate(articles):
        table = priors[i % FOLDS] if isinstance(priors, list) else priors
        rules, rule_cues = rule_context(a.text, a.rules)
        for cand in a.candidates:
            gold, seen = table.get(cand.cue, (0, 0))
            row = dict.fromkeys(features(a.text, cand, rules, rule_cues), 1.0)
            row["prior"] = prior_log_odds(gold, seen)
            feats.append(row)
            labels.append(int(label(a, cand)))
            where.append((i, cand))
    return feats, labels, where


def rule_precision(articles: list[Article]) -> dict[str, float]:
    hits: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for a in articles:
        for q in a.rules:
            spans = q.fragments or ((q.quote_start, q.quote_end),)
            got = alnum_set(a.text, spans)
            total[q.kind] += 1
            hits[q.kind] += any(jaccard(got, g) >= 0.5 for g in a.gold_sets)
    return {k: round(hits[k] / total[k], 4) if total[k] else 0.0 for k in ("direct", "mixed", "indirect")}


def build_model(
    weights: dict[str, float], bias: float, cues: dict[str, list[int]], rules: dict[str, float], floor: float
) -> QuoteModel:
    return parse_model(
        {
            "format": FORMAT,
            "bias": bias,
            "weights": weights,
            "cues": cues,
            "rule_precision": rules,
            "floor": floor,
        }
    )


_CUE_FEATURES = ("cue=", "cue_first=", "cue_reading=", "cue_speaker=")


def scored(model: QuoteModel, a: Article) -> list[tuple[float, Candidate]]:
    """Each of the article's candidates with the model's score."""
    rules, rule_cues = rule_context(a.text, a.rules)
    return [
        (probability(logit(model, model.cue_prior(c.cue), features(a.text, c, rules, rule_cues))), c)
        for c in a.candidates
        if c.cue in model.cues
    ]


def dev_selection(
    model: QuoteModel, dev: list[Article]
) -> tuple[list[tuple[float, bool, bool, int]], int, int]:
    """Per kept-able dev candidate (one per cue, after the rules): (score, overlap-true, indirect-gold, doc)."""
    out = []
    rule_tp = rule_n = 0
    priors = {cue: model.cue_prior(cue) for cue in model.cues}
    for i, a in enumerate(dev):
        rules, rule_cues = rule_context(a.text, a.rules)
        best: dict[int, tuple[float, Candidate]] = {}
        for cand in a.candidates:
            if cand.cue not in priors:
                continue
            s = probability(logit(model, priors[cand.cue], features(a.text, cand, rules, rule_cues)))
            if cand.cue_start not in best or s > best[cand.cue_start][0]:
                best[cand.cue_start] = (s, cand)
        taken = _Taken([f for q in a.rules for f in (q.fragments or ((q.quote_start, q.quote_end),))])
        for s, cand in sorted(best.values(), key=lambda sc: (-sc[0], sc[1].cue_start)):
            if taken.best_overlap(cand.content_start, cand.content_end) >= 0.5:
                continue
            content = alnum_set(a.text, [(cand.content_start, cand.content_end)])
            match = [g for g, gs in zip(a.gold, a.gold_sets, strict=True) if jaccard(content, gs) >= 0.5]
            out.append((s, bool(match), any(g["kind"] == "indirect" for g in match), i))
            taken.add(cand.content_start, cand.content_end)
        for q in a.rules:
            if q.kind != "indirect":
                continue
            rule_n += 1
            got = alnum_set(a.text, q.fragments or ((q.quote_start, q.quote_end),))
            rule_tp += any(jaccard(got, g) >= 0.5 for g in a.gold_sets)
    return out, rule_tp, rule_n


def choose_floor(
    selection: list[tuple[float, bool, bool, int]], rule_tp: int, rule_n: int
) -> tuple[float, float, int]:
    """The lowest floor keeping the rules' and the kept candidates' dev precision ≥ the target
    (indirect-labelled candidates count as true only when they match a gold quote)."""
    ranked = sorted(selection, key=lambda x: -x[0])
    tp, n = rule_tp, rule_n
    floor, best_tp, best_precision = 1.0, rule_tp, rule_tp / rule_n if rule_n else 0.0
    for s, ok, _ind, _doc in ranked:
        n += 1
        tp += ok
        if tp / n >= MIN_DEV_PRECISION:
            floor, best_tp, best_precision = s, tp, tp / n
    return floor, best_precision, best_tp


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("--train", type=Path, default=SHARED / "train.jsonl")
    ap.add_argument("--dev", type=Path, default=SHARED / "dev.jsonl")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args(argv)
    for p in (args.train, args.dev):
        if not p.is_file():
            print(
                f"error: {p} not found (PolNeAR lives in ../shared/polnear/ next to the repository)",
                file=sys.stderr,
            )
            return 2

    import numpy as np
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    train_records, dev_records = load(args.train), load(args.dev)
    gold_cues: Counter[str] = Counter()
    for r in train_records:
        for q in r["quotes"]:
            key = learned_key(q["cue_text"]) if q["cue_text"] else None
            if key:
                gold_cues[key] += 1
    vocabulary = sorted(c for c, n in gold_cues.items() if n >= MIN_CUE_GOLD and learnable(c))
    print(f"learned cues: {len(vocabulary)} (of {len(gold_cues)} distinct gold cues)")
    train, dev = prepare(train_records), prepare(dev_records)
    read_all(train, vocabulary)
    counts = cue_counts(train)
    # a cue the model would not believe in is not read at all (the extractor's speed)
    vocabulary = sorted(
        c for c, (gold, seen) in counts.items() if gold and (gold + 1) / (seen + 10) >= MIN_CUE_PRECISION
    )
    print(f"read cues: {len(vocabulary)} (smoothed train precision >= {MIN_CUE_PRECISION})")
    read_all(train, vocabulary)
    read_all(dev, vocabulary)
    counts = cue_counts(train)
    cues = {c: counts[c] for c in sorted(counts) if counts[c][0] > 0}
    folds = [cue_counts([a for j, a in enumerate(train) if j % FOLDS != k]) for k in range(FOLDS)]
    feats, labels, _ = rows(train, folds)
    print(
        f"train candidates: {len(labels)}, positive {sum(labels)} ({100 * sum(labels) / len(labels):.1f} %)"
    )
    frequent = Counter(k for f in feats for k in f)
    keep = {k for k, n in frequent.items() if n >= MIN_FEATURE_COUNT}
    feats = [{k: v for k, v in f.items() if k in keep} for f in feats]
    vec = DictVectorizer(sort=True)
    x = vec.fit_transform(feats)
    y = np.array(labels)
    rules = rule_precision(train)
    best: tuple[int, float, QuoteModel] | None = None
    for c in C_GRID:
        clf = LogisticRegression(C=c, solver="lbfgs", max_iter=3000)
        clf.fit(x, y)
        weights = {
            name: float(f"{w:.{DIGITS}g}")
            for name, w in zip(vec.get_feature_names_out(), clf.coef_[0], strict=True)
            if w != 0.0
        }
        model = build_model(weights, float(f"{clf.intercept_[0]:.{DIGITS}g}"), cues, rules, 0.5)
        selection, rule_tp, rule_n = dev_selection(model, dev)
        floor, precision, tp = choose_floor(selection, rule_tp, rule_n)
        print(f"C={c}: dev floor {floor:.3f}, rules+kept true {tp}, precision {100 * precision:.1f}")
        if best is None or tp > best[0]:
            best = (tp, floor, build_model(weights, model.bias, cues, rules, round(floor, 4)))
    assert best is not None
    model = best[2]
    # a cue none of whose train candidates reaches the floor is not read (the extractor's speed)
    top: dict[str, float] = {}
    for a in train:
        for score, cand in scored(model, a):
            top[cand.cue] = max(top.get(cand.cue, 0.0), score)
    reached = {c for c, s in top.items() if s >= model.floor}
    print(f"cues reaching the floor on train: {len(reached)} of {len(model.cues)}")
    weights = {
        k: w
        for k, w in model.weights.items()
        if not k.startswith(_CUE_FEATURES) or k.split("=", 1)[1].split("/", 1)[0] in reached
    }
    model = build_model(
        weights,
        model.bias,
        {c: list(n) for c, n in model.cues.items() if c in reached},
        model.rule_precision,
        model.floor,
    )
    data = {
        "format": FORMAT,
        "bias": model.bias,
        "floor": model.floor,
        "rule_precision": model.rule_precision,
        "cues": {c: list(v) for c, v in model.cues.items()},
        "weights": dict(sorted(model.weights.items())),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(
        json.dumps(data, indent=0, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    print(
        f"wrote {args.out} ({args.out.stat().st_size:,} bytes): floor {model.floor}, rule precision {model.rule_precision}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
