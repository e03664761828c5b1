"""Who a quote's speaker is across articles: a kind, a matching key, a stable id, and a role.

:func:`~transforms.speakers.resolve_speakers` names a quote's speaker within one article
(``speaker_resolved``: ``the minister`` → ``Sergey Lavrov``). Across an archive the same person is
written many ways (``Sergey Lavrov`` / ``Sergei Lavrov``, ``José Manuel Barroso`` / ``Jose Manuel
Barroso``); the ``speakers`` table gathers them under one ``speaker_id``. The rules:

- **Kind.** A resolved name is an ``organisation`` when the name rules read it as one (a word of
  the organisation list: ``Party``, ``Times``, ``Kremlin``) or it is an acronym (``NATO``, ``BBA``);
  a ``person`` when they read a person's name or a surname; anything else (a place) has no kind.
- **Key.** Case and accents are folded (``José`` is ``jose``; ``Ø``, ``Ł``, ``ß`` by the table of
  ``speaker_name_spellings.toml``), apostrophes dropped (``O’Neil`` is ``oneil``), hyphens and full
  stops read as spaces. Of a person's name, what resolution left around it goes: titles before it
  (``Mr``, ``Treasury Under-Secretary``; a peer's ``Lord`` stays: ``Lord Goldsmith`` is how he is
  named), an owner before a possessive (``Ladbrokes' Warren Lush``), a title after it (``Frank
  Field MP``); a short given name opening it reads as its formal form (``Vince`` → ``vincent``),
  then each word is respelt by the transliteration rules of the same file (``Sergei`` →
  ``sergey``, ``Zelenskyy`` → ``zelensky``). A person's key needs two words: a surname alone
  (``Lavrov``, ``Mr Blair``: the article named no full name) merges only within its article, as
  resolution already does, and gets **no id**: across articles it could be anyone of that
  surname. An organisation's key drops a leading ``the`` (``&`` is ``and``); its words are not
  respelt.
- **Id.** ``speaker_id`` is the first 16 hex digits of sha256 over the kind and the key: the same
  person keeps the id whatever the order articles arrive in. A change of the spelling rules
  changes keys, hence ids: the table is then rebuilt by ``--full-refresh``.
- **Role.** The title written before the name, in the speaker mention (``Russian Foreign Minister
  Sergey Lavrov``) or, failing that, before the name's first mention in the article, or the role in
  apposition after it (``Jo Doe, a spokesman for …``): a title phrase of ``roles.toml``, the longest
  that ends just before the name, with the title modifiers written before it (``Shadow
  Chancellor``) and what it is of (``Minister of Justice``), written as a title (``Foreign
  Minister``, ``MP``).

Everything is bounded: a name of more than :data:`MAX_KEY_CHARS` characters has no identity, a
role is read in the :data:`ROLE_LOOK_CHARS` characters before the name, and the quotes of one
article look each name up in its text once (:func:`identify_all`).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from schemas import Quote
from schemas.lexicon import lexicon, lexicon_table
from transforms.ids import ID_HEX_DIGITS, sha256_hex
from transforms.speakers.names import _parse_words
from transforms.speakers.patterns import _APPOSITION_ROLE_RE
from transforms.speakers.rules import _LEXICON, _ROLE_BY_TITLE, _TITLE_ACRONYMS, HONORIFICS, TITLE_WORDS

SpeakerKind = Literal["person", "organisation"]
#: a name longer than this is no speaker's name (a run-on mention): it gets no key
MAX_KEY_CHARS = 120
#: how far before a name its title is looked for
ROLE_LOOK_CHARS = 60
#: the words of what a title is of, at most (``Minister of Foreign Affairs``)
_MAX_OF_WORDS = 3
#: a word of what a title is of: capitalised, no mark after it (``Belarus``, not ``Lukashenko,``)
_OF_WORD_RE = re.compile(r"[A-Z][\w’'-]*")
#: title modifiers kept before a title phrase, at most (``Former Deputy Prime Minister``)
_MAX_MODIFIERS = 2
_MODIFIERS = _LEXICON.modifiers
_LINK_WORDS = frozenset(("of", "the", "and", "for"))
#: the longest title phrase of the role lexicon, in words
_MAX_TITLE_WORDS = max(len(t.split()) for t in _ROLE_BY_TITLE)
_PEERAGE_TITLES = lexicon("speaker_peerage_titles")
_APOSTROPHES = str.maketrans({"’": None, "'": None, "‘": None, "`": None, "&": " and "})
_SPACES = str.maketrans({"-": " ", "‐": " ", "–": " ", ".": " ", ",": " "})


@dataclass(frozen=True, slots=True)
class _Spellings:
    """The respelling rules of ``speaker_name_spellings.toml``."""

    letters: dict[str, str]
    inside: tuple[tuple[str, str], ...]
    start: tuple[tuple[str, str], ...]
    end: tuple[tuple[str, str], ...]  # longest first
    final_i_min: int
    given_names: dict[str, str]


def _pairs(table: dict[str, object], section: str) -> tuple[tuple[str, str], ...]:
    values = table.get(section)
    if not isinstance(values, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and k == k.lower() and v == v.lower() and k
        for k, v in values.items()
    ):
        raise ValueError(f"speaker_name_spellings.toml: [{section}] must map lower-case strings to strings")
    return tuple(values.items())


@functools.cache
def spellings() -> _Spellings:
    """The rules, read once (a malformed file raises ``ValueError`` naming the section)."""
    table = lexicon_table("speaker_name_spellings")
    final = table.get("final_i")
    if not isinstance(final, dict) or not isinstance(final.get("min_letters"), int):
        raise ValueError("speaker_name_spellings.toml: [final_i] needs an integer min_letters")
    return _Spellings(
        letters=dict(_pairs(table, "letters")),
        inside=_pairs(table, "inside"),
        start=_pairs(table, "start"),
        end=tuple(sorted(_pairs(table, "end"), key=lambda p: -len(p[0]))),
        final_i_min=final["min_letters"],
        given_names=dict(_pairs(table, "given_names")),
    )


def fold(text: str) -> str:
    """``text`` without case or accents: ``José Barroso`` → ``jose barroso``, ``Øystein`` →
    ``oystein`` (letters Unicode does not decompose by the spelling table)."""
    letters = spellings().letters
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(letters.get(c, c) for c in decomposed if not unicodedata.combining(c))


def respell(word: str) -> str:
    """One folded word of a person's name in the common spelling of its transliterations."""
    rules = spellings()
    for old, new in rules.inside:
        word = word.replace(old, new)
    for old, new in rules.start:
        if word.startswith(old):
            word = new + word[len(old) :]
            break
    for old, new in rules.end:
        if word.endswith(old) and len(word) > len(old):
            word = word[: -len(old)] + new
            break
    else:
        if len(word) >= rules.final_i_min and word.endswith("i") and word[-2] not in "aeiouy":
            word = word[:-1] + "y"
    return word


def _words(name: str) -> list[str]:
    return fold(name).translate(_APOSTROPHES).translate(_SPACES).split()


def _person_words(name: str, words: list[str]) -> list[str]:
    """A person's folded words without what resolution left around the name: an owner before a
    possessive (``Ladbrokes' Warren Lush``), titles before it (``Treasury Under-Secretary John
    Taylor``, ``Mr``; a peer's ``Lord`` stays) and title words or acronyms after it (``Frank Field
    MP``, ``Guy Mansfield QC``), as long as two words are left."""
    written = name.split()
    for i in range(len(written) - 2, -1, -1):
        if written[i].endswith(("'", "’", "'s", "’s")):
            owner = len(_words(" ".join(written[: i + 1])))
            if len(words) - owner >= 2:
                words = words[owner:]
            break
    while words and words[0] in HONORIFICS and words[0] not in _PEERAGE_TITLES:
        words = words[1:]  # "Mr Blair" is a surname alone
    cut = 0
    for i, word in enumerate(words[:-2]):
        if word in TITLE_WORDS and word not in _PEERAGE_TITLES:
            cut = i + 1
    words = words[cut:]
    while len(words) > 2 and (words[-1] in TITLE_WORDS or words[-1].upper() in _TITLE_ACRONYMS):
        words = words[:-1]
    return words


def name_key(name: str, kind: SpeakerKind) -> str | None:
    """The matching key of a resolved name (rules in the module docstring); None when it has none
    (a surname alone, an empty or overlong name)."""
    if len(name) > MAX_KEY_CHARS:
        return None
    words = [w for w in _words(name) if any(c.isalnum() for c in w)]
    if kind == "organisation":
        if words and words[0] == "the":
            words = words[1:]
        return " ".join(words) or None
    words = _person_words(name, words)
    if len(words) < 2:
        return None
    formal = spellings().given_names.get(words[0])
    if formal is not None:
        words = [formal, *words[1:]]
    return " ".join(respell(w) for w in words)


def is_plain(name: str, kind: SpeakerKind) -> bool:
    """Whether the key keeps every word of ``name``: no title, owner or honorific around it
    (``Frank Field``, not ``Frank Field MP``): a spelling fit to display."""
    key = name_key(name, kind)
    return key is not None and len(key.split()) == len(_words(name))


def speaker_id(kind: SpeakerKind, key: str) -> str:
    """The stable id of a speaker: 16 hex digits of sha256 over its kind and key."""
    return sha256_hex(f"speaker:{kind}:{key}")[:ID_HEX_DIGITS]


def _is_acronym(name: str) -> bool:
    return 2 <= len(name) <= 10 and name.isalpha() and name.isupper()


@functools.lru_cache(maxsize=8192)
def speaker_kind(resolved: str) -> SpeakerKind | None:
    """Whether a resolved name names a person or an organisation (None: neither, a place)."""
    if _is_acronym(resolved):
        return "organisation"
    parsed = _parse_words(resolved, speaking=True)
    if parsed is None:
        return None
    if parsed.kind == "org":
        return "organisation"
    if parsed.kind in ("person", "surname"):
        return "person"
    return None


def _written_title(words: list[str]) -> str:
    """Title words as a title: a lower-case word capitalised (``foreign minister`` → ``Foreign
    Minister``), a link word kept (``of``, ``the``), an acronym as written (``MP``)."""
    return " ".join(w if not w.islower() or w in _LINK_WORDS else w[:1].upper() + w[1:] for w in words)


def _title_before(text: str, at: int) -> str | None:
    """The title written just before ``text[at]`` (white space between), as a title: a title
    phrase of the lexicon and what it is of (``Minister of Justice``, ``President of France``:
    one to :data:`_MAX_OF_WORDS` capitalised words after ``of``, no mark among them), else the
    longest title phrase that ends there (``Foreign Minister`` in ``Russian Foreign Minister``);
    either with the title modifiers written just before it (``Shadow Chancellor``, ``Former
    Deputy Prime Minister``); else None."""
    if not at or not text[at - 1].isspace():
        return None
    words = text[max(0, at - ROLE_LOOK_CHARS) : at].split()
    words = words[-(_MAX_MODIFIERS + _MAX_TITLE_WORDS + _MAX_OF_WORDS + 1) :]
    for j in range(len(words) - 2, max(len(words) - _MAX_OF_WORDS - 2, 0), -1):
        if words[j] == "of":
            if all(_OF_WORD_RE.fullmatch(w) for w in words[j + 1 :]):
                head = _title_ending(words[:j])
                if head is not None:
                    return head + " of " + " ".join(words[j + 1 :])
            break
    return _title_ending(words)


def _title_ending(words: list[str]) -> str | None:
    """The longest title phrase of the lexicon that ``words`` end with, with the modifiers
    before it, as a title, or None."""
    for n in range(min(len(words), _MAX_TITLE_WORDS), 0, -1):
        if " ".join(w.lower() for w in words[-n:]) in _ROLE_BY_TITLE:
            start = len(words) - n
            while (
                start > 0
                and len(words) - n - start < _MAX_MODIFIERS
                and (words[start - 1].lower() in _MODIFIERS)
            ):
                start -= 1
            return _written_title(words[start:])
    return None


def speaker_role(text: str, quote: Quote, first_at: dict[str, int] | None = None) -> str | None:
    """The role the article gives the quote's resolved person (rules in the module docstring).
    ``first_at`` remembers where each name is first written in ``text``, so that the quotes of one
    article look each name up once (:func:`identify_all`)."""
    name = quote.speaker_resolved
    if not name:
        return None
    at = -1
    if quote.speaker_start is not None and quote.speaker_end is not None:
        at = text.find(name, quote.speaker_start, quote.speaker_end)
    if at == -1:
        if first_at is None:
            first_at = {}
        if name not in first_at:
            first_at[name] = text.find(name)
        at = first_at[name]
    if at == -1:
        return None
    role = _title_before(text, at) if at else None
    if role is None:
        m = _APPOSITION_ROLE_RE.match(text, at + len(name))
        if m is not None:
            noun = m.group(1) or m.group(2)
            role = _written_title([noun])
    return role


@dataclass(frozen=True, slots=True)
class SpeakerIdentity:
    """A quote's speaker across articles: ``speaker_id`` is None for a surname alone, a bare role
    or an unresolved pronoun (no ``speaker_resolved``)."""

    kind: SpeakerKind | None
    speaker_id: str | None
    role: str | None


NO_IDENTITY = SpeakerIdentity(None, None, None)


def identify(text: str, quote: Quote) -> SpeakerIdentity:
    """The quote's speaker identity in ``text`` (the text the quote's offsets index)."""
    return identify_all(text, [quote])[0]


def identify_all(text: str, quotes: Sequence[Quote]) -> list[SpeakerIdentity]:
    """The speaker identity of each of ``text``'s quotes: each name is looked for in the text
    once, however many quotes it speaks (the work is linear in the text and the quotes)."""
    first_at: dict[str, int] = {}
    out = []
    for quote in quotes:
        name = quote.speaker_resolved
        kind = (
            speaker_kind(name) if name and len(name) <= MAX_KEY_CHARS else None
        )  # an overlong name is no one's
        if name is None or kind is None:
            out.append(NO_IDENTITY)
            continue
        key = name_key(name, kind)
        role = speaker_role(text, quote, first_at) if kind == "person" else None
        out.append(SpeakerIdentity(kind, speaker_id(kind, key) if key else None, role))
    return out
