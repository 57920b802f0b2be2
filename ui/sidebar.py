"""The sidebar every page shares: language, model, teacher mode and the lesson's link."""

from __future__ import annotations

import streamlit as st

from ui import lesson, resources, state
from ui.i18n import LANGS


def render() -> None:
    """Draw the sidebar (after `state.init()`, which app.py calls first)."""
    with st.sidebar:
        st.radio(
            "Language / 언어",
            list(LANGS),
            key=state.LANG,
            horizontal=True,
            format_func=LANGS.get,
        )
        names = resources.model_names()
        if names:
            st.selectbox(
                state.t("model"),
                names,
                key=state.MODEL,
                format_func=resources.display_name,
                on_change=_reset_step,
            )
            _name, tr = resources.current()
            if tr is not None:
                cfg = tr.cfg
                bi = "bi-" if cfg.bidirectional else ""
                st.caption(
                    f"{bi}{cfg.rnn.upper()} {cfg.hidden} · {state.t('attention')}: "
                    f"{cfg.attention} · {cfg.decoder_style}"
                    + (f" + {state.t('luong_input_feeding')}" if cfg.luong_input_feeding else "")
                )
        st.toggle(state.t("teacher_mode"), key=state.TEACHER_MODE, help=state.t("teacher_help"))
        shipped = [c.name for c in resources.shipped_cards()]
        lesson.publish(shipped)
        with st.popover(state.t("share"), use_container_width=True):
            st.caption(state.t("share_help"))
            params = lesson.to_params(st.session_state, shipped, with_step=False)
            st.code(lesson.share_link(params), language=None)


def _reset_step() -> None:
    st.session_state[state.STEP] = 1
    st.session_state[state.SENTENCE] = ""
