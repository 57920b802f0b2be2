"""Start, watch and stop the lecture hall: a Dask scheduler and workers, N Streamlit
replicas sharing one cookie secret, and HAProxy with sticky sessions in front."""

from __future__ import annotations

import os
import secrets
import socket
import ssl
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from hall import haproxy, logs
from hall.procs import Backoff, Child, descendants, memory_mb, stop_all
from hall.tls import TlsFiles
from ui.services import engine

ROOT = Path(__file__).resolve().parent.parent
WORKER_NICE = 10  # training yields the CPU to the web tier
PRELOAD = ["--preload", "hall.join"]  # workers must run the server's code (hall/join.py)


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
    tls: TlsFiles | None = None  # Dask's TLS between scheduler, workers, replicas
    log_dir: Path | None = None  # a launch folder is made there (None: a temporary one)
    backoff: Backoff = field(default_factory=Backoff)
    certificate: Path | None = None  # HTTPS at HAProxy
    http_port: int | None = None  # plain HTTP, redirected to HTTPS


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def local_host(address: str) -> str:
    """The address to reach a server bound on `address` from this machine."""
    return "127.0.0.1" if address in ("", "0.0.0.0", "::") else address


_ANY_CERT = ssl.create_default_context()
_ANY_CERT.check_hostname, _ANY_CERT.verify_mode = False, ssl.CERT_NONE  # our own front


def answers(url: str, timeout: float = 2.0) -> bool:
    """True when `url` answers 200 (Streamlit's /_stcore/health says "ok"); an https URL
    is this machine's own HAProxy, whose certificate names the school's host."""
    context = _ANY_CERT if url.startswith("https:") else None
    try:
        with urllib.request.urlopen(url, timeout=timeout, context=context) as r:
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
    """The processes of one launch, their ports and log files (a folder of the launch's own
    under plan.log_dir, hall/logs.py)."""

    def __init__(self, plan: Plan, say: Callable[[str], None]) -> None:
        self.plan, self.say = plan, say
        if plan.log_dir is None:
            self.run_dir = Path(tempfile.mkdtemp(prefix="seq2seq-hall-"))
        else:
            self.run_dir = logs.launch_dir(plan.log_dir, say)
        # One secret for all replicas, new at every launch: a cookie signed by one
        # replica (Streamlit's session and login cookies) validates on the others.
        self.cookie_secret = secrets.token_hex(32)
        # HTTPS needs HAProxy even in front of one replica
        self.proxied = plan.haproxy is not None and (plan.replicas > 1 or bool(plan.certificate))
        self.scheduler: Child | None = None
        self.workers: list[Child] = []
        self.replicas: list[Child] = []
        self.replica_ports: list[int] = []
        self.replica_hosts: list[str] = []
        self.coming_back: set[int] = set()  # restarted replicas not answering yet
        self.proxy: Child | None = None
        self.failed = False
        self.gave_up = ""  # why a child could not be brought back ("": it could)
        self.scheduler_http: int | None = None
        self.worker_http: list[int] = []
        self._log_seen: dict[str, int] = {}  # worker log -> bytes already read
        self.address = plan.scheduler or self._plan_scheduler()
        self._plan_workers()
        self._plan_replicas()

    def _plan_scheduler(self) -> str | None:
        if self.plan.workers == 0:
            return None  # no shared engine: each replica trains on its own
        host, port = self.plan.scheduler_host, self.plan.scheduler_port or free_port()
        self.scheduler_http = free_port()
        tls = ["--protocol", "tls", *self.plan.tls.dask_args()] if self.plan.tls else []
        self.scheduler = Child(
            "scheduler",
            [sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", host,
             "--port", str(port), "--no-dashboard", *tls, *PRELOAD,
             # the scheduler's HTTP routes (/health, /metrics) stay on this machine
             "--dashboard-address", f"127.0.0.1:{self.scheduler_http}"],
            self.run_dir / "scheduler.log",
            # a run whose worker died is not run again (ui/services/engine.py: ALLOWED_FAILURES)
            {**os.environ, **engine.scheduler_env(), "PYTHONPATH": _pythonpath()},
            ROOT,
        )  # fmt: skip
        return f"{'tls' if tls else 'tcp'}://{local_host(host)}:{port}"

    def _plan_workers(self) -> None:
        if not self.address:
            return
        env = {**os.environ, "PYTHONPATH": _pythonpath()}
        tls = self.plan.tls.dask_args() if self.plan.tls else []
        # our own scheduler is local: workers listen on loopback; a remote one must
        # reach them, so dask picks the interface. A worker's HTTP routes (health,
        # metrics: served even with --no-dashboard, on 0.0.0.0 unless told) stay here.
        host = ["--host", "127.0.0.1"] if self.scheduler else []
        for i in range(self.plan.workers):
            self.worker_http.append(free_port())  # its /health, for HAProxy's HEALTH_PATH
            argv = [sys.executable, "-m", "distributed.cli.dask_worker", self.address,
                    "--nthreads", "1", "--nworkers", "1", "--no-dashboard",
                    "--dashboard-address", f"127.0.0.1:{self.worker_http[-1]}",
                    "--name", f"hall-worker-{i + 1}", *tls, *PRELOAD,
                    "--local-directory", str(self.run_dir / "dask"), *host]  # fmt: skip
            log = self.run_dir / f"worker-{i + 1}.log"
            self.workers.append(Child(f"worker {i + 1}", argv, log, env, ROOT, WORKER_NICE))

    def _plan_replicas(self) -> None:
        env = {**os.environ, "STREAMLIT_SERVER_COOKIE_SECRET": self.cookie_secret}
        if self.plan.tls:
            env.update(self.plan.tls.env())
        if self.address:
            env["SEQ2SEQ_SCHEDULER"] = self.address
            env.setdefault("SEQ2SEQ_TASK_ENGINE", "dask")
        count = self.plan.replicas if self.proxied else 1
        for i in range(count):
            host, port = "127.0.0.1", free_port()
            if not self.proxied:  # the one replica is what students open
                host, port = self.plan.address, self.plan.port
            # `streamlit run`, warmed before it answers (hall/replica.py)
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
            front = haproxy.Front(self.plan.certificate, self.plan.http_port,
                                  self.scheduler_http, tuple(self.worker_http))  # fmt: skip
            path.write_text(haproxy.render_config(self.plan.address, self.plan.port,
                                                  self.replica_ports, front=front))  # fmt: skip
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
        # the scheduler's HTTP /health (a bare connection to its TLS port logs a warning)
        if self.scheduler and not answers(f"http://127.0.0.1:{self.scheduler_http}/health"):
            waiting.append("scheduler")
        waiting += [w.name for w in self.workers if "Registered to:" not in w.log_text()]
        waiting += [r.name for i, r in enumerate(self.replicas) if not self.replica_ok(i)]
        if self.proxy is not None:
            if self.proxy.proc is None and not waiting:
                self.proxy.start()
            front = f"{self.front_url()}/_stcore/health"
            if self.proxy.proc is None or not answers(front):
                waiting.append("haproxy")
        return waiting

    def front_url(self) -> str:
        """What students open, as reached from this machine."""
        scheme = "https" if self.plan.certificate and self.proxied else "http"
        return f"{scheme}://{local_host(self.plan.address)}:{self.plan.port}"

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
                    seen = self._log_seen.get(w.name, 0)
                    f.seek(seen if seen <= f.seek(0, os.SEEK_END) else 0)  # 0: rotated
                    new = f.read()
                    self._log_seen[w.name] = f.tell()
            except OSError:
                continue
            for line in new.decode("utf-8", "replace").splitlines():
                if "Restarting worker" in line or "was killed by signal" in line:
                    self.say(f"{w.name}: {line.split(' - ')[-1].strip()}")

    def check(self) -> None:
        """Rotate big logs; report any child that died since the last check and restart it
        after its backoff (hall/procs.py: Backoff); set `gave_up` when one died too often
        in a row; say when a restarted replica answers again and when a worker's process
        died."""
        self._worker_news()
        for child in self.children():
            logs.rotate(child.log)
        for i in sorted(self.coming_back):
            if self.replica_ok(i):
                self.coming_back.discard(i)
                self.say(f"{self.replicas[i].name} answers again")
        now = time.monotonic()
        for child in self.children():
            if child.restart_at is not None:
                if now >= child.restart_at:
                    self._restart(child)
                continue
            code = child.exit_code()
            if code is None:
                continue
            self.failed = True
            self.say(f"{child.name} (pid {child.pid}) exited with code {code}; its log:")
            self.say(child.log_tail())
            backoff = self.plan.backoff
            if now - child.started_at >= backoff.healthy_after:
                child.failures = 0  # it had been up long enough: a new row
            child.failures += 1
            child.proc = None
            if child.failures > backoff.limit:
                self.gave_up = (f"{child.name} died {child.failures} times in a row, each "
                                f"within {backoff.healthy_after:.0f} s of its start: it "
                                f"cannot be brought back (its log: {child.log})")  # fmt: skip
                return
            delay = backoff.delay(child.failures)
            child.restart_at = now + delay
            self.say(f"{child.name} restarts in {delay:.1f} s (death {child.failures} in a "
                     f"row; serve.py gives up after {backoff.limit})")  # fmt: skip

    def _restart(self, child: Child) -> None:
        child.restarts += 1
        child.start()
        if child in self.replicas:
            self.coming_back.add(self.replicas.index(child))
        self.say(f"{child.name} restarted (pid {child.pid}, restart {child.restarts} in all)")

    def stop(self) -> None:
        """Stop everything (front first, the scheduler last); the logs stay."""
        front = [c for c in self.children() if c is not self.scheduler]
        stop_all(front)
        if self.scheduler is not None:
            stop_all([self.scheduler])
        self.say(f"logs kept in {self.run_dir}")


def _pythonpath() -> str:
    """The project's root first on PYTHONPATH (workers import seq2seq_core and hall.join)."""
    return os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
