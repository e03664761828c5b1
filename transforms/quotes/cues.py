"""Reporting cues: every verb or phrase that can frame a report, with the classes that change
how its content is read (quoted-only, object, infinitive, noun, evidence and naming cues).

A frame is a cue outside quotation marks whose speaker can be read (rule 4 of the package
docstring); the classes here say what its content may be, the readers in :mod:`.readers` and
:mod:`.content` read it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from schemas.lexicon import LexiconError, lexicon, lexicon_table


@dataclass(frozen=True, slots=True)
class Cue:
    """One reporting cue of ``schemas/lexicons/cues.toml``: a verb or phrase, its surface forms and
    the flags that change how its content is read."""

    name: str  #: the verb or phrase (``say``, ``call for``)
    forms: tuple[str, ...]  #: the surface forms matched (``said``, ``says`` …)
    quoted_only: frozenset[str] = frozenset()  #: forms that report only around quotation marks
    object: bool = False  #: its content is its object, a noun phrase
    infinitive: bool = False  #: it reports only an intention written as an infinitive
    evidence: bool = False  #: it reports evidence: its subject must be a source
    attitude: bool = False  #: a view, a wish or a decision: after a thing it reports nothing
    disowns: bool = False  #: its object's ``that`` clause is another's claim ("denied claims that")


_BOOLEAN_FLAGS = ("object", "infinitive", "evidence", "attitude", "disowns")
_CUE_FLAGS = frozenset(("forms", "quoted_only", *_BOOLEAN_FLAGS))


def _cue(name: str, entry: dict[str, Any]) -> Cue:
    """The :class:`Cue` of one table of ``cues.toml``; a key or a value of the wrong shape is an error."""
    unknown = set(entry) - _CUE_FLAGS
    forms = entry.get("forms")
    if unknown or not isinstance(forms, list) or not forms or not all(isinstance(f, str) for f in forms):
        raise LexiconError(
            f"cues.toml [{name}]: needs forms = [...] and only {sorted(_CUE_FLAGS)}, has {entry}"
        )
    quoted_only = entry.get("quoted_only", False)
    if quoted_only is True:
        quoted_only = forms
    elif quoted_only is False:
        quoted_only = []
    elif not isinstance(quoted_only, list) or not set(quoted_only) <= set(forms):
        raise LexiconError(f"cues.toml [{name}]: quoted_only is true or a list of its forms")
    flags = {flag: entry.get(flag, False) for flag in _BOOLEAN_FLAGS}
    if not all(isinstance(v, bool) for v in flags.values()):
        raise LexiconError(f"cues.toml [{name}]: {', '.join(_BOOLEAN_FLAGS)} are true or false")
    return Cue(name, tuple(forms), frozenset(quoted_only), **flags)


def _load_cues() -> tuple[Cue, ...]:
    cues = tuple(_cue(name, entry) for name, entry in lexicon_table("cues").items())
    forms = [form for cue in cues for form in cue.forms]
    if len(forms) != len(set(forms)):
        raise LexiconError("cues.toml: a form belongs to two cues")
    return cues


#: Every reporting cue, in the order of ``cues.toml`` (read once, when the package is imported).
CUES: tuple[Cue, ...] = _load_cues()

#: Reporting cues, one entry per verb (or phrase) with the surface forms matched.
REPORTING_CUES: dict[str, tuple[str, ...]] = {cue.name: cue.forms for cue in CUES}

#: Cue forms that frame a quotation but too seldom a report without one ("the United States",
#: "she knew the road"): with these, content without quotation marks is not kept.
QUOTED_ONLY_CUES: frozenset[str] = frozenset(form for cue in CUES for form in cue.quoted_only)

#: Cues whose content is their object, a noun phrase ("Doe endorsed Roe on Monday" → "Roe"):
#: without quotation marks, the content ends where the phrase does (:func:`_object_end`), and a
#: passive ("was backed by") or a particle ("backed off") is not a report.
OBJECT_CUES: frozenset[str] = frozenset(form for cue in CUES if cue.object for form in cue.forms)

#: Cues that report only an intention written as an infinitive: "Doe plans to run" → "to run".
#: ``decided to`` is not one: a decision is an act, not words (``the club decided to act before the
#: hearing``; PolNeAR, dev and train: 15 of 44 are attributions); ``decided that …`` reports, as any
#: past-tense verb before ``that`` does.
INFINITIVE_CUES: frozenset[str] = frozenset(form for cue in CUES if cue.infinitive for form in cue.forms)

#: Cues that report evidence rather than speech ("the figures show …"): their subject must be a
#: source that holds a view or a record (a person, a group, an organisation, a poll or a report),
#: never a thing or an event ("this shows …", "recent events suggest …", "it reveals …", "the
#: gadget boom signalled the strongest growth yet", "which implies …"). ``signal`` and ``imply``
#: are read so too: after a person they report (``the minister signalled that …``).
EVIDENCE_CUES: frozenset[str] = frozenset(form for cue in CUES if cue.evidence for form in cue.forms)

#: Cues of a view, a wish or a decision, not of speech: a thing cannot hold them ("the music seemed
#: to …", "a hamstring injury denied Doe the chance …"), so after a thing they report nothing.
ATTITUDE_VERBS: tuple[str, ...] = tuple(cue.name for cue in CUES if cue.attitude)

#: Cues that reject what they report on: after one, a ``that`` clause of a claim noun ("denied
#: Conservative claims that he had fiddled the figures") is somebody else's claim, reported whole
#: (as PolNeAR marks it), never the cue's subject's own. The object cues ("rejected the notion
#: that …") need no flag: a weak cue, they yield to the noun cue.
DISOWNING_CUES: frozenset[str] = frozenset(form for cue in CUES if cue.disowns for form in cue.forms)

_WEAK_CUES = INFINITIVE_CUES | OBJECT_CUES

#: Nouns that report what someone holds when "that" follows: "the claim that …", "his view that …".
NOUN_CUES: frozenset[str] = lexicon("quote_noun_cues")

#: The nouns whose ``that`` clause is a claim: the noun cues, their plurals and the nouns of
#: ``quote_claim_nouns`` ("reports that …"); after a disowning cue, the claim is not the subject's.
CLAIM_NOUNS: frozenset[str] = NOUN_CUES | {noun + "s" for noun in NOUN_CUES} | lexicon("quote_claim_nouns")

#: Plural sources before a bare "show"/"suggest" ("polls show that …"); other plurals do not report.
EVIDENCE_NOUNS: frozenset[str] = lexicon("quote_evidence_nouns")

#: Verbs that name a thing rather than report words: "drills called Union Resolve 2022", "a book
#: titled “Dune”", "the village known as “the end of the road”" (see :func:`_is_naming`).
NAMING_VERBS: frozenset[str] = lexicon("quote_naming_verbs")
#: Two-word naming phrases, matched before a quotation only ("known as “the end of the road”").
NAMING_PHRASES: tuple[str, ...] = ("known as", "referred to as")
