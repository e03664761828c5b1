"""Helpers shared by several test modules, so that no test module imports another: small raw
inputs and what extract makes of them."""

from __future__ import annotations

from pathlib import Path

from extract.discover import discover
from extract.read import read_sources
from schemas import Reject


def write(path: Path, text: str = "Title\nBody.") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


ARTICLE = b" date 2022-01-02 https://example.com/a\nTitle\nBody.\n"


def read_all(root, max_bytes=10_000):
    found = discover([root])
    return found, {
        Path(s.uri).name if "!/" not in s.uri else s.uri.split("!/")[1]: d
        for s, d in read_sources(found.files, max_bytes)
    }


def outcomes(found, max_bytes=10_000):
    """Every article file found, by uri: its bytes, or the reason it was refused."""
    out = {r.source_uri: r.reason for r in found.rejects}
    for source, data in read_sources(found.files, max_bytes):
        out[source.uri] = data.reason if isinstance(data, Reject) else data
    return out
