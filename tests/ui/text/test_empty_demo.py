"""The list of messages saying a demo shows nothing (ui/text/demos.py's EMPTY_DEMO) is
complete: a string of ui/text that reads like one is in it, or is named here as something
else, with the reason. tests/ui/pages/test_demos_open.py checks that none of the listed
messages shows when a page or tab opens."""

from __future__ import annotations

import re

from ui.text.demos import EMPTY_DEMO
from ui.text.i18n import all_strings

# What a message saying "nothing to show here" is written with, in English.
EMPTY_WORDS = re.compile(
    r"\b(never|nothing|no case|found no|not found|no \w+ (?:yet|found|is)|not known|"
    r"not available|not on this server|cannot be drawn|not kept|still weak|"
    r"type (?:a|the)\b)",
    re.I,
)

# Strings with those words that are not empty-demo messages, and why.
NOT_EMPTY = {
    "tokens_text": "explains tokens: the model never sees letters",
    "learned": "a finished run's scores (validation sentences it never saw)",
    "learned_no_valid": "a finished run's scores, after the student trained on a tiny corpus",
    "exp_exposure_text": "explains exposure bias (tokens it never saw in training)",
    "exp_part": "the roads part: the demo showing its point",
    "exp_pair_text": "explains the pair experiment (attention or none)",
    "no_corpus": "the Data page before a corpus is chosen: the page is that choice",
    "demo_why_loss": "says why a view shows another model (it shows its point there)",
    "demo_why_exposure_bias": "says why a view shows another model",
    "demo_why_beam": "says why a view shows another model",
    "demo_why_unknown": "says why a view shows another model",
    "cls_intro": "the class page's invitation to join: the page is that choice",
    "cls_no_question_yet": "a student's view before the teacher asks: the class's own pace",
    "cls_privacy": "says nothing about a student is stored",
    # a chart's words for a screen reader (ui/figures/alt.py): the visible message beside
    # the chart (exp_no_part, ...) is the one listed, and the page test reads that
    "alt_empty": "a screen reader's words for a chart drawn with no data",
    "alt_exposure_same": "a screen reader's words for exposure bias's roads",
    "alt_class_none": "a screen reader's words for the class's answers before any comes in",
}


def test_every_string_that_reads_like_an_empty_demo_is_listed_or_named_as_not_one():
    strings = all_strings()
    unlisted = {
        key: value["en"][:100]
        for key, value in strings.items()
        if EMPTY_WORDS.search(value["en"]) and key not in EMPTY_DEMO and key not in NOT_EMPTY
    }
    assert not unlisted, "add to EMPTY_DEMO (ui/text/demos.py) or NOT_EMPTY: " + str(unlisted)
    assert [k for k in NOT_EMPTY if k not in strings] == []  # no stale names


def test_the_listed_messages_are_strings_of_both_languages():
    strings = all_strings()
    assert len(EMPTY_DEMO) == len(set(EMPTY_DEMO))
    assert [k for k in EMPTY_DEMO if k not in strings] == []
    assert [k for k in EMPTY_DEMO if set(strings[k]) != {"en", "ko"}] == []
