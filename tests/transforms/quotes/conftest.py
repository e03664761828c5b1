"""Fixtures of the quote extractor's tests."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from transforms.quotes.cue_reading import CueReading


def _reading(text: str, cue_word: str) -> CueReading:
    """The reading of the first ``cue_word`` of a one-sentence ``text`` without quotation marks."""
    at = text.index(cue_word)
    cue = (at, at + len(cue_word))
    return CueReading(text, 0, len(text), [], [cue], 0, cue, cue_word.lower())


@pytest.fixture
def cue_reading() -> Callable[[str, str], CueReading]:
    """Builds the :class:`CueReading` of a cue word in a sentence (``cue_reading(text, "said")``)."""
    return _reading
