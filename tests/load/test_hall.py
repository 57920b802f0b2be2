"""A small lecture hall through serve.py (issue 19; bench/hall/load.py runs the full (a)-(c)):
10 sessions through HAProxy to 2 replicas and 1 Dask worker, 8 exploring on lesson links
and 2 uploading a corpus THROUGH THE PROXY (file URL over the websocket, then an HTTP PUT
with the XSRF and sticky cookies, as the browser does) and training it, while a second
`dask worker <scheduler> --nthreads 1` started by the test joins.

Asserted: no failed request (websocket or HTTP) and no failed upload, every session sees its
own correct translation and steps, both runs finish, the joined worker is listed by the
scheduler and ran at least one training task (the scheduler's task stream), and the runs
started in the order they were submitted.
"""

from __future__ import annotations

import asyncio
import time

import pytest

from bench.hall import servers as hs
from bench.hall.load import Class, run_class
from bench.hall.report import overtaken, start_task_stream, workers_report
from tests.support.paths import REPO_ROOT

ROOT = REPO_ROOT

pytestmark = [
    pytest.mark.load,
    pytest.mark.skipif(not (ROOT / "serve.py").exists(), reason="serve.py is not merged yet"),
]
ROOM = Class(explorers=8, trainers=2, ramp=2.0, epochs=2, upload=True, limit=60.0)


def _joined(scheduler: str, name: str, timeout: float = 30.0) -> bool:
    from distributed import Client

    with Client(scheduler, timeout=30) as client:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            info = client.scheduler_info(n_workers=-1)["workers"]
            if any(str(w.get("name")) == name for w in info.values()):
                return True
            time.sleep(0.5)
    return False


# 29 s on 2 cores: in the long run (-m full). The default run joins a worker to a TLS
# scheduler and computes on it (tests/hall/test_tls.py) and starts serve.py
# (tests/hall/test_serve.py).
@pytest.mark.full
def test_ten_sessions_through_the_hall_while_a_worker_joins(tmp_path):
    with hs.hall("quick", 2, 1, {}, tmp_path) as server:
        assert server.scheduler, "serve.py's output names no scheduler address"
        start_task_stream(server.scheduler)
        hs.join_worker(server, "joiner-1", tmp_path)
        assert _joined(server.scheduler, "joiner-1"), "the second worker did not join"
        rec = asyncio.run(run_class(server.url, ROOM, replicas=2))
        workers = workers_report(server.scheduler, ["joiner-1"])
    print(workers)
    assert not rec.failures and not rec.tally.failures, rec.failures + rec.tally.failures
    assert rec.tally.uploads == ROOM.trainers
    assert [t.outcome for t in rec.trainings] == ["done"] * ROOM.trainers
    # every explorer's first page came, with the decode player's steps checked in it (the
    # player steps in the browser: no request per step since issue 25)
    assert len(rec.runs["first page"]) >= ROOM.explorers
    assert workers["by_name"]["joiner-1"]["training_tasks"] >= 1, workers
    assert len(workers["runs"]) == ROOM.trainers and not overtaken(workers["runs"]), workers
