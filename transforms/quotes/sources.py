"""Which mentions can be sources (rule 10 of the package docstring), and the time words and
adverbs that are no part of a speaker.

10. **Raw speakers are sources.** A speaker is a noun phrase that can be a source
    (:func:`is_source_mention`: a name, a pronoun, a role, a group of people, an organisation, a
    record); one that is not (``scotch`` in ``moved to scotch claims``, ``Among sweeteners``,
    ``very much``, ``last year``, a lone adverb ``Significantly``) was misread and is dropped: the
    report stays without a speaker.
    Readings that keep speakers whole: adverbs between speaker and cue are skipped (``Doe
    strongly suggested``, ``I very much hope``, ``his aides haven't said``); in ``Mr A, elected
    after Mr B was toppled, has urged`` the speaker is ``Mr A``; ``the paper quoted Mr C as
    saying`` → ``Mr C`` (and ``Reuters reported the regulator as saying``, ``cited … as
    saying``); ``…, said market analyst Datamonitor`` → ``market analyst Datamonitor``;
    an aside between dashes is skipped as one between commas (``Mr Howard - himself the son of
    immigrants - will …``); a participle opener (:data:`PARTICIPLE_OPENERS`: ``Having noted that
    X, Putin stressed``) gives the main clause's subject; a coordinated subject is whole
    (``diplomats in Europe and the United States are urging``); a label before a quotation names
    its speaker (``- City boss Kevin Keegan: “…”``, ``Said Mr Fogg: “…”``); ``X reported Y as
    saying`` is Y's; ``Jo Hall from Acme said`` keeps the person; a leading time phrase, a leading
    sentence adverb and age/origin appositions are no part of a speaker; ``…, said <source>.``
    closing a sentence inverts.
    Readings that trim a speaker: a sentence adverb opening it goes (``Privately ministers
    believe`` → ``ministers``, ``Frankly, we assumed`` → ``we``; not ``Carly Fiorina``, ``Early
    voters``); before a noun cue a possessive speaker is its owner (``the group's plans to …`` →
    ``the group``; not ``McDonald's denied``); a participle's subject that cannot be a source is
    not its speaker (``The move came after …, and vowing to …`` → no speaker; ``The pair left,
    claiming …`` → ``The pair``); an age or an origin in apposition is never the speaker (``One
    of the men, Jo Doe, 34, from Hartpury, Gloucestershire, said`` → ``Jo Doe, 34, from Hartpury,
    Gloucestershire,``, not ``Hartpury, Gloucestershire,``). A relative ``who`` stays the raw
    speaker (``the fans, who said …``): PolNeAR annotates ``who`` itself as the source (455 gold
    quotes of train+dev; replacing it by its antecedent cost 0.2 of dev's speaker-any F1), and
    its antecedent is named by ``speaker_resolved`` (rule 9).

"""

from __future__ import annotations

import functools
import re

from schemas.lexicon import lexicon
from transforms.quotes.limits import MAX_CACHED_MENTION_CHARS, MAX_SPEAKER_TOKENS
from transforms.quotes.records import _Speaker
from transforms.quotes.words import (
    ABBREVIATIONS,
    CUE_ADVERBS,
    LONE_ADVERBS,
    NOT_SOURCE_FIRST,
    NOT_SOURCE_LAST,
    NP_BREAKERS,
    PERSON_NOUN_SUFFIXES,
    SOURCE_NOUNS,
    SOURCE_PRONOUNS,
    THING_PRONOUNS,
    VERB_LIKE_WORDS,
)

#: Lower-case words in -ly that are nouns, not adverbs ("the family said", "an ally said").
_LY_NOUNS: frozenset[str] = lexicon("quote_ly_nouns")
_DEGREE_WORDS = frozenset("very much so too".split())
_TIME_LEADS = frozenset("on last this next earlier early late".split())
_WEEKDAYS_MONTHS = lexicon("weekdays") | lexicon("months")
_GENERIC_TIMES = frozenset("week month year weekend night morning afternoon evening".split())


def _is_time_word(word: str) -> bool:
    """A weekday or month (capitalised: not the modal "may") or a lower-case period word."""
    return word in _WEEKDAYS_MONTHS or word in _GENERIC_TIMES


def _is_cue_adverb(word: str, before: str) -> bool:
    """Whether a word between a speaker and its cue is skipped: :data:`CUE_ADVERBS`; after a word
    that may end a speaker (``before``), a lower-case adverb in -ly (``Doe strongly suggested``,
    not ``the family said``), a degree word (``I very much hope``) or a negated auxiliary (``his
    aides haven’t said``)."""
    low = word.lower()
    if low in CUE_ADVERBS:
        return True
    ends_speaker = before.lower() not in NP_BREAKERS or before.lower() in CUE_ADVERBS  # "has strongly"
    if not word[0].islower() or not before or not ends_speaker:
        return False
    if low in _DEGREE_WORDS:
        return True
    return (low.endswith("ly") and len(low) > 4 and low not in _LY_NOUNS) or low.endswith(("n't", "n’t"))


#: words that open a time phrase before a subject (``this year``, ``in 2004``, ``on Monday``)
_TIME_PHRASE_LEADS = _TIME_LEADS | {"in"}


def _is_time_phrase_word(toks: list[tuple[str, int, int]], i: int) -> bool:
    """Whether token ``i``, the first of a speaker read back from its cue, belongs to a time phrase
    written before the subject, and so to no speaker: a lead of :data:`_TIME_PHRASE_LEADS`
    followed by a time word or a year (``this year economists``, ``Last week analysts``), or such
    a time word or year right after a lead (``In March economists`` → economists). A weekday,
    month or number with no lead before it stays (``April Lund said``, ``20 firms said``)."""
    word = toks[i][0].strip(".,’'").lower()
    if word in _TIME_PHRASE_LEADS:
        return i + 1 < len(toks) and _is_time_or_year(toks[i + 1][0])
    return i > 0 and toks[i - 1][0].lower() in _TIME_PHRASE_LEADS and _is_time_or_year(toks[i][0])


def _is_time_or_year(word: str) -> bool:
    """A time word of :func:`_is_time_word` or a four-digit year (``2004``)."""
    return _is_time_word(word) or (len(word) == 4 and word.isdigit())


# a sentence end inside a mention: "Fatherland. We" (the word before the stop is checked apart)
# (tried at word starts only, and the word taken whole: one pass over a long word, not one per letter)
_STOP_IN_MENTION_RE = re.compile(r"(?<![\w’'-])([\w’'-]*+)[.!?][\"”’')\]]*(?=\s+[\"“(]?[A-Z])")


def _singular(word: str) -> str:
    """``word`` without a plural ending: ``analysts`` → ``analyst``, ``parties`` → ``party``."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def is_source_mention(mention: str) -> bool:
    """Whether a raw speaker is a noun phrase that can be a source, not a fragment of the sentence.

    A source is a name (``Mr Saakashvili``, ``Jay-Z``, ``the BBC``), a pronoun (``she``, ``who``,
    ``others``), a role or a group of people (``the minister``, ``a spokesman for the author``,
    ``analysts``, ``one in four``), an organisation (``the ministry``) or a document that records a
    view (``the report``, ``polls``). The rules, in order:

    - it holds a letter (``-``, ``000`` are no speaker);
    - it spans no sentence end (``Fatherland. We``; ``Mr. Smith`` and initials are no end);
    - its first word is no preposition or conjunction (``Among sweeteners``,
      :data:`NOT_SOURCE_FIRST`) and its last no preposition, conjunction or determiner (``000
      hours of``, :data:`NOT_SOURCE_LAST`);
    - its head, the last word before a comma, a bracket or a preposition (``a spokesman`` in
      ``a spokesman for the author``; ``Smith`` in ``Smith, an aide,``), is capitalised (a name, an
      organisation, an acronym), a pronoun of :data:`SOURCE_PRONOUNS`, a noun of
      :data:`SOURCE_NOUNS` (plural too), or a noun with an ending of people
      (:data:`PERSON_NOUN_SUFFIXES`: ``campaigners``, ``historians``). A lower-case verb, adverb or
      thing is not: ``scotch``, ``dismissed``, ``very much``, ``a hamstring injury``.
    """
    if len(mention) > MAX_CACHED_MENTION_CHARS:
        return not is_fragment_mention(mention) and _head_is_source(mention)
    return _is_source_mention_cached(mention)


@functools.lru_cache(maxsize=8192)
def _is_source_mention_cached(mention: str) -> bool:
    return not is_fragment_mention(mention) and _head_is_source(mention)


def is_fragment_mention(mention: str) -> bool:
    """Whether a raw speaker is no noun phrase at all but a misread piece of the sentence (the
    first three rules of :func:`is_source_mention`): no letter, a sentence end inside, or a
    preposition, conjunction or determiner at its edge; also a lone lower-case adverb, participle,
    negated auxiliary or function word (``steadfastly``, ``interviewed``, ``don't``), a lone
    sentence adverb in any case (``Significantly``; not ``Italy``, :func:`_is_lone_adverb`) and a time
    phrase (``last year``, ``Monday``: the source was before it)."""
    if len(mention) <= MAX_CACHED_MENTION_CHARS:
        return _is_fragment_cached(mention)
    return _is_fragment(mention)


@functools.lru_cache(maxsize=8192)
def _is_fragment_cached(mention: str) -> bool:
    return _is_fragment(mention)


def _is_fragment(mention: str) -> bool:
    words = _mention_words(mention)
    if not words or not any(c.isalpha() for w in words for c in w):
        return True
    last = words[-1].lower()
    if len(words) == 1 and words[0][0].islower() and last not in SOURCE_PRONOUNS and _is_misread_word(last):
        return True
    if len(words) == 1 and (_is_lone_adverb(words[0]) or last in LONE_ADVERBS):
        return True  # "Significantly", "Often", "earlier": a sentence adverb, whatever its case
    if (last in _TIME_WORDS or _singular(last) in _TIME_WORDS) and (
        len(words) <= 3 or words[-2].lower() in _TIME_MODIFIERS
    ):
        return True  # "last year", "Monday", "… Veterans Affairs last month": a time, not a source
    return _is_broken_mention(mention, words)


def _mention_words(mention: str) -> list[str]:
    """The words of a mention without the punctuation around them."""
    return [w for w in (w.strip(".,;:’'-\"“”()") for w in mention.split()) if w]


def _is_broken_mention(mention: str, words: list[str]) -> bool:
    """The structural rules of :func:`is_fragment_mention`: a sentence end inside, or a preposition,
    conjunction or determiner at an edge (``words``: the mention's words without punctuation)."""
    if not words:
        return True
    for m in _STOP_IN_MENTION_RE.finditer(mention):
        before = m.group(1).lower()
        if not (before in ABBREVIATIONS or len(before) <= 1):  # "Mr. Smith", "U.S. Navy" go on
            return True
    return words[0].lower() in NOT_SOURCE_FIRST or words[-1].lower() in NOT_SOURCE_LAST


_TIME_WORDS = frozenset(
    "year month week day weekend night morning afternoon evening today yesterday tonight "
    "monday tuesday wednesday thursday friday saturday sunday january february march april may "
    "june july august september october november december".split()
)


_TIME_MODIFIERS = frozenset("last this next past previous each every early late".split())


def _is_misread_word(word: str) -> bool:
    """Whether a lone lower-case word can be no speaker: an adverb, a participle, a negated
    auxiliary or a function word."""
    return (
        (word.endswith("ly") and word not in _LY_NOUNS)
        or word.endswith(("ed", "n't", "n’t"))
        or word in CUE_ADVERBS
        or word in NP_BREAKERS
        or word in VERB_LIKE_WORDS
    )


def _head_is_source(mention: str) -> bool:
    """The last rule of :func:`is_source_mention`: the head word names a possible source."""
    parts = [p for p in mention.split(",") if p.strip()]
    if len(parts) > 1:  # "Trump’s running mate, Indiana Gov. Mike Pence,": either part names him
        return any(_head_is_source(p) for p in parts[:3])
    core = mention
    for stop in (",", "(", " —", " –"):
        cut = core.find(stop)
        if cut > 0:
            core = core[:cut]
    head_words = [w for w in (w.strip(".;:’'-\"“”") for w in core.split()) if w]
    for i, word in enumerate(head_words):
        if i > 0 and word.lower() in NOT_SOURCE_FIRST:
            head_words = head_words[:i]
            break
    if not head_words:
        return False
    head = head_words[-1]
    if head[0].isupper() or head[0].isdigit():
        return True  # a name, an organisation, an acronym; a number of people ("63 percent", "2,000")
    low = head.lower()
    if low.endswith(("’s", "'s")):
        low = low[:-2]
    if low in SOURCE_PRONOUNS or low in SOURCE_NOUNS:
        return True
    one = _singular(low)
    return one in SOURCE_NOUNS or low.endswith(PERSON_NOUN_SUFFIXES) or one.endswith(PERSON_NOUN_SUFFIXES)


_QUANTIFIERS = frozenset("one some many all each most several both few".split())


def _trimmed_speaker(text: str, speaker: _Speaker) -> _Speaker | None:
    """A stretch read as a speaker without the function words it ends with (``Doe, the mayor, one
    of the`` → ``Doe, the mayor,``), or None when what is left is still a fragment."""
    start, end = speaker.start, speaker.end
    for _ in range(MAX_SPEAKER_TOKENS):
        stripped = text[start:end].rstrip(" ,")
        space = stripped.rfind(" ")
        word = stripped[space + 1 :].lower()
        if space == -1 or not (word in NOT_SOURCE_LAST or word in _QUANTIFIERS):
            break
        end = start + space
    trimmed = _Speaker(start, end)
    return None if is_fragment_mention(text[start:end]) else trimmed


def _is_thing_pronoun(mention: str) -> bool:
    """Whether a mention is a pronoun of a thing or a fact (``this``, ``which``, :data:`THING_PRONOUNS`)."""
    return mention.strip(" ,.").lower() in THING_PRONOUNS


#: Endings of adverbs in -ly made from adjectives (``Crucially``, ``Seriously``, ``Significantly``,
#: ``Reportedly``, ``Arguably``, ``Interestingly``, ``Unfortunately``, ``Happily``, ``Frankly``);
#: names and places end otherwise (``Italy``, ``Desailly``, ``Kelly``) or are in :data:`_LY_NAMES`.
_ADVERB_ENDINGS = (
    "ally", "ously", "ively", "ently", "antly", "dly", "ably", "ibly", "arly", "ingly", "ately", "fully",
    "ssly", "tly", "kly", "rily", "kily", "pily", "sily", "dily", "tily", "vily", "rely", "gely", "sely",
    "mely", "tely", "wly", "ghly",
)  # fmt: skip
#: Names with an adverb's ending, never sentence adverbs (``Sally, said Mr Smith``).
_LY_NAMES: frozenset[str] = lexicon("quote_ly_names")


def _is_lone_adverb(word: str) -> bool:
    """Whether one word is a sentence adverb in -ly (``Significantly``, ``Interestingly``: an
    ending of :data:`_ADVERB_ENDINGS`), not a name (``Italy``, ``Desailly``, :data:`_LY_NAMES`) or
    a noun (:data:`_LY_NOUNS`: ``Family``)."""
    low = word.lower()
    return (
        len(low) > 4
        and low.endswith(_ADVERB_ENDINGS)
        and low.isalpha()
        and low not in _LY_NOUNS
        and low not in _LY_NAMES
    )
