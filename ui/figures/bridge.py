"""The bridge from a bidirectional encoder to the decoder: which two states it reads, the
layer, and h. Pure plotly: plain data in, `go.Figure` out. No Streamlit.

With a bidirectional encoder the encoded hidden vector h is not a row of the encoder's
heatmap: it is tanh(W [h→_S ; h←_1] + b) (seq2seq_core/model/encoder.py `Encoder._bridge`;
Bahdanau et al. 2015, Appendix A.2.2), read from the forward state after the last source
token (the last row's → half) and the backward state after the first (the first row's ←
half). A one-directional encoder has no bridge: h is its last state itself (Sutskever et al.
2014, Sec. 2), and no figure is needed for it.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

from ui.figures.style import (
    ACCENT,
    BASE,
    BASE_FONT,
    DIVERGING,
    build_figure,
    plot_token,
    shown,
)
from ui.text.i18n import t
from ui.text.particles import Spoken

# y positions (data units): the two states read, the layer, h
_TOP, _LAYER, _BOTTOM = 3.0, 1.75, 0.0


def _strip(vec: np.ndarray, x0: float, y: float) -> dict:
    """One vector (H,) as a row of cells from x0, centred on y."""
    return dict(type="heatmap", z=np.asarray(vec, dtype=float).reshape(1, -1), x0=x0, dx=1,
                y0=y, dy=1, colorscale=DIVERGING, zmin=-1, zmax=1, zmid=0, showscale=False,
                hovertemplate="unit %{x}: %{z:.3f}<extra></extra>")  # fmt: skip


def _note(x: float, y: float, text: str, size: int = BASE_FONT, **kw) -> dict:
    return dict(x=x, y=y, text=text, showarrow=False, font=dict(size=size), **kw)


def _arrow(x: float, y: float, ax: float, ay: float) -> dict:
    return dict(x=x, y=y, ax=ax, ay=ay, xref="x", yref="y", axref="x", ayref="y", text="",
                showarrow=True, arrowhead=3, arrowwidth=2.5, arrowcolor=BASE)  # fmt: skip


def bridge_figure(
    view, src_pieces: Sequence[str], lang: str = "en", scale: float = 1.0
) -> go.Figure:
    """The top layer's bridge: h→_S and h←_1 (each (H,), from `view.final_raw`, torch's
    order: the top layer's forward state is row -2, its backward state row -1), the layer,
    and h = `view.final_hidden[-1]` (H,). Only for a bidirectional encoder. Its text at
    the figures' size times `scale` (the sidebar's large text), as every figure's."""
    if view.directions != 2:
        raise ValueError("a one-directional encoder has no bridge: h is its last state")
    h = view.hidden
    fwd, bwd = view.final_raw[-2], view.final_raw[-1]  # (H,) each
    gap = max(4, h // 4)
    width = 2 * h + gap
    mid = width / 2 - 0.5
    h_x0 = mid - (h - 1) / 2
    traces = [
        _strip(fwd, 0, _TOP),
        _strip(bwd, h + gap, _TOP),
        _strip(view.final_hidden[-1], h_x0, _BOTTOM),
    ]
    last, first = (Spoken(plot_token(src_pieces[i], lang), shown(src_pieces[i], lang))
                   for i in (-1, 0))  # fmt: skip
    notes = [
        _note(h / 2 - 0.5, _TOP + 0.55, t("bridge_forward", lang, tok=last), yanchor="bottom"),
        _note(h + gap + h / 2 - 0.5, _TOP + 0.55, t("bridge_backward", lang, tok=first),
              yanchor="bottom"),
        _note(mid, _LAYER, f"<b>{t('bridge_layer', lang)}</b>", bgcolor="rgba(0,0,0,0)",
              bordercolor=ACCENT, borderwidth=2, borderpad=6),
        _note(mid, _BOTTOM - 0.55, f"<b>{t('bridge_h', lang)}</b>", yanchor="top"),
        _arrow(mid - 2, _LAYER + 0.45, h / 2 - 0.5, _TOP - 0.5),
        _arrow(mid + 2, _LAYER + 0.45, h + gap + h / 2 - 0.5, _TOP - 0.5),
        _arrow(mid, _BOTTOM + 0.5, mid, _LAYER - 0.45),
    ]  # fmt: skip
    return build_figure(
        traces,
        300,
        scale,
        annotations=notes,
        xaxis=dict(visible=False, range=[-1, width]),
        yaxis=dict(visible=False, range=[_BOTTOM - 1.4, _TOP + 1.4]),
    )
