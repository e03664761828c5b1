"""What an input is (extract.inputs): names shown as valid UTF-8."""

from __future__ import annotations

from extract.inputs import display_path


def test_display_path_keeps_undecodable_bytes_visible():
    assert display_path("caf\udce9.txt") == "caf\\xe9.txt"
