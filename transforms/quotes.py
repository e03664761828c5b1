"""Find quotations and reported speech in an article body, with speaker and cue.

Pure text in, :class:`~schemas.Quote` records out: stdlib ``re`` only, no model, no I/O.
The body is paragraphs separated by blank lines; every offset is a ``str`` index into it.

How a text is read
==================
1. **Quotation marks.** Only double quotes count: ``“ ”`` and ``"`` (and ``''``). A curly mark says
   whether it opens or closes; a straight one opens after a space, bracket or dash and closes
   otherwise; one that sticks to the word before it and has a space after it only closes, and
   opens nothing when no quotation is open (``… will return." The case is set …``: its opening
   mark was lost, and the narration after it is no quote); inside a curly quotation, a straight
   pair is a nested quote (``“the sign said "closed" all week,”`` is one quote). Single quotes are
   never quotation marks of their own: ``“we must ‘keep our powder dry’”`` is one quote whose
   content holds a nested quote.
2. **Multi-paragraph quotes.** A quote still open at the end of a paragraph continues when the next
   paragraph opens with a quotation mark (``“A.¶“B,” he said.`` is one quote, two fragments);
   otherwise it ends with its paragraph. The same paragraphs joined on one line (``"A. "B," he
   said.``: a straight mark between a sentence end and a capital while a straight quotation is
   open) are read the same way, not paired two by two (which made ``" he said. The …"`` a quote).
3. **Sentences.** A sentence ends at ``. ! ?`` (plus closing marks) before a capital, and at a
   paragraph break, but never inside a quote: ``“We are ready. We will act,” Makei said.`` is one
   sentence. Abbreviations (``Mr.``, ``Sen.``, ``U.S.``, initials) do not end sentences.
4. **Frames.** A reporting cue outside quotation marks (:data:`REPORTING_CUES`: ``said``,
   ``stressed``, ``told``, ``according to``, belief verbs such as ``thinks`` …) whose speaker can
   be read makes a frame. A sentence may hold several frames, read left to right, each in what the
   previous one left over. The speaker is read next to the cue:

   - before it: a pronoun (``he said``), a name (``Makei said``, ``Foreign Minister Vladimir Makei
     stated``; an organisation's name whole across ``for``/``of``/``and``/``on``/``de`` between
     capitalised words, :data:`NAME_CONNECTORS`: ``the Office for National Statistics``, ``the
     Bank of England``, here and after the cue; a person and a place stay apart: ``Senator Jo
     Lund of Ohio``, ``Lord A of B``), a noun phrase with a determiner (``the official said``), a
     name with an apposition (``Smith, a spokesman, said``; a person of an organisation with the
     name, whole: ``The director of the harbour board, Ola Berg, said``, ``A spokesman for the
     company, named as John Smith, said`` → ``A spokesman for the company``; a lower-case noun
     phrase after a preposition is no subject before an aside: ``… at the company, which began
     in May, plans …``), ``one in four``, ``who``; adverbs in between are skipped (``he also said``);
   - after it: ``…,” said Makei.``, ``…, according to the ministry.`` (after a sentence adverb,
     alone or modified, the report is what follows the source: ``Significantly, said Mr Smith,
     X.`` → ``Mr Smith``, ``X``; ``More significantly, argues the report, X.`` → ``X``, and nothing
     when nothing follows; the adverb is never the speaker; a trailing ``according to``
     frame wins over cues inside its content, and keeps what follows its source: ``X, according to
     the ministry, and Y.`` is one content; an opening ``According to X,`` followed by a subject
     and a verb of speech yields to that verb: ``According to its accounts, the firm said it …``
     → ``the firm``; ``…, said he would go`` is not inverted);
   - the sentence's subject, when a long apposition hides it (``Doe, whose … war, said …``), the
     cue is a second verb (``Doe praised Roe and said …``, ``… but says …``) or a participle after a
     comma, ``and`` or ``but`` (``Doe left early, calling the plan “a farce”.``; after an earlier
     frame, that frame's speaker: ``“X,” she said, adding, “Y.”``);
   - after a quotation that opens the sentence and ends in ``,`` ``?`` or ``!``: everything up to
     the cue (:data:`MAX_QUOTE_TO_CUE_WORDS` words at most) unless a noun phrase can be read
     there (``“We are ready,” Sen. Jo Doe (D-Ore.) said.`` → ``Jo Doe``).

   The content is

   - when the frame leads, the rest of the sentence after the cue (``Makei stressed that Belarus
     opposes expansion.`` → ``Belarus opposes expansion``); an object and adjuncts before ``that``
     or ``:`` are skipped (``he told reporters on Monday that …``; after ``told``, up to a subject
     pronoun and its verb: ``she told the Herald last week she would go``, or a determined noun
     phrase and an auxiliary after the addressee: ``he told the court the firm had …``; a
     prepositional phrase opening the sentence is no trailing content: ``At the turn of the year,
     Doe told the BBC the band were …`` reports ``the band were …``), a ``that`` inside a
     quotation is not one; it stops before an added clause (``, but …``, ``, who …``, ``, adding …``,
     `` and said …``, ``, and he …``) and before a coordinated second report (``One in three said
     X, and one in four said Y.`` → two quotes); a second cue of the same subject (``and said``,
     ``but said``, ``and added``) ends the first content however short, and no ``that`` after it
     is the first cue's (``The minister denied the claims and said he had done nothing wrong.`` →
     ``the claims`` and ``he had done nothing wrong``, both the minister's); an adjunct alone is
     no content (``… he said in a statement.``); a ``, who``/``, which`` aside of the
     content's own subject, closed by a comma before a finite verb, does not end it (``said that
     the crews, who have worked there for years, will keep their jobs`` is whole);
   - when the frame trails, the part before the comma (``“We are ready,” Makei said.``; ``Minsk
     will act, he stated.``), without a lead-in ending in ``:`` (``He turned to money: “X,” he
     said.`` → ``“X,”``); inside reported speech both halves: ``In May, he said, the bridge will
     reopen.`` is one content;
   - after ``asked``, the indirect question: ``Asked whether it is safe, Doe said …`` → ``whether
     it is safe``;
   - after a determined noun of :data:`NOUN_CUES` and ``that``, the clause, its owner speaking:
     ``Doe’s claim that the bridge is safe …`` → ``the bridge is safe`` (``Doe’s``).

   - after a cue of :data:`OBJECT_CUES` (``endorsed``, ``called for``, ``criticized``), the object
     noun phrase only: ``Doe endorsed Roe on Monday.`` → ``Roe``; ``Doe spoke about how …`` keeps
     the clause; a passive (``was backed by``) or a particle (``backed off``) reports nothing;
   - after an intention verb of :data:`INFINITIVE_CUES`, only an infinitive: ``Doe plans to run``
     → ``to run`` (``decided to`` is an act, no report: ``the club decided to act``); any
     past-tense verb before ``that`` reports the clause (``the court ruled that
     …``); these and object cues are weak: in a sentence with another cue they are tried last
     (``Minsk plans to act, Doe stated.`` is Doe's report);
   - after ``asked``, a request: ``Doe asked the council to delay the vote`` → ``the council to
     delay the vote``; a question word after the infinitive is the infinitive's (``asking the
     council to think carefully about this`` is the request, not ``about this``);
   - a passive report without its source is the whole clause, cue included (PolNeAR convention):
     ``The board is expected to approve the plan.``; the agent of ``by``, if written, speaks; a
     clause joined by ``, but``/``, and``/``;`` is read alone (``An injury denied Doe the chance,
     but the winger is expected to be fit`` → ``the winger is expected to be fit``); negated alike:
     ``Berg is not believed to be badly hurt`` is the whole clause, no speaker; its subject is
     who is talked about, never the speaker.

   A bare ``show`` reports only after a noun of :data:`EVIDENCE_NOUNS` (``polls show …``).
   With a cue of :data:`QUOTED_ONLY_CUES` (``states``, ``pledged``, ``likened``, ``dismissed … as``)
   a content must hold quotation marks, else the sentence's next cue is tried.
5. **Kind.** The share of the content's letters and digits inside double quotation marks decides:
   ≥ :data:`DIRECT_MIN_QUOTED_SHARE` direct, > 0 mixed (``he said it was “irrational”``), 0 indirect.
   A direct content is given as its quoted parts only.
6. **Fragments.** A trailing frame followed by more quotation in the same sentence or, as a
   sentence of its own, in the same paragraph adds fragments: ``“X,” he said. “Y.”`` is one quote
   (``“X,” he said, adding, “Y.”`` is two). A sentence-like quotation later in the paragraph that
   no frame took continues such a quote too (``“X,” he said, smiling. “Y.”``).
   A paragraph that is nothing but a quotation and has no frame continues the previous
   quotation when that one ended in the paragraph before (PolNeAR convention); otherwise it is a
   quote of its own, credited to the previous speaker.
7. **Not quotations.** A quoted stretch without a frame is kept only when it is sentence-like
   (:data:`MIN_STANDALONE_QUOTE_WORDS` words or more): scare quotes (``“irrational” policies``) and
   titles (``the film “Dune”``) are not quotations; inside a frame's content they only make it mixed.
   A sentence-like quotation that no frame took is a direct quote of the sentence's subject (``In
   May, Jo Doe opened with “every bridge pays for itself twice.”`` → ``Jo Doe``), or, when it
   opens the sentence, of the nearest attributed quote in its paragraph. A dash and a name closing
   the line name the speaker: ``“We are ready.” ― Jo Doe``.

   Nor are these reports (:func:`_is_naming`, :func:`_source_checked`):

   - a naming verb (:data:`NAMING_VERBS`, :data:`NAMING_PHRASES`) before a name or a quoted title:
     ``drills called Union Resolve 2022``, ``a report titled “…”``, ``known as “…”``, ``was
     called``; ``called for``, ``called on X to …``, ``called it “a farce”``, ``called Roe a liar``,
     ``what he called “…”`` still report;
   - an evidence cue (:data:`EVIDENCE_CUES`: ``shows``, ``suggests``, ``indicates``,
     ``reveals``, ``signals``, ``implies``) after a pronoun of a thing (``this shows``, ``which
     suggests``), a thing (``recent events suggest``, ``the boom signalled``), a common noun
     opening the sentence (``Experience shows``), a fragment (``10,000 hours of shows``), a word
     that makes it a noun (``TV shows``) or before ``how``/``why``
     (``his popularity shows how …``: the writer's comment); after a person, an organisation or a
     record it reports (``polls show``, ``the minister suggests that …``); ``means``, ``proves``,
     ``demonstrates`` are no cues;
   - a cue of :data:`ATTITUDE_VERBS` after a thing (``the music seemed to …``);
   - a passive participle (``was found dead``, ``are accused of``), and ``it is thought that …``
     (the writer's hedge); ``he was told that …`` reports the clause, without a speaker;
   - ``added a second`` / ``agreed a deal`` (an object), ``who knows what …`` (a question), a noun
     cue before a relative clause (``a message that is …``), ``called on Monday``;
   - ``according to`` a record of no one (``…, according to official statistics``, ``According to
     preliminary figures, …``); ``according to data from the board`` and ``according to the data``
     (records named before) report;
   - ``deny`` with two objects, a person or group then a thing (``the referee denied Berg a
     penalty``, ``denied him the chance``, ``denied them access``, ``denied the player a new
     contract``): withheld, not denied; a weekday or month is no object (``denied Monday the
     reports that …`` reports), nor a record (``denied the reports the crews filed``) or a
     possessive ``her`` (``denied her involvement``);
   - an agreement to act: ``agreed to`` + a verb (``have agreed to leave their loans``; ``agreed
     that …`` and ``agreed to an interview`` report);
   - a prize claimed: ``claimed`` + a noun of :data:`PRIZE_NOUNS` or a race distance within
     :data:`MAX_PRIZE_OBJECT_WORDS` words (``she claimed the 200m title``, ``the storm claimed three
     lives``); ``claimed victory`` (said: PolNeAR counts it), ``claimed that …``, ``claimed the
     title was fixed`` (a finite verb after the noun) and a quotation after the cue report;
   - the idiom ``it goes without saying that …`` (the writer's, no one's words);
   - a topic minded: ``think about`` + a noun phrase (``we must think about safety``); ``think
     about how …``, ``thought about running`` and ``think about X: …`` report;
   - a wish the writer describes: ``want to see`` (``ministers want to see the text changed``)
     and ``who want`` (``the rebels, who want a separate state``), unless it quotes words;
   - a free relative subject: ``What I said about the harbour also applies to the bridge`` (a
     sentence opening ``What`` + speaker + cue + an adjunct, no colon, no quotation after it);
     ``what she said were harsh fines``, ``What he said was that …`` and ``What I said in May:
     X`` report;
   - a count after ``added``, a score or a sum: ``Jones added four conversions``, ``the economy
     added 1,500 jobs`` (``added that …``, ``added one more point: X``, ``“X,” added two
     officials`` report);
   - an announcement to come: ``will announce``/``is to announce``/``plans to announce`` + a noun
     phrase (``Lund will announce his squad on Friday``); ``will announce that …`` reports;
   - a speaker naming their own topic: ``I am talking about foreign trade``, ``we're talking
     about X`` (a first-person present + a noun phrase); ``talking about how …`` reports;
   - a content cut short: :data:`MAX_DANGLING_CONTENT_WORDS` words or fewer ending in a word of
     :data:`DANGLING_LAST_WORDS` (``expressed concerns about``, ``supports having an``, ``say they
     are``); a longer one may end so (``something most crews would disagree with``);
   - a content opening with ``and``/``or``/``nor``/``but`` right after the cue: the cue word is a
     noun in a list (``a roster of artists, TV shows and PR strategies``) or a verb joined to the
     next (``agreed and said X``: ``said`` is read); a trailing frame keeps its content;
   - a warning's topic: ``warn`` + an object pronoun + ``about`` + a noun phrase (``we warned them
     about this``); ``warned them that …``, ``warned of …`` and ``about how …`` report;
   - a view cue right after a preposition and a determiner, a noun (``without any real thought
     for the fact that …``);
   - a topic talked about: ``discuss``/``talk about``/``speak about`` + a noun phrase (``The
     presidents discussed bilateral trade``); a clause or a quotation after the cue reports;
   - ``reported to <someone> on <a topic>`` (an addressee, as after ``told``); ``found
     itself …`` (a plight); ``according to plan`` (:data:`ACCORDING_TO_NORMS`); a plural cue form
     before ``which`` (:data:`NOUN_LIKE_CUES`); a cue in a relative clause with nothing after it
     (``issues which our people are worried about.``);
   - a plural cue form after a preposition, a determiner, a quantifier or an adjective, with no
     complement after it, is a noun (``a backlog of claims was building up``, ``despite claims to
     the contrary``); ``amid claims that …``, ``amid claims the poll could …``, ``calls to ban …``,
     ``hopes for …`` and a quotation still report;
   - a passive with adverbs between auxiliary and participle (``were later admitted to hospital``,
     ``was quickly told``) is read as the passive it is (its subject is no speaker);
   - ``replied with``/``responded with`` + a count or a score (``the visitors replied with three
     penalties``, ``responded with a 5% rise``): an act, no words; ``responded with attacks on
     …`` and a quotation still report;
   - the writer's hypothetical reader: ``you`` + ``might``/``may``/``could``/``would`` + a view
     cue (``You might think that …``, ``you would expect …``); ``you think``, ``you could say``
     report;
   - ``found`` + a place or target in play or a player (``Berg found space in the area``, ``the
     corner found Jo Lund, whose …``, ``found the bottom corner``); a clause, a finding subject
     (:data:`FINDING_SUBJECTS`: ``the poll found Doe leading``) or a quotation still report;
   - an owner before a participle adjective (``Deutsche Boerse's proposed offer``,
     :data:`ATTRIBUTIVE_PARTICIPLES`); ``Having said that,`` and ``let's say …``;
   - an ``-ed`` non-cue before a demonstrative ``that`` (``We increased that sum``), ``added the X
     to the Y``, ``reported on`` + a noun phrase, ``said it``/``said this`` + an adjunct,
     ``realised`` + a noun phrase, a participle after a thing (``The big trend predicted for …``);
   - a plural cue form used as a noun (``a backlog of claims was …``), ``replied with`` + a count or
     a score, the writer's hypothetical ``You might think …``, ``found`` + a place or a player in
     play; a passive stays one with adverbs inside (``were later admitted``).
8. **Transcripts.** A paragraph opening with an upper-case label and a colon is that speaker's
   quote: ``PENCE: We will win.`` (labels in :data:`NOT_SPEAKER_LABELS`, ``UPDATE:``, are not);
   so is a headline credited to a name: ``Jo Doe: Ferry Is Too Slow.``
9. **Speaker resolution** (``speaker_resolved``): done last, over every quote of the article, by
   :func:`transforms.speakers.resolve_speakers` (its docstring states the rules). It names
   a person or organisation only on strong evidence and is null otherwise: ``Makei`` → ``Vladimir
   Makei``, ``the minister`` → the one minister introduced by name, ``he`` → the one person of his
   gender in the sentence before; ``a spokesman for the author`` → null.
10. **Raw speakers are sources.** A speaker is a noun phrase that can be a source
    (:func:`is_source_mention`: a name, a pronoun, a role, a group of people, an organisation, a
    record); one that is not (``scotch`` in ``moved to scotch claims``, ``Among sweeteners``,
    ``very much``, ``last year``, a lone adverb ``Significantly``) was misread and is dropped: the
    report stays without a speaker.
    Readings that keep speakers whole: adverbs between speaker and cue are skipped (``Doe
    strongly suggested``, ``I very much hope``, ``his aides haven't said``); in ``Mr A, elected
    after Mr B was toppled, has urged`` the speaker is ``Mr A``; ``the paper quoted Mr C as
    saying`` → ``Mr C`` (and ``Reuters reported the regulator as saying``, ``cited … as
    saying``); ``…, said market analyst Datamonitor`` → ``market analyst Datamonitor``;
    an aside between dashes is skipped as one between commas (``Mr Howard - himself the son of
    immigrants - will …``); a participle opener (:data:`PARTICIPLE_OPENERS`: ``Having noted that
    X, Putin stressed``) gives the main clause's subject; a coordinated subject is whole
    (``diplomats in Europe and the United States are urging``); a label before a quotation names
    its speaker (``- City boss Kevin Keegan: “…”``, ``Said Mr Fogg: “…”``); ``X reported Y as
    saying`` is Y's; ``Jo Hall from Acme said`` keeps the person; a leading time phrase, a leading
    sentence adverb and age/origin appositions are no part of a speaker; ``…, said <source>.``
    closing a sentence inverts.
    Readings that trim a speaker: a sentence adverb opening it goes (``Privately ministers
    believe`` → ``ministers``, ``Frankly, we assumed`` → ``we``; not ``Carly Fiorina``, ``Early
    voters``); before a noun cue a possessive speaker is its owner (``the group's plans to …`` →
    ``the group``; not ``McDonald's denied``); a participle's subject that cannot be a source is
    not its speaker (``The move came after …, and vowing to …`` → no speaker; ``The pair left,
    claiming …`` → ``The pair``); an age or an origin in apposition is never the speaker (``One
    of the men, Jo Doe, 34, from Hartpury, Gloucestershire, said`` → ``Jo Doe, 34, from Hartpury,
    Gloucestershire,``, not ``Hartpury, Gloucestershire,``). A relative ``who`` stays the raw
    speaker (``the fans, who said …``): PolNeAR annotates ``who`` itself as the source (455 gold
    quotes of train+dev; replacing it by its antecedent cost 0.2 of dev's speaker-any F1), and
    its antecedent is named by ``speaker_resolved`` (rule 9).

The output is sorted by position and deterministic; no input string makes it raise.

Limits
======
The work is linear in the text, whatever it holds: every pattern that reads the text matches in
linear time (or in a window of bounded size), and every loop over sentences, cues and names has a
cap, each a named constant far above what real articles need (on PolNeAR and the reference corpora
none is reached: the most cues in one sentence is 278, quotations 16, frames 4):

- only the first :data:`MAX_TEXT_CHARS` characters are read; :func:`quote_text_limited` says
  whether a text was cut, so the caller can count it (``text_fixes['quotes_cut_at_limit']``);
- a sentence with more than :data:`MAX_CUES_PER_SENTENCE` cues or
  :data:`MAX_QUOTES_PER_SENTENCE` quotations is not read for frames (its quotations are still
  read by rules 6-8: ``“X,” he said, adding, “Y.”`` glued a thousand times is no sentence);
- a sentence gives at most :data:`MAX_FRAMES_PER_SENTENCE` frames, and at most
  :data:`MAX_CUE_TRIES_PER_SENTENCE` cues are tried for them;
- a run of capitalised words is read as a name over at most :data:`MAX_NAME_RUN_WORDS` words
  after its first (``A. A. A. …`` after a quotation made the scan for names quadratic);
- a surname is looked for at its first :data:`MAX_NAME_OCCURRENCES` places, and only the first
  :data:`MAX_SURNAMES_PER_TEXT` surnames of a text are looked for;
- a chain of age and origin appositions before a cue is read back over at most
  :data:`MAX_CHAIN_APPOSITIONS` parts, inside the speaker's window of :data:`MAX_SPEAKER_CHARS`;
- a quote gathers at most :data:`MAX_FRAGMENTS_PER_QUOTE` fragments (rule 6; each one copies the
  quote): a further quotation is read as a quote of its own.

Inside a :func:`~transforms.budget.time_budget` the extractor checks the deadline once
per paragraph, sentence, cue tried and name place, and raises
:class:`~transforms.budget.ParseTimeout` when it is spent.
"""

from __future__ import annotations

import bisect
import functools
import operator
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from schemas import Quote, QuoteKind
from transforms.budget import check_budget
from transforms.speakers import (
    GIVEN_NAMES,
    HONORIFICS,
    PERSONAL_PRONOUNS,
    TITLE_WORDS,
    resolve_speakers,
)

# --------------------------------------------------------------------------- rule data (extend here)

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

DIRECT_MIN_QUOTED_SHARE = 0.9  #: share of content letters inside quotation marks for "direct"
MIN_STANDALONE_QUOTE_WORDS = 5  #: words for an unattributed quoted stretch to count as a quote
MIN_CONTENT_WORDS = 2  #: words a reported content needs
MAX_FREE_RELATIVE_ADJUNCT_CHARS = 60  #: characters after a free relative's cue searched for a colon
MAX_RAISING_SUBJECT_CHARS = 200  #: characters before a passive report's verb searched for its clause start
MAX_DANGLING_CONTENT_WORDS = 4  #: a content this short ending in a DANGLING_LAST_WORDS word was cut
MAX_SPEAKER_CHARS = 100  #: characters read backwards from a cue for its speaker
MAX_SPEAKER_TOKENS = 8  #: tokens read backwards from a cue for its speaker
MAX_CUE_TO_CONTENT_CHARS = 70  #: characters between a cue and "that"/":" that may be skipped
MAX_RESUME_GAP_WORDS = 9  #: words between an attribution and the quotation that resumes after it
MAX_RESUME_GAP_CHARS = 160  #: characters between a quote and a later quotation that continues it
MAX_QUOTE_TO_CUE_WORDS = 14  #: words between a sentence-opening quotation and its trailing cue
MAX_CUE_TO_QUOTE_WORDS = 10  #: words between a cue and the quotation it introduces
KIND_RECOUNT_MARGIN = 0.08  #: share distance from the direct threshold below which letters are counted
MAX_ACCORDING_SOURCE_WORDS = 20  #: words of a source between "According to" and its comma
MAX_TEXT_CHARS = 2_000_000  #: longer inputs are read up to here only (see quote_text_limited)
MAX_CUES_PER_SENTENCE = 512  #: a sentence with more cues is not read for frames
MAX_QUOTES_PER_SENTENCE = 64  #: a sentence with more quotations is not read for frames
MAX_FRAMES_PER_SENTENCE = 16  #: frames read in one sentence, left to right
MAX_CUE_TRIES_PER_SENTENCE = 512  #: cues tried as a frame's cue in one sentence, all frames together
MAX_CACHED_MENTION_CHARS = 200  #: mentions up to this long have their validity cached (longer: recomputed)
MAX_FRAGMENTS_PER_QUOTE = 64  #: fragments one quote may gather; a further quotation starts a new quote
MAX_OWNER_HOPS = 3  #: prepositions read back from an apposition's owner ("head of X of Y")

# --------------------------------------------------------------------------- compiled patterns

_OPEN_MARKS = "“„‟«"
_CLOSE_MARKS = "”»"
_MARK_RE = re.compile(r"''|[\"“”„‟«»]")
_MARK_CHARS = '"“”„‟«»'  # the one-character marks (str.find is much faster than a pattern)
_PARA_RE = re.compile(r"[^\n]+")
_ALNUM_RE = re.compile(r"[^\W_]", re.UNICODE)
_WORD_RE = re.compile(r"[\w’'.&-]+")
_WORD_NO_DOUBLED_RE = re.compile(r"(?:[\w’.&-]|(?<!')'(?!'))+")  # slower: "''" is a mark, not a word
_BOUNDARY_RE = re.compile(r"[.!?…][\"”’')\]]*(?=\s+[\"“‘'(\[]*[A-Z0-9])")


_Trie = dict[str, "_Trie"]


def _trie_pattern(words: Iterable[str]) -> str:
    """One regex alternation for many literal words, factored by prefix so matching stays fast."""
    trie: _Trie = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def render(node: _Trie) -> str:
        branches = []
        optional = False
        for char in sorted(node):
            if char == "":
                optional = True
                continue
            child = node[char]
            branches.append((r"\s+" if char == " " else re.escape(char)) + render(child))
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if optional:
            return "(?:" + body + ")?"
        return body

    return render(trie)


_CUE_FORMS: frozenset[str] = frozenset(f for forms in REPORTING_CUES.values() for f in forms)
# a cue follows a space (a literal first character keeps the scan fast); "According to" opens sentences
_CUE_RE = re.compile(r" (" + _trie_pattern(_CUE_FORMS) + r")\b")
# "Doe’s claim", "his view": the owner of a noun cue
_POSSESSOR_RE = re.compile(
    r"((?:[A-Z][\w.-]*\s+)*[A-Z][\w.-]*(?:’s|'s)|\b(?:his|her|their|its|our|my))\s+(?:\w+\s+)?$"
)
_NOUN_DETERMINED_RE = re.compile(
    r"(?:\b(?:[Tt]he|[Aa]n?|[Tt]his|[Hh]is|[Hh]er|[Tt]heir|[Ii]ts|[Oo]ur|[Mm]y|[Yy]our)|’s|'s)\s+(?:[\w-]+\s+)?$"
)
_QUOTED_ONLY_NO_QUESTION = frozenset(c for c in QUOTED_ONLY_CUES if not c.startswith("ask"))
# a noun cue is the word between a space and " that": found from the (rarer) " that"
#: any past-tense verb before "that" reports ("Doe learned that …", "the court ruled that …")
_ED_VERB_BEFORE_RE = re.compile(r"(?<=[\s,])[a-z]{3,}ed$")
_NOT_ED_CUES = frozenset("ensured indeed need needed used proved seemed happened".split())
#: ``that`` after such a verb is a demonstrative, not a complementiser, when one word (or two, an
#: adjective and its noun) follow it and then a preposition, a time word, an adverb in -ly or (after
#: one word) punctuation: ``we increased that sum by 50 billion``, ``he reached that milestone last
#: June``, ``it dominated that category, …``, ``they negotiated that path worthily``. A clause's
#: subject opens with a determiner, a pronoun or a name (``established that the rate …``,
#: ``identified that many groups have …``), excluded here, or is a plural noun or a gerund
#: (``concerned that monitoring at work is …``).
#: PolNeAR train + dev: of the 28 such ``-ed`` words outside the cue list, 22 head no gold quote
#: (``lifted that prohibition``, ``propelled that increase``); the 6 that do are acts PolNeAR
#: annotates (``renewed that prediction last week``, ``adopted that approach in …``). Linear: one
#: bounded match at the ``that``.
_DEMONSTRATIVE_THAT_RE = re.compile(
    r" that\s+(?!(?:the|a|an|this|these|those|his|her|its|their|our|my|your|he|she|it|they|we|i|you|there|"
    r"no|none|nobody|nothing|everyone|everybody|everything|someone|somebody|something|anyone|anything|all|"
    r"some|any|most|many|much|more|one|each|every|such|if|when|while|as|in|on|at|for|by|after|before|since|"
    r"although|though|because|despite|unless|until|what|how|why|where|who|not|both|only|even|just)\b)"
    r"(?![a-z]+ing\b)[a-z]+[a-rt-z](?:\s*[,.;:!?]|(?:\s+[a-z]+[a-rt-z])?\s+(?:by|with|to|in|on|for|from|at|of|into|before|"
    r"after|last|next|again|up|down|out|off|over|[a-z]+ly)\b)"
)
_THAT_AFTER_WORD_RE = re.compile(r" that\b")  # a literal start: a look-behind would make it 7× slower
_MAX_NOUN_CUE_CHARS = max(map(len, NOUN_CUES))
_OPENER_ONLY_RE = re.compile(r"(?:But|And|Yet|So|Still|Now|However|Also|In fact|Instead),?")
_CAPITAL_CUES: tuple[str, ...] = ("According to ", "Said ", "Asked ", "Says ")
# the indirect question after "asked": "asked (the mayor) whether …", "Asked about …"
# the first run of spaces is possessive: given back space by space, it let the lazy 40 characters
# and the second run split the same spaces again (cubic in a run of spaces after "asked"); the only
# match that giving back could find, a question word right after the spaces, the second branch finds
_QUESTION_RE = re.compile(
    r"(?:\s++(?:by\s+)?[^,.;:\"“”]{0,40}?)?\s+(whether|if|what|how|why|who|whom|when|where|which|about)\b"
)
_ASKED_TO_RE = re.compile(
    r"\s+((?:the\s+|his\s+|her\s+|their\s+)?[\w.’'-]+(?:\s+[\w.’'-]+){0,3}\s+to\s+[a-z]+)\b"
)
_TOLD_CLAUSE_RE = re.compile(
    r"(?<=\s)(?:he|she|they|we|I|it|there)\s+(?:\w+n’t\s+|\w+n't\s+|not\s+)?"
    r"(?:was|were|is|are|had|has|have|would|will|could|can|should|did|does|do|might|may|must|\w+ed)\b"
)
#: ... or with a determined noun phrase and a finite auxiliary (``told BBC News the band were …``,
#: ``told the court the firm had …``): the addressee is never the subject (at least one word
#: between the cue and the clause), and the phrase has no second determiner (``the court the``)
_TOLD_NOUN_CLAUSE_RE = re.compile(
    r"(?<=\s)(?:the|his|her|their|its|our|my)\s+(?:(?!(?:the|a|an|his|her|their|its|our|my)\b)[\w’'-]+\s+){1,3}?"
    r"(?:was|were|is|are|had|has|have|would|will|could|can|should|might|may|must)\b"
)
_THAT_RE = re.compile(r"\s*(?:,\s*)?that\b\s*", re.IGNORECASE)
# "discussed the evacuation of citizens that are in Ukraine", "voiced its readiness to sign a treaty
# that would …": a "that" after words following the cue, itself followed by a verb, opens a relative
# clause on the noun before it (a reported clause after "that" opens with its subject); a verb is an
# auxiliary, one of a few common verbs or any word in -ed ("the problems that caused …", "a war that
# ended"); "I believe the US is not that concerned" is no complementiser either
_RELATIVE_THAT_RE = re.compile(
    r"that\s+(?:(?:also|still|now|already|often|only|never|not)\s+)?"
    r"(?:is|are|was|were|has|have|had|would|will|could|can|should|may|might|must|does|do|did|"
    r"includes?|included|allows?|allowed|makes?|made|became|becomes?|remains?|remained|[a-z]+ed)\b"
)
_RESUME_CONJUNCTION_RE = re.compile(r"\s*,?\s*(?:but|and|before)\b")
# a second report between two quotations is its own frame: "“X,” she said, adding, “Y.”"
_SECOND_CUE_RE = re.compile(r"\s*,?\s*(?:adding|saying|noting|explaining|continuing|before adding)\b")
# where a leading frame's reported content stops: a clause tacked on after a comma
_CLAUSE_BREAK_RE = re.compile(
    r",\s+(?:but(?! that)|while|although|though|even as|as well as|who|which|said|says|told|compared"
    r"|(?!including|especially|particularly|leaving|following|according)[a-z]+ing"
    r"|and\s+(?:he|she|they|we|I|[a-z]+ed)"
    r"|and\s+(?:also\s+)?(?:said|says|told|added|noted|argued|insisted))\b|;"
    r"|\s(?:[—–]\s|(?:and|but)\s+(?:also\s+)?(?:said|says|told|added|adds|noted|argued|insisted)\b)"
)
#: A second cue coordinated with the first (``denied the claims and said …``): it ends the first
#: content however short that is, and starts a frame of its own with the same subject.
_COORDINATED_CUE_RE = re.compile(
    r",?\s+(?:and|but)\s+(?:also\s+)?(?:said|says|told|added|adds|noted|argued|insisted)\b"
)
_LEAD_PUNCT_RE = re.compile(r"[\s:,—–-]*")
_MAX_INT = sys.maxsize
_TRAIL_PUNCT = ".,;:!?…—–- \t"


@dataclass(slots=True)
class _Segment:
    """A stretch inside double quotation marks, marks included; fragments split at paragraphs."""

    start: int
    end: int
    fragments: list[tuple[int, int]] = field(default_factory=list)


@dataclass(slots=True)
class _Speaker:
    start: int
    end: int


@dataclass(slots=True)
class _Tries:
    """What is left of a sentence's :data:`MAX_CUE_TRIES_PER_SENTENCE`."""

    left: int


@dataclass(slots=True)
class _Frame:
    speaker: _Speaker | None
    cue_start: int
    cue_end: int
    content: list[tuple[int, int]]
    trailing: bool
    question: bool = False  #: an indirect question ("asked whether …"): kept with any cue
    participle: bool = False  #: "…, adding …": spoken by the sentence's earlier speaker
    #: the speaker is the main clause's subject, after the content ("Having noted X, Doe said Y"):
    #: the next frame is read from the content's end and may take it too
    opener: bool = False


# --------------------------------------------------------------------------- quotation marks


def _mark_opens(text: str, pos: int, mark: str) -> bool:
    if mark in _OPEN_MARKS:
        return True
    if mark in _CLOSE_MARKS:
        return False
    before = text[pos - 1] if pos > 0 else " "
    after = text[pos + len(mark)] if pos + len(mark) < len(text) else " "
    if before.isspace() or before in "([{—–-/":
        return not after.isspace()
    return False


def _closes_only(text: str, pos: int) -> bool:
    """Whether the straight mark at ``pos`` can only close: it sticks to the word or stop before it
    and white space (or the end of the text) follows (``… will return." The case is set …``). Found
    while no quotation is open, it closes one whose opening mark is missing; read as opening, it
    made the narration up to the next mark a quotation."""
    if pos == 0 or text[pos - 1].isspace() or text[pos - 1] in '([{—–-/"':
        return False
    return pos + 1 >= len(text) or text[pos + 1].isspace()


def _reopens_after_sentence(text: str, frag_at: int, pos: int) -> bool:
    """Whether the straight mark at ``pos`` opens the next paragraph of a quotation opened at
    ``frag_at`` by a straight mark and not closed: it stands between a sentence end and a capital
    (``“… of them. "These people …``), as when a quotation's paragraphs are joined on one line."""
    if text[frag_at] != '"' or pos < 2 or pos + 1 >= len(text) or not text[pos + 1].isupper():
        return False
    return text[pos - 1] == " " and text[pos - 2] in ".!?" and pos - frag_at > 2


def _quote_segments(text: str, paragraphs: list[tuple[int, int]]) -> list[_Segment]:
    # one scan of the whole text (no mark spans a line break), dealt out to the paragraphs
    if "''" in text:
        marks = [(m.start(), m.group()) for m in _MARK_RE.finditer(text)]
    else:  # one-character marks only: str.find is 4× faster than the pattern
        marks = _char_positions(text, _MARK_CHARS, 0, len(text))
    segments: list[_Segment] = []
    if not marks:
        return segments
    n_marks = len(marks)
    mark_i = 0
    open_at: int | None = None  # start of the current segment
    frag_at: int | None = None  # start of the current fragment
    frags: list[tuple[int, int]] = []
    nested = False  # inside a straight-quoted stretch nested in a curly quotation: “A "b" c”
    for p_index, (_, p_end) in enumerate(paragraphs):
        check_budget()
        if frag_at is None and not frags and (mark_i == n_marks or marks[mark_i][0] >= p_end):
            continue  # nothing open and no mark here
        while mark_i < n_marks and marks[mark_i][0] < p_end:
            pos, mark = marks[mark_i]
            mark_i += 1
            if frag_at is None:
                if mark == '"' and _closes_only(text, pos):
                    continue  # "… will return.\" The case is …": it closes a quotation opened before
                if mark == '"' or mark in _OPEN_MARKS or (mark == "''" and _mark_opens(text, pos, mark)):
                    if open_at is None:
                        open_at = pos
                    frag_at = pos
            elif pos == frag_at:
                continue
            elif mark == '"' and text[frag_at] in _OPEN_MARKS and (nested or _mark_opens(text, pos, mark)):
                nested = not nested  # a quotation inside the quotation: its marks do not close it
                continue
            elif mark in _OPEN_MARKS and pos > frag_at + 1 and not text[pos - 1].isspace():
                continue  # a misdirected mark inside a word: ignore
            elif mark in _OPEN_MARKS:
                frag_at = pos  # an opening mark while open: the first one was stray
                open_at = pos if not frags else open_at
            elif mark == '"' and _reopens_after_sentence(text, frag_at, pos):
                # "“A. B. “C.”" flattened to one line: a straight mark opening a sentence while a
                # quotation is open starts its next paragraph: a new fragment of the same quotation
                end = pos
                while end > frag_at and text[end - 1].isspace():
                    end -= 1
                frags.append((frag_at, end))
                frag_at, nested = pos, False
            else:
                mark_end = pos + len(mark)
                nested = False
                frags.append((frag_at, mark_end))
                segments.append(_Segment(open_at if open_at is not None else frag_at, mark_end, frags))
                open_at, frag_at, frags = None, None, []
        if frag_at is not None:
            nested = False
            frags.append((frag_at, p_end))
            nxt = paragraphs[p_index + 1][0] if p_index + 1 < len(paragraphs) else None
            if nxt is not None and text[nxt] in '"“«„':
                frag_at = None  # continues: the next paragraph's opening mark resumes it
                continue
            segments.append(_Segment(open_at if open_at is not None else frags[0][0], p_end, frags))
            open_at, frag_at, frags = None, None, []
        elif frags:  # resumed paragraph did not reopen: close what we have
            segments.append(_Segment(open_at if open_at is not None else frags[0][0], frags[-1][1], frags))
            open_at, frags = None, []
    return segments


# --------------------------------------------------------------------------- sentences


def _sentences(
    text: str, paragraphs: list[tuple[int, int]], segments: list[_Segment], cue_starts: list[int]
) -> list[tuple[int, int]]:
    """Sentence spans of the paragraphs that hold a cue or a quotation mark (no others can quote)."""
    inside: list[tuple[int, int]] = [(s.start, s.end) for s in segments]
    out: list[tuple[int, int]] = []
    seg_i = 0
    start: int | None = None
    for p_start, p_end in paragraphs:
        check_budget()
        if start is None:
            while seg_i < len(inside) and inside[seg_i][1] <= p_start:
                seg_i += 1
            if not (seg_i < len(inside) and inside[seg_i][0] < p_end):
                ci = bisect.bisect_left(cue_starts, p_start)
                if not (ci < len(cue_starts) and cue_starts[ci] < p_end):
                    continue
            start = p_start
        for m in _BOUNDARY_RE.finditer(text, p_start, p_end):
            pos = m.end()
            while seg_i < len(inside) and inside[seg_i][1] < pos:
                seg_i += 1
            if seg_i < len(inside) and inside[seg_i][0] < pos < inside[seg_i][1]:
                continue
            if _is_abbreviation(text, m.start(), p_start):
                continue
            if pos > start:
                out.append((start, pos))
            start = pos
            while start < p_end and text[start].isspace():
                start += 1
        while seg_i < len(inside) and inside[seg_i][1] < p_end:
            seg_i += 1
        if seg_i < len(inside) and inside[seg_i][0] < p_end < inside[seg_i][1]:
            continue  # a quote runs on into the next paragraph
        if p_end > start:
            out.append((start, p_end))
        start = None
    return out


def _char_positions(text: str, chars: str, start: int, end: int) -> list[tuple[int, str]]:
    """``(position, char)`` of every occurrence of one of ``chars`` in ``text[start:end]``, in order."""
    found: list[tuple[int, str]] = []
    find = text.find
    for char in chars:
        at = find(char, start, end)
        while at != -1:
            found.append((at, char))
            at = find(char, at + 1, end)
    found.sort()
    return found


def _is_abbreviation(text: str, dot: int, floor: int) -> bool:
    if text[dot] != ".":
        return False
    if dot - 7 >= floor and text[dot - 7 : dot].isalpha():
        return False  # a word of seven letters or more is no abbreviation
    # the word before the dot: after the last space or opening bracket/mark (a short look back first)
    near = dot - 24 if dot - 24 > floor else floor
    chunk = text[near:dot]
    if not chunk or chunk[-1].isspace():
        return False
    tail = chunk.rsplit(None, 1)[-1]
    if len(tail) < len(chunk) or near == floor:
        if "(" in tail or '"' in tail or "“" in tail:
            tail = tail[max(tail.rfind("("), tail.rfind('"'), tail.rfind("“")) + 1 :]
        word = tail.lower()
    else:  # a run of 24 characters without a space: walk back as far as it goes
        i = dot
        while i > floor and not text[i - 1].isspace() and text[i - 1] not in '("“':
            i -= 1
        word = text[i:dot].lower()
    if not word:
        return False
    return word in ABBREVIATIONS or (len(word) == 1 and word.isalpha()) or ("." in word and len(word) <= 4)


# --------------------------------------------------------------------------- speakers


def _tokens(text: str, start: int, end: int) -> list[tuple[str, int, int]]:
    if text.find("''", start, end) == -1:
        return _plain_tokens(text, start, end)
    return [(m.group(), m.start(), m.end()) for m in _WORD_NO_DOUBLED_RE.finditer(text, start, end)]


def _word_count(text: str, start: int, end: int) -> int:
    """Words in a span, counted by their separating spaces (no copy of the span is made)."""
    if start >= end:
        return 0
    if not (text[start].isspace() or text[end - 1].isspace()):
        return text.count(" ", start, end) + 1
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return text.count(" ", start, end) + 1 if end > start else 0


def _strip_token(word: str) -> str:
    return word.strip(".’'-")


_NOT_WORD_CHAR_RE = re.compile(r"[^\w’'.&-]")
_NEAR_SPEAKER_CHARS = 40  #: characters before a cue tokenised first (all of the window only when needed)


def _plain_tokens(text: str, start: int, end: int) -> list[tuple[str, int, int]]:
    """``_tokens`` for a span without ``''``: the words are maximal runs, so each one is found
    right where the previous one ended (``findall`` and ``find`` beat building match objects)."""
    out = []
    find = text.find
    pos = start
    for word in _WORD_RE.findall(text, start, end):
        at = find(word, pos)
        pos = at + len(word)
        out.append((word, at, pos))
    return out


_PRONOUN_BEFORE_RE = re.compile(r"(?<![\w’'.&-])(?:[Hh]e|[Ss]he|[Tt]hey|[Ww]e|I|[Ww]ho|[Yy]ou)\s+$")


def _speaker_before(text: str, floor: int, cue_start: int) -> _Speaker | None:
    """The noun phrase ending just before a cue: "he", "Makei", "the official", "Smith, an aide,"."""
    quick = _PRONOUN_BEFORE_RE.search(text, cue_start - 12 if cue_start - 12 > floor else floor, cue_start)
    if quick is not None and quick.start() > floor:  # the common case, without tokenising
        end = quick.start()
        while not text[end].isspace():
            end += 1
        return _Speaker(quick.start(), end)
    window = cue_start - MAX_SPEAKER_CHARS if cue_start - MAX_SPEAKER_CHARS > floor else floor
    plain = text.find("''", window, cue_start) == -1
    near = cue_start - _NEAR_SPEAKER_CHARS
    if plain and near > window:
        # the last words first (from a token boundary, so they are the window's own last tokens)
        cut = _NOT_WORD_CHAR_RE.search(text, near, cue_start)
        if cut is not None:
            toks = _plain_tokens(text, cut.start(), cue_start)
            speaker = _speaker_from_tokens(text, floor, window, cue_start, toks, partial=True)
            if speaker is not _NEED_MORE_WORDS:
                return speaker
    toks = _plain_tokens(text, window, cue_start) if plain else _tokens(text, window, cue_start)
    return _speaker_from_tokens(text, floor, window, cue_start, toks, partial=False)


MAX_DASH_ASIDE_CHARS = 120  #: characters between the two dashes of an aside after a speaker
_DASHES = "—–"  #: em and en dash; a hyphen ``-`` counts only with spaces around it
#: characters before an aside's opening dash that must hold no dash: the readings of
#: :func:`_dash_aside_speaker` (the name, its owner's prepositions, a name before a comma) stay
#: within them, so they never read another aside (no recursion, linear time)
_DASH_FREE_BEFORE_CHARS = MAX_SPEAKER_CHARS * (MAX_OWNER_HOPS + 2)


def _dash_aside_speaker(text: str, floor: int, end: int) -> _Speaker | None:
    """The speaker before an aside set off by dashes that ends just before a cue (``Mr Howard -
    himself the son of immigrants - will acknowledge`` → ``Mr Howard``; ``Mr Howard — a lawyer —
    said``), as :func:`_speaker_from_tokens` reads one set off by commas; the aside is not part of
    it. None when no such aside ends at ``end`` or no name or determined source stands before it."""
    close = end
    while close > floor and text[close - 1].isspace():
        close -= 1
    if close <= floor:
        return None
    mark = text[close - 1]
    if mark in _DASHES:
        d = close - 1
        lo = max(floor, d - MAX_DASH_ASIDE_CHARS)
        o = max(text.rfind("—", lo, d), text.rfind("–", lo, d))
    elif mark == "-" and text[close - 2 : close] in (" -", "--"):
        d = close - 2 if text[close - 2] == "-" else close - 1
        lo = max(floor, d - MAX_DASH_ASIDE_CHARS)
        o = text.rfind(" - ", lo, d)
        o = o + 1 if o != -1 else text.rfind(" -- ", lo, d) + 1
        if o == 0:
            return None
    else:
        return None
    if o <= floor or not text[o + 1 : d].strip() or any(c in text[o:d] for c in '.;:!?"“”'):
        return None
    before = text[max(floor, o - _DASH_FREE_BEFORE_CHARS) : o]
    if "—" in before or "–" in before or " -" in before:
        return None  # dash after dash: no nested reading (each read here stays within this span)
    inner = _speaker_before(text, floor, o)
    if inner is None:
        return None
    if text[text.rfind(" ", floor, inner.start - 1) + 1 : inner.start - 1] in _APPOSITION_PREPOSITIONS:
        # "Paul Doe, head of Acme - a small firm - said": the firm belongs to the head before it
        inner = _owned_head(text, floor, inner)
        if inner is None:
            return None
        if text.endswith(", ", floor, inner.start) and not text[inner.start].isupper():
            outer = _speaker_before(text, floor, inner.start - 2)
            if outer is not None and text[outer.start].isupper():
                inner = _Speaker(outer.start, inner.end)  # the name before its role, as with commas
    if not (text[inner.start].isupper() or _is_determined_source(text, inner)):
        return None
    return inner


#: Lower-case words in -ly that are nouns, not adverbs ("the family said", "an ally said").
_LY_NOUNS = frozenset(
    "family ally rally assembly supply monopoly anomaly reply daily weekly monthly quarterly elderly "
    "fly belly bully folly tally jelly lily".split()
)
_DEGREE_WORDS = frozenset("very much so too".split())
_TIME_LEADS = frozenset("on last this next earlier early late".split())
_BARE_TIMES = frozenset("yesterday today tonight".split())
_WEEKDAYS_MONTHS = frozenset(
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June "
    "July August September October November December".split()
)
_GENERIC_TIMES = frozenset("week month year weekend night morning afternoon evening".split())


def _is_time_word(word: str) -> bool:
    """A weekday or month (capitalised: not the modal "may") or a lower-case period word."""
    return word in _WEEKDAYS_MONTHS or word in _GENERIC_TIMES


def _is_cue_adverb(word: str, before: str) -> bool:
    """Whether a word between a speaker and its cue is skipped: :data:`CUE_ADVERBS`; after a word
    that may end a speaker (``before``), a lower-case adverb in -ly (``Doe strongly suggested``,
    not ``the family said``), a degree word (``I very much hope``) or a negated auxiliary (``his
    aides haven’t said``)."""
    low = word.lower()
    if low in CUE_ADVERBS:
        return True
    ends_speaker = before.lower() not in NP_BREAKERS or before.lower() in CUE_ADVERBS  # "has strongly"
    if not word[0].islower() or not before or not ends_speaker:
        return False
    if low in _DEGREE_WORDS:
        return True
    return (low.endswith("ly") and len(low) > 4 and low not in _LY_NOUNS) or low.endswith(("n't", "n’t"))


#: words that open a time phrase before a subject (``this year``, ``in 2004``, ``on Monday``)
_TIME_PHRASE_LEADS = _TIME_LEADS | {"in"}


def _is_time_phrase_word(toks: list[tuple[str, int, int]], i: int) -> bool:
    """Whether token ``i``, the first of a speaker read back from its cue, belongs to a time phrase
    written before the subject, and so to no speaker: a lead of :data:`_TIME_PHRASE_LEADS`
    followed by a time word or a year (``this year economists``, ``Last week analysts``), or such
    a time word or year right after a lead (``In March economists`` → economists). A weekday,
    month or number with no lead before it stays (``April Lund said``, ``20 firms said``)."""
    word = toks[i][0].strip(".,’'").lower()
    if word in _TIME_PHRASE_LEADS:
        return i + 1 < len(toks) and _is_time_or_year(toks[i + 1][0])
    return i > 0 and toks[i - 1][0].lower() in _TIME_PHRASE_LEADS and _is_time_or_year(toks[i][0])


def _is_time_or_year(word: str) -> bool:
    """A time word of :func:`_is_time_word` or a four-digit year (``2004``)."""
    return _is_time_word(word) or (len(word) == 4 and word.isdigit())


_NEED_MORE_WORDS = _Speaker(-1, -1)  #: the answer of a reading that ran out of words

MAX_CHAIN_APPOSITIONS = 4  #: age and origin appositions read back over before a cue
_AGE_RE = re.compile(r"(?:aged\s+)?\d{1,3}")
_ORIGIN_RE = re.compile(r"(?:from|of)\s+[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3}")
_PLACE_RE = re.compile(r"[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,2}")


def _age_origin_chain_speaker(text: str, floor: int, window: int, last_end: int) -> _Speaker | None:
    """The speaker before a chain of appositions that give an age or an origin, with the chain
    (``One of the men, David Doe, 34, from Hartpury, Gloucestershire, said`` → ``David Doe, 34,
    from Hartpury, Gloucestershire,``), or None when the apposition before the cue is none of them.

    Going back from the cue's comma, at most :data:`MAX_CHAIN_APPOSITIONS` comma-separated parts
    are passed over when each is an age (``34``, ``aged 34``), an origin (``from Hartpury``,
    ``of Leeds``) or a capitalised place right after an origin (``from Hartpury, Gloucestershire``);
    the speaker is the noun phrase before the first part passed over, and must be a name or a
    source (:func:`is_source_mention`). Such a part is never a speaker: read alone, the place
    after the origin was taken for a name (``Hartpury, Gloucestershire,``). A role apposition
    (``Mr Doe, MP for Henley, Oxfordshire,``) is read as before."""
    seg_end = last_end
    passed = 0
    after_origin = False  # the part after this one (read earlier) is a place after an origin
    while passed < MAX_CHAIN_APPOSITIONS:
        comma = text.rfind(",", window, seg_end)
        if comma <= window:
            break  # the first part of the chain: the speaker's own
        part_start = comma + 1
        while part_start < seg_end and text[part_start].isspace():
            part_start += 1
        if _AGE_RE.fullmatch(text, part_start, seg_end) or _ORIGIN_RE.fullmatch(text, part_start, seg_end):
            after_origin = False
        elif _PLACE_RE.fullmatch(text, part_start, seg_end):
            # a place counts only when an origin comes right before it
            before = text.rfind(",", window, comma)
            lead = before + 1
            while lead < comma and text[lead].isspace():
                lead += 1
            if before <= window or not _ORIGIN_RE.fullmatch(text, lead, comma):
                break  # a name ("One of the men, David Doe, 34,"), the chain's first part
            after_origin = True
        else:
            break
        passed += 1
        seg_end = comma
    if passed == 0 or after_origin:
        return None
    head = _speaker_before(text, floor, seg_end)
    if head is None or not (text[head.start].isupper() or is_source_mention(text[head.start : head.end])):
        return None
    return _Speaker(head.start, last_end + 1)


def _speaker_from_tokens(
    text: str, floor: int, window: int, cue_start: int, toks: list[tuple[str, int, int]], partial: bool
) -> _Speaker | None:
    """``_speaker_before`` on the tokens before the cue; when ``partial`` (only the last tokens of
    the window), :data:`_NEED_MORE_WORDS` if the reading would have looked further back."""
    # skip adverbs between speaker and cue ("he also said", "Doe strongly suggested", "I very much hope")
    # and a time between them ("Airbus this week announced", "Doe on Friday told", "Doe yesterday said")
    while toks and text[toks[-1][2] : cue_start].strip() == "":
        word, before = toks[-1][0], toks[-2][0] if len(toks) > 1 else ""
        if _is_cue_adverb(word, before):
            cue_start = toks[-1][1]
            toks.pop()
        elif _is_time_word(word) and before.lower() in _TIME_LEADS and text[toks[-2][2] : toks[-1][1]] == " ":
            cue_start = toks[-2][1]
            del toks[-2:]
            if len(toks) > 1 and toks[-1][0].endswith("ed") and toks[-1][0].islower():
                cue_start = toks[-1][1]  # "a report released last year found": the report
                toks.pop()
        elif word.lower() in _BARE_TIMES:
            cue_start = toks[-1][1]
            toks.pop()
        else:
            break
    if text[cue_start - 4 if cue_start > 4 else 0 : cue_start].rstrip().endswith(("-", "—", "–")):
        aside = _dash_aside_speaker(text, floor, cue_start)
        if aside is not None:
            return aside  # "Mr Howard - himself the son of immigrants - will acknowledge": Mr Howard
    n = len(toks)
    if partial and n < 3:
        return _NEED_MORE_WORDS
    if not toks:
        return None
    last_word, l_start, l_end = toks[-1]
    gap = text[l_end:cue_start]
    if gap != "" and gap != " ":
        gap = gap.strip()
        if gap == ",":  # apposition: "Name, a spokesman for X, said"
            chained = _age_origin_chain_speaker(text, floor, window, l_end)
            if chained is not None:
                return chained  # "Doe, 34, from Hartpury, Gloucestershire, said": Doe
            # "Smith, a spokesman, said" / "Smith, 45, said": find the name before the apposition
            comma = text.rfind(",", window, l_start)
            inner = None
            owned = False  # the name's owner read back through its prepositions (_owned_head)
            if comma > window and l_end - comma < 120:
                inner = _speaker_before(text, floor, comma)
                # "Mr Johnson, MP for Henley-on-Thames, Oxfordshire, said": a place after a
                # preposition belongs to the apposition; the name is before the comma before it
                lead_words = text[max(window, comma - 60) : inner.start].split() if inner is not None else []
                if inner is not None and lead_words and lead_words[-1].lower() in _APPOSITION_PREPOSITIONS:
                    earlier = text.rfind(",", window, inner.start)
                    outer = _speaker_before(text, floor, earlier) if earlier > window else None
                    if outer is not None and text[outer.start].isupper():
                        inner = outer
                    elif earlier <= window:
                        whole = _owned_head(text, floor, inner)
                        owned = whole is not None
                        inner = whole or inner
                elif (
                    inner is not None
                    and text.endswith(", ", window, inner.start)
                    and any(w in NAME_CONNECTORS for w in text[inner.start : inner.end].split())
                ):
                    # "Mr Johnson, MP for Henley-on-Thames, Oxfordshire, said": a role joined to a
                    # place is a second apposition; the name is before the comma before it
                    outer = _speaker_before(text, floor, inner.start - 2)
                    if outer is not None and text[outer.start].isupper():
                        inner = outer
                after_preposition = bool(lead_words) and lead_words[-1].lower() in NOT_SOURCE_FIRST - {"as"}
                if inner is not None and (
                    owned
                    or text[inner.start].isupper()
                    or (not after_preposition and _is_determined_source(text, inner))
                ):
                    if _PARTICIPLE_ASIDE_RE.match(text, comma + 1, l_end):
                        return inner  # "Mr A, elected after Mr B was toppled, has urged": A
                    return _Speaker(inner.start, l_end + 1)
            return None
        if gap != "":
            return None
    low = last_word.strip(".’'-").lower()
    if low in PRONOUN_SPEAKERS:
        if low == "it" and n >= 2 and toks[-2][0].lower() in {"that", "as"}:
            return None
        return _Speaker(l_start, l_start + len(last_word.rstrip(".")))
    if low == "which" and (text.endswith(",", floor, l_start) or text.endswith(", ", floor, l_start)):
        return _Speaker(l_start, l_end)  # "the government, which has denied …": the relative speaks
    if n >= 3 and toks[-2][0] == "in" and _is_number(low) and _is_number(toks[-3][0].lower()):
        return _Speaker(toks[-3][1], l_end)  # "one in four said"
    if low in NP_BREAKERS or low in DETERMINERS:
        return None
    # walk backwards through the noun phrase
    start_i = n - 1
    i = n - 1
    limit = n - MAX_SPEAKER_TOKENS if n > MAX_SPEAKER_TOKENS else 0
    seen_capital = last_word[0].isupper()
    stopped = False
    while i - 1 >= limit:
        prev_word, _, prev_end = toks[i - 1]
        if prev_end != toks[i][1]:
            between = text[prev_end : toks[i][1]]
            if between != " " and between.strip():
                stopped = True
                break
        p_low = prev_word.strip(".’'-").lower()
        if p_low in DETERMINERS:
            start_i = i - 1
            stopped = True
            break
        if i - 2 >= limit and _joins_name(text, toks[max(limit, i - 6) : i - 1], toks[i - 1], toks[i]):
            i -= 1  # "the Office for National Statistics", "Bank of England": one name
            start_i = i
            continue
        if i - 2 >= limit and _joins_affiliation(text, toks[max(limit, i - 6) : i - 1], toks[i - 1], toks[i]):
            i -= 1  # "David Noone from Intervoice said": the person, with the firm they are from
            start_i = i
            continue
        if p_low in NP_BREAKERS or p_low in PRONOUN_SPEAKERS:
            stopped = True
            break
        if prev_word[-1] == "." and p_low not in ABBREVIATIONS and len(p_low) > 1:
            stopped = True
            break
        if prev_word[0].islower() and (seen_capital or p_low.endswith("ed") or p_low in VERB_LIKE_WORDS):
            stopped = True
            break  # "forces held drills called": a verb or clause, not the speaker's modifier
        seen_capital = seen_capital or prev_word[0].isupper()
        i -= 1
        start_i = i
    if partial and not stopped and limit == 0:
        return _NEED_MORE_WORDS  # the phrase may go on before the first word read
    while start_i < n - 1 and toks[start_i][0] in SENTENCE_OPENERS:
        start_i += 1
    after_time = start_i
    while after_time < n - 1 and _is_time_phrase_word(toks, after_time):
        after_time += 1  # "Earlier this year economists calculated": economists
    head = toks[after_time][0]
    if not (head[0].islower() and (head.endswith("ed") or head in VERB_LIKE_WORDS)):
        start_i = after_time  # but "he last week unveiled plans": a verb, the phrase is no subject
    first = toks[start_i][0]
    if first[0].islower() and first.strip(".’'-").lower() not in DETERMINERS and n - start_i > 3:
        # bare lowercase phrase: keep only the head noun and its modifier ("campaign officials")
        start_i = n - 2
    if start_i == n - 1 and toks[start_i][0].strip(".’'-").lower() in {"the", "a", "an"}:
        return None
    return _Speaker(
        toks[start_i][1], l_start + len(last_word.rstrip(".")) if not _is_abbr_word(last_word) else l_end
    )


_APPOSITION_PREPOSITIONS = frozenset("for of in at from near".split())


def _owned_head(text: str, floor: int, owner: _Speaker) -> _Speaker | None:
    """The source noun phrase that owns ``owner`` through prepositions of
    :data:`_APPOSITION_PREPOSITIONS` (``A spokesman for the company, named as John Smith, said``:
    the spokesman speaks; ``director of the Victims of Crime Trust``), read back over at most
    :data:`MAX_OWNER_HOPS` prepositions; the head before each preposition is a name, a title or a
    person (``it in the category``, ``the rights of 875 suspects`` own nothing); None when no
    preposition and source precede ``owner``."""
    found = None
    for _ in range(MAX_OWNER_HOPS):
        prep_end = owner.start - 1
        prep_start = text.rfind(" ", floor, prep_end) + 1
        if prep_start <= floor or text[prep_start:prep_end] not in _APPOSITION_PREPOSITIONS:
            break
        head = _speaker_before(text, floor, prep_start - 1)
        if head is None or head.end != prep_start - 1:
            break
        whole = _Speaker(head.start, owner.end)
        last = text[head.start : head.end].rsplit(None, 1)[-1]
        person = last[0].isupper() or _is_person_noun(last) or last.endswith(PERSON_NOUN_SUFFIXES)
        if not person or not is_source_mention(text[whole.start : whole.end]):
            break  # "it in the best picture category", "the rights of 875 suspects": no source
        found = owner = whole
    return found


def _is_determined_source(text: str, speaker: _Speaker) -> bool:
    """A lower-case noun phrase opening with an article or a possessive whose head, before any
    preposition, is a person or a group (``the spokesman for the company``,
    :func:`_is_person_noun`) or a title (``the President of Belarus``), which an apposition may
    follow like a name's; not a place or a record (``the Maldives``, ``a result of the
    measures``), nor ``this group``."""
    words = text[speaker.start : speaker.end].split()
    if len(words) < 2 or words[0] not in _ARTICLES_AND_POSSESSIVES:
        return False
    head = words[1]
    for word in words[2:]:
        if word in NOT_SOURCE_FIRST:
            break
        head = word
    head = head.rstrip(",.;:")
    return _is_person_noun(head) or (head[:1].isupper() and head.lower() in SOURCE_PERSON_NOUNS)


_ARTICLES_AND_POSSESSIVES = frozenset("the a an his her their its our my your".split())
# an aside that is a clause: "Mr A, elected president after Mr B was toppled, has urged", "X, who
# said he would go, told staff …": the subject before it speaks
_PARTICIPLE_ASIDE_RE = re.compile(
    r"\s*(?:[a-z]{2,}ed|elected|chosen|born|known|held|sent|appointed|who|which|whose)\s"
)

_NUMBER_WORDS = frozenset("one two three four five six seven eight nine ten".split())


def _is_number(word: str) -> bool:
    return word in _NUMBER_WORDS or word.isdigit()


def _is_abbr_word(word: str) -> bool:
    return word.lower().rstrip(".") in ABBREVIATIONS or (len(word) == 2 and word.endswith("."))


def _last_word_capitalised(text: str, start: int, end: int) -> bool:
    """Whether the last word of ``text[start:end]`` is capitalised (``market analyst Datamonitor``)."""
    space = text.rfind(" ", start, end)
    return text[space + 1 : space + 2].isupper()


def _speaker_after(text: str, cue_end: int, ceiling: int) -> _Speaker | None:
    """The noun phrase just after a cue: "…,” said Makei." / "according to the ministry,"."""
    toks = _tokens(text, cue_end, cue_end + 100 if cue_end + 100 < ceiling else ceiling)
    if not toks or text[cue_end : toks[0][1]].strip():
        return None
    first = toks[0][0]
    if first in NOT_SPEAKER_AFTER_CUE:
        return None
    low = _strip_token(first).lower()
    if low in PRONOUN_SPEAKERS:
        return _Speaker(toks[0][1], toks[0][1] + len(first.rstrip(".")))
    if low in NP_BREAKERS:
        return None
    end = toks[0][2]
    n = 0
    for k, (word, w_start, w_end) in enumerate(toks):
        if k > 0:
            between = text[toks[k - 1][2] : w_start]
            if between.strip():
                break
            w_low = _strip_token(word).lower()
            joined = k + 1 < len(toks) and _joins_name(text, toks[max(0, k - 5) : k], toks[k], toks[k + 1])
            if (w_low in NP_BREAKERS and not joined) or word in NOT_SPEAKER_AFTER_CUE:
                break
        n += 1
        end = w_end
        if word.endswith(".") and not _is_abbr_word(word):
            end = w_end - 1
            break
        if n >= MAX_SPEAKER_TOKENS:
            break
    lowercase_phrase = not (first[0].isupper() or low in DETERMINERS or n <= 2)
    if lowercase_phrase and not _last_word_capitalised(text, toks[0][1], end):
        return None  # a clause, not a speaker; "said market analyst Datamonitor" is one
    return _Speaker(toks[0][1], end)


#: Lower-case words that join capitalised words into one organisation's name: ``the Office for
#: National Statistics``, ``Bank of England``, ``Committee on Foreign Affairs``, ``Banque de France``.
NAME_CONNECTORS: frozenset[str] = frozenset("for of and on de".split())


def _joins_name(
    text: str, left: list[tuple[str, int, int]], word: tuple[str, int, int], after: tuple[str, int, int]
) -> bool:
    """Whether ``word`` is a connector of :data:`NAME_CONNECTORS` between two capitalised words,
    each one space away, neither a weekday or month (``Doe on Friday said`` is a time), and the
    words before it (``left``, the last few tokens) are no person's name: ``Senator Jo Lund of
    Ohio``, ``Lord Nicholls of Birkenhead`` are a person and a place (:func:`_is_person_run`)."""
    if not left:
        return False
    before = left[-1]
    if word[0] not in NAME_CONNECTORS or text[before[2] : word[1]] != " " or text[word[2] : after[1]] != " ":
        return False
    first, right = before[0].rstrip("."), after[0].rstrip(".")
    return (
        first[:1].isupper()
        and right[:1].isupper()
        and first not in _WEEKDAYS_MONTHS
        and right not in _WEEKDAYS_MONTHS
        and not _is_person_run([w for w, _, _ in left])
    )


def _joins_affiliation(
    text: str, left: list[tuple[str, int, int]], word: tuple[str, int, int], after: tuple[str, int, int]
) -> bool:
    """Whether ``word`` is ``from`` between a person's name (``left``, the last few tokens, ending
    in a run that :func:`_is_person_run` accepts) and a capitalised word, one space each side:
    ``"…," David Noone from Intervoice said`` is David Noone, with the firm he is from, not the
    firm alone. ``from`` has no other reading there (``Doe from Leeds`` is a person and a place);
    after a lower-case noun (``a letter from Acme said``) or a name not shown to be a person's
    (``Acme from Leeds``) the preposition still ends the speaker."""
    if not left or word[0] != "from" or not after[0][:1].isupper() or after[0] in _WEEKDAYS_MONTHS:
        return False
    if text[left[-1][2] : word[1]] != " " or text[word[2] : after[1]] != " ":
        return False
    return _is_person_run([w for w, _, _ in left])


def _is_person_run(words: list[str]) -> bool:
    """Whether the capitalised words that end ``words`` name a person: an honorific or a given
    name among them (``Mr de Vabres``, ``Lord Nicholls``, ``Simon Hale``), or a title followed by a
    name (``Senator Jo Lund``); a title alone is a role of an organisation (``The President of
    Russia``, ``Minister of Transport``)."""
    run: list[str] = []
    for word in reversed(words):
        if not word[:1].isupper():
            break
        run.append(word.lower())
    run.reverse()
    if any(w in HONORIFICS or w in GIVEN_NAMES for w in run):
        return True
    return any(w in TITLE_WORDS for w in run[:-1])


# --------------------------------------------------------------------------- which speakers are sources

# a sentence end inside a mention: "Fatherland. We" (the word before the stop is checked apart)
# (tried at word starts only, and the word taken whole: one pass over a long word, not one per letter)
_STOP_IN_MENTION_RE = re.compile(r"(?<![\w’'-])([\w’'-]*+)[.!?][\"”’')\]]*(?=\s+[\"“(]?[A-Z])")


def _singular(word: str) -> str:
    """``word`` without a plural ending: ``analysts`` → ``analyst``, ``parties`` → ``party``."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def is_source_mention(mention: str) -> bool:
    """Whether a raw speaker is a noun phrase that can be a source, not a fragment of the sentence.

    A source is a name (``Mr Saakashvili``, ``Jay-Z``, ``the BBC``), a pronoun (``she``, ``who``,
    ``others``), a role or a group of people (``the minister``, ``a spokesman for the author``,
    ``analysts``, ``one in four``), an organisation (``the ministry``) or a document that records a
    view (``the report``, ``polls``). The rules, in order:

    - it holds a letter (``-``, ``000`` are no speaker);
    - it spans no sentence end (``Fatherland. We``; ``Mr. Smith`` and initials are no end);
    - its first word is no preposition or conjunction (``Among sweeteners``,
      :data:`NOT_SOURCE_FIRST`) and its last no preposition, conjunction or determiner (``000
      hours of``, :data:`NOT_SOURCE_LAST`);
    - its head, the last word before a comma, a bracket or a preposition (``a spokesman`` in
      ``a spokesman for the author``; ``Smith`` in ``Smith, an aide,``), is capitalised (a name, an
      organisation, an acronym), a pronoun of :data:`SOURCE_PRONOUNS`, a noun of
      :data:`SOURCE_NOUNS` (plural too), or a noun with an ending of people
      (:data:`PERSON_NOUN_SUFFIXES`: ``campaigners``, ``historians``). A lower-case verb, adverb or
      thing is not: ``scotch``, ``dismissed``, ``very much``, ``a hamstring injury``.
    """
    if len(mention) > MAX_CACHED_MENTION_CHARS:
        return not is_fragment_mention(mention) and _head_is_source(mention)
    return _is_source_mention_cached(mention)


@functools.lru_cache(maxsize=8192)
def _is_source_mention_cached(mention: str) -> bool:
    return not is_fragment_mention(mention) and _head_is_source(mention)


def is_fragment_mention(mention: str) -> bool:
    """Whether a raw speaker is no noun phrase at all but a misread piece of the sentence (the
    first three rules of :func:`is_source_mention`): no letter, a sentence end inside, or a
    preposition, conjunction or determiner at its edge; also a lone lower-case adverb, participle,
    negated auxiliary or function word (``steadfastly``, ``interviewed``, ``don't``), a lone
    sentence adverb in any case (``Significantly``; not ``Italy``, :func:`_is_lone_adverb`) and a time
    phrase (``last year``, ``Monday``: the source was before it)."""
    if len(mention) <= MAX_CACHED_MENTION_CHARS:
        return _is_fragment_cached(mention)
    return _is_fragment(mention)


@functools.lru_cache(maxsize=8192)
def _is_fragment_cached(mention: str) -> bool:
    return _is_fragment(mention)


def _is_fragment(mention: str) -> bool:
    words = _mention_words(mention)
    if not words or not any(c.isalpha() for w in words for c in w):
        return True
    last = words[-1].lower()
    if len(words) == 1 and words[0][0].islower() and last not in SOURCE_PRONOUNS and _is_misread_word(last):
        return True
    if len(words) == 1 and (_is_lone_adverb(words[0]) or last in LONE_ADVERBS):
        return True  # "Significantly", "Often", "earlier": a sentence adverb, whatever its case
    if (last in _TIME_WORDS or _singular(last) in _TIME_WORDS) and (
        len(words) <= 3 or words[-2].lower() in _TIME_MODIFIERS
    ):
        return True  # "last year", "Monday", "… Veterans Affairs last month": a time, not a source
    return _is_broken_mention(mention, words)


def _mention_words(mention: str) -> list[str]:
    """The words of a mention without the punctuation around them."""
    return [w for w in (w.strip(".,;:’'-\"“”()") for w in mention.split()) if w]


def _is_broken_mention(mention: str, words: list[str]) -> bool:
    """The structural rules of :func:`is_fragment_mention`: a sentence end inside, or a preposition,
    conjunction or determiner at an edge (``words``: the mention's words without punctuation)."""
    if not words:
        return True
    for m in _STOP_IN_MENTION_RE.finditer(mention):
        before = m.group(1).lower()
        if not (before in ABBREVIATIONS or len(before) <= 1):  # "Mr. Smith", "U.S. Navy" go on
            return True
    return words[0].lower() in NOT_SOURCE_FIRST or words[-1].lower() in NOT_SOURCE_LAST


_TIME_WORDS = frozenset(
    "year month week day weekend night morning afternoon evening today yesterday tonight "
    "monday tuesday wednesday thursday friday saturday sunday january february march april may "
    "june july august september october november december".split()
)


_TIME_MODIFIERS = frozenset("last this next past previous each every early late".split())


def _is_misread_word(word: str) -> bool:
    """Whether a lone lower-case word can be no speaker: an adverb, a participle, a negated
    auxiliary or a function word."""
    return (
        (word.endswith("ly") and word not in _LY_NOUNS)
        or word.endswith(("ed", "n't", "n’t"))
        or word in CUE_ADVERBS
        or word in NP_BREAKERS
        or word in VERB_LIKE_WORDS
    )


def _head_is_source(mention: str) -> bool:
    """The last rule of :func:`is_source_mention`: the head word names a possible source."""
    parts = [p for p in mention.split(",") if p.strip()]
    if len(parts) > 1:  # "Trump’s running mate, Indiana Gov. Mike Pence,": either part names him
        return any(_head_is_source(p) for p in parts[:3])
    core = mention
    for stop in (",", "(", " —", " –"):
        cut = core.find(stop)
        if cut > 0:
            core = core[:cut]
    head_words = [w for w in (w.strip(".;:’'-\"“”") for w in core.split()) if w]
    for i, word in enumerate(head_words):
        if i > 0 and word.lower() in NOT_SOURCE_FIRST:
            head_words = head_words[:i]
            break
    if not head_words:
        return False
    head = head_words[-1]
    if head[0].isupper() or head[0].isdigit():
        return True  # a name, an organisation, an acronym; a number of people ("63 percent", "2,000")
    low = head.lower()
    if low.endswith(("’s", "'s")):
        low = low[:-2]
    if low in SOURCE_PRONOUNS or low in SOURCE_NOUNS:
        return True
    one = _singular(low)
    return one in SOURCE_NOUNS or low.endswith(PERSON_NOUN_SUFFIXES) or one.endswith(PERSON_NOUN_SUFFIXES)


_QUANTIFIERS = frozenset("one some many all each most several both few".split())


def _trimmed_speaker(text: str, speaker: _Speaker) -> _Speaker | None:
    """A stretch read as a speaker without the function words it ends with (``Doe, the mayor, one
    of the`` → ``Doe, the mayor,``), or None when what is left is still a fragment."""
    start, end = speaker.start, speaker.end
    for _ in range(MAX_SPEAKER_TOKENS):
        stripped = text[start:end].rstrip(" ,")
        space = stripped.rfind(" ")
        word = stripped[space + 1 :].lower()
        if space == -1 or not (word in NOT_SOURCE_LAST or word in _QUANTIFIERS):
            break
        end = start + space
    trimmed = _Speaker(start, end)
    return None if is_fragment_mention(text[start:end]) else trimmed


def _is_thing_pronoun(mention: str) -> bool:
    """Whether a mention is a pronoun of a thing or a fact (``this``, ``which``, :data:`THING_PRONOUNS`)."""
    return mention.strip(" ,.").lower() in THING_PRONOUNS


_IRREGULAR_PARTICIPLES = frozenset("told said thought shown found known written seen sought meant".split())
#: An auxiliary of the passive before a participle cue, with ``not``/``never`` and up to two adverbs
#: between (an adverb in -ly or one of time or sequence: ``were later admitted to hospital``, ``was
#: quickly told``, ``is now thought``, ``were also found``); ``have since been found`` has ``been``
#: next to the participle. Read in a window of :data:`MAX_PASSIVE_AUX_CHARS` characters before the cue.
#: The same adverbs are read between the auxiliary and a raising cue (:data:`_RAISING_BEFORE_RE`:
#: ``Doe is also expected to run`` is the passive report ``Doe is expected to run`` is).
_PASSIVE_ADVERBS = (
    r"(?:(?:not|never)\s+)?"
    r"(?:(?:[a-z]+ly|later|since|also|then|soon|still|now|already|once|just|first|again|even|initially)\s+){0,2}$"
)
_PASSIVE_AUX_RE = re.compile(
    r"(?:^|\s)(?:is|am|was|were|are|be|been|being|get|gets|got|isn’t|isn't|wasn’t|wasn't|aren’t|aren't"
    r"|weren’t|weren't)\s+" + _PASSIVE_ADVERBS
)
MAX_PASSIVE_AUX_CHARS = 36  #: characters before a participle cue searched for a passive auxiliary


def _is_passive(text: str, s_start: int, cue: tuple[int, int]) -> bool:
    """Whether a cue is a passive participle (``was told``, ``has been found dead``, ``are accused
    of``, ``was called``): its subject is what is reported on or named, not who speaks."""
    word = text[cue[0] : cue[1]]
    if word == "decided":  # no cue, but "it was decided that …" is as passive as "it is thought that …"
        return _PASSIVE_AUX_RE.search(text, max(s_start, cue[0] - MAX_PASSIVE_AUX_CHARS), cue[0]) is not None
    if word not in _CUE_FORMS or " " in word or not (word.endswith("ed") or word in _IRREGULAR_PARTICIPLES):
        return False  # "were frustrated that …" (any verb before "that") is their view
    return _PASSIVE_AUX_RE.search(text, max(s_start, cue[0] - MAX_PASSIVE_AUX_CHARS), cue[0]) is not None


def _personal_subject_before(text: str, s_start: int, c_start: int) -> bool:
    """Whether the word before a cue (adverbs skipped) is a person's: a pronoun or a capitalised
    word (``what he called``, ``Doe called``), not a common noun (``a group called``)."""
    toks = _tokens(text, max(s_start, c_start - 60), c_start)
    while toks and toks[-1][0].lower() in CUE_ADVERBS:
        toks.pop()
    if not toks or text[toks[-1][2] : c_start].strip(" ,"):
        return False  # an apposition's comma may close the name: "which Doe, the chief, called"
    word = toks[-1][0]
    return word.lower() in PRONOUN_SPEAKERS or (word[0].isupper() and word not in SENTENCE_OPENERS)


_BEFORE_A_NAME = frozenset("the itself themselves himself herself".split())
_NAME_CONNECTORS = frozenset("of for and the de du la le von van der al".split())
_MONTHS = frozenset(
    "January February March April May June July August September October November December".split()
)


#: Single marks that open a name or title after a naming verb (``called ‘knocking’``); single
#: quotes are no quotation marks of their own (rule 1), but a title in them is still a name.
_SINGLE_OPENING_MARKS = "‘'"


def _is_naming(text: str, s_start: int, s_end: int, cue: tuple[int, int]) -> bool:
    """Whether a cue of :data:`NAMING_VERBS` names rather than reports.

    - a passive (``was called``, ``has been dubbed``) reports nothing of its subject;
    - a quotation right after it, in double or single marks, is a name or title (``a class called
      “Perception”``, ``a phenomenon called ‘knocking’``) unless a person's word stands before the
      verb (``what he called “a farce”``, ``what she called ‘a disgrace’``);
    - a capitalised name right after it (``drills called Union Resolve 2022 on …``, ``a man named
      Jo Doe``, ``Doe called Jo Roe.``) is naming, or a phone call, unless a complement follows the
      name (``called Roe “a liar”``, ``called Roe a liar``; after a person, also ``called Roe
      unfit``), the name is a possessive object (``called Roe’s plan “a farce”``), or it is a day
      or month (``called Monday for calm``).

    Everything else reports: ``called for``, ``called on``, ``called it “…”``, ``called the decision
    “a mistake”``.
    """
    c_start, c_end = cue
    if _is_passive(text, s_start, cue):
        return True
    after = c_end
    while after < s_end and text[after] == " ":
        after += 1
    if after >= s_end:
        return False
    if text[after] in _MARK_CHARS or text.startswith("''", after):
        return not _personal_subject_before(text, s_start, c_start)
    if text[after] in _SINGLE_OPENING_MARKS and after + 1 < s_end and not text[after + 1].isspace():
        # "a phenomenon called ‘knocking’", "a film dubbed 'the new Jaws'": a title in single marks
        return not _personal_subject_before(text, s_start, c_start)
    toks = _tokens(text, after, min(s_end, after + 160))
    k = 1 if len(toks) > 1 and toks[0][0] in _BEFORE_A_NAME else 0  # "called the X", "calling itself X"
    if k >= len(toks) or not (toks[k][0][0].isupper() or toks[k][0][0].isdigit()):
        return False
    if toks[k][0] in NOT_SPEAKER_AFTER_CUE or toks[k][0] in _MONTHS:
        return False
    last = k
    j = k + 1
    while j < len(toks):
        if text[toks[j - 1][2] : toks[j][1]].strip():
            break  # punctuation ends the name
        word = toks[j][0]
        if word[0].isupper() or word[0].isdigit():
            last = j
        elif not (word in _NAME_CONNECTORS and j + 1 < len(toks) and toks[j + 1][0][0].isupper()):
            break
        j += 1
    if toks[last][0].endswith(("’s", "'s")):
        return False  # "called Roe’s plan “a farce”": the name opens the object
    rest = toks[last][2]
    while rest < s_end and text[rest] == " ":
        rest += 1
    if rest < s_end and (text[rest] in _MARK_CHARS or text[rest] in "‘'"):
        return False  # "called Roe “a liar”", "calls Roe ‘crazy’"
    if last + 1 < len(toks) and toks[last + 1][1] == rest:
        word = toks[last + 1][0].lower()
        if word in DETERMINERS and word not in {"this", "that", "these", "those", "all", "more"}:
            return False  # "called Roe a liar"
        if (
            word[0].isalpha()
            and word[0].islower()
            and word not in NP_BREAKERS
            and word not in VERB_LIKE_WORDS
            and _personal_subject_before(text, s_start, c_start)
        ):
            return False  # "Doe called Roe unfit"
    return True


def _after_naming_verb(text: str, floor: int, pos: int) -> bool:
    """Whether a quotation opening at ``pos`` is a name or title given by a naming verb right
    before it (``a report titled “…”``, ``known as “…”``), with no person's word before the verb."""
    lo = pos - 40 if pos - 40 > floor else floor
    before = text[lo:pos].rstrip()
    if before.endswith(" the"):
        before = before[:-4].rstrip()
    for phrase in NAMING_PHRASES:
        if before.endswith(" " + phrase):
            return True
    space = before.rfind(" ")
    verb = before[space + 1 :]
    if verb not in NAMING_VERBS:
        return False
    verb_start = lo + space + 1
    return not _personal_subject_before(text, floor, verb_start)


# "Reuters quoted a central bank official as saying": the one quoted speaks; so in "Reuters
# reported the regulator as saying", "the paper cited an aide as saying" (a reporter's verb of
# _QUOTING_VERBS + a noun phrase of up to eight words + "as saying"; PolNeAR train + dev hold 5
# "quoted … as saying" and no "reported/cited … as saying")
_QUOTING_VERBS = ("quoted", "reported", "cited")
_PASSIVE_QUOTED_AS_RE = re.compile(r"\s(?:is|was|were|are|been|being)\s+(?:[a-z]+ly\s+)?quoted\s+as\s*$")
_QUOTED_AS_RE = re.compile(r"\b(?:quoted|reported|cited)\s+((?:[\w.’'-]+\s+){0,7}?[\w.’'-]+)\s+as\s*$")
#: after a reporter's ``reported``/``cited``: the one quoted and ``as saying`` (the cue tried is
#: then ``saying``, whose speaker is the one quoted)
_REPORTED_AS_SAYING_RE = re.compile(r"\s+(?:[\w.’'-]+\s+){1,8}?as\s+saying\b")


def _quoted_as_speaker(text: str, lo: int, c_start: int) -> _Speaker | None:
    """The speaker of ``X quoted Y as saying``: ``Y``; of ``Y was quoted as saying``: ``Y``."""
    window = max(lo, c_start - 120)
    m = _QUOTED_AS_RE.search(text, window, c_start)
    if m is not None:
        return _Speaker(m.start(1), m.end(1))
    passive = _PASSIVE_QUOTED_AS_RE.search(text, window, c_start)
    return _speaker_before(text, lo, passive.start() + 1) if passive is not None else None


def _quoted_as_frame(
    text: str, s_start: int, s_end: int, cue: tuple[int, int], speaker: _Speaker, quoted: list[_Segment]
) -> _Frame | None:
    """``Games are “big business”, the paper quoted Mr Chernin as saying.``: what comes before the
    comma that opens the reporter's clause is Mr Chernin's (a trailing frame)."""
    reporter = max(text.rfind(verb, s_start, speaker.start) for verb in _QUOTING_VERBS)
    comma = text.rfind(",", s_start, reporter)
    if comma == -1 or _word_count(text, s_start, comma) < MIN_CONTENT_WORDS:
        return None
    content = [_trim(text, s_start, comma)]
    rest = _rest_after_trailing(text, cue[1], s_end, quoted)
    if rest is not None:
        content.append(rest)
    return _Frame(speaker, cue[0], cue[1], content, True)


# --------------------------------------------------------------------------- frames


def _that_word(text: str, start: int, end: int) -> int:
    """Where the word ``that`` first stands in ``text[start:end]`` (``str.find`` with the word
    boundaries of ``\\bthat\\b``: much faster than the pattern), else -1."""
    at = text.find("that", start, end)
    while at != -1:
        before = text[at - 1] if at else " "
        after = text[at + 4] if at + 4 < end else " "
        if not (before.isalnum() or before == "_" or after.isalnum() or after == "_"):
            return at
        at = text.find("that", at + 1, end)
    return -1


def _inside_quote(pos: int, quoted: list[_Segment]) -> bool:
    """Whether ``pos`` is strictly inside one of the quotations (a loop: cheaper than ``any``)."""
    for seg in quoted:  # noqa: SIM110
        if seg.start < pos < seg.end:
            return True
    return False


def _quote_opens_in(pos: int, quoted: list[_Segment]) -> bool:
    """Whether a quotation opens within three characters after ``pos``."""
    for seg in quoted:  # noqa: SIM110
        if pos < seg.start <= pos + 3:
            return True
    return False


def _quote_ends_in(lo: int, hi: int, quoted: list[_Segment]) -> bool:
    """Whether a quotation ends in ``lo..hi`` (both included)."""
    for seg in quoted:  # noqa: SIM110
        if lo <= seg.end <= hi:
            return True
    return False


def _overlaps_quote(spans: list[tuple[int, int]], quoted: list[_Segment]) -> bool:
    for a, b in spans:
        for seg in quoted:
            if seg.start < b and a < seg.end:
                return True
    return False


#: ``reported to <someone>`` takes an addressee as ``told`` does: ``reported to the President on the
#: corporation's results`` names a topic, ``reported to me that …`` reports; ``was reported to be``
#: and ``to have`` are the passive's infinitive, not an addressee
_REPORTED_TO_RE = re.compile(r"\s+to\s+(?!be\b|have\b)")


def _content_after_cue(text: str, cue: tuple[int, int], sent_end: int, quoted: list[_Segment]) -> int | None:
    """Where a leading frame's content starts: after "that", ":" or an opening quote, else the cue."""
    pos = cue[1]
    that = _THAT_RE.match(text, pos, sent_end)
    if that:
        return that.end()
    window_end = pos + MAX_CUE_TO_CONTENT_CHARS if pos + MAX_CUE_TO_CONTENT_CHARS < sent_end else sent_end
    second = _COORDINATED_CUE_RE.search(text, pos, window_end)
    if second is not None:  # "denied the claims and added that …": that "that" is the second cue's
        window_end = second.start()
    that_word = _that_word(text, pos, window_end)
    if (
        that_word != -1
        and not _inside_quote(that_word, quoted)
        and not _RELATIVE_THAT_RE.match(text, that_word)
    ):
        after = that_word + 4
        while after < window_end and text[after].isspace():
            after += 1
        return after
    colon = text.find(":", pos, window_end)
    if colon != -1 and not _inside_quote(colon, quoted):
        return colon + 1
    for seg in quoted:
        if (
            pos <= seg.start < sent_end
            and _word_count(text, pos, seg.start) <= MAX_CUE_TO_QUOTE_WORDS
            and (text[pos : seg.start].rstrip().endswith((",", ":")) or seg.start - pos <= 2)
        ):
            return seg.start
    verb = text[cue[0] : cue[1]].lower()
    if verb.startswith(("told", "tell")) or (
        verb.startswith("report") and _REPORTED_TO_RE.match(text, pos, window_end) is not None
    ):
        # "told the Herald last week she would go": the clause opens with its subject pronoun
        clause = _TOLD_CLAUSE_RE.search(text, pos, window_end)
        if clause is None and verb.startswith(("told", "tell")):
            clause = _TOLD_NOUN_CLAUSE_RE.search(text, pos, window_end)
            if clause is not None and _word_count(text, pos, clause.start()) < 1:
                clause = None  # "told the band were …" is not read: the addressee comes first
        if clause is not None and _word_count(text, pos, clause.start()) <= MAX_CUE_TO_QUOTE_WORDS:
            return clause.start()
        return None  # "told reporters …": the object is not content
    if verb.startswith(("asked", "ask")):
        # "asked Republican leaders to disavow him": the request, its addressee included
        request = _ASKED_TO_RE.match(text, pos, window_end)
        return request.start(1) if request is not None else None
    lead = _LEAD_PUNCT_RE.match(text, pos, sent_end)
    return lead.end() if lead else pos


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1] in _TRAIL_PUNCT:
        end -= 1
    return start, end


_QUOTE_CLOSE_CHARS = "\"”»' "


def _quote_first_frame(
    text: str, s_start: int, s_end: int, quoted: list[_Segment], cues: list[tuple[int, int]]
) -> _Frame | None:
    """A sentence that opens with a quotation ended by ``,`` ``?`` or ``!`` and then names its speaker
    before a cue: ``“X,” Sen. Jo Doe (D-Ore.) said on Monday.`` The speaker is the whole stretch
    between the quotation and the cue, unless a shorter noun phrase can be read there."""
    seg = quoted[0]
    if seg.start - s_start > 1 or seg.end >= s_end:
        return None
    inner_end = seg.end  # the quotation without its closing marks must end in , ? ! or a dash
    while inner_end > seg.start and text[inner_end - 1] in _QUOTE_CLOSE_CHARS:
        inner_end -= 1
    if inner_end == seg.start or text[inner_end - 1] not in ",?!—–-":
        return None
    limit = quoted[1].start if len(quoted) > 1 else s_end
    for c_start, c_end in cues:
        if c_start < seg.end:
            continue
        if c_start >= limit or _word_count(text, seg.end, c_start) > MAX_QUOTE_TO_CUE_WORDS:
            return None
        if text.startswith("according", c_start):
            return None
        lo, hi = _trim(text, seg.end, c_start)
        while lo < hi and text[lo] in ",—–-":
            lo += 1
        lo, hi = _trim(text, lo, hi)
        if hi <= lo:
            speaker = _speaker_after(text, c_end, s_end)  # “X,” said Makei.
            if speaker is None:
                return None
            after = speaker.end
        else:
            while hi > lo and text[hi - 1] in ",":
                hi -= 1
            speaker = (
                (_quoted_as_speaker(text, lo, c_start) if text.startswith("saying", c_start) else None)
                or _speaker_before(text, lo, c_start)
                or _Speaker(lo, hi)
            )
            if speaker is not None and speaker.end > hi:
                speaker = _Speaker(speaker.start, hi)  # "“X,” the mayor, Ann Tiller, said": no comma
            speaker = _trimmed_speaker(text, speaker)  # "“X,” Doe, one of the …, states"
            after = c_end
        content = [(seg.start, seg.end)]
        rest = _rest_after_trailing(text, after, s_end, quoted)
        if rest is not None:
            content.append(rest)
        return _Frame(speaker, c_start, c_end, content, True)
    return None


def _find_frames(
    text: str, s_start: int, s_end: int, quoted: list[_Segment], cues: list[tuple[int, int]]
) -> list[_Frame]:
    """Every frame of a sentence, left to right: each one is read in what the previous left over
    (``One in three said X, and one in four said Y.``). At most :data:`MAX_FRAMES_PER_SENTENCE`
    frames, and :data:`MAX_CUE_TRIES_PER_SENTENCE` cues tried for them all together."""
    frames: list[_Frame] = []
    start = s_start
    tries = _Tries(MAX_CUE_TRIES_PER_SENTENCE)
    while cues and len(frames) < MAX_FRAMES_PER_SENTENCE:
        frame = _find_frame(text, start, s_end, quoted, cues, s_start, tries)
        if frame is None:
            break
        if (
            not frame.question
            and _normal_cue(text, frame) in QUOTED_ONLY_CUES
            and not _overlaps_quote(frame.content, quoted)
        ):
            cues = [c for c in cues if c[0] != frame.cue_start]  # let another cue try
            continue
        if frame.participle and frames and frames[-1].speaker is not None:
            frame.speaker = frames[-1].speaker  # "“X,” she said, adding, “Y.”": she adds
        frames.append(frame)
        end = max(
            frame.cue_end,
            frame.content[-1][1],
            frame.speaker.end if frame.speaker and not frame.opener else 0,
        )
        if end >= s_end - 2:
            break
        # a cue inside a quotation that began before ``end`` stays inside it ("“… it seems that …”")
        cues = [c for c in cues if c[0] >= end and not (quoted and _inside_quote(c[0], quoted))]
        quoted = [seg for seg in quoted if seg.start >= end]
        start = end
        while start < s_end and text[start] in " ,;—–-":
            start += 1
    return frames


# a verb right after a noun cue's "that" opens a relative clause: "a message that is …"
_RELATIVE_VERB_RE = re.compile(
    r"(?:is|was|are|were|has|have|had|will|would|can|could|may|might|should|must|does|did|do|"
    r"seems|seemed|appears|appeared|remains|remained|has\s+been)\b"
)


def _noun_frame(
    text: str, s_start: int, s_end: int, cue: tuple[int, int], quoted: list[_Segment]
) -> _Frame | None:
    """``Doe’s claim that the bridge is safe …``: the clause after ``that``; the possessor, if
    any, speaks."""
    that = _THAT_RE.match(text, cue[1], s_end)
    if that is None or _NOUN_DETERMINED_RE.search(text, max(s_start, cue[0] - 30), cue[0]) is None:
        return None  # "we hope that …" is a verb
    begin = that.end()
    if _RELATIVE_VERB_RE.match(text, begin):
        return None  # "a message that is not getting through": a relative clause, not a claim
    begin, end = _trim(text, begin, _clause_end(text, begin, s_end, quoted))
    if _word_count(text, begin, end) < MIN_CONTENT_WORDS + 1:
        return None
    owner = _POSSESSOR_RE.search(text, max(s_start, cue[0] - 40), cue[0])
    speaker = _Speaker(owner.start(1), owner.end(1)) if owner else None
    return _Frame(speaker, cue[0], cue[1], [(begin, end)], False)


#: An infinitive between ``asked`` and a question word: the word is the infinitive's (``asking the
#: Government to think carefully about this``, ``asked us to explain why``), and the request, its
#: addressee included, is the content (:data:`_ASKED_TO_RE`), not ``about this …``.
_INFINITIVE_RE = re.compile(r"\sto\s+[a-z]")


def _question_frame(text: str, s_start: int, s_end: int, cue: tuple[int, int]) -> _Frame | None:
    """``Asked whether the bridge is safe, Doe said …`` / ``Doe asked the mayor how long it takes``:
    the question is the content; the asker, when written before the cue, the speaker."""
    m = _QUESTION_RE.match(text, cue[1], s_end)
    if m is None:
        return None
    if _INFINITIVE_RE.search(text, cue[1], m.start(1)) is not None:
        return None  # "asking the Government to think carefully about this": a request, read as one
    begin = m.start(1)
    comma = text.find(",", begin, s_end)
    begin, end = _trim(text, begin, s_end if comma == -1 else comma)
    if _word_count(text, begin, end) < MIN_CONTENT_WORDS + 1:
        return None
    speaker = _speaker_before(text, s_start, cue[0]) if cue[0] > s_start else None
    return _Frame(speaker, cue[0], cue[1], [(begin, end)], False, question=True)


def _participle_speaker_checked(text: str, frame: _Frame | None) -> _Frame | None:
    """A participle frame whose subject is a thing, without its speaker.

    Only a subject that can be a source (:func:`is_source_mention`) is a participle's speaker; a
    thing (``The move came after the US lifted a ban to reward Tripoli for giving up arms and
    vowing to …``) is not, and the report stays without a speaker: the participle hangs on another
    verb, whose doer the sentence's subject is not. :func:`_source_checked` lets a determined noun
    phrase speak when it stands right before its verb (``The airline said``); a participle's
    subject is a clause or more away from it, so that exception does not hold there."""
    sp = frame.speaker if frame is not None else None
    if frame is not None and sp is not None and not is_source_mention(text[sp.start : sp.end]):
        frame.speaker = None
    return frame


#: prepositions whose object, right before a participle cue, is no subject of it: ``wrote to
#: all three parties urging them …``, ``shouted at the crowd telling …`` (the subject of the main
#: clause urges and tells, as after a comma: :func:`_participle_frame`). Not ``with``: ``with
#: analysts saying …`` is an absolute phrase whose noun phrase speaks (reference corpora: 20 such
#: reports); not ``for``: ``for best supporting actor`` is a noun phrase.
_OBJECT_PREPOSITIONS = frozenset("to at".split())
#: words between such a preposition and its noun phrase that the speaker reading leaves out
_OBJECT_QUANTIFIERS = frozenset("all both each".split())


#: words before ``to``/``at`` that make its object an addressee (a verb of sending or speaking, or
#: what was sent): ``wrote to``, ``sent a letter to``; any lower-case word in -ed too (``appealed
#: to``). A noun such as ``response`` does not (``in response to people questioning …``: the
#: people question), nor a name (``the Committee to Protect …``).
_SENT_TO_HEADS = frozenset(
    "write writes wrote written speak speaks spoke spoken send sends sent go goes went gone turn turns "
    "letter letters message messages note notes petition email e-mail".split()
)


def _object_of_preposition(text: str, s_start: int, speaker: _Speaker) -> bool:
    """Whether ``speaker``, a source read right before a participle cue with no comma between, is
    the object of a preposition of :data:`_OBJECT_PREPOSITIONS` (the word before it, or before a
    quantifier such as ``all``) that follows a word of :data:`_SENT_TO_HEADS` or a lower-case
    word in -ed: ``wrote to all three parties urging …``, ``sent a letter to the board saying
    …``. Then the subject of the sentence speaks, as after a comma (:func:`_participle_frame`)."""
    if text[speaker.end : speaker.end + 1] != " " or not is_source_mention(text[speaker.start : speaker.end]):
        return False  # "wrote to the parties, urging …": read by the participle reading already;
        # "at the forefront of questioning …": no source was misread, nothing to correct
    before = text[max(s_start, speaker.start - 40) : speaker.start].split()[-3:]
    if before and before[-1].lower() in _OBJECT_QUANTIFIERS:
        before.pop()
    if len(before) < 2 or before[-1].lower() not in _OBJECT_PREPOSITIONS:
        return False
    head = before[-2].lower()
    return head in _SENT_TO_HEADS or (head.endswith("ed") and before[-2][0].islower())


def _participle_frame(
    text: str, sentence_start: int, s_end: int, cue: tuple[int, int], quoted: list[_Segment]
) -> _Frame | None:
    """``Doe left early, calling the plan “a farce”.``: the sentence subject speaks (if it can be
    a source: :func:`_participle_speaker_checked`)."""
    subject = _subject_of(text, sentence_start, cue[0])
    begin = _content_after_cue(text, cue, s_end, quoted)
    if subject is None or begin is None:
        return None
    end = _clause_end(text, begin, s_end, quoted)
    begin, end = _trim(text, begin, end)
    if _word_count(text, begin, end) < MIN_CONTENT_WORDS:
        return None
    return _Frame(subject, cue[0], cue[1], [(begin, end)], False, participle=True)


#: A coordinating conjunction right after a cue, no comma or ``that`` between: the cue word is a
#: noun in a list (``a roster of artists, TV shows and PR strategies``, ``the hopes and fears of
#: voters``, ``Voip calls and …``) or a verb joined to the next one (``neither admitted nor
#: denied``, ``agreed and said …``: the next cue is read instead); nothing is reported after it.
#: Reference corpora: 31 such leading contents, none a report; PolNeAR dev+train: none of 22,024 gold
#: quotes opens with a conjunction right after a word.
_CONJUNCTION_AFTER_CUE_RE = re.compile(r"[ \t]+(?:and|or|nor|but)[ \t]")


def _content_opens_with_conjunction(text: str, frame: _Frame) -> bool:
    """Whether a leading frame's content opens with ``and``/``or``/``nor``/``but`` right after
    the cue (:data:`_CONJUNCTION_AFTER_CUE_RE`); a trailing frame (``We will go, he said and
    left.``) keeps its content before the cue."""
    if frame.trailing or not frame.content or frame.content[0][0] < frame.cue_end:
        return False
    m = _CONJUNCTION_AFTER_CUE_RE.match(text, frame.cue_end)
    return m is not None and frame.content[0][0] <= m.end()


#: Participles that stand before a noun as adjectives (``Deutsche Boerse’s proposed £1.3bn offer``,
#: ``Russia’s alleged troop movements``): after an owner they describe its noun, nobody reports.
#: In the reference corpora all 12 such quotes were adjectives (``proposed`` 9, ``alleged`` 2,
#: ``reported`` 1), and PolNeAR (train + dev) annotates none of its 12 as an attribution;
#: ``McDonald’s announced``, ``Foster’s said`` (firms) keep their cue.
ATTRIBUTIVE_PARTICIPLES: frozenset[str] = frozenset(
    "proposed alleged reported rumoured rumored planned promised suggested stated declared".split()
)
_POSSESSIVE_END_RE = re.compile(r"(?:\w[’']s|s[’'])$")
#: ``'s`` of a contraction, not of an owner: ``it’s reported``, ``let’s say``
_CONTRACTED = frozenset(
    "it’s it's let’s let's that’s that's he’s he's she’s she's there’s there's what’s what's".split()
)

#: ``Let's say …``, ``let's hope …``, ``let’s think about …``: the speaker proposes, reports nothing
#: (4 quotes of the reference corpora; ``let`` + ``us`` is never a source)
_LET_US = frozenset(("let's", "let’s"))


def _owner_before_participle(text: str, speaker: _Speaker, cue: tuple[int, int], s_end: int) -> bool:
    """``The LSE rejected Deutsche Boerse’s proposed offer``: a speaker ending in ``’s``/``s’`` is
    an owner and a participle of :data:`ATTRIBUTIVE_PARTICIPLES` after it an adjective of its noun,
    no report; a clause after the cue (``Mr Blair’s reported that …``: ``has``) still reports."""
    if text[cue[0] : cue[1]].lower() not in ATTRIBUTIVE_PARTICIPLES:
        return False
    mention = text[speaker.start : speaker.end]
    if not _POSSESSIVE_END_RE.search(mention) or mention.lower() in _CONTRACTED:
        return False
    return _CLAUSE_AFTER_CUE_RE.match(text, cue[1], s_end) is None


def _coordinated_speaker(text: str, s_start: int, speaker: _Speaker) -> _Speaker:
    """The whole coordinated subject when the speaker read back from its cue is the second conjunct
    of ``and`` (``high-ranking diplomats in Europe and the United States are urging`` → all of it,
    not ``the United States``; ``Anna Berg and Ola Lund said``): the first conjunct, a noun phrase
    (with an owner through ``in``/``of``/``for`` …), must open the clause (after an introductory
    phrase's comma at most), and both it and the whole be sources, else ``speaker`` stays (``He
    left early and the minister said``). PolNeAR train + dev: 894 of 20,426 gold speakers hold
    ``and``. The resolver names no one for a phrase of two sources."""
    and_start = speaker.start - 5
    if and_start <= s_start or text[and_start : speaker.start] != " and " or text[and_start - 1] in ",;":
        return speaker  # ", and he said": two clauses
    first = _speaker_before(text, s_start, and_start)
    if first is None or first.end != and_start:
        return speaker
    owned = _owned_head(text, s_start, first)
    first = owned or first
    lead = text[s_start : first.start].strip()
    if lead and not lead.endswith(","):
        return speaker  # "He left early and the minister said": a clause before "and"
    words = text[first.start : first.end].split()
    if not (words[0][:1].isupper() or words[0].lower() in DETERMINERS or owned is not None):
        return speaker
    if len(words) == 1 and words[0].lower() in PRONOUN_SPEAKERS:
        return speaker  # "he and the minister": pronouns are read as they were
    whole = _Speaker(first.start, speaker.end)
    if not is_source_mention(text[speaker.start : speaker.end]) or not is_source_mention(
        text[whole.start : whole.end]
    ):
        return speaker  # "Instability in Iraq and underlying fears": no source, the reading stays
    return whole


#: Words that open a participle or time clause before the sentence's subject (``Having noted that
#: X, Putin stressed …``, ``Addressing the rally, she said …``): read backwards from the clause's
#: cue they look like a one-word name, but the clause's subject is the main clause's (PolNeAR
#: train + dev: 8 sentences open with ``Having``, no gold speaker is an opener word).
PARTICIPLE_OPENERS: frozenset[str] = frozenset(
    (
        "having following addressing realising realizing speaking commenting noting citing "
        "referring regarding looking introducing using responding replying reacting turning "
        "after before while whilst when once upon since although though despite"
    ).split()
)

_NO_SPEAKER = _Speaker(-1, -1)  #: :func:`_opener_subject`'s answer for a report of no one named
#: ``Having said that,`` / ``Having said all this,``: a demonstrative object, the writer's idiom
_SAID_THAT_RE = re.compile(r"\s+(?:all\s+)?(?:that|this|so)\s*,")


def _opener_subject(
    text: str, sentence_start: int, speaker: _Speaker, cue_end: int, s_end: int
) -> _Speaker | None:
    """For a speaker that is only a capitalised word of :data:`PARTICIPLE_OPENERS` opening the
    sentence (``Having``), the subject of the main clause after the opener clause's comma
    (``Having noted that X, Vladimir Putin emphasised …`` → ``Vladimir Putin``); None for
    ``Having said that, …`` (the writer's idiom: no report); :data:`_NO_SPEAKER` before a noun cue
    (``Following claims that X, …``); ``speaker`` itself otherwise."""
    if text[sentence_start : speaker.start].strip(" \"“‘'(") != "":
        return speaker
    word = text[speaker.start : speaker.end]
    if not word[:1].isupper() or word.lower() not in PARTICIPLE_OPENERS:
        return speaker
    if _SAID_THAT_RE.match(text, cue_end, s_end):
        return None
    if text[speaker.end : cue_end].split()[-1].lower() in NOUN_LIKE_CUES:
        return _NO_SPEAKER  # "Following claims that X, Blair said": a noun, the claims no one's named
    comma = text.find(",", cue_end, s_end)
    subject = _subject_of(text, comma + 1, s_end) if comma != -1 else None
    if subject is None or text[subject.start : subject.end].lower() in ("it", "this", "that", "there"):
        return speaker  # no subject to be read: the reading stays as it was
    return subject


def _find_frame(
    text: str,
    s_start: int,
    s_end: int,
    quoted: list[_Segment],
    cues: list[tuple[int, int]],
    sentence_start: int,
    tries: _Tries,
) -> _Frame | None:
    if quoted:
        frame = _quote_first_frame(text, s_start, s_end, quoted, cues)
        if frame is not None:
            return frame
    for cue in cues:  # "…, according to X" wins over the cues inside its content
        if text.startswith("according", cue[0]) and text[
            cue[0] - 3 if cue[0] > 3 else 0 : cue[0]
        ].rstrip().endswith(","):
            frame = _according_frame(text, s_start, s_end, cue)
            if frame is not None:
                return frame
    if len(cues) > 1:  # a weak cue ("plans to", "endorsed") yields to any other: "X plans Y, Doe said."
        cues = sorted(cues, key=lambda c: _normal_cue_at(text, c[0], c[1]) in _WEAK_CUES)
    for cue in cues:
        if tries.left <= 0:
            return None  # the sentence's tries are spent: no more frames in it
        tries.left -= 1
        check_budget()
        c_start, c_end = cue
        if quoted and _inside_quote(c_start, quoted):
            continue
        word = text[c_start:c_end].lower()
        if word.startswith("according"):
            frame = _according_frame(text, s_start, s_end, cue)
            if frame is not None:
                return frame
            continue
        if word == "show" and text[s_start:c_start].rstrip().rsplit(" ", 1)[-1].lower() not in EVIDENCE_NOUNS:
            continue  # "a TV show", "they show up"
        if word in NOUN_CUES:
            frame = _noun_frame(text, s_start, s_end, cue, quoted)
            if frame is not None:
                return frame
            if word not in _CUE_FORMS:
                continue
        if word.startswith("ask"):
            frame = _question_frame(text, s_start, s_end, cue)
            if frame is not None:
                return frame
        if word in NAMING_VERBS and _is_naming(text, s_start, s_end, cue):
            continue  # "drills called Union Resolve 2022", "was called": naming, not reporting
        if word + " as" in NAMING_PHRASES and _AS_RE.match(text, c_end):
            continue  # "referred to as “the end of the road”"
        if word in _CALL_ON_FORMS and not _CALL_ON_RE.match(text, c_end, s_end):
            continue  # "called on Monday": not a request
        if word in _THING_OBJECT_CUES and _INDEFINITE_OBJECT_RE.match(text, c_end, s_end):
            continue  # "Cole added a second", "it has agreed a deal": an object, not words
        if word in _ADD_CUES and _adds_a_count(text, s_start, s_end, cue, quoted):
            continue  # "Berg added four conversions", "the economy added 151,000 jobs": a count, not words
        if word in _REPLY_CUES and _replies_with_a_count(text, s_end, cue, quoted):
            continue  # "the visitors replied with three penalties": a score, no words
        if word in _ADD_CUES and _adds_a_thing_to(text, s_start, s_end, cue, quoted):
            continue  # "Lund added the league trophy to her medals": a thing put in, not words
        if word in ("reported", "cited") and _REPORTED_AS_SAYING_RE.match(text, c_end, s_end):
            continue  # "Reuters reported the regulator as saying": "saying" is read, the regulator speaks
        if word.startswith("report") and _reports_on_a_topic(text, s_end, cue, quoted):
            continue  # "the minister reported on the harvest": a topic, not what was reported
        if word == "announce" and _is_announcement_to_come(text, s_start, s_end, cue, quoted):
            continue  # "Lund will announce his squad on Friday": an act to come, nothing said yet
        if word in _HYPOTHETICAL_YOU_CUES and _HYPOTHETICAL_YOU_RE.search(
            text, max(s_start, c_start - MAX_HYPOTHETICAL_YOU_CHARS), c_start
        ):
            continue  # "You might think that …": the writer's hypothetical reader, no one's view
        if word in _RHETORICAL_CUES and _RHETORICAL_RE.search(text, max(s_start, c_start - 8), c_end + 10):
            continue  # "who knows what the next months will hold?": a question, not a report
        if word in _DENY_CUES and _denied_to_someone(text, c_end, s_end):
            continue  # "the referee denied Berg a penalty": withheld, not a denial
        if word == "agreed" and _AGREED_TO_ACT_RE.match(text, c_end, min(s_end, c_end + 40)):
            continue  # "the directors have agreed to leave their loans in the club": an act agreed on
        if word.endswith("about") and _is_own_topic(text, s_start, s_end, cue, quoted):
            continue  # "I am talking about foreign trade": the speaker names a topic, reports nothing
        if word in _CLAIM_CUES and _claims_a_prize(text, s_end, cue, quoted):
            continue  # "she claimed the 200m title", "the fire claimed three lives": won or taken, not said
        if (
            word == "saying"
            and text[max(s_start, c_start - 20) : c_start].lower().split()[-2:] in _GOES_WITHOUT
        ):
            continue  # "it goes without saying that …": the writer's idiom, no one's words
        if word in _REALIZE_CUES and _realises_a_thing(text, s_end, cue, quoted):
            continue  # "I realised the depth of our industry": a thing grasped, no thought given
        if word in _SAY_CUES and _says_a_pronoun(text, s_end, cue, quoted):
            continue  # "unless he just said it in the heat of the moment": a pronoun, nothing reported
        if word in _FIND_CUES and _REFLEXIVE_RE.match(text, c_end, s_end):
            continue  # "we found ourselves on the threshold of a conflict": a plight, nothing found out
        if word in _FIND_CUES and _found_in_play(text, s_start, s_end, cue, quoted):
            continue  # "Berg found space in the area", "the corner found Jo Lund, whose …": play
        if word in NOUN_LIKE_CUES and _RELATIVE_WHICH_RE.match(text, c_end, s_end):
            continue  # "fraud allegations, claims which are denied": a noun and its relative clause
        if word in NOUN_LIKE_CUES and _is_plural_noun(text, s_start, s_end, cue, quoted):
            continue  # "a backlog of claims was building up", "despite claims to the contrary": a noun
        if word in _TOPIC_CUES and _names_a_topic(text, s_end, cue, quoted):
            continue  # "the leaders discussed bilateral trade", "he spoke about the harbour": a topic
        if word in _WARN_CUES and _warns_about_a_topic(text, s_end, cue, quoted):
            continue  # "we warned them about this": a topic, not what was said
        if word in _THINK_CUES and _thinks_about_a_topic(text, s_end, cue, quoted):
            continue  # "we must think about safety": a topic minded, no opinion given
        if word in _WISH_CUES and _is_wish(text, s_start, s_end, cue, quoted):
            continue  # "ministers want to see the text changed", "rebels who want a state": a wish
        if word.endswith("ing") and text[c_start - 5 if c_start > 5 else 0 : c_start].rstrip().endswith(
            (",", " but", " and", " -", " —", " –")
        ):
            frame = _source_checked(text, cue, _participle_frame(text, sentence_start, s_end, cue, quoted))
            frame = _participle_speaker_checked(text, frame)
            if frame is not None:
                return frame
        if word in _RAISING_CUES:
            frame = _source_checked(text, cue, _raising_frame(text, s_start, s_end, cue, quoted))
            if frame is not None:
                return frame
        quoted_as = _quoted_as_speaker(text, s_start, c_start) if word == "saying" else None
        if quoted_as is not None:
            frame = _quoted_as_frame(text, s_start, s_end, cue, quoted_as, quoted)
            if frame is not None:
                return frame
        speaker = quoted_as or _speaker_before(text, s_start, c_start)
        if speaker is not None and word.endswith("ing") and _object_of_preposition(text, s_start, speaker):
            # "The bishop wrote to all three parties urging them …": the bishop urges
            frame = _source_checked(text, cue, _participle_frame(text, sentence_start, s_end, cue, quoted))
            frame = _participle_speaker_checked(text, frame)
            if frame is not None:
                return frame
        if (
            speaker is not None
            and quoted_as is None
            and _source_closes_after_comma(text, s_start, s_end, cue)
        ):
            speaker = None  # "X has ruined Yukos, once its owner, said founder Jo Lund.": inverted
        if speaker is not None and quoted_as is None:
            speaker = _coordinated_speaker(text, s_start, speaker)
        if speaker is not None and _owner_before_participle(text, speaker, cue, s_end):
            continue  # "Deutsche Boerse's proposed £1.3bn offer": an owner and an adjective
        if speaker is not None and _is_reduced_relative(text, speaker, cue, s_end):
            continue  # "The big trend predicted for this year is …": a participle modifies the noun
        if speaker is not None and text[speaker.start : speaker.end].lower() in _LET_US:
            continue  # "Let's say there is a shooter", "let's hope …": a proposal, nobody's report
        if speaker is not None and _is_free_relative(text, s_start, s_end, speaker, cue, quoted):
            continue  # "What I said about the harbour also applies to …": a subject, not a report
        if (
            speaker is not None
            and _NOTHING_AFTER_CUE_RE.match(text, c_end, s_end)
            and _RELATIVE_BEFORE_SPEAKER_RE.search(
                text, max(s_start, speaker.start - MAX_RELATIVE_ASIDE_CHARS), speaker.start
            )
        ):
            continue  # "issues which, of course, our people are worried about": the cue's object is "which"
        if speaker is not None:
            frame = _speaker_first_frame(text, s_start, s_end, cue, speaker, quoted, cues)
            if frame is not None and _content_opens_with_conjunction(text, frame):
                continue  # "a roster of TV shows and PR strategies": a noun's list, not a report
            if frame is not None and frame.speaker is speaker:
                subject = _opener_subject(text, sentence_start, speaker, c_end, s_end)
                if subject is None:
                    continue  # "Having said that, …": an opener, and no subject to speak
                if subject is _NO_SPEAKER:
                    frame.speaker = None
                elif subject is not speaker:  # "Having noted that X, Putin stressed …": Putin noted it
                    frame.speaker, frame.opener = subject, True
            if frame is not None and _is_passive(text, s_start, cue):
                # "he was told that …": what was said, by no one named; "was found dead": nothing;
                # "it is thought that …": the writer's hedge, no one's report
                impersonal = text[speaker.start : speaker.end] in ("it", "It")
                if impersonal or not _THAT_RE.match(text, c_end, s_end):
                    continue
                frame.speaker = None
            frame = _source_checked(text, cue, frame)
            if frame is not None:
                return frame
            continue
        before = text[s_start:c_start].rstrip()
        c_to = _content_end_before(text, s_start, c_start)
        adverb_aside = before.endswith(",") and _opens_with_sentence_adverb(text, s_start, c_to)
        # inverted: "…,” said Makei."
        if before.endswith((",", "”", '"', "''")) and (
            adverb_aside or _word_count(text, s_start, c_start) >= MIN_CONTENT_WORDS
        ):
            after = _speaker_after(text, c_end, s_end)
            if (
                after is not None
                and text[after.start : after.end].lower() in PRONOUN_SPEAKERS
                and text[after.end : after.end + 1] not in (".", ",", ";", "!", "?", "")
            ):
                after = None  # "…, said he would go": the pronoun opens the content
            if after is not None and _is_possessive_object(text, after):
                after = None  # "…, explained its goals and tasks, and told …": the cue's object
            if after is not None and adverb_aside:
                # "More significantly, argues the report, X.": the writer's adverb, then the report
                aside_end = _CONTENT_AFTER_ASIDE_RE.match(text, after.end, s_end)
                if aside_end is None:
                    continue
                begin = aside_end.end()
                content = [_trim(text, begin, _clause_end(text, begin, s_end, quoted))]
                frame = _source_checked(text, cue, _Frame(after, c_start, c_end, content, True))
                if frame is not None:
                    return frame
                continue
            if after is not None:
                content = [_trim(text, s_start, c_to)]
                rest = _rest_after_trailing(text, after.end, s_end, quoted)
                if rest is not None:
                    content.append(rest)
                frame = _source_checked(text, cue, _Frame(after, c_start, c_end, content, True))
                if frame is not None:
                    return frame
        # a long apposition: "Wilcox, whose studies the army paid for, said …", or a second verb
        # ("Doe praised Roe and said …"): the subject speaks
        coordinated = (" " + before).endswith((" and", " but"))
        if (before.endswith(",") and s_start == sentence_start) or coordinated:
            if _pronoun_before_aside(text, s_start, before):
                continue  # "…, and this, of course, shows …": the pronoun is the subject
            subject = _subject_of(text, sentence_start, c_start)
            if subject is not None and (coordinated or text.find(",", subject.end, c_start) != -1):
                frame = _source_checked(
                    text, cue, _speaker_first_frame(text, s_start, s_end, cue, subject, quoted, cues)
                )
                if frame is not None and not frame.trailing:
                    return frame
    return None


#: A sentence adverb that opens a sentence before an inverted cue: one word in -ly
#: (``Significantly, said Mr Smith, X.``; not a noun or a name in -ly, :func:`_is_lone_adverb`),
#: the same after a modifier (``More significantly, argues the report, X.``) or a set phrase (``In
#: fact``). It is the writer's, and the report is what follows the source (``X``), or nothing when
#: nothing follows.
_SENTENCE_ADVERB_RE = re.compile(
    r"(?:(?:[Mm]ore|[Mm]ost|[Ll]ess|[Ll]east|[Ee]ven|[Pp]erhaps|[Bb]ut|[Aa]nd|[Qq]uite|[Rr]ather|[Vv]ery|"
    r"[Ff]ar|[Mm]uch)\s+){1,2}[a-z]{2,}ly"
    r"|(?P<lone>[A-Z][a-z]{2,}ly)"
    r"|Above all|In fact|In addition|Even so|Of course|After all|In particular|In short|In turn"
)
#: Endings of adverbs in -ly made from adjectives (``Crucially``, ``Seriously``, ``Significantly``,
#: ``Reportedly``, ``Arguably``, ``Interestingly``, ``Unfortunately``, ``Happily``, ``Frankly``);
#: names and places end otherwise (``Italy``, ``Desailly``, ``Kelly``) or are in :data:`_LY_NAMES`.
_ADVERB_ENDINGS = (
    "ally", "ously", "ively", "ently", "antly", "dly", "ably", "ibly", "arly", "ingly", "ately", "fully",
    "ssly", "tly", "kly", "rily", "kily", "pily", "sily", "dily", "tily", "vily", "rely", "gely", "sely",
    "mely", "tely", "wly", "ghly",
)  # fmt: skip
#: Names with an adverb's ending, never sentence adverbs (``Sally, said Mr Smith``).
_LY_NAMES = frozenset("sally wally kimberly bradly whately".split())


def _is_lone_adverb(word: str) -> bool:
    """Whether one word is a sentence adverb in -ly (``Significantly``, ``Interestingly``: an
    ending of :data:`_ADVERB_ENDINGS`), not a name (``Italy``, ``Desailly``, :data:`_LY_NAMES`) or
    a noun (:data:`_LY_NOUNS`: ``Family``)."""
    low = word.lower()
    return (
        len(low) > 4
        and low.endswith(_ADVERB_ENDINGS)
        and low.isalpha()
        and low not in _LY_NOUNS
        and low not in _LY_NAMES
    )


def _opens_with_sentence_adverb(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is nothing but a sentence adverb (:data:`_SENTENCE_ADVERB_RE`)."""
    m = _SENTENCE_ADVERB_RE.fullmatch(text, start, end)
    return m is not None and (m.group("lone") is None or _is_lone_adverb(m.group("lone")))


_CONTENT_AFTER_ASIDE_RE = re.compile(r",\s+(?=\S+\s+\S+)")


#: Words that make ``shows``/``signals`` after them a plural noun, a programme or a broadcast: ``TV
#: shows``, ``HD signals``, ``talk shows`` (a lower-case one is a thing anyway; these guard the
#: capitalised and the acronyms, which read as names).
PROGRAMME_MODIFIERS: frozenset[str] = frozenset(
    "tv television radio talk game chat quiz reality cookery comedy road hd satellite".split()
)
#: Endings of abstract nouns (``Experience``, ``Speculation``, ``Agreement``, ``Realising``): such a
#: word opening a sentence is a common noun even when the text writes it nowhere else.
ABSTRACT_NOUN_ENDINGS: tuple[str, ...] = (
    "ence", "ance", "tion", "sion", "ment", "ness", "ity", "ism", "ship", "hood", "ing",
)  # fmt: skip


def _is_common_word_opening(text: str, start: int, end: int) -> bool:
    """Whether a one-word speaker is a common noun capitalised only because it opens the sentence
    (``Experience shows that …``, ``Time showed …``, ``Speculation suggests …``): Title case, at a
    sentence start (a paragraph start or after ``. ! ?`` and a space), no given name, no source
    noun (``Figures``, ``Research``, ``Polls`` are records and report), with an ending of
    :data:`ABSTRACT_NOUN_ENDINGS` or written in lower case elsewhere in the text, and never with a
    capital after a word (``… said Nokia``, ``at Cairn``): a common noun is written in lower case
    somewhere, a name never (``Europe, which disputes the claim, has signalled …`` keeps its
    speaker). The text's words are indexed once (:func:`_word_index`), so many such sentences
    cost one pass, not one pass each."""
    word = text[start:end]
    if not (word.isalpha() and word[0].isupper() and word[1:].islower() and len(word) > 1):
        return False
    if word in GIVEN_NAMES or is_source_mention(word.lower()):
        return False
    lead = text[max(0, start - 3) : start].rstrip(" \t\"“'‘")
    if lead and not lead.endswith(("\n", ".", "!", "?")):
        return False  # mid-sentence: capitalised for a reason
    low = word.lower()
    lower_words, mid_sentence_capitals = _word_index(text)
    common = low.endswith(ABSTRACT_NOUN_ENDINGS) or low in lower_words
    return common and word not in mid_sentence_capitals


_WORD_RUN_RE = re.compile(r"[^\W_]+")


@functools.lru_cache(maxsize=4)
def _word_index(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """The text's words written all in lower case, and its Title-case words written after a word
    or after ``,`` ``;`` ``:`` ``(`` (quotation marks and spaces between skipped): one pass over
    the text, kept for the few texts being read (a string caches its hash, so a lookup is cheap)."""
    lower: set[str] = set()
    capitals: set[str] = set()
    for m in _WORD_RUN_RE.finditer(text):
        word = m.group(0)
        if word.islower():
            lower.add(word)
        elif word[0].isupper() and (len(word) == 1 or word[1:].islower()):
            before = text[max(0, m.start() - 3) : m.start()].rstrip(" \t\"“'‘")
            if (before and before[-1].isalnum()) or before.endswith((",", ";", ":", "(")):
                capitals.add(word)
    return frozenset(lower), frozenset(capitals)


#: Adjectives in -ly that open a noun phrase (``Early results show``): never a sentence adverb.
_LY_ADJECTIVES = frozenset("early only likely elderly lovely lonely friendly costly".split())


def _without_lead_adverb(text: str, sp: _Speaker) -> _Speaker:
    """A speaker without the sentence adverb that opens it (``Privately ministers believe`` →
    ``ministers``; ``Ultimately, Dr Frasca fears`` → ``Dr Frasca``): an adverb says how or when
    the report is made, it is no part of the source. The adverb (:func:`_is_lone_adverb`, not
    :data:`_LY_ADJECTIVES`) must open the sentence (capitalised) or be followed by a comma, and be
    followed by a comma or a lower-case word: before a capital it may be a given name (``Carly
    Fiorina``); a lower-case one with no comma belongs to a verb (``staff has reportedly expressed
    fears``: not the speaker of ``fears``)."""
    mention = text[sp.start : sp.end]
    space = mention.find(" ")
    if space <= 0:
        return sp
    first = mention[:space].rstrip(",")
    if not _is_lone_adverb(first) or first.lower() in _LY_ADJECTIVES:
        return sp
    rest = space
    while rest < len(mention) and mention[rest] == " ":
        rest += 1
    comma = mention[space - 1] == ","
    if rest == len(mention) or not (comma or mention[rest].islower()) or not (comma or first[0].isupper()):
        return sp
    return _Speaker(sp.start + rest, sp.end)


_POSSESSIVE_SUFFIX_RE = re.compile(r"(?:[’']s|(?<=s)[’'])$")


def _owner_of_noun_cue(text: str, cue: tuple[int, int], sp: _Speaker) -> _Speaker:
    """A speaker read before a noun cue without its possessive ending: in ``the group's plans
    to …``, ``Mr Mallon's claim …`` the report is its owner's (``the group``, ``Mr Mallon``); the
    possessive word itself is no noun phrase. A noun cue is one of :data:`NOUN_CUES` or a plural
    (a cue word ending in ``s`` other than ``says``: ``plans``, ``hopes``, ``calls for``); a verb
    cue keeps the word whole (``McDonald's denied``, ``Foster's says`` name a firm), and so does an
    evidence cue (``children's shows``: the cue is a noun, :func:`_source_checked` decides) and an
    owner that is a fragment (``today's plans``: a time, no source)."""
    word = text[cue[0] : cue[1]].split(" ", 1)[0].lower()
    if word not in NOUN_CUES and (not word.endswith("s") or word == "says"):
        return sp
    if _normal_cue_at(text, cue[0], cue[1]) in EVIDENCE_CUES:
        return sp
    m = _POSSESSIVE_SUFFIX_RE.search(text, sp.start, sp.end)
    if m is None or m.start() == sp.start or is_fragment_mention(text[sp.start : m.start()]):
        return sp
    return _Speaker(sp.start, m.start())


def _source_checked(text: str, cue: tuple[int, int], frame: _Frame | None) -> _Frame | None:
    """``frame`` with a speaker that can be a source, or None when the cue reports nothing.

    - An evidence cue (:data:`EVIDENCE_CUES`) reports nothing without a subject, when its subject
      is a fragment (:func:`is_fragment_mention`: ``000 hours of shows``), a pronoun of a thing
      (``this shows``, ``which suggests``), a common noun capitalised to open the sentence
      (:func:`_is_common_word_opening`: ``Experience shows``) or a word that makes the cue a noun
      (:data:`PROGRAMME_MODIFIERS`: ``TV shows``), or when it says how or why (``his popularity shows how
      deeply …``: the writer's comment), or that nothing happened (``showed no sign``).
    - A cue of :data:`ATTITUDE_VERBS` or an evidence cue after a thing reports nothing (``the
      music seemed to …``, ``recent events suggest …``).
    - Any other speaker that is a fragment (:func:`is_fragment_mention`: ``scotch``, ``Among
      sweeteners``, ``last year``) or a bare phrase that cannot be a source (``more encouraging``)
      is dropped, and the report stays without a speaker: the cue is still a report (``the
      experts I interviewed said …``), only its speaker was misread. A determined noun phrase
      before a verb of speech is kept even when its head is not in the lexicon (``The airline
      said …``).
    """
    if frame is None:
        return None
    if frame.speaker is not None:
        frame.speaker = _owner_of_noun_cue(text, cue, _without_lead_adverb(text, frame.speaker))
    sp = frame.speaker
    mention = text[sp.start : sp.end] if sp is not None else None
    if _normal_cue_at(text, cue[0], cue[1]) in EVIDENCE_CUES and (
        sp is None
        or mention is None
        or _is_broken_mention(mention, _mention_words(mention))
        or _is_thing_pronoun(mention)
        or _is_common_word_opening(text, sp.start, sp.end)
        or mention.lower() in PROGRAMME_MODIFIERS
        or _COMMENT_AFTER_EVIDENCE_RE.match(text, cue[1])
    ):
        return None
    if mention is not None and not is_source_mention(mention):
        if _normal_cue_at(text, cue[0], cue[1]) in _VIEW_CUES and _opens_with_preposition(mention):
            return None  # "without any real thought for the fact that …": the cue is a noun
        if is_fragment_mention(mention):
            frame.speaker = None
        elif _normal_cue_at(text, cue[0], cue[1]) in _VIEW_CUES:
            return None  # "the music seemed to match the mood", "an injury denied him the chance"
        elif mention.split(None, 1)[0].lower() not in _DETERMINED:
            frame.speaker = None  # "more encouraging reports": a bare phrase of the sentence
        # else "The airline said …": a determined noun phrase that speaks is taken as a source
    return frame


#: A preposition and a determiner read as a view cue's "speaker" (``without any real thought for
#: the fact that …``, ``in the faint hope``): the cue word is the noun those open, and nothing is
#: reported. A preposition with no determiner may end a longer subject (``those who support
#: imprisonment without trial believe …`` reports).
_PREPOSITIONS = NOT_SOURCE_FIRST - frozenset(
    "and but or nor so yet if because although though while whereas whether unless as like".split()
)
_NOUN_DETERMINERS = frozenset(
    "a an the any no some every each this these those his her their its our my your".split()
)


def _opens_with_preposition(mention: str) -> bool:
    """Whether a mention opens with a preposition and a determiner (:data:`_PREPOSITIONS`)."""
    words = mention.lower().split(None, 2)
    return len(words) >= 2 and words[0] in _PREPOSITIONS and words[1] in _NOUN_DETERMINERS


#: Words that open a determined noun phrase ("The airline", "its owner"); not "more", "some".
_DETERMINED = frozenset("the a an this that these those his her their its our my your another".split())


#: Cues of a view, a wish or a decision, not of speech: a thing cannot hold them ("the music seemed
#: to …", "a hamstring injury denied Doe the chance …"), so after a thing they report nothing.
ATTITUDE_VERBS: tuple[str, ...] = tuple(
    (
        "seem believe think expect hope fear know want find decline refuse seek plan intend threaten "
        "aim support oppose back reject agree deny confirm estimate remember realize wonder "
        "worry-about vote-for project focus-on"
    ).split()
)
_ATTITUDE_CUES = frozenset(form for verb in ATTITUDE_VERBS for form in REPORTING_CUES[verb.replace("-", " ")])
_VIEW_CUES = _ATTITUDE_CUES | EVIDENCE_CUES  # "recent events suggest …": no holder, no report


#: Cues that take a thing as object when "a"/"an"/"another" follows: "Cole added a second goal".
_THING_OBJECT_CUES = frozenset(REPORTING_CUES["add"] + REPORTING_CUES["agree"])
#: ``will announce`` + a noun phrase is an act to come, nothing said yet: ``Lund will announce his
#: squad on Friday``, ``the ministry is to announce its budget``, ``plans to announce a deal``
#: (PolNeAR dev+train: 1 of 5 infinitive or future ``announce`` + a noun phrase is gold). ``will
#: announce that …``, ``will announce whether …`` and a quotation after the cue still report.
_FUTURE_BEFORE_RE = re.compile(r"(?:^|\s)(?:will|would|shall|to|[A-Za-z]+['’]ll)\s+(?:[a-z]+ly\s+)?$")
_CLAUSE_AFTER_CUE_RE = re.compile(r"\s*(?::|(?:that|whether|how|what|why|when|where|who|if)\b)")


def _is_announcement_to_come(
    text: str, s_start: int, s_end: int, cue: tuple[int, int], quoted: list[_Segment]
) -> bool:
    """Whether a base-form ``announce`` follows ``will``/``would``/``to`` and leads a noun
    phrase, not a clause, a colon or a quotation."""
    if any(cue[1] <= seg.start < s_end for seg in quoted):
        return False
    lo = max(s_start, cue[0] - 24)  # the auxiliary and an adverb: a bounded window, and the space before it
    if _FUTURE_BEFORE_RE.search(text, lo - 1 if lo else 0, cue[0]) is None:
        return False
    return _CLAUSE_AFTER_CUE_RE.match(text, cue[1], s_end) is None


_ADD_CUES = frozenset(REPORTING_CUES["add"])
#: ``added`` + a count is a score or a sum, not words: ``Jones added four conversions``, ``Berg
#: added two goals``, ``the economy added 151,000 jobs`` (PolNeAR dev+train: 0 of 12 such are
#: gold; the 2 gold ``added another …`` follow a quotation, the source after the cue). A count is
#: digits or a number word before a lower-case word; a colon or a quotation after it (``added
#: one more point: …``) or an inverted cue (``…,” added two officials``) still report.
_COUNT_OBJECT_RE = re.compile(
    r"\s+(?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|dozens|"
    r"hundreds|thousands|millions|billions)\s+(?:more\s+|further\s+|extra\s+)?[a-z]"
)
MAX_COUNT_OBJECT_CHARS = (
    60  #: characters after ``added`` + a count searched for a colon (``added one more point: …``)
)


def _adds_a_count(text: str, s_start: int, s_end: int, cue: tuple[int, int], quoted: list[_Segment]) -> bool:
    """Whether an ``add`` cue leads a count object (:data:`_COUNT_OBJECT_RE`), with no colon
    within :data:`MAX_COUNT_OBJECT_CHARS` and no quotation after it, and does not follow a comma or
    a closing mark (an inverted cue)."""
    if text[max(s_start, cue[0] - 3) : cue[0]].rstrip().endswith((",", "”", '"', "''")):
        return False
    if any(cue[1] <= seg.start < s_end for seg in quoted):
        return False
    if _COUNT_OBJECT_RE.match(text, cue[1], s_end) is None:
        return False
    return text.find(":", cue[1], min(s_end, cue[1] + MAX_COUNT_OBJECT_CHARS)) == -1


_REPLY_CUES = frozenset((*REPORTING_CUES["reply"], *REPORTING_CUES["respond"]))
#: ``replied with``/``responded with`` + a count or a score is an act in a match or a market, no
#: words: ``the visitors replied with three penalties``, ``the shares responded with a 5% rise``,
#: ``they replied with a 2-0 win``. PolNeAR train + dev: none of its 9 verb ``responded with`` +
#: a noun phrase holds a count (4 are gold, ``responded with the lawsuit …``, ``with attacks on …``:
#: other noun phrases of words or deeds stay reports), and no quote there changes; a quotation after
#: the cue (``replied with three words: “…”``) or a colon within :data:`MAX_COUNT_OBJECT_CHARS`
#: still report.
_WITH_RE = re.compile(r"\s+with(?=\s)")
_SCORE_OBJECT_RE = re.compile(r"\s+(?:a|an)\s+\d[\d.,]*(?:%|-\d+)?\s")


def _replies_with_a_count(text: str, s_end: int, cue: tuple[int, int], quoted: list[_Segment]) -> bool:
    """Whether a ``reply``/``respond`` cue is followed by ``with`` and a count (:data:`_COUNT_OBJECT_RE`)
    or a score (``a 2-0 win``, ``a 5% rise``), with no colon within :data:`MAX_COUNT_OBJECT_CHARS`
    and no quotation after the cue."""
    if any(cue[1] <= seg.start < s_end for seg in quoted):
        return False
    with_ = _WITH_RE.match(text, cue[1], s_end)
    if with_ is None:
        return False
    if (
        _COUNT_OBJECT_RE.match(text, with_.end(), s_end) is None
        and _SCORE_OBJECT_RE.match(text, with_.end(), s_end) is None
    ):
        return False
    return text.find(":", cue[1], min(s_end, cue[1] + MAX_COUNT_OBJECT_CHARS)) == -1


#: ``added`` + a definite or possessive noun phrase + ``to`` + a noun phrase puts a thing into
#: something, an act, not words: ``Lund added the league trophy to her cup medals``, ``the board
#: added Berg's plan to the agenda`` (PolNeAR train + dev: none of its ``add`` cues reads so; the
#: one match of the pattern, ``added that … to the function``, is a clause and stays). The object
#: is at most :data:`MAX_ADDED_OBJECT_WORDS` words before ``to``, with no punctuation or quotation
#: mark; ``added that …``, ``added: …``, an inverted cue (``“X,” added the coach to reporters``)
#: and a quotation after the cue still report. One bounded match after the cue.
MAX_ADDED_OBJECT_WORDS = 6  #: words between the determiner and ``to`` (``the Dubai trophy``)
_ADDED_THING_TO_RE = re.compile(
    r"\s+(?:the|his|her|their|its|our|my|your|[A-Z][\w-]*[’']s)\s+"
    r"(?:[\w’'-]+\s+){0," + str(MAX_ADDED_OBJECT_WORDS) + r"}?to\s+"
    r"(?:the|his|her|their|its|our|my|your|a|an|this|these|those)\s"
)


def _adds_a_thing_to(
    text: str, s_start: int, s_end: int, cue: tuple[int, int], quoted: list[_Segment]
) -> bool:
    """Whether an ``add`` cue leads ``the X to the Y`` (:data:`_ADDED_THING_TO_RE`), not after a
    comma or a closing mark (an inverted cue) and with no quotation after it."""
    if text[max(s_start, cue[0] - 3) : cue[0]].rstrip().endswith((",", "”", '"', "''")):
        return False
    if any(cue[1] <= seg.start < s_end for seg in quoted):
        return False
    return _ADDED_THING_TO_RE.match(text, cue[1], s_end) is not None


_INDEFINITE_OBJECT_RE = re.compile(r"\s+(?:a|an|another)\s+(?![\"“])")

_CLAIM_CUES = frozenset(REPORTING_CUES["claim"])
#: ``claimed`` + a prize is a win or a toll, not words: ``she claimed the 200m title``, ``Berg
#: claimed gold``, ``the storm claimed three lives`` (PolNeAR dev+train: 0 of 1 ``claimed the
#: prize``). ``victory`` and ``win`` are no prizes here: claiming victory is said (PolNeAR: 5 of 8
#: ``claim`` + ``victory`` are gold, ``Clinton claimed victory in a tweet``). The noun or a race
#: distance (``the 200m``) is one of the first :data:`MAX_PRIZE_OBJECT_WORDS` words after the
#: cue, before any punctuation; ``claimed that …`` and a quotation after the cue still report.
PRIZE_NOUNS = frozenset(
    "title titles crown medal medals gold silver bronze trophy cup prize seat seats lives scalp".split()
)
MAX_PRIZE_OBJECT_WORDS = 4  #: words after ``claimed`` searched for a noun of :data:`PRIZE_NOUNS`
_PRIZE_WORD_RE = re.compile(r"[\s(]*([\w'’-]+)")
#: a finite verb after the noun makes it a clause's subject: ``claimed victory was certain`` reports
_FINITE_AFTER_PRIZE = frozenset("is was are were has had have would will could should might may".split())
_DISTANCE_RE = re.compile(r"\d+(?:m|km|metres|meters)")


def _claims_a_prize(text: str, s_end: int, cue: tuple[int, int], quoted: list[_Segment]) -> bool:
    """Whether a ``claim`` cue leads, within :data:`MAX_PRIZE_OBJECT_WORDS` words and before any
    punctuation or ``that``, a noun of :data:`PRIZE_NOUNS` or a race distance, with no quotation
    after the cue."""
    if any(cue[1] <= seg.start < s_end for seg in quoted):
        return False
    pos = cue[1]
    for _ in range(MAX_PRIZE_OBJECT_WORDS):
        match = _PRIZE_WORD_RE.match(text, pos, s_end)
        if match is None:  # punctuation ends the object
            return False
        word = match.group(1).lower()
        if word in ("that", "to", "it", "he", "she", "they", "we", "i"):
            return False
        if word in PRIZE_NOUNS or _DISTANCE_RE.fullmatch(word):
            after = _PRIZE_WORD_RE.match(text, match.end(), s_end)
            if after is not None and after.group(1).lower() in PRIZE_NOUNS:  # "gold medal"
                after = _PRIZE_WORD_RE.match(text, after.end(), s_end)
            return after is None or after.group(1).lower() not in _FINITE_AFTER_PRIZE
        pos = match.end()
    return False


_SAY_CUES = frozenset(REPORTING_CUES["say"])
#: ``said it`` / ``said this`` + an adjunct or nothing has a pronoun for its object: ``unless he
#: just said it in the heat of the moment``, ``I said this publicly before.``, ``she says it
#: again``: nothing is reported there (the labelled samples count none a quote; PolNeAR train +
#: dev: 1 of 19 such is gold). ``said it was …`` / ``says this is …`` (a clause), a colon, a dash,
#: a complementiser ``that`` (``I will say it again, that X``) within
#: :data:`MAX_SAID_PRONOUN_CHARS` or a quotation after the pronoun still report. ``said so``
#: is left alone: PolNeAR annotates it (5 of 6, ``55 percent said so in December``).
_SAID_A_PRONOUN_RE = re.compile(
    r"\s+(?:it|this)(?:\s*(?:[,.;!?)]|$)|\s+(?:in|on|at|to|with|for|from|about|before|after|again|during|"
    r"when|because|yesterday|today|publicly|repeatedly|once|twice|last|too|openly|explicitly|directly|"
    r"earlier|recently|myself|himself|herself|themselves|ourselves)\b)"
)
MAX_SAID_PRONOUN_CHARS = 80  #: characters after ``said it`` searched for a colon or a dash


def _says_a_pronoun(text: str, s_end: int, cue: tuple[int, int], quoted: list[_Segment]) -> bool:
    """Whether a ``say`` cue has ``it``/``this`` for its object, then an adjunct or the sentence's
    end (:data:`_SAID_A_PRONOUN_RE`), with no colon or dash within :data:`MAX_SAID_PRONOUN_CHARS`
    and no quotation after the cue."""
    window_end = _object_window(text, s_end, cue, quoted, _SAID_A_PRONOUN_RE, MAX_SAID_PRONOUN_CHARS)
    if window_end is None:
        return False  # also "I will say it again, that X": the pronoun announces the clause
    window = text[cue[1] : window_end]
    return not any(mark in window for mark in (":", "–", "—", " - "))


def _object_window(
    text: str, s_end: int, cue: tuple[int, int], quoted: list[_Segment], pattern: re.Pattern[str], chars: int
) -> int | None:
    """The end of the ``chars`` characters after a cue whose object ``pattern`` matches right after
    it, with no quotation in the rest of the sentence and no complement ``that`` (one not opening a
    relative clause, :data:`_RELATIVE_THAT_RE`) in that window; else None."""
    if any(cue[1] <= seg.start < s_end for seg in quoted) or pattern.match(text, cue[1], s_end) is None:
        return None
    window_end = min(s_end, cue[1] + chars)
    that = _that_word(text, cue[1], window_end)
    if that != -1 and not _RELATIVE_THAT_RE.match(text, that):
        return None
    return window_end


_REALIZE_CUES = frozenset(REPORTING_CUES["realize"])
#: ``realised`` + a noun phrase with no verb of its own names what was grasped, not a thought:
#: ``I realised the depth and the capabilities of our industry``, ``she realises their
#: implications`` (PolNeAR train + dev: 0 of 2 such are gold). The phrase opens with a determiner
#: or a possessive, and none of its first :data:`MAX_REALISED_OBJECT_WORDS` words before
#: punctuation is a finite verb (:data:`_FINITE_AFTER_PRIZE`, :data:`_IRREGULAR_PASTS` or a word in
#: ``-ed`` after the first): ``realised the journalist was Jewish``, ``realised the plan failed``,
#: ``realised that …``, ``realised how …`` and a quotation after the cue still report.
MAX_REALISED_OBJECT_WORDS = 12  #: words after ``realised the`` searched for a finite verb
_REALISED_OBJECT_RE = re.compile(
    r"\s+(?:the|a|an|his|her|its|their|our|my|your|these|those)\s+([^,.;:!?\"“”–—()]*)"
)
_IRREGULAR_PASTS = frozenset(
    "went came got made meant took gave became left fell rose lost won knew saw stood felt ran held "
    "began grew "
    "can must did does do".split()
)


def _realises_a_thing(text: str, s_end: int, cue: tuple[int, int], quoted: list[_Segment]) -> bool:
    """Whether a ``realise`` cue is followed by a noun phrase with no finite verb of its own
    (:data:`_REALISED_OBJECT_RE`) and no quotation after the cue."""
    if any(cue[1] <= seg.start < s_end for seg in quoted):
        return False
    match = _REALISED_OBJECT_RE.match(text, cue[1], min(s_end, cue[1] + 12 * MAX_REALISED_OBJECT_WORDS))
    if match is None:
        return False
    words = match.group(1).lower().split()[:MAX_REALISED_OBJECT_WORDS]
    return not any(
        word in _FINITE_AFTER_PRIZE or word in _IRREGULAR_PASTS or (k > 0 and word.endswith("ed"))
        for k, word in enumerate(words)
    )


#: A past participle right after its noun, with no auxiliary, and then a preposition or a time word
#: modifies the noun (a reduced relative clause), and reports nothing when the noun phrase opens
#: with an article or a demonstrative (:data:`_ARTICLES`) and can be no source: ``The big trend
#: predicted for this year is …``, ``the job cuts announced last year``, ``the ceremony concluded
#: with the anthem``. Still reports: a source before the participle (``The minister predicted in
#: May that …``), a name, a pronoun, a phrase after a preposition (``people at his rallies agreed
#: …``: the end of a longer subject), a verb with its own preposition (:data:`_INTRANSITIVE_CUES`:
#: ``agreed on``, ``asked for``), a cue of speech (:data:`_SPEECH_ONLY_PARTICIPLES`: ``the
#: airline said on Monday …``), a complementiser ``that`` or a subject and its verb within
#: :data:`MAX_PARTICIPLE_THAT_CHARS` (``the board warned on Tuesday that …``, ``announced on
#: Monday it would …``) and ``by`` + an agent (``a claim rejected by the inquiry``: PolNeAR
#: annotates the agent). PolNeAR train + dev: of the 4 such quotes the extractor found, 1 overlaps
#: a gold cue (``a plan announced earlier this year``), 3 do not (``the ballot measure planned
#: for this fall``).
_PREPOSITION_AFTER_PARTICIPLE_RE = re.compile(
    r"\s+(?:for|in|on|at|from|with|over|under|during|since|after|before|last|this|earlier)\b"
)


_INTRANSITIVE_CUES = frozenset(
    ("agreed", "asked", "aimed", "hoped", "worried", "echoed", "hinted", "pointed")
)
#: cues almost never a participle modifying a thing: ``the airline said on Monday …`` reports
_SPEECH_ONLY_PARTICIPLES = frozenset(
    ("said", "told", "added", "replied", "explained", "insisted", "stressed")
)
_ARTICLES = frozenset(("the", "a", "an", "this", "these", "those"))
MAX_PARTICIPLE_THAT_CHARS = 60  #: characters after the participle searched for a complementiser "that"


def _is_reduced_relative(text: str, speaker: _Speaker, cue: tuple[int, int], s_end: int) -> bool:
    """Whether a cue in ``-ed`` (or an irregular participle) follows its speaker with only a space
    between, the speaker's last word is lower case and the speaker no source
    (:func:`is_source_mention`), and a preposition or time word follows the cue."""
    word = text[cue[0] : cue[1]]
    if " " in word or not (word.endswith("ed") or word in _IRREGULAR_PARTICIPLES):
        return False
    if (
        text[speaker.end : cue[0]] != " "
        or _PREPOSITION_AFTER_PARTICIPLE_RE.match(text, cue[1], s_end) is None
    ):
        return False
    if word in _INTRANSITIVE_CUES or word in _SPEECH_ONLY_PARTICIPLES:
        return False  # "voters agreed on …", "counsel asked for …": a verb with its preposition
    window_end = min(s_end, cue[1] + MAX_PARTICIPLE_THAT_CHARS)
    that = _that_word(text, cue[1], window_end)
    if that != -1 and not _RELATIVE_THAT_RE.match(text, that):
        return False  # "his aides warned on Tuesday that …": a finite verb and its clause
    if _TOLD_CLAUSE_RE.search(text, cue[1], window_end) is not None:
        return False  # "the airline announced on Monday it would …": a clause after the adjunct
    before = text[max(0, speaker.start - 12) : speaker.start].split()
    if before and before[-1].lower() in NOT_SOURCE_LAST:
        return False  # "people at his rallies agreed …": the phrase ends a longer subject
    mention = text[speaker.start : speaker.end]
    if mention.split(" ", 1)[0].lower() not in _ARTICLES:
        return False  # "England's fly-half said last week …", "we have always said this": no article
    last = mention.rsplit(" ", 1)[-1]
    if not last[:1].islower() or last.lower() in PRONOUN_SPEAKERS or last.endswith(("self", "selves", "ly")):
        return False  # a name, a pronoun, "Sanders himself", "formally": no noun to modify
    return not is_source_mention(mention)


#: ``it goes without saying that …`` is the writer's idiom, no one's words (PolNeAR dev: its one
#: ``goes without saying`` is not gold); the two words before ``saying``, lower-cased.
_GOES_WITHOUT = [[verb, "without"] for verb in ("go", "goes", "went", "gone", "going")]
_THINK_CUES = frozenset(REPORTING_CUES["think"])
_FIND_CUES = frozenset(REPORTING_CUES["find"])
#: ``found itself at the centre of …``, ``finds herself struggling``: being in a plight, not a finding
#: (PolNeAR dev+train: 8 of 13 such quotes overlap no gold; the 5 that do overlap another report)
_REFLEXIVE_RE = re.compile(r"\s+(?:myself|yourself|yourselves|himself|herself|itself|ourselves|themselves)\b")
#: ``found`` + a place or a target in play, or a player, is a move in a match, nothing found out:
#: ``Berg found space in the area``, ``her shot found the net``, ``found the top corner``, ``the
#: corner found Jo Lund, whose volley …`` (a name, not a title's abbreviation, then a comma, a full
#: stop, ``who``/``whose`` or a place preposition). A clause after the name (``found Doe had
#: lied``, ``found Mr. Doe too rude``), a subject of :data:`FINDING_SUBJECTS` (``the poll found Doe,
#: 34, leading``, ``a jury found Doe, who …, not guilty``) or a quotation still report. PolNeAR
#: train + dev: 101 of the 126 quotes read at ``found``/``finds`` overlap gold, nearly all with a
#: clause or a finding subject; this rule changes 2 of them, neither gold (``Ms. A, who helped
#: found EDGE, a group …`` gives way to ``said``).
_FOUND_IN_PLAY_RE = re.compile(
    r"\s+(?:(?:the|a|an|his|her|their|its)\s+)?(?:(?:bottom|top|far|near|back)\s+(?:of\s+the\s+)?)?"
    r"(?:space|room|net|target|corner|gap|range)\b"
    r"|\s+(?!(?:Mr|Mrs|Ms|Dr|Sen|Gov|Rep|Gen|St)\.)[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,3}"
    r"(?:\s*[,.]|\s*$|\s+(?:who|whose|in|at|on|inside|outside|unmarked)\b)"
)
#: subjects whose ``found`` is a finding whatever follows (``a jury found Doe, 34, not guilty``)
FINDING_SUBJECTS: frozenset[str] = frozenset(
    (
        "poll polls survey surveys study studies report reports inquiry investigation investigators "
        "court jury judge judges tribunal panel committee review audit analysis research researchers "
        "authors scientists data figures experts"
    ).split()
)
MAX_FINDING_SUBJECT_CHARS = 40  #: characters before ``found`` read for its subject's last word


def _found_in_play(text: str, s_start: int, s_end: int, cue: tuple[int, int], quoted: list[_Segment]) -> bool:
    """Whether a ``find`` cue is followed by a place or target in play or a player
    (:data:`_FOUND_IN_PLAY_RE`), its subject is no :data:`FINDING_SUBJECTS` and no quotation follows."""
    if _FOUND_IN_PLAY_RE.match(text, cue[1], s_end) is None:
        return False
    if any(cue[1] <= seg.start < s_end for seg in quoted):
        return False
    before = text[max(s_start, cue[0] - MAX_FINDING_SUBJECT_CHARS) : cue[0]].split()
    if not before:
        return True
    last = before[-1].lower()
    return (last[:-2] if last.endswith(("’s", "'s")) else last) not in FINDING_SUBJECTS


#: Cue forms that are also plural nouns: before ``which`` they are the noun (``claims which are
#: denied``, ``reports which the ministry dismissed``), not a verb taking a wh-clause as ``asks
#: which`` and ``says which`` do
NOUN_LIKE_CUES: frozenset[str] = frozenset("claims reports calls plans fears hopes notes promises".split())
_RELATIVE_WHICH_RE = re.compile(r",?\s+which\s+(?:\w+\s+){0,2}?(?:is|are|was|were|have|has|had)\b")
#: A plural cue form after a word that only a noun can follow (a preposition, a determiner, a
#: quantifier or one of a few adjectives: ``a backlog of claims was building up``, ``despite claims
#: to the contrary``, ``many fears remain``) is the noun, no verb: it reports nothing unless a
#: complement follows it (:data:`_NOUN_COMPLEMENT_RE`: ``claims that …``, ``amid claims he lied``,
#: ``calls to ban …``, ``calls for …``, ``hopes for …``, ``reports about …``, ``claims from Doe``,
#: ``fears: …``), ``that`` within :data:`MAX_NOUN_THAT_CHARS` (``claims by the firm that …``) or a
#: quotation: PolNeAR annotates those (train + dev: the 6 such nouns with a complement, ``calls to
#: ban …``, ``hopes for …``, ``reports about …``, all head or lie in a gold quote), and the noun frame
#: or the verb reading takes them; with the rule as written no quote of PolNeAR train + dev changes.
#: A subject before the cue (``the firm claims``, ``the Associated Press reports``) is no opener:
#: the cue is a verb.
_NOUN_OPENERS = frozenset(
    (
        "the a an this these those his her its their our your my of despite amid amidst over "
        "about against after following with without by for from in on into among any some many several "
        "no few numerous such more most other similar new fresh further false repeated recent earlier "
        "unfounded unsubstantiated wild previous initial"
    ).split()
)
#: a complement right after the noun: ``that``, an infinitive (``to`` + no determiner), ``for``,
#: ``of``, ``about``, ``from``, a subject pronoun or a capitalised subject (``amid claims Doe
#: lied``), a determined subject and its auxiliary within four words (``amid claims the poll could
#: be marred``), a colon or a quotation mark
_NOUN_COMPLEMENT_RE = re.compile(
    r"\s*(?::|[A-Z“\"]|(?:that|for|of|about|from|he|she|they|it|we|i|you)\b"
    r"|to\s+(?!(?:the|a|an|this|that|these|those|his|her|its|their|our|my|your)\b)[a-z]"
    r"|(?:the|a|an|this|these|those|his|her|its|their|our|some|many)\s+(?:[\w'’-]+\s+){1,3}?"
    r"(?:could|would|will|was|were|is|are|had|has|have|may|might|should|can|did|does|do)\b)"
)
MAX_NOUN_OPENER_CHARS = 24  #: characters before a plural cue searched for the word before it
MAX_NOUN_THAT_CHARS = 60  #: characters after a plural noun searched for a complement ``that``
_NOUN_THAT_RE = re.compile(r"\bthat\b")


def _is_plural_noun(
    text: str, s_start: int, s_end: int, cue: tuple[int, int], quoted: list[_Segment]
) -> bool:
    """Whether a plural cue form of :data:`NOUN_LIKE_CUES` is a noun (a word of :data:`_NOUN_OPENERS`
    before it) with no complement, ``that`` or quotation after it."""
    before = text[max(s_start, cue[0] - MAX_NOUN_OPENER_CHARS) : cue[0]]
    if before[-1:] != " ":
        return False
    words = before.split()
    if not words or words[-1].lower() not in _NOUN_OPENERS:
        return False  # "the firm claims …", "Doe reports …", "It's claims": a subject, a verb
    if any(cue[1] <= seg.start < s_end for seg in quoted):
        return False
    if _NOUN_COMPLEMENT_RE.match(text, cue[1], s_end) is not None:
        return False
    return _NOUN_THAT_RE.search(text, cue[1], min(s_end, cue[1] + MAX_NOUN_THAT_CHARS)) is None


#: ``think about`` + a noun phrase names a topic minded, not an opinion: ``we must think about
#: safety``, ``he thinks about the harbour`` (PolNeAR dev+train: 2 of 13 such are gold, a headline
#: ``How X Thinks About Y`` and ``plenty to think about in 2015``). A wh-clause or a gerund
#: (``think about how …``, ``thought about running``) is an intention or a view and still
#: reports, as do a finite verb within
#: :data:`MAX_TOPIC_VERB_WORDS` words (``I think about a month will do``: roughly), a colon within
#: :data:`MAX_TOPIC_OBJECT_CHARS` and a quotation after the cue.
_ABOUT_TOPIC_RE = re.compile(r"\s+about\s+([\w'’-]+)")
_CLAUSE_OPENERS = frozenset("how what whether why who whom which when where if that".split())
MAX_TOPIC_OBJECT_CHARS = 60  #: characters after ``think about`` searched for a colon (``think about X: …``)
MAX_TOPIC_VERB_WORDS = 4  #: words after ``about`` searched for a finite verb (``about a month will do``)


#: A speaker right after a relative ``which``/``whom`` (an aside between commas may stand between),
#: with nothing after its cue but punctuation (``crucial issues, which, of course, our people are
#: worried about.``; ``taxes, which voters complain about, will rise``), is the subject of a relative
#: clause whose object is that pronoun: the clause reports nothing, and the words before it are no
#: one's. With words after the cue it reports (``the plan, which critics say is flawed``).
_RELATIVE_BEFORE_SPEAKER_RE = re.compile(r"\b(?:which|whom)\s*(?:,[^,]{1,30},\s*)?$", re.IGNORECASE)
MAX_RELATIVE_ASIDE_CHARS = 48  #: characters before a speaker searched for a relative "which"/"whom"
#: nothing but punctuation after a cue (a quotation after it is its content: ``which Variety called
#: “a combination of …”`` reports)
_NOTHING_AFTER_CUE_RE = re.compile(r"\s*(?:[,.;:!?)]|$)")

#: ``discuss``, ``talk about`` and ``speak about`` + a noun phrase name what was talked about, not
#: what was said: ``The presidents discussed bilateral trade``, ``He spoke about the harbour``. The
#: labelled samples count none of them a quote (tuning: 7 of its 29 false quotes); PolNeAR
#: annotates them (dev 2 of 2, train 38 of 43 overlap gold), at a cost on dev of 0.1 point of
#: indirect recall. A clause (``discussed how …``, ``spoke about whether …``, ``talked about
#: what they had seen``) and a quotation after the cue still report.
_TOPIC_CUES = frozenset(
    (*REPORTING_CUES["discuss"], *REPORTING_CUES["talk about"], *REPORTING_CUES["speak about"])
) - {"spoke of"}
_TOPIC_CLAUSE_RE = re.compile(r"\s*(?:how|what|whether|why|who|whom|when|where|if|that)\b", re.IGNORECASE)


#: ``reported on`` + a noun phrase names a topic, as ``reported to <someone> on <topic>``
#: (:data:`_REPORTED_TO_RE`) does: ``The minister reported on the harvest``, ``She reported on
#: progress in the regions`` (PolNeAR train + dev: of the 3 verb ``reported on`` + a noun phrase,
#: 1 heads a gold quote, ``reported on his forms a fee was …``). A day or a date after ``on``
#: (``reported on Monday that …``), a clause opener (``reported on how …``), a colon or a
#: complementiser ``that`` within :data:`MAX_TOPIC_OBJECT_CHARS` (``reported on two websites that
#: the file was …``; a relative ``that`` + verb is the topic's: ``on the steps that were taken``)
#: and a quotation after the cue still report.
_REPORTED_ON_TOPIC_RE = re.compile(
    r"\s+on\s+(?!(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|"
    r"April|May|June|July|August|September|October|November|December|behalf|how|what|whether|why|who|"
    r"whom|when|where|if|that)\b|\d)"
)


def _reports_on_a_topic(text: str, s_end: int, cue: tuple[int, int], quoted: list[_Segment]) -> bool:
    """Whether a ``report`` cue is followed by ``on`` and a noun phrase (:data:`_REPORTED_ON_TOPIC_RE`),
    with no colon within :data:`MAX_TOPIC_OBJECT_CHARS` and no quotation after the cue."""
    window_end = _object_window(text, s_end, cue, quoted, _REPORTED_ON_TOPIC_RE, MAX_TOPIC_OBJECT_CHARS)
    if window_end is None:
        return False  # also "reported on some websites that the file was …": a medium, then the report
    return text.find(":", cue[1], window_end) == -1


def _names_a_topic(text: str, s_end: int, cue: tuple[int, int], quoted: list[_Segment]) -> bool:
    """Whether a :data:`_TOPIC_CUES` cue is followed by a noun phrase: no clause opener right
    after it and no quotation in the rest of the sentence."""
    if any(cue[1] <= seg.start < s_end for seg in quoted):
        return False
    return _TOPIC_CLAUSE_RE.match(text, cue[1], s_end) is None


def _thinks_about_a_topic(text: str, s_end: int, cue: tuple[int, int], quoted: list[_Segment]) -> bool:
    """Whether a ``think`` cue is followed by ``about`` and a noun phrase (no wh-word or gerund
    first), with no colon within :data:`MAX_TOPIC_OBJECT_CHARS` and no quotation after the cue."""
    if any(cue[1] <= seg.start < s_end for seg in quoted):
        return False
    match = _ABOUT_TOPIC_RE.match(text, cue[1], s_end)
    if match is None:
        return False
    after = text[match.end() : min(s_end, match.end() + MAX_TOPIC_OBJECT_CHARS)]
    if not _about_a_noun_phrase(match.group(1), after, MAX_TOPIC_VERB_WORDS):
        return False  # "think about how …", "I think about a month will suffice": a clause follows
    return text.find(":", cue[1], min(s_end, cue[1] + MAX_TOPIC_OBJECT_CHARS)) == -1


def _about_a_noun_phrase(first: str, after: str, max_words: int) -> bool:
    """Whether ``about`` + ``first`` (its next word) opens a noun phrase: ``first`` is no wh-word
    or gerund (``about how …``, ``about running``) and no finite verb stands among the first
    ``max_words`` words of ``after``, the text after it (``about a month will do``: ``about`` is
    "roughly" and a clause follows)."""
    low = first.lower()
    if low in _CLAUSE_OPENERS or low.endswith("ing"):
        return False
    return not any(word in _FINITE_AFTER_PRIZE for word in after.lower().split()[:max_words])


#: ``warn`` + an object pronoun + ``about`` + a noun phrase names a topic, not words: ``we warned
#: them about this, and …``, ``she had warned us about the floods`` (the labelled samples count
#: none a quote; PolNeAR dev+train: one such, ``warned us about those …``, annotated). ``warned
#: them that …``, ``warned that …``, ``warned of …``, ``warned them about how …`` and a quotation
#: after the cue still report.
_WARN_CUES = frozenset(REPORTING_CUES["warn"])
_WARN_OBJECT_ABOUT_RE = re.compile(r"\s+(?:him|her|them|us|me|you)\s+about\s+([\w'’-]+)([^,;:]{0,60})")


def _warns_about_a_topic(text: str, s_end: int, cue: tuple[int, int], quoted: list[_Segment]) -> bool:
    """Whether a ``warn`` cue is followed by an object pronoun, ``about`` and a noun phrase (no
    wh-word or gerund first, no finite verb in its first :data:`MAX_TOPIC_VERB_WORDS` words before a
    comma: ``warned them about a week ago the roads were shut`` reports), with no colon and no
    quotation after the cue (:data:`_WARN_OBJECT_ABOUT_RE`)."""
    if any(cue[1] <= seg.start < s_end for seg in quoted):
        return False
    match = _WARN_OBJECT_ABOUT_RE.match(text, cue[1], s_end)
    if match is None or not _about_a_noun_phrase(match.group(1), match.group(2), MAX_TOPIC_VERB_WORDS - 1):
        return False  # "warned them about a week ago the roads were shut": "about" is "roughly"
    return text.find(":", cue[1], min(s_end, match.end() + 1)) == -1


_RHETORICAL_CUES = frozenset(("knows", "know"))
#: ``want`` reports a wish as what someone holds, except where the wish is only the writer's
#: description: ``want to see`` (PolNeAR, dev and train: 3 of 19 are attributions) and ``who
#: want`` in a relative clause, which says what a group is (``the rebels, who want a separate
#: state``; PolNeAR: 7 of 35). A wish that quotes words still reports (``he wants to see “proper
#: checks”``).
_WISH_CUES = frozenset(REPORTING_CUES["want"])
#: ``deny`` with two objects withholds, it does not deny words (``the referee denied Berg a
#: penalty``, ``an injury denied him the chance``; PolNeAR, dev and train: 0 of 5 are attributions).
_DENY_CUES = frozenset(REPORTING_CUES["deny"])
_DENY_WINDOW_CHARS = 60  #: characters after ``denied`` read for its two objects
_DENY_TOKEN_RE = re.compile(r"[\w’'-]+|[^\w\s]")
_OBJECT_PRONOUNS = frozenset("him her them us me you".split())
_SECOND_OBJECT_DETERMINERS = frozenset("a an the his her their its our my your any another no".split())
#: Words after a first object that open no second one: a verb (``denied the player was paid``), a
#: clause (``that``), a preposition or conjunction.
_NOT_SECOND_OBJECT = (
    frozenset(
        "that this these those which who what whether if is are was were be been being has have had "
        "do does did will would can could shall should may might must not never".split()
    )
    | NOT_SOURCE_FIRST
)


def _denied_to_someone(text: str, c_end: int, s_end: int) -> bool:
    """Whether ``denied`` at ``c_end`` takes two objects (:data:`_DENY_CUES`): a person or group
    that is refused, then the thing refused, not a ``that``-clause.

    The first object is an object pronoun (``denied him the chance``, ``denied them access``), a
    determined noun phrase whose head is a person or a group (:data:`SOURCE_PERSON_NOUNS`,
    :data:`SOURCE_GROUP_NOUNS`, :data:`_RECIPIENT_SUFFIXES`: ``denied the player a new
    contract``; not a record, ``denied the reports that …``), or one whose head only ends like a
    person (:data:`PERSON_NOUN_SUFFIXES`), then a determiner (``denied the skipper a licence``;
    ``denied an earlier report that …`` is one object) or a name that is no weekday or
    month (``denied Berg a penalty``; ``denied Monday the reports`` is a denial on Monday). After
    a name the second object opens with a determiner (``denied Kremlin claims`` is one object);
    after a pronoun or a person it may be a bare noun (``access``), never a verb or a clause word.
    ``her`` before a bare noun is a possessive (``denied her involvement``).
    """
    words = _DENY_TOKEN_RE.findall(text, c_end, min(s_end, c_end + _DENY_WINDOW_CHARS))
    if len(words) < 2:
        return False
    first = words[0]
    if first in _OBJECT_PRONOUNS and _is_second_object(words[1], bare=first != "her"):
        return True
    if first in _OBJECT_PRONOUNS and first != "her":  # "her husband a visa": a determiner
        return False
    if first.lower() in _SECOND_OBJECT_DETERMINERS - {"any", "another", "no"}:
        for at in (1, 2):  # "the player", "the young player"
            if at + 1 < len(words) and _is_person_noun(words[at]):
                return _is_second_object(words[at + 1], bare=True)
            if at + 1 < len(words) and words[at][0].islower() and words[at].endswith(PERSON_NOUN_SUFFIXES):
                # "the skipper a licence", not "an earlier report that …"
                return _is_second_object(words[at + 1], bare=False)
        return False
    at = 0
    while at < len(words) and at < 4 and words[at][0].isupper() and words[at][0].isalpha():
        if words[at] in _WEEKDAYS_MONTHS:
            return False
        at += 1
    return 0 < at < len(words) and _is_second_object(words[at], bare=False)


def _is_person_noun(word: str) -> bool:
    """A lower-case head noun of a person or a group (not a record: ``the reports``)."""
    one = _singular(word)
    if not word[0].islower() or one in SOURCE_RECORD_NOUNS:
        return False
    return one in SOURCE_PERSON_NOUNS or one in SOURCE_GROUP_NOUNS or one.endswith(_RECIPIENT_SUFFIXES)


#: Person endings that no adjective has ("earlier", "former" end in -er: "an earlier report").
_RECIPIENT_SUFFIXES = ("ist", "ian", "eer", "-year-old")


def _is_second_object(word: str, bare: bool) -> bool:
    """Whether ``word`` opens the thing refused: a determiner, or (``bare``) a lower-case noun that
    is no verb, clause word, preposition or conjunction (``access``)."""
    low = word.lower()
    if low in _SECOND_OBJECT_DETERMINERS:
        return True
    return bare and word[0].islower() and low not in _NOT_SECOND_OBJECT and not low.endswith("ed")


#: ``agreed to`` + a verb is an agreement to act, not words (``have agreed to leave their loans``;
#: PolNeAR dev: 1 of the 3 such quotes the extractor found is gold); ``agreed that …``, ``agreed
#: with X``, ``agreed to a 30-minute interview`` still report.
_AGREED_TO_ACT_RE = re.compile(
    r"\s+to\s+(?!(?:the|a|an|his|her|their|its|this|that|these|those|my|our|your)\b)[a-z]+\b"
)
_WANT_TO_SEE_RE = re.compile(r"\s+to\s+see\b")
_WHO_BEFORE_RE = re.compile(r"(?:^|[\s,(])[Ww]ho\s+(?:[a-z]+\s+){0,2}$")


#: ``I am talking about X`` / ``we're talking about X``: a speaker naming their own topic, not
#: a report of anyone's words (PolNeAR dev+train: 0 of 3 first-person ``talking about`` are
#: gold); ``Berg is talking about leaving``, ``I am talking about how …`` (a clause) and a quoted
#: object still report.
_OWN_TOPIC_BEFORE_RE = re.compile(
    r"(?:^|[\s,(“\"])(?:I\s+am|I['’]m|[Ww]e\s+are|[Ww]e['’]re)\s+(?:[a-z]+ly\s+)?$"
)
_CLAUSE_AFTER_ABOUT_RE = re.compile(r"\s+(?:how|what|why|whether|when|where|who|if|that)\b")


def _is_own_topic(text: str, s_start: int, s_end: int, cue: tuple[int, int], quoted: list[_Segment]) -> bool:
    """Whether a ``talking about`` cue follows a first-person present (``I am``, ``we're``) and
    its object is a noun phrase, not a clause, with no quotation opening after it."""
    if " ".join(text[cue[0] : cue[1]].lower().split()) != "talking about" or _quote_opens_in(cue[1], quoted):
        return False
    if _CLAUSE_AFTER_ABOUT_RE.match(text, cue[1], s_end):
        return False
    lo = max(s_start, cue[0] - 16)  # "we are" and an adverb: a bounded window, and the mark before it
    return _OWN_TOPIC_BEFORE_RE.search(text, lo - 1 if lo else 0, cue[0]) is not None


#: ``What`` opening a sentence right before its speaker makes a free relative subject: ``What I
#: said about the harbour also applies to the bridge`` names earlier words, it reports nothing.
#: Only when the cue is followed by a preposition or a time word (``about``, ``on``, ``earlier``,
#: ``last week``) or a clause end; inside a sentence, ``what she said were overly punitive
#: rules``, ``repeated what he said last week: X`` and ``what he called “a farce”`` still report
#: (PolNeAR dev+train: 10 ``what X said/say was …`` are gold).
_FREE_RELATIVE_BEFORE_RE = re.compile(r"[\"“‘']?(?:(?:And|But|So|Yet|Now)\s+)?[Ww]hat\s+$")
_FREE_RELATIVE_AFTER_RE = re.compile(
    r"\s*(?:[,.;:!?)]|—|–|-\s|$"
    r"|(?:about|on|of|in|at|to|for|with|during|before|after|earlier|then|here|there|today|yesterday"
    r"|last|this|that|so|once|again|back|recently|previously)\b)"
)


def _is_free_relative(
    text: str, s_start: int, s_end: int, speaker: _Speaker, cue: tuple[int, int], quoted: list[_Segment]
) -> bool:
    """Whether ``What`` opens the sentence before its speaker and the cue is followed by an adjunct or
    nothing (``What I said about X also concerns Y``), with no quotation opening after the cue and
    no colon within :data:`MAX_FREE_RELATIVE_ADJUNCT_CHARS` after it (``What I said in May: X``)."""
    if _quote_opens_in(cue[1], quoted) or not _FREE_RELATIVE_BEFORE_RE.match(text, s_start, speaker.start):
        return False
    if _FREE_RELATIVE_AFTER_RE.match(text, cue[1]) is None:
        return False
    # "What I said in my speech: you need to invest at home.": the words follow, a report
    return text.find(":", cue[1], min(s_end, cue[1] + MAX_FREE_RELATIVE_ADJUNCT_CHARS)) == -1


def _is_wish(text: str, s_start: int, s_end: int, cue: tuple[int, int], quoted: list[_Segment]) -> bool:
    """Whether a ``want`` cue is ``want to see`` or follows a relative ``who`` (two words between
    at most: ``who really want``, ``who do not want``), and no quotation opens after it."""
    if any(cue[1] <= seg.start < s_end for seg in quoted):
        return False
    if _WANT_TO_SEE_RE.match(text, cue[1]):
        return True
    lo = max(s_start, cue[0] - 24)  # "who" and two short words: a bounded window
    return _WHO_BEFORE_RE.search(text, lo, cue[0]) is not None


#: The writer's hypothetical reader: ``you`` + a modal of possibility + a view verb (``You might
#: think that the last thing on their minds …``, ``you would expect the ferry to be full``) is a
#: view the writer lends a reader, no one's report. PolNeAR train + dev: none outside a quotation
#: (its gold reports by ``You`` are ``You can think of …`` and ``You could say …``: ``can`` and
#: ``say`` are no part of the rule, nor are ``you think``, ``you'd say`` or ``you might recall``;
#: ``imagine`` and ``assume`` are no cues at all).
_HYPOTHETICAL_YOU_CUES = frozenset(
    (*REPORTING_CUES["think"], *REPORTING_CUES["expect"], *REPORTING_CUES["believe"])
)
_HYPOTHETICAL_YOU_RE = re.compile(
    r"\b[Yy]ou\s+(?:might|may|could|would|’d|'d)\s+(?:(?:well|even|easily|perhaps)\s+)?$"
)
MAX_HYPOTHETICAL_YOU_CHARS = 32  #: characters before the cue read for ``you`` + a modal (+ an adverb)
_RHETORICAL_RE = re.compile(r"(?:^|[\s,])[Ww]ho\s+knows?\s+(?:what|how|whether|if|why|when|where|who)\b")
_AS_RE = re.compile(r"\s+as\b")
_CALL_ON_FORMS = frozenset(" ".join(f.split()) for f in REPORTING_CUES["call on"])
# "called on the council to delay the vote": a request names its addressee, then an infinitive
_CALL_ON_RE = re.compile(
    r"\s+(?!(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b)[^.;:!?]{1,80}?\s+to\s+[\"“]?[a-z]"
)


# what follows an evidence cue when the writer comments or nothing is reported: "shows how deeply …"
_COMMENT_AFTER_EVIDENCE_RE = re.compile(r"\s+(?:how|why|no\s+sign|up)\b")


def _pronoun_before_aside(text: str, s_start: int, before: str) -> bool:
    """Whether a comma-enclosed aside before a cue follows a pronoun of a thing: ``…, and this, of
    course, shows …`` (``before`` is the text up to the cue, ending in the aside's comma)."""
    comma = before.rfind(",", 0, len(before) - 1)
    if comma <= 0:
        return False
    last = before[:comma].rstrip().rsplit(None, 1)[-1].lower()
    return last in THING_PRONOUNS


_RAISING_CUES = frozenset(
    ("expected", "seen", "considered", "said", "thought", "believed", "known", "reported")
)
_RAISING_AFTER_RE = re.compile(r"\s+(?:by\s+([^,.;]{1,40}?)\s+)?(?:to|as)\s+\w")
_RAISING_BEFORE_RE = re.compile(
    r"(?:^|\s)(?:is|was|were|are|be|been|being|isn’t|isn't|aren’t|aren't|wasn’t|wasn't)\s+" + _PASSIVE_ADVERBS
)


#: where a coordinated clause starts: the passive report is that clause alone
_CLAUSE_JOINT_RE = re.compile(r"(?:,\s+(?:but|and|while|whereas|yet)|;)\s+")
# a verb right after the joint shares the subject before it: "Doe will coach, but will be expected to …"
_SHARED_SUBJECT_RE = re.compile(
    r"(?:is|was|are|were|has|have|had|will|would|can|could|may|might|must|should|be)\b"
)


def _raising_frame(
    text: str, s_start: int, s_end: int, cue: tuple[int, int], quoted: list[_Segment]
) -> _Frame | None:
    """``Nabisco is expected to cut 277 jobs.``: a passive report without its source; the whole
    clause is the content (PolNeAR convention), the agent of ``by`` its speaker if written. The
    clause starts after the last ``, but``/``, and``/``;`` before its verb (within
    :data:`MAX_RAISING_SUBJECT_CHARS`): ``An injury denied Doe the chance, but the winger is
    expected to be fit`` → ``the winger is expected to be fit``."""
    before = _RAISING_BEFORE_RE.search(text, max(s_start, cue[0] - MAX_PASSIVE_AUX_CHARS), cue[0])
    after = _RAISING_AFTER_RE.match(text, cue[1], s_end)
    if before is None or after is None:
        return None
    begin = s_start
    lo = max(s_start, before.start() - MAX_RAISING_SUBJECT_CHARS)
    for joint in _CLAUSE_JOINT_RE.finditer(text, lo, before.start()):
        if joint.end() < before.start() and not _SHARED_SUBJECT_RE.match(text, joint.end()):
            begin = joint.end()  # "X denied Doe the chance, but the winger is expected to …": the last clause
    opener = _OPENER_ONLY_RE.match(text, begin, cue[0])
    if opener is not None:
        begin = opener.end()
    begin, end = _trim(text, begin, _clause_end(text, cue[1], s_end, quoted))
    if _word_count(text, begin, before.start()) < 1 or _word_count(text, begin, end) < MIN_CONTENT_WORDS + 3:
        return None
    speaker = _Speaker(after.start(1), after.end(1)) if after.group(1) else None
    return _Frame(speaker, before.start() + (text[before.start()] == " "), cue[1], [(begin, end)], False)


MAX_OPENING_ADVERBIAL_WORDS = 8  #: words of a prepositional phrase opening a sentence before its speaker
#: Words that make a stretch a clause, not a prepositional phrase alone: subject pronouns and
#: finite auxiliaries ("With luck we will win, he said" reports).
_CLAUSE_WORDS = frozenset(
    "i we you he she it they is are was were will would can could has have had do does did may might "
    "must shall should".split()
)


def _is_opening_adverbial(text: str, start: int, end: int, quoted: list[_Segment]) -> bool:
    """Whether the stretch before a speaker is only a prepositional phrase that opens the
    sentence (``At the turn of the year, Doe told …``, ``In an interview last week, Doe said``):
    it says when or where, never what was said, so it is no trailing content. It opens with a
    preposition (:data:`_PREPOSITIONS`), holds at most :data:`MAX_OPENING_ADVERBIAL_WORDS` words,
    no comma, no quotation and no word of a clause (:data:`_CLAUSE_WORDS`). PolNeAR dev+train:
    of the 4,300 gold quotes that open with a capital, one is such a phrase before a comma (a
    headline, ``Down Syndrome Babies, Sarah Palin Unleashed …``)."""
    words = text[start:end].split()
    if not words or len(words) > MAX_OPENING_ADVERBIAL_WORDS or "," in text[start:end]:
        return False
    if words[0].lower() not in _PREPOSITIONS or _overlaps_quote([(start, end)], quoted):
        return False
    return not any(
        w.lower().strip("’'") in _CLAUSE_WORDS or w.lower().endswith(("’s", "'s")) for w in words[1:]
    )


def _speaker_first_frame(
    text: str,
    s_start: int,
    s_end: int,
    cue: tuple[int, int],
    speaker: _Speaker,
    quoted: list[_Segment],
    cues: list[tuple[int, int]],
) -> _Frame | None:
    """A frame whose speaker precedes the cue: trailing ("“X,” he said.") or leading ("He said X.")."""
    c_start, c_end = cue[0], cue[1]
    pre_end = _content_end_before(text, s_start, speaker.start)
    pre_tokens = _word_count(text, s_start, pre_end)
    sep = text[pre_end : speaker.start].strip()
    pre_quote_end = text.endswith(("”", '"', "''"), s_start, pre_end)
    ends_with_quote = _quote_ends_in(pre_end - 1, speaker.start, quoted) and (
        pre_quote_end or sep.startswith((",", "—", "–"))
    )
    separated = bool(sep) or pre_quote_end
    begin = _content_after_cue(text, cue, s_end, quoted)
    after_tokens = 0
    if begin is not None:
        a_from, a_to = _trim(text, begin, s_end)
        after_tokens = _word_count(text, a_from, a_to)
    trailing = False
    if pre_tokens >= MIN_CONTENT_WORDS and separated:
        comma_after_cue = text.startswith(",", c_end) and not _quote_opens_in(c_end, quoted)
        trailing = ends_with_quote or (pre_tokens >= 4 and (after_tokens < 3 or comma_after_cue))
        if trailing and not ends_with_quote and _is_opening_adverbial(text, s_start, pre_end, quoted):
            trailing = False  # "At the turn of the year, Doe told reporters": when, not what
    if (
        not trailing
        and pre_tokens >= 1
        and sep == ","
        and not ends_with_quote
        and _PARENTHETICAL_RE.match(text, c_end, s_end)
    ):  # "Overall, she said, the party is divided."
        return _Frame(speaker, c_start, c_end, [_trim(text, s_start, s_end)], True)
    if trailing:
        lead = s_start
        if ends_with_quote:  # "… at length: “X,” he said.": only the quotation is his
            last = max((seg for seg in quoted if seg.end <= speaker.start), key=lambda seg: seg.end)
            if last.start > s_start and text[s_start : last.start].rstrip().endswith((":", ".", ";")):
                lead = last.start
        content = [_trim(text, lead, pre_end)]
        rest = _rest_after_trailing(text, c_end, s_end, quoted)
        if rest is not None:
            content.append(rest)
        elif not ends_with_quote and _PARENTHETICAL_RE.match(text, c_end, s_end):
            content = [_trim(text, s_start, s_end)]  # "In May, he said, the bridge will reopen."
        return _Frame(speaker, c_start, c_end, content, True)
    if begin is None or after_tokens < MIN_CONTENT_WORDS or _ADJUNCT_ONLY_RE.match(text, begin, s_end):
        return None
    if text.startswith(",", c_end) and not _quote_opens_in(c_end, quoted):
        return None  # "After the talks concluded, …": a clause, not a report
    end = _clause_end(text, begin, s_end, quoted)
    normal = _normal_cue_at(text, c_start, c_end)
    if normal in INFINITIVE_CUES and not _TO_INFINITIVE_RE.match(text, c_end):
        return None
    if normal in OBJECT_CUES and not _overlaps_quote([(begin, end)], quoted):
        if _NOT_OBJECT_RE.match(text, c_end) or _PASSIVE_BEFORE_RE.search(
            text, max(s_start, c_start - 12), c_start
        ):
            return None
        end = _object_end(text, begin, end, quoted)
    for later in cues:
        if begin < later[0] < end:
            split = _next_frame_start(text, begin, later[0])
            if split is not None:
                end = split
                break
    return _Frame(speaker, c_start, c_end, [_trim(text, begin, end)], False)


# what follows a cue that ends the sentence with an adjunct only: "… he said in a statement."
_ADJUNCT_ONLY_RE = re.compile(
    r"(?:in|on|at|to(?=\s+[A-Z])|during|after|before|through|via|with|last|this|early|late|earlier|later)\b"
    r"[^,;:.!?“”\"]{0,40}[.!?]?[\"”’')]*$"
)
_TO_INFINITIVE_RE = re.compile(r"\s+to\s+[a-z]")
_CLAUSAL_OBJECT_RE = re.compile(r"(?:how|whether|why|what|when|where|who|if|that)\b")
_NOT_OBJECT_RE = re.compile(r"\s+(?:by|off|up|down|away|out|back|into)\b")
_PASSIVE_BEFORE_RE = re.compile(r"\b(?:is|was|were|are|be|been|being|get|got)\s+(?:\w+ly\s+)?$")
# where an object noun phrase ends: a comma or dash, an adjunct (a preposition other than "of",
# a time word), a subordinate clause, or "and" before a verb
_OBJECT_END_AT_RE = re.compile(
    r"\s*[,;:(—–]|\s+-\s"
    r"|\s+(?:in|on|at|after|before|during|since|until|amid|ahead|with|without|from|by|as|while|when|"
    r"because|but|despite|over|through|last|this|next|earlier|later|today|yesterday|tonight|"
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|"
    r"July|August|September|October|November|December|who|which|that|if|even|instead|rather|and\s+(?!the\b|a\b|an\b|his\b|her\b|their\b|its\b|[A-Z])[a-z]+)\b"
)
# the same, never starting inside a run of white space: from every space of a run the pattern
# matches or fails alike (what follows the run decides), so trying each one re-reads the run for
# nothing (quadratic in its length); see _object_end
_OBJECT_END_RE = re.compile(r"(?:(?!\s)|(?<!\s))(?:" + _OBJECT_END_AT_RE.pattern + ")")


#: verbs of speech whose object is never a person (what was said, not whom it was said to): a
#: noun phrase after them that closes the sentence is their subject, inverted. ``accused``,
#: ``told``, ``praised``, ``urged`` … take a person (``…, accused Mr Lund.``) and are not here.
_INVERTIBLE_CUES = frozenset(
    form
    for lemma in (
        "say add write continue note explain state declare reply respond conclude recall argue insist "
        "claim acknowledge admit remark observe stress emphasize suggest maintain counter quip joke "
        "concede predict complain boast contend assert report"
    ).split()
    for form in REPORTING_CUES[lemma]
)


MAX_INVERTED_SOURCE_WORDS = 5  #: words of a source closing a sentence after its cue (``founder Jo Lund``)


#: possessive determiners: a noun phrase after a cue opening with one is an inverted speaker only
#: when it closes the clause (``…,” said his spokesman.``)
_POSSESSIVE_DETERMINERS = frozenset("its his her their our my your".split())
#: what may follow an inverted speaker: a stop, a comma, a closing mark or an opening bracket
_AFTER_INVERTED_SPEAKER = frozenset(".,;:!?)(\"”’'")


def _is_possessive_object(text: str, after: _Speaker) -> bool:
    """Whether a noun phrase read after a cue opens with a possessive (:data:`_POSSESSIVE_DETERMINERS`)
    and goes on with more words (not :data:`_AFTER_INVERTED_SPEAKER`): it is then the cue's object
    or the subject of its content (``…, explained its goals and tasks, and told …``; ``…, said her
    client was likely to sue``), not the source of an inverted frame (``…,” said her lawyer.``)."""
    words = text[after.start : after.end].split(None, 1)
    if not words or words[0].lower() not in _POSSESSIVE_DETERMINERS:
        return False
    rest = text[after.end : after.end + 2].lstrip(" ")
    return rest != "" and rest[0] not in _AFTER_INVERTED_SPEAKER and rest[0] != "\n"


def _source_closes_after_comma(text: str, s_start: int, s_end: int, cue: tuple[int, int]) -> bool:
    """Whether the cue follows a comma and is followed by a source noun phrase that ends the
    sentence (``…, once the owner of the mine, said founder Jo Lund.``): a noun phrase alone is
    no content of a verb of speech of :data:`_INVERTIBLE_CUES`, so the frame is inverted: the
    words before the comma are the content and the noun phrase after the cue the speaker, even
    when an apposition before the comma (``Acme, once the owner of the mine,``) reads like a
    speaker. ``…, said the plan would work.`` (a clause after the cue) and ``…, said goodbye.``
    (no source) stay as they are."""
    c_start, c_end = cue
    if text[c_start:c_end].lower() not in _INVERTIBLE_CUES or not text[s_start:c_start].rstrip().endswith(
        ","
    ):
        return False
    after = _speaker_after(text, c_end, s_end)
    if after is None or text[after.end : s_end].strip() not in ("", ".", "!"):
        return False
    mention = text[after.start : after.end]
    if not mention.strip():
        return False
    if mention.lower() in PRONOUN_SPEAKERS:
        return True  # "…, said he."
    words = mention.split()
    if len(words) > MAX_INVERTED_SOURCE_WORDS or any(w.endswith(("n't", "n’t")) for w in words):
        return False  # "…, said Jo Lund's report didn't help.": a clause, read as far as it goes
    return is_source_mention(mention) and (words[-1][:1].isupper() or _head_is_source(mention))


def _normal_cue_at(text: str, start: int, end: int) -> str:
    """The cue at ``start:end`` lower-cased, its white space single (as the cue tables write it)."""
    cue = text[start:end]
    if cue.isalpha() and cue.islower():  # the common case: already one lower-case word
        return cue
    return " ".join(cue.lower().split())


def _object_end(text: str, begin: int, end: int, quoted: list[_Segment]) -> int:
    """Where the object noun phrase that starts at ``begin`` ends (at ``end`` at the latest); a
    clausal object (``talked about how …``) runs to ``end``."""
    if _CLAUSAL_OBJECT_RE.match(text, begin):
        return end
    # what _OBJECT_END_AT_RE.finditer finds: a match where the scan stands (it may stand inside a
    # run of spaces), else the first one after it outside such a run
    pos = begin
    while pos < end:
        m = _OBJECT_END_AT_RE.match(text, pos, end) or _OBJECT_END_RE.search(text, pos + 1, end)
        if m is None:
            break
        if m.start() > begin and not (quoted and _inside_quote(m.start(), quoted)):
            return m.start()
        pos = m.end()  # never empty
    return end


# a reported clause that goes on after a mid-sentence attribution: "…, he said, the bridge will …"
_PARENTHETICAL_RE = re.compile(
    r"(?:\s+(?:on|in|at|last|this)\s+\w+)?,\s+(?![\"“'”]|and\b|but\b|\w+ing\b)\w+(?:\s+\S+){2}"
)
_COORDINATION_RE = re.compile(r",?\s+(?:and|but|while|whereas)\s+|;\s*|,\s+")


def _next_frame_start(text: str, begin: int, cue_start: int) -> int | None:
    """Where a coordinated second report starts inside a content: ``…, and one in four said …``."""
    window = max(begin, cue_start - 60)
    last = None
    for m in _COORDINATION_RE.finditer(text, window, cue_start):
        last = m
    if last is None or _word_count(text, begin, last.start()) < MIN_CONTENT_WORDS:
        return None
    speaker = _speaker_before(text, last.end(), cue_start)
    if speaker is None or speaker.start != last.end():
        return None
    return last.start()


def _clause_end(text: str, begin: int, s_end: int, quoted: list[_Segment]) -> int:
    """Where reported content ends: the sentence end, or an added clause (", but …", " — …")
    after three words at least."""
    third_word = -1  # where the third word of the content starts: breaks before it are too early
    for m in _CLAUSE_BREAK_RE.finditer(text, begin, s_end):
        if quoted and _inside_quote(m.start(), quoted):
            continue
        if third_word == -1:
            third_word = _third_word_start(text, begin, s_end)
        if _RELATIVE_BREAK_RE.match(text, m.start()) and _relative_inside_subject(text, m.end(), s_end):
            continue  # "that heads of our firms, which are partners, are in contact": the subject's aside
        if third_word < m.start():  # _word_count(text, begin, m.start()) >= 3, without a recount
            return m.start()
        if _COORDINATED_CUE_RE.match(text, m.start()) and m.start() > begin:
            return m.start()  # "denied the claims and said …": a second report, the first is whole
    return s_end


#: A ``, who``/``, which`` aside closed by a comma and followed by a finite verb of
#: :data:`_MAIN_VERB_AFTER_ASIDE_RE` belongs to the content's subject, it does not end the content:
#: ``Doe said that the crews of the ferries, who have worked there for years, will keep their
#: jobs`` is one content (was ``the crews of the ferries``, the subject alone).
_RELATIVE_BREAK_RE = re.compile(r",\s+(?:who|which)\b")
_MAIN_VERB_AFTER_ASIDE_RE = re.compile(
    r",\s+(?:(?:also|still|now|not|never|already)\s+)?(?:is|are|was|were|will|would|has|have|had|can|could|"
    r"should|must|may|might|do|does|did|remain|remains|remained)\b"
)
MAX_SUBJECT_ASIDE_CHARS = (
    120  #: characters after ``, who``/``, which`` searched for the comma closing the aside
)


def _relative_inside_subject(text: str, after: int, s_end: int) -> bool:
    """Whether the relative aside starting at ``after`` closes with a comma within
    :data:`MAX_SUBJECT_ASIDE_CHARS` that a finite verb follows (the main clause resumes)."""
    comma = text.find(",", after, min(s_end, after + MAX_SUBJECT_ASIDE_CHARS))
    return comma != -1 and _MAIN_VERB_AFTER_ASIDE_RE.match(text, comma, s_end) is not None


def _third_word_start(text: str, begin: int, end: int) -> int:
    """Where the text after the second space of ``text[begin:end]`` (leading white space skipped)
    goes on, ``end`` if it does not: a span from ``begin`` holds three words or more
    (:func:`_word_count`) exactly when it reaches past that point."""
    while begin < end and text[begin].isspace():
        begin += 1
    first = text.find(" ", begin, end)
    second = text.find(" ", first + 1, end) if first != -1 else -1
    if second == -1:
        return end
    after = second + 1
    while after < end and text[after].isspace():
        after += 1
    return after


def _content_end_before(text: str, s_start: int, attribution_start: int) -> int:
    end = attribution_start
    while end > s_start and (text[end - 1].isspace() or text[end - 1] in ",—–-"):
        end -= 1
    return end


def _rest_after_trailing(text: str, after: int, s_end: int, quoted: list[_Segment]) -> tuple[int, int] | None:
    """The content that resumes after a mid-sentence attribution: '“X,” he said, “Y.”'."""
    for seg in quoted:
        if after <= seg.start < s_end:
            between = text[after : seg.start]
            if _SECOND_CUE_RE.match(between):
                return None
            n_words = _word_count(text, after, seg.start)
            if (n_words <= MAX_RESUME_GAP_WORDS and between.rstrip().endswith((",", ":"))) or (
                n_words <= 3 and _RESUME_CONJUNCTION_RE.match(between)
            ):
                return seg.start, min(s_end, seg.end)
            return None
    return None


#: A record that no one owns is no source after ``according to`` (``…, according to official
#: statistics``: the writer's figures); one with an owner is (``according to data from the Department
#: of Education``, ``figures her campaign released``; PolNeAR, dev and train: the 3 ``according to``
#: + data/figures attributions all name the owner), and so is a definite one, which refers back to
#: records named before (``According to the data, …``: a PolNeAR dev attribution).
_UNOWNED_RECORD_RE = re.compile(
    r"(?:(?:new|latest|recent|official|provisional|preliminary|early|unofficial|published|"
    r"available|these|those|such|some)\s+){0,3}(?:statistics|figures|data|estimates|numbers)"
)

_PHRASE_ENDS_RE = re.compile(r"\s*(?:[,.;:!?)\"”]|$)")  # nothing (no "from …", no owner) follows


#: Heads after ``according to`` that name a norm or a plan followed, not a source: ``went according to
#: plan``, ``according to the schedule``, ``according to tradition`` (PolNeAR dev+train: none of its
#: 332 ``according to`` quotes has one; kremlin-en-2022: 12 quotes, all of them the idiom). ``the 2022
#: plans`` may be a document that says something: not here
ACCORDING_TO_NORMS: frozenset[str] = frozenset("plan schedule timetable script tradition custom".split())


#: Verbs of speech that make the subject after an opening ``According to X,`` the one who speaks.
_SPEECH_VERBS_AFTER_ACCORDING = frozenset(
    "said says told tells stated states announced announces explained explains insisted "
    "insists argued argues".split()
)


def _opens_with_speech_frame(text: str, start: int, end: int) -> bool:
    """Whether what follows an opening ``According to X,`` is itself a subject and a verb of
    speech (:data:`_SPEECH_VERBS_AFTER_ACCORDING`): ``According to its latest accounts, Media Lab
    said it spent …``. Then the subject said it and the sentence's frame is that verb's, read as
    any other (the ``according to`` source is where the writer found the saying). The hand
    labels credit the subject, as this module's definition does (the source is who says it);
    PolNeAR credits the outer ``according to`` with the whole clause, but only 4 of its 84
    sentences opening ``According to X,`` (train+dev, none in dev) go on this way. ``added`` is
    left out: ``US firms added 146,000 jobs`` is no speech."""
    m = _CUE_RE.search(text, start - 1 if start > 0 else 0, min(end, start + MAX_SPEAKER_CHARS))
    if m is None or m.group(1) not in _SPEECH_VERBS_AFTER_ACCORDING:
        return False
    speaker = _speaker_before(text, start, m.start(1))
    return (
        speaker is not None
        and speaker.start == start
        and is_source_mention(text[speaker.start : speaker.end])
    )


def _according_frame(text: str, s_start: int, s_end: int, cue: tuple[int, int]) -> _Frame | None:
    speaker = _speaker_after(text, cue[1], s_end)
    if speaker is None:  # a longer phrase: "according to state corporate records"
        comma = text.find(",", cue[1], s_end)
        lo, hi = _trim(text, cue[1], s_end if comma == -1 else comma)
        if hi <= lo or _word_count(text, lo, hi) > MAX_SPEAKER_TOKENS:
            return None
        speaker = _Speaker(lo, hi)
    pre = text[s_start : cue[0]].strip()
    if not pre or _OPENER_ONLY_RE.fullmatch(pre):  # "(But,) according to X, content."
        comma = text.find(",", speaker.end, s_end)
        if comma == -1 or _word_count(text, cue[1], comma) > MAX_ACCORDING_SOURCE_WORDS:
            return None
        speaker = _Speaker(speaker.start, min(speaker.end, comma))
        c_from, c_to = _trim(text, comma + 1, s_end)
        if _opens_with_speech_frame(text, c_from, c_to):
            return None  # "According to its accounts, the firm said it spent …": the firm said it
        pre = ""
    else:  # "Content, according to X." / "Content, according to X, more content."
        if not pre.endswith(",") and not _word_count(text, cue[1], s_end) <= MAX_SPEAKER_TOKENS:
            return None
        c_from, c_to = _trim(text, s_start, _content_end_before(text, s_start, cue[0]))
        after = text.find(",", speaker.end, s_end)
        if (
            after != -1
            and _word_count(text, speaker.end, after) <= 2
            and _word_count(text, after, s_end) >= 3
        ):
            c_to = _trim(text, s_start, s_end)[1]  # the report goes on after the source
    if _word_count(text, c_from, c_to) < MIN_CONTENT_WORDS:
        return None
    head = text[speaker.start : speaker.end].rsplit(None, 1)[-1].lower()
    if head in ACCORDING_TO_NORMS:
        return None  # "Russia will act according to plan", "according to the schedule": a norm, no source
    if _UNOWNED_RECORD_RE.fullmatch(text, speaker.start, speaker.end) and _PHRASE_ENDS_RE.match(
        text, speaker.end, s_end
    ):
        return None  # "…, according to official statistics.": figures of no one, the writer's
    return _Frame(speaker, cue[0], cue[1], [(c_from, c_to)], not pre)


# --------------------------------------------------------------------------- kinds and fragments


def _alnum_count(text: str, start: int, end: int) -> int:
    return len(_ALNUM_RE.findall(text, start, end))


def _quoted_parts(spans: Iterable[tuple[int, int]], segments: list[_Segment]) -> list[tuple[int, int]]:
    parts: list[tuple[int, int]] = []
    for a, b in spans:
        for seg in segments:
            if seg.end <= a:
                continue
            if seg.start >= b:
                break
            for fa, fb in seg.fragments:
                lo = a if a > fa else fa
                hi = b if b < fb else fb
                if lo < hi:
                    parts.append((lo, hi))
    return parts


def _kind_of(text: str, spans: list[tuple[int, int]], segments: list[_Segment]) -> QuoteKind:
    parts = _quoted_parts(spans, segments)
    if not parts:
        return "indirect"
    # character share first; letters and digits are counted only near the threshold
    total = inside = 0
    for a, b in spans:
        total += b - a
    for a, b in parts:
        inside += b - a
    share = inside / total if total else 0.0
    if abs(share - DIRECT_MIN_QUOTED_SHARE) < KIND_RECOUNT_MARGIN:
        total = sum(_alnum_count(text, a, b) for a, b in spans)
        inside = sum(_alnum_count(text, a, b) for a, b in parts)
        share = inside / total if total else 0.0
    if share >= DIRECT_MIN_QUOTED_SHARE:
        return "direct"
    return "mixed" if inside else "indirect"


def _split_paragraphs(
    spans: list[tuple[int, int]], paragraphs: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in spans:
        i = bisect.bisect_right(paragraphs, (a, _MAX_INT)) - 1
        if i < 0:
            i = 0
        n = len(paragraphs)
        while i < n:
            p_start, p_end = paragraphs[i]
            if p_start >= b:
                break
            lo = a if a > p_start else p_start
            hi = b if b < p_end else p_end
            if lo < hi:
                out.append((lo, hi))
            i += 1
    return out


def _expand_to_marks(
    text: str, spans: list[tuple[int, int]], segments: list[_Segment]
) -> list[tuple[int, int]]:
    """Widen a content span that ends inside a quotation to the closing mark."""
    out: list[tuple[int, int]] = []
    for a, b in spans:
        for seg in segments:
            if seg.start < b < seg.end:
                b = seg.end
            if seg.start < a < seg.end and a - seg.start <= 1:
                a = seg.start
        out.append((a, b))
    return out


# --------------------------------------------------------------------------- main


def extract_quotes(text: str) -> list[Quote]:
    """Every quotation and reported statement in ``text`` (see the module docstring for the rules).

    Only the first :data:`MAX_TEXT_CHARS` characters are read (:func:`quote_text_limited` tells
    the caller when, to count it). A bug raises: the caller decides what a failed extraction means
    (the pipeline loads the article without quotes and says so).
    """
    return _extract(text[:MAX_TEXT_CHARS])


def quote_text_limited(text: str) -> bool:
    """Whether :func:`extract_quotes` reads only a part of ``text`` (the first
    :data:`MAX_TEXT_CHARS` characters): its quotes past that point are not extracted."""
    return len(text) > MAX_TEXT_CHARS


_BY_POSITION = operator.attrgetter("quote_start", "quote_end")
_BY_START = operator.attrgetter("quote_start")


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """The spans of the non-empty lines (what ``_PARA_RE`` finds; ``str.split`` is faster)."""
    spans = []
    pos = 0
    for line in text.split("\n"):
        if line:
            spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def _extract(text: str) -> list[Quote]:
    if not text.strip():
        return []
    paragraphs = _paragraphs(text)
    segments = _quote_segments(text, paragraphs)
    cues = [m.span(1) for m in _CUE_RE.finditer(text)]
    for m in _THAT_AFTER_WORD_RE.finditer(text):
        end = m.start()
        space = text.rfind(" ", end - _MAX_NOUN_CUE_CHARS - 1 if end > _MAX_NOUN_CUE_CHARS else 0, end)
        if space != -1 and text[space + 1 : end] in NOUN_CUES:
            cues.append((space + 1, end))
        else:
            verb = _ED_VERB_BEFORE_RE.search(text, end - 20 if end > 20 else 0, end)
            if (
                verb is not None
                and verb.group() not in _NOT_ED_CUES
                and (verb.group() in _CUE_FORMS or not _DEMONSTRATIVE_THAT_RE.match(text, end))
            ):
                cues.append(verb.span())
    for capital in _CAPITAL_CUES:
        at = text.find(capital)
        while at != -1:
            cues.append((at, at + len(capital) - 1))
            at = text.find(capital, at + 1)
    cues = sorted(set(cues))  # a noun cue may also be a verb cue ("claims")
    quoted_only = {c for c in cues if text[c[0] : c[1]] in _QUOTED_ONLY_NO_QUESTION}
    sentences = _sentences(text, paragraphs, segments, [c[0] for c in cues if c not in quoted_only])
    cue_i = 0
    n_cues = len(cues)
    n_segments = len(segments)

    quotes: list[Quote] = []
    last_speaker: _Speaker | None = None
    last_quote_para = -10
    seg_i = 0
    para_i = 0
    for s_start, s_end in sentences:
        check_budget()
        while para_i + 1 < len(paragraphs) and paragraphs[para_i][1] < s_start:
            para_i += 1
        while seg_i < len(segments) and segments[seg_i].end <= s_start:
            seg_i += 1
        j = seg_i
        while j < n_segments and segments[j].start < s_end:
            j += 1
        while cue_i < n_cues and cues[cue_i][0] < s_start:
            cue_i += 1
        k = cue_i
        while k < n_cues and cues[k][1] <= s_end:
            k += 1
        if k == cue_i and j == seg_i:
            continue
        quoted = segments[seg_i:j]
        in_sentence = cues[cue_i:k]
        if in_sentence and not quoted and quoted_only:  # without quotation marks these cannot frame
            in_sentence = [c for c in in_sentence if c not in quoted_only]
        readable = len(in_sentence) <= MAX_CUES_PER_SENTENCE and len(quoted) <= MAX_QUOTES_PER_SENTENCE
        frames = _find_frames(text, s_start, s_end, quoted, in_sentence) if in_sentence and readable else []
        if not frames:
            # a sentence that is only a quotation
            if not quoted:
                continue
            seg = quoted[0]
            if len(quoted) != 1 or seg.start - s_start > 1 or s_end - seg.end > 2:
                continue
            n_words = _word_count(text, seg.start, seg.end)
            prev = quotes[-1] if quotes else None
            same_para = last_quote_para == para_i
            if n_words < (MIN_CONTENT_WORDS if same_para else MIN_STANDALONE_QUOTE_WORDS):
                continue
            if (
                prev is not None
                and prev.kind != "indirect"
                and last_quote_para >= para_i - 1
                and len(prev.fragments) < MAX_FRAGMENTS_PER_QUOTE
            ):
                frags = prev.fragments + tuple(seg.fragments)
                quotes[-1] = Quote(
                    kind=prev.kind,
                    quote_start=prev.quote_start,
                    quote_end=seg.end,
                    quote_text=text[prev.quote_start : seg.end],
                    speaker=prev.speaker,
                    speaker_start=prev.speaker_start,
                    speaker_end=prev.speaker_end,
                    speaker_resolved=prev.speaker_resolved,
                    cue=prev.cue,
                    cue_start=prev.cue_start,
                    cue_end=prev.cue_end,
                    fragments=frags,
                )
                last_quote_para = _para_of(paragraphs, seg.end - 1, para_i)
                continue
            sp = last_speaker
            if sp is not None and text[sp.start : sp.end].lower() in _NOT_INHERITED:
                sp = None  # "It shows he has no case. “Mr K should …”": a thing does not speak on
            quotes.append(
                Quote(
                    kind="direct",
                    quote_start=seg.start,
                    quote_end=seg.end,
                    quote_text=text[seg.start : seg.end],
                    speaker=text[sp.start : sp.end] if sp else None,
                    speaker_start=sp.start if sp else None,
                    speaker_end=sp.end if sp else None,
                    fragments=tuple(seg.fragments),
                )
            )
            last_quote_para = _para_of(paragraphs, seg.end - 1, para_i)
            continue
        for frame in frames:
            spans = _expand_to_marks(text, [c for c in frame.content if c[1] > c[0]], quoted)
            if not spans:
                continue
            spans = _split_paragraphs(spans, paragraphs)
            kind = _kind_of(text, spans, quoted)
            if kind == "direct":
                spans = _quoted_parts(spans, quoted) or spans
            spans = [s for s in spans if s[1] > s[0]]
            if not spans:
                continue
            if kind == "indirect" and not frame.question and _normal_cue(text, frame) in QUOTED_ONLY_CUES:
                continue
            if kind == "indirect" and not frame.question and _dangles(text, spans[-1]):
                continue  # "expressed concerns about": a content cut short reports nothing
            q_start, q_end = spans[0][0], spans[-1][1]
            sp = frame.speaker
            speaker_text = text[sp.start : sp.end] if sp else None
            last_speaker = sp
            quotes.append(
                Quote(
                    kind=kind,
                    quote_start=q_start,
                    quote_end=q_end,
                    quote_text=text[q_start:q_end],
                    speaker=speaker_text,
                    speaker_start=sp.start if sp else None,
                    speaker_end=sp.end if sp else None,
                    cue=text[frame.cue_start : frame.cue_end],
                    cue_start=frame.cue_start,
                    cue_end=frame.cue_end,
                    fragments=tuple(spans),
                )
            )
            last_quote_para = _para_of(paragraphs, q_end - 1, para_i) if kind != "indirect" else -10
    quotes.extend(_orphan_quotes(text, paragraphs, segments, sentences, quotes))
    quotes.sort(key=_BY_POSITION)
    return resolve_speakers(text, [q for q in quotes if q.quote_end > q.quote_start and q.quote_text.strip()])


def _dangles(text: str, span: tuple[int, int]) -> bool:
    """Whether the content ``text[span]`` is short (:data:`MAX_DANGLING_CONTENT_WORDS` words at most)
    and ends with a word of :data:`DANGLING_LAST_WORDS`, in lower case (``to strike in May`` is whole)."""
    start, end = span
    tail = text[max(start, end - 16) : end]  # the longest dangling word is shorter: only the tail is read
    if not tail.strip() or tail.rsplit(None, 1)[-1] not in DANGLING_LAST_WORDS:  # "in May" ends well
        return False
    return _word_count(text, start, end) <= MAX_DANGLING_CONTENT_WORDS


_FIRST_PERSON = frozenset(("i", "we"))
_NOT_INHERITED = THING_PRONOUNS | {"it"}  #: speakers a following bare quotation is not credited to


def _orphan_quotes(
    text: str,
    paragraphs: list[tuple[int, int]],
    segments: list[_Segment],
    sentences: list[tuple[int, int]],
    quotes: list[Quote],
) -> list[Quote]:
    """Sentence-like quotations that no frame took. The speaker is the subject of the sentence when
    the quotation does not open it, else the nearest attributed quote's."""
    by_start = sorted(quotes, key=_BY_START)
    starts = [q.quote_start for q in by_start]
    ends = [q.quote_end for q in by_start]
    index_of = {id(q): at for at, q in enumerate(quotes)}
    out: list[Quote] = []
    for seg in segments:
        check_budget()
        i = bisect.bisect_left(starts, seg.end)
        if i and max(ends[i - 8 if i > 8 else 0 : i]) > seg.start:
            continue
        if _word_count(text, seg.start, seg.end) < MIN_STANDALONE_QUOTE_WORDS:
            continue
        if (
            i
            and len(by_start[i - 1].fragments) < MAX_FRAGMENTS_PER_QUOTE
            and _resumes(text, by_start[i - 1], seg)
        ):
            # "“X,” he said, looking up. “Y.”": the same speaker goes on (one quote, two fragments)
            prev = by_start[i - 1]
            at = index_of.pop(id(prev))  # quotes.index(prev) would read the list from its start
            quotes[at] = by_start[i - 1] = replace(
                prev,
                quote_end=seg.end,
                quote_text=text[prev.quote_start : seg.end],
                fragments=prev.fragments + tuple(seg.fragments),
            )
            index_of[id(quotes[at])] = at
            ends[i - 1] = seg.end
            continue
        k = bisect.bisect_right(sentences, (seg.start, _MAX_INT)) - 1
        s_start = sentences[k][0] if k >= 0 and sentences[k][1] > seg.start else seg.start
        if seg.start - s_start > 1 and _after_naming_verb(text, s_start, seg.start):
            continue  # "a report titled “…”": a title, not a quotation
        dash = _DASH_NAME_RE.match(text, seg.end)
        label = _quote_label(text, s_start, seg.start)
        if dash is not None:
            subject: _Speaker | None = _Speaker(dash.start(1), dash.end(1))
        elif label is not None:
            subject = label  # "- City boss Kevin Keegan: “We had …”": the label names the speaker
        else:
            subject = _subject_of(text, s_start, seg.start) if seg.start - s_start > 1 else None
            if subject is not None and (
                is_fragment_mention(text[subject.start : subject.end])
                or text[subject.start : subject.end].lower() in _FIRST_PERSON
            ):
                # "Among the …": no noun phrase; "I think …" outside quotation marks is a quotation
                # whose marks went astray: the nearest attributed quote's speaker speaks
                subject = None
        if subject is not None:
            mention = text[subject.start : subject.end]
            speaker: tuple[str | None, int | None, int | None, str | None] = (
                mention,
                subject.start,
                subject.end,
                None,
            )
        else:
            near = _nearest_attributed(text, by_start, starts, seg)
            speaker = (
                (near.speaker, near.speaker_start, near.speaker_end, near.speaker_resolved)
                if near
                else (None, None, None, None)
            )
        out.append(
            Quote(
                kind="direct",
                quote_start=seg.start,
                quote_end=seg.end,
                quote_text=text[seg.start : seg.end],
                speaker=speaker[0],
                speaker_start=speaker[1],
                speaker_end=speaker[2],
                speaker_resolved=speaker[3],
                fragments=tuple(seg.fragments),
            )
        )
    out.extend(_transcript_quotes(text, paragraphs, segments, quotes + out))
    return out


def _transcript_quotes(
    text: str,
    paragraphs: list[tuple[int, int]],
    segments: list[_Segment],
    quotes: list[Quote],
) -> list[Quote]:
    """Paragraphs of a transcript: ``PENCE: We will win.`` is a quote of ``PENCE``; so is a headline
    ``Jo Doe: Ferry Too Slow.`` of ``Jo Doe``."""
    out: list[Quote] = []
    starts = sorted(q.quote_start for q in quotes)
    labels = [m for m in (_LABEL_RE.match(text, a) for a, _ in paragraphs) if m is not None]
    headline = _HEADLINE_LABEL_RE.match(text)
    if headline is not None and (not labels or labels[0].start() != 0):
        labels.insert(0, headline)
    for m in labels:
        label = m.group(1)
        if label.strip(" .") in NOT_SPEAKER_LABELS:
            continue
        p_end = text.find("\n", m.end())
        p_end = len(text) if p_end == -1 else p_end
        c_start, c_end = _trim(text, m.end(), p_end)
        if _word_count(text, c_start, c_end) < MIN_CONTENT_WORDS:
            continue
        i = bisect.bisect_left(starts, m.start())
        if i < len(starts) and starts[i] < p_end:
            continue  # the paragraph already holds a quote
        kind = _kind_of(text, [(c_start, c_end)], segments)
        out.append(
            Quote(
                kind=kind,
                quote_start=c_start,
                quote_end=c_end,
                quote_text=text[c_start:c_end],
                speaker=label,
                speaker_start=m.start(1),
                speaker_end=m.end(1),
                fragments=((c_start, c_end),),
            )
        )
    return out


# "“…” ― Jo Doe" (a dash and a name closing the line)
_DASH_NAME_RE = re.compile(
    r"[ \t\u00a0]*[―—–][ \t\u00a0]*([A-Z][\w.’'-]*+(?:[ \u00a0][A-Z][\w.’'-]*+){0,4})[ \t\u00a0.]*(?=\n|$)"
)  # possessive words: "― A……" splits its dots one way only (each split was tried: quadratic)
# a speaker's label before a quotation that opens after it on the same line, as sports reports
# and round-ups write them: "- City boss Kevin Keegan: “We had …”", "Jo Lund, coach: “…”"
_QUOTE_LABEL_RE = re.compile(
    r"[ \t\u00a0]*(?:[-–—•*][ \t\u00a0]+)?([^\n:“”\"]{2,80}?)[ \t\u00a0]*:[ \t\u00a0]*"
)  # matched only over the 90 characters before a quotation (_quote_label): bounded work
MAX_LABEL_WORDS = 12  #: words of a speaker's label before a quotation
#: lower-case words a label may hold: role and source nouns, titles, and the particles of names
_LABEL_LOWER_WORDS = (
    SOURCE_NOUNS | TITLE_WORDS | frozenset("of for at the a an and de la le van von der du del da".split())
)


def _quote_label(text: str, s_start: int, q_start: int) -> _Speaker | None:
    """The label before a quotation when all that precedes it in its sentence is ``[bullet] noun
    phrase:`` (a leading cue word dropped: ``Said Mr Fogg:``), the phrase can be a source, has a
    capitalised word other than a determiner in it (a name, an organisation: ``The result: “…”`` is
    no label) and no lower-case word but role and source nouns, titles and name particles (no verb:
    ``Ballot papers will ask: “…”`` is no label)."""
    if q_start - s_start > 90:
        return None
    m = _QUOTE_LABEL_RE.fullmatch(text, s_start, q_start)
    if m is None:
        return None
    start, end = m.start(1), m.end(1)
    words = text[start:end].split()
    if words and _strip_token(words[0]).lower() in _CUE_FORMS and len(words) > 1:
        start = text.index(words[1], start + len(words[0]))  # "Said Mr Fogg: “…”": the cue goes first
        words = words[1:]
    mention = text[start:end]
    if (
        len(words) > MAX_LABEL_WORDS
        or not any(w[:1].isupper() and w.lower() not in DETERMINERS for w in words)
        or any(w[:1].islower() and _strip_token(w).lower() not in _LABEL_LOWER_WORDS for w in words)
        or not is_source_mention(mention)
    ):
        return None  # "The President's message reads, in part: “…”": a clause, no label
    return _Speaker(start, end)


# a transcript speaker label opening a paragraph: "PENCE: …", "SEN. JO DOE: …"
_LABEL_RE = re.compile(r"[\"“]?([A-Z][A-Z.’' -]{1,40}[A-Z.]):[ \t\u00a0]+")
# a headline crediting its words to someone: "Jo Doe: The Ferry Is Too Slow."
_HEADLINE_LABEL_RE = re.compile(r"([A-Z][\w.’'-]*(?:[ \u00a0][A-Z][\w.’'-]*){0,3}):[ \t\u00a0]+")
_INTRO_RE = re.compile(
    r"(?:In|On|At|After|Before|When|While|As|During|Since|Earlier|Later|Last|This)\b[^,“”\"]{0,80},\s+"
)


_AUXILIARIES = frozenset("are were have had will would can could may might must should do did".split())


def _subject_of(text: str, s_start: int, limit: int) -> _Speaker | None:
    """The subject that opens a sentence (after an introductory phrase): a pronoun, or a noun phrase
    up to its first lower-case verb-like word: ``In May, Sen. Jo Doe (D-Ore.) wrote …`` → ``Sen. Jo
    Doe (D-Ore.)``."""
    intro = _INTRO_RE.match(text, s_start, limit)
    start = intro.end() if intro else s_start
    toks = _tokens(text, start, min(limit, start + MAX_SPEAKER_CHARS))
    while toks and toks[0][0] in SENTENCE_OPENERS:
        toks.pop(0)
    if not toks:
        return None
    first = toks[0][0]
    low = _strip_token(first).lower()
    if low in PERSONAL_PRONOUNS or low in {"they", "we", "i"}:
        return _Speaker(toks[0][1], toks[0][1] + len(first.rstrip(".")))
    if not (first[0].isupper() or low in DETERMINERS) or low in NP_BREAKERS:
        return None
    end = toks[0][2]
    for i, (word, _, w_end) in enumerate(toks[1:MAX_SPEAKER_TOKENS], start=2):
        w_low = _strip_token(word).lower()
        if w_low in NP_BREAKERS or w_low in CUE_ADVERBS or w_low in _CUE_FORMS:
            break
        plural_noun = (  # "The ferry crews are …": a plural before an auxiliary is the head noun
            w_low.endswith("s") and i < len(toks) and _strip_token(toks[i][0]).lower() in _AUXILIARIES
        )
        verb_like = w_low.endswith(("ed", "s")) or w_low in VERB_LIKE_WORDS
        if word[0].islower() and verb_like and not plural_noun:
            break
        end = w_end
    if text[end - 1] == "." and not _is_abbr_word(text[toks[0][1] : end].rsplit(" ", 1)[-1]):
        end -= 1
    return _Speaker(toks[0][1], end)


def _resumes(text: str, prev: Quote, seg: _Segment) -> bool:
    """Whether ``seg`` continues the direct quote ``prev``: same paragraph, nothing quoted between,
    and ``prev`` ends in a quotation followed by its attribution."""
    if prev.kind != "direct" or prev.speaker_start is None or prev.quote_end > seg.start:
        return False
    between = text[prev.quote_end : seg.start]
    if "\n" in between or _MARK_RE.search(between) or len(between) > MAX_RESUME_GAP_CHARS:
        return False
    return prev.speaker_start >= prev.quote_end and prev.speaker_start < seg.start


def _nearest_attributed(
    text: str, quotes: list[Quote], quote_starts: list[int], seg: _Segment
) -> Quote | None:
    """The quote with a speaker closest to ``seg`` in its paragraph, else the last one before it in
    the previous paragraph."""
    p_start = text.rfind("\n", 0, seg.start) + 1
    p_end = text.find("\n", seg.end)
    p_end = len(text) if p_end == -1 else p_end
    prev_p_start = text.rfind("\n", 0, max(0, p_start - 2)) + 1 if p_start > 1 else p_start
    best: Quote | None = None
    best_d = _MAX_INT
    lo = bisect.bisect_left(quote_starts, prev_p_start)
    hi = bisect.bisect_left(quote_starts, p_end)
    for q in quotes[lo:hi]:
        if q.speaker_start is None or (q.speaker or "").lower() in _NOT_INHERITED:
            continue  # no speaker, or a thing's ("It shows …"): not one to credit a quotation to
        if p_start <= q.quote_start < p_end:
            d = abs(q.quote_start - seg.start)
        elif prev_p_start <= q.quote_start < p_start:
            d = seg.start - q.quote_start + len(text)  # only when the paragraph has none
        else:
            continue
        if d < best_d:
            best, best_d = q, d
    return best


def _normal_cue(text: str, frame: _Frame) -> str:
    return _normal_cue_at(text, frame.cue_start, frame.cue_end)


def _para_of(paragraphs: list[tuple[int, int]], pos: int, hint: int) -> int:
    i = hint
    while i + 1 < len(paragraphs) and paragraphs[i][1] <= pos:
        i += 1
    return i
