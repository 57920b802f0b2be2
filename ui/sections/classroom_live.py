"""The teacher's question panel (issue 29): the class's answers coming in as a bar chart
(polled once a second while the question is open), *close* and *reveal*, then the class
beside the model's softmax; under it, the sentence's asked steps, class against model.
Drawn under the player on the Lecture and Decode pages and on the class page, in a session
that teaches a class; a student's session never reaches the store's teacher calls (they
need the teacher key, which only the teacher's session holds).

`answer_rows` and `reveal_rows` (pure) make the chart's rows from the store's `Tally`: the
candidates in the order students saw them, then the texts typed as "something else" (a
text that is a candidate's word is counted with it), then the reference's token if no row
holds it yet.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from ui import state
from ui.figures import alt
from ui.figures import classroom as figures
from ui.figures.style import WORD_START
from ui.sections import charts, tables
from ui.services.classroom import ClassError, PublicQuestion, StepResult, Tally
from ui.state import classroom
from ui.text.literal import literal, literal_code

POLL_SECONDS = 1.0  # the "within a second"; one tally query per second per teacher
REVEALED_POLL_SECONDS = 3.0
ACT_ERROR = "class_act_error"  # a refused close or reveal, said once
TYPED_ROWS = 5  # typed answers drawn as rows of their own; the rest share one row


def _word(text: str) -> str:
    return text.replace(WORD_START, " ").strip().casefold()


def answer_rows(choices: Sequence[str], tally: Tally, rest_label: str) -> tuple[list, list]:
    """(labels, counts): one row per candidate, then the most common typed texts, then one
    row for the other typed texts (`rest_label`) when there are any."""
    labels, counts = list(choices), [int(tally.counts.get(c, 0)) for c in choices]
    words = {_word(c): i for i, c in enumerate(labels) if _word(c)}
    typed, rest = 0, int(tally.other)
    for text, n in tally.others:
        i = words.get(_word(text))
        if i is not None:
            counts[i] += int(n)
        elif typed < TYPED_ROWS:
            labels.append(text)
            counts.append(int(n))
            typed += 1
        else:
            continue
        rest -= int(n)
    if rest > 0:
        labels.append(rest_label)
        counts.append(rest)
    return labels, counts


def reveal_rows(
    q: PublicQuestion, tally: Tally, rest_label: str, ref_prob: float | None
) -> tuple[list, list, list, int | None, int | None]:
    """(labels, counts, model probabilities, argmax row, reference row) for the reveal."""
    labels, counts = answer_rows(q.choices, tally, rest_label)
    probs: list[float | None] = [(q.probs or {}).get(label) for label in labels]
    reference = q.reference
    if reference is not None and reference not in labels:
        labels.append(reference)
        counts.append(0)
        probs.append(ref_prob)
    elif reference is not None and probs[labels.index(reference)] is None:
        probs[labels.index(reference)] = ref_prob
    argmax = labels.index(q.argmax) if q.argmax in labels else None
    ref_row = labels.index(reference) if reference is not None else None
    return labels, counts, probs, argmax, ref_row


def _fed(q: PublicQuestion | StepResult) -> str:
    return " ".join(literal_code(tok) for tok in q.fed)


def panel(quiet: bool = False) -> None:
    """The panel of the class's latest question, polled once a second while its answers may
    still change, every few seconds after the reveal; the sentence's summary under it once
    revealed (`quiet`: nothing at all before the first question, under a player)."""
    taught = classroom.teaching()
    if taught is None:
        return
    try:
        q = classroom.store().current_question(taught.code)
    except ClassError as e:
        st.error(literal(e.text(state.lang())))
        return
    if q is None:
        if not quiet:
            st.caption(state.t("cls_no_question_yet"))
        return
    # after a reveal, slower: only a question asked from another tab or page is news
    every = REVEALED_POLL_SECONDS if q.state == "revealed" else POLL_SECONDS
    st.fragment(_live, run_every=every)()


def _live() -> None:
    taught = classroom.teaching()
    if taught is None:
        return
    lang, scale = state.lang(), state.font_scale()
    try:
        q = classroom.store().current_question(taught.code)
        tally = q.tally if q is not None and q.state == "revealed" else None  # revealed: in q
        if q is not None and tally is None:
            tally = classroom.store().tally(taught.code, taught.key, q.question_id)
    except ClassError as e:
        st.error(literal(e.text(lang)))
        return
    if q is None or tally is None:
        return
    with st.container(border=True, key="cls_panel"):
        if (message := st.session_state.pop(ACT_ERROR, None)) is not None:
            st.error(literal(message))
        st.markdown(state.t("cls_q_head", t=q.step, src=literal(q.src), fed=_fed(q)))
        st.caption(state.t(f"cls_state_{q.state}", n=tally.total))
        rest = state.t("cls_other_rest")
        if q.state != "revealed":
            labels, counts = answer_rows(q.choices, tally, rest)
            charts.chart(figures.answers_figure(labels, counts, lang, scale), key="cls_live",
                         alt=alt.class_answers(labels, counts, lang))  # fmt: skip
            _buttons(q)
            return
        followed = st.session_state.get(classroom.FOLLOWED) or {}
        ref_prob = followed.get("ref_prob") if followed.get("qid") == q.question_id else None
        labels, counts, probs, argmax, ref = reveal_rows(q, tally, rest, ref_prob)
        fig = figures.reveal_figure(labels, counts, probs, argmax, ref, lang, scale)
        charts.chart(fig, key="cls_reveal",
                     alt=alt.class_reveal(labels, counts, probs, argmax, ref, lang))  # fmt: skip
        st.caption(state.t("cls_reveal_legend"))
    _summary(taught, q.src)


def _buttons(q: PublicQuestion) -> None:
    row = st.container(horizontal=True)
    if q.state == "open":
        row.button(state.t("cls_close"), key="cls_close", on_click=_act, args=("close", q))
    row.button(state.t("cls_reveal"), key="cls_reveal_btn", type="primary", on_click=_act,
               args=("reveal", q))  # fmt: skip


def _act(what: str, q: PublicQuestion) -> None:
    """A button's callback: close or reveal the question (the teacher key goes with it)."""
    taught = classroom.teaching()
    if taught is None:
        return
    store = classroom.store()
    try:
        if what == "close":
            store.close_question(taught.code, taught.key, q.question_id)
        else:
            store.reveal(taught.code, taught.key, q.question_id)
    except ClassError as e:
        st.session_state[ACT_ERROR] = e.text(state.lang())


def _summary(taught: classroom.Teaching, src: str) -> None:
    """The sentence's asked steps: the class's share on the model's argmax beside the
    model's probability of it, and a table of the class's answer, the argmax and the
    reference at each step."""
    try:
        steps = classroom.store().history(taught.code, taught.key, src)
    except ClassError:
        return
    if len(steps) < 2 and not (steps and steps[-1].argmax == "<eos>"):
        return
    lang, scale = state.lang(), state.font_scale()
    done = steps[-1].argmax == "<eos>"
    with st.expander(state.t("cls_summary", n=len(steps)), expanded=done):
        shares = [s.tally.counts.get(s.argmax, 0) / s.total if s.total else 0.0 for s in steps]
        fig = figures.summary_figure([s.argmax for s in steps], shares,
                                     [s.argmax_prob for s in steps], lang, scale)  # fmt: skip
        charts.chart(
            fig,
            key="cls_summary_fig",
            alt=alt.class_summary([s.argmax for s in steps], shares, lang),
        )
        tables.table(_table(steps))


def _table(steps: Sequence[StepResult]) -> list[dict]:
    """Rows of plain text (a dataframe draws no markup)."""
    head = [state.t(k) for k in ("cls_col_step", "cls_col_class", "cls_col_model",
                                 "cls_col_reference")]  # fmt: skip
    rows = []
    for s in steps:
        klass = "–" if s.class_answer is None else f"{s.class_answer} ({s.class_share:.0%})"
        rows.append({head[0]: s.step, head[1]: klass,
                     head[2]: f"{s.argmax} ({s.argmax_prob:.0%})",
                     head[3]: s.reference or "–"})  # fmt: skip
    return rows
