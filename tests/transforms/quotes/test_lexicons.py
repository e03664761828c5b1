"""Each entry of the quote extractor's lexicons (``schemas/lexicons/``) has its effect.

One invented case per entry: each cue form reports in a sentence its flags allow, and each flag
shows its effect (a quoted-only form needs quotation marks, an object cue reports its object …);
for the plain lists, the case reads one way with the entry and another without it (an entry that
changes nothing is dead weight, and is removed).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from schemas.lexicon import lexicon_entries
from transforms import text as text_module
from transforms.quotes import (
    content,
    extract_quotes,
    filters,
    frames,
    is_fragment_mention,
    names,
    objects,
    readers,
    sentences,
    sources,
    speaker_reading,
    subjects,
    topics,
    validity,
)
from transforms.quotes import content as content_module
from transforms.quotes import extract as extract_module
from transforms.quotes import frames as frames_module
from transforms.quotes.cues import CUES, Cue
from transforms.quotes.filters import _TOPIC_CUES

_CLAUSE = "the new bridge over the river is safe"
_PAIRS = [(cue, form) for cue in CUES for form in cue.forms]


def _params(pairs: list[tuple[Cue, str]]) -> list[object]:
    return [pytest.param(cue, form, id=form) for cue, form in pairs]


_FORMS = _params(_PAIRS)


def _read(text: str) -> list[tuple[str | None, str | None, str]]:
    return [(q.cue, q.speaker, q.quote_text) for q in extract_quotes(text)]


def _contents(text: str, form: str) -> list[str]:
    return [q.quote_text for q in extract_quotes(text) if q.cue == form]


def _sentences_for(cue: Cue, form: str) -> list[str]:
    """Invented sentences in which ``form`` may report, those its flags call for first."""
    quoted = [
        f"“The new bridge over the river is safe for everyone,” Jo Doe {form}.",
        f"Jo Doe {form} “the new bridge over the river is safe for everyone”.",
        f"Jo Doe {form} it “the new bridge over the river”.",
    ]
    first: list[str] = []
    if form in cue.quoted_only:
        first += quoted
    if cue.object:
        first.append(f"Jo Doe {form} the new bridge plan on Monday.")
    if cue.infinitive:
        first.append(f"Jo Doe {form} to build a new bridge over the river.")
    if cue.evidence:
        first.append(f"The polls {form} that {_CLAUSE}.")
    if form.startswith("according"):
        first.append(f"The new bridge over the river is safe, {form} Jo Doe.")
    return [
        *first,
        f"Jo Doe {form} that {_CLAUSE}.",
        f"“The new bridge over the river is safe,” Jo Doe {form}.",
        f"Jo Doe left early, {form} that {_CLAUSE}.",
        f"The new bridge over the river is safe, {form} Jo Doe.",
        f"Jo Doe is {form} that {_CLAUSE}.",
        f"Jo Doe {form} the council that {_CLAUSE}.",
        f"Jo Doe {form} whether {_CLAUSE}.",
        f"The bridge is expected to be safe, {form} Jo Doe.",
        *quoted,
    ]


@pytest.mark.parametrize(("cue", "form"), _FORMS)
def test_every_cue_form_reports(cue: Cue, form: str) -> None:
    tried = _sentences_for(cue, form)
    assert any(_contents(text, form) for text in tried), f"{cue.name}: {form!r} reports in none of {tried}"


@pytest.mark.parametrize(("cue", "form"), _params([(c, f) for c, f in _PAIRS if f in c.quoted_only]))
def test_a_quoted_only_form_reports_only_around_quotation_marks(cue: Cue, form: str) -> None:
    assert _contents(f"Jo Doe {form} that {_CLAUSE}.", form) == []
    assert any(_contents(text, form) for text in _sentences_for(cue, form)[:3])


_PLAIN_OBJECTS = _params(
    [(c, f) for c, f in _PAIRS if c.object and f not in c.quoted_only and f not in _TOPIC_CUES]
)


@pytest.mark.parametrize(("cue", "form"), _PLAIN_OBJECTS)
def test_an_object_cue_reports_its_object_only(cue: Cue, form: str) -> None:
    assert _contents(f"Jo Doe {form} the new bridge plan on Monday.", form) == ["the new bridge plan"]


@pytest.mark.parametrize(("cue", "form"), _params([(c, f) for c, f in _PAIRS if c.infinitive]))
def test_an_infinitive_cue_reports_the_infinitive(cue: Cue, form: str) -> None:
    text = f"Jo Doe {form} to build a new bridge over the river."
    assert _contents(text, form) == ["to build a new bridge over the river"]


@pytest.mark.parametrize(("cue", "form"), _params([(c, f) for c, f in _PAIRS if c.evidence]))
def test_an_evidence_cue_needs_a_source(cue: Cue, form: str) -> None:
    assert _contents(f"This {form} that {_CLAUSE}.", form) == []
    assert _contents(f"The polls {form} that {_CLAUSE}.", form) == [_CLAUSE]


@pytest.mark.parametrize(("cue", "form"), _params([(c, f) for c, f in _PAIRS if c.attitude]))
def test_an_attitude_cue_after_a_thing_reports_nothing(cue: Cue, form: str) -> None:
    rests = [
        f"that {_CLAUSE}.",
        "to build a new bridge over the river.",
        "“the new bridge over the river is safe”.",
    ]
    pairs = [(f"Jo Doe {form} {rest}", f"Rising prices {form} {rest}") for rest in rests]
    assert any(_contents(person, form) and not _contents(thing, form) for person, thing in pairs)


@pytest.mark.parametrize("word", lexicon_entries("quote_not_ed_verbs"))
def test_a_not_ed_verb_before_that_is_no_cue(word: str, monkeypatch: pytest.MonkeyPatch) -> None:
    text = f"The minister {word} that the new bridge over the river would open in May."
    assert _read(text) == []
    monkeypatch.setattr(extract_module, "_NOT_ED_CUES", extract_module._NOT_ED_CUES - {word})
    assert [cue for cue, _, _ in _read(text)] == [word]


@pytest.mark.parametrize("when", lexicon_entries("weekdays") + lexicon_entries("months"))
def test_a_weekday_or_month_after_denied_is_no_first_object(
    when: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``denied Monday the reports that …`` is a denial on Monday, not ``denied Berg a penalty``."""
    text = f"The minister denied {when} the reports that the new bridge was unsafe."
    assert [cue for cue, _, _ in _read(text)] == ["denied"]
    monkeypatch.setattr(topics, "_WEEKDAYS_MONTHS", topics._WEEKDAYS_MONTHS - {when})
    assert _read(text) == []


def _split_by_quotes(abbreviation: str) -> bool:
    text = f"Jo Doe said the {abbreviation}. Bridge over the river is safe."
    return [q.quote_text for q in extract_quotes(text)] == [f"the {abbreviation}"]


def _split_by_text(abbreviation: str) -> bool:
    return len(text_module.split_sentences(f"We met the {abbreviation}. Smith group on Monday.")) == 2


@pytest.mark.parametrize("abbreviation", lexicon_entries("abbreviations"))
def test_an_abbreviation_ends_no_sentence(abbreviation: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Read by the quote extractor and by transforms.text: the dot ends no sentence in one of them
    at least, and does without the entry."""
    assert not _split_by_quotes(abbreviation) and not _split_by_text(abbreviation)
    monkeypatch.setattr(sentences, "ABBREVIATIONS", sentences.ABBREVIATIONS - {abbreviation})
    monkeypatch.setattr(text_module, "ABBREVIATIONS", text_module.ABBREVIATIONS - {abbreviation})
    assert _split_by_quotes(abbreviation) or _split_by_text(abbreviation)


def _without(monkeypatch: pytest.MonkeyPatch, module: object, name: str, entry: str) -> None:
    monkeypatch.setattr(module, name, getattr(module, name) - {entry})
    filters.rules_for.cache_clear()


@pytest.fixture(autouse=True)
def _fresh_rule_lookup() -> Iterator[None]:
    filters.rules_for.cache_clear()
    yield
    filters.rules_for.cache_clear()


@pytest.mark.parametrize("participle", lexicon_entries("quote_raising_participles"))
def test_a_raising_participle_reports_the_whole_clause(
    participle: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = f"The new bridge is {participle} to be “safe for everyone at all times”."
    clause = f"The new bridge is {participle} to be “safe for everyone at all times”"
    assert (participle, None, clause) in [(c.split()[-1] if c else c, s, q) for c, s, q in _read(text)]
    _without(monkeypatch, frames, "_RAISING_CUES", participle)
    assert clause not in [q for _, _, q in _read(text)]


@pytest.mark.parametrize("noun", lexicon_entries("quote_noun_cues"))
def test_a_noun_cue_reports_the_clause_after_that(noun: str, monkeypatch: pytest.MonkeyPatch) -> None:
    text = f"Doe’s {noun} that the new bridge over the river is safe was wrong."
    before = _read(text)
    _without(monkeypatch, frames, "NOUN_CUES", noun)
    _without(monkeypatch, extract_module, "NOUN_CUES", noun)
    assert _read(text) != before


@pytest.mark.parametrize("noun", lexicon_entries("quote_evidence_nouns"))
def test_an_evidence_noun_lets_a_bare_show_report(noun: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """``Analyses show …``: capitalised, the noun is a source whatever it is (``the analyses`` is
    none: the source lexicon reads it back to ``analyse``)."""
    text = f"{noun.capitalize()} show that the new bridge over the river is safe."
    assert [c for c, _, _ in _read(text)] == ["show"]
    _without(monkeypatch, filters, "EVIDENCE_NOUNS", noun)
    assert _read(text) == []


@pytest.mark.parametrize("verb", lexicon_entries("quote_naming_verbs"))
def test_a_naming_verb_names_rather_than_reports(verb: str, monkeypatch: pytest.MonkeyPatch) -> None:
    titled = f"The board published a report {verb} “The new bridge over the river is safe for everyone”."
    named = f"The drills {verb} Union Resolve 2022 began on Monday in the north."
    before = (_read(titled), _read(named))
    _without(monkeypatch, validity, "NAMING_VERBS", verb)
    _without(monkeypatch, filters, "NAMING_VERBS", verb)
    assert (_read(titled), _read(named)) != before


@pytest.mark.parametrize("label", lexicon_entries("quote_not_speaker_labels"))
def test_a_label_that_names_no_speaker_opens_no_transcript(
    label: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = f"{label}: The new bridge over the river is closed until Monday."
    assert _read(text) == []
    _without(monkeypatch, extract_module, "NOT_SPEAKER_LABELS", label)
    assert [s for _, s, _ in _read(text)] == [label]


@pytest.mark.parametrize("connector", lexicon_entries("name_connectors"))
def test_a_name_connector_keeps_an_organisation_whole(
    connector: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = f"“The new bridge over the river is safe,” the Bank {connector} England said."
    assert [s for _, s, _ in _read(text)] == [f"the Bank {connector} England"]
    _without(monkeypatch, speaker_reading, "NAME_CONNECTORS", connector)
    _without(monkeypatch, names, "NAME_CONNECTORS", connector)
    assert [s for _, s, _ in _read(text)] != [f"the Bank {connector} England"]


@pytest.mark.parametrize(
    "particle", sorted({*lexicon_entries("name_connectors"), *lexicon_entries("name_particles"), "the"})
)
def test_a_name_particle_keeps_a_name_after_a_naming_verb_whole(
    particle: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``The drills called Union of Resolve a success`` names the drills ``Union of Resolve`` and
    then calls them a success (a report); without the particle the name would stop at ``Union``."""
    texts = [
        f"The drills called Union {particle} Resolve a success.",
        f"The drills called Union {particle} Resolve began on Monday.",
    ]
    before = [_read(text) for text in texts]
    _without(monkeypatch, validity, "_NAME_CONNECTORS", particle)
    assert [_read(text) for text in texts] != before


@pytest.mark.parametrize("word", lexicon_entries("quote_dangling_last_words"))
def test_a_short_content_ending_in_a_dangling_word_was_cut(
    word: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``Jo Doe said that prices about.``: a content this short ending so was cut, it reports nothing."""
    text = f"Jo Doe said that prices {word}."
    assert _read(text) == []
    _without(monkeypatch, extract_module, "DANGLING_LAST_WORDS", word)
    assert [q for _, _, q in _read(text)] == [f"prices {word}"]


@pytest.mark.parametrize("noun", lexicon_entries("quote_prize_nouns"))
def test_a_prize_after_claimed_is_a_win_not_words(noun: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """``Jo Doe claimed the gold on Monday.`` won it; without the entry the object is a claim."""
    text = f"Jo Doe claimed the {noun} on Monday."
    assert _read(text) == []
    _without(monkeypatch, objects, "PRIZE_NOUNS", noun)
    assert _read(text) == [("claimed", "Jo Doe", f"the {noun} on Monday")]


@pytest.mark.parametrize("subject", lexicon_entries("quote_finding_subjects"))
def test_a_finding_subject_finds_whatever_follows(subject: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """``The jury found Jo Doe, 34, not guilty …`` is a finding; without the entry a name after
    ``found`` is one found in play (``Berg found Jo Doe, who scored``) and nothing is reported."""
    text = f"The {subject} found Jo Doe, 34, not guilty of the theft."
    assert _read(text) == [("found", f"The {subject}", "Jo Doe, 34, not guilty of the theft")]
    _without(monkeypatch, objects, "FINDING_SUBJECTS", subject)
    assert _read(text) == []


@pytest.mark.parametrize("participle", lexicon_entries("quote_attributive_participles"))
def test_an_attributive_participle_after_an_owner_reports_nothing(
    participle: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``Fjord Foods' proposed takeover``: the participle is an adjective of the owner's noun; without
    the entry it reports in one of these cases at least (a noun, an infinitive, a quotation after it)."""
    texts = [
        f"The regulator rejected Fjord Foods' {participle} takeover of the harbour bakery in March.",
        f"Acme’s {participle} to close the harbour bakery in May.",
        f"Jo Doe’s {participle} “the new bridge over the river is safe for everyone”.",
    ]
    assert all(cue != participle for text in texts for cue, _, _ in _read(text))
    _without(monkeypatch, readers, "ATTRIBUTIVE_PARTICIPLES", participle)
    assert any(cue == participle for text in texts for cue, _, _ in _read(text))


@pytest.mark.parametrize("opener", lexicon_entries("quote_participle_openers"))
def test_a_participle_opener_hands_its_cue_to_the_main_clauses_subject(
    opener: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``Having noted that X, Jo Doe left …``: Jo Doe noted it; without the entry the opener word
    is read as a one-word name before the cue (or no speaker at all)."""
    text = f"{opener.capitalize()} noted that the new bridge over the river is safe, Jo Doe left the meeting early."
    assert [s for _, s, _ in _read(text)] == ["Jo Doe"]
    _without(monkeypatch, subjects, "PARTICIPLE_OPENERS", opener)
    assert [s for _, s, _ in _read(text)] != ["Jo Doe"]


def _fragment(mention: str) -> bool:
    sources._is_fragment_cached.cache_clear()
    sources._is_source_mention_cached.cache_clear()
    return is_fragment_mention(mention)


@pytest.mark.parametrize("noun", lexicon_entries("quote_ly_nouns"))
def test_a_noun_in_ly_is_no_misread_adverb(noun: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """``family`` alone is a speaker (``the family said``), not a misread adverb in -ly like
    ``steadfastly``; without the entry it is a fragment (and ``The family said that …`` loses its
    speaker to the adverb rule, for the nouns longer than four letters)."""
    assert not _fragment(noun)
    monkeypatch.setattr(sources, "_LY_NOUNS", sources._LY_NOUNS - {noun})
    try:
        assert _fragment(noun)
    finally:
        monkeypatch.undo()
        _fragment(noun)


@pytest.mark.parametrize("norm", lexicon_entries("quote_according_to_norms"))
def test_a_norm_after_according_to_is_no_source(norm: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """``… opened on Monday, according to plan.``: a norm, nobody's report; without the entry
    ``plan`` is its source."""
    text = f"The new bridge over the river opened on Monday, according to {norm}."
    assert _read(text) == []
    _without(monkeypatch, readers, "ACCORDING_TO_NORMS", norm)
    assert _read(text) == [("according to", norm, "The new bridge over the river opened on Monday")]


@pytest.mark.parametrize("verb", lexicon_entries("quote_speech_verbs_after_according"))
def test_a_speech_verb_after_an_opening_according_to_takes_the_report(
    verb: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``According to its accounts, the firm said that …``: the firm speaks; without the entry the
    opening ``According to`` frame takes the whole sentence, credited to ``its accounts``."""
    text = f"According to its accounts, the firm {verb} that the new bridge over the river is safe."
    assert all(cue != "According to" for cue, _, _ in _read(text))
    _without(monkeypatch, content, "_SPEECH_VERBS_AFTER_ACCORDING", verb)
    assert ("According to", "its accounts") in [(cue, s) for cue, s, _ in _read(text)]


@pytest.mark.parametrize("head", lexicon_entries("quote_sent_to_heads"))
def test_a_sent_to_head_makes_its_object_an_addressee(head: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """``Jo Doe wrote to the council members urging them …``: Jo Doe urges; without the entry the
    council members are read as the speaker of ``urging``."""
    texts = [
        f"Jo Doe {head} to the council members urging them to build a new bridge over the river.",
        f"Jo Doe sent a {head} to the council members urging them to build a new bridge over the river.",
    ]
    before = [_read(text) for text in texts]
    assert ("urging", "Jo Doe") in [(cue, s) for reading in before for cue, s, _ in reading]
    _without(monkeypatch, readers, "_SENT_TO_HEADS", head)
    assert [_read(text) for text in texts] != before


@pytest.mark.parametrize("verb", lexicon_entries("quote_irregular_pasts"))
def test_an_irregular_past_after_realised_the_makes_a_clause(
    verb: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``Jo Doe realised the new plan went …``: a clause, reported; without the entry ``the new plan
    went …`` is a thing realised, and nothing is reported."""
    text = f"Jo Doe realised the new plan {verb} the bridge over the river."
    assert [cue for cue, _, _ in _read(text)] == ["realised"]
    _without(monkeypatch, objects, "_IRREGULAR_PASTS", verb)
    assert _read(text) == []


@pytest.mark.parametrize("name", lexicon_entries("quote_ly_names"))
def test_a_name_with_an_adverbs_ending_is_no_sentence_adverb(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``Sally`` alone is a speaker; without the entry its ending (``-ally``, ``-dly``, ``-ately``)
    makes it a lone sentence adverb, a fragment."""
    mention = name.capitalize()
    assert not _fragment(mention)
    monkeypatch.setattr(sources, "_LY_NAMES", sources._LY_NAMES - {name})
    try:
        assert _fragment(mention)
    finally:
        monkeypatch.undo()
        _fragment(mention)


@pytest.mark.parametrize("cue", lexicon_entries("quote_speech_only_participles"))
def test_a_speech_only_participle_after_a_thing_still_reports(
    cue: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``The ceremony said on Monday: “…”.``: a verb of speech, no participle modifying the
    ceremony; without the entry it is read as one (a reduced relative) and the cue reports nothing."""
    text = f"The ceremony {cue} on Monday: “the new bridge over the river is safe for everyone”."
    assert [c for c, _, _ in _read(text)] == [cue]
    _without(monkeypatch, objects, "_SPEECH_ONLY_PARTICIPLES", cue)
    assert cue not in [c for c, _, _ in _read(text)]


# --------------------------------------------------------------------------- disowned claims


@pytest.mark.parametrize("cue", [pytest.param(c, id=c.name) for c in CUES if c.disowns])
def test_a_disowning_cue_reports_a_claim_noun_whole(cue: Cue, monkeypatch: pytest.MonkeyPatch) -> None:
    """``Jo Doe denied the claims that …``: the claim, whole, is what Jo Doe reports on, never
    its clause as Jo Doe's own; without the flag, the clause alone."""
    claim = "the claims that the new bridge over the river was unsafe"
    texts = {form: f"Jo Doe {form} {claim}." for form in cue.forms}
    assert any(_contents(text, form) == [claim] for form, text in texts.items())
    monkeypatch.setattr(content_module, "DISOWNING_CUES", frozenset())
    assert not any(_contents(text, form) == [claim] for form, text in texts.items())


@pytest.mark.parametrize("noun", lexicon_entries("quote_claim_nouns"))
def test_each_claim_noun_is_reported_whole_after_a_disowning_cue(noun: str) -> None:
    text = f"The minister denied the {noun} that the new bridge over the river was unsafe."
    assert _contents(text, "denied") == [f"the {noun} that the new bridge over the river was unsafe"]


# --------------------------------------------------------------------------- finite auxiliaries


@pytest.mark.parametrize("auxiliary", lexicon_entries("quote_finite_auxiliaries"))
def test_each_finite_auxiliary_after_a_name_makes_it_no_inverted_source(auxiliary: str) -> None:
    """``…, said Jo Doe will …``: Jo Doe opens a clause; ``…, said Jo Doe.`` is the source."""
    text = "That is the cost of the new bridge over the river, said Jo Doe{} pay for it."
    assert all(q.speaker != "Jo Doe" for q in extract_quotes(text.format(f" {auxiliary}")))
    assert [q.speaker for q in extract_quotes(text.format(".").replace(". pay for it.", "."))] == ["Jo Doe"]


# --------------------------------------------------------------------------- subordinate openers


@pytest.mark.parametrize("word", lexicon_entries("quote_subordinators"))
def test_a_cue_in_an_opening_subordinate_clause_yields(word: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """``If Jo Doe said no, the bridge opens in May, Sam Hale said.``: Sam Hale's report."""
    text = (
        f"{word} Jo Doe insisted on a vote, the new bridge over the river would open in May, Sam Hale said."
    )
    assert [q.speaker for q in extract_quotes(text)] == ["Sam Hale"]
    monkeypatch.setattr(frames_module, "_SUBORDINATORS", frames_module._SUBORDINATORS - {word})
    assert [q.speaker for q in extract_quotes(text)] != ["Sam Hale"]
