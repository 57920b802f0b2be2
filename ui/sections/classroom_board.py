"""The class board (issue 29): a student who trained a model on the class corpus publishes
it (opt-in, under the nickname the store knows the student by); the board ranks the class's
models by exact match, then BLEU, on the class corpus's held-out split; the teacher opens
any of them in the explorer.

The scores are computed here, on the server, from the very bytes that are stored: the
session's model is written to a checkpoint, read back and checked as an uploaded file is
(`checkpoint.from_bytes`), and evaluated with the engine's `metrics.evaluate` on the test
split of the class's built-in corpus. Nothing a browser says about a model is trusted.
"""

from __future__ import annotations

import streamlit as st

from seq2seq_core.checkpoints import checkpoint
from seq2seq_core.data.corpora import BUILTIN_CORPORA, load_builtin
from seq2seq_core.metrics import evaluate
from ui import state
from ui.sections import model_files
from ui.services.classroom import BoardEntry, ClassError, Student
from ui.services.classroom.records import NAME_MAX
from ui.state import classroom, resources
from ui.text import engine_messages
from ui.text.literal import literal

MAX_TEST_PAIRS = 500  # pairs a publication is scored on: every built-in test split fits
NOTE = "class_board_note"  # (kind, message) of the last publish or open
OPEN = "class_board_open"  # set by *open in the explorer*: the page switches after the run
EXPLORER = "ui/pages/explore.py"


def scores(model_bytes: bytes, corpus: str) -> tuple[float, float]:
    """(exact match in [0, 1], BLEU in [0, 100]) of the checkpoint `model_bytes` on the test
    split of the built-in `corpus`; the file is read and checked as an uploaded one first
    (CheckpointError)."""
    tr = checkpoint.from_bytes(model_bytes, name="published")
    test = load_builtin(corpus, "test")[:MAX_TEST_PAIRS]
    result = evaluate(tr, test)
    return float(result["exact_match"]), float(result["bleu"])


def _publish(student: Student, corpus: str) -> None:
    """*Publish*'s callback: checkpoint the session's model, score it here, publish."""
    tr = st.session_state.get(state.OWN_MODEL)
    name = (st.session_state.get("cls_pub_name") or "").strip()
    lang = state.lang()
    if tr is None:
        return
    if resources.corpus_of(resources.OWN) != corpus:
        st.session_state[NOTE] = ("error", state.t("cls_board_other_corpus", corpus=corpus))
        return
    try:
        data = checkpoint.to_bytes(tr)
        exact, bleu = scores(data, corpus)
        classroom.store().publish(student.code, student.token, data, exact, bleu, name)
    except checkpoint.CheckpointError as e:
        st.session_state[NOTE] = ("error", engine_messages.checkpoint_error(e, lang))
        return
    except ClassError as e:
        st.session_state[NOTE] = ("error", e.text(lang))
        return
    st.session_state[NOTE] = ("success", state.t("cls_board_published", em=exact, bleu=bleu))


def _say() -> None:
    kind, message = st.session_state.pop(NOTE, (None, ""))
    if kind == "error":
        st.error(literal(message))
    elif kind == "success":
        st.success(literal(message))


def student_part(student: Student, corpus: str) -> None:
    """Publish the session's own model (trained on the Train page) to the class board."""
    st.header(state.t("cls_board"))
    _say()
    if corpus not in BUILTIN_CORPORA:
        st.caption(state.t("cls_board_needs_builtin"))
    elif st.session_state.get(state.OWN_MODEL) is None:
        st.caption(state.t("cls_board_train_first", corpus=corpus))
    else:
        default = str(st.session_state.get(state.OWN_MODEL_NAME) or "model")[:NAME_MAX]
        st.session_state.setdefault("cls_pub_name", default)
        st.text_input(state.t("cls_board_name"), key="cls_pub_name", max_chars=NAME_MAX)
        st.caption(state.t("cls_board_optin", nick=literal(student.nickname), corpus=corpus))
        st.button(state.t("cls_board_publish"), key="cls_publish", on_click=_publish,
                  args=(student, corpus), use_container_width=True)  # fmt: skip
    _table(student.code, None)


def _open(taught: classroom.Teaching, entry: BoardEntry) -> None:
    """*Open in the explorer*'s callback: the published bytes, checked as an uploaded model,
    become the teacher's own model (chosen in the sidebar)."""
    lang = state.lang()
    label = f"{entry.nickname}: {entry.name}"
    try:
        data = classroom.store().published_model(taught.code, entry.publication_id)
        tr = checkpoint.from_bytes(data, name=label)
    except ClassError as e:
        st.session_state[NOTE] = ("error", e.text(lang))
        return
    except checkpoint.CheckpointError as e:
        st.session_state[NOTE] = ("error", engine_messages.checkpoint_error(e, lang))
        return
    model_files.make_own(tr, label, "")
    st.session_state[OPEN] = True


def teacher_part(taught: classroom.Teaching) -> None:
    """The board as the teacher sees it: each model can be opened in the explorer."""
    st.header(state.t("cls_board"))
    _say()
    if st.session_state.pop(OPEN, False):
        st.switch_page(EXPLORER)
    _table(taught.code, taught)


def _table(code: str, taught: classroom.Teaching | None) -> None:
    try:
        entries = classroom.store().board(code)
    except ClassError as e:
        st.error(literal(e.text(state.lang())))
        return
    if not entries:
        st.caption(state.t("cls_board_empty"))
        return
    for entry in entries:
        row = st.container(horizontal=True, vertical_alignment="center",
                           key=f"cls_board_{entry.publication_id}")  # fmt: skip
        row.markdown(state.t("cls_board_row", rank=entry.rank, nick=literal(entry.nickname),
                             name=literal(entry.name), em=entry.exact_match,
                             bleu=entry.bleu))  # fmt: skip
        if taught is not None:
            row.button(state.t("cls_board_open"), key=f"cls_open_{entry.publication_id}",
                       on_click=_open, args=(taught, entry))  # fmt: skip
