"""Sentences and tokens: where a sentence ends, and the words of a stretch of text.

3. **Sentences.** A sentence ends at ``. ! ?`` (plus closing marks) before a capital, and at a
   paragraph break, but never inside a quote: ``“We are ready. We will act,” Makei said.`` is one
   sentence. Abbreviations (``Mr.``, ``Sen.``, ``U.S.``, initials) do not end sentences.
"""

from __future__ import annotations

import bisect
import re

from transforms.budget import check_budget
from transforms.quotes.records import _Segment
from transforms.quotes.words import ABBREVIATIONS

_WORD_RE = re.compile(r"[\w’'.&-]+")
_WORD_NO_DOUBLED_RE = re.compile(r"(?:[\w’.&-]|(?<!')'(?!'))+")  # slower: "''" is a mark, not a word
_BOUNDARY_RE = re.compile(r"[.!?…][\"”’')\]]*(?=\s+[\"“‘'(\[]*[A-Z0-9])")


class SentenceEnds:
    """The marks that may end a sentence in a text (:data:`_BOUNDARY_RE`, one scan of the whole
    text), with whether each is a real end (not after an abbreviation, ``Mr.``), read once: the
    rules' sentences (:func:`_sentences`) and the learned filter's
    (:class:`~.candidates.Sentences`) share them, so an article is scanned and its abbreviations
    are read once. A mark closing a line whose next capital is on a later line is among them: it
    ends the learned filter's sentence, not a paragraph's of the rules (:func:`_sentences`)."""

    def __init__(self, text: str) -> None:
        self.marks: list[tuple[int, int]] = [m.span() for m in _BOUNDARY_RE.finditer(text)]
        self.starts = [a for a, _ in self.marks]
        self._real: dict[int, bool] = {}  # mark start → whether it really ends a sentence

    def real(self, text: str, dot: int, line_start: int) -> bool:
        """Whether the mark at ``dot`` (in the line from ``line_start``) really ends a sentence:
        no abbreviation before it. Read once per mark: a mark never spans a line break, so both
        readers ask with the same line start."""
        real = self._real.get(dot)
        if real is None:
            real = self._real[dot] = not _is_abbreviation(text, dot, line_start)
        return real


def _ends_line(text: str, at: int, end: int) -> bool:
    """Whether only white space follows ``at`` up to ``end`` (the end of its line)."""
    while at < end and text[at].isspace():
        at += 1
    return at == end


def _sentences(
    text: str,
    paragraphs: list[tuple[int, int]],
    segments: list[_Segment],
    cue_starts: list[int],
    ends: SentenceEnds,
) -> list[tuple[int, int]]:
    """Sentence spans of the paragraphs that hold a cue or a quotation mark (no others can quote).

    A paragraph's ends are the marks of ``ends`` inside it but the one whose next capital is past
    the paragraph's end: what ``_BOUNDARY_RE.finditer(text, p_start, p_end)`` finds (a match never
    spans a line break, so the scan of the whole text matches the same places)."""
    inside: list[tuple[int, int]] = [(s.start, s.end) for s in segments]
    out: list[tuple[int, int]] = []
    marks = ends.marks
    n_marks = len(marks)
    mark_i = 0
    seg_i = 0
    start: int | None = None
    for p_start, p_end in paragraphs:
        check_budget()
        if start is None:
            while seg_i < len(inside) and inside[seg_i][1] <= p_start:
                seg_i += 1
            if not (seg_i < len(inside) and inside[seg_i][0] < p_end):
                ci = bisect.bisect_left(cue_starts, p_start)
                if not (ci < len(cue_starts) and cue_starts[ci] < p_end):
                    continue
            start = p_start
        mark_i = bisect.bisect_left(ends.starts, p_start, mark_i)
        while mark_i < n_marks and marks[mark_i][0] < p_end:
            dot, pos = marks[mark_i]
            mark_i += 1
            while seg_i < len(inside) and inside[seg_i][1] < pos:
                seg_i += 1
            if seg_i < len(inside) and inside[seg_i][0] < pos < inside[seg_i][1]:
                continue
            if _ends_line(text, pos, p_end) or not ends.real(text, dot, p_start):
                continue  # its capital is on a later line (no end within this paragraph), or "Mr."
            if pos > start:
                out.append((start, pos))
            start = pos
            while start < p_end and text[start].isspace():
                start += 1
        while seg_i < len(inside) and inside[seg_i][1] < p_end:
            seg_i += 1
        if seg_i < len(inside) and inside[seg_i][0] < p_end < inside[seg_i][1]:
            continue  # a quote runs on into the next paragraph
        if p_end > start:
            out.append((start, p_end))
        start = None
    return out


def _is_abbreviation(text: str, dot: int, floor: int) -> bool:
    if text[dot] != ".":
        return False
    if dot - 7 >= floor and text[dot - 7 : dot].isalpha():
        return False  # a word of seven letters or more is no abbreviation
    # the word before the dot: after the last space or opening bracket/mark (a short look back first)
    near = dot - 24 if dot - 24 > floor else floor
    space = text.rfind(" ", near, dot)
    if space != -1:  # the common case, a word of letters after a space: it is the word (no copy of the chunk)
        word = text[space + 1 : dot]
        if word.isalpha():
            word = word.lower()
            return word in ABBREVIATIONS or len(word) == 1
    chunk = text[near:dot]
    if not chunk or chunk[-1].isspace():
        return False
    tail = chunk.rsplit(None, 1)[-1]
    if len(tail) < len(chunk) or near == floor:
        if "(" in tail or '"' in tail or "“" in tail:
            tail = tail[max(tail.rfind("("), tail.rfind('"'), tail.rfind("“")) + 1 :]
        word = tail.lower()
    else:  # a run of 24 characters without a space: walk back as far as it goes
        i = dot
        while i > floor and not text[i - 1].isspace() and text[i - 1] not in '("“':
            i -= 1
        word = text[i:dot].lower()
    if not word:
        return False
    return word in ABBREVIATIONS or (len(word) == 1 and word.isalpha()) or ("." in word and len(word) <= 4)


def _tokens(text: str, start: int, end: int) -> list[tuple[str, int, int]]:
    if text.find("''", start, end) == -1:
        return _plain_tokens(text, start, end)
    return [(m.group(), m.start(), m.end()) for m in _WORD_NO_DOUBLED_RE.finditer(text, start, end)]


def _word_count(text: str, start: int, end: int) -> int:
    """Words in a span, counted by their separating spaces (no copy of the span is made)."""
    if start >= end:
        return 0
    if not (text[start].isspace() or text[end - 1].isspace()):
        return text.count(" ", start, end) + 1
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return text.count(" ", start, end) + 1 if end > start else 0


def _strip_token(word: str) -> str:
    return word.strip(".’'-")


def _plain_tokens(text: str, start: int, end: int) -> list[tuple[str, int, int]]:
    """``_tokens`` for a span without ``''``: the words are maximal runs, so each one is found
    right where the previous one ended (``findall`` and ``find`` beat building match objects)."""
    out = []
    find = text.find
    pos = start
    for word in _WORD_RE.findall(text, start, end):
        at = find(word, pos)
        pos = at + len(word)
        out.append((word, at, pos))
    return out
