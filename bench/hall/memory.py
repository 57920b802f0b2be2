"""Startup time and memory of the lecture hall (serve.py) on loopback.

    python -m bench.hall.memory [--replicas 2] [--workers 2] [--rounds 2]

Each round starts `serve.py` on a free port, times the command until its 'ready' line,
measures the summed RSS and PSS of every process of the set (serve.py, scheduler, workers
with their nanny, replicas, haproxy) idle 5 s after ready, then again after one session
opened the first page (the explorer, which loads the models) on each replica through the
proxy, and stops it. Prints one line per measurement and per component.
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import subprocess
import sys
import time
from pathlib import Path

from hall.haproxy import COOKIE, replica_name
from hall.launcher import free_port
from hall.procs import descendants, memory_mb
from tests.support.st_client import Session

ROOT = Path(__file__).resolve().parents[2]

PARTS = [("haproxy", "haproxy"), ("dask_scheduler", "scheduler"), ("hall.replica", "replicas"),
         ("streamlit", "replicas"), ("serve.py", "serve.py")]  # fmt: skip


def _part(pid: int) -> str:
    try:
        cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return "gone"
    return next((name for key, name in PARTS if key in cmd), "workers")


def measure(label: str, root: int) -> None:
    """Print the set's memory, in all and by component."""
    pids = descendants([root])
    rss, pss = memory_mb(pids)
    print(f"{label}: {rss:.0f} MiB RSS, {pss:.0f} MiB PSS, {len(pids)} processes")
    by: dict[str, list[int]] = {}
    for p in pids:
        by.setdefault(_part(p), []).append(p)
    for name, group in sorted(by.items()):
        r, s = memory_mb(group)
        print(f"    {name:10s} {len(group)} processes  {r:6.0f} MiB RSS  {s:6.0f} MiB PSS")


async def first_pages(url: str, replicas: int) -> None:
    """One session per replica (its sticky cookie chosen) opens the first page."""
    for i in range(replicas):
        async with Session(url, cookies={COOKIE: replica_name(i)}) as s:
            r = await s.rerun()
            assert not r.exceptions(), r.exceptions()
            print(f"    first page on {replica_name(i)}: {r.seconds:.1f} s")


def one_round(replicas: int, workers: int) -> None:
    """Start, measure and stop one hall."""
    port = free_port()
    start = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, "serve.py", "--replicas", str(replicas), "--workers", str(workers),
         "--port", str(port), "--address", "127.0.0.1"],
        cwd=ROOT, stdout=subprocess.PIPE, text=True, start_new_session=True,
    )  # fmt: skip
    try:
        for line in proc.stdout:
            if "serve: ready" in line:
                print(f"command to ready: {time.monotonic() - start:.1f} s ({line.strip()})")
                break
        else:
            raise SystemExit("serve.py ended before ready")
        time.sleep(5)
        measure("idle, 5 s after ready", proc.pid)
        asyncio.run(first_pages(f"http://127.0.0.1:{port}", replicas))
        time.sleep(2)
        measure("after the first page on each replica", proc.pid)
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(60)


def main() -> None:
    """Run the rounds."""
    p = argparse.ArgumentParser()
    p.add_argument("--replicas", type=int, default=2)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--rounds", type=int, default=2)
    args = p.parse_args()
    for i in range(args.rounds):
        print(f"round {i + 1}: --replicas {args.replicas} --workers {args.workers}")
        one_round(args.replicas, args.workers)


if __name__ == "__main__":
    main()
