"""Figures of the class together (issue 29): the answers coming in, the class beside the
model's softmax at one decoder step, and a sentence's summary step by step. Plain data in,
`go.Figure` out, no Streamlit. Every label is a token of the model or a text a student typed:
it is written with `plot_token` (entities for `&`, `<`, `>`), never as markup.

A row is one answer the class could give at a step: the model's top-k candidates, what
students typed as "something else" (grouped by text), and the reference token when the
sentence has one. `counts` are the class's answers per row, `probs` the model's softmax
probability of the row's token (None for a text that is no token of the model).
"""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

from ui.figures.style import ACCENT, BASE, MUTED, TEAL, build_figure, empty_figure, plot_token
from ui.text.i18n import t

ROW_PX = 44  # height per row: a phone-size bar and its label
MARK_ARGMAX = "◀"  # after the token the model's argmax picks
MARK_REFERENCE = "✓"  # after the reference's token


def _share(counts: Sequence[int]) -> list[float]:
    total = sum(int(c) for c in counts)
    return [int(c) / total if total else 0.0 for c in counts]


def _ticks(labels: Sequence[str], lang: str, argmax: int | None, reference: int | None) -> list:
    """Each row's label, escaped, with the argmax's and the reference's marks."""
    out = []
    for i, label in enumerate(labels):
        text = plot_token(label, lang)
        if i == reference:
            text += f" {MARK_REFERENCE}"
        if i == argmax:
            text = f"<b>{text}</b> {MARK_ARGMAX}"
        out.append(text)
    return out


def _height(rows: int) -> int:
    return 90 + ROW_PX * max(rows, 1)


def answers_figure(
    labels: Sequence[str], counts: Sequence[int], lang: str = "en", scale: float = 1.0
) -> go.Figure:
    """The answers so far: one lying bar per row (in the order students see them), its count
    and share written beside it. The model's choice is not marked: the class has not seen it."""
    if not labels:
        return empty_figure(160, lang, scale)
    total = sum(int(c) for c in counts)
    shares = _share(counts)
    bars = dict(
        type="bar",
        orientation="h",
        x=[int(c) for c in counts],
        y=list(range(len(labels))),
        marker=dict(color=TEAL),
        text=[f"{int(c)} ({s:.0%})" for c, s in zip(counts, shares, strict=True)],
        textposition="outside",
        cliponaxis=False,
        hoverinfo="skip",
    )
    axis = dict(tickmode="array", tickvals=list(range(len(labels))),
                ticktext=_ticks(labels, lang, None, None), autorange="reversed")  # fmt: skip
    peak = max([int(c) for c in counts] + [1])
    return build_figure(
        [bars],
        _height(len(labels)),
        scale,
        yaxis=axis,
        xaxis=dict(
            range=[0, peak * 1.3],
            title=dict(text=t("cls_fig_answers", lang, n=total)),
            dtick=max(1, round(peak / 5)),
        ),
        showlegend=False,
    )


def reveal_figure(
    labels: Sequence[str],
    counts: Sequence[int],
    probs: Sequence[float | None],
    argmax: int | None,
    reference: int | None,
    lang: str = "en",
    scale: float = 1.0,
) -> go.Figure:
    """The class's distribution (share of answers) beside the model's softmax for the same
    step, one pair of bars per row: the argmax's model bar in the accent colour and marked
    ◀, the reference's row marked ✓. A typed text that is no token of the model has no model
    bar."""
    if not labels:
        return empty_figure(160, lang, scale)
    y = list(range(len(labels)))
    shares = _share(counts)
    model = [float(p) if p is not None else 0.0 for p in probs]
    colors = [ACCENT if i == argmax else BASE for i in y]
    klass = dict(type="bar", orientation="h", x=shares, y=y, name=t("cls_fig_class", lang),
                 marker=dict(color=TEAL), text=[f"{s:.0%}" for s in shares],
                 textposition="outside", cliponaxis=False, hoverinfo="skip")  # fmt: skip
    softmax = dict(type="bar", orientation="h", x=model, y=y, name=t("cls_fig_model", lang),
                   marker=dict(color=colors), cliponaxis=False, hoverinfo="skip",
                   text=["–" if p is None else f"{float(p):.0%}" for p in probs],
                   textposition="outside")  # fmt: skip
    axis = dict(tickmode="array", tickvals=y, ticktext=_ticks(labels, lang, argmax, reference),
                autorange="reversed")  # fmt: skip
    return build_figure(
        [klass, softmax],
        _height(len(labels)) + 30,
        scale,
        barmode="group",
        yaxis=axis,
        xaxis=dict(range=[0, 1.25], tickformat=".0%", title=dict(text=t("cls_fig_share", lang))),
        legend=dict(orientation="h", y=1.02, yanchor="bottom", x=0),
    )


def summary_figure(
    tokens: Sequence[str],
    class_share: Sequence[float],
    model_prob: Sequence[float],
    lang: str = "en",
    scale: float = 1.0,
) -> go.Figure:
    """A sentence's asked steps, in order: at each, the share of the class that chose the
    model's argmax beside the model's probability of it (the softmax's peak). `tokens` are
    those argmax tokens, drawn under their step."""
    if not tokens:
        return empty_figure(200, lang, scale)
    x = list(range(len(tokens)))
    klass = dict(type="bar", x=x, y=[float(v) for v in class_share],
                 name=t("cls_fig_class_argmax", lang), marker=dict(color=TEAL),
                 text=[f"{float(v):.0%}" for v in class_share], textposition="outside",
                 cliponaxis=False, hoverinfo="skip")  # fmt: skip
    model = dict(type="bar", x=x, y=[float(v) for v in model_prob],
                 name=t("cls_fig_model_argmax", lang), marker=dict(color=MUTED, line=dict(
                     color=BASE, width=2)), text=[f"{float(v):.0%}" for v in model_prob],
                 textposition="outside", cliponaxis=False, hoverinfo="skip")  # fmt: skip
    ticks = [plot_token(tok, lang) for tok in tokens]
    return build_figure(
        [klass, model],
        320,
        scale,
        barmode="group",
        xaxis=dict(
            tickmode="array", tickvals=x, ticktext=ticks, title=dict(text=t("cls_fig_steps", lang))
        ),
        yaxis=dict(range=[0, 1.2], tickformat=".0%"),
        legend=dict(orientation="h", y=1.02, yanchor="bottom", x=0),
    )
