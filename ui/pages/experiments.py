"""Teaching experiments no other seq2seq demo has: why attention (scores by sentence length),
exposure bias, greedy vs. beam, sampling with temperature, a predict-the-next-token quiz and
a map of hidden states. The tabs: ui/sections/experiments/lab.py (①–③) and ui/sections/experiments/probe.py
(④–⑥); helpers and strings: ui/sections/experiments/view.py; figures: ui/figures/lab.py and
ui/figures/probe.py.

The tabs are lazy (ui/sections/tabs.py): only the open tab's experiment runs on a rerun.
"""

from __future__ import annotations

import streamlit as st

from ui.sections import tabs
from ui.sections.experiments import lab, probe
from ui.state import resources, t
from ui.text.literal import literal

# Session-state key of this page (its tabs' are in ui/sections/experiments/lab.py and
# ui/sections/experiments/probe.py, the app-wide ones in ui/state/__init__.py):
TAB = "exp_tab"  # label of the open tab

TAB_KEYS = ("exp_tab_attention", "exp_tab_exposure", "exp_tab_beam", "exp_tab_sampling",
            "exp_tab_quiz", "exp_tab_map")  # fmt: skip


def render() -> None:
    st.title(t("exp_title"))
    name, tr = resources.current()
    model = literal(resources.display_name(name)) if tr is not None else "—"
    st.markdown(t("exp_intro", model=model))
    bodies = (
        lab.why_attention,
        lab.exposure,
        lab.greedy_vs_beam,
        probe.sampling,
        probe.next_token_quiz,
        probe.state_map,
    )
    for i, (tab, body) in enumerate(zip(tabs.lazy(TAB, TAB_KEYS), bodies, strict=True)):
        with tab:
            if not tab.open:
                continue
            if tr is None and i >= 2:
                st.info(t("no_model"))
                continue
            body(name, tr)


render()
