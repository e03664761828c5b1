from __future__ import annotations

import re
import unicodedata
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from news_etl.transforms import normalize
from news_etl.transforms.normalize import HOMOGLYPHS, normalise_text


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


def reference_normalise(text: str) -> tuple[str, Counter[str]]:
    """The module docstring's rules, written straightforwardly (whole-text substitutions: fine
    for a test, too much memory for a 20 MiB line)."""
    fixes: Counter[str] = Counter()
    text, fixes["newline"] = re.subn("\r\n|[\r\u0085\u2028\u2029]", "\n", text)
    if re.search("[^\x00-\x7f]", text):
        text, fixes["zero_width"] = re.subn("[\u200b\u200c\u200d\u2060\ufeff\u180e]", "", text)
        text, fixes["soft_hyphen"] = re.subn("\u00ad", "", text)
        text, fixes["space"] = re.subn("[\u00a0\u2000-\u200a\u202f\u205f\u3000]", " ", text)
        foreign_re = re.compile("[\u0370-\u03ff\u0400-\u04ff]")
        foreign, latin = len(foreign_re.findall(text)), len(re.findall("[A-Za-z]", text))
        if foreign and latin >= 0.8 * (latin + foreign):
            changed = 0

            def fix(match: re.Match[str]) -> str:
                nonlocal changed
                token = match.group(0)
                letters = [c for c in token if c.isalpha()]
                if not foreign_re.search(token) or any(foreign_re.match(c) and c not in HOMOGLYPHS for c in letters):
                    return token
                mixed = any(re.match("[A-Za-z]", c) for c in letters)
                fused = len(letters) <= 2 and (len(letters) == 1 or any(c.isdigit() for c in token))
                if not (mixed or fused):
                    return token
                out = "".join(HOMOGLYPHS.get(c, c) for c in token)
                changed += sum(1 for a, b in zip(token, out, strict=True) if a != b)
                return out

            text = re.sub(r"[^\W_](?:[^\W_]|-(?=[^\W_]))*", fix, text)
            fixes["homoglyph"] = changed
        if not unicodedata.is_normalized("NFC", text):
            text, fixes["nfc"] = unicodedata.normalize("NFC", text), 1
    return text, +fixes


_PIECES = st.sampled_from(
    [
        *"aBc Дефс М-4 Т90 е-оαο.,\t\r\n\u2028\u0085\u200b\u00ad\u00a0\u2003\u202f\u3000",
        *("\r\n", "президент ", "Defenсe ", "а ", "Cafe\u0301 "),
    ]
)


@settings(max_examples=400, deadline=None)
@given(pieces=st.lists(_PIECES, max_size=60), slice_chars=st.sampled_from([1, 3, 7, 1 << 16]))
def test_counted_translations_and_sliced_homoglyphs_give_what_whole_text_substitutions_gave(
    pieces, slice_chars
):
    text = "".join(pieces)
    with pytest.MonkeyPatch.context() as patch:  # tiny slices put every boundary inside the text
        patch.setattr(normalize, "HOMOGLYPH_SLICE_CHARS", slice_chars)
        result = normalise_text(text)
    assert (result.text, result.fixes) == reference_normalise(text)


def test_a_run_of_letters_longer_than_any_word_is_left_alone():
    word = "Defenсe" * (normalize.HOMOGLYPH_TOKEN_MAX_CHARS // 7 + 1)
    text = f"The Defenсe ministry. {word}"
    result = normalise_text(text)
    assert result.text == f"The Defence ministry. {word}" and result.fixes["homoglyph"] == 1
