"""The lecture-hall command: the classroom app for a whole class on one machine.

    python serve.py [--replicas N] [--workers W] [--port 8501] [--address 0.0.0.0]
                    [--scheduler tcp://HOST:PORT]

starts a Dask scheduler and W training workers (one thread each, at a lower CPU priority),
N Streamlit replicas of app.py on loopback ports (one shared cookie secret, the scheduler's
address in SEQ2SEQ_SCHEDULER), and HAProxy on --address:--port with cookie-sticky sessions
in front of them. It prints the address students open and a "ready" line once everything
answers; Ctrl-C (or SIGTERM) stops every process it started. Without HAProxy it runs one
replica on --port and says so. `streamlit run app.py` stays the one-process command.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import sys
import time

from hall import haproxy
from hall.launcher import Hall, Plan, listens, local_host


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS
        return os.cpu_count() or 1


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line; defaults: one replica and one worker per core, port 8501."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--replicas", type=int, default=_cores(), help="Streamlit replicas")
    p.add_argument("--workers", type=int, default=None,
                   help="Dask training workers (default: one per core; 0: no shared "
                        "engine, each replica trains on its own)")  # fmt: skip
    p.add_argument("--port", type=int, default=8501, help="the port students open")
    p.add_argument("--address", default="0.0.0.0", help="the address students reach")
    p.add_argument("--scheduler", default=os.environ.get("SEQ2SEQ_SCHEDULER") or None,
                   help="an existing Dask scheduler (tcp://HOST:PORT): start none, and no "
                        "workers unless --workers is given")  # fmt: skip
    p.add_argument("--scheduler-host", default="127.0.0.1",
                   help="where the scheduler listens; 0.0.0.0 lets lab PCs join with "
                        "`dask worker` (anyone who reaches it can run code: trusted "
                        "networks only)")  # fmt: skip
    p.add_argument("--scheduler-port", type=int, default=0, help="default: a free port")
    p.add_argument("--haproxy", default=None, help="the haproxy binary (default: found)")
    p.add_argument("--ready-timeout", type=float, default=180.0, help="seconds")
    args = p.parse_args(argv)
    if args.workers is None:
        args.workers = 0 if args.scheduler else _cores()
    if args.replicas < 1 or args.workers < 0 or not 0 < args.port < 65536:
        p.error("--replicas must be at least 1, --workers at least 0, --port 1-65535")
    return args


def say(text: str) -> None:
    """One line (or block) of the launcher's own report, prefixed and flushed."""
    for line in text.splitlines() or [""]:
        print(f"serve: {line}", flush=True)


def _cannot_listen(address: str, port: int) -> str | None:
    """Why nothing can listen on address:port (in use, no such address), or None."""
    with socket.socket(socket.AF_INET6 if ":" in address else socket.AF_INET) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((address, port))
        except OSError as e:
            return e.strerror or str(e)
    return None


def _scheduler_answers(address: str) -> bool:
    host, _, port = address.removeprefix("tcp://").rpartition(":")
    return port.isdigit() and listens(host.strip("[]"), int(port))


def _student_address(args: argparse.Namespace) -> str:
    public = os.environ.get("SEQ2SEQ_PUBLIC_URL")
    if public:
        return public
    host = args.address
    if host in ("0.0.0.0", "::", ""):
        try:  # the interface that routes outwards; no packet is sent
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
                s.connect(("10.255.255.255", 1))
                host = s.getsockname()[0]
        except OSError:
            host = local_host(host)
    return f"http://{host}:{args.port}"


def _announce(hall: Hall, args: argparse.Namespace, seconds: float) -> None:
    rss, pss, count = hall.memory()
    front = (
        f"{len(hall.replicas)} replicas behind HAProxy"
        if hall.proxied
        else "1 replica (no HAProxy)"
    )
    workers = f"{len(hall.workers)} worker{'s' * (len(hall.workers) != 1)}"
    if hall.scheduler is not None:
        engine = f"{workers}, scheduler {hall.address}"
    elif hall.address:
        engine = f"the existing scheduler {hall.address} and {workers} of ours"
    else:
        engine = "training inside each replica"
    say(f"ready in {seconds:.1f} s: {front} on {args.address}:{args.port}, {engine}; "
        f"memory {rss:.0f} MiB RSS ({pss:.0f} MiB PSS) in {count} processes")  # fmt: skip
    say(f"students open {_student_address(args)}")
    if hall.scheduler is not None and args.scheduler_host != "127.0.0.1":
        say(f"a lab PC joins with: dask worker {hall.address} --nthreads 1 (run it in "
            "this project's folder and environment)")  # fmt: skip
    say("Ctrl-C stops everything")


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    """Start the hall, report it ready, watch it until Ctrl-C or SIGTERM, stop it."""
    started = time.monotonic()
    args = parse_args(argv)
    problem = _cannot_listen(args.address, args.port)
    if problem:
        say(f"cannot listen on {args.address}:{args.port} ({problem}): choose another "
            "--port or --address")  # fmt: skip
        return 2
    binary = haproxy.find_haproxy(args.haproxy)
    plan = Plan(args.replicas, args.workers, args.port, args.address, args.scheduler,
                args.scheduler_host, args.scheduler_port, binary)  # fmt: skip
    if binary is None:
        say(f"HAProxy not found: running ONE replica directly on {args.address}:{args.port}"
            f" (--replicas {args.replicas} ignored). For replicas install it: "
            f"{haproxy.INSTALL_HINT}")  # fmt: skip
    if args.scheduler and not _scheduler_answers(args.scheduler):
        say(f"no Dask scheduler answers at {args.scheduler} yet: training waits for it")
    hall = Hall(plan, say)
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, _interrupt)
    say(f"starting; logs in {hall.run_dir}")
    try:
        if not hall.start() or not hall.wait_ready(args.ready_timeout):
            return 1
        _announce(hall, args, time.monotonic() - started)
        while True:
            time.sleep(1.0)
            hall.check()
    except KeyboardInterrupt:
        say("stopping")
    finally:
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(sig, signal.SIG_IGN)  # let the stop finish
        hall.stop()
        say("stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
