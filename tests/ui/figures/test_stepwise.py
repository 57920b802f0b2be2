"""The Train page's one-step figure (ui/figures/stepwise.py): one label per step at the
figures' size, never two labels shrunk into one bar each (issue 26: 13.4 px, "0.000.00"),
and a legend that grows upwards, off the plot."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from seq2seq_core.training.stepwise import PairView
from ui.figures.stepwise import nll_before_after_figure
from ui.figures.style import BASE_FONT, LARGE_SCALE


def view(nll: list[float], tokens: list[str]) -> PairView:
    return PairView(["a", "b"], tokens, np.array(nll, dtype=np.float32), None, float(sum(nll)))


def test_one_unshrunk_label_per_step_with_the_value_after_the_update():
    before, after = (
        view([2.0, 0.0, 1.5], ["나는", "책을", "<eos>"]),
        view([0.5, 0.0, 1.0], ["나는", "책을", "<eos>"]),
    )
    fig = nll_before_after_figure(before, after, "ko", LARGE_SCALE)
    go.Figure(fig.to_dict())  # valid plotly
    bars = [d for d in fig.data if d.type == "bar"]
    assert all(b.text is None for b in bars)  # no text in bars: plotly would shrink it
    (labels,) = [d for d in fig.data if d.type == "scatter"]
    assert list(labels.text) == ["0.50", "0.00", "1.00"]
    assert list(labels.y) == [2.0, 0.0, 1.5]  # above the taller bar of each step
    assert labels.textfont.size == round(BASE_FONT * LARGE_SCALE, 1)
    assert fig.layout.legend.yanchor == "bottom" and fig.layout.legend.y > 1


def test_no_labels_when_they_would_not_fit_their_step():
    tokens = [f"t{i}" for i in range(20)]
    nll = [1.234] * 20
    fig = nll_before_after_figure(view(nll, tokens), view(nll, tokens), "en", LARGE_SCALE)
    assert [d.type for d in fig.data] == ["bar", "bar"]  # no label trace
    assert all(d.text is None for d in fig.data)  # and no text shrunk into the bars
