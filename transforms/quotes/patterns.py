"""Compiled patterns shared by several steps of the quote extractor: quotation marks, paragraphs,
the one alternation of every cue form (:data:`_CUE_RE`, built as a prefix trie) and the ``that``
and ``told`` clause openers.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable

from transforms.quotes.cues import REPORTING_CUES

_MARK_RE = re.compile(r"''|[\"“”„‟«»]")
_MARK_CHARS = '"“”„‟«»'  # the one-character marks (str.find is much faster than a pattern)
_PARA_RE = re.compile(r"[^\n]+")


_Trie = dict[str, "_Trie"]


def _trie_pattern(words: Iterable[str]) -> str:
    """One regex alternation for many literal words, factored by prefix so matching stays fast."""
    trie: _Trie = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def render(node: _Trie) -> str:
        branches = []
        optional = False
        for char in sorted(node):
            if char == "":
                optional = True
                continue
            child = node[char]
            branches.append((r"\s+" if char == " " else re.escape(char)) + render(child))
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if optional:
            return "(?:" + body + ")?"
        return body

    return render(trie)


_CUE_FORMS: frozenset[str] = frozenset(f for forms in REPORTING_CUES.values() for f in forms)
# a cue follows a space (a literal first character keeps the scan fast); "According to" opens sentences
_CUE_RE = re.compile(r" (" + _trie_pattern(_CUE_FORMS) + r")\b")
_TOLD_CLAUSE_RE = re.compile(
    r"(?<=\s)(?:he|she|they|we|I|it|there)\s+(?:\w+n’t\s+|\w+n't\s+|not\s+)?"
    r"(?:was|were|is|are|had|has|have|would|will|could|can|should|did|does|do|might|may|must|\w+ed)\b"
)
_THAT_RE = re.compile(r"\s*(?:,\s*)?that\b\s*", re.IGNORECASE)
# "discussed the evacuation of citizens that are in Ukraine", "voiced its readiness to sign a treaty
# that would …": a "that" after words following the cue, itself followed by a verb, opens a relative
# clause on the noun before it (a reported clause after "that" opens with its subject); a verb is an
# auxiliary, one of a few common verbs or any word in -ed ("the problems that caused …", "a war that
# ended"); "I believe the US is not that concerned" is no complementiser either
_RELATIVE_THAT_RE = re.compile(
    r"that\s+(?:(?:also|still|now|already|often|only|never|not)\s+)?"
    r"(?:is|are|was|were|has|have|had|would|will|could|can|should|may|might|must|does|do|did|"
    r"includes?|included|allows?|allowed|makes?|made|became|becomes?|remains?|remained|[a-z]+ed)\b"
)
_MAX_INT = sys.maxsize
