"""Every entry of the speaker resolver's word lists (``schemas/lexicons/``) has its effect.

One invented case per entry, parametrized over the list as loaded, so that an entry added to a
file is tested too; a case fails when its entry is taken out of the file.
"""

from __future__ import annotations

import pytest

from schemas import Quote
from schemas.lexicon import lexicon, lexicon_entries
from schemas.roles import role_lexicon
from transforms.quotes import extract_quotes
from transforms.speakers import names, resolve_speakers
from transforms.speakers.identity import speaker_kind


def _resolved(text: str, needle: str) -> str | None:
    """The ``speaker_resolved`` of the one quote whose text holds ``needle``."""
    hits = [q for q in extract_quotes(text) if needle in q.quote_text]
    assert len(hits) == 1, [(q.quote_text, q.speaker) for q in extract_quotes(text)]
    return hits[0].speaker_resolved


def _resolve(text: str, speaker: str) -> str | None:
    """What the speaker written last in ``text`` as ``speaker`` resolves to, as the speaker of a
    direct quote ending just before it (the extractor's own reading of the text left out)."""
    start = text.rindex(speaker)
    quote_end = text.rindex("”", 0, start) + 1
    quote_start = text.rindex("“", 0, quote_end)
    quote = Quote(
        kind="direct",
        quote_start=quote_start,
        quote_end=quote_end,
        quote_text=text[quote_start:quote_end],
        speaker=speaker,
        speaker_start=start,
        speaker_end=start + len(speaker),
        fragments=((quote_start, quote_end),),
    )
    [resolved] = resolve_speakers(text, [quote])
    return resolved.speaker_resolved


# --------------------------------------------------------------------------- name particles


@pytest.mark.parametrize("particle", lexicon_entries("name_particles"))
def test_each_name_particle_joins_the_full_name_a_surname_resolves_to(particle: str) -> None:
    text = f"Jan {particle} Berg opened the meeting. “The new bridge will open next spring,” Berg said."
    assert _resolved(text, "bridge") == f"Jan {particle} Berg"


# --------------------------------------------------------------------------- pronouns


@pytest.mark.parametrize("pronoun", lexicon_entries("speaker_personal_pronouns"))
def test_each_personal_pronoun_after_an_opening_phrase_is_the_subject_that_speaks(pronoun: str) -> None:
    text = f"Carl Berg arrived. On Monday, {pronoun} left early, calling the plan “a complete farce for all”."
    [quote] = extract_quotes(text)
    assert quote.speaker == pronoun


@pytest.mark.parametrize("pronoun", lexicon_entries("speaker_other_pronouns"))
def test_each_other_pronoun_names_nobody_not_even_the_person_before_of(pronoun: str) -> None:
    # "Carl Berg of the union": the person before "of" speaks; "Carl Berg of them" is no such thing
    text = f"Carl Berg arrived. “The new bridge will open next spring,” said Carl Berg of {pronoun}."
    assert _resolve(text, pronoun) is None


# --------------------------------------------------------------------------- function words


@pytest.mark.parametrize("word", lexicon_entries("speaker_not_name_words"))
def test_each_not_name_word_opening_a_run_or_a_speaker_is_left_out_of_the_name(word: str) -> None:
    parsed = names._parse_words(f"{word.capitalize()} Carl Berg")
    assert parsed is not None and parsed.name == "Carl Berg"
    # a speaker it opens is read without it ("said these Zorgons" as "said Zorgons", below); after
    # "the" or an indefinite word, nobody named
    unnamed = word == "the" or word in lexicon("speaker_indefinite_words")
    text = f"“The new bridge will open next spring,” said {word} Zorgons."
    assert _resolve(text, f"{word} Zorgons") == (None if unnamed else "Zorgons")


@pytest.mark.parametrize("word", lexicon_entries("speaker_indefinite_words"))
def test_each_indefinite_word_makes_a_capitalised_word_after_it_nobody_named(word: str) -> None:
    # '"…," said Zorgons' names Zorgons (a capitalised word the text never writes otherwise)
    assert _resolve("“The new bridge will open next spring,” said Zorgons.", "Zorgons") == "Zorgons"
    text = f"“The new bridge will open next spring,” said {word} Zorgons."
    assert _resolve(text, f"{word} Zorgons") is None


@pytest.mark.parametrize("word", lexicon_entries("speaker_coordinators"))
def test_each_coordinator_makes_two_names_a_group_a_pronoun_does_not_take(word: str) -> None:
    text = (
        f"Carl Steel {word} Anna Hale were fined on Monday. “The new bridge will open next spring,” he said."
    )
    assert _resolved(text, "bridge") is None
    assert _resolved(text.replace(f" {word} ", " met "), "bridge") == "Carl Steel"


# --------------------------------------------------------------------------- parts of names


def _written(suffix: str) -> str:
    """A name suffix as written after a name: ``III``, ``Jr.``."""
    return suffix.upper() if set(suffix) <= set("ivx") else suffix.capitalize() + "."


@pytest.mark.parametrize("suffix", lexicon_entries("speaker_name_suffixes"))
def test_each_name_suffix_closes_a_name_after_its_surname(suffix: str) -> None:
    name = f"Carl Peter Luther Berg {_written(suffix)}"  # four words and the suffix
    assert names._surname(name) == "Berg"
    parsed = names._parse_words(name)
    assert parsed is not None and parsed.name == name


@pytest.mark.parametrize("abbreviation", lexicon_entries("speaker_name_abbreviations"))
def test_each_name_abbreviation_ends_no_sentence(abbreviation: str) -> None:
    assert names._is_sentence_end("Moscow.")
    assert not names._is_sentence_end(abbreviation.capitalize())


@pytest.mark.parametrize("suffix", lexicon_entries("speaker_demonym_suffixes"))
def test_each_demonym_suffix_makes_the_word_before_a_name_a_nationality(suffix: str) -> None:
    parsed = names._parse_words(f"Zorg{suffix} Carl Berg")
    assert parsed is not None and parsed.name == "Carl Berg"


# --------------------------------------------------------------------------- titles


@pytest.mark.parametrize("title", lexicon_entries("speaker_naming_titles"))
def test_each_naming_title_stays_before_a_surname_said_alone(title: str) -> None:
    speaker = f"{title.capitalize()} Zorgberg"
    assert _resolve(f"“The new bridge will open next spring,” said {speaker}.", speaker) == speaker


@pytest.mark.parametrize("title", lexicon_entries("speaker_given_name_titles"))
def test_each_given_name_title_is_never_followed_by_a_surname_to_look_up(title: str) -> None:
    # "Prince Charles" is never "Ray Charles"
    speaker = f"{title.capitalize()} Zorgberg"
    text = f"Ray Zorgberg arrived on Monday. “The new bridge will open next spring,” said {speaker}."
    assert _resolve(text, speaker) == speaker


@pytest.mark.parametrize("title", lexicon_entries("speaker_peerage_titles"))
def test_each_peerage_title_is_the_name_a_peer_is_known_by(title: str) -> None:
    # "Lord Goldsmith" stays so, whoever else of that name the article writes
    speaker = f"{title.capitalize()} Zorgberg"
    text = f"Ray Zorgberg arrived on Monday. “The new bridge will open next spring,” said {speaker}."
    assert _resolve(text, speaker) == speaker


@pytest.mark.parametrize("word", lexicon_entries("speaker_any_time_words"))
def test_each_any_time_word_may_call_the_holder_of_a_role(word: str) -> None:
    text = (
        "Foreign Minister Carl Berg arrived on Monday. Talks went on.\n\n"
        f"“The new bridge will open next spring,” the {word} minister said."
    )
    assert _resolve(text, f"the {word} minister") == "Carl Berg"


# --------------------------------------------------------------------------- acronyms


@pytest.mark.parametrize(
    "acronym", lexicon_entries("speaker_title_acronyms") + lexicon_entries("speaker_country_acronyms")
)
def test_each_title_or_country_acronym_names_nobody(acronym: str) -> None:
    text = "“The new bridge will open next spring,” said the {}."
    assert _resolve(text.format("EFF"), "the EFF") == "EFF"  # an organisation's acronym names it
    assert _resolve(text.format(acronym), f"the {acronym}") is None


# --------------------------------------------------------------------------- what a sentence tells


def _message_text(verb: str, noun: str) -> str:
    return (
        f"Carl Berg {verb} greetings to the people of Zorgland on Monday. "
        f"“The new bridge will open next spring,” the {noun} reads."
    )


@pytest.mark.parametrize("noun", lexicon_entries("speaker_message_nouns"))
def test_each_message_noun_is_the_message_of_its_sender(noun: str) -> None:
    assert _resolve(_message_text("sent", noun), f"the {noun}") == "Carl Berg"


@pytest.mark.parametrize("verb", lexicon_entries("speaker_sending_verbs"))
def test_each_sending_verb_makes_its_subject_the_sender_of_the_message(verb: str) -> None:
    assert _resolve(_message_text(verb, "message"), "the message") == "Carl Berg"


@pytest.mark.parametrize("noun", lexicon_entries("speaker_organisation_nouns"))
def test_each_organisation_noun_in_apposition_makes_a_surname_an_organisation(noun: str) -> None:
    # "Ford, the US car company," is not Bill Ford
    speaker = f"Zorgberg, the {noun}"
    text = (
        f"Ray Zorgberg arrived on Monday. “The new bridge will open next spring,” said {speaker}, on Monday."
    )
    assert _resolve(text, speaker) == "Zorgberg"


@pytest.mark.parametrize("preposition", lexicon_entries("speaker_complement_prepositions"))
def test_each_complement_preposition_makes_the_name_after_it_no_speaker(preposition: str) -> None:
    # "a spokesman for Mr Blair" is somebody unnamed, not Mr Blair
    text = f"“The new bridge will open next spring,” said a spokesman {preposition} Carl Berg."
    assert _resolve(text, "Carl Berg") is None
    assert _resolve(text.replace(f" {preposition} ", " and "), "Carl Berg") == "Carl Berg"


# --------------------------------------------------------------------------- place prepositions


@pytest.mark.parametrize("preposition", lexicon_entries("speaker_place_prepositions"))
def test_each_place_preposition_makes_the_name_after_it_no_antecedent(preposition: str) -> None:
    """``Carl Steel spoke in Ray Hale. He said …``: he is Carl Steel; without the preposition,
    two candidates and no speaker among them, nobody."""
    text = (
        f"Carl Steel spoke {preposition} Ray Hale on Monday. “The new bridge will open next spring,” he said."
    )
    assert _resolve(text, "he") == "Carl Steel"
    assert _resolve(text.replace(f" {preposition} ", " with "), "he") is None


@pytest.mark.parametrize("noun", lexicon_entries("speaker_demonym_nouns"))
def test_each_demonym_noun_before_a_name_is_a_description(noun: str) -> None:
    parsed = names._parse_words(f"{noun} Carl Berg")
    assert parsed is not None and parsed.name == "Carl Berg"
    two = names._parse_words(f"{noun} Berg")  # two words: a name (``Finn Russell``), kept whole
    assert two is None or two.name == f"{noun} Berg"


# --------------------------------------------------------------------------- organisation and place words


def _capitalised(word: str) -> str:
    return word[:1].upper() + word[1:]


@pytest.mark.parametrize("word", sorted(role_lexicon().organisation_words))
def test_each_organisation_word_makes_a_run_an_organisation(word: str) -> None:
    """``Zorg Party``, ``Liberal Democrats``: an organisation's speaker row, never a person's."""
    assert speaker_kind(f"Zorg {_capitalised(word)}") == "organisation"


@pytest.mark.parametrize("word", sorted(role_lexicon().place_words))
def test_each_place_word_makes_a_run_nobody(word: str) -> None:
    assert speaker_kind(f"Zorg {_capitalised(word)}") is None
