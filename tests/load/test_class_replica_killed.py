"""A class through `serve.py` loses no answer when a replica dies mid-question (issue 29):
the small version of `python -m bench.class_hall --replicas 2 --kill-after 0.1`. Twelve
students join and answer; once two have, the replica most of the others are on is
killed (SIGKILL); its students reconnect as Streamlit's page does (the proxy sends them to
the live replica, the kept class keys make the new session the same student) and answer.
The store's tally must equal every student's final pick: none lost, none twice. Needs
Debian's haproxy, like tests/hall/test_serve.py."""

from __future__ import annotations

import argparse
import asyncio
import shutil

import pytest

from bench import class_hall
from bench.hall import servers

pytestmark = [
    pytest.mark.load,
    pytest.mark.skipif(shutil.which("haproxy") is None,
                       reason="haproxy is not installed (apt-get install haproxy)"),
]  # fmt: skip


@pytest.mark.full  # a launch of serve.py and a replica's restart: ~60 s
def test_a_replica_killed_mid_question_loses_no_answer(tmp_path, monkeypatch):
    args = argparse.Namespace(students=12, replicas=2, ramp=3.0, within=120.0,
                              kill_after=0.1, json=None)  # fmt: skip
    data = tmp_path / "data"
    data.mkdir()
    monkeypatch.setenv("SEQ2SEQ_DATA_DIR", str(data))
    logs = tmp_path / "logs"
    logs.mkdir()
    with servers.hall("hall", 2, 1, {"SEQ2SEQ_DATA_DIR": str(data)}, logs) as srv:
        result = asyncio.run(class_hall.run_class(srv.url, args, str(data), srv))
    rep = class_hall.report(result, args)
    assert rep["replica_killed"] is not None, rep
    assert rep["connections_cut"] >= 1, rep  # the killed replica had students still waiting
    assert rep["rejoined_and_answered"] == rep["connections_cut"], rep
    assert rep["counted_exactly_once"] and not rep["failures"], rep
