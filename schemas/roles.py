"""The role and title lexicon of speaker resolution, read once from ``vocab/roles.toml``.

The words are data (reviewable line by line, extended by editing the file): which titles
introduce a role before a name (``Foreign Minister``), which other words belong to a title
(``former``, ``deputy``), which personal titles tell a gender (``Mr``, ``Baroness``), and which
words make a capitalised run an organisation (``Party``) or a place (``Cross``), and which of
those words are common surnames too (``Hill``, ``Church``, ``White``). Every entry is
lower case; a title may hold several words (``deputy prime minister``) or a hyphen
(``secretary-general``).
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from importlib import resources
from typing import Literal

Gender = Literal["m", "f", ""]

ROLES_RESOURCE = "vocab/roles.toml"  #: path of the lexicon inside the ``schemas`` package
GIVEN_NAMES_RESOURCE = "vocab/given_names.toml"  #: given names that tell a gender


@dataclass(frozen=True, slots=True)
class RoleLexicon:
    """The lexicon as loaded: every word lower case."""

    roles: dict[str, tuple[str, ...]]  #: role noun → the titles that introduce it before a name
    modifiers: frozenset[str]  #: words of a title that are no role of their own
    honorifics: dict[str, Gender]  #: personal title → the gender it tells ("" for none)
    organisation_words: frozenset[str]  #: a capitalised run holding one names an organisation
    place_words: frozenset[str]  #: a capitalised run holding one names a place
    surname_words: frozenset[str] = frozenset()  #: words of the lists that are common surnames too

    @property
    def titles(self) -> dict[str, str]:
        """Every title phrase → its role (a title listed under several roles keeps the first)."""
        out: dict[str, str] = {}
        for role, titles in self.roles.items():
            for title in titles:
                out.setdefault(title, role)
        return out

    @property
    def title_words(self) -> frozenset[str]:
        """Single words that title a name rather than belong to it."""
        words = {w for titles in self.roles.values() for t in titles for w in t.split()} - _LINK_WORDS
        return frozenset(words | self.modifiers | set(self.honorifics))


_LINK_WORDS = frozenset(("of", "the", "and"))  #: words inside a title that are no title of their own
_GENDER_KEYS: tuple[tuple[str, Gender], ...] = (("male", "m"), ("female", "f"), ("neutral", ""))


def _strings(table: object, key: str) -> tuple[str, ...]:
    values = table.get(key, []) if isinstance(table, dict) else []
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise ValueError(f"{ROLES_RESOURCE}: {key!r} must be a list of strings")
    return tuple(v.strip().lower() for v in values if v.strip())


@functools.cache
def role_lexicon() -> RoleLexicon:
    """The lexicon shipped with the package (read and checked once per process)."""
    raw = resources.files("schemas").joinpath(ROLES_RESOURCE).read_text(encoding="utf-8")
    data = tomllib.loads(raw)
    roles_table = data.get("roles", {})
    if not isinstance(roles_table, dict):
        raise ValueError(f"{ROLES_RESOURCE}: [roles] must be a table")
    roles = {role.strip().lower(): _strings(roles_table, role) for role in roles_table}
    honorifics: dict[str, Gender] = {}
    table = data.get("honorifics", {})
    for key, gender in _GENDER_KEYS:
        for word in _strings(table, key):
            honorifics.setdefault(word, gender)
    return RoleLexicon(
        roles=roles,
        modifiers=frozenset(_strings(data.get("modifiers", {}), "words")),
        honorifics=honorifics,
        organisation_words=frozenset(_strings(data.get("organisations", {}), "words")),
        place_words=frozenset(_strings(data.get("places", {}), "words")),
        surname_words=frozenset(_strings(data.get("surnames", {}), "words")),
    )


@functools.cache
def given_name_genders() -> dict[str, Gender]:
    """Given name (lower case) → the gender it tells, from ``vocab/given_names.toml`` (read once);
    a name of the ``unisex`` list, or listed under both genders, tells none ("") but is still a
    given name."""
    raw = resources.files("schemas").joinpath(GIVEN_NAMES_RESOURCE).read_text(encoding="utf-8")
    data = tomllib.loads(raw)
    male, female = set(_strings(data, "male")), set(_strings(data, "female"))
    unisex = set(_strings(data, "unisex")) | (male & female)
    out: dict[str, Gender] = {name: "m" for name in male - unisex}
    out.update({name: "f" for name in female - unisex})
    out.update({name: "" for name in unisex})
    return out
