"""Character clean-up of a decoded text, counting every kind of change.

Rules (each counted under its name in the article's ``text_fixes``), in this order:

* ``html_entity``: HTML character references left in scraped text are decoded, once, before
  every other rule, so the characters they spell go through the rules below like any other
  (``Jos&#233;`` → ``José``, ``&#xE9;`` → ``é``, ``&pound;5m`` → ``£5m``, ``&lt;b&gt;`` →
  ``<b>``, ``&nbsp;`` → a no-break space, then a plain space by ``space``). A reference is
  ``&#`` + 1 to 7 decimal digits + ``;``, ``&#x`` + 1 to 6 hex digits + ``;`` (either after up
  to :data:`REFERENCE_MAX_LEADING_ZEROS` (16) leading zeros: ``&#0000065;`` and
  ``&#x00000041;`` are both ``A``), or ``&`` + a name of the HTML5 table
  (:data:`html.entities.html5`) + ``;``; numeric ones are read as browsers read them
  (``&#150;`` is ``–``, a code point past U+10FFFF is U+FFFD), but ``&#0;`` is removed and
  counted as ``c0_control``, as a raw NUL is. A character outside the Basic Multilingual Plane
  written as its two UTF-16 surrogates (``&#xD83D;&#xDE00;``, as some encoders write it) is that
  character (``😀``, two references counted); a surrogate without its other half is U+FFFD.
  Anything else stays as written: a literal
  ``&`` (``AT&T``, ``Marks & Spencer``, ``R&D``, ``&c``), a name outside the table (``&foo;``), a
  name without its ``;`` (``&amp`` stays), and a double-encoded ``&amp;lt;`` becomes ``&lt;``,
  not ``<``: it is decoded once. A reference that spells a control character (``&#27;``,
  ``&#x202E;``, ``&#12;``) is removed, counted as ``html_entity`` and under the rule of
  :mod:`.decode` that removes that character (``c0_control``, ``c1_control``,
  ``bidi_control``): no decoded character can steer a terminal; so is one that HTML refuses to
  spell (a noncharacter, ``&#xFFFE;``). The pattern has only bounded repeats (linear time), and
  the text is read only when it holds an ``&``.
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

Memory: a file may be one 20 MiB line, so no rule builds a list with an entry per match (a
pattern's ``sub`` over the whole text holds every piece it cut): single characters are counted
with ``str.count`` and replaced with one ``str.translate``, the letter counts are taken without
lists, the homoglyph rule reads the text in slices cut at white space (no word spans one), and
the reference rule in slices cut before an ``&`` (no reference spans one).
A "word" of more than :data:`HOMOGLYPH_TOKEN_MAX_CHARS` characters is no word and is left alone.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.entities import html5 as _HTML5_REFERENCES

from transforms.budget import check_budget
from transforms.decode import CONTROL_RULES

#: leading zeros a numeric reference may carry before its 1 to 7 decimal or 1 to 6 hex digits
REFERENCE_MAX_LEADING_ZEROS = 16
#: an HTML character reference (module docstring); bounded repeats only: linear time
_REFERENCE_RE = re.compile(
    f"&(?:#[xX]0{{0,{REFERENCE_MAX_LEADING_ZEROS}}}[0-9A-Fa-f]{{1,6}};"
    f"|#0{{0,{REFERENCE_MAX_LEADING_ZEROS}}}[0-9]{{1,7}};|[A-Za-z][A-Za-z0-9]{{1,31}};)"
)
#: the longest reference the pattern matches (``&`` + a 32-character name with its ``;``; a
#: numeric one is at most ``&#`` + 16 zeros + 7 digits + ``;``, 26)
REFERENCE_MAX_CHARS = 34
_HIGH_SURROGATE = ("\ud800", "\udbff")
_SURROGATE_PAIR_RE = re.compile("[\ud800-\udbff][\udc00-\udfff]")
_SURROGATE_RE = re.compile("[\ud800-\udfff]")
#: characters of text the reference rule reads at once (cut before an ``&``; more than
#: :data:`REFERENCE_MAX_CHARS`, so that a cut can always be put before a whole reference)
REFERENCE_SLICE_CHARS = 1 << 16
_NEWLINE_CHARS = "\r\u0085\u2028\u2029"  # each alone, after every "\r\n" became "\n"
_ZERO_WIDTH_CHARS = "\u200b\u200c\u200d\u2060\ufeff\u180e"
_SOFT_HYPHEN_CHARS = "\u00ad"
_SPACE_CHARS = "\u00a0" + "".join(map(chr, range(0x2000, 0x200B))) + "\u202f\u205f\u3000"
_TO_NEWLINE = str.maketrans(dict.fromkeys(_NEWLINE_CHARS, "\n"))
_CLEAN = str.maketrans(
    {**dict.fromkeys(_ZERO_WIDTH_CHARS + _SOFT_HYPHEN_CHARS), **dict.fromkeys(_SPACE_CHARS, " ")}
)
_ASCII_LETTERS = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
#: a run of letters longer than this is no word: the homoglyph rule leaves it alone
HOMOGLYPH_TOKEN_MAX_CHARS = 100
#: characters of text the homoglyph rule reads at once (cut after a white space)
HOMOGLYPH_SLICE_CHARS = 1 << 16
_COUNT_CHECK_EVERY = 1 << 16  # letters counted between two deadline checks

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
_WHITE_SPACE_RE = re.compile(r"\s")
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
    if "&" in text:
        text = _decode_references(text, fixes)
    fixes["newline"] += text.count("\r\n")
    if fixes["newline"]:
        text = text.replace("\r\n", "\n")
    lone = _count_chars(text, _NEWLINE_CHARS)
    if lone:
        fixes["newline"] += lone
        text = text.translate(_TO_NEWLINE)
    if not text.isascii():  # a flag of the string: no scan (a regex search reads every character)
        fixes["zero_width"] = _count_chars(text, _ZERO_WIDTH_CHARS)
        fixes["soft_hyphen"] = _count_chars(text, _SOFT_HYPHEN_CHARS)
        fixes["space"] = _count_chars(text, _SPACE_CHARS)
        if fixes["zero_width"] or fixes["soft_hyphen"] or fixes["space"]:
            text = text.translate(_CLEAN)
        check_budget()
        if _FOREIGN_LETTER_RE.search(text):
            text, fixes["homoglyph"] = _fix_homoglyphs(text)
        if not unicodedata.is_normalized("NFC", text):
            text = unicodedata.normalize("NFC", text)
            fixes["nfc"] = 1
    return Normalised(text, +fixes)


def _decode_references(text: str, fixes: Counter[str]) -> str:
    """``text`` with its HTML character references decoded (the module docstring's first rule).

    The text is read in slices of about :data:`REFERENCE_SLICE_CHARS`, each cut just before an
    ``&``: a reference holds no ``&`` after its first character, so none spans a cut, and no
    slice holds more than its own pieces (a 20 MiB line of ``&amp;`` never makes millions).
    """
    decoded = 0
    surrogates = False
    blocks = 0  # _PAIR_BLOCK marks left in the slice being read
    surrogate_end = -1  # where the last reference that decoded to a surrogate (or a mark) ended

    def removed(match: re.Match[str]) -> str:
        """A control the text spells (``&#0;``, read like a raw NUL) removed: nothing, or a mark
        when it stands right after a surrogate, so that ``&#xD83D;&#0;&#xDE00;`` stays two halves
        apart (two U+FFFD), as written; a code point HTML refuses (``&#27;``) is gone before pairing."""
        nonlocal blocks, surrogate_end
        if match.start() != surrogate_end:
            return ""
        blocks += 1
        surrogate_end = match.end()
        return _PAIR_BLOCK

    def decode(match: re.Match[str]) -> str:
        nonlocal decoded, surrogates, surrogate_end
        reference = match.group(0)
        if reference[1] == "#":
            digits = reference[2:-1]
            code = int(digits[1:], 16) if digits[0] in "xX" else int(digits)
            decoded += 1
            if 0xD800 <= code <= 0xDFFF:  # half of a pair: joined to its other half, or U+FFFD
                surrogates = True
                surrogate_end = match.end()
                return chr(code)
            # the browsers' reading (&#150; is "–"), but for NUL, removed like a raw one
            char = "\x00" if code == 0 else html.unescape(f"&#{code};")
            if not char:  # a code point HTML refuses, a control (&#27;) or a noncharacter: gone, as
                _count_control(chr(code), fixes)  # if never written (its neighbours may pair)
                if match.start() == surrogate_end:
                    surrogate_end = match.end()
                return ""
        else:
            found = _HTML5_REFERENCES.get(reference[1:])
            if found is None:
                return reference  # "&foo;": no reference
            decoded += 1
            char = found
        return removed(match) if _count_control(char, fixes) else char

    parts: list[str] = []
    held = ""  # a high surrogate that ended the last slice: the next may begin with its pair
    start = 0
    while start < len(text):
        end = start + REFERENCE_SLICE_CHARS
        if end < len(text):
            cut = text.rfind("&", max(start + 1, end - REFERENCE_MAX_CHARS), end)
            end = cut if cut > 0 else end
        surrogate_end = 0 if held else -1  # positions restart with each slice; a carried high half
        piece = _REFERENCE_RE.sub(decode, text[start:end])
        if surrogates:
            piece = held + piece
            held = ""
            if end < len(text) and piece and _HIGH_SURROGATE[0] <= piece[-1] <= _HIGH_SURROGATE[1]:
                held, piece = piece[-1], piece[:-1]
            piece = _join_surrogates(piece)
        if blocks:
            piece = piece.replace(_PAIR_BLOCK, "", blocks)
            blocks = 0
        parts.append(piece)
        start = end
        check_budget()
    if decoded:
        fixes["html_entity"] += decoded
    return "".join(parts)


#: put where a removed control stood right after a surrogate, and taken out once the surrogates are
#: paired: NUL, which the decoder has already removed from the raw text, so none is there to mistake
_PAIR_BLOCK = "\x00"


def _join_surrogates(text: str) -> str:
    """``text`` with each high and low surrogate that follow each other made the one character
    they encode in UTF-16 (``&#xD83D;&#xDE00;`` is ``😀``), and any other surrogate U+FFFD."""
    if not _SURROGATE_RE.search(text):
        return text
    text = _SURROGATE_PAIR_RE.sub(
        lambda pair: pair.group(0).encode("utf-16-le", "surrogatepass").decode("utf-16-le"), text
    )
    return _SURROGATE_RE.sub("\ufffd", text)


def _count_control(char: str, fixes: Counter[str]) -> bool:
    """Whether ``char`` is one of the controls :mod:`.decode` removes; counted under its rule."""
    for name, control in CONTROL_RULES:
        if control.search(char):
            fixes[name] += 1
            return True
    return False


def _count_chars(text: str, chars: str) -> int:
    """How many of ``chars`` ``text`` holds (one C scan each, no list of matches)."""
    return sum(text.count(char) for char in chars)


def _count_matches(pattern: re.Pattern[str], text: str) -> int:
    """How many times ``pattern`` matches in ``text``, without a list of the matches."""
    count = 0
    for count, _ in enumerate(pattern.finditer(text), start=1):
        if not count % _COUNT_CHECK_EVERY:
            check_budget()
    return count


def _white_space_slices(text: str) -> Iterator[str]:
    """``text`` in consecutive slices of about :data:`HOMOGLYPH_SLICE_CHARS`, each cut just after a
    white space (a run of letters never spans one), or at the end."""
    start = 0
    while start < len(text):
        end = start + HOMOGLYPH_SLICE_CHARS
        if end < len(text):
            space = _WHITE_SPACE_RE.search(text, end)
            end = space.end() if space else len(text)
        yield text[start:end]
        start = end
        check_budget()


def _fix_homoglyphs(text: str) -> tuple[str, int]:
    foreign = _count_matches(_FOREIGN_LETTER_RE, text)
    ascii_only = text.encode("ascii", "ignore")  # the Latin letters counted are ASCII letters
    latin = len(ascii_only) - len(ascii_only.translate(None, _ASCII_LETTERS))
    del ascii_only
    if latin < _LATIN_SHARE_MIN * (latin + foreign):
        return text, 0  # a Cyrillic or Greek text: its letters are its own
    changed = 0

    def fix(match: re.Match[str]) -> str:
        nonlocal changed
        token = match.group(0)
        if len(token) > HOMOGLYPH_TOKEN_MAX_CHARS or not _FOREIGN_LETTER_RE.search(token):
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

    fixed = "".join(_TOKEN_RE.sub(fix, piece) for piece in _white_space_slices(text))
    return fixed, changed
