"""Forcing a token from a chart (issue 18, "force from the tree"): the figures carry each
point's step and token id, a selection event maps to (step, token id), and the forced
decode keeps the prefix, takes the forced token and goes on greedily."""

from __future__ import annotations

import numpy as np
import pytest

from seq2seq_core.decoding.forcing import beam_path, force_node, force_step, prefix_at
from tests.support.models import CONFIGS, tiny_translator
from ui.figures.compare import beam_tree_figure
from ui.figures.decode import topk_bars
from ui.figures.style import plot_token
from ui.services.forcing import Pick, comparison_markdown, picked_point

TEXT = "a b c d"


def _event(customdata) -> dict:
    """What st.plotly_chart(on_select="rerun") returns for one clicked point."""
    point = {"curve_number": 0, "point_number": 0, "point_index": 0, "customdata": customdata}
    return {"selection": {"points": [point], "point_indices": [0], "box": [], "lasso": []}}


@pytest.mark.parametrize("config", [CONFIGS[0], CONFIGS[2], CONFIGS[3]])
def test_every_softmax_bar_carries_its_step_and_token_id(config):
    tr = tiny_translator(config)
    trace = tr.trace(TEXT, topk=5)
    for step in trace.steps[:3]:
        fig = topk_bars(step)
        assert len(fig.data) == 2  # the bars, and a transparent one across each row
        for bars in fig.data:  # whatever a click lands on carries the step and token
            data = [list(d) for d in bars.customdata]
            # the bars are drawn bottom-up: reversed top-k
            assert [d[2] for d in data] == step.topk_ids[::-1]
            assert all(d[1] == step.t for d in data)
            assert [d[0] for d in data] == [plot_token(x) for x in step.topk_tokens][::-1]
            assert "customdata[0]" in bars.hovertemplate
        assert list(fig.data[1].x) == [1.0] * len(step.topk_ids)  # the whole row
        assert fig.layout.barmode == "overlay"


def test_every_beam_node_carries_its_step_token_and_index():
    tr = tiny_translator(CONFIGS[2])
    result = tr.beam(TEXT, k=3)
    fig = beam_tree_figure(result)
    nodes = [tr_ for tr_ in fig.data if "markers" in (tr_.mode or "")]
    assert len(nodes) == 1
    data = [list(d) for d in nodes[0].customdata]
    assert len(data) == len(result.nodes)
    for d, node in zip(data, result.nodes, strict=True):
        assert d[1:] == [node.t, node.token_id, node.index]


def test_a_selection_event_maps_to_step_and_token():
    assert picked_point(_event(["x", 3, 17])) == Pick(3, 17)
    assert picked_point(_event(["x", 2, 5, 9])) == Pick(2, 5, 9)
    assert picked_point(_event(["<sos>", 0, 2, 0])) is None  # the tree's root: nothing to force
    assert picked_point(_event("just a label")) is None  # a point of another chart
    assert picked_point({"selection": {"points": []}}) is None
    assert picked_point(None) is None

    class State:  # Streamlit's event object: attribute access
        selection = _event(["x", 4, 6])["selection"]

    assert picked_point(State()) == Pick(4, 6)


@pytest.mark.parametrize("config", CONFIGS, ids=[str(i) for i in range(len(CONFIGS))])
def test_forcing_keeps_the_prefix_takes_the_token_and_goes_on_greedily(config):
    tr = tiny_translator(config)
    trace = tr.trace(TEXT, topk=5)
    t = min(2, len(trace.steps))
    step = trace.steps[t - 1]
    token = step.topk_ids[1]  # not the argmax
    assert token != step.argmax_id
    # the way a click goes: the bar's customdata -> the event -> Pick -> the forced decode
    bars = topk_bars(step).data[0]
    clicked = next(list(d) for d in bars.customdata if d[2] == token)
    pick = picked_point(_event(clicked))
    assert pick == Pick(t, token)
    forced = force_step(tr, TEXT, trace, pick.step, pick.token_id)
    for before, after in zip(trace.steps[: t - 1], forced.steps, strict=False):
        assert after.chosen_id == before.chosen_id == after.argmax_id  # greedy's own tokens
        np.testing.assert_allclose(after.probs, before.probs, atol=1e-6)
    assert forced.steps[t - 1].chosen_id == token and forced.steps[t - 1].forced
    assert forced.steps[t - 1].argmax_id == step.argmax_id  # the same softmax at step t
    for later in forced.steps[t:]:
        assert later.chosen_id == later.argmax_id and not later.forced
    assert prefix_at(trace, t, token) == (*[s.chosen_id for s in trace.steps[: t - 1]], token)
    with pytest.raises(ValueError):
        prefix_at(trace, len(trace.steps) + 1, token)


def test_forcing_a_beam_node_follows_its_path_then_greedy():
    tr = tiny_translator(CONFIGS[4])
    result = tr.beam(TEXT, k=3)
    deep = max(result.nodes, key=lambda n: (n.t, -n.index))
    node = min((n for n in result.nodes if n.t == min(2, deep.t)), key=lambda n: n.score)
    path = beam_path(result, node.index)
    assert len(path) == node.t and path[-1] == node.token_id
    assert beam_path(result, 0) == ()
    forced = force_node(tr, TEXT, result, node.index)
    assert [s.chosen_id for s in forced.steps[: node.t]] == list(path)
    assert all(s.forced for s in forced.steps[: node.t])
    assert forced.steps[node.t - 1].log_prob == pytest.approx(node.score, abs=1e-4)
    assert all(s.chosen_id == s.argmax_id for s in forced.steps[node.t :])


def test_the_comparison_gives_both_translations_with_their_log_probabilities():
    tr = tiny_translator(CONFIGS[2])
    trace = tr.trace(TEXT)
    forced = force_step(tr, TEXT, trace, 1, trace.steps[0].topk_ids[1])
    text = comparison_markdown(trace, forced, 1, "en")
    assert text.count("log p = ") == 2
    assert f"{forced.steps[-1].log_prob:.3f}" in text and f"{trace.steps[-1].log_prob:.3f}" in text
    same = comparison_markdown(trace, force_step(tr, TEXT, trace, 1, trace.steps[0].argmax_id),
                               1, "ko")  # fmt: skip
    assert "바뀌지 않습니다" in same


def test_the_softmax_bars_draw_no_legend():
    """Two traces (the bars and the transparent rows that take a click) made plotly draw a
    legend, "trace 0 / trace 1", beside the softmax on the projector."""
    trace = tiny_translator(CONFIGS[0]).trace(TEXT, topk=5)
    assert all(bars.showlegend is False for bars in topk_bars(trace.steps[0]).data)
