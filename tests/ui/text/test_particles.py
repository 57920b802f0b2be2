"""Korean particles follow how the word before them is read (issue 26: "will를", "“.”을",
"“▁She”을"), and a word that cannot be read gets the form that needs no reading."""

from __future__ import annotations

import re

import pytest

from ui.text.i18n import all_strings, t
from ui.text.particles import Spoken, final_sound, particle


@pytest.mark.parametrize(
    ("word", "object_particle"),
    [
        ("사과", "를"), ("서울", "을"), ("책", "을"),  # Hangul: the last syllable's 받침
        ("will", "을"), ("She", "를"), ("\u2581She", "를"), ("the", "를"),  # English
        ("name", "을"), ("me", "를"), ("table", "을"), ("book", "을"), ("mark", "를"),
        ("<eos>", "를"), ("Seoul.", "을"),  # closing marks are not read
        ("3", "을"), ("2", "를"), ("10", "을"), ("2.5", "를"),  # 삼, 이, 십, 이점오
        ("I", "를"), ("L", "을"),  # spelled: 아이, 엘
        (".", "를"), ("?", "를"),  # by name: 마침표, 물음표
        ("#", "을(를)"), ("漢", "을(를)"), ("", "을(를)"),  # no reading: the form for both
    ],
)  # fmt: skip
def test_the_object_particle_follows_the_reading(word, object_particle):
    assert particle(word, "을") == object_particle
    assert particle(word, "를") == object_particle  # either form names the pair


def test_every_pair_and_the_rieul_rule_of_euro():
    assert [particle("will", f) for f in ("이", "은", "과", "으로")] == ["이", "은", "과", "로"]
    assert [particle("She", f) for f in ("이", "은", "과", "으로")] == ["가", "는", "와", "로"]
    assert particle("book", "으로") == "으로" and particle("#", "으로") == "(으)로"
    assert final_sound("서울") == "ㄹ" and final_sound("사과") == "" and final_sound("#") is None
    with pytest.raises(ValueError, match="no particle"):
        particle("x", "의")


def test_a_template_writes_the_particle_the_raw_token_takes():
    shown = Spoken("`will`", "will")  # Markdown shown, the token read
    assert f"**{shown}**{shown:을}" == "**`will`**을"
    text = t("exp_part", "ko", k=2, argmax=Spoken("`a`", "a"), ref=Spoken("`b`", "b"),
             free=Spoken("`\u2581She`", "\u2581She"))  # fmt: skip
    assert "**`\u2581She`**를 " in text and "을(를)" not in text
    assert "“.”를" in t("bridge_forward", "ko", tok=Spoken(".", "."))
    assert "“#”을(를)" in t("bridge_forward", "ko", tok=Spoken("#", "#"))
    assert "“will”을" in t("bridge_forward", "ko", tok=Spoken("will", "will"))


def test_no_korean_template_puts_a_fixed_particle_after_a_token():
    """A placeholder followed by 을/를, 이/가, 은/는, 과/와 or (으)로 chooses it by reading
    (`{tok:을}`) or writes both forms (을(를)); a count or a number before a unit is read
    by the template's own noun."""
    particles = "이고|이며|이다|을|를|이|가|은|는|과|와|으로|로"
    fixed = re.compile(r"\{(\w+)(![rs])?\}[”\"*`’']*(" + particles + r")(?![(가-힣])")
    bad = {k: m.group(0) for k, v in all_strings().items() for m in [fixed.search(v["ko"])] if m}
    assert not bad, bad
