"""Tests for the quote extractor's validity rules: what is not a quote, and which speakers are sources.

Naming verbs (``drills called Union Resolve``), evidence verbs with a thing as subject (``this
shows``), passives (``was found dead``) and fragments read as speakers (``scotch``, ``Among
sweeteners``, ``000 hours of``) are covered here and in :mod:`tests.transforms.quotes.test_sources`;
:mod:`tests.transforms.quotes.test_extract` covers the
rest of the extractor. The snippets are fictional news written for these tests.
"""

from __future__ import annotations

import pytest

from tests.helpers import only_quote
from transforms.quotes import (
    ACCORDING_TO_NORMS,
    DANGLING_LAST_WORDS,
    LONE_ADVERBS,
    NAMING_PHRASES,
    NAMING_VERBS,
    NOUN_LIKE_CUES,
    THING_PRONOUNS,
    extract_quotes,
    is_fragment_mention,
    is_source_mention,
)


def _none(text: str) -> None:
    quotes = extract_quotes(text)
    assert quotes == [], [(q.quote_text, q.speaker, q.cue) for q in quotes]


# --------------------------------------------------------------------------- naming verbs

NAMED = {
    "called": "Ferry staff held a strike called Harbour Watch on the quay last week.",
    "calls": "The crew has a boat it calls Northern Star in the harbour.",
    "calling": "The crew set up a group calling itself Harbour Watch last week.",
    "named": "A new ferry named Northern Star will sail from Bergen on Monday.",
    "titled": "The board sold a ferry titled Northern Star to the council.",
    "entitled": "The board opened a show entitled Ships of the North on Friday.",
    "dubbed": "The bridge plan, dubbed Operation Sunrise by the council, will cost more.",
    "nicknamed": "A ferry nicknamed Old Slowcoach by riders sank on Monday.",
    "christened": "The ferry, christened Northern Light in 1990, will be sold.",
    "termed": "The scheme, termed Harbour Levy Two, will raise fees next year.",
    "labelled": "A box labelled Northern Star Parts was found on the quay.",
    "labeled": "A box labeled Northern Star Parts was found on the quay.",
    "renamed": "The board renamed the ferry Northern Light after a public vote.",
}
TITLED = (
    "The council published a report {verb} “Why every bridge in the north needs a second lane” on Monday."
)


@pytest.mark.parametrize("verb", sorted(NAMING_VERBS))
def test_a_naming_verb_before_a_name_is_no_quote(verb: str) -> None:
    _none(NAMED[verb])


@pytest.mark.parametrize("verb", sorted(NAMING_VERBS) + list(NAMING_PHRASES))
def test_a_naming_verb_before_a_quoted_title_is_no_quote(verb: str) -> None:
    _none(TITLED.format(verb=verb))


def test_the_naming_verb_table_has_a_sentence_for_each_verb() -> None:
    assert set(NAMED) == NAMING_VERBS


@pytest.mark.parametrize(
    "text",
    [
        "Halvorsen was called a coward by the union.",  # a passive names its subject
        "Halvorsen called Berg on Monday.",  # a phone call
        "The ferry, known as “the slowest boat in the whole northern fleet”, sailed at noon.",
    ],
)
def test_naming_and_calling_uses_are_no_quotes(text: str) -> None:
    _none(text)


@pytest.mark.parametrize(
    ("text", "content", "cue"),
    [
        ("Halvorsen called for calm after the ferry sank.", "calm", "called for"),
        ("Halvorsen called on the council to delay the vote.", "the council to delay the vote", "called on"),
        ("Halvorsen called it “a disgrace to the whole town”.", "a disgrace to the whole town", "called"),
        ("Halvorsen called the decision “a mistake”.", "the decision “a mistake”", "called"),
        ("Halvorsen called Berg a coward on Monday.", "Berg a coward", "called"),
        ("Halvorsen called Berg’s plan “a waste of money”.", "Berg’s plan “a waste of money”", "called"),
        ("Halvorsen calls Berg ‘a coward’ in his new book.", "Berg ‘a coward’", "calls"),
        (
            "The mayor denounced what Halvorsen called “a betrayal of the north”.",
            "a betrayal of the north",
            "called",
        ),
    ],
)
def test_reporting_uses_of_call_still_report(text: str, content: str, cue: str) -> None:
    q = only_quote(text)
    assert content in q.quote_text
    assert q.cue == cue
    assert q.speaker == "Halvorsen"


# --------------------------------------------------------------------------- evidence verbs


@pytest.mark.parametrize("pronoun", sorted(THING_PRONOUNS))
def test_evidence_verbs_after_a_pronoun_of_a_thing_are_no_quotes(pronoun: str) -> None:
    _none(f"{pronoun.capitalize()} shows that the ferry timetable is wrong again.")
    _none(f"The ferry was late again, and {pronoun}, of course, suggests that the timetable is wrong.")


@pytest.mark.parametrize(
    "text",
    [
        "The ferry was late again, which indicates that the timetable is wrong.",
        "His popularity shows how deeply the board misjudged its riders.",  # the writer's comment
        "The crew showed no sign of backing down on Tuesday.",
        "This means that the ferry will be late again next week.",  # not evidence cues at all
        "This proves that the ferry timetable was wrong all along.",
        "This demonstrates that the ferry timetable was wrong all along.",
    ],
)
def test_evidence_verbs_without_a_source_are_no_quotes(text: str) -> None:
    _none(text)


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("The survey shows that most riders want a second ferry.", "The survey"),
        ("Polls suggest that most riders want a second ferry.", "Polls"),
        ("The minister suggests that the ferry should be sold.", "The minister"),
        ("The harbour master revealed that the ferry had been sold.", "The harbour master"),
    ],
)
def test_evidence_verbs_after_a_source_still_report(text: str, speaker: str) -> None:
    assert only_quote(text).speaker == speaker


# --------------------------------------------------------------------------- other things that are not said


@pytest.mark.parametrize(
    "text",
    [
        "Halvorsen has been found dead at his home in Tromso.",  # a passive: no one speaks
        "The 33-year-old was found guilty of dumping waste in the harbour.",
        "Those arrested are accused of running the ferry without a licence.",
        "Chelsea were frustrated but Berg added a second with a shot in injury time.",  # an object
        "The ferry company has agreed a new deal with the port authority.",
        "The door is open and who knows what the next few months will hold.",  # a question
        "Until then, the ferry will be a message that is not getting through.",  # a relative clause
    ],
)
def test_sentences_that_report_nothing(text: str) -> None:
    _none(text)


def test_a_passive_report_with_that_has_no_speaker() -> None:
    q = only_quote("Halvorsen was told that the ferry would not sail again this winter.")
    assert q.speaker is None
    assert q.quote_text == "the ferry would not sail again this winter"


# --------------------------------------------------------------------------- views need a holder


def test_every_attitude_verb_is_a_reporting_cue() -> None:
    from transforms.quotes import ATTITUDE_VERBS, REPORTING_CUES

    for verb in ATTITUDE_VERBS:
        assert verb.replace("-", " ") in REPORTING_CUES, verb


@pytest.mark.parametrize(
    "text",
    [
        "The music seemed to match the mood of the crowd on the quay.",  # the writer's impression
        "A hamstring injury denied Berg the chance to play on Saturday.",
    ],
)
def test_an_attitude_verb_after_a_thing_reports_nothing(text: str) -> None:
    _none(text)


@pytest.mark.parametrize(
    ("text", "speaker", "cue"),
    [
        ("The harbour master seemed to think the ferry would be late.", "The harbour master", "seemed"),
        ("The ferry company has strongly denied any wrongdoing.", "The ferry company", "denied"),
        (  # either part of an apposition may name the source
            "Halvorsen’s running mate, Mayor Jo Berg, plans to release her tax returns soon.",
            "Halvorsen’s running mate, Mayor Jo Berg,",
            "plans",
        ),
    ],
)
def test_an_attitude_verb_after_a_source_still_reports(text: str, speaker: str, cue: str) -> None:
    q = only_quote(text)
    assert (q.speaker, q.cue) == (speaker, cue)


def test_a_time_and_a_participle_before_the_cue_leave_the_subject_as_speaker() -> None:
    q = only_quote("A report released last year found that the ferry was unsafe.")
    assert (q.speaker, q.cue, q.quote_text) == ("A report", "found", "the ferry was unsafe")


def test_quoted_as_saying_after_the_words_is_a_trailing_frame() -> None:
    q = only_quote("Ferry fares are “far too high”, the paper quoted Mr Berg as saying.")
    assert (q.speaker, q.cue, q.kind) == ("Mr Berg", "saying", "mixed")
    assert q.quote_text == "Ferry fares are “far too high”"


def test_a_speaker_read_after_a_quotation_loses_its_dangling_function_words() -> None:
    text = "“The rule is unlawful,” Jo Berg, the mayor of Tromso, one of the towns that sued, said on Monday."
    q = only_quote(text)
    assert q.speaker is not None and q.speaker.startswith("Jo Berg, the mayor of Tromso")
    assert is_source_mention(q.speaker)


@pytest.mark.parametrize(
    "text",
    [
        "It is thought that block bookings will go to the big hotels.",  # the writer's hedge
        "Recent storms suggest probably not.",  # evidence without a holder
        "The broken bridge shows that the council was wrong.",
    ],
)
def test_reports_without_a_holder_are_no_quotes(text: str) -> None:
    _none(text)


def test_a_relative_which_after_an_organisation_is_its_speaker() -> None:
    q = only_quote("The ferry company, which has strongly denied any wrongdoing, met on Monday.")
    assert (q.speaker, q.cue) == ("which", "denied")


def test_called_on_before_a_quoted_request_reports() -> None:
    q = only_quote("Halvorsen called on the council to “really look at this again” before the vote.")
    assert (q.speaker, q.cue, q.kind) == ("Halvorsen", "called on", "mixed")


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Ferry chief Jo Berg on Friday told reporters that the route would close.", "Jo Berg"),
        ("Nordferje this week announced that it had sold two boats.", "Nordferje"),
        ("“Fares will rise,” he is quoted as saying.", "he"),
        ("The airline said the decision was a commercial one.", "The airline"),  # kept though unlisted
    ],
)
def test_speaker_readings_skip_times_and_keep_determined_phrases(text: str, speaker: str) -> None:
    assert only_quote(text).speaker == speaker


def test_a_bare_phrase_that_is_no_source_is_dropped() -> None:
    for q in extract_quotes("Traders were cheered by more encouraging reports from retailers about sales."):
        assert q.speaker is None, q.speaker


# --------------------------------------------------------------------------- quotations whose paragraphs share a line


def test_a_quotation_whose_paragraphs_were_joined_on_one_line_is_one_quote() -> None:
    # each paragraph of the quotation opened with a mark and only the last one closed; joined on
    # one line, pairing the marks two by two made "“ said Halvorsen. The …“" a quotation
    text = (
        'Halvorsen was upbeat. "The crossing was rough but the crew did well. I think the boat is '
        'fine. "These people are not robots, they have good weeks and bad weeks," said Halvorsen. '
        "The board will meet on Monday."
    )
    quotes = extract_quotes(text)
    assert len(quotes) == 1, [(q.quote_text, q.speaker) for q in quotes]
    q = quotes[0]
    assert (q.speaker, q.cue, q.kind) == ("Halvorsen", "said", "direct")
    assert len(q.fragments) == 2
    assert text[q.fragments[0][0] : q.fragments[0][1]].endswith("the boat is fine.")
    assert text[q.fragments[1][0] :].startswith('"These people')


def test_a_cue_inside_a_long_quotation_reports_nothing() -> None:
    text = (
        'Halvorsen said: "I am glad we won but gutted that we had to go that far. "Berg got everything '
        'but it seems that he could not help but return to his old ways."'
    )
    quotes = extract_quotes(text)
    assert [(q.speaker, q.cue) for q in quotes] == [("Halvorsen", "said")]


def test_am_between_speaker_and_cue_is_skipped() -> None:
    assert only_quote("I am convinced that the new ferry route will pay for itself.").speaker == "I"


def test_a_relative_clause_between_subject_and_cue_leaves_the_subject_as_speaker() -> None:
    q = only_quote("Berg, who lives by the quay, said the ferry was late again.")
    assert (q.speaker, q.cue) == ("Berg", "said")


# --------------------------------------------------------------------------- contents that are not quotations


@pytest.mark.parametrize(
    "text",
    [
        "Several councillors have expressed concerns about this new ferry timetable.",  # "concerns about"
        "The harbour board supports having an in-house review of fares.",  # "having an"
        "The skippers say they are.",  # "they are"
    ],
)
def test_a_short_content_ending_in_a_function_word_is_no_quote(text: str) -> None:
    _none(text)


@pytest.mark.parametrize(
    ("text", "content"),
    [
        # a longer content may end in a stranded preposition or an auxiliary (ellipsis)
        (
            "The skipper said the new timetable was something most crews would disagree with.",
            "the new timetable was something most crews would disagree with",
        ),
        ("Mr Berg said the ferry would not sail, as the board said it would.", None),
        ("Doe criticised the reasons for the delay in Oslo.", "the reasons for the delay"),
    ],
)
def test_a_long_content_or_a_whole_phrase_still_reports(text: str, content: str | None) -> None:
    quotes = extract_quotes(text)
    assert quotes, text
    if content is not None:
        assert quotes[0].quote_text == content


def test_every_dangling_word_is_lower_case_and_no_particle() -> None:
    assert all(w == w.lower() and " " not in w for w in DANGLING_LAST_WORDS)
    assert not DANGLING_LAST_WORDS & {"up", "off", "over", "out", "in", "on", "her", "this", "that", "be"}


@pytest.mark.parametrize(
    "text",
    [
        "Its ministers want to see the wording of the ferry bill changed before the vote.",
        "The mayor wants to see more buses on the coast road this winter.",
        "The strike was called by fishermen, who want a new quota for the northern banks.",
        "Islanders who really want to keep the old pier have set up a trust.",
    ],
)
def test_a_wish_the_writer_describes_is_no_quote(text: str) -> None:
    _none(text)


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("The mayor wants to build a second pier by 2030.", "to build a second pier by 2030"),
        ('The mayor wants to see "proper checks" on every ferry.', 'to see "proper checks" on every ferry'),
    ],
)
def test_a_wish_of_a_named_holder_or_in_quoted_words_still_reports(text: str, content: str) -> None:
    q = only_quote(text)
    assert (q.speaker, q.quote_text) == ("The mayor", content)


@pytest.mark.parametrize(
    ("text", "content"),
    [
        (
            "An ankle injury denied Berg the chance to start, but the winger is expected to be fit for the final.",
            "the winger is expected to be fit for the final",
        ),
        (
            "The old ferry was sold in May; the new one is expected to sail from Bergen in June.",
            "the new one is expected to sail from Bergen in June",
        ),
        (  # the subject is shared: the clause keeps it
            "Berg will not coach the crews, but will be expected to change the whole rota before May.",
            "Berg will not coach the crews, but will be expected to change the whole rota before May",
        ),
    ],
)
def test_a_passive_report_is_its_own_clauseonly_quote(text: str, content: str) -> None:
    q = only_quote(text)
    assert (q.quote_text, q.speaker) == (content, None)


@pytest.mark.parametrize(
    ("text", "content", "speaker"),
    [
        (
            "More significantly, argues the report, ferries are drawing people back to the islands.",
            "ferries are drawing people back to the islands",
            "the report",
        ),
        ("Most importantly, say analysts, the fares have not risen.", "the fares have not risen", "analysts"),
        # a lone adverb in -ly is the writer's too
        (
            "Significantly, said Mr Berg, the pier had never been tested.",
            "the pier had never been tested",
            "Mr Berg",
        ),
        ("Interestingly, said Ms Dahl, the fares fell in May.", "the fares fell in May", "Ms Dahl"),
        (
            "Crucially, argued the report, the pier had never been tested.",
            "the pier had never been tested",
            "the report",
        ),
    ],
)
def test_a_sentence_adverb_before_an_inverted_cue_is_the_writers(
    text: str, content: str, speaker: str
) -> None:
    q = only_quote(text)
    assert (q.quote_text, q.speaker) == (content, speaker)


def test_a_sentence_adverb_alone_before_an_inverted_cue_is_no_quote() -> None:
    _none("More significantly, argues the report.")
    _none("Significantly, argues the report.")


@pytest.mark.parametrize("name", ["Italy", "Desailly", "Kelly"])
def test_a_name_in_ly_stays_a_speaker(name: str) -> None:
    # ends in -ly but is no adverb (bbc-news-2005 lost "Italy refused …" to a bare -ly rule)
    q = only_quote(f"{name} refused to rule out an interest in the ferry company.")
    assert q.speaker == name


def test_a_decision_to_act_is_no_quote() -> None:
    _none("The club decided to sack the striker before his case was heard.")
    _none("It was previously decided that the pier would close in May.")  # the writer's hedge


def test_a_decision_that_a_clause_holds_still_reports() -> None:
    q = only_quote("The court decided that the ferry fares were unlawful.")
    assert (q.quote_text, q.speaker) == ("the ferry fares were unlawful", "The court")


def test_an_agreement_to_act_is_no_quote() -> None:
    _none("The outgoing directors have agreed to leave their loans in the ferry company until 2030.")


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("The skippers agreed that the new timetable was too tight.", "the new timetable was too tight"),
        ("The mayor agreed to a short interview on the quay.", "to a short interview on the quay"),
    ],
)
def test_an_agreement_on_a_view_or_a_thing_still_reports(text: str, content: str) -> None:
    assert only_quote(text).quote_text == content


def test_a_mark_that_can_only_close_opens_no_quotation() -> None:
    # the quotation closed here opened in a lost mark: the narration after it is no quote
    _none(
        'Mayor Berg hailed the new pier. Fares will fall." The board meets on Monday to set a date for the vote.'
    )
    _none("The crossing is 5' 10\" tall at the bow of the ferry.")  # inches, not a quotation


def test_narration_between_a_closing_and_an_opening_mark_is_not_quoted() -> None:
    text = (
        'The ferry will return." The hearing is set for 20 May in the High Court, and the crews will '
        'attend. "We will fight to the end," Berg said.'
    )
    q = only_quote(text)
    assert (q.quote_text, q.speaker) == ('"We will fight to the end,"', "Berg")


@pytest.mark.parametrize(
    "text",
    [
        "Ferry use rose by 40,000 trips since 1997, according to official statistics.",
        "According to preliminary figures, ferry use rose by a third last year.",
    ],
)
def test_according_to_records_of_no_one_is_no_quote(text: str) -> None:
    _none(text)


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Ferry use rose by a third, according to data from the harbour board.", "data"),
        ("According to the data, ferry use rose by a third last year.", "the data"),  # refers back
    ],
)
def test_according_to_records_with_an_owner_still_reports(text: str, speaker: str) -> None:
    assert only_quote(text).speaker == speaker


@pytest.mark.parametrize(
    "text",
    [
        "The referee denied Berg a clear penalty in the second half.",
        "The mayor denied him the chance to speak at the meeting.",
        "An ankle injury denied Ola Berg a place in the final.",
        "The mayor denied them access to the harbour files.",  # a bare second object
        "The board denied the young skipper a new licence.",  # a person, then the thing refused
        "The board denied her husband a licence.",  # "her" as a determiner
    ],
)
def test_deny_with_two_objects_withholds_and_is_no_quote(text: str) -> None:
    _none(text)


def test_deny_with_two_objects_leaves_the_sentence_to_its_reporter() -> None:
    q = only_quote("The club denied the skipper a new contract, his agent said.")
    assert (q.speaker, q.cue, q.quote_text) == (
        "his agent",
        "said",
        "The club denied the skipper a new contract",
    )


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("Berg denied that the ferry was late.", "the ferry was late"),
        ("Berg denied Oslo had any role in the sale.", "Oslo had any role in the sale"),
        ("The mayor denied the claims made by the crews.", "the claims made by the crews"),
        # a weekday or month after the verb is when, not whom: the report stays; a claim noun's
        # "that" clause is the claim's, reported whole (cues.toml: deny disowns)
        (
            "The Harbour Board denied Monday the reports that ferries had stopped.",
            "the reports that ferries had stopped",
        ),
        ("Berg denied in March the reports that the ferry was late.", "the reports that the ferry was late"),
        ("The mayor denied the reports the crews had filed.", "the reports the crews had filed"),  # a record
        ("Berg denied her involvement in the sale.", "her involvement in the sale"),  # a possessive
        ("Berg denied the skipper was paid.", "the skipper was paid"),  # a clause, not two objects
        (
            "Berg denied an earlier report that the ferry was late.",
            "an earlier report that the ferry was late",
        ),  # "earlier": no person
    ],
)
def test_deny_of_a_claim_still_reports(text: str, content: str) -> None:
    assert only_quote(text).quote_text == content


def test_deny_before_a_weekday_keeps_its_report() -> None:
    q = only_quote("Berg denied Tuesday any part in the sale of the ferry.")
    assert (q.speaker, q.cue) == ("Berg", "denied")


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # a naming participle inside the apposition: the noun phrase before it speaks
        (
            "A spokesman for the ferry company, named as Ola Berg, said the pier would close.",
            "A spokesman for the ferry company",
        ),
        (
            "A spokeswoman for the harbour board, named as Jo Dahl, said the pier would close.",
            "A spokeswoman for the harbour board",
        ),
        # a name in apposition to a person of an organisation: all of it, never the organisation alone
        (
            "The director of the harbour board, Ola Berg, said the pier would close.",
            "The director of the harbour board, Ola Berg,",
        ),
        (
            "Director of the Friends of the Pier Trust, Ola Berg, said the pier would close.",
            "Director of the Friends of the Pier Trust, Ola Berg,",
        ),
    ],
)
def test_the_owner_of_an_apposition_speaks_whole(text: str, speaker: str) -> None:
    q = only_quote(text)
    assert (q.speaker, q.cue, q.quote_text) == (speaker, "said", "the pier would close")


def test_an_organisation_after_a_preposition_is_no_subject_before_an_aside() -> None:
    # "at the company, which began in May," is no subject: "plans" is a noun here
    quotes = extract_quotes(
        "Under Berg's tenure at the company, which began in May, plans to cut 300 jobs were announced."
    )
    assert [q.speaker for q in quotes if q.speaker == "the company"] == []
    q = only_quote(
        "The harbour office lost staff within the department, which had hampered its work, said the ferry committee."
    )
    assert (q.speaker, q.cue) == ("the ferry committee", "said")


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # capitalised words joined by for/of/and/on/de are one organisation's name
        (
            "Figures from the Office for Harbour Statistics show that ferry use rose.",
            "the Office for Harbour Statistics",
        ),
        (
            "Ferry use rose, according to the Office for Harbour Statistics.",
            "the Office for Harbour Statistics",
        ),
        ("The Bank of Nordland said that rates would rise.", "The Bank of Nordland"),
        ("Rates will rise, said the Institute for Ferry Studies.", "the Institute for Ferry Studies"),
        ("The Committee on Harbour Affairs said the pier was unsafe.", "The Committee on Harbour Affairs"),
        ("The Ports and Ferries Authority said the pier was unsafe.", "The Ports and Ferries Authority"),
        ("The Banque de Nordie said that rates would rise.", "The Banque de Nordie"),
        # a weekday or month after "on" is a time, not part of a name
        ("Berg on Friday said the pier was unsafe.", "Berg"),
        ("The pier is unsafe, said Berg on Friday.", "Berg"),
        # a role joined to a place is a second apposition: the name before it stays the speaker's head
        (
            "Mr Dahl, MP for Nordby-on-Sea, Vestland, said the pier was unsafe.",
            "Mr Dahl, MP for Nordby-on-Sea, Vestland,",
        ),
    ],
)
def test_organisation_names_are_whole(text: str, speaker: str) -> None:
    assert only_quote(text).speaker == speaker


def test_a_person_of_a_place_is_not_joined_into_one_name() -> None:
    # a title and a name before "of" are a person: the run is not one organisation's name, and
    # name resolution reads the person (tests/transforms/test_speakers.py has the same sentence)
    q = only_quote("Senator Jo Lund of Ohio said the pier was unsafe.")
    assert (q.speaker, q.speaker_resolved) == ("Ohio", "Jo Lund")


@pytest.mark.parametrize(
    ("text", "first", "second"),
    [
        (
            "The harbour master denied the claims and said he had done nothing wrong.",
            ("denied", "the claims"),
            ("said", "he had done nothing wrong"),
        ),
        (
            "The harbour master denied the claims but said he would resign.",
            ("denied", "the claims"),
            ("said", "he would resign"),
        ),
        (
            "Berg denied wrongdoing and said he would fight on.",
            ("denied", "wrongdoing"),
            ("said", "he would fight on"),
        ),
        (
            "Berg denied the claims made by the crews and added that he would sue.",
            ("denied", "the claims made by the crews"),
            ("added", "he would sue"),
        ),
    ],
)
def test_a_coordinated_second_cue_starts_its_own_report(
    text: str, first: tuple[str, str], second: tuple[str, str]
) -> None:
    quotes = extract_quotes(text)
    assert [(q.cue, q.quote_text) for q in quotes] == [first, second]
    assert quotes[0].speaker == quotes[1].speaker


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        (
            "Berg, 31, is not believed to be as badly hurt as some feared after the “nasty fall” on the quay.",
            "is not believed",
        ),
        ("The skipper is not thought to be as badly hurt as first feared.", "is not thought"),
        ("Lund was never thought to be a candidate for the post of harbour master.", "was never thought"),
        ("The ferry is not expected to sail again until the end of next year.", "is not expected"),
    ],
)
def test_a_negated_passive_belief_has_no_speaker_and_its_subject_is_the_topic(text: str, cue: str) -> None:
    # "X is not believed to be …": what people believe about X, no one named (PolNeAR: the whole
    # clause, no source); the subject is who is talked about, never the speaker
    q = only_quote(text)
    assert (q.speaker, q.cue) == (None, cue)
    assert q.quote_text == text.rstrip(".")


@pytest.mark.parametrize(
    "text",
    [
        "What I said about the harbour also applies to the railway and the new bridge.",
        "What the minister said on Monday has angered the fishing crews in the north.",
        "And what I said earlier concerns the ferries as well as the new bridge.",
    ],
)
def test_a_free_relative_what_x_said_as_subject_is_no_quote(text: str) -> None:
    # "What I said about X" names earlier words as the sentence's subject: nothing is reported
    _none(text)


@pytest.mark.parametrize(
    ("text", "speaker", "content"),
    [
        (
            "What he said was that the pier is far too old for the ferries.",
            "he",
            "the pier is far too old for the ferries",
        ),
        (
            "The rules would end what she said were overly harsh fines for the crews.",
            "she",
            "were overly harsh fines for the crews",
        ),
        (
            "He repeated what he said last week: the pier will close in May.",
            "he",
            "the pier will close in May",
        ),
    ],
)
def test_what_x_said_with_a_report_still_reports(text: str, speaker: str, content: str) -> None:
    q = only_quote(text)
    assert (q.speaker, q.quote_text) == (speaker, content)


def test_a_free_relative_before_a_colon_reports_what_follows() -> None:
    q = only_quote("What I said in my speech: the crews need to invest in the harbour at home.")
    assert (q.speaker, q.quote_text) == ("I", "the crews need to invest in the harbour at home")


@pytest.mark.parametrize(
    "text",
    [
        "I am talking about foreign trade and joint work at the new harbour in the north.",
        "I'm talking about trade and joint work at the new harbour in the north.",
        "And, of course, I am talking about the ferry crews and their families in the north.",
    ],
)
def test_a_speaker_naming_their_own_topic_is_no_quote(text: str) -> None:
    # "I am talking about X": the speaker says what they mean, no one's words are reported
    _none(text)


def test_talking_about_a_clause_still_reports() -> None:
    q = only_quote("I am talking about how the crews can keep their jobs at the harbour.")
    assert (q.speaker, q.quote_text) == ("I", "how the crews can keep their jobs at the harbour")


def test_a_speaker_naming_their_own_topic_after_another_sentence_is_no_quote() -> None:
    quotes = extract_quotes(
        "We backed the crews in every port. I am talking about the ferry lines and the quay."
    )
    assert [q.cue for q in quotes] == ["backed"]


@pytest.mark.parametrize(
    "text",
    [
        "Scrum-half Ola Berg added four conversions as the hosts kept their unbeaten run in the league.",
        "Lund added two goals in the second half as the visitors won the cup final easily.",
        "The new terminal added 1,500 jobs at the harbour in the spring.",
    ],
)
def test_added_with_a_count_is_a_score_not_a_quote(text: str) -> None:
    _none(text)


@pytest.mark.parametrize(
    ("text", "speaker", "content"),
    [
        (
            "“The pier is old,” added two senior officials at the port.",
            "two senior officials",
            "“The pier is old,”",
        ),
        (
            "He added one more point: the pier must close before the winter storms.",
            "He",
            "the pier must close before the winter storms",
        ),
        (
            "He added that two ferries would be sold in the spring.",
            "He",
            "two ferries would be sold in the spring",
        ),
    ],
)
def test_added_with_words_still_reports(text: str, speaker: str, content: str) -> None:
    q = only_quote(text)
    assert (q.speaker, q.quote_text) == (speaker, content)


def test_a_score_leaves_a_later_report_of_the_sentence() -> None:
    quotes = extract_quotes(
        "Berg added three conversions, and Lund said the side had played well all season."
    )
    assert [(q.speaker, q.quote_text) for q in quotes] == [("Lund", "the side had played well all season")]


@pytest.mark.parametrize(
    "text",
    [
        "Lund will announce his squad on Friday at the team's training ground near the harbour.",
        "The coach will formally announce his side for the final at the harbour stadium.",
        "Berg, the skipper, would announce the new crew list at the quay every spring.",
    ],
)
def test_an_announcement_to_come_is_no_quote(text: str) -> None:
    # nothing has been said yet: the act is to come, its object a noun phrase
    _none(text)


@pytest.mark.parametrize(
    ("text", "content"),
    [
        (
            "The mayor will announce that the pier is closed to all ferries until the spring.",
            "the pier is closed to all ferries until the spring",
        ),
        (
            "The mayor will announce whether the pier stays open for ferries over the winter.",
            "whether the pier stays open for ferries over the winter",
        ),
        (
            "The board announced a new timetable for the ferries at the start of the month.",
            "a new timetable for the ferries at the start of the month",
        ),
    ],
)
def test_an_announcement_made_or_of_a_clause_still_reports(text: str, content: str) -> None:
    assert only_quote(text).quote_text == content


@pytest.mark.parametrize(
    ("text", "content"),
    [
        (
            "I want to stress that the heads of our large firms, which are often your partners, are in contact with us.",
            "the heads of our large firms, which are often your partners, are in contact with us",
        ),
        (
            "The mayor said that the crews of the ferries, who have worked there for years, will keep their jobs.",
            "the crews of the ferries, who have worked there for years, will keep their jobs",
        ),
    ],
)
def test_a_relative_aside_of_the_contents_subject_does_not_cut_it(text: str, content: str) -> None:
    # the aside closes with a comma and the verb of the content follows: the subject alone is no report
    assert only_quote(text).quote_text == content


def test_a_relative_clause_after_the_content_still_ends_it() -> None:
    q = only_quote("The mayor said that the pier is far too old, which angered the crews.")
    assert q.quote_text == "the pier is far too old"


@pytest.mark.parametrize(
    "text",
    [
        "The Norwegian sprinter easily claimed the 400m at the indoor meeting in Oslo.",
        "Berg claimed her third national title with a throw of 17.20m on Sunday.",
        "The winter storm claimed three lives along the coast on Friday.",
        "Lund claimed the gold medal in the final race of the season.",
    ],
)
def test_claimed_with_a_prize_is_a_win_not_a_quote(text: str) -> None:
    _none(text)


@pytest.mark.parametrize(
    ("text", "content"),
    [
        (
            "Lund claimed that the title race was fixed from the start.",
            "the title race was fixed from the start",
        ),
        (
            "Lund claimed the world title was decided before the last race.",
            "the world title was decided before the last race",
        ),
        ("Lund claimed victory in the vote on Sunday night.", "victory in the vote on Sunday night"),
        ("Berg claimed the “best title in years” for the club.", "the “best title in years” for the club"),
        ("The minister claimed the new pier would cost far less.", "the new pier would cost far less"),
    ],
)
def test_claimed_with_a_clause_or_a_quotation_still_reports(text: str, content: str) -> None:
    assert only_quote(text).quote_text == content


@pytest.mark.parametrize(
    "text",
    [
        "We must think about the safety of the crews before anything else.",
        "The mayor thinks about the old harbour every single day.",
        "They thought about the new timetable for the ferries for a long while.",
    ],
)
def test_think_about_a_topic_is_no_quote(text: str) -> None:
    _none(text)


@pytest.mark.parametrize(
    ("text", "content"),
    [
        (
            "I think about a week will be enough for the repairs.",
            "about a week will be enough for the repairs",
        ),
        ("I think about it this way: the pier must go.", "the pier must go"),
        ("The mayor thinks the pier is far too old.", "the pier is far too old"),
    ],
)
def test_think_with_a_clause_or_a_colon_still_reports(text: str, content: str) -> None:
    assert only_quote(text).quote_text == content


def test_it_goes_without_saying_is_no_quote() -> None:
    _none("It goes without saying that the old pier must be repaired before the winter.")


def test_saying_after_another_word_still_reports() -> None:
    q = only_quote("Lund left the meeting without a word, saying that the old pier must be repaired.")
    assert q.quote_text == "the old pier must be repaired"


@pytest.mark.parametrize(
    ("text", "content"),
    [
        (
            "The ministers criticised the transfer of pupils that are still in the valley.",
            "the transfer of pupils",  # a criticised noun phrase ends before its relative clause
        ),
        (
            "Ms Varga voiced her readiness to sign a treaty that would also settle the border.",
            "her readiness to sign a treaty that would also settle the border",
        ),
        (
            "Mr Lund said he could not explain the faults that caused the crash.",
            "he could not explain the faults that caused the crash",
        ),
        (
            "The mayor hopes to win the vote in a district that has never backed her party.",
            "to win the vote in a district that has never backed her party",
        ),
    ],
)
def test_a_relative_that_after_the_object_does_not_open_the_content(text: str, content: str) -> None:
    # "that" + a verb qualifies the noun before it; the report's content starts at the cue
    assert only_quote(text).quote_text == content


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("Mr Osei told reporters on Friday that the bridge would reopen.", "the bridge would reopen"),
        ("The council said in a statement that it has closed the road.", "it has closed the road"),
    ],
)
def test_a_that_opening_a_clause_after_the_object_still_opens_the_content(text: str, content: str) -> None:
    assert only_quote(text).quote_text == content


@pytest.mark.parametrize("adverb", sorted(LONE_ADVERBS))
def test_a_lone_adverb_is_no_speaker_in_any_case(adverb: str) -> None:
    assert is_fragment_mention(adverb)
    assert is_fragment_mention(adverb.capitalize())
    assert not is_source_mention(adverb.capitalize())


@pytest.mark.parametrize("name", ["Will", "Still", "Just"])
def test_adverbs_that_are_names_too_stay_speakers(name: str) -> None:
    assert not is_fragment_mention(name)


def test_earlier_between_the_speaker_and_the_cue_is_skipped() -> None:
    quote = only_quote("Hewitt, who has never won here, had earlier said the court was too slow.")
    assert quote.speaker == "Hewitt"
    assert quote.quote_text == "the court was too slow"
    quote = only_quote("Health Secretary Ann Reed earlier warned that members would not forgive it.")
    assert quote.speaker == "Health Secretary Ann Reed"
    assert quote.speaker_resolved == "Ann Reed"


@pytest.mark.parametrize("norm", sorted(ACCORDING_TO_NORMS))
def test_according_to_a_plan_or_a_norm_is_no_source(norm: str) -> None:
    _none(f"The building work is going according to {norm}.")
    _none(f"According to the {norm}, the new bridge will open in the spring of next year.")


def test_according_to_a_source_still_reports() -> None:
    quote = only_quote("According to the planning office, the new bridge will open in the spring.")
    assert quote.speaker == "the planning office"
    assert only_quote("The 2023 plans, according to officials, set aside new land.").speaker == "officials"


@pytest.mark.parametrize(
    "pronoun", ["myself", "ourselves", "themselves", "himself", "herself", "itself", "yourself"]
)
def test_found_oneself_somewhere_is_a_plight_not_a_finding(pronoun: str) -> None:
    _none(f"Within a week they found {pronoun} at the centre of the storm over the budget.")


def test_found_with_a_clause_still_reports() -> None:
    assert only_quote("The inquiry found that the hospital had lost the records.").quote_text == (
        "the hospital had lost the records"
    )


@pytest.mark.parametrize("noun", sorted(NOUN_LIKE_CUES))
def test_a_cue_form_before_which_is_a_noun(noun: str) -> None:
    _none(f"The trial follows earlier allegations against two councillors, {noun} which were denied.")


def test_a_verb_before_which_still_reports() -> None:
    quote = only_quote("The minister asks which of the two routes is cheaper to build.")
    assert quote.quote_text == "which of the two routes is cheaper to build"


@pytest.mark.parametrize(
    "text",
    [
        "The presidents discussed further development of the partnership in energy.",
        "The leaders also discussed the evacuation of students that are still in the city.",
        "Mr Okafor spoke about the region's part in the relief effort.",
        "She talked about her childhood on the island for an hour.",
        "We are talking about very large sums of money here.",
        "The mayor talks about the harbour in every speech.",
    ],
)
def test_a_topic_talked_about_is_no_quote(text: str) -> None:
    _none(text)


@pytest.mark.parametrize(
    ("text", "content"),
    [
        (
            "He spoke about how the harbour had changed since the war.",
            "how the harbour had changed since the war",
        ),
        (
            "They discussed whether the school should reopen in May.",
            "whether the school should reopen in May",
        ),
        (
            "The ministers discussed that the plan was flawed from the start.",
            "the plan was flawed",
        ),
        (
            'He spoke about the strike, "It was a hard winter for every family."',
            '"It was a hard winter for every family."',
        ),
    ],
)
def test_a_clause_colon_or_quotation_after_a_topic_cue_still_reports(text: str, content: str) -> None:
    assert only_quote(text).quote_text == content


@pytest.mark.parametrize(
    "text",
    [
        "We discussed crucial issues, which, of course, our people are worried about.",
        "These are matters which the residents have long worried about.",
    ],
)
def test_a_cue_in_a_relative_clause_with_nothing_after_it_is_no_quote(text: str) -> None:
    _none(text)


def test_a_cue_in_a_relative_clause_with_a_content_still_reports() -> None:
    quote = only_quote("The plan, which critics say is badly flawed, was passed on Friday.")
    assert quote.speaker == "critics"


@pytest.mark.parametrize(
    ("text", "speaker", "resolved"),
    [
        (
            'Rovers won 2-0.\n\n- Rovers boss Dan Ekwueme: "We had the better of the first half and kept going."',
            "Rovers boss Dan Ekwueme",
            "Dan Ekwueme",
        ),
        (
            'Rovers won 2-0.\n\nCity coach Ana Silva: "We were second best all afternoon and we know it."',
            "City coach Ana Silva",
            "Ana Silva",
        ),
        ('Said Mr Tarrant: "It is very much a machine for the living room."', "Mr Tarrant", "Mr Tarrant"),
    ],
)
def test_a_label_before_a_quotation_names_its_speaker(text: str, speaker: str, resolved: str) -> None:
    quote = [q for q in extract_quotes(text) if q.kind == "direct"][-1]
    assert (quote.speaker, quote.speaker_resolved) == (speaker, resolved)


@pytest.mark.parametrize(
    ("text", "prefix"),
    [
        ('Ballot papers will ask: "Should the country approve the new treaty?"', "Ballot papers will ask"),
        (
            'The message of greetings reads, in part: "You have opened a new chapter for the club."',
            "The message of greetings reads, in part",
        ),
        ('When the deputies visit, pensioners ask them: "Why are prices so high?"', "pensioners ask them"),
    ],
)
def test_a_clause_before_a_colon_is_no_label(text: str, prefix: str) -> None:
    # a label holds no verb: the clause is never taken whole as the speaker
    assert all(not (q.speaker or "").endswith(prefix.rsplit(" ", 2)[-1]) for q in extract_quotes(text))


def test_a_cue_in_a_relative_clause_before_a_quotation_still_reports() -> None:
    quote = only_quote('The film, which Variety called "a shambles from start to finish", closed early.')
    assert quote.speaker == "Variety"


# --------------------------------------------------------------------------- cue words that report nothing


@pytest.mark.parametrize(
    "text",
    [
        "The agency manages a stable of comedians, game shows and radio formats for three networks.",
        "The station airs news, chat shows or quizzes on most weekday evenings.",
        "Cheap internet calls and faster downloads are changing how families use the phone.",
    ],
)
def test_a_conjunction_right_after_a_cue_word_is_a_list_not_a_report(text: str) -> None:
    _none(text)


def test_a_second_cue_after_a_conjunction_still_reports() -> None:
    quote = only_quote("The mayor agreed and said the bridge had to be repaired before winter.")
    assert (quote.speaker, quote.cue, quote.quote_text) == (
        "The mayor",
        "said",
        "the bridge had to be repaired before winter",
    )


def test_a_trailing_cue_before_a_conjunction_still_reports() -> None:
    quote = only_quote('"We will rebuild the harbour wall this year," the mayor said and left the hall.')
    assert quote.speaker == "the mayor"
    assert "rebuild the harbour wall" in quote.quote_text


@pytest.mark.parametrize(
    "text",
    [
        "The harbour was quiet in May. Experience shows that ferries run late after a storm.",
        "The plan took a long time. Time showed that the costs had been far too low.",
        "Cargo volumes rose by a tenth. The shipping boom signalled the strongest growth in years.",
        "Fares went up again, which implies the subsidy has been cut.",
        "The channel bought three TV shows last year for its evening slot.",
    ],
)
def test_an_evidence_cue_after_a_thing_or_a_programme_is_no_quote(text: str) -> None:
    assert [q for q in extract_quotes(text) if q.cue in ("shows", "showed", "signalled", "implies")] == []


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("The ferry was late. Figures show that one crossing in five left after noon.", "Figures"),
        ("Europe, which has long doubted the plan, signalled it wants new talks soon.", "Europe"),
        ("The minister signalled that the harbour tax would be cut in May.", "The minister"),
        ("Talks were held in Oslo. Nordlink suggests the cable will be ready by 2027.", "Nordlink"),
    ],
)
def test_an_evidence_cue_after_a_record_a_name_or_a_person_still_reports(text: str, speaker: str) -> None:
    assert [q.speaker for q in extract_quotes(text)] == [speaker]


@pytest.mark.parametrize(
    "text",
    [
        "We warned them about this, and the new tariff has nothing to do with the harbour.",
        "She had warned us about the floods in the valley.",
    ],
)
def test_warn_an_object_about_a_noun_phrase_is_a_topic_not_a_quote(text: str) -> None:
    _none(text)


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("We warned them that the bridge would close in May.", "the bridge would close in May"),
        ("She warned that the floods would reach the valley.", "the floods would reach the valley"),
        (
            "He warned them about how quickly the river could rise in spring.",
            "how quickly the river could rise in spring",
        ),
    ],
)
def test_warn_with_a_clause_still_reports(text: str, content: str) -> None:
    assert content in only_quote(text).quote_text


@pytest.mark.parametrize(
    "text",
    [
        "Engines misfired in a process called 'pinking', so the fuel was changed in the end.",
        "Inspectors traced every leak to a flaw dubbed ‘the silent seam’ in the hull.",
    ],
)
def test_a_naming_verb_before_a_title_in_single_marks_is_no_quote(text: str) -> None:
    _none(text)


def test_a_person_calling_something_in_single_marks_still_reports() -> None:
    quote = only_quote("The plan is what she called 'a disgrace to the harbour town'.")
    assert (quote.speaker, quote.cue) == ("she", "called")


def test_a_view_cue_after_a_preposition_and_a_determiner_is_a_noun() -> None:
    _none("The fuel was used without any real thought for the fact that the lead would spread.")


def test_a_view_cue_after_a_subject_ending_in_a_prepositional_phrase_still_reports() -> None:
    quote = only_quote("Those who favour detention without trial believe it will never touch them.")
    assert quote.quote_text == "it will never touch them"


@pytest.mark.parametrize(
    ("text", "content"),
    [
        (
            "I am asking the council to think carefully about this before the vote.",
            "the council to think carefully about this before the vote",
        ),
        (
            "She asked the minister to explain why the ferry was late.",
            "the minister to explain why the ferry was late",
        ),
    ],
)
def test_a_question_word_after_a_request_belongs_to_the_request(text: str, content: str) -> None:
    quote = only_quote(text)
    assert quote.quote_text == content


def test_a_question_right_after_asked_still_reports_the_question() -> None:
    quote = only_quote("He asked the board whether the harbour plan would pass in May.")
    assert (quote.speaker, quote.quote_text) == ("He", "whether the harbour plan would pass in May")


def test_an_addressee_asked_to_explain_is_no_speaker_of_the_question() -> None:
    assert [
        q.speaker for q in extract_quotes("The regulator has been asked to decide if the drug is safe.")
    ] in (
        [],
        [None],
    )


@pytest.mark.parametrize(
    "text",
    [
        "The governor reported to the President on the region's results for the year.",
        "My colleagues reported to me on its progress last week.",
        "Ms Orlova reported to the board, via a video link, about the plant's output.",
    ],
)
def test_reported_to_someone_on_a_topic_is_no_quote(text: str) -> None:
    _none(text)


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("The governor reported to the President that the bridge was finished.", "the bridge was finished"),
        (
            "As I reported to you earlier, we have been dealing with this in the north.",
            "we have been dealing with this in the north",
        ),
        (
            "More barristers were reported to be threatening to resign over the plan.",
            "More barristers were reported to be threatening to resign over the plan",
        ),
    ],
)
def test_reported_to_with_a_clause_or_an_infinitive_still_reports(text: str, content: str) -> None:
    assert only_quote(text).quote_text == content


@pytest.mark.parametrize(
    "text",
    [
        "Last year the fund raised that figure by another ten percent.",
        "The club reached that target last spring, well ahead of plan.",
        "The drama dominated that week, including the late news.",
        "We negotiated that hurdle calmly.",
    ],
)
def test_an_ed_verb_before_a_demonstrative_that_is_no_cue(text: str) -> None:
    _none(text)


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("The inspectors established that the pumps had failed.", "the pumps had failed"),
        ("The auditors verified that payments in the region doubled.", "payments in the region doubled"),
        ("The staff concerned that cutting in the queue was unfair.", "cutting in the queue was unfair"),
    ],
)
def test_an_ed_verb_before_a_clause_that_still_reports(text: str, content: str) -> None:
    assert only_quote(text).quote_text == content


@pytest.mark.parametrize(
    "text",
    [
        "Lund added the league trophy to her long list of medals.",
        "The board added Berg's plan to the agenda for the spring meeting.",
    ],
)
def test_added_a_definite_thing_to_something_is_no_quote(text: str) -> None:
    _none(text)


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("Lund added that the trophy belonged to the whole team.", "the trophy belonged to the whole team"),
        ('"It was close," added the coach to reporters.', '"It was close,"'),
    ],
)
def test_added_with_a_clause_or_inverted_still_reports(text: str, content: str) -> None:
    assert only_quote(text).quote_text == content


@pytest.mark.parametrize(
    "text",
    [
        "Defence Minister Anna Berg reported on the ongoing reform of the army.",
        "She reported on progress in the northern regions and on the new clinics.",
    ],
)
def test_reported_on_a_topic_is_no_quote(text: str) -> None:
    _none(text)


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("The agency reported on Monday that the plant had closed.", "the plant had closed"),
        ("The agency reported that the plant had closed.", "the plant had closed"),
        ("Users reported on two forums that the update had failed.", "the update had failed"),
    ],
)
def test_reported_on_a_day_or_with_a_clause_still_reports(text: str, content: str) -> None:
    assert only_quote(text).quote_text == content


@pytest.mark.parametrize(
    "text",
    [
        "Perhaps he only said it in anger after the match.",
        "I have said this publicly before.",
        "She says it again and again.",
    ],
)
def test_said_it_or_this_with_an_adjunct_is_no_quote(text: str) -> None:
    _none(text)


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("He said it was too late to change the route.", "it was too late to change the route"),
        ("I said this before: the bridge will not open in May.", "the bridge will not open in May"),
        ("I will say it again, that the bridge will not open in May.", "the bridge will not open in May"),
        ("The coach said so in December.", "so in December"),
    ],
)
def test_said_it_with_a_clause_a_colon_or_that_still_reports(text: str, content: str) -> None:
    assert only_quote(text).quote_text == content


@pytest.mark.parametrize(
    "text",
    [
        "Only then I realised the size and the strength of our rowing club.",
        "They realised the value of cheap power in time, and this is where they won.",
    ],
)
def test_realised_a_noun_phrase_is_no_quote(text: str) -> None:
    _none(text)


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("He realised the ferry was late again.", "the ferry was late again"),
        ("She realised the tunnel flooded every spring.", "the tunnel flooded every spring"),
        ("They realised that the ferry was late again.", "the ferry was late again"),
    ],
)
def test_realised_a_clause_still_reports(text: str, content: str) -> None:
    assert only_quote(text).quote_text == content


@pytest.mark.parametrize(
    "text",
    [
        "The big shift predicted for next season is the move to smaller boats.",
        "The ferry timetable announced on Monday runs until the end of May.",
    ],
)
def test_a_participle_after_a_thing_is_a_reduced_relative_not_a_report(text: str) -> None:
    _none(text)


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("The minister predicted in May that the ferry would stop.", "the ferry would stop"),
        ("The harbour board warned on Tuesday that the ferry would stop.", "the ferry would stop"),
    ],
)
def test_a_participle_after_a_source_or_before_that_still_reports(text: str, content: str) -> None:
    assert only_quote(text).quote_text == content


@pytest.mark.parametrize(
    "text",
    [
        "A backlog of claims was building up at the ferry office.",
        "Despite claims to the contrary in a new memoir, the harbour master stayed on.",
        "Many fears remain in the harbour town after the storm.",
        "The board has received several reports in the past week.",
    ],
)
def test_a_plural_cue_after_a_noun_opener_is_a_noun_no_report(text: str) -> None:
    _none(text)


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("The move comes amid claims the ferry could be sold by May.", "the ferry could be sold by May"),
        ("Amid claims he had lied, the harbour master quit.", "he had lied"),
        ("The board dismissed claims that the ferry was unsafe.", "the ferry was unsafe"),
        ("The harbour master claims to the board the ferry is safe.", "to the board the ferry is safe"),
    ],
)
def test_a_plural_cue_with_a_complement_or_a_subject_still_reports(text: str, content: str) -> None:
    assert only_quote(text).quote_text.startswith(content)


@pytest.mark.parametrize(
    "text",
    [
        "The pair were later admitted to hospital after the crash.",
        "The skipper was also accused of breaking the harbour rules.",
        "The men were then quickly found guilty of theft.",
    ],
)
def test_a_passive_with_adverbs_before_the_participle_has_no_speaker(text: str) -> None:
    _none(text)


def test_a_raising_passive_with_an_adverb_is_the_whole_clause() -> None:
    quote = only_quote("The ferry is also expected to resume service on Monday.")
    assert quote.speaker is None
    assert quote.quote_text == "The ferry is also expected to resume service on Monday"


@pytest.mark.parametrize(
    ("text", "speaker", "content"),
    [
        ("The pair later admitted the theft of the boat.", "The pair", "the theft of the boat"),
        ("The skipper was later told that the ferry was safe.", None, "the ferry was safe"),
        ("The skipper later told the crew that the ferry was safe.", "The skipper", "the ferry was safe"),
    ],
)
def test_an_adverb_before_an_active_cue_still_reports(text: str, speaker: str | None, content: str) -> None:
    quote = only_quote(text)
    assert (quote.speaker, quote.quote_text) == (speaker, content)


@pytest.mark.parametrize(
    "text",
    [
        "The visitors replied with three penalties and a late drop goal before the break.",
        "The teenager responded with six goals in nine games for the harbour club.",
        "The hosts replied with a 3-1 victory in the second leg at the harbour ground.",
    ],
)
def test_replied_with_a_count_or_a_score_is_an_act_no_report(text: str) -> None:
    _none(text)


@pytest.mark.parametrize(
    ("text", "content"),
    [
        (
            "The council responded with attacks on the harbour board, including Friday's posts.",
            "with attacks on the harbour board, including Friday's posts",
        ),
        ('The skipper replied with three words: "Not on Monday."', '"Not on Monday."'),
    ],
)
def test_replied_with_words_or_a_quotation_still_reports(text: str, content: str) -> None:
    assert only_quote(text).quote_text == content


@pytest.mark.parametrize(
    ("text", "speaker", "content"),
    [
        (
            "The ferry will stop in May, the Herald reported the harbour board as saying.",
            "the harbour board",
            "The ferry will stop in May",
        ),
        (
            "The paper cited a harbour official as saying the ferry would stop in May.",
            "a harbour official",
            "the ferry would stop in May",
        ),
    ],
)
def test_reported_or_cited_someone_as_saying_is_their_report(text: str, speaker: str, content: str) -> None:
    quote = only_quote(text)
    assert (quote.speaker, quote.cue, quote.quote_text) == (speaker, "saying", content)


def test_reported_a_noun_phrase_as_a_complement_is_still_the_reporters() -> None:
    quote = only_quote("The Herald reported the harbour board's fine as the largest in years.")
    assert (quote.speaker, quote.cue) == ("The Herald", "reported")


@pytest.mark.parametrize(
    "text",
    [
        "Most islanders live on little.\nYou might think that the last thing on their minds would be a new ferry.",
        "You would expect the ferry to be full on a Friday night.",
        "The crossing is, as you might well expect, rough in winter.",
    ],
)
def test_the_writers_hypothetical_you_with_a_modal_is_no_report(text: str) -> None:
    _none(text)


@pytest.mark.parametrize(
    ("text", "speaker", "content"),
    [
        ("You think that the ferry is late again.", "You", "the ferry is late again"),
        ("Berg said you might think the ferry is late.", "Berg", "you might think the ferry is late"),
    ],
)
def test_you_without_a_modal_or_inside_a_report_still_reports(text: str, speaker: str, content: str) -> None:
    quote = only_quote(text)
    assert (quote.speaker, quote.quote_text) == (speaker, content)


@pytest.mark.parametrize(
    "text",
    [
        "Soon afterwards, Berg found space in the area to head the ball goalwards but Lund saved.",
        "The visitors led as Jo Cole's corner found Adriano Lund, whose volley flew into the net.",
        "The striker found the bottom corner with a first-time shot after ten minutes.",
    ],
)
def test_found_a_place_or_a_player_in_play_is_no_finding(text: str) -> None:
    _none(text)


@pytest.mark.parametrize(
    ("text", "speaker", "content"),
    [
        (
            "The poll found Doe leading by seven points among voters.",
            "The poll",
            "Doe leading by seven points among voters",
        ),
        (
            "A jury found Jo Doe, who had fled, not guilty of theft.",
            "A jury",
            "Jo Doe, who had fled, not guilty of theft",
        ),
        (
            "The inquiry found the harbour board had failed to act.",
            "The inquiry",
            "the harbour board had failed to act",
        ),
        ("Jo Lee found Mr. Doe too rude to support.", "Jo Lee", "Mr. Doe too rude to support"),
    ],
)
def test_found_a_clause_or_by_a_finding_subject_still_reports(text: str, speaker: str, content: str) -> None:
    quote = only_quote(text)
    assert (quote.speaker, quote.quote_text) == (speaker, content)
