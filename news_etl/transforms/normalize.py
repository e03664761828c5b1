"""Character clean-up of a decoded text, counting every kind of change.

Rules (each counted under its name in the article's ``text_fixes``):

* ``newline``: ``\\r\\n``, a lone ``\\r``, U+0085, U+2028 and U+2029 become ``\\n``.
* ``zero_width``: zero-width spaces and joiners, word joiners and stray byte-order marks are
  removed (``Mos\\u200bcow`` → ``Moscow``).
* ``soft_hyphen``: soft hyphens (U+00AD) are removed (``co\\u00adoperation`` → ``cooperation``).
* ``space``: no-break, figure, thin and other fixed-width spaces become a plain space.
* ``homoglyph``: in a text written mostly in Latin letters, a Cyrillic or Greek letter that looks
  like a Latin one becomes that Latin letter when it sits in a Latin word (``Defenсe`` with a
  Cyrillic ``с`` → ``Defence``), or is a lone letter or a letter fused to digits (``М-4`` →
  ``M-4``, ``Т-90М`` → ``T-90M``, ``а reconnaissance`` → ``a reconnaissance``). Real Cyrillic or
  Greek words (``президент.рф``) are left alone.
* ``nfc``: the text is put in Unicode normal form C (composed accents) when it was not.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

_NEWLINES_RE = re.compile("\r\n|[\r\u0085\u2028\u2029]")
_ZERO_WIDTH_RE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u180e]")
_SOFT_HYPHEN_RE = re.compile("\u00ad")
_SPACES_RE = re.compile("[\u00a0\u2000-\u200a\u202f\u205f\u3000]")
_NON_ASCII_RE = re.compile("[^\x00-\x7f]")

#: Cyrillic and Greek letters with a Latin twin.
HOMOGLYPHS: dict[str, str] = {
    # Cyrillic capitals
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C",
    "Т": "T", "Х": "X", "У": "Y", "І": "I", "Ј": "J", "Ѕ": "S",
    # Cyrillic small letters
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i", "ј": "j",
    "ѕ": "s", "һ": "h", "ԁ": "d",
    # Greek capitals and small letters
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N",
    "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X", "ο": "o", "ν": "v",
}  # fmt: skip
_LOOKALIKE_CLASS = "".join(HOMOGLYPHS)
_FOREIGN_LETTER_RE = re.compile("[\u0370-\u03ff\u0400-\u04ff]")
# a run of letters (and the digits and hyphens fused to it), e.g. "Т-90М", "Defenсe"
_TOKEN_RE = re.compile(r"[^\W_](?:[^\W_]|-(?=[^\W_]))*")
_LATIN_RE = re.compile("[A-Za-z]")
_LATIN_SHARE_MIN = 0.8


@dataclass(slots=True)
class Normalised:
    text: str
    fixes: Counter[str] = field(default_factory=Counter)


def normalise_text(text: str) -> Normalised:
    """Apply the rules of the module docstring; ``fixes`` counts the changes by rule."""
    fixes: Counter[str] = Counter()
    text, fixes["newline"] = _NEWLINES_RE.subn("\n", text)
    if _NON_ASCII_RE.search(text):
        text, fixes["zero_width"] = _ZERO_WIDTH_RE.subn("", text)
        text, fixes["soft_hyphen"] = _SOFT_HYPHEN_RE.subn("", text)
        text, fixes["space"] = _SPACES_RE.subn(" ", text)
        if _FOREIGN_LETTER_RE.search(text):
            text, fixes["homoglyph"] = _fix_homoglyphs(text)
        if not unicodedata.is_normalized("NFC", text):
            text = unicodedata.normalize("NFC", text)
            fixes["nfc"] = 1
    return Normalised(text, +fixes)


def _fix_homoglyphs(text: str) -> tuple[str, int]:
    foreign = len(_FOREIGN_LETTER_RE.findall(text))
    latin = len(_LATIN_RE.findall(text))
    if latin < _LATIN_SHARE_MIN * (latin + foreign):
        return text, 0  # a Cyrillic or Greek text: its letters are its own
    changed = 0

    def fix(match: re.Match[str]) -> str:
        nonlocal changed
        token = match.group(0)
        if not _FOREIGN_LETTER_RE.search(token):
            return token
        letters = [c for c in token if c.isalpha()]
        if any(_FOREIGN_LETTER_RE.match(c) and c not in HOMOGLYPHS for c in letters):
            return token  # a real Cyrillic or Greek word
        mixed = any(_LATIN_RE.match(c) for c in letters)
        fused = len(letters) <= 2 and (len(letters) == 1 or any(c.isdigit() for c in token))
        if not (mixed or fused):
            return token
        out = "".join(HOMOGLYPHS.get(c, c) for c in token)
        changed += sum(1 for a, b in zip(token, out, strict=True) if a != b)
        return out

    return _TOKEN_RE.sub(fix, text), changed
