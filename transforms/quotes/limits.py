"""Limits and thresholds of the quote extractor, each a named constant.

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
MAX_CLAIM_MODIFIERS = 3  #: words read back from a disowned claim noun for its modifiers and determiner
