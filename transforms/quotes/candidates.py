"""Candidate clauses for the learned filter: reported speech the hand-written rules do not frame.

PolNeAR's "indirect" attributions are broad: besides ``Doe said that …`` they are beliefs, plans,
findings and stances (``Rubio has railed against Christie``, ``the poll shows Clinton ahead``,
``according to the filing, …``, ``Doe's view that …``). No lexicon of speech verbs holds them,
and a generic "subject, verb, clause" rule is right too rarely to emit. So this module generates
candidates generously and :mod:`.scoring` keeps the ones a small model trained on PolNeAR train
believes in.

A candidate is read around a **learned cue**: a word or phrase of up to four words that PolNeAR
train annotates as a cue at least twice (``railed against``, ``is expected``, ``the question of``,
``support for``), found by one Aho–Corasick scan of the lower-cased text. Around each hit:

- the **sentence** is the text between the sentence ends before and after it (``. ! ?`` and a
  space, not after an abbreviation), at most :data:`MAX_LOOK_CHARS` each way;
- the **content** follows the cue (``Doe noted that the bridge is late.`` → ``that the bridge is
  late``; PolNeAR keeps the complementiser), in two readings: to the first clause mark (``, ; :``
  a dash or a bracket) and to the sentence's end. The model scores both; the better one is kept;
- the cue may instead close the sentence: ``The bridge is late, Doe noted.`` → content before it
  (the sentence up to the comma before the speaker);
- the **speaker** is the clause before the cue: back to a clause mark, the sentence start or a
  conjunction (``and``, ``but``, ``that``, ``who``, ``which``), at most :data:`MAX_SPEAKER_WORDS`
  words; a passive report (``it is believed that``, ``was disclosed``) has the thing as its
  subject and is told apart by the features, not here;
- ``according to X, …``, ``X's view that …`` and the noun cues (``support for``, ``the question
  of``) are learned cues like any other: their content reads the same way.

Hits inside quotation marks are skipped (a quotation is the rules' business). Every look is
bounded, so the work is linear in the text's length; every offset is a ``str`` index into the text.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable
from typing import NamedTuple

import ahocorasick

from schemas.lexicon import lexicon
from transforms.quotes.cues import NAMING_PHRASES, NAMING_VERBS
from transforms.quotes.patterns import _DEMONSTRATIVE_THAT_RE
from transforms.quotes.sentences import SentenceEnds
from transforms.quotes.sources import is_source_mention
from transforms.quotes.words import CUE_ADVERBS, THING_PRONOUNS

#: how far a candidate looks back and ahead of its cue for the sentence's ends, in characters
MAX_LOOK_CHARS = 600
#: the speaker is at most this many words before the cue
MAX_SPEAKER_WORDS = 10
#: a content of more words than this is no candidate (a run-on sentence, a list)
MAX_CONTENT_WORDS = 80
#: learned cues per article at most (the rest are not read): bounds the work on a hostile text
MAX_CANDIDATE_CUES = 400

#: the apostrophes a cue is written with, read as ``'``
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'"})
_SENTENCE_MARKS = frozenset(".!?")
#: words that open a clause: the speaker starts after them
CLAUSE_WORDS = frozenset(
    ("and", "but", "or", "that", "who", "which", "while", "because", "as", "when", "where", "though",
     "although", "if", "since", "so", "whom", "whose", "after", "before", "until", "than")
)  # fmt: skip


class Candidate(NamedTuple):
    """One reading of a learned cue: ``cue`` is its normalised text (the model's key); the speaker
    span is empty (``speaker_start == speaker_end``) when the cue opens its clause; ``before``
    says the content precedes the cue (``X, Doe noted.``); ``clause_end`` that the content ends at
    a clause mark inside the sentence (the shorter reading)."""

    cue: str
    cue_start: int
    cue_end: int
    speaker_start: int
    speaker_end: int
    content_start: int
    content_end: int
    sentence_start: int
    sentence_end: int
    before: bool
    clause_end: bool


#: words no learned cue may hold: the rules' refusals (a naming verb, an ``-ed`` verb that is no
#: report before ``that``) and ``quote_not_learned_cues.txt``: where the rules decided a word
#: reports nothing, the learned filter does not overrule them
NOT_LEARNED_WORDS: frozenset[str] = (
    NAMING_VERBS | lexicon("quote_not_ed_verbs") | lexicon("quote_not_learned_cues")
)


def learnable(cue: str) -> bool:
    """Whether a cue may be learned (and is read): no word of it is in :data:`NOT_LEARNED_WORDS`
    and it holds no naming phrase (``known as``)."""
    return not any(word in NOT_LEARNED_WORDS for word in cue.split()) and not any(
        phrase in cue for phrase in NAMING_PHRASES
    )


def cue_automaton(cues: Iterable[str]) -> ahocorasick.Automaton:
    """An automaton of the learned cues (lower case, ``'`` apostrophes, single spaces), each key
    a space and the cue: a cue is looked for after a space only (at a line's start or after a
    bracket it has no speaker before it, and would be no candidate), so the scan stops at no word
    that merely holds a cue (``seen``, ``recall``). A cue with an apostrophe is also found written
    with ``’``, and is reported in its ``'`` form. A cue that is not :func:`learnable` is left out."""
    automaton = ahocorasick.Automaton()
    for cue in filter(learnable, cues):
        automaton.add_word(" " + cue, cue)
        if "'" in cue:
            automaton.add_word(" " + cue.replace("'", "’"), cue)
    automaton.make_automaton()
    return automaton


def normal_cue(text: str) -> str:
    """A cue as the model knows it: lower case, ``'`` apostrophes, single spaces."""
    return " ".join(text.lower().translate(_APOSTROPHES).split())


def lowered(text: str) -> str:
    """``text`` in lower case, each character at its own index (a character whose lower case is
    longer, ``İ``, is kept as it is)."""
    low = text.lower()
    if len(low) != len(text):
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    return low


#: the characters besides letters and digits that continue a word (a cue followed by one is no word)
_WORD_MARKS = "'’-"


def cue_hits(text: str, low: str, automaton: ahocorasick.Automaton) -> list[tuple[int, int, str]]:
    """The learned cues written in ``text`` as whole words, longest first where they overlap:
    ``(start, end, cue)`` in text order, at most :data:`MAX_CANDIDATE_CUES`."""
    hits: list[tuple[int, int, str]] = []
    n = len(text)
    for last, cue in automaton.iter(low):
        end = last + 1
        if end < n:
            after = text[end]
            if after.isalnum() or after in _WORD_MARKS:
                continue
        hits.append((end - len(cue), end, cue))  # the ’ form is as long as the ' form
    hits.sort(key=lambda h: (h[0], h[0] - h[1]))
    out: list[tuple[int, int, str]] = []
    reach = -1
    for start, end, cue in hits:
        if start < reach:
            continue  # inside a longer cue found at an earlier start
        out.append((start, end, cue))
        reach = end
        if len(out) >= MAX_CANDIDATE_CUES:
            break
    return out


#: the marks a clause of the speaker's ends at, looked for backwards from the cue
_SPEAKER_STOPS = (",", ";", ":", "(", ")", "—", "–", "“", "”", '"')
#: the last of :data:`_SPEAKER_STOPS` in a stretch: greedy, the match ends just after it (one
#: backward scan in C rather than one ``rfind`` per mark)
_LAST_SPEAKER_STOP_RE = re.compile("(?s:.*)[" + re.escape("".join(_SPEAKER_STOPS)) + "]")


class Sentences:
    """The sentence ends of a text (:class:`~.sentences.SentenceEnds`: one regular-expression
    scan, the rules' own when given), with the lines: the sentence around a span is found by
    bisection. An end after an abbreviation (``Mr.``) is no end."""

    def __init__(self, text: str, ends: SentenceEnds | None = None) -> None:
        self.text = text
        self.ends = ends or SentenceEnds(text)
        self.marks = self.ends.marks
        self.starts = self.ends.starts

    def _real(self, i: int, line_start: int) -> bool:
        return self.ends.real(self.text, self.marks[i][0], line_start)

    def around(self, start: int, end: int) -> tuple[int, int]:
        """The sentence around ``text[start:end]``: after the last sentence end before it (or the
        line's start) up to the first after it (its mark excluded), within :data:`MAX_LOOK_CHARS`."""
        text = self.text
        line_start = text.rfind("\n", 0, start) + 1
        floor = max(line_start, start - MAX_LOOK_CHARS)
        line_end = text.find("\n", end)
        ceiling = min(len(text) if line_end == -1 else line_end, end + MAX_LOOK_CHARS)
        s = floor
        i = bisect.bisect_left(self.starts, start) - 1
        while i >= 0 and self.marks[i][1] > floor:
            if self.marks[i][1] <= start and self._real(i, line_start):
                s = self.marks[i][1]
                break
            i -= 1
        while s < start and text[s].isspace():
            s += 1
        e = ceiling
        i = bisect.bisect_left(self.starts, end)
        while i < len(self.marks) and self.marks[i][0] < ceiling:
            if self._real(i, line_start):
                e = self.marks[i][0]
                break
            i += 1
        if e == ceiling and ceiling > end and text[ceiling - 1] in _SENTENCE_MARKS:
            e = ceiling - 1  # the line's own last mark
        return s, e


def _inside_quotation(text: str, s: int, at: int) -> bool:
    """Whether ``at`` is inside a quotation opened in ``text[s:at]``."""
    curly = text.count("“", s, at) - text.count("”", s, at)
    return curly > 0 or text.count('"', s, at) % 2 == 1


def _quoted(text: str, start: int, end: int) -> bool:
    return (
        text.find("“", start, end) != -1
        or text.find('"', start, end) != -1
        or text.find("”", start, end) != -1
    )


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in ",;:—–-"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:—–-."):
        end -= 1
    return start, end


def _speaker_before(text: str, s: int, cue_start: int) -> tuple[int, int]:
    """The clause before the cue: back to a clause mark, the sentence start or a clause word, at
    most :data:`MAX_SPEAKER_WORDS` words, without the adverbs between it and the cue ("They also
    touched on", "Doe has long argued")."""
    floor = max(s, cue_start - 120)
    stop = _LAST_SPEAKER_STOP_RE.match(text, floor, cue_start)
    lo = floor if stop is None else stop.end()
    words = text[lo:cue_start].split()
    end = cue_start
    i = len(words)
    while i and words[i - 1].lower() in CUE_ADVERBS:
        i -= 1
        end = text.rfind(words[i], lo, end)
    start = end
    for word in reversed(words[max(0, i - MAX_SPEAKER_WORDS) : i]):
        if word.lower() in CLAUSE_WORDS:
            break
        start = text.rfind(word, lo, start)
    return _trim(text, start, end)


def _after_space(text: str, at: int, end: int) -> str:
    """The first character of ``text[at:end]`` that is not white space (``""`` when none)."""
    while at < end and text[at].isspace():
        at += 1
    return text[at] if at < end else ""


def _comma_before(text: str, s: int, at: int) -> int:
    """The index of a comma before ``at`` with only white space between (after ``s``), or -1."""
    while at > s and text[at - 1].isspace():
        at -= 1
    return at - 1 if at > s and text[at - 1] == "," else -1


_CLAUSE_MARK_RE = re.compile(r"[,;:()—–]")


def _first_mark(text: str, start: int, end: int) -> int:
    """The first clause mark in ``text[start:end]`` (``end`` when none)."""
    m = _CLAUSE_MARK_RE.search(text, start, end)
    return end if m is None else m.start()


def read_candidates(
    text: str,
    automaton: ahocorasick.Automaton,
    skip_cue: Callable[[int, int], bool] = lambda start, end: False,
    skip: Callable[[int, int], bool] = lambda start, end: False,
    ends: SentenceEnds | None = None,
) -> list[Candidate]:
    """Every reading of every learned cue in ``text`` outside quotation marks, but the cues
    ``skip_cue(start, end)`` is true of and the contents ``skip`` is true of (a content that runs
    into another report is no candidate); a content holding a quotation mark is the rules'.
    ``ends``: the text's sentence ends when the caller has them (the rules')."""
    out: list[Candidate] = []
    hits = [h for h in cue_hits(text, lowered(text), automaton) if not skip_cue(h[0], h[1])]
    if not hits:
        return out
    sentences = Sentences(text, ends)
    for cue_start, cue_end, cue in hits:
        if text[cue_end : cue_end + 1] == ":":
            continue  # a label ("EDITOR'S NOTE: …") or a colon's quote: the rules read those
        if _DEMONSTRATIVE_THAT_RE.match(text, cue_end):
            continue  # "negotiated that hurdle calmly": a demonstrative, no complementiser
        s, e = sentences.around(cue_start, cue_end)
        if s > cue_start or _inside_quotation(text, s, cue_start):
            continue
        sp_start, sp_end = _speaker_before(text, s, cue_start)
        speaker = text[sp_start:sp_end]
        if not speaker or speaker.lower() in THING_PRONOUNS or not is_source_mention(speaker):
            # no one holds it: "…, which angered the crews", "This demonstrates that …", "we tried
            # to look back", "in our view", "Take a look" (the rules' test of a source mention)
            continue
        # after the cue: to the first clause mark, and to the sentence end
        c_start, c_end = _trim(text, cue_end, e)
        if c_start < c_end and not _quoted(text, c_start, c_end):
            mark = _first_mark(text, c_start, c_end)
            if text.count(" ", c_start, c_end) < MAX_CONTENT_WORDS and not skip(c_start, c_end):
                out.append(
                    Candidate(cue, cue_start, cue_end, sp_start, sp_end, c_start, c_end, s, e, False, False)
                )
            if mark < c_end:
                m_start, m_end = _trim(text, c_start, mark)
                if m_start < m_end and not skip(m_start, m_end):
                    out.append(
                        Candidate(
                            cue, cue_start, cue_end, sp_start, sp_end, m_start, m_end, s, e, False, True
                        )
                    )
        # the cue closes the sentence: "X, Doe noted." (content before the speaker's comma)
        comma = _comma_before(text, s, sp_start)
        if (c_start >= c_end or _after_space(text, cue_end, e) == ",") and comma != -1:
            b_start, b_end = _trim(text, s, comma)
            if (
                b_start < b_end
                and not _quoted(text, b_start, b_end)
                and text.count(" ", b_start, b_end) < MAX_CONTENT_WORDS
                and not skip(b_start, b_end)
            ):
                out.append(
                    Candidate(cue, cue_start, cue_end, sp_start, sp_end, b_start, b_end, s, e, True, False)
                )
    return out
