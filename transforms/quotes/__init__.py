"""Find quotations and reported speech in an article body, with speaker and cue.

Pure text in, :class:`~schemas.Quote` records out: stdlib ``re`` only, no model, no I/O.
The body is paragraphs separated by blank lines; every offset is a ``str`` index into it.

How a text is read
==================
Each rule is stated in full, with its examples, in the module that holds its code:

1. **Quotation marks** and 2. **multi-paragraph quotes** (``“A.¶“B,” he said.`` is one quote):
   :mod:`.marks`.
3. **Sentences** end at ``. ! ?`` before a capital, never inside a quote or after ``Mr.``:
   :mod:`.sentences`.
4. **Frames.** A reporting cue outside quotation marks (:data:`REPORTING_CUES`, :mod:`.cues`)
   whose speaker can be read makes a frame; a sentence may hold several, read left to right.
   The speaker is read next to the cue (:mod:`.speaker_reading`, :mod:`.names`, :mod:`.subjects`),
   the content after or before it (:mod:`.content`); each construction is one reader of
   :mod:`.readers`, and :data:`~.frames.FRAME_READERS` lists them in their order of precedence
   (one contract: :mod:`.cue_reading`).
5. **Kind**: the share of the content inside quotation marks makes it direct, mixed or indirect
   (:mod:`.marks`).
6. **Fragments**: a quotation that goes on after its frame (``“X,” he said. “Y.”``) is one quote
   (:mod:`.extract`).
7. **Not quotations**: scare quotes and titles (:mod:`.extract`), and readings that look like a
   report and are not (naming verbs, evidence cues after a thing, passives, counts, prizes,
   topics …): :mod:`.validity`, :mod:`.objects`, :mod:`.topics`, run in order by
   :data:`~.filters.NOT_A_REPORT` and :data:`~.filters.NOT_THE_SPEAKERS_REPORT` (:mod:`.filters`).
8. **Transcripts** (``PENCE: We will win.``) and 9. **speaker resolution**
   (:func:`transforms.speakers.resolve_speakers`): :mod:`.extract`.
10. **Raw speakers are sources** (:func:`is_source_mention`): :mod:`.sources`.

The word lists of the rules are data, ``schemas/lexicons/`` (``cues.toml``: one table per cue with
its forms and flags; ``quote_*.txt``, ``abbreviations.txt``, ``weekdays.txt``, ``months.txt``: one
entry a line), read once per process through :mod:`schemas.lexicon` and named in :mod:`.cues` and
:mod:`.words`; the limits that keep the work linear are named constants of :mod:`.limits`.

The output is sorted by position and deterministic; no input string makes it raise.
"""

from transforms.quotes.cues import ATTITUDE_VERBS, NAMING_PHRASES, NAMING_VERBS, REPORTING_CUES
from transforms.quotes.extract import extract_quotes, quote_text_limited
from transforms.quotes.limits import MAX_CUES_PER_SENTENCE, MAX_FRAGMENTS_PER_QUOTE, MAX_TEXT_CHARS
from transforms.quotes.objects import NOUN_LIKE_CUES
from transforms.quotes.readers import ACCORDING_TO_NORMS, ATTRIBUTIVE_PARTICIPLES
from transforms.quotes.sources import is_fragment_mention, is_source_mention
from transforms.quotes.words import (
    DANGLING_LAST_WORDS,
    LONE_ADVERBS,
    NOT_SOURCE_FIRST,
    NOT_SOURCE_LAST,
    PERSON_NOUN_SUFFIXES,
    SOURCE_NOUNS,
    SOURCE_PRONOUNS,
    THING_PRONOUNS,
)

__all__ = [
    "ACCORDING_TO_NORMS",
    "ATTITUDE_VERBS",
    "ATTRIBUTIVE_PARTICIPLES",
    "DANGLING_LAST_WORDS",
    "LONE_ADVERBS",
    "MAX_CUES_PER_SENTENCE",
    "MAX_FRAGMENTS_PER_QUOTE",
    "MAX_TEXT_CHARS",
    "NAMING_PHRASES",
    "NAMING_VERBS",
    "NOT_SOURCE_FIRST",
    "NOT_SOURCE_LAST",
    "NOUN_LIKE_CUES",
    "PERSON_NOUN_SUFFIXES",
    "REPORTING_CUES",
    "SOURCE_NOUNS",
    "SOURCE_PRONOUNS",
    "THING_PRONOUNS",
    "extract_quotes",
    "is_fragment_mention",
    "is_source_mention",
    "quote_text_limited",
]
