from __future__ import annotations

import pytest

from transforms.language import detect_language


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("The harbour authority said the strike would end on Monday after talks with the union.", "en"),
        ("Il presidente del Consiglio ha detto che il governo è pronto a intervenire sui prezzi.", "it"),
        ("Η κυβέρνηση ανακοίνωσε νέα μέτρα για τη στήριξη των μικρών επιχειρήσεων.", "el"),
        ("قال رئيس الوزراء إن الحكومة مستعدة لاتخاذ إجراءات جديدة لدعم الاقتصاد", "ar"),
        ("政府周一宣布了新的经济措施，以支持受影响的小企业。", "zh"),
    ],
)
def test_languages(text, code):
    assert detect_language(None, text) == code


def test_too_little_text_is_undetermined():
    assert detect_language(None, "OK 12") == "und"
    assert detect_language(None, "") == "und"
