"""The lecture hall as a systemd service: `python serve.py ARGS --systemd-unit` prints a unit
that runs `serve.py ARGS` as its own user, restarted on failure, stopped by SIGTERM (which
serve.py turns into stopping every process it started), its memory capped by the sizing
formula of docs/lecture-hall.md (`hall_memory_gb`). deploy/seq2seq-hall.service is the unit
for `--replicas 4 --workers 4` in /opt/seq2seq (tests/hall/test_service.py keeps it so)."""

from __future__ import annotations

import argparse
import math
import shlex
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
USER = "seq2seq"
NAME = "seq2seq-hall"  # the unit's name, and its state and logs folders
LOG_DIR = f"/var/log/{NAME}"  # LogsDirectory=
STATE_DIR = f"/var/lib/{NAME}"  # StateDirectory=: the class CA and certificates, HOME
# The sizing formula (docs/lecture-hall.md, "Memory budget"), in GB (10^9 bytes)
REPLICA_GB = 1.41  # the app and its shipped models, explorer caches, uploads
WORKER_GB = 1.98  # one run's budget (1.5 GiB) and the worker, its nanny, torch
BASE_GB = 0.1  # the scheduler, HAProxy, serve.py
RUN_GB = 1.5 * 2**30 / 1e9  # a run trained inside a replica (--workers 0)


def hall_memory_gb(replicas: int, workers: int, runs_per_replica: int = 0) -> float:
    """What the hall may hold: R x 1.41 + W x 1.98 + 0.1 GB, plus a run's budget per run a
    replica trains itself (`--workers 0`: runs_per_replica is SEQ2SEQ_MAX_RUNS)."""
    return replicas * (REPLICA_GB + runs_per_replica * RUN_GB) + workers * WORKER_GB + BASE_GB


def _serve_args(argv: list[str]) -> list[str]:
    """The command line without --systemd-unit, with the service's folders unless given."""
    args = [a for a in argv if a != "--systemd-unit"]
    if not any(a.split("=")[0] == "--log-dir" for a in args):
        args += ["--log-dir", LOG_DIR]
    if not any(a.split("=")[0] == "--tls-dir" for a in args):
        args += ["--tls-dir", f"{STATE_DIR}/tls"]
    return args


def unit(argv: list[str], args: argparse.Namespace, root: Path = ROOT,
         python: str = sys.executable, cores: int = 0) -> str:  # fmt: skip
    """The unit file's text for `serve.py argv` (as parsed into `args`)."""
    runs = 0 if args.workers else (cores or args.replicas)
    mib = math.ceil(hall_memory_gb(args.replicas, args.workers, runs) * 1e9 / 2**20)
    command = shlex.join([python, str(root / "serve.py"), *_serve_args(argv)])
    return f"""\
# The classroom app's lecture hall (serve.py), made by `serve.py --systemd-unit`.
# Install: docs/operations.md ("The service").
[Unit]
Description=Seq2seq classroom app: lecture hall (serve.py)
Documentation=file://{root}/docs/operations.md
After=network-online.target
Wants=network-online.target

[Service]
Type=simple
User={USER}
Group={USER}
WorkingDirectory={root}
Environment=PYTHONUNBUFFERED=1 HOME={STATE_DIR}
ExecStart={command}
StateDirectory={NAME}
StateDirectoryMode=0700
LogsDirectory={NAME}
# serve.py stops every process it started on SIGTERM; what is left after the timeout is killed
KillSignal=SIGTERM
KillMode=mixed
TimeoutStopSec=60
# exit code 1: a process of the hall could not be brought back; 2: it could not start
Restart=on-failure
RestartSec=10
# the sizing formula: {args.replicas} replicas x {REPLICA_GB} GB + {args.workers} workers \
x {WORKER_GB} GB + {BASE_GB} GB
MemoryMax={mib}M
# ports under 1024 (80, 443) for HAProxy without root
AmbientCapabilities=CAP_NET_BIND_SERVICE
NoNewPrivileges=yes
PrivateTmp=yes
ProtectSystem=full

[Install]
WantedBy=multi-user.target
"""
