"""Server CPU per decoder step, two app checkouts side by side (A/B), interleaved rounds.

    git archive <commit> | tar -x -C /tmp/base     # the "before" checkout
    python -m bench.step_cpu /tmp/base . 6 2 11    # A dir, B dir, rounds, sessions, clicks

Starts `streamlit run app.py` in each directory (127.0.0.1, free ports), warms both up (one
round each: the figures of a lesson link's steps are stored then, as in a class), then per
round and server, in alternating order: SESSIONS sessions open the explorer on a lesson link
(en-ko-attention, a 12-step sentence) and each clicks "next" CLICKS times. The server's
utime+stime from /proc/<pid>/stat over the clicks, minus a round of the same sessions that
only open the page, divided by the clicks: ms of web-tier CPU per decoder step. Prints each
round and the median per server. Bounded: 300 s per round; both servers stopped at the end.
"""

from __future__ import annotations

import asyncio
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.support.st_client import Session

SENTENCE = "Will he drink coffee with his friends at the station tomorrow morning?"
LINK = {"model": "en-ko-attention", "step": "1", "sentence": SENTENCE}
TICK_MS = 1000 / os.sysconf("SC_CLK_TCK")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(directory: str) -> tuple[subprocess.Popen, str]:
    """`streamlit run app.py` in `directory`; (process, url) once it answers."""
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
         "--server.headless", "true", "--server.address", "127.0.0.1"],
        cwd=directory, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={**os.environ, "SEQ2SEQ_MAX_RUNS": "1"},
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    for _ in range(240):
        try:
            urllib.request.urlopen(url + "/_stcore/health", timeout=1)
            return proc, url
        except OSError:
            time.sleep(0.25)
    proc.kill()
    raise SystemExit(f"{directory}: the server did not start")


def ticks(pid: int) -> int:
    """utime + stime of process `pid`, in clock ticks."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


async def _student(url: str, clicks: int) -> None:
    async with Session(url, LINK) as s:
        run = await s.rerun()
        done = 0
        while done < clicks:
            button = run.button("next")
            label = "first" if button is None or button[2] else "next"  # disabled at the end
            after = await s.click(run, label)
            done += label == "next"
            run = after if after.elements else run


async def _open_only(url: str, _clicks: int) -> None:
    async with Session(url, LINK) as s:
        await s.rerun()


def _round(url: str, sessions: int, clicks: int, student) -> None:
    async def everyone() -> None:
        await asyncio.wait_for(
            asyncio.gather(*(student(url, clicks) for _ in range(sessions))), 300
        )

    asyncio.run(everyone())


def main(a: str, b: str, rounds: int, sessions: int, clicks: int) -> None:
    servers = {}
    try:
        for name, directory in (("A", a), ("B", b)):
            servers[name] = start(directory)
        for _, url in servers.values():
            _round(url, sessions, clicks, _student)  # warm up
        per_step: dict[str, list[float]] = {"A": [], "B": []}
        for r in range(rounds):
            for name in ("A", "B") if r % 2 == 0 else ("B", "A"):
                proc, url = servers[name]
                t0 = ticks(proc.pid)
                _round(url, sessions, clicks, _open_only)
                t1 = ticks(proc.pid)
                _round(url, sessions, clicks, _student)
                t2 = ticks(proc.pid)
                ms = ((t2 - t1) - (t1 - t0)) * TICK_MS / (sessions * clicks)
                per_step[name].append(ms)
                print(f"{name} round {r}: open {t1 - t0}, clicks {t2 - t1} ticks: {ms:.1f} ms/step")
        for name, values in per_step.items():
            print(f"{name} median {statistics.median(values):.1f} ms/step", values)
    finally:
        for proc, _ in servers.values():
            proc.terminate()
        for proc, _ in servers.values():
            try:
                proc.wait(40)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(10)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], *(int(x) for x in sys.argv[3:6]))
