"""Every entry of the speaker resolver's word lists (``schemas/lexicons/``) has its effect.

One invented case per entry, parametrized over the list as loaded, so that an entry added to a
file is tested too; a case fails when its entry is taken out of the file.
"""

from __future__ import annotations

import pytest

from schemas.lexicon import lexicon_entries
from transforms.quotes import extract_quotes


def _resolved(text: str, needle: str) -> str | None:
    """The ``speaker_resolved`` of the one quote whose text holds ``needle``."""
    hits = [q for q in extract_quotes(text) if needle in q.quote_text]
    assert len(hits) == 1, [(q.quote_text, q.speaker) for q in extract_quotes(text)]
    return hits[0].speaker_resolved


# --------------------------------------------------------------------------- name particles


@pytest.mark.parametrize("particle", lexicon_entries("name_particles"))
def test_each_name_particle_joins_the_full_name_a_surname_resolves_to(particle: str) -> None:
    text = f"Jan {particle} Berg opened the meeting. “The new bridge will open next spring,” Berg said."
    assert _resolved(text, "bridge") == f"Jan {particle} Berg"
