"""Only the teacher asks; students cannot see who answered what, answer twice, publish for
another nickname or flood; what a student sends is capped. On SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses

import pytest
import sqlalchemy as sa

from tests.ui.services.classroom.conftest import spec
from ui.services.classroom import ClassError, PublicQuestion, Tally
from ui.services.classroom import questions as questions_module
from ui.services.classroom.records import FLOOD_CALLS, FLOOD_SECONDS, NICKNAME_MAX, OTHER_MAX
from ui.services.classroom.schema import ANSWERS, METADATA


def _refused(code: str, call) -> None:
    with pytest.raises(ClassError) as err:
        call()
    assert err.value.code == code


@pytest.fixture
def asked(klass):
    """The class with a question asked and a student in it."""
    klass.student = klass.store.join(klass.code, "Jun")
    klass.qid = klass.store.ask(klass.code, klass.key, spec())
    return klass


@pytest.mark.parametrize("key", ["", "student", "wrong-key-of-the-right-length-000000000000"])
def test_without_the_teacher_key_nobody_asks_closes_reveals_or_tallies(asked, key):
    s, code, qid = asked.store, asked.code, asked.qid
    s.answer(code, asked.student.token, qid, "책을")
    key = asked.student.token if key == "student" else key
    for call in (
        lambda: s.ask(code, key, spec(step=3)),
        lambda: s.close_question(code, key, qid),
        lambda: s.reveal(code, key, qid),
        lambda: s.tally(code, key, qid),
        lambda: s.history(code, key),
        lambda: s.check_teacher(code, key),
        lambda: s.end_class(code, key),
    ):
        _refused("wrong_key", call)
    seen = s.current_question(code)
    assert (seen.question_id, seen.state, seen.tally) == (qid, "open", None)
    s.answer(code, asked.student.token, qid, "신문을")  # still open: nothing was closed


def test_another_class_teacher_key_opens_nothing_here(asked):
    _, other_key = asked.store.create_class("other")
    _refused("wrong_key", lambda: asked.store.tally(asked.code, other_key, asked.qid))


def test_what_students_see_names_nobody(asked):
    """A question and a tally carry counts and texts, never a student id or nickname."""
    for record in (PublicQuestion, Tally):
        names = {f.name for f in dataclasses.fields(record)}
        assert not names & {"student_id", "student", "nickname", "students", "answers"}
    s = asked.store
    s.answer(asked.code, asked.student.token, asked.qid, "책을")
    s.reveal(asked.code, asked.key, asked.qid)
    assert "Jun" not in repr(s.current_question(asked.code))


def test_an_answer_given_many_times_is_one_row(asked):
    s, code, qid = asked.store, asked.code, asked.qid
    for choice in ("책을", "신문을", "딴말", "편지를"):
        s.answer(code, asked.student.token, qid, choice)
    with s._db.read() as conn:
        rows = conn.execute(sa.select(ANSWERS.c.choice).where(ANSWERS.c.question_id == qid)).all()
    assert [r.choice for r in rows] == ["편지를"]
    assert s.tally(code, asked.key, qid).total == 1


def test_a_student_answers_only_with_its_own_token(asked):
    s = asked.store
    _refused("not_student", lambda: s.answer(asked.code, "made-up", asked.qid, "책을"))
    other, _ = s.create_class("other")
    stranger = s.join(other.code, "Jun")
    _refused("not_student", lambda: s.answer(asked.code, stranger.token, asked.qid, "책을"))
    assert s.tally(asked.code, asked.key, asked.qid).total == 0


def test_a_model_is_published_under_the_publishers_own_nickname_only(asked):
    s, code = asked.store, asked.code
    mina = s.join(code, "Mina")
    pid = s.publish(code, mina.token, b"weights", 0.5, 12.0, "Jun")  # a name, not a nickname
    assert [(e.nickname, e.name) for e in s.board(code)] == [("Mina", "Jun")]
    _refused("no_model", lambda: s.unpublish(code, asked.student.token, pid))
    _refused("not_student", lambda: s.publish(code, "made-up", b"w", 0.5, 12.0, "x"))
    assert [e.publication_id for e in s.board(code)] == [pid]


@pytest.mark.parametrize(
    ("nickname", "code"),
    [
        ("x" * (NICKNAME_MAX + 1), "nickname_too_long"),
        ("<b>Mina</b>", "bad_nickname"),
        ("Mina\n", "bad_nickname"),
        ("Mi\u202ena", "bad_nickname"),  # a right-to-left override
        ("Mi\u200bna", "bad_nickname"),  # a zero-width space
        ("Mina\x00", "bad_nickname"),
        ("**Mina**", "bad_nickname"),  # markdown
        (12, "bad_nickname"),
    ],
)
def test_nicknames_are_checked(klass, nickname, code):
    _refused(code, lambda: klass.store.join(klass.code, nickname))
    assert klass.store.get_class(klass.code).students == 0


@pytest.mark.parametrize(
    ("choice", "code"),
    [
        ("가" * (OTHER_MAX + 1), "answer_too_long"),
        ("", "bad_answer"),
        ("   ", "bad_answer"),
        ("책\n을", "bad_answer"),
        ("\u202e을책", "bad_answer"),
        ("a\x1b[31m", "bad_answer"),
        (None, "bad_answer"),
    ],
)
def test_answers_are_capped_and_plain(asked, choice, code):
    _refused(code, lambda: asked.store.answer(asked.code, asked.student.token, asked.qid, choice))
    assert asked.store.tally(asked.code, asked.key, asked.qid).total == 0


def test_markup_in_an_answer_is_kept_as_text(asked):
    """The store keeps a text as sent (escaping is for wherever it is shown)."""
    s = asked.store
    s.answer(asked.code, asked.student.token, asked.qid, "<b>책</b>")
    assert s.tally(asked.code, asked.key, asked.qid).others == (("<b>책</b>", 1),)


def test_a_flood_of_answers_is_refused_until_the_window_passes(asked, monkeypatch):
    s, code, qid, token = asked.store, asked.code, asked.qid, asked.student.token
    now = [1_000_000.0]
    monkeypatch.setattr(questions_module.time, "time", lambda: now[0])
    for _ in range(FLOOD_CALLS):
        s.answer(code, token, qid, "책을")
    _refused("flood", lambda: s.answer(code, token, qid, "신문을"))
    now[0] += FLOOD_SECONDS / 2
    _refused("flood", lambda: s.answer(code, token, qid, "신문을"))
    assert s.my_answer(code, token, qid) == "책을"
    other = s.join(code)  # one student's flood does not stop another
    s.answer(code, other.token, qid, "편지를")
    now[0] += FLOOD_SECONDS
    s.answer(code, token, qid, "신문을")
    assert s.my_answer(code, token, qid) == "신문을"


def test_refused_calls_count_toward_the_flood(asked, monkeypatch):
    s, code, qid, token = asked.store, asked.code, asked.qid, asked.student.token
    monkeypatch.setattr(questions_module.time, "time", lambda: 2_000_000.0)
    for _ in range(FLOOD_CALLS):
        _refused("answer_too_long", lambda: s.answer(code, token, qid, "x" * 100))
    _refused("flood", lambda: s.answer(code, token, qid, "책을"))


def test_secrets_are_stored_only_as_hashes(klass):
    s = klass.store
    student = s.join(klass.code, "Jun")
    s.publish(klass.code, student.token, b"model", 0.1, 1.0, "m")
    with s._db.read() as conn:
        stored = [repr(row) for table in METADATA.sorted_tables
                  for row in conn.execute(sa.select(table))]  # fmt: skip
    text = "\n".join(stored)
    assert klass.code in text and "Jun" in text
    assert klass.key not in text and student.token not in text
