"""Names and free texts: what is kept, what is refused; class codes and secrets."""

from __future__ import annotations

import pytest

from ui.services.classroom import ClassError
from ui.services.classroom.checks import (
    check_name,
    check_text,
    name_key,
    new_code,
    normal_code,
    same_secret,
    secret_hash,
)
from ui.services.classroom.records import CODE_LENGTH


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("  Mina  ", "Mina"),
        ("김 민지", "김 민지"),
        ("Zoë_2.b-c", "Zoë_2.b-c"),
        ("a    b", "a b"),
        ("e\u0301", "\u00e9"),
    ],
)
def test_names_keep_letters_of_any_script_tidied(typed, kept):
    assert check_name(typed, 20, "bad_nickname") == kept


@pytest.mark.parametrize("typed", ["a/b", "a@b", "a\tb", "<b>", "a\u2066b", "😀", "", "  "])
def test_names_refuse_anything_else(typed):
    with pytest.raises(ClassError) as err:
        check_name(typed, 20, "bad_nickname")
    assert err.value.code == "bad_nickname"


def test_a_name_over_the_cap_says_the_cap():
    with pytest.raises(ClassError) as err:
        check_name("x" * 21, 20, "bad_nickname", "nickname_too_long")
    assert (err.value.code, err.value.params) == ("nickname_too_long", {"limit": 20})


def test_free_text_keeps_symbols_and_refuses_invisible_characters():
    assert check_text(" <eos>? 😀 ", 40, "bad_answer") == "<eos>? 😀"
    for bad in ("a\u200db", "a\u2028b", "a\rb", "\ufeff"):
        with pytest.raises(ClassError):
            check_text(bad, 40, "bad_answer")


def test_names_compare_case_and_width_folded():
    assert name_key("MINA") == name_key("mina") == name_key("ｍｉｎａ")


def test_codes_are_made_and_read_back():
    code = new_code()
    assert normal_code(code.lower()) == code and len(code) == CODE_LENGTH
    assert normal_code("ABC-DEF".replace("D", "2")) == "ABC2EF"
    for bad in ("ABCDE", "ABCDEFG", "ABCDE0", "ABCDEI", None, "A" * 1000):
        assert normal_code(bad) is None


def test_a_secret_matches_only_its_own_hash():
    stored = secret_hash("key-1")
    assert len(stored) == 64 and same_secret("key-1", stored)
    assert not same_secret("key-2", stored) and not same_secret(None, stored)
