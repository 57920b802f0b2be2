"""`streamlit run app.py` on a free local port, for the browser and load tests (or the
lecture hall's replica command, `python -m hall.replica run app.py`)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from tests.support.paths import REPO_ROOT

ROOT = REPO_ROOT


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serve_app(
    max_runs: int = 1,
    start_timeout: float = 40.0,
    module: str = "streamlit",
    env: dict[str, str] | None = None,
    script: str = "app.py",
) -> Iterator[tuple[str, subprocess.Popen]]:
    """Start `script` headless with `python -m module run` (extra environment `env`);
    yields (url, process) once /_stcore/health answers."""
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", module, "run", script, "--server.port", str(port),
         "--server.headless", "true", "--server.address", "127.0.0.1"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={**os.environ, "SEQ2SEQ_MAX_RUNS": str(max_runs), **(env or {})},
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + start_timeout
        while True:
            try:
                urllib.request.urlopen(url + "/_stcore/health", timeout=1)
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"streamlit did not start within {start_timeout:.0f} s")
                time.sleep(0.25)
        yield url, proc
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:  # a server stopped while its embedded Dask cluster starts takes 12-18 s
                proc.wait(40)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(10)
