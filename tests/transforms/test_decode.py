from __future__ import annotations

import codecs

import pytest

from transforms.decode import Decoded, Undecodable, decode_raw


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


# --------------------------------------------------------------------------- control characters

C1_CONTROLS = [chr(c) for c in range(0x80, 0xA0) if c != 0x85]
BIDI_CONTROLS = [chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))]


@pytest.mark.parametrize("char", C1_CONTROLS, ids=lambda c: f"U+{ord(c):04X}")
def test_c1_controls_spelled_in_utf8_are_removed_and_counted(char):
    decoded = decode_raw(f"Prices{char} rose{char}{char} again.".encode())
    assert isinstance(decoded, Decoded) and decoded.encoding == "utf-8"
    assert decoded.text == "Prices rose again."
    assert dict(decoded.fixes) == {"c1_control": 3}


def test_the_csi_control_cannot_reach_a_terminal():
    """U+009B is a one-character escape sequence introducer: "\\x9b2J" would clear a screen."""
    decoded = decode_raw("Title \u009b2J\u009b31m red".encode())
    assert isinstance(decoded, Decoded) and decoded.text == "Title 2J31m red"


def test_next_line_u0085_is_a_line_break_not_a_deletion():
    decoded = decode_raw("First line\u0085Second line".encode())
    assert isinstance(decoded, Decoded)
    assert decoded.text == "First line\nSecond line" and dict(decoded.fixes) == {"newline": 1}


def test_cp1252_bytes_0x80_to_0x9f_are_printable_except_the_undefined_ones():
    decoded = decode_raw(b"\x93Quoted\x94 \x80 5 \x85 \x81\x8d\x8f\x90\x9d end")
    assert isinstance(decoded, Decoded) and decoded.encoding == "cp1252"
    assert decoded.text == "“Quoted” € 5 …  end"
    assert dict(decoded.fixes) == {"c1_control": 5}


@pytest.mark.parametrize("char", BIDI_CONTROLS, ids=lambda c: f"U+{ord(c):04X}")
@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_bidi_embeddings_overrides_and_isolates_are_removed_and_counted(char, encoding):
    data = f"Transfer to account {char}1234{char} today.".encode(encoding)  # utf-16: with a BOM
    decoded = decode_raw(data)
    assert isinstance(decoded, Decoded)
    assert decoded.text == "Transfer to account 1234 today."
    assert dict(decoded.fixes) == {"bidi_control": 2}


def test_bidi_marks_of_right_to_left_text_are_kept():
    text = "Hebrew \u05e9\u05dc\u05d5\u05dd\u200f, Arabic \u0633\u0644\u0627\u0645\u061c and \u200eEnglish."
    decoded = decode_raw(text.encode())
    assert isinstance(decoded, Decoded) and decoded.text == text and not decoded.fixes


def test_c0_controls_are_counted_and_tab_line_feed_carriage_return_stay():
    prose = b" Long enough to be text, not a binary file." * 3  # under 5 % control bytes
    decoded = decode_raw(b"Tab\there\r\nESC\x1b[31m red\x07\x00 text" + prose)
    assert isinstance(decoded, Decoded)
    assert decoded.text == "Tab\there\r\nESC[31m red text" + prose.decode()
    assert dict(decoded.fixes) == {"c0_control": 3}


def test_clean_text_has_no_fixes():
    decoded = decode_raw("Plain “text”, café.".encode())
    assert isinstance(decoded, Decoded) and not decoded.fixes


def test_controls_across_the_cleaning_slices_are_all_removed_and_counted():
    from transforms.decode import CLEAN_CHUNK_CHARS

    unit = "word \u202e\u009b "
    text = unit * (2 * CLEAN_CHUNK_CHARS // len(unit) + 3)
    decoded = decode_raw(text.encode())
    repeats = text.count(unit)
    assert isinstance(decoded, Decoded)
    assert decoded.text == "word  " * repeats
    assert dict(decoded.fixes) == {"bidi_control": repeats, "c1_control": repeats}
