"""Text from data made safe at its sink: an HTML page, an SVG chart, a Markdown artifact, a terminal line.

Run ids, paths, reasons, expectation names, observed values and error texts come from scraped files
or from the file system. Every string the report writes goes through one of these: :func:`_h`
(HTML text and attribute values, in SVG too), :func:`_md` (Markdown, on one line) or
:func:`_short` (a terminal line, cut to a length), all built on :func:`_clean`, which names the
characters a reader must not get as they are.
"""

from __future__ import annotations

import html
import re
import unicodedata

# Characters that must not reach the page as they are: C0/C1 controls (other than tab and
# newline), surrogates and noncharacters (invalid in HTML), and the bidirectional formatting
# characters that would reorder what the reader sees (right-to-left marks, embeddings, isolates).
_BIDI_CHARS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
#: Escaped in Markdown: what makes emphasis, code, links, tables, HTML and entities (``&amp;``).
_MARKDOWN_SPECIAL_RE = re.compile(r"([\\`*_{}\[\]<>|#!~&])")


def _clean(text: object) -> str:
    """``text`` as a string safe to show: line breaks kept, invisible and unsafe characters named.

    Control characters other than tab and newline, bidirectional formatting characters, lone
    surrogates and noncharacters become a visible ``[U+XXXX]``, so the page stays valid HTML and
    what the reader sees is what the data holds.
    """
    s = str(text).replace("\r\n", "\n").replace("\r", "\n")
    out: list[str] = []
    for ch in s:
        code = ord(ch)
        if ch in "\t\n":
            out.append(ch)
        elif (
            code < 0x20
            or 0x7F <= code <= 0x9F
            or ch in _BIDI_CHARS
            or unicodedata.category(ch) == "Cs"
            or 0xFDD0 <= code <= 0xFDEF
            or (code & 0xFFFE) == 0xFFFE
        ):
            out.append(f"[U+{code:04X}]")
        else:
            out.append(ch)
    return "".join(out)


def _h(text: object) -> str:
    """Cleaned and HTML-escaped, for element text and attribute values alike."""
    return html.escape(_clean(text), quote=True)


def _md(text: object) -> str:
    """Cleaned and Markdown-escaped, on one line (a table cell or a list item)."""
    one_line = " ".join(_clean(text).split())
    return _MARKDOWN_SPECIAL_RE.sub(r"\\\1", one_line)


def _truncate(text: str, max_chars: int) -> str:
    return text if len(text) <= max_chars else text[: max_chars - 1] + "…"


def _short(text: object, max_chars: int) -> str:
    """Cleaned, on one line, at most ``max_chars`` characters (a terminal line)."""
    return _truncate(" ".join(_clean(text).split()), max_chars)
