"""The article: who is named in it, where, with which role and gender, and its sentences.

:class:`_Article` reads one text lazily (a surname's full name, the scan of every mention, the
roles people are introduced with, sentence and paragraph starts); :class:`transforms.speakers.
resolution._Registry` builds the resolution of a speaker on it.
"""

from __future__ import annotations

import bisect
import operator
import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from schemas import Quote
from schemas.roles import Gender
from transforms.budget import check_budget
from transforms.speakers.names import (
    _after_of,
    _complement_before,
    _loose_run,
    _may_end_name,
    _Name,
    _parse_person,
    _parse_words,
    _same_person,
    _surname,
)
from transforms.speakers.patterns import (
    _APPOSITION_ROLE_RE,
    _MULTI_RUN_RE,
    _NAME_GOES_ON_RE,
    _PERSON_RE,
    _SENTENCE_END_RE,
)
from transforms.speakers.roles import _title_before
from transforms.speakers.rules import (
    _ANY_TIME_WORDS,
    _COMPLEMENT_PREPOSITIONS,
    _GIVEN_NAME_TITLES,
    _LEXICON,
    _NAME_PARTICLES,
    _NAMING_TITLES,
    _PEERAGE_TITLES,
    _POSSESSIVE,
    _ROLE_BY_TITLE,
    _ROLES_BY_TITLE,
    GIVEN_NAMES,
    HONORIFICS,
    MAX_CLAUSE_CHARS,
    MAX_NAME_CHARS,
    MAX_NAME_OCCURRENCES,
    MAX_SURNAMES_PER_TEXT,
    NOT_NAME_WORDS,
    TITLE_WORDS,
)

_MAX_INT = sys.maxsize
_START = operator.attrgetter("start")


@dataclass(slots=True)
class _Mention:
    """A place where the article mentions someone who may be a pronoun's antecedent."""

    start: int
    end: int
    key: str | None  # who it is (a resolved name), None when the article does not name them
    gender: Gender
    speaker: bool = False  # the speaker of a quote (a subject with a cue)


class _Article:
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

    def _scan(self) -> list[_Mention]:  # noqa: C901  one read of the text; its passes share the name tables
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
            i = -1  # the last speaker span that starts before the mention ends (both are sorted)
            headed = -1  # the last span whose head is found
            for mention in mentions:  # a name that speaks is a subject with a cue
                while i + 1 < len(spans) and spans[i + 1][0] < mention.end:
                    i += 1  # "But Tony Banks" read as one run: it still opens the span "Tony Banks, …"
                if mention.key == "#" or not (i >= 0 and mention.start < spans[i][1]):
                    continue
                after_name = text[mention.end : spans[i][1]].lstrip()
                if after_name and not after_name.startswith(","):
                    continue  # not the head: "the two-time Academy Award winner"
                if _complement_before(text, spans[i][0]):
                    continue  # a complement: "Jo Doe, manager at Snappy Snaps believes"
                if headed == i and text[max(0, mention.start - 5) : mention.start].endswith(
                    _COMPLEMENT_PREPOSITIONS
                ):
                    continue  # "Tony Banks, Labour MP for West Ham, said": the head's place
                headed = i
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
