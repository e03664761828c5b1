"""Reporting cues: every verb or phrase that can frame a report, with the classes that change
how its content is read (quoted-only, object, infinitive, noun, evidence and naming cues).

A frame is a cue outside quotation marks whose speaker can be read (rule 4 of the package
docstring); the classes here say what its content may be, the readers in :mod:`.readers` and
:mod:`.content` read it.
"""

from __future__ import annotations

#: Reporting cues, one entry per verb (or phrase) with the surface forms matched.
REPORTING_CUES: dict[str, tuple[str, ...]] = {
    "say": ("said", "says", "say", "saying"),
    "tell": ("told", "tells", "tell", "telling"),
    "add": ("added", "adds", "adding"),
    "write": ("wrote", "writes", "writing"),
    "tweet": ("tweeted", "tweets", "tweeting"),
    "ask": ("asked", "asks", "asking"),
    "continue": ("continued", "continues"),
    "note": ("noted", "notes", "noting"),
    "explain": ("explained", "explains", "explaining"),
    "state": ("stated", "states", "stating"),
    "declare": ("declared", "declares", "declaring"),
    "reply": ("replied", "replies"),
    "respond": ("responded", "responds"),
    "conclude": ("concluded", "concludes", "conclude"),
    "recall": ("recalled", "recalls", "recalling"),
    "argue": ("argued", "argues", "arguing", "argue"),
    "insist": ("insisted", "insists", "insisting", "insist"),
    "warn": ("warned", "warns", "warning", "warn"),
    "claim": ("claimed", "claims", "claiming"),
    "acknowledge": ("acknowledged", "acknowledges", "acknowledging", "acknowledge"),
    "admit": ("admitted", "admits"),
    "announce": ("announced", "announces", "announcing", "announce"),
    "remark": ("remarked",),
    "observe": ("observed",),
    "stress": ("stressed", "stresses", "stressing"),
    "emphasize": ("emphasized", "emphasised", "emphasizes", "emphasizing", "emphasize"),
    "suggest": ("suggested", "suggests", "suggesting", "suggest"),
    "maintain": ("maintained", "maintains"),
    "counter": ("countered",),
    "quip": ("quipped",),
    "joke": ("joked",),
    "concede": ("conceded", "concedes", "concede"),
    "predict": ("predicted", "predicts", "predicting"),
    "vow": ("vowed", "vows", "vowing"),
    "promise": ("promised", "promises"),
    "pledge": ("pledged", "pledges", "pledging"),
    "complain": ("complained", "complains", "complain"),
    "boast": ("boasted", "boasts"),
    "contend": ("contended", "contends"),
    "assert": ("asserted", "asserts"),
    "testify": ("testified",),
    "report": ("reported", "reports"),
    "post": ("posted",),
    "shout": ("shouted",),
    "agree": ("agreed",),
    "caution": ("cautioned",),
    "lament": ("lamented",),
    "point out": ("pointed out", "points out"),
    "go on": ("went on",),
    "according to": ("according to",),
    "believe": ("believes", "believed", "believe"),
    "think": ("thinks", "thought", "think"),
    "expect": ("expects", "expected", "expect"),
    "hope": ("hopes", "hoped", "hope"),
    "fear": ("fears", "feared", "fear"),
    "know": ("knows", "knew", "know"),
    "want": ("wants", "wanted", "want"),
    "deny": ("denied", "denies"),
    "allege": ("alleged", "alleges", "alleging"),
    "reveal": ("revealed", "reveals"),
    "confirm": ("confirmed", "confirms"),
    "estimate": ("estimated", "estimates"),
    "find": ("found", "finds"),
    "show": ("showed", "shows", "shown", "show"),
    "call": ("called", "calls", "calling"),
    "describe": ("described", "describes", "describing"),
    "urge": ("urged", "urges", "urging"),
    "accuse": ("accused", "accuses", "accusing"),
    "put it": ("put it",),
    "cite": ("cited", "cites", "citing"),
    "criticize": ("criticized", "criticizes", "criticised"),
    "defend": ("defended", "defends"),
    "praise": ("praised", "praises"),
    "propose": ("proposed", "proposes"),
    "refer to": ("referring to", "referred to"),
    "seem": ("seems", "seemed"),
    "decline": ("declined",),
    "refuse": ("refused",),
    "seek": ("sought", "seeks"),
    "condemn": ("condemned", "condemns", "condemning"),
    "liken": ("likened", "likens", "likening"),
    "dismiss": ("dismissed", "dismisses", "dismissing"),
    "hail": ("hailed", "hails", "hailing"),
    "proclaim": ("proclaimed", "proclaims", "proclaiming"),
    "decry": ("decried", "decries", "decrying"),
    "blast": ("blasted", "blasts", "blasting"),
    "slam": ("slammed", "slams", "slamming"),
    "label": ("labeled", "labelled", "labels", "labeling"),
    "brand": ("branded", "brands", "branding"),
    "dub": ("dubbed", "dubs", "dubbing"),
    "mock": ("mocked", "mocks", "mocking"),
    "reference": ("referenced", "references", "referencing"),
    "tout": ("touted", "touts", "touting"),
    "blame": ("blamed", "blames", "blaming"),
    "characterize": ("characterized", "characterizes", "characterizing"),
    "portray": ("portrayed", "portrays", "portraying"),
    "deride": ("derided", "derides", "deriding"),
    "attack": ("attacked", "attacks", "attacking"),
    "question": ("questioned", "questions", "questioning"),
    "reiterate": ("reiterated", "reiterates", "reiterating"),
    "echo": ("echoed", "echoes", "echoing"),
    "voice": ("voiced", "voices", "voicing"),
    "signal": ("signaled", "signalled", "signals", "signaling"),
    "hint": ("hinted", "hints", "hinting"),
    "speculate": ("speculated", "speculates", "speculating"),
    "remind": ("reminded", "reminds", "reminding"),
    "indicate": ("indicated", "indicates", "indicating", "indicate"),
    "imply": ("implied", "implies", "implying"),
    "disclose": ("disclosed", "discloses"),
    "recount": ("recounted", "recounts"),
    "wonder": ("wondered", "wonders", "wondering"),
    "remember": ("remembered", "remembers"),
    "realize": ("realized", "realised", "realizes"),
    "project": ("projected",),
    "plan": ("plans", "planned", "planning"),
    "intend": ("intends", "intended", "intend"),
    "threaten": ("threatened", "threatens", "threatening"),
    "aim": ("aims", "aimed"),
    "endorse": ("endorsed", "endorses", "endorsing"),
    "support": ("supported", "supports", "supporting"),
    "oppose": ("opposed", "opposes", "opposing"),
    "back": ("backed", "backing"),
    "reject": ("rejected", "rejects", "rejecting"),
    "call for": ("called for", "calls for", "calling for"),
    "call on": ("called on", "calls on", "calling on", "called upon", "calls upon", "calling upon"),
    "push for": ("pushed for", "pushes for", "pushing for"),
    "talk about": ("talked about", "talks about", "talking about"),
    "speak about": ("spoke about", "speaks about", "speaking about", "spoke of"),
    "discuss": ("discussed", "discusses", "discussing"),
    "mention": ("mentioned", "mentions", "mentioning"),
    "express": ("expressed", "expresses", "expressing"),
    "denounce": ("denounced", "denounces", "denouncing"),
    "focus on": ("focused on", "focuses on", "focusing on"),
    "point to": ("pointed to", "points to", "pointing to"),
    "worry about": ("worried about", "worries about"),
    "vote for": ("voted for", "votes for"),
}

#: Cue forms that frame a quotation but too seldom a report without one ("the United States",
#: "she knew the road"): with these, content without quotation marks is not kept.
QUOTED_ONLY_CUES: frozenset[str] = frozenset(
    (
        "states",
        "continues",
        "continued",
        "know",
        "knew",
        "wanted",
        "pledged",
        "maintained",
        "declared",
        "posted",
        "went on",
        "maintains",
        "confirmed",
        "believed",
        "adding",
        "wrote",
        "writes",
        "writing",
        *(
            form
            for verb in (
                "liken dismiss hail proclaim label brand dub reference blame focus-on mention refer-to "
                "point-to denounce condemn tout characterize portray deride"
            ).split()
            for form in REPORTING_CUES[verb.replace("-", " ")]
        ),
        *("attacks", "attacking", "questions", "talked about"),
    )
)

#: Cues whose content is their object, a noun phrase ("Doe endorsed Roe on Monday" → "Roe"):
#: without quotation marks, the content ends where the phrase does (:func:`_object_end`), and a
#: passive ("was backed by") or a particle ("backed off") is not a report.
OBJECT_CUES: frozenset[str] = frozenset(
    form
    for verb in (
        "endorse support oppose back reject call-for push-for talk-about speak-about discuss mention "
        "express denounce focus-on point-to worry-about vote-for criticize attack praise blame condemn "
        "blast slam mock question"
    ).split()
    for form in REPORTING_CUES[verb.replace("-", " ")]
)

#: Cues that report only an intention written as an infinitive: "Doe plans to run" → "to run".
#: ``decided to`` is not one: a decision is an act, not words (``the club decided to act before the
#: hearing``; PolNeAR, dev and train: 15 of 44 are attributions); ``decided that …`` reports, as any
#: past-tense verb before ``that`` does.
INFINITIVE_CUES: frozenset[str] = frozenset(
    form for verb in ("plan", "intend", "threaten", "aim") for form in REPORTING_CUES[verb]
)

_WEAK_CUES = INFINITIVE_CUES | OBJECT_CUES

#: Nouns that report what someone holds when "that" follows: "the claim that …", "his view that …".
NOUN_CUES: frozenset[str] = frozenset(
    (
        "claim claims belief beliefs view argument assertion contention suggestion notion allegation "
        "allegations accusation accusations warning warnings promise pledge charge statement assurance "
        "assurances insistence fear fears concern concerns hope hopes finding findings evidence "
        "indication assessment conclusion prediction speculation rumors rumours theory complaint "
        "complaints message admission acknowledgment acknowledgement estimate estimates"
    ).split()
)

#: Plural sources before a bare "show"/"suggest" ("polls show that …"); other plurals do not report.
EVIDENCE_NOUNS: frozenset[str] = frozenset(
    (
        "polls data records figures documents numbers surveys studies results statistics emails "
        "filings reports estimates projections findings analyses models tests experts"
    ).split()
)

#: Verbs that name a thing rather than report words: "drills called Union Resolve 2022", "a book
#: titled “Dune”", "the village known as “the end of the road”" (see :func:`_is_naming`).
NAMING_VERBS: frozenset[str] = frozenset(
    (
        "called calls calling named titled entitled dubbed nicknamed christened termed labelled "
        "labeled renamed"
    ).split()
)
#: Two-word naming phrases, matched before a quotation only ("known as “the end of the road”").
NAMING_PHRASES: tuple[str, ...] = ("known as", "referred to as")

#: Cues that report evidence rather than speech ("the figures show …"): their subject must be a
#: source that holds a view or a record (a person, a group, an organisation, a poll or a report),
#: never a thing or an event ("this shows …", "recent events suggest …", "it reveals …", "the
#: gadget boom signalled the strongest growth yet", "which implies …"). ``signal`` and ``imply``
#: are read so too: after a person they report (``the minister signalled that …``).
EVIDENCE_CUES: frozenset[str] = frozenset(
    form
    for verb in ("show", "suggest", "indicate", "reveal", "signal", "imply")
    for form in REPORTING_CUES[verb]
)
