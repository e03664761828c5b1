"""One test per parsing rule of transforms.article, with the tricky negatives."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from transforms.article import join_wrapped_lines, parse_article
from transforms.wrapping import runs_on

CASES = Path(__file__).parent / "cases"


def parse_case(name: str):
    return parse_article((CASES / name).read_bytes().decode("utf-8"))


def test_full_layout():
    article = parse_case("full_layout.txt")
    assert article.header.published_date == dt.date(2023, 5, 4)
    assert article.header.url == "https://www.northgazette.example/2023/05/04/bridge-reopens.html"
    assert article.title == "Kessel Bridge Reopens to Traffic After Two Years of Repairs"
    assert article.teaser is not None and article.teaser.endswith("when they found cracks in")
    assert article.teaser_truncated is True
    assert article.summary == (
        "The bridge carried 30,000 vehicles a day before it closed. Mayor Ann Tiller cut the ribbon at "
        "9 a.m. on the east bank. She said the repairs had cost 3.5m crowns less than planned."
    )
    assert article.paragraphs == [
        "The Kessel bridge reopened to cars on Thursday, two years after engineers closed it when they "
        "found cracks in two of its steel supports.",
        "The bridge carried 30,000 vehicles a day before it closed.",
        "Mayor Ann Tiller cut the ribbon at 9 a.m. on the east bank.",
        '"Two years is a long time to wait for a bridge, and I want to thank everyone who put up with the '
        'detours," Tiller said.',
        "She said the repairs had cost 3.5m crowns less than planned.",
        "Traffic engineers from the U.S. firm Halvorsen & Price, which checked the work, said the bridge "
        "would need no further major repairs for at least 40 years.",
    ]


def test_lead_that_only_lacks_its_full_stop_is_body_not_teaser():
    article = parse_case("lead_without_stop.txt")
    assert article.teaser is None and article.teaser_truncated is None
    assert (
        article.paragraphs[0]
        == "The island ferry will run every hour from Saturday under the summer timetable"
    )
    assert len(article.paragraphs) == 3


def test_teaser_repeated_whole_is_a_complete_teaser_and_the_lead_once():
    article = parse_case("teaser_complete.txt")
    assert article.teaser == "The harbour library will stay open until 9 p.m. on weekdays from next month."
    assert article.teaser_truncated is False
    assert article.paragraphs == ["The change follows a petition signed by more than 2,000 residents."]
    assert article.fixes["repeated_lead"] == 1


def test_byte_order_mark_and_crlf():
    article = parse_case("bom_crlf.txt")
    assert article.header.url == "https://northgazette.example/2023/06/03/market"
    assert article.title == "Market Hall Wins Design Prize"
    assert article.paragraphs == [
        "The restored market hall won the national design prize on Saturday.",
        "The judges praised its roof.",
    ]


def test_cut_off_line_that_does_not_recur_is_body_and_may_run_on():
    text = (
        "Title\nThe minister met the ambassadors of six countries to discuss the\nMinsk accords.\nOther news."
    )
    article = parse_article(text)
    assert article.teaser is None
    assert article.paragraphs == [
        "The minister met the ambassadors of six countries to discuss the Minsk accords.",
        "Other news.",
    ]


def test_teaser_cut_off_mid_word_still_recurs():
    text = "Title\nTalks between the two delegations conclu\nTalks between the two delegations concluded late.\nEnd."
    article = parse_article(text)
    assert article.teaser == "Talks between the two delegations conclu"
    assert article.teaser_truncated is True
    assert article.paragraphs == ["Talks between the two delegations concluded late.", "End."]


def test_body_paragraph_that_merely_resembles_the_teaser_is_kept():
    text = (
        "Title\n"
        "Police closed the road after the crash on Monday\n"
        "Police closed the main road after a crash on Monday evening.\n"
        "It reopened on Tuesday."
    )
    article = parse_article(text)
    assert article.teaser is None
    assert article.paragraphs[0] == "Police closed the road after the crash on Monday"
    assert article.paragraphs[1] == "Police closed the main road after a crash on Monday evening."


def test_summary_needs_its_sentences_to_recur():
    recurring = "Title\nThe port is closed.The strike goes on.\nThe port is closed.\nTalks failed.\nThe strike goes on."
    assert parse_article(recurring).summary == "The port is closed. The strike goes on."
    fresh = "Title\nThe port is closed today.\nTalks failed on Monday.\nThe strike goes on."
    article = parse_article(fresh)
    assert article.summary is None
    assert article.paragraphs[0] == "The port is closed today."


def test_glue_repair_applies_to_body_but_not_inside_numbers_and_abbreviations():
    text = "Title\nGrowth was 3.5 percent in the U.S. economy.It slowed.\nSee Example.com for more."
    article = parse_article(text)
    assert article.paragraphs == [
        "Growth was 3.5 percent in the U.S. economy. It slowed.",
        "See Example.com for more.",
    ]


def test_wrapped_line_joins_lowercase_continuation():
    assert join_wrapped_lines(
        ["Minsk will boost cooperation with Moscow", "and partnership within the CSTO."]
    ) == ["Minsk will boost cooperation with Moscow and partnership within the CSTO."]


def test_wrapped_line_after_a_word_that_cannot_end_a_sentence():
    assert join_wrapped_lines(["The delegation met with", "Foreign Minister Lavrov on Friday."]) == [
        "The delegation met with Foreign Minister Lavrov on Friday."
    ]


def test_line_ending_a_sentence_with_a_quotation_mark_does_not_run_on():
    lines = ['He told reporters: "We are ready."', "The talks resume on Monday."]
    assert join_wrapped_lines(lines) == lines
    curly = ["“We will not give up.”", "Officials declined to comment."]
    assert join_wrapped_lines(curly) == curly


def test_quote_closing_a_question_runs_on_into_its_attribution():
    assert join_wrapped_lines(['"Why should we wait?"', "she asked."]) == ['"Why should we wait?" she asked.']


def test_subheading_without_full_stop_is_not_joined_to_the_next_paragraph():
    lines = ["Big challenge", "The club faces Porto next week."]
    assert join_wrapped_lines(lines) == lines


def test_blank_line_stops_a_run_on():
    assert join_wrapped_lines(["talks with", "", "and then"]) == ["talks with", "and then"]


def test_runs_on_is_false_for_empty_lines():
    assert runs_on("", "and more") is False
    assert runs_on("text", "") is False


def test_header_only_has_no_body():
    article = parse_article(" date 2022-01-01 https://example.com/x\nOnly a title\n")
    assert article.title == "Only a title"
    assert article.paragraphs == []


def test_file_without_header_starts_with_the_title():
    article = parse_article("A Title Line\nFirst paragraph.\nSecond paragraph.")
    assert article.header.published_date is None and article.header.url is None
    assert article.title == "A Title Line"
    assert article.paragraphs == ["First paragraph.", "Second paragraph."]


def test_header_text_that_is_not_a_url_stays_in_the_article():
    article = parse_article(" date 2022-05-25 The Title Written On The Header Line\nFirst paragraph.")
    assert article.header.url is None
    assert article.title == "The Title Written On The Header Line"
    assert article.paragraphs == ["First paragraph."]


# --- real-world variants (issue: every header variant, encoding and kind of clutter) ---------


def test_header_followed_by_a_blank_line_then_the_title():
    article = parse_article(" date 2022-03-01 https://example.com/a\n\nThe Title\nBody text here.\n\n\n\n")
    assert article.title == "The Title"
    assert article.paragraphs == ["Body text here."]


def test_header_with_a_byline_after_the_date():
    text = " date 2022-03-01  ANNA KOVAL - TUESDAY, MARCH 1st 2022, 10:52\nThe Title\nBody text here."
    article = parse_article(text)
    assert article.header.url is None
    assert article.title == "The Title"
    assert article.fixes["clutter:byline"] == 1


def test_header_with_site_clutter_after_the_date():
    for clutter in ("International", "YouTube", "Left Menu", "icon bookmark-bicon bookmarkicon cameraicon"):
        article = parse_article(f" date 2022-03-01  {clutter}\nThe Title\nBody text here.")
        assert (article.title, article.paragraphs) == ("The Title", ["Body text here."]), clutter


def test_header_repeating_the_title():
    article = parse_article(
        " date 2022-03-01 The Title Of The Story\nThe Title Of The Story\nBody text here."
    )
    assert article.title == "The Title Of The Story"
    assert article.paragraphs == ["Body text here."]
    assert article.fixes["header_repeats_title"] == 1


def test_header_holding_the_first_sentence_keeps_it_as_the_first_paragraph():
    text = (
        " date 2022-05-25 NORDHAVN, May 25. /NW/. The harbour council approved the new ferry terminal on Wednesday.\n"
        "Council Approves Ferry Terminal\n"
        "Construction will begin in the autumn."
    )
    article = parse_article(text)
    assert article.title == "Council Approves Ferry Terminal"
    assert article.paragraphs == [
        "NORDHAVN, May 25. /NW/. The harbour council approved the new ferry terminal on Wednesday.",
        "Construction will begin in the autumn.",
    ]


def test_missing_title_when_the_file_starts_with_body_text():
    text = (
        "The harbour council approved the new ferry terminal on Wednesday after two years of debate.\n"
        "Construction will begin in the autumn."
    )
    article = parse_article(text)
    assert article.title is None
    assert len(article.paragraphs) == 2


def test_clutter_lines_in_the_body_are_dropped_and_counted():
    text = (
        "Title\nFirst paragraph of the story.\n© Anna Berg/AFP\n* * *\nSecond paragraph.\n"
        "To participate in the discussion log in or register\n"
    )
    article = parse_article(text)
    assert article.paragraphs == ["First paragraph of the story.", "Second paragraph."]
    assert article.fixes["clutter:photo_credit"] == 1
    assert article.fixes["clutter:separator"] == 1
    assert article.fixes["clutter:discussion_login"] == 1


def test_the_same_paragraph_twice_is_kept_once():
    text = "Title\nFirst news.\nThe council met on Monday to vote.\nOther news.\nThe council met on Monday to vote."
    article = parse_article(text)
    assert article.paragraphs == ["First news.", "The council met on Monday to vote.", "Other news."]
    assert article.fixes["duplicate_paragraph"] == 1


def test_teaser_repeated_verbatim_as_first_paragraph_is_the_lead_not_body():
    text = "Title\nThe council met on Monday.\nThe council met on Monday.\nIt voted."
    article = parse_article(text)
    assert article.teaser == "The council met on Monday."
    assert article.paragraphs == ["It voted."]


def test_lead_that_is_the_whole_body_stays_body():
    article = parse_article("Title\nThe council met on Monday.\nThe council met on Monday.")
    assert article.teaser == "The council met on Monday."
    assert article.paragraphs == ["The council met on Monday."]
    assert "repeated_lead" not in article.fixes


def test_bullet_lines_stay_their_own_paragraphs():
    text = (
        "Title\nThe plan has three parts:\n - new cranes\n - training for\n   current staff\n - a pay rise."
    )
    article = parse_article(text)
    assert article.paragraphs == [
        "The plan has three parts:",
        "- new cranes",
        "- training for current staff",
        "- a pay rise.",
    ]


def test_a_single_long_line_body_stays_whole():
    body = " ".join(f"Sentence number {n} of a very long body that the scraper joined." for n in range(3000))
    article = parse_article(f" date 2022-01-01 https://example.com/x\nTitle\n{body}\n")
    assert article.paragraphs == [body]


def test_body_of_one_sentence():
    assert parse_article("Title\nOne sentence.").paragraphs == ["One sentence."]


def test_quotation_over_several_paragraphs_keeps_paragraphs_apart():
    text = 'Title\n"We will not give up.\n"We will keep going," she said.'
    assert parse_article(text).paragraphs == ['"We will not give up.', '"We will keep going," she said.']


def test_characters_are_normalised_and_counted():
    article = parse_article("Title\nThe Defenсe Mini\u00adstry\u200b said.\r\nSecond.\r\n")
    assert article.paragraphs == ["The Defence Ministry said.", "Second."]
    assert article.fixes["homoglyph"] == 1 and article.fixes["soft_hyphen"] == 1
    assert article.fixes["zero_width"] == 1


def test_a_repeated_line_without_a_stop_is_kept_when_a_capital_ended_it():
    """Rule 10 drops the copy of a paragraph when the copy is whole (a stop, a blank line or the
    end closes it); a stopless copy that ends only because the next line opens with a capital may
    be a wrapped line left unjoined, or a fixture list's recurring line: it stays, so no word is
    lost to the guess."""
    text = (
        " date 2022-03-01 https://example.com/cup\nCup draw\n"
        "The regional cup draw was made on Tuesday in the capital.\n\n"
        "Harbour v Valley\nRiver v Forest\nWinners meet in the second round\n"
        "Castle v Meadow\nBridge v Orchard\nWinners meet in the second round\nFinal in May\n\n"
        "The talks with the deputy harbour minister\nOlsen ended late.\n\n"
        "Later the talks with the deputy harbour minister\nPark went on.\n"
    )
    paragraphs = parse_article(text).paragraphs
    assert paragraphs.count("Winners meet in the second round") == 2
    words = " ".join(paragraphs).split()
    assert words.count("minister") == 2 and "Olsen" in words and "Park" in words


def test_a_repeated_paragraph_without_a_stop_that_a_blank_line_closes_is_kept_once():
    text = (
        "Title\nFirst news of the day.\n\nWinners of the regional\nfootball cup announced today\n\n"
        "Other news came later on.\n\nWinners of the regional\nfootball cup announced today\n\n"
        "More news.\n"
    )
    article = parse_article(text)
    assert article.paragraphs.count("Winners of the regional football cup announced today") == 1
    assert article.fixes["duplicate_paragraph"] == 1


def test_lines_folded_once_give_the_forms_of_the_text_they_make():
    """The parser folds each line once (article._Folding); the form of lines joined with spaces
    must be the forms of the lines joined, whatever case folding or white space they hold."""
    from transforms.article import _Folding
    from transforms.words import comparable, comparable_digest

    lines = ["Straße  ΣΟΦΟΣ", "", "  İstanbul\u00a0said ", "\u2003", "ﬁnal ǅ Ǆ", "x" * 70_000 + " END"]
    folding = _Folding()
    content = [line for line in lines if line]
    assert folding.text(lines) == comparable(" ".join(content))
    assert folding.text(lines) == folding.text(lines)  # from the kept forms the second time
    for line in content:
        assert folding.line(line) == comparable(line)
        assert folding.digest(line) == comparable_digest(line)
    assert folding.digest(" ".join(content)) == comparable_digest(" ".join(content))
