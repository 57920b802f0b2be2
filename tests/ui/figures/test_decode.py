"""The figure builders draw the trace's own numbers; no Streamlit needed."""

from __future__ import annotations

import dataclasses
import subprocess
import sys

import numpy as np
import pytest

from tests.support.models import CONFIGS, tiny_translator
from ui.figures import decode as figures
from ui.figures import style


@pytest.fixture(scope="module")
def tr():
    return tiny_translator(CONFIGS[3])  # LSTM, 2 layers, bidirectional, Luong input feeding


@pytest.fixture(scope="module")
def trace(tr):
    return tr.trace("a b a c")  # a repeated source token


def test_figures_module_does_not_import_streamlit():
    code = "import sys, ui.figures.decode, ui.figures.style; sys.exit('streamlit' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_encoder_heatmap_draws_both_directions(trace):
    fig = figures.encoder_states_heatmap(trace.encoder, trace.src_pieces)
    assert len(fig.data) == 2
    h = trace.encoder.hidden
    np.testing.assert_allclose(fig.data[0].z, trace.encoder.outputs[:, :h])
    np.testing.assert_allclose(fig.data[1].z, trace.encoder.outputs[:, h:])
    assert list(fig.layout.yaxis.ticktext) == ["a", "b", "a", "c"]  # repeats kept apart


def test_chain_has_a_box_per_step_and_both_kinds_of_feeding(trace):
    fig = figures.decoder_chain_figure(trace, current=2)
    rects = [s for s in fig.layout.shapes if s.type == "rect"]
    dashes = [s.line.dash for s in fig.layout.shapes if s.type == "path"]
    n = len(trace.steps)
    assert len(rects) == n
    assert dashes.count("dot") == n - 1  # the token fed back, every link (rows wrap)
    assert dashes.count("dash") >= min(n - 1, 1)  # Luong's h~ within a row
    assert rects[1].fillcolor == style.ACCENT  # the current step
    texts = " ".join(a.text for a in fig.layout.annotations)
    assert "input feeding" in texts and "Luong" in texts


def test_chain_keeps_room_for_the_encoders_vector_however_many_steps(trace):
    for n in (1, 10, 16, 50):
        steps = [dataclasses.replace(trace.steps[i % len(trace.steps)], t=i + 1) for i in range(n)]
        fig = figures.decoder_chain_figure(dataclasses.replace(trace, steps=steps), current=1)
        first_box = min(s.x0 for s in fig.layout.shapes if s.type == "rect")
        left, right = fig.layout.xaxis.range
        assert (first_box - left) / (right - left) >= 1 / 12, n  # ~70 px of an 820 px chart
        label = next(a for a in fig.layout.annotations if "encoder" in a.text)
        assert left < label.x < first_box


def test_chain_without_luong_feeding_draws_only_token_feeding():
    tr = tiny_translator(CONFIGS[2])
    trace = tr.trace("a b c")
    shapes = figures.decoder_chain_figure(trace, 1).layout.shapes
    dashes = [s.line.dash for s in shapes if s.type == "path"]
    assert dashes.count("dot") == len(trace.steps) - 1 and "dash" not in dashes


def test_topk_and_attention_bars_show_the_step(trace):
    step = trace.steps[0]
    fig = figures.topk_bars(step)
    assert list(fig.data[0].x) == list(step.topk_probs)[::-1]
    top = list(fig.data[0].marker.color)[-1]
    assert top == style.ACCENT  # the argmax, drawn last (on top)
    bars = figures.attention_bars(step, trace.src_pieces)
    np.testing.assert_allclose(bars.data[0].y, step.attn_weights)
    assert len(bars.data[0].x) == 4


def test_attention_heatmap_is_the_matrix(trace):
    out = [s.chosen_token for s in trace.steps]
    fig = figures.attention_heatmap(trace.attention_matrix(), trace.src_pieces, out, current=1)
    np.testing.assert_allclose(fig.data[0].z, trace.attention_matrix())
    assert len(fig.layout.shapes) == 1


def test_figures_built_without_validation_are_valid_plotly(trace):
    """build_figure skips plotly's validation for speed: validate its output here instead."""
    import plotly.graph_objects as go

    step = trace.steps[1]
    built = [
        figures.decoder_chain_figure(trace, current=2),
        figures.hidden_vector_figure(step.hidden_after, "h"),
        figures.topk_bars(step),
        figures.encoder_states_heatmap(trace.encoder, trace.src_pieces),
    ]
    if step.attn_weights is not None:
        built.append(figures.attention_bars(step, trace.src_pieces))
        out = [s.chosen_token for s in trace.steps]
        built.append(figures.attention_heatmap(trace.attention_matrix(), trace.src_pieces, out, 2))
    for fig in built:
        go.Figure(fig.to_dict())  # raises ValueError on any misspelt or ill-typed property
    with pytest.raises(ValueError):
        go.Figure(style.build_figure([dict(type="bar", colour="red")], 100).to_dict())


def test_large_text_scales_every_font_and_the_height(trace):
    """The sidebar's large text: one factor for every font of a figure, its own and the
    layout's default, and for its height (issue 17)."""
    step = trace.steps[0]
    small, large = figures.topk_bars(step), figures.topk_bars(step, scale=style.LARGE_SCALE)
    assert large.layout.font.size == pytest.approx(style.BASE_FONT * style.LARGE_SCALE, abs=0.1)
    assert large.layout.yaxis.tickfont.size >= 20 and large.data[0].textfont.size >= 20
    assert large.layout.annotations[0].font.size >= 20  # "argmax -> greedy choice"
    assert large.layout.height > small.layout.height
    chain = figures.decoder_chain_figure(trace, 1, scale=style.LARGE_SCALE)
    assert min(a.font.size for a in chain.layout.annotations if a.text) >= 20
    assert chain.layout.height >= 480


def test_figures_carry_no_plotly_template():
    """Streamlit's default plotly template (6 kB of per-trace defaults) was copied into every
    figure, re-validated by st.plotly_chart and sent; the browser applies Streamlit's theme
    whatever template arrives, and our colours are explicit (ui/figures/style.LEAN_TEMPLATE)."""
    import json

    import plotly.graph_objects as go
    import plotly.io as pio
    import streamlit  # noqa: F401 (sets plotly's default template to Streamlit's, as in the app)

    from ui.figures.style import apply_layout, build_figure

    assert pio.templates.default == "streamlit"
    built = build_figure([{"type": "bar", "x": [0, 1], "y": [1, 2]}], 200)
    applied = apply_layout(go.Figure(go.Bar(x=[0], y=[1])), 200)
    for fig in (built, applied):
        template = json.loads(pio.to_json(fig, validate=False))["layout"].get("template") or {}
        assert not template.get("data") and not template.get("layout"), template
