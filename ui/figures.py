"""Pure plotly figure builders: plain data in, `go.Figure` out. No Streamlit here.

This module holds the shared projector style (`build_figure`, `apply_layout`, colours, token
axes) and the figures of the step-by-step decode: the encoder's states, hidden vectors, the
decoder chain, attention and the softmax's top tokens. The other pages' figures build on it:
ui/figures_compare.py, ui/figures_train.py, ui/figures_lab.py.

Made for a projector: large fonts, transparent backgrounds (the Streamlit theme colours the
text, light or dark), colour-blind-safe scales. Token axes use integer positions with
`ticktext`, so that repeated tokens ("the ... the") keep their own column.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

from seq2seq_core.trace import DecodeTrace, Step
from ui.i18n import t

ACCENT = "#e4572e"  # the chosen / current thing
BASE = "#4c78a8"  # everything else
MUTED = "rgba(128,128,128,0.35)"
TEAL = "#2a9d8f"  # a second series, the student's own pick
DIVERGING = "RdBu_r"
SEQUENTIAL = "Blues"


def _base_layout(height: int, titled: bool) -> dict:
    """Projector defaults: large font, transparent backgrounds (the theme colours the rest)."""
    return dict(
        height=height,
        margin=dict(l=10, r=10, t=40 if titled else 10, b=10),
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="rgba(0,0,0,0)",
        font=dict(size=15),
    )


def apply_layout(fig: go.Figure, height: int, **kw) -> go.Figure:
    fig.update_layout(**_base_layout(height, bool(kw.get("title"))), **kw)
    return fig


def build_figure(traces: list[dict], height: int, **layout) -> go.Figure:
    """A figure from plain dicts, without plotly's per-property validation: that validation
    was most of the server time of a decoder step (py-spy; the chain figure alone cost 0.5 s
    built with add_annotation calls, 12 ms built from dicts with validation, 3 ms without).
    tests/test_figures.py checks that every builder's output passes plotly's validation, so
    a misspelt property still fails a test instead of silently drawing nothing."""
    base = _base_layout(height, bool(layout.get("title")))
    return go.Figure(dict(data=traces, layout={**base, **layout}), _validate=False)


def warm_up() -> None:
    """Load, once and from one thread, what plotly otherwise imports lazily on first use
    (pandas, the validators of each trace type and layout part). Sessions that started at the
    same moment on a cold server raced on those imports: "partially initialized module
    'pandas'" (found by tests/test_load.py)."""
    import pandas  # noqa: F401

    fig = go.Figure([go.Bar(x=[0], y=[1], text=["a"], customdata=["a"], marker_color=[BASE]),
                     go.Heatmap(z=[[0.0]], colorscale=SEQUENTIAL, hovertemplate="%{z}"),
                     go.Scatter(x=[0], y=[0], mode="lines+markers", yaxis="y2")])  # fmt: skip
    fig.add_annotation(x=0, y=0, ax=1, ay=1, xref="x", yref="y", axref="x", ayref="y", text="a")
    fig.add_shape(type="rect", x0=0, x1=1, y0=0, y1=1, line=dict(color=BASE, dash="dot"))
    fig.update_layout(yaxis2=dict(overlaying="y", side="right"), legend=dict(orientation="h"))
    apply_layout(fig, 100, title=dict(text="a", font=dict(size=15))).to_json()


def no_data_note(lang: str = "en") -> dict:
    """An annotation in the middle of the plot: "no data yet"."""
    text = t("no_data_yet", lang)
    return dict(text=text, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper",
                font=dict(size=16))  # fmt: skip


def empty_figure(height: int, lang: str = "en") -> go.Figure:
    """A blank plot that says there is nothing to draw yet."""
    return build_figure(
        [],
        height,
        annotations=[no_data_note(lang)],
        xaxis=dict(visible=False),
        yaxis=dict(visible=False),
    )


def shown(piece: str) -> str:
    """A token as it is, but visible: a lone space becomes ␣."""
    return "␣" if piece == " " else piece


def token_axis(tokens: Sequence[str]) -> dict:
    return dict(
        tickmode="array",
        tickvals=list(range(len(tokens))),
        ticktext=[shown(x) for x in tokens],
        tickfont=dict(size=15),
    )


def encoder_states_heatmap(view, src_pieces: Sequence[str], lang: str = "en") -> go.Figure:
    """Every source step's encoder output (rows: tokens in reading order; columns: units).

    Notice: each row mixes the token with what came before it (and, read right to left,
    after it); the last row of the forward half is where the sentence's meaning gathers.
    """
    z = np.asarray(view.outputs)  # (S, D*H)
    h = view.hidden
    halves = [(0, "→ " + t("forward", lang))]
    if view.directions == 2:
        halves.append((1, "← " + t("backward", lang)))
    gap = 2 if view.directions == 2 else 0
    hover = np.array([[p] * h for p in src_pieces])
    maps = [
        dict(type="heatmap", z=z[:, d * h : (d + 1) * h], x=np.arange(h) + d * (h + gap),
             y=list(range(len(src_pieces))), colorscale=DIVERGING, zmin=-1, zmax=1, zmid=0,
             showscale=d == 0, colorbar=dict(thickness=12, len=0.9), customdata=hover,
             hovertemplate="%{customdata}  unit %{x}: %{z:.3f}<extra></extra>")
        for d, _ in halves
    ]  # fmt: skip
    labels = [
        _label(d * (h + gap) + h / 2, -0.9, f"<b>{label}</b>", 15, yref="y") for d, label in halves
    ]
    return build_figure(
        maps,
        min(120 + 32 * len(src_pieces), 600),
        annotations=labels,
        yaxis=dict(autorange="reversed", **token_axis(src_pieces)),
        xaxis=dict(title=dict(text=t("hidden_units", lang)), showgrid=False, zeroline=False),
    )


def hidden_vector_figure(vec: np.ndarray, title: str = "", height: int = 110) -> go.Figure:
    """One hidden vector (H,) as a strip of coloured cells: blue negative, red positive."""
    v = np.asarray(vec, dtype=float).reshape(1, -1)
    strip = dict(type="heatmap", z=v, colorscale=DIVERGING, zmin=-1, zmax=1, zmid=0,
                 showscale=False, hovertemplate="unit %{x}: %{z:.3f}<extra></extra>")  # fmt: skip
    return build_figure(
        [strip],
        height,
        title=dict(text=title, font=dict(size=15)) if title else None,
        yaxis=dict(visible=False),
        xaxis=dict(showgrid=False, zeroline=False),
    )


def _arrow(x: float, y: float, ax: float, ay: float, color: str, width: float, head: int) -> dict:
    """An arrow annotation from (ax, ay) to (x, y), in data coordinates."""
    return dict(
        x=x,
        y=y,
        ax=ax,
        ay=ay,
        xref="x",
        yref="y",
        axref="x",
        ayref="y",
        text="",
        showarrow=True,
        arrowhead=head,
        arrowwidth=width,
        arrowcolor=color,
    )


def _label(x: float, y: float, text: str, size: int, color: str | None = None, **kw) -> dict:
    return dict(x=x, y=y, text=text, showarrow=False, font=dict(size=size, color=color), **kw)


def decoder_chain_figure(trace: DecodeTrace, current: int, lang: str = "en") -> go.Figure:
    """The decoder unrolled: h -> step 1 -> step 2 ... Each chosen token is fed back as the
    next step's input (input feeding); with Luong input feeding, h~ also goes to the next step.

    Shapes and annotations are collected as plain dicts and set once: adding them one by one
    made this figure cost ~0.5 s of server time per step (plotly validates on every add).
    """
    steps = trace.steps
    n = len(steps)
    w, gap = 1.0, 0.6  # box width and the space between boxes
    # Room on the left for the encoder's vector, at least ~1/12 of the width however many
    # steps share it (the label was cut off from 16 steps on).
    x0 = max(1.4, 0.15 * n)
    luong = bool(trace.model.get("luong_input_feeding"))

    def cx(i: int) -> float:
        return x0 + i * (w + gap) + w / 2

    h_from = 0.15  # where the encoder's arrow starts; its label sits above the arrow's middle
    notes = [
        _arrow(cx(0) - w / 2, 0.5, h_from, 0.5, BASE, 2.5, 3),
        _label(
            (x0 + h_from) / 2, 0.55, f"<b>h</b><br>({t('encoder', lang)})", 13, yanchor="bottom"
        ),
    ]
    shapes: list[dict] = []
    for i, step in enumerate(steps):
        done, is_current = step.t <= current, step.t == current
        line = ACCENT if is_current else (BASE if done else MUTED)
        fill = ACCENT if is_current else (BASE if done else "rgba(0,0,0,0)")
        shapes.append(
            dict(
                type="rect",
                x0=cx(i) - w / 2,
                x1=cx(i) + w / 2,
                y0=0.2,
                y1=0.8,
                line=dict(color=line, width=2),
                opacity=1 if done else 0.6,
                fillcolor=fill,
            )
        )
        seen = step.t <= current + 1
        out = step.chosen_token if done else "?"
        notes += [
            _label(cx(i), 0.5, f"t={step.t}", 14, "white" if done else "gray"),
            _label(
                cx(i), 0.06, shown(step.input_token) if seen else "?", 15, None if seen else "gray"
            ),
            _arrow(cx(i), 0.2, cx(i), 0.1, BASE if done else MUTED, 1.5, 2),
            _label(cx(i), 1.0, f"<b>{shown(out)}</b>", 16, ACCENT if is_current else None),
            _arrow(cx(i), 0.92, cx(i), 0.8, BASE if done else MUTED, 1.5, 2),
        ]
        if i + 1 < n:
            linked = done and steps[i + 1].t <= current
            _chain_links(notes, shapes, cx(i), cx(i + 1), w, linked, luong)
    if n > 1:
        mid = (cx(0) + cx(1)) / 2
        notes.append(_label(mid, 1.27, f"<i>{t('input_feeding', lang)}</i>", 13, ACCENT))
        if luong:
            text = f"<i>{t('luong_input_feeding', lang)}</i>"
            notes.append(_label(mid, 0.66, text, 12, "#2a9d8f", yshift=10))
    width_units = cx(max(n - 1, 0)) + w
    return build_figure(
        [],
        240,
        showlegend=False,
        annotations=notes,
        shapes=shapes,
        xaxis=dict(visible=False, range=[0, max(width_units + 0.3, 6)]),
        yaxis=dict(visible=False, range=[-0.05, 1.35]),
    )


def _chain_links(
    notes: list[dict], shapes: list[dict], a: float, b: float, w: float, done: bool, luong: bool
) -> None:
    """Arrows from step i to step i+1: the hidden state, the fed-back token, Luong's h~."""
    notes.append(_arrow(b - w / 2, 0.5, a + w / 2, 0.5, BASE if done else MUTED, 2.5, 3))  # s_t
    mid = (a + b) / 2
    shapes.append(  # chosen token -> next input: out of the top, down through the gap
        dict(
            type="path",
            line=dict(color=ACCENT if done else MUTED, width=2, dash="dot"),
            path=f"M {a + 0.22},1.08 C {mid + 0.1},1.3 {mid},0.6 {mid},0.45 "
            f"S {mid + 0.05},0.02 {b - 0.22},0.05",
        )
    )
    if luong:
        shapes.append(
            dict(
                type="path",
                path=f"M {a + w / 2},0.72 L {b - w / 2},0.72",
                line=dict(color="#2a9d8f" if done else MUTED, width=2, dash="dash"),
            )
        )


def attention_bars(step: Step, src_pieces: Sequence[str], lang: str = "en") -> go.Figure:
    """Where this decoder step looks: one bar per source token, the largest in accent colour."""
    w = np.asarray(step.attn_weights, dtype=float)
    peak = int(w.argmax())
    bars = dict(
        type="bar",
        x=list(range(len(w))),
        y=w,
        marker=dict(color=[ACCENT if i == peak else BASE for i in range(len(w))]),
        text=[f"{v:.2f}" for v in w],
        textposition="outside",
        hovertemplate="%{customdata}: %{y:.3f}<extra></extra>",
        customdata=[shown(p) for p in src_pieces],
    )
    return build_figure(
        [bars],
        280,
        xaxis=token_axis(src_pieces),
        yaxis=dict(range=[0, 1.15], title=dict(text=t("attention_weights", lang))),
    )


def topk_bars(step: Step, lang: str = "en") -> go.Figure:
    """The softmax's most probable tokens; the argmax is greedy search's choice."""
    tokens = [shown(x) for x in step.topk_tokens][::-1]
    probs = list(step.topk_probs)[::-1]
    ids = list(step.topk_ids)[::-1]
    colors = [ACCENT if i == step.argmax_id else BASE for i in ids]
    if step.forced and step.chosen_id in ids:
        colors[ids.index(step.chosen_id)] = "#2a9d8f"
    bars = dict(
        type="bar",
        x=probs,
        y=list(range(len(tokens))),
        orientation="h",
        marker=dict(color=colors),
        text=[f"{p:.1%}" for p in probs],
        textposition="outside",
        hovertemplate="%{customdata}: %{x:.4f}<extra></extra>",
        customdata=tokens,
    )
    label = t("argmax_greedy", lang)
    if step.forced:
        label = t("forced_choice", lang, token=shown(step.chosen_token))
    color = ACCENT if not step.forced else "#2a9d8f"
    note = _label(1.0, len(tokens) - 0.4, label, 13, color, xanchor="right", yanchor="bottom")
    return build_figure(
        [bars],
        60 + 38 * len(tokens),
        yaxis=dict(range=[-0.6, len(tokens) + 0.3], **token_axis(tokens)),
        xaxis=dict(range=[0, 1.18], tickformat=".0%", title=dict(text=t("probability", lang))),
        annotations=[note],
    )


def attention_heatmap(
    matrix: np.ndarray,
    src_pieces: Sequence[str],
    out_tokens: Sequence[str],
    current: int | None = None,
    lang: str = "en",
) -> go.Figure:
    """(T, S) attention: row t is where output token t looked. Reordering shows as a
    diagonal that bends (the Korean verb at the end looks at the English verb in the middle).
    """
    m = np.asarray(matrix, dtype=float)
    hover = [[f"{shown(o)} ← {shown(s)}" for s in src_pieces] for o in out_tokens]
    heat = dict(type="heatmap", z=m, x=list(range(len(src_pieces))),
                y=list(range(len(out_tokens))), colorscale=SEQUENTIAL, zmin=0, zmax=1,
                customdata=hover, hovertemplate="%{customdata}: %{z:.3f}<extra></extra>",
                colorbar=dict(thickness=12))  # fmt: skip
    shapes = []
    if current is not None and 1 <= current <= len(out_tokens):
        r = current - 1
        shapes.append(dict(type="rect", x0=-0.5, x1=len(src_pieces) - 0.5, y0=r - 0.5,
                           y1=r + 0.5, line=dict(color=ACCENT, width=3)))  # fmt: skip
    return build_figure(
        [heat],
        int(min(700, max(300, 120 + 34 * len(out_tokens)))),
        shapes=shapes,
        xaxis=dict(side="top", title=dict(text=t("source", lang)), **token_axis(src_pieces)),
        yaxis=dict(
            autorange="reversed", title=dict(text=t("output", lang)), **token_axis(out_tokens)
        ),
    )
