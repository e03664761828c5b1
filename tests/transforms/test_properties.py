"""Property-based tests of the parser and the quote extractor, over arbitrary and realistic input.

What must hold for *any* input (text or bytes):

* ``decode_raw``, ``parse_article``, ``article_rows`` and the quote extractor never raise;
* every offset is inside the body and slices it back to the stored string (paragraphs, quotes,
  speakers, cues, fragments), and every stored string is valid UTF-8 (Arrow and DuckDB need it);
* paragraphs keep their order (and, for clean generated articles, their words);
* the output is deterministic: the same input gives the same rows and the same ids.

Two kinds of input: arbitrary text/bytes, and generated raw files that look like the real ones
(header variants, titles, quotes, wrapped lines, glued sentences, clutter, non-Latin text, control
characters, NUL, invalid UTF-8, byte-order marks).
"""

from __future__ import annotations

import datetime as dt
import itertools
import re

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from schemas.records import QUOTE_KINDS
from transforms.article import parse_article
from transforms.decode import Decoded, Undecodable, decode_raw
from transforms.quotes import extract as quotes_module
from transforms.quotes import extract_quotes
from transforms.rows import PARAGRAPH_SEPARATOR, SourceContext, article_rows

CONTEXT = SourceContext("/src/a.txt", "0" * 64, "run-1", dt.datetime(2022, 2, 16, tzinfo=dt.UTC))
REJECT_REASONS = {"empty", "binary", "decode_error"}
# what decode_raw removes: C0 and C1 controls (U+0085 becomes a line end), bidi embeddings,
# overrides and isolates
CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# --------------------------------------------------------------------------- strategies

WORDS = (
    "the minister said government policy bridge harbour workers strike council river flood school "
    "meals orchestra election debate court ruling tram line museum city police officials report "
    "week morning plan budget people market prices energy water health public talks"
).split()
NAMES = ["Vladimir Makei", "Ann Tiller", "Jo Doe", "Maria Ortiz", "Chen Wei", "Olu Adeyemi"]
CUES = ["said", "told reporters", "stressed", "added", "warned", "noted", "according to"]
NON_LATIN = ["Москва заявила", "北京 发布", "مرحبا بالعالم", "Αθήνα σήμερα", "שלום עולם", "नमस्ते दुनिया"]
ODD_CHARS = ["\x00", "\x07", "\x1b", "\u200b", "\u00ad", "\u00a0", "\u202e", "\u200f", "\ufeff", "\u2028",
             "\r", "\t", "\u0085", "Ѕ", "е", "\ufffd", "\U0001f600"]  # fmt: skip
CLUTTER = [
    "© Sputnik / Ramil Sitdikov / Go to the mediabank",
    "- Sputnik International, 1920, 25.02.2022",
    "To participate in the discussion log in or register",
    "Chats",
    "X",
    "* * *",
    "25.02.2022",
    "Table of contents",
    "icon bookmark icon camera",
]

word = st.sampled_from(WORDS)


@st.composite
def sentence(draw, marker: str = "") -> str:
    words = draw(st.lists(word, min_size=3, max_size=12))
    if marker:
        words.insert(draw(st.integers(1, len(words))), marker)  # never first: never lower-cased
    text = " ".join(words)
    text = text[0].upper() + text[1:]
    style = draw(st.sampled_from(["plain", "curly", "straight", "frame", "according", "question"]))
    name = draw(st.sampled_from(NAMES))
    if style == "curly":
        return f"“{text},” {name} {draw(st.sampled_from(CUES[:6]))}."
    if style == "straight":
        return f'"{text}," {draw(st.sampled_from(["he", "she", "the official"]))} said.'
    if style == "frame":
        return f"{name} {draw(st.sampled_from(CUES[:6]))} that {text[0].lower() + text[1:]}."
    if style == "according":
        return f"{text}, according to {name}."
    if style == "question":
        return f"{text}?"
    return text + "."


@st.composite
def clean_paragraph(draw, index: int) -> str:
    """A paragraph of plain ASCII words and quotes, with a unique marker word ``Pq<index>z``."""
    count = draw(st.integers(1, 3))
    # every sentence unique (a repeated sentence would make the first line a summary, rightly)
    return " ".join(
        draw(sentence(marker=f"Pq{index}z" if j == 0 else f"Sq{index}x{j}y")) for j in range(count)
    )


def wrap(draw, paragraph: str) -> list[str]:
    """Hard-wrap a paragraph at word boundaries (what scrapers do), sometimes glue sentences."""
    if draw(st.booleans()):
        paragraph = paragraph.replace(". ", ".", draw(st.integers(0, 2)))  # glued: "policy.The"
    if not draw(st.booleans()):
        return [paragraph]
    words = paragraph.split(" ")
    cuts = sorted(set(draw(st.lists(st.integers(1, max(1, len(words) - 1)), max_size=3))))
    lines, start = [], 0
    for cut in [*cuts, len(words)]:
        if cut > start:
            lines.append(" ".join(words[start:cut]))
            start = cut
    return lines


HEADERS = st.one_of(
    st.just(""),
    st.builds(
        lambda d, n: f" date {d:%Y-%m-%d} https://example.com/{d:%Y/%m/%d}/story-{n}.html",
        st.dates(dt.date(1995, 1, 1), dt.date(2025, 12, 31)),
        st.integers(0, 999),
    ),
    st.builds(lambda d: f" date {d:%Y-%m}", st.dates(dt.date(1995, 1, 1), dt.date(2025, 12, 31))),
    st.just(" date 2022-02-16 KATERYNA TYSCHENKO - TUESDAY, MARCH 1st 2022, 10:52"),
    st.sampled_from([" date 2022-02-16  International", " date 2022-02-16 YouTube", " date 2022-02-30"]),
    st.just("date 2022-05-25 MINSK, May 25. /TASS/. Belarus said on Wednesday that talks would go on."),
    st.just(" DATE 2022-02-16 http://WWW.Example.com/a/?utm_source=x&b=2#top"),
)


@st.composite
def clean_article(draw) -> tuple[str, list[str]]:
    """A well-formed raw article and the body paragraphs it was written from."""
    header = draw(HEADERS.filter(lambda h: h == "" or "https://example.com" in h))
    title = " ".join(draw(st.lists(word, min_size=2, max_size=8))).title()
    paragraphs = [draw(clean_paragraph(i)) for i in range(draw(st.integers(1, 6)))]
    lines = [header] if header else []
    lines.append(title)
    for index, paragraph in enumerate(paragraphs):
        # the first line after the title is never cut: a cut-off fragment of common words
        # ("The the government") may recur later, which makes the line a summary, rightly
        lines.extend(wrap(draw, paragraph) if index else [paragraph])
        lines.append("")
    return "\n".join(lines), paragraphs


@st.composite
def messy_article(draw) -> str:
    """A raw article with everything real files throw at us."""
    lines = []
    header = draw(HEADERS)
    if header:
        lines.append(header)
        if draw(st.booleans()):
            lines.append("")
    if draw(st.booleans()):
        lines.append(" ".join(draw(st.lists(word, min_size=1, max_size=10))).title())
    for _ in range(draw(st.integers(0, 8))):
        kind = draw(st.sampled_from(["para", "para", "wrapped", "clutter", "foreign", "blank", "odd", "dup"]))
        if kind == "para":
            lines.append(" ".join(draw(st.lists(sentence(), min_size=1, max_size=4))))
        elif kind == "wrapped":
            lines.extend(wrap(draw, " ".join(draw(st.lists(sentence(), min_size=1, max_size=4)))))
        elif kind == "clutter":
            lines.append(draw(st.sampled_from(CLUTTER)))
        elif kind == "foreign":
            lines.append(
                draw(st.sampled_from(NON_LATIN)) + draw(st.sampled_from([".", "", " “да,” он сказал."]))
            )
        elif kind == "blank":
            lines.append(draw(st.sampled_from(["", " ", "\t", "\u00a0"])))
        elif kind == "dup" and lines:
            lines.append(draw(st.sampled_from(lines)))
        else:
            base = " ".join(draw(st.lists(word, min_size=1, max_size=6)))
            at = draw(st.integers(0, len(base)))
            lines.append(
                base[:at] + "".join(draw(st.lists(st.sampled_from(ODD_CHARS), max_size=3))) + base[at:]
            )
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    return newline.join(lines)


@st.composite
def raw_bytes(draw) -> bytes:
    """Realistic raw files as bytes in the encodings we meet, sometimes damaged."""
    text = draw(messy_article())
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16", "utf-32", "utf-16-le"]))
    data = text.encode(encoding, "replace")
    if draw(st.booleans()):
        junk = draw(
            st.sampled_from([b"\x00", b"\xff", b"\xa3", b"\xed\xa0\x80", b"\xc3", b"\x81\x8d", b"\xf4\x90"])
        )
        at = draw(st.integers(0, len(data)))
        data = data[:at] + junk + data[at:]
    if draw(st.integers(0, 9)) == 0:
        data = data[: draw(st.integers(0, len(data)))]  # truncated mid-character
    return data


arbitrary_text = st.text(max_size=2000)  # every code point but lone surrogates
text_with_surrogates = st.text(st.characters(min_codepoint=0, max_codepoint=0x10FFFF), max_size=500)

# --------------------------------------------------------------------------- invariants


def utf8_ok(value: object) -> bool:
    if not isinstance(value, str):
        return True
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def check_rows(rows, parsed) -> None:
    """Every invariant of one article's rows (README: The tables)."""
    article, paragraphs, quote_rows = rows.article, rows.paragraphs, rows.quotes
    body = article["body"]
    assert body == PARAGRAPH_SEPARATOR.join(parsed.paragraphs)
    assert [p["text"] for p in paragraphs] == parsed.paragraphs  # order kept
    assert [p["paragraph_index"] for p in paragraphs] == list(range(len(paragraphs)))
    assert article["paragraph_count"] == len(paragraphs) and article["quote_count"] == len(quote_rows)
    spans = []
    for p in paragraphs:
        assert 0 <= p["char_start"] <= p["char_end"] <= len(body)
        assert body[p["char_start"] : p["char_end"]] == p["text"]
        assert p["text"] and p["text"] == p["text"].strip() and "\n" not in p["text"]
        assert p["article_id"] == article["article_id"]
        spans.append((p["char_start"], p["char_end"]))
    assert spans == sorted(spans)
    assert all(a[1] < b[0] for a, b in itertools.pairwise(spans))
    assert article["word_count"] == sum(p["word_count"] for p in paragraphs) == len(body.split())
    assert re.fullmatch("[0-9a-f]{16}", article["article_id"])
    for q in quote_rows:
        assert 0 <= q["char_start"] < q["char_end"] <= len(body)
        assert body[q["char_start"] : q["char_end"]] == q["quote_text"]
        start, end = spans[q["paragraph_index"]]
        assert start <= q["char_start"] < end + len(PARAGRAPH_SEPARATOR)
        for what in ("speaker", "cue"):
            s, e = q[f"{what}_start"], q[f"{what}_end"]
            if q[what] is None:
                assert s is None and e is None
            else:
                assert 0 <= s < e <= len(body) and body[s:e] == q[what] and q[what].strip(), (what, q)
        assert q["kind"] in QUOTE_KINDS and q["fragment_count"] >= 1
        assert 0.0 <= q["confidence"] <= 1.0, q
    assert len({q["quote_id"] for q in quote_rows}) == len(quote_rows)
    for row in [article, *paragraphs, *quote_rows]:
        assert all(utf8_ok(v) for v in row.values()), row


def check_quotes(text: str, found) -> None:
    assert [(q.quote_start, q.quote_end) for q in found] == sorted(
        (q.quote_start, q.quote_end) for q in found
    )
    for q in found:
        assert q.kind in QUOTE_KINDS
        assert 0 <= q.quote_start < q.quote_end <= len(text)
        assert text[q.quote_start : q.quote_end] == q.quote_text and q.quote_text.strip()
        for what in ("speaker", "cue"):
            value, s, e = getattr(q, what), getattr(q, f"{what}_start"), getattr(q, f"{what}_end")
            if value is None:
                assert s is None and e is None
            else:
                assert 0 <= s < e <= len(text) and text[s:e] == value and value.strip(), (what, q)
        if q.speaker is None:
            assert q.speaker_resolved is None
        for f_start, f_end in q.fragments:
            assert q.quote_start <= f_start <= f_end <= q.quote_end
        assert list(q.fragments) == sorted(q.fragments)


def parse_to_rows(text: str):
    parsed = parse_article(text)
    if not parsed.paragraphs:
        return parsed, None
    return parsed, article_rows(parsed, CONTEXT, extract_quotes)


# --------------------------------------------------------------------------- decode_raw


@FAST
@given(st.binary(max_size=3000) | raw_bytes())
@example(b"")
@example(b"\xff\xfe\x00\xd8")  # UTF-16-LE BOM, then a lone high surrogate
@example(b"\xff\xfe\x00\x00\x00\xd8\x00\x00")  # UTF-32-LE BOM, then a surrogate code point
@example(b"\xed\xa0\x80abc")  # a UTF-8-encoded surrogate (invalid UTF-8)
@example(b"\xef\xbb\xbf\xed\xa0\x80 text")  # UTF-8 BOM, then invalid UTF-8
@example(b"\x81\x8d\x8f\x90\x9d")  # the five bytes Windows-1252 leaves undefined
def test_decode_raw_never_raises_and_gives_clean_valid_text(data):
    decoded = decode_raw(data)
    assert decode_raw(data) == decoded  # deterministic
    if isinstance(decoded, Undecodable):
        assert decoded.reason in REJECT_REASONS and decoded.detail
        if not data.strip():
            assert decoded.reason == "empty"
        return
    assert isinstance(decoded, Decoded)
    assert data.strip()
    assert utf8_ok(decoded.text), "a lone surrogate would break Arrow and DuckDB"
    assert not CONTROL_RE.search(decoded.text)


CP1252_UNDEFINED = b"\x81\x8d\x8f\x90\x9d"


def cp1252_then_latin1(data: bytes) -> str:
    """decode.py's rule, byte by byte: Windows-1252, and Latin-1 for the five bytes it leaves undefined."""
    return "".join(bytes([b]).decode("latin-1" if b in CP1252_UNDEFINED else "cp1252") for b in data)


@FAST
@given(st.binary(max_size=200).filter(lambda b: any(x >= 0x80 for x in b)), st.sampled_from(CP1252_UNDEFINED))
@example(b"\x93ok\x94 ", 0x81)
def test_non_utf8_bytes_are_windows_1252_and_only_undefined_bytes_latin_1(data, undefined):
    data = b"News " + data + bytes([undefined])
    assume(not data.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf", b"\x00\x00\xfe\xff")))
    decoded = decode_raw(data)
    assume(isinstance(decoded, Decoded) and decoded.encoding != "utf-8")
    assert decoded.text == CONTROL_RE.sub("", cp1252_then_latin1(data))


# --------------------------------------------------------------------------- parse_article + article_rows


@FAST
@given(arbitrary_text | messy_article())
@example("")
@example("\n\n\n")
@example(" date 2022-02-16 https://example.com/a\n")
@example("\ufeff date 2022-02-16\r\nTitle\r\rBody.\u2028Second.")
@example('Title\n\u200b\u00ad\n“”\n"\n')
def test_parse_article_never_raises_and_rows_slice_back(text):
    parsed, rows = parse_to_rows(text)
    for field in (parsed.title, parsed.teaser, parsed.summary):
        assert field is None or (field.strip() and "\n" not in field)
    if rows is not None:
        check_rows(rows, parsed)


@SLOW
@given(text_with_surrogates)
@example("Title\nBody \ud800 text.")
def test_parse_article_survives_lone_surrogates_in_text(text):
    """A ``str`` may hold lone surrogates (never from decode_raw, but from a caller): no crash."""
    _parsed, rows = parse_to_rows(text)
    if rows is not None:
        body = rows.article["body"]
        for p in rows.paragraphs:
            assert body[p["char_start"] : p["char_end"]] == p["text"]


@FAST
@given(raw_bytes() | st.binary(max_size=2000))
def test_bytes_end_to_end_decode_parse_rows(data):
    decoded = decode_raw(data)
    if isinstance(decoded, Undecodable):
        return
    parsed, rows = parse_to_rows(decoded.text)
    if rows is not None:
        check_rows(rows, parsed)


@SLOW
@given(messy_article() | arbitrary_text)
def test_same_input_gives_the_same_rows_and_ids(text):
    first_parsed, first = parse_to_rows(text)
    second_parsed, second = parse_to_rows(text)
    assert first_parsed == second_parsed
    if first is None:
        assert second is None
        return
    assert first.article == second.article
    assert first.paragraphs == second.paragraphs
    assert first.quotes == second.quotes


@SLOW
@given(clean_article())
def test_clean_articles_keep_every_word_and_paragraph_order(article):
    """No word is lost or invented, and the paragraphs (tagged ``Pq<i>z``) stay in order."""
    text, paragraphs = article
    parsed, rows = parse_to_rows(text)
    assert rows is not None
    check_rows(rows, parsed)
    body = rows.article["body"]
    assert "".join(body.split()) == "".join("".join(paragraphs).split())
    markers = [int(m) for m in re.findall(r"Pq(\d+)z", body)]
    assert markers == list(range(len(paragraphs)))
    assert parsed.teaser is None and parsed.summary is None


# --------------------------------------------------------------------------- extract_quotes


@FAST
@given(arbitrary_text | messy_article().map(lambda t: "\n\n".join(parse_article(t).paragraphs)))
@example("“")
@example('"A," he said. "B')
@example("“We are ready,” Makei said.\n\n“And more.”\n\nHe said that “x” was “y”.")
@example("PENCE: We will win.\n\n“We are ready.” ― Jo Doe")
def test_quote_extractor_never_raises_and_offsets_slice_back(text):
    # the private _extract: extract_quotes swallows any exception (and so would lose the quotes)
    found = quotes_module._extract(text)
    check_quotes(text, found)
    assert quotes_module._extract(text) == found  # deterministic
    assert extract_quotes(text) == found


@SLOW
@given(st.lists(sentence(), min_size=1, max_size=12), st.lists(st.integers(0, 11), max_size=4))
def test_quote_extractor_on_realistic_bodies(sentences, breaks):
    text = " ".join(sentences)
    for at in sorted(set(breaks), reverse=True):
        parts = text.split(". ")
        if at < len(parts) - 1:
            text = ". ".join(parts[: at + 1]) + ".\n\n" + ". ".join(parts[at + 1 :])
    found = quotes_module._extract(text)
    check_quotes(text, found)
    # every curly-quoted sentence with a frame is found (at least as many quotes as such sentences)
    framed = sum(1 for s in sentences if s.startswith("“") and "," in s)
    assume(framed)
    assert len([q for q in found if q.kind == "direct"]) >= 1


# --------------------------------------------------------------------------- header URLs

BAD_URLS = ["https://[x/a", "https://example.com:99999/a", "https://example.com:port/a", "http://]/"]


URL_BUG = (
    "article_rows raises ValueError for a header URL urlsplit rejects ('https://[x', a port over 65535 "
    "or not a number): ids.url_domain()/normalise_url() use urlsplit(...).hostname/.port unguarded"
)


@SLOW
@given(st.sampled_from(BAD_URLS) | st.builds("https://{}".format, st.text(min_size=1, max_size=30)))
@example("https://[x/a")
def test_any_header_url_gives_rows_not_an_exception(url):
    """Any ``https://`` token after the date is the URL (README: Header variants); one that
    ``urllib.parse`` cannot take apart must still give an article (or a reject), never a crash."""
    assume(url.split() and url.split()[0] == url and "\n" not in url)
    parsed = parse_article(f" date 2022-02-16 {url}\nA title\nA body paragraph.\n")
    # the URL as read (characters normalised first: a soft hyphen goes), or none when nothing is left
    assert parsed.header.url is None or parsed.header.url.startswith(("http://", "https://"))
    rows = article_rows(parsed, CONTEXT, extract_quotes)
    check_rows(rows, parsed)


@pytest.mark.parametrize("url", BAD_URLS)
def test_a_malformed_header_url_does_not_crash_article_rows(url):
    parsed = parse_article(f" date 2022-02-16 {url}\nA title\nA body paragraph.\n")
    rows = article_rows(parsed, CONTEXT, extract_quotes)
    check_rows(rows, parsed)


# --------------------------------------------------------------------------- nested quotation marks


def test_straight_quotes_nested_in_a_curly_quote_keep_the_speaker_out_of_the_quote():
    text = '“A "b" c,” the mayor, Ann Tiller, said.'
    [quote] = extract_quotes(text)
    assert (quote.quote_text, quote.speaker, quote.kind) == ('“A "b" c,”', "the mayor, Ann Tiller", "direct")


@SLOW
@given(
    st.lists(word, min_size=1, max_size=5),
    word,
    st.lists(word, min_size=1, max_size=5),
    st.sampled_from(["the mayor, Ann Tiller,", "the official, Jo Doe,", "Ann Tiller", "he"]),
    st.sampled_from(CUES[:6]),
)
@example(["A"], "b", ["c"], "the mayor, Ann Tiller,", "said")
def test_nested_straight_quotes_give_a_non_empty_speaker_outside_the_quote(before, inner, after, who, cue):
    text = f'“{" ".join(before).capitalize()} "{inner}" {" ".join(after)},” {who} {cue}.'
    found = quotes_module._extract(text)
    check_quotes(text, found)
    assert found and all(f"” {who}" not in q.quote_text for q in found)  # the attribution stays out
