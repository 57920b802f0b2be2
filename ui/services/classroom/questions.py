"""Questions and answers: asking the class, answering, the tally and the history of a
sentence's steps. Functions of a `Database`; ClassStore's methods call them.

A question's candidates are shuffled once, when asked, and stored in that order (every
student sees the same order, a reload does not reshuffle). An answer is one row per student
and question, replaced while the question is open. The flood counter is a fixed window per
student (FLOOD_CALLS calls per FLOOD_SECONDS), counted in the same transaction as the answer
and kept even when the call is refused.
"""

from __future__ import annotations

import json
import math
import random
import time

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from ui.services.classroom.checks import check_text
from ui.services.classroom.database import Database, class_row, student_row, teacher_class
from ui.services.classroom.errors import ClassError
from ui.services.classroom.records import (
    FED_MAX,
    FLOOD_CALLS,
    FLOOD_SECONDS,
    MAX_CANDIDATES,
    OTHER_MAX,
    SRC_MAX,
    TOKEN_MAX,
    PublicQuestion,
    QuestionSpec,
    StepResult,
    Tally,
)
from ui.services.classroom.schema import ANSWERS, QUESTIONS, STUDENTS

OTHERS_SHOWN = 10  # "something else" texts a tally lists
_shuffle = random.SystemRandom().shuffle


def _bad(why: str) -> ClassError:
    return ClassError("bad_question", why=why)


def _tokens_ok(tokens: tuple[str, ...]) -> bool:
    return all(isinstance(x, str) and 0 < len(x) <= TOKEN_MAX for x in tokens)


def check_spec(spec: QuestionSpec) -> None:
    """ClassError("bad_question") when `spec` does not hold together."""
    cands, probs = tuple(spec.candidates), tuple(spec.probs)
    if not isinstance(spec.step, int) or spec.step < 0:
        raise _bad("step")
    if not isinstance(spec.src, str) or len(spec.src) > SRC_MAX:
        raise _bad("src")
    if len(spec.fed) > FED_MAX or not all(isinstance(x, str) for x in spec.fed):
        raise _bad("fed")
    if not 0 < len(cands) <= MAX_CANDIDATES or len(set(cands)) != len(cands):
        raise _bad("candidates")
    if not _tokens_ok(cands) or not _tokens_ok((spec.argmax,)):
        raise _bad("tokens")
    if spec.reference is not None and not _tokens_ok((spec.reference,)):
        raise _bad("reference")
    if len(probs) != len(cands) or not all(
        isinstance(p, float | int) and math.isfinite(p) and 0 <= p <= 1 for p in probs
    ):
        raise _bad("probs")


def ask(db: Database, code: str, teacher_key: str, spec: QuestionSpec) -> int:
    """See ClassStore.ask."""
    check_spec(spec)
    shown = list(spec.candidates)
    _shuffle(shown)
    for attempt in range(3):
        try:
            with db.write() as conn:
                klass = teacher_class(conn, code, teacher_key, lock=True)
                conn.execute(
                    sa.update(QUESTIONS)
                    .where(QUESTIONS.c.class_id == klass.id, QUESTIONS.c.state == "open")
                    .values(state="closed")
                )
                row = {
                    "class_id": klass.id, "step": spec.step, "src": spec.src,
                    "fed": json.dumps(list(spec.fed), ensure_ascii=False),
                    "candidates": json.dumps(list(spec.candidates), ensure_ascii=False),
                    "probs": json.dumps([float(p) for p in spec.probs]),
                    "shown": json.dumps(shown, ensure_ascii=False),
                    "argmax": spec.argmax, "reference": spec.reference,
                    "state": "open", "asked_at": time.time(),
                }  # fmt: skip
                return conn.execute(sa.insert(QUESTIONS).values(row)).inserted_primary_key[0]
        except sa.exc.IntegrityError:  # another ask of the class opened one meanwhile
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def _question(conn: sa.Connection, class_id: int, question_id: int) -> sa.Row:
    row = conn.execute(
        sa.select(QUESTIONS).where(QUESTIONS.c.id == question_id, QUESTIONS.c.class_id == class_id)
    ).first()
    if row is None:
        raise ClassError("no_question")
    return row


def _tallies(conn: sa.Connection, questions: list[sa.Row]) -> dict[int, Tally]:
    """The tally of each question, in one query."""
    ids = [q.id for q in questions]
    counted: dict[int, list[tuple[str, bool, int]]] = {i: [] for i in ids}
    query = (
        sa.select(ANSWERS.c.question_id, ANSWERS.c.choice, ANSWERS.c.other, sa.func.count())
        .where(ANSWERS.c.question_id.in_(ids))
        .group_by(ANSWERS.c.question_id, ANSWERS.c.choice, ANSWERS.c.other)
    )
    for qid, choice, other, n in conn.execute(query):
        counted[qid].append((choice, bool(other), n))
    return {q.id: _tally(q, counted[q.id]) for q in questions}


def _tally(question: sa.Row, counted: list[tuple[str, bool, int]]) -> Tally:
    counts = dict.fromkeys(json.loads(question.shown), 0)
    others: list[tuple[str, int]] = []
    for choice, other, n in counted:
        if other or choice not in counts:
            others.append((choice, n))
        else:
            counts[choice] += n
    others.sort(key=lambda item: (-item[1], item[0]))
    other = sum(n for _, n in others)
    return Tally(question.id, counts, other, tuple(others[:OTHERS_SHOWN]),
                 sum(counts.values()) + other)  # fmt: skip


def _public(question: sa.Row, tally: Tally | None) -> PublicQuestion:
    revealed = question.state == "revealed"
    probs = dict(zip(json.loads(question.candidates), json.loads(question.probs), strict=True))
    return PublicQuestion(
        question_id=question.id, step=question.step, src=question.src,
        fed=tuple(json.loads(question.fed)), choices=tuple(json.loads(question.shown)),
        state=question.state, asked_at=question.asked_at,
        tally=tally if revealed else None, probs=probs if revealed else None,
        argmax=question.argmax if revealed else None,
        reference=question.reference if revealed else None,
    )  # fmt: skip


def current_question(db: Database, code: str) -> PublicQuestion | None:
    """See ClassStore.current_question."""
    with db.read() as conn:
        klass = class_row(conn, code)
        question = conn.execute(
            sa.select(QUESTIONS)
            .where(QUESTIONS.c.class_id == klass.id)
            .order_by(QUESTIONS.c.id.desc())
            .limit(1)
        ).first()
        if question is None:
            return None
        tally = _tallies(conn, [question])[question.id] if question.state == "revealed" else None
        return _public(question, tally)


def _count_call(conn: sa.Connection, student_id: int, now: float) -> ClassError | None:
    """Count one answer call of the student; the refusal when over the flood bound."""
    within = STUDENTS.c.flood_start > now - FLOOD_SECONDS
    calls = conn.execute(
        sa.update(STUDENTS)
        .where(STUDENTS.c.id == student_id)
        .values(
            flood_calls=sa.case((within, STUDENTS.c.flood_calls + 1), else_=1),
            flood_start=sa.case((within, STUDENTS.c.flood_start), else_=now),
        )
        .returning(STUDENTS.c.flood_calls)
    ).scalar_one()
    if calls > FLOOD_CALLS:
        return ClassError("flood", calls=FLOOD_CALLS, seconds=int(FLOOD_SECONDS))
    return None


def _choice(question: sa.Row, choice: object) -> tuple[str, bool]:
    """(the text stored, whether it is "something else")."""
    shown = json.loads(question.shown)
    if choice in shown:
        return str(choice), False
    text = check_text(choice, OTHER_MAX, "bad_answer", "answer_too_long")
    return text, text not in shown


def _store_answer(conn: sa.Connection, student: sa.Row, question_id: int, choice: object,
                  now: float) -> ClassError | None:  # fmt: skip
    query = sa.select(QUESTIONS).where(
        QUESTIONS.c.id == question_id, QUESTIONS.c.class_id == student.class_id
    )
    if conn.dialect.name == "postgresql":  # a close waits for the answers being written
        query = query.with_for_update(read=True)
    question = conn.execute(query).first()
    if question is None:
        return ClassError("no_question")
    if question.state != "open":
        return ClassError("question_closed")
    try:
        text, other = _choice(question, choice)
    except ClassError as refusal:
        return refusal
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    insert = dialect.insert(ANSWERS).values(
        question_id=question.id, student_id=student.id, choice=text, other=other, answered_at=now
    )
    conn.execute(
        insert.on_conflict_do_update(
            index_elements=[ANSWERS.c.question_id, ANSWERS.c.student_id],
            set_={c: insert.excluded[c] for c in ("choice", "other", "answered_at")},
        )
    )
    return None


def answer(db: Database, code: str, token: str, question_id: int, choice: object) -> None:
    """See ClassStore.answer. The call is counted (flood) even when it is refused."""
    now = time.time()
    with db.write() as conn:
        student = student_row(conn, code, token)
        refusal = _count_call(conn, student.id, now)
        if refusal is None:
            refusal = _store_answer(conn, student, question_id, choice, now)
    if refusal is not None:
        raise refusal


def my_answer(db: Database, code: str, token: str, question_id: int) -> str | None:
    """See ClassStore.my_answer."""
    with db.read() as conn:
        student = student_row(conn, code, token)
        return conn.execute(
            sa.select(ANSWERS.c.choice).where(
                ANSWERS.c.question_id == question_id, ANSWERS.c.student_id == student.id
            )
        ).scalar()


def set_state(db: Database, code: str, teacher_key: str, question_id: int, state: str) -> None:
    """Close ("closed": an open question only) or reveal ("revealed") a question."""
    with db.write() as conn:
        klass = teacher_class(conn, code, teacher_key)
        question = _question(conn, klass.id, question_id)
        if state == "closed" and question.state != "open":
            return
        conn.execute(sa.update(QUESTIONS).where(QUESTIONS.c.id == question.id).values(state=state))


def tally(db: Database, code: str, teacher_key: str, question_id: int) -> Tally:
    """See ClassStore.tally."""
    with db.read() as conn:
        klass = teacher_class(conn, code, teacher_key)
        question = _question(conn, klass.id, question_id)
        return _tallies(conn, [question])[question.id]


def _class_answer(question: sa.Row, tally: Tally) -> tuple[str | None, float]:
    """The class's most common answer and its share (ties: the model's higher candidate,
    then "something else" texts alphabetically)."""
    ranks = {tok: i for i, tok in enumerate(json.loads(question.candidates))}
    entries = [(n, ranks[tok], tok) for tok, n in tally.counts.items() if n]
    entries += [(n, len(ranks), text) for text, n in tally.others]
    if not entries:
        return None, 0.0
    n, _, best = min(entries, key=lambda e: (-e[0], e[1], e[2]))
    return best, n / tally.total


def history(db: Database, code: str, teacher_key: str, src: str | None) -> list[StepResult]:
    """See ClassStore.history."""
    with db.read() as conn:
        klass = teacher_class(conn, code, teacher_key)
        mine = QUESTIONS.c.class_id == klass.id
        if src is None:
            src = conn.execute(
                sa.select(QUESTIONS.c.src).where(mine).order_by(QUESTIONS.c.id.desc()).limit(1)
            ).scalar()
        rows = conn.execute(
            sa.select(QUESTIONS).where(mine, QUESTIONS.c.src == src).order_by(QUESTIONS.c.id)
        ).all()
        latest = {q.step: q for q in rows}  # a step asked again: its latest question
        questions = [latest[step] for step in sorted(latest)]
        tallies = _tallies(conn, questions)
    results = []
    for q in questions:
        answer_, share = _class_answer(q, tallies[q.id])
        probs = dict(zip(json.loads(q.candidates), json.loads(q.probs), strict=True))
        results.append(StepResult(
            question_id=q.id, step=q.step, fed=tuple(json.loads(q.fed)), class_answer=answer_,
            class_share=share, total=tallies[q.id].total, argmax=q.argmax,
            argmax_prob=probs.get(q.argmax, 0.0), reference=q.reference, tally=tallies[q.id],
        ))  # fmt: skip
    return results
