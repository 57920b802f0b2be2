"""Start, watch and stop the lecture hall: a Dask scheduler and workers, N Streamlit
replicas sharing one cookie secret, and HAProxy with sticky sessions in front."""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from hall import haproxy
from hall.procs import Child, descendants, memory_mb, stop_all
from ui.services import engine

ROOT = Path(__file__).resolve().parent.parent
WORKER_NICE = 10  # training yields the CPU to the web tier
MAX_RESTARTS = 3  # per child; a child that keeps dying is reported and left down


@dataclass
class Plan:
    """What the teacher asked for on the command line (serve.py)."""

    replicas: int
    workers: int
    port: int
    address: str
    scheduler: str | None  # an existing scheduler's address: start none
    scheduler_host: str
    scheduler_port: int
    haproxy: str | None  # the binary, None when there is none
    app: Path = ROOT / "app.py"


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def local_host(address: str) -> str:
    """The address to reach a server bound on `address` from this machine."""
    return "127.0.0.1" if address in ("", "0.0.0.0", "::") else address


def answers(url: str, timeout: float = 2.0) -> bool:
    """True when `url` answers 200 (Streamlit's /_stcore/health says "ok")."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return r.status == 200
    except OSError:
        return False


def listens(host: str, port: int) -> bool:
    """True when a TCP connection to host:port is accepted."""
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


class Hall:
    """The processes of one launch, their ports and log files (in a temporary folder)."""

    def __init__(self, plan: Plan, say: Callable[[str], None]) -> None:
        self.plan, self.say = plan, say
        self.run_dir = Path(tempfile.mkdtemp(prefix="seq2seq-hall-"))
        # One secret for all replicas, new at every launch: a cookie signed by one
        # replica (Streamlit's session and login cookies) validates on the others.
        self.cookie_secret = secrets.token_hex(32)
        self.proxied = plan.haproxy is not None and plan.replicas > 1
        self.scheduler: Child | None = None
        self.workers: list[Child] = []
        self.replicas: list[Child] = []
        self.replica_ports: list[int] = []
        self.replica_hosts: list[str] = []
        self.coming_back: set[int] = set()  # restarted replicas not answering yet
        self.proxy: Child | None = None
        self.failed = False
        self._log_seen: dict[str, int] = {}  # worker log -> bytes already read
        self.address = plan.scheduler or self._plan_scheduler()
        self._plan_workers()
        self._plan_replicas()

    def _plan_scheduler(self) -> str | None:
        if self.plan.workers == 0:
            return None  # no shared engine: each replica trains on its own
        host, port = self.plan.scheduler_host, self.plan.scheduler_port or free_port()
        self.scheduler = Child(
            "scheduler",
            [sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", host,
             "--port", str(port), "--no-dashboard",
             # the scheduler's HTTP routes (/health, /metrics) stay on this machine
             "--dashboard-address", "127.0.0.1:0"],
            self.run_dir / "scheduler.log",
            # a run whose worker died is not run again (ui/services/engine.py: ALLOWED_FAILURES)
            {**os.environ, **engine.scheduler_env()},
        )  # fmt: skip
        return f"tcp://{local_host(host)}:{port}"

    def _plan_workers(self) -> None:
        if not self.address:
            return
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT),
               os.environ.get("PYTHONPATH")]))}  # fmt: skip
        # our own scheduler is local: workers listen on loopback; a remote one must
        # reach them, so dask picks the interface. A worker's HTTP routes (health,
        # metrics: served even with --no-dashboard, on 0.0.0.0 unless told) stay here.
        host = ["--host", "127.0.0.1"] if self.scheduler else []
        for i in range(self.plan.workers):
            argv = [sys.executable, "-m", "distributed.cli.dask_worker", self.address,
                    "--nthreads", "1", "--nworkers", "1", "--no-dashboard",
                    "--dashboard-address", "127.0.0.1:0", "--name", f"hall-worker-{i + 1}",
                    "--local-directory", str(self.run_dir / "dask"), *host]  # fmt: skip
            log = self.run_dir / f"worker-{i + 1}.log"
            self.workers.append(Child(f"worker {i + 1}", argv, log, env, ROOT, WORKER_NICE))

    def _plan_replicas(self) -> None:
        env = {**os.environ, "STREAMLIT_SERVER_COOKIE_SECRET": self.cookie_secret}
        if self.address:
            env["SEQ2SEQ_SCHEDULER"] = self.address
            env.setdefault("SEQ2SEQ_TASK_ENGINE", "dask")
        count = self.plan.replicas if self.proxied else 1
        for i in range(count):
            host, port = "127.0.0.1", free_port()
            if not self.proxied:  # the one replica is what students open
                host, port = self.plan.address, self.plan.port
            # `streamlit run`, with the upload bounds in place from the start (hall/replica.py)
            argv = [sys.executable, "-m", "hall.replica", "run", str(self.plan.app),
                    "--server.port", str(port), "--server.address", host,
                    "--server.headless", "true"]  # fmt: skip
            name = f"replica {haproxy.replica_name(i)}"
            self.replicas.append(Child(name, argv, self.run_dir / f"replica-{i + 1}.log",
                                       env, ROOT))  # fmt: skip
            self.replica_ports.append(port)
            self.replica_hosts.append(local_host(host))

    def children(self) -> list[Child]:
        """Every child, the scheduler last (workers leave before it)."""
        front = [self.proxy] if self.proxy else []
        back = [self.scheduler] if self.scheduler else []
        return front + self.replicas + self.workers + back

    def start(self) -> bool:
        """Check HAProxy's configuration, then start the scheduler, workers and replicas
        together; HAProxy comes once the replicas answer (wait_ready). False, with HAProxy's
        message said and nothing started, if it refuses its configuration."""
        if self.proxied:
            path = self.run_dir / "haproxy.cfg"
            path.write_text(
                haproxy.render_config(self.plan.address, self.plan.port, self.replica_ports)
            )
            problem = haproxy.check_config(self.plan.haproxy, path)
            if problem:
                self.say(f"HAProxy refused its configuration {path}:\n{problem}")
                self.failed = True
                return False
            argv = haproxy.command(self.plan.haproxy, path)
            self.proxy = Child("haproxy", argv, self.run_dir / "haproxy.log")
        for child in [self.scheduler, *self.workers, *self.replicas]:
            if child is not None:
                child.start()
        return True

    def replica_ok(self, i: int) -> bool:
        """True when replica i answers its health check."""
        return answers(f"http://{self.replica_hosts[i]}:{self.replica_ports[i]}/_stcore/health")

    def _waiting_for(self) -> list[str]:
        """The names of the children that do not answer yet."""
        waiting = []
        if self.scheduler:
            host, port = self.address.removeprefix("tcp://").rsplit(":", 1)
            if not listens(host, int(port)):
                waiting.append("scheduler")
        waiting += [w.name for w in self.workers if "Registered to:" not in w.log_text()]
        waiting += [r.name for i, r in enumerate(self.replicas) if not self.replica_ok(i)]
        if self.proxy is not None:
            if self.proxy.proc is None and not waiting:
                self.proxy.start()
            front = f"http://{local_host(self.plan.address)}:{self.plan.port}/_stcore/health"
            if self.proxy.proc is None or not answers(front):
                waiting.append("haproxy")
        return waiting

    def wait_ready(self, timeout: float) -> bool:
        """Wait until everything answers; False (with the reason said) if a child died or
        `timeout` seconds passed."""
        deadline = time.monotonic() + timeout
        while True:
            dead = [c for c in self.children() if c.exit_code() is not None]
            if dead:
                for c in dead:
                    self.say(f"{c.name} exited with code {c.exit_code()} while starting:")
                    self.say(c.log_tail(8))
                self.failed = True
                return False
            waiting = self._waiting_for()
            if not waiting:
                return True
            if time.monotonic() > deadline:
                self.say(f"not ready after {timeout:.0f} s: {', '.join(waiting)} "
                         f"(logs in {self.run_dir})")  # fmt: skip
                self.failed = True
                return False
            time.sleep(0.25)

    def memory(self) -> tuple[float, float, int]:
        """(RSS MiB, PSS MiB, process count) of every process of the hall."""
        pids = descendants([c.pid for c in self.children() if c.pid])
        rss, pss = memory_mb(pids)
        return rss, pss, len(pids)

    def _worker_news(self) -> None:
        """Say when a worker's training process died: Dask's nanny restarts it itself."""
        for w in self.workers:
            try:
                with open(w.log, "rb") as f:
                    f.seek(self._log_seen.get(w.name, 0))
                    new = f.read()
                    self._log_seen[w.name] = f.tell()
            except OSError:
                continue
            for line in new.decode("utf-8", "replace").splitlines():
                if "Restarting worker" in line or "was killed by signal" in line:
                    self.say(f"{w.name}: {line.split(' - ')[-1].strip()}")

    def check(self) -> None:
        """Report any child that died since the last check and restart it (up to
        MAX_RESTARTS times each); say when a restarted replica answers again and when a
        worker's process died."""
        self._worker_news()
        for i in sorted(self.coming_back):
            if self.replica_ok(i):
                self.coming_back.discard(i)
                self.say(f"{self.replicas[i].name} answers again")
        for child in self.children():
            code = child.exit_code()
            if code is None:
                continue
            self.failed = True
            self.say(f"{child.name} (pid {child.pid}) exited with code {code}; its log:")
            self.say(child.log_tail())
            if child.restarts >= MAX_RESTARTS:
                self.say(f"{child.name} died {MAX_RESTARTS + 1} times: left down")
                child.proc = None
                continue
            child.restarts += 1
            child.start()
            if child in self.replicas:
                self.coming_back.add(self.replicas.index(child))
            self.say(f"{child.name} restarted (pid {child.pid}, restart {child.restarts} "
                     f"of {MAX_RESTARTS})")  # fmt: skip

    def stop(self) -> None:
        """Stop everything (front first, the scheduler last); keep the logs only if
        something failed."""
        front = [c for c in self.children() if c is not self.scheduler]
        stop_all(front)
        if self.scheduler is not None:
            stop_all([self.scheduler])
        if self.failed:
            self.say(f"logs kept in {self.run_dir}")
        else:
            shutil.rmtree(self.run_dir, ignore_errors=True)
