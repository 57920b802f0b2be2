"""Figures of the experiments ①–③ (why attention, exposure bias, greedy against beam): plain
data in, `go.Figure` out. No Streamlit here. Experiments ④–⑥: ui/figures/probe.py.

Every figure is built in one go with `build_figure` (see ui/figures/style.py): plain dicts for the
traces, the shapes and the annotations. Same projector rules as ui/figures/style.py: font 15,
transparent backgrounds, accent colour for the thing to look at.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import plotly.graph_objects as go

from seq2seq_core.experiments import BeamWin, Bucket, ExposureBias
from ui.figures.style import (
    ACCENT,
    BASE,
    BASE_FONT,
    FULL_WIDTH,
    TEAL,
    build_figure,
    empty_figure,
    plot_token,
    shown,
    ticks_within,
    unit_ticks,
    widest,
    wrap_text,
)
from ui.text.i18n import t
from ui.text.literal import plot_literal

PURPLE = "#9467bd"
SERIES_COLORS = (ACCENT, BASE, TEAL, PURPLE)
METRICS = ("exact_match", "bleu")


def _band(x: float, color: str = ACCENT) -> dict:
    """A translucent column over the whole plot height, centred on x (data units)."""
    return dict(
        type="rect",
        xref="x",
        yref="paper",
        x0=x - 0.5,
        x1=x + 0.5,
        y0=0,
        y1=1,
        fillcolor=color,
        opacity=0.14,
        line=dict(width=0),
        layer="below",
    )


def _band_label(x: float, text: str, color: str = ACCENT) -> dict:
    return dict(
        x=x,
        y=1.0,
        xref="x",
        yref="paper",
        yanchor="bottom",
        showarrow=False,
        text=f"<b>{text}</b>",
        font=dict(size=15, color=color),
    )


# -- 1. why attention ------------------------------------------------------------------------
def bucket_figure(
    series: Mapping[str, Sequence[Bucket]], metric: str, lang: str = "en", scale: float = 1.0
) -> go.Figure:
    """One line per model over source-length buckets (Bahdanau et al. 2015, Fig. 2).

    metric: "exact_match" (drawn in %) or "bleu". Each tick shows how many sentences the
    bucket holds: a bucket of 3 sentences is noise, one of 100 is a measurement.
    """
    if metric not in METRICS:
        raise ValueError(f"metric must be one of {METRICS}, not {metric!r}")
    every = sorted({b.label: b for bs in series.values() for b in bs}.values(), key=lambda b: b.lo)
    if not every:
        return empty_figure(380, lang, scale=scale)
    labels = [b.label for b in every]
    traces = []
    for i, (series_name, buckets) in enumerate(series.items()):
        name = plot_literal(series_name)  # a model's name: plain text (`plot_literal`)
        by = {b.label: b for b in buckets}
        xs = [x for x in labels if x in by]
        ys = [100 * by[x].exact_match if metric == "exact_match" else by[x].bleu for x in xs]
        color = SERIES_COLORS[i % len(SERIES_COLORS)]
        traces.append(
            dict(
                type="scatter",
                mode="lines+markers",
                x=xs,
                y=ys,
                name=name,
                line=dict(width=4, color=color),
                marker=dict(size=11),
                hovertemplate=f"{name}<br>%{{x}}: %{{y:.1f}}<extra></extra>",
            )
        )
    ticks = [f"{b.label}<br>n = {b.count}" for b in every]
    title = t("lab_exact_match_pct" if metric == "exact_match" else "lab_bleu", lang)
    return build_figure(
        traces,
        380,
        xaxis=dict(
            type="category",
            categoryorder="array",
            categoryarray=labels,
            tickvals=labels,
            tickangle=0,
            ticktext=ticks,
            title=dict(text=t("lab_src_length", lang)),
        ),
        yaxis=dict(range=[-4, 105], title=dict(text=title)),
        legend=dict(orientation="h", y=1.02, yanchor="bottom", x=0),
        margin=dict(l=10, r=10, t=30, b=10),
        scale=scale,
    )


def ratio_curves_figure(
    histories: Mapping[str, Sequence[dict]], lang: str = "en", scale: float = 1.0
) -> go.Figure:
    """Validation exact match after each epoch, one line per teacher forcing ratio."""
    if not any(histories.values()):
        return empty_figure(340, lang, scale=scale)
    traces = []
    for i, (run_name, history) in enumerate(histories.items()):
        name = plot_literal(run_name)
        traces.append(
            dict(
                type="scatter",
                mode="lines+markers",
                name=name,
                x=[h["epoch"] for h in history],
                y=[100 * h["valid_exact_match"] for h in history],
                line=dict(width=4, color=SERIES_COLORS[i % len(SERIES_COLORS)]),
                marker=dict(size=9),
                hovertemplate=f"{name}, %{{x}}: %{{y:.0f}}%<extra></extra>",
            )
        )
    last = max(h["epoch"] for history in histories.values() for h in history)
    return build_figure(
        traces,
        340,
        xaxis=dict(
            title=dict(text=t("epoch", lang)),
            range=[0.7, last + 0.3],
            dtick=1 if last < 16 else None,
        ),
        yaxis=dict(range=[-4, 105], title=dict(text=t("valid_em", lang))),
        legend=dict(orientation="h", y=1.02, yanchor="bottom", x=0),
        margin=dict(l=10, r=10, t=30, b=10),
        scale=scale,
    )


# -- 2. exposure bias ------------------------------------------------------------------------
def _cell_row(tokens: Sequence[str], ref: Sequence[str], y: int, is_ref: bool) -> list[dict]:
    """Rectangles of one token row: blue where the token is the reference's, red elsewhere."""
    shapes = []
    for i, tok in enumerate(tokens):
        same = is_ref or (i < len(ref) and ref[i] == tok)
        shapes.append(
            dict(
                type="rect",
                xref="x",
                yref="y",
                x0=i - 0.46,
                x1=i + 0.46,
                y0=y - 0.38,
                y1=y + 0.38,
                line=dict(width=0),
                fillcolor=BASE if same else ACCENT,
                layer="below",  # under the token text
            )
        )
    return shapes


def exposure_figure(eb: ExposureBias, lang: str = "en", scale: float = 1.0) -> go.Figure:
    """Top: three rows of tokens by decoder step (reference; free running, each token fed
    back; teacher-forced argmax, the reference fed in), red where a row leaves the
    reference. Bottom: p of each step's token both ways. The part step is shaded."""
    rows = [
        (eb.reference, eb.gold_probs, "lab_row_reference"),
        (eb.free_running, eb.free_probs, "lab_row_free"),
        (eb.forced_argmax, eb.forced_argmax_probs, "lab_row_forced"),
    ]
    n = max(len(eb.reference), len(eb.free_running), 1)
    labels = [t(key, lang) for *_, key in rows][::-1]
    # a token wider than its cell is written whole on as many lines as it needs (they ran
    # into their neighbours): the cells' width where the chart is drawn narrowest
    font = BASE_FONT * scale
    cell = (FULL_WIDTH - widest(labels, font) - 40 * scale) / n * 0.92 - 6
    wrapped = [[wrap_text(shown(x, lang), font, cell) for x in tokens] for tokens, *_ in rows]
    lines = max([len(w) for row in wrapped for w in row] + [1])
    shapes, traces = [], []
    for r, (tokens, probs, _) in enumerate(rows):
        y = 2 - r  # reference on top
        shapes += _cell_row(tokens, eb.reference, y, r == 0)
        traces.append(
            dict(
                type="scatter",
                mode="text",
                x=list(range(len(tokens))),
                y=[y] * len(tokens),
                text=["<br>".join(plot_literal(x) for x in w) for w in wrapped[r]],
                textfont=dict(size=15, color="white"),
                customdata=list(probs),
                showlegend=False,
                hovertemplate="%{text}: p = %{customdata:.3f}<extra></extra>",
            )
        )
    for probs, key, color, dash in (
        (eb.free_probs, "lab_p_free", TEAL, "solid"),
        (eb.gold_probs, "lab_p_gold", BASE, "dot"),
    ):
        traces.append(
            dict(
                type="scatter",
                mode="lines+markers",
                x=list(range(len(probs))),
                y=list(probs),
                yaxis="y2",
                name=t(key, lang),
                line=dict(color=color, width=3, dash=dash),
                marker=dict(size=8),
            )
        )
    notes = []
    if eb.part_step is not None:
        shapes.append(_band(eb.part_step - 1))
        notes.append(_band_label(eb.part_step - 1, t("lab_part_at", lang, k=eb.part_step)))
    steps = [str(i + 1) for i in range(n)]
    return build_figure(
        traces,
        460 + 100 * max(0, lines - 2),  # a row holds two lines of tokens; more, taller
        shapes=shapes,
        annotations=notes,
        xaxis=dict(
            anchor="y2",
            range=[-0.6, n - 0.4],
            tickvals=list(range(n)),
            ticktext=steps,
            title=dict(text=t("lab_step", lang)),
            showgrid=False,
            zeroline=False,
        ),
        yaxis=dict(
            domain=[0.44, 1],
            range=[-0.55, 2.55],
            tickvals=[0, 1, 2],
            ticktext=labels,
            showgrid=False,
            zeroline=False,
        ),
        yaxis2=dict(
            domain=[0, 0.28],
            range=[0, 1.08],
            **unit_ticks(),
            title=dict(text=t("probability", lang)),
        ),
        # between the two parts, with room for two rows of legend in large text
        legend=dict(orientation="h", x=0, y=0.30, yanchor="bottom"),
        margin=dict(l=10, r=10, t=34, b=10),
        scale=scale,
    )


# -- 3. greedy vs beam -----------------------------------------------------------------------
def beam_win_figure(win: BeamWin, lang: str = "en", scale: float = 1.0) -> go.Figure:
    """Top: p of each token of the greedy output and of the beam's best, tokens written at
    their points. Bottom: the running sum of log p: greedy leads up to the divergence, the
    beam's sequence ends higher. The divergence step is shaded."""
    names = (
        t("lab_greedy_total", lang, v=f"{win.greedy_total:.2f}"),
        t("lab_beam_total", lang, k=win.k, v=f"{win.beam_total:.2f}"),
    )
    traces = []
    # greedy drawn wide underneath, the beam thin on top: where they agree both stay visible
    for seq, name, color, width, where in (
        (win.greedy, names[0], BASE, 8, ("top center", "bottom right")),
        (win.beam, names[1], ACCENT, 3, ("bottom center", "top right")),
    ):
        xs = list(range(len(seq.tokens)))
        line = dict(color=color, width=width)
        traces.append(
            dict(
                type="scatter",
                mode="lines+markers+text",
                x=xs,
                y=list(seq.probs),
                text=[plot_token(x, lang) for x in seq.tokens],
                textposition=where[0],
                textfont=dict(size=15, color=color),
                name=name,
                legendgroup=name,
                line=line,
                marker=dict(size=width + 6),
                hovertemplate="%{text}: p = %{y:.3f}<extra></extra>",
            )
        )
        total = [""] * (len(xs) - 1) + [f"{seq.total:.2f}"]
        traces.append(
            dict(
                type="scatter",
                mode="lines+markers+text",
                x=xs,
                y=list(seq.cumulative),
                text=total,
                textposition=where[1],
                textfont=dict(size=15, color=color),
                cliponaxis=False,
                yaxis="y2",
                name=name,
                legendgroup=name,
                showlegend=False,
                line=line,
                marker=dict(size=width + 3),
                hovertemplate="Σ log p = %{y:.3f}<extra></extra>",
            )
        )
    n = max(len(win.greedy.tokens), len(win.beam.tokens), 1)
    low = min([*win.greedy.cumulative, *win.beam.cumulative, -1.0])
    d = win.diverge_step - 1
    return build_figure(
        traces,
        500,
        shapes=[_band(d)],
        annotations=[_band_label(d, t("lab_diverge_at", lang, k=win.diverge_step))],
        xaxis=dict(
            anchor="y2",
            range=[-0.6, n + 0.2],  # room for the totals written after the last step
            tickvals=list(range(n)),
            ticktext=[str(i + 1) for i in range(n)],
            title=dict(text=t("lab_step", lang)),
        ),
        yaxis=dict(
            domain=[0.44, 1],
            range=[-0.18, 1.2],  # room for the tokens written above and below their points
            title=dict(text=t("probability", lang)),
            **unit_ticks(),
        ),
        yaxis2=dict(
            domain=[0, 0.34],
            range=[low * 1.1, 0.2],
            tickvals=ticks_within(low * 1.1, 0.0),  # a sum of log p is never above 0
            title=dict(text=t("lab_cumulative", lang)),
        ),
        legend=dict(orientation="h", x=0, y=1.06, yanchor="bottom"),
        margin=dict(l=10, r=10, t=60, b=10),
        scale=scale,
    )
