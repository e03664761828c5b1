"""Validity filters: readings that look like a report and are not (rule 7 of the package
docstring). Here: passives, naming verbs, ``quoted … as saying`` and the check of a frame's
speaker (:func:`_source_checked`); the cue-and-object filters are in :mod:`.objects` and
:mod:`.topics`, and :mod:`.filters` lists them all in the order they are tried.

Nor are these reports (:func:`_is_naming`, :func:`_source_checked`):

- a naming verb (:data:`NAMING_VERBS`, :data:`NAMING_PHRASES`) before a name or a quoted title:
  ``drills called Union Resolve 2022``, ``a report titled “…”``, ``known as “…”``, ``was
  called``; ``called for``, ``called on X to …``, ``called it “a farce”``, ``called Roe a liar``,
  ``what he called “…”`` still report;
- an evidence cue (:data:`EVIDENCE_CUES`: ``shows``, ``suggests``, ``indicates``,
  ``reveals``, ``signals``, ``implies``) after a pronoun of a thing (``this shows``, ``which
  suggests``), a thing (``recent events suggest``, ``the boom signalled``), a common noun
  opening the sentence (``Experience shows``), a fragment (``10,000 hours of shows``), a word
  that makes it a noun (``TV shows``) or before ``how``/``why``
  (``his popularity shows how …``: the writer's comment); after a person, an organisation or a
  record it reports (``polls show``, ``the minister suggests that …``); ``means``, ``proves``,
  ``demonstrates`` are no cues;
- a cue of :data:`ATTITUDE_VERBS` after a thing (``the music seemed to …``);
- a passive participle (``was found dead``, ``are accused of``), and ``it is thought that …``
  (the writer's hedge); ``he was told that …`` reports the clause, without a speaker;
- ``added a second`` / ``agreed a deal`` (an object), ``who knows what …`` (a question), a noun
  cue before a relative clause (``a message that is …``), ``called on Monday``;
- ``according to`` a record of no one (``…, according to official statistics``, ``According to
  preliminary figures, …``); ``according to data from the board`` and ``according to the data``
  (records named before) report;
- ``deny`` with two objects, a person or group then a thing (``the referee denied Berg a
  penalty``, ``denied him the chance``, ``denied them access``, ``denied the player a new
  contract``): withheld, not denied; a weekday or month is no object (``denied Monday the
  reports that …`` reports), nor a record (``denied the reports the crews filed``) or a
  possessive ``her`` (``denied her involvement``);
- an agreement to act: ``agreed to`` + a verb (``have agreed to leave their loans``; ``agreed
  that …`` and ``agreed to an interview`` report);
- a prize claimed: ``claimed`` + a noun of :data:`PRIZE_NOUNS` or a race distance within
  :data:`MAX_PRIZE_OBJECT_WORDS` words (``she claimed the 200m title``, ``the storm claimed three
  lives``); ``claimed victory`` (said: PolNeAR counts it), ``claimed that …``, ``claimed the
  title was fixed`` (a finite verb after the noun) and a quotation after the cue report;
- the idiom ``it goes without saying that …`` (the writer's, no one's words);
- a topic minded: ``think about`` + a noun phrase (``we must think about safety``); ``think
  about how …``, ``thought about running`` and ``think about X: …`` report;
- a wish the writer describes: ``want to see`` (``ministers want to see the text changed``)
  and ``who want`` (``the rebels, who want a separate state``), unless it quotes words;
- a free relative subject: ``What I said about the harbour also applies to the bridge`` (a
  sentence opening ``What`` + speaker + cue + an adjunct, no colon, no quotation after it);
  ``what she said were harsh fines``, ``What he said was that …`` and ``What I said in May:
  X`` report;
- a count after ``added``, a score or a sum: ``Jones added four conversions``, ``the economy
  added 1,500 jobs`` (``added that …``, ``added one more point: X``, ``“X,” added two
  officials`` report);
- an announcement to come: ``will announce``/``is to announce``/``plans to announce`` + a noun
  phrase (``Lund will announce his squad on Friday``); ``will announce that …`` reports;
- a speaker naming their own topic: ``I am talking about foreign trade``, ``we're talking
  about X`` (a first-person present + a noun phrase); ``talking about how …`` reports;
- a content cut short: :data:`MAX_DANGLING_CONTENT_WORDS` words or fewer ending in a word of
  :data:`DANGLING_LAST_WORDS` (``expressed concerns about``, ``supports having an``, ``say they
  are``); a longer one may end so (``something most crews would disagree with``);
- a content opening with ``and``/``or``/``nor``/``but`` right after the cue: the cue word is a
  noun in a list (``a roster of artists, TV shows and PR strategies``) or a verb joined to the
  next (``agreed and said X``: ``said`` is read); a trailing frame keeps its content;
- a warning's topic: ``warn`` + an object pronoun + ``about`` + a noun phrase (``we warned them
  about this``); ``warned them that …``, ``warned of …`` and ``about how …`` report;
- a view cue right after a preposition and a determiner, a noun (``without any real thought
  for the fact that …``);
- a topic talked about: ``discuss``/``talk about``/``speak about`` + a noun phrase (``The
  presidents discussed bilateral trade``); a clause or a quotation after the cue reports;
- ``reported to <someone> on <a topic>`` (an addressee, as after ``told``); ``found
  itself …`` (a plight); ``according to plan`` (:data:`ACCORDING_TO_NORMS`); a plural cue form
  before ``which`` (:data:`NOUN_LIKE_CUES`); a cue in a relative clause with nothing after it
  (``issues which our people are worried about.``);
- a plural cue form after a preposition, a determiner, a quantifier or an adjective, with no
  complement after it, is a noun (``a backlog of claims was building up``, ``despite claims to
  the contrary``); ``amid claims that …``, ``amid claims the poll could …``, ``calls to ban …``,
  ``hopes for …`` and a quotation still report;
- a passive with adverbs between auxiliary and participle (``were later admitted to hospital``,
  ``was quickly told``) is read as the passive it is (its subject is no speaker);
- ``replied with``/``responded with`` + a count or a score (``the visitors replied with three
  penalties``, ``responded with a 5% rise``): an act, no words; ``responded with attacks on
  …`` and a quotation still report;
- the writer's hypothetical reader: ``you`` + ``might``/``may``/``could``/``would`` + a view
  cue (``You might think that …``, ``you would expect …``); ``you think``, ``you could say``
  report;
- ``found`` + a place or target in play or a player (``Berg found space in the area``, ``the
  corner found Jo Lund, whose …``, ``found the bottom corner``); a clause, a finding subject
  (:data:`FINDING_SUBJECTS`: ``the poll found Doe leading``) or a quotation still report;
- an owner before a participle adjective (``Deutsche Boerse's proposed offer``,
  :data:`ATTRIBUTIVE_PARTICIPLES`); ``Having said that,`` and ``let's say …``;
- an ``-ed`` non-cue before a demonstrative ``that`` (``We increased that sum``), ``added the X
  to the Y``, ``reported on`` + a noun phrase, ``said it``/``said this`` + an adjunct,
  ``realised`` + a noun phrase, a participle after a thing (``The big trend predicted for …``);
- a plural cue form used as a noun (``a backlog of claims was …``), ``replied with`` + a count or
  a score, the writer's hypothetical ``You might think …``, ``found`` + a place or a player in
  play; a passive stays one with adverbs inside (``were later admitted``).
"""

from __future__ import annotations

import functools
import re

from schemas.lexicon import lexicon
from transforms.quotes.content import _normal_cue_at, _rest_after_trailing, _trim
from transforms.quotes.cues import (
    CUES,
    EVIDENCE_CUES,
    NAMING_PHRASES,
    NAMING_VERBS,
    NOUN_CUES,
)
from transforms.quotes.limits import MIN_CONTENT_WORDS
from transforms.quotes.patterns import _CUE_FORMS, _MARK_CHARS
from transforms.quotes.records import _Frame, _Segment, _Speaker
from transforms.quotes.sentences import _tokens, _word_count
from transforms.quotes.sources import (
    _is_broken_mention,
    _is_lone_adverb,
    _is_thing_pronoun,
    _mention_words,
    is_fragment_mention,
    is_source_mention,
)
from transforms.quotes.speaker_reading import _speaker_before
from transforms.quotes.words import (
    CUE_ADVERBS,
    DETERMINERS,
    NOT_SOURCE_FIRST,
    NOT_SPEAKER_AFTER_CUE,
    NP_BREAKERS,
    PRONOUN_SPEAKERS,
    SENTENCE_OPENERS,
    VERB_LIKE_WORDS,
)
from transforms.speakers import GIVEN_NAMES

_IRREGULAR_PARTICIPLES = frozenset("told said thought shown found known written seen sought meant".split())
#: An auxiliary of the passive before a participle cue, with ``not``/``never`` and up to two adverbs
#: between (an adverb in -ly or one of time or sequence: ``were later admitted to hospital``, ``was
#: quickly told``, ``is now thought``, ``were also found``); ``have since been found`` has ``been``
#: next to the participle. Read in a window of :data:`MAX_PASSIVE_AUX_CHARS` characters before the cue.
#: The same adverbs are read between the auxiliary and a raising cue (:data:`_RAISING_BEFORE_RE`:
#: ``Doe is also expected to run`` is the passive report ``Doe is expected to run`` is).
_PASSIVE_ADVERBS = (
    r"(?:(?:not|never)\s+)?"
    r"(?:(?:[a-z]+ly|later|since|also|then|soon|still|now|already|once|just|first|again|even|initially)\s+){0,2}$"
)
_PASSIVE_AUX_RE = re.compile(
    r"(?:^|\s)(?:is|am|was|were|are|be|been|being|get|gets|got|isn’t|isn't|wasn’t|wasn't|aren’t|aren't"
    r"|weren’t|weren't)\s+" + _PASSIVE_ADVERBS
)
MAX_PASSIVE_AUX_CHARS = 36  #: characters before a participle cue searched for a passive auxiliary


def _is_passive(text: str, s_start: int, cue: tuple[int, int]) -> bool:
    """Whether a cue is a passive participle (``was told``, ``has been found dead``, ``are accused
    of``, ``was called``): its subject is what is reported on or named, not who speaks."""
    word = text[cue[0] : cue[1]]
    if word == "decided":  # no cue, but "it was decided that …" is as passive as "it is thought that …"
        return _PASSIVE_AUX_RE.search(text, max(s_start, cue[0] - MAX_PASSIVE_AUX_CHARS), cue[0]) is not None
    if word not in _CUE_FORMS or " " in word or not (word.endswith("ed") or word in _IRREGULAR_PARTICIPLES):
        return False  # "were frustrated that …" (any verb before "that") is their view
    return _PASSIVE_AUX_RE.search(text, max(s_start, cue[0] - MAX_PASSIVE_AUX_CHARS), cue[0]) is not None


def _personal_subject_before(text: str, s_start: int, c_start: int) -> bool:
    """Whether the word before a cue (adverbs skipped) is a person's: a pronoun or a capitalised
    word (``what he called``, ``Doe called``), not a common noun (``a group called``)."""
    toks = _tokens(text, max(s_start, c_start - 60), c_start)
    while toks and toks[-1][0].lower() in CUE_ADVERBS:
        toks.pop()
    if not toks or text[toks[-1][2] : c_start].strip(" ,"):
        return False  # an apposition's comma may close the name: "which Doe, the chief, called"
    word = toks[-1][0]
    return word.lower() in PRONOUN_SPEAKERS or (word[0].isupper() and word not in SENTENCE_OPENERS)


_BEFORE_A_NAME = frozenset("the itself themselves himself herself".split())
#: lower-case words inside a name after a naming verb: the connectors and particles every reader of
#: names shares, and "the" ("called Union of the Sea"), which only a name given in full may hold
_NAME_CONNECTORS = lexicon("name_connectors") | lexicon("name_particles") | {"the"}
_MONTHS = lexicon("months")


#: Single marks that open a name or title after a naming verb (``called ‘knocking’``); single
#: quotes are no quotation marks of their own (rule 1), but a title in them is still a name.
_SINGLE_OPENING_MARKS = "‘'"


def _is_naming(text: str, s_start: int, s_end: int, cue: tuple[int, int]) -> bool:
    """Whether a cue of :data:`NAMING_VERBS` names rather than reports.

    - a passive (``was called``, ``has been dubbed``) reports nothing of its subject;
    - a quotation right after it, in double or single marks, is a name or title (``a class called
      “Perception”``, ``a phenomenon called ‘knocking’``) unless a person's word stands before the
      verb (``what he called “a farce”``, ``what she called ‘a disgrace’``);
    - a capitalised name right after it (``drills called Union Resolve 2022 on …``, ``a man named
      Jo Doe``, ``Doe called Jo Roe.``) is naming, or a phone call, unless a complement follows the
      name (``called Roe “a liar”``, ``called Roe a liar``; after a person, also ``called Roe
      unfit``), the name is a possessive object (``called Roe’s plan “a farce”``), or it is a day
      or month (``called Monday for calm``).

    Everything else reports: ``called for``, ``called on``, ``called it “…”``, ``called the decision
    “a mistake”``.
    """
    c_start, c_end = cue
    if _is_passive(text, s_start, cue):
        return True
    after = c_end
    while after < s_end and text[after] == " ":
        after += 1
    if after >= s_end:
        return False
    if text[after] in _MARK_CHARS or text.startswith("''", after):
        return not _personal_subject_before(text, s_start, c_start)
    if text[after] in _SINGLE_OPENING_MARKS and after + 1 < s_end and not text[after + 1].isspace():
        # "a phenomenon called ‘knocking’", "a film dubbed 'the new Jaws'": a title in single marks
        return not _personal_subject_before(text, s_start, c_start)
    toks = _tokens(text, after, min(s_end, after + 160))
    k = 1 if len(toks) > 1 and toks[0][0] in _BEFORE_A_NAME else 0  # "called the X", "calling itself X"
    if k >= len(toks) or not (toks[k][0][0].isupper() or toks[k][0][0].isdigit()):
        return False
    if toks[k][0] in NOT_SPEAKER_AFTER_CUE or toks[k][0] in _MONTHS:
        return False
    last = _name_run_end(text, toks, k)
    if toks[last][0].endswith(("’s", "'s")):
        return False  # "called Roe’s plan “a farce”": the name opens the object
    return not _complement_follows(text, s_start, s_end, c_start, toks, last)


def _name_run_end(text: str, toks: list[tuple[str, int, int]], k: int) -> int:
    """The index of the last token of the name that opens at ``toks[k]``: capitalised words and
    numbers, joined by particles of :data:`_NAME_CONNECTORS` before a capital (``Union of
    Resolve``), up to the first punctuation."""
    last = k
    j = k + 1
    while j < len(toks):
        if text[toks[j - 1][2] : toks[j][1]].strip():
            break  # punctuation ends the name
        word = toks[j][0]
        if word[0].isupper() or word[0].isdigit():
            last = j
        elif not (word in _NAME_CONNECTORS and j + 1 < len(toks) and toks[j + 1][0][0].isupper()):
            break
        j += 1
    return last


def _complement_follows(
    text: str, s_start: int, s_end: int, c_start: int, toks: list[tuple[str, int, int]], last: int
) -> bool:
    """Whether a complement follows the name ending at ``toks[last]``, so the verb reports what
    it calls someone: a quotation (``called Roe “a liar”``, ``calls Roe ‘crazy’``), a noun phrase
    (``called Roe a liar``) or, after a person's word before the verb, a bare adjective (``Doe
    called Roe unfit``)."""
    rest = toks[last][2]
    while rest < s_end and text[rest] == " ":
        rest += 1
    if rest < s_end and (text[rest] in _MARK_CHARS or text[rest] in "‘'"):
        return True  # "called Roe “a liar”", "calls Roe ‘crazy’"
    if last + 1 < len(toks) and toks[last + 1][1] == rest:
        word = toks[last + 1][0].lower()
        if word in DETERMINERS and word not in {"this", "that", "these", "those", "all", "more"}:
            return True  # "called Roe a liar"
        if (
            word[0].isalpha()
            and word[0].islower()
            and word not in NP_BREAKERS
            and word not in VERB_LIKE_WORDS
            and _personal_subject_before(text, s_start, c_start)
        ):
            return True  # "Doe called Roe unfit"
    return False


def _after_naming_verb(text: str, floor: int, pos: int) -> bool:
    """Whether a quotation opening at ``pos`` is a name or title given by a naming verb right
    before it (``a report titled “…”``, ``known as “…”``), with no person's word before the verb."""
    lo = pos - 40 if pos - 40 > floor else floor
    before = text[lo:pos].rstrip()
    if before.endswith(" the"):
        before = before[:-4].rstrip()
    for phrase in NAMING_PHRASES:
        if before.endswith(" " + phrase):
            return True
    space = before.rfind(" ")
    verb = before[space + 1 :]
    if verb not in NAMING_VERBS:
        return False
    verb_start = lo + space + 1
    return not _personal_subject_before(text, floor, verb_start)


# "Reuters quoted a central bank official as saying": the one quoted speaks; so in "Reuters
# reported the regulator as saying", "the paper cited an aide as saying" (a reporter's verb of
# _QUOTING_VERBS + a noun phrase of up to eight words + "as saying"; PolNeAR train + dev hold 5
# "quoted … as saying" and no "reported/cited … as saying")
_QUOTING_VERBS = ("quoted", "reported", "cited")
_PASSIVE_QUOTED_AS_RE = re.compile(r"\s(?:is|was|were|are|been|being)\s+(?:[a-z]+ly\s+)?quoted\s+as\s*$")
_QUOTED_AS_RE = re.compile(r"\b(?:quoted|reported|cited)\s+((?:[\w.’'-]+\s+){0,7}?[\w.’'-]+)\s+as\s*$")


def _quoted_as_speaker(text: str, lo: int, c_start: int) -> _Speaker | None:
    """The speaker of ``X quoted Y as saying``: ``Y``; of ``Y was quoted as saying``: ``Y``."""
    window = max(lo, c_start - 120)
    m = _QUOTED_AS_RE.search(text, window, c_start)
    if m is not None:
        return _Speaker(m.start(1), m.end(1))
    passive = _PASSIVE_QUOTED_AS_RE.search(text, window, c_start)
    return _speaker_before(text, lo, passive.start() + 1) if passive is not None else None


def _quoted_as_frame(
    text: str, s_start: int, s_end: int, cue: tuple[int, int], speaker: _Speaker, quoted: list[_Segment]
) -> _Frame | None:
    """``Games are “big business”, the paper quoted Mr Chernin as saying.``: what comes before the
    comma that opens the reporter's clause is Mr Chernin's (a trailing frame)."""
    reporter = max(text.rfind(verb, s_start, speaker.start) for verb in _QUOTING_VERBS)
    comma = text.rfind(",", s_start, reporter)
    if comma == -1 or _word_count(text, s_start, comma) < MIN_CONTENT_WORDS:
        return None
    content = [_trim(text, s_start, comma)]
    rest = _rest_after_trailing(text, cue[1], s_end, quoted)
    if rest is not None:
        content.append(rest)
    return _Frame(speaker, cue[0], cue[1], content, True)


#: A sentence adverb that opens a sentence before an inverted cue: one word in -ly
#: (``Significantly, said Mr Smith, X.``; not a noun or a name in -ly, :func:`_is_lone_adverb`),
#: the same after a modifier (``More significantly, argues the report, X.``) or a set phrase (``In
#: fact``). It is the writer's, and the report is what follows the source (``X``), or nothing when
#: nothing follows.
_SENTENCE_ADVERB_RE = re.compile(
    r"(?:(?:[Mm]ore|[Mm]ost|[Ll]ess|[Ll]east|[Ee]ven|[Pp]erhaps|[Bb]ut|[Aa]nd|[Qq]uite|[Rr]ather|[Vv]ery|"
    r"[Ff]ar|[Mm]uch)\s+){1,2}[a-z]{2,}ly"
    r"|(?P<lone>[A-Z][a-z]{2,}ly)"
    r"|Above all|In fact|In addition|Even so|Of course|After all|In particular|In short|In turn"
)


def _opens_with_sentence_adverb(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is nothing but a sentence adverb (:data:`_SENTENCE_ADVERB_RE`)."""
    m = _SENTENCE_ADVERB_RE.fullmatch(text, start, end)
    return m is not None and (m.group("lone") is None or _is_lone_adverb(m.group("lone")))


#: Words that make ``shows``/``signals`` after them a plural noun, a programme or a broadcast: ``TV
#: shows``, ``HD signals``, ``talk shows`` (a lower-case one is a thing anyway; these guard the
#: capitalised and the acronyms, which read as names).
PROGRAMME_MODIFIERS: frozenset[str] = frozenset(
    "tv television radio talk game chat quiz reality cookery comedy road hd satellite".split()
)
#: Endings of abstract nouns (``Experience``, ``Speculation``, ``Agreement``, ``Realising``): such a
#: word opening a sentence is a common noun even when the text writes it nowhere else.
ABSTRACT_NOUN_ENDINGS: tuple[str, ...] = (
    "ence", "ance", "tion", "sion", "ment", "ness", "ity", "ism", "ship", "hood", "ing",
)  # fmt: skip


def _is_common_word_opening(text: str, start: int, end: int) -> bool:
    """Whether a one-word speaker is a common noun capitalised only because it opens the sentence
    (``Experience shows that …``, ``Time showed …``, ``Speculation suggests …``): Title case, at a
    sentence start (a paragraph start or after ``. ! ?`` and a space), no given name, no source
    noun (``Figures``, ``Research``, ``Polls`` are records and report), with an ending of
    :data:`ABSTRACT_NOUN_ENDINGS` or written in lower case elsewhere in the text, and never with a
    capital after a word (``… said Nokia``, ``at Cairn``): a common noun is written in lower case
    somewhere, a name never (``Europe, which disputes the claim, has signalled …`` keeps its
    speaker). The text's words are indexed once (:func:`_word_index`), so many such sentences
    cost one pass, not one pass each."""
    word = text[start:end]
    if not (word.isalpha() and word[0].isupper() and word[1:].islower() and len(word) > 1):
        return False
    if word in GIVEN_NAMES or is_source_mention(word.lower()):
        return False
    lead = text[max(0, start - 3) : start].rstrip(" \t\"“'‘")
    if lead and not lead.endswith(("\n", ".", "!", "?")):
        return False  # mid-sentence: capitalised for a reason
    low = word.lower()
    lower_words, mid_sentence_capitals = _word_index(text)
    common = low.endswith(ABSTRACT_NOUN_ENDINGS) or low in lower_words
    return common and word not in mid_sentence_capitals


_WORD_RUN_RE = re.compile(r"[^\W_]+")


@functools.lru_cache(maxsize=4)
def _word_index(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """The text's words written all in lower case, and its Title-case words written after a word
    or after ``,`` ``;`` ``:`` ``(`` (quotation marks and spaces between skipped): one pass over
    the text, kept for the few texts being read (a string caches its hash, so a lookup is cheap)."""
    lower: set[str] = set()
    capitals: set[str] = set()
    for m in _WORD_RUN_RE.finditer(text):
        word = m.group(0)
        if word.islower():
            lower.add(word)
        elif word[0].isupper() and (len(word) == 1 or word[1:].islower()):
            before = text[max(0, m.start() - 3) : m.start()].rstrip(" \t\"“'‘")
            if (before and before[-1].isalnum()) or before.endswith((",", ";", ":", "(")):
                capitals.add(word)
    return frozenset(lower), frozenset(capitals)


#: Adjectives in -ly that open a noun phrase (``Early results show``): never a sentence adverb.
_LY_ADJECTIVES = frozenset("early only likely elderly lovely lonely friendly costly".split())


def _without_lead_adverb(text: str, sp: _Speaker) -> _Speaker:
    """A speaker without the sentence adverb that opens it (``Privately ministers believe`` →
    ``ministers``; ``Ultimately, Dr Frasca fears`` → ``Dr Frasca``): an adverb says how or when
    the report is made, it is no part of the source. The adverb (:func:`_is_lone_adverb`, not
    :data:`_LY_ADJECTIVES`) must open the sentence (capitalised) or be followed by a comma, and be
    followed by a comma or a lower-case word: before a capital it may be a given name (``Carly
    Fiorina``); a lower-case one with no comma belongs to a verb (``staff has reportedly expressed
    fears``: not the speaker of ``fears``)."""
    mention = text[sp.start : sp.end]
    space = mention.find(" ")
    if space <= 0:
        return sp
    first = mention[:space].rstrip(",")
    if not _is_lone_adverb(first) or first.lower() in _LY_ADJECTIVES:
        return sp
    rest = space
    while rest < len(mention) and mention[rest] == " ":
        rest += 1
    comma = mention[space - 1] == ","
    if rest == len(mention) or not (comma or mention[rest].islower()) or not (comma or first[0].isupper()):
        return sp
    return _Speaker(sp.start + rest, sp.end)


_POSSESSIVE_SUFFIX_RE = re.compile(r"(?:[’']s|(?<=s)[’'])$")


def _owner_of_noun_cue(text: str, cue: tuple[int, int], sp: _Speaker) -> _Speaker:
    """A speaker read before a noun cue without its possessive ending: in ``the group's plans
    to …``, ``Mr Mallon's claim …`` the report is its owner's (``the group``, ``Mr Mallon``); the
    possessive word itself is no noun phrase. A noun cue is one of :data:`NOUN_CUES` or a plural
    (a cue word ending in ``s`` other than ``says``: ``plans``, ``hopes``, ``calls for``); a verb
    cue keeps the word whole (``McDonald's denied``, ``Foster's says`` name a firm), and so does an
    evidence cue (``children's shows``: the cue is a noun, :func:`_source_checked` decides) and an
    owner that is a fragment (``today's plans``: a time, no source)."""
    word = text[cue[0] : cue[1]].split(" ", 1)[0].lower()
    if word not in NOUN_CUES and (not word.endswith("s") or word == "says"):
        return sp
    if _normal_cue_at(text, cue[0], cue[1]) in EVIDENCE_CUES:
        return sp
    m = _POSSESSIVE_SUFFIX_RE.search(text, sp.start, sp.end)
    if m is None or m.start() == sp.start or is_fragment_mention(text[sp.start : m.start()]):
        return sp
    return _Speaker(sp.start, m.start())


def _source_checked(text: str, cue: tuple[int, int], frame: _Frame | None) -> _Frame | None:
    """``frame`` with a speaker that can be a source, or None when the cue reports nothing.

    - An evidence cue (:data:`EVIDENCE_CUES`) reports nothing without a subject, when its subject
      is a fragment (:func:`is_fragment_mention`: ``000 hours of shows``), a pronoun of a thing
      (``this shows``, ``which suggests``), a common noun capitalised to open the sentence
      (:func:`_is_common_word_opening`: ``Experience shows``) or a word that makes the cue a noun
      (:data:`PROGRAMME_MODIFIERS`: ``TV shows``), or when it says how or why (``his popularity shows how
      deeply …``: the writer's comment), or that nothing happened (``showed no sign``).
    - A cue of :data:`ATTITUDE_VERBS` or an evidence cue after a thing reports nothing (``the
      music seemed to …``, ``recent events suggest …``).
    - Any other speaker that is a fragment (:func:`is_fragment_mention`: ``scotch``, ``Among
      sweeteners``, ``last year``) or a bare phrase that cannot be a source (``more encouraging``)
      is dropped, and the report stays without a speaker: the cue is still a report (``the
      experts I interviewed said …``), only its speaker was misread. A determined noun phrase
      before a verb of speech is kept even when its head is not in the lexicon (``The airline
      said …``).
    """
    if frame is None:
        return None
    if frame.speaker is not None:
        frame.speaker = _owner_of_noun_cue(text, cue, _without_lead_adverb(text, frame.speaker))
    sp = frame.speaker
    mention = text[sp.start : sp.end] if sp is not None else None
    if _normal_cue_at(text, cue[0], cue[1]) in EVIDENCE_CUES and (
        sp is None
        or mention is None
        or _is_broken_mention(mention, _mention_words(mention))
        or _is_thing_pronoun(mention)
        or _is_common_word_opening(text, sp.start, sp.end)
        or mention.lower() in PROGRAMME_MODIFIERS
        or _COMMENT_AFTER_EVIDENCE_RE.match(text, cue[1])
    ):
        return None
    if mention is not None and not is_source_mention(mention):
        if _normal_cue_at(text, cue[0], cue[1]) in _VIEW_CUES and _opens_with_preposition(mention):
            return None  # "without any real thought for the fact that …": the cue is a noun
        if is_fragment_mention(mention):
            frame.speaker = None
        elif _normal_cue_at(text, cue[0], cue[1]) in _VIEW_CUES:
            return None  # "the music seemed to match the mood", "an injury denied him the chance"
        elif mention.split(None, 1)[0].lower() not in _DETERMINED:
            frame.speaker = None  # "more encouraging reports": a bare phrase of the sentence
        # else "The airline said …": a determined noun phrase that speaks is taken as a source
    return frame


#: A preposition and a determiner read as a view cue's "speaker" (``without any real thought for
#: the fact that …``, ``in the faint hope``): the cue word is the noun those open, and nothing is
#: reported. A preposition with no determiner may end a longer subject (``those who support
#: imprisonment without trial believe …`` reports).
_PREPOSITIONS = NOT_SOURCE_FIRST - frozenset(
    "and but or nor so yet if because although though while whereas whether unless as like".split()
)
_NOUN_DETERMINERS = frozenset(
    "a an the any no some every each this these those his her their its our my your".split()
)


def _opens_with_preposition(mention: str) -> bool:
    """Whether a mention opens with a preposition and a determiner (:data:`_PREPOSITIONS`)."""
    words = mention.lower().split(None, 2)
    return len(words) >= 2 and words[0] in _PREPOSITIONS and words[1] in _NOUN_DETERMINERS


#: Words that open a determined noun phrase ("The airline", "its owner"); not "more", "some".
_DETERMINED = frozenset("the a an this that these those his her their its our my your another".split())


_ATTITUDE_CUES = frozenset(form for cue in CUES if cue.attitude for form in cue.forms)
_VIEW_CUES = _ATTITUDE_CUES | EVIDENCE_CUES  # "recent events suggest …": no holder, no report


# what follows an evidence cue when the writer comments or nothing is reported: "shows how deeply …"
_COMMENT_AFTER_EVIDENCE_RE = re.compile(r"\s+(?:how|why|no\s+sign|up)\b")
