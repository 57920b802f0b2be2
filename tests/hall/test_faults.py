"""What a student sees when, mid-run, their worker or their replica is killed (issue 23), in
`serve.py` with 2 replicas and 1 worker, over the websocket protocol through HAProxy:

- the worker: the page says the run failed because the process training it stopped, the
  model is as before, and a new run trains on the process the nanny started again;
- the replica: the page reconnects to the other replica with a new session (the Train page
  as at the start), and the run it left stops on the worker within jobs.ORPHAN_AFTER
  (30 s), so the student's new run trains (before, the orphan trained its 300 epochs to the
  end and held the class's only worker for minutes).

About 2 minutes on 2 cores: marked `full`."""

from __future__ import annotations

import asyncio
import os
import signal
import time

import pytest

from hall import haproxy
from tests.hall.test_serve import Launch, _cmdline, _replicas
from tests.load.test_queue_sessions import _start, _training, _until
from tests.support.st_client import Run, Session, page_cookies

pytestmark = pytest.mark.full
LOST = "the computer process that was training this run stopped"


def _worker(launch: Launch) -> int:
    [pid] = [p for p in launch.tree() if "spawn_main" in _cmdline(p)]
    return pid


def _done(r: Run) -> bool:
    return "Done:" in r.texts()


async def _worker_killed(launch: Launch) -> dict[str, object]:
    seen: dict[str, object] = {}
    async with Session(launch.url, cookies=page_cookies(launch.url)) as s:
        await _start(s, 300)
        r = await _until(s, _training, 60)
        assert _training(r), r.texts()
        os.kill(_worker(launch), signal.SIGKILL)
        r = await _until(s, lambda r: LOST in r.texts(), 30)
        seen["failed"] = LOST in r.texts() and not r.exceptions()
        r = await s.rerun(widgets=[(r.widget("number_input", "epochs"), 2)])
        r = await s.click(r, "Start a new run")
        r = await _until(s, _done, 120)
        seen["again"] = "Done: 2 epochs" in r.texts()
    return seen


async def _replica_killed(launch: Launch) -> dict[str, object]:
    seen: dict[str, object] = {}
    jar = page_cookies(launch.url)
    async with Session(launch.url, cookies=jar) as s:
        await _start(s, 300)
        r = await _until(s, _training, 60)
        assert _training(r), r.texts()
        replicas, _ = _replicas(launch)
        os.kill(replicas[jar[haproxy.COOKIE]], signal.SIGKILL)
        with pytest.raises(Exception):  # noqa: B017 (the websocket closes, however it says so)
            await _until(s, lambda r: False, 30)
    time.sleep(1)
    moved = page_cookies(launch.url, jar)  # the page reconnects: the other replica
    seen["moved"] = moved[haproxy.COOKIE] != jar[haproxy.COOKIE]
    async with Session(launch.url, cookies=moved) as s:
        await s.rerun()
        r = await s.rerun(page="train")
        # the Train page as at the start: no run, its status or its chart
        seen["fresh"] = "Train a model" in r.texts() and not _training(r) and not r.exceptions()
        started = time.monotonic()
        await _start(s, 2)
        r = await _until(s, lambda r: _training(r) or _done(r), 90)
        seen["trains after"] = time.monotonic() - started
        r = await _until(s, _done, 120)
        seen["done"] = "Done: 2 epochs" in r.texts()
    return seen


def test_what_a_student_sees_when_their_worker_or_replica_dies():
    launch = Launch("--replicas", "2", "--workers", "1")
    try:
        launch.wait_for("serve: ready", 120)
        worker = asyncio.run(asyncio.wait_for(_worker_killed(launch), 300))
        assert worker == {"failed": True, "again": True}, worker
        launch.wait_for("was killed by signal", 10)  # the teacher's terminal says so
        replica = asyncio.run(asyncio.wait_for(_replica_killed(launch), 400))
        assert replica["moved"] and replica["fresh"] and replica["done"], replica
        # the orphan stops within ORPHAN_AFTER (30 s) of its last heartbeat
        assert replica["trains after"] < 60, replica
    finally:
        launch.stop()
