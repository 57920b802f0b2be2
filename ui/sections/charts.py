"""The one way a page draws a chart: every `st.plotly_chart` of the app goes through `chart`.

On a phone a chart must let the page scroll: no toolbar over the text, no zoom, no drag
(the figures' layout sets `dragmode=False`, ui/figures/style.py, so that plotly never cancels
a touch that starts on a chart), and a tap still selects where selecting is the point. A
chart that selects (`on_select`) gets Streamlit's "pan" drag mode, whatever the figure says:
the page's script (ui/sections/page.py) keeps its touches from plotly, and a tap still
arrives as the click the browser makes of it.

Every chart says what it shows to a screen reader (`alt`, from ui/figures/alt.py, becomes
its accessible name) and may offer the values behind it as a table under it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import streamlit as st

from ui import state
from ui.figures.style import themed
from ui.sections import tables

CONFIG: dict[str, Any] = {
    "displayModeBar": False,  # plotly's toolbar covered text on phones
    "scrollZoom": False,  # a wheel or a swipe scrolls the page
    "doubleClick": False,  # nothing to reset: the figures do not zoom
    "showTips": False,
    "responsive": True,
}


def chart(fig, *, key: str, alt: str, table: Sequence[dict] | None = None, where=None, **select):
    """Draw `fig` with the app's chart settings and its text alternative `alt`; `table`
    (rows of the values behind it) goes in a closed expander under it. `where`: a column or
    container (default: the current one); `select`: `on_select` and `selection_mode`,
    passed on (the return value is then the selection)."""
    where = where if where is not None else st
    fig = themed(fig, st.context.theme.type)  # text colours for the light or dark page
    event = where.plotly_chart(fig, key=key, config=CONFIG, alt=alt, **select)
    if table:
        with where.expander(state.t("alt_values")):
            tables.values(table)  # an HTML table: a screen reader walks its cells
    return event
