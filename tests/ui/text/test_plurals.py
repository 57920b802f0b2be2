"""English counts agree with their nouns: "1 line skipped", never "1 lines skipped"."""

from __future__ import annotations

import re

import pytest

from ui.text import i18n

# words after a bare {placeholder} that end in s and are not plural nouns
NOT_PLURALS = {
    "is",
    "was",
    "has",
    "does",
    "follows",
    "keeps",
    "gets",
    "as",
    "its",
    "this",
    "us",
    "fits",  # a verb: "a batch of {fit_batch:,} fits"
    "nats",
}  # the unit after a real number ("{total} nats"), not a count


@pytest.mark.parametrize(
    ("n", "noun", "text"),
    [(1, "line", "1 line"), (2, "line", "2 lines"), (0, "pair", "0 pairs"),
     (1000, "pair", "1,000 pairs"), (2, "batch", "2 batches"), (1, "child|children", "1 child"),
     (3, "child|children", "3 children"), (1, "blank line", "1 blank line")],
)  # fmt: skip
def test_plural(n, noun, text):
    assert i18n.plural(n, noun) == text


def test_counts_in_a_string_take_their_noun_and_other_specs_still_work():
    i18n.register({"_t_count": {"en": "{n:line} · {x:.1f} s · {m:,}", "ko": "{n}줄"}})
    assert i18n.t("_t_count", "en", n=1, x=2.25, m=1234) == "1 line · 2.2 s · 1,234"
    assert i18n.t("_t_count", "en", n=2, x=0.0, m=1) == "2 lines · 0.0 s · 1"
    assert i18n.t("_t_count", "ko", n=2) == "2줄"


def test_the_data_pages_report_agrees_in_number():
    one = i18n.t("report", "en", pairs=1, skipped=1, dups=1, blank=1, fmt="tsv", enc="utf-8")
    assert "1 pair** read" in one and "1 line skipped" in one
    assert "1 duplicate ·" in one and "1 blank line ·" in one
    two = i18n.t("report", "en", pairs=2, skipped=2, dups=2, blank=2, fmt="tsv", enc="utf-8")
    assert "2 lines skipped" in two and "2 duplicates" in two and "2 blank lines" in two


def test_no_english_string_puts_a_bare_count_before_a_plural_noun():
    bad = {}
    for key, text in i18n.all_strings().items():
        for m in re.finditer(r"\{\w+(?::[^}a-z]*)?\}\**\s+([a-z-]+s)\b", text["en"]):
            if m.group(1) not in NOT_PLURALS:
                bad[key] = m.group(0)
    assert not bad, bad
