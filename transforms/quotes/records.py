"""The small records the quote extractor passes between its steps: a quotation (:class:`_Segment`),
a speaker's span (:class:`_Speaker`), a sentence's cue tries left (:class:`_Tries`) and a frame
(:class:`_Frame`: speaker, cue, content spans).
"""

from __future__ import annotations

from dataclasses import dataclass, field


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
