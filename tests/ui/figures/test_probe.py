"""The figures of experiments ④–⑥ (ui/figures/probe.py): sampling, the quiz, the map of
hidden states; on small hand-made data."""

from __future__ import annotations

import numpy as np
import pytest

from seq2seq_core.decoding.trace import Step
from seq2seq_core.experiments import StateMap
from tests.support.figures import state_map
from ui.figures import probe as fp
from ui.figures.style import ACCENT, BASE, TEAL


def step_with(probs: list[float], tokens: list[str]) -> Step:
    p = np.asarray(probs, dtype=np.float32)
    order = [int(i) for i in np.argsort(-p, kind="stable")[:5]]
    return Step(
        t=2,
        input_id=4,
        input_token="a",
        hidden_before=np.zeros(3),
        hidden_after=np.zeros(3),
        attn_weights=None,
        context=None,
        attentional=None,
        probs=p,
        topk_ids=order,
        topk_tokens=[tokens[i] for i in order],
        topk_probs=[float(p[i]) for i in order],
        argmax_id=order[0],
        chosen_id=order[0],
        chosen_token=tokens[order[0]],
        chosen_prob=float(p[order[0]]),
        forced=False,
        log_prob=-1.0,
    )


def annotation_texts(fig) -> str:
    return " ".join(a.text for a in fig.layout.annotations)


# -- temperature -------------------------------------------------------------------------------
def test_temperature_figure_bars_argmax_and_the_rest_of_the_vocabulary():
    vocab = ["<pad>", "<unk>", "<sos>", "<eos>", "a", "b", "c", "d"]
    p = np.array([0, 0, 0, 0.1, 0.5, 0.2, 0.15, 0.05])
    q = np.array([0, 0, 0, 0.05, 0.8, 0.1, 0.04, 0.01])
    fig = fp.temperature_figure(p, q, vocab, 0.5, top=3)
    bars, ticks = fig.data
    assert list(fig.layout.xaxis.ticktext) == ["a", "b", "c", "other 5"]
    assert list(bars.y[:3]) == [0.8, 0.1, 0.04] and bars.y[3] == pytest.approx(0.06)
    assert list(ticks.y[:3]) == [0.5, 0.2, 0.15] and ticks.y[3] == pytest.approx(0.15)
    assert list(bars.marker.color)[:2] == [ACCENT, BASE]
    assert bars.name == "T = 0.5"


# -- quiz --------------------------------------------------------------------------------------
def test_quiz_reveal_paints_the_pick_and_names_its_rank():
    tokens = ["<pad>", "<unk>", "<sos>", "<eos>", "a", "b", "c", "d", "e"]
    step = step_with([0, 0, 0, 0.02, 0.5, 0.2, 0.15, 0.1, 0.03], tokens)
    fig = fp.quiz_reveal_figure(step, pick_id=6, rank=3)
    colors = list(fig.data[0].marker.color)  # drawn least probable first
    assert colors.count(TEAL) == 1 and colors.index(TEAL) == 2  # "c", 3rd of 5
    assert colors[-1] == ACCENT  # the argmax "a" on top
    assert "rank 3" in fig.layout.title.text and "c" in fig.layout.title.text
    assert fig.layout.yaxis.ticktext[2] == "<b>you → c</b>"  # seen even where p is tiny
    assert sum("you" in x for x in fig.layout.yaxis.ticktext) == 1
    right = fp.quiz_reveal_figure(step, pick_id=4, rank=1)
    assert TEAL not in list(right.data[0].marker.color)
    assert right.layout.yaxis.ticktext[-1] == "<b>you → a</b>"
    assert "argmax" in right.layout.title.text


def test_state_map_by_position_is_one_trace_with_a_colour_bar():
    fig = fp.state_map_figure(state_map(), "position")
    (trace,) = fig.data
    assert len(trace.x) == 6 and list(trace.marker.color) == [0, 1, 2, 0, 1, 2]
    assert list(trace.customdata[1]) == ["cat", 1, "sentence 0"]  # token, position, text
    assert "40%" in fig.layout.xaxis.title.text and "25%" in fig.layout.yaxis.title.text


def test_state_map_by_token_groups_the_frequent_tokens():
    fig = fp.state_map_figure(state_map(), "token", top_tokens=2)
    names = [tr.name for tr in fig.data]
    assert names == ["other tokens", "the", "cat"]
    assert [len(tr.x) for tr in fig.data] == [2, 3, 1]
    assert sum(len(tr.x) for tr in fig.data) == 6
    with pytest.raises(ValueError):
        fp.state_map_figure(state_map(), "colour")


def test_state_map_without_points_says_so():
    fig = fp.state_map_figure(StateMap("decoder", (), (0.0, 0.0)), "token")
    assert not fig.data and "no data yet" in annotation_texts(fig)
