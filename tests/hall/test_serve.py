"""serve.py, the lecture-hall command, run for real on loopback: a Dask scheduler and a
worker, two Streamlit replicas and HAProxy. Fresh clients are spread over both replicas, a
file upload through the proxy reaches the replica holding the session's websocket because of
the sticky cookie (and fails with "400 Invalid session_id" without it), a replica frozen
longer than a health check keeps its students (issue 19), a killed replica's students move to
the other one and it is reported and restarted, every socket of every process it started
listens on loopback (issue 23), and stopping leaves no process. Without
HAProxy one replica runs. The default run takes ~20 s on 2 idle cores (the first page of a
replica loads the models); the frozen replica, the restart and the launch without HAProxy
are marked `full`.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from bench.hall import servers
from hall import haproxy
from hall.launcher import Hall, Plan, listens
from hall.procs import descendants
from tests.support.listening import listeners
from tests.support.paths import REPO_ROOT
from tests.support.st_client import Session, page_cookies, put_file, uploaded

ROOT = REPO_ROOT
HAPROXY = haproxy.find_haproxy()
pytestmark = [
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc"),
    pytest.mark.skipif(HAPROXY is None, reason=f"no haproxy ({haproxy.INSTALL_HINT})"),
]


REPLICA = servers.REPLICA_CMD
# the launch decides the engine's settings itself
ENV = {k: v for k, v in os.environ.items() if k not in ("SEQ2SEQ_SCHEDULER", "SEQ2SEQ_TASK_ENGINE")}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Launch:
    """`python serve.py ...` in its own session, its output collected line by line."""

    def __init__(self, *args: str, env: dict[str, str] | None = None) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        # its logs and certificates in a folder of the test's (serve.py keeps its logs)
        self.state = Path(tempfile.mkdtemp(prefix="seq2seq-hall-test-"))
        self.proc = subprocess.Popen(
            [sys.executable, "serve.py", "--port", str(self.port), "--address", "127.0.0.1",
             "--log-dir", str(self.state / "logs"), "--tls-dir", str(self.state / "tls"),
             *args],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            start_new_session=True, env=env or ENV,
        )  # fmt: skip
        self.lines: list[str] = []
        self.seen: set[int] = set()  # every process of the launch seen by tree()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.lines.append(line.rstrip("\n"))

    def wait_for(self, text: str, timeout: float, start: int = 0) -> str:
        """The first output line from index `start` on that contains `text`."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = [line for line in self.lines[start:] if text in line]
            if found:
                return found[0]
            if self.proc.poll() is not None and not any(text in x for x in self.lines):
                break
            time.sleep(0.1)
        pytest.fail(f"no {text!r} from serve.py within {timeout:.0f} s:\n" + self.output())

    def output(self) -> str:
        return "\n".join(self.lines)

    def tree(self) -> list[int]:
        """Every process serve.py started, and theirs (not serve.py itself)."""
        found = [p for p in descendants([self.proc.pid]) if p != self.proc.pid]
        self.seen.update(found)
        return found

    def stop(self) -> None:
        """SIGTERM serve.py and wait; then kill whatever of the launch a failing test left
        (the tests that check for leftovers look before this), and remove its logs."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(40)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(5)
        for pid in self.seen:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
        shutil.rmtree(self.state, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _environ(pid: int) -> dict[str, str]:
    raw = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    return dict(x.decode().split("=", 1) for x in raw if b"=" in x)


def _cmdline(pid: int) -> str:
    return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()


def _get(url: str, cookies: str = "") -> tuple[int, dict[str, str], str]:
    req = urllib.request.Request(url, headers={"Cookie": cookies} if cookies else {})
    with urllib.request.urlopen(req, timeout=20) as r:
        headers = {k.lower(): v for k, v in r.headers.items()}
        headers["set-cookie"] = "\n".join(r.headers.get_all("Set-Cookie") or [])
        return r.status, headers, r.read().decode()


@pytest.fixture(scope="module")
def hall():
    launch = Launch("--replicas", "2", "--workers", "1")
    try:
        launch.wait_for("serve: ready", 120)
        yield launch
    finally:
        launch.stop()


def test_config_is_valid_and_sticky(tmp_path):
    text = haproxy.render_config("127.0.0.1", 8501, [9001, 9002, 9003])
    assert f"cookie {haproxy.COOKIE} insert indirect nocache httponly" in text
    assert "option persist" in text and "option redispatch" in text  # issue 19
    assert "timeout tunnel" in text and "uri /_stcore/health" in text
    for i, port in enumerate([9001, 9002, 9003], 1):
        assert f"server r{i} 127.0.0.1:{port} check cookie r{i}" in text
    (tmp_path / "h.cfg").write_text(text)
    assert haproxy.check_config(HAPROXY, tmp_path / "h.cfg") is None


def test_a_port_in_use_is_refused_at_once():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        done = subprocess.run(
            [sys.executable, "serve.py", "--port", str(port), "--address", "127.0.0.1"],
            cwd=ROOT, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
    assert done.returncode == 2
    assert f"cannot listen on 127.0.0.1:{port} (Address already in use)" in done.stdout


def test_a_configuration_haproxy_refuses_starts_nothing():
    said = []
    plan = Plan(2, 1, 8501, "999.1.1.1", None, "127.0.0.1", 0, HAPROXY)
    hall = Hall(plan, said.append)
    try:
        assert not hall.start()
        assert "HAProxy refused its configuration" in said[0] and "999.1.1.1" in said[0]
        assert all(c.proc is None for c in hall.children())
    finally:
        hall.stop()
        shutil.rmtree(hall.run_dir, ignore_errors=True)


def test_ready_line_says_what_runs(hall):
    ready = hall.wait_for("serve: ready", 1)
    assert "2 replicas behind HAProxy" in ready and "1 worker," in ready and "MiB RSS" in ready
    assert f"students open {hall.url}" in hall.output()


def test_fresh_clients_are_spread_over_both_replicas(hall):
    served = []
    for _ in range(6):  # browsers without cookies
        status, headers, body = _get(hall.url + "/")
        assert status == 200 and "<html" in body.lower()
        [sticky] = [c.split(";")[0] for c in headers["set-cookie"].split("\n")
                    if c.startswith(f"{haproxy.COOKIE}=")]  # fmt: skip
        assert sticky.split("=")[1] == headers["x-seq2seq-replica"]
        served.append(headers["x-seq2seq-replica"])
    assert set(served) == {"r1", "r2"}, served
    for _ in range(4):  # a browser holding the cookie stays where it is
        _, headers, _ = _get(hall.url + "/_stcore/health", cookies=f"{haproxy.COOKIE}=r2")
        assert headers["x-seq2seq-replica"] == "r2"
        assert haproxy.COOKIE not in headers["set-cookie"]


CORPUS = "".join(f"{i} {i + 1} {i + 2}\t{i + 2} {i + 1} {i}\n" for i in range(37))


async def _upload(url: str) -> dict[str, tuple[int, str, str]]:
    """Open the Data page through the proxy, upload a corpus as the browser does, and PUT
    the same file with the other replica's cookie and with none (the negative controls)."""
    jar = page_cookies(url)  # the sticky cookie and Streamlit's XSRF cookie
    mine = jar[haproxy.COOKIE]
    other = "r1" if mine == "r2" else "r2"
    data, name = CORPUS.encode(), "hall.tsv"
    async with Session(url, cookies=jar) as s:
        r = await s.rerun(page="data")  # a link to the Data page
        [radio] = [el.radio for el in r.elements if "data_src" in el.radio.id]
        one_file = (radio.id, radio.options[1])  # "one file (TSV or CSV)"
        r = await s.rerun(widgets=[one_file])
        uploader = next(
            el.file_uploader.id for el in r.elements if el.WhichOneof("type") == "file_uploader"
        )
        [urls] = await s.file_urls([name])
        assert urls.upload_url.startswith(f"/_stcore/upload_file/{s.session_id}/")
        res = {}
        # without the cookie HAProxy balances by least connections, so where a request
        # lands depends on what else is connected: four tries, each judged where it landed
        no_cookie = {k: v for k, v in jar.items() if k != haproxy.COOKIE}
        for case, cookies in [
            ("other replica", {**jar, haproxy.COOKIE: other}),
            *[(f"no sticky cookie {i}", no_cookie) for i in range(4)],
            ("sticky", jar),
        ]:
            status, body, headers = put_file(url, urls.upload_url, name, data, cookies)
            res[case] = (status, body, headers.get("x-seq2seq-replica", ""))
        r = await s.rerun(widgets=[one_file, (uploader, uploaded(urls, name, len(data)))])
        res["page"] = (len(r.exceptions()), r.texts(), mine)
    return res


def test_upload_through_the_proxy_reaches_the_sessions_replica(hall):
    res = asyncio.run(asyncio.wait_for(_upload(hall.url), 90))
    mine = res["page"][2]
    assert res["sticky"][0] == 204, res["sticky"]
    assert res["sticky"][2] == mine
    status, body, replica = res["other replica"]
    assert status == 400 and "Invalid session_id" in body, (status, body)
    assert replica != mine
    for case in [c for c in res if c.startswith("no sticky cookie")]:
        status, body, replica = res[case]
        assert replica in ("r1", "r2"), res[case]
        if replica == mine:  # the session's replica answers whoever asks
            assert status == 204, (case, status, body)
        else:  # any other replica does not know the session
            assert status == 400 and "Invalid session_id" in body, (case, status, body)
    errors, texts, _ = res["page"]
    assert errors == 0 and "37 pairs" in texts, texts


def test_replicas_share_a_secret_and_the_scheduler(hall):
    tree = hall.tree()
    replicas = [p for p in tree if REPLICA in _cmdline(p)]
    workers = [p for p in tree if "dask_worker" in _cmdline(p)]
    assert len(replicas) == 2 and len(workers) == 1
    envs = [_environ(p) for p in replicas]
    secret = envs[0]["STREAMLIT_SERVER_COOKIE_SECRET"]
    assert len(secret) == 64 and all(e["STREAMLIT_SERVER_COOKIE_SECRET"] == secret for e in envs)
    assert not any(secret in _cmdline(p) for p in tree)  # not readable in `ps`
    scheduler = envs[0]["SEQ2SEQ_SCHEDULER"]
    assert all(e["SEQ2SEQ_SCHEDULER"] == scheduler for e in envs)
    host, port = scheduler.removeprefix("tcp://").rsplit(":", 1)
    socket.create_connection((host, int(port)), timeout=5).close()
    nice = int(Path(f"/proc/{workers[0]}/stat").read_text().rsplit(")", 1)[1].split()[16])
    assert nice == 10
    [scheduler_pid] = [p for p in tree if "dask_scheduler" in _cmdline(p)]
    # a run whose worker died is not run again (ui/services/engine.py)
    assert _environ(scheduler_pid)["DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES"] == "0"


def _replicas(launch: Launch) -> tuple[dict[str, int], Path]:
    """{replica name: pid} of a launch, and its HAProxy log (beside haproxy.cfg)."""
    found, cfg = servers.replicas(launch.tree())
    return found, cfg.with_name("haproxy.log")


@pytest.mark.full  # ~13 s: a replica frozen longer than the old health check needed
def test_a_busy_replica_keeps_its_students(hall):
    """Issue 19: a replica too busy to answer its health check (SIGSTOP here, first pages
    under load in class) still gets the requests carrying its cookie. The old configuration
    (inter 2s fall 2, no timeout check: each check timed out after 2 s) marked it DOWN
    within 8 s and sent them to the other replica, where an upload gets "400 Invalid
    session_id". Now 11.5 s of silence does not mark it down (3 failed checks of 10 s);
    and once one is marked down, `option persist` keeps its students on it
    (tests/hall/test_haproxy.py)."""
    (name, pid), log = sorted(_replicas(hall)[0].items())[0], _replicas(hall)[1]
    seen = len(log.read_text())
    got = []
    asking = threading.Thread(target=lambda: got.append(
        _get(hall.url + "/_stcore/health", cookies=f"{haproxy.COOKIE}={name}")))  # fmt: skip
    os.kill(pid, signal.SIGSTOP)
    try:
        time.sleep(10)
        asking.start()
        time.sleep(1.5)
    finally:
        os.kill(pid, signal.SIGCONT)
    asking.join(30)
    assert got, "no answer within 30 s"
    status, headers, _ = got[0]
    assert status == 200 and headers["x-seq2seq-replica"] == name
    assert haproxy.COOKIE not in headers["set-cookie"]  # the browser keeps its replica
    assert f"{name} is DOWN" not in log.read_text()[seen:]


@pytest.mark.full  # ~7 s more: a replica restarts
def test_a_killed_replica_is_reported_and_restarted(hall):
    replicas, _ = _replicas(hall)
    (name, victim), (other, _) = sorted(replicas.items())
    port = int(_cmdline(victim).split("--server.port ")[1].split()[0])
    start = len(hall.lines)
    os.kill(victim, signal.SIGKILL)
    # its port closes when its last thread has exited (a zombie's threads may still run);
    # a request it accepted before that gets a 502
    deadline = time.monotonic() + 10
    while listens("127.0.0.1", port) and time.monotonic() < deadline:
        time.sleep(0.05)
    # its students' next request goes to the other replica (option redispatch), and the
    # response moves their cookie there: their new session lives there
    _, headers, _ = _get(hall.url + "/_stcore/health", cookies=f"{haproxy.COOKIE}={name}")
    assert headers["x-seq2seq-replica"] == other
    assert f"{haproxy.COOKIE}={other};" in headers["set-cookie"]
    assert f"(pid {victim}) exited with code -9" in hall.wait_for("exited with code", 15, start)
    hall.wait_for("restarted", 15, start)
    for _ in range(4):  # the class goes on meanwhile: the proxy sends them to the other
        assert _get(hall.url + "/_stcore/health")[0] == 200
    hall.wait_for("answers again", 60, start)
    # the new process on the same port holds the name: its cookie holders who made no
    # request meanwhile come back to it (their old session is gone, the page reconnects)
    deadline = time.monotonic() + 20  # HAProxy marks it up after 2 checks (inter 3s)
    while time.monotonic() < deadline:
        _, headers, _ = _get(hall.url + "/_stcore/health", cookies=f"{haproxy.COOKIE}={name}")
        if headers["x-seq2seq-replica"] == name:
            break
        time.sleep(0.5)
    assert headers["x-seq2seq-replica"] == name


def _roles(pids: list[int]) -> dict[int, str]:
    """What each process of a launch is, from its command line."""
    names = {"dask_scheduler": "scheduler", "dask_worker": "nanny", "spawn_main": "worker",
             "hall.replica run": "replica", "streamlit run": "replica",
             "haproxy -db": "haproxy"}  # fmt: skip
    return {p: next((v for k, v in names.items() if k in _cmdline(p)), _cmdline(p)) for p in pids}


def hall_listeners(launch: Launch) -> tuple[list[tuple[str, str, int]], dict[int, str]]:
    """(role, host, port) of every listening socket of the launch's processes, and the
    processes' roles."""
    roles = _roles(launch.tree())
    return [(roles[x.pid], x.host, x.port) for x in listeners(list(roles))], roles


def test_everything_the_hall_starts_listens_on_loopback(hall):
    """Issue 23: each Dask worker served its HTTP routes on 0.0.0.0 at a random port
    (`--no-dashboard` turns off the dashboard, not the server). Every socket of every
    process serve.py started is on loopback, HAProxy's --address:--port included here."""
    found, roles = hall_listeners(hall)
    assert sorted(roles.values()).count("worker") == 1, roles
    # each process listens: the scheduler (comm + HTTP routes), the nanny, the worker (comm
    # + HTTP routes), each replica, HAProxy; a reading of /proc that finds nothing fails
    for role, count in [("scheduler", 2), ("nanny", 1), ("worker", 2), ("replica", 2),
                        ("haproxy", 1)]:  # fmt: skip
        assert sum(r == role for r, _, _ in found) >= count, (role, found)
    assert ("haproxy", "127.0.0.1", hall.port) in found
    outside = [x for x in found if x[1] not in ("127.0.0.1", "::1")]
    assert not outside, f"listening beyond loopback: {outside}"


def test_stopping_leaves_no_process(hall):
    tree = hall.tree()
    assert len(tree) >= 6  # scheduler, nanny + worker, 2 replicas, haproxy
    hall.proc.send_signal(signal.SIGTERM)
    assert hall.proc.wait(40) == 0
    hall.wait_for("serve: stopped", 5)
    left = [(p, _cmdline(p)) for p in tree if _alive(p)]
    assert not left, left
    with pytest.raises(ConnectionRefusedError):  # nothing listens on the port any more
        socket.create_connection(("127.0.0.1", hall.port), timeout=5)


@pytest.mark.full  # ~8 s more: a second launch
def test_without_haproxy_one_replica_runs_and_says_so():
    launch = Launch("--haproxy", "/nonexistent/haproxy", "--replicas", "2", "--workers", "0")
    try:
        launch.wait_for("serve: ready", 120)
        out = launch.output()
        assert "HAProxy not found" in out and "apt-get install haproxy" in out
        assert "1 replica (no HAProxy)" in out and "training inside each replica" in out
        status, headers, _ = _get(launch.url + "/_stcore/health")
        assert status == 200 and "x-seq2seq-replica" not in headers
        [replica] = launch.tree()
        assert REPLICA in _cmdline(replica)
        assert "SEQ2SEQ_SCHEDULER" not in _environ(replica)
        # a launcher killed outright takes its children with it (PR_SET_PDEATHSIG)
        launch.proc.kill()
        deadline = time.monotonic() + 20
        while _alive(replica) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not _alive(replica)
    finally:
        launch.stop()
