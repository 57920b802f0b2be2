"""A class answering one question through the app (issue 29), measured end to end.

The server: the quick start (`streamlit run app.py`) or, with `--replicas N`, `serve.py`
(N replicas behind HAProxy, sticky cookie), on a fresh SQLite database in a temporary
`SEQ2SEQ_DATA_DIR`. The teacher's side is the class store itself, in this process, on the
same database (the app's teacher calls are the same store calls): it creates the class and,
once every student has joined, asks a question of five candidates. Each of `--students`
students is a websocket session speaking the browser's protocol (tests/support/st_client.py):
it opens `/classroom?class=CODE`, joins with a nickname through the join form, polls the
question fragment once a second as `st.fragment(run_every=1)` makes a browser do, taps its
candidate (student i takes candidate i mod 5), and a quarter of the class change their mind
once (the next candidate).

Measured: joins (seconds per join, p50/p95/max), the time from the question to each
student's answer being on the server (the answer button's run finished), the class's last
answer within `--within` s of the question, every answer counted exactly once (the store's
tally equals the students' final picks: none lost, none twice), the teacher's chart's query
(`tally`) time right after the last answer (the chart polls once a second, so it is complete
within 1 s + that time), exceptions on any page. Exit 1 if a check failed.

    python -m bench.class_hall [--students 30] [--replicas 0] [--within 10] [--json out.json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from bench.hall import servers
from tests.support.st_client import Run, Session, page_cookies

CANDIDATES = ("▁she", "▁he", "▁they", "▁it", "▁we")
POLL_S = 1.0  # the student view's run_every


def _fragment_of(run: Run, kind: str) -> str:
    """The fragment id of the first element of this kind that is drawn in a fragment."""
    for el, frag in zip(run.elements, run.fragments, strict=True):
        if el.WhichOneof("type") == kind and frag:
            return frag
    return ""


def _choice(run: Run, token: str):
    """(widget id, fragment id) of the answer button of `token` (labels are the token as
    shown: ▁ kept, punctuation escaped for Markdown, word joiners at its ends: literal())."""
    for el, frag in zip(run.elements, run.fragments, strict=True):
        label = el.button.label.replace("\\", "").strip("\u2060")
        if el.WhichOneof("type") == "button" and label == token:
            return el.button.id, frag
    return None


async def student(url: str, code: str, i: int, asked: asyncio.Event, out: dict) -> None:
    """One student: join, wait for the question, answer (and maybe change it)."""
    cookies = page_cookies(url) if out["sticky"] else None
    async with Session(url, query={"class": code}, cookies=cookies) as s:
        t0 = time.perf_counter()
        run = await s.rerun(page="classroom")
        nick, join = run.widget("text_input", "Nickname (optional)"), run.button("Join")
        if nick is None or join is None:
            out["failures"].append(f"student {i}: no join form")
            return
        run = await s.rerun(widgets=[(nick, f"s{i}"), (join[0], True)])
        out["join"].append(time.perf_counter() - t0)
        out["joined"] += 1
        await asked.wait()
        picks = [CANDIDATES[i % 5]] + ([CANDIDATES[(i + 1) % 5]] if i % 4 == 0 else [])
        frag = _fragment_of(run, "alert") or _fragment_of(run, "button")
        deadline = time.monotonic() + 60
        while (found := _choice(run, picks[0])) is None and time.monotonic() < deadline:
            await asyncio.sleep(POLL_S)
            run = await s.rerun(fragment_id=frag)
            frag = _fragment_of(run, "alert") or _fragment_of(run, "button") or frag
        for pick in picks:
            found = _choice(run, pick)
            if found is None:
                out["failures"].append(f"student {i}: no button {pick}")
                return
            run = await s.rerun(widgets=[(found[0], True)], fragment_id=found[1])
            if run.exceptions():
                out["failures"].append(f"student {i}: {run.exceptions()[0][:200]}")
        out["answered_at"].append(time.perf_counter())
        out["final"][i] = picks[-1]


async def run_class(url: str, args: argparse.Namespace, data_dir: str) -> dict:
    os.environ["SEQ2SEQ_DATA_DIR"] = data_dir
    from ui.services.classroom import QuestionSpec, open_store

    store = open_store()
    info, key = store.create_class("en-ko")
    out = {"join": [], "joined": 0, "answered_at": [], "final": {}, "failures": [],
           "sticky": args.replicas > 0}  # fmt: skip
    asked = asyncio.Event()
    tasks = []
    for i in range(args.students):
        tasks.append(asyncio.create_task(student(url, info.code, i, asked, out)))
        await asyncio.sleep(args.ramp / max(args.students, 1))
    while out["joined"] + len(out["failures"]) < args.students:
        await asyncio.sleep(0.2)
    spec = QuestionSpec(1, "She eats an orange.", ("<sos>",), CANDIDATES,
                        (0.6, 0.2, 0.1, 0.06, 0.04), CANDIDATES[0], CANDIDATES[0])  # fmt: skip
    qid = store.ask(info.code, key, spec)
    t_ask = time.perf_counter()
    asked.set()
    await asyncio.gather(*tasks)
    t0 = time.perf_counter()
    tally = store.tally(info.code, key, qid)
    tally_s = time.perf_counter() - t0
    store.dispose()
    expected = Counter(out["final"].values())
    return {"out": out, "t_ask": t_ask, "tally": tally, "tally_s": tally_s,
            "expected": expected}  # fmt: skip


def _q(xs: list[float], q: float) -> float:
    return statistics.quantiles(xs, n=100)[int(q) - 1] if len(xs) > 1 else (xs or [0.0])[0]


def report(result: dict, args: argparse.Namespace) -> dict:
    out, tally, expected = result["out"], result["tally"], result["expected"]
    answer_s = [t - result["t_ask"] for t in out["answered_at"]]
    counted = {c: n for c, n in tally.counts.items() if n}
    exactly_once = counted == dict(expected) and tally.total == len(out["final"]) == args.students
    last = max(answer_s) if answer_s else float("inf")
    rep = {
        "students": args.students,
        "server": f"serve.py --replicas {args.replicas}" if args.replicas else "streamlit run",
        "failures": out["failures"][:10],
        "join_s": {
            "p50": _q(out["join"], 50),
            "p95": _q(out["join"], 95),
            "max": max(out["join"] or [0]),
        },
        "answer_after_question_s": {
            "p50": _q(answer_s, 50),
            "p95": _q(answer_s, 95),
            "last": last,
        },
        "counted_exactly_once": exactly_once,
        "tally_total": tally.total,
        "teacher_tally_query_s": result["tally_s"],
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}",
        "date": time.strftime("%Y-%m-%d %H:%M"),
    }
    rep["ok"] = bool(exactly_once and not out["failures"] and last <= args.within
                     and result["tally_s"] < 1.0)  # fmt: skip
    return rep


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--students", type=int, default=30)
    ap.add_argument("--replicas", type=int, default=0, help="0: streamlit run; N: serve.py")
    ap.add_argument("--ramp", type=float, default=10.0, help="seconds over which they join")
    ap.add_argument("--within", type=float, default=10.0)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as data_dir, tempfile.TemporaryDirectory() as logs:
        env = {"SEQ2SEQ_DATA_DIR": data_dir}
        if args.replicas:
            server = servers.hall("hall", args.replicas, 1, env, Path(logs))
        else:
            server = servers.single("quick", "dask", env, Path(logs))
        with server as srv:
            result = asyncio.run(run_class(srv.url, args, data_dir))
    rep = report(result, args)
    print(json.dumps(rep, indent=2, ensure_ascii=False))
    if args.json:
        args.json.write_text(json.dumps(rep, indent=2, ensure_ascii=False))
    return 0 if rep["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
