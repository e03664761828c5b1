"""Resolution of a speaker to a person or organisation, and :func:`resolve_speakers`.

The rules are in the docstring of :mod:`transforms.speakers` (section *Resolution of a speaker*).
"""

from __future__ import annotations

import bisect
import itertools
import operator
from collections.abc import Sequence
from dataclasses import fields, replace

from schemas import Quote
from schemas.roles import Gender
from transforms.budget import check_budget
from transforms.speakers.antecedents import coordinated, place_complement, reported_in
from transforms.speakers.article import _MAX_INT, _START, _Article, _Mention
from transforms.speakers.names import _after_of, _complement_before, _occurs_whole, _parse_words, _surname
from transforms.speakers.patterns import (
    _ACRONYM_RE,
    _APPOSITION_ORG_RE,
    _APPOSITION_ROLE_RE,
    _APPOSITION_WHO_RE,
    _MEMBER_OF_RE,
    _RUN_RE,
    _SENDING_RE,
    _TURN_AFTER,
    floor_marks,
    turn_labels,
)
from transforms.speakers.roles import _role_phrases, _title_before
from transforms.speakers.rules import (
    _COUNTRY_ACRONYMS,
    _INDEFINITE_WORDS,
    _LEXICON,
    _MESSAGE_NOUNS,
    _NAME_PARTICLES,
    _OTHER_PRONOUNS,
    _TITLE_ACRONYMS,
    DEMONYM_SUFFIXES,
    GIVEN_NAMES,
    MAX_ANTECEDENT_CHARS,
    MAX_FALLBACK_MENTIONS,
    MAX_NAME_CHARS,
    MAX_NAME_OCCURRENCES,
    MAX_SURNAMES_PER_TEXT,
    NOT_NAME_WORDS,
    ROLE_NOUNS,
    TITLE_WORDS,
)

_QUOTE_FIELDS = tuple(f.name for f in fields(Quote))
_QUOTE_VALUES = operator.attrgetter(*_QUOTE_FIELDS)  # a quote's fields, in order, as one tuple
_RESOLVED_FIELD = _QUOTE_FIELDS.index("speaker_resolved")
_OPENERS = "([{\"'“‘"  # what may open a word: a bracket or a quotation mark


class _Registry(_Article):
    """An article's speakers resolved: what each raw speaker (a name, a role, a pronoun) names."""

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

    # C901: the rules of the package docstring in their order (apposition, name, acronym, role with
    # "the"), each a few lines reading the same words; split, a reader would lose that order
    def _noun_phrase(self, mention: str, start: int | None, after: bool = False) -> str | None:  # noqa: C901
        """A name, an organisation, an acronym or a role with ``the`` (rules in the package
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
            for m in turn_labels(text):  # a label ends at a colon (read only there)
                parsed = None  # a label inside a line ("…DenisTrade Minister: ") is a card not read
                if not m.start() or text[max(0, m.start() - 3) : m.start()].endswith(_TURN_AFTER):
                    parsed = _parse_words(m.group())
                name = self.name_of(parsed) if parsed is not None and parsed.kind == "person" else None
                self._turns.append((m.end() + 1, name or ""))
            for at, end in floor_marks(text):
                c = text[at]
                if c == " " and not (at and text[at - 1].isalnum()):
                    continue  # " : " after a word: a label this module cannot read
                # "…(retranslated): " closes a name card this module cannot read either
                if c == "M" and text[max(0, at - 2) : at] not in (". ", "! ", "? "):
                    continue  # "Mr Medvedev." as a sentence of its own
                self._turns.append((end, ""))
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
        window = self._mentions_between(window_start, window_start, start)

        def compatible(x: _Mention) -> bool:
            """Of the pronoun's gender, when told. A name not shown to be a person's still counts
            (``Jo Berg met Sam Hale``: two candidates), but is never the answer."""
            g = x.gender or (self._gender_of(x.key) if x.key and x.key != "#" else "")
            return not g or not gender or g == gender

        own = self._own_content(start)
        sentence_start = self._sentence_start(start)
        reported = reported_in(self.text, window, self._sentence_start, self._inside_quotation)
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
                or id(x) in reported
                or place_complement(self.text, x)
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
            if coordinated(self.text, candidates[-1], window):
                return None  # "Jo Steel and Sam Hale were fined. But he …": a plural subject
            return self._person(candidates[-1])
        if len(keys) > 1:
            speakers = [x for x in candidates if x.speaker]
            return self._person(speakers[-1]) if speakers else None
        # none in view: the previous quote's speaker (of this paragraph or the one before), when
        # nobody was named since; read back from the pronoun, at most MAX_FALLBACK_MENTIONS mentions
        # (a paragraph of thousands of quotes is not read back whole from each pronoun)
        floor = min(self._paragraph_before(start), window_start)
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
                # the word before, its opening bracket or quotation mark left out ("[West Ham]")
                before = [w.lstrip(_OPENERS) for w in text[max(0, at - 30) : at].split()[-1:]]
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
    """``quotes`` (of ``text``) with ``speaker_resolved`` set by the rules of the package docstring.

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
