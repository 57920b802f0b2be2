"""Training on the task engine (Dask distributed): the same weights as in process, pause and
resume across processes, stop, a closed tab, a killed worker, the budget before submission.

One embedded cluster per test process (ui/services/engine.py starts it on first use; the fixture
starts it before the first test so that no run's timing includes it)."""

from __future__ import annotations

import os
import signal
import time

import pytest
import torch

from seq2seq_core.config import TrainConfig
from seq2seq_core.training import state as trainer_state
from seq2seq_core.training.trainer import BatchEvent, DoneEvent, Trainer
from tests.support.models import tiny_translator, toy_pairs
from ui.services import engine, training


def _run(epochs: int = 2, seed: int = 0) -> training.TrainingRun:
    cfg = TrainConfig(epochs=epochs, batch_size=8, seed=seed)
    return training.TrainingRun(tiny_translator(), toy_pairs(60), toy_pairs(8, seed=4), cfg)


def _wait(cond, timeout=60.0) -> None:
    end = time.monotonic() + timeout
    while not cond():
        assert time.monotonic() < end, "timed out"
        time.sleep(0.02)


def _weights(run: training.TrainingRun) -> list[torch.Tensor]:
    return [p.detach().clone() for p in run.translator.model.parameters()]


def _same(a: list[torch.Tensor], b: list[torch.Tensor]) -> bool:
    return all(torch.equal(x, y) for x, y in zip(a, b, strict=True))


@pytest.fixture(scope="module")
def dask_backend():
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(training, "BACKEND", "dask")
        engine.client()
        _wait(lambda: engine.capacity() >= 2, 120)
        yield engine


def test_the_trainer_state_round_trips_exactly():
    """Stopped mid-epoch, dumped, loaded into another trainer (other initial weights) and
    run to the end: the weights of an uninterrupted run, bit for bit."""
    cfg = TrainConfig(epochs=3, batch_size=8)
    whole = Trainer(tiny_translator(), toy_pairs(60), toy_pairs(8, seed=4), cfg)
    list(whole.run())
    part = Trainer(tiny_translator(), toy_pairs(60), toy_pairs(8, seed=4), cfg)
    for i, _ in enumerate(part.run()):
        if i == 12:  # in the second epoch, after its validation
            part.request_stop()
    assert 0 < part.step < whole.step
    data, info = trainer_state.dump(part)
    other = Trainer(tiny_translator(seed=5), toy_pairs(60), toy_pairs(8, seed=4), cfg)
    trainer_state.load(other, data, info)
    list(other.run())
    assert (other.step, other.epoch, other.best_epoch) == (whole.step, 3, whole.best_epoch)
    assert _same(list(whole.tr.model.parameters()), list(other.tr.model.parameters()))
    assert [h["valid_loss_per_sentence"] for h in other.history] == [
        h["valid_loss_per_sentence"] for h in whole.history
    ]


def test_a_dask_run_gives_the_weights_of_an_inprocess_run(dask_backend, monkeypatch):
    here = _run(epochs=3)
    monkeypatch.setattr(training, "BACKEND", "inprocess")
    here.start()
    here.join(60)
    monkeypatch.setattr(training, "BACKEND", "dask")
    there = _run(epochs=3)
    there.start()
    there.join(120)
    runs = (here, there)
    assert (here.status, there.status) == ("finished", "finished")
    assert there.worker_pid in engine.worker_pids().values() and there.worker_pid != os.getpid()
    assert _same(_weights(here), _weights(there))
    assert there.trainer.step == here.trainer.step and there.trainer.epoch == 3
    assert there.trainer.best_epoch == here.trainer.best_epoch
    timing = ("tokens_per_s", "elapsed")
    scores = [[{k: v for k, v in h.items() if k not in timing} for h in r.history] for r in runs]
    assert scores[0] == scores[1] and len(there.snapshots) == 3
    assert len(there.batch_points) == len(here.batch_points) and there.progress == 1.0


def test_pause_and_resume_over_dask_go_on_where_they_stopped(dask_backend):
    """Paused on a worker, resumed (on any worker): the epochs go on, the history is kept,
    and the final weights are an uninterrupted run's."""
    whole = Trainer(tiny_translator(), toy_pairs(60), toy_pairs(8, seed=4), _run(6).cfg)
    list(whole.run())
    run = _run(epochs=6)
    run.start()
    # after a whole epoch: the worker reads the control at an epoch's end or every
    # FLUSH_EVERY seconds, so on a loaded machine a pause at step 3 landed inside epoch 1
    _wait(lambda: run.trainer.epoch >= 1)
    run.pause()
    run.join(60)
    assert run.status == "paused" and 0 < run.trainer.epoch < 6
    paused_at, history = run.trainer.step, list(run.history)
    assert run.trainer.history == history  # the worker's trainer state came back
    run.start()
    run.join(120)
    assert run.status == "finished" and run.trainer.epoch == 6
    assert run.history[: len(history)] == history and len(run.history) == 6
    assert run.trainer.step > paused_at
    assert _same(list(whole.tr.model.parameters()), _weights(run))


def test_stop_over_dask_leaves_a_usable_model(dask_backend):
    run = _run(epochs=500)
    before = _weights(run)
    run.start()
    _wait(lambda: run.trainer.step > 2)
    run.stop()
    run.join(60)
    assert run.status == "stopped" and 0 < run.trainer.epoch < 500
    assert not _same(before, _weights(run))  # the worker's weights came back
    run.translator.trace("a b c")


def test_a_closed_tab_stops_its_remote_run(dask_backend, monkeypatch):
    monkeypatch.setattr(training, "ABANDON_AFTER", 1.0)
    run = _run(epochs=500)
    run.start()
    run.join(60)
    assert run.status == "stopped" and run.trainer.epoch < 500


def test_a_run_beyond_the_workers_waits_for_one(dask_backend, monkeypatch):
    """More slots than workers (several web replicas share the workers): the run the
    engine holds back stays "queued", first in line, until a worker is free."""
    monkeypatch.setattr(training, "MAX_RUNS", 3)
    busy = [_run(epochs=500), _run(epochs=500)]
    for i, r in enumerate(busy):
        training.start_owned(f"busy-{i}", [r])
    _wait(lambda: all(r.status == "running" for r in busy))
    late = _run(epochs=1)
    training.start_owned("late", [late])
    time.sleep(1.0)
    assert late.status == "queued" and late.queue_position == 1
    busy[0].stop()
    late.join(60)
    assert late.status == "finished"
    busy[1].stop()
    busy[1].join(60)


def _busy(owners: list[str]) -> list[training.TrainingRun]:
    """Long runs, one per owner, once each trains on a worker."""
    busy = [_run(epochs=500) for _ in owners]
    for owner, r in zip(owners, busy, strict=True):
        training.start_owned(owner, [r])
    _wait(lambda: all(r.status == "running" for r in busy))
    return busy


def _end(runs: list[training.TrainingRun]) -> None:
    for r in runs:
        r.stop()
    for r in runs:
        r.join(60)


def test_a_closed_sessions_run_leaves_the_engines_queue(dask_backend, monkeypatch):
    """Issue 23: a run sent to the engine and waiting for a worker, whose session closed
    (the student reloaded), leaves the engine's queue at once: it neither waits there for a
    worker to start and drop it, nor counts ahead of the runs behind it."""
    monkeypatch.setattr(training, "MAX_RUNS", 4)
    monkeypatch.setattr(training, "SESSION_GONE_AFTER", 0.3)
    monkeypatch.setattr(training, "session_closed", lambda owner: owner == "gone")
    busy = _busy(["busy-0", "busy-1"])
    gone, late = _run(epochs=1), _run(epochs=1)
    training.start_owned("gone", [gone])
    training.start_owned("late", [late])
    try:
        _wait(lambda: gone.status == "stopped", 10)
        assert late.status == "queued" and late.queue_position == 1
        assert all(r.status == "running" for r in busy)  # no worker was freed for it
        assert gone.worker_pid == 0 and gone.trainer.step == 0
    finally:
        _end([*busy, late])


def _remote(client, first_come: float | None = None, epochs: int = 500):
    """A run sent straight to the engine, as another web process (replica) sends one."""
    from seq2seq_core.training import jobs

    r = _run(epochs=epochs)
    return jobs.RemoteRun(client, r.trainer, r.train_pairs, r.valid_pairs, r.cfg, first_come)


def _priorities(client) -> dict[str, tuple]:
    """The engine's order of every run it holds (the lowest runs first)."""
    return client.run_on_scheduler(
        lambda dask_scheduler: {
            k: ts.priority for k, ts in dask_scheduler.tasks.items() if "seq2seq-run" in k
        }
    )


def test_a_run_keeps_its_place_in_the_class_while_its_replica_holds_it(dask_backend, monkeypatch):
    """First come, first served across replicas: a run that waited for one of its
    replica's slots goes to the engine with the time it joined the queue, ahead of a run
    another replica sent meanwhile (it went behind it when the engine ordered runs by the
    time they were sent)."""
    from seq2seq_core.training import jobs

    monkeypatch.setattr(training, "MAX_RUNS", 1)
    client = engine.client()
    [mine] = _busy(["mine"])  # this replica's one slot
    early = _run(epochs=1)
    training.start_owned("early", [early])  # waits for that slot
    time.sleep(0.05)
    later = _remote(client)  # another replica's student, after `early`
    try:
        _wait(lambda: later.future.key in _priorities(client))
        before = set(_priorities(client))
        mine.stop()  # the slot frees: `early` is sent
        _wait(lambda: len(set(_priorities(client)) - before) == 1)
        [sent] = set(_priorities(client)) - before
        order = _priorities(client)
        assert order[sent] < order[later.future.key]
    finally:
        later.request(jobs.STOP)
        early.join(60)
        _wait(lambda: later.done, 60)
        later.close()


def _events(watch) -> list:
    from seq2seq_core.training import jobs

    return [jobs.decode(d) for chunk in watch.get(batch=True) for d in chunk]


def test_a_run_whose_web_process_is_gone_stops_on_its_worker(dask_backend, monkeypatch):
    """Issue 23: a replica killed mid-run left its run training on the worker to the end
    (300 epochs: a worker lost to the class). The web process writes a heartbeat; a task
    that sees none for ORPHAN_AFTER seconds stops."""
    from distributed import Client, Queue, Variable

    from seq2seq_core.training import jobs

    monkeypatch.setattr(jobs, "HEARTBEAT_EVERY", 0.2)
    monkeypatch.setattr(jobs, "ORPHAN_AFTER", 1.5)
    replica = Client(engine.client().scheduler.address, set_as_default=False)
    remote = _remote(replica, epochs=500)
    watch = Queue(remote.events.name, client=engine.client())  # what the class sees of it
    seen: list = []
    done = lambda: [ev.reason for ev in seen if isinstance(ev, DoneEvent)]  # noqa: E731
    try:
        _wait(lambda: seen.extend(_events(watch)) or any(isinstance(e, dict) for e in seen))
        end = time.monotonic() + 3.0  # the replica watches it: it trains on
        while time.monotonic() < end:
            remote.beat()
            seen.extend(_events(watch))
            time.sleep(0.05)
        assert not done() and any(isinstance(ev, BatchEvent) for ev in seen)
        replica.close()  # the replica is killed: no more heartbeats
        _wait(lambda: seen.extend(_events(watch)) or done(), 15)
        assert done() == ["stopped"]
    finally:
        if not done():
            Variable(remote.control.name, client=engine.client()).set([jobs.STOP, -1])
        watch.close()


def test_runs_leave_nothing_on_the_scheduler(dask_backend):
    """Each run's event queue and control variable go when it ends (the worker's handle on
    the queue kept one empty queue per run on the scheduler for good)."""
    client = engine.client()

    def held() -> tuple[int, int]:
        return client.run_on_scheduler(
            lambda dask_scheduler: (
                len(dask_scheduler.extensions["queues"].queues),
                len(dask_scheduler.extensions["variables"].variables),
            )
        )

    before = held()
    for _ in range(2):
        run = _run(epochs=1)
        run.start()
        run.join(60)
        assert run.status == "finished"
    _wait(lambda: held() == before, 10)


def test_a_killed_worker_fails_the_run_and_the_class_goes_on(dask_backend):
    run = _run(epochs=500)
    before = _weights(run)
    run.start()
    _wait(lambda: run.trainer.step > 2)
    os.kill(run.worker_pid, signal.SIGKILL)
    run.join(60)
    assert run.status == "failed" and run.message_key == "run_worker_lost"
    assert "process" in run.message_in("en") and "프로세스" in run.message_in("ko")
    assert run.trainer.step == 0 and _same(before, _weights(run))  # as before the run
    again = _run(epochs=1)
    again.start()
    again.join(120)
    assert again.status == "finished" and again.worker_pid != run.worker_pid


def test_the_budget_refuses_before_anything_is_sent(dask_backend, monkeypatch):
    from seq2seq_core.training import jobs
    from seq2seq_core.training.budget import BudgetError

    def sent(*args, **kwargs):
        raise AssertionError("a run over its budget was sent to the engine")

    monkeypatch.setattr(jobs, "RemoteRun", sent)
    cfg = TrainConfig(epochs=1, batch_size=8)
    with pytest.raises(BudgetError):
        training.TrainingRun(
            tiny_translator(), toy_pairs(60), toy_pairs(8, seed=4), cfg, memory_budget=2**20
        )


def test_an_unreachable_engine_fails_the_run_in_both_languages(monkeypatch):
    monkeypatch.setattr(training, "BACKEND", "dask")

    def unreachable():
        raise OSError("Timed out trying to connect to tcp://127.0.0.1:9")

    monkeypatch.setattr(engine, "client", unreachable)
    run = _run(epochs=1)
    run.start()
    run.join(30)
    assert run.status == "failed" and "Timed out" in run.message
    assert run.message_in("ko").startswith("학습 엔진")


def test_the_train_page_trains_on_a_worker_and_survives_a_killed_one(dask_backend):
    """The app as it runs by default: the Train page's run trains in a worker process; a
    second run whose worker is killed shows the failure in Korean, and Start works again."""
    from tests.support.apptest import with_swap_corpus
    from ui import state

    at = with_swap_corpus("ui/pages/train.py")
    at.segmented_control(key="kept.preset").set_value("tiny")
    at.number_input[0].set_value(2)  # epochs
    next(b for b in at.button if b.label == "Start training").click().run()
    run = at.session_state[state.TRAIN_RUN]
    run.join(timeout=120)
    assert run.status == "finished", run.message
    assert run.worker_pid in engine.worker_pids().values()
    at.session_state[state.LANG] = "ko"
    at.run()
    at.number_input[0].set_value(500)
    next(b for b in at.button if b.label == "새로 학습 시작 (지금 모델을 바꿈)").click().run()
    second = at.session_state[state.TRAIN_RUN]
    _wait(lambda: second.trainer.step > 2)
    os.kill(second.worker_pid, signal.SIGKILL)
    second.join(60)
    at.run()
    assert not at.exception, at.exception
    assert any("작업 프로세스가 멈췄습니다" in e.value for e in at.error)
    assert "새로 학습 시작 (지금 모델을 바꿈)" in [b.label for b in at.button]
