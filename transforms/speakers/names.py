"""Names: what a capitalised run names (a person, a surname alone, an organisation, a place).

The rules are in the docstring of :mod:`transforms.speakers` (section *Names*).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from schemas.roles import Gender
from transforms.speakers.rules import (
    _COMPLEMENT_PREPOSITIONS,
    _LEXICON,
    _NAME_ABBREVIATIONS,
    _NAME_PARTICLES,
    _NAME_SUFFIXES,
    _POSSESSIVE,
    DEMONYM_NOUNS,
    DEMONYM_SUFFIXES,
    GIVEN_NAMES,
    HONORIFICS,
    MAX_NAME_OCCURRENCES,
    MAX_NAME_WORDS,
    NOT_NAME_WORDS,
    TITLE_WORDS,
)


@dataclass(frozen=True, slots=True)
class _Name:
    """What a capitalised run (or the head of a mention) names."""

    name: str  # the person's full name, or the surname alone, or the organisation's whole name
    kind: str  # "person" (two to four words), "surname" (one), "org", "place"
    gender: Gender
    titles: tuple[str, ...]  # lower-case words of the title before it ("foreign", "minister")


def _is_sentence_end(word: str) -> bool:
    """A word ending in a full stop that ends a sentence (``Moscow.``), not an initial or ``Mr.``."""
    if not word.endswith(".") or len(word) <= 2:
        return False
    return word.lower() not in _NAME_ABBREVIATIONS and word.count(".") == 1


def _run_words(group: str) -> list[str]:
    """The words of a capitalised run that may name someone: what follows a sentence that ends
    inside it (``Moscow. Jo Doe``), an opener (``T. But Parry``) or a possessive owner
    (``Labour's Robin Cook``), without a leading ``the``/``of``/``and`` and without the last
    word's possessive or full stop. A run without a full stop (or without an apostrophe) has no
    word that ends a sentence (or a possessive): those loops are not run for it."""
    words = group.split()
    stops = "." in group
    if stops:
        for i in range(len(words) - 2, -1, -1):  # a sentence ended inside the run: keep what follows
            if _is_sentence_end(words[i]):
                words = words[i + 1 :]
                break
    for i in range(len(words) - 1, -1, -1):  # an opener inside the run ("T. But Parry"): keep what follows
        w = words[i]
        if w[:1].isupper() and not w.endswith(".") and w.lower().strip("’'") in NOT_NAME_WORDS:
            words = words[i + 1 :]
            break
    while words and words[0] in ("the", "of", "and"):
        words.pop(0)
    marked = "’" in group or "'" in group
    if marked:
        for i in range(len(words) - 2, -1, -1):  # a possessive owner: "Labour's Robin Cook"
            if words[i].endswith(_POSSESSIVE):
                words = words[i + 1 :]
                break
        if words and words[-1].endswith(_POSSESSIVE):
            words[-1] = words[-1][:-2]  # "’s" alone leaves an empty word, dropped below
    if stops and words and _is_sentence_end(words[-1]):
        words[-1] = words[-1][:-1]
    return [w for w in words if w] if marked else words


def _drop_descriptions(words: list[str]) -> None:
    """Remove, in place, the descriptions before a name, in any order: a demonym (``Belarusian
    Jo Doe``, ``Top-seeded Americans Jo Doe``) or a hyphenated compound (``Oscar-winner Jo Doe``,
    ``Brussels-based Jo Doe``); the last word always stays."""
    while len(words) > 1:
        first = words[0]
        if len(words) > 2 and (first.removesuffix("s").endswith(DEMONYM_SUFFIXES) or first in DEMONYM_NOUNS):
            words.pop(0)  # "Belarusian Jo Doe", "Top-seeded Americans Jo Doe", "Swede Jo Doe"
        elif "-" in first and first.rsplit("-", 1)[1][:1].islower():
            words.pop(0)  # "Oscar-winner Jo Doe", "Brussels-based Jo Doe"
        else:
            break


def _split_title(words: list[str], low: list[str]) -> tuple[tuple[str, ...], list[str], list[str]]:
    """The title before a name and the words after it (``low``: the words in lower case, without
    marks): the run is cut after its last title word that leaves a name after it, unless that
    word is inside the name (``Martin Luther King``); no title word, no title."""
    for i in range(len(words) - 2, -1, -1):  # the last title word that leaves a name after it
        if (low[i] in TITLE_WORDS or words[i].lower() in TITLE_WORDS) and not _inside_name(low, i):
            # (a title word inside a name, "Martin Luther King", is passed over)
            return tuple(low[: i + 1]), words[i + 1 :], low[i + 1 :]
    return (), words, low


@functools.lru_cache(maxsize=8192)
def _parse_words(group: str, after_of: bool = False, speaking: bool = False) -> _Name | None:
    """A capitalised run (or the capitalised head of a mention) as a name, or None (rules in the package
    docstring). ``after_of``: the run follows a title and ``of`` (``President of Russia
    Vladimir Putin``): its first words name the place or body, its last two the person.
    ``speaking``: the run is a speaker (the subject of a cue), so that a place or organisation
    word that is a common surname closes a person's name after a given name or a personal title
    (``Dr Jane Hill said``, ``Charlotte Church said``; ``Victoria Park`` elsewhere stays a place)."""
    words = _run_words(group)
    if not words:
        return None
    low = [w.lower().strip("’'.,") for w in words]
    whole = " ".join(words)
    suffix = ""
    if len(words) > 2 and low[-1] in _NAME_SUFFIXES:  # "Martin Luther King Jr.": part of the name
        suffix = " " + words[-1].rstrip(",")
        words, low = words[:-1], low[:-1]
    titles, words, low = _split_title(words, low)
    if words and words[0] in ("of", "the"):  # "President of Russia Vladimir Putin"
        after_of = True
        words = [w for w in words if w not in ("of", "the")]
        low = [w.lower().strip("’'.,") for w in words]
    # an organisation or place word after the title ("Press Association", not "Party Leader Jo
    # Doe"); after "of", a name closing the run is the person ("Governor of Perm Territory Jo Doe")
    organisation, place = _LEXICON.organisation_words, _LEXICON.place_words
    person_after_of = (
        after_of
        and len(words) > 2
        and all(w[0].isupper() for w in words)
        and low[-1] not in organisation
        and low[-1] not in place
    )
    named = (len(words) > 1 and low[0] in GIVEN_NAMES) or bool(titles and titles[-1] in HONORIFICS)
    surname_word = (
        named
        and low[-1] in _LEXICON.surname_words
        and organisation.isdisjoint(low[:-1])
        and place.isdisjoint(low[:-1])
    )
    if person_after_of:
        words = words[-2:]
    elif surname_word and speaking:
        pass  # "Dr Jane Hill said", "Charlotte Church said": the surname
    elif not organisation.isdisjoint(low):
        if organisation.issuperset(low) and not titles:
            return None  # "the Government" alone names nobody
        return _Name(whole.rstrip("’'"), "org", "", ())  # "Incomes Data Services'" → without the mark
    elif not place.isdisjoint(low):
        return _Name(whole, "place", "", ())
    _drop_descriptions(words)
    gender: Gender = GIVEN_NAMES.get(words[0].lower(), "") if len(words) > 1 else ""
    for t in titles:
        g = HONORIFICS.get(t) or HONORIFICS.get(t + ".")
        if g:
            gender = g
    if len(words) == 1:
        word = words[0].lower().strip(".")
        if (word in TITLE_WORDS and not surname_word) or not words[0][0].isupper():
            return None  # "Mr White" is a surname, "Mr President" no name
        return _Name(words[0].strip("’'."), "surname", gender, titles)
    if len(words) > MAX_NAME_WORDS or not all(w[0].isupper() or w in _NAME_PARTICLES for w in words):
        return None
    last = words[-1].lower()
    office = last in _LEXICON.modifiers or (last in TITLE_WORDS and last not in HONORIFICS)
    if office and not _inside_name([w.lower() for w in words], len(words) - 1):
        return None  # "Commons Speaker", "Trade Minister" name an office, not a person
    return _Name(" ".join(words) + suffix, "person", gender, titles)


def _same_person(a: str, b: str) -> bool:
    """Whether two full names of one surname may name one person: one ends the other (``De Vido``,
    ``Julio De Vido``), the same first word, or an initial of it (``V. Putin``, ``Vladimir
    Putin``); ``Brian Smith`` and ``Helen Smith`` may not."""
    wa, wb = a.lower().split(), b.lower().split()
    if wa[-len(wb) :] == wb or wb[-len(wa) :] == wa:
        return True  # "De Vido" in "Julio De Vido"
    x, y = wa[0].rstrip("."), wb[0].rstrip(".")
    if x in HONORIFICS or y in HONORIFICS:
        return True  # "Mr Howard" then "Michael Howard"
    return x == y or (min(len(x), len(y)) == 1 and x[0] == y[0])


def _loose_run(text: str, at: int, name: str) -> bool:
    """Whether a run read as ``name`` at ``at`` may hold a word that is no given name: its first
    word is a word of the lexicon (``Post Trump``), or it opens a sentence (``Whether Clinton``,
    ``Asked Clinton``) with a first word that is not a listed given name. Such a run is no second
    person of a surname already known."""
    first = name.split()[0].lower()
    if first in _LEXICON.organisation_words or first in _LEXICON.place_words or first in TITLE_WORDS:
        return True  # "Post Trump", "Belarus Lukashenko" after a title and "of"
    if first in GIVEN_NAMES:
        return False
    i = at - 1
    while i >= 0 and text[i] in " \t\"“‘'(":
        i -= 1
    return i < 0 or text[i] in ".!?\n:"


def _surname(name: str) -> str:
    """The last word of a full name before a suffix (``Martin Luther King Jr.`` → ``King``)."""
    words = name.split()
    if len(words) > 2 and words[-1].lower().strip(".,") in _NAME_SUFFIXES:
        words.pop()
    return words[-1]


def _inside_name(low: list[str], i: int) -> bool:
    """Whether the title word ``low[i]`` stands inside a person's name: after a listed given name
    that opens the run and only name words (``Martin Luther King``, ``Stephen King``), where a
    title before a name follows a nationality, an office or an owner (``German Chancellor``)."""
    return i >= 1 and low[0] in GIVEN_NAMES and TITLE_WORDS.isdisjoint(low[:i])


def _occurs_whole(text: str, word: str) -> bool:
    """Whether ``word`` is written in ``text`` as a whole word (among its first
    :data:`MAX_NAME_OCCURRENCES` places; ``str.find`` is much faster than a pattern here)."""
    at, seen, size = text.find(word), 0, len(word)
    while at != -1 and seen < MAX_NAME_OCCURRENCES:
        seen += 1
        before = text[at - 1] if at else " "
        after = text[at + size] if at + size < len(text) else " "
        if not (before.isalnum() or before in "’'-_" or after.isalnum() or after in "’'-_"):
            return True
        at = text.find(word, at + size)
    return False


def _complement_before(text: str, start: int) -> bool:
    """Whether the span at ``start`` follows ``of``, ``for`` or ``at`` (``a spokeswoman for Hanover
    Re``, ``manager at Snappy Snaps``, ``the Department for International Development``): it is
    then the complement of a noun written before it, not a subject. After a capitalised title it
    goes on with the title's place and the person (``Governor of Perm Territory Dmitry Makhonin``)."""
    if not text[max(0, start - 5) : start].endswith(_COMPLEMENT_PREPOSITIONS):
        return False
    head = text[max(0, start - 40) : start].split()[-2:-1]
    return not (head and head[0][:1].isupper() and head[0].lower() in TITLE_WORDS)


def _after_of(text: str, start: int) -> bool:
    """Whether the run at ``start`` follows ``of`` (``President of Russia Vladimir Putin``)."""
    before = text[max(0, start - 8) : start]
    return before.endswith(("of ", "of the ", "of The "))


def _parse_person(group: str, after_of: bool = False) -> tuple[str, tuple[str, ...]] | None:
    """A capitalised run as (full name, lower-case titles), or None when it names no person."""
    parsed = _parse_words(group, after_of)
    if parsed is None or parsed.kind != "person":
        return None
    return parsed.name, parsed.titles


def _may_end_name(text: str, at: int) -> bool:
    """Whether the word at ``at`` (after a space) can close a run of ``_PERSON_RE``: the word before
    it must hold a capital or be a particle (``said Makei``, ``the Makei government`` cannot)."""
    near = at - 40 if at > 40 else 0
    parts = text[near:at].rsplit(None, 1)
    if not parts or (len(parts) == 1 and near > 0 and not text[near - 1].isspace()):
        return True  # no whole word in view: let the pattern decide
    word = parts[-1]
    return word.lower() != word or word in _NAME_PARTICLES
