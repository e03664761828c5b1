"""Parse one raw article text into its fields: header, title, teaser, summary, body paragraphs.

The raw layout (one article per file)::

    ␠date 2022-02-16 https://example.com/story      <- header (optional)
    Title of the story                               <- title
    First words of the story, cut off mid            <- teaser (optional)
    Sentence one.Sentence two, glued.                <- summary (optional)
    Body paragraph one, which may be hard-wrapped    <- body lines ...
    over two lines.
    Body paragraph two.

Wire agencies (TASS, Reuters, AP, AFP, Interfax) lay a story out as a title, a lead that often
ends without a full stop, **the same lead again** as the first body line, then the dateline
paragraph::

    Port Talks to Resume in January, Minister Says   <- title
    Talks on the port will resume in January, Ivan Petrov said      <- the lead (teaser)
    Talks on the port will resume in January, Ivan Petrov said      <- its repeat: dropped
    NORDHAVN, December 26. /TASS/. The talks were suspended ...     <- body paragraph 0

Rules, in the order they are applied:

1. **Lines.** Line ends are ``\\n``, ``\\r\\n`` or ``\\r``; a byte-order mark is dropped; white
   space inside a line is collapsed (:func:`~transforms.text.collapse_spaces`). A
   blank line separates paragraphs and is otherwise ignored.
2. **Header.** Line 1, when it reads ``date YYYY-MM-DD [URL]`` (:mod:`.header`). Page text after
   the date that is not a URL is kept as the first line of the article.
3. **Page furniture** (:mod:`.clutter`) is removed next, before any other rule reads the lines:
   one-line rules, and runs of consecutive lines that are furniture only together (RT's
   ``To participate in the discussion,`` / ``log in or register``). It comes before the title
   is chosen and, above all, before wrapped lines are joined (rule 9): joined first, a footer
   after ``... talks with`` would become ``... talks with To participate in the discussion log
   in or register``, one body line that no rule matches. The lines around removed furniture
   may then join as any two lines do (a caption dropped from the middle of a wrapped sentence).
4. **Title.** The first line after the header.
5. **Glue.** Every later line gets glued sentence boundaries repaired
   (``policies.The`` → ``policies. The``, never inside ``U.S.``, ``3.5``, ``e.g.``, domains, URLs).
6. **Teaser.** The line after the title (four words or more, with at least one line after it)
   is a teaser when its text recurs in the lines after it: the site repeats the story's opening
   words (``"... After the exercises concluded"`` is the start of body paragraph 0).
   ``teaser_truncated`` is true when it stops mid-sentence: no ``. ! ? …`` at its end, and its
   later copy goes on with the same sentence (``concluded`` / ``concluded, Russian forces``). A
   teaser repeated as the first body line (rule 7) is complete, with or without its full stop. A
   line that does not recur is body, however much it resembles a teaser: a lead that merely
   lacks its final full stop, or a line cut off mid-sentence, which rule 9 may join to the next.
7. **Repeated lead.** The first body line, when it is the teaser again — compared with white
   space and case normalised and final punctuation (``. ! ? … , ; :``) ignored — and does not
   run on into the next line (rule 9), is the lead once, not a body paragraph: it is dropped and
   counted (``repeated_lead``). Only that line: a copy further down is an ordinary paragraph
   (rule 10 keeps it once). A copy that runs on (``… resume in January, after the`` /
   ``holidays, Ivan Petrov said.``) is the start of paragraph 0, which the teaser prefixes (the
   seed's case, rule 6): the paragraph stays whole. A lead that ends on a reporting verb
   (``…, Ivan Petrov said``) is whole before a line that starts with a capital. A body that is
   nothing but the lead keeps it.
8. **Summary.** The next line (after the teaser, or after the title when there is none) is a
   summary when at least one line follows it and at least half of its sentences (of three words
   or more) recur verbatim in the lines after it: the summary is built from body sentences, so
   it is kept out of the paragraphs. ``"X stated.The minister stressed Y."`` with both sentences
   in the body is a summary; a first paragraph whose sentences appear nowhere else is body. A
   line of more than :data:`MAX_SUMMARY_SENTENCES` such sentences is body (each sentence is
   searched for in the rest of the article: a line of thousands would make the parse quadratic).
9. **Wrapped lines.** A body line runs on into the next line (they are joined with one space)
   when the line does not end a sentence and the next line starts with a lower-case letter or
   with ``, ; : ) ] %``, or the line ends with ``, ; ( – — -`` or with a word that cannot end a
   sentence (``and``, ``the``, ``with``, ...). A line that ends a sentence with a closing quote
   runs on only into a lower-case attribution (``"Why not?"`` / ``he asked.``); one that ends a
   sentence otherwise, e.g. ``He said: "We are ready."``, never runs on. A blank line stops it.
   Never joined, whatever their ends: a line and a next line that opens with an agency
   dateline (:data:`~.wrapping.AGENCY_DATELINES`: ``MOSCOW, December 26. /TASS/.``,
   ``WASHINGTON/LONDON (Reuters) -``, ``Paris (AFP) -``, ...), which so stays at the start of its
   paragraph; a dateline alone on its line runs on into the next line (the text it opens).
   A line of :data:`REPEATED_PARAGRAPH_MIN_WORDS` words or more that repeats an earlier line
   whole is kept apart from both neighbours when that earlier line was a paragraph of its own
   (rule 10 then drops the copy instead of a paragraph glued to it); a line that recurs inside
   wrapped paragraphs (``… talks between the`` / ``Minister of Foreign Affairs of the Russian
   Federation`` / ``and his host ended.``) joins as any line does. (:mod:`.wrapping`.)
10. **Paragraphs.** What remains after joining, in order; empty ones dropped, and the second copy
    of a paragraph of five words or more (``duplicate_paragraph``) when the copy is whole: it ends
    a sentence, a blank line or the end of the body closes it, or rule 9 kept it apart as a copy.
    A copy without a stop that ends only because the next line opens with a capital is kept: it
    may be a wrapped line left unjoined (``The talks with the minister`` / ``Lavrov ended.``), and
    dropping it would lose words.
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import islice

from schemas import Header, ParsedArticle
from transforms.budget import check_budget
from transforms.clutter import clutter_at, clutter_rule
from transforms.header import parse_header
from transforms.normalize import normalise_text
from transforms.text import (
    SENTENCE_END_CHARS,
    collapse_spaces,
    ends_sentence,
    iter_sentences,
    repair_glued_sentences,
)
from transforms.words import (  # bounded memory
    WORD_SLICE_CHARS,
    comparable,
    comparable_digest,
    count_words,
    form_digest,
)
from transforms.wrapping import lead_runs_on, runs_on

#: recorded in articles.parser_version; raised whenever a rule changes what a file parses to
#: (1.1.0: repeated leads, agency datelines, multi-line furniture, HTML character references,
#: legacy encodings, quote and speaker rules of issue 13; 1.2.0: rule 10 keeps a stopless copy
#: that the next line's capital ended, one list of name particles, one list of abbreviations)
PARSER_VERSION = "1.2.0"

SUMMARY_SENTENCE_MIN_WORDS = 3
MAX_SUMMARY_SENTENCES = 50  #: a line with more sentences (of three words or more) is no summary
RECURRING_TEXT_MIN_WORDS = 4
REPEATED_PARAGRAPH_MIN_WORDS = 5
TITLE_MAX_WORDS = 40
PROSE_MIN_WORDS_WITH_STOP = 12
PROSE_MIN_WORDS_ANYWAY = 40
_SENTENCE_INSIDE_RE = re.compile(r"[.!?][\"'”’)]* +[\"“(]?[A-Z]")

#: what is ignored at the end of a line compared with the lead (rule 7), besides white space
_LEAD_FINAL_PUNCTUATION = ".!?…,;: "

# A paragraph break inside the list of lines.
_BREAK = ""


def parse_article(text: str) -> ParsedArticle:
    """Split a raw article text into its fields (rules in the module docstring)."""
    normalised = normalise_text(text)
    fixes = normalised.fixes
    lines = [collapse_spaces(line) for line in normalised.text.removeprefix("\ufeff").split("\n")]
    header = Header()
    if lines and lines[0] != _BREAK:
        header_line = parse_header(lines[0])
        if header_line is not None:
            header = header_line.header
            lines = _place_header_rest(header_line.rest, lines[1:], fixes)
    # furniture first (rule 3): the raw lines, before the title is chosen and before the wrapped
    # lines are joined (rule 9, last below), which would hide a two-line footer inside a body line
    lines = _strip_breaks(_drop_clutter(lines, fixes))
    if not lines:
        return ParsedArticle(header, None, None, None, None, [], fixes)
    long_line = count_words(lines[0], at_most=TITLE_MAX_WORDS) >= TITLE_MAX_WORDS
    if _is_prose(lines[0]) and (long_line or ends_sentence(lines[0])):
        title = None  # the file starts with body text: no title
        rest = lines
    else:
        title = lines[0]
        rest = _strip_breaks(lines[1:])
    rest = [repair_glued_sentences(line) if line else line for line in rest]

    folding = _Folding()
    teaser, teaser_truncated, rest = _take_teaser(rest, folding)
    if teaser is not None:
        rest = _drop_lead_repeat(teaser, rest, fixes, folding)
    summary, rest = _take_summary(rest, folding)
    return ParsedArticle(
        header=header,
        title=title,
        teaser=teaser,
        teaser_truncated=teaser_truncated,
        summary=summary,
        paragraphs=_drop_repeated(_join_wrapped(rest, folding), fixes, folding),  # rules 9 and 10
        fixes=fixes,
    )


def _place_header_rest(rest: str, lines: list[str], fixes: Counter[str]) -> list[str]:
    """Put the page text found after the header's date where it belongs (rule 2)."""
    if not rest:
        return lines
    rule = clutter_rule(rest)
    if rule is not None:
        fixes[f"clutter:{rule}"] += 1
        return lines
    following = [line for line in lines if line != _BREAK and clutter_rule(line) is None]
    nxt = following[0] if following else None
    if nxt is not None and comparable(nxt).startswith(comparable(rest)):
        fixes["header_repeats_title"] += 1
        return lines
    if nxt is not None and _is_prose(rest) and not _is_prose(nxt):
        at = lines.index(nxt)
        return [*lines[: at + 1], rest, *lines[at + 1 :]]  # after the title: the first body line
    return [rest, *lines]


def _is_prose(line: str) -> bool:
    """A line of running text rather than a headline: a sentence end, or many words."""
    words = count_words(line, at_most=PROSE_MIN_WORDS_ANYWAY)
    if words >= PROSE_MIN_WORDS_ANYWAY:
        return True
    if words >= PROSE_MIN_WORDS_WITH_STOP and ends_sentence(line):
        return True
    return words >= PROSE_MIN_WORDS_WITH_STOP and _SENTENCE_INSIDE_RE.search(line) is not None


def _drop_clutter(lines: list[str], fixes: Counter[str]) -> list[str]:
    """Every line without its furniture, runs of lines included (rule 3)."""
    kept: list[str] = []
    at = 0
    while at < len(lines):
        check_budget()  # once per line: every later step is linear in the lines kept here
        found = clutter_at(lines, at)
        if found is None:
            kept.append(lines[at])
            at += 1
        else:
            rule, taken = found
            fixes[f"clutter:{rule}"] += 1
            at += taken
    return kept


class _Folding:
    """The comparable form (:func:`~.words.comparable`) and its digest of the lines of one article,
    each computed once: the teaser, the summary, the wrapped lines and the repeated paragraphs
    (rules 6 to 10) all compare the same body lines.

    The comparable form of lines joined with spaces is the comparable forms of the lines joined
    with spaces (white space is collapsed, and case folding maps each character on its own), so
    the text after a line is folded from its lines' forms. A line longer than a word slice is
    folded each time it is asked for, as before, and not kept (bounded memory).
    """

    __slots__ = ("_digests", "_forms")

    def __init__(self) -> None:
        self._forms: dict[str, str] = {}
        self._digests: dict[str, bytes] = {}

    def line(self, line: str) -> str:
        """``comparable(line)``."""
        form = self._forms.get(line)
        if form is None:
            form = comparable(line)
            if len(line) <= WORD_SLICE_CHARS:
                self._forms[line] = form
        return form

    def text(self, lines: list[str]) -> str:
        """``comparable(" ".join(_content(lines)))``."""
        return " ".join(form for form in map(self.line, _content(lines)) if form)

    def digest(self, text: str) -> bytes:
        """``comparable_digest(text)``; of a line (or a paragraph of one line) kept once."""
        digest = self._digests.get(text)
        if digest is None:
            if len(text) > WORD_SLICE_CHARS:
                return comparable_digest(text)
            form = self._forms.get(text)
            digest = comparable_digest(text) if form is None else form_digest(form)
            self._digests[text] = digest
        return digest


def _drop_repeated(
    joined: tuple[list[str], set[int], set[int]], fixes: Counter[str], folding: _Folding
) -> list[str]:
    """The second copy of a paragraph (five words or more) is dropped (rule 10) when the copy is
    whole: it ends a sentence, a blank line or the end of the body closes it, or rule 9 kept it
    apart as a copy. A copy without a stop that ends only because the next line opens with a capital
    may be a wrapped line left unjoined: it stays."""
    paragraphs, copies_apart, closed = joined
    seen: set[bytes] = set()
    kept: list[str] = []
    for at, paragraph in enumerate(paragraphs):
        key = folding.digest(paragraph)
        if key in seen and (at in copies_apart or at in closed or ends_sentence(paragraph)):
            fixes["duplicate_paragraph"] += 1
            continue
        if count_words(paragraph, at_most=REPEATED_PARAGRAPH_MIN_WORDS) >= REPEATED_PARAGRAPH_MIN_WORDS:
            seen.add(key)
        kept.append(paragraph)
    return kept


def _strip_breaks(lines: list[str]) -> list[str]:
    start, end = 0, len(lines)
    while start < end and lines[start] == _BREAK:
        start += 1
    while end > start and lines[end - 1] == _BREAK:
        end -= 1
    return lines[start:end]


def _content(lines: list[str]) -> list[str]:
    return [line for line in lines if line != _BREAK]


def _take_teaser(rest: list[str], folding: _Folding) -> tuple[str | None, bool | None, list[str]]:
    if len(_content(rest)) < 2:
        return None, None, rest
    candidate = rest[0]
    following = _strip_breaks(rest[1:])
    if count_words(candidate, at_most=RECURRING_TEXT_MIN_WORDS) < RECURRING_TEXT_MIN_WORDS:
        return None, None, rest
    later = folding.text(following)
    needle = folding.line(candidate)
    at = later.find(needle)
    if at >= 0:
        if _repeats_lead_first(candidate, following, folding):
            return candidate, False, following  # repeated as a whole line: complete (rule 6)
        # it recurs; it is cut off unless the later copy ends the sentence right there
        after = later[at + len(needle) : at + len(needle) + 1]
        truncated = not ends_sentence(candidate) and after not in SENTENCE_END_CHARS
        return candidate, truncated, following
    return None, None, rest


def _lead_form(line: str, folding: _Folding) -> str:
    """The line as it is compared with the lead: case folded, final punctuation dropped (rule 7)."""
    return folding.line(line).rstrip(_LEAD_FINAL_PUNCTUATION)


def _repeats_lead(line: str, lead: str, folding: _Folding) -> bool:
    """Whether ``line`` is the lead (in :func:`_lead_form`) again. Lines are compared only when
    their lengths allow it (case folding at most triples a character), so a long line is never
    copied for nothing."""
    if not line or len(line) > 3 * len(lead) + len(_LEAD_FINAL_PUNCTUATION) or len(lead) > 3 * len(line):
        return False
    return _lead_form(line, folding) == lead


def _repeats_lead_first(teaser: str, lines: list[str], folding: _Folding) -> bool:
    """Whether the first body line is the lead again, whole (rule 7): the same text, and a line
    that does not run on into the next one. A copy that runs on (``… after the`` / ``holidays,
    …``) is the start of paragraph 0, which the teaser merely prefixes (the seed's layout), and a
    copy further down is an ordinary paragraph. A lead that ends on a reporting verb (``…, Ivan
    Petrov said``) is whole before a capitalised line (:func:`.wrapping.lead_runs_on`)."""
    if not lines or not _repeats_lead(lines[0], _lead_form(teaser, folding), folding):
        return False
    return not lead_runs_on(lines[0], lines[1] if len(lines) > 1 else _BREAK)


def _drop_lead_repeat(teaser: str, lines: list[str], fixes: Counter[str], folding: _Folding) -> list[str]:
    """The body lines without the first one when it repeats the lead (rule 7), unless nothing
    else is left."""
    if not _repeats_lead_first(teaser, lines, folding) or not _content(lines[1:]):
        return lines
    fixes["repeated_lead"] += 1
    return _strip_breaks(lines[1:])


def _take_summary(rest: list[str], folding: _Folding) -> tuple[str | None, list[str]]:
    if len(_content(rest)) < 2:
        return None, rest
    candidate = rest[0]
    following = _strip_breaks(rest[1:])
    counted = (
        s
        for s in iter_sentences(candidate)
        if count_words(s, at_most=SUMMARY_SENTENCE_MIN_WORDS) >= SUMMARY_SENTENCE_MIN_WORDS
    )
    sentences = list(islice(counted, MAX_SUMMARY_SENTENCES + 1))  # one more is enough to refuse
    if not sentences or len(sentences) > MAX_SUMMARY_SENTENCES:
        return None, rest
    later = folding.text(following)
    recurring = sum(1 for sentence in sentences if comparable(sentence) in later)
    if recurring * 2 >= len(sentences):
        return candidate, following
    return None, rest


def join_wrapped_lines(lines: list[str]) -> list[str]:
    """Body lines to paragraphs: wrapped lines re-joined with one space (rule 9)."""
    return _join_wrapped(lines, _Folding())[0]


def _join_wrapped(lines: list[str], folding: _Folding) -> tuple[list[str], set[int], set[int]]:
    """The paragraphs of :func:`join_wrapped_lines`, which of them are copies kept apart, and which
    a blank line or the end of the body closed.

    A paragraph's lines are joined once, at the end (joining line by line copies the paragraph
    for every line: quadratic in a file of thousands of wrapped lines); whether a line runs on
    depends only on the end of the paragraph so far, which is the end of its last line.

    A line that repeats an earlier line whole stands alone when that earlier copy stood alone,
    a paragraph of one line that a blank line or its own full stop closed, or the line right before
    it (``REPEATED`` in the tests: a paragraph printed twice is kept apart and rule 10 drops the
    copy, instead of gluing it to its neighbours). A line that stood alone only because the next
    line opened with a capital (``… talks with the minister`` / ``Lavrov ended.``, a line of a
    fixture list) may be a wrapped sentence left unjoined: its copy is an ordinary line. A line that recurs
    inside wrapped paragraphs (``… talks between the`` / ``Minister of Foreign Affairs of the
    Russian Federation`` / ``and his host ended.``) is joined as any line is. Lines are told
    apart by digest, so each is read once; whether the earlier copy stood alone is read off its
    paragraph when the copy comes.
    """
    paragraphs: list[list[str]] = []
    #: digest of a line (five words or more) -> the paragraph its first copy opened, if it did
    first_copies: dict[bytes, int | None] = {}
    closed_by_break: set[int] = set()  # paragraphs a blank line (or the end of the body) ended
    copies_apart: set[int] = set()
    open_paragraph = False
    for line in lines:
        if line == _BREAK:
            if open_paragraph:
                closed_by_break.add(len(paragraphs) - 1)
            open_paragraph = False
            continue
        key = _line_key(line, folding)
        opened = first_copies.get(key) if key is not None else None
        apart = (
            opened is not None
            and len(paragraphs[opened]) == 1
            and (
                opened in closed_by_break
                or ends_sentence(paragraphs[opened][0])
                or (opened == len(paragraphs) - 1 and open_paragraph)  # printed twice in a row
            )
        )
        if open_paragraph and not apart and runs_on(paragraphs[-1][-1], line):
            paragraphs[-1].append(line)
            if key is not None:
                first_copies.setdefault(key, None)
        else:
            paragraphs.append([line])
            if key is not None:
                first_copies.setdefault(key, len(paragraphs) - 1)
            if apart:
                copies_apart.add(len(paragraphs) - 1)
        open_paragraph = not apart
    if open_paragraph:
        closed_by_break.add(len(paragraphs) - 1)
    return [" ".join(paragraph) for paragraph in paragraphs], copies_apart, closed_by_break


def _line_key(line: str, folding: _Folding) -> bytes | None:
    """The digest a line of five words or more is recognised by when it recurs, else None."""
    if count_words(line, at_most=REPEATED_PARAGRAPH_MIN_WORDS) < REPEATED_PARAGRAPH_MIN_WORDS:
        return None
    return folding.digest(line)
