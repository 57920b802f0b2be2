"""Lazy tabs: only the open tab's content runs (Streamlit's `st.tabs(..., on_change="rerun")`).

A page with five tabs of charts built all five on every run, for a student who sees one: on
the Decode page two decodes and four plotly figures nobody had opened yet (issue 25: ~160 ms
of the quick start's one core per student when a class opens its own sentences). With lazy
tabs a click on another tab is a rerun that draws that tab; each tab's `.open` says whether
to draw it. The open tab's label is kept in session state under the page's key, and follows
a change of language (its label changes with it).
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from ui import state
from ui.text.i18n import LANGS
from ui.text.i18n import t as t_in


def lazy(key: str, tab_keys: Sequence[str], default: str | None = None) -> list:
    """The tabs named by the string keys `tab_keys`, lazy, their open label in
    `st.session_state[key]`; `default` (one of `tab_keys`) is open on the first run."""
    labels = {lang: [t_in(k, lang) for k in tab_keys] for lang in LANGS}
    current = labels[state.lang()]
    chosen = st.session_state.get(key)
    if chosen is not None and chosen not in current:  # the language changed, or a stale label
        for other in labels.values():
            if chosen in other:
                st.session_state[key] = current[other.index(chosen)]
                break
        else:
            del st.session_state[key]
    first = current[list(tab_keys).index(default)] if default else None
    return st.tabs(current, key=key, on_change="rerun", default=first)
