"""Raw bytes to text, or a named reason why they are not text.

Rules:

* Zero bytes, or only white space: ``empty``.
* A UTF-16 or UTF-32 byte-order mark: decoded with that encoding.
* A known binary signature at the start (PNG, JPEG, GIF, PDF, ZIP, gzip, ELF, ...), or more than
  5 % control bytes (NUL and the C0 controls other than tab, line feed, form feed and carriage
  return) in the first 8 KiB: ``binary`` (images, executables, UTF-16 without a BOM, random
  bytes, whose share of control bytes is about 11 %).
* Otherwise UTF-8 (a UTF-8 BOM is dropped); bytes that are not UTF-8 are read as Windows-1252,
  the encoding of most non-UTF-8 Western news pages (``0xA3`` is ``£``); only a byte that
  Windows-1252 leaves undefined is read as Latin-1.
* Characters that only steer a terminal or the display order of text are removed, each counted
  in the article's ``text_fixes``, so that no stored or printed field can move a cursor, start an
  escape sequence or show text in another order than it is stored:

  * ``c0_control``: the few stray C0 control characters a text may carry (a NUL among letters,
    an ESC, a vertical tab); tab, line feed and carriage return stay.
  * ``c1_control``: the C1 controls U+0080–U+009F (U+009B is a one-character escape sequence
    introducer in many terminals). UTF-8 can spell them, and so can the Latin-1 reading of the
    bytes Windows-1252 leaves undefined; U+0085 (next line) is a line break and becomes ``\\n``
    (counted as ``newline``, as :mod:`.normalize` counts the other line breaks).
  * ``bidi_control``: the bidirectional embeddings, overrides and isolates U+202A–U+202E and
    U+2066–U+2069, which make a terminal, editor or browser show characters in another order
    than they are stored (``abc\\u202edcba`` reads ``abcabcd``), and which no article needs: the
    letters of Arabic or Hebrew text carry their own direction. The marks U+200E, U+200F and
    U+061C are kept: they are how right-to-left text places its punctuation correctly, and they
    open no embedding, so they cannot reorder a run of text.
"""

from __future__ import annotations

import codecs
import re
from collections import Counter
from dataclasses import dataclass, field

from news_etl.schemas import RejectReason
from news_etl.transforms.budget import check_budget

BINARY_SNIFF_BYTES = 8192
BINARY_CONTROL_SHARE = 0.05
#: Leading bytes of file formats that are never article text.
BINARY_SIGNATURES: tuple[bytes, ...] = (
    b"\x89PNG", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"%PDF-", b"PK\x03\x04", b"\x1f\x8b", b"\x7fELF",
    b"II*\x00", b"MM\x00*", b"\x00\x00\x00\x18ftyp", b"\x00\x00\x00\x20ftyp",
)  # fmt: skip

_CONTROL_BYTES = frozenset(set(range(0x00, 0x09)) | {0x0B} | set(range(0x0E, 0x20)) | {0x7F})
_CONTROL_BYTE_STRING = bytes(sorted(_CONTROL_BYTES))  # for bytes.translate's delete argument
#: what :func:`decode_raw` removes, by the name it is counted under (module docstring)
_REMOVED_RES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("c0_control", re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]+")),
    ("c1_control", re.compile("[\x80-\x84\x86-\x9f]+")),
    ("bidi_control", re.compile("[\u202a-\u202e\u2066-\u2069]+")),
)
_UNWANTED_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_NEXT_LINE = "\x85"
#: a long text is cleaned in slices of this many characters, so that a text with millions of
#: control characters never holds millions of pieces at once
CLEAN_CHUNK_CHARS = 1 << 20
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _latin1_for_undefined(error: UnicodeError) -> tuple[str, int]:
    """The bytes Windows-1252 leaves undefined (0x81 0x8D 0x8F 0x90 0x9D) read as Latin-1."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    return error.object[error.start : error.end].decode("latin-1"), error.end


_LATIN1_FALLBACK = "news_etl.latin1_for_undefined"
codecs.register_error(_LATIN1_FALLBACK, _latin1_for_undefined)


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str  # the encoding that read the bytes
    fixes: Counter[str] = field(default_factory=Counter)  # what was removed, by rule (docstring)


@dataclass(frozen=True, slots=True)
class Undecodable:
    reason: RejectReason
    detail: str


def decode_raw(data: bytes) -> Decoded | Undecodable:
    """Decode a raw file's bytes (rules in the module docstring)."""
    if not data.strip():
        return Undecodable("empty", f"{len(data)} bytes, no text")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _clean(data[len(bom) :].decode(encoding), encoding)
            except UnicodeDecodeError as exc:
                return Undecodable("decode_error", f"starts with a {encoding} byte-order mark but: {exc}")
    if data.startswith(BINARY_SIGNATURES):
        return Undecodable("binary", f"starts like a binary file ({data[:8]!r})")
    head = data[:BINARY_SNIFF_BYTES]
    controls = len(head) - len(head.translate(None, _CONTROL_BYTE_STRING))
    if controls > BINARY_CONTROL_SHARE * len(head):
        return Undecodable("binary", f"{controls} of the first {len(head)} bytes are control bytes")
    try:
        return _clean(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    return _clean(data.decode("cp1252", errors=_LATIN1_FALLBACK), "cp1252")


def _clean(text: str, encoding: str) -> Decoded:
    """Remove the characters of the module docstring's last rule, counting them."""
    fixes: Counter[str] = Counter()
    if not _UNWANTED_RE.search(text):
        return Decoded(text, encoding, fixes)
    if _NEXT_LINE in text:
        fixes["newline"] = text.count(_NEXT_LINE)
        text = text.replace(_NEXT_LINE, "\n")
    for name, pattern in _REMOVED_RES:
        if pattern.search(text):
            text, fixes[name] = _remove(text, pattern)
    return Decoded(text, encoding, fixes)


def _remove(text: str, pattern: re.Pattern[str]) -> tuple[str, int]:
    """``text`` without what ``pattern`` matches (one character class), and how many characters
    went; slice by slice (:data:`CLEAN_CHUNK_CHARS`), which a one-character class allows."""
    parts: list[str] = []
    for start in range(0, len(text), CLEAN_CHUNK_CHARS):
        check_budget()
        parts.append(pattern.sub("", text[start : start + CLEAN_CHUNK_CHARS]))
    cleaned = "".join(parts)
    return cleaned, len(text) - len(cleaned)
