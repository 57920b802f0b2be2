"""120 students answer one question from two processes at once (the replicas of serve.py),
on SQLite (WAL) and PostgreSQL: every answer counted exactly once; a process killed
mid-question loses none of the answers it gave, and its students reconnect and answer.
The workers are bench/class_answers.py's (`--worker`)."""

from __future__ import annotations

import json

import pytest

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


def _kill_after(proc, answers: int) -> list[dict]:
    """Read the worker's lines until it has reported `answers` answers, kill it (SIGKILL),
    and return every line it printed (the pipe keeps those flushed before it died)."""
    seen = []
    for line in proc.stdout:
        seen.append(json.loads(line))
        if sum("answered" in e for e in seen) >= answers:
            break
    proc.kill()
    proc.wait(timeout=30)
    return seen + events(proc)


def test_a_process_killed_mid_question_keeps_the_answers_given(asked):
    store, code, key, qid, url = asked
    half = STUDENTS // 2
    doomed = start_worker(_job(url, code, qid, new_students(0, half), threads=2, pace=0.05))
    steady = start_worker(_job(url, code, qid, new_students(half, half), threads=3))
    seen = _kill_after(doomed, 10)
    given = [e for e in seen if "answered" in e]
    assert doomed.returncode != 0 and 10 <= len(given) < half
    steady_answers = [e for e in events(steady) if "answered" in e]
    assert steady.wait(timeout=120) == 0 and len(steady_answers) == half
    for e in given:  # every answer the killed process gave is kept
        assert store.my_answer(code, e["answered"], qid) == e["choice"]
    assert len(given) + half <= store.tally(code, key, qid).total <= STUDENTS
    # its students reconnect (the joined ones with their tokens) or join, and answer
    joined = {e["index"]: e["joined"] for e in seen if "joined" in e}
    done = {e["index"] for e in given}
    rest = [[i, joined.get(i)] for i in range(half) if i not in done]
    again = start_worker(_job(url, code, qid, rest, threads=3, once=True))
    again_answers = [e for e in events(again) if "answered" in e]
    assert again.wait(timeout=120) == 0 and len(again_answers) == len(rest)
    _check_counted(store, code, key, qid, given + steady_answers + again_answers)
    # a student the killed process joined but had not yet reported joined again: one per
    # thread at most, with no answer (a student answers only after its join is reported)
    assert STUDENTS <= store.get_class(code).students <= STUDENTS + 2
