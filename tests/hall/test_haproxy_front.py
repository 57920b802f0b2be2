"""The lecture hall's HAProxy front (issue 28), rendered as serve.py renders it, in front of
stand-ins (`python -m http.server` answering /_stcore/health as a replica and /health as
Dask's scheduler and workers do): the health endpoint for monitoring says 200 while a
replica, the scheduler and a worker are up and 503 naming what is down; with
`--certificate` the students' port speaks HTTPS with the school's certificate (made here
with openssl) and plain HTTP is redirected to it; every request is logged. ~8 s."""

from __future__ import annotations

import shutil
import ssl
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from hall import haproxy
from hall.launcher import answers, listens
from tests.support.hall import free_port, wait_until

HAPROXY = haproxy.find_haproxy()
pytestmark = pytest.mark.skipif(HAPROXY is None, reason=f"no haproxy ({haproxy.INSTALL_HINT})")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _get(url: str, context: ssl.SSLContext | None = None) -> tuple[int, str, dict[str, str]]:
    opener = urllib.request.build_opener(_NoRedirect, urllib.request.HTTPSHandler(context=context))
    try:
        with opener.open(url, timeout=10) as r:
            return r.status, r.read().decode(), {k.lower(): v for k, v in r.headers.items()}
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode(), {k.lower(): v for k, v in e.headers.items()}


class Front:
    """HAProxy with the hall's configuration for 2 replicas, a scheduler and 2 workers, all
    stand-ins; `front` options as serve.py gives them."""

    def __init__(self, tmp: Path, certificate: Path | None = None) -> None:
        www = tmp / "www"
        (www / "_stcore").mkdir(parents=True)
        (www / "_stcore" / "health").write_text("ok")
        (www / "health").write_text("ok")
        self.ports = {n: free_port() for n in ("r1", "r2", "scheduler", "w1", "w2")}
        self.stand_ins = {n: self._serve(p, www) for n, p in self.ports.items()}
        self.port, self.http_port = free_port(), free_port()
        front = haproxy.Front(
            certificate,
            self.http_port if certificate else None,
            self.ports["scheduler"],
            (self.ports["w1"], self.ports["w2"]),
        )
        text = haproxy.render_config(
            "127.0.0.1", self.port, [self.ports["r1"], self.ports["r2"]], front=front
        )
        (tmp / "h.cfg").write_text(text)
        assert haproxy.check_config(HAPROXY, tmp / "h.cfg") is None
        for port in self.ports.values():
            wait_until(lambda port=port: listens("127.0.0.1", port), 20, f"a stand-in on {port}")
        self.log = tmp / "haproxy.log"
        with open(self.log, "w") as log:
            self.proxy = subprocess.Popen(
                haproxy.command(HAPROXY, tmp / "h.cfg"), stdout=log, stderr=subprocess.STDOUT
            )
        scheme = "https" if certificate else "http"
        self.url = f"{scheme}://127.0.0.1:{self.port}"
        wait_until(lambda: answers(self.url + "/_stcore/health"), 20, "HAProxy answers")

    @staticmethod
    def _serve(port: int, www: Path) -> subprocess.Popen:
        argv = [
            sys.executable,
            "-m",
            "http.server",
            str(port),
            "--bind",
            "127.0.0.1",
            "--directory",
            str(www),
        ]
        return subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def kill(self, name: str) -> None:
        self.stand_ins[name].kill()
        self.stand_ins[name].wait(10)

    def stop(self) -> None:
        for p in [self.proxy, *self.stand_ins.values()]:
            if p.poll() is None:
                p.kill()
            p.wait(10)


@pytest.fixture
def front(tmp_path):
    f = Front(tmp_path)
    try:
        yield f
    finally:
        f.stop()


def test_the_health_endpoint_covers_replicas_scheduler_and_workers(front):
    health = front.url + haproxy.HEALTH_PATH
    assert _get(health)[:2] == (200, "ok: replicas 2/2, scheduler 1/1, workers 2/2")
    front.kill("w1")  # one worker down: still able to train
    wait_until(lambda: "workers 1/2" in _get(health)[1], 10, "HAProxy sees w1 down")
    assert _get(health)[0] == 200
    front.kill("w2")  # no worker: nothing can train, whatever the pages say
    wait_until(lambda: _get(health)[0] == 503, 10, "the health says down")
    assert _get(health)[1] == "down: replicas 2/2, scheduler 1/1, workers 0/2"
    assert _get(front.url + "/_stcore/health")[0] == 200  # a replica's own check: still 200
    front.kill("scheduler")
    wait_until(lambda: "scheduler 0/1" in _get(health)[1], 10, "HAProxy sees the scheduler down")
    assert _get(health)[0] == 503
    # every request is in HAProxy's log, one line each
    wait_until(lambda: f"GET {haproxy.HEALTH_PATH} HTTP/1.1" in front.log.read_text(), 5, "log")


def test_without_an_engine_of_ours_the_health_covers_the_replicas(tmp_path):
    text = haproxy.render_config("127.0.0.1", 8501, [9001, 9002])
    assert "nbsrv(replicas)" in text and "nbsrv(scheduler)" not in text


@pytest.mark.skipif(shutil.which("openssl") is None, reason="no openssl command")
def test_https_with_the_schools_certificate_and_plain_http_redirected(tmp_path):
    key, cert, pem = tmp_path / "key.pem", tmp_path / "cert.pem", tmp_path / "school.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-days",
            "2",
            "-subj",
            "/CN=localhost",
            "-addext",
            "subjectAltName=DNS:localhost,IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
    )
    pem.write_bytes(cert.read_bytes() + key.read_bytes())  # HAProxy's form: chain and key
    f = Front(tmp_path, certificate=pem)
    try:
        school = ssl.create_default_context(cafile=str(cert))  # a browser trusting it
        status, body, headers = _get(f.url + "/_stcore/health", school)
        assert (status, body) == (200, "ok") and headers["x-seq2seq-replica"] in ("r1", "r2")
        with pytest.raises(urllib.error.URLError, match="CERTIFICATE_VERIFY_FAILED"):
            _get(f.url + "/", ssl.create_default_context())  # not another certificate
        plain = f"http://127.0.0.1:{f.http_port}/explore?lang=ko"
        status, _, headers = _get(plain)
        assert status == 301
        assert headers["location"] == f"https://127.0.0.1:{f.port}/explore?lang=ko"
        with pytest.raises(OSError):  # the HTTPS port speaks no plain HTTP
            urllib.request.urlopen(f"http://127.0.0.1:{f.port}/_stcore/health", timeout=5)
    finally:
        f.stop()
