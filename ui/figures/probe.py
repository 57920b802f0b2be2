"""Figures of the experiments ④–⑥: sampling (the softmax at a temperature), the
next-token quiz, and the PCA map of hidden states. Plain data in, `go.Figure` out; no
Streamlit. Experiments ①–③ are drawn by ui/figures/lab.py; the style is ui/figures/style.py's.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

from seq2seq_core.decoding.trace import Step
from seq2seq_core.experiments import StateMap
from ui.figures.decode import topk_bars
from ui.figures.style import (
    ACCENT,
    BASE,
    MUTED,
    ORDERED,
    TEAL,
    build_figure,
    empty_figure,
    plot_token,
    token_axis,
    unit_ticks,
)
from ui.text.i18n import t
from ui.text.literal import plot_literal

# Okabe-Ito (colour-blind safe; wine instead of black, which a dark theme would hide): one
# colour per token on the hidden-state map
TOKEN_COLORS = (
    "#e69f00",
    "#56b4e9",
    "#009e73",
    "#f0e442",
    "#0072b2",
    "#d55e00",
    "#cc79a7",
    "#882255",
)


# -- 4. sampling -----------------------------------------------------------------------------
def temperature_figure(
    probs: np.ndarray,
    tempered_probs: np.ndarray,
    vocab: Sequence[str],
    temperature: float,
    top: int = 12,
    lang: str = "en",
    scale: float = 1.0,
) -> go.Figure:
    """The `top` most probable tokens of one step: bars at temperature T, ticks at T = 1,
    the argmax in accent colour; a last grey bar holds the rest of the vocabulary (at high
    T the mass flows there)."""
    p, q = np.asarray(probs, dtype=float), np.asarray(tempered_probs, dtype=float)
    order = [int(i) for i in np.argsort(-p, kind="stable")[:top]]
    rest = len(p) - len(order)
    other = t("lab_other", lang, n=rest)
    labels = [plot_token(vocab[i], lang) for i in order] + [other]  # for the hover texts
    bars_y = [*q[order], max(0.0, 1.0 - float(q[order].sum()))]
    ticks_y = [*p[order], max(0.0, 1.0 - float(p[order].sum()))]
    colors = [ACCENT if k == 0 else BASE for k in range(len(order))] + [MUTED]
    xs = list(range(len(labels)))
    bars = dict(
        type="bar",
        x=xs,
        y=bars_y,
        marker=dict(color=colors),
        name=t("lab_tempered", lang, T=f"{temperature:g}"),
        text=[f"{v:.0%}" for v in bars_y],
        textposition="outside",
        textfont=dict(size=14),
        customdata=labels,
        hovertemplate="%{customdata}: %{y:.3f}<extra></extra>",
    )
    ticks = dict(
        type="scatter",
        mode="markers",
        x=xs,
        y=ticks_y,
        name=t("lab_at_t1", lang),
        marker=dict(symbol="line-ew-open", size=34, color=TEAL, line=dict(width=3, color=TEAL)),
        hovertemplate="T = 1: %{y:.3f}<extra></extra>",
    )
    return build_figure(
        [bars, ticks],
        340,
        scale,
        xaxis=token_axis([*(vocab[i] for i in order), other], lang),  # escapes them once
        yaxis=dict(range=[0, 1.15], title=dict(text=t("probability", lang)), **unit_ticks()),
        legend=dict(orientation="h", x=0, y=1.02, yanchor="bottom"),
        margin=dict(l=10, r=10, t=30, b=10),
        bargap=0.25,
    )


# -- 5. quiz ---------------------------------------------------------------------------------
def quiz_reveal_figure(
    step: Step, pick_id: int, rank: int, lang: str = "en", scale: float = 1.0
) -> go.Figure:
    """`figures.topk_bars` of the step with the student's pick marked: its bar painted green
    (the argmax stays in accent colour), its label prefixed "you →" (a bar of 0% is not
    seen), and a title saying the pick's rank."""
    fig = topk_bars(step, lang, scale)
    ids = list(step.topk_ids)[::-1]  # topk_bars draws the most probable on top
    tok = "?"
    if pick_id in ids:
        tok = plot_token(step.topk_tokens[step.topk_ids.index(pick_id)], lang)
    right = pick_id == step.argmax_id
    if pick_id in ids:
        row = ids.index(pick_id)
        colors = list(fig.data[0].marker.color)
        colors[row] = colors[row] if right else TEAL
        labels = list(fig.layout.yaxis.ticktext)
        labels[row] = f"<b>{t('lab_you', lang)} {labels[row]}</b>"
        fig.data[0].marker.color = colors
        fig.layout.yaxis.ticktext = labels
    key = "lab_pick_right" if right else "lab_pick_wrong"
    color = None if right else TEAL
    font = dict(size=round(16 * scale), color=color)
    title = dict(text=t(key, lang, tok=tok, rank=rank), font=font)
    fig.update_layout(title=title, margin=dict(t=round(44 * scale)))
    return fig


# -- 6. hidden-state map ---------------------------------------------------------------------
def _point_data(points, lang: str) -> list[list]:
    return [[plot_token(p.token, lang), p.position, plot_literal(p.text)] for p in points]


_HOVER = "<b>%{customdata[0]}</b> · position %{customdata[1]}<br>%{customdata[2]}<extra></extra>"


def state_map_figure(
    smap: StateMap,
    color_by: str = "position",
    lang: str = "en",
    top_tokens: int = 8,
    scale: float = 1.0,
) -> go.Figure:
    """The PCA map of hidden states: coloured by position in the sentence (one trace with a
    colour bar) or by token (the `top_tokens` most frequent tokens each in its own colour,
    the rest grey). Hover: token, position, sentence."""
    if color_by not in ("position", "token"):
        raise ValueError(f"color_by must be 'position' or 'token', not {color_by!r}")
    pts = smap.points
    if not pts:
        return empty_figure(520, lang, scale)
    base = dict(type="scatter", mode="markers", hovertemplate=_HOVER)
    if color_by == "position":
        traces = [
            dict(
                base,
                x=[p.x for p in pts],
                y=[p.y for p in pts],
                customdata=_point_data(pts, lang),
                showlegend=False,
                marker=dict(
                    size=10,
                    color=[p.position for p in pts],
                    colorscale=ORDERED,
                    line=dict(width=0.5, color="rgba(255,255,255,0.6)"),
                    colorbar=dict(
                        title=dict(text=t("lab_position", lang), side="right"), thickness=14
                    ),
                ),
            )
        ]
    else:
        common = [tok for tok, _ in Counter(p.token for p in pts).most_common(top_tokens)]
        groups = [(t("lab_other_tokens", lang), [p for p in pts if p.token not in common], MUTED)]
        n_colors = len(TOKEN_COLORS)
        groups += [
            (plot_token(tok, lang), [p for p in pts if p.token == tok], TOKEN_COLORS[i % n_colors])
            for i, tok in enumerate(common)
        ]
        traces = [
            dict(
                base,
                name=name,
                x=[p.x for p in g],
                y=[p.y for p in g],
                customdata=_point_data(g, lang),
                marker=dict(
                    size=10 if name != groups[0][0] else 7,
                    color=color,
                    line=dict(width=0.5, color="rgba(128,128,128,0.8)"),
                ),
            )
            for name, g, color in groups
            if g
        ]
    v1, v2 = smap.explained_variance
    return build_figure(
        traces,
        520,
        scale,
        xaxis=dict(title=dict(text=t("lab_pc", lang, i=1, v=v1)), zeroline=False),
        yaxis=dict(title=dict(text=t("lab_pc", lang, i=2, v=v2)), zeroline=False),
        legend=dict(font=dict(size=15), itemsizing="constant"),
        margin=dict(l=10, r=10, t=36, b=10),  # the plot's toolbar sits above the legend
    )
