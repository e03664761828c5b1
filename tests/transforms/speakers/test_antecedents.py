"""The tests on the text around a mention that decide whether it may be a pronoun's antecedent
(:mod:`transforms.speakers.antecedents`), on invented sentences."""

from __future__ import annotations

from transforms.speakers.antecedents import _word_at, _word_before, place_complement, reported_in
from transforms.speakers.article import _Mention


def _mention(text: str, words: str, key: str | None = None, speaker: bool = False) -> _Mention:
    at = text.index(words)
    return _Mention(at, at + len(words), key or words, "", speaker)


def test_a_name_after_a_title_and_a_place_preposition_stays_an_antecedent() -> None:
    """``Governor of Perm Territory Dmitry Makhonin``: the preposition is the title's; ``spoke in
    Perm Territory`` is a place; a speaker and a pronoun are never a place."""
    title = "Governor of Perm Territory Dmitry Makhonin spoke."
    place = "Jo spoke in Perm Territory."
    assert not place_complement(title, _mention(title, "Perm Territory"))
    assert place_complement(place, _mention(place, "Perm Territory"))
    assert not place_complement(place, _mention(place, "Perm Territory", speaker=True))
    assert not place_complement(place, _mention(place, "Perm Territory", key="#"))


def _one_sentence(_: int) -> int:
    return 0


def _nowhere_quoted(_: int) -> bool:
    return False


def test_a_name_after_its_subjects_reporting_verb_is_reported() -> None:
    text = "Mr Howard told the BBC Mr Blair had refused the change"
    howard, bbc, blair = (_mention(text, w) for w in ("Mr Howard", "the BBC Mr Blair", "Mr Blair"))
    bbc.key = "#"
    reported = reported_in(text, [howard, bbc, blair], _one_sentence, _nowhere_quoted)
    assert reported == {id(bbc), id(blair)}  # "the BBC Mr Blair" overlaps Mr Blair: not its subject
    adverb = "Mr Howard angrily told Mr Blair to go"
    subject, object_ = _mention(adverb, "Mr Howard"), _mention(adverb, "Mr Blair")
    assert reported_in(adverb, [subject, object_], _one_sentence, _nowhere_quoted) == {id(object_)}
    met = "Mr Howard met Mr Blair"
    assert (
        reported_in(
            met, [_mention(met, "Mr Howard"), _mention(met, "Mr Blair")], _one_sentence, _nowhere_quoted
        )
        == set()
    )


def test_a_subject_in_another_sentence_or_inside_a_quotation_reports_nothing() -> None:
    text = "Mr Howard told reporters. Mr Blair said no"
    howard, blair = _mention(text, "Mr Howard"), _mention(text, "Mr Blair")
    assert reported_in(text, [howard, blair], lambda at: 0 if at < 26 else 26, _nowhere_quoted) == set()
    said = "Mr Howard told Mr Blair"
    both = [_mention(said, "Mr Howard"), _mention(said, "Mr Blair")]
    assert reported_in(said, both, _one_sentence, lambda at: at == 0) == set()


def test_the_words_around_a_mention_are_read_within_bounds() -> None:
    assert _word_before("spoke in West", 9) == "in"
    assert _word_before("in West", 3) == "in"
    assert _word_before("x  West", 3) == ""
    assert _word_at("Doe Told Roe", 3, 12) == "told"
    assert _word_at("Doe,told", 3, 8) == ""
    long = "a" * 1_000
    assert _word_before(long + " West", len(long) + 1) == "a" * 12  # read back 12 letters at most
