"""Readable from the back row (issue 17), checked on the figures themselves: axis text that
scales with large text (Streamlit's theme otherwise draws it at 12-14 px), token labels never
at 90°, the beam tree's lines clear of its labels. The browser test
(tests/browser/test_projector.py) measures the same figures as drawn."""

from __future__ import annotations

import numpy as np
import pytest

from seq2seq_core.checkpoints.pretrained import load_pretrained
from seq2seq_core.experiments.analysis import Bucket
from ui.figures import compare as figures_compare
from ui.figures import decode as figures
from ui.figures import lab as figures_lab
from ui.figures import train as figures_train
from ui.figures.style import LARGE_SCALE

LONG = "The child did not eat an orange with the teacher at the cafe yesterday."


@pytest.fixture(scope="module")
def model():
    return load_pretrained("en-ko-attention")


def _figures(model) -> dict:
    trace = model.trace(LONG)
    step = trace.steps[1]
    out = [s.chosen_token for s in trace.steps]
    bucket = Bucket(label="1-4", lo=1, hi=4, count=3, exact_match=1.0, bleu=90.0, chrf=90.0)
    return {
        "topk": figures.topk_bars(step, "ko", LARGE_SCALE),
        "attention_bars": figures.attention_bars(step, trace.src_pieces, "ko", LARGE_SCALE),
        "heatmap": figures.attention_heatmap(
            trace.attention_matrix(), trace.src_pieces, out, 2, "ko", LARGE_SCALE
        ),
        "encoder": figures.encoder_states_heatmap(
            trace.encoder, trace.src_pieces, "ko", LARGE_SCALE
        ),
        "loss": figures_compare.loss_steps_figure(
            model.score(LONG, model.trace(LONG).output_text), "ko", LARGE_SCALE
        ),
        "beam": figures_compare.beam_tree_figure(model.beam(LONG, k=3), "ko", LARGE_SCALE),
        "buckets": figures_lab.bucket_figure({"a": [bucket]}, "exact_match", "ko", LARGE_SCALE),
    }


def test_axis_numbers_titles_and_legends_scale_with_large_text(model):
    """Every axis and colour bar sets its own font sizes: >= 20 px in large text."""
    for name, fig in _figures(model).items():
        layout = fig.to_dict()["layout"]
        axes = {k: v for k, v in layout.items() if k.startswith(("xaxis", "yaxis"))}
        assert axes, name
        for key, axis in axes.items():
            if axis.get("visible") is False:
                continue
            assert axis.get("tickfont", {}).get("size", 0) >= 18.9, (name, key, axis)
            title = axis.get("title")
            if isinstance(title, dict) and title.get("text"):
                assert title["font"]["size"] >= 20, (name, key, title)
        assert layout["legend"]["font"]["size"] >= 20, name
        for trace in fig.to_dict()["data"]:
            if "colorbar" in trace:
                assert trace["colorbar"]["tickfont"]["size"] >= 20, name


def test_token_labels_are_level_when_they_fit_and_at_45_degrees_when_not(model):
    """Never left to plotly, which turns crowded labels to 90°; slanted labels get room."""
    short, long = model.trace("I ran."), model.trace(LONG)
    for tr, angle in ((short, 0), (long, -45)):
        out = [s.chosen_token for s in tr.steps]
        heat = figures.attention_heatmap(tr.attention_matrix(), tr.src_pieces, out, 1, "en",
                                         LARGE_SCALE)  # fmt: skip
        assert heat.layout.xaxis.tickangle == angle
    # half width: bars upright under level labels, or lying with the tokens down the left
    bars = figures.attention_bars(short.steps[0], short.src_pieces, "en", LARGE_SCALE)
    assert bars.data[0].orientation == "v" and bars.layout.xaxis.tickangle == 0
    bars = figures.attention_bars(long.steps[0], long.src_pieces, "en", LARGE_SCALE)
    assert bars.data[0].orientation == "h" and list(bars.data[0].x) == list(
        long.steps[0].attn_weights
    )
    assert bars.layout.yaxis.ticktext[0] == "▁The" and bars.layout.yaxis.autorange == "reversed"
    level = figures.attention_heatmap(np.full((13, 13), 1 / 13), ["a"] * 13, ["b"] * 13)
    slanted = figures.attention_heatmap(np.full((13, 13), 1 / 13), ["▁yesterday"] * 13,
                                        ["b"] * 13)  # fmt: skip
    assert slanted.layout.height > level.layout.height  # the room the slanted labels take
    assert not heat.layout.yaxis.title.text  # the output's title is written level instead
    assert any("↓" in a.text for a in heat.layout.annotations)


def test_softmax_values_go_inside_a_long_bar(model):
    step = model.trace("I will study Korean in the library.").steps[1]
    assert max(step.topk_probs) > 0.9
    bars = figures.topk_bars(step, "en", LARGE_SCALE).data[0]
    inside = [pos == "inside" for pos in bars.textposition]
    assert inside == [p > 0.5 for p in bars.x]  # outside a 99% bar the value left the chart


def test_beam_tree_edges_run_level_into_each_node(model):
    """Labels sit above their nodes: an edge arrives level into its node and turns half-way
    between steps, where no label reaches, so no edge crosses a label."""
    fig = figures_compare.beam_tree_figure(model.beam(LONG, k=3))
    edges = [d for d in fig.data if d.mode == "lines"]
    assert edges
    for e in edges:
        x, y = list(e.x), list(e.y)
        assert len(x) == 4 and x[1] == x[2] == x[0] + 0.5 == x[3] - 0.5, x
        assert y[0] == y[1] and y[2] == y[3], y


def test_a_score_that_rounds_to_zero_reads_zero(model):
    fig = figures_compare.beam_tree_figure(model.beam("I ran.", k=2))
    labels = fig.data[-1].text
    assert not any("-0.0" in x.split("<br>")[-1] for x in labels), labels


def test_sentence_lengths_are_numbered_level():
    """The Data page's histogram at half width: as many whole numbers as fit level (16
    labels, one a bar, stood on their side in large text)."""
    for top, scale in ((8, 1.0), (16, 1.0), (16, LARGE_SCALE), (120, LARGE_SCALE)):
        fig = figures_train.length_histogram(list(range(1, top + 1)), [1], scale=scale)
        axis = fig.layout.xaxis
        assert axis.tickangle == 0, (top, scale)
        labels = top // axis.dtick
        assert labels * 33 * scale <= 380 - 90 * scale and labels >= 2, (top, scale, axis.dtick)
