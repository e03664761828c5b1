"""The frames of a sentence: which reader (:mod:`.readers`) reads a cue, in which order, and
which readings are no report at all (the filters of :mod:`.validity`, :mod:`.objects`,
:mod:`.topics`).
"""

from __future__ import annotations

import re

from transforms.budget import check_budget
from transforms.quotes.content import (
    _clause_end,
    _content_end_before,
    _inside_quote,
    _is_possessive_object,
    _normal_cue_at,
    _overlaps_quote,
    _rest_after_trailing,
    _source_closes_after_comma,
    _trim,
)
from transforms.quotes.cues import (
    _WEAK_CUES,
    EVIDENCE_NOUNS,
    NAMING_PHRASES,
    NAMING_VERBS,
    NOUN_CUES,
    QUOTED_ONLY_CUES,
    REPORTING_CUES,
)
from transforms.quotes.limits import MAX_CUE_TRIES_PER_SENTENCE, MAX_FRAMES_PER_SENTENCE, MIN_CONTENT_WORDS
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
from transforms.quotes.patterns import _CUE_FORMS, _THAT_RE
from transforms.quotes.readers import (
    _according_frame,
    _content_opens_with_conjunction,
    _noun_frame,
    _object_of_preposition,
    _owner_before_participle,
    _participle_frame,
    _participle_speaker_checked,
    _question_frame,
    _quote_first_frame,
    _raising_frame,
    _speaker_first_frame,
)
from transforms.quotes.records import _Frame, _Segment, _Tries
from transforms.quotes.sentences import _word_count
from transforms.quotes.speaker_reading import _speaker_after, _speaker_before
from transforms.quotes.subjects import _NO_SPEAKER, _coordinated_speaker, _opener_subject, _subject_of
from transforms.quotes.topics import (
    _denied_to_someone,
    _is_free_relative,
    _is_own_topic,
    _is_wish,
    _names_a_topic,
    _pronoun_before_aside,
    _reports_on_a_topic,
    _thinks_about_a_topic,
    _warns_about_a_topic,
)
from transforms.quotes.validity import (
    _is_naming,
    _is_passive,
    _opens_with_sentence_adverb,
    _quoted_as_frame,
    _quoted_as_speaker,
    _source_checked,
)
from transforms.quotes.words import PRONOUN_SPEAKERS

#: after a reporter's ``reported``/``cited``: the one quoted and ``as saying`` (the cue tried is
#: then ``saying``, whose speaker is the one quoted)
_REPORTED_AS_SAYING_RE = re.compile(r"\s+(?:[\w.’'-]+\s+){1,8}?as\s+saying\b")


def _find_frames(
    text: str, s_start: int, s_end: int, quoted: list[_Segment], cues: list[tuple[int, int]]
) -> list[_Frame]:
    """Every frame of a sentence, left to right: each one is read in what the previous left over
    (``One in three said X, and one in four said Y.``). At most :data:`MAX_FRAMES_PER_SENTENCE`
    frames, and :data:`MAX_CUE_TRIES_PER_SENTENCE` cues tried for them all together."""
    frames: list[_Frame] = []
    start = s_start
    tries = _Tries(MAX_CUE_TRIES_PER_SENTENCE)
    while cues and len(frames) < MAX_FRAMES_PER_SENTENCE:
        frame = _find_frame(text, start, s_end, quoted, cues, s_start, tries)
        if frame is None:
            break
        if (
            not frame.question
            and _normal_cue(text, frame) in QUOTED_ONLY_CUES
            and not _overlaps_quote(frame.content, quoted)
        ):
            cues = [c for c in cues if c[0] != frame.cue_start]  # let another cue try
            continue
        if frame.participle and frames and frames[-1].speaker is not None:
            frame.speaker = frames[-1].speaker  # "“X,” she said, adding, “Y.”": she adds
        frames.append(frame)
        end = max(
            frame.cue_end,
            frame.content[-1][1],
            frame.speaker.end if frame.speaker and not frame.opener else 0,
        )
        if end >= s_end - 2:
            break
        # a cue inside a quotation that began before ``end`` stays inside it ("“… it seems that …”")
        cues = [c for c in cues if c[0] >= end and not (quoted and _inside_quote(c[0], quoted))]
        quoted = [seg for seg in quoted if seg.start >= end]
        start = end
        while start < s_end and text[start] in " ,;—–-":
            start += 1
    return frames


#: ``Let's say …``, ``let's hope …``, ``let’s think about …``: the speaker proposes, reports nothing
#: (4 quotes of the reference corpora; ``let`` + ``us`` is never a source)
_LET_US = frozenset(("let's", "let’s"))


def _find_frame(
    text: str,
    s_start: int,
    s_end: int,
    quoted: list[_Segment],
    cues: list[tuple[int, int]],
    sentence_start: int,
    tries: _Tries,
) -> _Frame | None:
    if quoted:
        frame = _quote_first_frame(text, s_start, s_end, quoted, cues)
        if frame is not None:
            return frame
    for cue in cues:  # "…, according to X" wins over the cues inside its content
        if text.startswith("according", cue[0]) and text[
            cue[0] - 3 if cue[0] > 3 else 0 : cue[0]
        ].rstrip().endswith(","):
            frame = _according_frame(text, s_start, s_end, cue)
            if frame is not None:
                return frame
    if len(cues) > 1:  # a weak cue ("plans to", "endorsed") yields to any other: "X plans Y, Doe said."
        cues = sorted(cues, key=lambda c: _normal_cue_at(text, c[0], c[1]) in _WEAK_CUES)
    for cue in cues:
        if tries.left <= 0:
            return None  # the sentence's tries are spent: no more frames in it
        tries.left -= 1
        check_budget()
        c_start, c_end = cue
        if quoted and _inside_quote(c_start, quoted):
            continue
        word = text[c_start:c_end].lower()
        if word.startswith("according"):
            frame = _according_frame(text, s_start, s_end, cue)
            if frame is not None:
                return frame
            continue
        if word == "show" and text[s_start:c_start].rstrip().rsplit(" ", 1)[-1].lower() not in EVIDENCE_NOUNS:
            continue  # "a TV show", "they show up"
        if word in NOUN_CUES:
            frame = _noun_frame(text, s_start, s_end, cue, quoted)
            if frame is not None:
                return frame
            if word not in _CUE_FORMS:
                continue
        if word.startswith("ask"):
            frame = _question_frame(text, s_start, s_end, cue)
            if frame is not None:
                return frame
        if word in NAMING_VERBS and _is_naming(text, s_start, s_end, cue):
            continue  # "drills called Union Resolve 2022", "was called": naming, not reporting
        if word + " as" in NAMING_PHRASES and _AS_RE.match(text, c_end):
            continue  # "referred to as “the end of the road”"
        if word in _CALL_ON_FORMS and not _CALL_ON_RE.match(text, c_end, s_end):
            continue  # "called on Monday": not a request
        if word in _THING_OBJECT_CUES and _INDEFINITE_OBJECT_RE.match(text, c_end, s_end):
            continue  # "Cole added a second", "it has agreed a deal": an object, not words
        if word in _ADD_CUES and _adds_a_count(text, s_start, s_end, cue, quoted):
            continue  # "Berg added four conversions", "the economy added 151,000 jobs": a count, not words
        if word in _REPLY_CUES and _replies_with_a_count(text, s_end, cue, quoted):
            continue  # "the visitors replied with three penalties": a score, no words
        if word in _ADD_CUES and _adds_a_thing_to(text, s_start, s_end, cue, quoted):
            continue  # "Lund added the league trophy to her medals": a thing put in, not words
        if word in ("reported", "cited") and _REPORTED_AS_SAYING_RE.match(text, c_end, s_end):
            continue  # "Reuters reported the regulator as saying": "saying" is read, the regulator speaks
        if word.startswith("report") and _reports_on_a_topic(text, s_end, cue, quoted):
            continue  # "the minister reported on the harvest": a topic, not what was reported
        if word == "announce" and _is_announcement_to_come(text, s_start, s_end, cue, quoted):
            continue  # "Lund will announce his squad on Friday": an act to come, nothing said yet
        if word in _HYPOTHETICAL_YOU_CUES and _HYPOTHETICAL_YOU_RE.search(
            text, max(s_start, c_start - MAX_HYPOTHETICAL_YOU_CHARS), c_start
        ):
            continue  # "You might think that …": the writer's hypothetical reader, no one's view
        if word in _RHETORICAL_CUES and _RHETORICAL_RE.search(text, max(s_start, c_start - 8), c_end + 10):
            continue  # "who knows what the next months will hold?": a question, not a report
        if word in _DENY_CUES and _denied_to_someone(text, c_end, s_end):
            continue  # "the referee denied Berg a penalty": withheld, not a denial
        if word == "agreed" and _AGREED_TO_ACT_RE.match(text, c_end, min(s_end, c_end + 40)):
            continue  # "the directors have agreed to leave their loans in the club": an act agreed on
        if word.endswith("about") and _is_own_topic(text, s_start, s_end, cue, quoted):
            continue  # "I am talking about foreign trade": the speaker names a topic, reports nothing
        if word in _CLAIM_CUES and _claims_a_prize(text, s_end, cue, quoted):
            continue  # "she claimed the 200m title", "the fire claimed three lives": won or taken, not said
        if (
            word == "saying"
            and text[max(s_start, c_start - 20) : c_start].lower().split()[-2:] in _GOES_WITHOUT
        ):
            continue  # "it goes without saying that …": the writer's idiom, no one's words
        if word in _REALIZE_CUES and _realises_a_thing(text, s_end, cue, quoted):
            continue  # "I realised the depth of our industry": a thing grasped, no thought given
        if word in _SAY_CUES and _says_a_pronoun(text, s_end, cue, quoted):
            continue  # "unless he just said it in the heat of the moment": a pronoun, nothing reported
        if word in _FIND_CUES and _REFLEXIVE_RE.match(text, c_end, s_end):
            continue  # "we found ourselves on the threshold of a conflict": a plight, nothing found out
        if word in _FIND_CUES and _found_in_play(text, s_start, s_end, cue, quoted):
            continue  # "Berg found space in the area", "the corner found Jo Lund, whose …": play
        if word in NOUN_LIKE_CUES and _RELATIVE_WHICH_RE.match(text, c_end, s_end):
            continue  # "fraud allegations, claims which are denied": a noun and its relative clause
        if word in NOUN_LIKE_CUES and _is_plural_noun(text, s_start, s_end, cue, quoted):
            continue  # "a backlog of claims was building up", "despite claims to the contrary": a noun
        if word in _TOPIC_CUES and _names_a_topic(text, s_end, cue, quoted):
            continue  # "the leaders discussed bilateral trade", "he spoke about the harbour": a topic
        if word in _WARN_CUES and _warns_about_a_topic(text, s_end, cue, quoted):
            continue  # "we warned them about this": a topic, not what was said
        if word in _THINK_CUES and _thinks_about_a_topic(text, s_end, cue, quoted):
            continue  # "we must think about safety": a topic minded, no opinion given
        if word in _WISH_CUES and _is_wish(text, s_start, s_end, cue, quoted):
            continue  # "ministers want to see the text changed", "rebels who want a state": a wish
        if word.endswith("ing") and text[c_start - 5 if c_start > 5 else 0 : c_start].rstrip().endswith(
            (",", " but", " and", " -", " —", " –")
        ):
            frame = _source_checked(text, cue, _participle_frame(text, sentence_start, s_end, cue, quoted))
            frame = _participle_speaker_checked(text, frame)
            if frame is not None:
                return frame
        if word in _RAISING_CUES:
            frame = _source_checked(text, cue, _raising_frame(text, s_start, s_end, cue, quoted))
            if frame is not None:
                return frame
        quoted_as = _quoted_as_speaker(text, s_start, c_start) if word == "saying" else None
        if quoted_as is not None:
            frame = _quoted_as_frame(text, s_start, s_end, cue, quoted_as, quoted)
            if frame is not None:
                return frame
        speaker = quoted_as or _speaker_before(text, s_start, c_start)
        if speaker is not None and word.endswith("ing") and _object_of_preposition(text, s_start, speaker):
            # "The bishop wrote to all three parties urging them …": the bishop urges
            frame = _source_checked(text, cue, _participle_frame(text, sentence_start, s_end, cue, quoted))
            frame = _participle_speaker_checked(text, frame)
            if frame is not None:
                return frame
        if (
            speaker is not None
            and quoted_as is None
            and _source_closes_after_comma(text, s_start, s_end, cue)
        ):
            speaker = None  # "X has ruined Yukos, once its owner, said founder Jo Lund.": inverted
        if speaker is not None and quoted_as is None:
            speaker = _coordinated_speaker(text, s_start, speaker)
        if speaker is not None and _owner_before_participle(text, speaker, cue, s_end):
            continue  # "Deutsche Boerse's proposed £1.3bn offer": an owner and an adjective
        if speaker is not None and _is_reduced_relative(text, speaker, cue, s_end):
            continue  # "The big trend predicted for this year is …": a participle modifies the noun
        if speaker is not None and text[speaker.start : speaker.end].lower() in _LET_US:
            continue  # "Let's say there is a shooter", "let's hope …": a proposal, nobody's report
        if speaker is not None and _is_free_relative(text, s_start, s_end, speaker, cue, quoted):
            continue  # "What I said about the harbour also applies to …": a subject, not a report
        if (
            speaker is not None
            and _NOTHING_AFTER_CUE_RE.match(text, c_end, s_end)
            and _RELATIVE_BEFORE_SPEAKER_RE.search(
                text, max(s_start, speaker.start - MAX_RELATIVE_ASIDE_CHARS), speaker.start
            )
        ):
            continue  # "issues which, of course, our people are worried about": the cue's object is "which"
        if speaker is not None:
            frame = _speaker_first_frame(text, s_start, s_end, cue, speaker, quoted, cues)
            if frame is not None and _content_opens_with_conjunction(text, frame):
                continue  # "a roster of TV shows and PR strategies": a noun's list, not a report
            if frame is not None and frame.speaker is speaker:
                subject = _opener_subject(text, sentence_start, speaker, c_end, s_end)
                if subject is None:
                    continue  # "Having said that, …": an opener, and no subject to speak
                if subject is _NO_SPEAKER:
                    frame.speaker = None
                elif subject is not speaker:  # "Having noted that X, Putin stressed …": Putin noted it
                    frame.speaker, frame.opener = subject, True
            if frame is not None and _is_passive(text, s_start, cue):
                # "he was told that …": what was said, by no one named; "was found dead": nothing;
                # "it is thought that …": the writer's hedge, no one's report
                impersonal = text[speaker.start : speaker.end] in ("it", "It")
                if impersonal or not _THAT_RE.match(text, c_end, s_end):
                    continue
                frame.speaker = None
            frame = _source_checked(text, cue, frame)
            if frame is not None:
                return frame
            continue
        before = text[s_start:c_start].rstrip()
        c_to = _content_end_before(text, s_start, c_start)
        adverb_aside = before.endswith(",") and _opens_with_sentence_adverb(text, s_start, c_to)
        # inverted: "…,” said Makei."
        if before.endswith((",", "”", '"', "''")) and (
            adverb_aside or _word_count(text, s_start, c_start) >= MIN_CONTENT_WORDS
        ):
            after = _speaker_after(text, c_end, s_end)
            if (
                after is not None
                and text[after.start : after.end].lower() in PRONOUN_SPEAKERS
                and text[after.end : after.end + 1] not in (".", ",", ";", "!", "?", "")
            ):
                after = None  # "…, said he would go": the pronoun opens the content
            if after is not None and _is_possessive_object(text, after):
                after = None  # "…, explained its goals and tasks, and told …": the cue's object
            if after is not None and adverb_aside:
                # "More significantly, argues the report, X.": the writer's adverb, then the report
                aside_end = _CONTENT_AFTER_ASIDE_RE.match(text, after.end, s_end)
                if aside_end is None:
                    continue
                begin = aside_end.end()
                content = [_trim(text, begin, _clause_end(text, begin, s_end, quoted))]
                frame = _source_checked(text, cue, _Frame(after, c_start, c_end, content, True))
                if frame is not None:
                    return frame
                continue
            if after is not None:
                content = [_trim(text, s_start, c_to)]
                rest = _rest_after_trailing(text, after.end, s_end, quoted)
                if rest is not None:
                    content.append(rest)
                frame = _source_checked(text, cue, _Frame(after, c_start, c_end, content, True))
                if frame is not None:
                    return frame
        # a long apposition: "Wilcox, whose studies the army paid for, said …", or a second verb
        # ("Doe praised Roe and said …"): the subject speaks
        coordinated = (" " + before).endswith((" and", " but"))
        if (before.endswith(",") and s_start == sentence_start) or coordinated:
            if _pronoun_before_aside(text, s_start, before):
                continue  # "…, and this, of course, shows …": the pronoun is the subject
            subject = _subject_of(text, sentence_start, c_start)
            if subject is not None and (coordinated or text.find(",", subject.end, c_start) != -1):
                frame = _source_checked(
                    text, cue, _speaker_first_frame(text, s_start, s_end, cue, subject, quoted, cues)
                )
                if frame is not None and not frame.trailing:
                    return frame
    return None


_CONTENT_AFTER_ASIDE_RE = re.compile(r",\s+(?=\S+\s+\S+)")


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
    r"\s+(?!(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b)[^.;:!?]{1,80}?\s+to\s+[\"“]?[a-z]"
)


_RAISING_CUES = frozenset(
    ("expected", "seen", "considered", "said", "thought", "believed", "known", "reported")
)


def _normal_cue(text: str, frame: _Frame) -> str:
    return _normal_cue_at(text, frame.cue_start, frame.cue_end)
