"""120 students answer one question of a class at once (issue 29), measured on the class
database: SQLite (a file in WAL mode) or PostgreSQL (`--url`).

The teacher creates a class and asks a question (5 candidates); `--procs` processes (the
replicas of serve.py, each with its own connections) each join `--students / --procs`
students, from `--threads` threads, and every student answers once; every third student
then changes its mind (a second answer, which replaces the first). Meanwhile the teacher's
process reads the tally every `--poll` s, as the teacher's chart does. Measured: the wall
time from the first join to the last answer, each answer's latency (p50/p95/max), and how
long after the last answer the teacher's tally was complete. Checked: every student's final
answer counted exactly once (the tally equals the answers the workers report). Exit status 1
if a check fails.

    python -m bench.class_answers [--students 120] [--procs 2] [--threads 4] [--url URL]

Without --url it uses a new SQLite file in a temporary folder. The same module is the
worker the tests start (`python -m bench.class_answers --worker '<json>'`): it prints one
JSON line per student joined and per answer committed, flushed, so a test that kills it
knows what was given before it died.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

CANDIDATES = ("책을", "신문을", "편지를", "사과를", "<eos>")
PROBS = (0.46, 0.21, 0.14, 0.11, 0.08)
ROOT = Path(__file__).resolve().parents[1]


def choice_of(index: int, final: bool = True) -> str:
    """Student `index`'s answer: its final one, or (every third student) its first."""
    if not final:
        return "다른 말" if index % 2 else CANDIDATES[(index + 1) % len(CANDIDATES)]
    return CANDIDATES[index % len(CANDIDATES)] if index % 7 else f"딴말 {index % 3}"


def _emit(lock: threading.Lock, **event) -> None:
    with lock:
        sys.stdout.write(json.dumps(event, ensure_ascii=False) + "\n")
        sys.stdout.flush()


def _student(store, job: dict, index: int, token: str | None, lock: threading.Lock) -> None:
    """One student: join (or reconnect with `token`), see the question, answer."""
    from ui.services.classroom import ClassError

    code, qid = job["code"], job["question"]
    if token is None:
        student = store.join(code, job.get("nickname") or None)
        token = student.token
        _emit(lock, joined=token, nickname=student.nickname, index=index, at=time.time())
    store.current_question(code)
    if index % 3 == 0 and not job.get("once"):
        store.answer(code, token, qid, choice_of(index, final=False))
    time.sleep(job.get("pace", 0))
    start = time.perf_counter()
    for attempt in range(3):
        try:
            store.answer(code, token, qid, choice_of(index))
            break
        except ClassError as err:
            if err.code != "unavailable" or attempt == 2:
                raise
    _emit(lock, answered=token, index=index, choice=choice_of(index),
          seconds=time.perf_counter() - start, at=time.time())  # fmt: skip


def worker(job: dict) -> None:
    """Answer for the students of `job` ({"url", "code", "question", "students": [[index,
    token or null (a new student)], ...], "threads", "pace": seconds before each final
    answer, "nickname": the same for every new student, "once": no change of mind}) from
    `threads` threads."""
    from ui.services.classroom import open_store

    store = open_store(job["url"])
    lock = threading.Lock()
    work = [tuple(item) for item in job["students"]]
    threads = job.get("threads", 4)

    def run(part):
        for index, token in part:
            _student(store, job, index, token, lock)

    pool = [threading.Thread(target=run, args=(work[i::threads],)) for i in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    store.dispose()


def new_students(first: int, count: int) -> list[list]:
    """`count` new students from index `first`, for a job's "students"."""
    return [[i, None] for i in range(first, first + count)]


def start_worker(job: dict) -> subprocess.Popen:
    """A worker process for `job`, its stdout a pipe of JSON lines."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-m", "bench.class_answers", "--worker", json.dumps(job)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True, encoding="utf-8",
    )  # fmt: skip


def events(proc: subprocess.Popen) -> list[dict]:
    """Every JSON line the worker printed, until it ends."""
    return [json.loads(line) for line in proc.stdout if line.strip()]


class Crowd:
    """Worker processes and what each has reported so far (read as it comes)."""

    def __init__(self) -> None:
        self.jobs: list[dict] = []
        self.procs: list[subprocess.Popen] = []
        self.results: list[list[dict]] = []
        self.readers: list[threading.Thread] = []
        self.lost: list[dict] = []  # answers a killed worker reported that are not stored

    def start(self, job: dict) -> int:
        self.jobs.append(job)
        proc, seen = start_worker(job), []
        reader = threading.Thread(target=lambda: seen.extend(_lines(proc)), daemon=True)
        reader.start()
        self.procs.append(proc)
        self.results.append(seen)
        self.readers.append(reader)
        return len(self.procs) - 1

    def answered(self, i: int | None = None) -> list[dict]:
        chosen = self.results if i is None else [self.results[i]]
        return [e for seen in chosen for e in list(seen) if "answered" in e]

    def done(self) -> bool:
        return all(p.poll() is not None for p in self.procs) and not any(
            r.is_alive() for r in self.readers
        )

    def kill(self, i: int) -> None:
        """SIGKILL worker `i`; what it printed before is kept."""
        self.procs[i].kill()
        self.procs[i].wait()
        self.readers[i].join()


def _lines(proc: subprocess.Popen):
    for line in proc.stdout:
        if line.strip():
            yield json.loads(line)


def reconnect_job(job: dict, seen: list[dict]) -> dict:
    """The job for a killed worker's students that had not reported an answer: the ones it
    joined come back with their tokens, the others join."""
    joined = {e["index"]: e["joined"] for e in seen if "joined" in e}
    done = {e["index"] for e in seen if "answered" in e}
    rest = [[i, joined.get(i)] for i, _ in job["students"] if i not in done]
    return {**job, "students": rest, "once": True}


def expected_tally(answered: list[dict]) -> tuple[dict[str, int], int]:
    """The counts per candidate and of "something else" that the answers make."""
    counts = dict.fromkeys(CANDIDATES, 0)
    other = 0
    for event in answered:
        if event["choice"] in counts:
            counts[event["choice"]] += 1
        else:
            other += 1
    return counts, other


def _quantile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[int(q * 100) - 1] if len(values) > 1 else values[0]


def _wait_complete(crowd: Crowd, store, info, key: str, qid: int, args) -> dict:
    """Read the tally as the teacher's chart does until every student has answered, killing
    worker 0 after `args.kill_after` answers and starting its students again."""
    complete_at, polls, killed_at = None, [], None
    while complete_at is None and not crowd.done():
        t0 = time.perf_counter()
        tally = store.tally(info.code, key, qid)
        polls.append(time.perf_counter() - t0)
        if tally.total >= args.students:
            complete_at = time.time()
        if args.kill_after and killed_at is None and len(crowd.answered(0)) >= args.kill_after:
            crowd.kill(0)
            killed_at = time.time()
            mine = lambda e: store.my_answer(info.code, e["answered"], qid)  # noqa: E731
            crowd.lost = [e for e in crowd.answered(0) if mine(e) != e["choice"]]
            crowd.start(reconnect_job(crowd.jobs[0], crowd.results[0]))
        time.sleep(args.poll)
    return {"complete_at": complete_at, "polls": polls, "killed_at": killed_at}


def run(args: argparse.Namespace) -> dict:
    from ui.services.classroom import QuestionSpec, open_store

    url = args.url or f"sqlite:///{tempfile.mkdtemp(prefix='class-bench-')}/classroom.db"
    store = open_store(url)
    info, key = store.create_class("bench")
    spec = QuestionSpec(2, "She reads a book.", ("<sos>", "그녀는"), CANDIDATES, PROBS,
                        CANDIDATES[0], CANDIDATES[0])  # fmt: skip
    qid = store.ask(info.code, key, spec)
    per = args.students // args.procs
    counts = [per] * (args.procs - 1) + [args.students - per * (args.procs - 1)]
    crowd, begin = Crowd(), time.time()
    for i in range(args.procs):
        students = new_students(i * per, counts[i])
        crowd.start({"url": url, "code": info.code, "question": qid, "threads": args.threads,
                     "pace": args.pace, "students": students})  # fmt: skip
    waited = _wait_complete(crowd, store, info, key, qid, args)
    for proc in crowd.procs:
        proc.wait()
    for reader in crowd.readers:
        reader.join()
    figures = _figures(crowd, store.tally(info.code, key, qid), begin, waited, args)
    figures["backend"] = url.split(":")[0].split("+")[0]
    store.dispose()
    return figures


def _figures(crowd: Crowd, final, begin: float, waited: dict, args) -> dict:
    answered = crowd.answered()
    last = max(e["at"] for e in answered) if answered else begin
    joins = [e["at"] for seen in crowd.results for e in seen if "joined" in e]
    counts, other = expected_tally(answered)
    codes = [p.returncode for p in crowd.procs]
    alive_ok = all(c == 0 for i, c in enumerate(codes) if not (i == 0 and waited["killed_at"]))
    everyone = len({e["index"] for e in answered}) == args.students
    ok = (alive_ok and everyone and not crowd.lost and final.total == args.students
          and (final.counts, final.other) == (counts, other))  # fmt: skip
    latencies, polls, done = (
        [e["seconds"] for e in answered],
        waited["polls"],
        waited["complete_at"],
    )
    return {
        "students": args.students, "procs": args.procs, "threads": args.threads, "ok": ok,
        "worker_exit": codes, "answers_reported": len(answered), "tally_total": final.total,
        "killed_after_answers": args.kill_after or None,
        "answers_lost_by_the_kill": len(crowd.lost),
        "seconds_start_to_last_answer": round(last - begin, 3),  # with the processes' start
        "seconds_first_join_to_last_answer": round(last - min(joins or [begin]), 3),
        "answer_p50_ms": round(1000 * statistics.median(latencies), 1) if latencies else None,
        "answer_p95_ms": round(1000 * _quantile(latencies, 0.95), 1) if latencies else None,
        "answer_max_ms": round(1000 * max(latencies), 1) if latencies else None,
        "tally_p50_ms": round(1000 * statistics.median(polls), 1),
        "chart_complete_after_last_answer_s": round(done - last, 3) if done else None,
    }  # fmt: skip


def main_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line's options."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--students", type=int, default=120)
    p.add_argument("--procs", type=int, default=2)
    p.add_argument("--threads", type=int, default=4, help="threads per process")
    p.add_argument("--url", help="the database (default: a new SQLite file)")
    p.add_argument("--poll", type=float, default=0.1, help="seconds between the teacher's reads")
    p.add_argument("--pace", type=float, default=0.0, help="seconds a student thinks")
    p.add_argument(
        "--kill-after",
        type=int,
        default=0,
        help="kill worker 0 (SIGKILL) after this many of its answers, then start "
        "its students again in a new process (0: no kill)",
    )
    p.add_argument("--json", help="also write the figures to this file")
    p.add_argument("--worker", help=argparse.SUPPRESS)
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = main_args(argv)
    if args.worker:
        worker(json.loads(args.worker))
        return 0
    if args.url:
        figures = run(args)
    else:  # a new SQLite file, removed after the run
        with tempfile.TemporaryDirectory(prefix="class-bench-") as folder:
            args.url = f"sqlite:///{folder}/classroom.db"
            figures = run(args)
    print(json.dumps(figures, indent=1))
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=1))
    return 0 if figures["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
