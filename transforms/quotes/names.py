"""Names, persons and groups in a speaker: which lower-case words join capitalised ones into one
organisation's name (:data:`NAME_CONNECTORS`: ``the Bank of England``), whether capitalised words
name a person (``Senator Jo Lund``, ``Mr de Vabres``), whether a lower-case head noun is a person
or a group (``the spokesman``, ``economists``) and whether a determined noun phrase is a source
an apposition may follow like a name's (``the President of Belarus, Jo Doe,``).

Read by :mod:`.speaker_reading` (the speaker before and after a cue) and :mod:`.topics`.
"""

from __future__ import annotations

from schemas.lexicon import lexicon
from transforms.quotes.records import _Speaker
from transforms.quotes.sources import _WEEKDAYS_MONTHS, _singular
from transforms.quotes.words import (
    NOT_SOURCE_FIRST,
    SOURCE_GROUP_NOUNS,
    SOURCE_PERSON_NOUNS,
    SOURCE_RECORD_NOUNS,
)
from transforms.speakers import GIVEN_NAMES, HONORIFICS, TITLE_WORDS

#: Lower-case words that join capitalised words into one organisation's name: ``the Office for
#: National Statistics``, ``Bank of England``, ``Committee on Foreign Affairs``, ``Banque de France``.
NAME_CONNECTORS: frozenset[str] = lexicon("name_connectors")
#: the words :func:`_joins_name` or :func:`_joins_affiliation` can accept (both answer False for any other)
JOINING_WORDS: frozenset[str] = NAME_CONNECTORS | {"from"}


def _joins_name(
    text: str, left: list[tuple[str, int, int]], word: tuple[str, int, int], after: tuple[str, int, int]
) -> bool:
    """Whether ``word`` is a connector of :data:`NAME_CONNECTORS` between two capitalised words,
    each one space away, neither a weekday or month (``Doe on Friday said`` is a time), and the
    words before it (``left``, the last few tokens) are no person's name: ``Senator Jo Lund of
    Ohio``, ``Lord Nicholls of Birkenhead`` are a person and a place (:func:`_is_person_run`)."""
    if not left:
        return False
    before = left[-1]
    if word[0] not in NAME_CONNECTORS or text[before[2] : word[1]] != " " or text[word[2] : after[1]] != " ":
        return False
    first, right = before[0].rstrip("."), after[0].rstrip(".")
    return (
        first[:1].isupper()
        and right[:1].isupper()
        and first not in _WEEKDAYS_MONTHS
        and right not in _WEEKDAYS_MONTHS
        and not _is_person_run([w for w, _, _ in left])
    )


def _joins_affiliation(
    text: str, left: list[tuple[str, int, int]], word: tuple[str, int, int], after: tuple[str, int, int]
) -> bool:
    """Whether ``word`` is ``from`` between a person's name (``left``, the last few tokens, ending
    in a run that :func:`_is_person_run` accepts) and a capitalised word, one space each side:
    ``"…," David Noone from Intervoice said`` is David Noone, with the firm he is from, not the
    firm alone. ``from`` has no other reading there (``Doe from Leeds`` is a person and a place);
    after a lower-case noun (``a letter from Acme said``) or a name not shown to be a person's
    (``Acme from Leeds``) the preposition still ends the speaker."""
    if not left or word[0] != "from" or not after[0][:1].isupper() or after[0] in _WEEKDAYS_MONTHS:
        return False
    if text[left[-1][2] : word[1]] != " " or text[word[2] : after[1]] != " ":
        return False
    return _is_person_run([w for w, _, _ in left])


def _is_person_run(words: list[str]) -> bool:
    """Whether the capitalised words that end ``words`` name a person: an honorific or a given
    name among them (``Mr de Vabres``, ``Lord Nicholls``, ``Simon Hale``), or a title followed by a
    name (``Senator Jo Lund``); a title alone is a role of an organisation (``The President of
    Russia``, ``Minister of Transport``)."""
    run: list[str] = []
    for word in reversed(words):
        if not word[:1].isupper():
            break
        run.append(word.lower())
    run.reverse()
    if any(w in HONORIFICS or w in GIVEN_NAMES for w in run):
        return True
    return any(w in TITLE_WORDS for w in run[:-1])


def _is_person_noun(word: str) -> bool:
    """A lower-case head noun of a person or a group (not a record: ``the reports``)."""
    one = _singular(word)
    if not word[0].islower() or one in SOURCE_RECORD_NOUNS:
        return False
    return one in SOURCE_PERSON_NOUNS or one in SOURCE_GROUP_NOUNS or one.endswith(_RECIPIENT_SUFFIXES)


#: Person endings that no adjective has ("earlier", "former" end in -er: "an earlier report").
_RECIPIENT_SUFFIXES = ("ist", "ian", "eer", "-year-old")


def _is_determined_source(text: str, speaker: _Speaker) -> bool:
    """A lower-case noun phrase opening with an article or a possessive whose head, before any
    preposition, is a person or a group (``the spokesman for the company``,
    :func:`_is_person_noun`) or a title (``the President of Belarus``), which an apposition may
    follow like a name's; not a place or a record (``the Maldives``, ``a result of the
    measures``), nor ``this group``."""
    words = text[speaker.start : speaker.end].split()
    if len(words) < 2 or words[0] not in _ARTICLES_AND_POSSESSIVES:
        return False
    head = words[1]
    for word in words[2:]:
        if word in NOT_SOURCE_FIRST:
            break
        head = word
    head = head.rstrip(",.;:")
    return _is_person_noun(head) or (head[:1].isupper() and head.lower() in SOURCE_PERSON_NOUNS)


_ARTICLES_AND_POSSESSIVES = frozenset("the a an his her their its our my your".split())
