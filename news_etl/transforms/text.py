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
"""

from __future__ import annotations

import re
from collections.abc import Iterator

_ODD_SPACES = "\t\u00a0\u2007\u202f\u3000"
_SPACE_RE = re.compile(r"[ \t\u00a0\u2007\u202f\u3000]+")

SENTENCE_END_CHARS = ".!?…"
CLOSING_CHARS = "\"'”’»)]"

#: Tokens (before the final dot) after which a dot does not end a sentence.
ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof gen col lt sgt capt cmdr adm gov sen rep rev st ft mt jr sr no nos vs etc
    inc ltd co corp dept est approx fig vol jan feb mar apr jun jul aug sep sept oct nov dec
    e.g i.e u.s u.k u.n u.s.a a.m p.m
    """.split()
)

# a URL or an e-mail address is a whole word (a run of non-space characters): see _urlish_spans
_WORD_RE = re.compile(r"\S+")
_URL_PREFIX_RE = re.compile(r"https?://|www\.", re.IGNORECASE)
# a sentence end (with optional closing quote) glued to a capitalised word of two letters or more
_GLUED_RE = re.compile(r"(?<=[A-Za-z0-9)\]%])([.!?…]+[\"'”’]?)(?=[A-Z][a-z])")
# the capitalised word after a glued dot, when it is itself followed by ".com"-like text: a domain
_DOMAIN_AFTER_RE = re.compile(r"[A-Z][a-z]+\.[a-z]{2,}\b")
_CAPITALISED_WORD_RE = re.compile(r"[A-Z][a-z]+")
#: Top-level domains that a site may write capitalised ("Orbitline.Com"): no sentence starts here.
DOMAIN_SUFFIXES = frozenset("com org net info biz gov edu io co uk ru de fr tv news".split())
_SENTENCE_SPLIT_RE = re.compile(r"(?<=[.!?…])([\"'”’)\]]*)\s+(?=[\"“‘(\[]?[A-Z0-9])")


def collapse_spaces(text: str) -> str:
    """One space for every run of horizontal white space, stripped at both ends."""
    if "  " in text or any(char in text for char in _ODD_SPACES):
        return _SPACE_RE.sub(" ", text).strip()
    return text.strip()  # the common line: single plain spaces only


def ends_sentence(line: str) -> bool:
    """True when the line's last character, after closing quotes and brackets, ends a sentence."""
    stripped = line.rstrip().rstrip(CLOSING_CHARS)
    return bool(stripped) and stripped[-1] in SENTENCE_END_CHARS


def repair_glued_sentences(text: str) -> str:
    """Give glued sentence boundaries their space back (``policies.The`` → ``policies. The``)."""
    if not _GLUED_RE.search(text):
        return text
    out: list[str] = []
    last = 0
    for start, end in _urlish_spans(text):
        out.append(_repair_plain(text[last:start]))
        out.append(text[start:end])
        last = end
    out.append(_repair_plain(text[last:]))
    return "".join(out)


def _urlish_spans(text: str) -> Iterator[tuple[int, int]]:
    r"""The URLs and e-mail addresses of ``text``, as spans: what the pattern
    ``(?:https?://|www\.)\S+|\S+@\S+\.\S+`` (case-insensitive) finds, in one pass over the words.

    Each match lies inside one word (a run of non-space characters) and runs to its end: the word
    is an e-mail address when an ``@`` follows its first character and a ``.`` with a character on
    each side follows that ``@`` (``jo@x.com``); otherwise the address starts at the word's first
    ``http://``, ``https://`` or ``www.`` that has a character after it (``(see:http://x.com)``).
    """
    for word in _WORD_RE.finditer(text):
        start, end = word.span()
        at = text.find("@", start + 1, end)
        if at != -1 and text.rfind(".", at + 2, end - 1) != -1:
            yield start, end
            continue
        prefix = _URL_PREFIX_RE.search(text, start, end)
        if prefix is not None and prefix.end() < end:
            yield prefix.start(), end


def _repair_plain(text: str) -> str:
    def fix(match: re.Match[str]) -> str:
        word = _CAPITALISED_WORD_RE.match(text, match.end())
        is_domain = _DOMAIN_AFTER_RE.match(text, match.end()) or (
            word is not None and word.group(0).lower() in DOMAIN_SUFFIXES and match.group(1) == "."
        )
        return match.group(0) if is_domain else match.group(0) + " "

    return _GLUED_RE.sub(fix, text)


def split_sentences(text: str) -> list[str]:
    """Split a paragraph into sentences (rules in the module docstring)."""
    pieces: list[str] = []
    start = 0
    for match in _SENTENCE_SPLIT_RE.finditer(text):
        end = match.end(1)
        if _ends_with_abbreviation(text, start, end):
            continue  # the candidate grows: it is read in place, never copied (linear time)
        pieces.append(text[start:end].strip())
        start = match.end()
    tail = text[start:].strip()
    if tail:
        pieces.append(tail)
    return [p for p in pieces if p]


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
    return " ".join(text.split()).casefold()
