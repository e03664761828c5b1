"""Raw bytes to text, or a named reason why they are not text.

Rules:

* Zero bytes, or only white space: ``empty``.
* A UTF-16 or UTF-32 byte-order mark: decoded with that encoding.
* A known binary signature at the start (PNG, JPEG, GIF, PDF, ZIP, gzip, ELF, ...), or more than
  5 % control bytes (NUL and the C0 controls other than tab, line feed, form feed and carriage
  return) in the first 8 KiB: ``binary`` (images, executables, UTF-16 without a BOM, random
  bytes, whose share of control bytes is about 11 %).
* Otherwise UTF-8 (a UTF-8 BOM is dropped).
* Bytes that are UTF-8 but for a few are UTF-8 with damage, not a legacy encoding: a file cut
  inside its last character, or with a stray Windows-1252 byte pasted in, must not turn into
  ``ÐŸÑ€ÐµÐ·Ð¸Ð´ÐµÐ½Ñ‚`` as a whole. They are read as UTF-8 when their valid multi-byte
  characters weigh at least :data:`UTF8_VALID_PER_INVALID` (10) for each byte that is not UTF-8,
  a 2-byte character weighing 1 and a 3- or 4-byte one 10: one curly quote or dash outweighs a
  bad byte, as ten ``é`` do. Text in a legacy encoding holds about no such characters: its
  non-ASCII bytes seldom happen to form a 2-byte UTF-8 sequence (the KOI8-U samples of the
  tests come closest, 1 for 11 bad bytes) and almost never a 3-byte one (a lead byte
  ``0xE0``–``0xEF`` followed by two of ``0x80``–``0xBF``: in cp1251, ``а``–``п`` followed by two
  of ``ё і ї є « »`` …). An incomplete character at the very end, after at least one valid
  one, is a cut and does not count. Each byte that is not UTF-8 is read as Windows-1252
  (``0xE9`` is ``é``), an incomplete last character is dropped, and both are counted as
  ``invalid_utf8``.
* Bytes that are not UTF-8 are in a legacy single-byte encoding, which is detected
  (``charset-normalizer``, bounded ``<4`` in ``pyproject.toml``: for a given version of it the
  detection is deterministic, the same bytes always read the same) when there is enough
  evidence to judge: at least :data:`DETECT_MIN_NON_ASCII_BYTES` non-ASCII bytes (200) among the
  first :data:`DETECT_SAMPLE_BYTES` (64 KiB), or fewer but a Windows-1252 reading that looks
  garbled (:func:`garbled_as_fallback`: at least :data:`GARBLED_MIN_CHARS` symbols between two
  letters, Icelandic letters beside letters, ``ì`` inside a word, as in ``W³adze`` or
  ``perþembe``, the Windows-1252 readings of Polish and Turkish). The detector reads the whole
  sample as one chunk, and never more, so a 20 MiB file costs no more to judge than a small one
  (about 0.05 s for a 64 KiB sample). It only chooses among :data:`LEGACY_ENCODINGS`, the
  encodings of non-UTF-8 news sites (Western, Central European, Cyrillic, Greek, Turkish,
  Arabic): a Russian page in ``cp1251`` or ``koi8-r`` reads ``Президент``, not the
  ``Ïðåçèäåíò`` that Windows-1252 makes of it. Of the detector's readings of the sample:

  1. only one whose letters look like a language the encoding was made for
     (:data:`ENCODING_LANGUAGES`: Spanish read through cp1250, where ``¿`` is ``ż``, is no fit)
     is taken, or, when its letters look like a Western language, whose words holding a
     non-ASCII letter do (an English text quoting Polish sentences: its ASCII letters make
     every Latin reading look Spanish, while the few Cyrillic letters of its cp1251 reading
     look Russian); when none fits, the bytes are read as Windows-1252 (``It´s`` read through
     cp1251 is ``Itґs``, in no language); a Western reading (Windows-1252, ISO 8859-15) that
     looks garbled (:func:`looks_garbled`, as above) is out, whatever language its letters look
     like (those of an English text quoting Polish make its Windows-1252 reading look Spanish);
  2. of those, the least garbled (charset-normalizer's ``chaos``; readings garbled beyond
     :data:`DETECT_MAX_CHAOS` are not offered at all);
  3. then, about as garbled, the most like its language (``coherence``);
  4. then, about as good, the one earlier in that list;
  5. then, between twins (:data:`ISO_TWINS`, the same letters partly at other bytes): Windows-1252
     and ISO 8859-15 differ in 8 bytes above ``0x9F``, where Latin-1 text (read the same by
     Windows-1252) has ``¤ ¦ ¨ ´ ¸ ¼ ½ ¾`` and Latin-9 text ``€ Š š Ž ž Œ œ Ÿ``; ISO 8859-15 is
     taken only in a sample without a byte in ``0x80``–``0x9F`` that shows Latin-9 evidence
     (:func:`latin9_evidence`: ``5 €``, ``sœur``, ``Škoda``), for Latin-1 read as Latin-9 makes
     ``1œ`` of ``1½`` and ``istŽs`` of ``ist´s``. Of cp1250 and ISO 8859-2, whenever both fit,
     the ISO one in a sample without a byte in ``0x80``–``0x9F``, else cp1250: cp1250 puts its
     curly quotes, dashes and ``š ś ž ź ť`` there, which a text in it rarely goes without,
     while ISO 8859-2 has only control characters there (Czech ``š`` is ``0xB9`` in
     ISO 8859-2, ``ą`` in cp1250, whose reading may look more Czech to the detector).

  Encodings that read the sample as the very same text are one reading, named by the earlier in
  the list (a Latin-1 text without ``€`` or ``œ`` is ``cp1252``). On invented samples in all
  these encodings (``tests/transforms/test_encodings.py``), windows of 200 non-ASCII bytes are
  all read right; windows of 20 often are not.
* Below the threshold and not garbled, or when no reading fits, the bytes are read as
  Windows-1252 (:data:`FALLBACK_ENCODING`), the encoding of most non-UTF-8 Western news pages
  (``0xA3`` is ``£``). Fewer than 200 non-ASCII bytes is too little to tell the encodings apart,
  and a short text with a few accents or curly quotes is far more often Windows-1252 than
  anything else. Latin-1 is never named: text in it reads the same in Windows-1252, which
  browsers use for pages labelled ``iso-8859-1``. Hungarian is the weak spot: its cp1250 and
  ISO 8859-2 readings differ from the Windows-1252 one only in ``ő ű`` (``õ û``, which
  Portuguese and French use too), so a short Hungarian text is read as Windows-1252, and so is
  an occasional longer one.
* In whichever legacy encoding, a byte that it leaves undefined (``0x81`` in Windows-1252,
  ``0x98`` in ``cp1251``) is read as Latin-1, i.e. as a C1 control, which the next rule removes.
* ``Decoded.encoding`` names the encoding that read the bytes, as Python's codec registry
  spells it: ``utf-8``, ``utf-16-le``, ``cp1252``, ``cp1251``, ``koi8-r``, ``iso8859-5`` ...
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

import charset_normalizer
from charset_normalizer.cd import coherence_ratio
from charset_normalizer.models import CharsetMatch

from schemas import RejectReason
from transforms.budget import check_budget

BINARY_SNIFF_BYTES = 8192
BINARY_CONTROL_SHARE = 0.05
#: Leading bytes of file formats that are never article text.
BINARY_SIGNATURES: tuple[bytes, ...] = (
    b"\x89PNG", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"%PDF-", b"PK\x03\x04", b"\x1f\x8b", b"\x7fELF",
    b"II*\x00", b"MM\x00*", b"\x00\x00\x00\x18ftyp", b"\x00\x00\x00\x20ftyp",
)  # fmt: skip

_CONTROL_BYTES = frozenset(set(range(0x00, 0x09)) | {0x0B} | set(range(0x0E, 0x20)) | {0x7F})
_CONTROL_BYTE_STRING = bytes(sorted(_CONTROL_BYTES))  # for bytes.translate's delete argument
#: what :func:`decode_raw` removes, by the name it is counted under (module docstring); also
#: applied by :mod:`.normalize` to the characters an HTML character reference spells
CONTROL_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("c0_control", re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]+")),
    ("c1_control", re.compile("[\x80-\x84\x86-\x9f]+")),
    ("bidi_control", re.compile("[\u202a-\u202e\u2066-\u2069]+")),
)
_UNWANTED_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_NEXT_LINE = "\x85"
#: a long text is cleaned in slices of this many characters, so that a text with millions of
#: control characters never holds millions of pieces at once
CLEAN_CHUNK_CHARS = 1 << 20
#: The legacy encodings the detector may choose among, in order of preference when two read
#: the bytes equally well: Western (Windows-1252 first: the most common, and the fallback),
#: Central European, Turkish, Cyrillic (Russian, Ukrainian, Belarusian, Bulgarian, Serbian
#: sites), Greek and Arabic. Names as :func:`codecs.lookup` gives them.
LEGACY_ENCODINGS: tuple[str, ...] = (
    "cp1252", "iso8859-15", "cp1250", "iso8859-2", "cp1254",
    "cp1251", "koi8-r", "koi8-u", "iso8859-5", "mac-cyrillic",
    "cp1253", "cp1256",
)  # fmt: skip
#: weight of valid multi-byte characters a text needs for each byte that is not UTF-8 to be read
#: as UTF-8 with damage; a 2-byte character weighs 1, a 3- or 4-byte one this much (module docstring)
UTF8_VALID_PER_INVALID = 10
_UTF8_LEADS = {2: (0xC2, 0xDF), 3: (0xE0, 0xEF), 4: (0xF0, 0xF4)}  # bytes in a character: its lead
_NOT_LEAD_BYTES = bytes(b for b in range(0x100) if not 0xC2 <= b <= 0xF4)
_TWO_BYTE_LEAD_BYTES = bytes(range(0xC2, 0xE0))
#: what bytes that are not UTF-8 are read as when the detector is not asked or finds nothing
FALLBACK_ENCODING = "cp1252"
#: the detector reads at most this many bytes, the first of the file
DETECT_SAMPLE_BYTES = 64 * 1024
#: fewer non-ASCII bytes than this in the sample and the detector is not asked (module docstring)
DETECT_MIN_NON_ASCII_BYTES = 200
#: two readings whose chaos (share of garbled text, 0 to 1) differs by less are as clean ...
CHAOS_TIE = 0.005
#: ... and two whose coherence (likeness to a language's letter frequencies) differs by at most
#: this are as good: the preferred encoding wins
COHERENCE_TIE = 0.02
#: the most chaos (share of garbled text, 0 to 1) a reading may show and still be considered
#: (charset-normalizer's default, 0.2, drops every reading of some ISO 8859-2 Polish samples)
DETECT_MAX_CHAOS = 0.5
_WESTERN = frozenset(
    "English French German Spanish Italian Portuguese Dutch Danish Swedish Norwegian Finnish "
    "Estonian Indonesian".split()
)
_CENTRAL_EUROPEAN = frozenset("Polish Czech Slovak Hungarian Slovene Croatian Romanian Serbian".split())
_CYRILLIC = frozenset("Russian Ukrainian Bulgarian Serbian Kazakh".split())
#: the languages (as charset-normalizer names them) each legacy encoding was made for
ENCODING_LANGUAGES: dict[str, frozenset[str]] = {
    "cp1252": _WESTERN, "iso8859-15": _WESTERN,
    "cp1250": _CENTRAL_EUROPEAN, "iso8859-2": _CENTRAL_EUROPEAN,
    "cp1254": frozenset({"Turkish"}),
    "cp1251": _CYRILLIC, "koi8-r": _CYRILLIC, "koi8-u": _CYRILLIC, "iso8859-5": _CYRILLIC,
    "mac-cyrillic": _CYRILLIC,
    "cp1253": frozenset({"Greek"}),
    "cp1256": frozenset({"Arabic", "Farsi"}),
}  # fmt: skip
#: the ISO 8859 encodings and their Windows twins (same letters, partly at other bytes)
ISO_TWINS: dict[str, str] = {"iso8859-15": "cp1252", "iso8859-2": "cp1250"}
_WESTERN_TWINS = frozenset({"cp1252", "iso8859-15"})
_CENTRAL_TWINS = frozenset({"cp1250", "iso8859-2"})
_NON_ASCII_BYTES = bytes(range(0x80, 0x100))
_C1_BYTES = bytes(range(0x80, 0xA0))
_PREFERENCE = {name: rank for rank, name in enumerate(LEGACY_ENCODINGS)}
#: the bytes ISO 8859-15 reads otherwise than Windows-1252 (and Latin-1) above 0x9F
_LATIN9_DIFFERENT_BYTES = bytes([0xA4, 0xA6, 0xA8, 0xB4, 0xB8, 0xBC, 0xBD, 0xBE])
_LATIN9_LETTER = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e"
_LATIN9_SMALL = "a-z\u00df-\u00f6\u00f8-\u00ff\u0153\u0161\u017e"
#: what ISO 8859-15's own characters look like in Latin-9 text (:func:`latin9_evidence`)
_LATIN9_EVIDENCE_RE = re.compile(
    "(?<=[\\d\\s])\u20ac|\u20ac(?=[\\d\\s])"  # € beside a digit or a space
    f"|(?<=[{_LATIN9_LETTER}])[\u0153\u0161\u017e]|[\u0153\u0161\u017e](?=[{_LATIN9_LETTER}])"  # œ š ž
    f"|(?<![{_LATIN9_SMALL}])[\u0152\u0160](?=[{_LATIN9_LETTER}])"  # Œ Š opening a word
)
_CP1252_LETTER = _LATIN9_LETTER + "\u0192"
#: what a Central European or Turkish text read as Windows-1252 shows (:func:`garbled_as_fallback`)
_GARBLED_RE = re.compile(
    f"(?<=[{_CP1252_LETTER}])[\x80-\x9f\u00a1\u00a2\u00a4-\u00a9\u00ac\u00ae-\u00b1\u00b2\u00b3"
    f"\u00b5\u00b6\u00b8-\u00bb\u00bc-\u00bf](?=[{_CP1252_LETTER}])"  # a symbol between letters
    f"|(?<=[{_CP1252_LETTER}])[\u00d0\u00dd\u00de\u00f0\u00fd\u00fe]"  # Ð Ý Þ ð ý þ beside a letter
    f"|[\u00d0\u00dd\u00de\u00f0\u00fd\u00fe](?=[{_CP1252_LETTER}])"
    f"|(?<=[{_CP1252_LETTER}])\u00ec(?=[{_CP1252_LETTER}])"  # ì between letters
)
_NON_ASCII_WORD_RE = re.compile(r"\w*[^\x00-\x7f]\w*")
#: garbled characters (:func:`garbled_as_fallback`) that make a short sample worth detecting
GARBLED_MIN_CHARS = 3
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


def _cp1252_for_invalid(error: UnicodeError) -> tuple[str, int]:
    """Bytes that are not UTF-8 read as Windows-1252 (and its undefined ones as Latin-1)."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    return error.object[error.start : error.end].decode("cp1252", errors=_LATIN1_FALLBACK), error.end


_CP1252_FALLBACK = "news_etl.cp1252_for_invalid"
codecs.register_error(_CP1252_FALLBACK, _cp1252_for_invalid)


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
    damaged = _damaged_utf8(data)
    if damaged is not None:
        return damaged
    encoding = detect_legacy_encoding(data)
    return _clean(data.decode(encoding, errors=_LATIN1_FALLBACK), encoding)


def _damaged_utf8(data: bytes) -> Decoded | None:
    """``data`` read as UTF-8 with damage, or None when it is no such thing (module docstring)."""
    valid = data.decode("utf-8", "ignore").encode("utf-8")  # C speed, whatever the size
    invalid = len(data) - len(valid)  # the bytes "ignore" dropped
    leads = valid.translate(None, _NOT_LEAD_BYTES)  # one per valid multi-byte character
    del valid
    long = len(leads.translate(None, _TWO_BYTE_LEAD_BYTES))  # 3- and 4-byte characters
    weight = len(leads) - long + UTF8_VALID_PER_INVALID * long
    del leads
    cut = _incomplete_tail(data)
    if cut and invalid == cut:  # nothing else is broken: the file was cut inside its last character
        data, invalid = data[:-cut], 0
    else:
        cut = 0
    if weight == 0 or weight < UTF8_VALID_PER_INVALID * invalid:
        return None
    decoded = _clean(data.decode("utf-8", errors=_CP1252_FALLBACK), "utf-8")
    decoded.fixes["invalid_utf8"] += invalid + (cut > 0)
    return decoded


def _incomplete_tail(data: bytes) -> int:
    """How many bytes at the end of ``data`` begin a UTF-8 character they do not finish (0 to 3)."""
    for size in range(1, min(3, len(data)) + 1):
        byte = data[-size]
        if 0x80 <= byte <= 0xBF:
            continue  # a continuation byte: look further back for the lead
        needed = next((n for n, (low, high) in _UTF8_LEADS.items() if low <= byte <= high), 0)
        return size if size < needed else 0
    return 0


def detect_legacy_encoding(data: bytes) -> str:
    """The legacy encoding of bytes that are not UTF-8 (rules in the module docstring): one of
    :data:`LEGACY_ENCODINGS`, :data:`FALLBACK_ENCODING` when the evidence is too thin."""
    sample = data[:DETECT_SAMPLE_BYTES]
    non_ascii = len(sample) - len(sample.translate(None, _NON_ASCII_BYTES))
    if non_ascii == 0:
        return FALLBACK_ENCODING
    if non_ascii < DETECT_MIN_NON_ASCII_BYTES and not garbled_as_fallback(sample):
        return FALLBACK_ENCODING
    matches = charset_normalizer.from_bytes(
        sample,
        steps=1,  # one chunk, the whole sample (the defaults read 5 chunks of 512 bytes)
        chunk_size=len(sample),
        cp_isolation=list(LEGACY_ENCODINGS),
        threshold=DETECT_MAX_CHAOS,
        preemptive_behaviour=False,
        enable_fallback=False,
    )
    readings: list[tuple[str, CharsetMatch]] = []
    for match in matches:
        # the encodings that decode the sample to the very same text are one reading of it,
        # named by the preferred one (Latin-1 text reads the same in cp1252 and iso8859-15)
        known = [name for name in map(_codec_name, match.could_be_from_charset) if name in _PREFERENCE]
        if known:
            name = min(known, key=_PREFERENCE.__getitem__)
            if not (name in _WESTERN_TWINS and looks_garbled(str(match))):
                readings.append((name, match))
    fitting = [
        _Reading(name, match.chaos, match.coherence, _PREFERENCE[name])
        for name, match in readings
        if _fits(name, match)
    ]
    if not fitting:
        return FALLBACK_ENCODING  # no reading looks like a language its encoding was made for
    best = fitting[0]
    for reading in fitting[1:]:
        if reading.better_than(best):
            best = reading
    return _between_twins(best.encoding, {reading.encoding for reading in fitting}, sample)


def _fits(encoding: str, match: CharsetMatch) -> bool:
    """Whether a reading looks like a language ``encoding`` was made for: the language its
    letters look like (not ``.language``, which guesses one from the encoding's name when the
    letters look like none), or, when that is a Western one (the ASCII letters of an English
    text quoting a Polish sentence can make the reading look Spanish), the language its words
    that are not ASCII look like."""
    languages = ENCODING_LANGUAGES[encoding]
    if not match.languages:
        return False
    if match.languages[0] in languages:
        return True
    return match.languages[0] in _WESTERN and _non_ascii_words_language(str(match)) in languages


def _non_ascii_words_language(text: str) -> str | None:
    """The language (as charset-normalizer names them) that the words of ``text`` holding a
    non-ASCII letter look like: in an English text quoting a Polish sentence, Polish."""
    words = " ".join(_NON_ASCII_WORD_RE.findall(text))
    languages = coherence_ratio(words) if words else []
    return languages[0][0] if languages else None


def _between_twins(encoding: str, fitting: set[str], sample: bytes) -> str:
    """The module docstring's twin rules: of Windows-1252 and ISO 8859-15, the ISO one only on
    Latin-9 evidence; of cp1250 and ISO 8859-2 when both fit, the one the C1 bytes point to."""
    has_c1 = len(sample.translate(None, _C1_BYTES)) < len(sample)
    if encoding in _WESTERN_TWINS:
        return "iso8859-15" if not has_c1 and latin9_evidence(sample) else "cp1252"
    if encoding in _CENTRAL_TWINS and fitting >= _CENTRAL_TWINS:
        return "cp1250" if has_c1 else "iso8859-2"
    return encoding


def latin9_evidence(sample: bytes) -> bool:
    """Whether a byte where ISO 8859-15 and Windows-1252 differ reads, in Latin-9, as a character
    that text shows there: ``€`` beside a digit or a space (``5 €``), a small ``œ š ž`` beside a
    letter (``sœur``), a capital ``Œ Š`` opening a word or among capitals (``Škoda``; not
    ``Ž``, which is ``´``, the stand-in for an apostrophe or a quotation mark: ``´Hello´``).
    Latin-1 text read in Latin-9 shows none of these: ``1½`` is ``1œ``, ``ist´s`` is
    ``istŽs``, ``¼ Hektar`` is ``Œ Hektar``."""
    if len(sample.translate(None, _LATIN9_DIFFERENT_BYTES)) == len(sample):
        return False
    return _LATIN9_EVIDENCE_RE.search(sample.decode("iso8859-15")) is not None


def garbled_as_fallback(sample: bytes) -> bool:
    """Whether the Windows-1252 reading of ``sample`` looks garbled: at least
    :data:`GARBLED_MIN_CHARS` characters that a Western text does not hold where they stand and
    that a Central European or Turkish text read as Windows-1252 is full of: a symbol between
    two letters (Polish ``ł`` is ``³``: ``W³adze``; ISO 8859-2 ``ž š ť`` are ``¾ ¹ »``), an
    Icelandic letter beside a letter (Turkish ``ş ı ğ`` are ``þ ý ð``: ``perþembe``), an
    ``ì`` between letters (Czech ``ě`` in cp1250: ``mìsto``; Italian ``ì`` ends its words).
    Too few non-ASCII bytes to let the detector judge, but this many, and it is asked anyway."""
    return looks_garbled(sample.decode(FALLBACK_ENCODING, errors=_LATIN1_FALLBACK))


def looks_garbled(text: str) -> bool:
    """Whether a Western reading (Windows-1252 or ISO 8859-15) of a sample holds at least
    :data:`GARBLED_MIN_CHARS` of the characters :func:`garbled_as_fallback` names."""
    found = _GARBLED_RE.finditer(text)
    return all(next(found, None) is not None for _ in range(GARBLED_MIN_CHARS))  # stops at the 3rd


@dataclass(frozen=True, slots=True)
class _Reading:
    """One way the detector read the sample, in an encoding made for the language its letters
    look like: how garbled (``chaos``) and how much like that language (``coherence``) the text
    came out, and the encoding's rank in the preference."""

    encoding: str
    chaos: float
    coherence: float
    rank: int

    def better_than(self, other: _Reading) -> bool:
        """Less chaos wins; about as little (within :data:`CHAOS_TIE`), more coherence; about
        as much (within :data:`COHERENCE_TIE`), the preferred encoding. (The tolerances are
        charset-normalizer's own, which then prefers the encoding it tried first.)"""
        if abs(self.chaos - other.chaos) >= CHAOS_TIE:
            return self.chaos < other.chaos
        if abs(self.coherence - other.coherence) > COHERENCE_TIE:
            return self.coherence > other.coherence
        return self.rank < other.rank


def _codec_name(name: str) -> str:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return name


def _clean(text: str, encoding: str) -> Decoded:
    """Remove the characters of the module docstring's last rule, counting them."""
    fixes: Counter[str] = Counter()
    if not _UNWANTED_RE.search(text):
        return Decoded(text, encoding, fixes)
    if _NEXT_LINE in text:
        fixes["newline"] = text.count(_NEXT_LINE)
        text = text.replace(_NEXT_LINE, "\n")
    for name, pattern in CONTROL_RULES:
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
