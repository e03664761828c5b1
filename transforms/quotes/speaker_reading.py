"""Speaker attachment: the speaker read next to a cue, before it (:func:`_speaker_before`) or
after it (:func:`_speaker_after`).

4. **Frames.** A reporting cue outside quotation marks (:data:`REPORTING_CUES`: ``said``,
   ``stressed``, ``told``, ``according to``, belief verbs such as ``thinks`` …) whose speaker can
   be read makes a frame. A sentence may hold several frames, read left to right, each in what the
   previous one left over. The speaker is read next to the cue:

   - before it: a pronoun (``he said``), a name (``Makei said``, ``Foreign Minister Vladimir Makei
     stated``; an organisation's name whole across ``for``/``of``/``and``/``on``/``de`` between
     capitalised words, :data:`NAME_CONNECTORS`: ``the Office for National Statistics``, ``the
     Bank of England``, here and after the cue; a person and a place stay apart: ``Senator Jo
     Lund of Ohio``, ``Lord A of B``), a noun phrase with a determiner (``the official said``), a
     name with an apposition (``Smith, a spokesman, said``; a person of an organisation with the
     name, whole: ``The director of the harbour board, Ola Berg, said``, ``A spokesman for the
     company, named as John Smith, said`` → ``A spokesman for the company``; a lower-case noun
     phrase after a preposition is no subject before an aside: ``… at the company, which began
     in May, plans …``), ``one in four``, ``who``; adverbs in between are skipped (``he also said``);
   - after it: ``…,” said Makei.``, ``…, according to the ministry.`` (after a sentence adverb,
     alone or modified, the report is what follows the source: ``Significantly, said Mr Smith,
     X.`` → ``Mr Smith``, ``X``; ``More significantly, argues the report, X.`` → ``X``, and nothing
     when nothing follows; the adverb is never the speaker; a trailing ``according to``
     frame wins over cues inside its content, and keeps what follows its source: ``X, according to
     the ministry, and Y.`` is one content; an opening ``According to X,`` followed by a subject
     and a verb of speech yields to that verb: ``According to its accounts, the firm said it …``
     → ``the firm``; ``…, said he would go`` is not inverted);
   - the sentence's subject, when a long apposition hides it (``Doe, whose … war, said …``), the
     cue is a second verb (``Doe praised Roe and said …``, ``… but says …``) or a participle after a
     comma, ``and`` or ``but`` (``Doe left early, calling the plan “a farce”.``; after an earlier
     frame, that frame's speaker: ``“X,” she said, adding, “Y.”``);
   - after a quotation that opens the sentence and ends in ``,`` ``?`` or ``!``: everything up to
     the cue (:data:`MAX_QUOTE_TO_CUE_WORDS` words at most) unless a noun phrase can be read
     there (``“We are ready,” Sen. Jo Doe (D-Ore.) said.`` → ``Jo Doe``).

"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from transforms.quotes.limits import MAX_OWNER_HOPS, MAX_SPEAKER_CHARS, MAX_SPEAKER_TOKENS
from transforms.quotes.names import (
    JOINING_WORDS,
    NAME_CONNECTORS,
    _is_determined_source,
    _is_person_noun,
    _joins_affiliation,
    _joins_name,
)
from transforms.quotes.records import _Speaker
from transforms.quotes.sentences import _plain_tokens, _strip_token, _tokens
from transforms.quotes.sources import (
    _TIME_LEADS,
    _is_cue_adverb,
    _is_time_phrase_word,
    _is_time_word,
    is_source_mention,
)
from transforms.quotes.words import (
    ABBREVIATIONS,
    DETERMINERS,
    NOT_SOURCE_FIRST,
    NOT_SPEAKER_AFTER_CUE,
    NP_BREAKERS,
    PERSON_NOUN_SUFFIXES,
    PRONOUN_SPEAKERS,
    SENTENCE_OPENERS,
    VERB_LIKE_WORDS,
)

_NOT_WORD_CHAR_RE = re.compile(r"[^\w’'.&-]")
_NEAR_SPEAKER_CHARS = 40  #: characters before a cue tokenised first (all of the window only when needed)


_PRONOUN_BEFORE_RE = re.compile(r"(?<![\w’'.&-])(?:[Hh]e|[Ss]he|[Tt]hey|[Ww]e|I|[Ww]ho|[Yy]ou)\s+$")


def _speaker_before(text: str, floor: int, cue_start: int) -> _Speaker | None:
    """The noun phrase ending just before a cue: "he", "Makei", "the official", "Smith, an aide,"."""
    quick = _PRONOUN_BEFORE_RE.search(text, cue_start - 12 if cue_start - 12 > floor else floor, cue_start)
    if quick is not None and quick.start() > floor:  # the common case, without tokenising
        end = quick.start()
        while not text[end].isspace():
            end += 1
        return _Speaker(quick.start(), end)
    window = cue_start - MAX_SPEAKER_CHARS if cue_start - MAX_SPEAKER_CHARS > floor else floor
    plain = text.find("''", window, cue_start) == -1
    near = cue_start - _NEAR_SPEAKER_CHARS
    if plain and near > window:
        # the last words first (from a token boundary, so they are the window's own last tokens)
        cut = _NOT_WORD_CHAR_RE.search(text, near, cue_start)
        if cut is not None:
            toks = _plain_tokens(text, cut.start(), cue_start)
            speaker = _speaker_from_tokens(text, floor, window, cue_start, toks, partial=True)
            if speaker is not _NEED_MORE_WORDS:
                return speaker
    toks = _plain_tokens(text, window, cue_start) if plain else _tokens(text, window, cue_start)
    return _speaker_from_tokens(text, floor, window, cue_start, toks, partial=False)


MAX_DASH_ASIDE_CHARS = 120  #: characters between the two dashes of an aside after a speaker
_DASHES = "—–"  #: em and en dash; a hyphen ``-`` counts only with spaces around it
#: characters before an aside's opening dash that must hold no dash: the readings of
#: :func:`_dash_aside_speaker` (the name, its owner's prepositions, a name before a comma) stay
#: within them, so they never read another aside (no recursion, linear time)
_DASH_FREE_BEFORE_CHARS = MAX_SPEAKER_CHARS * (MAX_OWNER_HOPS + 2)


def _dash_aside_speaker(text: str, floor: int, end: int) -> _Speaker | None:
    """The speaker before an aside set off by dashes that ends just before a cue (``Mr Howard -
    himself the son of immigrants - will acknowledge`` → ``Mr Howard``; ``Mr Howard — a lawyer —
    said``), as :func:`_speaker_from_tokens` reads one set off by commas; the aside is not part of
    it. None when no such aside ends at ``end`` or no name or determined source stands before it."""
    close = end
    while close > floor and text[close - 1].isspace():
        close -= 1
    if close <= floor:
        return None
    mark = text[close - 1]
    if mark in _DASHES:
        d = close - 1
        lo = max(floor, d - MAX_DASH_ASIDE_CHARS)
        o = max(text.rfind("—", lo, d), text.rfind("–", lo, d))
    elif mark == "-" and text[close - 2 : close] in (" -", "--"):
        d = close - 2 if text[close - 2] == "-" else close - 1
        lo = max(floor, d - MAX_DASH_ASIDE_CHARS)
        o = text.rfind(" - ", lo, d)
        o = o + 1 if o != -1 else text.rfind(" -- ", lo, d) + 1
        if o == 0:
            return None
    else:
        return None
    if o <= floor or not text[o + 1 : d].strip() or any(c in text[o:d] for c in '.;:!?"“”'):
        return None
    before = text[max(floor, o - _DASH_FREE_BEFORE_CHARS) : o]
    if "—" in before or "–" in before or " -" in before:
        return None  # dash after dash: no nested reading (each read here stays within this span)
    inner = _speaker_before(text, floor, o)
    if inner is None:
        return None
    if text[text.rfind(" ", floor, inner.start - 1) + 1 : inner.start - 1] in _APPOSITION_PREPOSITIONS:
        # "Paul Doe, head of Acme - a small firm - said": the firm belongs to the head before it
        inner = _owned_head(text, floor, inner)
        if inner is None:
            return None
        if text.endswith(", ", floor, inner.start) and not text[inner.start].isupper():
            outer = _speaker_before(text, floor, inner.start - 2)
            if outer is not None and text[outer.start].isupper():
                inner = _Speaker(outer.start, inner.end)  # the name before its role, as with commas
    if not (text[inner.start].isupper() or _is_determined_source(text, inner)):
        return None
    return inner


_BARE_TIMES = frozenset("yesterday today tonight".split())


_NEED_MORE_WORDS = _Speaker(-1, -1)  #: the answer of a reading that ran out of words

MAX_CHAIN_APPOSITIONS = 4  #: age and origin appositions read back over before a cue
_AGE_RE = re.compile(r"(?:aged\s+)?\d{1,3}")
_ORIGIN_RE = re.compile(r"(?:from|of)\s+[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3}")
_PLACE_RE = re.compile(r"[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,2}")


def _age_origin_chain_speaker(text: str, floor: int, window: int, last_end: int) -> _Speaker | None:
    """The speaker before a chain of appositions that give an age or an origin, with the chain
    (``One of the men, David Doe, 34, from Hartpury, Gloucestershire, said`` → ``David Doe, 34,
    from Hartpury, Gloucestershire,``), or None when the apposition before the cue is none of them.

    Going back from the cue's comma, at most :data:`MAX_CHAIN_APPOSITIONS` comma-separated parts
    are passed over when each is an age (``34``, ``aged 34``), an origin (``from Hartpury``,
    ``of Leeds``) or a capitalised place right after an origin (``from Hartpury, Gloucestershire``);
    the speaker is the noun phrase before the first part passed over, and must be a name or a
    source (:func:`is_source_mention`). Such a part is never a speaker: read alone, the place
    after the origin was taken for a name (``Hartpury, Gloucestershire,``). A role apposition
    (``Mr Doe, MP for Henley, Oxfordshire,``) is read as before."""
    seg_end = last_end
    passed = 0
    after_origin = False  # the part after this one (read earlier) is a place after an origin
    while passed < MAX_CHAIN_APPOSITIONS:
        comma = text.rfind(",", window, seg_end)
        if comma <= window:
            break  # the first part of the chain: the speaker's own
        part_start = comma + 1
        while part_start < seg_end and text[part_start].isspace():
            part_start += 1
        if _AGE_RE.fullmatch(text, part_start, seg_end) or _ORIGIN_RE.fullmatch(text, part_start, seg_end):
            after_origin = False
        elif _PLACE_RE.fullmatch(text, part_start, seg_end):
            # a place counts only when an origin comes right before it
            before = text.rfind(",", window, comma)
            lead = before + 1
            while lead < comma and text[lead].isspace():
                lead += 1
            if before <= window or not _ORIGIN_RE.fullmatch(text, lead, comma):
                break  # a name ("One of the men, David Doe, 34,"), the chain's first part
            after_origin = True
        else:
            break
        passed += 1
        seg_end = comma
    if passed == 0 or after_origin:
        return None
    head = _speaker_before(text, floor, seg_end)
    if head is None or not (text[head.start].isupper() or is_source_mention(text[head.start : head.end])):
        return None
    return _Speaker(head.start, last_end + 1)


def _speaker_from_tokens(
    text: str, floor: int, window: int, cue_start: int, toks: list[tuple[str, int, int]], partial: bool
) -> _Speaker | None:
    """``_speaker_before`` on the tokens before the cue; when ``partial`` (only the last tokens of
    the window), :data:`_NEED_MORE_WORDS` if the reading would have looked further back.

    Adverbs and a time between the speaker and the cue are passed over first
    (:func:`_skip_to_subject`); then the readers of :data:`SPEAKER_FORMS` are asked in order."""
    cue_start = _skip_to_subject(text, cue_start, toks)
    before = _Before(text, floor, window, cue_start, toks, partial)
    for read in SPEAKER_FORMS:
        speaker = read(before)
        if speaker is not None:
            return None if speaker is _NO_SPEAKER else speaker
    return None  # pragma: no cover - the last reader always answers


def _skip_to_subject(text: str, cue_start: int, toks: list[tuple[str, int, int]]) -> int:
    """Where the cue starts once the adverbs (``he also said``, ``Doe strongly suggested``, ``I
    very much hope``) and a time (``Airbus this week announced``, ``Doe on Friday told``, ``Doe
    yesterday said``) between speaker and cue are taken off the end of ``toks`` (in place)."""
    while toks and text[toks[-1][2] : cue_start].strip() == "":
        word, before = toks[-1][0], toks[-2][0] if len(toks) > 1 else ""
        if _is_cue_adverb(word, before):
            cue_start = toks[-1][1]
            toks.pop()
        elif _is_time_word(word) and before.lower() in _TIME_LEADS and text[toks[-2][2] : toks[-1][1]] == " ":
            cue_start = toks[-2][1]
            del toks[-2:]
            if len(toks) > 1 and toks[-1][0].endswith("ed") and toks[-1][0].islower():
                cue_start = toks[-1][1]  # "a report released last year found": the report
                toks.pop()
        elif word.lower() in _BARE_TIMES:
            cue_start = toks[-1][1]
            toks.pop()
        else:
            break
    return cue_start


@dataclass(slots=True)
class _Before:
    """What a speaker-form reader is given: the tokens before a cue, the adverbs between them and
    the cue already passed over (``cue_start`` moved back over them)."""

    text: str
    floor: int  #: where the sentence (what is left of it) starts
    window: int  #: where the tokens were read from
    cue_start: int
    toks: list[tuple[str, int, int]]
    partial: bool  #: only the last tokens of the window were read

    def last_low(self) -> str:
        """The last word before the cue, lower-cased, without dots, quotes and hyphens round it."""
        return self.toks[-1][0].strip(".’'-").lower()


#: A reader's answer that no speaker stands before the cue (compared by identity).
_NO_SPEAKER = _Speaker(-2, -2)


def _aside_by_dashes(b: _Before) -> _Speaker | None:
    """``Mr Howard - himself the son of immigrants - will acknowledge``: ``Mr Howard``
    (:func:`_dash_aside_speaker`)."""
    text, cue_start = b.text, b.cue_start
    if not text[cue_start - 4 if cue_start > 4 else 0 : cue_start].rstrip().endswith(("-", "—", "–")):
        return None
    return _dash_aside_speaker(text, b.floor, cue_start)


def _enough_words(b: _Before) -> _Speaker | None:
    """No word, no speaker; fewer than 3 words read of a partial window: read more."""
    if b.partial and len(b.toks) < 3:
        return _NEED_MORE_WORDS
    return None if b.toks else _NO_SPEAKER


def _apposition(b: _Before) -> _Speaker | None:
    """Punctuation between the last word and the cue: a comma closes an apposition (``Smith, a
    spokesman, said``, :func:`_apposition_speaker`); anything else leaves no speaker."""
    _, _, l_end = b.toks[-1]
    gap = b.text[l_end : b.cue_start]
    if gap == "" or gap == " ":
        return None
    gap = gap.strip()
    if gap == ",":
        return _apposition_speaker(b)
    return _NO_SPEAKER if gap != "" else None


def _apposition_speaker(b: _Before) -> _Speaker:
    """The speaker before an apposition closed by the comma before the cue: a chain of ages and
    origins (``Doe, 34, from Hartpury, Gloucestershire, said``), else the name or determined
    source before the apposition, with it (``Smith, a spokesman, said``, ``Smith, 45, said``), or
    alone before a clause (``Mr A, elected after Mr B was toppled, has urged``)."""
    text, floor, window = b.text, b.floor, b.window
    _, l_start, l_end = b.toks[-1]
    chained = _age_origin_chain_speaker(text, floor, window, l_end)
    if chained is not None:
        return chained  # "Doe, 34, from Hartpury, Gloucestershire, said": Doe
    comma = text.rfind(",", window, l_start)
    if not (comma > window and l_end - comma < 120):
        return _NO_SPEAKER
    inner = _speaker_before(text, floor, comma)
    if inner is None:
        return _NO_SPEAKER
    lead_words = text[max(window, comma - 60) : inner.start].split()
    inner, owned = _apposition_owner(text, floor, window, inner, lead_words)
    after_preposition = bool(lead_words) and lead_words[-1].lower() in NOT_SOURCE_FIRST - {"as"}
    if not (
        owned or text[inner.start].isupper() or (not after_preposition and _is_determined_source(text, inner))
    ):
        return _NO_SPEAKER
    if _PARTICIPLE_ASIDE_RE.match(text, comma + 1, l_end):
        return inner  # "Mr A, elected after Mr B was toppled, has urged": A
    return _Speaker(inner.start, l_end + 1)


def _apposition_owner(
    text: str, floor: int, window: int, inner: _Speaker, lead_words: list[str]
) -> tuple[_Speaker, bool]:
    """The name an apposition belongs to, read from ``inner`` (the phrase before its comma), and
    whether it is an owner read back through prepositions (:func:`_owned_head`). A place after a
    preposition or a role joined to a place is itself an apposition: the name is before the
    comma before it (``Mr Johnson, MP for Henley-on-Thames, Oxfordshire, said``)."""
    if lead_words and lead_words[-1].lower() in _APPOSITION_PREPOSITIONS:
        earlier = text.rfind(",", window, inner.start)
        outer = _speaker_before(text, floor, earlier) if earlier > window else None
        if outer is not None and text[outer.start].isupper():
            return outer, False
        if earlier <= window:
            whole = _owned_head(text, floor, inner)
            return whole or inner, whole is not None
        return inner, False
    if text.endswith(", ", window, inner.start) and any(
        w in NAME_CONNECTORS for w in text[inner.start : inner.end].split()
    ):
        outer = _speaker_before(text, floor, inner.start - 2)
        if outer is not None and text[outer.start].isupper():
            return outer, False
    return inner, False


def _pronoun(b: _Before) -> _Speaker | None:
    """``he said``, ``they told``; not ``it`` after ``that`` or ``as`` (``as it said``)."""
    low = b.last_low()
    if low not in PRONOUN_SPEAKERS:
        return None
    toks = b.toks
    if low == "it" and len(toks) >= 2 and toks[-2][0].lower() in {"that", "as"}:
        return _NO_SPEAKER
    last_word, l_start, _ = toks[-1]
    return _Speaker(l_start, l_start + len(last_word.rstrip(".")))


def _relative_which(b: _Before) -> _Speaker | None:
    """``the government, which has denied …``: the relative speaks."""
    text, floor = b.text, b.floor
    _, l_start, l_end = b.toks[-1]
    if b.last_low() == "which" and (
        text.endswith(",", floor, l_start) or text.endswith(", ", floor, l_start)
    ):
        return _Speaker(l_start, l_end)
    return None


def _one_in_n(b: _Before) -> _Speaker | None:
    """``one in four said``: the share speaks."""
    toks = b.toks
    if (
        len(toks) >= 3
        and toks[-2][0] == "in"
        and _is_number(b.last_low())
        and _is_number(toks[-3][0].lower())
    ):
        return _Speaker(toks[-3][1], toks[-1][2])
    return None


def _not_a_phrase_end(b: _Before) -> _Speaker | None:
    """A breaker or a determiner right before the cue ends no noun phrase: no speaker."""
    low = b.last_low()
    return _NO_SPEAKER if low in NP_BREAKERS or low in DETERMINERS else None


def _noun_phrase(b: _Before) -> _Speaker:
    """The noun phrase that ends before the cue, read backwards (:func:`_phrase_start`), without
    the sentence openers and times that lead it (:func:`_subject_start`): ``the official``,
    ``Foreign Minister Vladimir Makei``, ``the Bank of England``."""
    toks = b.toks
    n = len(toks)
    start_i, stopped, limit = _phrase_start(b.text, toks)
    if b.partial and not stopped and limit == 0:
        return _NEED_MORE_WORDS  # the phrase may go on before the first word read
    start_i = _subject_start(toks, start_i)
    if start_i == n - 1 and toks[start_i][0].strip(".’'-").lower() in {"the", "a", "an"}:
        return _NO_SPEAKER
    last_word, l_start, l_end = toks[-1]
    return _Speaker(
        toks[start_i][1], l_start + len(last_word.rstrip(".")) if not _is_abbr_word(last_word) else l_end
    )


def _phrase_start(text: str, toks: list[tuple[str, int, int]]) -> tuple[int, bool, int]:
    """``(first token, stopped, limit)`` of the noun phrase that ends with ``toks``, walked back over
    at most :data:`MAX_SPEAKER_TOKENS` tokens: ``stopped`` when a word or punctuation ended it
    before the first token read (``limit``). A determiner is its first word; a name connector
    or ``from`` after a person's name joins (``Bank of England``, ``David Noone from
    Intervoice``); punctuation, a breaker, a pronoun, a sentence's last word or a lower-case verb
    or clause ends it (:func:`_ends_phrase`)."""
    n = len(toks)
    start_i = n - 1
    i = n - 1
    limit = n - MAX_SPEAKER_TOKENS if n > MAX_SPEAKER_TOKENS else 0
    seen_capital = toks[-1][0][0].isupper()
    while i - 1 >= limit:
        prev_word, _, prev_end = toks[i - 1]
        if prev_end != toks[i][1]:
            between = text[prev_end : toks[i][1]]
            if between != " " and between.strip():
                return start_i, True, limit
        p_low = prev_word.strip(".’'-").lower()
        if p_low in DETERMINERS:
            return i - 1, True, limit
        if (
            i - 2 >= limit
            and prev_word in JOINING_WORDS
            and (
                _joins_name(text, toks[max(limit, i - 6) : i - 1], toks[i - 1], toks[i])
                or _joins_affiliation(text, toks[max(limit, i - 6) : i - 1], toks[i - 1], toks[i])
            )
        ):
            # "the Office for National Statistics", "Bank of England": one name; "David Noone
            # from Intervoice said": the person, with the firm they are from
            i -= 1
            start_i = i
            continue
        if _ends_phrase(prev_word, p_low, seen_capital):
            return start_i, True, limit
        seen_capital = seen_capital or prev_word[0].isupper()
        i -= 1
        start_i = i
    return start_i, False, limit


def _ends_phrase(word: str, low: str, seen_capital: bool) -> bool:
    """Whether ``word`` (``low``: lower-cased, stripped) before a noun phrase is no part of it: a
    breaker or a pronoun, a word ending a sentence (not an abbreviation), or a lower-case verb or
    clause (``forces held drills called``: not the speaker's modifier)."""
    if low in NP_BREAKERS or low in PRONOUN_SPEAKERS:
        return True
    if word[-1] == "." and low not in ABBREVIATIONS and len(low) > 1:
        return True
    return word[0].islower() and (seen_capital or low.endswith("ed") or low in VERB_LIKE_WORDS)


def _subject_start(toks: list[tuple[str, int, int]], start_i: int) -> int:
    """The first token of the speaker in the phrase from ``start_i``: after sentence openers and a
    leading time (``Earlier this year economists calculated``: economists; but ``he last week
    unveiled plans``: a verb, the phrase is no subject), and only the head noun and its modifier
    of a long bare lower-case phrase (``campaign officials``)."""
    n = len(toks)
    while start_i < n - 1 and toks[start_i][0] in SENTENCE_OPENERS:
        start_i += 1
    after_time = start_i
    while after_time < n - 1 and _is_time_phrase_word(toks, after_time):
        after_time += 1  # "Earlier this year economists calculated": economists
    head = toks[after_time][0]
    if not (head[0].islower() and (head.endswith("ed") or head in VERB_LIKE_WORDS)):
        start_i = after_time  # but "he last week unveiled plans": a verb, the phrase is no subject
    first = toks[start_i][0]
    if first[0].islower() and first.strip(".’'-").lower() not in DETERMINERS and n - start_i > 3:
        # bare lowercase phrase: keep only the head noun and its modifier ("campaign officials")
        start_i = n - 2
    return start_i


#: A speaker-form reader: a speaker (or :data:`_NEED_MORE_WORDS`), :data:`_NO_SPEAKER` (no
#: speaker stands before the cue), or None (not this form: the next reader is asked).
SpeakerForm = Callable[[_Before], "_Speaker | None"]

#: The forms a speaker before a cue takes, in order of precedence; the last always answers.
SPEAKER_FORMS: tuple[SpeakerForm, ...] = (
    _aside_by_dashes,
    _enough_words,
    _apposition,
    _pronoun,
    _relative_which,
    _one_in_n,
    _not_a_phrase_end,
    _noun_phrase,
)


_APPOSITION_PREPOSITIONS = frozenset("for of in at from near".split())


def _owned_head(text: str, floor: int, owner: _Speaker) -> _Speaker | None:
    """The source noun phrase that owns ``owner`` through prepositions of
    :data:`_APPOSITION_PREPOSITIONS` (``A spokesman for the company, named as John Smith, said``:
    the spokesman speaks; ``director of the Victims of Crime Trust``), read back over at most
    :data:`MAX_OWNER_HOPS` prepositions; the head before each preposition is a name, a title or a
    person (``it in the category``, ``the rights of 875 suspects`` own nothing); None when no
    preposition and source precede ``owner``."""
    found = None
    for _ in range(MAX_OWNER_HOPS):
        prep_end = owner.start - 1
        prep_start = text.rfind(" ", floor, prep_end) + 1
        if prep_start <= floor or text[prep_start:prep_end] not in _APPOSITION_PREPOSITIONS:
            break
        head = _speaker_before(text, floor, prep_start - 1)
        if head is None or head.end != prep_start - 1:
            break
        whole = _Speaker(head.start, owner.end)
        last = text[head.start : head.end].rsplit(None, 1)[-1]
        person = last[0].isupper() or _is_person_noun(last) or last.endswith(PERSON_NOUN_SUFFIXES)
        if not person or not is_source_mention(text[whole.start : whole.end]):
            break  # "it in the best picture category", "the rights of 875 suspects": no source
        found = owner = whole
    return found


# an aside that is a clause: "Mr A, elected president after Mr B was toppled, has urged", "X, who
# said he would go, told staff …": the subject before it speaks
_PARTICIPLE_ASIDE_RE = re.compile(
    r"\s*(?:[a-z]{2,}ed|elected|chosen|born|known|held|sent|appointed|who|which|whose)\s"
)

_NUMBER_WORDS = frozenset("one two three four five six seven eight nine ten".split())


def _is_number(word: str) -> bool:
    return word in _NUMBER_WORDS or word.isdigit()


def _is_abbr_word(word: str) -> bool:
    return word.lower().rstrip(".") in ABBREVIATIONS or (len(word) == 2 and word.endswith("."))


def _last_word_capitalised(text: str, start: int, end: int) -> bool:
    """Whether the last word of ``text[start:end]`` is capitalised (``market analyst Datamonitor``)."""
    space = text.rfind(" ", start, end)
    return text[space + 1 : space + 2].isupper()


def _speaker_after(text: str, cue_end: int, ceiling: int) -> _Speaker | None:
    """The noun phrase just after a cue: "…,” said Makei." / "according to the ministry,"."""
    toks = _tokens(text, cue_end, cue_end + 100 if cue_end + 100 < ceiling else ceiling)
    if not toks or text[cue_end : toks[0][1]].strip():
        return None
    first = toks[0][0]
    if first in NOT_SPEAKER_AFTER_CUE:
        return None
    low = _strip_token(first).lower()
    if low in PRONOUN_SPEAKERS:
        return _Speaker(toks[0][1], toks[0][1] + len(first.rstrip(".")))
    if low in NP_BREAKERS:
        return None
    end = toks[0][2]
    n = 0
    for k, (word, w_start, w_end) in enumerate(toks):
        if k > 0:
            between = text[toks[k - 1][2] : w_start]
            if between.strip():
                break
            w_low = _strip_token(word).lower()
            joined = k + 1 < len(toks) and _joins_name(text, toks[max(0, k - 5) : k], toks[k], toks[k + 1])
            if (w_low in NP_BREAKERS and not joined) or word in NOT_SPEAKER_AFTER_CUE:
                break
        n += 1
        end = w_end
        if word.endswith(".") and not _is_abbr_word(word):
            end = w_end - 1
            break
        if n >= MAX_SPEAKER_TOKENS:
            break
    lowercase_phrase = not (first[0].isupper() or low in DETERMINERS or n <= 2)
    if lowercase_phrase and not _last_word_capitalised(text, toks[0][1], end):
        return None  # a clause, not a speaker; "said market analyst Datamonitor" is one
    return _Speaker(toks[0][1], end)
