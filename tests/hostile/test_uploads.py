"""Hostile uploads against a real server (issue 23): a client speaking Streamlit's protocol
(tests/support/st_client.py) with the XSRF cookie, never running the script, PUTs big files to
`/_stcore/upload_file/<session>/<file id>`. Before ui/state/upload_guard.py every PUT was stored
until the session ended: sixteen of 50 MB with made-up ids grew a server by ~765 MiB.

Checked on `streamlit run app.py` and on the lecture hall's replica command (`python -m
hall.replica run app.py`), both bounded from the server's start (app.py's `st.App`):
made-up file ids and ids handed to another session are refused; ids asked for properly hold
at most the session's bound; the server's VmRSS grows by no more than that bound. A guessed
session id gets Streamlit's own "400 Invalid session_id". The issue's full attack, and many
sessions against the server bound, are marked `full`.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
import time
import uuid
from pathlib import Path

import pytest

from tests.support.app_server import ROOT, serve_app
from tests.support.st_client import Session, page_cookies, put_file
from ui.state import upload_guard

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")

MIB = 2**20
MB50 = os.urandom(50 * 10**6)  # the issue's file: 50 MB


def _status(pid: int, field: str) -> float:
    """A /proc/<pid>/status memory field (VmRSS, VmHWM) in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise KeyError(field)


def _session_id(upload_url: str) -> str:
    return upload_url.split("/")[3]  # /_stcore/upload_file/<session>/<file id>


async def _put(url: str, session_id: str, file_id: str, data: bytes, jar) -> int:
    path = f"/_stcore/upload_file/{session_id}/{file_id}"
    status, _body, _ = await asyncio.to_thread(put_file, url, path, "f.bin", data, jar)
    return status


async def _attack(url: str, made_up: int, issued: int, data: bytes = MB50) -> list[int]:
    """One attacker session: `made_up` PUTs under invented file ids, then `issued` PUTs each
    under a fresh id asked for over the websocket, none ever read by a script run."""
    jar = page_cookies(url)
    async with Session(url, cookies=jar) as s:
        [first] = await s.file_urls(["probe"])  # no script run: the URL names the session
        sid = _session_id(first.upload_url)
        statuses = [await _put(url, sid, str(uuid.uuid4()), data, jar) for _ in range(made_up)]
        for i in range(issued):
            [urls] = await s.file_urls([f"f{i}.bin"])
            statuses.append(await _put(url, sid, urls.file_id, data, jar))
    return statuses


def _measured(url: str, pid: int, made_up: int, issued: int) -> tuple[list[int], float, float]:
    """(statuses, VmRSS growth, VmHWM growth in MiB) over the attack."""
    time.sleep(0.5)
    rss, hwm = _status(pid, "VmRSS"), _status(pid, "VmHWM")
    statuses = asyncio.run(asyncio.wait_for(_attack(url, made_up, issued), 120))
    return statuses, _status(pid, "VmRSS") - rss, _status(pid, "VmHWM") - hwm


@pytest.fixture(scope="module", params=["streamlit", "hall.replica"])
def replica(request):
    """The quick start's `streamlit run app.py` and the hall's replica command
    (hall/launcher.py), no page ever run: app.py's server is bounded from its start."""
    with serve_app(module=request.param) as (url, proc):
        yield url, proc


def test_made_up_ids_are_refused_and_issued_ones_hold_the_session_bound(replica):
    url, proc = replica
    statuses, grew, peak = _measured(url, proc.pid, made_up=2, issued=3)
    print(f"\nVmRSS +{grew:.0f} MiB, VmHWM +{peak:.0f} MiB; statuses {statuses}")
    assert statuses == [400] * 2 + [204] * 3
    assert grew <= upload_guard.SESSION_BYTES / MIB, grew  # 70 MiB; before: +240 MiB


def test_a_put_to_another_sessions_id_is_refused(replica):
    """A guessed session id is unknown to Streamlit (400 Invalid session_id); a real one
    taken from another tab is refused with any file id not handed to that tab (Streamlit
    alone checks only that the session exists: it stored such a PUT, 204), and the other
    tab's file id is refused in one's own session."""
    url, _ = replica

    async def run() -> dict[str, tuple[int, str]]:
        jar_a, jar_b = page_cookies(url), page_cookies(url)
        async with Session(url, cookies=jar_a) as a, Session(url, cookies=jar_b) as b:
            [ua] = await a.file_urls(["a.tsv"])
            [ub] = await b.file_urls(["b.tsv"])
            sid_a, sid_b = _session_id(ua.upload_url), _session_id(ub.upload_url)
            data = b"x\ty\n" * 1000
            cases = {
                "b's own upload": (sid_b, ub.file_id, jar_b),
                "guessed session": (str(uuid.uuid4()), ua.file_id, jar_a),
                "b's session, a's id": (sid_b, ua.file_id, jar_a),
                "b's session, made-up id": (sid_b, str(uuid.uuid4()), jar_a),
                "a's session, b's id": (sid_a, ub.file_id, jar_a),
            }
            res = {}
            for case, (sid, fid, jar) in cases.items():
                path = f"/_stcore/upload_file/{sid}/{fid}"
                status, body, _ = await asyncio.to_thread(put_file, url, path, "f", data, jar)
                res[case] = (status, body)
            return res

    res = asyncio.run(asyncio.wait_for(run(), 60))
    assert res.pop("b's own upload")[0] == 204
    status, body = res.pop("guessed session")
    assert status == 400 and "Invalid session_id" in body, (status, body)
    for case, (status, body) in res.items():
        assert status == 400 and "Invalid file_id" in body, (case, status, body)


def test_install_bounds_a_running_server_in_place(tmp_path):
    """What every run of app.py does, in a one-line script under `streamlit run` (a server
    not started by app.py's `st.App`): the manager Streamlit's upload route already holds
    becomes bounded."""
    script = tmp_path / "guard.py"
    script.write_text("from ui.state import upload_guard\nupload_guard.install()\n")
    # `streamlit run` puts the script's own folder on sys.path: the repository via PYTHONPATH
    with serve_app(script=str(script), env={"PYTHONPATH": str(ROOT)}) as (url, proc):

        async def first_page() -> None:
            async with Session(url) as s:
                assert (await s.rerun()).status == "FINISHED_SUCCESSFULLY"

        asyncio.run(asyncio.wait_for(first_page(), 30))
        statuses, grew, _ = _measured(url, proc.pid, made_up=1, issued=3)
        assert statuses == [400] + [204] * 3
        assert grew <= upload_guard.SESSION_BYTES / MIB, grew


@pytest.mark.full  # ~45 s on 2 busy cores: 2.4 GB through loopback
def test_the_issues_attack_and_many_sessions_stay_within_the_bounds():
    """The issue's attack as reported (16 PUTs of 50 MB, made-up ids), then with ids asked
    for properly; then 8 sessions, open together, each uploading 2 files of 50 MB (one at a
    time: uploads in flight are bounded by HAProxy, tests/hall/test_haproxy_uploads.py) against
    a server bound of 128 MiB. Files of 50 MB are above glibc's largest mmap threshold
    (32 MiB), so a file dropped goes back to the system and VmRSS shows what is held."""
    server_mb = 128
    env = {"SEQ2SEQ_UPLOAD_MB": str(server_mb)}
    with serve_app(module="hall.replica", env=env) as (url, proc):
        statuses, grew, peak = _measured(url, proc.pid, made_up=16, issued=16)
        print(f"\none session: VmRSS +{grew:.0f} MiB, VmHWM +{peak:.0f} MiB")
        assert statuses == [400] * 16 + [204] * 16
        assert grew <= upload_guard.SESSION_BYTES / MIB, grew  # before: +1,500 MiB
        rss = _status(proc.pid, "VmRSS")

        async def sessions() -> list[int]:
            async with contextlib.AsyncExitStack() as stack:
                jar = page_cookies(url)
                tabs = [await stack.enter_async_context(Session(url, cookies=jar))
                        for _ in range(8)]  # fmt: skip
                statuses = []
                for tab in tabs:
                    for i in range(2):
                        [urls] = await tab.file_urls([f"f{i}.bin"])
                        sid = _session_id(urls.upload_url)
                        statuses.append(await _put(url, sid, urls.file_id, MB50, jar))
                return statuses

        statuses = asyncio.run(asyncio.wait_for(sessions(), 300))
        grew = _status(proc.pid, "VmRSS") - rss
        print(f"8 sessions: VmRSS +{grew:.0f} MiB")
        assert statuses == [204] * 16
        assert grew <= server_mb, grew  # before: 8 x 50 MB more, +380 MiB
