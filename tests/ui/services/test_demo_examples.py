"""The examples a demo opens on are computed on the model: each one found shows the demo's
point when the engine recomputes it, and the search keeps to its bounds."""

from __future__ import annotations

import pytest

from seq2seq_core import experiments as ex
from seq2seq_core.checkpoints.pretrained import load_pretrained
from seq2seq_core.data.corpora import load_builtin
from tests.support.models import tiny_translator, toy_pairs
from ui.services import demo_examples


@pytest.fixture(scope="module")
def lesson():
    return load_pretrained("en-ko-lesson")


@pytest.mark.parametrize("demo", demo_examples.DEMOS)
def test_each_example_found_shows_the_demos_point(lesson, demo):
    pairs = load_builtin("en-ko", "test")
    found = demo_examples.find(demo, lesson, pairs, want=2)  # the search stops at two
    assert 1 <= len(found) <= 2
    sources = [s for s, _ in pairs[: demo_examples.SCAN]]
    for src, ref in found:
        assert src in sources
        if demo == "loss":
            assert lesson.score(src, ref).total_nll >= demo_examples.LOSS_MIN
        elif demo == "exposure_bias":
            eb = ex.exposure_bias(lesson, src, ref)
            assert eb.part_step is not None and eb.part_step >= 2 and eb.stop_reason == "eos"
        else:
            win = ex.find_beam_wins(lesson, [src], k=demo_examples.BEAM_K, limit=1)
            assert win and win[0].beam_total > win[0].greedy_total


def test_the_search_keeps_to_its_bounds_and_order():
    tr = tiny_translator()  # barely trained: every pair costs far more than LOSS_MIN
    pairs = toy_pairs(20, seed=3)
    found = demo_examples.find("loss", tr, pairs, want=3)
    assert [s for s, _ in found] == [s for s, _ in pairs[:3]]  # in order, the first three
    assert len(demo_examples.find("loss", tr, pairs, want=10, scan=2)) == 2  # two tried
    assert demo_examples.find("loss", tr, [("", "a b")]) == []  # nothing to translate
    with pytest.raises(ValueError, match="unknown demo"):
        demo_examples.shows("nothing", tr, "a b", "b a")
