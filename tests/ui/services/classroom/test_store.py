"""A class's life on the store, on SQLite and PostgreSQL: create, join, ask, answer, tally,
reveal, history, end."""

from __future__ import annotations

import os
import stat

import pytest
import sqlalchemy as sa

from tests.ui.services.classroom.conftest import CANDIDATES, spec
from ui.services.classroom import ClassError, open_store
from ui.services.classroom.checks import secret_hash
from ui.services.classroom.records import CODE_ALPHABET, CODE_LENGTH, NICKNAME_MAX
from ui.services.classroom.schema import ANSWERS, PUBLICATIONS, STUDENTS


def test_a_class_has_a_short_unambiguous_code_and_is_found_by_it(klass):
    code = klass.code
    assert len(code) == CODE_LENGTH and set(code) <= set(CODE_ALPHABET)
    assert not set(code) & set("0O1IL")
    typed = f" {code[:3].lower()}-{code[3:]} "
    assert klass.store.get_class(typed).code == code
    assert klass.store.get_class(code).lesson == "Lesson 3: attention"
    with pytest.raises(ClassError) as err:
        klass.store.get_class("ZZZZZ2" if code != "ZZZZZ2" else "ZZZZZ3")
    assert err.value.code == "no_class"


def test_class_codes_and_keys_differ_between_classes(store):
    made = [store.create_class(f"lesson {i}") for i in range(5)]
    assert len({info.code for info, _ in made}) == 5 and len({key for _, key in made}) == 5


def test_nicknames_are_unique_in_a_class_case_ignored(klass):
    names = [klass.store.join(klass.code, n).nickname for n in ("Mina", "mina", "MINA", " Mina ")]
    assert names == ["Mina", "mina 2", "MINA 3", "Mina 4"]
    assert klass.store.get_class(klass.code).students == 4


def test_a_long_nickname_keeps_its_suffix_within_the_cap(klass):
    name = "가" * NICKNAME_MAX
    first = klass.store.join(klass.code, name).nickname
    second = klass.store.join(klass.code, name).nickname
    assert first == name and second.endswith(" 2") and len(second) == NICKNAME_MAX


def test_no_nickname_gets_a_number_no_student_can_choose(klass):
    a, b = klass.store.join(klass.code), klass.store.join(klass.code, "  ")
    assert (a.nickname, b.nickname) == ("#1", "#2")
    with pytest.raises(ClassError):
        klass.store.join(klass.code, "#3")


def test_a_student_reconnects_with_the_token_only(klass):
    joined = klass.store.join(klass.code, "Jun")
    again = klass.store.student(klass.code.lower(), joined.token)
    assert again == joined
    other, _ = klass.store.create_class("another lesson")
    for code, token in ((klass.code, joined.token + "x"), (other.code, joined.token)):
        with pytest.raises(ClassError) as err:
            klass.store.student(code, token)
        assert err.value.code == "not_student"


def test_students_see_the_question_shuffled_once_and_no_tally_before_the_reveal(klass):
    s, code = klass.store, klass.code
    qid = s.ask(code, klass.key, spec())
    seen = s.current_question(code)
    assert seen.question_id == qid and seen.state == "open"
    assert sorted(seen.choices) == sorted(CANDIDATES)
    assert seen.fed == ("<sos>", "그녀는") and seen.src == "She reads a book."
    assert (seen.tally, seen.probs, seen.argmax, seen.reference) == (None,) * 4
    assert all(s.current_question(code).choices == seen.choices for _ in range(3))


def test_the_shuffle_is_not_the_models_order_every_time(klass):
    orders = {klass.store.current_question(klass.code).choices
              for _ in range(12) if klass.store.ask(klass.code, klass.key, spec())}  # fmt: skip
    assert len(orders) > 1


def test_answers_are_tallied_and_changeable_until_closed(klass):
    s, code, key = klass.store, klass.code, klass.key
    qid = s.ask(code, key, spec())
    a, b, c = (s.join(code, n) for n in ("a", "b", "c"))
    s.answer(code, a.token, qid, "책을")
    s.answer(code, b.token, qid, "신문을")
    s.answer(code, b.token, qid, "책을")  # b changes its mind
    s.answer(code, c.token, qid, "  잡지를  ")  # something else, trimmed
    tally = s.tally(code, key, qid)
    assert tally.counts["책을"] == 2 and tally.counts["신문을"] == 0
    assert (tally.other, tally.others, tally.total) == (1, (("잡지를", 1),), 3)
    assert s.my_answer(code, b.token, qid) == "책을" and s.my_answer(code, c.token, qid) == "잡지를"
    s.close_question(code, key, qid)
    with pytest.raises(ClassError) as err:
        s.answer(code, a.token, qid, "신문을")
    assert err.value.code == "question_closed"
    assert s.tally(code, key, qid).counts["책을"] == 2


def test_free_text_equal_to_a_candidate_counts_as_that_candidate(klass):
    s = klass.store
    qid = s.ask(klass.code, klass.key, spec())
    s.answer(klass.code, s.join(klass.code).token, qid, " 책을 ")
    tally = s.tally(klass.code, klass.key, qid)
    assert (tally.counts["책을"], tally.other) == (1, 0)


def test_the_reveal_shows_the_class_the_tally_and_the_model(klass):
    s, code, key = klass.store, klass.code, klass.key
    qid = s.ask(code, key, spec())
    s.answer(code, s.join(code).token, qid, "신문을")
    s.reveal(code, key, qid)
    seen = s.current_question(code)
    assert seen.state == "revealed" and seen.argmax == "책을" and seen.reference == "책을"
    assert seen.probs == dict(zip(CANDIDATES, (0.55, 0.25, 0.15, 0.05), strict=True))
    assert seen.tally.counts["신문을"] == 1 and seen.tally.total == 1
    s.close_question(code, key, qid)  # closing a revealed question keeps it revealed
    assert s.current_question(code).state == "revealed"


def test_a_new_question_closes_the_open_one(klass):
    s, code, key = klass.store, klass.code, klass.key
    first = s.ask(code, key, spec(step=1))
    second = s.ask(code, key, spec(step=2))
    token = s.join(code).token
    with pytest.raises(ClassError) as err:
        s.answer(code, token, first, "책을")
    assert err.value.code == "question_closed"
    s.answer(code, token, second, "책을")
    assert s.current_question(code).question_id == second


def test_a_question_of_another_class_cannot_be_answered_or_tallied(klass):
    s = klass.store
    other, other_key = s.create_class("other")
    qid = s.ask(other.code, other_key, spec())
    with pytest.raises(ClassError) as err:
        s.answer(klass.code, s.join(klass.code).token, qid, "책을")
    assert err.value.code == "no_question"
    with pytest.raises(ClassError) as err:
        s.tally(klass.code, klass.key, qid)
    assert err.value.code == "no_question"
    assert s.current_question(klass.code) is None


def test_history_puts_the_class_beside_the_model_step_by_step(klass):
    s, code, key = klass.store, klass.code, klass.key
    students = [s.join(code) for _ in range(3)]
    s.ask(code, key, spec(step=1, src="Other sentence."))
    plan = {1: ["신문을", "신문을", "책을"], 2: ["편지를", "책을", "편지를"], 3: []}
    for step, answers in plan.items():
        qid = s.ask(code, key, spec(step=step, reference=None if step == 3 else "책을"))
        for student, choice in zip(students, answers, strict=False):
            s.answer(code, student.token, qid, choice)
    again = s.ask(code, key, spec(step=2))  # step 2 asked again: its latest question counts
    s.answer(code, students[0].token, again, "책을")
    rows = s.history(code, key)
    assert [r.step for r in rows] == [1, 2, 3]
    assert [r.class_answer for r in rows] == ["신문을", "책을", None]
    assert rows[0].class_share == pytest.approx(2 / 3) and rows[1].total == 1
    assert {r.argmax for r in rows} == {"책을"} and rows[2].reference is None
    assert rows[0].argmax_prob == pytest.approx(0.55)
    assert [r.step for r in s.history(code, key, src="Other sentence.")] == [1]


def test_a_tie_goes_to_the_models_higher_candidate(klass):
    s, code, key = klass.store, klass.code, klass.key
    qid = s.ask(code, key, spec())
    for choice in ("<eos>", "신문을", "zzz"):
        s.answer(code, s.join(code).token, qid, choice)
    assert s.history(code, key)[0].class_answer == "신문을"


def _rows_of(store, student) -> tuple[int, int]:
    """The rows left of a student: (students, publications + answers)."""
    with store._db.read() as conn:
        sid = student.student_id
        students = conn.execute(
            sa.select(sa.func.count()).where(STUDENTS.c.token_hash == secret_hash(student.token))
        ).scalar()
        left = sum(conn.execute(sa.select(sa.func.count()).where(t.c.student_id == sid)).scalar()
                   for t in (PUBLICATIONS, ANSWERS))  # fmt: skip
    return students, left


def test_ending_a_class_deletes_everything_in_it(klass):
    s, code, key = klass.store, klass.code, klass.key
    student = s.join(code, "Ara")
    qid = s.ask(code, key, spec())
    s.answer(code, student.token, qid, "책을")
    s.publish(code, student.token, b"model", 0.5, 10.0, "mine")
    s.end_class(code, key)
    assert _rows_of(s, student) == (0, 0)
    for call in (lambda: s.get_class(code), lambda: s.student(code, student.token)):
        with pytest.raises(ClassError) as err:
            call()
        assert err.value.code == "no_class"


def test_old_classes_are_purged_with_everything_in_them(store, monkeypatch):
    from ui.services.classroom import store as store_module

    now = store_module.time.time()
    monkeypatch.setattr(store_module.time, "time", lambda: now - 8 * 86400)
    old, old_key = store.create_class("last week")
    student = store.join(old.code, "Ara")
    store.publish(old.code, student.token, b"model", 0.5, 10.0, "m")
    monkeypatch.setattr(store_module.time, "time", lambda: now)
    new, _ = store.create_class("today")
    assert store.purge(7) >= 1
    with pytest.raises(ClassError) as err:
        store.check_teacher(old.code, old_key)
    assert err.value.code == "no_class"
    assert store.get_class(new.code).lesson == "today"
    assert _rows_of(store, student) == (0, 0)
    with pytest.raises(ValueError):
        store.purge(0)


def test_the_default_database_is_a_file_in_a_private_data_folder(tmp_path, monkeypatch):
    folder = tmp_path / "data" / "classroom"
    monkeypatch.delenv("SEQ2SEQ_DATABASE_URL", raising=False)
    monkeypatch.setenv("SEQ2SEQ_DATA_DIR", str(folder))
    store = open_store()
    try:
        info, _ = store.create_class("x")
        assert (folder / "classroom.db").exists() and store.backend == "sqlite"
        assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700
        assert open_store(f"sqlite:///{folder}/classroom.db").get_class(info.code).code == info.code
    finally:
        store.dispose()


def test_the_url_setting_wins_over_the_data_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("SEQ2SEQ_DATA_DIR", str(tmp_path / "unused"))
    monkeypatch.setenv("SEQ2SEQ_DATABASE_URL", f"sqlite:///{tmp_path}/chosen.db")
    open_store().dispose()
    assert (tmp_path / "chosen.db").exists() and not (tmp_path / "unused").exists()


def test_an_unreachable_database_is_a_class_error(tmp_path):
    with pytest.raises(ClassError) as err:
        open_store("postgresql+psycopg://nobody:x@127.0.0.1:1/none?connect_timeout=2")
    assert err.value.code == "unavailable"
