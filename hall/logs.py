"""Where the lecture hall's logs go, and how they are kept: one folder per launch under
`--log-dir` (default `default_log_dir()`), named by its start time; each child's log is
rotated when it passes `MAX_LOG_BYTES` (its older half kept as `NAME.log.1`), and the
oldest launches' folders beyond `KEEP_LAUNCHES` are removed at start, each one said.
Nothing is deleted anywhere else, and nothing silently."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path

MAX_LOG_BYTES = 20 * 2**20  # per child log; with its .1, at most twice that
KEEP_LAUNCHES = 20  # launch folders kept under --log-dir (the newest)
_STAMP = "%Y%m%d-%H%M%S"


def state_dir() -> Path:
    """The hall's own folder: $XDG_STATE_HOME/seq2seq-hall (~/.local/state/seq2seq-hall)."""
    state = os.environ.get("XDG_STATE_HOME", "").strip() or Path.home() / ".local" / "state"
    return Path(state) / "seq2seq-hall"


def default_log_dir() -> Path:
    """$SEQ2SEQ_LOG_DIR, else state_dir()/logs."""
    explicit = os.environ.get("SEQ2SEQ_LOG_DIR", "").strip()
    return Path(explicit) if explicit else state_dir() / "logs"


def launch_dir(log_dir: Path, say: Callable[[str], None], keep: int = KEEP_LAUNCHES) -> Path:
    """A new folder for this launch under `log_dir`; the oldest beyond `keep` are removed
    (and named)."""
    log_dir.mkdir(parents=True, exist_ok=True)
    launches = sorted(p for p in log_dir.iterdir() if p.is_dir() and p.name[:8].isdigit())
    for old in launches[: max(0, len(launches) - (keep - 1))]:
        shutil.rmtree(old, ignore_errors=True)
        say(f"removed the logs of an old launch, {old} (the newest {keep} are kept)")
    stamp, n = f"{time.strftime(_STAMP)}-{os.getpid()}", 1
    while True:
        base = log_dir / (stamp if n == 1 else f"{stamp}-{n}")
        try:
            base.mkdir()
            return base
        except FileExistsError:
            n += 1


def rotate(log: Path, max_bytes: int = MAX_LOG_BYTES) -> bool:
    """When `log` is over `max_bytes`: copy it to LOG.1 (replacing the older one) and empty
    it in place (its writer appends, so it goes on at the start). True if rotated."""
    try:
        if log.stat().st_size <= max_bytes:
            return False
        shutil.copyfile(log, log.with_name(log.name + ".1"))
        os.truncate(log, 0)
    except OSError:
        return False
    return True
