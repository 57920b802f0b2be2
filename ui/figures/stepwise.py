"""Figures of training one step at a time (the Train page): the fixed pair's −log p(gold)
per target step before and after the update(s), and how its attention moved. Pure plotly:
plain data in (`seq2seq_core.training.stepwise.PairView`), `go.Figure` out. No Streamlit.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from seq2seq_core.training.stepwise import PairView
from ui.figures.style import (
    ACCENT,
    BASE_FONT,
    DIVERGING,
    FULL_WIDTH,
    MUTED,
    TOP_LEGEND,
    build_figure,
    plot_token,
    token_axis,
    widest,
)
from ui.text.i18n import t


def nll_before_after_figure(
    before: PairView, after: PairView, lang: str = "en", scale: float = 1.0
) -> go.Figure:
    """Two bars per target step: −log p(gold) before (grey) and after (accent) the update.
    Each set of bars sums to the pair's loss, given in the legend. One label per step, the
    value after the update, above the taller bar, at the figures' text size and only when
    every label fits its step (two labels per step, shrunk by plotly to fit a bar, were 13
    px and ran together: "0.000.00")."""
    x = list(range(len(after.nll)))
    series = [(before, "stepwise_before", MUTED), (after, "stepwise_after", ACCENT)]
    bars = [
        dict(type="bar", x=x, y=[float(v) for v in view.nll], marker=dict(color=color),
             name=t(key, lang, loss=f"{view.loss:.3f}"),
             hovertemplate="−log p = %{y:.3f}<extra></extra>")
        for view, key, color in series
    ]  # fmt: skip
    labels = [f"{v:.2f}" for v in after.nll]
    slot = (FULL_WIDTH - 90 * scale) / max(len(x), 1)  # px per step where drawn narrowest
    if widest(labels, BASE_FONT * scale) <= slot - 8:
        tops = [max(float(b), float(a)) for b, a in zip(before.nll, after.nll, strict=True)]
        bars.append(dict(type="scatter", mode="text", x=x, y=tops, text=labels,
                         textposition="top center", textfont=dict(size=BASE_FONT),
                         cliponaxis=False, showlegend=False, hoverinfo="skip"))  # fmt: skip
    top = max([*before.nll.tolist(), *after.nll.tolist(), 0.5]) * 1.25
    return build_figure(
        bars,
        340,
        scale,
        barmode="group",
        legend=TOP_LEGEND,
        xaxis=token_axis(after.tgt_pieces, lang, slot=slot, scale=scale),
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
