"""Word lists of the quote extractor: what can be a source (pronouns, person, group and record
nouns), what opens, breaks or ends a speaker's noun phrase, and what ends no content.

Each list is data, ``schemas/lexicons/quote_<what>.txt`` (one entry a line), read once per process
through :mod:`schemas.lexicon`, and named and documented here; the readers in
:mod:`.speaker_reading`, :mod:`.sources` and :mod:`.extract` only look words up in them.
"""

from __future__ import annotations

from schemas.lexicon import lexicon

#: Pronouns that can be a source (``it`` may be an organisation: "It said in a statement").
SOURCE_PRONOUNS: frozenset[str] = lexicon("quote_source_pronouns")
#: Pronouns that never stand for a source of evidence ("this shows …", "which suggests …"); "it"
#: may ("It shows an officer aiming a gun": the video).
THING_PRONOUNS: frozenset[str] = lexicon("quote_thing_pronouns")

#: Lower-case head nouns of a source (singular; a plural in -s, -es or -ies is read back to it):
#: people by role, trade or relation (:data:`SOURCE_PERSON_NOUNS`), groups of people and
#: organisations (:data:`SOURCE_GROUP_NOUNS`), and documents that record a view
#: (:data:`SOURCE_RECORD_NOUNS`; PolNeAR reads "polls show", "the report says" as sourced).
SOURCE_PERSON_NOUNS: frozenset[str] = lexicon("quote_person_nouns")
SOURCE_GROUP_NOUNS: frozenset[str] = lexicon("quote_group_nouns")
SOURCE_RECORD_NOUNS: frozenset[str] = lexicon("quote_record_nouns")
SOURCE_NOUNS: frozenset[str] = SOURCE_PERSON_NOUNS | SOURCE_GROUP_NOUNS | SOURCE_RECORD_NOUNS
#: Endings of lower-case nouns that name people ("campaigners", "historians", "attendees").
PERSON_NOUN_SUFFIXES: tuple[str, ...] = ("ist", "ian", "eer", "ee", "er", "or", "-year-old")

#: Words that never start a source: prepositions and conjunctions ("Among sweeteners").
NOT_SOURCE_FIRST: frozenset[str] = lexicon("quote_not_source_first")
#: Words that never end a source: prepositions, conjunctions, determiners ("000 hours of").
NOT_SOURCE_LAST: frozenset[str] = NOT_SOURCE_FIRST | lexicon("quote_not_source_last")

#: Words that may sit between a speaker and the cue ("he also said", "Trump has said").
CUE_ADVERBS: frozenset[str] = lexicon("quote_cue_adverbs")
#: Adverbs that are never a name, so never a speaker alone, whatever their case: ``Often, said Mr
#: Pearson, …`` and ``confirmed earlier reports`` are no report by ``Often`` or ``earlier``
#: (``May``, ``Will``, ``Still`` and ``Just`` are names too: not here). Adverbs in -ly are
#: :func:`_is_lone_adverb`'s.
LONE_ADVERBS: frozenset[str] = lexicon("quote_lone_adverbs")

PRONOUN_SPEAKERS: frozenset[str] = lexicon("quote_pronoun_speakers")

#: Words that start a speaker noun phrase (kept in the mention: "the official", "his aide").
DETERMINERS: frozenset[str] = lexicon("quote_determiners")

#: Words that can never be inside a speaker noun phrase read backwards from a cue.
NP_BREAKERS: frozenset[str] = lexicon("quote_np_breakers")

#: Lower-case words that end a speaker noun phrase read backwards (verbs, mostly irregular).
VERB_LIKE_WORDS: frozenset[str] = lexicon("quote_verb_like_words")

#: Finite auxiliaries and modals: a name after a cue and before one of these is the subject of the
#: content's clause ("…, believe Mr Brown will have to fill"), not the cue's inverted source.
FINITE_AUXILIARIES: frozenset[str] = lexicon("quote_finite_auxiliaries")

#: Capitalised words that open a sentence without naming anyone ("But he said").
SENTENCE_OPENERS: frozenset[str] = lexicon("quote_sentence_openers") | lexicon("weekdays")

#: Words after a cue that name when or where, not who ("said Tuesday").
NOT_SPEAKER_AFTER_CUE: frozenset[str] = lexicon("quote_not_speaker_after_cue") | lexicon("weekdays")

#: Upper-case labels that open a paragraph without naming a speaker ("UPDATE: …").
NOT_SPEAKER_LABELS: frozenset[str] = lexicon("quote_not_speaker_labels")

#: Words that never end a short reported content (:data:`MAX_DANGLING_CONTENT_WORDS` words at most):
#: one that ends so was cut short (``he expressed concerns about`` → ``concerns about``; ``Russia
#: supports having an``; ``we are``), so it reports nothing. Prepositions that are never particles,
#: articles, possessive determiners, auxiliaries and conjunctions; not ``up``/``off``/``over``
#: (``prices will go up``), ``her``/``this``/``that`` (pronouns as objects) or ``be`` (``that is how
#: it should be``). A longer content may end so by ellipsis or a stranded preposition (``which ones
#: he would like to work with``, ``as the plans would``) and is kept.
DANGLING_LAST_WORDS: frozenset[str] = lexicon("quote_dangling_last_words")

ABBREVIATIONS: frozenset[str] = lexicon("abbreviations")
