"""What a student reads when the hall's training engine fails them (issue 28): a run whose
scheduler goes away mid-run (killed, restarting) fails with a sentence in the page's
language, not "CommClosedError: in <TCP (closed) ConnectionPool.queue_get ...>", and the
model keeps the weights it had; the queue message's "N train at once" is the engine's real
capacity (serve.py's workers and the lab PCs), not the number of cores. The run's engine is
a stand-in whose connection closes as a dead scheduler's does; the full hall with a killed
scheduler is tests/hall/test_restarts.py. < 1 s."""

from __future__ import annotations

import pytest
import torch

from seq2seq_core.config import TrainConfig
from seq2seq_core.training import jobs
from tests.support.models import tiny_translator, toy_pairs
from ui.services import engine, training
from ui.text import i18n


class CommClosedError(OSError):
    """Named as distributed's: what reading a closed scheduler connection raises."""


class FutureCancelledError(Exception):
    """Named as distributed's: what a future says once its client lost the scheduler."""


class DeadScheduler:
    """A RemoteRun whose scheduler dies: its events cannot be read (`at="take"`), or its
    result says cancelled (`at="result"`)."""

    at = "take"

    def __init__(self, *args, **kwargs) -> None:
        self.cancelled, self.done = False, self.at == "result"

    def take(self):
        if self.at == "take":
            raise CommClosedError("in <TCP (closed) ConnectionPool.queue_get>: Stream is closed")
        return []

    def load_into(self, trainer) -> None:
        raise FutureCancelledError("cancelled: scheduler-connection-lost")

    def request(self, what) -> None: ...
    def beat(self) -> None: ...
    def cancel(self) -> None: ...
    def close(self) -> None: ...


@pytest.mark.parametrize("at", ["take", "result"])
def test_a_scheduler_lost_mid_run_is_said_in_the_students_language(monkeypatch, at):
    monkeypatch.setattr(training, "BACKEND", "dask")
    monkeypatch.setattr(engine, "client", lambda: None)
    monkeypatch.setattr(engine, "connected", lambda: False)  # the client lost its scheduler
    monkeypatch.setattr(DeadScheduler, "at", at)
    monkeypatch.setattr(jobs, "RemoteRun", DeadScheduler)
    run = training.TrainingRun(
        tiny_translator(), toy_pairs(20), toy_pairs(4, seed=4), TrainConfig(epochs=1, batch_size=8)
    )
    before = [p.detach().clone() for p in run.translator.model.parameters()]
    run.start()
    run.join(20)
    assert run.status == "failed"
    for lang in ("en", "ko"):
        said = run.message_in(lang)
        assert said == i18n.t("run_engine_lost", lang), said
        assert "Error" not in said and "TCP" not in said
    after = list(run.translator.model.parameters())
    assert all(torch.equal(a, b) for a, b in zip(before, after, strict=True))


def test_a_cancelled_future_with_the_scheduler_there_is_a_lost_worker(monkeypatch):
    monkeypatch.setattr(engine, "connected", lambda: True)
    assert not training._engine_lost(FutureCancelledError("x"))
    monkeypatch.setattr(engine, "connected", lambda: False)
    assert training._engine_lost(FutureCancelledError("x"))


def test_the_queue_says_the_engines_real_capacity(monkeypatch):
    monkeypatch.setattr(training, "BACKEND", "dask")
    monkeypatch.setattr(training, "MAX_RUNS", 2)  # this replica's slots (the cores)
    monkeypatch.setattr(engine, "capacity", lambda: 5)  # serve.py's 3 workers + 2 lab PCs
    monkeypatch.setenv("SEQ2SEQ_SCHEDULER", "tls://127.0.0.1:8786")
    assert training.runs_at_once() == 5
    monkeypatch.setenv("SEQ2SEQ_SCHEDULER", "")  # the embedded cluster: this process's slots
    assert training.runs_at_once() == 2
    monkeypatch.setattr(engine, "capacity", lambda: 0)  # the engine not up yet
    assert training.runs_at_once() == 2
    monkeypatch.setattr(training, "BACKEND", "inprocess")
    assert training.runs_at_once() == 2
