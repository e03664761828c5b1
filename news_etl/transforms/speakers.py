"""Who a speaker is: names, roles and the resolution of a raw speaker to a person.

Pure text in, names out: stdlib ``re`` only, no model, no I/O. :mod:`news_etl.transforms.quotes`
finds a quote's raw speaker (``the minister``, ``he``, ``Makei``); this module says which person
it names within one article (``speaker_resolved``).
"""

from __future__ import annotations

import bisect
import functools
import re
import sys
from collections.abc import Iterator

from news_etl.transforms.budget import check_budget

# --------------------------------------------------------------------------- rule data (extend here)

#: Role nouns a speaker may be called by after being named ("the minister", "the official").
#: Each maps to the title words that introduce it next to a name ("Foreign Minister X").
ROLE_NOUNS: dict[str, tuple[str, ...]] = {
    "minister": ("minister",),
    "president": ("president",),
    "official": ("official",),
    "senator": ("senator", "sen."),
    "governor": ("governor", "gov."),
    "congressman": ("congressman", "rep."),
    "congresswoman": ("congresswoman", "rep."),
    "spokesman": ("spokesman",),
    "spokeswoman": ("spokeswoman",),
    "spokesperson": ("spokesperson",),
    "secretary": ("secretary",),
    "candidate": ("candidate",),
    "nominee": ("nominee",),
    "director": ("director",),
    "chairman": ("chairman",),
    "chairwoman": ("chairwoman",),
    "mayor": ("mayor",),
    "ambassador": ("ambassador",),
    "general": ("general", "gen."),
    "judge": ("judge",),
    "lawmaker": ("lawmaker",),
    "leader": ("leader",),
    "diplomat": ("diplomat",),
    "prime minister": ("prime minister",),
    "businessman": ("businessman",),
    "billionaire": ("billionaire",),
    "attorney": ("attorney",),
    "lawyer": ("lawyer",),
    "professor": ("professor", "prof."),
    "chief": ("chief",),
}

#: Capitalised words that title a name rather than belong to it ("Sen. Tom Cotton").
TITLE_WORDS: frozenset[str] = frozenset(
    (
        "mr. mrs. ms. dr. sen. rep. gov. gen. lt. col. sgt. capt. prof. rev. president vice "
        "minister foreign defense defence prime secretary senator governor mayor judge justice "
        "chairman chairwoman director spokesman spokeswoman ambassador general former deputy "
        "chief state attorney house speaker leader majority minority republican democratic "
        "democrat gop presidential nominee candidate candidates congressman congresswoman pope "
        "king queen prince sheriff officer economist analyst professor ceo chair white u.s. us "
        "sir lord rabbi father pastor commissioner executive press campaign manager adviser "
        "advisor strategist first lady host anchor author coach"
    ).split()
)

#: Endings of nationality words that precede a name ("Belarusian Foreign Minister Vladimir Makei").
DEMONYM_SUFFIXES: tuple[str, ...] = ("ian", "ean", "ese", "ish", "can", "ic")

PERSONAL_PRONOUNS: frozenset[str] = frozenset({"he", "she", "who"})

#: Capitalised words that open a noun phrase and never belong to a name ("The", "His").
NOT_NAME_WORDS: frozenset[str] = frozenset(
    (
        "the a an his her their its our my one another some many several two three four most "
        "other these those both few no each every this all more"
    ).split()
)

MAX_NAME_CHARS = 80  #: characters read back from a surname for the full name written with it
MAX_NAME_RUN_WORDS = 32  #: capitalised words after the first that one name run may hold
MAX_NAME_OCCURRENCES = 256  #: places read where a surname may close its full name
MAX_SURNAMES_PER_TEXT = 256  #: surnames looked up for their full name in one text

_CAP_NAME_RE = re.compile(
    r"(?:[A-Z][\w’'.-]*|Mc[\w’'-]+)(?:\s+(?:(?:de|van|von|der|del|la|bin|al|da|di|le)\s+)?"
    r"(?:[A-Z][\w’'.-]*))*"
)
# a run of capitalised words (a name, with titles): at most MAX_NAME_RUN_WORDS words after the first,
# so that a failed match ("A. A. A. …", no word boundary after any ".") costs a bounded look ahead
# from each start instead of the rest of the run (quadratic in the run)
_PERSON_RE = re.compile(
    r"(?:[A-Z][a-z’'.-]+|[A-Z]\.)(?:\s+(?:[A-Z]\.|[A-Z][a-z’'-]+|(?:de|van|von|der|del|bin|al)"
    rf"(?=\s+[A-Z]))){{1,{MAX_NAME_RUN_WORDS}}}\b"
)
_NAME_GOES_ON_RE = re.compile(r"\s+(?:[A-Z]\.|[A-Z][a-z’'-]+)")
_ROLE_BY_TITLE: dict[str, str] = {t: role for role, ts in reversed(ROLE_NOUNS.items()) for t in ts}
_MAX_INT = sys.maxsize


# --------------------------------------------------------------------------- resolution


class _Registry:
    """People named in one article: full names by surname and by role noun.

    Built lazily: a surname is looked up where it occurs (first full name written with it wins);
    the list of the people mentioned, needed for roles and for pronouns without an earlier
    speaker, is read only when one of those has to be resolved, and for a pronoun only as far as
    the pronoun."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._surnames: dict[str, str | None] = {}
        self._starts: list[int] = []
        self._people: Iterator[re.Match[str]] | None = None  # the scan for people, read lazily
        self._pending: re.Match[str] | None = None  # the next match of that scan
        self._names: list[str] = []
        self._titles: list[tuple[str, ...]] = []
        self._by_role: dict[str, str] | None = None
        self._readings: dict[str, tuple[str, str]] = {}

    def full_name(self, surname: str) -> str | None:
        """The first full name in the text whose last word is ``surname``: among the first
        :data:`MAX_NAME_OCCURRENCES` places where it may close a name, and only for the first
        :data:`MAX_SURNAMES_PER_TEXT` surnames looked up (each look-up reads the whole text)."""
        if surname in self._surnames:
            return self._surnames[surname]
        if len(self._surnames) >= MAX_SURNAMES_PER_TEXT:
            return None
        text, found = self.text, None
        at = text.find(surname)
        occurrences = 0
        while at != -1 and found is None and occurrences < MAX_NAME_OCCURRENCES:
            check_budget()
            end = at + len(surname)
            # a name run ends with the surname only when a space separates it from the word before
            whole = at > 0 and text[at - 1].isspace() and (end == len(text) or not text[end].isalnum())
            if whole and _may_end_name(text, at) and not _NAME_GOES_ON_RE.match(text, end):
                occurrences += 1
                run = None
                for m in _PERSON_RE.finditer(text, at - MAX_NAME_CHARS if at > MAX_NAME_CHARS else 0, end):
                    run = m
                if run is not None and run.end() == end:
                    entry = _parse_person(run.group())
                    if entry is not None and entry[0].rsplit(" ", 1)[-1].strip("’'") == surname:
                        found = entry[0]
            at = text.find(surname, end)
        self._surnames[surname] = found
        return found

    def _scan(self, upto: int = _MAX_INT) -> list[int]:
        """Where the people named before ``upto`` (by default: all) start; the scan goes no further
        than it has to."""
        if self._people is None:
            self._people = _PERSON_RE.finditer(self.text)
            self._pending = next(self._people, None)
        m = self._pending
        while m is not None and m.start() < upto:
            entry = _parse_person(m.group())
            if entry is not None:
                self._starts.append(m.start())
                self._names.append(entry[0])
                self._titles.append(entry[1])
            m = next(self._people, None)
        self._pending = m
        return self._starts

    @property
    def by_role(self) -> dict[str, str]:
        if self._by_role is None:
            self._by_role = {}
            text = self.text
            for start, name, titles in zip(self._scan(), self._names, self._titles, strict=True):
                # a lower-case role word written just before the name ("spokesman Josh Earnest")
                space = text.rfind(" ", max(0, start - 20), start - 1)
                role = _ROLE_BY_TITLE.get(text[space + 1 : start].strip().lower()) if start > 1 else None
                if role:
                    self._by_role.setdefault(role, name)
                for t in titles:
                    r = _ROLE_BY_TITLE.get(t)
                    if r:
                        self._by_role.setdefault(r, name)
        return self._by_role

    def person_before(self, pos: int) -> str | None:
        i = bisect.bisect_left(self._scan(pos), pos)
        return self._names[i - 1] if i else None

    def resolve(self, mention: str, pos: int, last: str | None) -> str | None:
        reading = self._readings.get(mention)
        if reading is None:
            reading = self._readings[mention] = self._read(mention)
        how, value = reading
        if how == "pronoun":
            return last or self.person_before(pos)
        if how == "role":
            return self.by_role.get(value) or last
        return value if how == "name" else None

    def _read(self, mention: str) -> tuple[str, str]:
        """How a mention resolves wherever it is: ("pronoun" | "name" | "role" | "none", value)."""
        surname, name, reading = _mention_parts(mention)
        if surname:
            full = self.full_name(surname)
            if full is not None:
                return "name", full
            if name:
                return "name", name
        return reading


@functools.lru_cache(maxsize=8192)
def _mention_parts(mention: str) -> tuple[str, str, tuple[str, str]]:
    """What a mention says without its article: (surname to look up, name of two or more words,
    reading when the surname is not found), "" for what it does not have."""
    words = [w for w in mention.replace(",", " ").split() if w]
    if not words:
        return "", "", ("none", "")
    low = [w.lower().strip(".’'") for w in words]
    if len(words) == 1 and low[0] in PERSONAL_PRONOUNS:
        return "", "", ("pronoun", "")
    names = [
        w
        for w in words
        if w[0].isupper() and w.lower() not in TITLE_WORDS and w.lower() not in NOT_NAME_WORDS
    ]
    while len(names) > 2 and names[0].endswith(DEMONYM_SUFFIXES):
        names.pop(0)
    surname = name = ""
    if names:
        surname = names[-1].strip("’'.")
        surname = surname[:-2] if surname.endswith(("’s", "'s")) else surname
        name = " ".join(names) if len(names) >= 2 else ""
    role = low[-1] if low[-1] in ROLE_NOUNS else " ".join(low[-2:])
    if role in ROLE_NOUNS:
        return surname, name, ("role", role)
    return surname, name, ("none", "")


_NAME_PARTICLES = frozenset(("de", "van", "von", "der", "del", "bin", "al"))


def _may_end_name(text: str, at: int) -> bool:
    """Whether the word at ``at`` (after a space) can close a run of ``_PERSON_RE``: the word before
    it must hold a capital or be a particle (``said Makei``, ``the Makei government`` cannot)."""
    near = at - 40 if at > 40 else 0
    parts = text[near:at].rsplit(None, 1)
    if not parts or (len(parts) == 1 and near > 0 and not text[near - 1].isspace()):
        return True  # no whole word in view: let the pattern decide
    word = parts[-1]
    return word.lower() != word or word in _NAME_PARTICLES


@functools.lru_cache(maxsize=8192)
def _parse_person(group: str) -> tuple[str, tuple[str, ...]] | None:
    """A capitalised run as (full name, lower-case titles), or None when it names no person."""
    words = group.split()
    titles: tuple[str, ...] = ()
    for i in range(len(words) - 1, -1, -1):
        if words[i].lower() in TITLE_WORDS:
            titles = tuple(w.lower() for w in words[: i + 1])
            words = words[i + 1 :]
            break
    while len(words) > 2 and words[0].endswith(DEMONYM_SUFFIXES):
        words.pop(0)
    if len(words) < 2 or len(words) > 4:
        return None
    return " ".join(words), titles
