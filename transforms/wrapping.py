"""When a line runs on into the next (hard-wrapped text), and the agency datelines that stop it.

The parser's rule 9 (:mod:`transforms.article`) joins a body line to the next when
:func:`runs_on` says the next line continues it; page furniture (:mod:`.clutter`) asks the same
question of a headline after a ``Read more`` label (a line that the next line continues is the
start of a paragraph, not a linked headline). The rules, with an example each:

* **Runs on.** The line does not end a sentence and the next line starts with a lower-case letter
  or with ``, ; : ) ] %`` (``talks with`` / ``the envoys``), or the line ends with
  ``, ; ( – — -`` or with a word that cannot end a sentence (:data:`CONNECTIVES`: ``and``,
  ``the``, ``with``, ``said`` ...). A line that ends a sentence with a closing quote runs on only
  into a lower-case attribution (``"Why not?"`` / ``he asked.``); one that ends a sentence
  otherwise never runs on.
* **Datelines.** No line runs on into a line that opens with an agency dateline
  (:data:`AGENCY_DATELINES`): ``… Ivan Petrov said`` / ``MOSCOW, December 26. /TASS/. The
  Russian side …`` stay apart, and the dateline opens its paragraph. A line that is *only* a
  dateline (``MOSCOW, December 26. /TASS/.``, the story's text on the next line) runs on into the
  next line, so the dateline still opens the paragraph of the text it introduces.

A place is written in capitals (``MOSCOW``, ``RIO DE JANEIRO``, ``SÃO PAULO``,
``WASHINGTON/LONDON``), or capitalised (``Paris``, ``Rio de Janeiro``) when a dash follows the
agency: that, the date and the agency's name in brackets or slashes tell a dateline from a
sentence (``Moscow, December 26. The Russian side …`` is a sentence). Capitals are any
upper-case letter of the Latin, Greek and Cyrillic alphabets, not ASCII only (``BOGOTÁ``).

A dateline is tested at the start of every body line, so every pattern reads a bounded start of
the line: every quantifier is bounded, and the words of a place are taken whole (possessive), so
a failed match is never retried by cutting a word in two (``tests/transforms/test_linear_time.py``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from transforms.text import CLOSING_CHARS, ends_sentence

#: Words that cannot end a sentence: a line ending in one runs on into the next line.
CONNECTIVES = frozenset(
    """
    a an the and or but nor of to in on at by for from with without within into onto upon over
    under about above below between among against during after before since until than as
    that which who whom whose whether if because while although though so
    is are was were be been being has have had will would shall should can could may might must
    not its their his her our your my this these those said says told
    """.split()
)
#: last words of a line that may be whole without a full stop (:func:`lead_runs_on`)
REPORTING_ENDS = frozenset({"said", "says", "told"})
_CONTINUATION_STARTS = ",;:)]%"
_RUN_ON_ENDS = ",;(–—-"
_QUOTE_CLOSERS = "\"'”’»"

# Letters of the Latin (with its extensions), Greek and Cyrillic alphabets, by case: the
# character classes of a place name (Python's re has no \p{Lu}).
_LETTERS = [chr(code) for code in range(0xC0, 0x530)]
_UPPER = "A-Z" + "".join(ch for ch in _LETTERS if ch.isupper())
_LOWER = "a-z" + "".join(ch for ch in _LETTERS if ch.islower())

# The pieces of an agency dateline (module docstring: bounded, possessive).
#: "MOSCOW", "RIO DE JANEIRO", "SÃO PAULO", "WASHINGTON/LONDON", "ST. PETERSBURG"
_PLACE_CAPS = rf"[{_UPPER}][{_UPPER}'’.\-]{{1,30}}+(?:[ /][{_UPPER}][{_UPPER}'’.\-]{{0,30}}+){{0,3}}"
#: "Paris", "Rio de Janeiro", "Frankfurt am Main", "Washington/London"
_PLACE_MIXED = (
    rf"[{_UPPER}][{_LOWER}'’\-]{{1,30}}+"
    rf"(?:[ /](?:[{_UPPER}][{_LOWER}'’.\-]{{0,30}}+|d[aeio]|del|la|le|les|el|al|am|an|upon)){{0,3}}"
)
#: "Ukraine", "Ill.", "New Mexico"
_REGION = rf"[{_UPPER}][{_UPPER}{_LOWER}.]{{0,20}}+(?: [{_UPPER}][{_UPPER}{_LOWER}.]{{0,20}}+)?"
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DATE = rf"(?:{_MONTH} \d{{1,2}}|\d{{1,2}} {_MONTH})(?:,? \d{{4}})?"  # "Dec. 26", "26 December 2022"
_DASH = r" ?(?:--?|–|—|:)"
#: what may follow a dateline on a line of its own: a dash, a colon or a dot, and spaces
_BARE_DATELINE_TAIL_CHARS = 4


def _bracketed(agency: str) -> str:
    """``PLACE[, Region][, date] (Agency) [-]``: the agency in brackets after the place and date
    (``MOSCOW. Dec 26 (Interfax) -`` too); a capitalised place needs the dash."""
    tail = rf"(?:, {_REGION})?(?:[,.]? {_DATE})? \((?:{agency})\)"
    return rf"(?:{_PLACE_CAPS}{tail}(?:{_DASH})?|{_PLACE_MIXED}{tail}{_DASH})"


#: name -> pattern of the opening of a paragraph that starts with an agency's dateline.
AGENCY_DATELINES: Mapping[str, str] = {
    # "MOSCOW, December 26. /TASS/.", "MINSK, May 25 /BelTA/.", "MOSCOW, December 26 /TASS/ -"
    "slashed_agency": (
        rf"(?:{_PLACE_CAPS}|{_PLACE_MIXED}), {_DATE}\.? /[A-Z][A-Za-z-]{{1,20}}/\.?(?:{_DASH})?"
    ),
    # "WASHINGTON (Reuters) -", "LONDON, Dec 26 (Reuters) -", "NEW YORK (Reuters Health) -",
    # "LONDON, Dec 26 (Thomson Reuters Foundation) -"
    "reuters": _bracketed(r"(?:Thomson )?Reuters(?: [A-Z][a-z]{1,20}){0,2}"),
    # "NEW YORK (AP) —", "SPRINGFIELD, Ill. (AP) —"
    "ap": _bracketed("AP"),
    # "PARIS (AFP) -", "PARIS, Dec 26, 2022 (AFP) -", "Paris (AFP) -"
    "afp": _bracketed("AFP"),
    # "MOSCOW, Dec. 26 (Interfax) -", "KYIV, Dec. 26 (Interfax-Ukraine) -", "MOSCOW. Dec 26 (Interfax) -"
    "interfax": _bracketed(r"Interfax(?:-[A-Z][a-z]{1,20})?"),
    # "KYIV, 26 December (Ukrinform)"
    "ukrinform": _bracketed("Ukrinform"),
    # "BEIJING, Dec. 26 (Xinhua) --"
    "xinhua": _bracketed("Xinhua"),
}
_DATELINES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern)) for name, pattern in AGENCY_DATELINES.items()
)


def _dateline_match(line: str) -> tuple[str, int] | None:
    """The name of the dateline that opens ``line`` and where it ends, or None."""
    if not line or not line[0].isupper():
        return None  # the cheap gate: every dateline opens with a place in capitals
    for name, pattern in _DATELINES:
        found = pattern.match(line)
        if found is not None:
            return name, found.end()
    return None


def dateline_style(line: str) -> str | None:
    """The name of the agency dateline :data:`AGENCY_DATELINES` that opens ``line``, or None."""
    found = _dateline_match(line)
    return None if found is None else found[0]


def is_bare_dateline(line: str) -> bool:
    """Whether ``line`` is an agency dateline and nothing else (the text is on the next line)."""
    found = _dateline_match(line)
    if found is None or len(line) - found[1] > _BARE_DATELINE_TAIL_CHARS:
        return False  # a long rest is text; short ones are read without copying the line
    return not line[found[1] :].strip(" -–—:.")


def runs_on(line: str, next_line: str) -> bool:
    """True when ``line`` is hard-wrapped and ``next_line`` continues it (module docstring)."""
    if not line or not next_line or dateline_style(next_line) is not None:
        return False
    if is_bare_dateline(line):
        return True
    first = next_line[0]
    if ends_sentence(line):
        return line[-1] in _QUOTE_CLOSERS and first.islower()
    if first.islower() or first in _CONTINUATION_STARTS:
        return True
    if line[-1] in _RUN_ON_ENDS:
        return True
    return _last_word(line) in CONNECTIVES


def lead_runs_on(line: str, next_line: str) -> bool:
    """:func:`runs_on` for a line that may be whole without a full stop: a lead repeated as the
    first body line, a headline after a ``Read more`` label. Such a line that ends on a reporting
    verb (:data:`REPORTING_ENDS`: ``…, Ivan Petrov said``, ``Port to reopen, mayor says``) or
    on a capitalised word (``… to reopen in May``) is whole before a line that starts with a
    capital: only a lower-case line, or a line after a comma or a dash, continues it."""
    if not runs_on(line, next_line):
        return False
    if not next_line[0].isupper() or line[-1] in _RUN_ON_ENDS:
        return True
    word = line.rsplit(None, 1)[-1].strip(CLOSING_CHARS + '"“‘')
    return word.lower() not in REPORTING_ENDS and not word[:1].isupper()


def _last_word(line: str) -> str:
    """The line's last word, lower case, without the quotes and brackets around it."""
    return line.rsplit(None, 1)[-1].strip(CLOSING_CHARS + '"“‘').lower()
