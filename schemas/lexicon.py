"""Word lists as data: one file per list under ``schemas/lexicons/``, read once per process.

A plain list is ``<name>.txt``: one entry per line, ``#`` starts a comment (whole line or after
the entry), blank lines are skipped, entries keep their case and inner spaces. A list whose
entries carry flags is ``<name>.toml``, read whole by :func:`lexicon_table`. Code never spells a
list inline: it asks for it by name, so each list lives in one place and a test can walk every
entry of every file (see ``tests/schemas/test_lexicon.py``).
"""

from __future__ import annotations

import functools
import tomllib
from importlib import resources
from typing import Any

LEXICON_DIR = "lexicons"  #: folder of the lists inside the ``schemas`` package


class LexiconError(ValueError):
    """A list file is missing, empty, or repeats an entry."""


def _text(filename: str) -> str:
    node = resources.files("schemas").joinpath(LEXICON_DIR, filename)
    if not node.is_file():
        raise LexiconError(f"no lexicon {LEXICON_DIR}/{filename} in the schemas package")
    return node.read_text(encoding="utf-8")


@functools.cache
def lexicon_entries(name: str) -> tuple[str, ...]:
    """The entries of ``lexicons/<name>.txt`` in file order (each once; a repeat is an error)."""
    entries: list[str] = []
    seen: set[str] = set()
    for number, line in enumerate(_text(f"{name}.txt").splitlines(), 1):
        entry = line.split("#", 1)[0].strip()
        if not entry:
            continue
        if entry in seen:
            raise LexiconError(f"{LEXICON_DIR}/{name}.txt:{number}: {entry!r} is listed twice")
        seen.add(entry)
        entries.append(entry)
    if not entries:
        raise LexiconError(f"{LEXICON_DIR}/{name}.txt lists nothing")
    return tuple(entries)


@functools.cache
def lexicon(name: str) -> frozenset[str]:
    """The entries of ``lexicons/<name>.txt`` as a set, for membership tests."""
    return frozenset(lexicon_entries(name))


@functools.cache
def lexicon_table(name: str) -> dict[str, Any]:
    """``lexicons/<name>.toml`` parsed (the caller checks its shape and builds typed records)."""
    data = tomllib.loads(_text(f"{name}.toml"))
    if not data:
        raise LexiconError(f"{LEXICON_DIR}/{name}.toml holds nothing")
    return data


def lexicon_names() -> tuple[str, ...]:
    """Every list the package ships, as ``<name>.txt`` / ``<name>.toml`` file names, sorted."""
    folder = resources.files("schemas").joinpath(LEXICON_DIR)
    return tuple(sorted(n.name for n in folder.iterdir() if n.name.endswith((".txt", ".toml"))))
