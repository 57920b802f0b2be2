"""A lecture hall, measured (issue 19, "Measured, side by side, in one run"):

  (a) the same class of 30 (26 exploring on lesson links, 4 training the phrases, all 30
      opening in the same second) on each setup, one after the other on the same cores:
      `old` (in-process training, one process), `embedded` (the Dask engine embedded in
      `streamlit run app.py`) and `hall:R:W` (serve.py, R replicas behind HAProxy, W workers)
  (b) 120 sessions through HAProxy to serve.py's 2 replicas and 2 workers: 100 exploring,
      20 uploading a corpus through the proxy (PUT with the XSRF and sticky cookies) and
      training it, the sessions arriving over --ramp seconds
  (c) (b), with `dask worker <scheduler> --nthreads 1` processes started by the harness
      --join-after seconds in: shown joined (scheduler_info) and which worker ran each task
      (the scheduler's task stream)

    python -m bench.hall.load --scenario a              # old, embedded, hall:2:2
    python -m bench.hall.load --scenario a --setups old,embedded,hall:1:1,hall:2:2
    python -m bench.hall.load --scenario c --joiners 2  # (b) with two workers joining
    python -m bench.hall.load --scenario all            # (a) then (c)

Each setup is a fresh server in its own process groups on free loopback ports, killed with
every descendant at the end; a teacher's session opens the app before the class (as the
README advises). Exit status 1 if a check failed: a failed request or upload, a run that did
not finish, a joined worker that took no run, or (a)'s new-setup step targets missed
(p50 <= 150 ms, p95 <= 500 ms). bench/RESULTS.md records runs.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import random
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from bench.hall import servers as hs
from bench.hall import students as st
from bench.hall.client import HallSession
from bench.hall.report import budget_mb, overtaken, report, start_task_stream, workers_report
from tests.support.load import student_sentences

ROOT = Path(__file__).resolve().parents[2]

STEP_P50_S, STEP_P95_S = 0.150, 0.500  # issue 19's targets for the new setup


@dataclass
class Class:
    """Who is in the room: explorers, trainers, how they arrive, how long trainers train."""

    explorers: int
    trainers: int
    ramp: float  # seconds over which the sessions arrive (0: all in the same second)
    epochs: int
    upload: bool  # trainers upload a corpus on the Data page (else: the phrases button)
    limit: float  # seconds for the whole class


def _expected(n: int) -> list[tuple[str, list[str]]]:
    from seq2seq_core.checkpoints.pretrained import load_pretrained

    model = load_pretrained("reverse")
    out = []
    for s in student_sentences(n):
        steps = model.trace(s).steps
        out.append((s, [x.chosen_token for x in steps if x.chosen_token != "<eos>"]))
    return out


async def run_class(
    url: str, room: Class, on_start=None, replicas: int = 1, server: hs.Server | None = None
) -> st.Record:
    """The teacher's sessions, then the class; `on_start()` runs as the class begins.

    The teacher opens the app once per replica before the class (fresh cookies, all open at
    once: the balancer sends each to another replica), so that every replica has loaded its models.
    """
    asyncio.get_running_loop().set_default_executor(ThreadPoolExecutor(64))
    rec = st.Record()
    async with contextlib.AsyncExitStack() as stack:  # open together: leastconn spreads them
        teachers = [
            await stack.enter_async_context(HallSession(url, rec.tally)) for _ in range(replicas)
        ]
        for teacher in teachers:
            rec.add("teacher", await teacher.rerun())
    if server is not None:  # as in class: the students come once the teacher's app is up
        waited = await asyncio.to_thread(hs.settle, server)
        print(f"  {server.label}: quiet {waited:.0f} s after the teacher's first page")
    rng = random.Random(19)
    n = room.explorers + room.trainers
    delays = sorted(rng.uniform(0, max(room.ramp, 1.0)) for _ in range(n))
    kinds = ["t"] * room.trainers + ["e"] * room.explorers
    rng.shuffle(kinds)
    sentences = iter(_expected(room.explorers))
    corpus = st.reverse_corpus() if room.upload else None
    jobs = []
    for i, (kind, delay) in enumerate(zip(kinds, delays, strict=True)):
        if kind == "e":
            sentence, expected = next(sentences)
            jobs.append(st.explorer(url, rec, sentence, expected, delay))
        else:
            name = f"reverse-{i}.tsv"
            jobs.append(st.trainer(url, rec, room.epochs, corpus, name, delay, room.limit))
    if on_start is not None:
        jobs.append(on_start())
    try:
        await asyncio.wait_for(asyncio.gather(*jobs), room.limit)
    except TimeoutError:
        rec.failures.append(f"the class did not end within {room.limit:.0f} s")
    return rec


def _engine_on_branch() -> bool:
    return "SEQ2SEQ_TASK_ENGINE" in (ROOT / "ui" / "training.py").read_text()


def _serve_on_branch() -> bool:
    return (ROOT / "serve.py").exists()


def _server(setup: str, logdir: Path):
    """The context manager that starts `setup` (old, embedded, hall:R:W)."""
    if setup == "old":
        return hs.single("old", "inprocess", {"SEQ2SEQ_MAX_RUNS": "2"}, logdir)
    if setup == "embedded":
        return hs.single("embedded", "dask", {"SEQ2SEQ_WORKERS": "2"}, logdir)
    _, replicas, workers = setup.split(":")
    return hs.hall(setup, int(replicas), int(workers), {}, logdir)


def scenario_a(setups: list[str], logdir: Path) -> tuple[list[dict], list[str]]:
    """The class of 30 on each setup in turn; (results, problems)."""
    room = Class(explorers=26, trainers=4, ramp=0.0, epochs=3, upload=False, limit=300.0)
    results, problems = [], []
    for setup in setups:
        if setup != "old" and not _engine_on_branch():
            problems.append(f"{setup}: skipped, the Dask engine is not on this branch")
            continue
        if setup.startswith("hall") and not _serve_on_branch():
            problems.append(f"{setup}: skipped, serve.py is not on this branch")
            continue
        with _server(setup, logdir) as server, hs.RssSampler(server) as rss:
            start = time.perf_counter()
            replicas = int(setup.split(":")[1]) if setup.startswith("hall") else 1
            rec = asyncio.run(run_class(server.url, room, replicas=replicas, server=server))
            wall = time.perf_counter() - start
        res = report(f"(a) {setup}", rec, wall, rss.peak_mb, rss.peak_procs)
        results.append(res)
        problems += [f"{setup}: {p}" for p in _class_problems(rec, room)]
        if setup != "old" and (res["step_p50_ms"] > 1000 * STEP_P50_S or
                               res["step_p95_ms"] > 1000 * STEP_P95_S):  # fmt: skip
            problems.append(f"{setup}: decoder step over the targets (p50 150 ms, p95 500 ms)")
    return results, problems


def _class_problems(rec: st.Record, room: Class) -> list[str]:
    out = list(rec.failures) + list(rec.tally.failures)
    done = sum(t.outcome == "done" for t in rec.trainings)
    if done != room.trainers:
        out.append(f"{done} of {room.trainers} training runs finished")
    if room.upload and rec.tally.uploads != room.trainers:
        out.append(f"{rec.tally.uploads} of {room.trainers} uploads made")
    if len(rec.runs.get("first page", [])) < room.explorers:
        out.append(f"{len(rec.runs.get('first page', []))} of {room.explorers} explorers' pages")
    return out


def scenario_bc(joiners: int, join_after: float, ramp: float, logdir: Path):
    """(b), and (c) when `joiners` > 0: 120 sessions through serve.py's 2 replicas and 2
    workers, `joiners` extra `dask worker` processes started `join_after` s in."""
    room = Class(explorers=100, trainers=20, ramp=ramp, epochs=3, upload=True, limit=600.0)
    if not _serve_on_branch():
        return [], ["(b)/(c): skipped, serve.py is not on this branch"]
    label = "(c) hall:2:2 + joiners" if joiners else "(b) hall:2:2"
    with hs.hall("hall-b", 2, 2, {}, logdir) as server, hs.RssSampler(server) as rss:
        if joiners and not server.scheduler:
            return [], ["(c): serve.py printed no scheduler address (tcp://127.0.0.1:port)"]
        names = [f"joiner-{k + 1}" for k in range(joiners)]
        if server.scheduler:
            start_task_stream(server.scheduler)

        async def join() -> None:
            await asyncio.sleep(join_after)
            for name in names:
                hs.join_worker(server, name, logdir)

        start = time.perf_counter()
        rec = asyncio.run(run_class(server.url, room, join if joiners else None, 2, server))
        wall = time.perf_counter() - start
        workers = workers_report(server.scheduler, names) if server.scheduler else {}
    res = report(label, rec, wall, rss.peak_mb, rss.peak_procs)
    res["budget_mb"] = budget_mb(replicas=2, workers=2 + joiners)
    res["workers"] = workers
    problems = _class_problems(rec, room)
    runs = workers.get("runs", [])
    res["engine_runs"] = len(runs)
    res["overtaken"] = overtaken(runs)
    waits = sorted(r["started"] - r["submitted"] for r in runs)
    res["engine_wait_max_s"] = round(waits[-1], 1) if waits else None
    print(f"  engine: {len(runs)} training tasks seen by the scheduler; queue wait max "
          f"{res['engine_wait_max_s']} s; started after a later-submitted run: "
          f"{res['overtaken']}")  # fmt: skip
    if res["overtaken"]:
        problems.append(f"{res['overtaken']} run(s) started after a run submitted later")
    if res["peak_mb"] > res["budget_mb"]:
        problems.append(f"peak {res['peak_mb']} MB over the budget {res['budget_mb']} MB")
    for name in names:
        w = workers.get("by_name", {}).get(name)
        if not w:
            problems.append(f"{name} did not join")
        elif not w["training_tasks"]:
            problems.append(f"{name} joined but took no training run")
    print(json.dumps(workers.get("by_name", {}), indent=1))
    return [res], problems


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scenario", choices=["a", "b", "c", "all"], default="all")
    ap.add_argument("--setups", default="old,embedded,hall:2:2", help="for (a)")
    ap.add_argument("--joiners", type=int, default=1, help="for (c): workers that join")
    ap.add_argument("--join-after", type=float, default=8.0, help="seconds into the class")
    ap.add_argument("--ramp", type=float, default=20.0, help="(b): arrivals spread (s)")
    ap.add_argument("--json", type=Path, help="write the figures here")
    args = ap.parse_args()
    logdir = Path(tempfile.mkdtemp(prefix="load_hall_"))
    print(f"server logs in {logdir}", flush=True)
    results, problems = [], []
    if args.scenario in ("a", "all"):
        r, p = scenario_a(args.setups.split(","), logdir)
        results, problems = results + r, problems + p
    if args.scenario in ("b", "c", "all"):
        joiners = 0 if args.scenario == "b" else args.joiners
        r, p = scenario_bc(joiners, args.join_after, args.ramp, logdir)
        results, problems = results + r, problems + p
    if args.json:
        args.json.write_text(json.dumps({"results": results, "problems": problems}, indent=1))
    lines = ["problems:"] + [f"  {p}" for p in problems] if problems else ["all checks passed"]
    print("\n".join(lines))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
