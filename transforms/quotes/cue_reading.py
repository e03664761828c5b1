"""What a frame reader is given and what it answers: one contract for every reader of a cue.

A sentence is read cue by cue (:mod:`.frames`). For each cue, the readers of
:data:`~.frames.FRAME_READERS` are asked in order, each given the same :class:`CueReading`; each
answers with

- a frame: the cue reports, and this is its frame (the first frame given wins);
- :data:`NO_REPORT`: the cue reports nothing here (``drills called Union Resolve``), the next cue
  is tried;
- ``None``: the construction the reader knows is not there, the next reader is asked.

The speaker written next to the cue is read once, when a reader first asks for it
(:meth:`CueReading.speaker`), and shared by the readers after it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from transforms.quotes.content import _source_closes_after_comma
from transforms.quotes.records import _Frame, _Segment, _Speaker
from transforms.quotes.speaker_reading import _speaker_before
from transforms.quotes.subjects import _coordinated_speaker
from transforms.quotes.validity import _quoted_as_speaker

#: A reader's answer that the cue reports nothing (not a frame to keep: compared by identity).
NO_REPORT = _Frame(None, -1, -1, [], False)


@dataclass(slots=True)
class CueReading:
    """One cue of a sentence being read: the sentence, its quotations and cues, and the cue."""

    text: str
    s_start: int  #: where what is left of the sentence starts (after the frames read before)
    s_end: int
    quoted: list[_Segment]  #: the quotations left in the sentence
    cues: list[tuple[int, int]]  #: the cues left in the sentence (the next frame's candidates)
    sentence_start: int  #: where the whole sentence starts
    cue: tuple[int, int]
    word: str  #: the cue as written, lower-cased
    _quoted_as: _Speaker | None = None
    _quoted_as_read: bool = False
    _written: _Speaker | None = None
    _written_read: bool = False
    _speaker: _Speaker | None = None
    _speaker_read: bool = False

    def quoted_as(self) -> _Speaker | None:
        """``the paper quoted Mr C as saying``: ``Mr C``, for the cue ``saying``; else None."""
        if not self._quoted_as_read:
            self._quoted_as_read = True
            if self.word == "saying":
                self._quoted_as = _quoted_as_speaker(self.text, self.s_start, self.cue[0])
        return self._quoted_as

    def written_speaker(self) -> _Speaker | None:
        """The speaker as written before the cue (or the one quoted ``as saying``), as read."""
        if not self._written_read:
            self._written_read = True
            self._written = self.quoted_as() or _speaker_before(self.text, self.s_start, self.cue[0])
        return self._written

    def speaker(self) -> _Speaker | None:
        """The speaker before the cue, corrected: none when the source closes the sentence after a
        comma (``X has ruined Yukos, once its owner, said founder Jo Lund.``: inverted), a
        coordinated subject whole (``Anna Berg and Ola Lund said``)."""
        if not self._speaker_read:
            self._speaker_read = True
            speaker = self.written_speaker()
            if self.quoted_as() is None and speaker is not None:
                if _source_closes_after_comma(self.text, self.s_start, self.s_end, self.cue):
                    speaker = None
                else:
                    speaker = _coordinated_speaker(self.text, self.s_start, speaker)
            self._speaker = speaker
        return self._speaker


#: A frame reader: a frame, :data:`NO_REPORT` or ``None`` (see the module docstring).
FrameReader = Callable[[CueReading], "_Frame | None"]
#: A rule that a cue reports nothing (``Berg added four conversions``): True when it holds.
NotAReport = Callable[[CueReading], bool]
