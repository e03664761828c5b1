"""The extractor's main loop: paragraphs, sentences, cues, frames, then the quotations no frame
took, transcripts, and speaker resolution.

6. **Fragments.** A trailing frame followed by more quotation in the same sentence or, as a
   sentence of its own, in the same paragraph adds fragments: ``“X,” he said. “Y.”`` is one quote
   (``“X,” he said, adding, “Y.”`` is two). A sentence-like quotation later in the paragraph that
   no frame took continues such a quote too (``“X,” he said, smiling. “Y.”``).
   A paragraph that is nothing but a quotation and has no frame continues the previous
   quotation when that one ended in the paragraph before (PolNeAR convention); otherwise it is a
   quote of its own, credited to the previous speaker.
7. **Not quotations.** A quoted stretch without a frame is kept only when it is sentence-like
   (:data:`MIN_STANDALONE_QUOTE_WORDS` words or more): scare quotes (``“irrational” policies``) and
   titles (``the film “Dune”``) are not quotations; inside a frame's content they only make it mixed.
   A sentence-like quotation that no frame took is a direct quote of the sentence's subject (``In
   May, Jo Doe opened with “every bridge pays for itself twice.”`` → ``Jo Doe``), or, when it
   opens the sentence, of the nearest attributed quote in its paragraph. A dash and a name closing
   the line name the speaker: ``“We are ready.” ― Jo Doe``.

8. **Transcripts.** A paragraph opening with an upper-case label and a colon is that speaker's
   quote: ``PENCE: We will win.`` (labels in :data:`NOT_SPEAKER_LABELS`, ``UPDATE:``, are not);
   so is a headline credited to a name: ``Jo Doe: Ferry Is Too Slow.``
9. **Speaker resolution** (``speaker_resolved``): done last, over every quote of the article, by
   :func:`transforms.speakers.resolve_speakers` (its docstring states the rules). It names
   a person or organisation only on strong evidence and is null otherwise: ``Makei`` → ``Vladimir
   Makei``, ``the minister`` → the one minister introduced by name, ``he`` → the one person of his
   gender in the sentence before; ``a spokesman for the author`` → null.

The output is sorted by position and deterministic; no input string makes it raise.
"""

from __future__ import annotations

import bisect
import operator
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from schemas import Quote
from schemas.lexicon import lexicon
from transforms.budget import check_budget
from transforms.quotes.content import _trim
from transforms.quotes.cues import NOUN_CUES, QUOTED_ONLY_CUES
from transforms.quotes.frames import _find_frames, _normal_cue
from transforms.quotes.limits import (
    MAX_CUES_PER_SENTENCE,
    MAX_DANGLING_CONTENT_WORDS,
    MAX_FRAGMENTS_PER_QUOTE,
    MAX_QUOTES_PER_SENTENCE,
    MAX_RESUME_GAP_CHARS,
    MAX_TEXT_CHARS,
    MIN_CONTENT_WORDS,
    MIN_STANDALONE_QUOTE_WORDS,
)
from transforms.quotes.marks import (
    _expand_to_marks,
    _kind_of,
    _quote_segments,
    _quoted_parts,
    _split_paragraphs,
)
from transforms.quotes.patterns import _CUE_FORMS, _CUE_RE, _DEMONSTRATIVE_THAT_RE, _MARK_RE, _MAX_INT
from transforms.quotes.prefilter import CAPITAL_CUE, CUE_WORD, THAT, cue_hits
from transforms.quotes.records import _Frame, _Segment, _Speaker
from transforms.quotes.scoring import score_quotes
from transforms.quotes.sentences import SentenceEnds, _sentences, _strip_token, _word_count
from transforms.quotes.sources import is_fragment_mention, is_source_mention
from transforms.quotes.subjects import _subject_of
from transforms.quotes.validity import _after_naming_verb
from transforms.quotes.words import (
    DANGLING_LAST_WORDS,
    DETERMINERS,
    NOT_SPEAKER_LABELS,
    SOURCE_NOUNS,
    THING_PRONOUNS,
)
from transforms.speakers import TITLE_WORDS, resolve_speakers

_QUOTED_ONLY_NO_QUESTION = frozenset(c for c in QUOTED_ONLY_CUES if not c.startswith("ask"))
#: any past-tense verb before "that" reports ("Doe learned that …", "the court ruled that …")
_ED_VERB_BEFORE_RE = re.compile(r"(?<=[\s,])[a-z]{3,}ed$")
#: how a stretch that :data:`_ED_VERB_BEFORE_RE` matches can end (``$`` also matches before a
#: final line break)
_ED_ENDINGS = ("ed", "ed\n")
_NOT_ED_CUES = lexicon("quote_not_ed_verbs")
_THAT_AFTER_WORD_RE = re.compile(r" that\b")  # matched where the prefilter found " that"
_MAX_NOUN_CUE_CHARS = max(map(len, NOUN_CUES))


def extract_quotes(text: str) -> list[Quote]:
    """Every quotation and reported statement in ``text`` (see the module docstring for the rules).

    Only the first :data:`MAX_TEXT_CHARS` characters are read (:func:`quote_text_limited` tells
    the caller when, to count it). A bug raises: the caller decides what a failed extraction means
    (the pipeline loads the article without quotes and says so).
    """
    return _extract(text[:MAX_TEXT_CHARS])


def quote_text_limited(text: str) -> bool:
    """Whether :func:`extract_quotes` reads only a part of ``text`` (the first
    :data:`MAX_TEXT_CHARS` characters): its quotes past that point are not extracted."""
    return len(text) > MAX_TEXT_CHARS


_BY_POSITION = operator.attrgetter("quote_start", "quote_end")
_BY_START = operator.attrgetter("quote_start")


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """The spans of the non-empty lines (what ``_PARA_RE`` finds; ``str.split`` is faster)."""
    spans = []
    pos = 0
    for line in text.split("\n"):
        if line:
            spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def _extract(text: str) -> list[Quote]:
    """The rules' quotes, the learned filter's (:mod:`.scoring`), every speaker resolved."""
    ends = SentenceEnds(text)  # the rules' sentences and the learned filter's read the same ends
    rules, cues = rule_pass(text, ends)
    quotes = score_quotes(text, rules, cues, ends)
    quotes.sort(key=_BY_POSITION)
    return resolve_speakers(text, quotes)


def rule_pass(text: str, ends: SentenceEnds | None = None) -> tuple[list[Quote], list[tuple[int, int]]]:
    """The hand-written rules' quotes in ``text`` (unscored: ``confidence`` None; speakers
    unresolved; sorted by position) and the cue spans they read: a learned candidate at one of
    those is the rules' to decide (:func:`~.scoring.score_quotes` leaves it).
    ``benchmarks/train_quotes.py`` trains the filter on what these leave. ``ends``: the text's
    sentence ends, when the caller shares them with the learned filter."""
    if not text.strip():
        return [], []
    paragraphs = _paragraphs(text)
    segments = _quote_segments(text, paragraphs)
    cues = _cue_spans(text)
    quoted_only = {c for c in cues if text[c[0] : c[1]] in _QUOTED_ONLY_NO_QUESTION}
    sentences = _sentences(
        text, paragraphs, segments, [c[0] for c in cues if c not in quoted_only], ends or SentenceEnds(text)
    )
    found = _Found([])
    for s_start, s_end, para_i, quoted, in_sentence in _sentence_parts(sentences, paragraphs, segments, cues):
        if in_sentence and not quoted and quoted_only:  # without quotation marks these cannot frame
            in_sentence = [c for c in in_sentence if c not in quoted_only]
        readable = len(in_sentence) <= MAX_CUES_PER_SENTENCE and len(quoted) <= MAX_QUOTES_PER_SENTENCE
        frames = _find_frames(text, s_start, s_end, quoted, in_sentence) if in_sentence and readable else []
        if frames:
            _add_framed(text, paragraphs, para_i, frames, quoted, found)
        elif quoted:
            _add_quotation_only(text, paragraphs, para_i, s_start, s_end, quoted, found)
    quotes = found.quotes
    quotes.extend(_orphan_quotes(text, paragraphs, segments, sentences, quotes))
    quotes.sort(key=_BY_POSITION)
    return [q for q in quotes if q.quote_end > q.quote_start and q.quote_text.strip()], cues


def _cue_spans(text: str) -> list[tuple[int, int]]:
    """The spans of every candidate cue in ``text``, sorted, each once: the verb cues of
    :data:`_CUE_RE`, a noun cue or an ``-ed`` verb before `` that`` (not one of
    :data:`_NOT_ED_CUES`, nor before a demonstrative ``that``), and the capitalised cues that open
    a sentence (:data:`~.prefilter.CAPITAL_CUES`). One scan finds where each may start
    (:func:`~.prefilter.cue_hits`); the pattern of each is matched there only."""
    cues = []
    verb_end = 0  # where the last verb cue ended: the next is looked for after it, as finditer does
    cue_at, that_at = _CUE_RE.match, _THAT_AFTER_WORD_RE.match
    for last, (size, kinds) in cue_hits(text):
        at = last - size + 1
        if kinds & CUE_WORD and at >= verb_end:
            m = cue_at(text, at)
            if m is not None:
                cues.append(m.span(1))
                verb_end = m.end()
        if kinds & THAT and that_at(text, at) is not None:
            # a noun cue (or an -ed verb) is the word between a space and " that"
            space = text.rfind(" ", at - _MAX_NOUN_CUE_CHARS - 1 if at > _MAX_NOUN_CUE_CHARS else 0, at)
            if space != -1 and text[space + 1 : at] in NOUN_CUES:
                cues.append((space + 1, at))
            elif text.endswith(_ED_ENDINGS, 0, at):  # the pattern's only endings: most words are no -ed verb
                verb = _ED_VERB_BEFORE_RE.search(text, at - 20 if at > 20 else 0, at)
                if (
                    verb is not None
                    and verb.group() not in _NOT_ED_CUES
                    and (verb.group() in _CUE_FORMS or not _DEMONSTRATIVE_THAT_RE.match(text, at))
                ):
                    cues.append(verb.span())
        if kinds & CAPITAL_CUE:
            cues.append((at, last))  # the capitalised cue without its trailing space
    return sorted(set(cues))  # a noun cue may also be a verb cue ("claims")


def _sentence_parts(
    sentences: list[tuple[int, int]],
    paragraphs: list[tuple[int, int]],
    segments: list[_Segment],
    cues: list[tuple[int, int]],
) -> Iterator[tuple[int, int, int, list[_Segment], list[tuple[int, int]]]]:
    """``(start, end, paragraph index, quotations, cues)`` of each sentence that holds a quotation
    or a cue, in order: one pass over the sorted paragraphs, quotations and cues together."""
    cue_i = seg_i = para_i = 0
    n_cues = len(cues)
    n_segments = len(segments)
    for s_start, s_end in sentences:
        check_budget()
        while para_i + 1 < len(paragraphs) and paragraphs[para_i][1] < s_start:
            para_i += 1
        while seg_i < len(segments) and segments[seg_i].end <= s_start:
            seg_i += 1
        j = seg_i
        while j < n_segments and segments[j].start < s_end:
            j += 1
        while cue_i < n_cues and cues[cue_i][0] < s_start:
            cue_i += 1
        k = cue_i
        while k < n_cues and cues[k][1] <= s_end:
            k += 1
        if k != cue_i or j != seg_i:
            yield s_start, s_end, para_i, segments[seg_i:j], cues[cue_i:k]


@dataclass(slots=True)
class _Found:
    """The quotes read so far, with what the next sentence reads back: the last frame's speaker
    and the paragraph of the last quote that a bare quotation may continue (-10: none)."""

    quotes: list[Quote]
    last_speaker: _Speaker | None = None
    last_quote_para: int = -10


def _add_quotation_only(
    text: str,
    paragraphs: list[tuple[int, int]],
    para_i: int,
    s_start: int,
    s_end: int,
    quoted: list[_Segment],
    found: _Found,
) -> None:
    """A sentence that is only a quotation and has no frame (rule 6): a fragment of the quote
    before it when that one ended in this paragraph or the one before, else a direct quote of its
    own, credited to the previous speaker; nothing when it is not sentence-like."""
    seg = quoted[0]
    if len(quoted) != 1 or seg.start - s_start > 1 or s_end - seg.end > 2:
        return
    n_words = _word_count(text, seg.start, seg.end)
    quotes = found.quotes
    prev = quotes[-1] if quotes else None
    same_para = found.last_quote_para == para_i
    if n_words < (MIN_CONTENT_WORDS if same_para else MIN_STANDALONE_QUOTE_WORDS):
        return
    if (
        prev is not None
        and prev.kind != "indirect"
        and found.last_quote_para >= para_i - 1
        and len(prev.fragments) < MAX_FRAGMENTS_PER_QUOTE
    ):
        frags = prev.fragments + tuple(seg.fragments)
        quotes[-1] = Quote(
            kind=prev.kind,
            quote_start=prev.quote_start,
            quote_end=seg.end,
            quote_text=text[prev.quote_start : seg.end],
            speaker=prev.speaker,
            speaker_start=prev.speaker_start,
            speaker_end=prev.speaker_end,
            speaker_resolved=prev.speaker_resolved,
            cue=prev.cue,
            cue_start=prev.cue_start,
            cue_end=prev.cue_end,
            fragments=frags,
        )
        found.last_quote_para = _para_of(paragraphs, seg.end - 1, para_i)
        return
    sp = found.last_speaker
    if sp is not None and text[sp.start : sp.end].lower() in _NOT_INHERITED:
        sp = None  # "It shows he has no case. “Mr K should …”": a thing does not speak on
    quotes.append(
        Quote(
            kind="direct",
            quote_start=seg.start,
            quote_end=seg.end,
            quote_text=text[seg.start : seg.end],
            speaker=text[sp.start : sp.end] if sp else None,
            speaker_start=sp.start if sp else None,
            speaker_end=sp.end if sp else None,
            fragments=tuple(seg.fragments),
        )
    )
    found.last_quote_para = _para_of(paragraphs, seg.end - 1, para_i)


def _add_framed(
    text: str,
    paragraphs: list[tuple[int, int]],
    para_i: int,
    frames: list[_Frame],
    quoted: list[_Segment],
    found: _Found,
) -> None:
    """The quote of each frame of a sentence: its content widened to the quotation marks it
    touches and split at paragraphs, its kind; none for an indirect content of a quoted-only cue
    or one cut short (:func:`_dangles`)."""
    for frame in frames:
        spans = _expand_to_marks(text, [c for c in frame.content if c[1] > c[0]], quoted)
        if not spans:
            continue
        spans = _split_paragraphs(spans, paragraphs)
        kind = _kind_of(text, spans, quoted)
        if kind == "direct":
            spans = _quoted_parts(spans, quoted) or spans
        spans = [s for s in spans if s[1] > s[0]]
        if not spans:
            continue
        if kind == "indirect" and not frame.question and _normal_cue(text, frame) in QUOTED_ONLY_CUES:
            continue
        if kind == "indirect" and not frame.question and _dangles(text, spans[-1]):
            continue  # "expressed concerns about": a content cut short reports nothing
        q_start, q_end = spans[0][0], spans[-1][1]
        sp = frame.speaker
        speaker_text = text[sp.start : sp.end] if sp else None
        found.last_speaker = sp
        found.quotes.append(
            Quote(
                kind=kind,
                quote_start=q_start,
                quote_end=q_end,
                quote_text=text[q_start:q_end],
                speaker=speaker_text,
                speaker_start=sp.start if sp else None,
                speaker_end=sp.end if sp else None,
                cue=text[frame.cue_start : frame.cue_end],
                cue_start=frame.cue_start,
                cue_end=frame.cue_end,
                fragments=tuple(spans),
            )
        )
        found.last_quote_para = _para_of(paragraphs, q_end - 1, para_i) if kind != "indirect" else -10


def _dangles(text: str, span: tuple[int, int]) -> bool:
    """Whether the content ``text[span]`` is short (:data:`MAX_DANGLING_CONTENT_WORDS` words at most)
    and ends with a word of :data:`DANGLING_LAST_WORDS`, in lower case (``to strike in May`` is whole)."""
    start, end = span
    tail = text[max(start, end - 16) : end]  # the longest dangling word is shorter: only the tail is read
    if not tail.strip() or tail.rsplit(None, 1)[-1] not in DANGLING_LAST_WORDS:  # "in May" ends well
        return False
    return _word_count(text, start, end) <= MAX_DANGLING_CONTENT_WORDS


_FIRST_PERSON = frozenset(("i", "we"))
_NOT_INHERITED = THING_PRONOUNS | {"it"}  #: speakers a following bare quotation is not credited to


def _orphan_quotes(
    text: str,
    paragraphs: list[tuple[int, int]],
    segments: list[_Segment],
    sentences: list[tuple[int, int]],
    quotes: list[Quote],
) -> list[Quote]:
    """Sentence-like quotations that no frame took. The speaker is the subject of the sentence when
    the quotation does not open it, else the nearest attributed quote's."""
    by_start = sorted(quotes, key=_BY_START)
    starts = [q.quote_start for q in by_start]
    ends = [q.quote_end for q in by_start]
    index_of = {id(q): at for at, q in enumerate(quotes)}
    out: list[Quote] = []
    for seg in segments:
        check_budget()
        i = bisect.bisect_left(starts, seg.end)
        if i and max(ends[i - 8 if i > 8 else 0 : i]) > seg.start:
            continue
        if _word_count(text, seg.start, seg.end) < MIN_STANDALONE_QUOTE_WORDS:
            continue
        if (
            i
            and len(by_start[i - 1].fragments) < MAX_FRAGMENTS_PER_QUOTE
            and _resumes(text, by_start[i - 1], seg)
        ):
            # "“X,” he said, looking up. “Y.”": the same speaker goes on (one quote, two fragments)
            prev = by_start[i - 1]
            at = index_of.pop(id(prev))  # quotes.index(prev) would read the list from its start
            quotes[at] = by_start[i - 1] = replace(
                prev,
                quote_end=seg.end,
                quote_text=text[prev.quote_start : seg.end],
                fragments=prev.fragments + tuple(seg.fragments),
            )
            index_of[id(quotes[at])] = at
            ends[i - 1] = seg.end
            continue
        k = bisect.bisect_right(sentences, (seg.start, _MAX_INT)) - 1
        s_start = sentences[k][0] if k >= 0 and sentences[k][1] > seg.start else seg.start
        if seg.start - s_start > 1 and _after_naming_verb(text, s_start, seg.start):
            continue  # "a report titled “…”": a title, not a quotation
        dash = _DASH_NAME_RE.match(text, seg.end)
        label = _quote_label(text, s_start, seg.start)
        if dash is not None:
            subject: _Speaker | None = _Speaker(dash.start(1), dash.end(1))
        elif label is not None:
            subject = label  # "- City boss Kevin Keegan: “We had …”": the label names the speaker
        else:
            subject = _subject_of(text, s_start, seg.start) if seg.start - s_start > 1 else None
            if subject is not None and (
                is_fragment_mention(text[subject.start : subject.end])
                or text[subject.start : subject.end].lower() in _FIRST_PERSON
            ):
                # "Among the …": no noun phrase; "I think …" outside quotation marks is a quotation
                # whose marks went astray: the nearest attributed quote's speaker speaks
                subject = None
        if subject is not None:
            mention = text[subject.start : subject.end]
            speaker: tuple[str | None, int | None, int | None, str | None] = (
                mention,
                subject.start,
                subject.end,
                None,
            )
        else:
            near = _nearest_attributed(text, by_start, starts, seg)
            speaker = (
                (near.speaker, near.speaker_start, near.speaker_end, near.speaker_resolved)
                if near
                else (None, None, None, None)
            )
        out.append(
            Quote(
                kind="direct",
                quote_start=seg.start,
                quote_end=seg.end,
                quote_text=text[seg.start : seg.end],
                speaker=speaker[0],
                speaker_start=speaker[1],
                speaker_end=speaker[2],
                speaker_resolved=speaker[3],
                fragments=tuple(seg.fragments),
            )
        )
    out.extend(_transcript_quotes(text, paragraphs, segments, quotes + out))
    return out


def _transcript_quotes(
    text: str,
    paragraphs: list[tuple[int, int]],
    segments: list[_Segment],
    quotes: list[Quote],
) -> list[Quote]:
    """Paragraphs of a transcript: ``PENCE: We will win.`` is a quote of ``PENCE``; so is a headline
    ``Jo Doe: Ferry Too Slow.`` of ``Jo Doe``."""
    out: list[Quote] = []
    starts = sorted(q.quote_start for q in quotes)
    labels = [m for m in (_LABEL_RE.match(text, a) for a, _ in paragraphs) if m is not None]
    headline = _HEADLINE_LABEL_RE.match(text)
    if headline is not None and (not labels or labels[0].start() != 0):
        labels.insert(0, headline)
    for m in labels:
        label = m.group(1)
        if label.strip(" .") in NOT_SPEAKER_LABELS:
            continue
        p_end = text.find("\n", m.end())
        p_end = len(text) if p_end == -1 else p_end
        c_start, c_end = _trim(text, m.end(), p_end)
        if _word_count(text, c_start, c_end) < MIN_CONTENT_WORDS:
            continue
        i = bisect.bisect_left(starts, m.start())
        if i < len(starts) and starts[i] < p_end:
            continue  # the paragraph already holds a quote
        kind = _kind_of(text, [(c_start, c_end)], segments)
        out.append(
            Quote(
                kind=kind,
                quote_start=c_start,
                quote_end=c_end,
                quote_text=text[c_start:c_end],
                speaker=label,
                speaker_start=m.start(1),
                speaker_end=m.end(1),
                fragments=((c_start, c_end),),
            )
        )
    return out


# "“…” ― Jo Doe" (a dash and a name closing the line)
_DASH_NAME_RE = re.compile(
    r"[ \t\u00a0]*[―—–][ \t\u00a0]*([A-Z][\w.’'-]*+(?:[ \u00a0][A-Z][\w.’'-]*+){0,4})[ \t\u00a0.]*(?=\n|$)"
)  # possessive words: "― A……" splits its dots one way only (each split was tried: quadratic)
# a speaker's label before a quotation that opens after it on the same line, as sports reports
# and round-ups write them: "- City boss Kevin Keegan: “We had …”", "Jo Lund, coach: “…”"
_QUOTE_LABEL_RE = re.compile(
    r"[ \t\u00a0]*(?:[-–—•*][ \t\u00a0]+)?([^\n:“”\"]{2,80}?)[ \t\u00a0]*:[ \t\u00a0]*"
)  # matched only over the 90 characters before a quotation (_quote_label): bounded work
MAX_LABEL_WORDS = 12  #: words of a speaker's label before a quotation
#: lower-case words a label may hold: role and source nouns, titles, the connectors and particles of
#: names, and the articles and "at" of a role ("Head of Research at the Bank")
_LABEL_LOWER_WORDS = (
    SOURCE_NOUNS
    | TITLE_WORDS
    | lexicon("name_connectors")
    | lexicon("name_particles")
    | frozenset("at the a an".split())
)


def _quote_label(text: str, s_start: int, q_start: int) -> _Speaker | None:
    """The label before a quotation when all that precedes it in its sentence is ``[bullet] noun
    phrase:`` (a leading cue word dropped: ``Said Mr Fogg:``), the phrase can be a source, has a
    capitalised word other than a determiner in it (a name, an organisation: ``The result: “…”`` is
    no label) and no lower-case word but role and source nouns, titles and name particles (no verb:
    ``Ballot papers will ask: “…”`` is no label)."""
    if q_start - s_start > 90:
        return None
    m = _QUOTE_LABEL_RE.fullmatch(text, s_start, q_start)
    if m is None:
        return None
    start, end = m.start(1), m.end(1)
    words = text[start:end].split()
    if words and _strip_token(words[0]).lower() in _CUE_FORMS and len(words) > 1:
        start = text.index(words[1], start + len(words[0]))  # "Said Mr Fogg: “…”": the cue goes first
        words = words[1:]
    mention = text[start:end]
    if (
        len(words) > MAX_LABEL_WORDS
        or not any(w[:1].isupper() and w.lower() not in DETERMINERS for w in words)
        or any(w[:1].islower() and _strip_token(w).lower() not in _LABEL_LOWER_WORDS for w in words)
        or not is_source_mention(mention)
    ):
        return None  # "The President's message reads, in part: “…”": a clause, no label
    return _Speaker(start, end)


# a transcript speaker label opening a paragraph: "PENCE: …", "SEN. JO DOE: …"
_LABEL_RE = re.compile(r"[\"“]?([A-Z][A-Z.’' -]{1,40}[A-Z.]):[ \t\u00a0]+")
# a headline crediting its words to someone: "Jo Doe: The Ferry Is Too Slow."
_HEADLINE_LABEL_RE = re.compile(r"([A-Z][\w.’'-]*(?:[ \u00a0][A-Z][\w.’'-]*){0,3}):[ \t\u00a0]+")


def _resumes(text: str, prev: Quote, seg: _Segment) -> bool:
    """Whether ``seg`` continues the direct quote ``prev``: same paragraph, nothing quoted between,
    and ``prev`` ends in a quotation followed by its attribution."""
    if prev.kind != "direct" or prev.speaker_start is None or prev.quote_end > seg.start:
        return False
    between = text[prev.quote_end : seg.start]
    if "\n" in between or _MARK_RE.search(between) or len(between) > MAX_RESUME_GAP_CHARS:
        return False
    return prev.speaker_start >= prev.quote_end and prev.speaker_start < seg.start


def _nearest_attributed(
    text: str, quotes: list[Quote], quote_starts: list[int], seg: _Segment
) -> Quote | None:
    """The quote with a speaker closest to ``seg`` in its paragraph, else the last one before it in
    the previous paragraph."""
    p_start = text.rfind("\n", 0, seg.start) + 1
    p_end = text.find("\n", seg.end)
    p_end = len(text) if p_end == -1 else p_end
    prev_p_start = text.rfind("\n", 0, max(0, p_start - 2)) + 1 if p_start > 1 else p_start
    best: Quote | None = None
    best_d = _MAX_INT
    lo = bisect.bisect_left(quote_starts, prev_p_start)
    hi = bisect.bisect_left(quote_starts, p_end)
    for q in quotes[lo:hi]:
        if q.speaker_start is None or (q.speaker or "").lower() in _NOT_INHERITED:
            continue  # no speaker, or a thing's ("It shows …"): not one to credit a quotation to
        if p_start <= q.quote_start < p_end:
            d = abs(q.quote_start - seg.start)
        elif prev_p_start <= q.quote_start < p_start:
            d = seg.start - q.quote_start + len(text)  # only when the paragraph has none
        else:
            continue
        if d < best_d:
            best, best_d = q, d
    return best


def _para_of(paragraphs: list[tuple[int, int]], pos: int, hint: int) -> int:
    i = hint
    while i + 1 < len(paragraphs) and paragraphs[i][1] <= pos:
        i += 1
    return i
