"""Who may join the hall's scheduler as a training worker: only one running the server's
code with the server's packages. A Dask preload, given to both sides:

    dask scheduler --preload hall.join ...      (serve.py's own scheduler)
    dask worker --preload hall.join ...         (the hall's workers, and the lab PCs)

On a worker it imports the packages a training run needs (a missing one is named, instead of
a run hanging later) and sends, with its registration, its `fingerprint`: a digest of the
engine's source (`seq2seq_core/`), the git commit when the folder is a clone, and the
versions of `WORKER_PACKAGES`. On the scheduler it answers a registration whose fingerprint
differs from its own (or that has none: an older clone, or `dask worker` without the
preload) with Dask's refusal, carrying the reason, which the worker logs ("Unable to connect
to scheduler: ...") before it exits. Nothing else on the scheduler changes.
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import importlib.metadata
import logging
import subprocess
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
KEY = "seq2seq"  # the fingerprint's name in the worker's startup information
# (import name, distribution name) of what a training run imports on a worker
WORKER_PACKAGES = (
    ("torch", "torch"), ("numpy", "numpy"), ("safetensors", "safetensors"),
    ("sentencepiece", "sentencepiece"), ("sacrebleu", "sacrebleu"),
    ("charset_normalizer", "charset-normalizer"), ("dask", "dask"),
    ("distributed", "distributed"), ("cloudpickle", "cloudpickle"), ("msgpack", "msgpack"),
)  # fmt: skip
logger = logging.getLogger("hall.join")


def code_digest(root: Path = ROOT) -> str:
    """A digest of every engine source file (path and content) under `root`."""
    h = hashlib.sha256()
    for path in sorted((root / "seq2seq_core").rglob("*.py")):
        if "__pycache__" not in path.parts:
            h.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()[:16]


def commit(root: Path = ROOT) -> str:
    """The clone's commit (12 digits), "" when it is not a git clone."""
    try:
        done = subprocess.run(["git", "-C", str(root), "rev-parse", "--short=12", "HEAD"],
                              capture_output=True, text=True, timeout=10)  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return ""
    return done.stdout.strip() if done.returncode == 0 else ""


def packages() -> dict[str, str]:
    """Each of WORKER_PACKAGES' version, or "missing (why)" when it cannot be imported."""
    found = {}
    for module, dist in WORKER_PACKAGES:
        try:
            importlib.import_module(module)
            found[dist] = importlib.metadata.version(dist)
        except Exception as e:  # an import can fail in many ways: each is a missing package
            found[dist] = f"missing ({type(e).__name__}: {e})"
    return found


@functools.cache
def fingerprint() -> dict[str, Any]:
    """This machine's code and packages, as the worker sends and the scheduler expects."""
    return {"code": code_digest(), "commit": commit(), "packages": packages()}


def mismatch(mine: dict[str, Any], theirs: object) -> str:
    """Why a worker with fingerprint `theirs` may not join a scheduler with `mine` ("": it
    may). Written for the lab PC's administrator, who reads it in the worker's output."""
    if not isinstance(theirs, dict):
        return ("refused by the lecture hall: this worker was not started with the command "
                "serve.py prints (--preload hall.join missing, or a clone older than the "
                f"server's commit {mine['commit'] or '(not a git clone)'}): update it and use "
                "that command")  # fmt: skip
    reasons = []
    if theirs.get("code") != mine["code"]:
        reasons.append(f"its code differs from the server's (server at commit "
                       f"{mine['commit'] or '?'}, this PC at {theirs.get('commit') or '?'}): "
                       "check out the server's commit")  # fmt: skip
    theirs_pk = theirs.get("packages") or {}
    for name, version in mine["packages"].items():
        other = theirs_pk.get(name, "missing")
        if other != version:
            reasons.append(f"{name} {other} here, {version} on the server")
    if not reasons:
        return ""
    return "refused by the lecture hall: " + "; ".join(reasons) + (
        " (install the project's requirements.lock)" if len(reasons) > 1 or not
        reasons[0].startswith("its code") else "")  # fmt: skip


def _guard(scheduler: Any) -> None:
    """Wrap the scheduler's "register-worker" handler with the fingerprint check."""
    mine = fingerprint()
    register = scheduler.handlers["register-worker"]

    async def guarded(comm: Any, **msg: Any) -> Any:
        reason = mismatch(mine, (msg.get("extra") or {}).get(KEY))
        if reason:
            logger.warning("worker %s (%s) refused: %s", msg.get("name"), msg.get("address"),
                           reason)  # fmt: skip
            await comm.write({"status": "error", "message": reason, "time": time.time()})
            return None
        return await register(comm, **msg)

    scheduler.handlers["register-worker"] = guarded


def dask_setup(server: Any) -> None:
    """The preload's entry: the check on a scheduler, the fingerprint on a worker."""
    if type(server).__name__ == "Scheduler":
        _guard(server)
        logger.info("workers must match code %s, commit %s", fingerprint()["code"],
                    fingerprint()["commit"] or "?")  # fmt: skip
    else:
        print_missing = [f"{k} {v}" for k, v in fingerprint()["packages"].items()
                         if v.startswith("missing")]  # fmt: skip
        for line in print_missing:
            logger.error("cannot train here: %s", line)
        server.startup_information[KEY] = lambda worker: fingerprint()


LAB_TLS_DIR = "~/seq2seq-lab-tls"  # where a lab PC keeps ca.pem, lab.pem, lab-key.pem


def join_command(address: str) -> str:
    """The command a lab PC runs, in its clone of the project at the server's commit, to
    join the scheduler at `address` (tls://HOST:PORT) as one training worker."""
    files = [("ca-file", "ca.pem"), ("cert", "lab.pem"), ("key", "lab-key.pem")]
    tls = " ".join(f"--tls-{opt} {LAB_TLS_DIR}/{name}" for opt, name in files)
    return f"PYTHONPATH=. .venv/bin/dask worker {address} --nthreads 1 --preload hall.join {tls}"
