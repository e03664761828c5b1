"""Who a speaker is: names, roles and the resolution of a raw speaker to a person.

Pure text in, names out: stdlib ``re`` only, no model, no I/O (the role lexicon is package data,
read once by :func:`schemas.roles.role_lexicon`). :mod:`transforms.quotes` finds
a quote's raw speaker (``the minister``, ``he``, ``Makei``); :func:`resolve_speakers` says which
person or organisation it names within one article (``speaker_resolved``).

A wrong name is worse than none: a speaker resolves only on strong evidence, else it stays null.

Names
=====
- A name is a run of capitalised words; a capital is any Unicode upper-case letter (``Émile
  Zola``, ``Łukasz``, ``Øystein``), a word may hold an apostrophe or a hyphen before a capital
  (``O’Neil``, ``Kilroy-Silk``, ``Jay-Z``) and a capital after ``Mc``/``Mac`` (``McLetchie``),
  and particles join it (``Nick Van den Brul``).
- Titles are not part of a name: every word up to the last word of the role lexicon that still
  leaves a name after it is dropped, so a nationality or organisation before a title goes too
  (``German Chancellor Angela Merkel`` → ``Angela Merkel``, ``EC President José Manuel Barroso`` →
  ``José Manuel Barroso``, ``Kasabian's singer Tom Meighan`` → ``Tom Meighan``); so is a possessive
  owner (``Labour's Robin Cook`` → ``Robin Cook``), a party word of the lexicon (``Conservative
  Graham Hale`` → ``Graham Hale``), a description whose last part is lower case (``Oscar-winner
  Jo Lund``, ``Brussels-based``) and a sentence opener (``But Oliver Letwin``).
  After a title and ``of``, the name closing the run is the person (``Governor of Perm Territory
  Dmitry Makhonin`` → ``Dmitry Makhonin``). A word ending a sentence (``Moscow.``) ends the run; a
  run that starts inside an abbreviation (``U.S. Yukos``) is no name. A name ending in a title
  word (``Commons Speaker``, ``Trade Minister``) names an office.
- A run holding an organisation word of the lexicon (``Party``, ``Association``, ``United``) is an
  organisation, named whole, without a leading ``the`` and a final possessive, never cut at an
  apostrophe (``the Independent Manchester United Supporters' Association``; ``the Scottish
  National Party's leader`` names no organisation: it is a role). A run holding a place word
  (``Kings Cross``) is a place and never resolves.
- A person's name is two to four words; one word alone (``Makei``, ``Mr Makei``) is a surname: it
  resolves to the full name written with it in the article (``Vladimir Makei``), else, with
  a personal title, to the title and surname (``Mr Makei``). When two people are written with it
  (``Brian Smith … Helen Smith``; not ``V. Putin`` and ``Vladimir Putin``, nor a run after ``of``
  or opening a sentence without a listed given name: ``Whether Clinton``) it names neither, unless
  a title's gender selects exactly one (``Mrs Smith`` → ``Helen Smith``); such a surname alone is
  a pronoun candidate that names nobody, and a title written with it tells no gender.
  A listed given name alone (``said Jamie``, the article writing no full name that ends with it)
  is a first name, not a surname: it resolves to the full name the article first writes starting
  with it (``Jamie Lund``), else null, never to itself. A peer
  keeps the title (``Lord Goldsmith``); ``Sir``/``Dame`` go with a given name (``Sir Nicholas``
  → ``Nicholas Scott``); so do ``King``, ``Queen``, ``Pope``, ``Prince``, ``Princess`` and
  ``Father``, which stay with it (``Prince Charles`` is never ``Ray Charles``: the word after
  them is no surname to look up).
  A title word after a listed given name that opens the run is part of the name (``Martin Luther
  King``, ``Stephen King``), and so is a suffix after the surname (``Jr.``, ``Sr.``, ``III``).
  A word of the lexicon that is a common surname too (``[surnames]`` of ``roles.toml``: ``Hill``,
  ``Church``, ``White``, ``Singer``) is the surname after a listed given name or a personal title
  when the run speaks (``Dr Jane Hill said``, ``Charlotte Church said``, ``Mr White said``), and
  keeps its place in the lists elsewhere (``Victoria Park``, ``the White House``, ``Judge Jo Doe``).

Resolution of a speaker
=======================
- **A name** (``Makei``, ``Foreign Minister Vladimir Makei``) resolves as above; the head before a
  comma or ``of`` is the speaker (``Andrew Bud, executive chairman of Mblox,`` → ``Andrew Bud``;
  ``Mark Longden of the Independent … Association`` → ``Mark Longden``, also when the extractor
  took the organisation as the speaker). A surname never seen in a full name resolves to itself
  only when the text says what it is: an apposition naming a role or organisation, or ``who``
  after it (``Ferrero, who was upset to be dropped for Friday's singles, said`` → ``Ferrero``;
  ``Ford, the car maker,`` → ``Ford``), or when it gives a quotation (a reported statement of
  ``Russia`` or ``Wales`` names no speaker) and the word is never written in lower case and is
  written capitalised inside a sentence (``"…," said McIlroy``; not ``Officials said``, not a
  nationality such as ``the Russian``, not ``MPs``).
- **A complement**: a speaker written after ``of``, ``for`` or ``at`` (not after a capitalised
  title: ``Governor of Perm Territory Jo Doe`` is a name) is what an unnamed speaker belongs to,
  not the speaker (``a spokeswoman for Hanover Re``, ``manager at Snappy Snaps``, ``a spokesman
  for Mr Blair`` → null), unless a person is named just before the preposition (``Senator Jo Lund
  of Ohio``, ``analyst Jo Lund of Kestrel Partners`` → ``Jo Lund``) or in apposition after it
  (``An attorney for Pagliano, Mark Lund,`` → ``Mark Lund``): the run must be a whole name
  (not after ``the``, not inside an abbreviation) shown to be a person's (a title, a role, a
  listed given name, its surname alone). Nor is such a speaker a pronoun's antecedent.
- **A speaker inside a relative clause** (``Ms Robinson, who presents The Weakest Link tells …``)
  is an object, not a subject: null (a ``, who`` inside a quotation opens no clause: ``"…, who do
  you trust?" said Jo Lund``).
- **An acronym** (``the EFF``) resolves to its expansion when the text gives one (``Electronic
  Frontier Foundation (EFF)``), else to itself; a country's (``US``, ``UK``) to nothing.
- **An organisation** speaking (``the Scottish National Party said``) resolves to its whole name.
- **A role** with ``the`` (``the minister``, ``the Russian president``) resolves to the one person
  the article introduced with that role (``Foreign Minister Vladimir Makei``; ``spokesman Jo Doe``;
  ``Jo Doe, a spokesman, …``; ``Ola Lund, Norway's president``; ``Ola Lund, president of
  Norway``), only when exactly one was, and when every capitalised word or title
  word before the role is part of that person's title (``the attorney general`` is not ``Solicitor
  General Jo Doe``). A role nobody was introduced with takes the speaker of the sentence before
  only when that speaker was itself called by a role (``The minister also stressed …`` then ``…,
  the official said``: one person described twice); never a speaker called otherwise (``…, he
  argues. The prime minister knows …`` stays null).
- **A message** (``The message reads: …``, also ``the letter``, ``the telegram``) is its sender's:
  the person who opens the sentence before as the subject of ``sent``, ``addressed``,
  ``congratulated`` or ``wrote`` (``Vladimir Putin sent greetings to … The message reads`` →
  ``Vladimir Putin``); else null.
- **A head and a name in apposition** (``a spokesman for the agency, Dean Boyd,``) resolve to the
  name; a name ending in a title word (``Commons Speaker``) names an office, not a person; a name
  inside a longer speaker (``the two-time Academy Award winner``) is not the speaker.
- Any other noun phrase (``a spokesman for the author``, ``one dealer``, ``his lawyer``,
  ``analysts``) stays null: it is somebody the article does not name.
- **``who``** resolves to the name just before ``, who`` (``Jay-Z, who said he would …`` →
  ``Jay-Z``), never to a later one, nor to an organisation or a group (``the Tamil Tigers, who``).
- **``he`` / ``she``** resolve to the one person the sentence before and the sentence so far
  mention, outside quotations and outside what the sentence speaks about (the content of the
  pronoun's own quote: ``Mr Blair has failed …, he claimed``; the question of ``Asked if Mr
  Blunkett could return, he replied``; a relative clause: ``The seventh seed, who is to meet
  Roddick, …``): names (a person-like run, or a surname of someone named earlier),
  roles with ``the`` and the speakers of earlier quotes (``one dealer``, unnamed, counts and
  resolves to null; so does a speaker called by a surname alone: ``Mr Berg said … "…," Lund said.
  He said …`` → ``Lund`` or null, never ``Mr Berg``; a coordinated ``Berg, Lund and Ness`` is a
  group and no candidate, and when the one candidate left is joined by ``and`` to another name,
  whatever its gender, the pronoun stays null: ``Helen Berg and Sam Lund were fined. But he …``
  has a plural subject before it, and ``he`` is more likely someone unnamed). A person must
  agree in gender when a personal title tells it (``Mr``, ``Sir``,
  ``Lord`` against ``Mrs``, ``Ms``, ``Lady``, ``Baroness``) or, failing that, a given name of the
  data list ``vocab/given_names.toml`` (``Carl``, ``Fiona``; a name of its ``unisex`` list, ``Andrea``,
  ``Robin``, tells none). Organisations and places are never
  candidates; a name the text does not show to be a person's (a title or role with it, a quote
  of its own, its surname written alone, a listed given name) counts as a candidate but is never
  the answer (``Northern Rail apologised. "…," she said.`` → null), nor is a speaker resolved to
  an organisation (``the BBC``). With two or more candidates the speaker of a quote in those two
  sentences (the subject with a cue) wins, else the pronoun stays null; with none, the speaker of
  the previous quote of the same or the previous paragraph is taken when no other person was
  named since.
- **``I`` / ``we``** resolve only when the article says who speaks: in a transcript, to the person
  of the nearest turn label before them (``Vladimir Putin: … I believe that …``, also after a stage
  direction in brackets: ``(Jo Doe spoke about housing.) Vladimir Putin: I think …``; an elision
  ``<…>``, a label this module cannot read or the chair giving the floor, ``Mr Medvedev.``, starts
  a turn of nobody known); inside another quote's quotation, to that quote's speaker (``"… I
  thought we dominated …," Robinson said.``).
- Anything else (``they``, ``it``, ``sources``, ``the ministry``) stays null.

Limits
======
Every pattern matches in linear time (name words are possessive: a word is never re-read
shorter); the article is scanned for names once, lazily, and only up to the last pronoun or role
that needs it; a surname is looked for at its first :data:`MAX_NAME_OCCURRENCES` places and only
the first :data:`MAX_SURNAMES_PER_TEXT` surnames (and given names, capitalised words, genders,
surnames written alone) are looked for; a name run holds at most :data:`MAX_NAME_RUN_WORDS` words
after its first. A pronoun's window is found by reading sentence ends lazily from the start of the
text up to the pronoun and the runs of line breaks once; the fallback to the previous quote's
speaker reads back at most :data:`MAX_FALLBACK_MENTIONS` mentions; each ``the`` is read for a role
once however many windows hold it. A spent :func:`~transforms.budget.time_budget`
raises here as in the extractor.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import operator
import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, fields, replace

from schemas import Quote
from schemas.roles import Gender, given_name_genders, role_lexicon
from transforms.budget import check_budget

# --------------------------------------------------------------------------- rule data (extend here)

_LEXICON = role_lexicon()

#: Role nouns a speaker may be called by after being named ("the minister", "the official").
#: Each maps to the titles that introduce it next to a name ("Foreign Minister X"): see roles.toml.
ROLE_NOUNS: dict[str, tuple[str, ...]] = _LEXICON.roles

#: Words that title a name rather than belong to it ("Sen. Tom Cotton"): every word of roles.toml.
TITLE_WORDS: frozenset[str] = _LEXICON.title_words

#: Personal titles and the gender they tell ("Mr" → "m", "Baroness" → "f", "Dr" → "").
HONORIFICS: dict[str, Gender] = _LEXICON.honorifics

#: Given names that tell a gender ("Carl" → "m"): see given_names.toml.
GIVEN_NAMES: dict[str, Gender] = given_name_genders()

#: Endings of nationality words that precede a name ("Belarusian Vladimir Makei").
DEMONYM_SUFFIXES: tuple[str, ...] = ("ian", "ean", "ese", "ish", "can", "ic")

PERSONAL_PRONOUNS: frozenset[str] = frozenset({"he", "she", "who"})

#: What joins two names into one plural noun phrase ("Jo Steel and Sam Hale", "Jo Steel & Sam Hale").
_COORDINATORS: frozenset[str] = frozenset({" and ", " & "})

#: Capitalised words that open a noun phrase or a sentence and never belong to a name.
NOT_NAME_WORDS: frozenset[str] = frozenset(
    (
        "the a an his her their its our my one another some many several two three four most "
        "other these those both few no each every this all more but and or so yet still now then "
        "meanwhile however also in on at as after before when while if earlier later last that "
        "asked speaking today yesterday monday tuesday wednesday thursday friday saturday sunday "
        "instead indeed separately finally there here it since though although because during "
        "with for from by to of according"
    ).split()
)

#: Words that close a name after its surname ("Martin Luther King Jr.", "Jo Doe III").
_NAME_SUFFIXES: frozenset[str] = frozenset(("jr", "sr", "ii", "iii", "iv"))

#: Words that end a sentence with a full stop and still belong to a name ("Mr.", "St.").
_NAME_ABBREVIATIONS: frozenset[str] = frozenset(
    "mr. mrs. ms. dr. st. jr. sr. prof. sen. rep. gov. gen. col.".split()
)

MAX_NAME_CHARS = 80  #: characters read back from a surname for the full name written with it
MAX_NAME_RUN_WORDS = 32  #: capitalised words after the first that one name run may hold
MAX_NAME_OCCURRENCES = 256  #: places read where a surname may close its full name
MAX_SURNAMES_PER_TEXT = 256  #: surnames looked up for their full name in one text
MAX_ANTECEDENT_CHARS = 120  #: characters read back from "who" for the name it follows
MAX_NAME_WORDS = 4  #: words a person's name may hold (titles left out)
MAX_CLAUSE_CHARS = 300  #: characters read back from a name for the ", who" of a clause holding it
MAX_FALLBACK_MENTIONS = 64  #: mentions read back from a pronoun for the previous quote's speaker


def _letters(upper: bool) -> str:
    """A character class body of the upper-case (or lower-case) letters of the Basic Multilingual
    Plane, as ranges: ``re`` has no ``\\p{Lu}``. Lower case takes combining marks too (a name in
    decomposed form, ``Jose\u0301``)."""
    import unicodedata

    ranges: list[tuple[int, int]] = []
    for cp in range(0x10000):
        c = chr(cp)
        ok = (
            (c.isupper() or unicodedata.category(c) == "Lt")
            if upper
            else (c.islower() or unicodedata.category(c) == "Mn")
        )
        if ok:
            if ranges and ranges[-1][1] == cp - 1:
                ranges[-1] = (ranges[-1][0], cp)
            else:
                ranges.append((cp, cp))
    return "".join(
        re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges
    )


_UP = "[" + _letters(True) + "]"
_LO_CHARS = _letters(False)
_PARTICLES = "de|van|von|der|den|del|bin|al"
# a run of capitalised words (a name, with titles): at most MAX_NAME_RUN_WORDS words after the first,
# so that a failed match ("A. A. A. …", no word boundary after any ".") costs a bounded look ahead
# from each start instead of the rest of the run (quadratic in the run)
# the first word of a run may end in a dot ("Mr.", "A."); a hyphen may be followed by a capital
# ("Kilroy-Silk", "Jay-Z"); the alternatives start with different characters, so nothing backtracks
# ("McLetchie", "MacDonald": a capital after Mc or Mac); the alternatives start with different
# characters (or the same capital behind different letters), so nothing backtracks
_BODY = rf"[{_LO_CHARS}’']|-{_UP}?|(?<=Mc){_UP}|(?<=Mac){_UP}"
_FIRST_WORD = rf"{_UP}(?:{_BODY}|\.)+"
_NEXT_WORD = rf"{_UP}\.|{_UP}(?:{_BODY})+"
_PERSON_RE = re.compile(
    rf"(?:{_FIRST_WORD})(?:\s+(?:{_NEXT_WORD}|(?:{_PARTICLES})(?=\s+{_UP}))){{1,{MAX_NAME_RUN_WORDS}}}\b"
)
# runs of two words or more: the scan for mentions (a surname alone is looked for after it)
# (it opens with the capital and then looks behind it, so that the engine skips ahead to a capital;
# its words are possessive: a word is never re-read shorter, "Jo-Jo-Jo-…" costs its length once;
# inside a possessive word a run of lower-case letters is taken whole, not one alternation per
# letter: the same words, read faster)
_RUN_BODY = rf"[{_LO_CHARS}’']++|-{_UP}?|(?<=Mc){_UP}|(?<=Mac){_UP}"
_MULTI_RUN_RE = re.compile(
    rf"{_UP}(?<![\w’'-].)(?:{_RUN_BODY}|\.)++"
    rf"(?:\s+(?:{_UP}\.|{_UP}(?:{_RUN_BODY})++|(?:{_PARTICLES})(?=\s+{_UP}))){{1,{MAX_NAME_RUN_WORDS}}}"
    r"(?![\w])"
)
# the same with one word allowed
# (it opens with the capital, so that the engine skips ahead to one: a run that starts inside a
# word, "Donald" in "McDonald", is passed over by the caller)
_RUN_RE = re.compile(
    rf"{_FIRST_WORD}(?:\s+(?:{_NEXT_WORD}|(?:{_PARTICLES})(?=\s+{_UP}))){{0,{MAX_NAME_RUN_WORDS}}}(?![\w])"
)
_NAME_GOES_ON_RE = re.compile(rf"\s+(?:{_NEXT_WORD})")
_ROLE_BY_TITLE: dict[str, str] = _LEXICON.titles
# every role a title introduces ("Prime Minister Jo Doe" is "the prime minister" and "the minister")
_ROLES_BY_TITLE: dict[str, tuple[str, ...]] = {
    title: tuple(role for role, titles in ROLE_NOUNS.items() if title in titles) for title in _ROLE_BY_TITLE
}
_TITLE_LAST_CHARS = frozenset(t[-1] for t in _ROLE_BY_TITLE)  # how a title written before a name ends
_NAME_PARTICLES = frozenset(_PARTICLES.split("|"))
_MAX_INT = sys.maxsize
_START = operator.attrgetter("start")

# a sentence ends at . ! ? (closing marks kept) before a capital or an opening mark, or at a line
# break; "Mr." and the like do not end one
_SENTENCE_END_RE = re.compile(
    r"[.!?\n](?:(?<=\n)\n*|(?<!\bMr.)(?<!\bMrs.)(?<!\bMs.)(?<!\bDr.)(?<!\bSt.)"
    rf"(?<!\b{_UP}.)[\"”’')\]]*\s+(?=[\"“‘'(\[]*{_UP}))"
)
# a transcript turn: a name and a colon at the start of a line or after a sentence
# (it opens with the capital, for speed; where it may start is checked by the caller: the start of
# the text or a line, or after a sentence or an elision "<…> ")
_TURN_RE = re.compile(rf"{_UP}[{_LO_CHARS}’'.-]+(?:\s+(?:{_UP}[{_LO_CHARS}’'.-]+|of|the)){{0,8}}(?=:\s)")
_TURN_AFTER = ("\n", ". ", "! ", "? ", '" ', "” ", "> ", "… ", ".) ")
_ROLE_ALTERNATION = "|".join(sorted((re.escape(r) for r in ROLE_NOUNS), key=len, reverse=True))
# "the minister", "The Russian president", "the former prime minister" (two words at most between)
# (as two literals: the engine skips ahead to a literal much faster than to a class of letters)
_THE_RES = (re.compile(r"the\s+"), re.compile(r"The\s+"))
_MATCH_START = operator.methodcaller("start")
# after a name: ", a spokesman", ", the party's leader", ", an analyst at X"
# (the apposition closes after the role, or goes on with a preposition: "Jo Doe, a spokesman for
# X, said"; "Condoleezza Rice, the prime minister said" is a new clause, not an apposition); an
# owner's possessive takes the article's place (", Mongolia's president"), and a role followed by
# "of"/"at"/"for" needs none (", president of Mongolia,"): both introduce another holder of the role
_APPOSITION_ROLE_RE = re.compile(
    rf",\s+(?:(?:the|a|an|its|their)\s+(?:[\w’'-]+\s+){{0,3}}?|{_UP}[\w.-]*(?:’s|'s)\s+(?:[\w’'-]+\s+){{0,2}}?)"
    rf"((?i:{_ROLE_ALTERNATION}))(?![\w-])"
    r"(?=\s*[,;.)]|\s+(?:for|of|at|in|with|from|to|and)\b)"
    rf"|,\s+((?i:{_ROLE_ALTERNATION}))\s+(?=(?:of|at|for)\s)"
)
_APPOSITION_WHO_RE = re.compile(r",\s+who\b")
_MEMBER_OF_RE = re.compile(r" (?:of|from|at) ")
#: prepositions that make what follows them a complement ("a spokeswoman for X"), not a subject
_COMPLEMENT_PREPOSITIONS = (" of ", " for ", " at ")
_ACRONYM_RE = re.compile(r"[A-Z]{2,6}")
#: acronyms of titles, written after a name ("Jo Doe QC"): nobody by themselves
_TITLE_ACRONYMS = frozenset(("QC", "KC", "MSP", "AM", "MBE", "OBE", "CBE", "GP", "PR", "TV", "PA"))
#: acronyms of countries: a country speaking is its government, not named by the acronym
_COUNTRY_ACRONYMS = frozenset(("US", "USA", "UK", "GB", "UAE", "DPR", "LPR", "PRC", "DPRK", "USSR"))
_APPOSITION_ORG_RE = re.compile(
    r",\s+(?:the|a|an)\s+(?:[\w’'-]+\s+){0,4}?(?:company|firm|group|maker|bank|agency|carrier|retailer|"
    r"giant|broadcaster|newspaper|club|party|organisation|organization|charity|union)\b"
)
_POSSESSIVE = ("’s", "'s")
#: what a person sends ("The message reads: …" after "Jo Doe sent greetings to …")
_MESSAGE_NOUNS = frozenset(("message", "letter", "telegram"))
_SENDING_RE = re.compile(r"\s+(?:has\s+|had\s+)?(?:sent|addressed|congratulated|wrote)\b")
_QUOTE_FIELDS = tuple(f.name for f in fields(Quote))
_QUOTE_VALUES = operator.attrgetter(*_QUOTE_FIELDS)  # a quote's fields, in order, as one tuple
_RESOLVED_FIELD = _QUOTE_FIELDS.index("speaker_resolved")
#: personal titles kept before a surname alone ("Lord Browne", "Mr Howard"; "His Grace Illarion" →
#: "Illarion")
_NAMING_TITLES = frozenset("mr mrs ms miss sir lord lady dame baroness dr prof".split())
#: pronouns that name nobody here ("they said", "it said")
_OTHER_PRONOUNS = frozenset(
    "they it you us them one this that these those everyone everybody someone nobody".split()
)
#: words that open a noun phrase of somebody unnamed or of a group ("a Briton", "most Gibraltarians")
_INDEFINITE_WORDS = frozenset("a an one some many most several few all both other another each every".split())
#: titles followed by a given name, not a surname ("Prince Charles", "Pope Francis", "Sir Nicholas"):
#: the word is never looked up as a surname (``Ray Charles`` is somebody else)
_GIVEN_NAME_TITLES = frozenset("king queen pope prince princess father sir dame".split())
#: titles of peers: "Lord Goldsmith" stays so (his full name is another way to name him, not ours)
_PEERAGE_TITLES = frozenset(("lord", "lady", "baroness"))
#: title words that any holder of a role may be called by ("the former minister")
_ANY_TIME_WORDS = frozenset(("former", "new", "outgoing", "incoming", "then", "current"))
# "Mr Medvedev." as a sentence of its own: the chair gives the floor (a transcript turn of someone
# unnamed by a label starts); so does an elision ("<…>") or a label this module cannot read ("X :")
_FLOOR_RE = re.compile(rf"M(?:r|s|rs|adam)\.? {_UP}[{_LO_CHARS}’'-]+\.(?= )|<(?:…|\.\.\.)>| :\s|\):\s")


# --------------------------------------------------------------------------- names


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


@functools.lru_cache(maxsize=8192)
def _parse_words(group: str, after_of: bool = False, speaking: bool = False) -> _Name | None:
    """A capitalised run (or the capitalised head of a mention) as a name, or None (rules in the
    module docstring). ``after_of``: the run follows a title and ``of`` (``President of Russia
    Vladimir Putin``): its first words name the place or body, its last two the person.
    ``speaking``: the run is a speaker (the subject of a cue), so that a place or organisation
    word that is a common surname closes a person's name after a given name or a personal title
    (``Dr Jane Hill said``, ``Charlotte Church said``; ``Victoria Park`` elsewhere stays a place)."""
    words = group.split()
    for i in range(len(words) - 1, -1, -1):  # a sentence ended inside the run: keep what follows
        if _is_sentence_end(words[i]) and i < len(words) - 1:
            words = words[i + 1 :]
            break
    for i in range(len(words) - 1, -1, -1):  # an opener inside the run ("T. But Parry"): keep what follows
        w = words[i]
        if w[:1].isupper() and not w.endswith(".") and w.lower().strip("’'") in NOT_NAME_WORDS:
            words = words[i + 1 :]
            break
    while words and words[0] in ("the", "of", "and"):
        words.pop(0)
    for i in range(len(words) - 2, -1, -1):  # a possessive owner: "Labour's Robin Cook"
        if words[i].endswith(_POSSESSIVE):
            words = words[i + 1 :]
            break
    if words and words[-1].endswith(_POSSESSIVE):
        words[-1] = words[-1][:-2]
    if words and _is_sentence_end(words[-1]):
        words[-1] = words[-1][:-1]
    words = [w for w in words if w]
    if not words:
        return None
    low = [w.lower().strip("’'.,") for w in words]
    whole = " ".join(words)
    suffix = ""
    if len(words) > 2 and low[-1] in _NAME_SUFFIXES:  # "Martin Luther King Jr.": part of the name
        suffix = " " + words[-1].rstrip(",")
        words, low = words[:-1], low[:-1]
    titles: tuple[str, ...] = ()
    for i in range(len(words) - 2, -1, -1):  # the last title word that leaves a name after it
        if _inside_name(low, i):
            continue  # "Martin Luther King": a title word after a given name is a name
        if low[i] in TITLE_WORDS or words[i].lower() in TITLE_WORDS:
            titles = tuple(low[: i + 1])
            words, low = words[i + 1 :], low[i + 1 :]
            break
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
        and not any(w in organisation or w in place for w in low[:-1])
    )
    if person_after_of:
        words = words[-2:]
    elif surname_word and speaking:
        pass  # "Dr Jane Hill said", "Charlotte Church said": the surname
    elif any(w in organisation for w in low):
        if all(w in organisation for w in low) and not titles:
            return None  # "the Government" alone names nobody
        return _Name(whole.rstrip("’'"), "org", "", ())  # "Incomes Data Services'" → without the mark
    elif any(w in place for w in low):
        return _Name(whole, "place", "", ())
    while len(words) > 1:  # descriptions before the name, in any order
        first = words[0]
        if len(words) > 2 and (first.removesuffix("s").endswith(DEMONYM_SUFFIXES)):
            words.pop(0)  # "Belarusian Jo Doe", "Top-seeded Americans Jo Doe"
        elif "-" in first and first.rsplit("-", 1)[1][:1].islower():
            words.pop(0)  # "Oscar-winner Jo Doe", "Brussels-based Jo Doe"
        else:
            break
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
    return i >= 1 and low[0] in GIVEN_NAMES and not any(w in TITLE_WORDS for w in low[:i])


def _role_phrases(
    text: str, lo: int, hi: int, memo: dict[int, tuple[int, str] | None] | None = None
) -> list[tuple[int, int, str]]:
    """Every ``the`` + at most two words + a role noun of the lexicon in ``text[lo:hi]``: (start,
    end, role). ``memo`` keeps what each ``the`` was read as (windows of one text overlap)."""
    out = []
    # no match holds the start of another ("the" and "The" begin with a letter neither holds)
    matches = [m for pattern in _THE_RES for m in pattern.finditer(text, lo, hi)]
    matches.sort(key=_MATCH_START)
    for m in matches:
        at = m.start()
        if memo is not None and at in memo:
            found = memo[at]
            if found is not None:
                out.append((at, *found))
            continue
        found = _role_after_the(text, m)
        if memo is not None:
            memo[at] = found
        if found is not None:
            out.append((at, *found))
    return out


def _role_after_the(text: str, m: re.Match[str]) -> tuple[int, str] | None:
    """The (end, role) of a role phrase opened by the ``the`` matched by ``m``, or None."""
    if m.start() and (text[m.start() - 1].isalnum() or text[m.start() - 1] in "’'-_"):
        return None
    words = text[m.end() : m.end() + 60].split(None, 3)[:3]
    for n in range(len(words)):
        plain = [w.lower().rstrip(".,;:!?’'\"”") for w in words[: n + 1]]
        two = " ".join(plain[-2:])
        role = two if n and two in ROLE_NOUNS else plain[-1] if plain[-1] in ROLE_NOUNS else None
        if role is not None:
            end = text.find(words[n], m.end()) + len(plain[-1])
            return end, role
        if words[n][-1:] in '.,;:!?"”':
            break
    return None


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


def _title_before(text: str, start: int) -> bool:
    """Whether a lower-case title word is written just before ``start`` (``analyst Jo Doe``)."""
    i = start - 1
    while i >= 0 and text[i].isspace():
        i -= 1
    if i < 0 or text[i] not in _TITLE_LAST_CHARS:
        return False  # the word before cannot end a title (most often a capital or a mark)
    space = text.rfind(" ", max(0, start - 30), start - 1)
    word = text[space + 1 : start].strip()
    return bool(word) and word.islower() and word in _ROLE_BY_TITLE


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


# --------------------------------------------------------------------------- the article


@dataclass(slots=True)
class _Mention:
    """A place where the article mentions someone who may be a pronoun's antecedent."""

    start: int
    end: int
    key: str | None  # who it is (a resolved name), None when the article does not name them
    gender: Gender
    speaker: bool = False  # the speaker of a quote (a subject with a cue)


class _Registry:
    """People and organisations named in one article, read lazily.

    A surname is looked up where it occurs (first full name written with it wins); the scan of
    every name, role and speaker, needed for roles and pronouns, is done once when first needed."""

    def __init__(self, text: str, quotes: Sequence[Quote] = ()) -> None:
        self.text = text
        self.quotes = quotes
        self._surnames: dict[str, str | None] = {}
        self._namesakes: dict[str, list[str]] = {}  # surname → its full names, when several people
        self._shared_surnames: set[str] = set()  # surnames of several people, found by the scan
        self._mentions: list[_Mention] | None = None
        self._mention_starts: list[int] = []
        self._by_role: dict[str, set[str]] = {}
        self._role_titles: dict[str, tuple[str, ...]] = {}
        self._intros: list[tuple[str, tuple[str, ...], int, int]] = []  # read by _roles
        self._gender: dict[str, Gender] = {}
        self._speaker_spans: list[tuple[int, int]] | None = None
        self._speaker_texts: list[tuple[int, int, str]] = []
        self._people: set[str] = set()  # names known to be people (not a firm written like a name)
        self._orgs: set[str] = set()  # names resolved as organisations
        self._alone: dict[str, bool] = {}  # surname → written alone (read by _is_person)
        self._gender_reads = 0  # keys whose gender _gender_of read the text for
        self._proper_words: dict[str, bool] = {}
        self._phrases: dict[str, tuple[str | None]] = {}  # noun phrase → what it resolves to
        self._position_used = False
        self._quoting = False  # whether the speaker being resolved gives a quotation (not indirect)
        self._the_roles: dict[int, tuple[int, str] | None] = {}  # read by _role_phrases
        self._contents: dict[int, list[tuple[int, int]]] | None = None  # read by _own_content
        self._sentence_starts: list[int] = [0]  # read so far, by _window_start
        self._sentence_ends: Iterator[re.Match[str]] | None = _SENTENCE_END_RE.finditer(text)
        self._quoted: list[tuple[int, int]] | None = None
        self._last_break = (0, -1)  # the furthest position asked for so far, and its line break
        self._back_break = (-1, -1)  # the last position asked for behind it, and its line break
        self._turns: list[tuple[int, str]] | None = None
        self.resolved: dict[tuple[int, int], str | None] = {}

    # ------------------------------------------------------------------ surnames

    def full_name(self, surname: str) -> str | None:
        """The first full name in the text whose last word is ``surname``: among the first
        :data:`MAX_NAME_OCCURRENCES` places where it may close a name, and only for the first
        :data:`MAX_SURNAMES_PER_TEXT` surnames looked up (each look-up reads the whole text)."""
        if surname in self._surnames:
            return self._surnames[surname]
        if len(self._surnames) >= MAX_SURNAMES_PER_TEXT:
            return None
        text, found = self.text, None
        namesakes: list[str] = []  # the full names written with it, one per person
        tried: set[str] = set()  # once a name is found, the words before the surname already read
        at = text.find(surname)
        occurrences = 0
        size, length = len(surname), len(text)
        while at != -1 and occurrences < MAX_NAME_OCCURRENCES:
            end = at + size
            # a name run ends with the surname only when a space separates it from the word before
            whole = at > 0 and text[at - 1].isspace() and (end == length or not text[end].isalnum())
            if whole and namesakes and not text[at - 2].isalnum():
                whole = False  # "Mr. Smith", "Monday, Smith": no given name before it
            elif whole and namesakes:  # "Brian Smith" written again names nobody new
                space = text.rfind(" ", at - 30 if at > 30 else 0, at - 1)
                word = text[space + 1 : at - 1]
                whole = (
                    (word[:1].isupper() or word in _NAME_PARTICLES)
                    and word not in tried
                    and word.lower() not in TITLE_WORDS  # "President Obama": no second person
                )
                tried.add(word)
            if whole:
                check_budget()
            if whole and _may_end_name(text, at) and not _NAME_GOES_ON_RE.match(text, end):
                occurrences += 1
                run = None
                for m in _PERSON_RE.finditer(text, at - MAX_NAME_CHARS if at > MAX_NAME_CHARS else 0, end):
                    run = m
                if (
                    run is not None
                    and run.end() == end
                    and (not run.start() or text[run.start() - 1].isspace())
                ):
                    entry = _parse_person(run.group(), _after_of(text, run.start()))
                    if (
                        entry is not None
                        and _surname(entry[0]).strip("’'") == surname
                        and not any(_same_person(entry[0], n) for n in namesakes)
                        and not (
                            namesakes
                            and (
                                entry[1]
                                or _after_of(text, run.start())
                                or _loose_run(text, run.start(), entry[0])
                            )
                        )
                    ):
                        namesakes.append(entry[0])
                        tried.add(entry[0].split()[-2] if " " in entry[0] else "")
            at = text.find(surname, end)
        found = namesakes[0] if len(namesakes) == 1 else None  # "Brian Smith … Helen Smith": whose?
        self._surnames[surname] = found
        if len(namesakes) > 1:
            self._namesakes[surname] = namesakes
        return found

    def _shared(self, surname: str) -> bool:
        """Whether two people or more are written with ``surname`` (looked up once)."""
        self.full_name(surname)
        return surname in self._namesakes or surname in self._shared_surnames

    def _namesake_of(self, surname: str, gender: Gender) -> str | None:
        """Of several people written with ``surname``, the one of ``gender`` (told by a title:
        ``Mr Smith`` after ``Brian Smith`` and ``Helen Smith``), when exactly one is."""
        if not gender:
            return None
        namesakes = self._namesakes.get(surname, [])
        fits = [n for n in namesakes if GIVEN_NAMES.get(n.split()[0].lower()) == gender]
        return fits[0] if len(fits) == 1 else None

    def _full_name_from_first(self, given: str) -> str | None:
        """The first full name written with ``given`` as its first word ("Sir Nicholas Scott"); looked
        up like a surname (cached, and counted against :data:`MAX_SURNAMES_PER_TEXT`)."""
        key = "\0" + given
        if key in self._surnames or len(self._surnames) >= MAX_SURNAMES_PER_TEXT:
            return self._surnames.get(key)
        text, found = self.text, None
        at, seen = text.find(given + " "), 0
        while at != -1 and seen < MAX_NAME_OCCURRENCES and found is None:
            seen += 1
            m = _PERSON_RE.match(text, at)
            if m is not None and (not at or not text[at - 1].isalnum()):
                entry = _parse_person(m.group())
                if entry is not None and entry[0].split(" ", 1)[0] == given:
                    found = entry[0]
            at = text.find(given + " ", at + 1)
        self._surnames[key] = found
        return found

    def name_of(self, parsed: _Name) -> str | None:
        """The name a parsed name resolves to when it stands alone (no apposition)."""
        if parsed.kind in ("person", "org"):
            return parsed.name
        if parsed.kind == "surname":
            title = parsed.titles[-1].rstrip(".") if parsed.titles else ""
            if title in _PEERAGE_TITLES:  # "Lord Goldsmith" is the name he is known by
                return f"{title.title()} {parsed.name}"
            if title in _GIVEN_NAME_TITLES:  # a given name, never a surname to look up
                if title in ("sir", "dame"):  # "Sir Nicholas": its full name if written
                    full = self._full_name_from_first(parsed.name)
                    if full is not None:
                        return full
                return f"{title.title()} {parsed.name}"  # "Prince Charles" is not "Ray Charles"
            full = self.full_name(parsed.name) or self._namesake_of(parsed.name, parsed.gender)
            if full is not None:
                return full
            if parsed.name in self._namesakes:
                return None  # two people of that surname, nothing tells which
            if parsed.titles and parsed.titles[-1] in HONORIFICS:
                title = parsed.titles[-1].rstrip(".")
                return f"{title.title()} {parsed.name}" if title in _NAMING_TITLES else parsed.name
        return None

    # ------------------------------------------------------------------ the scan

    def _scan(self) -> list[_Mention]:
        """Every mention of a person in the text, in order, read once: names (a run that names a
        person; a surname alone after its full name) and the speakers of quotes (see
        :class:`_Mention`). Only the text before the last speaker that needs them (a pronoun or a
        role) is read: an antecedent or a role's introduction comes before it."""
        if self._mentions is not None:
            return self._mentions
        text = self.text
        self._speakers()
        limit = max(
            (a for a, _, low in self._speaker_texts if low in ("he", "she") or low.startswith("the ")),
            default=0,
        )
        mentions: list[_Mention] = []
        people, genders, intros = self._people, self._gender, self._intros
        known: dict[str, str] = {}  # surname → the key of the person first named with it
        first_seen: dict[str, int] = {}  # surname → where that full name is first written
        introduced: set[str] = set()
        shared = self._shared_surnames  # surnames of two people or more: a surname alone names neither
        runs: list[tuple[int, int]] = []
        apposition_role = _APPOSITION_ROLE_RE.match
        for n, m in enumerate(_MULTI_RUN_RE.finditer(text, 0, limit)):
            if not n & 63:
                check_budget()
            at, end = m.span()
            if at:
                c = text[at - 1]
                if c.isalnum() or c in "’'-_":
                    continue
            runs.append((at, end))
            group = m.group()
            parsed = _parse_words(group, group.count(" ") > 1 and _after_of(text, at))
            if parsed is None:
                continue
            kind = parsed.kind
            if kind == "person":
                name = parsed.name
                surname = name.rsplit(" ", 1)[-1]
                if surname[-1] == "." or surname.isupper():  # "Jr.", "III": the word before
                    surname = _surname(name)
                key = known.get(surname)
                if key is None:
                    key = known[surname] = name
                    first_seen[surname] = at
                elif key != name and not _same_person(key, name) and not _loose_run(text, at, name):
                    key = parsed.name  # "Helen Smith" after "Brian Smith": somebody else
                    shared.add(surname)
            elif kind == "surname" and parsed.titles and parsed.titles[-1] in _GIVEN_NAME_TITLES:
                key = self.name_of(parsed) or parsed.name  # "Prince Charles": no surname of anyone
            elif kind == "surname" and parsed.titles and parsed.titles[-1] in HONORIFICS:
                key = known.get(parsed.name) or self.name_of(parsed) or parsed.name
                if parsed.name not in known:  # "Lord Browne", then "Browne said"
                    known[parsed.name] = key
                    first_seen[parsed.name] = at
            else:
                continue  # an organisation, a place, a word with a title that tells nothing
            if parsed.gender and key not in genders:
                genders[key] = parsed.gender
            if key not in people and (
                parsed.titles
                or _title_before(text, at)
                or (text.startswith(",", end) and apposition_role(text, end))
            ):
                people.add(key)  # a title (before or in the run), a role after it: a person
            mentions.append(_Mention(at, end, key, parsed.gender or genders.get(key, "")))
            if parsed.titles or key not in introduced:  # roles are read where a person is introduced
                introduced.add(key)
                intros.append((key, parsed.titles, at, end))
        if first_seen:  # a surname alone, after its full name ("Makei said"), outside any run
            run_starts = [r[0] for r in runs]
            size_of_text = len(text)
            for surname in list(first_seen)[:MAX_SURNAMES_PER_TEXT]:
                check_budget()
                key, size = known[surname], len(surname)
                if surname in shared:
                    key = "?" + surname  # "Smith" after Brian and Helen Smith: someone, not known who
                at, seen = text.find(surname, first_seen[surname] + 1, limit), 0
                while at != -1 and seen < MAX_NAME_OCCURRENCES:
                    seen += 1
                    end = at + size
                    before = text[at - 1]
                    after = text[end] if end < size_of_text else " "
                    if not (before.isalnum() or before in "’'-_" or after.isalnum() or after in "’'-_"):
                        i = bisect.bisect_right(run_starts, at) - 1
                        if not (i >= 0 and runs[i][0] <= at < runs[i][1]):
                            if key[0] != "?":
                                people.add(key)  # a surname alone: a person
                            mentions.append(_Mention(at, end, key, genders.get(key, "")))
                    at = text.find(surname, end, limit)
        spans = self._speakers()
        named_starts: list[int] | None = None
        organisation = _LEXICON.organisation_words
        for s_start, s_end, low in self._speaker_texts:
            if low in ("he", "she"):
                mentions.append(_Mention(s_start, s_end, "#", "m" if low == "he" else "f", True))
                continue
            unnamed = text[s_start : s_start + 1].islower() or low.split(" ", 1)[0] in NOT_NAME_WORDS
            if not unnamed and (s_start >= limit or " and " in low):
                continue  # after the last pronoun, or a group ("Steyn, Hope and Carswell")
            if not organisation.isdisjoint(low.replace(",", " ").split()):
                continue  # an organisation: never a pronoun's antecedent
            if unnamed:
                mentions.append(_Mention(s_start, s_end, "#", "", True))  # "one dealer": someone unnamed
            else:
                # a name that speaks and that the scan did not take ("Zelensky said", a surname
                # never written in full): a candidate still, resolved as its span is
                if named_starts is None:
                    named_starts = sorted(x.start for x in mentions if x.key != "#")
                i = bisect.bisect_left(named_starts, s_start)
                if i == len(named_starts) or named_starts[i] >= s_end:
                    parsed = _parse_words(text[s_start:s_end].split(",", 1)[0])
                    if parsed is not None and parsed.kind in ("person", "surname"):
                        mentions.append(_Mention(s_start, s_end, "#", parsed.gender, True))
        mentions.sort(key=_START)
        if spans:
            i = -1  # the last speaker span that starts at or before the mention (both are sorted)
            for mention in mentions:  # a name that speaks is a subject with a cue
                while i + 1 < len(spans) and spans[i + 1][0] <= mention.start:
                    i += 1
                if mention.key == "#" or not (i >= 0 and mention.start < spans[i][1]):
                    continue
                after_name = text[mention.end : spans[i][1]].lstrip()
                if after_name and not after_name.startswith(","):
                    continue  # not the head: "the two-time Academy Award winner"
                if _complement_before(text, spans[i][0]):
                    continue  # a complement: "Jo Doe, manager at Snappy Snaps believes"
                mention.speaker = True
                if mention.key:
                    people.add(mention.key)
        self._mentions = mentions
        self._mention_starts = [x.start for x in mentions]
        return mentions

    def _speakers(self) -> list[tuple[int, int]]:
        """The quotes' speaker spans, sorted (with their lower-case texts)."""
        if self._speaker_spans is None:
            rows = sorted(
                {
                    (q.speaker_start, q.speaker_end, q.speaker.strip().lower())
                    for q in self.quotes
                    if q.speaker and q.speaker_start is not None and q.speaker_end is not None
                }
            )
            self._speaker_texts = rows
            self._speaker_spans = [(a, b) for a, b, _ in rows]
        return self._speaker_spans

    def _gender_of(self, key: str) -> Gender:
        """The gender a personal title tells anywhere in the text for ``key``'s surname. Like a
        surname's full name, the text is read for the first :data:`MAX_SURNAMES_PER_TEXT` keys only
        (each look-up reads the text); past them only a listed given name tells."""
        if key not in self._gender:
            surname = _surname(key)
            text = self.text
            gender: Gender = ""
            read = self._gender_reads < MAX_SURNAMES_PER_TEXT and not (
                surname in self._namesakes or surname in self._shared_surnames
            )  # "Mr Trump" tells nothing of Ivanka Trump (people the scan or a look-up found)
            at, seen = text.find(surname) if read else -1, 0
            self._gender_reads += 1
            while at != -1 and seen < MAX_NAME_OCCURRENCES and not gender:
                seen += 1
                before = text[max(0, at - 12) : at].split()
                if before:
                    gender = HONORIFICS.get(before[-1].lower(), "")
                at = text.find(surname, at + len(surname))
            self._gender[key] = gender or (
                GIVEN_NAMES.get(key.split(" ", 1)[0].lower(), "") if " " in key else ""
            )
        return self._gender[key]

    def _roles(self) -> dict[str, set[str]]:
        """Role → the people introduced with it (read when a role has to be resolved)."""
        self._scan()
        if self._intros:
            for intro in self._intros:
                self._introduce(*intro)
            self._intros = []
        return self._by_role

    def _introduce(self, key: str, titles: tuple[str, ...], start: int, end: int) -> None:
        """Record the roles a person is introduced with: titles in the run, a lower-case title
        just before it ("spokesman Jo Doe") and an apposition after it ("Jo Doe, a spokesman")."""
        text = self.text
        before = text[max(0, start - 40) : start].split()
        found: list[str] = []
        for n in (3, 2, 1):
            phrase = " ".join(w.lower() for w in before[-n:])
            if len(before) >= n and phrase in _ROLE_BY_TITLE:
                found.extend(_ROLES_BY_TITLE[phrase])
                titles = tuple(before[-n:]) + titles
                break
        for n in (3, 2, 1):
            for i in range(len(titles) - n + 1):
                phrase = " ".join(titles[i : i + n]).lower()
                if phrase in _ROLE_BY_TITLE:
                    found.extend(_ROLES_BY_TITLE[phrase])
        m = _APPOSITION_ROLE_RE.match(text, end)
        if m is not None:
            found.append((m.group(1) or m.group(2)).lower())
        if found:
            self._people.add(key)
        for role in found:
            self._by_role.setdefault(role, set()).add(key)
            self._role_titles[role + "\0" + key] = tuple(t.lower() for t in titles)

    def _role_holder(self, role: str, modifiers: str) -> str | None:
        """The one person introduced with ``role``; capitalised words before the role in the
        mention ("the Russian president") must all be in that person's title."""
        people = self._roles().get(role, set())
        if len(people) != 1:
            return None
        (person,) = people
        wanted = [
            w.lower().strip("’'")
            for w in modifiers.split()
            if w[:1].isupper() or (w.lower() in TITLE_WORDS and w.lower() not in _ANY_TIME_WORDS)
        ]
        titles = self._role_titles.get(role + "\0" + person, ())
        if any(w not in titles and w.removesuffix("’s").removesuffix("'s") not in titles for w in wanted):
            return None
        if any(w.endswith(_POSSESSIVE) for w in modifiers.split()):  # "the party's leader": whose?
            return None
        return person

    # ------------------------------------------------------------------ structure of the text

    def _window_start(self, start: int) -> int:
        """Where the sentence before the one holding ``start`` begins (0 at the first sentence)."""
        starts = self._sentences_to(start)
        k = bisect.bisect_right(starts, start) - 1
        return starts[k - 1] if k >= 1 else 0

    def _sentence_start(self, start: int) -> int:
        """Where the sentence holding ``start`` begins."""
        starts = self._sentences_to(start)
        return starts[bisect.bisect_right(starts, start) - 1]

    def _sentences_to(self, start: int) -> list[int]:
        """The sentence starts read so far, at least up to the first one after ``start``: sentence
        ends are read lazily, from the start of the text up to where they are needed."""
        starts = self._sentence_starts
        while starts[-1] <= start and self._sentence_ends is not None:
            m = next(self._sentence_ends, None)
            if m is None:
                self._sentence_ends = None
            else:
                starts.append(m.end())
        return starts

    def _in_relative_clause(self, start: int) -> bool:
        """Whether ``start`` lies inside a relative clause of its sentence (``, who`` before it, at
        most :data:`MAX_CLAUSE_CHARS` back, and no comma after the ``who``): ``Ms Robinson, who
        presents The Weakest Link tells …``."""
        text = self.text
        i = text.rfind(", who ", max(0, start - MAX_CLAUSE_CHARS), start)
        if i == -1 or any(text.find(c, i + 6, start) != -1 for c in ',"”'):
            return False  # the clause closed (a comma), or it was inside a quotation ("…, who do you trust?")
        return i >= self._sentence_start(start)

    def _paragraph_before(self, start: int) -> int:
        """Where the paragraph before the one holding ``start`` begins (0 in the first paragraph); a
        paragraph begins after a run of line breaks. Read back from ``start`` with ``str.rfind``,
        from where the previous call read (pronouns come in order: a paragraph of one long line is
        not read back whole from each pronoun in it)."""
        text = self.text
        i = self._break_before(start)
        if i == -1:
            return 0
        j = i  # the run of line breaks holding i: text[j:e]
        while j and text[j - 1] == "\n":
            j -= 1
        e = i + 1
        while e < len(text) and text[e] == "\n":
            e += 1
        if e > start:  # ``start`` inside the run: this paragraph began after the run before
            return self._paragraph_before(j)
        k = self._break_before(j)
        return k + 1 if k != -1 else 0

    def _break_before(self, start: int) -> int:
        """The last line break before ``start`` (-1 for none): read back from where the furthest
        call read (pronouns come in order), or, behind it, once per position."""
        lo, last = self._last_break
        if lo <= start:
            i = self.text.rfind("\n", lo, start)
            found = i if i != -1 else last
            self._last_break = (start, found)
            return found
        if self._back_break[0] != start:
            self._back_break = (start, self.text.rfind("\n", 0, start))
        return self._back_break[1]

    def _inside_quotation(self, pos: int) -> bool:
        if self._quoted is None:
            spans = [f for q in self.quotes if q.kind == "direct" for f in q.fragments]
            self._quoted = sorted(spans)
        i = bisect.bisect_right(self._quoted, (pos, _MAX_INT)) - 1
        return i >= 0 and self._quoted[i][0] <= pos < self._quoted[i][1]

    # ------------------------------------------------------------------ resolution

    def resolve(self, mention: str, start: int | None, end: int | None) -> str | None:
        """The person or organisation ``mention`` (written at ``start:end``) names, or None."""
        low = mention.strip().lower()
        if low in ("he", "she"):
            return self._antecedent(start, "m" if low == "he" else "f") if start is not None else None
        if low == "who":
            return self._relative(start) if start is not None else None
        if low in ("i", "we"):
            return self._turn_speaker(start) if start is not None else None
        if low in _OTHER_PRONOUNS:
            return None  # "they", "it", "you": nobody named
        if start is not None and _complement_before(self.text, start):
            # "a spokeswoman for Hanover Re", "manager at Snappy Snaps": the speaker is somebody the
            # span leaves out; "Tom Hale of the X Association": the person named before "of";
            # "An attorney for Pagliano, Mark Lund,": the name in apposition
            return self._member_before(start) or self._apposed_name(mention)
        if start is not None and self._in_relative_clause(start):
            return None  # "Ms Robinson, who presents The Weakest Link tells …": an object, not a subject
        if end is not None and "," not in mention and self.text.startswith(",", end):
            # an apposition the extractor left out of the speaker still tells what it is:
            # "Ferrero, who was upset …, said" with the speaker "Ferrero"
            return self._noun_phrase(mention + self.text[end : end + MAX_ANTECEDENT_CHARS], start, after=True)
        cached = self._phrases.get(mention)
        if cached is not None:
            return cached[0]
        self._position_used = False
        found = self._noun_phrase(mention, start)
        if not self._position_used:  # the same words resolve the same anywhere in the article
            self._phrases[mention] = (found,)
        return found

    @staticmethod
    def _apposed_name(mention: str) -> str | None:
        """The person's name that stands alone in apposition after the head (``X, Dean Boyd,``)."""
        _, comma, rest = mention.strip().partition(",")
        chunk = rest.split(",", 1)[0].strip() if comma else ""
        if not chunk or any(c in chunk for c in ":;()"):
            return None
        if not all(w[:1].isupper() or w in _NAME_PARTICLES for w in chunk.split()):
            return None
        parsed = _parse_words(chunk)
        return parsed.name if parsed is not None and parsed.kind == "person" and not parsed.titles else None

    def _noun_phrase(self, mention: str, start: int | None, after: bool = False) -> str | None:
        """A name, an organisation, an acronym or a role with ``the`` (rules in the module
        docstring). ``after``: the text after the speaker was added for its apposition, which then
        only tells what the head is (a name there is somebody else: "said Smith, Jo Doe and …")."""
        head, comma, rest = mention.strip().partition(",")
        chunk = rest.split(",", 1)[0].strip() if comma and not after else ""
        # the apposition is a name and nothing else: "…, Dean Boyd," (not "…, Jo Doe and Star Wars: …")
        clean = bool(chunk) and all(w[:1].isupper() or w in _NAME_PARTICLES for w in chunk.split())
        appositive = _parse_words(chunk) if clean and not any(c in chunk for c in ":;()") else None
        if appositive is not None and appositive.kind == "person" and not appositive.titles:
            named = _parse_words(head.strip())
            if named is None or named.kind != "person":  # "a spokesman for X, Dean Boyd," → Dean Boyd
                return appositive.name
        words = head.split()
        quantified = bool(words) and words[0].lower() in _INDEFINITE_WORDS  # "Most Gibraltarians"
        while words and words[0].lower() in NOT_NAME_WORDS and words[0].lower() != "the":
            words.pop(0)
        if not words:
            return None
        definite = words[0].lower() == "the"
        if definite:
            words = words[1:]
        # a title, in any case, then a capitalised name: "chief executive Lord Browne"
        cut = 0
        for i in range(len(words) - 1):
            if words[i].lower().strip(".") in TITLE_WORDS or words[i].lower() in TITLE_WORDS:
                cut = i + 1
        name_words = words[cut:]
        for i, w in enumerate(name_words):  # "Mark Longden of the X Association": the person speaks
            if w in ("of", "from", "at") and i:
                before = _parse_words(" ".join(name_words[:i]))
                if before is not None and before.kind in ("person", "surname"):
                    name_words = name_words[:i]
                break
        if len(name_words) == 1 and cut == 0 and _ACRONYM_RE.fullmatch(name_words[0]):
            return self._organisation(self._acronym(name_words[0]))
        if name_words and all(w[0].isupper() or w in _NAME_PARTICLES for w in name_words):
            parsed = _parse_words(" ".join(words[:cut] + name_words), speaking=True)
            if parsed is None or parsed.kind == "place":
                return None
            if parsed.kind == "org":
                self._position_used = True
                member = self._member_before(start) if start is not None else None
                return member or (self._organisation(parsed.name) if cut == 0 else None)
            if parsed.kind == "surname" and comma and _APPOSITION_ORG_RE.match("," + rest):
                return self._organisation(parsed.name)  # "Ford, the US car company,": not Bill Ford
            name = self.name_of(parsed)
            if name is None and parsed.kind == "surname" and self._shared(parsed.name):
                return None  # "Clinton" after Bill and Hillary Clinton: nothing tells which
            if name is None and parsed.kind == "surname" and comma:
                appos = "," + rest
                if _APPOSITION_WHO_RE.match(appos) or _APPOSITION_ROLE_RE.match(appos):
                    return parsed.name
            alone = (
                name is None
                and parsed.kind == "surname"
                and not (parsed.titles or definite or comma or quantified)
            )
            if alone:
                self._position_used = True  # depends on the quote (see _quoting)
            if alone and parsed.name.lower() in GIVEN_NAMES:
                # '"…," said Jamie': a first name, not a surname; the one full name it opens, else null
                return self._full_name_from_first(parsed.name)
            if alone and self._quoting and self._proper(parsed.name):
                return parsed.name  # '"…," said Idowu', the article naming him nowhere else in full
            return name
        if not definite:
            return None
        if start is not None and len(words) == 1 and words[0].lower() in _MESSAGE_NOUNS:
            self._position_used = True
            return self._sender(start)  # "Jo Doe sent greetings to … The message reads: …"
        last = words[-1].lower() if words else ""
        two = " ".join(w.lower() for w in words[-2:])
        role = two if two in ROLE_NOUNS else last if last in ROLE_NOUNS else None
        if role is None:
            return None
        modifiers = " ".join(words[: -len(role.split())])
        self._scan()
        holder = self._role_holder(role, modifiers)
        if (
            holder is None
            and start is not None
            and role not in self._roles()
            and not any(w[:1].isupper() or "'" in w or "’" in w for w in modifiers.split())
        ):
            self._position_used = True
            return self._antecedent(start, "", speakers_only=True)  # "the official said" after Makei's
        if holder is not None and start is not None:
            self._position_used = True
            if self._someone_else_near(start, holder):
                return None  # "Cathy Jamieson said … However, the minister said": the recent one
        return holder

    def _sender(self, start: int) -> str | None:
        """``the message`` (``letter``, ``telegram``) at ``start``: the person who opens the
        sentence before as the subject of a sending verb (``Vladimir Putin sent a message of
        greetings to …``, ``… congratulated …``), else nobody."""
        text = self.text
        before = self._window_start(start)
        if before == self._sentence_start(start):
            return None  # the first sentence: nothing was sent before it
        run = _RUN_RE.match(text, before)
        if run is None or _SENDING_RE.match(text, run.end()) is None:
            return None
        parsed = _parse_words(run.group())
        return self.name_of(parsed) if parsed is not None and parsed.kind == "person" else None

    def _proper(self, word: str) -> bool:
        """Whether a capitalised word alone is a name: it is never written in lower case in the
        text and is written capitalised inside a sentence at least once (``Officials said``,
        at the start of sentences only, is not; ``said McIlroy`` is). Like surnames, only the
        first :data:`MAX_SURNAMES_PER_TEXT` words are looked up (each look-up reads the text)."""
        if word in self._proper_words:
            return self._proper_words[word]
        if len(self._proper_words) >= MAX_SURNAMES_PER_TEXT:
            return False
        self._proper_words[word] = found = self._read_proper(word)
        return found

    def _read_proper(self, word: str) -> bool:
        if (
            word.endswith(DEMONYM_SUFFIXES)
            or word.rstrip("s").endswith(DEMONYM_SUFFIXES)
            or word[:-1].isupper()
        ):
            return False  # "Russian", "Gibraltarians", "MPs"
        if "-" in word and word.rsplit("-", 1)[1][:1].islower():
            return False  # "Brussels-based"
        if len(word) < 3 or word.lower() in NOT_NAME_WORDS or word.lower() in TITLE_WORDS:
            return False
        if word.lower() in _LEXICON.organisation_words or word.lower() in _LEXICON.place_words:
            return False
        text = self.text
        if _occurs_whole(text, word.lower()):
            return False
        at, seen = text.find(word), 0
        while at != -1 and seen < MAX_NAME_OCCURRENCES:
            seen += 1
            end = at + len(word)
            before = text[max(0, at - 2) : at]
            whole = (not at or not text[at - 1].isalnum()) and (end == len(text) or not text[end].isalnum())
            if whole and len(before) == 2 and before[1] == " " and (before[0].islower() or before[0] in ",;"):
                return True
            at = text.find(word, end)
        return False

    def _acronym(self, acronym: str) -> str | None:
        """An organisation written as an acronym: its expansion when the text gives one
        (``Electronic Frontier Foundation (EFF)``), else the acronym; never a country's."""
        if acronym in _COUNTRY_ACRONYMS or acronym.lower() in TITLE_WORDS or acronym in _TITLE_ACRONYMS:
            return None
        if acronym in self._proper_words or len(self._proper_words) >= MAX_SURNAMES_PER_TEXT:
            return acronym if self._proper_words.get(acronym) else None
        self._proper_words[acronym] = True
        at = self.text.find(f" ({acronym})")
        if at != -1:  # the expansion: the capitalised run (with "of", "the", "and") just before
            words = self.text[max(0, at - MAX_NAME_CHARS) : at].split()
            expansion: list[str] = []
            while words and (words[-1][:1].isupper() or words[-1] in ("of", "the", "and", "for")):
                if words[-1][-1] in ",.;:":  # "Separately, the International Labour Organisation"
                    break
                expansion.insert(0, words.pop())
            while expansion and not expansion[0][:1].isupper():
                expansion.pop(0)
            parsed = _parse_words(" ".join(expansion)) if len(expansion) >= 2 else None
            initials = "".join(w[0] for w in parsed.name.split() if w[0].isupper()) if parsed else ""
            if parsed is not None and (parsed.kind == "org" or initials == acronym):
                return parsed.name
        return acronym

    def _member_before(self, start: int) -> str | None:
        """``Tom Hale of the X Association said`` (``Lord Roberts of Conwy``), read with what follows
        ``of``/``from``/``at`` as the speaker: the person written just before it speaks. The run
        must be a whole name (not after ``the``, not inside an abbreviation: ``G.K. Hale``) and the
        text must show it is a person's (``Consultancy Strategy Analytics of Boston`` is not)."""
        text = self.text
        m = _MEMBER_OF_RE.search(text, max(0, start - 8), start)
        if m is None or m.end() != start:
            return None
        end = m.start()
        run = None
        for r in _RUN_RE.finditer(text, max(0, end - MAX_NAME_CHARS), end):
            run = r
        if run is None or run.end() != end:
            return None
        at = run.start()
        if at and (
            text[at - 1].isalnum() or text[at - 1] == "." or text[max(0, at - 4) : at].lower() == "the "
        ):
            return None  # "G.K. Hale", "the Armenian Patriarchate of Jerusalem"
        parsed = _parse_words(run.group(), _after_of(text, at))
        if parsed is None or parsed.kind not in ("person", "surname"):
            return None
        name = self.name_of(parsed)
        if name is None or parsed.titles or _title_before(text, at):
            return name  # "Senator Jo Lund of Ohio", "analyst Jo Lund of Kestrel Partners"
        self._scan()
        return name if self._is_person(name) else None

    def _relative(self, start: int) -> str | None:
        """``X, who said`` → X: the name that ends just before the comma."""
        text = self.text
        comma = start - 1
        while comma > 0 and text[comma].isspace():
            comma -= 1
        if comma <= 0 or text[comma] != ",":
            return None
        run = None
        for m in _RUN_RE.finditer(text, max(0, comma - MAX_ANTECEDENT_CHARS), comma):
            run = m
        if run is None or run.end() != comma or (run.start() and text[run.start() - 1].isalnum()):
            return None
        parsed = _parse_words(run.group(), _after_of(text, run.start()))
        if parsed is None or parsed.kind in ("place", "org"):
            return None
        if parsed.kind == "person" and parsed.name.endswith("s") and parsed.name not in self._people:
            return None  # "the Tamil Tigers, who": a group, not a person
        if parsed.kind == "surname" and self._shared(parsed.name):
            return None
        return self.name_of(parsed) or (parsed.name if parsed.kind == "surname" else None)

    def _turn_speaker(self, start: int) -> str | None:
        """``I``/``we`` in a transcript: the person of the nearest turn label before them."""
        if self._turns is None:
            self._turns = []
            text = self.text
            for m in _TURN_RE.finditer(text):
                parsed = None  # a label inside a line ("…DenisTrade Minister: ") is a card not read
                if not m.start() or text[max(0, m.start() - 3) : m.start()].endswith(_TURN_AFTER):
                    parsed = _parse_words(m.group())
                name = self.name_of(parsed) if parsed is not None and parsed.kind == "person" else None
                self._turns.append((m.end() + 1, name or ""))
            for m in _FLOOR_RE.finditer(text):
                c = m.group()[0]
                if c == " " and not (m.start() and text[m.start() - 1].isalnum()):
                    continue  # " : " after a word: a label this module cannot read
                # "…(retranslated): " closes a name card this module cannot read either
                if c == "M" and text[max(0, m.start() - 2) : m.start()] not in (". ", "! ", "? "):
                    continue  # "Mr Medvedev." as a sentence of its own
                self._turns.append((m.end(), ""))
            self._turns.sort()
        i = bisect.bisect_right(self._turns, (start, "\uffff")) - 1
        if i < 0:
            return None
        return self._turns[i][1] or None

    def _antecedent(self, start: int, gender: Gender, speakers_only: bool = False) -> str | None:
        """``he``/``she`` (or ``the official``, ``gender`` ""): the one compatible person of the
        sentence before and this one so far, else the subject with a cue among several, else the
        previous quote's speaker. ``speakers_only``: for a role nobody was introduced with, only
        a speaker named by another role counts (``The minister stressed …`` then ``the official
        said …``: one person described twice; ``he argues. The prime minister …`` is not)."""
        window_start = self._window_start(start)
        floor = min(self._paragraph_before(start), window_start)
        window = self._mentions_between(window_start, window_start, start)

        def compatible(x: _Mention) -> bool:
            """Of the pronoun's gender, when told. A name not shown to be a person's still counts
            (``Jo Berg met Sam Hale``: two candidates), but is never the answer."""
            g = x.gender or (self._gender_of(x.key) if x.key and x.key != "#" else "")
            return not g or not gender or g == gender

        own = self._own_content(start)
        sentence_start = self._sentence_start(start)
        asked = self.text.startswith("Asked ", sentence_start)

        def elsewhere(x: _Mention) -> bool:
            """Somebody the sentence speaks about, not to: inside what the pronoun's own quote
            says (``Mr Blair has failed …, he claimed``), in the question of ``Asked if Mr Blunkett
            could return, he replied``, or inside a relative clause (``The seventh seed, who is to
            meet Roddick, …``)."""
            at = x.end - 1  # where the name ends (a run may begin in the sentence before)
            return (
                any(a <= at < b for a, b in own)
                or (asked and at >= sentence_start)
                or self._in_relative_clause(at)
            )

        candidates = [
            x
            for x in window
            if x.end <= start
            and compatible(x)
            and not self._inside_quotation(x.start)
            and (not speakers_only or (x.speaker and self.text[x.start : x.start + 4].lower() == "the "))
            and not elsewhere(x)
        ]
        keys = {self._key(x) for x in candidates}
        if len(keys) == 1:
            if self._coordinated(candidates[-1], window):
                return None  # "Jo Steel and Sam Hale were fined. But he …": a plural subject
            return self._person(candidates[-1])
        if len(keys) > 1:
            speakers = [x for x in candidates if x.speaker]
            return self._person(speakers[-1]) if speakers else None
        # none in view: the previous quote's speaker (of this paragraph or the one before), when
        # nobody was named since; read back from the pronoun, at most MAX_FALLBACK_MENTIONS mentions
        # (a paragraph of thousands of quotes is not read back whole from each pronoun)
        before = self._mentions_back(floor, window_start)
        for x in itertools.islice(itertools.chain(reversed(window), before), MAX_FALLBACK_MENTIONS):
            if x.end > start or self._inside_quotation(x.start):
                continue
            if not compatible(x) or elsewhere(x):
                continue
            if speakers_only and self.text[x.start : x.start + 4].lower() != "the ":
                return None
            return self._person(x) if x.speaker else None
        return None

    def _coordinated(self, x: _Mention, window: list[_Mention]) -> bool:
        """Whether ``x`` is joined by ``and`` to a name next to it in ``window`` (a capitalised mention,
        not ``who`` nor ``the …``): one member of a plural noun phrase (``Jo Steel and Sam Hale``)."""
        text = self.text
        i = bisect.bisect_left([m.start for m in window], x.start)
        pairs = []
        if i > 0:
            pairs.append((window[i - 1], text[window[i - 1].end : x.start]))
        if i + 1 < len(window):
            pairs.append((window[i + 1], text[x.end : window[i + 1].start]))
        return any(text[other.start].isupper() and between in _COORDINATORS for other, between in pairs)

    def _mentions_back(self, lo: int, hi: int) -> list[_Mention]:
        """The last :data:`MAX_FALLBACK_MENTIONS` scanned mentions that start in ``[lo, hi)``,
        last first."""
        mentions = self._scan()
        i = bisect.bisect_left(self._mention_starts, lo)
        j = bisect.bisect_left(self._mention_starts, hi)
        return mentions[max(i, j - MAX_FALLBACK_MENTIONS) : j][::-1]

    def _own_content(self, start: int) -> list[tuple[int, int]]:
        """The spans of what the quotes whose speaker is written at ``start`` say."""
        if self._contents is None:
            self._contents = {}
            for q in self.quotes:
                if q.speaker_start is not None:
                    self._contents.setdefault(q.speaker_start, []).append((q.quote_start, q.quote_end))
        return self._contents.get(start, [])

    def _someone_else_near(self, start: int, person: str) -> bool:
        """Whether the sentence before ``start`` or this one so far names a person other than
        ``person`` (outside quotations): a role then may describe that one."""
        window_start = self._window_start(start)
        for x in self._mentions_between(window_start, start, start):
            if x.end > start or self._inside_quotation(x.start):
                continue
            key = self.resolved.get((x.start, x.end)) if x.key == "#" else x.key
            if key is not None and key != person and (x.key == "#" or self._is_person(key)):
                return True
        return False

    def _mentions_between(self, lo: int, roles_from: int, hi: int) -> list[_Mention]:
        """The mentions that start in ``[lo, hi)``, with the roles with ``the`` from ``roles_from``
        on (read here, in a window, rather than over the whole text: "the" is frequent)."""
        self._scan()
        i = bisect.bisect_left(self._mention_starts, lo)
        j = bisect.bisect_left(self._mention_starts, hi)
        out = self._mentions[i:j] if self._mentions is not None else []
        spans = self._speakers()
        roles = []
        for start, end, role in _role_phrases(self.text, roles_from, hi, self._the_roles):
            k = bisect.bisect_right(spans, (start, _MAX_INT)) - 1
            if not (k >= 0 and spans[k][0] <= start < spans[k][1]):  # a speaker is a mention already
                roles.append(_Mention(start, end, self._role_holder(role, ""), "", False))
        return sorted(out + roles, key=_START) if roles else out

    def _key(self, x: _Mention) -> str:
        if x.key == "#":
            value = self.resolved.get((x.start, x.end))
            return value if value is not None else f"#{x.start}"
        return x.key if x.key is not None else f"#{x.start}"

    def _organisation(self, name: str | None) -> str | None:
        """``name``, noted as an organisation's: never a pronoun's antecedent."""
        if name is not None:
            self._orgs.add(name)
        return name

    def _person(self, x: _Mention) -> str | None:
        """Who the mention names, when that is known to be a person (``Northern Rail`` is not)."""
        if x.key == "#":
            value = self.resolved.get((x.start, x.end))
            return None if value in self._orgs else value  # "told the BBC. He said": not the BBC
        if x.key is None or x.key[0] == "?":  # "?Smith": one of two Smiths, not known which
            return None
        return x.key if self._is_person(x.key) else None

    def _is_person(self, key: str) -> bool:
        """Whether ``key`` is known to be a person: a title or a role with it, a quote of its own,
        or its surname written alone somewhere (people are called by surname, firms are not). The
        text is read for the first :data:`MAX_SURNAMES_PER_TEXT` surnames only (each look-up reads
        the text); a later one is not known to be a person's (a wrong name is worse than none)."""
        if key in self._people or (" " in key and key.split(" ", 1)[0].lower() in GIVEN_NAMES):
            return True  # known, or a given name of the data list ("Fiona Hale")
        surname = _surname(key)
        if surname not in self._alone and len(self._alone) >= MAX_SURNAMES_PER_TEXT:
            return False
        if surname not in self._alone:
            text, alone = self.text, False
            at, seen = text.find(surname), 0
            while at != -1 and seen < MAX_NAME_OCCURRENCES and not alone:
                seen += 1
                end = at + len(surname)
                before = text[max(0, at - 30) : at].split()[-1:]
                after = text[end : end + 30].split()[:1]
                whole = (not at or not text[at - 1].isalnum()) and (
                    end == len(text) or not text[end].isalnum()
                )
                alone = whole and not (
                    before and before[0][:1].isupper() and not before[0].endswith((".", ","))
                )
                alone = alone and not (after and after[0][:1].isupper())
                at = text.find(surname, end)
            self._alone[surname] = alone
        return self._alone[surname]


# --------------------------------------------------------------------------- entry point


def _first_persons_in_quotations(
    text: str, quotes: Sequence[Quote], by_span: dict[tuple[int, int], str | None]
) -> None:
    """``I``/``we`` unresolved and inside another quote's quotation (``"… I thought we dominated
    …," Robinson said.``) resolve to that quote's speaker."""
    pending = [
        span
        for span, name in by_span.items()
        if name is None and text[span[0] : span[1]].lower() in ("i", "we")
    ]
    if not pending:
        return
    fragments = sorted(
        (a, b, (q.speaker_start, q.speaker_end))
        for q in quotes
        if q.kind == "direct" and q.speaker_start is not None and q.speaker_end is not None
        for a, b in q.fragments
    )
    starts = [f[0] for f in fragments]
    for span in pending:
        i = bisect.bisect_right(starts, span[0]) - 1
        if i >= 0 and fragments[i][0] <= span[0] < fragments[i][1] and fragments[i][2] != span:
            speaker = fragments[i][2]
            assert speaker[0] is not None and speaker[1] is not None
            by_span[span] = by_span.get((speaker[0], speaker[1]))


def resolve_speakers(text: str, quotes: Sequence[Quote]) -> list[Quote]:
    """``quotes`` (of ``text``) with ``speaker_resolved`` set by the rules of the module docstring.

    Speakers are resolved in the order they are written, so that a pronoun can take the
    resolution of an earlier speaker; one span resolves the same wherever it is used."""
    if not any(q.speaker for q in quotes):
        return [q if q.speaker_resolved is None else replace(q, speaker_resolved=None) for q in quotes]
    registry = _Registry(text, quotes)
    spans = sorted(
        {(q.speaker_start, q.speaker_end) for q in quotes if q.speaker and q.speaker_start is not None},
        key=lambda s: (s[0], s[1] or 0),
    )
    by_span: dict[tuple[int, int], str | None] = registry.resolved
    quoting = {(q.speaker_start, q.speaker_end) for q in quotes if q.speaker and q.kind != "indirect"}
    for s_start, s_end in spans:
        check_budget()
        assert s_end is not None
        registry._quoting = (s_start, s_end) in quoting
        by_span[(s_start, s_end)] = registry.resolve(text[s_start:s_end], s_start, s_end)
    _first_persons_in_quotations(text, quotes, by_span)
    out = []
    for q in quotes:
        resolved = None
        if q.speaker:
            if q.speaker_start is not None and q.speaker_end is not None:
                resolved = by_span.get((q.speaker_start, q.speaker_end))
            else:
                resolved = registry.resolve(q.speaker, None, None)
        if q.speaker_resolved != resolved:  # a copy (dataclasses.replace is slow on this path)
            values = list(_QUOTE_VALUES(q))
            values[_RESOLVED_FIELD] = resolved
            q = Quote(*values)
        out.append(q)
    return out
