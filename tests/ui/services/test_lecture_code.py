"""The code panel's comments (this step's values) speak the page's language: in Korean, no
English word outside the code's own names, the lecture's terms and the model's tokens."""

from __future__ import annotations

import re

import pytest

from seq2seq_core.data.tokenizers import EOS_ID
from tests.support import language
from ui.services import lecture_code

_WORD = re.compile(r"[A-Za-z][A-Za-z_]+")  # one letter (h, W, p) is notation


def _panels(tr, lang: str) -> list[str]:
    src, ref = "a b c", "c b a"
    trace = tr.trace(src)
    gold = [*tr.tgt_tok.encode(tr.tgt_tok.normalize(ref)), EOS_ID]
    forced = tr.trace(src, prefix=gold)
    panels = [lecture_code.encoder_code(trace, 1, lang), lecture_code.bridge_code(trace)]
    for t in range(1, len(forced.steps) + 1):
        panels.append(lecture_code.decoder_code(trace, min(t, len(trace.steps)), lang))
        panels.append(lecture_code.decoder_code(forced, t, lang, teacher=forced))
    return panels


def _prose_words(panel: str) -> set[str]:
    """Words of the comments that are not names in the code lines above them."""
    lines = panel.splitlines()
    names = {w.lower() for x in lines if not x.startswith("#") for w in _WORD.findall(x)}
    comments = [x.removeprefix("#   →") for x in lines if x.startswith("#   →")]
    plain = re.sub(r"'[^']*'", " ", " ".join(comments))  # the tokens, quoted
    return {w for w in _WORD.findall(plain) if w.lower() not in names}


@pytest.mark.parametrize("config", [0, 4])  # without attention, with
def test_the_code_comments_in_korean_have_no_english_prose(config):
    from tests.support.models import CONFIGS, tiny_translator

    tr = tiny_translator(CONFIGS[config])
    korean = set().union(*(_prose_words(p) for p in _panels(tr, "ko")))
    english = set().union(*(_prose_words(p) for p in _panels(tr, "en")))
    assert {"input", "step"} <= english  # the check reads the prose it should
    left = {w for w in korean if w.lower() not in language.ALLOWED}
    assert not left, left
