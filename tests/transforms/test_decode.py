from __future__ import annotations

import codecs

import pytest

from news_etl.transforms.decode import Decoded, Undecodable, decode_raw


def test_utf8_with_and_without_bom():
    plain = decode_raw("Café".encode())
    bom = decode_raw(codecs.BOM_UTF8 + "Café".encode())
    assert isinstance(plain, Decoded) and isinstance(bom, Decoded)
    assert plain.text == bom.text == "Café"


def test_cp1252_pound_sign():
    decoded = decode_raw(b"It cost \xa35m.")
    assert isinstance(decoded, Decoded)
    assert decoded.text == "It cost £5m."
    assert decoded.encoding == "cp1252"


def test_utf16_with_bom():
    decoded = decode_raw(codecs.BOM_UTF16_LE + "Hello".encode("utf-16-le"))
    assert isinstance(decoded, Decoded) and decoded.text == "Hello"


@pytest.mark.parametrize(("data", "reason"), [(b"", "empty"), (b" \n\t\r\n", "empty")])
def test_empty(data, reason):
    result = decode_raw(data)
    assert isinstance(result, Undecodable) and result.reason == reason


def test_binary():
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x02\x00\x00\x00"
    result = decode_raw(png * 10)
    assert isinstance(result, Undecodable) and result.reason == "binary"


def test_stray_nul_is_removed_not_fatal():
    decoded = decode_raw(b"A long line of ordinary text\x00 with one NUL in it.")
    assert isinstance(decoded, Decoded)
    assert "\x00" not in decoded.text


def test_random_bytes_and_binary_signatures_are_binary():
    import random

    generator = random.Random(7)
    for _ in range(200):
        data = bytes(generator.getrandbits(8) for _ in range(generator.randint(40, 4000)))
        result = decode_raw(data)
        assert isinstance(result, Undecodable) and result.reason == "binary", data[:20]
    for signature in (b"%PDF-1.7\n", b"GIF89a", b"\x7fELF\x02\x01", b"PK\x03\x04"):
        result = decode_raw(signature + b" then some ordinary looking text " * 20)
        assert isinstance(result, Undecodable) and result.reason == "binary"
    assert isinstance(decode_raw(b"GIFs of the summit went viral on Monday."), Decoded)
