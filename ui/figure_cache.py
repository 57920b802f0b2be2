"""Figures shared by every session of the server, stored as their finished JSON. No Streamlit.

Students on a lesson link view the same sentence of the same shipped model and step through
the same decoder steps: each step's figures are the same for all of them. Building them
(plotly's Figure, even unvalidated) and then st.plotly_chart's conversion (`Figure.to_dict`
deep-copies the figure and re-encodes every numpy array; then `plotly.io.to_json`) cost about
14 ms of a decoder step's server time (bench/RESULTS.md). Here a figure is built once, kept
as the JSON plotly would make of it, and handed to st.plotly_chart as a `SpecFigure`, whose
`to_dict` only decodes that JSON: the spec Streamlit sends is the same string, byte for byte.
One `SpecFigure` serves every session: nothing can change it (see its docstring), and each
`to_dict` call returns a new dict.

The store is a `caches.BytesCache` (JSON strings: their bytes are what they hold), bounded
by `FIGURE_BYTES` (SEQ2SEQ_FIGURE_CACHE_MB, 16 MiB by default) and counted in the server's
cache bound. Keys must name everything a figure is drawn from; only figures of shipped
models (one read-only copy per server) may be shared.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Hashable

import plotly.graph_objects as go
import plotly.io as pio

from ui import caches

FIGURE_BYTES = int(os.environ.get("SEQ2SEQ_FIGURE_CACHE_MB", "16")) * 2**20

_STORE = caches.BytesCache(FIGURE_BYTES)


class SpecFigure(go.Figure):
    """A finished figure for st.plotly_chart: its plotly JSON, and nothing else.

    It holds no traces or layout of its own (`data` and `layout` are empty: read the figure
    through `to_dict`). `to_dict` returns a new dict each call, decoded from the stored JSON,
    so that no caller can change the shared figure; plotly's own `to_dict` deep-copies every
    part and re-encodes every array instead. It cannot be changed either: add to it or
    update it and the change would not show, so build another figure instead."""

    def __init__(self, spec: str) -> None:
        super().__init__(layout={"template": {}}, _validate=False)  # no default template
        self._spec = spec

    @property
    def spec(self) -> str:
        """The figure as plotly's JSON (what `plotly.io.to_json` made of the built figure)."""
        return self._spec

    def to_dict(self) -> dict:
        return json.loads(self._spec)

    def to_plotly_json(self) -> dict:
        return self.to_dict()


def freeze(fig: go.Figure) -> SpecFigure:
    """`fig` as a `SpecFigure` (its JSON made once, as st.plotly_chart would make it)."""
    return SpecFigure(pio.to_json(fig, validate=False))


def shared(key: Hashable | None, make: Callable[[], go.Figure]) -> go.Figure:
    """The figure stored under `key`, made with `make` (and stored) the first time; with
    `key` None, `make()` as it is, not stored (a session's own model, say)."""
    if key is None:
        return make()
    # (JSON, figure): the JSON for the byte count; one figure object for every session,
    # since making even an empty plotly Figure costs 0.2 ms (its layout is validated)
    _, fig = _STORE.get_or_make(key, lambda: _stored(make()))
    return fig


def _stored(fig: go.Figure) -> tuple[str, SpecFigure]:
    frozen = freeze(fig)
    return frozen.spec, frozen


def clear() -> None:
    """Forget every stored figure (tests)."""
    _STORE.clear()


def stored() -> int:
    """How many figures are stored."""
    return len(_STORE)
