"""The lecture hall's HAProxy configuration (hall/haproxy.cfg.template) in front of two tiny
HTTP servers standing in for the Streamlit replicas, with its health checks made fast (the
only change to the rendered text): a request carrying the sticky cookie of a replica that
HAProxy marked DOWN (frozen with SIGSTOP, as a replica busy with first pages under load)
still goes to that replica, while new students go to the other; the cookie holders of a
killed replica are sent to the other one, and the response moves their cookie there.
~6 s on 2 idle cores.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from hall import haproxy
from hall.launcher import answers, listens
from tests.support.hall import free_port, wait_until

HAPROXY = haproxy.find_haproxy()
pytestmark = pytest.mark.skipif(HAPROXY is None, reason=f"no haproxy ({haproxy.INSTALL_HINT})")

# the shipped health-check settings, and fast ones for this test (same keywords)
SHIPPED_CHECK = ("timeout check 10s", "default-server inter 3s fall 3 rise 2")
FAST_CHECK = ("timeout check 300ms", "default-server inter 300ms fall 2 rise 2")


def _get(url: str, cookie: str = "") -> tuple[int, str, str]:
    """(status, X-Seq2seq-Replica, the sticky cookie the response sets or '')."""
    req = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.urlopen(req, timeout=20) as r:
            status, headers = r.status, r.headers
    except urllib.error.HTTPError as e:
        status, headers = e.code, e.headers
    sets = [c.split(";")[0] for c in headers.get_all("Set-Cookie") or []]
    sticky = next((c.split("=", 1)[1] for c in sets if c.startswith(haproxy.COOKIE + "=")), "")
    return status, headers.get("X-Seq2seq-Replica", ""), sticky


class Proxy:
    """Two stand-in replicas (python -m http.server answering /_stcore/health) behind
    HAProxy with the hall's configuration; HAProxy's messages go to a log file."""

    def __init__(self, tmp: Path) -> None:
        (tmp / "www" / "_stcore").mkdir(parents=True)
        (tmp / "www" / "_stcore" / "health").write_text("ok")
        self.ports = [free_port(), free_port()]
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/_stcore/health"
        self.www = tmp / "www"
        self.backends = [self.stand_in(p) for p in self.ports]
        for port in self.ports:  # serve.py too starts HAProxy once the replicas answer
            wait_until(
                lambda port=port: listens("127.0.0.1", port), 20, f"a stand-in replica on {port}"
            )
        text = haproxy.render_config("127.0.0.1", self.port, self.ports)
        for shipped, fast in zip(SHIPPED_CHECK, FAST_CHECK, strict=True):
            assert shipped in text
            text = text.replace(shipped, fast)
        (tmp / "h.cfg").write_text(text)
        self.log = tmp / "haproxy.log"
        with open(self.log, "w") as log:
            self.proxy = subprocess.Popen(
                haproxy.command(HAPROXY, tmp / "h.cfg"), stdout=log, stderr=log
            )

    def stand_in(self, port: int) -> subprocess.Popen:
        """A replica's stand-in on `port`: an HTTP server answering /_stcore/health."""
        argv = [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
                "--directory", str(self.www)]  # fmt: skip
        return subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def said(self, text: str, since: int = 0) -> bool:
        """True when HAProxy's log has `text` after its first `since` characters."""
        return text in self.log.read_text()[since:]

    def stop(self) -> None:
        for p in [self.proxy, *self.backends]:
            if p.poll() is None:
                p.send_signal(signal.SIGCONT)
                p.kill()
            p.wait(10)


@pytest.fixture
def proxy(tmp_path):
    p = Proxy(tmp_path)
    try:
        wait_until(lambda: answers(p.url), 20, "the proxy answers")
        yield p
    finally:
        p.stop()


def test_a_cookie_holder_stays_on_its_replica_while_it_is_marked_down(proxy):
    r1 = proxy.backends[0]
    assert not proxy.said("is DOWN")
    r1.send_signal(signal.SIGSTOP)  # frozen: it accepts connections but answers nothing
    try:
        wait_until(lambda: proxy.said("replicas/r1 is DOWN"), 15, "HAProxy marks r1 down")
        assert "Layer7 timeout" in proxy.log.read_text()
        assert _get(proxy.url)[1] == "r2"  # a new student goes to the replica that answers
        got = []
        asking = threading.Thread(target=lambda: got.append(_get(proxy.url, "SEQ2SEQ_REPLICA=r1")))
        asking.start()
        time.sleep(1.0)
    finally:
        r1.send_signal(signal.SIGCONT)
    asking.join(25)
    assert got, "no answer"
    status, replica, sticky = got[0]
    assert (status, replica, sticky) == (200, "r1", "")


def test_the_cookie_holders_of_a_killed_replica_go_to_the_other(proxy):
    r1 = proxy.backends[0]
    assert not proxy.said("is DOWN")
    r1.kill()
    r1.wait(10)
    t0 = time.monotonic()
    status, replica, sticky = _get(proxy.url, "SEQ2SEQ_REPLICA=r1")
    took = time.monotonic() - t0
    assert (status, replica, sticky) == (200, "r2", "r2")  # the browser now holds r2
    assert took < 5, took
    # r1 is marked down (the refused connection does it at once: observe layer4, or a
    # failed check), so new students avoid it
    wait_until(lambda: proxy.said("replicas/r1 is DOWN"), 2, "HAProxy marks r1 down")
    assert [_get(proxy.url)[1] for _ in range(3)] == ["r2"] * 3


def test_the_restarted_replica_takes_new_students_again(proxy):
    """serve.py restarts a dead replica on the same port (its sessions are gone): once it
    answers its checks HAProxy marks it up and it takes new students again."""
    r1 = proxy.backends[0]
    r1.kill()
    r1.wait(10)
    assert _get(proxy.url, "SEQ2SEQ_REPLICA=r1")[1] == "r2"
    wait_until(lambda: proxy.said("replicas/r1 is DOWN"), 5, "HAProxy marks r1 down")
    seen = len(proxy.log.read_text())
    proxy.backends[0] = proxy.stand_in(proxy.ports[0])  # serve.py: same port, new process
    wait_until(lambda: proxy.said("replicas/r1 is UP", seen), 15, "HAProxy marks r1 up")
    assert _get(proxy.url, "SEQ2SEQ_REPLICA=r1")[1:] == ("r1", "")
