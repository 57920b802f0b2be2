"""Figures of a hall load test (bench/hall/load.py): percentiles of the server's replies,
training runs, the memory budget, and which Dask worker ran which task.

A decoder step's reply is the time from sending the rerun BackMsg to the script-finished
message; a first page is the first script run of a session's websocket (after its GETs).
"""

from __future__ import annotations

import contextlib
import os

from bench.hall.students import Record
from seq2seq_core.training.budget import RUN_BUDGET
from ui.services.caches import SERVER_BYTES

TRAINING_KEYS = ("seq2seq-run", "train")  # the engine's task keys (seq2seq_core/training/jobs.py)
APP_MB = 600  # the README's "about 0.6 GB for the app and its shipped models" per process


def budget_mb(replicas: int, workers: int) -> int:
    """The README's server budget for a hall: each replica holds the app and the caches'
    server bound, each worker process the app's share and one run of the per-run budget."""
    per_replica = APP_MB + SERVER_BYTES // 2**20
    per_worker = APP_MB + RUN_BUDGET // 2**20
    return replicas * per_replica + workers * per_worker


def _pct(values: list[float], q: float) -> float:
    return values[min(len(values) - 1, int(q * len(values)))] if values else float("nan")


def report(label: str, rec: Record, wall: float, peak_mb: int, procs: int) -> dict:
    """Print one setup's figures and return them."""
    step, first = rec.seconds("step"), rec.seconds("first page")
    done = [t for t in rec.trainings if t.outcome == "done"]
    waits = sorted(t.running - t.pressed for t in done)
    totals = sorted(t.done - t.pressed for t in done)
    res = {
        "setup": label,
        "sessions": len(first),  # each session's first script run (the teacher's apart)
        "script_runs": sum(len(v) for v in rec.runs.values()),
        "wall_s": round(wall, 1),
        "step_n": len(step),
        "step_p50_ms": round(1000 * _pct(step, 0.5)),
        "step_p95_ms": round(1000 * _pct(step, 0.95)),
        "step_max_ms": round(1000 * step[-1]) if step else None,
        "first_p50_s": round(_pct(first, 0.5), 2),
        "first_p95_s": round(_pct(first, 0.95), 2),
        "failed": len(rec.failures) + len(rec.tally.failures),
        "http_requests": rec.tally.requests,
        "uploads": rec.tally.uploads,
        "runs_done": f"{len(done)}/{len(rec.trainings)}",
        "run_wait_p50_s": round(_pct(waits, 0.5), 1),
        "run_wait_max_s": round(waits[-1], 1) if waits else None,
        "run_total_max_s": round(totals[-1], 1) if totals else None,
        "peak_mb": peak_mb,
        "peak_procs": procs,
        "load_avg_1min_end": round(os.getloadavg()[0], 1),  # the machine is shared
    }
    print(
        f"== {label}: {res['sessions']} sessions, {res['script_runs']} script runs in "
        f"{wall:.1f} s\n"
        f"  decoder step: {len(step)} replies, p50 {res['step_p50_ms']} ms, "
        f"p95 {res['step_p95_ms']} ms, max {res['step_max_ms']} ms\n"
        f"  first page: p50 {res['first_p50_s']} s, p95 {res['first_p95_s']} s\n"
        f"  failed: {res['failed']} (HTTP requests {rec.tally.requests}, uploads "
        f"{rec.tally.uploads}); training runs finished {res['runs_done']} "
        f"(wait for a worker p50 {res['run_wait_p50_s']} s, max {res['run_wait_max_s']} s; "
        f"press to done max {res['run_total_max_s']} s)\n"
        f"  server peak RSS (summed over {procs} processes) {peak_mb} MB; "
        f"load average at the end {res['load_avg_1min_end']} (2 cores, shared)",
        flush=True,
    )
    for f in (rec.failures + rec.tally.failures)[:10]:
        print(f"  FAILED {f}", flush=True)
    return res


def _runs(submitted: dict[str, float], stream: list[dict], names: dict[str, str]) -> list:
    """Each training task: submitted (scheduler), started and ended computing (its worker),
    on which worker; in the order submitted."""
    runs = []
    for rec in stream:
        key = str(rec["key"])
        compute = [s for s in rec.get("startstops", ()) if s.get("action") == "compute"]
        if key in submitted and compute:
            runs.append({
                "submitted": submitted[key],
                "started": compute[0]["start"],
                "ended": compute[-1]["stop"],
                "worker": names.get(rec.get("worker"), rec.get("worker")),
            })  # fmt: skip
    return sorted(runs, key=lambda r: r["submitted"])


def overtaken(runs: list[dict], slack: float = 1.0) -> int:
    """How many runs started computing more than `slack` s after a run submitted later
    (first come, first served: 0)."""
    return sum(
        any(b["submitted"] > a["submitted"] and b["started"] + slack < a["started"] for b in runs)
        for a in runs
    )


def start_task_stream(scheduler: str) -> None:
    """Make the scheduler keep its task stream from now on (the first request adds the
    plugin that records which worker ran each task; a scheduler without a dashboard has
    none until asked)."""
    from distributed import Client

    with Client(scheduler, timeout=30) as client:
        client.get_task_stream()


def workers_report(scheduler: str, joiners: list[str]) -> dict:
    """Ask the scheduler who is there and who ran what: the workers (scheduler_info), the
    tasks each worker completed (the scheduler's task stream, by key prefix), and each
    worker's executed-task count (Client.run)."""
    from distributed import Client
    from distributed.utils import key_split

    def _first_seen(dask_scheduler, prefix: str) -> dict[str, float]:
        """On the scheduler (local, so sent by value): when each training task was first
        seen, from its transition log."""
        first: dict[str, float] = {}
        for t in dask_scheduler.transition_log:
            if str(t[0]).startswith(prefix) and str(t[0]) not in first:
                first[str(t[0])] = t[-1]
        return first

    out: dict = {"by_name": {}}
    with Client(scheduler, timeout=30) as client:
        info = client.scheduler_info(n_workers=-1)["workers"]
        names = {addr: str(w.get("name", addr)) for addr, w in info.items()}
        executed = {}
        with contextlib.suppress(Exception):
            executed = client.run(lambda dask_worker: dask_worker.state.executed_count)
        stream = client.get_task_stream()
        submitted = client.run_on_scheduler(_first_seen, prefix=TRAINING_KEYS[0])
    out["runs"] = _runs(submitted, stream, names)
    for addr, name in names.items():
        out["by_name"][name] = {
            "address": addr,
            "joined": name in joiners,
            "executed": executed.get(addr),
            "tasks": {},
            "training_tasks": 0,
        }
    for rec in stream:
        name = names.get(rec.get("worker"), rec.get("worker"))
        w = out["by_name"].setdefault(name, {"tasks": {}, "training_tasks": 0})
        prefix = key_split(rec["key"])
        w["tasks"][prefix] = w["tasks"].get(prefix, 0) + 1
        if any(k in prefix.lower() for k in TRAINING_KEYS):
            w["training_tasks"] += 1
    return out
