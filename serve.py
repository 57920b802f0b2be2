"""The lecture-hall command: the classroom app for a whole class on one machine.

    python serve.py [--replicas N] [--workers W] [--port 8501] [--address 0.0.0.0]
                    [--scheduler tcp://HOST:PORT] [--certificate PEM] [--log-dir DIR] ...

starts a Dask scheduler and W training workers (one thread each, at a lower CPU priority),
N Streamlit replicas of app.py on loopback ports (one shared cookie secret, the scheduler's
address in SEQ2SEQ_SCHEDULER), and HAProxy on --address:--port with cookie-sticky sessions
in front of them (HTTPS with --certificate). It prints the address students open and a
"ready" line once everything answers and each replica has loaded its models; Ctrl-C (or
SIGTERM) stops every process it started. A child that dies is restarted after a backoff; one
that cannot be brought back makes it stop everything and exit 1, saying why. Lab mode
(--scheduler-host beyond loopback) runs only with TLS certificates (hall/tls.py) and prints
the command a lab PC joins with. Without HAProxy it runs one replica on --port and says so.
`streamlit run app.py` stays the one-process command. Operations: docs/operations.md.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import sys
import time
from pathlib import Path

from hall import haproxy, logs, service, tls
from hall.join import LAB_TLS_DIR, join_command
from hall.launcher import Hall, Plan, listens, local_host
from hall.procs import Backoff

LOOPBACK = ("127.0.0.1", "localhost", "::1")


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
    p.add_argument("--tls-dir", type=Path, default=tls.default_tls_dir(),
                   help="lab mode's class CA and certificates, made there on first use "
                        "(default: %(default)s)")  # fmt: skip
    for name in ("ca-file", "cert", "key"):
        p.add_argument(
            f"--tls-{name}",
            default=None,
            help="the school's own CA, certificate or key for Dask (all three)",
        )
    p.add_argument(
        "--certificate",
        type=Path,
        default=None,
        help="HTTPS at HAProxy: one PEM file with the certificate chain and key",
    )
    p.add_argument(
        "--http-port",
        type=int,
        default=None,
        help="with --certificate: plain HTTP here is redirected to HTTPS",
    )
    p.add_argument(
        "--log-dir",
        type=Path,
        default=logs.default_log_dir(),
        help="a folder per launch is made there (default: %(default)s)",
    )
    p.add_argument("--restart-backoff", type=float, default=Backoff.first,
                   help="seconds before a dead process restarts, doubled at each death in a "
                        "row (up to 60)")  # fmt: skip
    p.add_argument(
        "--restart-limit",
        type=int,
        default=Backoff.limit,
        help="deaths in a row after which serve.py stops and exits 1",
    )
    p.add_argument(
        "--healthy-after",
        type=float,
        default=Backoff.healthy_after,
        help="seconds up after which a process's deaths in a row start again at 0",
    )
    p.add_argument("--haproxy", default=None, help="the haproxy binary (default: found)")
    p.add_argument("--ready-timeout", type=float, default=180.0, help="seconds")
    p.add_argument("--systemd-unit", action="store_true",
                   help="print a systemd unit running this command (without this option) "
                        "and exit")  # fmt: skip
    args = p.parse_args(argv)
    if args.workers is None:
        args.workers = 0 if args.scheduler else _cores()
    if args.replicas < 1 or args.workers < 0 or not 0 < args.port < 65536:
        p.error("--replicas must be at least 1, --workers at least 0, --port 1-65535")
    if args.restart_backoff <= 0 or args.restart_limit < 0 or args.healthy_after <= 0:
        p.error("--restart-backoff and --healthy-after must be over 0, --restart-limit >= 0")
    if args.http_port is not None and args.certificate is None:
        p.error("--http-port redirects to HTTPS: give --certificate too")
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
    host, _, port = address.split("://")[-1].rpartition(":")
    return port.isdigit() and listens(host.strip("[]"), int(port))


def _outward(host: str) -> str:
    """`host`, or for a wildcard the address of the interface that routes outwards."""
    if host not in ("0.0.0.0", "::", ""):
        return host
    try:  # no packet is sent
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("10.255.255.255", 1))
            return s.getsockname()[0]
    except OSError:
        return local_host(host)


def _student_address(args: argparse.Namespace) -> str:
    public = os.environ.get("SEQ2SEQ_PUBLIC_URL")
    if public:
        return public
    scheme = "https" if args.certificate else "http"
    return f"{scheme}://{_outward(args.address)}:{args.port}"


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
    if hall.proxied:
        say(f"health for monitoring: {hall.front_url()}{haproxy.HEALTH_PATH}")
    if hall.scheduler is not None and args.scheduler_host not in LOOPBACK:
        port = hall.address.rsplit(":", 1)[1]
        say(f"a lab PC joins with, in its copy of this project at the same commit (with "
            f"its .venv), after copying ca.pem, lab.pem and lab-key.pem from "
            f"{args.tls_dir if not args.tls_cert else 'the school'} to {LAB_TLS_DIR}:")  # fmt: skip
        say("  " + join_command(f"tls://{_outward(args.scheduler_host)}:{port}"))
    say("Ctrl-C stops everything")


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _refusal(args: argparse.Namespace) -> str | None:
    """Why the hall cannot start as asked, before anything starts (None: it can)."""
    for what, port in [("", args.port), ("--http-port ", args.http_port)]:
        problem = port and _cannot_listen(args.address, port)
        if problem:
            return (f"cannot listen on {args.address}:{port} ({problem}): choose another "
                    f"--{what.strip(' -') or 'port'} or --address")  # fmt: skip
    if args.scheduler is None and args.workers and args.scheduler_port:
        problem = _cannot_listen(args.scheduler_host, args.scheduler_port)
        if problem:
            where = f"{args.scheduler_host}:{args.scheduler_port}"
            return (f"the scheduler cannot listen on {where} ({problem}): choose another "
                    "--scheduler-port")  # fmt: skip
    if args.certificate is not None and not args.certificate.is_file():
        return f"--certificate {args.certificate}: no such file"
    return None


def _tls(args: argparse.Namespace) -> tls.TlsFiles | None:
    """Dask's TLS files: the school's, or in lab mode the class's (made when missing);
    TlsError when lab mode cannot have them."""
    given = tls.given_files(args.tls_ca_file, args.tls_cert, args.tls_key)
    lab = args.scheduler is None and args.workers and args.scheduler_host not in LOOPBACK
    if given or not lab:
        return given
    return tls.class_files(args.tls_dir)[0]


def main(argv: list[str] | None = None) -> int:
    """Start the hall, report it ready, watch it until Ctrl-C or SIGTERM, stop it; 1 when a
    process could not be brought back, 2 when it could not start as asked."""
    started = time.monotonic()
    args = parse_args(argv)
    if args.systemd_unit:
        print(service.unit(sys.argv[1:] if argv is None else argv, args), end="")
        return 0
    # SIGINT too: a shell script's background job starts with it ignored
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, _interrupt)
    problem = _refusal(args)
    try:
        files = None if problem else _tls(args)
    except tls.TlsError as e:
        problem = f"lab mode (--scheduler-host {args.scheduler_host}) needs TLS: {e}"
    binary = haproxy.find_haproxy(args.haproxy)
    if not problem and args.certificate and binary is None:
        problem = f"--certificate needs HAProxy: {haproxy.INSTALL_HINT}"
    if problem:
        say(problem)
        return 2
    plan = Plan(args.replicas, args.workers, args.port, args.address, args.scheduler,
                args.scheduler_host, args.scheduler_port, binary, tls=files,
                log_dir=args.log_dir, certificate=args.certificate, http_port=args.http_port,
                backoff=Backoff(first=args.restart_backoff, limit=args.restart_limit,
                                healthy_after=args.healthy_after))  # fmt: skip
    if binary is None:
        say(f"HAProxy not found: running ONE replica directly on {args.address}:{args.port}"
            f" (--replicas {args.replicas} ignored). For replicas install it: "
            f"{haproxy.INSTALL_HINT}")  # fmt: skip
    if args.scheduler and not _scheduler_answers(args.scheduler):
        say(f"no Dask scheduler answers at {args.scheduler} yet: training waits for it")
    return _run(Hall(plan, say), args, started)


def _run(hall: Hall, args: argparse.Namespace, started: float) -> int:
    say(f"starting; logs in {hall.run_dir}")
    code = 0
    try:
        if not hall.start() or not hall.wait_ready(args.ready_timeout):
            return 1
        _announce(hall, args, time.monotonic() - started)
        while not hall.gave_up:
            time.sleep(1.0)
            hall.check()
        say(f"giving up: {hall.gave_up}; stopping everything (exit code 1)")
        code = 1
    except KeyboardInterrupt:
        say("stopping")
    finally:
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(sig, signal.SIG_IGN)  # let the stop finish
        hall.stop()
        say("stopped")
    return code


if __name__ == "__main__":
    sys.exit(main())
