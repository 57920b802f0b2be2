"""An axis never claims values its data cannot take (issue 26: Experiments ③'s probability
axis ran to 120%): probabilities and attention weights tick from 0 to 1 whatever room their
range keeps for labels, a sum of log-probabilities ticks at 0 or below."""

from __future__ import annotations

import numpy as np
import pytest

from seq2seq_core.experiments import BeamWin, ExposureBias, ScoredTokens
from ui.figures import decode as fd
from ui.figures import lab as fl
from ui.figures import probe as fp
from ui.figures.style import LARGE_SCALE, ticks_within


def scored(tokens: tuple[str, ...], probs: tuple[float, ...]) -> ScoredTokens:
    return ScoredTokens(tokens, probs, tuple(np.cumsum(np.log(probs)).tolist()))


def unit_axes(translator) -> dict:
    """{name: axis} of every axis of probabilities or weights the figures draw."""
    greedy = scored(("a", "x", "y", "<eos>"), (0.9, 0.6, 0.2, 0.3))
    beam = scored(("a", "b", "<eos>"), (0.9, 0.4, 0.9))
    win = fl.beam_win_figure(BeamWin("s", 5, greedy, beam, 2, greedy.total, beam.total))
    eb = ExposureBias(src_pieces=("b", "a"), reference=("a", "b", "<eos>"),
                      free_running=("a", "c", "<eos>"), free_probs=(0.9, 0.8, 0.7),
                      stop_reason="eos", forced_argmax=("a", "c", "<eos>"),
                      forced_argmax_probs=(0.9, 0.5, 0.7), gold_probs=(0.9, 0.3, 0.7),
                      part_step=2)  # fmt: skip
    p = np.array([0.7, 0.2, 0.1])
    trace = translator.trace("a b")
    step = trace.steps[0]
    return {
        "beam win": win.layout.yaxis,
        "exposure": fl.exposure_figure(eb).layout.yaxis2,
        "temperature": fp.temperature_figure(p, p, ["a", "b", "c"], 1.0, top=3).layout.yaxis,
        "top-k": fd.topk_bars(step, "en", LARGE_SCALE).layout.xaxis,
        "attention": fd.attention_bars(step, trace.src_pieces, "en", LARGE_SCALE).layout.yaxis,
    }


def test_probability_and_weight_axes_tick_from_0_to_1_only(translator):
    for name, axis in unit_axes(translator).items():
        assert axis.tickvals is not None, f"{name}: plotly chooses the ticks"
        assert min(axis.tickvals) == 0 and max(axis.tickvals) == 1, (name, axis.tickvals)


def test_the_running_sum_of_log_p_ticks_at_0_or_below():
    greedy = scored(("a", "x", "<eos>"), (0.9, 0.95, 0.99))  # near 0: plotly ticked +0.2
    win = BeamWin("s", 3, greedy, greedy, 1, greedy.total, greedy.total)
    axis = fl.beam_win_figure(win).layout.yaxis2
    assert axis.tickvals and max(axis.tickvals) == 0 and min(axis.tickvals) >= axis.range[0]


@pytest.mark.parametrize(("low", "high"), [(-11.0, 0.0), (-0.3, 0.0), (-37.2, 0.0), (0, 1)])
def test_ticks_within_are_round_and_inside(low, high):
    ticks = ticks_within(low, high)
    assert 3 <= len(ticks) <= 7 and all(low <= x <= high for x in ticks), ticks
    assert 0 in ticks
