"""Lazy tabs (ui/sections/tabs.py): only the open tab is drawn, the open one follows a change
of language, a label from nowhere falls back to the default."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from ui import state
from ui.text.i18n import t


def _page() -> None:
    import streamlit as st

    from ui.sections import tabs

    for i, tab in enumerate(tabs.lazy("t", ("tab_tokens", "tab_encoder", "tab_decoder"),
                                      default="tab_encoder")):  # fmt: skip
        with tab:
            if tab.open:
                st.markdown(f"drawn {i}")


def _drawn(at: AppTest) -> list[str]:
    assert not at.exception, at.exception
    return [m.value for m in at.markdown if m.value.startswith("drawn")]


def test_only_the_open_tab_is_drawn_starting_at_the_default():
    at = AppTest.from_function(_page).run()
    assert _drawn(at) == ["drawn 1"] and at.session_state["t"] == t("tab_encoder", "en")
    at.session_state["t"] = t("tab_decoder", "en")
    assert _drawn(at.run()) == ["drawn 2"]


def test_the_open_tab_follows_the_language():
    at = AppTest.from_function(_page)
    at.session_state[state.LANG] = "en"
    at.run()
    at.session_state["t"] = t("tab_decoder", "en")
    at.run()
    at.session_state[state.LANG] = "ko"
    assert _drawn(at.run()) == ["drawn 2"] and at.session_state["t"] == t("tab_decoder", "ko")


def test_a_label_from_nowhere_falls_back_to_the_default():
    at = AppTest.from_function(_page)
    at.session_state["t"] = "<b>not a tab</b>"
    assert _drawn(at.run()) == ["drawn 1"]
