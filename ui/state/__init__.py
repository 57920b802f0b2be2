"""Every session-state key the app uses, in one place, and the few helpers that read them.

Each student's browser tab is one Streamlit session: what is stored here belongs to that
student alone (their language, sentence, current step, their own trained model).

Beside the keys, in this package: `resources` (the shipped models and corpora, loaded once
per server and shared; the session's own model), `lesson` (a lesson link's query
parameters to session state and back, distrustful of the URL), `upload_guard` (what
file uploads may hold, per session and per server), `static_assets` (Streamlit's frontend
files from memory, gzipped: app.py's server middleware) and `classroom` (the class this browser
teaches or joined, its link and QR code; the keys kept in the browser by class_keys.js).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import streamlit as st

from seq2seq_core.training.budget import MAX_TEXT_CHARS
from ui.text.i18n import t as _t

LANG = "lang"  # "en" | "ko"
MODEL = "model_name"  # name of the model the explorer pages use
OWN_MODEL = "own_model"  # Translator trained or uploaded in this session
OWN_MODEL_NAME = "own_model_name"
SENTENCE = "sentence"  # the sentence being decoded
MAX_CHARS = MAX_TEXT_CHARS  # the longest sentence or reference a text box takes
CUT_NOTE = "_text_cut"  # the key of the last selectbox whose typed option was cut
STEP = "step"  # current decoder step, 1-based
LECTURE_STEP = "lecture_step"  # the lecture page's step: encoder 1..S, hand-over, decoder
CORPUS = "corpus"  # the Corpus parsed on the data page
CORPUS_NAME = "corpus_name"
TOKENIZER = "tokenizer_choice"
VOCAB_SIZE = "vocab_size"  # the Data page's vocabulary cap, read by the Train page
TRAIN_RUN = "train_run"  # the session's TrainingRun (ui.services.training)
TEACHER_MODE = "teacher_mode"
LARGE_TEXT = "large_text"  # every figure's fonts and the page's text larger (a projector)

DEFAULTS: dict[str, Any] = {LANG: "en", STEP: 1, TEACHER_MODE: False, VOCAB_SIZE: 1000}
# Widgets of one page whose values other pages read, or which the student expects to find
# again after visiting another page. Streamlit forgets a widget's value at the end of a run
# that did not draw the widget; a value written by the script itself is kept.
KEPT_WIDGETS = (SENTENCE, STEP, TOKENIZER, VOCAB_SIZE)
# A widget whose key starts with this is kept the same way: the Train page's options, the
# Compare page's choices (keys that carry what their default depends on, such as the
# corpus, so that a new corpus starts from its own defaults).
KEPT_PREFIX = "kept."


def init() -> None:
    """Set defaults for keys a page reads before any widget wrote them, and keep the values
    of KEPT_WIDGETS across pages (call before any widget is drawn)."""
    for key, value in DEFAULTS.items():
        st.session_state.setdefault(key, value)
    for key in [*KEPT_WIDGETS, *(k for k in st.session_state if str(k).startswith(KEPT_PREFIX))]:
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]


def kept(name: str, default: Any, *scope: Any) -> str:
    """The key of a widget kept across pages (see KEPT_PREFIX), its value set to `default`
    until the student changes it. `scope` is what the default depends on: another scope
    is another widget, which starts from its own default. Draw the widget with this key
    and no value of its own."""
    key = ".".join([KEPT_PREFIX + name, *map(str, scope)])
    st.session_state.setdefault(key, default)
    return key


def font_scale() -> float:
    """The factor every figure's fonts are drawn at: `LARGE_SCALE` with large text on (its
    default follows teacher mode), else 1."""
    from ui.figures.style import LARGE_SCALE

    large = st.session_state.get(LARGE_TEXT, st.session_state.get(TEACHER_MODE, False))
    return LARGE_SCALE if large else 1.0


def lang() -> str:
    return st.session_state.get(LANG, "en")


def t(key: str, **fmt: Any) -> str:
    """The UI string `key` in the session's language."""
    return _t(key, lang(), **fmt)


def session_id() -> str:
    """The Streamlit session's id (a browser tab): the owner of its training runs."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    return ctx.session_id if ctx is not None else ""


def cap_typed(key: str) -> None:
    """on_change of a selectbox that accepts new options (which has no max_chars): an option
    typed longer than MAX_CHARS is cut to it, so that the long text is neither decoded nor
    sent back to the browser on every rerun; `say_if_cut` then says so."""
    value = st.session_state.get(key)
    if isinstance(value, str) and len(value) > MAX_CHARS:
        st.session_state[key] = value[:MAX_CHARS]
        st.session_state[CUT_NOTE] = key
    elif st.session_state.get(CUT_NOTE) == key:
        st.session_state.pop(CUT_NOTE)


def capped_choice(key: str, value: str | None) -> str:
    """A selectbox's value, at most MAX_CHARS long (whatever set it), with a note when cut."""
    value = value or ""
    if len(value) > MAX_CHARS or st.session_state.get(CUT_NOTE) == key:
        st.caption(t("text_cut", n=MAX_CHARS))
    return value[:MAX_CHARS]


def labeller() -> Callable[..., str]:
    """`t` with the session's language fixed now, for a widget's `format_func`: the labels
    are the language of the run that drew the widget, whoever calls the function later (a
    headless AppTest formats values outside any run, where the session cannot be read)."""
    return partial(_t, lang=lang())
