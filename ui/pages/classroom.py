"""The class (issue 29): the page the class link opens (`/classroom?class=CODE`).

- A student (a browser that does not teach this class) joins with an optional nickname and
  answers the class's questions on a phone (ui/sections/classroom_student.py).
- The teacher (the session holding the class's teacher key) sees the class's QR code and
  link, the question panel (answers coming in, reveal, the sentence's summary), the class
  board, and *end the class*. Questions are asked from the Lecture page or the decoder view.
- Without a class code: join by typing the code, or start a class.

The code in the link is checked before use (letters of the code alphabet only).
"""

from __future__ import annotations

import streamlit as st

from ui import state
from ui.sections import classroom_board, classroom_join, classroom_live, classroom_student
from ui.services.classroom import ClassError
from ui.state import classroom
from ui.text.literal import literal


def _teacher(taught: classroom.Teaching) -> None:
    try:
        info = classroom.store().check_teacher(taught.code, taught.key)
    except ClassError as e:
        st.error(literal(e.text(state.lang())))
        classroom.end_class()
        return
    st.title(state.t("cls_teacher_title", lesson=literal(info.lesson)))
    cols = st.columns([2, 3])
    with cols[0]:
        classroom_join.link_card(taught)
    with cols[1]:
        st.fragment(_students, run_every=2.0)(taught.code)
        st.caption(state.t("cls_how_to_ask"))
        classroom_live.panel()
    classroom_board.teacher_part(taught)
    st.divider()
    row = st.container(horizontal=True)
    classroom_join.start_button("cls_start_page", row)
    with row.popover(state.t("cls_end")):
        st.caption(state.t("cls_end_help"))
        st.button(state.t("cls_end_confirm"), key="cls_end", type="primary",
                  on_click=classroom.end_class)  # fmt: skip


def _students(code: str) -> None:
    try:
        n = classroom.store().get_class(code).students
    except ClassError:
        return
    st.metric(state.t("cls_students"), n)


def _student(code: str) -> None:
    classroom_student.render(code)
    student = classroom.joined()
    if student is None or student.code != code:
        return
    try:
        lesson = classroom.store().get_class(code).lesson
    except ClassError:
        return
    st.divider()
    classroom_board.student_part(student, lesson)
    st.button(state.t("cls_leave"), key="cls_leave", on_click=classroom.leave_class)


def _no_class() -> None:
    st.title(state.t("cls_title"))
    st.markdown(state.t("cls_intro"))
    with st.form("cls_code_form", border=False):
        typed = st.text_input(state.t("cls_code"), max_chars=12)
        if st.form_submit_button(state.t("cls_go"), use_container_width=True):
            code = classroom.code_of(typed)
            if code is None:
                st.error(state.t("cls_bad_code"))
            else:
                st.query_params[classroom.PARAM] = code
                st.rerun()
    st.divider()
    st.caption(state.t("cls_teacher_start"))
    classroom_join.start_button("cls_start_page")


def render() -> None:
    code, given = classroom.code_in_link()
    taught = classroom.teaching()
    if given and code is None:
        st.error(state.t("cls_bad_code"))
    if taught is not None and (code is None or code == taught.code):
        _teacher(taught)
    elif code is not None:
        _student(code)
    else:
        _no_class()


render()
