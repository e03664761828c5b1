"""Tests for transforms.quotes.filters: every rule that a cue reports nothing has a case.

Each case is a sentence in which the rule holds: with the rules the cue reports nothing, and
without that one rule (all others kept) it reports, so each rule has its own effect. Every
sentence is invented for these tests.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from transforms.quotes import extract_quotes, filters, frames
from transforms.quotes.cue_reading import CueReading

#: rule name -> (a sentence where it holds, the cue word)
CASES: dict[str, tuple[str, str]] = {
    "_shown_by_no_evidence": ("Jo Doe and Ann Roe show that the new bridge over the river is safe.", "show"),
    "_names_a_thing": ("The drills called Union Resolve 2022 began on Monday in the north.", "called"),
    "_names_as": ("The village, referred to as “the end of the road” by everyone, is quiet.", "referred to"),
    "_calls_on_a_day": ("The minister called on Monday for a new bridge over the river.", "called on"),
    "_adds_an_indefinite_thing": ("Cole added a second goal before half time.", "added"),
    "_adds_count": ("Jones added four conversions in the second half.", "added"),
    "_replies_count": ("Jo Doe replied with a 5% rise in the price of the new bridge.", "replied"),
    "_adds_thing_to": ("Lund added the league trophy to her medals last season.", "added"),
    "_reports_as_saying": ("Reuters reported the regulator as saying the new bridge was safe.", "reported"),
    "_reports_on_topic": ("Jo Doe reports on the harvest and the new bridge over the river.", "reports"),
    "_announces_later": ("Lund will announce his squad on Friday.", "announce"),
    "_hypothetical_you": ("You might think that the new bridge over the river is safe.", "think"),
    "_asks_who_knows": ("Who knows what the next months will hold for the bridge?", "knows"),
    "_denies_someone": ("The referee denied Berg a penalty in the second half.", "denied"),
    "_agrees_to_act": ("The directors have agreed to leave their loans in the club.", "agreed"),
    "_claims_prize": ("She claimed the 200m title in Rome last year.", "claimed"),
    "_goes_without_saying": ("It goes without saying that the new bridge over the river is safe.", "saying"),
    "_realises_thing": ("I realised the depth of our industry in the north.", "realised"),
    "_says_pronoun": ("Unless he just said it in the heat of the moment, the plan stands.", "said"),
    "_finds_itself": ("We found ourselves on the threshold of a conflict over the bridge.", "found"),
    "_finds_in_play": ("Berg found space in the area and scored.", "found"),
    "_noun_before_which": ("He faced fraud allegations, claims which are denied by the firm.", "claims"),
    "_plural_noun": ("A backlog of claims was building up at the office.", "claims"),
    "_names_topic": ("The presidents discussed bilateral trade on Monday.", "discussed"),
    "_warns_about_topic": ("We warned them about this before the vote.", "warned"),
    "_thinks_about_topic": ("We must think about safety on the new bridge.", "think"),
    "_wishes": ("Ministers want to see the text changed before the vote.", "want"),
    "_owner_and_adjective": (
        "The exchange rejected Deutsche Boerse's proposed offer for the firm.",
        "proposed",
    ),
    "_reduced_relative": ("The big trend predicted for this year is a rise in prices.", "predicted"),
    "_lets_say": ("Let's say there is a shooter in the building.", "say"),
    "_free_relative": ("What I said about the harbour also applies to the bridge.", "said"),
    "_object_is_which": (
        "These are crucial issues, which, of course, our people are worried about.",
        "worried about",
    ),
}
#: a rule that, on every case found, holds where the topic rule (``_names_topic``) holds too
#: (``talking about`` + a noun phrase): its case shows that it holds, not an effect of its own
SHADOWED: dict[str, tuple[str, str]] = {
    "_talks_about_own_topic": ("I am talking about foreign trade and the new bridge.", "talking about"),
}


def _rule_names() -> list[str]:
    return [rule.holds.__name__ for rule in filters.NOT_A_REPORT] + [
        holds.__name__ for holds in filters.NOT_THE_SPEAKERS_REPORT
    ]


def _cues(text: str) -> list[str | None]:
    return [q.cue for q in extract_quotes(text)]


def test_every_rule_has_a_case() -> None:
    assert sorted(_rule_names()) == sorted({**CASES, **SHADOWED})


@pytest.mark.parametrize("name", list(CASES))
def test_each_rule_has_its_effect(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    text, cue = CASES[name]
    assert cue not in _cues(text)
    others = tuple(rule for rule in filters.NOT_A_REPORT if rule.holds.__name__ != name)
    monkeypatch.setattr(filters, "NOT_A_REPORT", others)
    speaker_rules = tuple(h for h in frames.NOT_THE_SPEAKERS_REPORT if h.__name__ != name)
    monkeypatch.setattr(frames, "NOT_THE_SPEAKERS_REPORT", speaker_rules)
    filters.rules_for.cache_clear()
    try:
        assert cue in _cues(text)
    finally:
        monkeypatch.undo()
        filters.rules_for.cache_clear()


@pytest.mark.parametrize("name", [*CASES, *SHADOWED])
def test_each_rule_holds_on_its_case(name: str, cue_reading: Callable[[str, str], CueReading]) -> None:
    text, cue = {**CASES, **SHADOWED}[name]
    reading = cue_reading(text, cue)
    rules = {rule.holds.__name__: rule for rule in filters.NOT_A_REPORT}
    if name in rules:
        assert rules[name].applies(reading.word)
        assert rules[name].holds(reading)
    else:
        holds = {h.__name__: h for h in filters.NOT_THE_SPEAKERS_REPORT}[name]
        assert holds(reading)
