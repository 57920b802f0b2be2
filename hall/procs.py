"""Child processes of the lecture-hall launcher.

Each child starts in a process group of its own (so that stopping it also stops what it
started, e.g. a Dask nanny's worker process), at a given CPU priority, with its output in a
log file, and (on Linux) receives SIGTERM if the launcher itself dies, so that a killed
launcher leaves nothing behind.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

_PR_SET_PDEATHSIG = 1
_LIBC = None
if sys.platform.startswith("linux"):
    with contextlib.suppress(OSError):
        _LIBC = ctypes.CDLL(None, use_errno=True)


def _child_setup(nice: int, parent: int):
    """What runs in the child between fork and exec (no threads run in the launcher)."""

    def setup() -> None:
        if _LIBC is not None:
            _LIBC.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
            if os.getppid() != parent:  # the launcher died before prctl took effect
                os._exit(1)
        if nice:
            os.nice(nice)

    return setup


@dataclass(eq=False)  # a child is itself: compared by identity
class Child:
    """One supervised process: what to run, where its output goes, how often it restarted."""

    name: str
    argv: list[str]
    log: Path
    env: dict[str, str] | None = None
    cwd: Path | None = None
    nice: int = 0
    proc: subprocess.Popen | None = None
    restarts: int = 0  # in all
    failures: int = 0  # deaths in a row, each within Backoff.healthy_after of its start
    started_at: float = 0.0  # time.monotonic() of the last start
    restart_at: float | None = None  # when a dead child is due to start again

    def start(self) -> None:
        """Start (or restart) the process in a new process group."""
        self.started_at, self.restart_at = time.monotonic(), None
        with open(self.log, "ab") as out:
            self.proc = subprocess.Popen(
                self.argv, cwd=self.cwd, env=self.env, stdin=subprocess.DEVNULL,
                stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
                preexec_fn=_child_setup(self.nice, os.getpid()),
            )  # fmt: skip

    @property
    def pid(self) -> int | None:
        """The process id, None before start."""
        return self.proc.pid if self.proc else None

    def exit_code(self) -> int | None:
        """The exit code once the process has ended, else None."""
        return None if self.proc is None else self.proc.poll()

    def signal_group(self, sig: int) -> None:
        """Send `sig` to the child's whole process group (quietly if it is gone)."""
        if self.proc is not None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.proc.pid, sig)

    def log_text(self, last: int = 20_000) -> str:
        """The last `last` characters of the child's log."""
        try:
            with open(self.log, "rb") as f:
                f.seek(max(0, f.seek(0, os.SEEK_END) - last))
                return f.read().decode("utf-8", "replace")
        except OSError:
            return ""

    def log_tail(self, lines: int = 5) -> str:
        """The last lines of the log, indented, to quote in a report."""
        tail = self.log_text(4000).strip().splitlines()[-lines:]
        return "\n".join("      " + line for line in tail)


@dataclass(frozen=True)
class Backoff:
    """How a child that dies is restarted: after `first` seconds, doubled at each death in
    a row up to `longest`; a child that ran `healthy_after` seconds starts a new row; one that
    dies `limit` times in a row cannot be brought back (serve.py then exits non-zero)."""

    first: float = 1.0
    longest: float = 60.0
    limit: int = 5
    healthy_after: float = 120.0

    def delay(self, failures: int) -> float:
        """Seconds before restart number `failures` of a row (1, 2, ...)."""
        return min(self.longest, self.first * 2 ** (failures - 1))


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def stop_all(children: list[Child], timeout: float = 15.0) -> None:
    """SIGTERM every child's process group, wait up to `timeout` for all of them (groups
    can outlive their leader), then SIGKILL whatever is left."""
    live = [c for c in children if c.proc is not None]
    for c in live:
        c.signal_group(signal.SIGTERM)
    deadline = time.monotonic() + timeout
    for c in live:
        with contextlib.suppress(subprocess.TimeoutExpired):
            c.proc.wait(max(0.1, deadline - time.monotonic()))
    while time.monotonic() < deadline and any(_group_alive(c.proc.pid) for c in live):
        time.sleep(0.1)
    for c in live:
        c.signal_group(signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            c.proc.wait(5)


def descendants(roots: list[int]) -> list[int]:
    """The processes `roots` and everything they started (Linux /proc; [] elsewhere)."""
    kids: dict[int, list[int]] = {}
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        kids.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [r for r in roots if Path(f"/proc/{r}").exists()]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(kids.get(pid, []))
    return found


def _kib(path: str, key: str) -> int:
    with contextlib.suppress(OSError):
        for line in Path(path).read_text().splitlines():
            if line.startswith(key):
                return int(line.split()[1])
    return 0


def memory_mb(pids: list[int]) -> tuple[float, float]:
    """(summed RSS, summed PSS) of `pids` in MiB. RSS counts shared pages (libraries,
    the copy-on-write interpreter) once per process; PSS splits them between sharers."""
    rss = sum(_kib(f"/proc/{p}/status", "VmRSS:") for p in pids)
    pss = sum(_kib(f"/proc/{p}/smaps_rollup", "Pss:") for p in pids)
    return rss / 1024, pss / 1024
