"""Where a frame's content starts and ends (indirect speech), and what may stand between a cue
and its content.

The content is

- when the frame leads, the rest of the sentence after the cue (``Makei stressed that Belarus
  opposes expansion.`` → ``Belarus opposes expansion``); an object and adjuncts before ``that``
  or ``:`` are skipped (``he told reporters on Monday that …``; after ``told``, up to a subject
  pronoun and its verb: ``she told the Herald last week she would go``, or a determined noun
  phrase and an auxiliary after the addressee: ``he told the court the firm had …``; a
  prepositional phrase opening the sentence is no trailing content: ``At the turn of the year,
  Doe told the BBC the band were …`` reports ``the band were …``), a ``that`` inside a
  quotation is not one; it stops before an added clause (``, but …``, ``, who …``, ``, adding …``,
  `` and said …``, ``, and he …``) and before a coordinated second report (``One in three said
  X, and one in four said Y.`` → two quotes); a second cue of the same subject (``and said``,
  ``but said``, ``and added``) ends the first content however short, and no ``that`` after it
  is the first cue's (``The minister denied the claims and said he had done nothing wrong.`` →
  ``the claims`` and ``he had done nothing wrong``, both the minister's); an adjunct alone is
  no content (``… he said in a statement.``); a ``, who``/``, which`` aside of the
  content's own subject, closed by a comma before a finite verb, does not end it (``said that
  the crews, who have worked there for years, will keep their jobs`` is whole);
- when the frame trails, the part before the comma (``“We are ready,” Makei said.``; ``Minsk
  will act, he stated.``), without a lead-in ending in ``:`` (``He turned to money: “X,” he
  said.`` → ``“X,”``); inside reported speech both halves: ``In May, he said, the bridge will
  reopen.`` is one content;
- after ``asked``, the indirect question: ``Asked whether it is safe, Doe said …`` → ``whether
  it is safe``;
- after a determined noun of :data:`NOUN_CUES` and ``that``, the clause, its owner speaking:
  ``Doe’s claim that the bridge is safe …`` → ``the bridge is safe`` (``Doe’s``).

- after a cue of :data:`OBJECT_CUES` (``endorsed``, ``called for``, ``criticized``), the object
  noun phrase only: ``Doe endorsed Roe on Monday.`` → ``Roe``; ``Doe spoke about how …`` keeps
  the clause; a passive (``was backed by``) or a particle (``backed off``) reports nothing;
- after an intention verb of :data:`INFINITIVE_CUES`, only an infinitive: ``Doe plans to run``
  → ``to run`` (``decided to`` is an act, no report: ``the club decided to act``); any
  past-tense verb before ``that`` reports the clause (``the court ruled that
  …``); these and object cues are weak: in a sentence with another cue they are tried last
  (``Minsk plans to act, Doe stated.`` is Doe's report);
- after ``asked``, a request: ``Doe asked the council to delay the vote`` → ``the council to
  delay the vote``; a question word after the infinitive is the infinitive's (``asking the
  council to think carefully about this`` is the request, not ``about this``);
- a passive report without its source is the whole clause, cue included (PolNeAR convention):
  ``The board is expected to approve the plan.``; the agent of ``by``, if written, speaks; a
  clause joined by ``, but``/``, and``/``;`` is read alone (``An injury denied Doe the chance,
  but the winger is expected to be fit`` → ``the winger is expected to be fit``); negated alike:
  ``Berg is not believed to be badly hurt`` is the whole clause, no speaker; its subject is
  who is talked about, never the speaker.

"""

from __future__ import annotations

import re

from schemas.lexicon import lexicon, lexicon_entries
from transforms.quotes.cues import CLAIM_NOUNS, DISOWNING_CUES, REPORTING_CUES
from transforms.quotes.limits import (
    MAX_CLAIM_MODIFIERS,
    MAX_CUE_TO_CONTENT_CHARS,
    MAX_CUE_TO_QUOTE_WORDS,
    MAX_RESUME_GAP_WORDS,
    MAX_SPEAKER_CHARS,
    MIN_CONTENT_WORDS,
)
from transforms.quotes.patterns import _CUE_RE, _RELATIVE_THAT_RE, _THAT_RE, _TOLD_CLAUSE_RE
from transforms.quotes.records import _Segment, _Speaker
from transforms.quotes.sentences import _word_count
from transforms.quotes.sources import _WEEKDAYS_MONTHS, _head_is_source, is_source_mention
from transforms.quotes.speaker_reading import _speaker_after, _speaker_before
from transforms.quotes.words import DETERMINERS, NP_BREAKERS, PRONOUN_SPEAKERS

_ASKED_TO_RE = re.compile(
    r"\s+((?:the\s+|his\s+|her\s+|their\s+)?[\w.’'-]+(?:\s+[\w.’'-]+){0,3}\s+to\s+[a-z]+)\b"
)
#: ... or with a determined noun phrase and a finite auxiliary (``told BBC News the band were …``,
#: ``told the court the firm had …``): the addressee is never the subject (at least one word
#: between the cue and the clause), and the phrase has no second determiner (``the court the``)
_TOLD_NOUN_CLAUSE_RE = re.compile(
    r"(?<=\s)(?:the|his|her|their|its|our|my)\s+(?:(?!(?:the|a|an|his|her|their|its|our|my)\b)[\w’'-]+\s+){1,3}?"
    r"(?:was|were|is|are|had|has|have|would|will|could|can|should|might|may|must)\b"
)
_RESUME_CONJUNCTION_RE = re.compile(r"\s*,?\s*(?:but|and|before)\b")
# a second report between two quotations is its own frame: "“X,” she said, adding, “Y.”"
_SECOND_CUE_RE = re.compile(r"\s*,?\s*(?:adding|saying|noting|explaining|continuing|before adding)\b")
# where a leading frame's reported content stops: a clause tacked on after a comma
_CLAUSE_BREAK_RE = re.compile(
    r",\s+(?:but(?! that)|while|although|though|even as|as well as|who|which|said|says|told|compared"
    r"|(?!including|especially|particularly|leaving|following|according)[a-z]+ing"
    r"|and\s+(?:he|she|they|we|I|[a-z]+ed)"
    r"|and\s+(?:also\s+)?(?:said|says|told|added|noted|argued|insisted))\b|;"
    r"|\s(?:[—–]\s|(?:and|but)\s+(?:also\s+)?(?:said|says|told|added|adds|noted|argued|insisted)\b)"
)
#: A second cue coordinated with the first (``denied the claims and said …``): it ends the first
#: content however short that is, and starts a frame of its own with the same subject.
_COORDINATED_CUE_RE = re.compile(
    r",?\s+(?:and|but)\s+(?:also\s+)?(?:said|says|told|added|adds|noted|argued|insisted)\b"
)
_LEAD_PUNCT_RE = re.compile(r"[\s:,—–-]*")
_TRAIL_PUNCT = ".,;:!?…—–- \t"


def _that_word(text: str, start: int, end: int) -> int:
    """Where the word ``that`` first stands in ``text[start:end]`` (``str.find`` with the word
    boundaries of ``\\bthat\\b``: much faster than the pattern), else -1."""
    at = text.find("that", start, end)
    while at != -1:
        before = text[at - 1] if at else " "
        after = text[at + 4] if at + 4 < end else " "
        if not (before.isalnum() or before == "_" or after.isalnum() or after == "_"):
            return at
        at = text.find("that", at + 1, end)
    return -1


def _inside_quote(pos: int, quoted: list[_Segment]) -> bool:
    """Whether ``pos`` is strictly inside one of the quotations (a loop: cheaper than ``any``)."""
    for seg in quoted:  # noqa: SIM110
        if seg.start < pos < seg.end:
            return True
    return False


def _quote_opens_in(pos: int, quoted: list[_Segment]) -> bool:
    """Whether a quotation opens within three characters after ``pos``."""
    for seg in quoted:  # noqa: SIM110
        if pos < seg.start <= pos + 3:
            return True
    return False


def _quote_ends_in(lo: int, hi: int, quoted: list[_Segment]) -> bool:
    """Whether a quotation ends in ``lo..hi`` (both included)."""
    for seg in quoted:  # noqa: SIM110
        if lo <= seg.end <= hi:
            return True
    return False


def _overlaps_quote(spans: list[tuple[int, int]], quoted: list[_Segment]) -> bool:
    for a, b in spans:
        for seg in quoted:
            if seg.start < b and a < seg.end:
                return True
    return False


#: ``reported to <someone>`` takes an addressee as ``told`` does: ``reported to the President on the
#: corporation's results`` names a topic, ``reported to me that …`` reports; ``was reported to be``
#: and ``to have`` are the passive's infinitive, not an addressee
_REPORTED_TO_RE = re.compile(r"\s+to\s+(?!be\b|have\b)")


def _content_after_cue(text: str, cue: tuple[int, int], sent_end: int, quoted: list[_Segment]) -> int | None:
    """Where a leading frame's content starts: after "that", ":" or an opening quote, else the cue."""
    pos = cue[1]
    that = _THAT_RE.match(text, pos, sent_end)
    if that:
        return that.end()
    window_end = pos + MAX_CUE_TO_CONTENT_CHARS if pos + MAX_CUE_TO_CONTENT_CHARS < sent_end else sent_end
    second = _COORDINATED_CUE_RE.search(text, pos, window_end)
    if second is not None:  # "denied the claims and added that …": that "that" is the second cue's
        window_end = second.start()
    that_word = _that_word(text, pos, window_end)
    if (
        that_word != -1
        and not _inside_quote(that_word, quoted)
        and not _RELATIVE_THAT_RE.match(text, that_word)
    ):
        noun = _disowned_claim(text, cue, that_word)
        if noun != -1:  # "denied Tory claims that he fiddled …": the claim is the content, whole
            return _claim_phrase_start(text, pos, noun)
        after = that_word + 4
        while after < window_end and text[after].isspace():
            after += 1
        return after
    colon = text.find(":", pos, window_end)
    if colon != -1 and not _inside_quote(colon, quoted):
        return colon + 1
    for seg in quoted:
        if (
            pos <= seg.start < sent_end
            and _word_count(text, pos, seg.start) <= MAX_CUE_TO_QUOTE_WORDS
            and (text[pos : seg.start].rstrip().endswith((",", ":")) or seg.start - pos <= 2)
        ):
            return seg.start
    verb = text[cue[0] : cue[1]].lower()
    if verb.startswith(("told", "tell")) or (
        verb.startswith("report") and _REPORTED_TO_RE.match(text, pos, window_end) is not None
    ):
        # "told the Herald last week she would go": the clause opens with its subject pronoun
        clause = _TOLD_CLAUSE_RE.search(text, pos, window_end)
        if clause is None and verb.startswith(("told", "tell")):
            clause = _TOLD_NOUN_CLAUSE_RE.search(text, pos, window_end)
            if clause is not None and _word_count(text, pos, clause.start()) < 1:
                clause = None  # "told the band were …" is not read: the addressee comes first
        if clause is not None and _word_count(text, pos, clause.start()) <= MAX_CUE_TO_QUOTE_WORDS:
            return clause.start()
        return None  # "told reporters …": the object is not content
    if verb.startswith(("asked", "ask")):
        # "asked Republican leaders to disavow him": the request, its addressee included
        request = _ASKED_TO_RE.match(text, pos, window_end)
        return request.start(1) if request is not None else None
    lead = _LEAD_PUNCT_RE.match(text, pos, sent_end)
    return lead.end() if lead else pos


def _disowned_claim(text: str, cue: tuple[int, int], that_word: int) -> int:
    """Where the claim noun before the ``that`` at ``that_word`` starts, when the cue at ``cue``
    disowns it (``dismissed reports that …``: the clause is the claim's, not the cue subject's,
    and the report is of the claim whole, as PolNeAR marks it), else -1."""
    if text[cue[0] : cue[1]].lower() not in DISOWNING_CUES:
        return -1
    space = text.rfind(" ", cue[1], that_word - 1)
    start = space + 1 if space != -1 else cue[1]
    return start if text[start:that_word].strip().lower() in CLAIM_NOUNS else -1


def _claim_phrase_start(text: str, after_cue: int, noun: int) -> int:
    """Where the noun phrase of the claim noun at ``noun`` starts: back over at most
    :data:`MAX_CLAIM_MODIFIERS` modifiers (``Conservative claims``), to a determiner at most
    (``denied Monday the reports``: not the weekday, nor ``in March``)."""
    start = noun
    for word in reversed(text[after_cue:noun].split()[-MAX_CLAIM_MODIFIERS:]):
        low = word.lower()
        if low in NP_BREAKERS or word in _WEEKDAYS_MONTHS or not word.replace("-", "").isalpha():
            break
        start = text.rfind(word, after_cue, start)
        if low in DETERMINERS:
            break
    return start


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1] in _TRAIL_PUNCT:
        end -= 1
    return start, end


_CLAUSAL_OBJECT_RE = re.compile(r"(?:how|whether|why|what|when|where|who|if|that)\b")
# where an object noun phrase ends: a comma or dash, an adjunct (a preposition other than "of",
# a time word), a subordinate clause, or "and" before a verb
_OBJECT_END_AT_RE = re.compile(
    r"\s*[,;:(—–]|\s+-\s"
    r"|\s+(?:in|on|at|after|before|during|since|until|amid|ahead|with|without|from|by|as|while|when|"
    r"because|but|despite|over|through|last|this|next|earlier|later|today|yesterday|tonight|"
    + "|".join(lexicon_entries("weekdays") + lexicon_entries("months"))
    + r"|who|which|that|if|even|instead|rather"
    r"|and\s+(?!the\b|a\b|an\b|his\b|her\b|their\b|its\b|[A-Z])[a-z]+)\b"
)
# the same, never starting inside a run of white space: from every space of a run the pattern
# matches or fails alike (what follows the run decides), so trying each one re-reads the run for
# nothing (quadratic in its length); see _object_end
_OBJECT_END_RE = re.compile(r"(?:(?!\s)|(?<!\s))(?:" + _OBJECT_END_AT_RE.pattern + ")")


#: verbs of speech whose object is never a person (what was said, not whom it was said to): a
#: noun phrase after them that closes the sentence is their subject, inverted. ``accused``,
#: ``told``, ``praised``, ``urged`` … take a person (``…, accused Mr Lund.``) and are not here.
_INVERTIBLE_CUES = frozenset(
    form
    for lemma in (
        "say add write continue note explain state declare reply respond conclude recall argue insist "
        "claim acknowledge admit remark observe stress emphasize suggest maintain counter quip joke "
        "concede predict complain boast contend assert report"
    ).split()
    for form in REPORTING_CUES[lemma]
)


MAX_INVERTED_SOURCE_WORDS = 5  #: words of a source closing a sentence after its cue (``founder Jo Lund``)


#: possessive determiners: a noun phrase after a cue opening with one is an inverted speaker only
#: when it closes the clause (``…,” said his spokesman.``)
_POSSESSIVE_DETERMINERS = frozenset("its his her their our my your".split())
#: what may follow an inverted speaker: a stop, a comma, a closing mark or an opening bracket
_AFTER_INVERTED_SPEAKER = frozenset(".,;:!?)(\"”’'")


def _is_possessive_object(text: str, after: _Speaker) -> bool:
    """Whether a noun phrase read after a cue opens with a possessive (:data:`_POSSESSIVE_DETERMINERS`)
    and goes on with more words (not :data:`_AFTER_INVERTED_SPEAKER`): it is then the cue's object
    or the subject of its content (``…, explained its goals and tasks, and told …``; ``…, said her
    client was likely to sue``), not the source of an inverted frame (``…,” said her lawyer.``)."""
    words = text[after.start : after.end].split(None, 1)
    if not words or words[0].lower() not in _POSSESSIVE_DETERMINERS:
        return False
    rest = text[after.end : after.end + 2].lstrip(" ")
    return rest != "" and rest[0] not in _AFTER_INVERTED_SPEAKER and rest[0] != "\n"


def _source_closes_after_comma(text: str, s_start: int, s_end: int, cue: tuple[int, int]) -> bool:
    """Whether the cue follows a comma and is followed by a source noun phrase that ends the
    sentence (``…, once the owner of the mine, said founder Jo Lund.``): a noun phrase alone is
    no content of a verb of speech of :data:`_INVERTIBLE_CUES`, so the frame is inverted: the
    words before the comma are the content and the noun phrase after the cue the speaker, even
    when an apposition before the comma (``Acme, once the owner of the mine,``) reads like a
    speaker. ``…, said the plan would work.`` (a clause after the cue) and ``…, said goodbye.``
    (no source) stay as they are."""
    c_start, c_end = cue
    if text[c_start:c_end].lower() not in _INVERTIBLE_CUES or not text[s_start:c_start].rstrip().endswith(
        ","
    ):
        return False
    after = _speaker_after(text, c_end, s_end)
    if after is None or text[after.end : s_end].strip() not in ("", ".", "!"):
        return False
    mention = text[after.start : after.end]
    if not mention.strip():
        return False
    if mention.lower() in PRONOUN_SPEAKERS:
        return True  # "…, said he."
    words = mention.split()
    if len(words) > MAX_INVERTED_SOURCE_WORDS or any(w.endswith(("n't", "n’t")) for w in words):
        return False  # "…, said Jo Lund's report didn't help.": a clause, read as far as it goes
    return is_source_mention(mention) and (words[-1][:1].isupper() or _head_is_source(mention))


def _normal_cue_at(text: str, start: int, end: int) -> str:
    """The cue at ``start:end`` lower-cased, its white space single (as the cue tables write it)."""
    cue = text[start:end]
    if cue.isalpha() and cue.islower():  # the common case: already one lower-case word
        return cue
    return " ".join(cue.lower().split())


def _object_end(text: str, begin: int, end: int, quoted: list[_Segment]) -> int:
    """Where the object noun phrase that starts at ``begin`` ends (at ``end`` at the latest); a
    clausal object (``talked about how …``) runs to ``end``."""
    if _CLAUSAL_OBJECT_RE.match(text, begin):
        return end
    # what _OBJECT_END_AT_RE.finditer finds: a match where the scan stands (it may stand inside a
    # run of spaces), else the first one after it outside such a run
    pos = begin
    while pos < end:
        m = _OBJECT_END_AT_RE.match(text, pos, end) or _OBJECT_END_RE.search(text, pos + 1, end)
        if m is None:
            break
        if m.start() > begin and not (quoted and _inside_quote(m.start(), quoted)):
            return m.start()
        pos = m.end()  # never empty
    return end


_COORDINATION_RE = re.compile(r",?\s+(?:and|but|while|whereas)\s+|;\s*|,\s+")


def _next_frame_start(text: str, begin: int, cue_start: int) -> int | None:
    """Where a coordinated second report starts inside a content: ``…, and one in four said …``."""
    window = max(begin, cue_start - 60)
    last = None
    for m in _COORDINATION_RE.finditer(text, window, cue_start):
        last = m
    if last is None or _word_count(text, begin, last.start()) < MIN_CONTENT_WORDS:
        return None
    speaker = _speaker_before(text, last.end(), cue_start)
    if speaker is None or speaker.start != last.end():
        return None
    return last.start()


def _clause_end(text: str, begin: int, s_end: int, quoted: list[_Segment]) -> int:
    """Where reported content ends: the sentence end, or an added clause (", but …", " — …")
    after three words at least."""
    third_word = -1  # where the third word of the content starts: breaks before it are too early
    for m in _CLAUSE_BREAK_RE.finditer(text, begin, s_end):
        if quoted and _inside_quote(m.start(), quoted):
            continue
        if third_word == -1:
            third_word = _third_word_start(text, begin, s_end)
        if _RELATIVE_BREAK_RE.match(text, m.start()) and _relative_inside_subject(text, m.end(), s_end):
            continue  # "that heads of our firms, which are partners, are in contact": the subject's aside
        if third_word < m.start():  # _word_count(text, begin, m.start()) >= 3, without a recount
            return m.start()
        if _COORDINATED_CUE_RE.match(text, m.start()) and m.start() > begin:
            return m.start()  # "denied the claims and said …": a second report, the first is whole
    return s_end


#: A ``, who``/``, which`` aside closed by a comma and followed by a finite verb of
#: :data:`_MAIN_VERB_AFTER_ASIDE_RE` belongs to the content's subject, it does not end the content:
#: ``Doe said that the crews of the ferries, who have worked there for years, will keep their
#: jobs`` is one content (was ``the crews of the ferries``, the subject alone).
_RELATIVE_BREAK_RE = re.compile(r",\s+(?:who|which)\b")
_MAIN_VERB_AFTER_ASIDE_RE = re.compile(
    r",\s+(?:(?:also|still|now|not|never|already)\s+)?(?:is|are|was|were|will|would|has|have|had|can|could|"
    r"should|must|may|might|do|does|did|remain|remains|remained)\b"
)
MAX_SUBJECT_ASIDE_CHARS = (
    120  #: characters after ``, who``/``, which`` searched for the comma closing the aside
)


def _relative_inside_subject(text: str, after: int, s_end: int) -> bool:
    """Whether the relative aside starting at ``after`` closes with a comma within
    :data:`MAX_SUBJECT_ASIDE_CHARS` that a finite verb follows (the main clause resumes)."""
    comma = text.find(",", after, min(s_end, after + MAX_SUBJECT_ASIDE_CHARS))
    return comma != -1 and _MAIN_VERB_AFTER_ASIDE_RE.match(text, comma, s_end) is not None


def _third_word_start(text: str, begin: int, end: int) -> int:
    """Where the text after the second space of ``text[begin:end]`` (leading white space skipped)
    goes on, ``end`` if it does not: a span from ``begin`` holds three words or more
    (:func:`_word_count`) exactly when it reaches past that point."""
    while begin < end and text[begin].isspace():
        begin += 1
    first = text.find(" ", begin, end)
    second = text.find(" ", first + 1, end) if first != -1 else -1
    if second == -1:
        return end
    after = second + 1
    while after < end and text[after].isspace():
        after += 1
    return after


def _content_end_before(text: str, s_start: int, attribution_start: int) -> int:
    end = attribution_start
    while end > s_start and (text[end - 1].isspace() or text[end - 1] in ",—–-"):
        end -= 1
    return end


def _rest_after_trailing(text: str, after: int, s_end: int, quoted: list[_Segment]) -> tuple[int, int] | None:
    """The content that resumes after a mid-sentence attribution: '“X,” he said, “Y.”'."""
    for seg in quoted:
        if after <= seg.start < s_end:
            between = text[after : seg.start]
            if _SECOND_CUE_RE.match(between):
                return None
            n_words = _word_count(text, after, seg.start)
            if (n_words <= MAX_RESUME_GAP_WORDS and between.rstrip().endswith((",", ":"))) or (
                n_words <= 3 and _RESUME_CONJUNCTION_RE.match(between)
            ):
                return seg.start, min(s_end, seg.end)
            return None
    return None


#: Verbs of speech that make the subject after an opening ``According to X,`` the one who speaks.
_SPEECH_VERBS_AFTER_ACCORDING: frozenset[str] = lexicon("quote_speech_verbs_after_according")


def _opens_with_speech_frame(text: str, start: int, end: int) -> bool:
    """Whether what follows an opening ``According to X,`` is itself a subject and a verb of
    speech (:data:`_SPEECH_VERBS_AFTER_ACCORDING`): ``According to its latest accounts, Media Lab
    said it spent …``. Then the subject said it and the sentence's frame is that verb's, read as
    any other (the ``according to`` source is where the writer found the saying). The hand
    labels credit the subject, as this module's definition does (the source is who says it);
    PolNeAR credits the outer ``according to`` with the whole clause, but only 4 of its 84
    sentences opening ``According to X,`` (train+dev, none in dev) go on this way. ``added`` is
    left out: ``US firms added 146,000 jobs`` is no speech."""
    m = _CUE_RE.search(text, start - 1 if start > 0 else 0, min(end, start + MAX_SPEAKER_CHARS))
    if m is None or m.group(1) not in _SPEECH_VERBS_AFTER_ACCORDING:
        return False
    speaker = _speaker_before(text, start, m.start(1))
    return (
        speaker is not None
        and speaker.start == start
        and is_source_mention(text[speaker.start : speaker.end])
    )
