"""Word-level operations on texts of any length, in memory bounded by a slice, not by the text.

Why: ``len(text.split())`` on a 20 MiB line builds a list of 3.5 million strings (about 220 MB)
to return one number. These functions give the same answers from slices of the text.

Rules:

* A text is read in slices of about :data:`WORD_SLICE_CHARS` characters, each cut where white
  space begins (white space as ``str.split`` knows it), so no word is ever cut in two: the words
  of the slices, in order, are exactly ``text.split()``. A word longer than a slice is one slice.
* :func:`count_words` is ``len(text.split())``; with ``at_most`` it stops counting there
  (``count_words("a b c d", at_most=2) == 2``), for rules that only ask "at least *n* words?".
* :func:`comparable` is :func:`transforms.text.comparable` (white space collapsed, case
  folded: ``" A  b "`` → ``"a b"``) without the list of every word; :func:`comparable_digest` is
  a digest of it, for telling texts apart without keeping a copy of each (two texts have one
  digest exactly when they have one comparable form, but for a BLAKE2b collision).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator

from transforms.budget import check_budget

#: characters per slice: 64 Ki characters make at most ~32 Ki words (about 2 MB of strings)
WORD_SLICE_CHARS = 1 << 16

_WHITE_SPACE_RE = re.compile(r"\s")  # str.split's white space (both use Py_UNICODE_ISSPACE)


def word_slices(text: str, slice_chars: int = WORD_SLICE_CHARS) -> Iterator[str]:
    """``text`` in consecutive slices cut where white space begins (rules in the module docstring)."""
    start, length = 0, len(text)
    while start < length:
        check_budget()
        space = _WHITE_SPACE_RE.search(text, start + slice_chars) if start + slice_chars < length else None
        end = space.start() if space is not None else length
        yield text[start:end]
        start = end


def count_words(text: str, at_most: int | None = None) -> int:
    """``len(text.split())``, or ``at_most`` once there are that many (module docstring)."""
    if at_most is not None:
        # split at most ``at_most`` times: ``at_most + 1`` pieces at most (the last one the rest of
        # the text, holding a word), fewer only when the text has fewer words; the pieces are
        # bounded by ``at_most``, while the scan and the copy of the rest are linear in the text
        return min(len(text.split(None, at_most)), at_most)
    if len(text) <= WORD_SLICE_CHARS:
        return len(text.split())
    count = 0
    for piece in word_slices(text):
        count += len(piece.split())
    return count


def comparable(text: str) -> str:
    """White space collapsed to single spaces, stripped, case folded (module docstring)."""
    if len(text) <= WORD_SLICE_CHARS:
        return " ".join(text.split()).casefold()
    # case folding maps each character on its own, so the slices may be folded one by one
    parts = [" ".join(piece.split()).casefold() for piece in word_slices(text)]
    return " ".join(part for part in parts if part)


def form_digest(form: str) -> bytes:
    """:func:`comparable_digest` of a text whose :func:`comparable` form is ``form`` (a caller
    that has the form already need not fold the text again)."""
    return hashlib.blake2b(form.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def comparable_digest(text: str) -> bytes:
    """A 16-byte BLAKE2b digest of :func:`comparable` ``(text)``, in memory bounded by a slice."""
    if len(text) <= WORD_SLICE_CHARS:
        return form_digest(comparable(text))
    digest = hashlib.blake2b(digest_size=16)
    separator = b""
    for piece in word_slices(text):
        part = " ".join(piece.split()).casefold()
        if part:
            digest.update(separator + part.encode("utf-8", "surrogatepass"))
            separator = b" "
    return digest.digest()
