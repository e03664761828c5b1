"""How a source file is named (schemas.uris): names shown as valid UTF-8."""

from __future__ import annotations

from schemas.uris import display_path


def test_display_path_keeps_undecodable_bytes_visible():
    assert display_path("caf\udce9.txt") == "caf\\xe9.txt"
