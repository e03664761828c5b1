"""The frame readers: each one reads one construction of a report around a cue and answers with a
frame, or with nothing. :mod:`.frames` tries them in their order of precedence.

4. **Frames.** A reporting cue outside quotation marks (:data:`REPORTING_CUES`: ``said``,
   ``stressed``, ``told``, ``according to``, belief verbs such as ``thinks`` …) whose speaker can
   be read makes a frame. A sentence may hold several frames, read left to right, each in what the
   previous one left over. The speaker is read next to the cue:

   A bare ``show`` reports only after a noun of :data:`EVIDENCE_NOUNS` (``polls show …``).
   With a cue of :data:`QUOTED_ONLY_CUES` (``states``, ``pledged``, ``likened``, ``dismissed … as``)
   a content must hold quotation marks, else the sentence's next cue is tried.
"""

from __future__ import annotations

import re

from schemas.lexicon import lexicon
from transforms.quotes.content import (
    _clause_end,
    _content_after_cue,
    _content_end_before,
    _next_frame_start,
    _normal_cue_at,
    _object_end,
    _opens_with_speech_frame,
    _overlaps_quote,
    _quote_ends_in,
    _quote_opens_in,
    _rest_after_trailing,
    _trim,
)
from transforms.quotes.cues import INFINITIVE_CUES, OBJECT_CUES
from transforms.quotes.limits import (
    MAX_ACCORDING_SOURCE_WORDS,
    MAX_QUOTE_TO_CUE_WORDS,
    MAX_RAISING_SUBJECT_CHARS,
    MAX_SPEAKER_TOKENS,
    MIN_CONTENT_WORDS,
)
from transforms.quotes.objects import _CLAUSE_AFTER_CUE_RE
from transforms.quotes.patterns import _THAT_RE
from transforms.quotes.records import _Frame, _Segment, _Speaker
from transforms.quotes.sentences import _word_count
from transforms.quotes.sources import _trimmed_speaker, is_source_mention
from transforms.quotes.speaker_reading import _speaker_after, _speaker_before
from transforms.quotes.subjects import _subject_of
from transforms.quotes.validity import (
    _PASSIVE_ADVERBS,
    _PREPOSITIONS,
    MAX_PASSIVE_AUX_CHARS,
    _quoted_as_speaker,
)

# "Doe’s claim", "his view": the owner of a noun cue
_POSSESSOR_RE = re.compile(
    r"((?:[A-Z][\w.-]*\s+)*[A-Z][\w.-]*(?:’s|'s)|\b(?:his|her|their|its|our|my))\s+(?:\w+\s+)?$"
)
_NOUN_DETERMINED_RE = re.compile(
    r"(?:\b(?:[Tt]he|[Aa]n?|[Tt]his|[Hh]is|[Hh]er|[Tt]heir|[Ii]ts|[Oo]ur|[Mm]y|[Yy]our)|’s|'s)\s+(?:[\w-]+\s+)?$"
)
_OPENER_ONLY_RE = re.compile(r"(?:But|And|Yet|So|Still|Now|However|Also|In fact|Instead),?")
# the indirect question after "asked": "asked (the mayor) whether …", "Asked about …"
# the first run of spaces is possessive: given back space by space, it let the lazy 40 characters
# and the second run split the same spaces again (cubic in a run of spaces after "asked"); the only
# match that giving back could find, a question word right after the spaces, the second branch finds
_QUESTION_RE = re.compile(
    r"(?:\s++(?:by\s+)?[^,.;:\"“”]{0,40}?)?\s+(whether|if|what|how|why|who|whom|when|where|which|about)\b"
)


_QUOTE_CLOSE_CHARS = "\"”»' "


def _quote_first_frame(
    text: str, s_start: int, s_end: int, quoted: list[_Segment], cues: list[tuple[int, int]]
) -> _Frame | None:
    """A sentence that opens with a quotation ended by ``,`` ``?`` or ``!`` and then names its speaker
    before a cue: ``“X,” Sen. Jo Doe (D-Ore.) said on Monday.`` The speaker is the whole stretch
    between the quotation and the cue, unless a shorter noun phrase can be read there."""
    seg = quoted[0]
    if seg.start - s_start > 1 or seg.end >= s_end:
        return None
    inner_end = seg.end  # the quotation without its closing marks must end in , ? ! or a dash
    while inner_end > seg.start and text[inner_end - 1] in _QUOTE_CLOSE_CHARS:
        inner_end -= 1
    if inner_end == seg.start or text[inner_end - 1] not in ",?!—–-":
        return None
    limit = quoted[1].start if len(quoted) > 1 else s_end
    for c_start, c_end in cues:
        if c_start < seg.end:
            continue
        if c_start >= limit or _word_count(text, seg.end, c_start) > MAX_QUOTE_TO_CUE_WORDS:
            return None
        if text.startswith("according", c_start):
            return None
        lo, hi = _trim(text, seg.end, c_start)
        while lo < hi and text[lo] in ",—–-":
            lo += 1
        lo, hi = _trim(text, lo, hi)
        if hi <= lo:
            speaker = _speaker_after(text, c_end, s_end)  # “X,” said Makei.
            if speaker is None:
                return None
            after = speaker.end
        else:
            while hi > lo and text[hi - 1] in ",":
                hi -= 1
            speaker = (
                (_quoted_as_speaker(text, lo, c_start) if text.startswith("saying", c_start) else None)
                or _speaker_before(text, lo, c_start)
                or _Speaker(lo, hi)
            )
            if speaker is not None and speaker.end > hi:
                speaker = _Speaker(speaker.start, hi)  # "“X,” the mayor, Ann Tiller, said": no comma
            speaker = _trimmed_speaker(text, speaker)  # "“X,” Doe, one of the …, states"
            after = c_end
        content = [(seg.start, seg.end)]
        rest = _rest_after_trailing(text, after, s_end, quoted)
        if rest is not None:
            content.append(rest)
        return _Frame(speaker, c_start, c_end, content, True)
    return None


# a verb right after a noun cue's "that" opens a relative clause: "a message that is …"
_RELATIVE_VERB_RE = re.compile(
    r"(?:is|was|are|were|has|have|had|will|would|can|could|may|might|should|must|does|did|do|"
    r"seems|seemed|appears|appeared|remains|remained|has\s+been)\b"
)


def _noun_frame(
    text: str, s_start: int, s_end: int, cue: tuple[int, int], quoted: list[_Segment]
) -> _Frame | None:
    """``Doe’s claim that the bridge is safe …``: the clause after ``that``; the possessor, if
    any, speaks."""
    that = _THAT_RE.match(text, cue[1], s_end)
    if that is None or _NOUN_DETERMINED_RE.search(text, max(s_start, cue[0] - 30), cue[0]) is None:
        return None  # "we hope that …" is a verb
    begin = that.end()
    if _RELATIVE_VERB_RE.match(text, begin):
        return None  # "a message that is not getting through": a relative clause, not a claim
    begin, end = _trim(text, begin, _clause_end(text, begin, s_end, quoted))
    if _word_count(text, begin, end) < MIN_CONTENT_WORDS + 1:
        return None
    owner = _POSSESSOR_RE.search(text, max(s_start, cue[0] - 40), cue[0])
    speaker = _Speaker(owner.start(1), owner.end(1)) if owner else None
    return _Frame(speaker, cue[0], cue[1], [(begin, end)], False)


#: An infinitive between ``asked`` and a question word: the word is the infinitive's (``asking the
#: Government to think carefully about this``, ``asked us to explain why``), and the request, its
#: addressee included, is the content (:data:`_ASKED_TO_RE`), not ``about this …``.
_INFINITIVE_RE = re.compile(r"\sto\s+[a-z]")


def _question_frame(text: str, s_start: int, s_end: int, cue: tuple[int, int]) -> _Frame | None:
    """``Asked whether the bridge is safe, Doe said …`` / ``Doe asked the mayor how long it takes``:
    the question is the content; the asker, when written before the cue, the speaker."""
    m = _QUESTION_RE.match(text, cue[1], s_end)
    if m is None:
        return None
    if _INFINITIVE_RE.search(text, cue[1], m.start(1)) is not None:
        return None  # "asking the Government to think carefully about this": a request, read as one
    begin = m.start(1)
    comma = text.find(",", begin, s_end)
    begin, end = _trim(text, begin, s_end if comma == -1 else comma)
    if _word_count(text, begin, end) < MIN_CONTENT_WORDS + 1:
        return None
    speaker = _speaker_before(text, s_start, cue[0]) if cue[0] > s_start else None
    return _Frame(speaker, cue[0], cue[1], [(begin, end)], False, question=True)


def _participle_speaker_checked(text: str, frame: _Frame | None) -> _Frame | None:
    """A participle frame whose subject is a thing, without its speaker.

    Only a subject that can be a source (:func:`is_source_mention`) is a participle's speaker; a
    thing (``The move came after the US lifted a ban to reward Tripoli for giving up arms and
    vowing to …``) is not, and the report stays without a speaker: the participle hangs on another
    verb, whose doer the sentence's subject is not. :func:`_source_checked` lets a determined noun
    phrase speak when it stands right before its verb (``The airline said``); a participle's
    subject is a clause or more away from it, so that exception does not hold there."""
    sp = frame.speaker if frame is not None else None
    if frame is not None and sp is not None and not is_source_mention(text[sp.start : sp.end]):
        frame.speaker = None
    return frame


#: prepositions whose object, right before a participle cue, is no subject of it: ``wrote to
#: all three parties urging them …``, ``shouted at the crowd telling …`` (the subject of the main
#: clause urges and tells, as after a comma: :func:`_participle_frame`). Not ``with``: ``with
#: analysts saying …`` is an absolute phrase whose noun phrase speaks (reference corpora: 20 such
#: reports); not ``for``: ``for best supporting actor`` is a noun phrase.
_OBJECT_PREPOSITIONS = frozenset("to at".split())
#: words between such a preposition and its noun phrase that the speaker reading leaves out
_OBJECT_QUANTIFIERS = frozenset("all both each".split())


#: words before ``to``/``at`` that make its object an addressee (a verb of sending or speaking, or
#: what was sent): ``wrote to``, ``sent a letter to``; any lower-case word in -ed too (``appealed
#: to``). A noun such as ``response`` does not (``in response to people questioning …``: the
#: people question), nor a name (``the Committee to Protect …``).
_SENT_TO_HEADS: frozenset[str] = lexicon("quote_sent_to_heads")


def _object_of_preposition(text: str, s_start: int, speaker: _Speaker) -> bool:
    """Whether ``speaker``, a source read right before a participle cue with no comma between, is
    the object of a preposition of :data:`_OBJECT_PREPOSITIONS` (the word before it, or before a
    quantifier such as ``all``) that follows a word of :data:`_SENT_TO_HEADS` or a lower-case
    word in -ed: ``wrote to all three parties urging …``, ``sent a letter to the board saying
    …``. Then the subject of the sentence speaks, as after a comma (:func:`_participle_frame`)."""
    if text[speaker.end : speaker.end + 1] != " " or not is_source_mention(text[speaker.start : speaker.end]):
        return False  # "wrote to the parties, urging …": read by the participle reading already;
        # "at the forefront of questioning …": no source was misread, nothing to correct
    before = text[max(s_start, speaker.start - 40) : speaker.start].split()[-3:]
    if before and before[-1].lower() in _OBJECT_QUANTIFIERS:
        before.pop()
    if len(before) < 2 or before[-1].lower() not in _OBJECT_PREPOSITIONS:
        return False
    head = before[-2].lower()
    return head in _SENT_TO_HEADS or (head.endswith("ed") and before[-2][0].islower())


def _participle_frame(
    text: str, sentence_start: int, s_end: int, cue: tuple[int, int], quoted: list[_Segment]
) -> _Frame | None:
    """``Doe left early, calling the plan “a farce”.``: the sentence subject speaks (if it can be
    a source: :func:`_participle_speaker_checked`)."""
    subject = _subject_of(text, sentence_start, cue[0])
    begin = _content_after_cue(text, cue, s_end, quoted)
    if subject is None or begin is None:
        return None
    end = _clause_end(text, begin, s_end, quoted)
    begin, end = _trim(text, begin, end)
    if _word_count(text, begin, end) < MIN_CONTENT_WORDS:
        return None
    return _Frame(subject, cue[0], cue[1], [(begin, end)], False, participle=True)


#: A coordinating conjunction right after a cue, no comma or ``that`` between: the cue word is a
#: noun in a list (``a roster of artists, TV shows and PR strategies``, ``the hopes and fears of
#: voters``, ``Voip calls and …``) or a verb joined to the next one (``neither admitted nor
#: denied``, ``agreed and said …``: the next cue is read instead); nothing is reported after it.
#: Reference corpora: 31 such leading contents, none a report; PolNeAR dev+train: none of 22,024 gold
#: quotes opens with a conjunction right after a word.
_CONJUNCTION_AFTER_CUE_RE = re.compile(r"[ \t]+(?:and|or|nor|but)[ \t]")


def _content_opens_with_conjunction(text: str, frame: _Frame) -> bool:
    """Whether a leading frame's content opens with ``and``/``or``/``nor``/``but`` right after
    the cue (:data:`_CONJUNCTION_AFTER_CUE_RE`); a trailing frame (``We will go, he said and
    left.``) keeps its content before the cue."""
    if frame.trailing or not frame.content or frame.content[0][0] < frame.cue_end:
        return False
    m = _CONJUNCTION_AFTER_CUE_RE.match(text, frame.cue_end)
    return m is not None and frame.content[0][0] <= m.end()


#: Participles that stand before a noun as adjectives (``Deutsche Boerse’s proposed £1.3bn offer``,
#: ``Russia’s alleged troop movements``): after an owner they describe its noun, nobody reports.
#: In the reference corpora all 12 such quotes were adjectives (``proposed`` 9, ``alleged`` 2,
#: ``reported`` 1), and PolNeAR (train + dev) annotates none of its 12 as an attribution;
#: ``McDonald’s announced``, ``Foster’s said`` (firms) keep their cue.
ATTRIBUTIVE_PARTICIPLES: frozenset[str] = lexicon("quote_attributive_participles")
_POSSESSIVE_END_RE = re.compile(r"(?:\w[’']s|s[’'])$")
#: ``'s`` of a contraction, not of an owner: ``it’s reported``, ``let’s say``
_CONTRACTED = frozenset(
    "it’s it's let’s let's that’s that's he’s he's she’s she's there’s there's what’s what's".split()
)


def _owner_before_participle(text: str, speaker: _Speaker, cue: tuple[int, int], s_end: int) -> bool:
    """``The LSE rejected Deutsche Boerse’s proposed offer``: a speaker ending in ``’s``/``s’`` is
    an owner and a participle of :data:`ATTRIBUTIVE_PARTICIPLES` after it an adjective of its noun,
    no report; a clause after the cue (``Mr Blair’s reported that …``: ``has``) still reports."""
    if text[cue[0] : cue[1]].lower() not in ATTRIBUTIVE_PARTICIPLES:
        return False
    mention = text[speaker.start : speaker.end]
    if not _POSSESSIVE_END_RE.search(mention) or mention.lower() in _CONTRACTED:
        return False
    return _CLAUSE_AFTER_CUE_RE.match(text, cue[1], s_end) is None


_RAISING_AFTER_RE = re.compile(r"\s+(?:by\s+([^,.;]{1,40}?)\s+)?(?:to|as)\s+\w")
_RAISING_BEFORE_RE = re.compile(
    r"(?:^|\s)(?:is|was|were|are|be|been|being|isn’t|isn't|aren’t|aren't|wasn’t|wasn't)\s+" + _PASSIVE_ADVERBS
)


#: where a coordinated clause starts: the passive report is that clause alone
_CLAUSE_JOINT_RE = re.compile(r"(?:,\s+(?:but|and|while|whereas|yet)|;)\s+")
# a verb right after the joint shares the subject before it: "Doe will coach, but will be expected to …"
_SHARED_SUBJECT_RE = re.compile(
    r"(?:is|was|are|were|has|have|had|will|would|can|could|may|might|must|should|be)\b"
)


def _raising_frame(
    text: str, s_start: int, s_end: int, cue: tuple[int, int], quoted: list[_Segment]
) -> _Frame | None:
    """``Nabisco is expected to cut 277 jobs.``: a passive report without its source; the whole
    clause is the content (PolNeAR convention), the agent of ``by`` its speaker if written. The
    clause starts after the last ``, but``/``, and``/``;`` before its verb (within
    :data:`MAX_RAISING_SUBJECT_CHARS`): ``An injury denied Doe the chance, but the winger is
    expected to be fit`` → ``the winger is expected to be fit``."""
    before = _RAISING_BEFORE_RE.search(text, max(s_start, cue[0] - MAX_PASSIVE_AUX_CHARS), cue[0])
    after = _RAISING_AFTER_RE.match(text, cue[1], s_end)
    if before is None or after is None:
        return None
    begin = s_start
    lo = max(s_start, before.start() - MAX_RAISING_SUBJECT_CHARS)
    for joint in _CLAUSE_JOINT_RE.finditer(text, lo, before.start()):
        if joint.end() < before.start() and not _SHARED_SUBJECT_RE.match(text, joint.end()):
            begin = joint.end()  # "X denied Doe the chance, but the winger is expected to …": the last clause
    opener = _OPENER_ONLY_RE.match(text, begin, cue[0])
    if opener is not None:
        begin = opener.end()
    begin, end = _trim(text, begin, _clause_end(text, cue[1], s_end, quoted))
    if _word_count(text, begin, before.start()) < 1 or _word_count(text, begin, end) < MIN_CONTENT_WORDS + 3:
        return None
    speaker = _Speaker(after.start(1), after.end(1)) if after.group(1) else None
    return _Frame(speaker, before.start() + (text[before.start()] == " "), cue[1], [(begin, end)], False)


MAX_OPENING_ADVERBIAL_WORDS = 8  #: words of a prepositional phrase opening a sentence before its speaker
#: Words that make a stretch a clause, not a prepositional phrase alone: subject pronouns and
#: finite auxiliaries ("With luck we will win, he said" reports).
_CLAUSE_WORDS = frozenset(
    "i we you he she it they is are was were will would can could has have had do does did may might "
    "must shall should".split()
)


def _is_opening_adverbial(text: str, start: int, end: int, quoted: list[_Segment]) -> bool:
    """Whether the stretch before a speaker is only a prepositional phrase that opens the
    sentence (``At the turn of the year, Doe told …``, ``In an interview last week, Doe said``):
    it says when or where, never what was said, so it is no trailing content. It opens with a
    preposition (:data:`_PREPOSITIONS`), holds at most :data:`MAX_OPENING_ADVERBIAL_WORDS` words,
    no comma, no quotation and no word of a clause (:data:`_CLAUSE_WORDS`). PolNeAR dev+train:
    of the 4,300 gold quotes that open with a capital, one is such a phrase before a comma (a
    headline, ``Down Syndrome Babies, Sarah Palin Unleashed …``)."""
    words = text[start:end].split()
    if not words or len(words) > MAX_OPENING_ADVERBIAL_WORDS or "," in text[start:end]:
        return False
    if words[0].lower() not in _PREPOSITIONS or _overlaps_quote([(start, end)], quoted):
        return False
    return not any(
        w.lower().strip("’'") in _CLAUSE_WORDS or w.lower().endswith(("’s", "'s")) for w in words[1:]
    )


def _speaker_first_frame(
    text: str,
    s_start: int,
    s_end: int,
    cue: tuple[int, int],
    speaker: _Speaker,
    quoted: list[_Segment],
    cues: list[tuple[int, int]],
) -> _Frame | None:
    """A frame whose speaker precedes the cue: trailing ("“X,” he said.") or leading ("He said X.")."""
    c_start, c_end = cue[0], cue[1]
    pre_end = _content_end_before(text, s_start, speaker.start)
    pre_tokens = _word_count(text, s_start, pre_end)
    sep = text[pre_end : speaker.start].strip()
    pre_quote_end = text.endswith(("”", '"', "''"), s_start, pre_end)
    ends_with_quote = _quote_ends_in(pre_end - 1, speaker.start, quoted) and (
        pre_quote_end or sep.startswith((",", "—", "–"))
    )
    separated = bool(sep) or pre_quote_end
    begin = _content_after_cue(text, cue, s_end, quoted)
    after_tokens = 0
    if begin is not None:
        a_from, a_to = _trim(text, begin, s_end)
        after_tokens = _word_count(text, a_from, a_to)
    trailing = (
        pre_tokens >= MIN_CONTENT_WORDS
        and separated
        and _content_trails(text, s_start, pre_end, c_end, pre_tokens, after_tokens, ends_with_quote, quoted)
    )
    if (
        not trailing
        and pre_tokens >= 1
        and sep == ","
        and not ends_with_quote
        and _PARENTHETICAL_RE.match(text, c_end, s_end)
    ):  # "Overall, she said, the party is divided."
        return _Frame(speaker, c_start, c_end, [_trim(text, s_start, s_end)], True)
    if trailing:
        return _trailing_frame(text, s_start, s_end, cue, speaker, pre_end, ends_with_quote, quoted)
    if begin is None or after_tokens < MIN_CONTENT_WORDS or _ADJUNCT_ONLY_RE.match(text, begin, s_end):
        return None
    return _leading_frame(text, s_start, s_end, cue, speaker, begin, quoted, cues)


def _content_trails(
    text: str,
    s_start: int,
    pre_end: int,
    c_end: int,
    pre_tokens: int,
    after_tokens: int,
    ends_with_quote: bool,
    quoted: list[_Segment],
) -> bool:
    """Whether the content of a frame whose speaker precedes the cue is what comes before the
    speaker (``“X,” he said.``, ``The bridge is safe, he said.``): a quotation ends there, or at
    least 4 words do and little or a comma follows the cue; an opening adverbial phrase is no
    content (``At the turn of the year, Doe told reporters``: when, not what)."""
    if ends_with_quote:
        return True
    comma_after_cue = text.startswith(",", c_end) and not _quote_opens_in(c_end, quoted)
    if not (pre_tokens >= 4 and (after_tokens < 3 or comma_after_cue)):
        return False
    return not _is_opening_adverbial(text, s_start, pre_end, quoted)


def _trailing_frame(
    text: str,
    s_start: int,
    s_end: int,
    cue: tuple[int, int],
    speaker: _Speaker,
    pre_end: int,
    ends_with_quote: bool,
    quoted: list[_Segment],
) -> _Frame:
    """The frame whose content ends before its speaker (``“X,” he said.``), with what goes on
    after the cue (:func:`_rest_after_trailing`) or, without a quotation, the whole sentence
    around a parenthetical cue (``In May, he said, the bridge will reopen.``)."""
    c_start, c_end = cue
    lead = s_start
    if ends_with_quote:  # "… at length: “X,” he said.": only the quotation is his
        last = max((seg for seg in quoted if seg.end <= speaker.start), key=lambda seg: seg.end)
        if last.start > s_start and text[s_start : last.start].rstrip().endswith((":", ".", ";")):
            lead = last.start
    content = [_trim(text, lead, pre_end)]
    rest = _rest_after_trailing(text, c_end, s_end, quoted)
    if rest is not None:
        content.append(rest)
    elif not ends_with_quote and _PARENTHETICAL_RE.match(text, c_end, s_end):
        content = [_trim(text, s_start, s_end)]  # "In May, he said, the bridge will reopen."
    return _Frame(speaker, c_start, c_end, content, True)


def _leading_frame(
    text: str,
    s_start: int,
    s_end: int,
    cue: tuple[int, int],
    speaker: _Speaker,
    begin: int,
    quoted: list[_Segment],
    cues: list[tuple[int, int]],
) -> _Frame | None:
    """The frame whose content follows the cue from ``begin`` (``He said X.``) to the end of its
    clause, its object (object cues) or the next frame; None for a clause that is no report
    (``After the talks concluded, …``) or an infinitive cue without ``to``."""
    c_start, c_end = cue
    if text.startswith(",", c_end) and not _quote_opens_in(c_end, quoted):
        return None  # "After the talks concluded, …": a clause, not a report
    end = _clause_end(text, begin, s_end, quoted)
    normal = _normal_cue_at(text, c_start, c_end)
    if normal in INFINITIVE_CUES and not _TO_INFINITIVE_RE.match(text, c_end):
        return None
    if normal in OBJECT_CUES and not _overlaps_quote([(begin, end)], quoted):
        if _NOT_OBJECT_RE.match(text, c_end) or _PASSIVE_BEFORE_RE.search(
            text, max(s_start, c_start - 12), c_start
        ):
            return None
        end = _object_end(text, begin, end, quoted)
    for later in cues:
        if begin < later[0] < end:
            split = _next_frame_start(text, begin, later[0])
            if split is not None:
                end = split
                break
    return _Frame(speaker, c_start, c_end, [_trim(text, begin, end)], False)


# what follows a cue that ends the sentence with an adjunct only: "… he said in a statement."
_ADJUNCT_ONLY_RE = re.compile(
    r"(?:in|on|at|to(?=\s+[A-Z])|during|after|before|through|via|with|last|this|early|late|earlier|later)\b"
    r"[^,;:.!?“”\"]{0,40}[.!?]?[\"”’')]*$"
)
_TO_INFINITIVE_RE = re.compile(r"\s+to\s+[a-z]")
_NOT_OBJECT_RE = re.compile(r"\s+(?:by|off|up|down|away|out|back|into)\b")
_PASSIVE_BEFORE_RE = re.compile(r"\b(?:is|was|were|are|be|been|being|get|got)\s+(?:\w+ly\s+)?$")


# a reported clause that goes on after a mid-sentence attribution: "…, he said, the bridge will …"
_PARENTHETICAL_RE = re.compile(
    r"(?:\s+(?:on|in|at|last|this)\s+\w+)?,\s+(?![\"“'”]|and\b|but\b|\w+ing\b)\w+(?:\s+\S+){2}"
)


#: A record that no one owns is no source after ``according to`` (``…, according to official
#: statistics``: the writer's figures); one with an owner is (``according to data from the Department
#: of Education``, ``figures her campaign released``; PolNeAR, dev and train: the 3 ``according to``
#: + data/figures attributions all name the owner), and so is a definite one, which refers back to
#: records named before (``According to the data, …``: a PolNeAR dev attribution).
_UNOWNED_RECORD_RE = re.compile(
    r"(?:(?:new|latest|recent|official|provisional|preliminary|early|unofficial|published|"
    r"available|these|those|such|some)\s+){0,3}(?:statistics|figures|data|estimates|numbers)"
)

_PHRASE_ENDS_RE = re.compile(r"\s*(?:[,.;:!?)\"”]|$)")  # nothing (no "from …", no owner) follows


#: Heads after ``according to`` that name a norm or a plan followed, not a source: ``went according to
#: plan``, ``according to the schedule``, ``according to tradition`` (PolNeAR dev+train: none of its
#: 332 ``according to`` quotes has one; kremlin-en-2022: 12 quotes, all of them the idiom). ``the 2022
#: plans`` may be a document that says something: not here
ACCORDING_TO_NORMS: frozenset[str] = lexicon("quote_according_to_norms")


def _according_frame(text: str, s_start: int, s_end: int, cue: tuple[int, int]) -> _Frame | None:
    speaker = _speaker_after(text, cue[1], s_end)
    if speaker is None:  # a longer phrase: "according to state corporate records"
        comma = text.find(",", cue[1], s_end)
        lo, hi = _trim(text, cue[1], s_end if comma == -1 else comma)
        if hi <= lo or _word_count(text, lo, hi) > MAX_SPEAKER_TOKENS:
            return None
        speaker = _Speaker(lo, hi)
    pre = text[s_start : cue[0]].strip()
    if not pre or _OPENER_ONLY_RE.fullmatch(pre):  # "(But,) according to X, content."
        comma = text.find(",", speaker.end, s_end)
        if comma == -1 or _word_count(text, cue[1], comma) > MAX_ACCORDING_SOURCE_WORDS:
            return None
        speaker = _Speaker(speaker.start, min(speaker.end, comma))
        c_from, c_to = _trim(text, comma + 1, s_end)
        if _opens_with_speech_frame(text, c_from, c_to):
            return None  # "According to its accounts, the firm said it spent …": the firm said it
        pre = ""
    else:  # "Content, according to X." / "Content, according to X, more content."
        if not pre.endswith(",") and not _word_count(text, cue[1], s_end) <= MAX_SPEAKER_TOKENS:
            return None
        c_from, c_to = _trim(text, s_start, _content_end_before(text, s_start, cue[0]))
        after = text.find(",", speaker.end, s_end)
        if (
            after != -1
            and _word_count(text, speaker.end, after) <= 2
            and _word_count(text, after, s_end) >= 3
        ):
            c_to = _trim(text, s_start, s_end)[1]  # the report goes on after the source
    if _word_count(text, c_from, c_to) < MIN_CONTENT_WORDS:
        return None
    words = text[speaker.start : speaker.end].split()
    if not words:
        return None  # "according to according to.": the source, cut at the comma, is no word at all
    if words[-1].lower() in ACCORDING_TO_NORMS:
        return None  # "Russia will act according to plan", "according to the schedule": a norm, no source
    if _UNOWNED_RECORD_RE.fullmatch(text, speaker.start, speaker.end) and _PHRASE_ENDS_RE.match(
        text, speaker.end, s_end
    ):
        return None  # "…, according to official statistics.": figures of no one, the writer's
    return _Frame(speaker, cue[0], cue[1], [(c_from, c_to)], not pre)
