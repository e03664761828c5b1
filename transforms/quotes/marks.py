"""Quotation marks: where quotations open and close, and how much of a content they hold.

1. **Quotation marks.** Only double quotes count: ``“ ”`` and ``"`` (and ``''``). A curly mark says
   whether it opens or closes; a straight one opens after a space, bracket or dash and closes
   otherwise; one that sticks to the word before it and has a space after it only closes, and
   opens nothing when no quotation is open (``… will return." The case is set …``: its opening
   mark was lost, and the narration after it is no quote); inside a curly quotation, a straight
   pair is a nested quote (``“the sign said "closed" all week,”`` is one quote). Single quotes are
   never quotation marks of their own: ``“we must ‘keep our powder dry’”`` is one quote whose
   content holds a nested quote.
2. **Multi-paragraph quotes.** A quote still open at the end of a paragraph continues when the next
   paragraph opens with a quotation mark (``“A.¶“B,” he said.`` is one quote, two fragments);
   otherwise it ends with its paragraph. The same paragraphs joined on one line (``"A. "B," he
   said.``: a straight mark between a sentence end and a capital while a straight quotation is
   open) are read the same way, not paired two by two (which made ``" he said. The …"`` a quote).
5. **Kind.** The share of the content's letters and digits inside double quotation marks decides:
   ≥ :data:`DIRECT_MIN_QUOTED_SHARE` direct, > 0 mixed (``he said it was “irrational”``), 0 indirect.
   A direct content is given as its quoted parts only.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable

from schemas import QuoteKind
from transforms.budget import check_budget
from transforms.quotes.limits import DIRECT_MIN_QUOTED_SHARE, KIND_RECOUNT_MARGIN
from transforms.quotes.patterns import _MARK_CHARS, _MARK_RE, _MAX_INT
from transforms.quotes.records import _Segment

_OPEN_MARKS = "“„‟«"
_CLOSE_MARKS = "”»"
_ALNUM_RE = re.compile(r"[^\W_]", re.UNICODE)


def _mark_opens(text: str, pos: int, mark: str) -> bool:
    if mark in _OPEN_MARKS:
        return True
    if mark in _CLOSE_MARKS:
        return False
    before = text[pos - 1] if pos > 0 else " "
    after = text[pos + len(mark)] if pos + len(mark) < len(text) else " "
    if before.isspace() or before in "([{—–-/":
        return not after.isspace()
    return False


def _closes_only(text: str, pos: int) -> bool:
    """Whether the straight mark at ``pos`` can only close: it sticks to the word or stop before it
    and white space (or the end of the text) follows (``… will return." The case is set …``). Found
    while no quotation is open, it closes one whose opening mark is missing; read as opening, it
    made the narration up to the next mark a quotation."""
    if pos == 0 or text[pos - 1].isspace() or text[pos - 1] in '([{—–-/"':
        return False
    return pos + 1 >= len(text) or text[pos + 1].isspace()


def _reopens_after_sentence(text: str, frag_at: int, pos: int) -> bool:
    """Whether the straight mark at ``pos`` opens the next paragraph of a quotation opened at
    ``frag_at`` by a straight mark and not closed: it stands between a sentence end and a capital
    (``“… of them. "These people …``), as when a quotation's paragraphs are joined on one line."""
    if text[frag_at] != '"' or pos < 2 or pos + 1 >= len(text) or not text[pos + 1].isupper():
        return False
    return text[pos - 1] == " " and text[pos - 2] in ".!?" and pos - frag_at > 2


def _quote_segments(  # noqa: C901  one scan whose branches are one state machine (open, nested, closed)
    text: str, paragraphs: list[tuple[int, int]]
) -> list[_Segment]:
    """The quotations of ``text`` (rules 1 and 2), each with its fragments, one per paragraph.

    One left-to-right scan of the marks, dealt out to the paragraphs; its branches are the
    transitions of one small state machine (nothing open, a fragment open, a nested straight
    quotation open) and read best together: split up, each part would need the whole state."""
    # one scan of the whole text (no mark spans a line break), dealt out to the paragraphs
    if "''" in text:
        marks = [(m.start(), m.group()) for m in _MARK_RE.finditer(text)]
    else:  # one-character marks only: str.find is 4× faster than the pattern
        marks = _char_positions(text, _MARK_CHARS, 0, len(text))
    segments: list[_Segment] = []
    if not marks:
        return segments
    n_marks = len(marks)
    mark_i = 0
    open_at: int | None = None  # start of the current segment
    frag_at: int | None = None  # start of the current fragment
    frags: list[tuple[int, int]] = []
    nested = False  # inside a straight-quoted stretch nested in a curly quotation: “A "b" c”
    for p_index, (_, p_end) in enumerate(paragraphs):
        check_budget()
        if frag_at is None and not frags and (mark_i == n_marks or marks[mark_i][0] >= p_end):
            continue  # nothing open and no mark here
        while mark_i < n_marks and marks[mark_i][0] < p_end:
            pos, mark = marks[mark_i]
            mark_i += 1
            if frag_at is None:
                if mark == '"' and _closes_only(text, pos):
                    continue  # "… will return.\" The case is …": it closes a quotation opened before
                if mark == '"' or mark in _OPEN_MARKS or (mark == "''" and _mark_opens(text, pos, mark)):
                    if open_at is None:
                        open_at = pos
                    frag_at = pos
            elif pos == frag_at:
                continue
            elif mark == '"' and text[frag_at] in _OPEN_MARKS and (nested or _mark_opens(text, pos, mark)):
                nested = not nested  # a quotation inside the quotation: its marks do not close it
                continue
            elif mark in _OPEN_MARKS and pos > frag_at + 1 and not text[pos - 1].isspace():
                continue  # a misdirected mark inside a word: ignore
            elif mark in _OPEN_MARKS:
                frag_at = pos  # an opening mark while open: the first one was stray
                open_at = pos if not frags else open_at
            elif mark == '"' and _reopens_after_sentence(text, frag_at, pos):
                # "“A. B. “C.”" flattened to one line: a straight mark opening a sentence while a
                # quotation is open starts its next paragraph: a new fragment of the same quotation
                end = pos
                while end > frag_at and text[end - 1].isspace():
                    end -= 1
                frags.append((frag_at, end))
                frag_at, nested = pos, False
            else:
                mark_end = pos + len(mark)
                nested = False
                frags.append((frag_at, mark_end))
                segments.append(_Segment(open_at if open_at is not None else frag_at, mark_end, frags))
                open_at, frag_at, frags = None, None, []
        if frag_at is not None:
            nested = False
            frags.append((frag_at, p_end))
            nxt = paragraphs[p_index + 1][0] if p_index + 1 < len(paragraphs) else None
            if nxt is not None and text[nxt] in '"“«„':
                frag_at = None  # continues: the next paragraph's opening mark resumes it
                continue
            segments.append(_Segment(open_at if open_at is not None else frags[0][0], p_end, frags))
            open_at, frag_at, frags = None, None, []
        elif frags:  # resumed paragraph did not reopen: close what we have
            segments.append(_Segment(open_at if open_at is not None else frags[0][0], frags[-1][1], frags))
            open_at, frags = None, []
    return segments


def _char_positions(text: str, chars: str, start: int, end: int) -> list[tuple[int, str]]:
    """``(position, char)`` of every occurrence of one of ``chars`` in ``text[start:end]``, in order."""
    found: list[tuple[int, str]] = []
    find = text.find
    for char in chars:
        at = find(char, start, end)
        while at != -1:
            found.append((at, char))
            at = find(char, at + 1, end)
    found.sort()
    return found


def _alnum_count(text: str, start: int, end: int) -> int:
    return len(_ALNUM_RE.findall(text, start, end))


def _quoted_parts(spans: Iterable[tuple[int, int]], segments: list[_Segment]) -> list[tuple[int, int]]:
    parts: list[tuple[int, int]] = []
    for a, b in spans:
        for seg in segments:
            if seg.end <= a:
                continue
            if seg.start >= b:
                break
            for fa, fb in seg.fragments:
                lo = a if a > fa else fa
                hi = b if b < fb else fb
                if lo < hi:
                    parts.append((lo, hi))
    return parts


def _kind_of(text: str, spans: list[tuple[int, int]], segments: list[_Segment]) -> QuoteKind:
    parts = _quoted_parts(spans, segments)
    if not parts:
        return "indirect"
    # character share first; letters and digits are counted only near the threshold
    total = inside = 0
    for a, b in spans:
        total += b - a
    for a, b in parts:
        inside += b - a
    share = inside / total if total else 0.0
    if abs(share - DIRECT_MIN_QUOTED_SHARE) < KIND_RECOUNT_MARGIN:
        total = sum(_alnum_count(text, a, b) for a, b in spans)
        inside = sum(_alnum_count(text, a, b) for a, b in parts)
        share = inside / total if total else 0.0
    if share >= DIRECT_MIN_QUOTED_SHARE:
        return "direct"
    return "mixed" if inside else "indirect"


def _split_paragraphs(
    spans: list[tuple[int, int]], paragraphs: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in spans:
        i = bisect.bisect_right(paragraphs, (a, _MAX_INT)) - 1
        if i < 0:
            i = 0
        n = len(paragraphs)
        while i < n:
            p_start, p_end = paragraphs[i]
            if p_start >= b:
                break
            lo = a if a > p_start else p_start
            hi = b if b < p_end else p_end
            if lo < hi:
                out.append((lo, hi))
            i += 1
    return out


def _expand_to_marks(
    text: str, spans: list[tuple[int, int]], segments: list[_Segment]
) -> list[tuple[int, int]]:
    """Widen a content span that ends inside a quotation to the closing mark."""
    out: list[tuple[int, int]] = []
    for a, b in spans:
        for seg in segments:
            if seg.start < b < seg.end:
                b = seg.end
            if seg.start < a < seg.end and a - seg.start <= 1:
                a = seg.start
        out.append((a, b))
    return out
