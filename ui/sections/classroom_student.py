"""A student's view of the class (issue 29), one column for a phone: join with an optional
nickname, then the class's current question, polled once a second (one small query:
`current_question`), answered with big full-width buttons (the candidates in the store's
shuffled order, and "something else" as capped text), changeable until the teacher closes
it; after the reveal, the class beside the model.

Nothing here holds the teacher key or asks for a tally: the store gives a student the
answers' counts only inside a revealed question.
"""

from __future__ import annotations

import streamlit as st

from ui import state
from ui.figures import alt
from ui.figures import classroom as figures
from ui.figures.style import shown
from ui.sections import charts, classroom_live
from ui.services.classroom import ClassError, PublicQuestion, Student
from ui.services.classroom.records import NICKNAME_MAX, OTHER_MAX
from ui.state import classroom
from ui.text.literal import literal, literal_code

POLL_SECONDS = 1.0
MINE = "class_my_answers"  # {question id: the answer this session gave}
NOTE = "class_student_note"  # the last refusal, said once
NICKNAME = "cls_nickname"  # the join form's nickname box
JOIN_REFUSED = "cls_join_refused"  # why the store refused the join, said once
# Phone-sized answer buttons: full width, at least 44 px tall (a thumb), large text.
CSS = """<style>
.st-key-cls_choices button{min-height:52px;font-size:1.2rem;justify-content:flex-start}
.st-key-cls_join button{min-height:48px}
.cls-src{font-size:1.25rem;line-height:1.5}
</style>"""


def render(code: str) -> None:
    """The class `code` for this browser: the join form, or the question once joined."""
    st.html(CSS)
    student = classroom.joined()
    if student is None or student.code != code:
        _join_form(code)
        return
    st.caption(state.t("cls_you_are", nick=literal(student.nickname), code=code))
    st.fragment(_question, run_every=POLL_SECONDS)(student)


def _join_form(code: str) -> None:
    try:
        info = classroom.store().get_class(code)
    except ClassError as e:
        st.error(literal(e.text(state.lang())))
        return
    st.header(state.t("cls_join_title", lesson=literal(info.lesson), code=code))
    st.caption(state.t("cls_privacy"))
    with st.form("cls_join_form", border=False):
        st.text_input(state.t("cls_nickname"), max_chars=NICKNAME_MAX, key=NICKNAME,
                      placeholder=state.t("cls_nickname_hint"))  # fmt: skip
        with st.container(key="cls_join"):
            st.form_submit_button(state.t("cls_join"), type="primary", on_click=_join,
                                  args=(code,), use_container_width=True)  # fmt: skip
    if (refused := st.session_state.pop(JOIN_REFUSED, None)) is not None:
        st.error(literal(refused))


def _join(code: str) -> None:
    """The join button's callback: it runs before the script, so a run that another
    message interrupts cannot lose the press (the script body did, under load)."""
    nickname = str(st.session_state.get(NICKNAME) or "").strip()
    try:
        classroom.join_class(code, nickname or None)
    except ClassError as e:
        st.session_state[JOIN_REFUSED] = e.text(state.lang())


def _question(student: Student) -> None:
    """The class's current question: asked, closed or revealed."""
    lang = state.lang()
    try:
        q = classroom.store().current_question(student.code)
    except ClassError as e:
        st.error(literal(e.text(lang)))
        return
    if q is None:
        st.info(state.t("cls_wait"))
        return
    mine = _my_answer(student, q)
    st.markdown(state.t("cls_q_src", src=literal(q.src)))
    fed = " ".join(literal_code(shown(tok, lang)) for tok in q.fed)
    st.markdown(state.t("cls_q_fed", fed=fed))
    if (message := st.session_state.pop(NOTE, None)) is not None:
        st.warning(literal(message))
    if q.state == "open":
        _choices(student, q, mine)
    elif q.state == "closed":
        st.info(state.t("cls_closed_wait", mine=literal(shown(mine, lang)) if mine else "–"))
    else:
        _revealed(q, mine)


def _my_answer(student: Student, q: PublicQuestion) -> str | None:
    """This session's answer to `q`: kept in the session; asked of the store once per
    question after a reload (not every second)."""
    mine = st.session_state.setdefault(MINE, {})
    if q.question_id not in mine:
        if len(mine) > 200:
            mine.clear()
        try:
            mine[q.question_id] = classroom.store().my_answer(student.code, student.token,
                                                              q.question_id)  # fmt: skip
        except ClassError:
            mine[q.question_id] = None
    return mine[q.question_id]


def _choices(student: Student, q: PublicQuestion, mine: str | None) -> None:
    lang = state.lang()
    st.markdown(state.t("cls_pick"))
    with st.container(key="cls_choices"):
        for i, choice in enumerate(q.choices):
            st.button(literal(shown(choice, lang)), key=f"cls_pick_{q.question_id}_{i}",
                      type="primary" if choice == mine else "secondary",
                      use_container_width=True, on_click=_answer,
                      args=(student, q.question_id, choice))  # fmt: skip
    typed = mine if mine is not None and mine not in q.choices else None
    with st.form(f"cls_other_{q.question_id}", border=False):
        text = st.text_input(state.t("cls_other"), value=typed or "", max_chars=OTHER_MAX)
        if st.form_submit_button(state.t("cls_send"), use_container_width=True) and text.strip():
            _answer(student, q.question_id, text.strip())  # said below, not after a rerun:
    mine = st.session_state.get(MINE, {}).get(q.question_id, mine)  # a rerun of the
    if (message := st.session_state.pop(NOTE, None)) is not None:  # fragment fails in a
        st.warning(literal(message))  # full run, and a full run redraws the whole page
    if mine is not None:
        st.success(state.t("cls_your_answer", mine=literal(shown(mine, lang))))


def _answer(student: Student, qid: int, choice: str) -> None:
    try:
        classroom.store().answer(student.code, student.token, qid, choice)
    except ClassError as e:
        st.session_state[NOTE] = e.text(state.lang())
        if e.code in ("not_student", "no_class"):
            classroom.leave_class()
        return
    st.session_state.setdefault(MINE, {})[qid] = choice


def _revealed(q: PublicQuestion, mine: str | None) -> None:
    lang, scale = state.lang(), state.font_scale()
    if q.tally is not None:
        rows = classroom_live.reveal_rows(q, q.tally, state.t("cls_other_rest"), None)
        charts.chart(figures.reveal_figure(*rows, lang, scale), key="cls_student_reveal",
                     alt=alt.class_reveal(*rows, lang))  # fmt: skip
    right = q.reference or q.argmax
    said = literal(shown(mine, lang)) if mine else "–"
    key = "cls_you_right" if mine is not None and mine == right else "cls_you_said"
    st.markdown(state.t(key, mine=said, argmax=literal(shown(q.argmax or "", lang))))
