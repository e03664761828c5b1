from __future__ import annotations

import pytest

from news_etl.transforms.clutter import CLUTTER_RULES, clutter_rule


@pytest.mark.parametrize(
    ("line", "rule"),
    [
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
    ],
)
def test_each_kind_of_clutter_is_named(line, rule):
    assert clutter_rule(line) == rule


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


def test_every_rule_has_a_test_case_above():
    tested = {
        "photo_credit", "mediabank", "site_stamp", "discussion_login", "live_feed_promo", "ui_label",
        "icon_strip", "dateline", "byline", "separator",
    }  # fmt: skip
    assert set(CLUTTER_RULES) == tested
