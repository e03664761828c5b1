from __future__ import annotations

from news_etl.transforms.normalize import normalise_text


def test_line_ends():
    result = normalise_text("a\r\nb\rc\u2028d")
    assert result.text == "a\nb\nc\nd"
    assert result.fixes["newline"] == 3


def test_zero_width_soft_hyphen_and_odd_spaces_are_counted():
    result = normalise_text("Mos\u200bcow co\u00adoperation 10\u00a0km\u202fnow")
    assert result.text == "Moscow cooperation 10 km now"
    assert dict(result.fixes) == {"zero_width": 1, "soft_hyphen": 1, "space": 2}


def test_cyrillic_lookalikes_inside_latin_words_become_latin():
    text = "The Ministry of Defenсe opened the М-4 motorway and the Т-90М tank, а reconnaissance unit."
    result = normalise_text(text)
    assert (
        result.text
        == "The Ministry of Defence opened the M-4 motorway and the T-90M tank, a reconnaissance unit."
    )
    assert result.fixes["homoglyph"] == 5


def test_real_cyrillic_words_are_left_alone():
    text = "It was published on the president.rf (президент.рф) website, see also еру."
    assert normalise_text(text).text == text


def test_a_russian_text_keeps_its_letters():
    text = "Президент России Владимир Путин провёл встречу в Москве. А потом уехал."
    result = normalise_text(text)
    assert result.text == text
    assert "homoglyph" not in result.fixes


def test_plain_ascii_has_no_fixes():
    assert not normalise_text("Plain text.\nSecond line.").fixes


def test_decomposed_accents_are_composed():
    result = normalise_text("Cafe\u0301")
    assert result.text == "Café" and result.fixes["nfc"] == 1
