"""Tests for schemas.lexicon: the one loader of word lists as data, and every list it ships."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from schemas import lexicon as lexicon_module
from schemas.lexicon import LexiconError, lexicon, lexicon_entries, lexicon_names, lexicon_table

REPO = Path(__file__).resolve().parents[2]
#: the packages whose code may read a list (tests and benchmarks do not count as readers)
CODE_PACKAGES = ("news_etl", "flows", "extract", "load", "quality", "reporting", "transforms", "schemas")


def _clear() -> None:
    lexicon_entries.cache_clear()
    lexicon.cache_clear()
    lexicon_table.cache_clear()


@pytest.fixture
def written(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, str]]:
    """Lists written by the test: ``written["x.txt"] = "…"`` is what ``_text("x.txt")`` reads."""
    files: dict[str, str] = {}

    def text(filename: str) -> str:
        if filename not in files:
            raise LexiconError(f"no lexicon {filename}")
        return files[filename]

    _clear()
    monkeypatch.setattr(lexicon_module, "_text", text)
    yield files
    _clear()


def test_comments_blank_lines_and_spaces(written: dict[str, str]) -> None:
    written["t.txt"] = "# a list\n\nalpha\n  beta gamma  # two words, one entry\n\n#x\nDelta\n"
    assert lexicon_entries("t") == ("alpha", "beta gamma", "Delta")
    assert lexicon("t") == frozenset({"alpha", "beta gamma", "Delta"})


def test_a_repeated_entry_is_an_error(written: dict[str, str]) -> None:
    written["t.txt"] = "alpha\nbeta\nalpha  # again\n"
    with pytest.raises(LexiconError, match=r"t\.txt:3: 'alpha' is listed twice"):
        lexicon_entries("t")


def test_an_empty_or_missing_list_is_an_error(written: dict[str, str]) -> None:
    written["t.txt"] = "# nothing here\n\n"
    with pytest.raises(LexiconError, match="lists nothing"):
        lexicon("t")
    with pytest.raises(LexiconError):
        lexicon("absent")


def test_a_table_is_parsed_toml(written: dict[str, str]) -> None:
    written["t.toml"] = '# cues\n[say]\nforms = ["said", "says"]\n'
    assert lexicon_table("t") == {"say": {"forms": ["said", "says"]}}


def test_a_shipped_list_is_read_once() -> None:
    assert lexicon("quote_noun_cues") is lexicon("quote_noun_cues")


@pytest.mark.parametrize("filename", lexicon_names())
def test_every_shipped_list_loads(filename: str) -> None:
    name, _, kind = filename.rpartition(".")
    if kind == "txt":
        assert lexicon_entries(name)
    else:
        assert lexicon_table(name)


def _code() -> str:
    return "\n".join(
        path.read_text(encoding="utf-8")
        for package in CODE_PACKAGES
        for path in (REPO / package).rglob("*.py")
    )


@pytest.mark.parametrize("filename", lexicon_names())
def test_every_shipped_list_is_read_by_some_module(filename: str) -> None:
    name = filename.rpartition(".")[0]
    assert re.search(rf"""lexicon(?:_entries|_table)?\(\s*["']{re.escape(name)}["']""", _code()), (
        f"no module reads schemas/lexicons/{filename}"
    )
