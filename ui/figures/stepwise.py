"""Figures of training one step at a time (the Train page): the fixed pair's −log p(gold)
per target step before and after the update(s), and how its attention moved. Pure plotly:
plain data in (`seq2seq_core.training.stepwise.PairView`), `go.Figure` out. No Streamlit.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from seq2seq_core.training.stepwise import PairView
from ui.figures.style import ACCENT, DIVERGING, MUTED, build_figure, plot_token, token_axis
from ui.text.i18n import t


def nll_before_after_figure(
    before: PairView, after: PairView, lang: str = "en", scale: float = 1.0
) -> go.Figure:
    """Two bars per target step: −log p(gold) before (grey) and after (accent) the update.
    Each set of bars sums to the pair's loss, given in the legend."""
    x = list(range(len(after.nll)))
    series = [(before, "stepwise_before", MUTED), (after, "stepwise_after", ACCENT)]
    bars = [
        dict(type="bar", x=x, y=[float(v) for v in view.nll], marker=dict(color=color),
             name=t(key, lang, loss=f"{view.loss:.3f}"),
             text=[f"{v:.2f}" for v in view.nll], textposition="outside", cliponaxis=False,
             hovertemplate="−log p = %{y:.3f}<extra></extra>")
        for view, key, color in series
    ]  # fmt: skip
    top = max([*before.nll.tolist(), *after.nll.tolist(), 0.5]) * 1.25
    return build_figure(
        bars,
        340,
        scale,
        barmode="group",
        legend=dict(orientation="h", y=1.12, x=0),
        xaxis=token_axis(after.tgt_pieces, lang),
        yaxis=dict(range=[0, top], title=dict(text=t("gold_nll_nats", lang))),
    )


def attention_change_figure(
    before: PairView, after: PairView, lang: str = "en", scale: float = 1.0
) -> go.Figure:
    """(T, S) attention after minus before: red where a target step now looks more at a
    source token, blue where less. Rows: target steps; columns: source tokens."""
    diff = np.asarray(after.attention, dtype=float) - np.asarray(before.attention, dtype=float)
    peak = max(float(np.abs(diff).max()), 1e-6)
    src = [plot_token(p, lang) for p in after.src_pieces]
    hover = [[f"{plot_token(o, lang)} ← {s}" for s in src] for o in after.tgt_pieces]
    heat = dict(type="heatmap", z=diff, x=list(range(len(src))),
                y=list(range(len(after.tgt_pieces))), colorscale=DIVERGING, zmin=-peak,
                zmax=peak, zmid=0, customdata=hover, colorbar=dict(thickness=12),
                hovertemplate="%{customdata}: %{z:+.3f}<extra></extra>")  # fmt: skip
    return build_figure(
        [heat],
        int(min(600, max(280, 120 + 34 * len(after.tgt_pieces)))),
        scale,
        xaxis=dict(side="top", title=dict(text=t("source", lang)),
                   **token_axis(after.src_pieces, lang)),
        yaxis=dict(autorange="reversed", title=dict(text=t("target", lang)),
                   **token_axis(after.tgt_pieces, lang)),
    )  # fmt: skip
