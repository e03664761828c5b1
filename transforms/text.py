r"""Line- and sentence-level text rules shared by the parser and the quote extractor.

Rules (each with a tiny example):

* **White space.** Runs of spaces, tabs and non-breaking spaces become one space; lines are
  stripped. ``"a \u00a0 b "`` → ``"a b"``.
* **Sentence end.** A line ends a sentence when its last character, after closing quotes and
  brackets, is ``. ! ? …``: ``He left.`` and ``"We are ready."`` do; ``with Moscow`` and
  ``the "Western partners"`` do not.
* **Glued sentences.** A sentence end directly followed by a capitalised word gets its space
  back: ``policies.The minister`` → ``policies. The minister``. Never inside an initialism or a
  number (``U.S.``, ``3.5`` — the next character is not a capitalised word), a domain
  (``Sputnik.com``, ``Orbitline.Com``), ``e.g.`` or a URL (URLs and e-mail addresses are left
  untouched).
* **Sentences.** Split after ``. ! ? …`` (and any closing quotes) followed by white space and an
  upper-case letter, a digit or an opening quote, except after a known abbreviation
  (``Mr.``, ``Gen.``, ``U.S.``) or a single initial (``J. Smith``).

Linear time, whatever the input: every pattern here matches in time proportional to the text it
reads (no nested or overlapping quantifiers), the URL and e-mail guard is a scan over the line's
words (``\S+@\S+\.\S+`` as a regular expression backtracks cubically on ``a@a@a@…``), and
sentence splitting looks at the last word of each candidate sentence in place, without copying
the text before it.

Bounded memory and time budget, whatever the length of a line (a scraped file may be one 20 MiB
line): a regular expression substitution over a whole line holds every match and every piece
between matches as a separate string until it joins them (``"ab  cd  "`` repeated over 20 MiB
cost 471 MB), and one substitution is one step that no deadline check can interrupt. So:

* :func:`collapse_spaces` substitutes slice by slice: slices of about :data:`LINE_SLICE_CHARS`
  characters, each cut just after a character that is not horizontal white space, so a run of
  white space is never split and each slice collapses exactly as it would inside the line.
* :func:`repair_glued_sentences` and :func:`iter_sentences` read the line in place and produce
  their output piece by piece; :func:`_joined` joins the pieces every
  :data:`PIECES_PER_JOIN` pieces. Output is the same as the whole-line substitution.
* :func:`ends_sentence` reads the end of the line back in slices instead of copying it stripped;
  :func:`comparable` is :func:`transforms.words.comparable` (slices cut at white space).
* Between slices, batches of pieces and :data:`PIECES_PER_JOIN` words or sentences they call
  :func:`~transforms.budget.check_budget`, so a line under a time budget stops within
  one slice.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from schemas.lexicon import lexicon
from transforms import words
from transforms.budget import check_budget

#: characters per slice of a long line (white space collapse, reading a line's end back)
LINE_SLICE_CHARS = 1 << 16
#: output pieces (or words, sentences) between two joins and two budget checks
PIECES_PER_JOIN = 4096

_ODD_SPACES = "\t\u00a0\u2007\u202f\u3000"
_SPACE_RE = re.compile(r"[ \t\u00a0\u2007\u202f\u3000]+")
_NOT_SPACE_RE = re.compile(r"[^ \t\u00a0\u2007\u202f\u3000]")

SENTENCE_END_CHARS = ".!?…"
CLOSING_CHARS = "\"'”’»)]"

#: Tokens (before the final dot) after which a dot does not end a sentence.
ABBREVIATIONS: frozenset[str] = lexicon("abbreviations")  # the quote extractor's list too

# a URL or an e-mail address is a whole word (a run of non-space characters): see _urlish_spans
_WORD_RE = re.compile(r"\S+")
_URL_PREFIX_RE = re.compile(r"https?://|www\.", re.IGNORECASE)
# a sentence end (with optional closing quote) glued to a capitalised word of two letters or more
_GLUED_RE = re.compile(r"(?<=[A-Za-z0-9)\]%])([.!?…]+[\"'”’]?)(?=[A-Z][a-z])")
# what every glued boundary holds: a line without it is left alone without trying _GLUED_RE,
# whose look-behind is tried at every character (a pattern that opens with a character class is
# scanned for that class first: six times faster over the reference corpora's lines)
_GLUED_HINT_RE = re.compile(r"[.!?…][\"'”’]?[A-Z][a-z]")
# the capitalised word after a glued dot, when it is itself followed by ".com"-like text: a domain
_DOMAIN_AFTER_RE = re.compile(r"[A-Z][a-z]+\.[a-z]{2,}\b")
_CAPITALISED_WORD_RE = re.compile(r"[A-Z][a-z]+")
#: Top-level domains that a site may write capitalised ("Orbitline.Com"): no sentence starts here.
DOMAIN_SUFFIXES = frozenset("com org net info biz gov edu io co uk ru de fr tv news".split())
_SENTENCE_SPLIT_RE = re.compile(r"(?<=[.!?…])([\"'”’)\]]*)\s+(?=[\"“‘(\[]?[A-Z0-9])")


def collapse_spaces(text: str) -> str:
    """One space for every run of horizontal white space, stripped at both ends."""
    if not ("  " in text or any(char in text for char in _ODD_SPACES)):
        return text.strip()  # the common line: single plain spaces only
    slice_chars, length = LINE_SLICE_CHARS, len(text)
    if length <= slice_chars:
        return _SPACE_RE.sub(" ", text).strip()
    parts: list[str] = []
    start = 0
    while start < length:
        check_budget()
        # cut just after a character that is no white space: no run of white space is split
        cut = _NOT_SPACE_RE.search(text, start + slice_chars - 1) if start + slice_chars < length else None
        end = cut.end() if cut is not None else length
        parts.append(_SPACE_RE.sub(" ", text[start:end]))
        start = end
    return "".join(parts).strip()


def ends_sentence(line: str) -> bool:
    """True when the line's last character, after closing quotes and brackets, ends a sentence."""
    end = _stripped_end(line, _stripped_end(line, len(line), None), CLOSING_CHARS)
    return end > 0 and line[end - 1] in SENTENCE_END_CHARS


def _stripped_end(text: str, end: int, chars: str | None) -> int:
    """``len(text[:end].rstrip(chars))``, reading slices from the end instead of copying the text."""
    while end > 0:
        check_budget()
        window = text[max(0, end - LINE_SLICE_CHARS) : end]
        kept = len(window.rstrip(chars))
        end -= len(window) - kept
        if kept:
            break
    return end


def repair_glued_sentences(text: str) -> str:
    """Give glued sentence boundaries their space back (``policies.The`` → ``policies. The``)."""
    if not _GLUED_HINT_RE.search(text) or not _GLUED_RE.search(text):
        return text
    return _joined(_repaired_pieces(text))


def _repaired_pieces(text: str) -> Iterator[str]:
    """The pieces of the repaired text, in order: the plain text between URLs repaired, the URLs
    and e-mail addresses as they are."""
    last = 0
    for start, end in _urlish_spans(text):
        yield from _repaired_plain(text, last, start)
        yield text[start:end]
        last = end
    yield from _repaired_plain(text, last, len(text))


def _joined(pieces: Iterable[str]) -> str:
    """``"".join(pieces)``, holding at most :data:`PIECES_PER_JOIN` pieces at a time (a list of
    millions of small strings costs ten times the text they hold); checks the budget between."""
    chunks: list[str] = []
    pending: list[str] = []
    for piece in pieces:
        pending.append(piece)
        if len(pending) >= PIECES_PER_JOIN:
            chunks.append("".join(pending))
            pending.clear()
            check_budget()
    chunks.append("".join(pending))
    return "".join(chunks)


def _urlish_spans(text: str) -> Iterator[tuple[int, int]]:
    r"""The URLs and e-mail addresses of ``text``, as spans: what the pattern
    ``(?:https?://|www\.)\S+|\S+@\S+\.\S+`` (case-insensitive) finds, in one pass over the words.

    Each match lies inside one word (a run of non-space characters) and runs to its end: the word
    is an e-mail address when an ``@`` follows its first character and a ``.`` with a character on
    each side follows that ``@`` (``jo@x.com``); otherwise the address starts at the word's first
    ``http://``, ``https://`` or ``www.`` that has a character after it (``(see:http://x.com)``).
    A text without an ``@`` and without any of those prefixes has none (two scans of the text
    instead of a look at each of its words).
    """
    if "@" not in text and _URL_PREFIX_RE.search(text) is None:
        return
    for number, word in enumerate(_WORD_RE.finditer(text)):
        if number % PIECES_PER_JOIN == 0:
            check_budget()
        start, end = word.span()
        at = text.find("@", start + 1, end)
        if at != -1 and text.rfind(".", at + 2, end - 1) != -1:
            yield start, end
            continue
        prefix = _URL_PREFIX_RE.search(text, start, end)
        if prefix is not None and prefix.end() < end:
            yield prefix.start(), end


def _repaired_plain(text: str, pos: int, endpos: int) -> Iterator[str]:
    """The pieces of ``text[pos:endpos]`` (text without URLs) with a space after each glued
    sentence end that is no domain's dot. Read in place, as the slice would read: ``endpos`` ends
    every pattern as the slice's end would, and ``pos`` is the line's start or white space just
    after a URL (an address runs to the end of its word), where no match can start, so a look
    behind it changes nothing."""
    last = pos
    for match in _GLUED_RE.finditer(text, pos, endpos):
        after = match.end()
        word = _CAPITALISED_WORD_RE.match(text, after, endpos)
        is_domain = _DOMAIN_AFTER_RE.match(text, after, endpos) or (
            word is not None and word.group(0).lower() in DOMAIN_SUFFIXES and match.group(1) == "."
        )
        if not is_domain:
            yield text[last:after]
            yield " "
            last = after
    yield text[last:endpos]


def split_sentences(text: str) -> list[str]:
    """Split a paragraph into sentences (rules in the module docstring)."""
    return list(iter_sentences(text))


def iter_sentences(text: str) -> Iterator[str]:
    """The sentences of :func:`split_sentences`, one at a time (a caller that needs only the first
    few never holds them all); checks the budget every :data:`PIECES_PER_JOIN` candidates."""
    start = 0
    for number, match in enumerate(_SENTENCE_SPLIT_RE.finditer(text), start=1):
        if number % PIECES_PER_JOIN == 0:
            check_budget()
        end = match.end(1)
        if _ends_with_abbreviation(text, start, end):
            continue  # the candidate grows: it is read in place, never copied (linear time)
        piece = text[start:end].strip()
        if piece:
            yield piece
        start = match.end()
    tail = text[start:].strip()
    if tail:
        yield tail


def _ends_with_abbreviation(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` ends with an abbreviation's or an initial's dot (closing marks
    after it allowed). Reads back from ``end`` over the last word only."""
    while end > start and text[end - 1] in CLOSING_CHARS:
        end -= 1
    if end == start or text[end - 1] != ".":
        return False
    word_end = end - 1
    while word_end > start and text[word_end - 1].isspace():
        word_end -= 1
    word_start = word_end
    while word_start > start and not text[word_start - 1].isspace():
        word_start -= 1
    token = text[word_start:word_end].lstrip("\"'“‘([").lower()
    if len(token) == 1 and token.isalpha():
        return True  # an initial: "J. Smith"
    return token in ABBREVIATIONS


def comparable(text: str) -> str:
    """Text reduced for comparing lines and sentences: white space collapsed, case folded."""
    return words.comparable(text)  # in slices: " ".join(text.split()) costs ~220 MB on 20 MiB
