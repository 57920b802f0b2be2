"""The servers a hall load test compares, each started in its own process group on a free
loopback port and killed with its whole group (and any descendant that left it) at the end:

  old        `SEQ2SEQ_TASK_ENGINE=inprocess streamlit run app.py`: one process, training
             in threads of the web process (the setup before issue 19)
  embedded   `streamlit run app.py` on the default engine (Dask, an embedded LocalCluster)
  hall       `python serve.py --replicas N --workers W --port P`: a dask scheduler, W dask
             workers, N streamlit replicas behind HAProxy (sticky cookie)

plus `dask worker <scheduler> --nthreads 1` processes joining a running hall, and a sampler
of the server's memory: the summed RSS of every process of the server's tree (web, workers,
scheduler, proxy), sampled every 0.2 s; its peak is reported (an upper bound: pages two
processes share are counted twice).
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[2]

SCHEDULER_RE = re.compile(r"tcp://127\.0\.0\.1:\d+")


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    """A started server: its URL, its root processes and (for a hall) the scheduler."""

    label: str
    url: str
    procs: list[subprocess.Popen] = field(default_factory=list)
    scheduler: str = ""
    log: Path | None = None

    def pids(self) -> list[int]:
        """Every live process of the server's trees (roots and their descendants)."""
        out: list[int] = []
        for p in self.procs:
            with contextlib.suppress(psutil.Error):
                root = psutil.Process(p.pid)
                out += [root.pid] + [c.pid for c in root.children(recursive=True)]
        return out


REPLICA_CMD = "-m hall.replica run"  # `streamlit run`, warmed first (hall/replica.py)


def cmdline(pid: int) -> str:
    """A process's command line, its arguments joined by spaces."""
    return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()


def replicas(pids: list[int]) -> tuple[dict[str, int], Path]:
    """{replica name (its sticky-cookie value): pid} among the processes `pids` of one
    serve.py launch, and the launch's HAProxy configuration file (its ports name them)."""
    [cfg] = [cmdline(p).split(" -f ")[1].split()[0] for p in pids if "haproxy -db" in cmdline(p)]
    names = {port: name for name, port in re.findall(r"server (r\d+) 127.0.0.1:(\d+)",
                                                     Path(cfg).read_text())}  # fmt: skip
    found = {}
    for pid in pids:
        cmd = cmdline(pid)
        if REPLICA_CMD in cmd:
            found[names[cmd.split("--server.port ")[1].split()[0]]] = pid
    return found, Path(cfg)


def settle(server: Server, timeout: float = 120.0, quiet: float = 0.3) -> float:
    """Wait until the server's processes use under `quiet` of a core over two seconds
    running (the teacher has opened the app: models loaded, an embedded Dask cluster's
    workers started and torch imported); returns the seconds waited."""
    start = time.monotonic()
    calm = 0
    while time.monotonic() - start < timeout and calm < 2:
        procs = []
        for pid in server.pids():
            with contextlib.suppress(psutil.Error):
                proc = psutil.Process(pid)
                proc.cpu_percent(None)
                procs.append(proc)
        time.sleep(1.0)
        used = 0.0
        for proc in procs:
            with contextlib.suppress(psutil.Error):
                used += proc.cpu_percent(None) / 100
        calm = calm + 1 if used < quiet else 0
    return time.monotonic() - start


def _spawn(cmd: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    """Start `cmd` in a new process group (session), output to `log`."""
    with log.open("ab") as out:
        return subprocess.Popen(
            cmd, cwd=ROOT, env={**os.environ, **env}, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip


def _wait_health(url: str, proc: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited ({proc.returncode}) before answering {url}")
        try:
            urllib.request.urlopen(url + "/_stcore/health", timeout=2)
            return
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError(f"{url} did not answer within {timeout:.0f} s") from None
            time.sleep(0.25)


def _wait_line(log: Path, proc: subprocess.Popen, word: str, timeout: float) -> str:
    """Wait until the log holds a line containing `word`; the whole log so far."""
    deadline = time.monotonic() + timeout
    while True:
        text = log.read_text(errors="replace") if log.exists() else ""
        if any(word in line.lower() for line in text.splitlines()):
            return text
        if proc.poll() is not None:
            raise RuntimeError(f"exited ({proc.returncode}) before '{word}':\n{text[-2000:]}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"no '{word}' line within {timeout:.0f} s:\n{text[-2000:]}")
        time.sleep(0.25)


def kill_tree(procs: list[subprocess.Popen]) -> None:
    """SIGTERM each root's process group and every descendant, then SIGKILL what is left."""
    victims: list[psutil.Process] = []
    for p in procs:
        with contextlib.suppress(psutil.Error):
            root = psutil.Process(p.pid)
            victims += [root, *root.children(recursive=True)]
    for p in procs:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(p.pid, signal.SIGTERM)
    for v in victims:
        with contextlib.suppress(psutil.Error):
            v.terminate()
    _gone, alive = psutil.wait_procs(victims, timeout=10)
    for p in procs:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(p.pid, signal.SIGKILL)
    for v in alive:
        with contextlib.suppress(psutil.Error):
            v.kill()
    psutil.wait_procs(alive, timeout=5)
    for p in procs:
        with contextlib.suppress(subprocess.TimeoutExpired):
            p.wait(5)


def _streamlit_cmd(port: int) -> list[str]:
    return [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
            "--server.headless", "true", "--server.address", "127.0.0.1"]  # fmt: skip


@contextlib.contextmanager
def single(label: str, engine: str, env: dict[str, str], logdir: Path) -> Iterator[Server]:
    """One `streamlit run app.py` with SEQ2SEQ_TASK_ENGINE=`engine`."""
    port = free_port()
    log = logdir / f"{label}.log"
    proc = _spawn(_streamlit_cmd(port), {**env, "SEQ2SEQ_TASK_ENGINE": engine}, log)
    server = Server(label, f"http://127.0.0.1:{port}", [proc], log=log)
    try:
        _wait_health(server.url, proc, 90)
        yield server
    finally:
        kill_tree(server.procs)


@contextlib.contextmanager
def hall(
    label: str, replicas: int, workers: int, env: dict[str, str], logdir: Path
) -> Iterator[Server]:
    """`python serve.py --replicas N --workers W --port P`, until its 'ready' line."""
    port = free_port()
    log = logdir / f"{label}.log"
    cmd = [sys.executable, "serve.py", "--replicas", str(replicas), "--workers", str(workers),
           "--port", str(port), "--address", "127.0.0.1"]  # fmt: skip
    proc = _spawn(cmd, env, log)
    server = Server(label, f"http://127.0.0.1:{port}", [proc], log=log)
    try:
        text = _wait_line(log, proc, "ready in", 180)
        found = SCHEDULER_RE.findall(text)
        server.scheduler = found[0] if found else ""
        _wait_health(server.url, proc, 60)
        yield server
    finally:
        kill_tree(server.procs)


def join_worker(server: Server, name: str, logdir: Path) -> subprocess.Popen:
    """Start `dask worker <scheduler> --nthreads 1 --preload hall.join` (a lab PC joining,
    with the join check the hall's scheduler asks of every worker), part of `server`."""
    cmd = [sys.executable, "-m", "distributed.cli.dask_worker", server.scheduler,
           "--nthreads", "1", "--nworkers", "1", "--name", name, "--host", "127.0.0.1",
           "--no-dashboard", "--preload", "hall.join"]  # fmt: skip
    proc = _spawn(cmd, {}, logdir / f"{name}.log")
    server.procs.append(proc)
    return proc


class RssSampler:
    """Samples the summed RSS of a server's process tree in a thread; `peak_mb` at the end."""

    def __init__(self, server: Server, every: float = 0.2) -> None:
        self.server, self.every = server, every
        self.peak = 0
        self.peak_procs = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True, name="rss-sampler")

    def _loop(self) -> None:
        while not self._stop.is_set():
            total, n = 0, 0
            for pid in self.server.pids():
                with contextlib.suppress(psutil.Error):
                    total += psutil.Process(pid).memory_info().rss
                    n += 1
            if total > self.peak:
                self.peak, self.peak_procs = total, n
            self._stop.wait(self.every)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(5)

    @property
    def peak_mb(self) -> int:
        return self.peak // 2**20
