"""Where a speaker's noun phrase begins and ends: titles, owners, asides, openers, coordinations.

The quote extractor reads a speaker backwards from its cue and the resolver strips titles from
it; these tests cover the boundaries that went wrong: role or trade words written before a name
(``Organiser Lakeside Events``), which :mod:`transforms.speakers` strips; an owner
before a participle adjective (``Acme's proposed merger``: no speaker, no quote); an aside
between dashes after the subject, skipped like one between commas (``Mrs Lund - a nurse -
said``); a participle opener (``Having noted that X, Berg said …``: Berg, not ``Having``); a
coordinated subject, read whole (``Anna Berg and Ola Lund said``); and ``Let's say …``, no
report. Every sentence is invented for these tests.
"""

from __future__ import annotations

import time

import pytest

from schemas import Quote
from transforms.quotes import ATTRIBUTIVE_PARTICIPLES, extract_quotes


def _quotes(text: str) -> list[tuple[str | None, str | None, str | None, str]]:
    return [(q.speaker, q.speaker_resolved, q.cue, q.quote_text) for q in extract_quotes(text)]


def _holding(text: str, needle: str) -> Quote:
    hits = [q for q in extract_quotes(text) if needle in q.quote_text]
    assert len(hits) == 1, _quotes(text)
    return hits[0]


# --------------------------------------------------------------------------- titles before a name


@pytest.mark.parametrize(
    ("text", "resolved"),
    [
        ("Organiser Lakeside Events said more bands would be named for the summer.", "Lakeside Events"),
        ("Promoter Ola Berg said more bands would be named for the summer.", "Ola Berg"),
        ("Referee Ola Berg said more bands would be named for the summer.", "Ola Berg"),
        ("Agent Ola Berg said more bands would be named for the summer.", "Ola Berg"),
        ("Backbencher Ola Berg said more bands would be named for the summer.", "Ola Berg"),
        ("Keeper Ola Berg said more bands would be named for the summer.", "Ola Berg"),
    ],
)
def test_a_role_or_trade_before_a_name_is_not_part_of_it(text: str, resolved: str) -> None:
    assert _holding(text, "more bands").speaker_resolved == resolved


def test_a_role_word_alone_names_nobody() -> None:
    """Near miss: with no name after it the role resolves to nobody (no one was introduced)."""
    assert (
        _holding(
            "The organiser said more bands would be named for the summer.", "more bands"
        ).speaker_resolved
        is None
    )


# --------------------------------------------------------------------------- owners before participles


@pytest.mark.parametrize("participle", sorted(ATTRIBUTIVE_PARTICIPLES))
def test_an_owner_before_a_participle_adjective_reports_nothing(participle: str) -> None:
    text = f"The regulator rejected Fjord Foods' {participle} takeover of the harbour bakery in March."
    assert [q for q in _quotes(text) if q[2] == participle] == []


def test_an_owner_before_a_participle_adjective_with_a_curly_apostrophe() -> None:
    text = "Shareholders doubted Acme’s proposed merger with a rival bakery chain would work."
    assert [q for q in _quotes(text) if q[2] == "proposed"] == []


def test_a_possessive_with_a_clause_after_the_cue_still_reports() -> None:
    """Near miss: ``'s`` is ``has`` when a clause follows (``Mr Berg's reported that …``)."""
    quote = _holding("Mr Berg's reported that the harbour bakery will close in May.", "will close")
    assert quote.cue == "reported"


def test_a_firm_named_with_an_apostrophe_still_reports_with_a_speech_verb() -> None:
    """Near miss: ``said``/``announced`` are no adjectives: ``Berg's said …`` is the firm's report."""
    quote = _holding("Berg's announced that it would open four new bakeries next year.", "four new bakeries")
    assert quote.speaker == "Berg's"


# --------------------------------------------------------------------------- dash asides


@pytest.mark.parametrize(
    "text",
    [
        "Mrs Lund - herself a former nurse - will argue that the ward must stay open.",
        "Mrs Lund — herself a former nurse — said that the ward must stay open.",
        "Mrs Lund – a former nurse – said that the ward must stay open.",
        "Mrs Lund -- a former nurse -- said that the ward must stay open.",
    ],
)
def test_an_aside_between_dashes_after_the_subject_is_skipped(text: str) -> None:
    quote = _holding(text, "the ward must stay open")
    assert quote.speaker == "Mrs Lund"
    assert quote.speaker_resolved == "Mrs Lund"


def test_a_dash_aside_after_an_owned_head_keeps_the_name_and_its_role() -> None:
    text = "Ola Berg, head of Fjord Foods - a firm that sells smoked fish - believes prices will rise."
    quote = _holding(text, "prices will rise")
    assert quote.speaker == "Ola Berg, head of Fjord Foods"
    assert quote.speaker_resolved == "Ola Berg"


def test_a_single_dash_before_a_speaker_is_no_aside() -> None:
    """Near miss: one dash joins two clauses; the speaker after it is read as before."""
    quote = _holding("Prices rose again - the bakers' union said on Monday that it would strike.", "strike")
    assert quote.speaker == "the bakers' union"


def test_a_chain_of_dash_asides_is_read_in_linear_time() -> None:
    """Hostile input: asides after asides before one cue are not read one inside the other."""

    def cost(n: int) -> float:
        text = "Mrs Lund" + " - a nurse" * n + " - said that the ward must stay open."
        start = time.process_time()
        extract_quotes(text)
        return time.process_time() - start

    small, large = min(cost(500) for _ in range(3)), min(cost(5000) for _ in range(3))
    assert large <= 20 * small + 0.05


# --------------------------------------------------------------------------- participle openers


@pytest.mark.parametrize(
    "text",
    [
        "Having noted that the rules changed, Anna Berg emphasised that the harbour would open.",
        "Having stressed that the rules changed, Anna Berg said that the harbour would open.",
        "Having argued that the rules changed, Anna Berg said that the harbour would open.",
    ],
)
def test_a_participle_opener_is_no_speaker_the_main_subject_is(text: str) -> None:
    quotes = _quotes(text)
    assert [q[0] for q in quotes] == ["Anna Berg", "Anna Berg"], quotes
    assert quotes[0][3] == "the rules changed"


def test_having_said_that_is_the_writers_idiom() -> None:
    assert _quotes("Having said that, the harbour will open in May.") == []


def test_a_noun_cue_after_an_opener_is_no_ones_named() -> None:
    """``Following claims that X, Berg said Y``: the claims are not Berg's."""
    quote = _holding("Following claims that the harbour leaks, Anna Berg said that it would open.", "leaks")
    assert quote.speaker is None


def test_a_participle_opener_keeps_the_speaker_of_the_main_clause() -> None:
    """Near miss: ``Speaking to reporters, X said`` keeps X; a name in -ing still speaks."""
    assert _holding(
        "Speaking to reporters, Anna Berg said that the harbour would open.", "harbour"
    ).speaker == ("Anna Berg")
    assert _holding("Pickering said that the harbour would open in May.", "harbour").speaker == "Pickering"


# --------------------------------------------------------------------------- coordinated subjects


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "To our regret, senior diplomats in Europe and the United States are urging that the talks resume.",
            "senior diplomats in Europe and the United States",
        ),
        ("Anna Berg and Ola Lund said that the talks would resume in May.", "Anna Berg and Ola Lund"),
        (
            "The unions and the government have said that the talks will resume.",
            "The unions and the government",
        ),
    ],
)
def test_a_coordinated_subject_is_the_speaker_whole_and_resolves_to_nobody(text: str, speaker: str) -> None:
    quote = _holding(text, "the talks")
    assert quote.speaker == speaker
    assert quote.speaker_resolved is None


def test_a_clause_before_and_is_no_first_conjunct() -> None:
    """Near miss: ``He left early and the minister said``, ``…, and the minister said``."""
    assert _holding("He left early and the minister said that the talks would resume.", "talks").speaker == (
        "the minister"
    )
    text = "The ferry was late, and the minister said that the talks would resume."
    assert _holding(text, "talks").speaker == "the minister"


# --------------------------------------------------------------------------- let's


@pytest.mark.parametrize(
    "text",
    [
        "Let's say there is a harbour and the ferries pay for the berths.",
        "Let’s hope the harbour opens before the summer season.",
    ],
)
def test_lets_proposes_and_reports_nothing(text: str) -> None:
    assert _quotes(text) == []


def test_a_name_ending_in_an_apostrophe_s_still_reports() -> None:
    """Near miss: only ``Let's`` goes; ``Berg's said`` (a firm) is a speaker."""
    assert (
        _holding("Berg's said that it would open four new bakeries next year.", "bakeries").speaker
        == "Berg's"
    )


# --------------------------------------------------------------------------- a sentence adverb before the speaker


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Privately officials believe the harbour will close before winter.", "officials"),
        ("Frankly, we assumed that the ferry fares would rise again.", "we"),
        ("Ultimately, Dr Brandt fears the harbour will close before winter.", "Dr Brandt"),
    ],
)
def test_a_leading_sentence_adverb_is_no_part_of_the_speaker(text: str, speaker: str) -> None:
    assert _holding(text, "harbour" if "harbour" in text else "fares").speaker == speaker


def test_a_name_or_adjective_in_ly_still_opens_the_speaker() -> None:
    """Near miss: ``Carly Brandt`` is a name, ``Early figures`` an adjective and its noun."""
    assert _holding("Carly Brandt said that the harbour would close.", "harbour").speaker == "Carly Brandt"
    assert _holding("Early voters said that the harbour would close.", "harbour").speaker == "Early voters"


# --------------------------------------------------------------------------- a possessive before a noun cue


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("The union studied the council's plans to close the harbour next year.", "the council"),
        ("The board rejected the pilots' claims that the runway was unsafe.", "the pilots"),
    ],
)
def test_a_possessive_before_a_noun_cue_is_its_owner(text: str, speaker: str) -> None:
    assert _holding(text, "harbour" if "harbour" in text else "runway").speaker == speaker


def test_a_possessive_firm_before_a_verb_cue_stays_whole() -> None:
    """Near miss: ``Berg's denied`` is a verb after a firm's name."""
    assert _holding("Berg's denied that it would close the bakery.", "bakery").speaker == "Berg's"


# --------------------------------------------------------------------------- a participle's subject is a thing


def test_a_thing_is_no_participle_speaker() -> None:
    """``The decision came after …, and vowing …``: the participle is no doing of the decision."""
    text = "The decision came after the board rewarded the town for building a harbour and vowing to repay the loans."
    quote = _holding(text, "repay")
    assert quote.cue == "vowing"
    assert quote.speaker is None


def test_a_person_or_a_pair_is_a_participle_speaker() -> None:
    """Near miss: people before the participle still speak."""
    text = "The pair left the court early, claiming that they had been ill all week."
    assert _holding(text, "ill").speaker == "The pair"
    text = "The mayor left the hall early, saying that the harbour would close."
    assert _holding(text, "harbour").speaker == "The mayor"


# --------------------------------------------------------------------------- age and origin appositions


@pytest.mark.parametrize(
    "text",
    [
        "One of the riders, Jo Lund, 41, from Kelby, Westshire, said he would plead not guilty.",
        "Jo Lund, 41, from Kelby, Westshire, said he would plead not guilty.",
        "Jo Lund, aged 41, of Kelby, said he would plead not guilty.",
    ],
)
def test_an_age_or_origin_apposition_is_never_the_speaker(text: str) -> None:
    speaker = _holding(text, "guilty").speaker
    assert speaker is not None
    assert speaker.startswith("Jo Lund")


def test_a_role_apposition_with_a_place_is_read_as_before() -> None:
    """Near miss: ``MP for Kelby, Westshire`` is a role with a place, no origin chain."""
    text = "Mr Lund, MP for Kelby, Westshire, said he would plead not guilty."
    assert _holding(text, "guilty").speaker == "Mr Lund, MP for Kelby, Westshire,"
    text = "A rider from Kelby, Westshire, said he would plead not guilty."
    assert _holding(text, "guilty").speaker == "A rider from Kelby, Westshire,"


# --------------------------------------------------------------------------- an opening adverbial is no content


def test_an_opening_prepositional_phrase_is_no_content() -> None:
    """``At the end of the tour, Doe told reporters …``: the phrase says when, the clause after
    the addressee is what was told."""
    text = "At the end of the tour, Lund told the Gazette the band were tired of travelling."
    quote = _holding(text, "tired")
    assert quote.speaker == "Lund"
    assert quote.quote_text == "the band were tired of travelling"
    assert _quotes("In an interview last week, Lund told reporters.") == []


def test_a_clause_before_the_speaker_is_still_content() -> None:
    """Near miss: ``With luck we will …`` is a clause (a subject and a verb); ``In May, he said,
    …`` is a parenthetical frame."""
    assert _holding("With luck we will reach the final again, Lund said.", "final").speaker == "Lund"
    quote = _holding("In May, he said, the bridge will reopen to traffic.", "bridge")
    assert "the bridge will reopen" in quote.quote_text


def test_told_an_addressee_a_clause_opening_with_a_determined_subject() -> None:
    """``told the court the firm had …``: the addressee is skipped, the clause reported; never
    the addressee itself."""
    quote = _holding("Lund told the court the firm had hidden its losses for years.", "losses")
    assert quote.quote_text == "the firm had hidden its losses for years"
    assert _quotes("Lund told the court.") == []


# --------------------------------------------------------------------------- according to X, Y said


def test_a_subject_saying_it_after_according_to_is_the_speaker() -> None:
    """``According to its accounts, the firm said …``: the firm says it; the accounts are where
    the writer read it."""
    quote = _holding("According to its latest report, the Harbour Trust said it lost money in 2003.", "lost")
    assert quote.speaker == "the Harbour Trust"
    assert quote.quote_text == "it lost money in 2003"


def test_according_to_with_no_inner_speech_keeps_its_source() -> None:
    """Near miss: no verb of speech after the subject (``added`` jobs is no speech)."""
    assert _holding("According to the ministry, the harbour will close next year.", "harbour").speaker == (
        "the ministry"
    )
    text = "According to official payroll figures, US firms added only 146 jobs in the town in May."
    quote = _holding(text, "jobs")
    assert quote.cue == "According to"


# --------------------------------------------------------------------------- Name from Org said


def test_a_person_from_an_organisation_is_the_person_with_the_firm() -> None:
    """``"…," Peter Hall from Acme Systems said``: the person speaks, with the firm he is from;
    the firm alone is no speaker."""
    quote = _holding(
        '"We expect strong growth in all of our markets," Peter Hall from Acme Systems said.', "growth"
    )
    assert (quote.speaker, quote.speaker_resolved) == ("Peter Hall from Acme Systems", "Peter Hall")


def test_from_after_no_person_still_ends_the_speaker() -> None:
    """Near miss: ``A letter from Acme Systems said``: no person before ``from``, the firm speaks."""
    text = "A letter from Acme Systems said that the price of the new phones would rise by ten percent."
    assert _holding(text, "price").speaker == "Acme Systems"


# --------------------------------------------------------------------------- a time phrase before the subject


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "Earlier this year economists calculated that the new toll would cost far more than planned.",
            "economists",
        ),
        (
            "In 2003 Harbour Freight said it had doubled the number of its customers in the north.",
            "Harbour Freight",
        ),
        (
            "Last week opposition councillors warned that the new toll would cost far more than planned.",
            ("opposition councillors"),
        ),
        ("In March Acme Systems announced that it would open a new plant near the river.", "Acme Systems"),
    ],
)
def test_a_leading_time_phrase_is_no_part_of_the_speaker(text: str, speaker: str) -> None:
    """``Earlier this year economists calculated …``: the time phrase is an adverbial, not a
    modifier of the subject."""
    quote = extract_quotes(text)[0]
    assert quote.speaker == speaker


def test_a_month_name_or_a_number_with_no_time_lead_stays_in_the_speaker() -> None:
    """Near miss: ``April Lund said`` is a name and ``20 firms`` a count, with no lead word."""
    assert _holding(
        "April Lund said that the new toll would cost far more than planned.", "toll"
    ).speaker == ("April Lund")
    assert _holding(
        "Just 20 firms said that the new toll would cost far more than planned.", "toll"
    ).speaker == ("20 firms")


# --------------------------------------------------------------------------- …, said <role> <Name>.


def test_a_source_closing_the_sentence_after_said_is_the_inverted_speaker() -> None:
    """``X has ruined Delta, once the largest bank in the region, said chairman John Miller.``:
    the apposition before the comma reads like a speaker, but a noun phrase alone after ``said``
    is no content: the frame is inverted."""
    text = "The merger has ruined Delta, once the largest bank in the region, said chairman John Miller."
    quote = _holding(text, "merger")
    assert (quote.speaker, quote.speaker_resolved) == ("chairman John Miller", "John Miller")
    assert quote.quote_text == "The merger has ruined Delta, once the largest bank in the region"


def test_a_person_object_or_a_clause_after_the_cue_is_no_inverted_speaker() -> None:
    """Near misses: ``accused Mr Lund of …`` takes a person for its object, and ``said the merger
    would …`` a clause: the subject before the cue still speaks."""
    text = "Ola Berg, for the opposition, accused Mr Lund of hiding the cost of the new bridge."
    assert _holding(text, "hiding").speaker == "Ola Berg, for the opposition,"
    text = "Delta, once the largest bank in the region, said the merger would ruin its business."
    assert _holding(text, "merger").speaker == "Delta, once the largest bank in the region,"


def test_a_long_clause_closing_the_sentence_after_said_is_content() -> None:
    """Near miss: ``…, said Jo Lund's report didn't help the town.`` is a clause, not a source."""
    text = "Ola Berg, who studies the harbour trade at the university, said Jo Lund's report didn't help the town."
    quote = _holding(text, "report")
    assert (quote.speaker, quote.quote_text) == ("Ola Berg", "Jo Lund's report didn't help the town")


# --------------------------------------------------------------------------- wrote to X urging …


def test_a_participle_after_an_addressee_belongs_to_the_subject() -> None:
    """``The Bishop of Leeds wrote to all three parties urging them …``: the bishop urges; the
    object of ``to`` is who was written to."""
    text = "The Bishop of Leeds wrote to all three parties urging them not to fight over the new bridge."
    assert _holding(text, "bridge").speaker == "The Bishop of Leeds"
    text = "Ola Berg sent a letter to the harbour board saying that the new bridge would cost too much."
    assert _holding(text, "bridge").speaker == "Ola Berg"


def test_a_participle_after_a_noun_and_to_keeps_its_own_subject() -> None:
    """Near miss: ``in response to residents questioning …``: the residents question; after a
    noun such as ``response`` the object of ``to`` is no addressee."""
    text = "The mayor acted in response to residents questioning how the new bridge could cost so much."
    assert _holding(text, "bridge").speaker == "residents"


# --------------------------------------------------------------------------- …, explained its goals and …


def test_a_possessive_noun_phrase_going_on_after_the_cue_is_no_inverted_speaker() -> None:
    """``Mr Brown met him on Monday, explained its aims and goals, and told …``: ``its aims`` is
    what was explained, not who explained; and in ``…, said her client was likely to sue`` the
    possessive opens the content."""
    text = "Mr Brown met the mayor on Monday, explained its aims and goals, and told him the plan would work."
    assert all(q.speaker == "Mr Brown" for q in extract_quotes(text)), _quotes(text)
    text = "The talks ended early on Monday, said her client was likely to sue the harbour board."
    assert all(q.speaker != "her client" for q in extract_quotes(text)), _quotes(text)


def test_a_possessive_speaker_closing_an_inverted_frame_still_speaks() -> None:
    """Near miss: ``"…," said her lawyer.`` closes the sentence: an inverted speaker."""
    text = 'The mayor spoke on Monday. "The bridge will open in the spring and the road in the summer," said her lawyer.'
    assert _holding(text, "bridge").speaker == "her lawyer"
