"""The language of an article, from Google's Compact Language Detector 2 (``pycld2``).

CLD2 ships inside the package (no download) and reads a couple of thousand characters in well under
a millisecond. Rules:

* The title and the first :data:`LANGUAGE_SAMPLE_CHARS` characters of the body are read.
* The answer is CLD2's top language as an ISO 639-1 code (``en``, ``ar``, ``zh``, ``el``, ``it``
  ...); ``und`` (undetermined) when the text is too short or CLD2 is not confident.
"""

from __future__ import annotations

import pycld2

#: 2,000 characters (was 4,000): CLD2's time is linear in what it reads, and every article of the
#: reference corpora (2,912) and of a 20,000-file benchmark corpus gets the same language from its
#: first 600, 1,000, 1,500 or 2,000 characters as from 4,000; 2,000 keeps a margin for a text
#: that opens with a passage in another language (a quotation, a dateline)
LANGUAGE_SAMPLE_CHARS = 2000
UNDETERMINED = "und"
_MIN_LETTERS = 20
# CLD2 names a few languages by their own codes; map those to ISO 639-1
_CODE_FIXES = {"zh-Hant": "zh", "un": UNDETERMINED, "xx-Qaai": UNDETERMINED}


def detect_language(title: str | None, body: str) -> str:
    """ISO 639-1 code of the article's language, or ``und`` (rules in the module docstring)."""
    text = (title or "") + "\n" + body[:LANGUAGE_SAMPLE_CHARS]
    if sum(map(str.isalpha, text[:400])) < _MIN_LETTERS:
        return UNDETERMINED
    try:
        reliable, _, details = pycld2.detect(text.encode("utf-8", "ignore"), isPlainText=True)
    except pycld2.error:
        return UNDETERMINED
    code = details[0][1] if details else "un"
    if not reliable and code == "un":
        return UNDETERMINED
    return _CODE_FIXES.get(code, code)
