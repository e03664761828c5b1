"""Readings of a cue that report nothing, as two ordered tables of small rules.

:data:`NOT_A_REPORT` holds the rules on the cue and what follows it (``Berg added four
conversions``: a count; ``drills called Union Resolve``: a name), each for the cue words it
applies to; :data:`NOT_THE_SPEAKERS_REPORT` the rules on the cue and the speaker written before
it (``Deutsche Boerse's proposed offer``: an owner and an adjective). When one holds, the cue
reports nothing and the next cue is tried. The rules are stated, with their examples, in
:mod:`.validity`, :mod:`.objects` and :mod:`.topics`, which hold the tests they call.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

from schemas.lexicon import lexicon_entries
from transforms.quotes.cue_reading import CueReading, NotAReport
from transforms.quotes.cues import EVIDENCE_NOUNS, NAMING_PHRASES, NAMING_VERBS, REPORTING_CUES
from transforms.quotes.objects import (
    NOUN_LIKE_CUES,
    _adds_a_count,
    _adds_a_thing_to,
    _claims_a_prize,
    _found_in_play,
    _is_announcement_to_come,
    _is_plural_noun,
    _is_reduced_relative,
    _realises_a_thing,
    _replies_with_a_count,
    _says_a_pronoun,
)
from transforms.quotes.readers import _owner_before_participle
from transforms.quotes.topics import (
    _denied_to_someone,
    _is_free_relative,
    _is_own_topic,
    _is_wish,
    _names_a_topic,
    _reports_on_a_topic,
    _thinks_about_a_topic,
    _warns_about_a_topic,
)
from transforms.quotes.validity import _is_naming

#: after a reporter's ``reported``/``cited``: the one quoted and ``as saying`` (the cue tried is
#: then ``saying``, whose speaker is the one quoted)
_REPORTED_AS_SAYING_RE = re.compile(r"\s+(?:[\w.’'-]+\s+){1,8}?as\s+saying\b")
#: ``Let's say …``, ``let's hope …``, ``let’s think about …``: the speaker proposes, reports nothing
#: (4 quotes of the reference corpora; ``let`` + ``us`` is never a source)
_LET_US = frozenset(("let's", "let’s"))

#: Cues that take a thing as object when "a"/"an"/"another" follows: "Cole added a second goal".
_THING_OBJECT_CUES = frozenset(REPORTING_CUES["add"] + REPORTING_CUES["agree"])


_ADD_CUES = frozenset(REPORTING_CUES["add"])


_REPLY_CUES = frozenset((*REPORTING_CUES["reply"], *REPORTING_CUES["respond"]))


_INDEFINITE_OBJECT_RE = re.compile(r"\s+(?:a|an|another)\s+(?![\"“])")

_CLAIM_CUES = frozenset(REPORTING_CUES["claim"])


_SAY_CUES = frozenset(REPORTING_CUES["say"])


_REALIZE_CUES = frozenset(REPORTING_CUES["realize"])


#: ``it goes without saying that …`` is the writer's idiom, no one's words (PolNeAR dev: its one
#: ``goes without saying`` is not gold); the two words before ``saying``, lower-cased.
_GOES_WITHOUT = [[verb, "without"] for verb in ("go", "goes", "went", "gone", "going")]
_THINK_CUES = frozenset(REPORTING_CUES["think"])
_FIND_CUES = frozenset(REPORTING_CUES["find"])
#: ``found itself at the centre of …``, ``finds herself struggling``: being in a plight, not a finding
#: (PolNeAR dev+train: 8 of 13 such quotes overlap no gold; the 5 that do overlap another report)
_REFLEXIVE_RE = re.compile(r"\s+(?:myself|yourself|yourselves|himself|herself|itself|ourselves|themselves)\b")
_RELATIVE_WHICH_RE = re.compile(r",?\s+which\s+(?:\w+\s+){0,2}?(?:is|are|was|were|have|has|had)\b")


#: A speaker right after a relative ``which``/``whom`` (an aside between commas may stand between),
#: with nothing after its cue but punctuation (``crucial issues, which, of course, our people are
#: worried about.``; ``taxes, which voters complain about, will rise``), is the subject of a relative
#: clause whose object is that pronoun: the clause reports nothing, and the words before it are no
#: one's. With words after the cue it reports (``the plan, which critics say is flawed``).
_RELATIVE_BEFORE_SPEAKER_RE = re.compile(r"\b(?:which|whom)\s*(?:,[^,]{1,30},\s*)?$", re.IGNORECASE)
MAX_RELATIVE_ASIDE_CHARS = 48  #: characters before a speaker searched for a relative "which"/"whom"
#: nothing but punctuation after a cue (a quotation after it is its content: ``which Variety called
#: “a combination of …”`` reports)
_NOTHING_AFTER_CUE_RE = re.compile(r"\s*(?:[,.;:!?)]|$)")

#: ``discuss``, ``talk about`` and ``speak about`` + a noun phrase name what was talked about, not
#: what was said: ``The presidents discussed bilateral trade``, ``He spoke about the harbour``. The
#: labelled samples count none of them a quote (tuning: 7 of its 29 false quotes); PolNeAR
#: annotates them (dev 2 of 2, train 38 of 43 overlap gold), at a cost on dev of 0.1 point of
#: indirect recall. A clause (``discussed how …``, ``spoke about whether …``, ``talked about
#: what they had seen``) and a quotation after the cue still report.
_TOPIC_CUES = frozenset(
    (*REPORTING_CUES["discuss"], *REPORTING_CUES["talk about"], *REPORTING_CUES["speak about"])
) - {"spoke of"}


#: ``warn`` + an object pronoun + ``about`` + a noun phrase names a topic, not words: ``we warned
#: them about this, and …``, ``she had warned us about the floods`` (the labelled samples count
#: none a quote; PolNeAR dev+train: one such, ``warned us about those …``, annotated). ``warned
#: them that …``, ``warned that …``, ``warned of …``, ``warned them about how …`` and a quotation
#: after the cue still report.
_WARN_CUES = frozenset(REPORTING_CUES["warn"])


_RHETORICAL_CUES = frozenset(("knows", "know"))
#: ``want`` reports a wish as what someone holds, except where the wish is only the writer's
#: description: ``want to see`` (PolNeAR, dev and train: 3 of 19 are attributions) and ``who
#: want`` in a relative clause, which says what a group is (``the rebels, who want a separate
#: state``; PolNeAR: 7 of 35). A wish that quotes words still reports (``he wants to see “proper
#: checks”``).
_WISH_CUES = frozenset(REPORTING_CUES["want"])
#: ``deny`` with two objects withholds, it does not deny words (``the referee denied Berg a
#: penalty``, ``an injury denied him the chance``; PolNeAR, dev and train: 0 of 5 are attributions).
_DENY_CUES = frozenset(REPORTING_CUES["deny"])


#: ``agreed to`` + a verb is an agreement to act, not words (``have agreed to leave their loans``;
#: PolNeAR dev: 1 of the 3 such quotes the extractor found is gold); ``agreed that …``, ``agreed
#: with X``, ``agreed to a 30-minute interview`` still report.
_AGREED_TO_ACT_RE = re.compile(
    r"\s+to\s+(?!(?:the|a|an|his|her|their|its|this|that|these|those|my|our|your)\b)[a-z]+\b"
)


#: The writer's hypothetical reader: ``you`` + a modal of possibility + a view verb (``You might
#: think that the last thing on their minds …``, ``you would expect the ferry to be full``) is a
#: view the writer lends a reader, no one's report. PolNeAR train + dev: none outside a quotation
#: (its gold reports by ``You`` are ``You can think of …`` and ``You could say …``: ``can`` and
#: ``say`` are no part of the rule, nor are ``you think``, ``you'd say`` or ``you might recall``;
#: ``imagine`` and ``assume`` are no cues at all).
_HYPOTHETICAL_YOU_CUES = frozenset(
    (*REPORTING_CUES["think"], *REPORTING_CUES["expect"], *REPORTING_CUES["believe"])
)
_HYPOTHETICAL_YOU_RE = re.compile(
    r"\b[Yy]ou\s+(?:might|may|could|would|’d|'d)\s+(?:(?:well|even|easily|perhaps)\s+)?$"
)
MAX_HYPOTHETICAL_YOU_CHARS = 32  #: characters before the cue read for ``you`` + a modal (+ an adverb)
_RHETORICAL_RE = re.compile(r"(?:^|[\s,])[Ww]ho\s+knows?\s+(?:what|how|whether|if|why|when|where|who)\b")
_AS_RE = re.compile(r"\s+as\b")
_CALL_ON_FORMS = frozenset(" ".join(f.split()) for f in REPORTING_CUES["call on"])
# "called on the council to delay the vote": a request names its addressee, then an infinitive
_CALL_ON_RE = re.compile(
    r"\s+(?!(?:" + "|".join(lexicon_entries("weekdays")) + r")\b)[^.;:!?]{1,80}?\s+to\s+[\"“]?[a-z]"
)


@dataclass(frozen=True, slots=True)
class CueRule:
    """A reading of a cue that reports nothing: for a cue word that ``applies`` accepts (the cue as
    written, lower-cased), the cue reports nothing when ``holds``."""

    applies: Callable[[str], bool]
    holds: NotAReport


def _is_word(word: str) -> Callable[[str], bool]:
    return word.__eq__


def _shown_by_no_evidence(r: CueReading) -> bool:
    """``a TV show``, ``they show up``: a bare ``show`` reports after an evidence noun only."""
    before = r.text[r.s_start : r.cue[0]].rstrip().rsplit(" ", 1)[-1].lower()
    return before not in EVIDENCE_NOUNS


def _names_a_thing(r: CueReading) -> bool:
    """``drills called Union Resolve 2022``, ``was called``: naming, not reporting."""
    return _is_naming(r.text, r.s_start, r.s_end, r.cue)


def _names_as(r: CueReading) -> bool:
    """``referred to as “the end of the road”``."""
    return _AS_RE.match(r.text, r.cue[1]) is not None


def _calls_on_a_day(r: CueReading) -> bool:
    """``called on Monday``: not a request."""
    return not _CALL_ON_RE.match(r.text, r.cue[1], r.s_end)


def _adds_an_indefinite_thing(r: CueReading) -> bool:
    """``Cole added a second``, ``it has agreed a deal``: an object, not words."""
    return _INDEFINITE_OBJECT_RE.match(r.text, r.cue[1], r.s_end) is not None


def _adds_count(r: CueReading) -> bool:
    """``Berg added four conversions``, ``the economy added 151,000 jobs``: a count, not words."""
    return _adds_a_count(r.text, r.s_start, r.s_end, r.cue, r.quoted)


def _replies_count(r: CueReading) -> bool:
    """``the visitors replied with three penalties``: a score, no words."""
    return _replies_with_a_count(r.text, r.s_end, r.cue, r.quoted)


def _adds_thing_to(r: CueReading) -> bool:
    """``Lund added the league trophy to her medals``: a thing put in, not words."""
    return _adds_a_thing_to(r.text, r.s_start, r.s_end, r.cue, r.quoted)


def _reports_as_saying(r: CueReading) -> bool:
    """``Reuters reported the regulator as saying``: ``saying`` is read, the regulator speaks."""
    return _REPORTED_AS_SAYING_RE.match(r.text, r.cue[1], r.s_end) is not None


def _reports_on_topic(r: CueReading) -> bool:
    """``the minister reported on the harvest``: a topic, not what was reported."""
    return _reports_on_a_topic(r.text, r.s_end, r.cue, r.quoted)


def _announces_later(r: CueReading) -> bool:
    """``Lund will announce his squad on Friday``: an act to come, nothing said yet."""
    return _is_announcement_to_come(r.text, r.s_start, r.s_end, r.cue, r.quoted)


def _hypothetical_you(r: CueReading) -> bool:
    """``You might think that …``: the writer's hypothetical reader, no one's view."""
    c_start = r.cue[0]
    floor = max(r.s_start, c_start - MAX_HYPOTHETICAL_YOU_CHARS)
    return _HYPOTHETICAL_YOU_RE.search(r.text, floor, c_start) is not None


def _asks_who_knows(r: CueReading) -> bool:
    """``who knows what the next months will hold?``: a question, not a report."""
    return _RHETORICAL_RE.search(r.text, max(r.s_start, r.cue[0] - 8), r.cue[1] + 10) is not None


def _denies_someone(r: CueReading) -> bool:
    """``the referee denied Berg a penalty``: withheld, not a denial."""
    return _denied_to_someone(r.text, r.cue[1], r.s_end)


def _agrees_to_act(r: CueReading) -> bool:
    """``the directors have agreed to leave their loans in the club``: an act agreed on."""
    c_end = r.cue[1]
    return _AGREED_TO_ACT_RE.match(r.text, c_end, min(r.s_end, c_end + 40)) is not None


def _talks_about_own_topic(r: CueReading) -> bool:
    """``I am talking about foreign trade``: the speaker names a topic, reports nothing."""
    return _is_own_topic(r.text, r.s_start, r.s_end, r.cue, r.quoted)


def _claims_prize(r: CueReading) -> bool:
    """``she claimed the 200m title``, ``the fire claimed three lives``: won or taken, not said."""
    return _claims_a_prize(r.text, r.s_end, r.cue, r.quoted)


def _goes_without_saying(r: CueReading) -> bool:
    """``it goes without saying that …``: the writer's idiom, no one's words."""
    c_start = r.cue[0]
    return r.text[max(r.s_start, c_start - 20) : c_start].lower().split()[-2:] in _GOES_WITHOUT


def _realises_thing(r: CueReading) -> bool:
    """``I realised the depth of our industry``: a thing grasped, no thought given."""
    return _realises_a_thing(r.text, r.s_end, r.cue, r.quoted)


def _says_pronoun(r: CueReading) -> bool:
    """``unless he just said it in the heat of the moment``: a pronoun, nothing reported."""
    return _says_a_pronoun(r.text, r.s_end, r.cue, r.quoted)


def _finds_itself(r: CueReading) -> bool:
    """``we found ourselves on the threshold of a conflict``: a plight, nothing found out."""
    return _REFLEXIVE_RE.match(r.text, r.cue[1], r.s_end) is not None


def _finds_in_play(r: CueReading) -> bool:
    """``Berg found space in the area``, ``the corner found Jo Lund, whose …``: play."""
    return _found_in_play(r.text, r.s_start, r.s_end, r.cue, r.quoted)


def _noun_before_which(r: CueReading) -> bool:
    """``fraud allegations, claims which are denied``: a noun and its relative clause."""
    return _RELATIVE_WHICH_RE.match(r.text, r.cue[1], r.s_end) is not None


def _plural_noun(r: CueReading) -> bool:
    """``a backlog of claims was building up``, ``despite claims to the contrary``: a noun."""
    return _is_plural_noun(r.text, r.s_start, r.s_end, r.cue, r.quoted)


def _names_topic(r: CueReading) -> bool:
    """``the leaders discussed bilateral trade``, ``he spoke about the harbour``: a topic."""
    return _names_a_topic(r.text, r.s_end, r.cue, r.quoted)


def _warns_about_topic(r: CueReading) -> bool:
    """``we warned them about this``: a topic, not what was said."""
    return _warns_about_a_topic(r.text, r.s_end, r.cue, r.quoted)


def _thinks_about_topic(r: CueReading) -> bool:
    """``we must think about safety``: a topic minded, no opinion given."""
    return _thinks_about_a_topic(r.text, r.s_end, r.cue, r.quoted)


def _wishes(r: CueReading) -> bool:
    """``ministers want to see the text changed``, ``rebels who want a state``: a wish."""
    return _is_wish(r.text, r.s_start, r.s_end, r.cue, r.quoted)


#: The rules on a cue and what follows it, in the order they are tried.
NOT_A_REPORT: tuple[CueRule, ...] = (
    CueRule(_is_word("show"), _shown_by_no_evidence),
    CueRule(NAMING_VERBS.__contains__, _names_a_thing),
    CueRule(lambda word: word + " as" in NAMING_PHRASES, _names_as),
    CueRule(_CALL_ON_FORMS.__contains__, _calls_on_a_day),
    CueRule(_THING_OBJECT_CUES.__contains__, _adds_an_indefinite_thing),
    CueRule(_ADD_CUES.__contains__, _adds_count),
    CueRule(_REPLY_CUES.__contains__, _replies_count),
    CueRule(_ADD_CUES.__contains__, _adds_thing_to),
    CueRule(frozenset(("reported", "cited")).__contains__, _reports_as_saying),
    CueRule(lambda word: word.startswith("report"), _reports_on_topic),
    CueRule(_is_word("announce"), _announces_later),
    CueRule(_HYPOTHETICAL_YOU_CUES.__contains__, _hypothetical_you),
    CueRule(_RHETORICAL_CUES.__contains__, _asks_who_knows),
    CueRule(_DENY_CUES.__contains__, _denies_someone),
    CueRule(_is_word("agreed"), _agrees_to_act),
    CueRule(lambda word: word.endswith("about"), _talks_about_own_topic),
    CueRule(_CLAIM_CUES.__contains__, _claims_prize),
    CueRule(_is_word("saying"), _goes_without_saying),
    CueRule(_REALIZE_CUES.__contains__, _realises_thing),
    CueRule(_SAY_CUES.__contains__, _says_pronoun),
    CueRule(_FIND_CUES.__contains__, _finds_itself),
    CueRule(_FIND_CUES.__contains__, _finds_in_play),
    CueRule(NOUN_LIKE_CUES.__contains__, _noun_before_which),
    CueRule(NOUN_LIKE_CUES.__contains__, _plural_noun),
    CueRule(_TOPIC_CUES.__contains__, _names_topic),
    CueRule(_WARN_CUES.__contains__, _warns_about_topic),
    CueRule(_THINK_CUES.__contains__, _thinks_about_topic),
    CueRule(_WISH_CUES.__contains__, _wishes),
)


@functools.lru_cache(maxsize=4096)
def rules_for(word: str) -> tuple[NotAReport, ...]:
    """The rules of :data:`NOT_A_REPORT` that apply to a cue word, in order (found once per word)."""
    return tuple(rule.holds for rule in NOT_A_REPORT if rule.applies(word))


def _owner_and_adjective(r: CueReading) -> bool:
    """``Deutsche Boerse's proposed £1.3bn offer``: an owner and an adjective."""
    speaker = r.speaker()
    return speaker is not None and _owner_before_participle(r.text, speaker, r.cue, r.s_end)


def _reduced_relative(r: CueReading) -> bool:
    """``The big trend predicted for this year is …``: a participle modifies the noun."""
    speaker = r.speaker()
    return speaker is not None and _is_reduced_relative(r.text, speaker, r.cue, r.s_end)


def _lets_say(r: CueReading) -> bool:
    """``Let's say there is a shooter``, ``let's hope …``: a proposal, nobody's report."""
    speaker = r.speaker()
    return speaker is not None and r.text[speaker.start : speaker.end].lower() in _LET_US


def _free_relative(r: CueReading) -> bool:
    """``What I said about the harbour also applies to …``: a subject, not a report."""
    speaker = r.speaker()
    return speaker is not None and _is_free_relative(r.text, r.s_start, r.s_end, speaker, r.cue, r.quoted)


def _object_is_which(r: CueReading) -> bool:
    """``issues which, of course, our people are worried about``: the cue's object is ``which``."""
    speaker = r.speaker()
    return (
        speaker is not None
        and _NOTHING_AFTER_CUE_RE.match(r.text, r.cue[1], r.s_end) is not None
        and _RELATIVE_BEFORE_SPEAKER_RE.search(
            r.text, max(r.s_start, speaker.start - MAX_RELATIVE_ASIDE_CHARS), speaker.start
        )
        is not None
    )


#: The rules on a cue and the speaker read before it, in the order they are tried.
NOT_THE_SPEAKERS_REPORT: tuple[NotAReport, ...] = (
    _owner_and_adjective,
    _reduced_relative,
    _lets_say,
    _free_relative,
    _object_is_which,
)
