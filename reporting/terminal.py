"""Untrusted text made safe for a terminal.

Paths, archive member names, error messages, warehouse values and report headlines all come from
scraped files or from the file system, which anyone may have named. Printed raw, they could:

* drive the terminal: an ESC (``\\x1b``) or CSI (``\\x9b``) sequence can move the cursor, rewrite
  earlier lines, change the window title or hide text;
* reorder what the reader sees: a bidi override (U+202E) makes ``txt.exe`` read as ``exe.txt``;
* be read as rich markup: ``enc[/x].txt`` is a closing tag to rich and raised ``MarkupError``.

The CLI therefore prints such text through :func:`visible` and never through rich's markup
parser (``markup=False`` or a :class:`rich.text.Text`). :func:`visible` keeps the text readable
by eye: every control character except newline and tab becomes its Python escape
(``\\x1b``, ``\\x9b``), every bidi control its ``\\u`` escape (``\\u202e``). It is one
``str.translate`` pass: linear in the text, whatever it holds.
"""

from __future__ import annotations

#: C0 controls (but newline and tab, which a table cell or a message may rightly hold), DEL, C1
_CONTROL_CODEPOINTS = [c for c in range(0x20) if chr(c) not in "\n\t"] + list(range(0x7F, 0xA0))
#: bidi marks, embeddings, overrides and isolates, and the line/paragraph separators
_BIDI_CODEPOINTS = [0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x2028, 0x2029]

_VISIBLE = {c: f"\\x{c:02x}" for c in _CONTROL_CODEPOINTS} | {c: f"\\u{c:04x}" for c in _BIDI_CODEPOINTS}


def visible(text: object) -> str:
    """``text`` as a string whose control and bidi characters are shown as escapes, e.g.
    ``visible("a\\x1b[2Jb\\u202e")`` is ``'a\\\\x1b[2Jb\\\\u202e'``; other text is unchanged."""
    return str(text).translate(_VISIBLE)


def one_line(text: object) -> str:
    """:func:`visible`, with newlines and tabs escaped too: for a message that must stay one line."""
    return visible(text).replace("\n", "\\n").replace("\t", "\\t")
