"""The sidebar every page shares: language, model, teacher mode and the lesson's link."""

from __future__ import annotations

import streamlit as st

from seq2seq_core.config import ModelConfig
from ui import state
from ui.sections import classroom_join
from ui.state import lesson, resources
from ui.text.i18n import LANGS, attention_name, style_name, t

# The page's own text in large mode: Streamlit sizes its text in rem, so the root size
# scales the body, captions, headings and widgets together (figures scale themselves).
# Inline code is 0.75 em of its text: 15 px in a 20 px line, under the 16 px a hall reads.
LARGE_CSS = (
    "<style>html { font-size: 20px; } code { font-size: max(0.8em, 16px) !important; }</style>"
)


def render() -> None:
    """Draw the sidebar (after `state.init()`, which app.py calls first).

    Its widgets keep their values for the whole session (`persist_state`): `st.switch_page`
    reruns without the browser's widget values, and a widget's value is otherwise forgotten
    then (the explorer's button after training came up in English)."""
    with st.sidebar:
        st.radio(
            "Language / 언어",
            list(LANGS),
            key=state.LANG,
            horizontal=True,
            persist_state="session",
            format_func=LANGS.get,
        )
        names = resources.model_names()
        if names:
            shown = {n: resources.display_name(n) for n in names}  # fixed for this run
            st.selectbox(
                state.t("model"),
                names,
                key=state.MODEL,
                # names fixed for this run, in this run's language (see state.labeller)
                format_func=shown.get,
                persist_state="session",
                on_change=_reset_step,
            )
            _name, tr = resources.current()
            if tr is not None:
                st.caption(architecture(tr.cfg, state.lang()))
        st.toggle(
            state.t("teacher_mode"),
            key=state.TEACHER_MODE,
            help=state.t("teacher_help"),
            on_change=_teacher_changed,
            persist_state="session",
        )
        # large text follows teacher mode until the teacher sets it (a lesson link's
        # teacher=1 turns both on)
        st.session_state.setdefault(state.LARGE_TEXT, st.session_state[state.TEACHER_MODE])
        st.toggle(
            state.t("large_text"),
            key=state.LARGE_TEXT,
            help=state.t("large_text_help"),
            persist_state="session",
        )
        scale = state.font_scale()
        if scale != 1.0:
            st.markdown(LARGE_CSS, unsafe_allow_html=True)
        shipped = [c.name for c in resources.shipped_cards()]
        lesson.publish(shipped)
        with st.popover(state.t("share"), use_container_width=True):
            st.caption(state.t("share_help"))
            params = lesson.to_params(st.session_state, shipped, with_step=False)
            link = lesson.share_link(params)
            st.code(link, language=None)
        if warning := lesson.local_warning(link):
            st.warning(warning)
        classroom_join.sidebar()  # the class's QR code, or *start a class* (issue 29)


def architecture(cfg: ModelConfig, lang: str) -> str:
    """One line naming the model's layers in `lang`: "bi-GRU 64 · attention: additive
    (Bahdanau) · Luong"."""
    rnn = cfg.rnn.upper()
    rnn = t("bidirectional_rnn", lang, rnn=rnn) if cfg.bidirectional else rnn
    text = (
        f"{rnn} {cfg.hidden} · {t('attention', lang)}: {attention_name(cfg.attention, lang)}"
        f" · {style_name(cfg.decoder_style, lang)}"
    )
    return text + (f" + {t('luong_input_feeding', lang)}" if cfg.luong_input_feeding else "")


def _teacher_changed() -> None:
    st.session_state[state.LARGE_TEXT] = st.session_state[state.TEACHER_MODE]


def _reset_step() -> None:
    st.session_state[state.STEP] = 1
    st.session_state[state.SENTENCE] = ""
