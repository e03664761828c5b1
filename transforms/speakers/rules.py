"""The speaker resolver's rule data: the role lexicon, the word lists and the limits.

Everything here is data read once per process (the role lexicon from ``schemas/vocab``); the rules
that use it are stated in the docstring of :mod:`transforms.speakers`.
"""

from __future__ import annotations

from schemas.lexicon import lexicon, lexicon_entries, lexicon_table
from schemas.roles import Gender, given_name_genders, role_lexicon

# --------------------------------------------------------------------------- rule data (extend here)

_LEXICON = role_lexicon()

#: Role nouns a speaker may be called by after being named ("the minister", "the official").
#: Each maps to the titles that introduce it next to a name ("Foreign Minister X"): see roles.toml.
ROLE_NOUNS: dict[str, tuple[str, ...]] = _LEXICON.roles

#: Words that title a name rather than belong to it ("Sen. Tom Cotton"): every word of roles.toml.
TITLE_WORDS: frozenset[str] = _LEXICON.title_words

#: Personal titles and the gender they tell ("Mr" → "m", "Baroness" → "f", "Dr" → "").
HONORIFICS: dict[str, Gender] = _LEXICON.honorifics

#: Given names that tell a gender ("Carl" → "m"): see given_names.toml.
GIVEN_NAMES: dict[str, Gender] = given_name_genders()

#: Endings of nationality words that precede a name ("Belarusian Vladimir Makei").
#: (lexicons/speaker_demonym_suffixes.txt)
DEMONYM_SUFFIXES: tuple[str, ...] = lexicon_entries("speaker_demonym_suffixes")
#: Nouns of nationality no suffix catches ("Swede Joachim Johansson"): lexicons/speaker_demonym_nouns.txt.
DEMONYM_NOUNS: frozenset[str] = lexicon("speaker_demonym_nouns")

#: Pronouns a speaker may be ("he said"): lexicons/speaker_personal_pronouns.txt.
PERSONAL_PRONOUNS: frozenset[str] = lexicon("speaker_personal_pronouns")

#: What joins two names into one plural noun phrase ("Jo Steel and Sam Hale", "Jo Steel & Sam Hale").
#: (lexicons/speaker_coordinators.txt, each written between spaces)
_COORDINATORS: frozenset[str] = frozenset(f" {word} " for word in lexicon("speaker_coordinators"))

#: Capitalised words that open a noun phrase or a sentence and never belong to a name:
#: lexicons/speaker_not_name_words.txt.
NOT_NAME_WORDS: frozenset[str] = lexicon("speaker_not_name_words")

#: Words that close a name after its surname ("Martin Luther King Jr.", "Jo Doe III").
#: (lexicons/speaker_name_suffixes.txt)
_NAME_SUFFIXES: frozenset[str] = lexicon("speaker_name_suffixes")

#: Words that end a sentence with a full stop and still belong to a name ("Mr.", "St.").
#: (lexicons/speaker_name_abbreviations.txt)
_NAME_ABBREVIATIONS: frozenset[str] = lexicon("speaker_name_abbreviations")

#: The one-word forms of the reporting cues (``schemas/lexicons/cues.toml``, read by
#: :mod:`transforms.quotes.cues` for the extractor): ``Doe told the BBC Roe had …`` puts Roe
#: inside what Doe reports, never the subject a pronoun after it continues.
REPORTING_VERBS: frozenset[str] = frozenset(
    form for entry in lexicon_table("cues").values() for form in entry["forms"] if " " not in form
)

#: prepositions after which a name is a place or a complement, no pronoun's antecedent
#: (lexicons/speaker_place_prepositions.txt)
PLACE_PREPOSITIONS: frozenset[str] = lexicon("speaker_place_prepositions")

MAX_NAME_CHARS = 80  #: characters read back from a surname for the full name written with it
MAX_NAME_RUN_WORDS = 32  #: capitalised words after the first that one name run may hold
MAX_NAME_OCCURRENCES = 256  #: places read where a surname may close its full name
MAX_SURNAMES_PER_TEXT = 256  #: surnames looked up for their full name in one text
MAX_ANTECEDENT_CHARS = 120  #: characters read back from "who" for the name it follows
MAX_NAME_WORDS = 4  #: words a person's name may hold (titles left out)
MAX_CLAUSE_CHARS = 300  #: characters read back from a name for the ", who" of a clause holding it
MAX_FALLBACK_MENTIONS = 64  #: mentions read back from a pronoun for the previous quote's speaker

#: Particles that join a name ("Nick Van den Brul"): lexicons/name_particles.txt, as the
#: alternation the name-run patterns use.
_PARTICLES = "|".join(lexicon_entries("name_particles"))
_ROLE_BY_TITLE: dict[str, str] = _LEXICON.titles
# every role a title introduces ("Prime Minister Jo Doe" is "the prime minister" and "the minister")
_ROLES_BY_TITLE: dict[str, tuple[str, ...]] = {
    title: tuple(role for role, titles in ROLE_NOUNS.items() if title in titles) for title in _ROLE_BY_TITLE
}
_TITLE_LAST_CHARS = frozenset(t[-1] for t in _ROLE_BY_TITLE)  # how a title written before a name ends
_NAME_PARTICLES = lexicon("name_particles")
#: prepositions that make what follows them a complement ("a spokeswoman for X"), not a subject
#: (lexicons/speaker_complement_prepositions.txt, each written between spaces)
_COMPLEMENT_PREPOSITIONS = tuple(f" {word} " for word in lexicon_entries("speaker_complement_prepositions"))
#: acronyms of titles, written after a name ("Jo Doe QC"): nobody by themselves
_TITLE_ACRONYMS = lexicon("speaker_title_acronyms")  # lexicons/speaker_title_acronyms.txt
#: acronyms of countries: a country speaking is its government, not named by the acronym
_COUNTRY_ACRONYMS = lexicon("speaker_country_acronyms")  # lexicons/speaker_country_acronyms.txt
_POSSESSIVE = ("’s", "'s")
#: what a person sends ("The message reads: …" after "Jo Doe sent greetings to …")
_MESSAGE_NOUNS = lexicon("speaker_message_nouns")  # lexicons/speaker_message_nouns.txt
#: personal titles kept before a surname alone ("Mr Howard"; "His Grace Illarion" → "Illarion"; a
#: peer's title and one before a given name are kept by the two lists below)
_NAMING_TITLES = lexicon("speaker_naming_titles")  # lexicons/speaker_naming_titles.txt
#: pronouns that name nobody here ("they said", "it said"): lexicons/speaker_other_pronouns.txt
_OTHER_PRONOUNS = lexicon("speaker_other_pronouns")
#: words that open a noun phrase of somebody unnamed or of a group ("a Briton", "most Gibraltarians")
#: (lexicons/speaker_indefinite_words.txt)
_INDEFINITE_WORDS = lexicon("speaker_indefinite_words")
#: titles followed by a given name, not a surname ("Prince Charles", "Pope Francis", "Sir Nicholas"):
#: the word is never looked up as a surname (``Ray Charles`` is somebody else)
_GIVEN_NAME_TITLES = lexicon("speaker_given_name_titles")  # lexicons/speaker_given_name_titles.txt
#: titles of peers: "Lord Goldsmith" stays so (his full name is another way to name him, not ours)
_PEERAGE_TITLES = lexicon("speaker_peerage_titles")  # lexicons/speaker_peerage_titles.txt
#: title words that any holder of a role may be called by ("the former minister")
_ANY_TIME_WORDS = lexicon("speaker_any_time_words")  # lexicons/speaker_any_time_words.txt
