"""Training runs for the live-training page: each run is watched by its own thread in the
web process, the page polls it. No Streamlit here.

Where a run trains (`BACKEND`, from SEQ2SEQ_TASK_ENGINE): "dask" (default) sends it to the
task engine (ui/services/engine.py: an embedded cluster of worker processes, or the scheduler in
SEQ2SEQ_SCHEDULER) as plain data (seq2seq_core/training/jobs.py); the watching thread pumps the
worker's events into the run's fields and, at the end, loads the trainer's state (weights,
optimizer, counters) back into `trainer`, so resuming, the stepwise buttons and downloads
work on the local model. "inprocess" trains in the watching thread itself, as before.

At most `MAX_RUNS` runs of this process train or wait on the engine at once (SEQ2SEQ_MAX_RUNS,
default `engine.n_workers()`: SEQ2SEQ_WORKERS or the number of cores, which serve.py does not
set; what the page says trains at once is `runs_at_once()`, the engine's real capacity);
the others wait in a visible queue, first come first served, with one slot per session:
each run has an `owner` (the Streamlit session), and a
run whose owner already has one training waits for it (the experiments' runs of one
comparison train one after another). `start_owned` gives a session one job at a time: a new
one stops the session's other active runs (the Train page's and the experiments' share it).
A run sent to the engine waits there, still "queued", until a worker takes it. A run is
refused before it starts when its estimated peak memory is over the per-run budget
(`seq2seq_core.training.budget`). A run whose page stops polling (the tab was closed) stops itself
after `ABANDON_AFTER` seconds, so no run consumes the CPU forever. A run whose worker dies
ends "failed" (`message_in` says so in the page's language), and so does a run whose
scheduler went away (killed, restarting); the model keeps the weights it had before the run.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import torch

from seq2seq_core.config import TrainConfig
from seq2seq_core.training import budget
from seq2seq_core.training.trainer import TRAIN_THREADS, BatchEvent, DoneEvent, EpochEvent, Trainer
from seq2seq_core.translator import Translator
from ui.services import engine
from ui.services.loss_curve import LossCurve
from ui.text import i18n

BACKEND = os.environ.get("SEQ2SEQ_TASK_ENGINE", "dask").strip().lower() or "dask"
if BACKEND not in ("dask", "inprocess"):
    raise ValueError(f"SEQ2SEQ_TASK_ENGINE is {BACKEND!r}: use 'dask' or 'inprocess'")
MAX_RUNS = int(os.environ.get("SEQ2SEQ_MAX_RUNS", "0") or 0) or engine.n_workers()
ABANDON_AFTER = 60.0
# a run whose session the server has closed (the tab closed or reloaded: a student back in a
# new session starts a new run) stops after this many seconds without a poll, so that it
# neither keeps a place in the queue nor trains for nobody; the grace lets a dropped
# connection come back to its session
SESSION_GONE_AFTER = 10.0
PUMP_EVERY = 0.1  # seconds between two looks at a remote run's events
_QUEUE: list[TrainingRun] = []  # waiting for a slot, first come first
_RUNNING: list[TrainingRun] = []  # holding a slot
_REMOTE_WAIT: list[TrainingRun] = []  # holding a slot, sent, waiting for a worker
_COND = threading.Condition()
_OWNED: dict[str, list[TrainingRun]] = {}  # a session's current job


# What a connection to a scheduler that went away raises (distributed's, tornado's, the OS's)
# (a future cancelled while the client has lost its scheduler: the scheduler went away)
_LOST = ("CommClosedError", "StreamClosedError")


def _engine_lost(error: BaseException) -> bool:
    """True when `error` says the task engine (its scheduler) went away during a run."""
    if type(error).__name__ == "FutureCancelledError":
        return not engine.connected()
    return type(error).__name__ in _LOST or isinstance(error, (OSError, TimeoutError))


def runs_at_once() -> int:
    """How many runs train at once on this server, as the queue message says: with a shared
    scheduler (serve.py), its workers' threads, lab PCs included (MAX_RUNS until the engine
    answers); with the embedded cluster, at most MAX_RUNS of its workers; in process,
    MAX_RUNS."""
    if BACKEND != "dask":
        return MAX_RUNS
    threads = engine.capacity()
    if not threads:
        return MAX_RUNS
    return threads if engine.scheduler_address() else min(MAX_RUNS, threads)


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


def prepare_process() -> None:
    """Once per server process: one torch thread per run.

    With the task engine, the real server also starts its cluster in the background (not
    under AppTest: there the first run starts it). In process, runs share the cores through
    `MAX_RUNS`; with two intra-op threads each, OpenMP's
    barriers stall whenever the server does anything else. Measured in a real browser on
    2 cores (bench/RESULTS.md): the phrases corpus with the default preset trained in 19 s
    with one thread against 51 s with two.
    """
    torch.set_num_threads(TRAIN_THREADS)  # one, as on the workers and the command line
    if BACKEND == "dask" and _real_server():
        engine.warm_in_background()


def session_closed(owner: str) -> bool:
    """True when this process's Streamlit server no longer has `owner` connected (False for
    no owner, or with no server: under AppTest, in a test)."""
    runtime = sys.modules.get("streamlit.runtime")
    if not owner or runtime is None or not runtime.exists():
        return False
    return not runtime.get_instance().is_active_session(owner)


def _real_server() -> bool:
    """Under `streamlit run` (a Streamlit runtime exists), not under AppTest."""
    if "streamlit.testing.v1" in sys.modules:
        return False
    runtime = sys.modules.get("streamlit.runtime")
    return bool(runtime is not None and runtime.exists())


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
    curve: LossCurve = field(default_factory=LossCurve)  # the live chart's batch points
    history: list[dict] = field(default_factory=list)
    snapshots: list[Snapshot] = field(default_factory=list)
    last_batch: BatchEvent | None = None
    samples: list = field(default_factory=list)
    started_at: float = 0.0
    queued_at: float = 0.0  # when it last joined the queue (wall clock: the class's order)
    last_poll: float = field(default_factory=time.monotonic)
    owner: str = ""  # the session that started it ("": no session, never held back)
    memory_budget: int | None = None  # bytes; None: budget.RUN_BUDGET
    message_key: str = ""  # ui/text key of a failure the run itself explains
    worker_pid: int = 0  # the engine's worker process training the run (0: none, or here)

    def __post_init__(self) -> None:
        """Prepares the trainer; raises budget.BudgetError when the run's estimated peak
        memory is over the per-run budget (nothing is trained)."""
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
        self.queued_at = time.time()
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

    def message_in(self, lang: str) -> str:
        """`message`, in `lang` where the run knows the words (a lost worker)."""
        if not self.message_key:
            return self.message
        return i18n.t(self.message_key, lang) + getattr(self, "detail", "")

    def join(self, timeout: float | None = None) -> None:
        if self._thread is not None:
            self._thread.join(timeout)

    @property
    def active(self) -> bool:
        return self.status in ("queued", "running")

    @property
    def batch_points(self) -> list[tuple[float, float]]:
        """The live chart's (epoch as a fraction, loss per token) points, at most
        `loss_curve.MAX_POINTS` + 1 whatever the number of batches."""
        return self.curve.drawn()

    @property
    def queue_position(self) -> int:
        """1 + the number of sessions whose runs wait ahead of this one (0: not waiting);
        runs sent to the engine and waiting for a worker are ahead of those here."""
        with _COND:
            if self in _REMOTE_WAIT:
                ahead = _REMOTE_WAIT[: _REMOTE_WAIT.index(self)]
            elif self in _QUEUE:
                ahead = _REMOTE_WAIT + _QUEUE[: _QUEUE.index(self)]
            else:
                return 0
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
        self.message, self.message_key = "", ""
        try:
            if BACKEND == "dask":
                self._train_remote()
            else:
                self._train_here()
        except Exception as e:  # never let a thread die silently: the page shows it
            self.status, self.message = "failed", f"{type(e).__name__}: {e}"
        finally:
            with _COND:
                _RUNNING.remove(self)
                if self in _REMOTE_WAIT:
                    _REMOTE_WAIT.remove(self)
                _COND.notify_all()

    def _train_here(self) -> None:
        self.status = "running"
        self.started_at = self.started_at or time.monotonic()
        for ev in self.trainer.run():
            self._record(ev)
            if self._abandoned():
                self.trainer.request_stop()

    def _train_remote(self) -> None:
        """Send the run to the task engine, pump its events until the task ends, then load
        the state it returns (a lost worker: "failed", the model as it was)."""
        from seq2seq_core.training import jobs  # dask's import: only for this backend
        from seq2seq_core.training import state as trainer_state

        before = trainer_state.counters(self.trainer)
        with _COND:
            _REMOTE_WAIT.append(self)
        try:
            remote = jobs.RemoteRun(
                engine.client(), self.trainer, self.train_pairs, self.valid_pairs, self.cfg,
                first_come=self.queued_at,
            )  # fmt: skip
        except Exception as e:
            self._failed("run_engine_unreachable", e)
            return
        try:
            try:
                done = self._pump(remote)
            except Exception as e:  # the scheduler went away mid-run
                if not _engine_lost(e):
                    raise
                self._failed("run_engine_lost", e)
                for key, value in before.items():  # the model as it was before the run
                    setattr(self.trainer, key, value)
                return
            try:
                if not remote.cancelled:
                    remote.load_into(self.trainer)
            except Exception as e:  # the worker died (KilledWorker), or the task raised
                if _engine_lost(e):
                    self._failed("run_engine_lost", e)
                elif type(e).__name__ in ("KilledWorker", "FutureCancelledError"):
                    self._failed("run_worker_lost", e)
                else:
                    self.status, self.message = "failed", f"{type(e).__name__}: {e}"
            if remote.cancelled or self.status == "failed":
                for key, value in before.items():  # the model as it was before the run
                    setattr(self.trainer, key, value)
                if self.status == "failed":
                    return
        finally:
            remote.close()
        if done is not None and not remote.cancelled:
            self._record(done)
        else:  # stopped before a worker took it (or trained)
            self.status = "paused" if self._end_as == "paused" else "stopped"

    def _pump(self, remote) -> DoneEvent | None:
        """Record the task's events until it ends, asking it to stop when the page does or
        is gone; a run stopped while it waits for a worker leaves the engine's queue at
        once (cancelled). Returns its last event, None if it never said it was done."""
        from seq2seq_core.training import jobs

        done: DoneEvent | None = None
        while True:
            ended = remote.done  # before taking: every event of an ended task is there
            for ev in remote.take():
                if isinstance(ev, dict):  # "started": a worker took it
                    self._taken(ev)
                elif isinstance(ev, DoneEvent):
                    done = ev  # said once the state is loaded
                else:
                    self._record(ev)
            if ended:
                return done
            if self._stop_wanted or self._abandoned():
                with _COND:
                    waiting = self in _REMOTE_WAIT
                if waiting:
                    remote.cancel()
                    return None
                remote.request(jobs.STOP)
            remote.beat()
            time.sleep(PUMP_EVERY)

    def _taken(self, started: dict) -> None:
        self.worker_pid = started.get("pid", 0)  # the process training it
        with _COND:
            if self in _REMOTE_WAIT:
                _REMOTE_WAIT.remove(self)
        self.status = "running"
        self.started_at = self.started_at or time.monotonic()

    def _failed(self, key: str, error: Exception) -> None:
        """Failed, with the message `key` (ui/text) and, for an engine out of reach, why."""
        self.message_key = key
        unreachable = key == "run_engine_unreachable"
        self.detail = f" ({type(error).__name__}: {error})" if unreachable else ""
        self.message = i18n.t(key, "en") + self.detail
        self.status = "failed"

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
            self.trainer.step = ev.step  # a remote run's counters, for the page
            frac = (
                ev.epoch
                - 1
                + (ev.step - self.trainer.epoch * ev.batches_per_epoch)
                / max(1, ev.batches_per_epoch)
            )
            self.curve.add(frac, ev.loss_per_token)
        elif isinstance(ev, EpochEvent):
            self.trainer.epoch, self.trainer.train_seconds = ev.epoch, ev.elapsed
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
        """No page polled it for ABANDON_AFTER seconds, or for SESSION_GONE_AFTER seconds
        and its session is closed."""
        quiet = time.monotonic() - self.last_poll
        if quiet > ABANDON_AFTER:
            return True
        return quiet > SESSION_GONE_AFTER and session_closed(self.owner)
