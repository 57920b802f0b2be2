"""The task engine training runs go to (Dask distributed), one client per web process.

By default an embedded `LocalCluster`: `SEQ2SEQ_WORKERS` worker processes (default: the
number of cores), one thread each, listening on 127.0.0.1, no dashboard, started on first
use (the real server warms it in the background at start) and closed at exit. With
`SEQ2SEQ_SCHEDULER` (e.g. tcp://127.0.0.1:8786) the client connects to that scheduler
instead; a lab PC joins it with the command `serve.py` prints (hall/join.py: `join_command`),
run from a clone of the repository at the server's commit. A `tls://` scheduler (serve.py's
lab mode) is reached with the certificate in SEQ2SEQ_TLS_CA_FILE, SEQ2SEQ_TLS_CERT and
SEQ2SEQ_TLS_KEY (`security`). Either way every worker gets `jobs.LowPriority` (niceness 10, one
torch thread), and the scheduler gives a task up when its worker dies (allowed failures 0:
see `ALLOWED_FAILURES`). No Streamlit here.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import signal
import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # dask is imported on first use: the in-process backend never needs it
    from distributed import Client, LocalCluster
    from distributed.security import Security

# A task whose worker died is not run again elsewhere: it would start over from the state
# it was submitted with (its events repeating on the page), a run that kills its worker
# (memory) would kill the next one too, and the student sees "failed" at once and may
# start again.
ALLOWED_FAILURES = 0
SCHEDULER_CONFIG = {"distributed.scheduler.allowed-failures": ALLOWED_FAILURES}
_LOCK = threading.Lock()
_CLIENT: Client | None = None
_CLUSTER: LocalCluster | None = None


def scheduler_address() -> str:
    """The configured scheduler ("" for the embedded cluster)."""
    return os.environ.get("SEQ2SEQ_SCHEDULER", "").strip()


def security() -> Security | None:
    """Dask's TLS with the files in SEQ2SEQ_TLS_CA_FILE, SEQ2SEQ_TLS_CERT, SEQ2SEQ_TLS_KEY
    (serve.py sets them in lab mode), encryption required; None when they are not set."""
    files = [os.environ.get(f"SEQ2SEQ_TLS_{k}", "").strip() for k in ("CA_FILE", "CERT", "KEY")]
    if not all(files):
        return None
    from distributed.security import Security

    ca, cert, key = files
    return Security(tls_ca_file=ca, tls_client_cert=cert, tls_client_key=key,
                    require_encryption=True)  # fmt: skip


def n_workers() -> int:
    return int(os.environ.get("SEQ2SEQ_WORKERS", "0") or 0) or os.cpu_count() or 2


def client() -> Client:
    """The process's client, the embedded cluster started first if none is configured."""
    global _CLIENT, _CLUSTER
    import dask
    from distributed import Client

    from seq2seq_core.training import jobs

    with _LOCK:
        if _CLIENT is not None and _CLIENT.status == "running":
            return _CLIENT
        with dask.config.set(SCHEDULER_CONFIG):
            address = scheduler_address()
            if address:
                _CLIENT = Client(address, set_as_default=False, timeout=30,
                                 security=security())  # fmt: skip
                with contextlib.suppress(Exception):  # a scheduler that refuses: its own config
                    _CLIENT.run_on_scheduler(_NO_RERUN)
            else:
                _CLUSTER = local_cluster()
                _CLIENT = Client(_CLUSTER, set_as_default=False)
        _CLIENT.register_plugin(jobs.LowPriority())
        # registered after distributed's own exit hook, so it runs first (quietly)
        atexit.unregister(shutdown)
        atexit.register(shutdown)
        return _CLIENT


def connected() -> bool:
    """True while the process's client is connected to its scheduler."""
    with _LOCK:
        c = _CLIENT
    return c is not None and c.status == "running"


def local_cluster() -> LocalCluster:
    """The embedded cluster: `n_workers()` worker processes of one thread, every socket of
    its scheduler, nannies and workers on loopback (no dashboard; the scheduler's and the
    workers' own HTTP routes, health and metrics, which Dask serves even without one, too)."""
    from distributed import LocalCluster

    return LocalCluster(
        n_workers=n_workers(),
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        scheduler_port=0,
        dashboard_address="127.0.0.1:0",
        scheduler_kwargs={"dashboard": False},
        worker_dashboard_address="127.0.0.1:0",
    )


def scheduler_env() -> dict[str, str]:
    """SCHEDULER_CONFIG as the environment of a `dask scheduler` process (serve.py's)."""
    return {
        "DASK_" + key.upper().replace(".", "__").replace("-", "_"): str(value)
        for key, value in SCHEDULER_CONFIG.items()
    }


# On a scheduler started elsewhere (a lambda travels by value: the scheduler need not import
# this module); serve.py starts its own with scheduler_env().
_NO_RERUN = lambda dask_scheduler=None: setattr(dask_scheduler, "allowed_failures", 0)  # noqa: E731


def warm_in_background() -> threading.Thread:
    """Start the cluster without waiting for it (the real server, at start)."""
    atexit.register(shutdown)  # an exit while it starts ends what it spawned
    thread = threading.Thread(target=_warm, daemon=True, name="task-engine-warm")
    thread.start()
    return thread


def _warm() -> None:
    with contextlib.suppress(Exception):  # a failed start shows when a run needs it
        client()


def capacity() -> int:
    """Threads of the cluster's workers (0 before the engine started)."""
    with _LOCK:
        c = _CLIENT
    if c is None:
        return 0
    return sum(c.nthreads().values())


def worker_pids() -> dict[str, int]:
    """Each worker's process id, by address."""
    return client().run(os.getpid)


def shutdown() -> None:
    """End the engine at exit: the embedded workers are killed first (the runs they train
    belong to this process, which is ending; a graceful close of busy, niced workers takes
    seconds), then the client and the cluster are closed."""
    global _CLIENT, _CLUSTER
    if not _LOCK.acquire(timeout=1.0):  # the cluster is still starting: end what it spawned
        for pid in _children():
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        return
    try:
        c, cluster, _CLIENT, _CLUSTER = _CLIENT, _CLUSTER, None, None
    finally:
        _LOCK.release()
    if c is None and cluster is None:
        return
    for name in [n for n in logging.root.manager.loggerDict if n.startswith("distributed")]:
        logging.getLogger(name).setLevel(logging.CRITICAL)  # goodbyes to closed streams at exit
    for pid in _embedded_worker_pids(cluster):
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(Exception):
        if c is not None:
            c.close(timeout=2)
        if cluster is not None:
            cluster.close(timeout=2)


def _embedded_worker_pids(cluster: LocalCluster | None) -> list[int]:
    pids = []
    for nanny in getattr(cluster, "workers", {}).values():
        process = getattr(nanny, "process", None)
        pid = getattr(process, "pid", None)
        if pid:
            pids.append(pid)
    return pids


def _children() -> list[int]:
    """This process's child processes (Linux; elsewhere none are found)."""
    me, found = str(os.getpid()), []
    with contextlib.suppress(OSError):
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                with contextlib.suppress(OSError, IndexError):
                    with open(f"/proc/{entry}/stat") as f:
                        stat = f.read().rsplit(")", 1)[1].split()
                    if stat[1] == me:
                        found.append(int(entry))
    return found
