"""Training runs for the live-training page: each run trains in its own thread, the page
polls it. No Streamlit here.

At most `MAX_RUNS` runs train at once (default: the number of cores, or the
SEQ2SEQ_MAX_RUNS environment variable); the others wait in a visible queue, first come first
served, with one slot per session: each run has an `owner` (the Streamlit session), and a
run whose owner already has one training waits for it (the experiments' runs of one
comparison train one after another). `start_owned` gives a session one job at a time: a new
one stops the session's other active runs (the Train page's and the experiments' share it).
A run is refused before it starts when its estimated peak memory is over the per-run budget
(`seq2seq_core.budget`). A run whose page stops polling (the tab was closed) stops itself
after `ABANDON_AFTER` seconds, so no run consumes the CPU forever.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import torch

from seq2seq_core import budget
from seq2seq_core.config import TrainConfig
from seq2seq_core.train import BatchEvent, DoneEvent, EpochEvent, Trainer
from seq2seq_core.translator import Translator

MAX_RUNS = int(os.environ.get("SEQ2SEQ_MAX_RUNS", os.cpu_count() or 2))
ABANDON_AFTER = 60.0
_QUEUE: list[TrainingRun] = []  # waiting for a slot, first come first
_RUNNING: list[TrainingRun] = []  # holding a slot
_COND = threading.Condition()
_OWNED: dict[str, list[TrainingRun]] = {}  # a session's current job


def start_owned(owner: str, runs: list[TrainingRun]) -> list[TrainingRun]:
    """Start `runs` as the session `owner`'s one job: its other active runs are stopped
    first (one job per session). Returns the runs stopped."""
    with _COND:
        replaced = [r for r in _OWNED.get(owner, []) if r.active and r not in runs]
        _OWNED[owner] = list(runs)
    for r in replaced:
        r.stop()
    for r in runs:
        r.owner = owner
        r.start()
    return replaced


def active_runs(owner: str) -> list[TrainingRun]:
    """The session's runs now training or waiting."""
    with _COND:
        return [r for r in _OWNED.get(owner, []) if r.active]


_WARM: threading.Thread | None = None  # the optimizer warm-up; runs wait for it (see below)


def prepare_process() -> None:
    """Once per server process: one torch thread per run, and the optimizer's import warmed.

    Runs share the cores through `MAX_RUNS`; with two intra-op threads each, OpenMP's
    barriers stall whenever the server does anything else. Measured in a real browser on
    2 cores (bench/RESULTS.md): the phrases corpus with the default preset trained in 19 s
    with one thread against 51 s with two. Building the first Adam optimizer imports
    torch._dynamo (about 2 s), which is done here in the background instead of after the
    teacher presses Start.
    """
    global _WARM
    torch.set_num_threads(1)

    def warm() -> None:
        with contextlib.suppress(Exception):  # only a warm-up (the interpreter may be ending)
            torch.optim.Adam([torch.zeros(1, requires_grad=True)])

    _WARM = threading.Thread(target=warm, daemon=True, name="warm-optimizer")
    _WARM.start()


@dataclass
class Snapshot:
    """The fixed example's attention after an epoch (for replaying how attention formed)."""

    epoch: int
    attention: Any
    src: list[str]
    out: list[str]


@dataclass
class TrainingRun:
    translator: Translator
    train_pairs: list[tuple[str, str]]
    valid_pairs: list[tuple[str, str]]
    cfg: TrainConfig
    status: str = "new"  # new, queued, running, paused, finished, stopped, diverged, failed
    message: str = ""
    batch_points: list[tuple[float, float]] = field(default_factory=list)
    history: list[dict] = field(default_factory=list)
    snapshots: list[Snapshot] = field(default_factory=list)
    last_batch: BatchEvent | None = None
    samples: list = field(default_factory=list)
    started_at: float = 0.0
    last_poll: float = field(default_factory=time.monotonic)
    owner: str = ""  # the session that started it ("": no session, never held back)
    memory_budget: int | None = None  # bytes; None: budget.RUN_BUDGET

    def __post_init__(self) -> None:
        """Prepares the trainer; raises budget.BudgetError when the run's estimated peak
        memory is over the per-run budget (nothing is trained)."""
        if _WARM is not None:  # two threads importing torch._dynamo at once can see it half-made
            _WARM.join()
        self.trainer = Trainer(self.translator, self.train_pairs, self.valid_pairs, self.cfg)
        self.estimate = budget.trainer_estimate(self.trainer)
        budget.check_run(self.estimate, self.memory_budget)
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._stop_wanted = False

    # -- control, from the page --------------------------------------------------------
    def start(self) -> None:
        """Start or resume in a background thread (queued while all slots are busy)."""
        if self._thread is not None and self._thread.is_alive():
            return
        self.status = "queued"
        self._stop_wanted = False
        self.last_poll = time.monotonic()
        with _COND:
            _QUEUE.append(self)
        self._thread = threading.Thread(target=self._work, daemon=True, name="training-run")
        self._thread.start()

    def pause(self) -> None:
        self._end_as, self._stop_wanted = "paused", True
        self.trainer.request_stop()

    def stop(self) -> None:
        self._end_as, self._stop_wanted = "stopped", True
        self.trainer.request_stop()

    def poll(self) -> None:
        """The page is still watching; call on every redraw."""
        self.last_poll = time.monotonic()

    def join(self, timeout: float | None = None) -> None:
        if self._thread is not None:
            self._thread.join(timeout)

    @property
    def active(self) -> bool:
        return self.status in ("queued", "running")

    @property
    def queue_position(self) -> int:
        """1 + the number of sessions whose runs wait ahead of this one (0: not waiting)."""
        with _COND:
            if self not in _QUEUE:
                return 0
            ahead = _QUEUE[: _QUEUE.index(self)]
            others = {r.owner or id(r) for r in ahead if r.owner != self.owner or not r.owner}
            return 1 + len(others)

    @property
    def progress(self) -> float:
        per_epoch = self.last_batch.batches_per_epoch if self.last_batch else 1
        return min(1.0, self.trainer.step / max(1, per_epoch * self.cfg.epochs))

    def seconds_left(self) -> float | None:
        if not self.last_batch or self.progress <= 0:
            return None
        elapsed = self.last_batch.elapsed
        return elapsed * (1 - self.progress) / self.progress

    # -- the thread -----------------------------------------------------------------------
    def _work(self) -> None:
        self._end_as = "stopped"
        with _COND:
            while True:  # a stop while waiting ends the wait (before a slot is taken)
                if self._abandoned() or self._stop_wanted:
                    _QUEUE.remove(self)
                    _COND.notify_all()
                    self.status = "paused" if self._end_as == "paused" else "stopped"
                    return
                if self._may_run():
                    break
                _COND.wait(0.5)
            _QUEUE.remove(self)
            _RUNNING.append(self)
        try:
            self.status = "running"
            self.started_at = self.started_at or time.monotonic()
            for ev in self.trainer.run():
                self._record(ev)
                if self._abandoned():
                    self.trainer.request_stop()
        except Exception as e:  # never let a thread die silently: the page shows it
            self.status, self.message = "failed", f"{type(e).__name__}: {e}"
        finally:
            with _COND:
                _RUNNING.remove(self)
                _COND.notify_all()

    def _may_run(self) -> bool:
        """A free slot, no other run of this session training, and no run that may take the
        slot waiting ahead (first come, first served; call with _COND held)."""
        if len(_RUNNING) >= MAX_RUNS:
            return False
        busy = {r.owner for r in _RUNNING if r.owner}
        for r in _QUEUE:
            if not r.owner or r.owner not in busy:
                return r is self
        return False

    def _record(self, ev) -> None:
        if isinstance(ev, BatchEvent):
            self.last_batch = ev
            frac = (
                ev.epoch
                - 1
                + (ev.step - self.trainer.epoch * ev.batches_per_epoch)
                / max(1, ev.batches_per_epoch)
            )
            self.batch_points.append((frac, ev.loss_per_token))
        elif isinstance(ev, EpochEvent):
            self.history.append({k: v for k, v in ev.to_dict().items() if k != "attention"})
            self.samples = ev.samples
            if ev.attention is not None:
                self.snapshots.append(
                    Snapshot(ev.epoch, ev.attention, ev.attention_src, ev.attention_out)
                )
        elif isinstance(ev, DoneEvent):
            self.message = ev.message
            if ev.reason == "stopped":
                self.status = self._end_as
            else:
                self.status = ev.reason

    def _abandoned(self) -> bool:
        return time.monotonic() - self.last_poll > ABANDON_AFTER
