"""Tests for transforms.quotes.scoring: the learned candidates leave the rules' cues alone, the
model's score is its weights summed, and every quote extract_quotes gives has a confidence (the
shipped model's: a rule's quote its kind's train precision, a learned one its score)."""

from __future__ import annotations

import math

import pytest

from schemas.quote_model import parse_model, prior_log_odds, quote_model
from transforms.quotes.candidates import cue_automaton
from transforms.quotes.extract import extract_quotes, rule_pass
from transforms.quotes.patterns import _CUE_FORMS
from transforms.quotes.scoring import (
    QUOTE_CONFIDENCE_FLOOR,
    RULE_CUE_REACH,
    _Taken,
    features,
    learned_candidates,
    logit,
    probability,
)

AUTOMATON = cue_automaton(["praised", "lashed out at"])


def _learned(text: str, lexicon_cues: list[tuple[int, int]]) -> list[tuple[str, str]]:
    return [
        (c.cue, text[c.content_start : c.content_end])
        for c in learned_candidates(text, AUTOMATON, lexicon_cues)
    ]


# ------------------------------------------------------------------ the rules' cues are the rules'


def test_a_learned_cue_just_after_a_rules_cue_is_the_rules() -> None:
    text = "Doe said she lashed out at the port."
    _, cues = rule_pass(text)
    assert cues == [(4, 8)]  # "said"; "lashed out at" is no rules' cue
    assert text.index("lashed") - 8 < RULE_CUE_REACH
    assert _learned(text, cues) == []
    assert _learned(text, []) == [("lashed out at", "the port")]  # the twin without the rules' cue
    # farther than the reach, the learned cue is read
    far = "Doe said on Monday that the whole harbour board lashed out at the port."
    _, far_cues = rule_pass(far)
    assert far_cues == [(4, 8)] and far.index("lashed") - 8 >= RULE_CUE_REACH
    assert _learned(far, far_cues) == [("lashed out at", "the port")]


def test_a_content_holding_a_rules_cue_is_dropped() -> None:
    text = "The mayor lashed out at the plan Doe said was late."
    _, cues = rule_pass(text)
    assert cues == [(text.index("said"), text.index("said") + 4)]
    assert _learned(text, cues) == []
    assert _learned(text, []) == [("lashed out at", "the plan Doe said was late")]


def test_a_learned_cue_that_is_a_rules_cue_is_the_rules() -> None:
    text = "The mayor praised the plan."
    _, cues = rule_pass(text)
    assert cues == [(10, 17)]
    assert _learned(text, cues) == []
    assert _learned(text, []) == [("praised", "the plan")]


@pytest.mark.parametrize("cue", sorted(c for c in quote_model().cues if c.split()[0] in _CUE_FORMS))
def test_a_learned_cue_the_rules_also_read_gives_no_candidate_where_they_read_it(cue: str) -> None:
    """Some learned cues are rules' cue forms too (``said``, ``claims``): where the rules read
    them, the learned filter does not."""
    text = f"The board {cue} the fares would rise."
    _, cues = rule_pass(text)
    assert any(start <= text.index(cue) < end for start, end in cues)
    assert learned_candidates(text, cue_automaton([cue]), cues) == []


# ------------------------------------------------------------------ the shipped model


def test_a_learned_cue_beyond_the_lexicon_gives_a_scored_indirect_quote() -> None:
    text = "Councillor Ana Reyes lashed out at the port authority over the delays."
    assert "lashed out at" in quote_model().cues
    assert rule_pass(text) == ([], [])  # not the rules' (no cue, no quote)
    [quote] = extract_quotes(text)
    assert (quote.kind, quote.cue, quote.speaker) == ("indirect", "lashed out at", "Councillor Ana Reyes")
    assert quote.quote_text == "the port authority over the delays"
    assert quote.confidence is not None and QUOTE_CONFIDENCE_FLOOR <= quote.confidence < 1


def test_a_rules_quote_carries_its_kinds_precision() -> None:
    [quote] = extract_quotes("“We are ready,” Doe said.")
    assert quote.kind == "direct"
    assert quote.confidence == quote_model().rule_precision["direct"]


TEXTS = (
    "“We are ready,” Doe said.\n\nThe harbour board warned that fares will rise.",
    "Senator Doe voted against the bill to raise ferry fares, and Governor Lee is counting on a rebound.",
    "Fares will rise, the harbour board noted. “Not again,” said a commuter.\nThe club decided to sack the coach.",
    "Councillor Ana Reyes lashed out at the port authority over the delays.",
    "",
)


@pytest.mark.parametrize("text", TEXTS)
def test_every_quote_has_a_confidence_in_zero_one(text: str) -> None:
    for quote in extract_quotes(text):
        assert quote.confidence is not None and 0 < quote.confidence <= 1, quote


def test_extraction_is_idempotent_and_does_not_depend_on_earlier_articles() -> None:
    a, b = TEXTS[1], TEXTS[2]
    first = extract_quotes(a)
    assert first and extract_quotes(a) == first
    extract_quotes(b)
    assert extract_quotes(a) == first


# ------------------------------------------------------------------ the score


def test_logit_is_the_bias_the_weighed_prior_and_the_present_features_weights() -> None:
    model = parse_model(
        {
            "format": 1,
            "bias": -0.5,
            "weights": {"prior": 0.5, "cue=praised": 1.25, "reading=sentence": -0.75, "never=here": 9.0},
            "cues": {"praised": [3, 10]},
            "rule_precision": {"direct": 0.9, "mixed": 0.8, "indirect": 0.7},
            "floor": 0.4,
        }
    )
    prior = model.cue_prior("praised")
    assert prior == pytest.approx(math.log(0.25)) == prior_log_odds(3, 10)  # (3+1)/(10+10) = 0.2
    text = "The mayor praised the plan."
    [cand] = learned_candidates(text, AUTOMATON, [])
    names = features(text, cand, _Taken([]), _Taken([]))
    assert "cue=praised" in names and "reading=sentence" in names and "never=here" not in names
    assert logit(model, prior, names) == pytest.approx(-0.5 + 0.5 * prior + 1.25 - 0.75)
    assert logit(model, prior, ["unknown"]) == pytest.approx(-0.5 + 0.5 * prior)


def test_probability_is_the_logistic_function_without_overflow() -> None:
    assert probability(0.0) == 0.5
    assert probability(1000.0) == 1.0
    assert probability(-1000.0) == 0.0
    assert probability(2.0) == pytest.approx(1 / (1 + math.exp(-2.0)))
    assert probability(2.0) + probability(-2.0) == pytest.approx(1.0)
