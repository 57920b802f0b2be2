import pytest

from ui import i18n


def test_every_string_has_english_and_korean():
    for key, value in i18n.all_strings().items():
        assert value["en"].strip() and value["ko"].strip(), key


def test_glossary_terms_are_the_lecture_terms():
    assert i18n.t("encoder", "ko") == "인코더" and i18n.t("decoder", "ko") == "디코더"
    assert i18n.t("input_feeding", "ko") == "입력 피딩"


def test_redefining_a_key_with_other_words_is_refused():
    with pytest.raises(ValueError, match="twice"):
        i18n.register({"encoder": {"en": "coder", "ko": "코더"}})
    with pytest.raises(KeyError):
        i18n.t("no such key")
