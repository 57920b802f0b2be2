"""120 students open a lesson link on the quick start (issue 25), measured.

One `streamlit run app.py` (the quick start; its embedded Dask cluster idles); the
teacher's first page loads, the server idles `--idle` s with the teacher connected (the
baseline), then `--students` students arrive spread over `--ramp` s. Each opens the
teacher's one lesson link, on an en-ko test sentence, as a class does (`--own-sentences`:
each student a sentence of its own, which no server-wide sharing helps), the Lecture page's
lesson link (`/lecture?model=en-ko-attention&sentence=...&lecture=1`) and the Decode page's
(`/?model=...&sentence=...&step=1`) in a second tab (`--pages lecture` or `decode`: only
one): the page's HTML and the scripts and styles it names over HTTP (once per student: the
second tab has them from the browser's cache; none with --no-assets), the health check, the
websocket and the page's script run, which carries the decode player's data (the ForwardMsg
element `bidi_component` of ui/player's component, checked: the student's sentence, its
decoder steps). Then every student "steps" for `--stepping` s as with the player: a browser
sends nothing per step (bench/player_latency.py counts the frames in chromium: 0 per
step), so each tab stays connected and idle, reading whatever the server sends.

Measured: failures (exceptions, unfinished runs, HTTP or websocket errors, missing or wrong
player data), the first page (arrival -> script run finished) p50/p95/max, the server's CPU
seconds (/proc/<pid>/stat utime+stime, the process and its descendants) while idle, during
the arrivals and during the stepping window, the messages the server sent while the class
stepped (one `session_status_changed` per tab, the end of its page's run, is expected),
peak RSS (VmHWM). Exit status 1 if a check failed: a failure, first page p95 over
5 s, or the stepping window's CPU over the idle rate by more than --cpu-slack seconds.

    python -m bench.lesson_link_load [--students 120] [--ramp 20] [--stepping 30]
        [--own-sentences] [--pages both|lecture|decode] [--no-assets] [--json out.json]
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import json
import os
import platform
import random
import re
import statistics
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from seq2seq_core.data.corpora import load_builtin
from tests.support.app_server import serve_app
from tests.support.st_client import FINISHED, Run, Session
from ui.player import COMPONENT

ROOT = Path(__file__).resolve().parent.parent

MODEL = "en-ko-attention"
FIRST_PAGE_P95_S = 5.0  # the goal
STEP_EVERY_S = (0.5, 1.5)  # a student's reading time per step (bench/hall/students.py)
TICK = os.sysconf("SC_CLK_TCK")
_ASSET = re.compile(r'(?:src|href)="\.?/?(static/[^"]+\.(?:js|css))"')


@dataclass
class Record:
    """What the class saw."""

    first_page: dict[str, list[float]] = field(default_factory=dict)  # page -> seconds
    script_run: dict[str, list[float]] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    pushed: dict[str, int] = field(default_factory=dict)  # server messages while stepping
    http_requests: int = 0
    payload_bytes: list[int] = field(default_factory=list)


def lesson_links(n: int, seed: int = 25, same: bool = False) -> list[str]:
    """`n` en-ko test sentences, one per student (drawn without repeats while they last);
    with `same`, the first for everyone (the teacher's one link, as a class opens it)."""
    pool = [src for src, _tgt in load_builtin("en-ko", "test")]
    random.Random(seed).shuffle(pool)
    return [pool[0 if same else i % len(pool)] for i in range(n)]


def query(page: str, sentence: str) -> dict[str, str]:
    """The lesson link's query parameters for `page` ("lecture" or "decode")."""
    step = {"lecture": "1"} if page == "lecture" else {"step": "1"}
    return {"model": MODEL, "sentence": sentence, **step}


def player_payload(run: Run) -> dict | None:
    """The decode player's data in this script run (the component's JSON), or None."""
    for el in run.elements:
        bidi = el.bidi_component if el.WhichOneof("type") == "bidi_component" else None
        if bidi and bidi.json and bidi.component_name.endswith(COMPONENT):
            return json.loads(bidi.json)
    return None


def check_run(run: Run, page: str, sentence: str) -> int:
    """Raise unless the run finished cleanly with the player's data for `sentence`;
    the payload's size in bytes."""
    if run.exceptions():
        raise AssertionError(f"{page}: exception {run.exceptions()[0][:200]}")
    if run.status not in FINISHED:
        raise AssertionError(f"{page}: script run ended {run.status}")
    data = player_payload(run)
    if data is None:
        raise AssertionError(f"{page}: no decode player data for {sentence!r}")
    sentences = data.get("sentences") or []
    if not sentences or sentences[0].get("text", "").strip() != sentence.strip():
        raise AssertionError(f"{page}: the player holds another sentence than {sentence!r}")
    if not sentences[0]["greedy"]["steps"]:
        raise AssertionError(f"{page}: the player's decode of {sentence!r} has no step")
    return len(json.dumps(data))


def _get(url: str) -> bytes:
    """GET as a browser asks (it takes gzip); the body, unpacked."""
    req = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(req, timeout=60) as r:
        if r.status != 200:
            raise AssertionError(f"GET {url} answered {r.status}")
        body = r.read()
        return gzip.decompress(body) if r.headers.get("Content-Encoding") == "gzip" else body


async def fetch_page(url: str, path: str, params: dict[str, str], rec: Record,
                     assets: bool) -> None:  # fmt: skip
    """What a browser fetches before the websocket: the page, the scripts and styles it
    names (60, 2.1 MB in Streamlit 1.67; `immutable`: once per browser; gzipped by app.py's
    server, 0.5 MB: ui/state/static_assets.py), the health check."""
    html = await asyncio.to_thread(_get, f"{url}{path}?{urlencode(params)}")
    names = sorted(set(_ASSET.findall(html.decode(errors="replace")))) if assets else []
    await asyncio.gather(*(asyncio.to_thread(_get, f"{url}/{a}") for a in names))
    await asyncio.to_thread(_get, url + "/_stcore/health")
    rec.http_requests += 2 + len(names)


async def open_link(url: str, page: str, sentence: str, rec: Record, assets: bool) -> Session:
    """Open one lesson link in a new tab; the connected session (its first run checked)."""
    params = query(page, sentence)
    start = time.perf_counter()
    await fetch_page(url, "/lecture" if page == "lecture" else "/", params, rec, assets)
    s = await Session(url, params).__aenter__()
    try:
        run = await s.rerun(page="lecture" if page == "lecture" else "")
        rec.payload_bytes.append(check_run(run, page, sentence))
    except BaseException:
        await s.__aexit__(None, None, None)
        raise
    rec.first_page.setdefault(page, []).append(time.perf_counter() - start)
    rec.script_run.setdefault(page, []).append(run.seconds)
    return s


async def student(url: str, rec: Record, pages: list[str], sentence: str, delay: float,
                  assets: bool) -> list[Session]:  # fmt: skip
    """Arrive after `delay` s and open the student's lesson links; the open tabs."""
    await asyncio.sleep(delay)
    tabs: list[Session] = []
    try:
        for i, page in enumerate(pages):  # the second tab: assets from the browser's cache
            tabs.append(await open_link(url, page, sentence, rec, assets and i == 0))
    except Exception as e:
        rec.failures.append(f"{page} {sentence!r}: {e!r}"[:300])
    return tabs


async def stay(tab: Session, until: float, rec: Record) -> None:
    """Step with the player until `until`: nothing is sent; count what the server sends."""
    while (left := until - time.perf_counter()) > 0:
        try:
            fm = ForwardMsg()
            fm.ParseFromString(await asyncio.wait_for(tab.ws.recv(), timeout=left))
            kind = fm.WhichOneof("type") or "?"
            rec.pushed[kind] = rec.pushed.get(kind, 0) + 1
        except TimeoutError:
            return
        except Exception as e:
            rec.failures.append(f"while stepping: {e!r}"[:300])
            return


def cpu_seconds(pid: int) -> tuple[float, float]:
    """utime + stime in seconds: (of `pid`, of `pid` and its live descendants) (/proc)."""
    stats = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            stats[int(entry.name)] = (int(fields[1]), int(fields[11]) + int(fields[12]))
    todo, total = [pid], 0
    while todo:
        p = todo.pop()
        total += stats.get(p, (0, 0))[1]
        todo += [c for c, (ppid, _) in stats.items() if ppid == p]
    return stats.get(pid, (0, 0))[1] / TICK, total / TICK


class CpuWindow:
    """CPU seconds the server used between `start()` and `stop(name)`, kept in `out`:
    `name`_main_s (the streamlit process), `name`_s (with its descendants: the embedded
    Dask cluster), `name`_window_s (wall seconds)."""

    def __init__(self, pid: int, out: dict) -> None:
        self.pid, self.out = pid, out

    def start(self) -> None:
        self.t0, self.c0 = time.perf_counter(), cpu_seconds(self.pid)

    def stop(self, name: str) -> None:
        main, tree = cpu_seconds(self.pid)
        self.out[f"{name}_main_s"] = round(main - self.c0[0], 2)
        self.out[f"{name}_s"] = round(tree - self.c0[1], 2)
        self.out[f"{name}_window_s"] = round(time.perf_counter() - self.t0, 1)


async def settle(pid: int, timeout: float = 180.0, quiet: float = 0.3) -> float:
    """Wait until the server (with its descendants) uses under `quiet` of a core over two
    seconds running (after the teacher's first page: models loaded, the embedded Dask
    cluster's workers started and torch imported); the seconds waited."""
    start, calm = time.perf_counter(), 0
    while calm < 2 and time.perf_counter() - start < timeout:
        c0 = cpu_seconds(pid)[1]
        await asyncio.sleep(1.0)
        calm = calm + 1 if cpu_seconds(pid)[1] - c0 < quiet else 0
    return round(time.perf_counter() - start, 1)


def memory_mb(pid: int, key: str = "VmHWM") -> int:
    """/proc/<pid>/status's `key` (VmHWM: the peak resident set; VmRSS: now), in MB."""
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return 0
    return next((int(x.split()[1]) // 1024 for x in lines if x.startswith(key + ":")), 0)


def descendants(pid: int) -> list[int]:
    """The live descendants of `pid` (/proc/<pid>/task/*/children)."""
    out, todo = [], [pid]
    while todo:
        for task in Path(f"/proc/{todo.pop()}/task").glob("*/children"):
            kids = [int(c) for c in task.read_text().split()]
            out, todo = out + kids, todo + kids
    return out


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def _summary(seconds: list[float]) -> dict:
    return {"n": len(seconds), "p50_s": round(_pct(seconds, 0.5), 2),
            "p95_s": round(_pct(seconds, 0.95), 2),
            "max_s": round(max(seconds), 2) if seconds else None}  # fmt: skip


async def run_class(url: str, pid: int, args: argparse.Namespace) -> tuple[Record, dict]:
    """The teacher, the idle baseline, the arrivals, the stepping window."""
    asyncio.get_running_loop().set_default_executor(ThreadPoolExecutor(64))
    rec, cpu = Record(), {}
    window = CpuWindow(pid, cpu)
    sentences = lesson_links(args.students, same=not args.own_sentences)
    pages = ["lecture", "decode"] if args.pages == "both" else [args.pages]
    async with Session(url, query("lecture", sentences[0])) as teacher:
        check_run(await teacher.rerun(page="lecture"), "lecture", sentences[0])
        cpu["settled_after_s"] = await settle(pid)
        window.start()
        await asyncio.sleep(args.idle)
        window.stop("idle")
        rng = random.Random(120)
        delays = sorted(rng.uniform(0, args.ramp) for _ in sentences)
        window.start()
        jobs = [student(url, rec, pages, s, d, not args.no_assets)
                for s, d in zip(sentences, delays, strict=True)]  # fmt: skip
        tabs = [tab for opened in await asyncio.gather(*jobs) for tab in opened]
        window.stop("arrival")
        window.start()
        until = time.perf_counter() + args.stepping
        await asyncio.gather(*(stay(tab, until, rec) for tab in tabs))
        window.stop("stepping")
        cpu["tabs_open"] = len(tabs)
        cpu["rss_now_mb"] = {p: memory_mb(p, "VmRSS") for p in [pid, *descendants(pid)]}
        await asyncio.gather(*(tab.__aexit__(None, None, None) for tab in tabs))
    return rec, cpu


def report(rec: Record, cpu: dict, args: argparse.Namespace, peak: int) -> dict:
    every = [x for xs in rec.first_page.values() for x in xs]
    idle_rate = cpu["idle_s"] / cpu["idle_window_s"]
    over_idle = cpu["stepping_s"] - idle_rate * cpu["stepping_window_s"]
    steps = round(args.students * args.stepping / statistics.mean(STEP_EVERY_S))
    return {
        "students": args.students, "pages": args.pages, "ramp_s": args.ramp,
        "same_link": not args.own_sentences, "assets": not args.no_assets,
        "failures": len(rec.failures), "failure_samples": rec.failures[:5],
        "first_page": _summary(every),
        "first_page_by_page": {p: _summary(v) for p, v in rec.first_page.items()},
        "script_run_by_page": {p: _summary(v) for p, v in rec.script_run.items()},
        "player_payload_kb": round(statistics.mean(rec.payload_bytes) / 1024, 1)
        if rec.payload_bytes else None,
        "http_requests": rec.http_requests,
        "cpu": {**cpu, "stepping_over_idle_s": round(over_idle, 2)},
        "student_steps_played": steps,
        "cpu_ms_per_student_step": round(1000 * max(over_idle, 0.0) / steps, 3),
        "server_messages_while_stepping": rec.pushed,
        "peak_rss_mb": peak,  # the streamlit process; rss_now_mb: with the Dask cluster
        "rss_with_descendants_mb": sum(cpu["rss_now_mb"].values()),
    }  # fmt: skip


def problems(res: dict, cpu_slack: float) -> list[str]:
    out = [f"{res['failures']} failure(s): {res['failure_samples']}"] if res["failures"] else []
    opened = res["first_page"]["n"]
    wanted = res["students"] * (2 if res["pages"] == "both" else 1)
    if opened != wanted:
        out.append(f"{opened} of {wanted} lesson links opened")
    if res["first_page"]["p95_s"] > FIRST_PAGE_P95_S:
        out.append(f"first page p95 {res['first_page']['p95_s']} s > {FIRST_PAGE_P95_S} s")
    if res["cpu"]["stepping_over_idle_s"] > cpu_slack:
        out.append(f"stepping took {res['cpu']['stepping_over_idle_s']} CPU s over idle")
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--students", type=int, default=120)
    ap.add_argument("--ramp", type=float, default=20.0, help="arrivals spread over (s)")
    ap.add_argument("--stepping", type=float, default=30.0, help="the stepping window (s)")
    ap.add_argument("--idle", type=float, default=10.0, help="the idle baseline window (s)")
    ap.add_argument("--pages", choices=["both", "lecture", "decode"], default="both")
    ap.add_argument("--no-assets", action="store_true", help="skip the page's JS/CSS GETs")
    ap.add_argument(
        "--own-sentences",
        action="store_true",
        help="each student a sentence of its own (default: the teacher's one link)",
    )
    ap.add_argument("--cpu-slack", type=float, default=1.0, help="CPU s over idle allowed")
    ap.add_argument("--json", type=Path, help="write the figures here")
    args = ap.parse_args()
    load_before = os.getloadavg()
    with serve_app(max_runs=1, start_timeout=90) as (url, proc):
        start = time.perf_counter()
        rec, cpu = asyncio.run(run_class(url, proc.pid, args))
        wall = time.perf_counter() - start
        peak = memory_mb(proc.pid)
    res = report(rec, cpu, args, peak)
    res.update(date=time.strftime("%Y-%m-%d %H:%M"), machine=platform.platform(),
               cpus=os.cpu_count(), wall_s=round(wall, 1),
               load_before=[round(x, 2) for x in load_before],
               load_after=[round(x, 2) for x in os.getloadavg()])  # fmt: skip
    found = problems(res, args.cpu_slack)
    res["problems"] = found
    print(json.dumps(res, indent=1, ensure_ascii=False))
    if args.json:
        args.json.write_text(json.dumps(res, indent=1, ensure_ascii=False) + "\n")
    print("\n".join(["problems:"] + [f"  {p}" for p in found]) if found else "all checks passed")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
