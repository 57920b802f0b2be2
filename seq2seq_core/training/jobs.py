"""Training runs as tasks of a Dask distributed cluster: the worker side (`train_job`, the
`LowPriority` plugin) and the web side's handle on one task (`RemoteRun`).

Only plain data crosses: the model as checkpoint bytes (safetensors, with its tokenizers),
the trainer's resumable state (`trainer_state`: safetensors bytes and JSON), the pairs and
the config as a dict; events come back as dicts through a distributed Queue, batched every
`FLUSH_EVERY` seconds (each put is a round trip to the scheduler); pause and stop go the
other way through a distributed Variable the worker reads at each flush. The task returns
the trainer's state (weights included) as safetensors bytes and JSON. No model or Trainer
is ever pickled. The web side writes the Variable again every `HEARTBEAT_EVERY` seconds; a
task that sees no new write for `ORPHAN_AFTER` seconds stops: the web process that sent it
is gone (a killed replica), and nobody would ever see the run.

A worker imports this module: run `dask worker` from a clone of the repository (with its
root on PYTHONPATH) so that `seq2seq_core` is importable.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import time
import uuid
from dataclasses import asdict
from typing import Any

import numpy as np
import torch
from distributed import Client, Queue, Variable, WorkerPlugin

from seq2seq_core.checkpoints import checkpoint
from seq2seq_core.config import TrainConfig
from seq2seq_core.training import state as trainer_state
from seq2seq_core.training.events import BatchEvent, DoneEvent, EpochEvent, Event, Sample
from seq2seq_core.training.trainer import TRAIN_THREADS, Trainer

NICE = 10  # workers' CPU priority: below the web tier's 0, so pages stay quick
FLUSH_EVERY = 0.2  # seconds between two batches of events (and two control checks)
RUN, PAUSE, STOP = "run", "pause", "stop"
HEARTBEAT_EVERY = 5.0  # seconds between two writes of the control by the web side
ORPHAN_AFTER = 30.0  # seconds without one after which a task stops itself


def lower_priority(nice: int = NICE) -> None:
    """Every thread of this process at niceness `nice` or lower priority (Linux sets a
    niceness per thread, so `os.nice` alone would leave the other threads as they were)."""
    tasks = "/proc/self/task"
    tids = [int(t) for t in os.listdir(tasks)] if os.path.isdir(tasks) else [0]
    for tid in tids:
        with contextlib.suppress(OSError):  # a thread may end meanwhile
            if os.getpriority(os.PRIO_PROCESS, tid) < nice:
                os.setpriority(os.PRIO_PROCESS, tid, nice)


class LowPriority(WorkerPlugin):
    """Registered by the web side's client on every worker, present and future (a lab PC
    that joins gets it too): niceness `NICE`, `TRAIN_THREADS` torch threads (one)."""

    name = "seq2seq-low-priority"

    def __init__(self, nice: int = NICE) -> None:
        self.nice = nice

    def setup(self, worker: Any) -> None:
        lower_priority(self.nice)
        torch.set_num_threads(TRAIN_THREADS)


def encode(ev: Event) -> dict[str, Any]:
    """An event as plain data (the attention matrix as nested lists)."""
    data = asdict(ev)
    if isinstance(ev, EpochEvent) and ev.attention is not None:
        data["attention"] = np.asarray(ev.attention).tolist()
    return data


def decode(data: dict[str, Any]) -> Event | dict[str, Any]:
    """The event `encode` wrote; a dict of another kind ("started") comes back as it is."""
    kind = data.get("kind")
    if kind == "batch":
        return BatchEvent(**data)
    if kind == "done":
        return DoneEvent(**data)
    if kind == "epoch":
        fields = dict(data, samples=[Sample(**s) for s in data["samples"]])
        if fields["attention"] is not None:
            fields["attention"] = np.asarray(fields["attention"], dtype=np.float32)
        return EpochEvent(**fields)
    return data


def train_job(job: dict[str, Any]) -> dict[str, Any]:
    """The worker's task: rebuild the model and trainer from plain data, train, stream the
    events, return the trainer's state {"state": bytes, "info": JSON}."""
    lower_priority()
    torch.set_num_threads(TRAIN_THREADS)
    events, control = Queue(job["events"]), _Control(job["control"], job["orphan_after"])
    try:
        events.put([{"kind": "started", "pid": os.getpid()}])
        tr = checkpoint.from_bytes(job["model"], name="the run's model")
        trainer = Trainer(tr, job["train"], job["valid"], TrainConfig.from_dict(job["cfg"]))
        trainer_state.load(trainer, job["state"], job["info"])
        if control.wanted() == RUN:  # a stop that came while the task waited: no training
            _train(trainer, events, control)
    finally:  # the scheduler drops the queue once both sides let it go (each run left one)
        events.close()
    state, info = trainer_state.dump(trainer)
    return {"state": state, "info": info}


class _Control:
    """The worker's view of the web side's control Variable ([what, heartbeat]): what it
    asks (RUN, PAUSE, STOP), and STOP once the heartbeat has not changed for `orphan_after`
    seconds."""

    def __init__(self, name: str, orphan_after: float) -> None:
        self.variable, self.orphan_after = Variable(name), orphan_after
        self.last: Any = None
        self.changed = time.monotonic()

    def wanted(self) -> str:
        try:  # set before the task was sent: missing only once the web side closed the run
            value = self.variable.get(timeout=0)
        except TimeoutError:  # (a run cancelled as a worker took it)
            return STOP
        if value != self.last:
            self.last, self.changed = value, time.monotonic()
        elif time.monotonic() - self.changed > self.orphan_after:
            return STOP
        return value[0]


def _train(trainer: Trainer, events: Queue, control: _Control) -> None:
    pending: list[dict[str, Any]] = []
    last = time.monotonic()
    for ev in trainer.run():
        pending.append(encode(ev))
        if not isinstance(ev, BatchEvent) or time.monotonic() - last > FLUSH_EVERY:
            events.put(pending)
            pending, last = [], time.monotonic()
            if control.wanted() != RUN:
                trainer.request_stop()
    if pending:
        events.put(pending)


# What the client submits: a lambda travels by value and imports this module on the worker
# only, so a scheduler started without this repository on its path can still read the task
# (the scheduler unpickles task graphs; `train_job` itself would be pickled by reference).
_BY_NAME = lambda job: importlib.import_module("seq2seq_core.training.jobs").train_job(job)  # noqa: E731


class RemoteRun:
    """One training task on the cluster, seen from the web process: submitted at creation
    with the trainer's current state, in the class's queue at `first_come` (when the run
    joined the queue, in seconds of the wall clock: earlier runs first, whichever web
    process sent them); `take()` the events that arrived, `request(PAUSE or STOP)`, `beat()`
    while the web process watches it, `cancel()` before a worker took it, and once `done`,
    `load_into(trainer)` (raises what the task raised, e.g. distributed.KilledWorker when
    its worker died)."""

    def __init__(
        self,
        client: Client,
        trainer: Trainer,
        train_pairs: list[tuple[str, str]],
        valid_pairs: list[tuple[str, str]],
        cfg: TrainConfig,
        first_come: float | None = None,
    ) -> None:
        name = f"seq2seq-run-{uuid.uuid4().hex}"
        self.events = Queue(f"{name}-events", client=client)
        self.control = Variable(f"{name}-control", client=client)
        self.requested, self.beats, self.beaten = RUN, 0, time.monotonic()
        self.control.set([RUN, 0])
        self.cancelled = False
        state, info = trainer_state.dump(trainer, with_model=False)
        job = {
            "events": self.events.name,
            "control": self.control.name,
            "orphan_after": ORPHAN_AFTER,
            "model": checkpoint.to_bytes(trainer.tr),
            "state": state,
            "info": info,
            "train": [tuple(p) for p in train_pairs],
            "valid": [tuple(p) for p in valid_pairs],
            "cfg": cfg.to_dict(),
        }
        # first come, first served across every web process of the class: Dask orders a
        # client's own tasks by submission, not two replicas' tasks against each other,
        # and a replica sends a run only when one of its slots is free; the time the run
        # joined its replica's queue (ms) as the priority does (higher runs first)
        since = -int((time.time() if first_come is None else first_come) * 1000)
        self.future = client.submit(_BY_NAME, job, key=name, pure=False, priority=since)

    def take(self) -> list[Event | dict[str, Any]]:
        """The events that arrived since the last call, oldest first."""
        out: list[Event | dict[str, Any]] = []
        for chunk in self.events.get(batch=True):
            out.extend(decode(d) for d in chunk)
        return out

    def request(self, what: str) -> None:
        if what != self.requested:
            self.requested = what
            self.control.set([what, self.beats])

    def beat(self) -> None:
        """The web process still watches the run: a new heartbeat every HEARTBEAT_EVERY
        seconds (call it often)."""
        if time.monotonic() - self.beaten >= HEARTBEAT_EVERY:
            self.beats, self.beaten = self.beats + 1, time.monotonic()
            self.control.set([self.requested, self.beats])

    def cancel(self) -> None:
        """Take the task out of the cluster's queue (a run stopped before a worker took it)
        and tell a worker that takes it meanwhile not to train."""
        self.request(STOP)
        self.cancelled = True
        self.future.cancel()

    @property
    def done(self) -> bool:
        return self.future.done()

    def load_into(self, trainer: Trainer) -> None:
        result = self.future.result()
        trainer_state.load(trainer, result["state"], result["info"])

    def close(self) -> None:
        """Release the task's result, queue and variable on the scheduler."""
        with contextlib.suppress(Exception):  # the cluster may be closing
            self.future.release()
            self.events.close()
            self.control.delete()
