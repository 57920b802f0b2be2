"""Figures of the Data and Train pages: plain data in, `go.Figure` out. No Streamlit.

The corpus's sentence lengths (Data), and the live training curves (Train): loss per token
of each batch (thin, grey) and of each epoch (training, validation) on the left axis;
validation exact match on the right, so the class sees the loss fall and the translations
become right on one chart.
"""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

from ui.figures.style import (
    ACCENT,
    BASE,
    BASE_FONT,
    HALF_WIDTH,
    MUTED,
    TEAL,
    build_figure,
    no_data_note,
    text_width,
)
from ui.text.i18n import register, t

register(
    {
        "words_per_sentence": {"en": "words in the sentence", "ko": "문장의 단어 수"},
        "sentences": {"en": "sentences", "ko": "문장 수"},
    }
)


def length_histogram(
    src_lengths: Sequence[int], tgt_lengths: Sequence[int], lang: str = "en", scale: float = 1.0
) -> go.Figure:
    """How many sentences have each length in words, source and target side by side: one
    bar per whole number of words."""
    top = max([*src_lengths, *tgt_lengths, 1])
    bins = dict(start=0.5, end=top + 0.5, size=1)
    traces = [
        dict(type="histogram", x=list(xs), name=t(side, lang), xbins=bins, marker=dict(color=c))
        for xs, side, c in ((src_lengths, "source", BASE), (tgt_lengths, "target", TEAL))
    ]
    xaxis = dict(title=dict(text=t("words_per_sentence", lang)), tickangle=0)
    # whole numbers, as many as fit level in a half-width chart (one a bar turned them 90°)
    label, plot = text_width(str(top), BASE_FONT * scale) + 8, HALF_WIDTH - 90 * scale
    xaxis["dtick"] = next((d for d in (1, 2, 5, 10, 20, 50, 100) if plot * d / top >= label), None)
    return build_figure(
        traces,
        260,
        scale,
        barmode="group",
        bargap=0.15,
        legend=dict(orientation="h", y=1.12),
        margin=dict(l=10, r=10, t=10, b=10),
        xaxis=xaxis,
        yaxis=dict(title=dict(text=t("sentences", lang))),
    )


def training_curves_figure(
    history: Sequence[dict],
    batch_points: Sequence[tuple[float, float]] | None = None,
    lang: str = "en",
    scale: float = 1.0,
) -> go.Figure:
    """Loss per token (left axis) and validation exact match (right axis) over epochs.

    history: one dict per finished epoch (`EpochEvent.to_dict()`); batch_points: (epoch as a
    fraction, loss per token) of each batch so far."""
    traces = []
    if batch_points:
        xs, ys = zip(*batch_points, strict=True)
        traces.append(_line(xs, ys, t("batch_loss", lang), MUTED, width=1, markers=False))
    if history:
        ep = [h["epoch"] for h in history]
        traces.append(
            _line(ep, [h["train_loss_per_token"] for h in history], t("train_loss", lang), BASE)
        )
        if history[-1].get("n_valid", 1):  # no validation pair: no curve at zero
            valid = [h["valid_loss_per_token"] for h in history]
            traces.append(_line(ep, valid, t("valid_loss", lang), TEAL))
            em = [100 * h["valid_exact_match"] for h in history]
            traces.append(_line(ep, em, t("valid_em", lang), ACCENT, yaxis="y2", dash="dot"))
    return build_figure(
        traces,
        360,
        scale,
        annotations=[] if traces else [no_data_note(lang)],
        legend=dict(orientation="h", y=1.15),
        xaxis=dict(title=dict(text=t("epoch", lang)), rangemode="tozero"),
        yaxis=dict(title=dict(text=t("loss_per_token", lang)), rangemode="tozero"),
        yaxis2=dict(
            title=dict(text=t("valid_em", lang)),
            overlaying="y",
            side="right",
            range=[0, 105],
            tickvals=[0, 25, 50, 75, 100],
            showgrid=False,
        ),
    )


def _line(xs, ys, name: str, color: str, width: int = 3, markers: bool = True, **kw) -> dict:
    line = dict(color=color, width=width, dash=kw.pop("dash", "solid"))
    mode = "lines+markers" if markers else "lines"
    return dict(type="scatter", x=list(xs), y=list(ys), mode=mode, name=name, line=line, **kw)
