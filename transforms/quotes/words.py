"""Word lists of the quote extractor: what can be a source (pronouns, person, group and record
nouns), what opens, breaks or ends a speaker's noun phrase, and what ends no content.

Each list is named and documented where it is defined; the readers in :mod:`.speaker_reading`,
:mod:`.sources` and :mod:`.extract` only look words up in them.
"""

from __future__ import annotations

#: Pronouns that can be a source (``it`` may be an organisation: "It said in a statement").
SOURCE_PRONOUNS: frozenset[str] = frozenset(
    (
        "he she they we i you it who one others everyone everybody someone somebody anyone nobody "
        "many some several most few both all each either neither half third quarter dozen dozens which "
        "hundreds thousands millions percent two three four five six seven eight nine ten"
    ).split()
)
#: Pronouns that never stand for a source of evidence ("this shows …", "which suggests …"); "it"
#: may ("It shows an officer aiming a gun": the video).
THING_PRONOUNS: frozenset[str] = frozenset("this that these those which what there".split())

#: Lower-case head nouns of a source (singular; a plural in -s, -es or -ies is read back to it):
#: people by role, trade or relation (:data:`SOURCE_PERSON_NOUNS`), groups of people and
#: organisations (:data:`SOURCE_GROUP_NOUNS`), and documents that record a view
#: (:data:`SOURCE_RECORD_NOUNS`; PolNeAR reads "polls show", "the report says" as sourced).
SOURCE_PERSON_NOUNS: frozenset[str] = frozenset(
    (
        # people
        "person people man men woman women child children boy girl family friend relative wife "
        "husband mother father son daughter brother sister parent victim witness resident citizen "
        "voter patient student pupil fan official spokesman spokeswoman spokesperson minister "
        "president chairman chairwoman chair secretary chief head boss executive director "
        "manager coach captain player colleague aide adviser advisor source insider expert "
        "analyst economist diplomat envoy ambassador governor mayor senator congressman "
        "congresswoman lawmaker legislator politician candidate nominee leader deputy judge "
        "lawyer attorney prosecutor police policeman officer detective investigator soldier "
        "general commander doctor nurse scientist researcher professor teacher author writer "
        "journalist reporter editor critic campaigner activist protester protestor organiser "
        "organizer founder owner partner shareholder investor trader banker businessman "
        "businesswoman entrepreneur billionaire worker employee staff staffer member delegate "
        "representative negotiator mediator regulator watchdog inspector auditor chancellor "
        "king queen prince princess pope bishop priest cleric imam rabbi monarch premier "
        "counterpart ally rival opponent supporter backer critic observer commentator pundit "
        "pollster consultant strategist historian lecturer academic survivor refugee migrant "
        "immigrant farmer driver pilot passenger customer consumer user viewer listener reader "
        "audience crowd gunman suspect defendant plaintiff claimant accused "
        "striker midfielder defender keeper goalkeeper winger forward manager referee umpire "
        "champion winner loser athlete runner rider boxer singer actor actress star artist "
        "musician band rapper designer inventor pioneer veteran resident student agent "
        "correspondent respondent client dependent participant applicant consultant assistant "
        "servant tenant merchant lieutenant sergeant attendant informant individual advocate surrogate mate "
        "constable pair duo trio couple "
        "country state nation city town province region republic government fund"
    ).split()
)
SOURCE_GROUP_NOUNS: frozenset[str] = frozenset(
    (
        # groups and organisations
        "group team crew squad workforce side club party government administration ministry "
        "department agency airline carrier brewery giant chain centre center tank body exchange "
        "institution outlet unit division subsidiary arm house studio label portal store shop "
        "supermarket utility trust bureau secretariat directorate consulate jury junta county "
        "presidency palace chamber duma academy society church diocese journal daily tabloid "
        "broadsheet operator lab laboratory clinic "
        "office authority council committee commission board panel parliament assembly "
        "congress senate court tribunal union federation association league organisation "
        "organization company firm corporation bank business industry network channel "
        "newspaper paper magazine broadcaster station media press embassy army military navy "
        "force alliance coalition bloc campaign movement charity foundation institute "
        "university college school hospital service regime cabinet kremlin opposition "
        "majority minority public electorate community side camp delegation mission "
        "management leadership prosecution defence defense"
    ).split()
)
SOURCE_RECORD_NOUNS: frozenset[str] = frozenset(
    (
        # documents and records
        "report study survey poll research analysis data figure statistic record document "
        "statement letter note memo email filing paper review audit inquiry investigation "
        "estimate projection forecast finding result test model evidence footage video photo "
        "picture image post tweet message website site book article editorial column release "
        "announcement communique declaration resolution ruling verdict judgment judgement "
        "transcript minutes account blog story clip spot ad advert slide average brief filing "
        "chart graph map table index tally count census"
    ).split()
)
SOURCE_NOUNS: frozenset[str] = SOURCE_PERSON_NOUNS | SOURCE_GROUP_NOUNS | SOURCE_RECORD_NOUNS
#: Endings of lower-case nouns that name people ("campaigners", "historians", "attendees").
PERSON_NOUN_SUFFIXES: tuple[str, ...] = ("ist", "ian", "eer", "ee", "er", "or", "-year-old")

#: Words that never start a source: prepositions and conjunctions ("Among sweeteners").
NOT_SOURCE_FIRST: frozenset[str] = frozenset(
    (
        "among about above across after against along amid around as at before behind below "
        "beneath beside besides between beyond by despite down during except for from in inside "
        "into like near of off on onto out outside over past per since than through throughout "
        "till to toward towards under underneath unlike until up upon via with within without "
        "and but or nor so yet if because although though while whereas whether unless"
    ).split()
)
#: Words that never end a source: prepositions, conjunctions, determiners ("000 hours of").
NOT_SOURCE_LAST: frozenset[str] = NOT_SOURCE_FIRST | frozenset(
    "the a an his her their its our my your this that these those to".split()
)

#: Words that may sit between a speaker and the cue ("he also said", "Trump has said").
CUE_ADVERBS: frozenset[str] = frozenset(
    (
        "also later has had have would will once then further again reportedly recently "
        "previously simply repeatedly often just now publicly privately flatly quickly frequently "
        "initially already still never even subsequently separately famously bluntly correctly "
        "falsely is was were are am did does do may might could should can not been being ultimately "
        "finally first last angrily told earlier"
    ).split()
)
#: Adverbs that are never a name, so never a speaker alone, whatever their case: ``Often, said Mr
#: Pearson, …`` and ``confirmed earlier reports`` are no report by ``Often`` or ``earlier``
#: (``May``, ``Will``, ``Still`` and ``Just`` are names too: not here). Adverbs in -ly are
#: :func:`_is_lone_adverb`'s.
LONE_ADVERBS: frozenset[str] = frozenset(
    "often earlier later also again already meanwhile then once previously recently "
    "repeatedly subsequently initially afterwards instead nevertheless however".split()
)

PRONOUN_SPEAKERS: frozenset[str] = frozenset({"he", "she", "they", "we", "i", "it", "who", "you"})

#: Words that start a speaker noun phrase (kept in the mention: "the official", "his aide").
DETERMINERS: frozenset[str] = frozenset(
    (
        "the a an his her their its our my one another some many several two three four most "
        "other these those both few no each every this all more"
    ).split()
)

#: Words that can never be inside a speaker noun phrase read backwards from a cue.
NP_BREAKERS: frozenset[str] = frozenset(
    (
        "and but or that which to in on at with by from as if is was were are be been when while "
        "after before because what so than not whom whose where how why into about over under for "
        "since until said says also has have had will would can could should did do does then "
        "there here now however though although yet just even only up out against"
    ).split()
)

#: Lower-case words that end a speaker noun phrase read backwards (verbs, mostly irregular).
VERB_LIKE_WORDS: frozenset[str] = frozenset(
    (
        "held made took gave got went came saw knew thought told said says held led met left won lost "
        "began ran wrote spoke brought bought sent set put kept let paid read heard felt became "
        "has have had is are was were be been being do does did will would can could may might must"
    ).split()
)

#: Capitalised words that open a sentence without naming anyone ("But he said").
SENTENCE_OPENERS: frozenset[str] = frozenset(
    (
        "But And Or So Yet Still Now Then Meanwhile However Also In On At As After Before When "
        "While If Earlier Later Last This That Asked Speaking Today Yesterday Monday Tuesday "
        "Wednesday Thursday Friday Saturday Sunday Instead Indeed Separately Finally There Here "
        "It Since Though Although Because During With For"
    ).split()
)

#: Words after a cue that name when or where, not who ("said Tuesday").
NOT_SPEAKER_AFTER_CUE: frozenset[str] = frozenset(
    (
        "Monday Tuesday Wednesday Thursday Friday Saturday Sunday Today Yesterday Last On In At "
        "During Earlier That This It There"
    ).split()
)

#: Upper-case labels that open a paragraph without naming a speaker ("UPDATE: …").
NOT_SPEAKER_LABELS: frozenset[str] = frozenset(
    (
        "UPDATE",
        "NOTE",
        "EDITOR'S NOTE",
        "EDITOR’S NOTE",
        "CORRECTION",
        "WATCH",
        "READ MORE",
        "RELATED",
        "VIDEO",
        "PHOTOS",
        "BREAKING",
        "ADVERTISEMENT",
    )
)

#: Words that never end a short reported content (:data:`MAX_DANGLING_CONTENT_WORDS` words at most):
#: one that ends so was cut short (``he expressed concerns about`` → ``concerns about``; ``Russia
#: supports having an``; ``we are``), so it reports nothing. Prepositions that are never particles,
#: articles, possessive determiners, auxiliaries and conjunctions; not ``up``/``off``/``over``
#: (``prices will go up``), ``her``/``this``/``that`` (pronouns as objects) or ``be`` (``that is how
#: it should be``). A longer content may end so by ellipsis or a stranded preposition (``which ones
#: he would like to work with``, ``as the plans would``) and is kept.
DANGLING_LAST_WORDS: frozenset[str] = frozenset(
    (
        "about of for from with at into onto upon among amid amidst between toward towards via than "
        "per despite during unlike within without "
        "the a an his their its our my your "
        "is are was were am has have had does did will would shall should can could may might must "
        "and or nor but because although though whereas whether unless if"
    ).split()
)

ABBREVIATIONS: frozenset[str] = frozenset(
    (
        "mr mrs ms dr sen rep gov gen lt col sgt capt prof rev st jr sr vs no jan feb mar apr aug "
        "sept sep oct nov dec inc corp co ltd u.s u.k u.n d.c a.m p.m mt ft ave e.g i.e etc "
        "approx dept est fig pres gop"
    ).split()
)
