"""The learned candidate filter: score the clauses of :mod:`.candidates`, keep the confident ones,
and give every quote its ``confidence``.

The rules keep the offsets, the speaker and the cue; the model only scores. It is a logistic
model over sparse features cheap to read from the text around a candidate (no tagger, no parser):

- the cue: its text, its log-odds of being a cue on PolNeAR train (``prior``), its length in
  words, whether the rules' lexicon holds it (``lexicon``);
- the content: where it ends (a clause mark or the sentence's end), its length, its first word's
  class (``that``, a question word, ``to``, a determiner, a pronoun, a capital), whether it holds
  quotation marks, whether it comes before the cue (``X, Doe noted.``);
- the speaker: none, a pronoun, a name, a role or organisation noun, something else; a possessive
  (``Doe's view that``); its length;
- the place: the article's first line (a headline), the sentence's first words;
- the rules: whether a rule's quote already holds the candidate's content or cue.

A candidate is kept when its score is at least the model's ``floor`` (:data:`QUOTE_CONFIDENCE_FLOOR`,
one fixed number, so reruns store the same rows; no rule's precision is below it, so every stored
quote has at least that confidence) and it does not repeat a quote already kept
(alphanumeric Jaccard ≥ 0.5, the scorer's overlap): the rules' quotes first, then the candidates
from the most confident down. A rule's quote carries its kind's precision on PolNeAR train.
The model card, ``schemas/models/quote_filter.md``, gives the training data and dev figures.
"""

from __future__ import annotations

import bisect
import math
import operator
from dataclasses import fields

import ahocorasick

from schemas import Quote
from schemas.quote_model import QuoteModel, quote_model
from transforms.quotes.candidates import Candidate, cue_automaton, read_candidates
from transforms.quotes.patterns import _CUE_FORMS
from transforms.quotes.sentences import SentenceEnds
from transforms.quotes.words import DETERMINERS, SOURCE_NOUNS, SOURCE_PRONOUNS

_QUESTION_WORDS = frozenset(("whether", "if", "what", "why", "how", "who", "when", "where", "which"))
#: the confidence below which a learned candidate is not kept (the shipped model's ``floor``, chosen
#: on PolNeAR dev by ``make train-quotes``): one fixed number, so a rerun stores the same quotes
QUOTE_CONFIDENCE_FLOOR: float = quote_model().floor
#: a word of at most this many letters, in lower case, is a feature of its own (longer: its class)
SHORT_WORD_CHARS = 6
#: a learned cue this close after the end of a rules' cue is part of the rules' reading
RULE_CUE_REACH = 24
_QUOTE_FIELDS = tuple(f.name for f in fields(Quote))
_QUOTE_VALUES = operator.attrgetter(*_QUOTE_FIELDS)  # a quote's fields, in order, as one tuple
_CONFIDENCE_FIELD = _QUOTE_FIELDS.index("confidence")
_PRONOUNS = SOURCE_PRONOUNS | frozenset(("it", "this", "that", "these", "those", "there"))
#: words that make a speaker reading a clause rather than a noun phrase ("Doe said he would")
_VERB_LIKE = frozenset(
    ("is", "was", "were", "are", "be", "been", "has", "have", "had", "would", "will", "could", "can",
     "may", "might", "should", "must", "to", "said", "says", "did", "does", "do")
)  # fmt: skip


def _bucket(n: int) -> str:
    if n <= 2:
        return str(n)
    if n <= 5:
        return "3-5"
    if n <= 10:
        return "6-10"
    if n <= 20:
        return "11-20"
    return "21+"


def _word_class(word: str) -> str:
    low = word.lower().strip("“”\"'(,")
    if low == "that":
        return "that"
    if low in _QUESTION_WORDS:
        return "question"
    if low == "to":
        return "to"
    if low in DETERMINERS:
        return "determiner"
    if low in _PRONOUNS:
        return "pronoun"
    if word[:1].isupper():
        return "capital"
    if word[:1].isdigit() or word[:1] == "$":
        return "number"
    return "other"


def _speaker_shape(words: list[str]) -> str:
    if not words:
        return "none"
    last = words[-1].lower().strip("“”\"'(,")
    if len(words) == 1 and last in _PRONOUNS:
        return "pronoun"
    if last.endswith(("'s", "’s")):
        return "possessive"
    if last in SOURCE_NOUNS or last.rstrip("s") in SOURCE_NOUNS:
        return "role"
    if all(w[:1].isupper() for w in words if w.lower() not in ("of", "the", "and", "for")):
        return "name"
    return "other"


class _Taken:
    """Content spans, sorted by start: a candidate's overlap with them is looked up among the
    spans that can reach it (bisection), as the Jaccard index of the character ranges."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = sorted(spans)
        self.starts = [s for s, _ in self.spans]
        self.longest = max((e - s for s, e in self.spans), default=0)

    def best_overlap(self, start: int, end: int) -> float:
        """The largest Jaccard index of ``[start, end)`` with a span."""
        best = 0.0
        spans = self.spans
        i = bisect.bisect_left(self.starts, start - self.longest)
        while i < len(spans) and spans[i][0] < end:
            s, e = spans[i]
            i += 1
            inner = min(e, end) - max(s, start)
            if inner > 0:
                j = inner / (max(e, end) - min(s, start))
                if j > best:
                    best = j
        return best

    def holds(self, at: int) -> bool:
        """Whether ``at`` lies inside a span."""
        return self.overlaps(at, at + 1)

    def overlaps(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` shares a character with a span."""
        spans = self.spans
        i = bisect.bisect_left(self.starts, end) - 1
        j = bisect.bisect_left(self.starts, start - self.longest)
        while i >= j:
            if spans[i][1] > start:
                return True
            i -= 1
        return False

    def add(self, start: int, end: int) -> None:
        i = bisect.bisect_left(self.starts, start)
        self.starts.insert(i, start)
        self.spans.insert(i, (start, end))
        self.longest = max(self.longest, end - start)


def _clean(word: str) -> str:
    """A word as a feature: a short lower-case word itself (``by``, ``the``, ``their``: the
    grammar), any other its class (a name, a number, a content word: never a topic of the
    training articles, which would not carry over to other news)."""
    stripped = word.strip("“”\"'(),.;:")
    if len(stripped) <= SHORT_WORD_CHARS and stripped.islower():
        return stripped
    return "<" + _word_class(stripped) + ">"


def features(text: str, cand: Candidate, rules: _Taken, rule_cues: _Taken) -> list[str]:
    """The names of the candidate's indicator features (the cue's ``prior`` is the one number,
    weighed apart: :func:`logit`)."""
    c_start, c_end = cand.content_start, cand.content_end
    space = text.find(" ", c_start, c_end)
    first_word = text[c_start:c_end] if space == -1 else text[c_start:space]
    n_words = text.count(" ", c_start, c_end) + 1
    speaker_words = text[cand.speaker_start : cand.speaker_end].split()
    reading = "before" if cand.before else ("clause" if cand.clause_end else "sentence")
    shape = _speaker_shape(speaker_words)
    first_class = _word_class(first_word)
    cue = cand.cue
    names = [
        "cue=" + cue,
        "cue_words=" + str(min(cue.count(" ") + 1, 3)),
        "reading=" + reading,
        "content_words=" + _bucket(n_words),
        "first=" + first_class,
        "speaker=" + shape,
        "speaker_words=" + _bucket(len(speaker_words)),
        "reading_speaker=" + reading + "/" + shape,
        "first_word=" + _clean(first_word),
        "cue_first=" + cue + "/" + first_class,
        "cue_reading=" + cue + "/" + reading,
        "cue_speaker=" + cue + "/" + shape,
    ]
    if cue in _CUE_FORMS or cue.split(" ", 1)[0] in _CUE_FORMS:
        names.append("lexicon")
    newline = text.find("\n")
    if newline == -1 or cand.cue_start < newline:
        names.append("first_line")
    if cand.speaker_start == cand.sentence_start or cand.speaker_start == cand.speaker_end:
        names.append("speaker_opens_sentence")
    if c_end == cand.sentence_end:
        names.append("to_sentence_end")
    if cand.cue_start == cand.sentence_start:
        names.append("cue_opens_sentence")
    overlap = rules.best_overlap(c_start, c_end)
    if overlap >= 0.5:
        names.append("rule_overlap=0.5+")
    elif overlap > 0.0:
        names.append("rule_overlap=some")
    if rules.holds(cand.cue_start):
        names.append("cue_in_rule_content")
    if rule_cues.holds(cand.cue_start):
        names.append("cue_is_rule_cue")
    if speaker_words:
        names.append("speaker_last=" + _clean(speaker_words[-1]))
        names.append("speaker_first=" + _clean(speaker_words[0]))
        if any(w.lower() in _VERB_LIKE for w in speaker_words[1:]):
            names.append("speaker_verb_like")
    after = text[c_end : c_end + 1]
    names.append("after=" + (after if after and not after.isalnum() else "word"))
    before = text[max(cand.speaker_start - 2, 0) : cand.speaker_start].strip()
    names.append("before_speaker=" + (before[-1:] if before else "start"))
    return names


def logit(model: QuoteModel, prior: float, names: list[str]) -> float:
    """The model's log-odds for one candidate: its bias, its cue's prior weighed, its features'
    weights."""
    weights = model.weights
    z = model.bias + weights.get("prior", 0.0) * prior
    for name in names:
        w = weights.get(name)
        if w is not None:
            z += w
    return z


def probability(z: float) -> float:
    """The logistic function, without overflow."""
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


class _Context:
    """What scoring an article needs from the model, built once per process."""

    def __init__(self, model: QuoteModel) -> None:
        self.model = model
        self.automaton: ahocorasick.Automaton = cue_automaton(model.cues)
        self.priors = {cue: model.cue_prior(cue) for cue in model.cues}


_CONTEXT: _Context | None = None


def _context() -> _Context:
    global _CONTEXT
    if _CONTEXT is None:
        _CONTEXT = _Context(quote_model())
    return _CONTEXT


def rule_context(text: str, rule_quotes: list[Quote]) -> tuple[_Taken, _Taken]:
    """The rules' content spans (each fragment) and cue spans, for the overlap features."""
    spans = [f for q in rule_quotes for f in (q.fragments or ((q.quote_start, q.quote_end),))]
    cues = [
        (q.cue_start, q.cue_end) for q in rule_quotes if q.cue_start is not None and q.cue_end is not None
    ]
    return _Taken(spans), _Taken(cues)


def learned_candidates(
    text: str,
    automaton: ahocorasick.Automaton,
    lexicon_cues: list[tuple[int, int]],
    ends: SentenceEnds | None = None,
) -> list[Candidate]:
    """The candidates around learned cues that are not the rules' cues: a candidate whose cue
    overlaps one of ``lexicon_cues`` (the spans the rules read, :func:`~.extract.rule_pass`) is
    left to the rules, which found a quote there or had a reason not to. ``ends``: the text's
    sentence ends, when the rules read them."""
    rules = _Taken(lexicon_cues)
    # a learned cue just after a rules' cue belongs to the rules' reading: "think about",
    # "warned them about", "want to see"
    near = _Taken([(start, end + RULE_CUE_REACH) for start, end in lexicon_cues])
    return read_candidates(text, automaton, near.overlaps, rules.overlaps, ends)


def scored_candidates(
    text: str,
    rule_quotes: list[Quote],
    lexicon_cues: list[tuple[int, int]],
    context: _Context | None = None,
    rules_read: tuple[_Taken, _Taken] | None = None,
    ends: SentenceEnds | None = None,
) -> list[tuple[float, Candidate]]:
    """Every candidate's best reading with its score, in text order (one per cue); ``rules_read``
    is :func:`rule_context` of the rules' quotes and ``ends`` the text's sentence ends when the
    caller has them."""
    ctx = context or _context()
    rules, rule_cues = rules_read or rule_context(text, rule_quotes)
    best: dict[int, tuple[float, Candidate]] = {}
    for cand in learned_candidates(text, ctx.automaton, lexicon_cues, ends):
        score = probability(logit(ctx.model, ctx.priors[cand.cue], features(text, cand, rules, rule_cues)))
        held = best.get(cand.cue_start)
        if held is None or score > held[0]:
            best[cand.cue_start] = (score, cand)
    return [best[k] for k in sorted(best)]


def _with_confidence(quote: Quote, confidence: float) -> Quote:
    """A copy of ``quote`` with ``confidence`` (``dataclasses.replace`` is slow on this path: it
    runs once for every rule's quote)."""
    values = list(_QUOTE_VALUES(quote))
    values[_CONFIDENCE_FIELD] = confidence
    return Quote(*values)


def score_quotes(
    text: str, rule_quotes: list[Quote], lexicon_cues: list[tuple[int, int]], ends: SentenceEnds | None = None
) -> list[Quote]:
    """The rules' quotes with their confidence, and the candidates the model keeps, unsorted
    (``ends``: the text's sentence ends, when the rules read them)."""
    ctx = _context()
    model = ctx.model
    precision = model.rule_precision
    out = [_with_confidence(q, precision[q.kind]) for q in rule_quotes]
    rules_read = rule_context(text, rule_quotes)
    scored = scored_candidates(text, rule_quotes, lexicon_cues, ctx, rules_read, ends)
    kept = [(s, cand) for s, cand in scored if s >= model.floor]
    if not kept:
        return out
    taken = rules_read[0]  # the rules' contents; the kept candidates' are added (scoring is done)
    kept.sort(key=lambda sc: (-sc[0], sc[1].cue_start, sc[1].content_start))
    for score, cand in kept:
        if taken.best_overlap(cand.content_start, cand.content_end) >= 0.5:
            continue
        taken.add(cand.content_start, cand.content_end)
        out.append(
            Quote(
                kind="indirect",  # a content with a quotation mark is no candidate
                quote_start=cand.content_start,
                quote_end=cand.content_end,
                quote_text=text[cand.content_start : cand.content_end],
                speaker=text[cand.speaker_start : cand.speaker_end],  # never empty (candidates.py)
                speaker_start=cand.speaker_start,
                speaker_end=cand.speaker_end,
                cue=text[cand.cue_start : cand.cue_end],
                cue_start=cand.cue_start,
                cue_end=cand.cue_end,
                confidence=round(score, 4),
            )
        )
    return out
