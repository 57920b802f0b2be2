"""Every session-state key the app uses, in one place, and the few helpers that read them.

Each student's browser tab is one Streamlit session: what is stored here belongs to that
student alone (their language, sentence, current step, their own trained model).
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from ui.text.i18n import t as _t

LANG = "lang"  # "en" | "ko"
MODEL = "model_name"  # name of the model the explorer pages use
OWN_MODEL = "own_model"  # Translator trained or uploaded in this session
OWN_MODEL_NAME = "own_model_name"
SENTENCE = "sentence"  # the sentence being decoded
MAX_CHARS = 1000  # the longest sentence or reference a text box takes
STEP = "step"  # current decoder step, 1-based
LECTURE_STEP = "lecture_step"  # the lecture page's step: encoder 1..S, hand-over, decoder
CORPUS = "corpus"  # the Corpus parsed on the data page
CORPUS_NAME = "corpus_name"
TOKENIZER = "tokenizer_choice"
VOCAB_SIZE = "vocab_size"  # the Data page's vocabulary cap, read by the Train page
TRAIN_RUN = "train_run"  # the session's TrainingRun (ui.training)
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
