"""Parse one raw article text into its fields: header, title, teaser, summary, body paragraphs.

The raw layout (one article per file)::

    ␠date 2022-02-16 https://example.com/story      <- header (optional)
    Title of the story                               <- title
    First words of the story, cut off mid            <- teaser (optional)
    Sentence one.Sentence two, glued.                <- summary (optional)
    Body paragraph one, which may be hard-wrapped    <- body lines ...
    over two lines.
    Body paragraph two.

Rules, in the order they are applied:

1. **Lines.** Line ends are ``\\n``, ``\\r\\n`` or ``\\r``; a byte-order mark is dropped; white
   space inside a line is collapsed (:func:`~news_etl.transforms.text.collapse_spaces`). A
   blank line separates paragraphs and is otherwise ignored.
2. **Header.** Line 1, when it reads ``date YYYY-MM-DD [URL]`` (:mod:`.header`). Page text after
   the date that is not a URL is kept as the first line of the article.
3. **Title.** The first line after the header.
4. **Glue.** Every later line gets glued sentence boundaries repaired
   (``policies.The`` → ``policies. The``, never inside ``U.S.``, ``3.5``, ``e.g.``, domains, URLs).
5. **Teaser.** The line after the title (four words or more, with at least one line after it)
   is a teaser when its text recurs in the lines after it: the site repeats the story's opening
   words (``"... After the exercises concluded"`` is the start of body paragraph 0).
   ``teaser_truncated`` is true when it stops mid-sentence: no ``. ! ? …`` at its end, and its
   later copy goes on with the same sentence (``concluded`` / ``concluded, Russian forces``). A
   line that does not recur is body, however much it resembles a teaser: a lead that merely
   lacks its final full stop, or a line cut off mid-sentence, which rule 7 may join to the next.
6. **Summary.** The next line (after the teaser, or after the title when there is none) is a
   summary when at least one line follows it and at least half of its sentences (of three words
   or more) recur verbatim in the lines after it: the summary is built from body sentences, so
   it is kept out of the paragraphs. ``"X stated.The minister stressed Y."`` with both sentences
   in the body is a summary; a first paragraph whose sentences appear nowhere else is body. A
   line of more than :data:`MAX_SUMMARY_SENTENCES` such sentences is body (each sentence is
   searched for in the rest of the article: a line of thousands would make the parse quadratic).
7. **Wrapped lines.** A body line runs on into the next line (they are joined with one space)
   when the line does not end a sentence and the next line starts with a lower-case letter or
   with ``, ; : ) ] %``, or the line ends with ``, ; ( – — -`` or with a word that cannot end a
   sentence (``and``, ``the``, ``with``, ...). A line that ends a sentence with a closing quote
   runs on only into a lower-case attribution (``"Why not?"`` / ``he asked.``); one that ends a
   sentence otherwise, e.g. ``He said: "We are ready."``, never runs on. A blank line stops it.
8. **Paragraphs.** What remains after joining, in order; empty ones dropped.
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import islice

from news_etl.schemas import Header, ParsedArticle
from news_etl.transforms.budget import check_budget
from news_etl.transforms.clutter import clutter_rule
from news_etl.transforms.header import parse_header
from news_etl.transforms.normalize import normalise_text
from news_etl.transforms.text import (
    CLOSING_CHARS,
    SENTENCE_END_CHARS,
    collapse_spaces,
    ends_sentence,
    iter_sentences,
    repair_glued_sentences,
)
from news_etl.transforms.words import comparable, comparable_digest, count_words  # bounded memory

PARSER_VERSION = "1.0.0"

SUMMARY_SENTENCE_MIN_WORDS = 3
MAX_SUMMARY_SENTENCES = 50  #: a line with more sentences (of three words or more) is no summary
RECURRING_TEXT_MIN_WORDS = 4
REPEATED_PARAGRAPH_MIN_WORDS = 5
TITLE_MAX_WORDS = 40
PROSE_MIN_WORDS_WITH_STOP = 12
PROSE_MIN_WORDS_ANYWAY = 40
_SENTENCE_INSIDE_RE = re.compile(r"[.!?][\"'”’)]* +[\"“(]?[A-Z]")

#: Words that cannot end a sentence: a line ending in one runs on into the next line.
CONNECTIVES = frozenset(
    """
    a an the and or but nor of to in on at by for from with without within into onto upon over
    under about above below between among against during after before since until than as
    that which who whom whose whether if because while although though so
    is are was were be been being has have had will would shall should can could may might must
    not its their his her our your my this these those said says told
    """.split()
)
_CONTINUATION_STARTS = ",;:)]%"
_RUN_ON_ENDS = ",;(–—-"
_QUOTE_CLOSERS = "\"'”’»"

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

    teaser, teaser_truncated, rest = _take_teaser(rest)
    summary, rest = _take_summary(rest)
    return ParsedArticle(
        header=header,
        title=title,
        teaser=teaser,
        teaser_truncated=teaser_truncated,
        summary=summary,
        paragraphs=_drop_repeated(join_wrapped_lines(rest), fixes),
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
    kept: list[str] = []
    for line in lines:
        check_budget()  # once per line: every later step is linear in the lines kept here
        rule = clutter_rule(line) if line else None
        if rule is None:
            kept.append(line)
        else:
            fixes[f"clutter:{rule}"] += 1
    return kept


def _drop_repeated(paragraphs: list[str], fixes: Counter[str]) -> list[str]:
    """The second copy of a paragraph (five words or more) is dropped (rule 9)."""
    seen: set[bytes] = set()
    kept: list[str] = []
    for paragraph in paragraphs:
        key = comparable_digest(paragraph)
        if key in seen:
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


def _take_teaser(rest: list[str]) -> tuple[str | None, bool | None, list[str]]:
    if len(_content(rest)) < 2:
        return None, None, rest
    candidate = rest[0]
    following = _strip_breaks(rest[1:])
    if count_words(candidate, at_most=RECURRING_TEXT_MIN_WORDS) < RECURRING_TEXT_MIN_WORDS:
        return None, None, rest
    later = comparable(" ".join(_content(following)))
    needle = comparable(candidate)
    at = later.find(needle)
    if at >= 0:
        # it recurs; it is cut off unless the later copy ends the sentence right there
        after = later[at + len(needle) : at + len(needle) + 1]
        truncated = not ends_sentence(candidate) and after not in SENTENCE_END_CHARS
        return candidate, truncated, following
    return None, None, rest


def _take_summary(rest: list[str]) -> tuple[str | None, list[str]]:
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
    later = comparable(" ".join(_content(following)))
    recurring = sum(1 for sentence in sentences if comparable(sentence) in later)
    if recurring * 2 >= len(sentences):
        return candidate, following
    return None, rest


def runs_on(line: str, next_line: str) -> bool:
    """True when ``line`` is hard-wrapped and ``next_line`` continues it (rule 7)."""
    if not line or not next_line:
        return False
    first = next_line[0]
    if ends_sentence(line):
        return line[-1] in _QUOTE_CLOSERS and first.islower()
    if first.islower() or first in _CONTINUATION_STARTS:
        return True
    if line[-1] in _RUN_ON_ENDS:
        return True
    last_word = line.rsplit(None, 1)[-1].strip(CLOSING_CHARS + '"“‘').lower()
    return last_word in CONNECTIVES


def join_wrapped_lines(lines: list[str]) -> list[str]:
    """Body lines to paragraphs: wrapped lines re-joined with one space (rule 7).

    A paragraph's lines are joined once, at the end (joining line by line copies the paragraph
    for every line: quadratic in a file of thousands of wrapped lines); whether a line runs on
    depends only on the end of the paragraph so far, which is the end of its last line.
    """
    paragraphs: list[list[str]] = []
    open_paragraph = False
    for line in lines:
        if line == _BREAK:
            open_paragraph = False
            continue
        if open_paragraph and runs_on(paragraphs[-1][-1], line):
            paragraphs[-1].append(line)
        else:
            paragraphs.append([line])
        open_paragraph = True
    return [" ".join(paragraph) for paragraph in paragraphs]
