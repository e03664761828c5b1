"""Legacy encodings: a file that is not UTF-8 is read in the encoding it was written in.

The fixtures are invented articles written here as Python strings and encoded by the test, so
that every set of files holds exactly the same text: a Russian article saved as UTF-8, cp1251
and KOI8-R, and a French one saved as UTF-8, cp1252 and Latin-1 (a variant without ``€`` and
``œ``, which Latin-1 cannot hold).
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from transforms import decode
from transforms.article import parse_article
from transforms.decode import (
    DETECT_MIN_NON_ASCII_BYTES,
    DETECT_SAMPLE_BYTES,
    LEGACY_ENCODINGS,
    Decoded,
    decode_raw,
    detect_legacy_encoding,
)
from transforms.rows import SourceContext, article_rows

RUSSIAN = """ date 2024-03-14 https://example.ru/news/2024/03/14/most
Мэрия объявила о ремонте старого моста через реку
Городские власти в четверг сообщили, что ремонт старого моста начнётся в апреле и продлится до конца лета.
По словам заместителя мэра, на время работ движение транспорта будет закрыто, а для пешеходов построят временный переход. Автобусы пойдут в объезд через северный район, поэтому жителям советуют заранее планировать поездки.
Мост был построен более шестидесяти лет назад. Инженеры, которые осматривали его прошлой осенью, обнаружили трещины в опорах и повреждения покрытия. Они предупредили, что без срочного ремонта конструкцию придётся закрыть полностью.
Стоимость работ оценивается в четыреста миллионов рублей. Часть денег выделит областной бюджет, остальное оплатит город. Подрядчика выбрали на открытом конкурсе в феврале.
Местные предприниматели опасаются, что перекрытие моста отпугнёт покупателей от рынка на набережной. Администрация обещает установить указатели и организовать бесплатную парковку рядом с рынком.
Жители смогут задать вопросы о ремонте на встрече в доме культуры в следующий вторник. Подробный план объездов опубликуют на сайте мэрии.
"""

FRENCH = """ date 2024-05-02 https://example.fr/actualite/2024/05/02/fete-du-village
La fête du village attire des milliers de visiteurs
Samedi, la place de l'église était noire de monde pour la traditionnelle fête du printemps.
Le maire, très ému, a salué « l'engagement exceptionnel » des bénévoles, qui préparent l'événement depuis février. Il a rappelé que l'entrée reste gratuite, mais que le repas coûte 12 € par personne.
Au programme : un marché de producteurs, un concours de pâtisserie et un bal en plein air. Les élèves de l'école ont présenté une pièce de théâtre sur l'histoire du hameau, et leurs sœurs aînées ont tenu la buvette.
« C'est la première fois que je viens, et je reviendrai l'année prochaine », a déclaré une habitante de la commune voisine. Les organisateurs espèrent dépasser le record de fréquentation établi en 2019.
Un feu d'artifice a clôturé la soirée vers vingt-trois heures, malgré une légère averse. Dès dimanche matin, une équipe de volontaires a nettoyé la place et rangé le matériel prêté par la mairie.
"""
#: the French article as Latin-1 can hold it (no "€", no "œ")
FRENCH_LATIN1 = FRENCH.replace("12 €", "12 euros").replace("sœurs", "soeurs")
_LATIN_MOJIBAKE_RE = re.compile("[\u00c0-\u00ff]")  # what a Cyrillic byte becomes in cp1252
_CONTEXT = SourceContext("/src/a.txt", "0" * 64, "run-1", dt.datetime(2024, 1, 1, tzinfo=dt.UTC))


def _load(data: bytes):
    """Decode and parse ``data`` as a run does; return the decoded file and the article row."""
    decoded = decode_raw(data)
    assert isinstance(decoded, Decoded)
    parsed = parse_article(decoded.text)
    return decoded, article_rows(parsed, _CONTEXT, source_encoding=decoded.encoding).article


# --------------------------------------------------------------------------- the fixtures


@pytest.mark.parametrize(
    ("text", "encodings", "language"),
    [
        (RUSSIAN, ["utf-8", "cp1251", "koi8-r"], "ru"),
        (FRENCH, ["utf-8", "cp1252"], "fr"),
        (FRENCH_LATIN1, ["utf-8", "latin-1"], "fr"),
    ],
    ids=["russian", "french", "french-latin-1"],
)
def test_each_encoding_of_an_article_loads_the_same_text(text, encodings, language):
    rows = []
    for encoding in encodings:
        _, row = _load(text.encode(encoding))
        rows.append(row)
        assert row["language"] == language, encoding
        # Latin-1 text reads the same in Windows-1252, the name browsers give it too
        assert row["source_encoding"] == {"latin-1": "cp1252"}.get(encoding, encoding)
    fields = ("title", "teaser", "summary", "body", "paragraph_count", "word_count", "article_id")
    assert len({tuple(row[f] for f in fields) for row in rows}) == 1
    assert rows[0]["paragraph_count"] >= 5 and rows[0]["url"].startswith("https://example.")


def test_the_russian_files_load_as_cyrillic_not_mojibake():
    for encoding in ("cp1251", "koi8-r"):
        data = RUSSIAN.encode(encoding)
        _, row = _load(data)
        assert row["title"] == "Мэрия объявила о ремонте старого моста через реку"
        assert not _LATIN_MOJIBAKE_RE.search(row["body"]) and "Стоимость работ" in row["body"]
        # what a reading as Windows-1252, the rule before detection, made of it
        assert _LATIN_MOJIBAKE_RE.search(data.decode("cp1252", "replace"))


def test_the_russian_article_has_words_enough_to_be_a_fixture():
    assert len(RUSSIAN.split()) >= 150 and len(FRENCH.split()) >= 150


def test_a_french_article_long_enough_to_judge_is_still_read_as_windows_1252():
    text = FRENCH + FRENCH.split("\n", 2)[2] * 4  # over the threshold: the detector is asked
    data = text.encode("cp1252")
    assert sum(b > 0x7F for b in data) >= DETECT_MIN_NON_ASCII_BYTES
    decoded, row = _load(data)
    assert decoded.text == text and row["source_encoding"] == "cp1252" and row["language"] == "fr"


def test_a_french_article_in_latin_9_is_told_from_windows_1252_by_its_euro_and_oe():
    # ISO 8859-15 puts "€" and "œ" at 0xA4 and 0xBD, where Windows-1252 has "¤" and "½", and uses
    # no byte in 0x80-0x9F, where Windows-1252 has its own "€" and "œ" (and curly quotes)
    text = FRENCH + FRENCH.split("\n", 2)[2] * 4
    data = text.encode("iso8859-15")
    assert sum(b > 0x7F for b in data) >= DETECT_MIN_NON_ASCII_BYTES
    decoded, row = _load(data)
    assert decoded.text == text and row["source_encoding"] == "iso8859-15"


def test_central_european_iso_8859_2_is_told_from_cp1250():
    czech = SAMPLES["cs"][0] * 8  # "š" is 0xB9 in ISO 8859-2 and "ą" in cp1250
    for encoding in ("iso8859-2", "cp1250"):
        decoded = decode_raw(czech.encode(encoding))
        assert isinstance(decoded, Decoded) and (decoded.text, decoded.encoding) == (czech, encoding)


#: an invented Hungarian paragraph: cp1250 and ISO 8859-2 differ from Windows-1252 only in
#: ``ő ű`` (``õ û``), so its Windows-1252 reading is hardly garbled
HUNGARIAN = (
    "A megyei önkormányzat kedden bejelentette, hogy ősszel új kerékpárutat építenek a két "
    "szomszédos falu között. A polgármester szerint a munkálatok költségét nagyrészt uniós "
    "pályázatból fedezik, a fennmaradó összeget a község fizeti. A helyi lakosok üdvözölték a "
    "döntést, de többen attól tartanak, hogy az építkezés idején lezárják a főutat. "
)


def test_a_reading_in_an_encoding_not_made_for_its_language_loses(monkeypatch):
    """Windows where charset-normalizer finds the wrong reading less chaotic or as good:
    Hungarian read through cp1252."""
    windows = [("cp1250", 0, 2000), ("cp1250", 500, 3500), ("iso8859-2", 0, 3000)]
    samples = [(encoding, (HUNGARIAN * 20).encode(encoding)[start:end]) for encoding, start, end in windows]
    assert all(sum(b > 0x7F for b in data) >= DETECT_MIN_NON_ASCII_BYTES for _, data in samples)
    assert _misread(samples) == []
    monkeypatch.setattr(decode, "ENCODING_LANGUAGES", dict.fromkeys(LEGACY_ENCODINGS, _ANY_LANGUAGE))
    assert len(_misread(samples)) == len(samples)  # without the rule, each is misread


class _AnyLanguage:
    def __contains__(self, language: object) -> bool:
        return True


_ANY_LANGUAGE = _AnyLanguage()


# --------------------------------------------------------------------------- the threshold

#: invented sentences in the scripts and encodings of :data:`LEGACY_ENCODINGS`
SAMPLES: dict[str, tuple[str, tuple[str, ...]]] = {
    "ru": (RUSSIAN.split("\n", 2)[2], ("cp1251", "koi8-r", "iso8859-5")),
    "uk": (
        "Уряд України оголосив у четвер про нові заходи підтримки для фермерів, які постраждали "
        "від посухи. Міністр економіки сказав, що гроші надійдуть до кінця місяця, а заявки "
        "прийматимуть онлайн. Мешканці Київщини скаржаться на ціни на пальне, які зросли майже "
        "на п'ятнадцять відсотків. Ґрунтовний звіт про стан доріг обіцяють оприлюднити "
        "наступного тижня, повідомили в міністерстві. ",
        ("cp1251", "koi8-u"),
    ),
    "fr": (FRENCH.split("\n", 2)[2], ("cp1252",)),
    "de": (
        "Die Bundesregierung hat am Dienstag beschlossen, die Förderung für Wärmepumpen zu "
        "erhöhen. Der Minister äußerte sich zufrieden über die Einigung, die nach längeren "
        "Gesprächen erzielt wurde. Kritiker bemängeln, dass die Maßnahmen für Mieter zu spät "
        "kämen und zu wenig Geld übrig bleibe. ",
        ("cp1252",),
    ),
    "es": (
        "El Gobierno español aprobó el martes una reforma de las pensiones que, según el ministro, "
        "garantizará su sostenibilidad. Los sindicatos anunciaron movilizaciones y pidieron más "
        "diálogo con las organizaciones empresariales. ¿Qué pasará con los jóvenes? preguntó una "
        "diputada de la oposición durante la sesión. ",
        ("cp1252",),
    ),
    "cs": (
        "Česká vláda ve středu schválila návrh zákona o podpoře obnovitelných zdrojů energie. "
        "Ministr průmyslu řekl, že peníze budou k dispozici ještě letos, a žádosti se podají "
        "elektronicky. Obyvatelé Brna si stěžují na vysoké ceny nájmů, které za rok vzrostly "
        "téměř o pětinu. ",
        ("cp1250",),
    ),
    "tr": (
        "Hükümet çarşamba günü kuraklıktan etkilenen çiftçiler için yeni destek önlemleri "
        "açıkladı. Bakan, ödemelerin ay sonuna kadar yapılacağını ve başvuruların çevrimiçi "
        "alınacağını söyledi. ",
        ("cp1254",),
    ),
    "el": (
        "Η κυβέρνηση ανακοίνωσε την Τετάρτη νέα μέτρα στήριξης για τους αγρότες που επλήγησαν "
        "από την ξηρασία. Ο υπουργός δήλωσε ότι τα χρήματα θα καταβληθούν μέχρι το τέλος του "
        "μήνα. ",
        ("cp1253",),
    ),
    "ar": (
        "أعلنت الحكومة يوم الأربعاء عن إجراءات جديدة لدعم المزارعين المتضررين من الجفاف. "
        "وقال الوزير إن الأموال ستصرف قبل نهاية الشهر وإن الطلبات ستقبل عبر الإنترنت. ",
        ("cp1256",),
    ),
}


def _windows(non_ascii: int) -> list[tuple[str, bytes]]:
    """(encoding, bytes) windows of the samples, one starting at each sentence, each holding
    ``non_ascii`` non-ASCII bytes."""
    windows = []
    for text, encodings in SAMPLES.values():
        long_text = text * 40
        starts = [0, *(m.end() for m in re.finditer(r"\. ", text))]
        for encoding in encodings:
            for start in starts:
                data = long_text[start:].encode(encoding)
                end, seen = 0, 0
                while seen < non_ascii:
                    seen += data[end] > 0x7F
                    end += 1
                windows.append((encoding, data[:end]))
    return windows


def _misread(windows: list[tuple[str, bytes]]) -> list[tuple[str, str]]:
    wrong = []
    for encoding, data in windows:
        chosen = detect_legacy_encoding(data)
        if data.decode(chosen, "replace") != data.decode(encoding):
            wrong.append((encoding, chosen))
    return wrong


def test_at_the_threshold_every_sample_is_read_in_its_own_encoding():
    windows = _windows(DETECT_MIN_NON_ASCII_BYTES)
    assert len(windows) > 50
    assert _misread(windows) == []


def test_below_the_threshold_the_detector_would_misread_samples(monkeypatch):
    """Why there is a threshold: with a tenth of the evidence (20 non-ASCII bytes) the detector,
    asked anyway, reads some samples in another encoding (KOI8-R as cp1251, Czech as cp1252 ...).
    If this ever passes, the detector has improved and the threshold may come down."""
    monkeypatch.setattr(decode, "DETECT_MIN_NON_ASCII_BYTES", 0)
    wrong = _misread(_windows(DETECT_MIN_NON_ASCII_BYTES // 10))
    assert len(wrong) >= 3, wrong


def test_a_short_text_that_is_not_utf8_falls_back_to_windows_1252():
    short_russian = "Президент заявил.".encode("cp1251")
    assert sum(b > 0x7F for b in short_russian) < DETECT_MIN_NON_ASCII_BYTES
    decoded = decode_raw(short_russian)
    assert isinstance(decoded, Decoded) and decoded.encoding == "cp1252"
    assert decoded.text == short_russian.decode("cp1252")  # too little to judge: the fallback
    french = decode_raw("Le café coûte 2 € à l'Élysée.".encode("cp1252"))
    assert isinstance(french, Decoded) and french.encoding == "cp1252"
    assert french.text == "Le café coûte 2 € à l'Élysée."


def test_the_detector_chooses_only_among_the_legacy_encodings():
    japanese = ("政府は水曜日、干ばつの被害を受けた農家への新たな支援策を発表した。" * 20).encode("shift_jis")
    chinese = ("政府星期三宣布了新的支持措施，帮助受干旱影响的农民。" * 20).encode("gb2312")
    for data in (japanese, chinese, bytes(range(0x80, 0x100)) * 4 + b" text"):
        decoded = decode_raw(data)
        assert isinstance(decoded, Decoded) and decoded.encoding in LEGACY_ENCODINGS


# --------------------------------------------------------------------------- bounded work


def test_the_detector_reads_a_bounded_sample_of_a_large_file(monkeypatch):
    import charset_normalizer

    seen: list[int] = []
    real = charset_normalizer.from_bytes

    def spy(sequences, **kwargs):
        seen.append(len(sequences))
        return real(sequences, **kwargs)

    monkeypatch.setattr(charset_normalizer, "from_bytes", spy)
    paragraph = RUSSIAN.split("\n", 2)[2].encode("koi8-r")
    data = paragraph * (20 * 1024 * 1024 // len(paragraph))  # 20 MiB
    decoded = decode_raw(data)
    assert isinstance(decoded, Decoded) and decoded.encoding == "koi8-r"
    assert seen == [DETECT_SAMPLE_BYTES]
    assert decoded.text.startswith("Городские власти")


def test_a_large_legacy_file_decodes_well_within_the_parse_budget():
    import time

    from transforms.budget import PARSE_TIMEOUT_SECONDS

    paragraph = RUSSIAN.split("\n", 2)[2].encode("koi8-r")
    data = paragraph * (20 * 1024 * 1024 // len(paragraph))  # 20 MiB, every word non-ASCII
    started = time.process_time()
    decoded = decode_raw(data)
    seconds = time.process_time() - started
    assert isinstance(decoded, Decoded) and decoded.encoding == "koi8-r"
    assert seconds < PARSE_TIMEOUT_SECONDS / 2, f"{seconds:.1f} s to decode 20 MiB"


def test_a_byte_the_detected_encoding_leaves_undefined_is_removed_and_counted():
    # 0x98 is the one byte cp1251 does not define; it comes after the detector's sample
    data = RUSSIAN.encode("cp1251") * (DETECT_SAMPLE_BYTES // len(RUSSIAN) + 1) + b"\x98 end"
    assert data.index(b"\x98") > DETECT_SAMPLE_BYTES
    decoded = decode_raw(data)
    assert isinstance(decoded, Decoded) and decoded.encoding == "cp1251"
    assert decoded.text.endswith(" end") and "\x98" not in decoded.text
    assert dict(decoded.fixes) == {"c1_control": 1}


def test_utf8_and_byte_order_marks_are_not_second_guessed():
    decoded = decode_raw(RUSSIAN.encode("utf-8"))
    assert isinstance(decoded, Decoded) and decoded.encoding == "utf-8"
    decoded = decode_raw(RUSSIAN.encode("utf-16"))
    assert isinstance(decoded, Decoded) and decoded.encoding == "utf-16-le" and decoded.text == RUSSIAN


# --------------------------------------------------------------------------- UTF-8 with damage


@pytest.mark.parametrize(
    ("text", "cut"),
    [(RUSSIAN.rstrip("\n") + " Ещё", 1), ("Мэрия и 日", 1), ("Мэрия и 日", 2)],
    ids=["two-byte-character", "three-byte-character-minus-one", "three-byte-character-minus-two"],
)
def test_a_utf8_file_cut_inside_its_last_character_stays_utf8(text, cut):
    data = text.encode("utf-8")[:-cut]
    decoded = decode_raw(data)
    assert isinstance(decoded, Decoded) and decoded.encoding == "utf-8"
    assert decoded.text == text[:-1]  # the cut character is dropped, no mojibake
    assert dict(decoded.fixes) == {"invalid_utf8": 1}


def test_a_stray_windows_1252_byte_in_utf8_text_is_read_as_windows_1252():
    data = RUSSIAN.encode("utf-8").replace("Стоимость".encode(), b"Caf\xe9 \x93Stoimost\x94")
    decoded = decode_raw(data)
    assert isinstance(decoded, Decoded) and decoded.encoding == "utf-8"
    assert "Café “Stoimost”" in decoded.text and "Мэрия объявила" in decoded.text
    assert dict(decoded.fixes) == {"invalid_utf8": 3}


def test_legacy_text_is_never_taken_for_damaged_utf8():
    for text, encodings in SAMPLES.values():
        for encoding in encodings:
            data = (text * 10).encode(encoding)
            decoded = decode_raw(data)
            assert isinstance(decoded, Decoded) and decoded.encoding != "utf-8", encoding
            assert decoded.text == data.decode(encoding), encoding


def test_too_much_damage_is_no_utf8():
    """One invalid byte for fewer than UTF8_VALID_PER_INVALID valid characters: a legacy text."""
    from transforms.decode import UTF8_VALID_PER_INVALID

    valid = "é" * (UTF8_VALID_PER_INVALID - 1)
    decoded = decode_raw(f"Prix {valid} ".encode() + b"caf\xe9.")
    assert isinstance(decoded, Decoded) and decoded.encoding == "cp1252"
    decoded = decode_raw(f"Prix {valid}é ".encode() + b"caf\xe9.")
    assert isinstance(decoded, Decoded) and decoded.encoding == "utf-8" and decoded.text.endswith("é café.")


def test_a_lone_last_byte_after_ascii_text_is_windows_1252_not_a_cut():
    decoded = decode_raw(b"Rendez-vous au caf\xe9")  # 0xE9 could begin a UTF-8 character
    assert isinstance(decoded, Decoded) and (decoded.text, decoded.encoding) == (
        "Rendez-vous au café",
        "cp1252",
    )


# --------------------------------------------------------------------------- twins and short texts

#: an invented German paragraph as Latin-1 holds it (no curly quotes, no dash), long enough to judge
GERMAN_LATIN1 = SAMPLES["de"][0] * 16


@pytest.mark.parametrize(
    "tail",
    ["Die Fahrt dauert 1½ Stunden.", "Das ist´s, sagte er.", "Die Fläche: ¼ Hektar.", "Es dauert ¾ Jahr."],
)
def test_latin_1_text_without_latin_9_evidence_stays_windows_1252(tail):
    """``½ ´ ¼ ¾`` are bytes where ISO 8859-15 has ``œ Ž Œ Ÿ``: read in Latin-9 they would make
    ``1œ``, ``istŽs``, ``Œ Hektar``, none of which is Latin-9 text."""
    text = GERMAN_LATIN1 + tail + "\n"
    assert sum(b > 0x7F for b in text.encode("latin-1")) >= DETECT_MIN_NON_ASCII_BYTES
    decoded = decode_raw(text.encode("latin-1"))
    assert isinstance(decoded, Decoded) and (decoded.encoding, decoded.text) == ("cp1252", text)


def test_english_with_acute_accents_for_apostrophes_stays_windows_1252():
    text = "The mayor said it´s the council´s fault and he won´t pay £4m for the bridge. " * 40
    decoded = decode_raw(text.encode("latin-1"))
    assert isinstance(decoded, Decoded) and (decoded.encoding, decoded.text) == ("cp1252", text)


@pytest.mark.parametrize(
    ("tail", "encoding"),
    [("Der Eintritt kostet 5 € pro Person.", "iso8859-15"), ("Er las Œuvres complètes.", "iso8859-15")],
)
def test_latin_9_evidence_makes_iso_8859_15(tail, encoding):
    text = GERMAN_LATIN1 + tail + "\n"
    decoded = decode_raw(text.encode("iso8859-15"))
    assert isinstance(decoded, Decoded) and (decoded.encoding, decoded.text) == (encoding, text)


def test_no_reading_that_fits_a_language_falls_back_to_windows_1252():
    data = ("It´s a long way, isn´t it? " * 130).encode("latin-1")
    decoded = decode_raw(data)
    assert isinstance(decoded, Decoded) and decoded.encoding == "cp1252"
    assert decoded.text.startswith("It´s a long way")


@pytest.mark.parametrize("repeat", [3, 4, 5, 6, 8])
def test_czech_in_iso_8859_2_is_read_as_iso_8859_2_whatever_its_length(repeat):
    """cp1250 and ISO 8859-2 both fit Czech; without a byte in 0x80-0x9F it is ISO 8859-2, even
    when cp1250's reading (``ľe`` for ``že``, ``ą`` for ``š``) looks more like the language."""
    czech = SAMPLES["cs"][0] * repeat
    decoded = decode_raw(czech.encode("iso8859-2"))
    assert isinstance(decoded, Decoded) and (decoded.encoding, decoded.text) == ("iso8859-2", czech)


_POLISH_SHORT = (
    "Władze miasta poinformowały w czwartek, że remont starego mostu potrwa do końca lata. "
    "Ruch zostanie wstrzymany, a dla pieszych powstanie kładka. Mieszkańcy zadadzą pytania w środę."
)
_CZECH_SHORT = (
    "Radnice ve čtvrtek oznámila, že oprava starého mostu začne v dubnu. Doprava bude během "
    "prací uzavřena a pro chodce bude postavena dočasná lávka. Město zaplatí většinu nákladů."
)
_TURKISH_SHORT = (
    "Belediye perşembe günü eski köprünün onarımının nisan ayında başlayacağını açıkladı. "
    "Çalışmalar sırasında trafik kapatılacak."
)
SHORT_CENTRAL_EUROPEAN = [
    (_POLISH_SHORT, "cp1250"),
    (_POLISH_SHORT, "iso8859-2"),
    (_CZECH_SHORT, "cp1250"),
    (_CZECH_SHORT, "iso8859-2"),
    (_TURKISH_SHORT, "cp1254"),
]


@pytest.mark.parametrize(("text", "encoding"), SHORT_CENTRAL_EUROPEAN)
def test_a_short_central_european_or_turkish_text_is_detected_because_windows_1252_garbles_it(text, encoding):
    data = text.encode(encoding)
    assert sum(b > 0x7F for b in data) < DETECT_MIN_NON_ASCII_BYTES
    assert decode.garbled_as_fallback(data)
    decoded = decode_raw(data)
    assert isinstance(decoded, Decoded) and decoded.text == text


SHORT_WESTERN = [
    "The council said the bridge would cost £4m – “far more than we expected”, and it’s late.",
    "Le maire, très ému, a salué « l'engagement » des bénévoles ; l'entrée coûte 12 € à Noël.",
    "Der Bürgermeister äußerte sich am Dienstag zufrieden über die Einigung im Stadtrat.",
    "¿Qué pasará con los jóvenes? preguntó una diputada; el ministro señaló que «ya veremos».",
    "Der Raum misst 20 m² und kostet 1½ Mio. €, sagte der Makler; das ist´s wert.",
]


@pytest.mark.parametrize("text", SHORT_WESTERN)
def test_a_short_western_text_still_reads_as_windows_1252(text):
    data = text.encode("cp1252")
    assert not decode.garbled_as_fallback(data)
    decoded = decode_raw(data)
    assert isinstance(decoded, Decoded) and (decoded.encoding, decoded.text) == ("cp1252", text)


def test_the_detector_reads_the_whole_sample_as_one_chunk(monkeypatch):
    """charset-normalizer's defaults (5 chunks of 512 bytes) would judge 2.5 KiB of the sample."""
    import charset_normalizer

    calls: list[dict[str, object]] = []
    real = charset_normalizer.from_bytes

    def spy(sequences, **kwargs):
        calls.append({"length": len(sequences), **kwargs})
        return real(sequences, **kwargs)

    monkeypatch.setattr(charset_normalizer, "from_bytes", spy)
    data = RUSSIAN.encode("koi8-r") * 40
    assert detect_legacy_encoding(data) == "koi8-r"
    (call,) = calls
    assert call["steps"] == 1 and call["chunk_size"] == call["length"] == min(len(data), DETECT_SAMPLE_BYTES)


def test_polish_sentences_in_an_english_text_are_read_in_their_encoding():
    """A Polish sentence after every 1,500 characters of English: the first 2.5 KiB (what the
    detector's defaults read) hold one, and the ASCII letters make the Latin readings look
    Spanish while the cp1251 one looks Russian; the Polish words tell."""
    english = "The council met on Thursday to discuss the repair of the old bridge over the river. " * 18
    polish = "Władze miasta poinformowały w środę, że remont mostu potrwa do końca lata i będzie drogi. "
    text = (english + polish) * 40
    for encoding in ("cp1250", "iso8859-2"):
        decoded = decode_raw(text.encode(encoding))
        assert isinstance(decoded, Decoded) and (decoded.encoding, decoded.text) == (encoding, text)


def test_english_with_acute_accents_for_quotation_marks_stays_windows_1252():
    """``´Hello´`` in Latin-9 is ``ŽHelloŽ``: a capital opening a word, but ``´`` is a stand-in
    for a quotation mark far more often than ``Ž`` opens a word in a Latin-9 text."""
    text = "The minister said: ´We´ll see.´ His aide added: ´the talks can´t wait.´ " * 60
    decoded = decode_raw(text.encode("latin-1"))
    assert isinstance(decoded, Decoded) and (decoded.encoding, decoded.text) == ("cp1252", text)


def test_ukrainian_words_that_form_3_byte_utf8_sequences_do_not_make_cp1251_utf8():
    """In cp1251 ``-гії``, ``-лії``, ``-мії`` (``енергії``, ``Англії``, ``академії``) are a lead
    byte and two continuation bytes, a valid 3-byte UTF-8 character; the letters around them
    are not UTF-8, and outnumber them."""
    text = "Міністр енергії Англії та академії економії: стратегії хімії. "
    data = text.encode("cp1251")
    valid = data.decode("utf-8", "ignore")
    assert sum(ord(c) > 0x7FF for c in valid) >= 6  # the 3-byte characters are there
    for repeat in (1, 5, 50):
        decoded = decode_raw(data * repeat)
        assert isinstance(decoded, Decoded) and decoded.encoding != "utf-8"


def test_mostly_ascii_utf8_with_one_stray_byte_stays_utf8():
    """Nine curly quotes and dashes (3-byte characters, which legacy text almost never forms) and
    one Windows-1252 ``£``: UTF-8 with damage, not Windows-1252 mojibake (``â€œ``)."""
    text = "Title\n“We are ready,” Petrov said — and the talks — which began in May — go on. It’s “fine”.\n"
    data = text.encode("utf-8") + b"The price was \xa35m, officials said.\n"
    decoded = decode_raw(data)
    assert isinstance(decoded, Decoded) and decoded.encoding == "utf-8"
    assert decoded.text == text + "The price was £5m, officials said.\n"
    assert dict(decoded.fixes) == {"invalid_utf8": 1}


@pytest.mark.parametrize("length", [40, 200, 1000, 5000, 30000])
@pytest.mark.parametrize(
    ("lang", "encoding"), [("ru", "cp1251"), ("ru", "koi8-r"), ("uk", "koi8-u"), ("fr", "cp1252")]
)
def test_legacy_text_of_any_length_is_never_taken_for_damaged_utf8(lang, encoding, length):
    text = (SAMPLES[lang][0] * 200)[:length]
    decoded = decode_raw(text.encode(encoding))
    assert isinstance(decoded, Decoded) and decoded.encoding != "utf-8"
