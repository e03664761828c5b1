from __future__ import annotations

import pytest

from transforms.article import parse_article
from transforms.clutter import CLUTTER_RULES, LineRun, clutter_at, clutter_rule

ONE_LINE_CASES = [
    ("© Harbour News / Jan Olsen / Go to the photo archive", "photo_credit"),
    ("© Anna Berg/AFP", "photo_credit"),
    ("Port officials inspect the cranes / Go to the mediabank", "mediabank"),
    ("- Northern Wire International, 1920, 25.02.2022", "site_stamp"),
    ("To participate in the discussion log in or register", "discussion_login"),
    ("Follow Northern Wire's live feed to find out the latest developments", "live_feed_promo"),
    ("Chats", "ui_label"),
    ("Table of contents", "ui_label"),
    ("New firstOld first", "ui_label"),
    ("X", "ui_label"),
    ("icon bookmark-bicon bookmarkicon cameraicon", "icon_strip"),
    ("7 Apr, 2022 11:50 / HomeWorld & Region", "dateline"),
    ("March 1, 2022 10:52 GMT", "dateline"),
    ("25.02.2022", "dateline"),
    ("ANNA KOVAL - TUESDAY, MARCH 1st 2022, 10:52", "byline"),
    ("* * *", "separator"),
    ("Read more:", "read_more_label"),
    ("More on this story", "read_more_label"),
]

#: runs of lines that are furniture only together: the lines, the rule, how many lines it takes
RUN_CASES = [
    (["To participate in the discussion", "log in or register"], "discussion_login_lines", 2),
    (["To participate in the discussion,", "log in or register."], "discussion_login_lines", 2),
    (["Subscribe to our newsletter", "Enter your e-mail", "Subscribe"], "subscribe_block", 3),
    (["Subscribe", "to our channel on Telegram"], "subscribe_block", 2),
    (
        [
            "Sign up for the Harbour Briefing",
            "Get the day's top stories in your inbox every morning",
            "Sign up",
        ],
        "subscribe_block",
        3,
    ),
    (["Read more:", "Kessel Bridge Reopens to Traffic After Two Years"], "read_more_headline", 2),
    (["READ MORE", "Why the ferry timetable changed again"], "read_more_headline", 2),
    (["Read also:", "U.S. envoy to visit Nordhavn port in May"], "read_more_headline", 2),
    (["Read more", "Ferry fares to rise again, operator says"], "read_more_headline", 2),
    (["See also", "Harbour council backs new terminal"], "read_more_headline", 2),
]


@pytest.mark.parametrize(("line", "rule"), ONE_LINE_CASES)
def test_each_kind_of_clutter_is_named(line, rule):
    assert clutter_rule(line) == rule
    assert clutter_at([line], 0) == (rule, 1)


@pytest.mark.parametrize(("lines", "rule", "taken"), RUN_CASES)
def test_each_run_of_lines_is_named_and_taken_whole(lines, rule, taken):
    assert clutter_at([*lines, "The council met on Monday."], 0) == (rule, taken)
    assert clutter_at(["The council met on Monday.", *lines], 1) == (rule, taken)


@pytest.mark.parametrize(("lines", "rule", "taken"), RUN_CASES)
def test_a_run_is_removed_from_the_body_and_counted_once(lines, rule, taken):
    text = "\n".join(["Title", "The council met on Monday.", *lines, "It voted for the plan."])
    article = parse_article(text)
    assert article.paragraphs == ["The council met on Monday.", "It voted for the plan."]
    assert article.fixes[f"clutter:{rule}"] == 1


@pytest.mark.parametrize(
    "lines",
    [
        ["To participate in the discussion", "", "log in or register"],  # a blank line ends a run
        ["Read more:", "The minister resigned on Monday."],  # a sentence, not a headline
        ["Read more:", "the minister resigned"],
        # a quotation, a question, an exclamation, sentences, a line too long for a headline
        ["Read more:", '"We are ready to talk," the harbour master said. "But not today."'],
        ["Read more:", 'Ferry fares will rise in May, the operator said on Monday "for good"'],
        ["See also", "Why did the ferry talks fail? Both sides blame the fees"],
        ["More on this story", "Nobody in Kessel expected this!"],
        ["Read more", "Fares rise. Crews strike"],
        ["Read more", "The " + "long " * 15 + "headline"],
        # the first line of a subscription prompt is short and holds no clause
        [
            "Sign up for the new harbour pass opened on Monday, and drivers were told to",
            "get their passes early to receive email updates on delays.",
        ],
        ["Subscribe to the new ferry card, which the operator says will", "get you news of delays"],
        ["Subscribers to the service will pay more", "to the newsletter of the club"],
        ["Subscribe to our newsletter", "The council met on Monday."],
        ["To participate in the discussion", "the members met on Monday."],
    ],
)
def test_lines_that_merely_start_like_a_run_are_not_a_run(lines):
    found = clutter_at(lines, 0)
    assert found is None or found[1] == 1


@pytest.mark.parametrize(
    ("lines", "paragraphs"),
    [
        # a hard-wrapped paragraph after a "Read more" label: the label goes, the paragraph stays
        (
            ["Read more", "The ministry, which has declined to comment on the fees so far, is expected",
             "to publish its own figures next week."],
            ["The ministry, which has declined to comment on the fees so far, is expected to publish its "
             "own figures next week."],
        ),
        (
            ["Read more:", '"We are ready to talk at any moment," Ivan Petrov told reporters. "Not today."'],
            ['"We are ready to talk at any moment," Ivan Petrov told reporters. "Not today."'],
        ),
        (
            ["See also", "Why did the ferry talks fail? Both sides blame the fees"],
            ["Why did the ferry talks fail? Both sides blame the fees"],
        ),
        (
            ["Sign up for the new harbour pass opened on Monday, and drivers were told to",
             "get their passes early to receive email updates on delays."],
            ["Sign up for the new harbour pass opened on Monday, and drivers were told to get their passes "
             "early to receive email updates on delays."],
        ),
    ],
)  # fmt: skip
def test_article_text_after_a_label_is_kept_whole(lines, paragraphs):
    # before the fix the line after the label (or both lines of the sign-up sentence) was removed
    text = "\n".join(
        ["Title", "The ferry talks were suspended in October.", *lines, "The ministry declined to comment."]
    )
    article = parse_article(text)
    assert article.paragraphs == [
        "The ferry talks were suspended in October.",
        *paragraphs,
        "The ministry declined to comment.",
    ]


def test_a_headline_that_the_next_line_continues_is_no_headline():
    lines = ["Read more", "Harbour council backs new terminal for", "cruise ships."]
    assert clutter_at(lines, 0) == ("ui_label", 1)
    assert clutter_at(lines[:2], 0) == ("read_more_headline", 2)  # alone, a headline all the same


def test_half_of_a_run_alone_is_article_text():
    assert clutter_at(["log in or register"], 0) is None
    assert clutter_at(["To participate in the discussion"], 0) is None
    assert clutter_at(["Enter your e-mail"], 0) is None


def test_a_run_is_tried_before_the_one_line_rule_of_its_first_line():
    assert clutter_rule("Read more") == "ui_label"
    assert clutter_at(["Read more", "Kessel Bridge Reopens"], 0) == ("read_more_headline", 2)
    assert clutter_at(["Read more", ""], 0) == ("ui_label", 1)


@pytest.mark.parametrize(
    "line",
    [
        "The minister said the talks would continue on Monday.",
        "Photographs of the damage were shared widely.",
        "X marks the spot, the treasure hunters said.",
        "International observers arrived on Tuesday to monitor the vote.",
        "On 25.02.2022 the port reopened after a two-day strike.",
    ],
)
def test_article_sentences_are_not_clutter(line):
    assert clutter_rule(line) is None
    assert clutter_at([line, "log in or register"], 0) is None


def test_every_rule_has_a_test_case_above():
    one_line = {rule for _line, rule in ONE_LINE_CASES}
    runs = {rule for _lines, rule, _taken in RUN_CASES}
    assert one_line | runs == set(CLUTTER_RULES)
    assert runs == {name for name, rule in CLUTTER_RULES.items() if isinstance(rule, LineRun)}
