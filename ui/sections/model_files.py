"""A model as a file on the Train page: download the run's model, upload one back (it becomes
the session's own model, chosen in the sidebar), and make a model the session's own
(seq2seq_core/checkpoints/checkpoint.py reads and writes the .safetensors)."""

from __future__ import annotations

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from seq2seq_core import limits
from seq2seq_core.checkpoints import checkpoint
from seq2seq_core.translator import Translator
from ui import state
from ui.sections import uploads
from ui.state import resources, t
from ui.text import engine_messages
from ui.text.literal import literal

UPLOAD_RESULT = "model_up_result"  # (kind, message) of the last model upload


def make_own(tr: Translator, name: str, sentence: str) -> None:
    """Make `tr` the session's own model and choose it in the sidebar. A widget callback:
    the sidebar's model box is drawn before the page, so its key can be set only before
    the script runs (Streamlit refuses a change after the widget exists)."""
    st.session_state[state.OWN_MODEL] = tr
    st.session_state[state.OWN_MODEL_NAME] = name
    st.session_state[state.MODEL] = resources.OWN
    st.session_state[state.SENTENCE] = sentence  # "": the explorer picks an example
    st.session_state[state.STEP] = 1


def download(where: DeltaGenerator, tr: Translator, name: str) -> None:
    """The download button of `tr` as `name`.safetensors, drawn in `where`."""
    where.download_button(
        t("download"),
        checkpoint.to_bytes(tr),
        file_name=f"{name}.safetensors",
        mime="application/octet-stream",
    )


def _model_uploaded() -> None:
    up = st.session_state.get("model_up")
    if up is None:
        return
    try:
        tr = checkpoint.from_bytes(up.getvalue(), name=up.name)
        make_own(tr, up.name, "")
        st.session_state[UPLOAD_RESULT] = ("success", t("uploaded", name=literal(up.name)))
    except checkpoint.CheckpointError as e:
        st.session_state[UPLOAD_RESULT] = (
            "error",
            literal(engine_messages.checkpoint_error(e, state.lang())),
        )


def upload() -> None:
    """The model uploader, its size limit and the last upload's outcome."""
    uploads.in_page_language()
    st.file_uploader(
        t("upload_model"),
        type=["safetensors"],
        key="model_up",
        on_change=_model_uploaded,
        max_upload_size=limits.MODEL_UPLOAD_MB,
    )
    uploads.limit(corpus=False)
    if st.session_state.get("model_up") is None:
        st.session_state.pop(UPLOAD_RESULT, None)
    kind, message = st.session_state.get(UPLOAD_RESULT, (None, ""))
    if kind == "success":
        st.success(message)
    elif kind == "error":
        st.error(message)
