"""benchmarks/train_quotes.py retrains the shipped quote model: the retrained file scores every
PolNeAR dev candidate as the shipped one does and keeps the same quotes (skipped with a message
when ../shared/polnear is absent)."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pytest

from schemas import QuoteKind
from schemas.quote_model import QuoteModel, parse_model
from tests.benchmarks.scripts import load_benchmark
from transforms.quotes import scoring
from transforms.quotes.extract import rule_pass

train_quotes = load_benchmark("train_quotes")
SHIPPED = train_quotes.DEFAULT_OUT
#: the largest difference of a dev candidate's score between the shipped and the retrained model
SCORE_TOLERANCE = 1e-6


def _scores_and_kept(
    model: QuoteModel, text: str, monkeypatch: pytest.MonkeyPatch
) -> tuple[dict[tuple[int, int, int], float], set[tuple[int, int, QuoteKind]]]:
    """Each candidate's score (by cue start and content span) and the kept quotes' spans."""
    context = scoring._Context(model)
    monkeypatch.setattr(scoring, "_CONTEXT", context)
    rules, cues = rule_pass(text)
    scores = {
        (c.cue_start, c.content_start, c.content_end): s
        for s, c in scoring.scored_candidates(text, rules, cues, context)
    }
    kept = {(q.quote_start, q.quote_end, q.kind) for q in scoring.score_quotes(text, rules, cues)}
    return scores, kept


def test_retraining_reproduces_the_shipped_model(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Retrain into ``tmp_path`` and score every dev article with both models.

    The contract is the scores, not the bytes: each dev candidate's score agrees within
    :data:`SCORE_TOLERANCE` (1e-6) and both models keep the same quotes. The weights are rounded
    to 6 significant digits and lbfgs on one thread is deterministic on one machine, so there the
    file is byte-identical; another BLAS build may move a weight in its last digits, which is
    acceptable as long as the scores stay within the tolerance. Whether the bytes are identical is
    reported as a warning, not a failure.
    """
    train, dev = train_quotes.SHARED / "train.jsonl", train_quotes.SHARED / "dev.jsonl"
    if not (train.is_file() and dev.is_file()):
        pytest.skip(
            f"PolNeAR not found in {train_quotes.SHARED} (../shared is absent): retraining test skipped"
        )
    pytest.importorskip("sklearn", reason="scikit-learn (a dev extra) trains the quote model")
    out = tmp_path / "quote_filter.json"
    assert train_quotes.main(["--out", str(out)]) == 0
    shipped = parse_model(json.loads(SHIPPED.read_text(encoding="utf-8")))
    retrained = parse_model(json.loads(out.read_text(encoding="utf-8")))
    assert retrained.rule_precision == shipped.rule_precision
    assert retrained.cues == shipped.cues
    assert abs(retrained.floor - shipped.floor) <= SCORE_TOLERANCE

    worst = 0.0
    articles = train_quotes.load(dev)
    assert articles
    for record in articles:
        text = record["text"]
        shipped_scores, shipped_kept = _scores_and_kept(shipped, text, monkeypatch)
        retrained_scores, retrained_kept = _scores_and_kept(retrained, text, monkeypatch)
        assert retrained_scores.keys() == shipped_scores.keys(), record["doc_id"]
        for key, score in shipped_scores.items():
            worst = max(worst, abs(retrained_scores[key] - score))
        assert retrained_kept == shipped_kept, record["doc_id"]
    assert worst <= SCORE_TOLERANCE, f"a dev score moved by {worst:.2e}"

    if out.read_bytes() != SHIPPED.read_bytes():
        warnings.warn(
            f"the retrained model's bytes differ from {SHIPPED.name} (scores agree within {SCORE_TOLERANCE})",
            stacklevel=1,
        )
