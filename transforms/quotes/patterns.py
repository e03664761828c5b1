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

#: ``that`` after such a verb is a demonstrative, not a complementiser, when one word (or two, an
#: adjective and its noun) follow it and then a preposition, a time word, an adverb in -ly or (after
#: one word) punctuation: ``we increased that sum by 50 billion``, ``he reached that milestone last
#: June``, ``it dominated that category, …``, ``they negotiated that path worthily``. A clause's
#: subject opens with a determiner, a pronoun or a name (``established that the rate …``,
#: ``identified that many groups have …``), excluded here, or is a plural noun or a gerund
#: (``concerned that monitoring at work is …``).
#: PolNeAR train + dev: of the 28 such ``-ed`` words outside the cue list, 22 head no gold quote
#: (``lifted that prohibition``, ``propelled that increase``); the 6 that do are acts PolNeAR
#: annotates (``renewed that prediction last week``, ``adopted that approach in …``). Linear: one
#: bounded match at the ``that``.
_DEMONSTRATIVE_THAT_RE = re.compile(
    r" that\s+(?!(?:the|a|an|this|these|those|his|her|its|their|our|my|your|he|she|it|they|we|i|you|there|"
    r"no|none|nobody|nothing|everyone|everybody|everything|someone|somebody|something|anyone|anything|all|"
    r"some|any|most|many|much|more|one|each|every|such|if|when|while|as|in|on|at|for|by|after|before|since|"
    r"although|though|because|despite|unless|until|what|how|why|where|who|not|both|only|even|just)\b)"
    r"(?![a-z]+ing\b)[a-z]+[a-rt-z](?:\s*[,.;:!?]|(?:\s+[a-z]+[a-rt-z])?\s+(?:by|with|to|in|on|for|from|at|of|into|before|"
    r"after|last|next|again|up|down|out|off|over|[a-z]+ly)\b)"
)
