"""Starting a class and showing how to join it (issue 29): the teacher's *start a class*
(the class page and the sidebar), the class link as a QR code and as text, on the public
address (`SEQ2SEQ_PUBLIC_URL`, as the lesson links), and the sidebar's class entry, which
also keeps the class keys in the browser (`classroom.sync_browser`).
"""

from __future__ import annotations

import streamlit as st

from ui import state
from ui.services.classroom import ClassError
from ui.state import classroom, lesson, resources
from ui.text.literal import literal

START_ERROR = "class_start_error"
# The QR code as large as its box allows, black on white (phones read it from a projector).
QR_CSS = """<style>
.cls-qr img{width:100%;height:auto;max-width:420px;display:block;margin:auto;
image-rendering:pixelated;background:#fff}
.cls-code{font-size:2.4rem;font-weight:700;letter-spacing:.3rem;text-align:center}
</style>"""


def lesson_name() -> str:
    """What the class works on: the corpus of the model in the sidebar (the class board
    scores published models on its held-out split), else the model's name."""
    name, _tr = resources.current()
    corpus = resources.corpus_of(name) if name else None
    return (corpus or name or "class")[:80]


def _start() -> None:
    """*Start a class*'s callback: a new class for the sidebar's lesson."""
    st.session_state.pop(START_ERROR, None)
    try:
        classroom.start_class(lesson_name())
    except ClassError as e:
        st.session_state[START_ERROR] = e.text(state.lang())


def start_button(key: str, where=None) -> None:
    """The *start a class* button (a new lesson starts a new class)."""
    where = where or st
    label = "cls_start_new" if classroom.teaching() is not None else "cls_start"
    where.button(state.t(label), key=key, on_click=_start, use_container_width=True)
    if (message := st.session_state.get(START_ERROR)) is not None:
        where.error(literal(message))


def link_card(taught: classroom.Teaching, qr_width: str = "100%") -> None:
    """The class's code, QR code and link, with the warning that a localhost link cannot be
    opened by students."""
    link = classroom.join_link(taught.code)
    st.html(QR_CSS)
    st.html(f"<div class='cls-code' data-testid='cls-code'>{taught.code}</div>")
    st.html(f"<div class='cls-qr' style='max-width:{qr_width}'>{classroom.qr_image(link)}</div>")
    st.code(link, language=None)
    if warning := lesson.local_warning(link):
        st.warning(warning)


def sidebar() -> None:
    """The sidebar's class entry: the keys kept in the browser; for a teacher (teacher mode,
    or a session teaching a class) the class's QR code and *start a class*; for a student
    who joined, the way back to the class page."""
    classroom.sync_browser()
    taught, student = classroom.teaching(), classroom.joined()
    if taught is not None:
        with st.popover(state.t("cls_sidebar_class", code=taught.code), use_container_width=True):
            link_card(taught)
            st.page_link(classroom.PAGE, label=state.t("cls_open_page"), icon="👥")
            start_button("cls_start_sidebar")
    elif st.session_state.get(state.TEACHER_MODE):
        start_button("cls_start_sidebar")
    if student is not None and taught is None:
        st.page_link(classroom.PAGE, label=state.t("cls_back_to", code=student.code), icon="👥",
                     query_params={classroom.PARAM: student.code})  # fmt: skip
