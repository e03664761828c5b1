"""Wire-agency layouts: the lead repeated as the first body line, the dateline paragraph, and
furniture split over lines (transforms.article rules 3, 7 and 9; fixtures in ``cases/``,
invented text in each agency's layout)."""

from __future__ import annotations

from pathlib import Path

import pytest

from transforms.article import join_wrapped_lines, parse_article
from transforms.wrapping import AGENCY_DATELINES, dateline_style, is_bare_dateline, runs_on

CASES = Path(__file__).parent / "cases"

# file, the lead (the teaser), the dateline style, the paragraphs
AGENCY_CASES = [
    (
        "agency_tass.txt",
        "Talks on the Nordhavn port agreement will resume in January, Foreign Minister Ivan Petrov said",
        "slashed_agency",
        [
            "MOSCOW, December 26. /TASS/. The Russian side is ready to continue the talks on the port "
            "agreement in January, Foreign Minister Ivan Petrov told reporters on Tuesday.",
            '"We have agreed on most of the text, and the rest is a matter of weeks," he said.',
            "The previous round ended in Nordhavn on December 12 without a joint statement.",
        ],
    ),
    (
        "agency_reuters.txt",
        "Nordhavn Harbour Group has ordered 12 electric cranes to cut waiting times, its chief executive said",
        "reuters",
        [
            "LONDON, March 14 (Reuters) - Nordhavn Harbour Group has ordered 12 electric cranes from a "
            "Finnish maker, chief executive Maria Lund said on Tuesday, as the operator tries to cut "
            "waiting times for ships, which have doubled since last spring.",
            "The order is worth about 90 million euros, according to two people familiar with the deal.",
            "Lund declined to name the supplier.",
        ],
    ),
    (
        "agency_ap.txt",
        "Towns along the Elde river raised temporary flood barriers on Sunday as forecasters warned of "
        "heavy rain",
        "ap",
        [
            "SPRINGFIELD, Ill. (AP) — Towns along the Elde river raised temporary flood barriers on Sunday "
            "as forecasters warned that up to 15 centimetres of rain could fall by Tuesday.",
            "Volunteers filled sandbags at the fire station in Kessel, where the river broke its banks "
            "two years ago.",
            '"We are not taking chances this time," said Mayor Ann Tiller.',
        ],
    ),
    (
        "agency_afp.txt",
        "Workers at the city's largest museum walked out over pay on Monday, closing half of its galleries",
        "afp",
        [
            "PARIS, June 5, 2023 (AFP) - Workers at the city's largest museum walked out over pay on "
            "Monday, closing half of its galleries to visitors, union officials said.",
            "The union wants a rise of 6 percent for guards and cleaners, who it says have lost a fifth "
            "of their buying power since 2020.",
            "Management said talks would continue on Wednesday.",
        ],
    ),
    (
        "agency_interfax.txt",
        "Rail freight through the northern ports grew 8 percent this year, the railway company said",
        "interfax",
        [
            "MOSCOW, Dec. 26 (Interfax) - Rail freight through the northern ports grew 8 percent in the "
            "first eleven months of the year, the railway company said in a statement on Tuesday.",
            "Coal and fertiliser made up most of the growth, while container traffic fell for the second "
            "year in a row.",
            "The company expects growth to slow next year.",
        ],
    ),
]


@pytest.mark.parametrize(("name", "lead", "style", "paragraphs"), AGENCY_CASES)
def test_agency_layout_first_paragraph_is_the_dateline_paragraph(name, lead, style, paragraphs):
    article = parse_article((CASES / name).read_text(encoding="utf-8"))
    assert article.teaser == lead
    assert article.teaser_truncated is False  # repeated whole: a complete lead, stop or not
    assert dateline_style(article.paragraphs[0]) == style  # the dateline opens paragraph 0
    assert all(not p.startswith(lead) for p in article.paragraphs)  # no repeated lead, glued or not
    assert article.paragraphs == paragraphs
    assert article.fixes["repeated_lead"] == 1


def test_repeated_lead_is_compared_without_case_space_and_final_punctuation():
    text = (
        "Title\n"
        "The council will vote on the harbour plan in May, the mayor said\n"
        "The  council will vote on the Harbour plan in May,  the mayor said!\n"
        "NORDHAVN, April 2. /NW/. The council will vote on the plan on May 3.\n"
    )
    article = parse_article(text)
    assert article.paragraphs == ["NORDHAVN, April 2. /NW/. The council will vote on the plan on May 3."]


def test_a_line_that_only_resembles_the_lead_stays_body():
    text = (
        "Title\n"
        "The council will vote on the harbour plan in May\n"
        "The council will vote on the harbour plan in May, the mayor said on Monday.\n"
        "It meets twice a month.\n"
    )
    article = parse_article(text)
    assert article.teaser == "The council will vote on the harbour plan in May"
    assert article.teaser_truncated is True  # a prefix: the seed's layout
    assert (
        article.paragraphs[0] == "The council will vote on the harbour plan in May, the mayor said on Monday."
    )


def test_a_teaser_equal_to_the_first_wrapped_line_leaves_paragraph_zero_whole():
    # the copy runs on into the next line: the teaser is a prefix of paragraph 0 (the seed's
    # layout), not a repeated lead (before the fix: paragraph 0 began "winter holidays, …")
    text = (
        "Ferry Service to Return\n"
        "The ferry between Kessel and Nordhavn will run again in March, after the\n"
        "The ferry between Kessel and Nordhavn will run again in March, after the\n"
        "winter repairs, the harbour master told the council.\n"
        "Tickets go on sale in February.\n"
    )
    article = parse_article(text)
    assert article.teaser == "The ferry between Kessel and Nordhavn will run again in March, after the"
    assert article.teaser_truncated is True
    assert article.paragraphs == [
        "The ferry between Kessel and Nordhavn will run again in March, after the winter repairs, "
        "the harbour master told the council.",
        "Tickets go on sale in February.",
    ]
    assert article.fixes["repeated_lead"] == 0


def test_a_lead_ending_on_a_reporting_verb_is_whole_before_a_capitalised_line():
    # "said" cannot end a sentence, yet a lead repeated whole is complete: the next line starts
    # the story (here with no dateline the list knows), it does not continue the lead
    text = (
        "Talks to Resume\n"
        "Talks on the port will resume in January, Ivan Petrov said\n"
        "Talks on the port will resume in January, Ivan Petrov said\n"
        "The Russian side is ready to resume the talks, he told reporters.\n"
    )
    article = parse_article(text)
    assert article.teaser_truncated is False
    assert article.paragraphs == ["The Russian side is ready to resume the talks, he told reporters."]
    assert article.fixes["repeated_lead"] == 1


def test_a_first_paragraph_repeated_later_is_kept_once():
    # only the body line at the lead's place is the lead again; a later copy is a paragraph
    # (before the fix: the sentence became the teaser and its only body copy was dropped)
    text = (
        "Minister to Visit Nordhavn\n"
        "The minister will travel to Nordhavn on Monday for talks on the port.\n"
        "The visit was announced by her office on Friday.\n"
        "The minister will travel to Nordhavn on Monday for talks on the port.\n"
    )
    article = parse_article(text)
    assert article.teaser == "The minister will travel to Nordhavn on Monday for talks on the port."
    assert article.paragraphs == [
        "The visit was announced by her office on Friday.",
        "The minister will travel to Nordhavn on Monday for talks on the port.",
    ]
    assert article.fixes["repeated_lead"] == 0


def test_the_lead_is_dropped_once_and_a_later_refrain_stays():
    text = (
        "Port Talks\n"
        "The ministry has declined to comment on the talks\n"
        "The ministry has declined to comment on the talks\n"
        "MOSCOW, December 26. /TASS/. The talks ended without a statement.\n"
        "Both sides blamed the other.\n"
        "The ministry has declined to comment on the talks\n"
    )
    article = parse_article(text)
    assert article.paragraphs == [
        "MOSCOW, December 26. /TASS/. The talks ended without a statement.",
        "Both sides blamed the other.",
        "The ministry has declined to comment on the talks",
    ]
    assert article.fixes["repeated_lead"] == 1


# --------------------------------------------------------------------------- datelines

DATELINE_CASES = [
    ("MOSCOW, December 26. /TASS/. The Russian side is ready.", "slashed_agency"),
    ("MINSK, May 25 /BelTA/. The talks went on.", "slashed_agency"),
    ("ST. PETERSBURG, Jan 3. /TASS/. Snow closed the port.", "slashed_agency"),
    ("WASHINGTON (Reuters) - The talks went on.", "reuters"),
    ("LONDON, Dec 26 (Reuters) - Shares rose.", "reuters"),
    ("NEW YORK (Reuters Health) - Doctors said.", "reuters"),
    ("NEW YORK (AP) — The talks went on.", "ap"),
    ("SPRINGFIELD, Ill. (AP) — Rain fell.", "ap"),
    ("PARIS (AFP) - The talks went on.", "afp"),
    ("PARIS, Dec 26, 2022 (AFP) - The talks went on.", "afp"),
    ("MOSCOW, Dec. 26 (Interfax) - The talks went on.", "interfax"),
    ("KYIV, Dec. 26 (Interfax-Ukraine) - The talks went on.", "interfax"),
    ("KYIV, 26 December (Ukrinform) The talks went on.", "ukrinform"),
    ("BEIJING, Dec. 26 (Xinhua) -- The talks went on.", "xinhua"),
    # places of several cities, a full stop before the date, capitalised places, capitals
    # outside ASCII, a longer agency name
    ("MOSCOW, December 26 /TASS/ - The talks went on.", "slashed_agency"),
    ("WASHINGTON/LONDON (Reuters) - The talks went on.", "reuters"),
    ("MOSCOW. Dec 26 (Interfax) - The talks went on.", "interfax"),
    ("Paris (AFP) - The talks went on.", "afp"),
    ("Rio de Janeiro, Dec 26 (AFP) - The talks went on.", "afp"),
    ("BOGOTÁ, Dec 26 (Reuters) - The talks went on.", "reuters"),
    ("SÃO PAULO (Reuters) - The talks went on.", "reuters"),
    ("ÅRHUS, Dec 26 (AP) — The talks went on.", "ap"),
    ("LONDON, Dec 26 (Thomson Reuters Foundation) - The talks went on.", "reuters"),
]


@pytest.mark.parametrize(("line", "style"), DATELINE_CASES)
def test_each_agency_dateline_is_named(line, style):
    assert dateline_style(line) == style


def test_every_dateline_style_has_a_test_case_above():
    assert {style for _line, style in DATELINE_CASES} == set(AGENCY_DATELINES)


@pytest.mark.parametrize(
    "line",
    [
        "Moscow, December 26. The Russian side is ready.",  # no agency, not in capitals
        "MOSCOW said on Tuesday that it was ready.",
        "NATO (the alliance) - said nothing.",
        "The AP (Associated Press) reported it.",
        "LONDON, Dec 26 (Bloomberg) - Shares rose.",  # an agency the list does not name
        "Paris (AFP) reported on Monday that the talks went on.",  # capitalised, and no dash
        "Officials in Paris (AFP) - said nothing.",  # not a place
        "Émile (AFP) is a name.",
        "",
    ],
)
def test_sentences_are_no_datelines(line):
    assert dateline_style(line) is None


@pytest.mark.parametrize(("line", "_style"), DATELINE_CASES)
def test_no_line_runs_on_into_a_dateline(line, _style):
    for before in ("The lead line ends without a stop, the minister said", "Talks will go on with", "and,"):
        assert runs_on(before, line) is False
        assert join_wrapped_lines([before, line]) == [before, line]


@pytest.mark.parametrize(
    "dateline",
    [
        "MOSCOW, December 26. /TASS/.",
        "MOSCOW, December 26 /TASS/ -",
        "PARIS (AFP) -",
        "SÃO PAULO (Reuters) —",
    ],
)
def test_a_dateline_alone_on_its_line_opens_the_paragraph_of_the_next_line(dateline):
    # without the rule: the dateline was a paragraph of its own, the text a second paragraph
    assert is_bare_dateline(dateline)
    text = (
        "Talks to Resume\n"
        "Talks on the port will resume in January, Ivan Petrov said\n"
        "Talks on the port will resume in January, Ivan Petrov said\n"
        f"{dateline}\n"
        "The Russian side is ready to resume the talks, he said.\n"
        "Both delegations will meet in Nordhavn.\n"
    )
    article = parse_article(text)
    assert article.paragraphs == [
        f"{dateline} The Russian side is ready to resume the talks, he said.",
        "Both delegations will meet in Nordhavn.",
    ]
    assert article.fixes["repeated_lead"] == 1


def test_a_dateline_with_its_text_is_not_bare():
    assert not is_bare_dateline("MOSCOW, December 26. /TASS/. The Russian side is ready.")
    assert not is_bare_dateline("The talks went on.")
    # a bare dateline does not swallow a following dateline either
    assert join_wrapped_lines(["PARIS (AFP) -", "LONDON (Reuters) - Shares rose."]) == [
        "PARIS (AFP) -",
        "LONDON (Reuters) - Shares rose.",
    ]


def test_a_dateline_paragraph_still_takes_its_wrapped_lines():
    lines = ["Lead line of the story, officials said", "PARIS (AFP) - The museum closed its", "galleries."]
    assert join_wrapped_lines(lines) == [lines[0], "PARIS (AFP) - The museum closed its galleries."]


def test_lead_without_a_repeat_stays_apart_from_the_dateline_paragraph():
    text = "Title\nThe port will reopen on Monday, officials said\nLONDON (Reuters) - The port will reopen.\n"
    article = parse_article(text)
    assert article.teaser is None
    assert article.paragraphs == [
        "The port will reopen on Monday, officials said",
        "LONDON (Reuters) - The port will reopen.",
    ]


# --------------------------------------------------------------------------- repeated lines


REPEATED = [
    "The port will reopen on Monday under a plan agreed with",
    "",
    "The ferry company welcomed the news and",
    "The port will reopen on Monday under a plan agreed with",  # the same line again
    "the unions.",
]


def test_a_line_repeating_a_one_line_paragraph_is_never_joined_to_a_neighbour():
    # its first copy stood alone, a paragraph of one line: the copy is that paragraph again
    # without the rule: "The ferry company welcomed the news and The port ... agreed with the unions."
    assert join_wrapped_lines(REPEATED) == [line for line in REPEATED if line]


def test_a_line_that_recurs_inside_wrapped_paragraphs_is_joined_as_any_line():
    # its first copy is part of a paragraph, not a paragraph: the copies are wrapped lines too
    # (before the fix: the second and third paragraphs were split and the third line deleted)
    text = (
        "Envoys Meet\n"
        "The meeting in Kessel was attended by the\n"
        "Deputy Minister of Transport of the Northern Republic\n"
        "and two harbour masters.\n"
        "\n"
        "Later in the week she met again with the\n"
        "Deputy Minister of Transport of the Northern Republic\n"
        "to discuss the ferry timetable.\n"
        "\n"
        "On Friday the talks between the\n"
        "Deputy Minister of Transport of the Northern Republic\n"
        "and his hosts ended.\n"
    )
    article = parse_article(text)
    assert article.paragraphs == [
        "The meeting in Kessel was attended by the Deputy Minister of Transport of the Northern "
        "Republic and two harbour masters.",
        "Later in the week she met again with the Deputy Minister of Transport of the Northern "
        "Republic to discuss the ferry timetable.",
        "On Friday the talks between the Deputy Minister of Transport of the Northern Republic and "
        "his hosts ended.",
    ]
    assert article.fixes["duplicate_paragraph"] == 0


def test_a_short_line_may_recur_and_still_join():
    # fewer than five words: a wrapped fragment such as "the talks" recurs by chance
    lines = ["Officials said the talks", "would go on.", "Ministers left the talks", "the talks", "ended."]
    assert join_wrapped_lines(lines)[-1] == "Ministers left the talks the talks ended."


def test_repeated_line_is_dropped_as_a_duplicate_not_glued():
    article = parse_article("\n".join(["Title", "First news of the day.", *REPEATED]))
    assert article.paragraphs == [
        "First news of the day.",
        "The port will reopen on Monday under a plan agreed with",
        "The ferry company welcomed the news and",
        "the unions.",
    ]
    assert article.fixes["duplicate_paragraph"] == 1


# --------------------------------------------------------------------------- the RT footer in two lines

FOOTER_FORMS = [
    ["To participate in the discussion", "log in or register"],
    ["To participate in the discussion,", "log in or register"],
]


@pytest.mark.parametrize("footer", FOOTER_FORMS)
@pytest.mark.parametrize(
    ("before", "after", "paragraphs"),
    [
        # at the end of the body
        (["The talks ended on Friday."], [], ["The talks ended on Friday."]),
        # at the start of the body, right under the title
        ([], ["The talks ended on Friday."], ["The talks ended on Friday."]),
        # between blank lines
        (["The talks ended on Friday.", ""], ["", "They resume in May."], ["The talks ended on Friday.", "They resume in May."]),
        # between two paragraphs
        (["The talks ended on Friday."], ["They resume in May."], ["The talks ended on Friday.", "They resume in May."]),
        # after a line that ends mid-sentence, at the end of the body
        (["The talks will go on with"], [], ["The talks will go on with"]),
        # after a line that ends mid-sentence, before the rest of that sentence
        (["The talks will go on with"], ["the envoys of six countries."], ["The talks will go on with the envoys of six countries."]),
        # before a line that continues a sentence in lower case
        (["The talks ended."], ["and resume in May."], ["The talks ended.", "and resume in May."]),
    ],
)  # fmt: skip
def test_two_line_footer_is_removed_wherever_it_stands(footer, before, after, paragraphs):
    article = parse_article("\n".join(["Title", *before, *footer, *after]))
    assert article.paragraphs == paragraphs
    assert article.fixes["clutter:discussion_login_lines"] == 1


def test_footer_removal_comes_before_joining_wrapped_lines():
    # joined first, the footer would hide inside a body line that no clutter rule matches
    lines = ["The talks will go on with", "To participate in the discussion", "log in or register"]
    assert join_wrapped_lines(lines) == [" ".join(lines)]
    assert parse_article("\n".join(["Title", *lines])).paragraphs == ["The talks will go on with"]
