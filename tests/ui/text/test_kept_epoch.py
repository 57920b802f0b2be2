"""Which epoch's weights a run keeps, said truly (issue 26: "the weights may not be the last
epoch's" was said when the best epoch was the last, 60 of 60)."""

from __future__ import annotations

import pytest

from ui.text.train import kept_text


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_best_epoch_is_called_the_last_when_it_is(lang):
    last = kept_text(60, 60, 25.481, lang)
    earlier = kept_text(11, 60, 25.481, lang)
    assert "60" in last and "25.481" in last and "11" not in last
    assert "11" in earlier and "60" in earlier  # the kept epoch and the last one, both named
    word = {"en": "not", "ko": "아닙니다"}[lang]
    assert word not in last and word in earlier
