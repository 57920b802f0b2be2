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

With `--kill-after F` (and `--replicas`), once a share F of the class has answered the
replica most of the waiting students are on is killed (SIGKILL) mid-question: the answers
already given must be kept, and its students reconnect as their browsers do (the page
reloads, HAProxy sends it to a live replica, the keys component gives back the student
token the browser kept) and answer; the same checks then hold for the whole class.

    python -m bench.class_hall [--students 30] [--replicas 0] [--kill-after 0.25]
                               [--within 10] [--json out.json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import signal
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from websockets.exceptions import ConnectionClosed

from bench.hall import servers
from hall import haproxy
from tests.support.st_client import Run, Session, page_cookies

CANDIDATES = ("▁she", "▁he", "▁they", "▁it", "▁we")
POLL_S = 1.0  # the student view's run_every
KEYS = "class_keys"  # the component that keeps a browser's class keys (ui/state/classroom.py)


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


async def _answer(s: Session, run: Run, picks: list[str], i: int, out: dict) -> bool:
    """Poll the question fragment until the first pick's button is there, then tap each
    pick in turn; False (and a failure noted) when a button never came."""
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
            return False
        run = await s.rerun(widgets=[(found[0], True)], fragment_id=found[1])
        if run.exceptions():
            out["failures"].append(f"student {i}: {run.exceptions()[0][:200]}")
        out["final"][i] = pick
    return True


async def student(url: str, code: str, i: int, asked: asyncio.Event, out: dict) -> None:
    """One student: join, wait for the question, answer (and maybe change it). A student
    whose replica dies under it reconnects as its browser does (`_rejoin`)."""
    cookies = page_cookies(url) if out["sticky"] else None
    picks = [CANDIDATES[i % 5]] + ([CANDIDATES[(i + 1) % 5]] if i % 4 == 0 else [])
    kept = None
    try:
        async with Session(url, query={"class": code}, cookies=cookies) as s:
            t0 = time.perf_counter()
            run = await s.rerun(page="classroom")
            nick, join = run.widget("text_input", "Nickname (optional)"), run.button("Join")
            if nick is None or join is None:
                out["failures"].append(f"student {i}: no join form")
                return
            # a fresh browser's keys component has kept nothing and sends nothing
            run = await s.rerun(widgets=[(nick, f"s{i}"), (join[0], True)])
            out["join"].append(time.perf_counter() - t0)
            out["joined"] += 1
            out["replica"][i] = (cookies or {}).get(haproxy.COOKIE, "")
            # what the keys component was given to keep (ui/state/class_keys.js)
            found = run.component(KEYS)
            kept = (found[1] or {}).get("put") if found else None
            await asked.wait()
            if await _answer(s, run, picks, i, out):
                out["answered_at"].append(time.perf_counter())
            return
    except (ConnectionClosed, OSError, TimeoutError) as e:
        out["cut"].append(f"student {i}: {type(e).__name__}")
    await _rejoin(url, code, i, cookies, kept, picks[-1:], out)


async def _rejoin(url, code, i, cookies, kept, picks, out) -> None:
    """After its replica died: Streamlit's page reconnects by itself (the proxy sends it to a
    live replica and moves its cookie) and reruns the page; in the new session the keys
    component sends the keys the browser kept (a second run), the session is the same
    student again, and it gives its final answer (again, if it had: an answer is
    changeable, so giving it twice counts once)."""
    t0 = time.perf_counter()
    for attempt in range(20):
        try:
            cookies = page_cookies(url, cookies)
            async with Session(url, query={"class": code}, cookies=cookies) as s:
                run = await s.rerun(page="classroom")
                keys = run.component(KEYS)
                if keys is not None and kept:
                    run = await s.rerun(widgets=[(keys[0], {"kept": kept})])
                if await _answer(s, run, picks, i, out):
                    out["answered_at"].append(time.perf_counter())
                    out["rejoined"] += 1
                    out["rejoin_s"].append(time.perf_counter() - t0)
                    out["rejoin_attempts"].append(attempt + 1)
                return
        except (ConnectionClosed, OSError, TimeoutError) as e:
            out["rejoin_errors"][type(e).__name__] += 1
            await asyncio.sleep(1.0)
    out["failures"].append(f"student {i}: could not reconnect")


async def _kill_mid_question(srv: servers.Server, args: argparse.Namespace, out: dict) -> None:
    """Once `--kill-after` of the class has answered, SIGKILL the replica most of the class
    still waiting is on (serve.py restarts it; its students reconnect)."""
    while len(out["answered_at"]) < args.kill_after * args.students:
        await asyncio.sleep(0.05)
    found, _cfg = servers.replicas(srv.pids())
    waiting = Counter(r for i, r in out["replica"].items() if i not in out["final"])
    name = max(found, key=lambda n: waiting.get(n, 0))
    out["killed"] = {"replica": name, "students": list(out["replica"].values()).count(name),
                     "answered_before": len(out["answered_at"]),
                     "its_answered_before": sum(1 for i, r in out["replica"].items()
                                                if r == name and i in out["final"])}  # fmt: skip
    out["killed"]["at_s"] = time.perf_counter() - out["t_ask"]
    os.kill(found[name], signal.SIGKILL)


async def run_class(url: str, args: argparse.Namespace, data_dir: str,
                    srv: servers.Server | None = None) -> dict:  # fmt: skip
    os.environ["SEQ2SEQ_DATA_DIR"] = data_dir
    from ui.services.classroom import QuestionSpec, open_store

    store = open_store()
    info, key = store.create_class("en-ko")
    out = {"join": [], "joined": 0, "answered_at": [], "final": {}, "failures": [],
           "sticky": args.replicas > 0, "replica": {}, "cut": [], "rejoined": 0,
           "killed": None, "rejoin_s": [], "rejoin_attempts": [],
           "rejoin_errors": Counter()}  # fmt: skip
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
    t_ask = out["t_ask"] = time.perf_counter()
    asked.set()
    if args.kill_after is not None and srv is not None:
        tasks.append(asyncio.create_task(_kill_mid_question(srv, args, out)))
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
        "replica_killed": out["killed"],
        "connections_cut": len(out["cut"]),
        "rejoined_and_answered": out["rejoined"],
        "rejoin_s": {"p50": _q(out["rejoin_s"], 50), "max": max(out["rejoin_s"] or [0])},
        "rejoin_attempts_max": max(out["rejoin_attempts"] or [0]),
        "rejoin_errors": dict(out["rejoin_errors"]),
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
    ap.add_argument(
        "--kill-after",
        type=float,
        default=None,
        help="with --replicas: SIGKILL a replica once this share has answered",
    )
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as data_dir, tempfile.TemporaryDirectory() as logs:
        env = {"SEQ2SEQ_DATA_DIR": data_dir}
        if args.replicas:
            server = servers.hall("hall", args.replicas, 1, env, Path(logs))
        else:
            server = servers.single("quick", "dask", env, Path(logs))
        with server as srv:
            result = asyncio.run(run_class(srv.url, args, data_dir, srv))
    rep = report(result, args)
    print(json.dumps(rep, indent=2, ensure_ascii=False))
    if args.json:
        args.json.write_text(json.dumps(rep, indent=2, ensure_ascii=False))
    return 0 if rep["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
