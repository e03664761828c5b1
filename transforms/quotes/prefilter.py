"""The prefilter: one scan of a text for every place a cue may start.

The extractor reads only the sentences that hold a quotation mark or a cue (the paragraphs of
:func:`~.sentences._sentences`, the sentences of :func:`~.extract._sentence_parts`), so finding
the cues is the one pass over the whole text that every article pays for. It used to be three:
the alternation of every cue form (:data:`~.patterns._CUE_RE`, tried at each space), `` that``
(for the noun and ``-ed`` cues before it) and the capitalised cues that open a sentence. One
Aho–Corasick automaton (``pyahocorasick``) now reads the text once and stops only where one of
these keys is written:

- `` `` and the first word of a cue form of ``cues.toml`` (`` said``, `` according`` …): the
  form itself is then matched there by :data:`~.patterns._CUE_RE`;
- `` that``: :func:`~.extract._cue_spans` reads the word before it;
- a capitalised cue of :data:`CAPITAL_CUES` (``According to ``, ``Said `` …).

The keys are derived from the same lexicon the patterns are built from (no second list), and each
hit is checked by the pattern it stands for: the spans found are the patterns' own. The tests
(``tests/transforms/quotes/test_prefilter.py``) hold every cue of the lexicon to a hit, and the
cue spans to those of the three scans, over texts built from the lexicon's cues and quotation marks.
"""

from __future__ import annotations

from collections.abc import Iterator

import ahocorasick

from transforms.quotes.patterns import _CUE_FORMS

#: capitalised cues that open a sentence (the cue is the text without the trailing space)
CAPITAL_CUES: tuple[str, ...] = ("According to ", "Said ", "Asked ", "Says ")

#: the kinds of a key (a key may be of several: each is a bit)
CUE_WORD = 1  #: a space and the first word of a cue form
THAT = 2  #: `` that``
CAPITAL_CUE = 4  #: a capitalised cue of :data:`CAPITAL_CUES`


def _keys() -> dict[str, int]:
    """Every key of the automaton, with its kinds."""
    keys: dict[str, int] = {}
    for form in _CUE_FORMS:
        key = " " + form.split(" ", 1)[0]
        keys[key] = keys.get(key, 0) | CUE_WORD
    keys[" that"] = keys.get(" that", 0) | THAT
    for capital in CAPITAL_CUES:
        keys[capital] = keys.get(capital, 0) | CAPITAL_CUE
    return keys


KEYS: dict[str, int] = _keys()


def _automaton() -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for key, kinds in KEYS.items():
        automaton.add_word(key, (len(key), kinds))
    automaton.make_automaton()
    return automaton


_AUTOMATON = _automaton()


def cue_hits(text: str) -> Iterator[tuple[int, tuple[int, int]]]:
    """Every key written in ``text``, overlaps included: ``(index of its last character, (its
    length, its kinds))``, in the order of their ends. A cue-word key holds no space after its
    first character, so no such key starts inside another: the cue-word hits come in the order of
    their starts too (two at one start, `` ask`` and `` asked``, the shorter first)."""
    return _AUTOMATON.iter(text)
