r"""Lines that are page furniture, not article text: the rule list, one named rule per kind.

To add a rule, add an entry to :data:`CLUTTER_RULES` (name → regular expression matched against
the whole line, white space already collapsed). A matching line is removed wherever it stands —
the header line's rest, the title position, the body — and counted under the rule's name in the
article's ``text_fixes`` (``clutter:<name>``) and in the run summary.

A rule must match in time linear in the line: no quantifier inside a repeated group that can cut
the same text in several ways (``(?:\S*icon\S*)+`` on ``iconiconicon…`` tries them all); take
such pieces whole with an atomic group ``(?>…)`` or a possessive ``*+``. Only lines of at most
:data:`CLUTTER_MAX_CHARS` characters are tested (``tests/transforms/test_linear_time.py`` holds
every rule to that on hostile lines).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_WEEKDAY = r"(?:MON|TUES|WEDNES|THURS|FRI|SATUR|SUN)DAY"

#: name -> pattern of a whole line that is not article text.
CLUTTER_RULES: Mapping[str, str] = {
    # "© Sputnik / Ramil Sitdikov / Go to the mediabank", "© Sergei Supinsky/AFP"
    "photo_credit": r"©.{0,200}|(?:Photo|Picture|Image|Credit)s?(?: by)?: .{1,120}",
    "mediabank": r".{0,200}Go to the mediabank\.?",
    # "- Sputnik International, 1920, 25.02.2022"
    "site_stamp": r"-?\s?[\w .&'’-]{2,60}, \d{4}, \d{2}\.\d{2}\.\d{4}",
    "discussion_login": r"To participate in the discussion,? log in or register\.?",
    "live_feed_promo": r"Follow .{1,60}(?:live feed|live coverage|on Telegram|on Twitter).{0,120}",
    "ui_label": (
        r"(?i:chats?|table of contents|new first ?old first|old first ?new first|x|share|share this"
        r"|comments?|subscribe|read more|read also|see also|left menu|right menu|menu|youtube"
        r"|international|loading\.*|advertisement|related|most read|top stories|latest news"
        r"|close|print|email|facebook|twitter|telegram|vk|whatsapp|home)"
    ),
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
    (name, re.compile(rf"(?:{pattern})\Z")) for name, pattern in CLUTTER_RULES.items()
)
#: lines longer than this are article text, never clutter (a cheap gate: most lines are long prose)
CLUTTER_MAX_CHARS = 400


def clutter_rule(line: str) -> str | None:
    """The name of the first rule the whole line matches, or None for article text."""
    if len(line) > CLUTTER_MAX_CHARS:
        return None
    for name, pattern in _COMPILED:
        if pattern.match(line):
            return name
    return None
