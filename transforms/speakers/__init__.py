"""Who a speaker is: names, roles and the resolution of a raw speaker to a person.

Pure text in, names out: stdlib ``re`` only, no model, no I/O (the role lexicon and the word
lists are package data, read once: ``schemas/vocab/roles.toml`` by
:func:`schemas.roles.role_lexicon`, ``schemas/lexicons/name_particles.txt`` and
``schemas/lexicons/speaker_*.txt`` by :mod:`schemas.lexicon`). :mod:`transforms.quotes` finds
a quote's raw speaker (``the minister``, ``he``, ``Makei``); :func:`resolve_speakers` says which
person or organisation it names within one article (``speaker_resolved``).

The package: :mod:`~transforms.speakers.rules` (the rule data and the limits),
:mod:`~transforms.speakers.patterns` (the patterns built from it),
:mod:`~transforms.speakers.names` (what a capitalised run names),
:mod:`~transforms.speakers.roles` (role phrases and titles in the text),
:mod:`~transforms.speakers.article` (one article read lazily: its names, roles, genders and
sentences) and :mod:`~transforms.speakers.resolution` (the resolution of a speaker, and
:func:`resolve_speakers`).

A wrong name is worse than none: a speaker resolves only on strong evidence, else it stays null.

Names
=====
- A name is a run of capitalised words; a capital is any Unicode upper-case letter (``Émile
  Zola``, ``Łukasz``, ``Øystein``), a word may hold an apostrophe or a hyphen before a capital
  (``O’Neil``, ``Kilroy-Silk``, ``Jay-Z``) and a capital after ``Mc``/``Mac`` (``McLetchie``),
  and particles join it (``Nick Van den Brul``).
- Titles are not part of a name: every word up to the last word of the role lexicon that still
  leaves a name after it is dropped, so a nationality or organisation before a title goes too
  (``German Chancellor Angela Merkel`` → ``Angela Merkel``, ``EC President José Manuel Barroso`` →
  ``José Manuel Barroso``, ``Kasabian's singer Tom Meighan`` → ``Tom Meighan``); so is a possessive
  owner (``Labour's Robin Cook`` → ``Robin Cook``), a party word of the lexicon (``Conservative
  Graham Hale`` → ``Graham Hale``), a description whose last part is lower case (``Oscar-winner
  Jo Lund``, ``Brussels-based``) and a sentence opener (``But Oliver Letwin``).
  After a title and ``of``, the name closing the run is the person (``Governor of Perm Territory
  Dmitry Makhonin`` → ``Dmitry Makhonin``). A word ending a sentence (``Moscow.``) ends the run; a
  run that starts inside an abbreviation (``U.S. Yukos``) is no name. A name ending in a title
  word (``Commons Speaker``, ``Trade Minister``) names an office.
- A run holding an organisation word of the lexicon (``Party``, ``Association``, ``United``) is an
  organisation, named whole, without a leading ``the`` and a final possessive, never cut at an
  apostrophe (``the Independent Manchester United Supporters' Association``; ``the Scottish
  National Party's leader`` names no organisation: it is a role). A run holding a place word
  (``Kings Cross``) is a place and never resolves.
- A person's name is two to four words; one word alone (``Makei``, ``Mr Makei``) is a surname: it
  resolves to the full name written with it in the article (``Vladimir Makei``), else, with
  a personal title, to the title and surname (``Mr Makei``). When two people are written with it
  (``Brian Smith … Helen Smith``; not ``V. Putin`` and ``Vladimir Putin``, nor a run after ``of``
  or opening a sentence without a listed given name: ``Whether Clinton``) it names neither, unless
  a title's gender selects exactly one (``Mrs Smith`` → ``Helen Smith``); such a surname alone is
  a pronoun candidate that names nobody, and a title written with it tells no gender.
  A listed given name alone (``said Jamie``, the article writing no full name that ends with it)
  is a first name, not a surname: it resolves to the full name the article first writes starting
  with it (``Jamie Lund``), else null, never to itself. A peer
  keeps the title (``Lord Goldsmith``); ``Sir``/``Dame`` go with a given name (``Sir Nicholas``
  → ``Nicholas Scott``); so do ``King``, ``Queen``, ``Pope``, ``Prince``, ``Princess`` and
  ``Father``, which stay with it (``Prince Charles`` is never ``Ray Charles``: the word after
  them is no surname to look up).
  A title word after a listed given name that opens the run is part of the name (``Martin Luther
  King``, ``Stephen King``), and so is a suffix after the surname (``Jr.``, ``Sr.``, ``III``).
  A word of the lexicon that is a common surname too (``[surnames]`` of ``roles.toml``: ``Hill``,
  ``Church``, ``White``, ``Singer``) is the surname after a listed given name or a personal title
  when the run speaks (``Dr Jane Hill said``, ``Charlotte Church said``, ``Mr White said``), and
  keeps its place in the lists elsewhere (``Victoria Park``, ``the White House``, ``Judge Jo Doe``).

Resolution of a speaker
=======================
- **A name** (``Makei``, ``Foreign Minister Vladimir Makei``) resolves as above; the head before a
  comma or ``of`` is the speaker (``Andrew Bud, executive chairman of Mblox,`` → ``Andrew Bud``;
  ``Mark Longden of the Independent … Association`` → ``Mark Longden``, also when the extractor
  took the organisation as the speaker). A surname never seen in a full name resolves to itself
  only when the text says what it is: an apposition naming a role or organisation, or ``who``
  after it (``Ferrero, who was upset to be dropped for Friday's singles, said`` → ``Ferrero``;
  ``Ford, the car maker,`` → ``Ford``), or when it gives a quotation (a reported statement of
  ``Russia`` or ``Wales`` names no speaker) and the word is never written in lower case and is
  written capitalised inside a sentence (``"…," said McIlroy``; not ``Officials said``, not a
  nationality such as ``the Russian``, not ``MPs``).
- **A complement**: a speaker written after ``of``, ``for`` or ``at`` (not after a capitalised
  title: ``Governor of Perm Territory Jo Doe`` is a name) is what an unnamed speaker belongs to,
  not the speaker (``a spokeswoman for Hanover Re``, ``manager at Snappy Snaps``, ``a spokesman
  for Mr Blair`` → null), unless a person is named just before the preposition (``Senator Jo Lund
  of Ohio``, ``analyst Jo Lund of Kestrel Partners`` → ``Jo Lund``) or in apposition after it
  (``An attorney for Pagliano, Mark Lund,`` → ``Mark Lund``): the run must be a whole name
  (not after ``the``, not inside an abbreviation) shown to be a person's (a title, a role, a
  listed given name, its surname alone). Nor is such a speaker a pronoun's antecedent.
- **A speaker inside a relative clause** (``Ms Robinson, who presents The Weakest Link tells …``)
  is an object, not a subject: null (a ``, who`` inside a quotation opens no clause: ``"…, who do
  you trust?" said Jo Lund``).
- **An acronym** (``the EFF``) resolves to its expansion when the text gives one (``Electronic
  Frontier Foundation (EFF)``), else to itself; a country's (``US``, ``UK``) to nothing.
- **An organisation** speaking (``the Scottish National Party said``) resolves to its whole name.
- **A role** with ``the`` (``the minister``, ``the Russian president``) resolves to the one person
  the article introduced with that role (``Foreign Minister Vladimir Makei``; ``spokesman Jo Doe``;
  ``Jo Doe, a spokesman, …``; ``Ola Lund, Norway's president``; ``Ola Lund, president of
  Norway``), only when exactly one was, and when every capitalised word or title
  word before the role is part of that person's title (``the attorney general`` is not ``Solicitor
  General Jo Doe``). A role nobody was introduced with takes the speaker of the sentence before
  only when that speaker was itself called by a role (``The minister also stressed …`` then ``…,
  the official said``: one person described twice); never a speaker called otherwise (``…, he
  argues. The prime minister knows …`` stays null).
- **A message** (``The message reads: …``, also ``the letter``, ``the telegram``) is its sender's:
  the person who opens the sentence before as the subject of ``sent``, ``addressed``,
  ``congratulated`` or ``wrote`` (``Vladimir Putin sent greetings to … The message reads`` →
  ``Vladimir Putin``); else null.
- **A head and a name in apposition** (``a spokesman for the agency, Dean Boyd,``) resolve to the
  name; a name ending in a title word (``Commons Speaker``) names an office, not a person; a name
  inside a longer speaker (``the two-time Academy Award winner``) is not the speaker.
- Any other noun phrase (``a spokesman for the author``, ``one dealer``, ``his lawyer``,
  ``analysts``) stays null: it is somebody the article does not name.
- **``who``** resolves to the name just before ``, who`` (``Jay-Z, who said he would …`` →
  ``Jay-Z``), never to a later one, nor to an organisation or a group (``the Tamil Tigers, who``).
- **``he`` / ``she``** resolve to the one person the sentence before and the sentence so far
  mention, outside quotations and outside what the sentence speaks about (the content of the
  pronoun's own quote: ``Mr Blair has failed …, he claimed``; the question of ``Asked if Mr Blunkett
  could return, he replied``; a relative clause: ``The seventh seed, who is to meet Roddick, …``;
  what the sentence's subject reports: ``Mr Howard told the BBC Mr Blair had refused …. He said`` →
  Mr Howard; a name after a preposition of place, ``in West Ham``, unless a title precedes it,
  ``President of Russia Vladimir Putin``: :mod:`.antecedents`): names (a person-like run, or a
  surname of someone named earlier), roles with ``the`` and the speakers of earlier quotes (``one
  dealer``, unnamed, counts and resolves to null; so does a speaker called by a surname alone: ``Mr
  Berg said … "…," Lund said. He said …`` → ``Lund`` or null, never ``Mr Berg``; a coordinated
  ``Berg, Lund and Ness`` is a group and no candidate, and when the one candidate left is joined by
  ``and`` to another name, whatever its gender, the pronoun stays null: ``Helen Berg and Sam Lund
  were fined. But he …`` has a plural subject before it, and ``he`` is more likely someone unnamed).
  A person must agree in gender when a personal title tells it (``Mr``, ``Sir``, ``Lord`` against
  ``Mrs``, ``Ms``, ``Lady``, ``Baroness``) or, failing that, a given name of the data list
  ``vocab/given_names.toml`` (``Carl``, ``Fiona``; a name of its ``unisex`` list, ``Andrea``,
  ``Robin``, tells none). Organisations and places are never candidates; a name the text does not
  show to be a person's (a title or role with it, a quote of its own, its surname written alone, a
  listed given name) counts as a candidate but is never the answer (``Northern Rail apologised. "…,"
  she said.`` → null), nor is a speaker resolved to an organisation (``the BBC``). With two or more
  candidates the speaker of a quote in those two sentences (the subject with a cue) wins, else the
  pronoun stays null; with none, the speaker of the previous quote of the same or the previous
  paragraph is taken when no other person was named since.
- **``I`` / ``we``** resolve only when the article says who speaks: in a transcript, to the person
  of the nearest turn label before them (``Vladimir Putin: … I believe that …``, also after a stage
  direction in brackets: ``(Jo Doe spoke about housing.) Vladimir Putin: I think …``; an elision
  ``<…>``, a label this module cannot read or the chair giving the floor, ``Mr Medvedev.``, starts
  a turn of nobody known); inside another quote's quotation, to that quote's speaker (``"… I
  thought we dominated …," Robinson said.``).
- Anything else (``they``, ``it``, ``sources``, ``the ministry``) stays null.

Limits
======
Every pattern matches in linear time (name words are possessive: a word is never re-read
shorter); the article is scanned for names once, lazily, and only up to the last pronoun or role
that needs it; a surname is looked for at its first :data:`MAX_NAME_OCCURRENCES` places and only
the first :data:`MAX_SURNAMES_PER_TEXT` surnames (and given names, capitalised words, genders,
surnames written alone) are looked for; a name run holds at most :data:`MAX_NAME_RUN_WORDS` words
after its first. A pronoun's window is found by reading sentence ends lazily from the start of the
text up to the pronoun and the runs of line breaks once; the fallback to the previous quote's
speaker reads back at most :data:`MAX_FALLBACK_MENTIONS` mentions; each ``the`` is read for a role
once however many windows hold it. A spent :func:`~transforms.budget.time_budget`
raises here as in the extractor.
"""

from transforms.speakers.resolution import resolve_speakers
from transforms.speakers.rules import (
    DEMONYM_SUFFIXES,
    GIVEN_NAMES,
    HONORIFICS,
    MAX_ANTECEDENT_CHARS,
    MAX_CLAUSE_CHARS,
    MAX_FALLBACK_MENTIONS,
    MAX_NAME_CHARS,
    MAX_NAME_OCCURRENCES,
    MAX_NAME_RUN_WORDS,
    MAX_NAME_WORDS,
    MAX_SURNAMES_PER_TEXT,
    NOT_NAME_WORDS,
    PERSONAL_PRONOUNS,
    ROLE_NOUNS,
    TITLE_WORDS,
)

__all__ = [
    "DEMONYM_SUFFIXES",
    "GIVEN_NAMES",
    "HONORIFICS",
    "MAX_ANTECEDENT_CHARS",
    "MAX_CLAUSE_CHARS",
    "MAX_FALLBACK_MENTIONS",
    "MAX_NAME_CHARS",
    "MAX_NAME_OCCURRENCES",
    "MAX_NAME_RUN_WORDS",
    "MAX_NAME_WORDS",
    "MAX_SURNAMES_PER_TEXT",
    "NOT_NAME_WORDS",
    "PERSONAL_PRONOUNS",
    "ROLE_NOUNS",
    "TITLE_WORDS",
    "resolve_speakers",
]
