"""Restarts that never give up silently (issue 28): a process of the hall that dies is started
again after a backoff that doubles at each death in a row; one that stayed up for the healthy
period starts a new row; one that dies too often in a row makes the hall give up, and
serve.py then stops everything and exits 1, saying which process and why (before, each
process had 3 restarts for the launcher's whole life, then was "left down" while serve.py
went on and its health check said 200).

The quick tests drive Hall.check() with stand-in processes (a Python that exits at once, or
sleeps); the `full` one kills serve.py's real scheduler with a small backoff."""

from __future__ import annotations

import os
import shutil
import signal
import sys
import time

import pytest

from hall.launcher import Hall, Plan
from hall.procs import Backoff, Child
from tests.hall.test_serve import Launch, _alive, _cmdline

EXITS = [sys.executable, "-c", "raise SystemExit(3)"]
SLEEPS = [sys.executable, "-c", "import time; time.sleep(60)"]


def _hall(tmp_path, backoff: Backoff, argv: list[str]) -> tuple[Hall, Child, list[str]]:
    said: list[str] = []
    plan = Plan(
        1, 0, 8501, "127.0.0.1", None, "127.0.0.1", 0, None, log_dir=tmp_path, backoff=backoff
    )
    hall = Hall(plan, said.append)
    child = Child("stand-in", argv, hall.run_dir / "stand-in.log")
    hall.replicas, hall.workers = [], [child]
    child.start()
    return hall, child, said


def _watch(hall: Hall, seconds: float) -> list[float]:
    """Run the launcher's loop (fast) for `seconds`; the times of the restarts it made."""
    starts, end = [], time.monotonic() + seconds
    last = hall.workers[0].started_at
    while time.monotonic() < end and not hall.gave_up:
        hall.check()
        if hall.workers[0].started_at != last:
            last = hall.workers[0].started_at
            starts.append(last)
        time.sleep(0.02)
    return starts


def test_a_process_that_keeps_dying_is_restarted_with_backoff_then_given_up(tmp_path):
    backoff = Backoff(first=0.2, longest=0.5, limit=3, healthy_after=30)
    hall, child, said = _hall(tmp_path, backoff, EXITS)
    t0 = child.started_at
    try:
        starts = _watch(hall, 10)
        assert len(starts) == 3, said  # restarts 1..limit, then it gives up
        gaps = [b - a for a, b in zip([t0, *starts], starts, strict=False)]
        # each gap: the delay (0.2, 0.4, 0.5 capped) after its death (a Python's start)
        for gap, delay in zip(gaps, [0.2, 0.4, 0.5], strict=True):
            assert delay <= gap < delay + 3.0, (gaps, said)
        assert "stand-in died 4 times in a row" in hall.gave_up
        assert "cannot be brought back" in hall.gave_up and str(child.log) in hall.gave_up
        assert any("restarts in 0.4 s (death 2 in a row" in s for s in said), said
    finally:
        hall.stop()


def test_a_process_up_for_the_healthy_period_starts_a_new_row(tmp_path):
    backoff = Backoff(first=0.1, longest=0.1, limit=1, healthy_after=0.5)
    hall, child, said = _hall(tmp_path, backoff, SLEEPS)
    try:
        for _ in range(3):  # each death after a healthy period: never two in a row
            time.sleep(0.7)
            child.signal_group(signal.SIGKILL)
            child.proc.wait(5)
            hall.check()
            assert not hall.gave_up and child.failures == 1, said
            _watch(hall, 0.3)  # restarted after 0.1 s
            assert child.exit_code() is None and child.restart_at is None, said
        assert child.restarts == 3
        child.signal_group(signal.SIGKILL)  # now a death within 0.5 s of its start
        child.proc.wait(5)
        hall.check()
        assert "died 2 times in a row" in hall.gave_up, said
    finally:
        hall.stop()


def test_the_logs_stay_and_old_launches_are_pruned_aloud(tmp_path):
    from hall import logs

    said: list[str] = []
    made = [logs.launch_dir(tmp_path, said.append, keep=3) for _ in range(2)]
    old = tmp_path / "20000101-000000-1"
    old.mkdir()
    (old / "scheduler.log").write_text("x")
    newest = logs.launch_dir(tmp_path, said.append, keep=3)
    assert not old.exists() and all(p.exists() for p in [*made, newest])
    assert said == [f"removed the logs of an old launch, {old} (the newest 3 are kept)"]
    log = newest / "replica-1.log"
    log.write_bytes(b"a" * 100)
    assert not logs.rotate(log, max_bytes=100)
    with open(log, "ab") as f:
        f.write(b"b")
    assert logs.rotate(log, max_bytes=100)
    assert log.stat().st_size == 0 and (newest / "replica-1.log.1").stat().st_size == 101


@pytest.mark.full  # ~40 s: a real hall whose scheduler is killed until it gives up
def test_serve_gives_up_on_a_scheduler_that_keeps_dying_and_exits_1():
    launch = Launch(
        "--replicas",
        "2",
        "--workers",
        "1",
        "--restart-backoff",
        "0.2",
        "--restart-limit",
        "2",
        "--healthy-after",
        "60",
    )
    try:
        launch.wait_for("serve: ready", 180)
        tree = launch.tree()
        for n in range(3):
            start = len(launch.lines)
            [pid] = [p for p in launch.tree() if "dask_scheduler" in _cmdline(p)]
            os.kill(pid, signal.SIGKILL)
            if n < 2:
                launch.wait_for("scheduler restarted", 30, start)
        assert launch.proc.wait(60) == 1
        out = launch.output()
        assert "giving up: scheduler died 3 times in a row" in out, out
        assert "serve: stopped" in out
        left = [(p, _cmdline(p)) for p in set(tree) | launch.seen if _alive(p)]
        assert not left, left
    finally:
        launch.stop()
        shutil.rmtree(launch.state, ignore_errors=True)
