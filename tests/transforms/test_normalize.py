from __future__ import annotations

import re
import unicodedata
from collections import Counter

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from transforms import normalize
from transforms.normalize import HOMOGLYPHS, normalise_text


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
                if not foreign_re.search(token) or any(
                    foreign_re.match(c) and c not in HOMOGLYPHS for c in letters
                ):
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


# --------------------------------------------------------------------------- HTML character references


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("EC President Jos&#233; Manuel Barroso", "EC President José Manuel Barroso"),
        ("Jos&#xE9; and Jos&#XE9;", "José and José"),
        ("It cost &pound;5m, up 3&#37;", "It cost £5m, up 3%"),
        ("a &lt;b&gt; tag &amp; more", "a <b> tag & more"),
        ("Caf&eacute; &laquo;ouvert&raquo;", "Café «ouvert»"),
        ("&#191;Qu&#233;?", "¿Qué?"),
        ("10&nbsp;km", "10 km"),  # decoded, then a plain space by the ``space`` rule
        ("pre&shy;war", "prewar"),  # decoded, then removed by ``soft_hyphen``
        ("Cafe&#769;", "Café"),  # decoded, then composed by ``nfc``
        ("one&#13;&#10;two", "one\ntwo"),  # decoded, then one line end by ``newline``
        ("&#150; &#128;", "– €"),  # the browsers' Windows-1252 reading of 128 to 159
    ],
)
def test_html_character_references_are_decoded_then_normalised(raw, clean):
    assert normalise_text(raw).text == clean


def test_each_decoded_reference_is_counted():
    result = normalise_text("Jos&#233; paid &pound;5 &amp; &#xE9;&nbsp;x")
    assert result.text == "José paid £5 & é x"
    assert dict(result.fixes) == {"html_entity": 5, "space": 1}


@pytest.mark.parametrize(
    "text",
    [
        "AT&T and Marks & Spencer spent more on R&D, &c.",
        "Q&A: &foo; is no reference, nor &amp without its semicolon, nor &#;, &#x; or &;",
        "&#12345678; has too many digits, &#x1234567; too",
        "a lone & at the end &",
        "&CounterClockwiseContourIntegralX; is a longer name than any",
    ],
)
def test_text_that_holds_no_reference_stays_as_written(text):
    result = normalise_text(text)
    assert result.text == text and not result.fixes


def test_a_double_encoded_reference_is_decoded_once():
    result = normalise_text("&amp;lt;b&amp;gt; and &amp;#233;")
    assert result.text == "&lt;b&gt; and &#233;" and result.fixes["html_entity"] == 3


@pytest.mark.parametrize(
    ("raw", "rule"),
    [
        ("&#27;[2J", "c0_control"),  # ESC, which HTML refuses to spell
        ("&#x1B;[31m", "c0_control"),
        ("&#12;", "c0_control"),  # form feed, which HTML spells
        ("&#x7F;", "c0_control"),
        ("&#x202E;", "bidi_control"),
        ("&#x2066;", "bidi_control"),
    ],
)
def test_a_reference_to_a_control_character_leaves_no_control(raw, rule):
    result = normalise_text(f"left {raw} right")
    assert result.text == f"left {raw.split(';', 1)[1]} right"
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", result.text)
    assert dict(result.fixes) == {"html_entity": 1, rule: 1}


def test_a_reference_to_a_noncharacter_is_removed():
    result = normalise_text("a&#xFFFE;b")
    assert result.text == "ab" and dict(result.fixes) == {"html_entity": 1}


def test_a_reference_to_nul_is_removed_and_counted_like_a_raw_nul():
    from transforms.decode import Decoded, decode_raw

    tail = " and a long enough text after it" * 4  # a file of 5 % control bytes would be binary
    raw = decode_raw(f"left \x00 right{tail}".encode())
    assert isinstance(raw, Decoded) and raw.text == f"left  right{tail}"
    assert dict(raw.fixes) == {"c0_control": 1}
    for reference in ("&#0;", "&#x0;", "&#00;", "&#x0000;"):
        result = normalise_text(f"left {reference} right")
        assert result.text == "left  right", reference
        assert dict(result.fixes) == {"html_entity": 1, "c0_control": 1}, reference


@pytest.mark.parametrize(
    "pair", ["&#xD83D;&#xDE00;", "&#xd83d;&#xde00;", "&#55357;&#56832;", "&#xD83D;&#56832;"]
)
def test_a_surrogate_pair_written_as_two_references_is_one_character(pair):
    result = normalise_text(f"smile {pair}!")
    assert result.text == "smile \U0001f600!" and dict(result.fixes) == {"html_entity": 2}


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("a &#xD83D; b", "a \ufffd b"),  # a high surrogate alone
        ("a &#xDE00;&#xD83D; b", "a \ufffd\ufffd b"),  # low before high: no pair
        ("a &#xD83D;x&#xDE00; b", "a \ufffdx\ufffd b"),  # apart: no pair
        ("a &#xD83D;&#xD83D;&#xDE00; b", "a \ufffd\U0001f600 b"),
    ],
)
def test_a_surrogate_without_its_other_half_is_the_replacement_character(raw, clean):
    result = normalise_text(raw)
    assert result.text == clean
    assert all(not 0xD800 <= ord(c) <= 0xDFFF for c in result.text)


def test_a_surrogate_pair_across_a_reading_slice_is_still_joined(monkeypatch):
    monkeypatch.setattr(normalize, "REFERENCE_SLICE_CHARS", 40)
    text = "x" * 30 + "&#xD83D;&#xDE00; and more text after the pair, " * 5
    result = normalise_text(text)
    assert result.text == "x" * 30 + "\U0001f600 and more text after the pair, " * 5
    assert result.fixes["html_entity"] == 10


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("&#x00000041;", "A"),
        ("&#0000065;", "A"),
        ("&#x" + "0" * 16 + "41;", "A"),
        ("&#" + "0" * 16 + "65;", "A"),
        ("&#x" + "0" * 16 + "10FFFD;", "\U0010fffd"),
        ("&#" + "0" * 16 + "1114109;", "\U0010fffd"),
    ],
)
def test_leading_zeros_are_read_alike_in_decimal_and_hex(raw, clean):
    result = normalise_text(raw)
    assert result.text == clean and dict(result.fixes) == {"html_entity": 1}


@pytest.mark.parametrize("raw", ["&#x" + "0" * 21 + "41;", "&#" + "0" * 22 + "65;"])
def test_more_leading_zeros_than_the_bound_are_no_reference(raw):
    """16 zeros and then at most 6 hex or 7 decimal digits (which may be zeros too)."""
    assert normalize.REFERENCE_MAX_LEADING_ZEROS == 16
    result = normalise_text(raw)
    assert result.text == raw and not result.fixes


def test_references_across_the_reading_slices_are_all_decoded():
    unit = "Jos&#233; &CounterClockwiseContourIntegral; &amp; "
    text = unit * (3 * normalize.REFERENCE_SLICE_CHARS // len(unit) + 7)
    result = normalise_text(text)
    repeats = text.count(unit)
    assert result.text == "José ∳ & " * repeats
    assert result.fixes["html_entity"] == 3 * repeats


_CONTROLS_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_CONTROL_RULE_RES = (
    ("c0_control", "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"),
    ("c1_control", "[\x80-\x9f]"),
    ("bidi_control", "[\u202a-\u202e\u2066-\u2069]"),
)


def reference_entities(text: str) -> tuple[str, Counter[str]]:
    """The ``html_entity`` rule written straightforwardly: every ``&...;`` that is a reference,
    decoded by the standard library in one whole-text substitution, then the controls removed
    (the test's texts hold no other control than tab, line feed and carriage return)."""
    import html
    from html.entities import html5

    fixes: Counter[str] = Counter()

    def one(match: re.Match[str]) -> str:
        ref = match.group(0)
        body = ref[1:-1]
        numeric = re.fullmatch(r"#(?:[xX]0{0,16}[0-9A-Fa-f]{1,6}|0{0,16}[0-9]{1,7})", body)
        if not numeric and ref[1:] not in html5:
            return ref
        fixes["html_entity"] += 1
        if not numeric:
            return html.unescape(ref)
        code = int(body[2:], 16) if body[1] in "xX" else int(body[1:])
        if code == 0 or 0xD800 <= code <= 0xDFFF:
            return chr(code)  # NUL is removed below; surrogates are paired below
        out = html.unescape(f"&#{code};")
        if not out:
            fixes.update(name for name, pattern in _CONTROL_RULE_RES if re.fullmatch(pattern, chr(code)))
        return out

    text = re.sub(r"&[^&;]*;", one, text)
    text = re.sub(
        "[\ud800-\udbff][\udc00-\udfff]",
        lambda pair: pair.group(0).encode("utf-16-le", "surrogatepass").decode("utf-16-le"),
        text,
    )
    text = re.sub("[\ud800-\udfff]", "\ufffd", text)
    for name, pattern in _CONTROL_RULE_RES:
        text, removed = re.subn(pattern, "", text)
        fixes[name] += removed
    return text, +fixes


_REFERENCE_PIECES = st.sampled_from(
    [
        "&#233;", "&#xE9;", "&eacute;", "&nbsp;", "&amp;", "&lt;", "&#x202e;", "&#27;", "&#12;",
        "&#13;", "&#10;", "&#150;", "&shy;", "&", "#", ";", "x", "E9", "233", "amp", "AT&T ",
        "&#", "&#x", " ", "\n", "é", "&foo;", "&#xFFFE;", "&#12345678;",
        "&#0;", "&#xD83D;", "&#xDE00;", "&#55357;", "&#x00000041;", "&#0000065;", "00",
    ]
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(pieces=st.lists(_REFERENCE_PIECES, max_size=60), slice_chars=st.sampled_from([35, 40, 53, 1 << 16]))
@example(pieces=["&#xD83D;", "&#0;", "&#xDE00;"], slice_chars=35)  # a removed NUL still parts the halves
@example(pieces=["&#xD83D;", "&#27;", "&#0;", "&#xDE00;"], slice_chars=1 << 16)
@example(pieces=["&#xD83D;", "&#xFFFE;", "&#xDE00;"], slice_chars=35)  # a refused code point: gone
@example(pieces=["&#233;"] * 4 + ["&#xD83D;", "&#x202e;", "&#xDE00;"], slice_chars=35)  # cut at the control
def test_sliced_reference_decoding_gives_what_one_whole_text_substitution_gave(pieces, slice_chars):
    text = "".join(pieces)
    with pytest.MonkeyPatch.context() as patch:  # small slices put cuts inside the text
        patch.setattr(normalize, "REFERENCE_SLICE_CHARS", slice_chars)
        result = normalise_text(text)
    decoded, fixes = reference_entities(text)
    expected_text, expected_fixes = reference_normalise(decoded)
    assert (result.text, result.fixes) == (expected_text, fixes + expected_fixes)
    assert not _CONTROLS_RE.search(result.text)


def test_no_title_or_body_of_the_bbc_corpus_keeps_an_html_character_reference(shared):
    """23 files of bbc-news-2005 hold references (``communiqu&#233;``, ``&#163;1.8m``, ``&lt;``)."""
    from html.entities import html5

    from transforms.article import parse_article
    from transforms.decode import Decoded, decode_raw

    reference_re = re.compile(r"&(#[0-9]+|#[xX][0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*);")
    decoded_files, kept = 0, []
    for path in sorted((shared / "corpora" / "bbc-news-2005").glob("*.txt")):
        decoded = decode_raw(path.read_bytes())
        assert isinstance(decoded, Decoded), path.name
        parsed = parse_article(decoded.text)
        decoded_files += parsed.fixes["html_entity"] > 0
        for field in (parsed.title, parsed.teaser, parsed.summary, *parsed.paragraphs):
            for match in reference_re.finditer(field or ""):
                if match.group(1).startswith("#") or match.group(0)[1:] in html5:
                    kept.append((path.name, match.group(0)))
    assert not kept
    assert decoded_files == 23


@pytest.mark.parametrize(
    ("said_by", "speaker"),
    [("Jos&#233; Manuel Barroso", "José Manuel Barroso"), ("Barroso", "Barroso")],
)
def test_a_decoded_name_resolves_whole(said_by: str, speaker: str) -> None:
    """``Jos&#233;`` is decoded before the quote extractor reads the name: the speaker as written
    keeps its accent, and a later surname resolves to the whole name, not ``Manuel Barroso``."""
    from transforms.article import parse_article
    from transforms.quotes import extract_quotes

    parsed = parse_article(
        "Leaders meet in Brussels\n"
        "EC President Jos&#233; Manuel Barroso opened the summit on Tuesday morning.\n"
        f'"We are ready to work together," {said_by} said.\n'
    )
    quotes = extract_quotes("\n\n".join(parsed.paragraphs))
    assert [(q.speaker, q.speaker_resolved) for q in quotes] == [(speaker, "José Manuel Barroso")]
