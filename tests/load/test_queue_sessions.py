"""A student who reconnects while their run waits (issue 23), on a real server over the
websocket protocol (tests/support/st_client.py): one slot, A trains, B's run waits; B's tab closes
and B comes back in a new session (a reload, a reconnect after the server lost the tab) and
starts again. B's old run must leave the queue, not keep a place ahead of B's new one (two
places for one student) nor take the slot for nobody; B's new run waits behind no one but
A and trains as soon as A stops. ~25 s: marked `full`; tests/ui/services/test_training.py has the
quick version."""

from __future__ import annotations

import asyncio
import re
import time

import pytest

from tests.support.app_server import serve_app
from tests.support.st_client import Run, Session

pytestmark = pytest.mark.full


async def _start(s: Session, epochs: int) -> Run:
    await s.rerun()
    r = await s.rerun(page="train")
    r = await s.click(r, "Use the everyday phrases")
    count, start = r.widget("number_input", "epochs"), r.button("Start training")
    return await s.rerun(widgets=[(count, epochs), (start[0], True)])


def _place(r: Run) -> int:
    """The queue number the page shows (0: not waiting)."""
    found = re.search(r"number (\d+) in the queue", r.texts())
    return int(found[1]) if found else 0


async def _until(s: Session, ok, timeout: float) -> Run:
    deadline = time.monotonic() + timeout
    while True:
        r = await s.rerun()
        if ok(r) or time.monotonic() > deadline:
            return r
        await asyncio.sleep(0.5)


def _training(r: Run) -> bool:
    return "target tokens per second" in r.texts() and not _place(r)


async def _reconnect(url: str) -> dict[str, object]:
    seen: dict[str, object] = {}
    async with Session(url) as a:
        await _start(a, 300)
        r = await _until(a, _training, 30)
        assert _training(r), r.texts()
        async with Session(url) as b:
            seen["b waits at"] = _place(await _start(b, 300))
        # B's tab is closed; B is back in a new session and starts again
        async with Session(url) as b2:
            seen["b2 first at"] = _place(await _start(b2, 2))
            r = await _until(b2, lambda r: _place(r) == 1, 20)
            seen["b2 later at"] = _place(r)
            await a.click(await a.rerun(), "Stop")
            stopped = time.monotonic()  # the slot is B's new run's, not the old one's
            r = await _until(b2, lambda r: _training(r) or "Done:" in r.texts(), 30)
            seen["b2 trains after"] = time.monotonic() - stopped
            r = await _until(b2, lambda r: "Done:" in r.texts(), 60)
            seen["b2 done"] = "Done: 2 epochs" in r.texts()
    return seen


def test_a_student_back_in_a_new_session_holds_one_place(monkeypatch):
    monkeypatch.setenv("SEQ2SEQ_TASK_ENGINE", "inprocess")  # the queue is the web process's
    with serve_app(max_runs=1) as (url, _proc):
        seen = asyncio.run(asyncio.wait_for(_reconnect(url), 150))
    assert seen["b waits at"] == 1, seen
    assert seen["b2 later at"] == 1, seen  # B's old run left the queue
    assert seen["b2 trains after"] < 15 and seen["b2 done"], seen
