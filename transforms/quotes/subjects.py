"""The subject of a sentence or clause as a speaker: the main clause's subject after an opener
(``Having noted that X, Putin stressed …``), a coordinated subject whole, the subject that
speaks for a participle or a second verb.
"""

from __future__ import annotations

import re

from schemas.lexicon import lexicon
from transforms.quotes.limits import MAX_SPEAKER_CHARS, MAX_SPEAKER_TOKENS
from transforms.quotes.objects import NOUN_LIKE_CUES
from transforms.quotes.patterns import _CUE_FORMS
from transforms.quotes.records import _Speaker
from transforms.quotes.sentences import _strip_token, _tokens
from transforms.quotes.sources import is_source_mention
from transforms.quotes.speaker_reading import _is_abbr_word, _owned_head, _speaker_before
from transforms.quotes.words import (
    CUE_ADVERBS,
    DETERMINERS,
    NP_BREAKERS,
    PRONOUN_SPEAKERS,
    SENTENCE_OPENERS,
    VERB_LIKE_WORDS,
)
from transforms.speakers import PERSONAL_PRONOUNS


def _coordinated_speaker(text: str, s_start: int, speaker: _Speaker) -> _Speaker:
    """The whole coordinated subject when the speaker read back from its cue is the second conjunct
    of ``and`` (``high-ranking diplomats in Europe and the United States are urging`` → all of it,
    not ``the United States``; ``Anna Berg and Ola Lund said``): the first conjunct, a noun phrase
    (with an owner through ``in``/``of``/``for`` …), must open the clause (after an introductory
    phrase's comma at most), and both it and the whole be sources, else ``speaker`` stays (``He
    left early and the minister said``). PolNeAR train + dev: 894 of 20,426 gold speakers hold
    ``and``. The resolver names no one for a phrase of two sources."""
    and_start = speaker.start - 5
    if and_start <= s_start or text[and_start : speaker.start] != " and " or text[and_start - 1] in ",;":
        return speaker  # ", and he said": two clauses
    first = _speaker_before(text, s_start, and_start)
    if first is None or first.end != and_start:
        return speaker
    owned = _owned_head(text, s_start, first)
    first = owned or first
    lead = text[s_start : first.start].strip()
    if lead and not lead.endswith(","):
        return speaker  # "He left early and the minister said": a clause before "and"
    words = text[first.start : first.end].split()
    if not (words[0][:1].isupper() or words[0].lower() in DETERMINERS or owned is not None):
        return speaker
    if len(words) == 1 and words[0].lower() in PRONOUN_SPEAKERS:
        return speaker  # "he and the minister": pronouns are read as they were
    whole = _Speaker(first.start, speaker.end)
    if not is_source_mention(text[speaker.start : speaker.end]) or not is_source_mention(
        text[whole.start : whole.end]
    ):
        return speaker  # "Instability in Iraq and underlying fears": no source, the reading stays
    return whole


#: Words that open a participle or time clause before the sentence's subject (``Having noted that
#: X, Putin stressed …``, ``Addressing the rally, she said …``): read backwards from the clause's
#: cue they look like a one-word name, but the clause's subject is the main clause's (PolNeAR
#: train + dev: 8 sentences open with ``Having``, no gold speaker is an opener word).
PARTICIPLE_OPENERS: frozenset[str] = lexicon("quote_participle_openers")

_NO_SPEAKER = _Speaker(-1, -1)  #: :func:`_opener_subject`'s answer for a report of no one named
#: ``Having said that,`` / ``Having said all this,``: a demonstrative object, the writer's idiom
_SAID_THAT_RE = re.compile(r"\s+(?:all\s+)?(?:that|this|so)\s*,")


def _opener_subject(
    text: str, sentence_start: int, speaker: _Speaker, cue_end: int, s_end: int
) -> _Speaker | None:
    """For a speaker that is only a capitalised word of :data:`PARTICIPLE_OPENERS` opening the
    sentence (``Having``), the subject of the main clause after the opener clause's comma
    (``Having noted that X, Vladimir Putin emphasised …`` → ``Vladimir Putin``); None for
    ``Having said that, …`` (the writer's idiom: no report); :data:`_NO_SPEAKER` before a noun cue
    (``Following claims that X, …``); ``speaker`` itself otherwise."""
    if text[sentence_start : speaker.start].strip(" \"“‘'(") != "":
        return speaker
    word = text[speaker.start : speaker.end]
    if not word[:1].isupper() or word.lower() not in PARTICIPLE_OPENERS:
        return speaker
    if _SAID_THAT_RE.match(text, cue_end, s_end):
        return None
    if text[speaker.end : cue_end].split()[-1].lower() in NOUN_LIKE_CUES:
        return _NO_SPEAKER  # "Following claims that X, Blair said": a noun, the claims no one's named
    comma = text.find(",", cue_end, s_end)
    subject = _subject_of(text, comma + 1, s_end) if comma != -1 else None
    if subject is None or text[subject.start : subject.end].lower() in ("it", "this", "that", "there"):
        return speaker  # no subject to be read: the reading stays as it was
    return subject


_INTRO_RE = re.compile(
    r"(?:In|On|At|After|Before|When|While|As|During|Since|Earlier|Later|Last|This)\b[^,“”\"]{0,80},\s+"
)


_AUXILIARIES = frozenset("are were have had will would can could may might must should do did".split())


def _subject_of(text: str, s_start: int, limit: int) -> _Speaker | None:
    """The subject that opens a sentence (after an introductory phrase): a pronoun, or a noun phrase
    up to its first lower-case verb-like word: ``In May, Sen. Jo Doe (D-Ore.) wrote …`` → ``Sen. Jo
    Doe (D-Ore.)``."""
    intro = _INTRO_RE.match(text, s_start, limit)
    start = intro.end() if intro else s_start
    toks = _tokens(text, start, min(limit, start + MAX_SPEAKER_CHARS))
    while toks and toks[0][0] in SENTENCE_OPENERS:
        toks.pop(0)
    if not toks:
        return None
    first = toks[0][0]
    low = _strip_token(first).lower()
    if low in PERSONAL_PRONOUNS or low in {"they", "we", "i"}:
        return _Speaker(toks[0][1], toks[0][1] + len(first.rstrip(".")))
    if not (first[0].isupper() or low in DETERMINERS) or low in NP_BREAKERS:
        return None
    end = toks[0][2]
    for i, (word, _, w_end) in enumerate(toks[1:MAX_SPEAKER_TOKENS], start=2):
        w_low = _strip_token(word).lower()
        if w_low in NP_BREAKERS or w_low in CUE_ADVERBS or w_low in _CUE_FORMS:
            break
        plural_noun = (  # "The ferry crews are …": a plural before an auxiliary is the head noun
            w_low.endswith("s") and i < len(toks) and _strip_token(toks[i][0]).lower() in _AUXILIARIES
        )
        verb_like = w_low.endswith(("ed", "s")) or w_low in VERB_LIKE_WORDS
        if word[0].islower() and verb_like and not plural_noun:
            break
        end = w_end
    if text[end - 1] == "." and not _is_abbr_word(text[toks[0][1] : end].rsplit(" ", 1)[-1]):
        end -= 1
    return _Speaker(toks[0][1], end)
