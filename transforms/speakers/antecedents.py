"""Which mentions may be a pronoun's antecedent: the tests on the text around a mention that the
resolution's :meth:`~transforms.speakers.resolution._Registry._antecedent` reads (rules in the
docstring of :mod:`transforms.speakers`, *Resolution of a speaker*). Pure functions of the text
and the scanned mentions; each reads a bounded stretch of text.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable

from transforms.speakers.article import _Mention
from transforms.speakers.rules import _COORDINATORS, PLACE_PREPOSITIONS, REPORTING_VERBS, TITLE_WORDS


def coordinated(text: str, x: _Mention, window: list[_Mention]) -> bool:
    """Whether ``x`` is joined by ``and`` to a name next to it in ``window`` (a capitalised mention,
    not ``who`` nor ``the …``): one member of a plural noun phrase (``Jo Steel and Sam Hale``)."""
    i = bisect.bisect_left([m.start for m in window], x.start)
    pairs = []
    if i > 0:
        pairs.append((window[i - 1], text[window[i - 1].end : x.start]))
    if i + 1 < len(window):
        pairs.append((window[i + 1], text[x.end : window[i + 1].start]))
    return any(text[other.start].isupper() and between in _COORDINATORS for other, between in pairs)


def place_complement(text: str, x: _Mention) -> bool:
    """Whether the name ``x`` (not a speaker) follows a preposition of place or complement
    (``in West Ham``, ``a letter to Mr Blair``), not after a title (``President of Russia
    Vladimir Putin`` stays one)."""
    if x.key == "#" or x.speaker:
        return False
    preposition = _word_before(text, x.start)
    if preposition not in PLACE_PREPOSITIONS:
        return False
    head = text[max(0, x.start - len(preposition) - 40) : x.start - len(preposition) - 1].split()[-1:]
    return not (head and head[0][:1].isupper() and head[0].lower() in TITLE_WORDS)


def reported_in(
    text: str,
    window: list[_Mention],
    sentence_start: Callable[[int], int],
    inside_quotation: Callable[[int], bool],
) -> set[int]:
    """The ``id`` of each mention of ``window`` that stands in what the mention before it in its
    sentence (``sentence_start``) reports, outside quotations: that one is followed by a reporting
    verb (an adverb in ``-ly`` may come between) and the mention comes after the verb (``Mr Howard
    told the BBC Mr Blair had refused …. He said``: he is Mr Howard). One pass over the window."""
    reported: set[int] = set()
    subject = -1  # the last mention before the current one that ends before it starts
    for i, x in enumerate(window):
        while subject + 1 < i and window[subject + 1].end <= x.start:
            subject += 1  # one overlapping x ("the BBC Mr Blair", one speaker) is not its subject
        if subject < 0:
            continue
        y = window[subject]
        if inside_quotation(y.start) or sentence_start(y.start) != sentence_start(x.start):
            continue
        verb = _word_at(text, y.end, x.start)
        if verb.endswith("ly") and verb not in REPORTING_VERBS:
            verb = _word_at(text, y.end + 1 + len(verb), x.start)
        if verb in REPORTING_VERBS:
            reported.add(id(x))
    return reported


def _word_before(text: str, at: int) -> str:
    """The lower-case word that ends one space before ``at`` (read back at most 12 characters)."""
    if not text.startswith(" ", at - 1):
        return ""
    start = at - 1
    while start > max(0, at - 13) and text[start - 1].isalpha():
        start -= 1
    return text[start : at - 1].lower()


def _word_at(text: str, at: int, end: int) -> str:
    """The lower-case word after the one space at ``at`` (before ``end``), ``""`` when none."""
    if not text.startswith(" ", at):
        return ""
    word_end = at + 1
    while word_end < end and text[word_end].isalpha():
        word_end += 1
    return text[at + 1 : word_end].lower()
