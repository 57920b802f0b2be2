"""Background training runs: the queue, pause/resume, stop, and a closed tab."""

from __future__ import annotations

import threading
import time

from seq2seq_core.config import TrainConfig
from tests.conftest import tiny_translator, toy_pairs
from ui import training


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
    monkeypatch.setattr(training, "_SLOTS", threading.BoundedSemaphore(1))
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

    from seq2seq_core import checkpoint

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
