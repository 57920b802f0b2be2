"""What listens where (issue 23), beside tests/hall/test_serve.py's check of the whole hall: the
embedded Dask cluster `streamlit run app.py` starts (ui/services/engine.py) listens on loopback
only,
its scheduler, nannies and workers alike; and a hall in lab mode (`--scheduler-host
0.0.0.0`, for lab PCs to join) opens the scheduler's port beyond loopback and nothing else.
About 6 s each on 2 idle cores."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

from hall.procs import descendants
from tests.hall.test_serve import ENV, Launch, hall_listeners
from tests.support.listening import listeners
from tests.support.paths import REPO_ROOT

ROOT = REPO_ROOT
LOOPBACK = ("127.0.0.1", "::1")
pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")

# the engine's cluster as the app starts it (ui/services/engine.py), in a process of its own (not
# its
# client, whose plugin imports torch on each worker); says "up" once its worker is in
EMBEDDED = """
import sys
from ui.services import engine
cluster = engine.local_cluster()
cluster.wait_for_workers(1)
print("up", flush=True)
sys.stdin.read()  # until the test closes our stdin
cluster.close()
"""


def test_the_embedded_cluster_listens_on_loopback_only():
    env = {k: v for k, v in ENV.items() if k != "SEQ2SEQ_WORKERS"} | {"SEQ2SEQ_WORKERS": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-c", EMBEDDED], cwd=ROOT, env=env, text=True,
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, start_new_session=True,
    )  # fmt: skip
    try:
        assert proc.stdout.readline().strip() == "up"
        pids = descendants([proc.pid])
        found = listeners(pids)
        # the scheduler and the nanny in the web process, the worker in its own: each
        # with its comm, the scheduler and the worker with their HTTP routes
        assert len({x.pid for x in found}) == 2 and len(found) >= 5, found
        outside = [x for x in found if x.host not in LOOPBACK]
        assert not outside, f"listening beyond loopback: {outside}"
    finally:
        proc.stdin.close()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(5)


# 17 s on 2 cores: in the long run (-m full); the default run refuses lab mode without
# certificates and joins a worker by TLS (tests/hall/test_serve_options.py, test_tls.py).
@pytest.mark.full
def test_lab_mode_opens_the_scheduler_and_nothing_else():
    launch = Launch("--replicas", "1", "--workers", "1", "--scheduler-host", "0.0.0.0")
    try:
        launch.wait_for("serve: ready", 120)
        assert "a lab PC joins with" in launch.output()
        found, roles = hall_listeners(launch)
        assert {"scheduler", "nanny", "worker", "replica"} <= set(roles.values()), roles
        outside = [x for x in found if x[1] not in LOOPBACK]
        assert [role for role, _, _ in outside] == ["scheduler"], found
        # the scheduler's comm, the port lab PCs join; its HTTP routes stay on loopback
        scheduler = launch.wait_for("scheduler tls://", 1).split("scheduler tls://")[1]
        assert outside[0][1:] == ("0.0.0.0", int(scheduler.split(":")[1].split(";")[0]))
    finally:
        launch.stop()
