"""Roles and titles written in the text: ``the minister`` and a title before a name (``analyst Jo Doe``).

The role lexicon is data (``schemas/vocab/roles.toml``, read by :mod:`transforms.speakers.rules`).
"""

from __future__ import annotations

import re

from transforms.speakers.patterns import _MATCH_START, _THE_RES
from transforms.speakers.rules import _ROLE_BY_TITLE, _TITLE_LAST_CHARS, ROLE_NOUNS


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
