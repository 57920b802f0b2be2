"""A token escaped for Markdown keeps the emphasis around it working (issue 26: "**
▁달리지 **이고", "*나는 사과를 좋아해요.*에" showed their asterisks). CommonMark opens `**`
only before a character that is not whitespace or punctuation (or after whitespace or
punctuation) and closes it only after one (or before whitespace or punctuation): a Korean
particle glued to the closing `**` needs a letter-like character inside it. Streamlit's own
renderer is checked in tests/browser/test_text_layout.py."""

from __future__ import annotations

import unicodedata

import pytest

from ui.text.literal import guard_ends, literal, literal_code

TOKENS = ["will", "\u2581달리지", "나는 사과를 좋아해요.", "a*b", "*", "**", "_x_", "`", "a`b",
          "a b", " lead", "trail ", "<eos>", "\\", ":material/home:", "\u2581"]  # fmt: skip


def _loose(c: str) -> bool:
    """CommonMark 0.31: Unicode whitespace, or punctuation (categories P and S)."""
    return c.isspace() or unicodedata.category(c)[0] in "PSZ"


@pytest.mark.parametrize("token", TOKENS)
@pytest.mark.parametrize("escape", [literal, literal_code])
def test_emphasis_opens_and_closes_around_an_escaped_token_glued_to_hangul(token, escape):
    md = escape(token)
    for marker in ("**", "*"):
        text = f"다음은{marker}{md}{marker}이고"  # glued on both sides, as Korean writes
        start, end = len("다음은") + len(marker), len("다음은") + len(marker) + len(md)
        after_open, before_close = text[start], text[end - 1]
        assert not _loose(after_open), (token, text)  # left-flanking with a letter before
        assert not _loose(before_close), (token, text)  # right-flanking with a letter after


def test_the_guard_is_invisible_and_only_where_needed():
    assert literal("will") == "will" and literal("a.") == "a\\.\u2060"
    assert literal_code("will") == "\u2060`will`\u2060"  # a code span ends in backticks
    assert guard_ends(" x ") == "\u2060 x \u2060" and guard_ends("") == ""
    assert unicodedata.category("\u2060") == "Cf"  # a format character: not P, S or Z
