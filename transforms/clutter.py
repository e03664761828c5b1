r"""Lines that are page furniture, not article text: the rule list, one named rule per kind.

To add a rule, add an entry to :data:`CLUTTER_RULES`: a name, and either a regular expression
matched against one whole line (white space already collapsed) or a :class:`LineRun`, the
expressions of a few *consecutive* lines that are furniture only together. RT's discussion
footer arrives as one line (``To participate in the discussion log in or register``) or split
over two (``To participate in the discussion,`` / ``log in or register``): neither half is
furniture alone. A run's lines are consecutive lines of the file: a blank line between them
ends the run (a ``Read more`` label, a blank line and a short line is a label and a subheading).

Matched lines are removed wherever they stand — the header line's rest (one-line rules), the
title position, the body — and counted once per removal (a run of two lines counts once) under
the rule's name in the article's ``text_fixes`` (``clutter:<name>``) and in the run summary. At
each line the runs are tried first, in table order, then the one-line rules: ``Read more`` /
``Kessel Bridge Reopens`` is one ``read_more_headline``, not a ``ui_label`` and a body line.

A run must not eat article text, so its lines are narrow: a linked headline after a ``Read more``
label has a headline's shape (at most :data:`HEADLINE_MAX_WORDS` words, no sentence inside it,
no ``. ! ? …``, comma or closing quote at its end) and ends its paragraph (a run with
``ends_paragraph``: the next line does not continue it, the parser's wrap rule); otherwise only
the label goes (``read_more_label``, ``ui_label``) and a quotation, a question or a hard-wrapped
paragraph after it stays whole. A subscription prompt's first line is at most
:data:`SUBSCRIBE_PROMPT_MAX_WORDS` words with no clause in it (``Sign up for the Harbour
Briefing``, not ``Sign up for the new pass opened on Monday, and drivers were urged to``).

A rule must match in time linear in the line: no quantifier inside a repeated group that can cut
the same text in several ways (``(?:\S*icon\S*)+`` on ``iconiconicon…`` tries them all); take
such pieces whole with an atomic group ``(?>…)`` or a possessive ``*+``. Only lines of at most
:data:`CLUTTER_MAX_CHARS` characters are tested (``tests/transforms/test_linear_time.py`` holds
every rule, and every line of every run, to that on hostile lines). A run is at most a few lines
long, so trying the runs at every line costs a constant number of matches per line.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from schemas.lexicon import lexicon_entries
from transforms.wrapping import lead_runs_on


@dataclass(frozen=True, slots=True)
class LineRun:
    """Consecutive lines that are furniture together: one pattern per whole line, ``lines`` in
    order, then as many of the ``optional`` patterns, in order, as the lines after them match."""

    lines: tuple[str, ...]
    optional: tuple[str, ...] = ()
    #: the run's last line ends its paragraph: a next line that continues it (the parser's rule
    #: for a line that may be whole without a full stop,
    #: :func:`~transforms.wrapping.lead_runs_on`) makes the lines article text
    ends_paragraph: bool = False


_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_WEEKDAY = "(?:" + "|".join(day.upper() for day in lexicon_entries("weekdays")) + ")"  # MONDAY …

#: words of a linked headline after a "Read more" label, at most
HEADLINE_MAX_WORDS = 15
#: words of the first line of a subscription prompt ("Sign up for the Harbour Briefing"), at most
SUBSCRIBE_PROMPT_MAX_WORDS = 10
# a word of a headline: no sentence end inside it or at its end ("3.5", "Yahoo!Mail", "U.S." pass;
# "talks. The" is two sentences), each piece taken whole
_HEADLINE_WORD = r"(?:(?:[A-Z]\.)++|[^ .!?…]++(?:[.!?…]++[^ .!?…]++)*+)"
# a linked headline: a capital (or a digit or a quotation mark) first, a few words, no sentence
# inside it, no sentence end, comma or closing quote at its end
_HEADLINE = (
    rf"(?![a-z]){_HEADLINE_WORD}(?: {_HEADLINE_WORD}){{0,{HEADLINE_MAX_WORDS - 1}}}"
    r"(?<![,;:\"'”’»])"
)
_READ_MORE_LABEL = r"(?i:read more|read also|also read|see also|more on this(?: story)?)(?: ?[:›»>|-])?"
# the first line of a subscription prompt: the verb and a few words, no clause (no , ; . ! ?)
_SUBSCRIBE_PROMPT = rf"(?i:subscribe|sign up)(?: [^ ,;.!?]++){{0,{SUBSCRIBE_PROMPT_MAX_WORDS - 1}}}[.!:]?"
_SUBSCRIBE_LINE = (
    r"(?i:(?:enter |type )?(?:your )?e-?mail(?: address)?(?: here)?:?"
    r"|to (?:our|the) .{0,40}(?:channel|newsletter|feed|mailing list|updates|podcast)\b.{0,30}"
    r"|(?:get|receive) .{0,60}(?:inbox|e-?mail|newsletter|updates|headlines|stories|news)\b.{0,40}"
    r"|by (?:subscribing|signing up)\b.{0,200})"
)
_SUBSCRIBE_BUTTON = r"(?i:subscribe|sign up|sign me up|submit|send|ok)!?"

#: name -> pattern of a whole line that is not article text, or the lines of a run that is not.
CLUTTER_RULES: Mapping[str, str | LineRun] = {
    # "© Sputnik / Ramil Sitdikov / Go to the mediabank", "© Sergei Supinsky/AFP"
    "photo_credit": r"©.{0,200}|(?:Photo|Picture|Image|Credit)s?(?: by)?: .{1,120}",
    "mediabank": r".{0,200}Go to the mediabank\.?",
    # "- Sputnik International, 1920, 25.02.2022"
    "site_stamp": r"-?\s?[\w .&'’-]{2,60}, \d{4}, \d{2}\.\d{2}\.\d{4}",
    "discussion_login": r"To participate in the discussion,? log in or register\.?",
    # the same footer over two lines: "To participate in the discussion," / "log in or register"
    "discussion_login_lines": LineRun((r"To participate in the discussion,?", r"log in or register\.?")),
    # "Subscribe to our newsletter" / "Enter your e-mail" / "Subscribe": a prompt, what it offers,
    # and at most one more line (the button, or a second line of the offer)
    "subscribe_block": LineRun(
        (_SUBSCRIBE_PROMPT, _SUBSCRIBE_LINE),
        (rf"{_SUBSCRIBE_LINE}|{_SUBSCRIBE_BUTTON}",),
    ),
    # "Read more:" / "Kessel Bridge Reopens to Traffic": a link label and the linked headline, a
    # line of headline shape that ends its paragraph (not "Why did the talks fail? Officials …",
    # not a quotation, not a wrapped line that the next line goes on with)
    "read_more_headline": LineRun(
        (_READ_MORE_LABEL, _HEADLINE),
        ends_paragraph=True,
    ),
    "live_feed_promo": r"Follow .{1,60}(?:live feed|live coverage|on Telegram|on Twitter).{0,120}",
    "ui_label": (
        r"(?i:chats?|table of contents|new first ?old first|old first ?new first|x|share|share this"
        r"|comments?|subscribe|read more|read also|see also|left menu|right menu|menu|youtube"
        r"|international|loading\.*|advertisement|related|most read|top stories|latest news"
        r"|close|print|email|facebook|twitter|telegram|vk|whatsapp|home)"
    ),
    # the label alone, when what follows it is article text: "Read more:", "More on this story"
    # (after ui_label, which names the bare "Read more")
    "read_more_label": _READ_MORE_LABEL,
    # "icon bookmark-bicon bookmarkicon cameraicon...": words holding "icon" open the line, two
    # "icon"s at least among them (the lookahead), and at most 200 characters of anything follow.
    # Each word is taken whole (atomic, possessive): ``(?:\S*icon\S*\s*){2,}`` says the same but
    # tries every way of cutting "iconicon…" into pieces, exponential in the number of "icon"s.
    "icon_strip": r"(?=(?>\S*?icon)(?:\S*?icon|\S*+\s++\S*?icon))(?:(?>\S*icon)\S*+\s*+)++.{0,200}",
    # "7 Apr, 2022 11:50 / HomeRussia & FSU", "25.02.2022", "March 1, 2022 10:52 GMT"
    "dateline": (
        rf"\d{{1,2}} {_MONTH},? \d{{4}}(?: \d{{1,2}}:\d{{2}})?(?: ?/ ?.{{0,80}})?"
        rf"|{_MONTH} \d{{1,2}}(?:st|nd|rd|th)?,? \d{{4}}"
        r"(?:,? \d{1,2}:\d{2}(?: ?[AP]M)?)?(?: [A-Z]{2,4})?"
        r"|\d{1,2}[./]\d{1,2}[./]\d{2,4}(?:,? \d{1,2}:\d{2})?"
        r"|(?:Updated|Published|Posted|Last updated):? .{0,60}\d{4}.{0,20}"
    ),
    # "KATERYNA TYSCHENKO - TUESDAY, MARCH 1st 2022, 10:52"
    "byline": rf"(?:By )?[A-Z][A-Z .'’-]{{2,60}} [-–—] {_WEEKDAY}, .{{0,60}}\d{{4}}.{{0,20}}",
    "separator": r"[*\-–—_=~#•·. ]{3,}",
}

_COMPILED: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(rf"(?:{pattern})\Z"))
    for name, pattern in CLUTTER_RULES.items()
    if isinstance(pattern, str)
)
#: the runs: name, the compiled patterns of their lines, and how many of those lines are required
_COMPILED_RUNS: tuple[tuple[str, tuple[re.Pattern[str], ...], int], ...] = tuple(
    (name, tuple(re.compile(rf"(?:{line})\Z") for line in (*run.lines, *run.optional)), len(run.lines))
    for name, run in CLUTTER_RULES.items()
    if isinstance(run, LineRun)
)
_ENDS_PARAGRAPH = frozenset(
    name for name, run in CLUTTER_RULES.items() if isinstance(run, LineRun) and run.ends_paragraph
)
#: lines longer than this are article text, never clutter (a cheap gate: most lines are long prose)
CLUTTER_MAX_CHARS = 400


def clutter_rule(line: str) -> str | None:
    """The name of the first one-line rule the whole line matches, or None for article text."""
    if len(line) > CLUTTER_MAX_CHARS:
        return None
    for name, pattern in _COMPILED:
        if pattern.match(line):
            return name
    return None


def clutter_at(lines: Sequence[str], start: int) -> tuple[str, int] | None:
    """The furniture that begins at ``lines[start]``: the rule's name and how many lines it takes
    (a run first, then a one-line rule), or None when the line is article text. A blank line
    (``""``) is never furniture and ends a run."""
    for name, patterns, required in _COMPILED_RUNS:
        taken = 0
        for pattern in patterns:
            at = start + taken
            if at >= len(lines) or not _line_matches(pattern, lines[at]):
                break
            taken += 1
        if taken >= required and not (name in _ENDS_PARAGRAPH and _continued(lines, start + taken)):
            return name, taken
    rule = clutter_rule(lines[start]) if lines[start] else None
    return None if rule is None else (rule, 1)


def _continued(lines: Sequence[str], after: int) -> bool:
    """Whether the line at ``after`` (when there is one) continues the line before it."""
    return after < len(lines) and lead_runs_on(lines[after - 1], lines[after])


def _line_matches(pattern: re.Pattern[str], line: str) -> bool:
    return bool(line) and len(line) <= CLUTTER_MAX_CHARS and pattern.match(line) is not None
