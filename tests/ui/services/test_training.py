"""Background training runs: the queue, pause/resume, stop, and a closed tab, on both
backends (tests/seq2seq_core/training/test_jobs.py: what only the task engine does)."""

from __future__ import annotations

import time

import pytest

from seq2seq_core.config import TrainConfig
from tests.support.models import tiny_translator, toy_pairs
from ui.services import engine, training


@pytest.fixture(autouse=True, params=["dask", "inprocess"])
def backend(request, monkeypatch):
    """Every test on both backends: the task engine (default) and threads in process. The
    engine is started before the test (once per test process), not inside its timings."""
    monkeypatch.setattr(training, "BACKEND", request.param)
    if request.param == "dask":
        engine.client()
    return request.param


def _run(epochs: int = 2) -> training.TrainingRun:
    cfg = TrainConfig(epochs=epochs, batch_size=8)
    return training.TrainingRun(tiny_translator(), toy_pairs(60), toy_pairs(8, seed=4), cfg)


def _wait(cond, timeout=30.0) -> None:
    end = time.monotonic() + timeout
    while not cond():
        assert time.monotonic() < end, "timed out"
        time.sleep(0.01)


def test_a_run_trains_in_the_background_and_records_curves():
    run = _run()
    run.start()
    run.join(60)
    assert run.status == "finished"
    assert len(run.history) == 2 and run.batch_points and run.snapshots
    assert run.progress == 1.0


def test_pause_resume_and_stop():
    run = _run(epochs=200)
    run.start()
    _wait(lambda: run.trainer.step > 0)
    run.pause()
    run.join(10)
    assert run.status == "paused"
    step = run.trainer.step
    run.start()
    _wait(lambda: run.trainer.step > step)
    run.stop()
    run.join(10)
    assert run.status == "stopped"
    run.translator.trace("a b")  # still a usable model


def test_runs_beyond_the_limit_wait_in_a_queue(monkeypatch):
    monkeypatch.setattr(training, "MAX_RUNS", 1)
    first, second = _run(epochs=200), _run(epochs=1)
    first.start()
    _wait(lambda: first.status == "running")
    second.start()
    time.sleep(0.3)
    assert second.status == "queued" and second.queue_position == 1
    first.stop()
    first.join(10)
    second.join(60)
    assert second.status == "finished"


def test_a_closed_tab_stops_its_run(monkeypatch):
    monkeypatch.setattr(training, "ABANDON_AFTER", 0.2)
    run = _run(epochs=500)
    run.start()
    run.join(30)
    assert run.status == "stopped"
    assert run.trainer.epoch < 500


def test_stopping_at_any_moment_leaves_a_usable_model():
    """Stop (or pause) after random delays: every time the weights are finite, the model
    decodes, its download round-trips through the safe loader, and training can go on."""
    import random

    import torch

    from seq2seq_core.checkpoints import checkpoint

    rng = random.Random(3)
    for i in range(6):
        run = _run(epochs=200)
        run.start()
        time.sleep(rng.uniform(0.0, 0.4))
        (run.pause if i % 2 else run.stop)()
        run.join(10)
        assert run.status in ("paused", "stopped", "finished")
        params = list(run.translator.model.parameters())
        assert all(torch.isfinite(p).all() for p in params)
        run.translator.trace("a b c")
        again = checkpoint.from_bytes(checkpoint.to_bytes(run.translator))  # the download
        for a, b in zip(params, again.model.parameters(), strict=True):
            assert torch.equal(a, b)
        step = run.trainer.step
        run.start()  # resume
        _wait(lambda r=run, s=step: r.trainer.step > s)
        run.stop()
        run.join(10)


# -- one job per session, a fair queue, the memory budget --------------------------------------
def test_a_sessions_new_run_stops_its_other_one():
    """The Train page's run and an experiment's share the session's one job: starting one
    stops the other (each extra tab is its own session, with its own job)."""
    first, second = _run(epochs=500), _run(epochs=500)
    training.start_owned("tab-1", [first])
    _wait(lambda: first.status == "running")
    replaced = training.start_owned("tab-1", [second])
    assert replaced == [first]
    first.join(10)
    assert first.status == "stopped"
    assert training.active_runs("tab-1") == [second]
    second.stop()
    second.join(10)


def test_the_runs_of_one_session_train_one_at_a_time(monkeypatch):
    monkeypatch.setattr(training, "MAX_RUNS", 2)
    a1, a2 = _run(epochs=500), _run(epochs=1)
    training.start_owned("tab-a", [a1, a2])
    _wait(lambda: a1.status == "running")
    time.sleep(0.3)
    assert a2.status == "queued"  # a slot is free, but the session already trains
    other = _run(epochs=1)
    training.start_owned("tab-b", [other])
    other.join(30)
    assert other.status == "finished"  # another session takes the free slot
    a1.stop()
    a2.join(30)
    assert a2.status == "finished"


def test_sessions_are_served_first_come_one_slot_each(monkeypatch):
    monkeypatch.setattr(training, "MAX_RUNS", 1)
    blocker = _run(epochs=500)
    training.start_owned("first", [blocker])
    _wait(lambda: blocker.status == "running")
    many = [_run(epochs=200), _run(epochs=200), _run(epochs=200)]  # one session, 3 runs
    training.start_owned("greedy", many)
    late = _run(epochs=1)
    training.start_owned("late", [late])
    time.sleep(0.2)
    assert late.queue_position == 2  # sessions ahead count once, not per run
    blocker.stop()
    _wait(lambda: many[0].status == "running")
    for r in many:
        r.stop()
    late.join(30)
    assert late.status == "finished"
    assert all(r.status == "stopped" for r in many)


def test_a_closed_sessions_waiting_run_leaves_the_queue(monkeypatch):
    """Issue 23: a student whose tab closed while their run waited, back in a new session
    (a reload), starts again. Their old run leaves the queue (it kept its place for 60 s
    before, ahead of their new one: two places for one student) and never trains."""
    monkeypatch.setattr(training, "MAX_RUNS", 1)
    monkeypatch.setattr(training, "SESSION_GONE_AFTER", 0.3)
    closed: set[str] = set()
    monkeypatch.setattr(training, "session_closed", lambda owner: owner in closed)
    blocker, old, new = _run(epochs=500), _run(epochs=200), _run(epochs=1)
    training.start_owned("a", [blocker])
    _wait(lambda: blocker.status == "running")
    training.start_owned("b-before", [old])
    closed.add("b-before")  # the server closed that session
    training.start_owned("b-after", [new])
    _wait(lambda: old.status == "stopped", 10)
    assert new.queue_position == 1
    blocker.stop()
    new.join(60)
    assert new.status == "finished" and old.trainer.step == 0


def test_a_run_over_the_memory_budget_is_refused_before_it_trains():
    from seq2seq_core.training.budget import BudgetError

    cfg = TrainConfig(epochs=1, batch_size=8)
    try:
        training.TrainingRun(
            tiny_translator(), toy_pairs(60), toy_pairs(8, seed=4), cfg, memory_budget=2**20
        )
    except BudgetError as e:
        assert e.code == "run_over_budget" and e.params["budget_mb"] == 1
    else:
        raise AssertionError("a run over its budget started")
