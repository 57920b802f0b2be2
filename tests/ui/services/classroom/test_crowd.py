"""120 students answer one question from two processes at once (the replicas of serve.py),
on SQLite (WAL) and PostgreSQL: every answer counted exactly once; a process killed
mid-question loses none of the answers it gave, and its students reconnect and answer.
The workers are bench/class_answers.py's (`--worker`)."""

from __future__ import annotations

import pytest

from bench import class_answers
from bench.class_answers import (
    CANDIDATES,
    PROBS,
    events,
    expected_tally,
    new_students,
    start_worker,
)
from ui.services.classroom import QuestionSpec, open_store

STUDENTS = 120


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.full)])
def crowd_url(request, tmp_path) -> str:
    """A new database; PostgreSQL's runs are `full` (~10 s each on a loaded machine; the
    store's other tests run on PostgreSQL by default)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/classroom.db"
    return request.getfixturevalue("postgres_server").new_database()


@pytest.fixture
def asked(crowd_url):
    """A store on a new database, a class and its question: (store, code, key, qid, url)."""
    store_url = crowd_url
    store = open_store(store_url)
    info, key = store.create_class("crowd")
    spec = QuestionSpec(2, "She reads a book.", ("<sos>", "그녀는"), CANDIDATES, PROBS,
                        CANDIDATES[0], CANDIDATES[0])  # fmt: skip
    qid = store.ask(info.code, key, spec)
    yield store, info.code, key, qid, store_url
    store.dispose()


def _job(url, code, qid, students, **extra) -> dict:
    return {"url": url, "code": code, "question": qid, "students": students, **extra}


def _check_counted(store, code, key, qid, answered: list[dict]) -> None:
    counts, other = expected_tally(answered)
    tally = store.tally(code, key, qid)
    assert (tally.counts, tally.other, tally.total) == (counts, other, len(answered))


def test_answers_from_two_processes_at_once_are_each_counted_once(asked):
    store, code, key, qid, url = asked
    half = STUDENTS // 2
    procs = [start_worker(_job(url, code, qid, new_students(i * half, half), threads=3,
                               nickname="student")) for i in range(2)]  # fmt: skip
    results = [events(p) for p in procs]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    answered = [e for evs in results for e in evs if "answered" in e]
    assert sorted(e["index"] for e in answered) == list(range(STUDENTS))
    _check_counted(store, code, key, qid, answered)
    nicknames = [e["nickname"] for evs in results for e in evs if "joined" in e]
    assert len(set(nicknames)) == STUDENTS and "student" in nicknames
    assert store.get_class(code).students == STUDENTS


def test_a_process_killed_mid_question_keeps_the_answers_given(crowd_url):
    """bench/class_answers.py's run: worker 0 is killed (SIGKILL) after 10 answers; every
    answer it reported is stored, and its students reconnect (with their tokens) or join in a
    new process and answer: the tally is exact over every student's final answer."""
    args = class_answers.main_args(["--url", crowd_url, "--threads", "2", "--pace", "0.1",
                                    "--kill-after", "10", "--poll", "0.05"])  # fmt: skip
    figures = class_answers.run(args)
    assert figures["worker_exit"][0] != 0 and figures["worker_exit"][1:] == [0, 0]
    assert figures["answers_lost_by_the_kill"] == 0
    assert figures["answers_reported"] == figures["tally_total"] == STUDENTS
    assert figures["ok"] and figures["chart_complete_after_last_answer_s"] is not None
