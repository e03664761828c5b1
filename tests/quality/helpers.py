"""Edited copies of the packaged suites, for tests that show a run checks what the files say."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import quality.suites as suites_module
from quality.suites import SUITE_TABLES
from tests.conftest import REPO

PACKAGED = REPO / "quality" / "expectations"


def edited_suites(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, edit: Callable[[str, dict[str, Any]], None]
) -> Path:
    """A copy of the packaged suites, ``edit(table, suite)`` applied, where runs read them (in
    this process: a pool's workers would read the package's)."""
    copy = tmp_path / "expectations"
    shutil.copytree(PACKAGED, copy)
    for table in SUITE_TABLES:
        path = copy / f"{table}.json"
        suite = json.loads(path.read_text(encoding="utf-8"))
        edit(table, suite)
        path.write_text(json.dumps(suite), encoding="utf-8")
    monkeypatch.setattr(suites_module, "SUITES_DIR", copy)
    return copy


def expectation(suite: dict[str, Any], name: str) -> dict[str, Any]:
    """The expectation of ``suite`` whose ``meta.name`` is ``name``."""
    (found,) = [e for e in suite["expectations"] if e["meta"]["name"] == name]
    return found
