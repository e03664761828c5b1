"""A speaker's identity across articles: kind, matching key, id and role (transforms.speakers.identity).

Each rule of ``speaker_name_spellings.toml`` is tested by a pair of invented spellings it joins,
parametrized over the file as loaded: an entry added is tested too, and a test fails when its
entry is taken out.
"""

from __future__ import annotations

import hashlib
import time

import pytest

from schemas import Quote
from schemas.lexicon import lexicon_table
from transforms.speakers.identity import (
    MAX_KEY_CHARS,
    NO_IDENTITY,
    _pairs,
    fold,
    identify,
    identify_all,
    name_key,
    respell,
    speaker_id,
    speaker_kind,
    speaker_role,
    spellings,
)

_TABLE = lexicon_table("speaker_name_spellings")


def _quote(text: str, speaker: str, resolved: str | None) -> Quote:
    start = text.index(speaker)
    return Quote(
        kind="indirect",
        quote_start=len(text) - 5,
        quote_end=len(text),
        quote_text=text[-5:],
        speaker=speaker,
        speaker_start=start,
        speaker_end=start + len(speaker),
        speaker_resolved=resolved,
        confidence=0.5,
    )


# --------------------------------------------------------------------------- the spelling table


@pytest.mark.parametrize(("letter", "plain"), sorted(_TABLE["letters"].items()))
def test_each_letter_rule_folds_a_letter_unicode_keeps_whole(letter: str, plain: str) -> None:
    assert name_key(f"Jan B{letter}rg", "person") == name_key(f"Jan B{plain}rg", "person")
    assert fold(letter.upper()) == plain


@pytest.mark.parametrize(("old", "new"), sorted(_TABLE["inside"].items()))
def test_each_inside_rule_joins_two_spellings_inside_a_word(old: str, new: str) -> None:
    assert respell(f"ma{old}ro") == respell(f"ma{new}ro")
    assert name_key(f"Jan Ma{old}ro", "person") == name_key(f"Jan Ma{new}ro", "person")


@pytest.mark.parametrize(("old", "new"), sorted(_TABLE["start"].items()))
def test_each_start_rule_joins_two_spellings_of_a_word_start(old: str, new: str) -> None:
    assert respell(f"{old}maro") == respell(f"{new}maro")


@pytest.mark.parametrize(("old", "new"), sorted(_TABLE["end"].items()))
def test_each_end_rule_joins_two_spellings_of_a_word_end(old: str, new: str) -> None:
    assert respell(f"maro{old}") == respell(f"maro{new}")


def test_a_final_i_after_a_consonant_reads_y_in_words_long_enough() -> None:
    shortest = _TABLE["final_i"]["min_letters"]
    long_word = "d" * (shortest - 1) + "i"
    assert respell(long_word) == respell(long_word[:-1] + "y")  # "Dmitri" is "Dmitry"
    short_word = "d" * (shortest - 2) + "i"
    assert respell(short_word) != respell(short_word[:-1] + "y")  # "Ali" is not "Aly"


@pytest.mark.parametrize(
    "spellings_of_one_name",
    [
        ("Sergey Lavrov", "Sergei Lavrov", "Sergej Lavrov"),
        ("Volodymyr Zelenskyy", "Volodymyr Zelensky", "Volodymyr Zelenskiy", "Volodymyr Zelenskii"),
        ("José Manuel Barroso", "Jose Manuel Barroso", "JOSÉ MANUEL BARROSO"),
        ("Aleksandr Lukashenko", "Alexander Lukashenko"),
        ("Mikhail Khodorkovsky", "Mihail Hodorkovsky"),
        ("Yevgeny Prigozhin", "Evgeny Prigozhin"),
        ("Dmitri Peskov", "Dmitry Peskov", "Dmitriy Peskov"),
        ("Tatiana Golikova", "Tatyana Golikova"),
        ("Kassym-Jomart Tokayev", "Kassym Jomart Tokayev"),
        ("Cormac Murphy-O'Connor", "Cormac Murphy O’Connor"),
        ("Recep Tayyip Erdoğan", "Recep Tayyip Erdogan"),
    ],
)
def test_the_spellings_of_one_name_share_a_key(spellings_of_one_name: tuple[str, ...]) -> None:
    keys = {name_key(name, "person") for name in spellings_of_one_name}
    assert len(keys) == 1 and None not in keys, keys


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Tony Blair", "Ian Blair"),
        ("Gordon Brown", "Wes Brown"),
        ("Vladimir Putin", "Vladimir Potanin"),
        ("Alan Johnson", "Alan Johnston"),
        ("Volodymyr Zelensky", "Vladimir Zelensky"),  # a given name is not transliterated into another
        ("George W. Bush", "George Bush"),  # father and son
    ],
)
def test_the_names_of_different_people_keep_different_keys(first: str, second: str) -> None:
    assert name_key(first, "person") != name_key(second, "person")


# --------------------------------------------------------------------------- keys


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Mr Blair", None),  # a surname alone: anyone of that surname, across articles
        ("Lavrov", None),
        ("Mr Tony Blair", "anthony blair"),  # the formal given name
        ("Dr Jane Hill", "jane hill"),
        ("Lord Goldsmith", "lord goldsmith"),  # a peer is named by the title
        ("Treasury Under-Secretary John Taylor", "john taylor"),
        ("Ladbrokes' Warren Lush", "warren lush"),
        ("Frank Field MP", "frank field"),
        ("Guy Mansfield QC", "guy mansfield"),
        ("Walter M. Phillips Jr", "walter m phillips jr"),
        ("", None),
    ],
)
def test_a_person_key_leaves_out_what_is_not_the_name(name: str, key: str | None) -> None:
    assert name_key(name, "person") == key


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("the Scottish National Party", "scottish national party"),
        ("British Bankers' Association", "british bankers association"),
        ("Marks & Spencer", "marks and spencer"),
        ("NATO", "nato"),
        ("Sergei Holdings", "sergei holdings"),  # an organisation's words are not respelt
    ],
)
def test_an_organisation_key_is_its_folded_name(name: str, key: str) -> None:
    assert name_key(name, "organisation") == key


def test_a_person_and_an_organisation_of_one_key_have_different_ids() -> None:
    assert speaker_id("person", "jo lund") != speaker_id("organisation", "jo lund")


def test_the_id_is_sha256_of_kind_and_key_whatever_the_run() -> None:
    expected = hashlib.sha256(b"speaker:person:sergey lavrov").hexdigest()[:16]
    assert speaker_id("person", "sergey lavrov") == expected


def test_an_overlong_name_has_no_key_and_costs_linear_time() -> None:
    assert name_key("Jo " + "Lund" * (MAX_KEY_CHARS // 4), "person") is None
    hostile = "Kh" * 500_000
    started = time.perf_counter()
    assert name_key(hostile, "person") is None
    assert len(respell(fold(hostile[:100_000]))) > 0
    assert time.perf_counter() - started < 5  # generous: linear work on 1 MB, not a benchmark


# --------------------------------------------------------------------------- kinds


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Vladimir Putin", "person"),
        ("Lavrov", "person"),
        ("NATO", "organisation"),
        ("Financial Times", "organisation"),
        ("Scottish National Party", "organisation"),
        ("Kings Cross", None),
    ],
)
def test_a_resolved_name_is_a_person_an_organisation_or_neither(name: str, kind: str | None) -> None:
    assert speaker_kind(name) == kind


# --------------------------------------------------------------------------- roles


@pytest.mark.parametrize(
    ("text", "speaker", "resolved", "role"),
    [
        ("Russian Foreign Minister Sergey Lavrov said talks went well. quote", "Russian Foreign Minister Sergey Lavrov", "Sergey Lavrov", "Foreign Minister"),
        ("Minister of Justice Jo Lund spoke. Lund said it. quote", "Lund", "Jo Lund", "Minister of Justice"),
        ("President of France Jo Lund arrived. He said so. quote", "He", "Jo Lund", "President of France"),
        ("Jo Lund, a spokesman for the firm, said so. quote", "Jo Lund", "Jo Lund", "Spokesman"),
        ("Rail union MP Jo Lund said so. quote", "Rail union MP Jo Lund", "Jo Lund", "MP"),
        ("Shadow Chancellor Jo Lund said so. quote", "Shadow Chancellor Jo Lund", "Jo Lund", "Shadow Chancellor"),
        ("Tory leader Jo Lund said so. quote", "Tory leader Jo Lund", "Jo Lund", "Tory Leader"),
        ("Chancellor of the Exchequer Jo Lund spoke. Lund said so. quote", "Lund", "Jo Lund", "Chancellor of the Exchequer"),
        ("President of Ruritania Ola Berg, Jo Lund and others met. Lund said so. quote", "Lund", "Jo Lund", None),
        ("Jo Lund said so. quote", "Jo Lund", "Jo Lund", None),
        ("Leaders met. Jo Lund said so. quote", "Jo Lund", "Jo Lund", None),
    ],
)  # fmt: skip
def test_the_role_is_the_title_written_before_the_name_or_in_apposition(
    text: str, speaker: str, resolved: str, role: str | None
) -> None:
    assert speaker_role(text, _quote(text, speaker, resolved)) == role


def test_identify_gives_a_person_an_id_and_a_role() -> None:
    text = "Foreign Minister Sergei Lavrov said talks went well. quote"
    found = identify(text, _quote(text, "Foreign Minister Sergei Lavrov", "Sergei Lavrov"))
    assert (found.kind, found.speaker_id, found.role) == (
        "person",
        speaker_id("person", "sergey lavrov"),
        "Foreign Minister",
    )


def test_identify_gives_an_organisation_an_id_and_no_role() -> None:
    text = "Party spokesman: the Scottish National Party said so. quote"
    found = identify(text, _quote(text, "the Scottish National Party", "Scottish National Party"))
    assert (found.kind, found.speaker_id, found.role) == (
        "organisation",
        speaker_id("organisation", "scottish national party"),
        None,
    )


@pytest.mark.parametrize(("speaker", "resolved"), [("he", None), ("the official", None), ("Lund", "Lund")])
def test_an_unresolved_speaker_or_a_surname_alone_has_no_id(speaker: str, resolved: str | None) -> None:
    text = f"Earlier {speaker} said so. quote"
    found = identify(text, _quote(text, speaker, resolved))
    assert found.speaker_id is None
    if resolved is None:
        assert found == NO_IDENTITY


def test_the_spelling_table_is_read_once() -> None:
    assert spellings() is spellings()


@pytest.mark.parametrize("section", [{"KH": "h"}, {"kh": 1}, {"": "h"}, ["kh", "h"]])
def test_a_malformed_section_of_the_spelling_table_is_refused_by_name(section: object) -> None:
    with pytest.raises(ValueError, match=r"\[inside\]"):
        _pairs({"inside": section}, "inside")


@pytest.mark.parametrize(("short", "formal"), sorted(_TABLE["given_names"].items()))
def test_each_short_given_name_opening_a_name_reads_as_its_formal_form(short: str, formal: str) -> None:
    assert name_key(f"{short.title()} Lund", "person") == name_key(f"{formal.title()} Lund", "person")
    assert name_key(f"Jo {short.title()}", "person") != name_key(
        f"Jo {formal.title()}", "person"
    )  # a surname stays


def test_an_overlong_resolved_name_has_no_identity() -> None:
    name = "Jo " + "Lund" * MAX_KEY_CHARS
    text = f"{name} said so. quote"
    assert identify(text, _quote(text, name, name)) == NO_IDENTITY


class _CountingText(str):
    """A text that counts its whole-text look-ups (``find`` without bounds)."""

    whole_finds = 0

    def find(self, sub: str, *bounds: int | None) -> int:  # type: ignore[override]
        if not bounds:
            _CountingText.whole_finds += 1
        return super().find(sub, *bounds)


def test_the_quotes_of_one_article_look_each_name_up_once() -> None:
    text = _CountingText("Foreign Minister Jo Lund arrived. " + "He said so. " * 1_000 + "quote")
    quotes = [
        Quote(
            kind="direct",
            quote_start=len(text) - 5,
            quote_end=len(text),
            quote_text="quote",
            speaker="He",
            speaker_start=at,
            speaker_end=at + 2,
            speaker_resolved="Jo Lund",
            confidence=0.9,
        )
        for at in range(34, 34 + 12 * 1_000, 12)
    ]
    assert text[quotes[1].speaker_start : quotes[1].speaker_end] == "He"
    _CountingText.whole_finds = 0
    found = identify_all(text, quotes)
    assert {f.role for f in found} == {"Foreign Minister"} and len(found) == 1_000
    assert _CountingText.whole_finds == 1
