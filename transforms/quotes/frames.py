"""The frames of a sentence, read left to right, each in what the previous one left over.

For what is left of a sentence, :func:`_find_frame` tries, in this order: a quotation that opens
it and names its speaker after it (``“X,” Sen. Jo Doe said.``), a trailing ``…, according to X``,
then cue by cue (a weak cue last: ``X plans Y, Doe said.`` is Doe's) the readers of
:data:`FRAME_READERS`, an ordered tuple of small functions with one contract
(:mod:`.cue_reading`): the first that answers wins, a frame or
:data:`~.cue_reading.NO_REPORT` (the cue reports nothing, the next cue is tried). The readers
of a construction live in :mod:`.readers`; the rules that a cue reports nothing, in
:mod:`.filters`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from schemas.lexicon import lexicon
from transforms.budget import check_budget
from transforms.quotes.content import (
    _clause_end,
    _content_end_before,
    _inside_quote,
    _is_possessive_object,
    _normal_cue_at,
    _overlaps_quote,
    _rest_after_trailing,
    _trim,
)
from transforms.quotes.cue_reading import NO_REPORT, CueReading, FrameReader
from transforms.quotes.cues import (
    _WEAK_CUES,
    NOUN_CUES,
    QUOTED_ONLY_CUES,
)
from transforms.quotes.filters import NOT_THE_SPEAKERS_REPORT, rules_for
from transforms.quotes.limits import MAX_CUE_TRIES_PER_SENTENCE, MAX_FRAMES_PER_SENTENCE, MIN_CONTENT_WORDS
from transforms.quotes.patterns import _CUE_FORMS, _THAT_RE
from transforms.quotes.readers import (
    _according_frame,
    _content_opens_with_conjunction,
    _noun_frame,
    _object_of_preposition,
    _participle_frame,
    _participle_speaker_checked,
    _question_frame,
    _quote_first_frame,
    _raising_frame,
    _speaker_first_frame,
)
from transforms.quotes.records import _Frame, _Segment, _Tries
from transforms.quotes.sentences import _word_count
from transforms.quotes.speaker_reading import _speaker_after
from transforms.quotes.subjects import _NO_SPEAKER, _opener_subject, _subject_of
from transforms.quotes.topics import (
    _pronoun_before_aside,
)
from transforms.quotes.validity import (
    _is_passive,
    _opens_with_sentence_adverb,
    _quoted_as_frame,
    _source_checked,
)
from transforms.quotes.words import FINITE_AUXILIARIES, PRONOUN_SPEAKERS


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


_CONTENT_AFTER_ASIDE_RE = re.compile(r",\s+(?=\S+\s+\S+)")


_RAISING_CUES = lexicon("quote_raising_participles")


def _read_according(r: CueReading) -> _Frame | None:
    """``according to X``: its frame, or no report when no source can be read after it."""
    if not r.word.startswith("according"):
        return None
    return _according_frame(r.text, r.s_start, r.s_end, r.cue) or NO_REPORT


def _read_noun_cue(r: CueReading) -> _Frame | None:
    """``Doe’s claim that the bridge is safe``; a noun that is no verb form reports nothing else."""
    if r.word not in NOUN_CUES:
        return None
    frame = _noun_frame(r.text, r.s_start, r.s_end, r.cue, r.quoted)
    if frame is not None:
        return frame
    return None if r.word in _CUE_FORMS else NO_REPORT


def _read_question(r: CueReading) -> _Frame | None:
    """``Asked whether the bridge is safe, Doe said …``: the indirect question."""
    if not r.word.startswith("ask"):
        return None
    return _question_frame(r.text, r.s_start, r.s_end, r.cue)


def _read_not_a_report(r: CueReading) -> _Frame | None:
    """The rules of :data:`~.filters.NOT_A_REPORT` for this cue word: no report when one holds."""
    for holds in rules_for(r.word):
        if holds(r):
            return NO_REPORT
    return None


def _read_participle(r: CueReading) -> _Frame | None:
    """``Doe left early, calling the plan “a farce”.``: the sentence's subject speaks."""
    return _participle_speaker_checked(
        r.text,
        _source_checked(r.text, r.cue, _participle_frame(r.text, r.sentence_start, r.s_end, r.cue, r.quoted)),
    )


def _read_participle_after_comma(r: CueReading) -> _Frame | None:
    """A participle after a comma, ``but``, ``and`` or a dash (``…, adding …``)."""
    c_start = r.cue[0]
    if r.word.endswith("ing") and r.text[c_start - 5 if c_start > 5 else 0 : c_start].rstrip().endswith(
        (",", " but", " and", " -", " —", " –")
    ):
        return _read_participle(r)
    return None


def _read_raising(r: CueReading) -> _Frame | None:
    """``The board is expected to approve the plan.``: a passive report, the whole clause."""
    if r.word not in _RAISING_CUES:
        return None
    return _source_checked(r.text, r.cue, _raising_frame(r.text, r.s_start, r.s_end, r.cue, r.quoted))


def _read_quoted_as(r: CueReading) -> _Frame | None:
    """``Games are “big business”, the paper quoted Mr Chernin as saying.``"""
    quoted_as = r.quoted_as()
    if quoted_as is None:
        return None
    return _quoted_as_frame(r.text, r.s_start, r.s_end, r.cue, quoted_as, r.quoted)


def _read_participle_after_object(r: CueReading) -> _Frame | None:
    """``The bishop wrote to all three parties urging them …``: the bishop urges."""
    speaker = r.written_speaker()
    if speaker is not None and r.word.endswith("ing") and _object_of_preposition(r.text, r.s_start, speaker):
        return _read_participle(r)
    return None


def _read_not_the_speakers_report(r: CueReading) -> _Frame | None:
    """The rules of :data:`~.filters.NOT_THE_SPEAKERS_REPORT`: no report when one holds."""
    if r.speaker() is None:
        return None
    for holds in NOT_THE_SPEAKERS_REPORT:
        if holds(r):
            return NO_REPORT
    return None


def _read_speaker_first(r: CueReading) -> _Frame | None:
    """``Makei stressed that Belarus opposes expansion.``: a speaker written before the cue
    speaks, or the cue reports nothing (the readers after this one read a cue with no speaker
    before it)."""
    speaker = r.speaker()
    if speaker is None:
        return None
    text, s_start, s_end, cue = r.text, r.s_start, r.s_end, r.cue
    frame = _speaker_first_frame(text, s_start, s_end, cue, speaker, r.quoted, r.cues)
    if frame is not None and _content_opens_with_conjunction(text, frame):
        return NO_REPORT  # "a roster of TV shows and PR strategies": a noun's list, not a report
    if frame is not None and frame.speaker is speaker:
        subject = _opener_subject(text, r.sentence_start, speaker, cue[1], s_end)
        if subject is None:
            return NO_REPORT  # "Having said that, …": an opener, and no subject to speak
        if subject is _NO_SPEAKER:
            frame.speaker = None
        elif subject is not speaker:  # "Having noted that X, Putin stressed …": Putin noted it
            frame.speaker, frame.opener = subject, True
    if frame is not None and _is_passive(text, s_start, cue):
        # "he was told that …": what was said, by no one named; "was found dead": nothing;
        # "it is thought that …": the writer's hedge, no one's report
        impersonal = text[speaker.start : speaker.end] in ("it", "It")
        if impersonal or not _THAT_RE.match(text, cue[1], s_end):
            return NO_REPORT
        frame.speaker = None
    return _source_checked(text, cue, frame) or NO_REPORT


def _read_inverted(r: CueReading) -> _Frame | None:
    """``…,” said Makei.``, ``More significantly, argues the report, X.``: the source after the cue."""
    text, s_start, s_end, quoted = r.text, r.s_start, r.s_end, r.quoted
    c_start, c_end = r.cue
    before = text[s_start:c_start].rstrip()
    c_to = _content_end_before(text, s_start, c_start)
    adverb_aside = before.endswith(",") and _opens_with_sentence_adverb(text, s_start, c_to)
    if not (
        before.endswith((",", "”", '"', "''"))
        and (adverb_aside or _word_count(text, s_start, c_start) >= MIN_CONTENT_WORDS)
    ):
        return None
    after = _speaker_after(text, c_end, s_end)
    if (
        after is not None
        and text[after.start : after.end].lower() in PRONOUN_SPEAKERS
        and text[after.end : after.end + 1] not in (".", ",", ";", "!", "?", "")
    ):
        after = None  # "…, said he would go": the pronoun opens the content
    if after is not None and _word_after(text, after.end, s_end, _LONGEST_AUXILIARY) in FINITE_AUXILIARIES:
        after = None  # "…, believe Mr Brown will have to fill": the name opens the content's clause
    if after is not None and _is_possessive_object(text, after):
        after = None  # "…, explained its goals and tasks, and told …": the cue's object
    if after is not None and adverb_aside:
        # "More significantly, argues the report, X.": the writer's adverb, then the report
        aside_end = _CONTENT_AFTER_ASIDE_RE.match(text, after.end, s_end)
        if aside_end is None:
            return NO_REPORT
        begin = aside_end.end()
        content = [_trim(text, begin, _clause_end(text, begin, s_end, quoted))]
        return _source_checked(text, r.cue, _Frame(after, c_start, c_end, content, True)) or NO_REPORT
    if after is not None:
        content = [_trim(text, s_start, c_to)]
        rest = _rest_after_trailing(text, after.end, s_end, quoted)
        if rest is not None:
            content.append(rest)
        return _source_checked(text, r.cue, _Frame(after, c_start, c_end, content, True))
    return None


def _word_after(text: str, at: int, end: int, longest: int) -> str:
    """The word after the single space at ``at``, before ``end`` (``""`` when punctuation or
    nothing follows, or a word longer than ``longest``: read no further)."""
    if not text.startswith(" ", at):
        return ""
    stop = min(end, at + 2 + longest)
    word_end = at + 1
    while word_end < stop and text[word_end].isalpha():
        word_end += 1
    if word_end - at - 1 > longest:
        return ""
    return text[at + 1 : word_end]


_LONGEST_AUXILIARY = max(map(len, FINITE_AUXILIARIES))


def _read_subject(r: CueReading) -> _Frame | None:
    """A long apposition (``Wilcox, whose studies the army paid for, said …``) or a second verb
    (``Doe praised Roe and said …``): the sentence's subject speaks."""
    text, s_start, c_start = r.text, r.s_start, r.cue[0]
    before = text[s_start:c_start].rstrip()
    coordinated = (" " + before).endswith((" and", " but"))
    if not ((before.endswith(",") and s_start == r.sentence_start) or coordinated):
        return None
    if _pronoun_before_aside(text, s_start, before):
        return NO_REPORT  # "…, and this, of course, shows …": the pronoun is the subject
    subject = _subject_of(text, r.sentence_start, c_start)
    if subject is not None and (coordinated or text.find(",", subject.end, c_start) != -1):
        frame = _source_checked(
            text, r.cue, _speaker_first_frame(text, s_start, r.s_end, r.cue, subject, r.quoted, r.cues)
        )
        if frame is not None and not frame.trailing:
            return frame
    return None


#: The readers of one cue, in their order of precedence: the first that answers wins (a frame, or
#: :data:`~.cue_reading.NO_REPORT`: the cue reports nothing and the next cue is tried).
FRAME_READERS: tuple[FrameReader, ...] = (
    _read_according,
    _read_noun_cue,
    _read_question,
    _read_not_a_report,
    _read_participle_after_comma,
    _read_raising,
    _read_quoted_as,
    _read_participle_after_object,
    _read_not_the_speakers_report,
    _read_speaker_first,
    _read_inverted,
    _read_subject,
)


#: The readers that answer only for some cue words, with the test of the word their own first
#: lines make (a reader not listed may answer for any word): a cue is asked only by the readers
#: its word lets answer (:func:`_readers_for`), in the order of :data:`FRAME_READERS`.
_READER_WORDS: dict[FrameReader, Callable[[str], bool]] = {
    _read_according: lambda word: word.startswith("according"),
    _read_noun_cue: NOUN_CUES.__contains__,
    _read_question: lambda word: word.startswith("ask"),
    _read_not_a_report: lambda word: bool(rules_for(word)),
    _read_participle_after_comma: lambda word: word.endswith("ing"),
    _read_raising: _RAISING_CUES.__contains__,
    _read_quoted_as: lambda word: word == "saying",
    _read_participle_after_object: lambda word: word.endswith("ing"),
}


@functools.lru_cache(maxsize=4096)
def _readers_for(word: str) -> tuple[FrameReader, ...]:
    """The readers of :data:`FRAME_READERS` that may answer for the cue ``word`` (found once per word)."""
    return tuple(r for r in FRAME_READERS if r not in _READER_WORDS or _READER_WORDS[r](word))


def _trailing_according(text: str, s_start: int, s_end: int, cues: list[tuple[int, int]]) -> _Frame | None:
    """``…, according to X`` wins over the cues inside its content."""
    for cue in cues:
        if text.startswith("according", cue[0]) and text[
            cue[0] - 3 if cue[0] > 3 else 0 : cue[0]
        ].rstrip().endswith(","):
            frame = _according_frame(text, s_start, s_end, cue)
            if frame is not None:
                return frame
    return None


def _find_frame(
    text: str,
    s_start: int,
    s_end: int,
    quoted: list[_Segment],
    cues: list[tuple[int, int]],
    sentence_start: int,
    tries: _Tries,
) -> _Frame | None:
    """The first frame of what is left of a sentence: a quotation that opens it and names its
    speaker after (:func:`~.readers._quote_first_frame`), a trailing ``according to``, then cue
    by cue (a weak cue last) the first answer of :data:`FRAME_READERS`."""
    if quoted:
        frame = _quote_first_frame(text, s_start, s_end, quoted, cues)
        if frame is not None:
            return frame
    frame = _trailing_according(text, s_start, s_end, cues)
    if frame is not None:
        return frame
    if len(cues) > 1:  # a weak cue ("plans to", "endorsed") yields to any other: "X plans Y, Doe said."
        clause_end = _opening_clause_end(text, sentence_start, s_end)
        cues = sorted(
            cues, key=lambda c: c[1] <= clause_end or _normal_cue_at(text, c[0], c[1]) in _WEAK_CUES
        )
    for cue in cues:
        if tries.left <= 0:
            return None  # the sentence's tries are spent: no more frames in it
        tries.left -= 1
        check_budget()
        c_start, c_end = cue
        if quoted and _inside_quote(c_start, quoted):
            continue
        word = text[c_start:c_end].lower()
        reading = CueReading(text, s_start, s_end, quoted, cues, sentence_start, cue, word)
        for reader in _readers_for(word):
            frame = reader(reading)
            if frame is not None:
                break
        if frame is not None and frame is not NO_REPORT:
            return frame
    return None


def _opening_clause_end(text: str, sentence_start: int, s_end: int) -> int:
    """Where the subordinate clause that opens the sentence ends (its first comma), or -1 when the
    sentence opens with none (``If Doe did not want to take part, the event goes on, Roe said``: a
    cue inside the clause yields to the others)."""
    space = text.find(" ", sentence_start, min(s_end, sentence_start + _LONGEST_SUBORDINATOR + 1))
    if space == -1 or text[sentence_start:space] not in _SUBORDINATORS:
        return -1
    return text.find(",", space, s_end)


_SUBORDINATORS = lexicon("quote_subordinators")
_LONGEST_SUBORDINATOR = max(map(len, _SUBORDINATORS))


def _normal_cue(text: str, frame: _Frame) -> str:
    return _normal_cue_at(text, frame.cue_start, frame.cue_end)
