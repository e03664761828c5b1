"""Validity filters on topics and wishes: a topic talked, warned or thought about, ``reported
on`` a topic, a speaker's own topic, a free relative, a wish, a denial withheld from someone (see
rule 7 of the package docstring and :mod:`.validity`).
"""

from __future__ import annotations

import re

from schemas.lexicon import lexicon_entries
from transforms.quotes.content import _quote_opens_in
from transforms.quotes.limits import MAX_FREE_RELATIVE_ADJUNCT_CHARS
from transforms.quotes.names import _is_person_noun
from transforms.quotes.objects import _FINITE_AFTER_PRIZE, _object_window
from transforms.quotes.records import _Segment, _Speaker
from transforms.quotes.sources import _WEEKDAYS_MONTHS
from transforms.quotes.words import NOT_SOURCE_FIRST, PERSON_NOUN_SUFFIXES, THING_PRONOUNS

#: ``think about`` + a noun phrase names a topic minded, not an opinion: ``we must think about
#: safety``, ``he thinks about the harbour`` (PolNeAR dev+train: 2 of 13 such are gold, a headline
#: ``How X Thinks About Y`` and ``plenty to think about in 2015``). A wh-clause or a gerund
#: (``think about how …``, ``thought about running``) is an intention or a view and still
#: reports, as do a finite verb within
#: :data:`MAX_TOPIC_VERB_WORDS` words (``I think about a month will do``: roughly), a colon within
#: :data:`MAX_TOPIC_OBJECT_CHARS` and a quotation after the cue.
_ABOUT_TOPIC_RE = re.compile(r"\s+about\s+([\w'’-]+)")
_CLAUSE_OPENERS = frozenset("how what whether why who whom which when where if that".split())
MAX_TOPIC_OBJECT_CHARS = 60  #: characters after ``think about`` searched for a colon (``think about X: …``)
MAX_TOPIC_VERB_WORDS = 4  #: words after ``about`` searched for a finite verb (``about a month will do``)
_TOPIC_CLAUSE_RE = re.compile(r"\s*(?:how|what|whether|why|who|whom|when|where|if|that)\b", re.IGNORECASE)


#: ``reported on`` + a noun phrase names a topic, as ``reported to <someone> on <topic>``
#: (:data:`_REPORTED_TO_RE`) does: ``The minister reported on the harvest``, ``She reported on
#: progress in the regions`` (PolNeAR train + dev: of the 3 verb ``reported on`` + a noun phrase,
#: 1 heads a gold quote, ``reported on his forms a fee was …``). A day or a date after ``on``
#: (``reported on Monday that …``), a clause opener (``reported on how …``), a colon or a
#: complementiser ``that`` within :data:`MAX_TOPIC_OBJECT_CHARS` (``reported on two websites that
#: the file was …``; a relative ``that`` + verb is the topic's: ``on the steps that were taken``)
#: and a quotation after the cue still report.
_REPORTED_ON_TOPIC_RE = re.compile(
    r"\s+on\s+(?!(?:"
    + "|".join(lexicon_entries("weekdays") + lexicon_entries("months"))
    + r"|behalf|how|what|whether|why|who|"
    r"whom|when|where|if|that)\b|\d)"
)


def _reports_on_a_topic(text: str, s_end: int, cue: tuple[int, int], quoted: list[_Segment]) -> bool:
    """Whether a ``report`` cue is followed by ``on`` and a noun phrase (:data:`_REPORTED_ON_TOPIC_RE`),
    with no colon within :data:`MAX_TOPIC_OBJECT_CHARS` and no quotation after the cue."""
    window_end = _object_window(text, s_end, cue, quoted, _REPORTED_ON_TOPIC_RE, MAX_TOPIC_OBJECT_CHARS)
    if window_end is None:
        return False  # also "reported on some websites that the file was …": a medium, then the report
    return text.find(":", cue[1], window_end) == -1


def _names_a_topic(text: str, s_end: int, cue: tuple[int, int], quoted: list[_Segment]) -> bool:
    """Whether a :data:`_TOPIC_CUES` cue is followed by a noun phrase: no clause opener right
    after it and no quotation in the rest of the sentence."""
    if any(cue[1] <= seg.start < s_end for seg in quoted):
        return False
    return _TOPIC_CLAUSE_RE.match(text, cue[1], s_end) is None


def _thinks_about_a_topic(text: str, s_end: int, cue: tuple[int, int], quoted: list[_Segment]) -> bool:
    """Whether a ``think`` cue is followed by ``about`` and a noun phrase (no wh-word or gerund
    first), with no colon within :data:`MAX_TOPIC_OBJECT_CHARS` and no quotation after the cue."""
    if any(cue[1] <= seg.start < s_end for seg in quoted):
        return False
    match = _ABOUT_TOPIC_RE.match(text, cue[1], s_end)
    if match is None:
        return False
    after = text[match.end() : min(s_end, match.end() + MAX_TOPIC_OBJECT_CHARS)]
    if not _about_a_noun_phrase(match.group(1), after, MAX_TOPIC_VERB_WORDS):
        return False  # "think about how …", "I think about a month will suffice": a clause follows
    return text.find(":", cue[1], min(s_end, cue[1] + MAX_TOPIC_OBJECT_CHARS)) == -1


def _about_a_noun_phrase(first: str, after: str, max_words: int) -> bool:
    """Whether ``about`` + ``first`` (its next word) opens a noun phrase: ``first`` is no wh-word
    or gerund (``about how …``, ``about running``) and no finite verb stands among the first
    ``max_words`` words of ``after``, the text after it (``about a month will do``: ``about`` is
    "roughly" and a clause follows)."""
    low = first.lower()
    if low in _CLAUSE_OPENERS or low.endswith("ing"):
        return False
    return not any(word in _FINITE_AFTER_PRIZE for word in after.lower().split()[:max_words])


_WARN_OBJECT_ABOUT_RE = re.compile(r"\s+(?:him|her|them|us|me|you)\s+about\s+([\w'’-]+)([^,;:]{0,60})")


def _warns_about_a_topic(text: str, s_end: int, cue: tuple[int, int], quoted: list[_Segment]) -> bool:
    """Whether a ``warn`` cue is followed by an object pronoun, ``about`` and a noun phrase (no
    wh-word or gerund first, no finite verb in its first :data:`MAX_TOPIC_VERB_WORDS` words before a
    comma: ``warned them about a week ago the roads were shut`` reports), with no colon and no
    quotation after the cue (:data:`_WARN_OBJECT_ABOUT_RE`)."""
    if any(cue[1] <= seg.start < s_end for seg in quoted):
        return False
    match = _WARN_OBJECT_ABOUT_RE.match(text, cue[1], s_end)
    if match is None or not _about_a_noun_phrase(match.group(1), match.group(2), MAX_TOPIC_VERB_WORDS - 1):
        return False  # "warned them about a week ago the roads were shut": "about" is "roughly"
    return text.find(":", cue[1], min(s_end, match.end() + 1)) == -1


_DENY_WINDOW_CHARS = 60  #: characters after ``denied`` read for its two objects
_DENY_TOKEN_RE = re.compile(r"[\w’'-]+|[^\w\s]")
_OBJECT_PRONOUNS = frozenset("him her them us me you".split())
_SECOND_OBJECT_DETERMINERS = frozenset("a an the his her their its our my your any another no".split())
#: Words after a first object that open no second one: a verb (``denied the player was paid``), a
#: clause (``that``), a preposition or conjunction.
_NOT_SECOND_OBJECT = (
    frozenset(
        "that this these those which who what whether if is are was were be been being has have had "
        "do does did will would can could shall should may might must not never".split()
    )
    | NOT_SOURCE_FIRST
)


def _denied_to_someone(text: str, c_end: int, s_end: int) -> bool:
    """Whether ``denied`` at ``c_end`` takes two objects (:data:`_DENY_CUES`): a person or group
    that is refused, then the thing refused, not a ``that``-clause.

    The first object is an object pronoun (``denied him the chance``, ``denied them access``), a
    determined noun phrase whose head is a person or a group (:data:`SOURCE_PERSON_NOUNS`,
    :data:`SOURCE_GROUP_NOUNS`, :data:`_RECIPIENT_SUFFIXES`: ``denied the player a new
    contract``; not a record, ``denied the reports that …``), or one whose head only ends like a
    person (:data:`PERSON_NOUN_SUFFIXES`), then a determiner (``denied the skipper a licence``;
    ``denied an earlier report that …`` is one object) or a name that is no weekday or
    month (``denied Berg a penalty``; ``denied Monday the reports`` is a denial on Monday). After
    a name the second object opens with a determiner (``denied Kremlin claims`` is one object);
    after a pronoun or a person it may be a bare noun (``access``), never a verb or a clause word.
    ``her`` before a bare noun is a possessive (``denied her involvement``).
    """
    words = _DENY_TOKEN_RE.findall(text, c_end, min(s_end, c_end + _DENY_WINDOW_CHARS))
    if len(words) < 2:
        return False
    first = words[0]
    if first in _OBJECT_PRONOUNS and _is_second_object(words[1], bare=first != "her"):
        return True
    if first in _OBJECT_PRONOUNS and first != "her":  # "her husband a visa": a determiner
        return False
    if first.lower() in _SECOND_OBJECT_DETERMINERS - {"any", "another", "no"}:
        for at in (1, 2):  # "the player", "the young player"
            if at + 1 < len(words) and _is_person_noun(words[at]):
                return _is_second_object(words[at + 1], bare=True)
            if at + 1 < len(words) and words[at][0].islower() and words[at].endswith(PERSON_NOUN_SUFFIXES):
                # "the skipper a licence", not "an earlier report that …"
                return _is_second_object(words[at + 1], bare=False)
        return False
    at = 0
    while at < len(words) and at < 4 and words[at][0].isupper() and words[at][0].isalpha():
        if words[at] in _WEEKDAYS_MONTHS:
            return False
        at += 1
    return 0 < at < len(words) and _is_second_object(words[at], bare=False)


def _is_second_object(word: str, bare: bool) -> bool:
    """Whether ``word`` opens the thing refused: a determiner, or (``bare``) a lower-case noun that
    is no verb, clause word, preposition or conjunction (``access``)."""
    low = word.lower()
    if low in _SECOND_OBJECT_DETERMINERS:
        return True
    return bare and word[0].islower() and low not in _NOT_SECOND_OBJECT and not low.endswith("ed")


_WANT_TO_SEE_RE = re.compile(r"\s+to\s+see\b")
_WHO_BEFORE_RE = re.compile(r"(?:^|[\s,(])[Ww]ho\s+(?:[a-z]+\s+){0,2}$")


#: ``I am talking about X`` / ``we're talking about X``: a speaker naming their own topic, not
#: a report of anyone's words (PolNeAR dev+train: 0 of 3 first-person ``talking about`` are
#: gold); ``Berg is talking about leaving``, ``I am talking about how …`` (a clause) and a quoted
#: object still report.
_OWN_TOPIC_BEFORE_RE = re.compile(
    r"(?:^|[\s,(“\"])(?:I\s+am|I['’]m|[Ww]e\s+are|[Ww]e['’]re)\s+(?:[a-z]+ly\s+)?$"
)
_CLAUSE_AFTER_ABOUT_RE = re.compile(r"\s+(?:how|what|why|whether|when|where|who|if|that)\b")


def _is_own_topic(text: str, s_start: int, s_end: int, cue: tuple[int, int], quoted: list[_Segment]) -> bool:
    """Whether a ``talking about`` cue follows a first-person present (``I am``, ``we're``) and
    its object is a noun phrase, not a clause, with no quotation opening after it."""
    if " ".join(text[cue[0] : cue[1]].lower().split()) != "talking about" or _quote_opens_in(cue[1], quoted):
        return False
    if _CLAUSE_AFTER_ABOUT_RE.match(text, cue[1], s_end):
        return False
    lo = max(s_start, cue[0] - 16)  # "we are" and an adverb: a bounded window, and the mark before it
    return _OWN_TOPIC_BEFORE_RE.search(text, lo - 1 if lo else 0, cue[0]) is not None


#: ``What`` opening a sentence right before its speaker makes a free relative subject: ``What I
#: said about the harbour also applies to the bridge`` names earlier words, it reports nothing.
#: Only when the cue is followed by a preposition or a time word (``about``, ``on``, ``earlier``,
#: ``last week``) or a clause end; inside a sentence, ``what she said were overly punitive
#: rules``, ``repeated what he said last week: X`` and ``what he called “a farce”`` still report
#: (PolNeAR dev+train: 10 ``what X said/say was …`` are gold).
_FREE_RELATIVE_BEFORE_RE = re.compile(r"[\"“‘']?(?:(?:And|But|So|Yet|Now)\s+)?[Ww]hat\s+$")
_FREE_RELATIVE_AFTER_RE = re.compile(
    r"\s*(?:[,.;:!?)]|—|–|-\s|$"
    r"|(?:about|on|of|in|at|to|for|with|during|before|after|earlier|then|here|there|today|yesterday"
    r"|last|this|that|so|once|again|back|recently|previously)\b)"
)


def _is_free_relative(
    text: str, s_start: int, s_end: int, speaker: _Speaker, cue: tuple[int, int], quoted: list[_Segment]
) -> bool:
    """Whether ``What`` opens the sentence before its speaker and the cue is followed by an adjunct or
    nothing (``What I said about X also concerns Y``), with no quotation opening after the cue and
    no colon within :data:`MAX_FREE_RELATIVE_ADJUNCT_CHARS` after it (``What I said in May: X``)."""
    if _quote_opens_in(cue[1], quoted) or not _FREE_RELATIVE_BEFORE_RE.match(text, s_start, speaker.start):
        return False
    if _FREE_RELATIVE_AFTER_RE.match(text, cue[1]) is None:
        return False
    # "What I said in my speech: you need to invest at home.": the words follow, a report
    return text.find(":", cue[1], min(s_end, cue[1] + MAX_FREE_RELATIVE_ADJUNCT_CHARS)) == -1


def _is_wish(text: str, s_start: int, s_end: int, cue: tuple[int, int], quoted: list[_Segment]) -> bool:
    """Whether a ``want`` cue is ``want to see`` or follows a relative ``who`` (two words between
    at most: ``who really want``, ``who do not want``), and no quotation opens after it."""
    if any(cue[1] <= seg.start < s_end for seg in quoted):
        return False
    if _WANT_TO_SEE_RE.match(text, cue[1]):
        return True
    lo = max(s_start, cue[0] - 24)  # "who" and two short words: a bounded window
    return _WHO_BEFORE_RE.search(text, lo, cue[0]) is not None


def _pronoun_before_aside(text: str, s_start: int, before: str) -> bool:
    """Whether a comma-enclosed aside before a cue follows a pronoun of a thing: ``…, and this, of
    course, shows …`` (``before`` is the text up to the cue, ending in the aside's comma)."""
    comma = before.rfind(",", 0, len(before) - 1)
    if comma <= 0:
        return False
    last = before[:comma].rstrip().rsplit(None, 1)[-1].lower()
    return last in THING_PRONOUNS
