"""The figures of the step-by-step decode: the encoder's states, hidden vectors, the decoder
chain, attention and the softmax's top tokens. Pure plotly: plain data in, `go.Figure` out.
No Streamlit here. The shared style (colours, `build_figure`, token axes) is in
ui/figures/style.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go

from seq2seq_core.decoding.trace import DecodeTrace, Step
from ui.figures.style import (
    ACCENT,
    BASE,
    DIVERGING,
    FULL_WIDTH,
    HALF_WIDTH,
    MUTED,
    SEQUENTIAL,
    TEAL,
    build_figure,
    fit_text,
    plot_token,
    shown,
    slanted_room,
    text_width,
    tick_angle,
    token_axis,
    unit_ticks,
    widest,
)
from ui.text.i18n import t
from ui.text.literal import plot_literal


def encoder_states_heatmap(
    view, src_pieces: Sequence[str], lang: str = "en", scale: float = 1.0
) -> go.Figure:
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
    hover = np.array([[plot_token(p, lang)] * h for p in src_pieces])
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
        yaxis=dict(autorange="reversed", **token_axis(src_pieces, lang)),
        xaxis=dict(title=dict(text=t("hidden_units", lang)), showgrid=False, zeroline=False),
        scale=scale,
    )


def hidden_vector_figure(
    vec: np.ndarray, title: str = "", height: int = 110, scale: float = 1.0
) -> go.Figure:
    """One hidden vector (H,) as a strip of coloured cells: blue negative, red positive.
    Tall enough for its title and the unit numbers under it, whatever `height` asks."""
    v = np.asarray(vec, dtype=float).reshape(1, -1)
    strip = dict(type="heatmap", z=v, colorscale=DIVERGING, zmin=-1, zmax=1, zmid=0,
                 showscale=False, hovertemplate="unit %{x}: %{z:.3f}<extra></extra>")  # fmt: skip
    top, bottom = (36 if title else 8), 30  # px at scale 1: the title; the unit numbers
    return build_figure(
        [strip],
        max(height, top + bottom + 36),
        scale,
        title=dict(text=plot_literal(title), font=dict(size=16), y=1, yanchor="top", pad=dict(t=6))
        if title
        else None,
        margin=dict(l=10, r=10, t=top, b=bottom),
        yaxis=dict(visible=False),
        xaxis=dict(showgrid=False, zeroline=False, tickfont=dict(size=14)),
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


CHAIN_FONT = 20  # px at scale 1: the chain's tokens are the lecture's core, its largest text
CHAIN_WIDTH = 760  # px: the narrowest the chain is drawn (1366x768, sidebar open, large text)
CHAIN_MIN_HEIGHT = 480  # px at scale 1


@dataclass(frozen=True)
class _ChainGeometry:
    """Where the chain's parts go, in px of a `CHAIN_WIDTH`-wide chart (x) and from the top
    of the chart (y). A wider chart only spreads the boxes apart: text keeps its size."""

    font: float  # px of a token label
    left: float  # room for the encoder's h and its label
    slot: float  # one step: its box and the gap to the next
    box: float  # box width
    per_row: int
    rows: int
    row_h: float
    top: float  # the legend's band above the first row
    room: float  # widest label, px

    def cx(self, i: int) -> float:
        return self.left + (i % self.per_row + 0.5) * self.slot

    def y(self, i: int, part: float) -> float:
        """`part` of the way down step i's row (0 top, 1 bottom)."""
        return self.top + (i // self.per_row + part) * self.row_h


# fractions of a row: output label, box top and bottom, input label, the wrap-around line
_OUT, _BOX0, _BOX1, _IN, _WRAP = 0.14, 0.3, 0.66, 0.82, 0.955


def _chain_geometry(labels: Sequence[str], h_label: str, n: int, scale: float) -> _ChainGeometry:
    """Slots as wide as the widest token label (so that long Korean tokens never touch), and
    as many rows as it takes to keep every slot in `CHAIN_WIDTH`."""
    f = CHAIN_FONT * scale
    left = text_width(h_label, 0.8 * f) + 1.6 * f
    avail = CHAIN_WIDTH - left - 0.3 * f
    box = max(text_width(f"t={n}", 0.8 * f) + 0.8 * f, 2.6 * f)
    widest = max([text_width(x, f, bold=True) for x in labels] + [0.0])
    slot = min(max(box + 1.8 * f, widest + 0.8 * f), avail)
    per_row = max(1, min(n, int(avail // slot)))
    rows = -(-n // per_row)
    per_row = -(-n // rows)  # rows as even as they can be
    top = 1.8 * f
    row_h = max(8.1 * f, (CHAIN_MIN_HEIGHT * scale - top) / rows)
    return _ChainGeometry(f, left, slot, box, per_row, rows, row_h, top, slot - 0.8 * f)


def decoder_chain_figure(
    trace: DecodeTrace, current: int, lang: str = "en", scale: float = 1.0
) -> go.Figure:
    """The decoder unrolled: h -> step 1 -> step 2 ... Each chosen token is fed back as the
    next step's input (input feeding); with Luong input feeding, h~ also goes to the next step.
    Long chains wrap into rows; a wrapped row starts with the previous row's state.

    Placed in px (see `_ChainGeometry`), so that labels never overlap or leave the chart.
    Shapes and annotations are collected as plain dicts and set once: adding them one by one
    made this figure cost ~0.5 s of server time per step (plotly validates on every add).
    """
    steps = trace.steps
    n = len(steps)
    luong = bool(trace.model.get("luong_input_feeding"))
    h_label = f"({t('encoder', lang)})"
    outs = [shown(s.chosen_token, lang) if s.t <= current else "?" for s in steps]
    ins = [shown(s.input_token, lang) if s.t <= current + 1 else "?" for s in steps]
    g = _chain_geometry([*outs, *ins], h_label, n, scale)
    size = CHAIN_FONT  # at scale 1: build_figure scales every font
    x_h = 0.3 * g.font
    notes = [
        _arrow(g.cx(0) - g.box / 2, g.y(0, 0.48), x_h, g.y(0, 0.48), BASE, 2.5, 3),
        _label(x_h, g.y(0, 0.45), f"<b>h</b><br>{h_label}", size * 0.8, xanchor="left",
               yanchor="bottom"),
    ]  # fmt: skip
    shapes: list[dict] = []
    for i, step in enumerate(steps):
        done, is_current = step.t <= current, step.t == current
        line = ACCENT if is_current else (BASE if done else MUTED)
        fill = ACCENT if is_current else (BASE if done else "rgba(0,0,0,0)")
        x, y0, y1 = g.cx(i), g.y(i, _BOX0), g.y(i, _BOX1)
        shapes.append(dict(type="rect", x0=x - g.box / 2, x1=x + g.box / 2, y0=y0, y1=y1,
                           line=dict(color=line, width=2), opacity=1 if done else 0.6,
                           fillcolor=fill))  # fmt: skip
        seen = step.t <= current + 1
        out_text = plot_literal(fit_text(outs[i], g.font, g.room, True))
        notes += [
            _label(x, (y0 + y1) / 2, f"t={step.t}", size * 0.8, "white" if done else "gray"),
            _label(x, g.y(i, _IN), plot_literal(fit_text(ins[i], g.font, g.room)), size,
                   None if seen else "gray"),
            _arrow(x, y1, x, g.y(i, _IN) - 0.7 * g.font, BASE if done else MUTED, 1.5, 2),
            _label(x, g.y(i, _OUT), f"<b>{out_text}</b>", size, ACCENT if is_current else None),
            _arrow(x, g.y(i, _OUT) + 0.7 * g.font, x, y0, BASE if done else MUTED, 1.5, 2),
        ]  # fmt: skip
        if i + 1 < n:
            linked = done and steps[i + 1].t <= current
            _chain_links(notes, shapes, g, i, linked, luong)
    notes += _chain_legend(g, n, luong, lang)
    height = g.top + g.rows * g.row_h
    return build_figure(
        [],
        height / scale,  # build_figure scales the height back
        scale,
        showlegend=False,
        annotations=notes,
        shapes=shapes,
        margin=dict(l=0, r=0, t=0, b=0),
        xaxis=dict(visible=False, range=[0, CHAIN_WIDTH], fixedrange=True),
        yaxis=dict(visible=False, range=[height, 0], fixedrange=True),
    )


def _chain_legend(g: _ChainGeometry, n: int, luong: bool, lang: str) -> list[dict]:
    """The band above the chain: what the dotted (and dashed) lines are."""
    if n < 2:
        return []
    text = f"<i>┈ {t('input_feeding', lang)}</i>"
    notes = [_label(g.left, g.top / 2, text, CHAIN_FONT * 0.8, ACCENT, xanchor="left")]
    if luong:
        x = g.left + text_width(t("input_feeding", lang) + "┈  ", 0.8 * g.font) + g.font
        text = f"<i>╌ {t('luong_input_feeding', lang)}</i>"
        notes.append(_label(x, g.top / 2, text, CHAIN_FONT * 0.8, TEAL, xanchor="left"))
    return notes


def _chain_links(
    notes: list[dict], shapes: list[dict], g: _ChainGeometry, i: int, done: bool, luong: bool
) -> None:
    """Step i to step i+1: the hidden state, the fed-back token, Luong's h~; from the end of
    a row to the start of the next, the state runs round under the row."""
    color, feed = BASE if done else MUTED, dict(color=ACCENT if done else MUTED, width=2,
                                                 dash="dot")  # fmt: skip
    a, b = g.cx(i), g.cx(i + 1)
    mid_y = g.y(i, (_BOX0 + _BOX1) / 2)
    out_y, in_y = g.y(i, _OUT) + 0.75 * g.font, g.y(i + 1, _IN) - 0.75 * g.font
    if (i + 1) % g.per_row:  # the same row
        notes.append(_arrow(b - g.box / 2, mid_y, a + g.box / 2, mid_y, color, 2.5, 3))  # s_t
        x0, x1, mid = a + g.box / 2, b - g.box / 2, (a + b) / 2
        shapes.append(dict(type="path", line=feed, path=f"M {x0},{out_y} C {mid},{out_y} "
                           f"{mid},{in_y} {x1},{in_y}"))  # fmt: skip
        if luong:
            y = g.y(i, _BOX0 + 0.08)
            shapes.append(
                dict(
                    type="path",
                    path=f"M {x0},{y} L {x1},{y}",
                    line=dict(color=TEAL if done else MUTED, width=2, dash="dash"),
                )
            )
        return
    # the end of a row: round under it, in again from the left
    edge, back = a + g.slot / 2, 0.5 * g.left
    wrap, mid_next = g.y(i, _WRAP), g.y(i + 1, (_BOX0 + _BOX1) / 2)
    shapes.append(dict(type="path", line=dict(color=color, width=2.5),
                       path=f"M {a + g.box / 2},{mid_y} L {edge},{mid_y} L {edge},{wrap} "
                       f"L {back},{wrap} L {back},{mid_next}"))  # fmt: skip
    notes.append(_arrow(b - g.box / 2, mid_next, back, mid_next, color, 2.5, 3))
    box_top, box_next = g.y(i, _BOX0), g.y(i + 1, _BOX1)
    shapes.append(dict(type="path", line=feed,  # out of the row on the right, in on the left
                       path=f"M {a + g.box / 2},{out_y} Q {edge},{out_y} {edge},{box_top} "
                       f"M {0.8 * g.left},{box_next} Q {0.8 * g.left},{in_y} "
                       f"{b - g.box / 2},{in_y}"))  # fmt: skip


def _inside_long(values: Sequence[float]) -> list[str]:
    """Text positions of lying bars on a 0..1 axis: inside a bar longer than half, outside
    the rest (plotly's "auto" dropped the text of the shortest bars)."""
    return ["inside" if v > 0.5 else "outside" for v in values]


def attention_bars(
    step: Step, src_pieces: Sequence[str], lang: str = "en", scale: float = 1.0
) -> go.Figure:
    """Where this decoder step looks: one bar per source token, the largest in accent colour.
    Upright bars while the tokens fit level under them in a half-width chart; else lying
    bars, the tokens level down the left in reading order (never turned on their side)."""
    w = np.asarray(step.attn_weights, dtype=float)
    peak = int(w.argmax())
    labels = [shown(p, lang) for p in src_pieces]
    slot = (HALF_WIDTH - 80 * scale) / max(len(w), 1)
    upright = tick_angle(labels, 15 * scale, slot) == 0
    positions, weights = list(range(len(w))), list(w)
    bars = dict(
        type="bar",
        x=positions if upright else weights,
        y=weights if upright else positions,
        orientation="v" if upright else "h",
        marker=dict(color=[ACCENT if i == peak else BASE for i in range(len(w))]),
        text=[f"{v:.2f}" for v in w],
        # lying: a long bar's value inside it (outside, it would leave the chart)
        textposition="outside" if upright else _inside_long(weights),
        insidetextanchor="end",
        cliponaxis=False,
        hovertemplate="%{customdata}: %{" + ("y" if upright else "x") + ":.3f}<extra></extra>",
        customdata=[plot_token(p, lang) for p in src_pieces],
    )
    values = dict(range=[0, 1.15], title=dict(text=t("attention_weights", lang)),
                  **unit_ticks(percent=False))  # fmt: skip
    if upright:
        level = token_axis(src_pieces, lang, slot=slot, scale=scale)  # tickangle 0
        return build_figure([bars], 280, xaxis=level, yaxis=values, scale=scale)
    tokens = dict(autorange="reversed", **token_axis(src_pieces, lang))
    return build_figure([bars], 80 + 30 * len(w), xaxis=values, yaxis=tokens, scale=scale)


def topk_bars(step: Step, lang: str = "en", scale: float = 1.0) -> go.Figure:
    """The softmax's most probable tokens; the argmax is greedy search's choice. Every bar,
    and its whole row, carries [token, step, token id] for a click to force it."""
    tokens = [shown(x, lang) for x in step.topk_tokens][::-1]
    probs = list(step.topk_probs)[::-1]
    ids = list(step.topk_ids)[::-1]
    colors = [ACCENT if i == step.argmax_id else BASE for i in ids]
    if step.forced and step.chosen_id in ids:
        colors[ids.index(step.chosen_id)] = TEAL
    bars = dict(
        type="bar",
        showlegend=False,  # the transparent row bars below made plotly draw a legend
        x=probs,
        y=list(range(len(tokens))),
        orientation="h",
        marker=dict(color=colors),
        text=[f"{p:.1%}" for p in probs],
        textposition=_inside_long(probs),  # outside a long bar it would leave the chart
        insidetextanchor="end",
        textfont=dict(size=18),
        cliponaxis=False,
        hovertemplate="%{customdata[0]}: %{x:.4f}<extra></extra>",
        # [token, step, token id]: a click on the bar forces that token here
        # (ui/services/forcing.py)
        customdata=[[plot_literal(tok), step.t, i] for tok, i in zip(tokens, ids, strict=True)],
    )
    # a 0.1% bar is one pixel wide: a transparent bar across each row takes the click
    rows = dict(bars, x=[1.0] * len(ids), marker=dict(color="rgba(0,0,0,0)"), text=None,
                hovertemplate="%{customdata[0]}<extra></extra>")  # fmt: skip
    label = t("argmax_greedy", lang)
    if step.forced:
        label = t("forced_choice", lang, token=plot_token(step.chosen_token, lang))
    color = ACCENT if not step.forced else TEAL
    if text_width(label, 16 * scale) > 0.4 * HALF_WIDTH:  # two lines rather than past the edge
        label = label.replace(" → ", " →<br>", 1)
    note = _label(1.0, len(tokens) - 0.4, label, 16, color, xanchor="right", yanchor="bottom")
    return build_figure(
        [bars, rows],
        80 + 46 * len(tokens),
        barmode="overlay",
        yaxis=dict(range=[-0.6, len(tokens) + 0.5], **token_axis(tokens, lang, size=18)),
        xaxis=dict(range=[0, 1.18], title=dict(text=t("probability", lang)), **unit_ticks()),
        annotations=[note],
        scale=scale,
    )


def attention_heatmap(
    matrix: np.ndarray,
    src_pieces: Sequence[str],
    out_tokens: Sequence[str],
    current: int | None = None,
    lang: str = "en",
    scale: float = 1.0,
) -> go.Figure:
    """(T, S) attention: row t is where output token t looked. Reordering shows as a
    diagonal that bends (the Korean verb at the end looks at the English verb in the middle).
    """
    m = np.asarray(matrix, dtype=float)
    hover = [
        [f"{plot_token(o, lang)} ← {plot_token(s, lang)}" for s in src_pieces] for o in out_tokens
    ]
    heat = dict(type="heatmap", z=m, x=list(range(len(src_pieces))),
                y=list(range(len(out_tokens))), colorscale=SEQUENTIAL, zmin=0, zmax=1,
                customdata=hover, hovertemplate="%{customdata}: %{z:.3f}<extra></extra>",
                colorbar=dict(thickness=12))  # fmt: skip
    shapes = []
    if current is not None and 1 <= current <= len(out_tokens):
        r = current - 1
        shapes.append(dict(type="rect", x0=-0.5, x1=len(src_pieces) - 0.5, y0=r - 0.5,
                           y1=r + 0.5, line=dict(color=ACCENT, width=3)))  # fmt: skip
    # The source labels horizontal when they fit their column (the output labels and the
    # colour bar take the rest of a full-width chart), else at 45° with the room it takes.
    font = 15 * scale
    out_px = widest([shown(x, lang) for x in out_tokens], font)
    slot = (FULL_WIDTH - out_px - 90 * scale) / max(len(src_pieces), 1)
    x_axis = token_axis(src_pieces, lang, slot=slot, scale=scale)
    shown_src = [shown(x, lang) for x in src_pieces]  # as drawn (ticktext holds entities)
    top = slanted_room(shown_src, font) / scale if x_axis["tickangle"] else 0
    # the output axis's title written level, above its labels (sideways Korean is unreadable)
    title = f"{t('output', lang)} ↓"
    note = dict(text=title, x=0, y=1, xref="paper", yref="paper", xanchor="right",
                yanchor="bottom", xshift=-6, showarrow=False, font=dict(size=15))  # fmt: skip
    return build_figure(
        [heat],
        int(min(700, max(300, 120 + 34 * len(out_tokens))) + top),
        shapes=shapes,
        annotations=[note],
        margin=dict(l=10 + text_width(title, font) / scale, t=10),
        xaxis=dict(side="top", title=dict(text=t("source", lang)), **x_axis),
        yaxis=dict(autorange="reversed", **token_axis(out_tokens, lang)),
        scale=scale,
    )
