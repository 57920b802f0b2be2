"""The lecture page's figures: the whole story of one translation on one screen.

`story(trace)` lists the lecture's steps in the order a teacher tells them: the encoder
reads source token 1..S (its state after each), the hand-over of the encoded hidden
vector h (through the bridge when the encoder reads both ways), then decoder steps 1..T.
`story_figure` draws the encoder unrolled, h, and the decoder chain, revealed up to the
current step; `detail_figure` draws the current decoder step: attention broken down
(scores -> softmax -> weights, context, [c; s], h~) and the softmax's top tokens.
Vectors are drawn small: a sparkline in a box and the vector's norm. Pure plotly.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go

from seq2seq_core.decoding.trace import DecodeTrace, Step
from ui.figures.style import ACCENT, BASE, MUTED, TEAL, build_figure, plot_token, shown, text_width
from ui.text.i18n import t
from ui.text.literal import plot_literal

STORY_HEIGHT = 180  # px at scale 1
DETAIL_HEIGHT = 136
SPARK_POINTS = 16  # a vector drawn as this many points (chunk means of its units)


@dataclass(frozen=True)
class StoryStep:
    """One step of the lecture: kind "enc" (index s = 1..S, source token s read), "bridge"
    (index 0, h handed over) or "dec" (index t = 1..T, decoder step t)."""

    kind: str
    index: int


def story(trace: DecodeTrace) -> list[StoryStep]:
    """Encoder steps 1..S, the hand-over, decoder steps 1..T."""
    enc = [StoryStep("enc", s) for s in range(1, len(trace.src_ids) + 1)]
    dec = [StoryStep("dec", i) for i in range(1, len(trace.steps) + 1)]
    return [*enc, StoryStep("bridge", 0), *dec]


def parse_step(value: object, n: int) -> int:
    """A lecture step from a link or the session: a 1-based int within 1..n; anything
    else (missing, "²", "-3", "abc", 10**9) gives the nearest valid step, 1 by default."""
    text = str(value).strip()
    if not (text.isascii() and text.isdecimal()):
        return 1
    return min(max(int(text[:6]), 1), max(n, 1))


def spark(vec: np.ndarray, points: int = SPARK_POINTS) -> np.ndarray:
    """(N,) -> (min(N, points),): the vector in a few numbers (means of equal chunks)."""
    v = np.asarray(vec, dtype=float).ravel()
    if v.size <= points:
        return v
    return np.array([c.mean() for c in np.array_split(v, points)])


def _box(x: float, y: float, w: float, h: float, color: str, fill: str, width: float) -> dict:
    return dict(type="rect", x0=x - w / 2, x1=x + w / 2, y0=y - h / 2, y1=y + h / 2,
                line=dict(color=color, width=width), fillcolor=fill, layer="below")  # fmt: skip


def _text(x: float, y: float, text: str, size: float, color: str | None = None, **kw) -> dict:
    return dict(x=x, y=y, text=text, showarrow=False, font=dict(size=size, color=color), **kw)


def _token(x: float, y: float, word: str, size: float, room: float, color, up: int = -1):
    """A token under (up=-1) or above (up=1, in bold: the decoder's choice) its box; tilted
    when the column is narrower than the token, so that no token is cut. `word` is the token
    as shown (`shown`), measured as it is and written through `plot_literal`."""
    text = f"<b>{plot_literal(word)}</b>" if up > 0 else plot_literal(word)
    if text_width(word, size, up > 0) <= room * 0.95:
        return _text(x, y, text, size, color, yanchor="top" if up < 0 else "bottom")
    # tilted: plotly turns the text about its centre; place the centre so that the end
    # of the word sits at the column (under the box, or above it)
    half = text_width(word, size, up > 0) / 2
    angle = 35 if up < 0 else 60  # the decoder's words above: steeper, they sit closer
    cos, sin = np.cos(np.radians(angle)), np.sin(np.radians(angle))
    dx, dy = half * cos / room, half * sin / 70
    return _text(x + (-dx if up < 0 else dx), y + up * (dy + 0.12), text, size, color,
                 textangle=-angle)  # fmt: skip


def _arrow(x: float, y: float, ax: float, ay: float, color: str, dash: bool = False) -> dict:
    return dict(x=x, y=y, ax=ax, ay=ay, xref="x", yref="y", axref="x", ayref="y", text="",
                showarrow=True, arrowhead=2, arrowwidth=2.5 if not dash else 1.5,
                arrowcolor=color, opacity=0.6 if dash else 1.0)  # fmt: skip


def _spark_xy(vec: np.ndarray, x: float, y: float, w: float, h: float, peak: float):
    s = spark(vec)
    xs = x - w / 2 + w * (np.arange(s.size) + 0.5) / s.size
    ys = y + (h / 2) * s / (peak or 1.0)
    return [*xs.tolist(), None], [*ys.tolist(), None]


def _states(trace: DecodeTrace) -> list[np.ndarray]:
    """Every vector a box of the story holds, in column order: the encoder's state after
    each source token (forward half, (H,)), h, then each decoder step's new state."""
    hidden = trace.encoder.hidden
    enc = [np.asarray(o)[:hidden] for o in trace.encoder.outputs]
    dec = [np.asarray(s.hidden_after) for s in trace.steps]
    return [*enc, np.asarray(trace.encoder.final_hidden[-1]), *dec]


def story_figure(
    trace: DecodeTrace, at: StoryStep, lang: str = "en", scale: float = 1.0
) -> go.Figure:
    """Encoder unrolled (source token below each box), h, decoder chain (input below, the
    chosen token above, fed back to the next input). Steps after `at` are not drawn yet."""
    steps, vecs = story(trace), _states(trace)
    cur = steps.index(at)
    n, font = len(steps), 17
    room = 860 / max(n, 1) / scale  # px per column at the narrowest page, at scale 1
    peak = max(float(np.abs(np.concatenate(vecs)).max()), 1e-6) if vecs else 1.0
    shapes, notes, xs, ys = [], [], [], []
    for x, (st, vec) in enumerate(zip(steps, vecs, strict=True)):
        shown_yet, now = x <= cur, x == cur
        color = ACCENT if now else (BASE if shown_yet else MUTED)
        fill = "rgba(228,87,46,0.12)" if now else "rgba(0,0,0,0)"
        shapes.append(_box(x, 1.0, 0.72, 0.62, color, fill, 4 if now else 2))
        if st.kind == "enc":
            tok = shown(trace.src_pieces[st.index - 1], lang)
        elif st.kind == "dec":
            tok = shown(trace.steps[st.index - 1].input_token, lang)
        else:
            tok = ""
        if st.kind != "dec" or shown_yet:
            notes.append(_token(x, 0.3, tok, font, room, color if now else None))
        if not shown_yet:
            continue
        sx, sy = _spark_xy(vec, x, 1.0, 0.6, 0.5, peak)
        xs += sx
        ys += sy
        label = "h" if st.kind == "bridge" else f"{np.linalg.norm(vec):.1f}"
        notes.append(_text(x, 1.0, label, 14, color, yshift=-26))
        if x > 0:
            notes.append(_arrow(x - 0.37, 1.0, x - 0.63, 1.0, color))
        if st.kind == "dec":
            step = trace.steps[st.index - 1]
            out = shown(step.chosen_token, lang)
            notes.append(_token(x, 1.75, out, font, room, ACCENT if now else None, 1))
            notes.append(_arrow(x, 1.7, x, 1.33, color))
            if x + 1 < n and x + 1 <= cur:  # the chosen token becomes the next input
                notes.append(_arrow(x + 0.9, 0.3, x + 0.1, 1.72, TEAL, dash=True))
    line = dict(type="scatter", x=xs, y=ys, mode="lines", hoverinfo="skip",
                line=dict(color=BASE, width=2), showlegend=False)  # fmt: skip
    return build_figure(
        [line], STORY_HEIGHT, scale, shapes=shapes, annotations=notes,
        margin=dict(l=4, r=4, t=4, b=4),
        xaxis=dict(visible=False, range=[-1.1, n - 0.45], fixedrange=True),
        yaxis=dict(visible=False, range=[-0.8, 2.75], fixedrange=True),
    )  # fmt: skip


def _bars(x, y, colors, text, xaxis: str, yaxis: str, horizontal: bool = False) -> dict:
    return dict(type="bar", x=x, y=y, marker=dict(color=colors), text=text,
                textposition="outside", cliponaxis=False, textfont=dict(size=15),
                constraintext="none",
                orientation="h" if horizontal else "v", xaxis=xaxis, yaxis=yaxis,
                hoverinfo="x+y", showlegend=False)  # fmt: skip


def _topk(step: Step, lang: str, gold_id: int | None, xaxis: str, yaxis: str) -> dict:
    """The top tokens as bars, each labelled "token p" (no tick labels: more room)."""
    ids, probs = list(step.topk_ids)[::-1], list(step.topk_probs)[::-1]
    colors = [ACCENT if i == step.argmax_id else BASE for i in ids]
    if gold_id is not None and gold_id in ids:
        colors[ids.index(gold_id)] = TEAL
    words = [plot_token(x, lang) for x in step.topk_tokens][::-1]
    text = [f"{w} {p:.0%}" + (" ◀" if i == step.argmax_id else "")
            for w, p, i in zip(words, probs, ids, strict=True)]  # fmt: skip
    return _bars(probs, list(range(len(ids))), colors, text, xaxis, yaxis, True)


def detail_figure(
    trace: DecodeTrace, t_step: int, lang: str = "en", scale: float = 1.0,
    gold_id: int | None = None,
) -> go.Figure:  # fmt: skip
    """Decoder step t: with attention, the scores over the source (the numbers) above their
    softmax, the weights (bars); then the softmax's top tokens, argmax in the accent colour
    (the gold token in teal in the teacher-forced view)."""
    step = trace.steps[t_step - 1]
    traces, notes = [], []
    layout: dict = {}
    top_dom = [0.0, 0.7]
    if step.attn_weights is not None:
        top_dom = [0.48, 1.0]
        src = [plot_token(p, lang) for p in trace.src_pieces][::-1]
        weights = step.attn_weights.tolist()[::-1]
        scores = step.attn_scores if step.attn_scores is not None else [np.nan] * len(src)
        best = len(src) - 1 - int(np.argmax(step.attn_weights))
        colors = [ACCENT if i == best else BASE for i in range(len(src))]
        text = [f"{sc:.1f} → {w:.0%}" for sc, w in zip(list(scores)[::-1], weights, strict=True)]
        traces.append(_bars(weights, list(range(len(src))), colors, text, "x", "y", True))
        layout["xaxis"] = dict(domain=[0.0, 0.26], range=[0, 1.3], visible=False, fixedrange=True)
        layout["yaxis"] = dict(tickmode="array", tickvals=list(range(len(src))), ticktext=src,
                               tickfont=dict(size=14), fixedrange=True)  # fmt: skip
        notes.append(_text(0.0, 1.16, t("lec_scores_softmax", lang), 14, xref="paper",
                           yref="paper", xanchor="left"))  # fmt: skip
    traces.append(_topk(step, lang, gold_id, "x3", "y3"))
    layout["xaxis3"] = dict(domain=top_dom, range=[0, 3.2], visible=False, fixedrange=True)
    layout["yaxis3"] = dict(anchor="x3", visible=False, fixedrange=True)
    notes.append(_text(top_dom[0], 1.16, t("lec_softmax_top", lang), 14, xref="paper",
                       yref="paper", xanchor="left"))  # fmt: skip
    return build_figure(traces, DETAIL_HEIGHT, scale, annotations=notes,
                        margin=dict(l=4, r=4, t=30, b=4), bargap=0.2, **layout)  # fmt: skip


BLOCKS = "▁▂▃▄▅▆▇█"


def spark_text(vec: np.ndarray, points: int = 8) -> str:
    """A vector as a few block characters (its `spark` points, lowest ▁ to highest █)."""
    s = spark(vec, points)
    lo, hi = float(s.min()), float(s.max())
    steps = (s - lo) / ((hi - lo) or 1.0) * (len(BLOCKS) - 1)
    return "".join(BLOCKS[round(v)] for v in steps)


def pipeline_html(step: Step, vocab: int) -> str:
    """Attention after the weights: c = Σ a_s h_s -> [c; s] -> h~ = tanh(W_c [c; s]) ->
    W_s h~ -> softmax, each vector a chip (sparkline, norm); '' without attention."""
    if step.attn_weights is None:
        return ""

    def chip(name: str, vec) -> str:
        norm = f"{float(np.linalg.norm(vec)):.1f}"
        return (
            f"<span class='lec-chip'><b>{name}</b> "
            f"<span class='lec-spark'>{spark_text(vec)}</span> "
            f"<small>{np.asarray(vec).size}·‖{norm}‖</small></span>"
        )

    both = np.concatenate([step.context, step.hidden_after])
    parts = [chip("c = Σ a·h", step.context), chip("[c; s]", both),
             chip("h̃ = tanh(W<sub>c</sub>[c; s])", step.attentional),
             f"<span class='lec-chip'>W<sub>s</sub>h̃ <small>({vocab},)</small></span>",
             "<span class='lec-chip'>softmax</span>"]  # fmt: skip
    style = (
        "<style>.lec-chip{display:inline-block;border:2px solid #4c78a8;"
        "border-radius:6px;padding:0 5px;margin:1px 0;white-space:nowrap;font-size:.68rem}"
        ".lec-spark{color:#4c78a8;letter-spacing:-1px}</style>"
    )
    return style + " → ".join(parts)
