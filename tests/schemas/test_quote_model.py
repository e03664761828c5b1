"""Tests for schemas.quote_model: the shipped model parses and keeps its promises (its cues are
learnable, the words no cue may hold are in none), and every check of ``parse_model`` refuses a
broken copy of it, naming the part that is wrong."""

from __future__ import annotations

import copy
import json
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from schemas.lexicon import lexicon
from schemas.quote_model import MODEL_FILE, QuoteModel, QuoteModelError, parse_model, quote_model
from transforms.quotes.candidates import learnable
from transforms.quotes.extract import extract_quotes, rule_pass
from transforms.quotes.scoring import _context, learned_candidates

MODEL_PATH = resources.files("schemas").joinpath("models", MODEL_FILE)
MAX_MODEL_BYTES = 3_000_000
NOT_LEARNED = sorted(lexicon("quote_not_learned_cues"))


def shipped() -> dict[str, Any]:
    return json.loads(MODEL_PATH.read_text(encoding="utf-8"))


def test_the_shipped_model_parses_and_is_small() -> None:
    model = quote_model()
    assert isinstance(model, QuoteModel) and model == parse_model(shipped())
    assert model.cues and model.weights
    assert 0 < model.floor <= min(model.rule_precision.values()) <= 1
    assert len(MODEL_PATH.read_bytes()) < MAX_MODEL_BYTES


def _broken(change: Any) -> dict[str, Any]:
    data = copy.deepcopy(shipped())
    change(data)
    return data


def _first_cue(data: dict[str, Any]) -> str:
    return sorted(data["cues"])[0]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.pop("format"), "format None, expected 1"),
        (lambda d: d.update(format=2), "format 2, expected 1"),
        (lambda d: d.update(weights={}), "'weights' must be a non-empty object"),
        (lambda d: d.update(cues={}), "'cues' must be a non-empty object"),
        (lambda d: d["cues"].update({_first_cue(d): [5, 4]}), "needs \\[gold, seen\\] with 0 < gold <= seen"),
        (lambda d: d["cues"].update({_first_cue(d): [0, 4]}), "needs \\[gold, seen\\] with 0 < gold <= seen"),
        (lambda d: d["cues"].update({" padded": [1, 4]}), "cue ' padded' needs"),
        (
            lambda d: d["rule_precision"].pop("mixed"),
            "'rule_precision' needs exactly direct, mixed, indirect",
        ),
        (lambda d: d.update(floor=1.5), "floor must be within 0-1, not 1.5"),
        (lambda d: d["rule_precision"].update(direct=-0.1), "direct must be within 0-1"),
        (lambda d: d.update(floor=min(d["rule_precision"].values()) + 0.01), "is above a rule's precision"),
        (lambda d: d.update(bias=float("nan")), "'bias' must be a finite number, not nan"),
        (lambda d: d.update(bias=True), "'bias' must be a finite number, not True"),
        (lambda d: d["weights"].update(prior="1"), "'prior' must be a finite number"),
    ],
)
def test_a_broken_model_is_refused_by_name(change: Any, message: str) -> None:
    with pytest.raises(QuoteModelError, match=message):
        parse_model(_broken(change))


def test_a_model_that_is_no_object_is_refused() -> None:
    with pytest.raises(QuoteModelError, match="must hold a JSON object"):
        parse_model([])


def test_every_shipped_cue_is_learnable() -> None:
    """The extractor's rule (training applies it too), held by the shipped file. (Some learned cues are rules' cue
    forms too, ``said``, ``claims``: tests/transforms/quotes/test_scoring.py checks they give no
    candidate where the rules read them.)"""
    assert [cue for cue in quote_model().cues if not learnable(cue)] == []


@pytest.mark.parametrize("word", NOT_LEARNED)
def test_a_word_no_cue_may_hold_is_in_no_shipped_cue(word: str) -> None:
    assert [cue for cue in quote_model().cues if word in cue.split()] == []
    text = f"The club {word} to sack the coach."
    _, cues = rule_pass(text)
    assert learned_candidates(text, _context().automaton, cues) == []
    assert extract_quotes(text) == []


def test_the_model_card_and_the_readme_state_the_shipped_floor() -> None:
    """Retraining moves the floor: the card and the README must say the one that ships."""
    floor = f"({quote_model().floor:g})"
    card = resources.files("schemas").joinpath("models", "quote_filter.md").read_text(encoding="utf-8")
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert f"floor {floor}" in card
    assert f"`QUOTE_CONFIDENCE_FLOOR` {floor}" in readme
