"""Every ClassError code says itself in English and Korean, with the parameters it takes."""

from __future__ import annotations

import pytest

from ui.services.classroom.errors import CODES, ClassError
from ui.text.classroom import STRINGS
from ui.text.i18n import LANGS


@pytest.mark.parametrize("code", sorted(CODES))
def test_every_code_has_english_and_korean(code):
    entry = STRINGS[f"cls_err_{code}"]
    assert set(entry) == set(LANGS) and all(entry[lang].strip() for lang in LANGS)
    params = {name: 12345 for name in CODES[code]}
    error = ClassError(code, **params)
    assert str(error) == error.text("en") != error.text("ko")
    for lang in LANGS:
        assert "{" not in error.text(lang), (code, lang)


def test_every_error_string_is_a_code():
    """No message is left over from a code that is gone."""
    assert {k.removeprefix("cls_err_") for k in STRINGS if k.startswith("cls_err_")} == set(CODES)


def test_an_unknown_code_is_a_programming_error():
    with pytest.raises(ValueError):
        ClassError("no_such_code")
