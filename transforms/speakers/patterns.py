"""The speaker resolver's patterns: name runs, sentence ends, transcript turns, appositions.

Every pattern matches in linear time (name words are possessive: a word is never re-read shorter);
each is compiled once, from the rule data of :mod:`transforms.speakers.rules`.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Iterator

from schemas.lexicon import lexicon_entries
from transforms.speakers.rules import _PARTICLES, MAX_NAME_RUN_WORDS, ROLE_NOUNS


def _letters(upper: bool) -> str:
    """A character class body of the upper-case (or lower-case) letters of the Basic Multilingual
    Plane, as ranges: ``re`` has no ``\\p{Lu}``. Lower case takes combining marks too (a name in
    decomposed form, ``Jose\u0301``)."""
    import unicodedata

    ranges: list[tuple[int, int]] = []
    for cp in range(0x10000):
        c = chr(cp)
        ok = (
            (c.isupper() or unicodedata.category(c) == "Lt")
            if upper
            else (c.islower() or unicodedata.category(c) == "Mn")
        )
        if ok:
            if ranges and ranges[-1][1] == cp - 1:
                ranges[-1] = (ranges[-1][0], cp)
            else:
                ranges.append((cp, cp))
    return "".join(
        re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges
    )


_UP = "[" + _letters(True) + "]"
_LO_CHARS = _letters(False)
# a run of capitalised words (a name, with titles): at most MAX_NAME_RUN_WORDS words after the first,
# so that a failed match ("A. A. A. …", no word boundary after any ".") costs a bounded look ahead
# from each start instead of the rest of the run (quadratic in the run)
# the first word of a run may end in a dot ("Mr.", "A."); a hyphen may be followed by a capital
# ("Kilroy-Silk", "Jay-Z"); the alternatives start with different characters, so nothing backtracks
# ("McLetchie", "MacDonald": a capital after Mc or Mac); the alternatives start with different
# characters (or the same capital behind different letters), so nothing backtracks
_BODY = rf"[{_LO_CHARS}’']|-{_UP}?|(?<=Mc){_UP}|(?<=Mac){_UP}"
_FIRST_WORD = rf"{_UP}(?:{_BODY}|\.)+"
_NEXT_WORD = rf"{_UP}\.|{_UP}(?:{_BODY})+"
_PERSON_RE = re.compile(
    rf"(?:{_FIRST_WORD})(?:\s+(?:{_NEXT_WORD}|(?:{_PARTICLES})(?=\s+{_UP}))){{1,{MAX_NAME_RUN_WORDS}}}\b"
)
# runs of two words or more: the scan for mentions (a surname alone is looked for after it)
# (it opens with the capital and then looks behind it, so that the engine skips ahead to a capital;
# its words are possessive: a word is never re-read shorter, "Jo-Jo-Jo-…" costs its length once;
# inside a possessive word a run of lower-case letters is taken whole, not one alternation per
# letter: the same words, read faster)
_RUN_BODY = rf"[{_LO_CHARS}’']++|-{_UP}?|(?<=Mc){_UP}|(?<=Mac){_UP}"
_MULTI_RUN_RE = re.compile(
    rf"{_UP}(?<![\w’'-].)(?:{_RUN_BODY}|\.)++"
    rf"(?:\s+(?:{_UP}\.|{_UP}(?:{_RUN_BODY})++|(?:{_PARTICLES})(?=\s+{_UP}))){{1,{MAX_NAME_RUN_WORDS}}}"
    r"(?![\w])"
)
# the same with one word allowed
# (it opens with the capital, so that the engine skips ahead to one: a run that starts inside a
# word, "Donald" in "McDonald", is passed over by the caller)
_RUN_RE = re.compile(
    rf"{_FIRST_WORD}(?:\s+(?:{_NEXT_WORD}|(?:{_PARTICLES})(?=\s+{_UP}))){{0,{MAX_NAME_RUN_WORDS}}}(?![\w])"
)
_NAME_GOES_ON_RE = re.compile(rf"\s+(?:{_NEXT_WORD})")

# a sentence ends at . ! ? (closing marks kept) before a capital or an opening mark, or at a line
# break; "Mr." and the like do not end one
_SENTENCE_END_RE = re.compile(
    r"[.!?\n](?:(?<=\n)\n*|(?<!\bMr.)(?<!\bMrs.)(?<!\bMs.)(?<!\bDr.)(?<!\bSt.)"
    rf"(?<!\b{_UP}.)[\"”’')\]]*\s+(?=[\"“‘'(\[]*{_UP}))"
)
# a transcript turn: a name and a colon at the start of a line or after a sentence
# (it opens with the capital, for speed; where it may start is checked by the caller: the start of
# the text or a line, or after a sentence or an elision "<…> ")
_TURN_RE = re.compile(rf"{_UP}[{_LO_CHARS}’'.-]+(?:\s+(?:{_UP}[{_LO_CHARS}’'.-]+|of|the)){{0,8}}(?=:\s)")
_TURN_AFTER = ("\n", ". ", "! ", "? ", '" ', "” ", "> ", "… ", ".) ")
_TURN_WORDS = 9  #: the most words of a turn label, as _TURN_RE reads them (the first and eight more)


def turn_labels(text: str) -> Iterator[re.Match[str]]:
    """What ``_TURN_RE.finditer(text)`` finds, in order, without trying the pattern at every capital
    of the text: a label ends at a colon that white space follows, holds no colon and no white space
    inside a word, and has :data:`_TURN_WORDS` words at most, of which all but the first are whole
    words of the text. So each label is looked for only among the :data:`_TURN_WORDS` words before
    such a colon, after the colon before it (linear: each stretch between two colons is copied once and
    read once forward)."""
    floor = 0  # after the last colon a label may end at: no label holds it
    size = len(text)
    colon = text.find(":")
    while colon != -1:
        if colon + 1 < size and text[colon + 1].isspace():
            # the last nine words before the colon start after what rsplit leaves of the rest
            words = text[floor:colon].rsplit(None, _TURN_WORDS)
            start = floor + len(words[0]) if len(words) > _TURN_WORDS else floor
            label = _TURN_RE.search(text, start, colon + 2)
            if label is not None:
                yield label
            floor = colon + 1
        colon = text.find(":", colon + 1)


_ROLE_ALTERNATION = "|".join(sorted((re.escape(r) for r in ROLE_NOUNS), key=len, reverse=True))
# "the minister", "The Russian president", "the former prime minister" (two words at most between)
# (as two literals: the engine skips ahead to a literal much faster than to a class of letters)
_THE_RES = (re.compile(r"the\s+"), re.compile(r"The\s+"))
_MATCH_START = operator.methodcaller("start")
# after a name: ", a spokesman", ", the party's leader", ", an analyst at X"
# (the apposition closes after the role, or goes on with a preposition: "Jo Doe, a spokesman for
# X, said"; "Condoleezza Rice, the prime minister said" is a new clause, not an apposition); an
# owner's possessive takes the article's place (", Mongolia's president"), and a role followed by
# "of"/"at"/"for" needs none (", president of Mongolia,"): both introduce another holder of the role
_APPOSITION_ROLE_RE = re.compile(
    rf",\s+(?:(?:the|a|an|its|their)\s+(?:[\w’'-]+\s+){{0,3}}?|{_UP}[\w.-]*(?:’s|'s)\s+(?:[\w’'-]+\s+){{0,2}}?)"
    rf"((?i:{_ROLE_ALTERNATION}))(?![\w-])"
    r"(?=\s*[,;.)]|\s+(?:for|of|at|in|with|from|to|and)\b)"
    rf"|,\s+((?i:{_ROLE_ALTERNATION}))\s+(?=(?:of|at|for)\s)"
)
_APPOSITION_WHO_RE = re.compile(r",\s+who\b")
_MEMBER_OF_RE = re.compile(r" (?:of|from|at) ")
_ACRONYM_RE = re.compile(r"[A-Z]{2,6}")
# the nouns of lexicons/speaker_organisation_nouns.txt
_APPOSITION_ORG_RE = re.compile(
    r",\s+(?:the|a|an)\s+(?:[\w’'-]+\s+){0,4}?(?:"
    + "|".join(re.escape(noun) for noun in lexicon_entries("speaker_organisation_nouns"))
    + r")\b"
)
# the verbs of lexicons/speaker_sending_verbs.txt
_SENDING_RE = re.compile(
    r"\s+(?:has\s+|had\s+)?(?:"
    + "|".join(re.escape(verb) for verb in lexicon_entries("speaker_sending_verbs"))
    + r")\b"
)
# "Mr Medvedev." as a sentence of its own: the chair gives the floor (a transcript turn of someone
# unnamed by a label starts); so does an elision ("<…>") or a label this module cannot read ("X :")
_FLOOR_RE = re.compile(rf"M(?:r|s|rs|adam)\.? {_UP}[{_LO_CHARS}’'-]+\.(?= )|<(?:…|\.\.\.)>| :\s|\):\s")
_FLOOR_NAME_RE = re.compile(rf"M(?:r|s|rs|adam)\.? {_UP}[{_LO_CHARS}’'-]+\.(?= )")  #: its first branch
_ELISIONS = ("<…>", "<...>")  #: its second


def floor_marks(text: str) -> list[tuple[int, int]]:
    """The spans ``_FLOOR_RE.finditer(text)`` finds, in order, without trying the pattern at every
    space: each branch opens with its own character (``M``, ``<``, a space, ``)``), and a match of
    the first two never overlaps one of another branch, so their spans are found alone (a
    literal-led pattern, ``str.find``). A colon mark may overlap the one before it (``): : ``); as
    the pattern does, the first is taken and the next is looked for after its end."""
    spans = [m.span() for m in _FLOOR_NAME_RE.finditer(text)]
    for elision in _ELISIONS:
        at = text.find(elision)
        while at != -1:
            spans.append((at, at + len(elision)))
            at = text.find(elision, at + len(elision))
    size, end = len(text), 0
    at = text.find(":", 1)  # a colon mark: " :" or "):" before white space
    while at != -1:
        if text[at - 1] in " )" and at + 1 < size and text[at + 1].isspace() and at - 1 >= end:
            end = at + 2
            spans.append((at - 1, end))
        at = text.find(":", at + 1)
    spans.sort()
    return spans
