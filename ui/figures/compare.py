"""Figures of the *Attention, beam, loss* page: plain data in, `go.Figure` out. No Streamlit.

The loss of one sentence pair step by step (teacher forcing) and the beam search's tree.
Accuracy by sentence length is Experiments ①'s chart (ui/figures/lab.py `bucket_figure`).
Same projector style as ui/figures/style.py.
"""

from __future__ import annotations

import plotly.graph_objects as go

from seq2seq_core.decoding.trace import BeamResult, TeacherForcedTrace
from ui.figures.style import (
    ACCENT,
    BASE,
    FULL_WIDTH,
    MUTED,
    apply_layout,
    plot_token,
    shown,
    slanted_room,
    token_axis,
    wrap_text,
)
from ui.text.i18n import t
from ui.text.literal import plot_literal

BEAM_WIDTH = FULL_WIDTH  # px: the narrowest the beam tree is drawn at 1366x768


def loss_steps_figure(tf: TeacherForcedTrace, lang: str = "en", scale: float = 1.0) -> go.Figure:
    """-log p(gold token) at every step with the reference fed in; the bars add up to the
    loss of this pair. A tall bar: the model did not expect the right token there."""
    nll = [s.nll for s in tf.steps]
    wrong = [s.argmax_id != s.gold_id for s in tf.steps]
    fig = go.Figure(
        go.Bar(
            x=list(range(len(nll))),
            y=nll,
            marker_color=[ACCENT if w else BASE for w in wrong],
            text=[f"{v:.2f}" for v in nll],
            textposition="outside",
            customdata=[[s.gold_prob, plot_token(s.argmax_token, lang)] for s in tf.steps],
            hovertemplate="-log p = %{y:.3f}<br>p = %{customdata[0]:.3f}<br>argmax: "
            "%{customdata[1]}<extra></extra>",
        )
    )
    slot = (FULL_WIDTH - 80 * scale) / max(len(nll), 1)
    axis = token_axis([s.gold_token for s in tf.steps], lang, slot=slot, scale=scale)
    fig.update_xaxes(**axis)
    drawn = [shown(s.gold_token, lang) for s in tf.steps]  # ticktext holds entities
    slanted = slanted_room(drawn, 15 * scale) / scale if axis["tickangle"] else 0
    top = max([*nll, 0.5]) * 1.25
    fig.update_yaxes(range=[0, top], title=t("gold_nll_nats", lang))
    mean = tf.total_nll / max(len(nll), 1)
    title = t("loss_sum_title", lang, total=f"{tf.total_nll:.3f}", mean=f"{mean:.3f}")
    head = dict(text=title, font=dict(size=16))
    return apply_layout(fig, scale=scale, height=340 + slanted, title=head)


def _score(value: float) -> str:
    """A summed log-probability to one decimal; one that rounds to zero reads 0.0, not -0.0."""
    text = f"{value:.1f}"
    return "0.0" if text == "-0.0" else text


def beam_tree_figure(result: BeamResult, lang: str = "en", scale: float = 1.0) -> go.Figure:
    """The beam's search tree: x is the step, each node a kept token with its summed
    log-probability; the best hypothesis's path is drawn thick."""
    nodes = result.nodes
    best = set()
    if result.hypotheses:
        i = result.hypotheses[0].node
        while i >= 0:
            best.add(i)
            i = nodes[i].parent
    ypos: dict[int, float] = {0: 0.0}
    by_t: dict[int, list[int]] = {}
    for node in nodes[1:]:
        by_t.setdefault(node.t, []).append(node.index)
    for _, idx in sorted(by_t.items()):
        idx.sort(key=lambda i: (ypos[nodes[i].parent], -nodes[i].score))
        for rank, i in enumerate(idx):
            ypos[i] = rank - (len(idx) - 1) / 2
    fig = go.Figure()
    for node in nodes[1:]:
        on_best = node.index in best and node.parent in best
        # an elbow, level out of the parent and level into the child, turning half-way:
        # the labels sit above their nodes, and a slanted line ran through them
        y0, y1 = ypos[node.parent], ypos[node.index]
        fig.add_trace(
            go.Scatter(
                x=[node.t - 1, node.t - 0.5, node.t - 0.5, node.t],
                y=[y0, y0, y1, y1],
                mode="lines",
                line=dict(color=ACCENT if on_best else MUTED, width=4 if on_best else 1.5),
                hoverinfo="skip",
                showlegend=False,
            )
        )
    # The text in px, to keep it inside the chart and apart: a step's slot is as wide as a
    # beam chart is at the least (BEAM_WIDTH); a token wider than its slot is written whole
    # on as many lines as it needs (cut to its slot, "▁그…" was all a class saw of it).
    font = 15 * scale
    steps = max(by_t, default=1)
    room = (BEAM_WIDTH - 40 * scale) / (steps + 1) - 6
    lines = [wrap_text(shown(n.token, lang), font, room) for n in nodes]
    labels = ["<br>".join([*(plot_literal(x) for x in part), _score(n.score)])
              for part, n in zip(lines, nodes, strict=True)]  # fmt: skip
    rows = max(len(x) for x in lines) + 1  # the token's lines and the score's
    ranks = max((len(v) for v in by_t.values()), default=1)
    height = min(max(300, (1.3 * 15 * rows + 45) * ranks + 110), 1600)
    fig.add_trace(
        go.Scatter(
            x=[n.t for n in nodes],
            y=[ypos[n.index] for n in nodes],
            mode="markers+text",
            text=labels,
            textposition="top center",
            textfont=dict(size=15),
            cliponaxis=False,
            marker=dict(
                size=[16 if n.index in best else 11 for n in nodes],
                color=[ACCENT if n.index in best else BASE for n in nodes],
                symbol=["square" if n.finished else "circle" for n in nodes],
            ),
            # [hover text, step, token id, node]: a click forces the node's path
            # (ui/services/forcing.py)
            customdata=[
                [f"{plot_token(n.token, lang)}  {n.score:.3f}", n.t, n.token_id, n.index]
                for n in nodes
            ],
            hovertemplate="%{customdata[0]}<extra></extra>",
            showlegend=False,
        )
    )
    # room above the top row for its two lines of text (px -> y units of this chart)
    low, high = min(ypos.values()), max(ypos.values())
    plot_px = (height - 70) * scale  # minus the x axis and its title
    text_px = rows * 1.3 * font + 12
    span = (high - low + 1.0) / max(0.2, 1 - text_px / plot_px)
    fig.update_xaxes(title=t("step", lang), dtick=1, range=[-0.4, steps + 0.4])
    fig.update_yaxes(visible=False, range=[low - 0.5, low - 0.5 + span])
    return apply_layout(fig, scale=scale, height=height)
