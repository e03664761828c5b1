"""Each entry of the quote extractor's lexicons (``schemas/lexicons/``) has its effect.

One invented case per entry: with the entry the extractor reads it one way, without it another
(an entry that changes nothing is dead weight, and is removed).
"""

from __future__ import annotations

import pytest

from schemas.lexicon import lexicon_entries
from transforms.quotes import extract as extract_module
from transforms.quotes import extract_quotes


def _read(text: str) -> list[tuple[str | None, str | None, str]]:
    return [(q.cue, q.speaker, q.quote_text) for q in extract_quotes(text)]


@pytest.mark.parametrize("word", lexicon_entries("quote_not_ed_verbs"))
def test_a_not_ed_verb_before_that_is_no_cue(word: str, monkeypatch: pytest.MonkeyPatch) -> None:
    text = f"The minister {word} that the new bridge over the river would open in May."
    assert _read(text) == []
    monkeypatch.setattr(extract_module, "_NOT_ED_CUES", extract_module._NOT_ED_CUES - {word})
    assert [cue for cue, _, _ in _read(text)] == [word]
