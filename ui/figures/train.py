"""Figures of the Data and Train pages: plain data in, `go.Figure` out. No Streamlit.

The corpus's sentence lengths (Data), and the live training curves (Train): loss per token
of each batch (thin, grey) and of each epoch (training, validation) on the left axis;
validation exact match on the right, so the class sees the loss fall and the translations
become right on one chart. The epoch of the lowest validation loss is marked; when validation
loss has stayed above it for `OVERFIT_EPOCHS` epochs in a row, the epochs since are shaded and
named: the model learns the training pairs by heart (overfitting).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import plotly.graph_objects as go

from ui.figures.style import (
    ACCENT,
    BASE,
    BASE_FONT,
    HALF_WIDTH,
    MUTED,
    TEAL,
    TOP_LEGEND,
    build_figure,
    no_data_note,
    text_width,
)
from ui.text.i18n import t

OVERFIT_EPOCHS = 3  # epochs in a row above the best validation loss that flag overfitting


@dataclass(frozen=True)
class ValidBest:
    """The epoch of the lowest validation loss, chosen per sentence as training chooses the
    weights it keeps (per token where a history has no per-sentence loss); `loss` is its
    loss per token, as the curve draws it; `since`: the epochs after it, all above it."""

    epoch: int
    loss: float
    since: int

    @property
    def overfitting(self) -> bool:
        return self.since >= OVERFIT_EPOCHS


def best_validation(history: Sequence[dict]) -> ValidBest | None:
    """The best validation epoch of a run's history (`EpochEvent.to_dict()` per epoch); None
    before any epoch or without validation pairs (their losses are all 0)."""
    per_sentence = bool(history) and "valid_loss_per_sentence" in history[0]
    key = "valid_loss_per_sentence" if per_sentence else "valid_loss_per_token"
    scored = [h for h in history if _positive(h.get(key)) and _positive(h["valid_loss_per_token"])]
    if not scored:
        return None
    best = min(scored, key=lambda h: h[key])  # the first of equal losses, as training keeps
    since = sum(1 for h in history if h["epoch"] > best["epoch"])
    return ValidBest(best["epoch"], best["valid_loss_per_token"], since)


def _positive(value) -> bool:
    """A loss that was measured: a finite number above 0 (no validation pairs give 0)."""
    return isinstance(value, int | float) and math.isfinite(value) and value > 0


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
        legend=TOP_LEGEND,
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
    best = best_validation(history)
    shapes, notes = _best_marks(best, history[-1]["epoch"] if history else 0, lang)
    if best is not None:
        name = t("best_valid_marker", lang, epoch=best.epoch)
        star = dict(symbol="star", size=18, color=TEAL, line=dict(width=1.5, color="white"))
        traces.append(
            dict(type="scatter", x=[best.epoch], y=[best.loss], mode="markers", name=name,
                 marker=star)
        )  # fmt: skip
    return build_figure(
        traces,
        360,
        scale,
        shapes=shapes,
        annotations=notes if traces else [no_data_note(lang)],
        legend=TOP_LEGEND,
        # the epochs' 0 a little under the losses' 0, not on it
        xaxis=dict(
            title=dict(text=t("epoch", lang)),
            rangemode="tozero",
            ticklabelstandoff=round(6 * scale),
        ),
        yaxis=dict(title=dict(text=t("loss_per_token", lang)), rangemode="tozero"),
        yaxis2=dict(
            title=dict(text=t("valid_em", lang)),
            overlaying="y",
            side="right",
            automargin=True,  # its numbers and title inside the chart, at any text size
            range=[0, 105],
            tickvals=[0, 25, 50, 75, 100],
            showgrid=False,
        ),
    )


def _best_marks(best: ValidBest | None, last: int, lang: str) -> tuple[list[dict], list[dict]]:
    """A dotted line at the best validation epoch; once overfitting, the epochs since shaded
    and named."""
    if best is None:
        return [], []
    line = dict(type="line", x0=best.epoch, x1=best.epoch, y0=0, y1=1, yref="paper",
                line=dict(color=TEAL, width=2, dash="dot"))  # fmt: skip
    if not best.overfitting:
        return [line], []
    band = dict(type="rect", x0=best.epoch, x1=last, y0=0, y1=1, yref="paper", layer="below",
                fillcolor=ACCENT, opacity=0.12, line=dict(width=0))  # fmt: skip
    text = f"<b>{t('overfit_band', lang)}</b>"
    note = dict(x=(best.epoch + last) / 2, y=0.98, yref="paper", yanchor="top", showarrow=False,
                text=text, font=dict(size=14, color=ACCENT))  # fmt: skip
    return [line, band], [note]


def _line(xs, ys, name: str, color: str, width: int = 3, markers: bool = True, **kw) -> dict:
    line = dict(color=color, width=width, dash=kw.pop("dash", "solid"))
    mode = "lines+markers" if markers else "lines"
    return dict(type="scatter", x=list(xs), y=list(ys), mode=mode, name=name, line=line, **kw)
