"""The learned quote filter's parameters, as data: ``schemas/models/quote_filter.json``.

``make train-quotes`` (``benchmarks/train_quotes.py``) writes the file from PolNeAR train; the
model card beside it (``schemas/models/quote_filter.md``) says what it holds and how well it does.
It is read once per process; a file of the wrong shape is refused by name.
"""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass
from importlib import resources
from typing import Any

MODEL_DIR = "schemas/models"
MODEL_FILE = "quote_filter.json"
#: the model file's format; a file of another version is refused
FORMAT = 1
#: the quote kinds a rule's quote can be, each with its train precision in the file
RULE_KINDS = ("direct", "mixed", "indirect")


class QuoteModelError(ValueError):
    """The model file is missing a part or holds one of the wrong type."""


@dataclass(frozen=True, slots=True)
class QuoteModel:
    """A logistic model over sparse named features (:mod:`transforms.quotes.scoring` computes
    them): ``score = sigmoid(bias + Σ weights[f] · value(f))``.

    ``cues`` maps each learned cue to its ``(gold, seen)`` counts on PolNeAR train: how often an
    occurrence of it was annotated as a cue, and how often it was written; ``rule_precision`` is
    the share of the rules' quotes of each kind that match a gold quote on train (a rule's quote
    carries it as its confidence); ``floor`` is the confidence below which a candidate is dropped.
    """

    bias: float
    weights: dict[str, float]
    cues: dict[str, tuple[int, int]]
    rule_precision: dict[str, float]
    floor: float

    def cue_prior(self, cue: str) -> float:
        """The log-odds that an occurrence of ``cue`` is a cue (smoothed: one in ten a priori)."""
        gold, seen = self.cues.get(cue, (0, 0))
        return prior_log_odds(gold, seen)


def prior_log_odds(gold: int, seen: int) -> float:
    """Smoothed log-odds of ``gold`` hits in ``seen`` tries (a Beta(1, 9) prior)."""
    p = (gold + 1.0) / (seen + 10.0)
    return math.log(p / (1.0 - p))


def _number(data: dict[str, Any], key: str) -> float:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise QuoteModelError(f"{MODEL_DIR}/{MODEL_FILE}: {key!r} must be a finite number, not {value!r}")
    return float(value)


def parse_model(data: Any) -> QuoteModel:
    """A :class:`QuoteModel` from the file's parsed JSON, every part checked."""
    if not isinstance(data, dict):
        raise QuoteModelError(f"{MODEL_DIR}/{MODEL_FILE} must hold a JSON object")
    if data.get("format") != FORMAT:
        raise QuoteModelError(f"{MODEL_DIR}/{MODEL_FILE}: format {data.get('format')!r}, expected {FORMAT}")
    weights = data.get("weights")
    if not isinstance(weights, dict) or not weights:
        raise QuoteModelError(f"{MODEL_DIR}/{MODEL_FILE}: 'weights' must be a non-empty object")
    cues = data.get("cues")
    if not isinstance(cues, dict) or not cues:
        raise QuoteModelError(f"{MODEL_DIR}/{MODEL_FILE}: 'cues' must be a non-empty object")
    parsed_cues: dict[str, tuple[int, int]] = {}
    for cue, counts in cues.items():
        if (
            not cue
            or cue != cue.strip()
            or not isinstance(counts, list)
            or len(counts) != 2
            or not all(isinstance(c, int) and not isinstance(c, bool) for c in counts)
            or not 0 < counts[0] <= counts[1]
        ):
            raise QuoteModelError(
                f"{MODEL_DIR}/{MODEL_FILE}: cue {cue!r} needs [gold, seen] with 0 < gold <= seen"
            )
        parsed_cues[cue] = (counts[0], counts[1])
    rules = data.get("rule_precision")
    if not isinstance(rules, dict) or set(rules) != set(RULE_KINDS):
        raise QuoteModelError(
            f"{MODEL_DIR}/{MODEL_FILE}: 'rule_precision' needs exactly {', '.join(RULE_KINDS)}"
        )
    rule_precision = {kind: _number(rules, kind) for kind in RULE_KINDS}
    floor = _number(data, "floor")
    for name, value in [*rule_precision.items(), ("floor", floor)]:
        if not 0.0 <= value <= 1.0:
            raise QuoteModelError(f"{MODEL_DIR}/{MODEL_FILE}: {name} must be within 0-1, not {value}")
    if floor > min(rule_precision.values()):
        raise QuoteModelError(
            f"{MODEL_DIR}/{MODEL_FILE}: floor {floor} is above a rule's precision: every stored quote "
            f"must have at least the floor's confidence"
        )
    return QuoteModel(
        bias=_number(data, "bias"),
        weights={str(k): _number(weights, k) for k in weights},
        cues=parsed_cues,
        rule_precision=rule_precision,
        floor=floor,
    )


@functools.cache
def quote_model() -> QuoteModel:
    """The shipped model, read once per process."""
    text = resources.files("schemas").joinpath("models", MODEL_FILE).read_text(encoding="utf-8")
    return parse_model(json.loads(text))
