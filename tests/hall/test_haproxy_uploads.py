"""The lecture hall's HAProxy configuration (hall/haproxy.cfg.template, rendered unchanged)
in front of two stand-in replicas that answer any PUT with 204: upload PUTs over the
replicas' size cap are refused (413) from their Content-Length, before the body is sent, one
without a Content-Length gets 411, and a session or a client address with too many uploads
at once or in 10 s gets 429, while uploads within the bounds reach a replica. Each test
speaks from its own loopback address (127.0.0.N), so their per-address counters are their
own. ~3 s.
"""

from __future__ import annotations

import http.client
import socket
import subprocess
import sys
import time
import tomllib
import uuid

import pytest

from hall import haproxy
from hall.launcher import answers, listens
from tests.support.hall import free_port, wait_until

HAPROXY = haproxy.find_haproxy()
pytestmark = pytest.mark.skipif(HAPROXY is None, reason=f"no haproxy ({haproxy.INSTALL_HINT})")

# A replica's stand-in: health answers 200, a PUT is read to its end and answered 204.
STAND_IN = """
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

class Replica(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def answer(self, status):
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self):
        self.answer(200)

    def do_PUT(self):
        left = int(self.headers.get("Content-Length", 0))
        while left > 0:
            left -= len(self.rfile.read(min(left, 1 << 20)) or b"x" * left)
        self.answer(204)

    def log_message(self, *args):
        pass

ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Replica).serve_forever()
"""


@pytest.fixture(scope="module")
def proxy(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("haproxy-uploads")
    ports = [free_port(), free_port()]
    procs = [subprocess.Popen([sys.executable, "-c", STAND_IN, str(p)]) for p in ports]
    try:
        for port in ports:
            wait_until(lambda port=port: listens("127.0.0.1", port), 20, f"a stand-in on {port}")
        port = free_port()
        (tmp / "h.cfg").write_text(haproxy.render_config("127.0.0.1", port, ports))
        log = open(tmp / "haproxy.log", "w")  # noqa: SIM115 (open while HAProxy runs)
        procs.append(subprocess.Popen(haproxy.command(HAPROXY, tmp / "h.cfg"), stdout=log,
                                      stderr=log))  # fmt: skip
        wait_until(lambda: answers(f"http://127.0.0.1:{port}/_stcore/health"), 20, "the proxy")
        yield port
    finally:
        for p in procs:
            p.kill()
            p.wait(10)


def _put(
    port: int, client: str, session: str, size: int, length: int | None = None, body: bool = True
) -> int:
    """The status of an upload PUT from address `client` to `session`: a body of `size`
    bytes under a Content-Length of `length` (default: size), sent only if `body`; with
    `length` -1 the body goes chunked, without a Content-Length."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20, source_address=(client, 0))
    try:
        conn.putrequest("PUT", f"/_stcore/upload_file/{session}/{uuid.uuid4()}")
        if length == -1:
            conn.putheader("Transfer-Encoding", "chunked")
        else:
            conn.putheader("Content-Length", str(size if length is None else length))
        conn.endheaders()
        try:  # a refusal may come, and the connection close, before the body is sent
            if length == -1:
                conn.send(f"{size:x}\r\n".encode() + b"x" * size + b"\r\n0\r\n\r\n")
            elif body:
                conn.send(b"x" * size)
        except (BrokenPipeError, ConnectionResetError):
            pass
        return conn.getresponse().status
    finally:
        conn.close()


def test_the_cap_is_streamlits_own():
    """HAProxy's cap is what a replica accepts: server.maxUploadSize and Streamlit's margin
    for multipart framing."""
    from streamlit.web.server.starlette import starlette_routes

    margin = starlette_routes._MAX_UPLOAD_MULTIPART_OVERHEAD_BYTES
    mib = tomllib.loads(haproxy.STREAMLIT_CONFIG.read_text())["server"]["maxUploadSize"]
    assert haproxy.upload_body_bytes() == mib * 2**20 + margin


def test_a_body_over_the_cap_is_refused_before_it_is_sent(proxy):
    cap = haproxy.upload_body_bytes()
    session = str(uuid.uuid4())
    assert _put(proxy, "127.0.0.2", session, 0, length=cap + 1, body=False) == 413
    assert _put(proxy, "127.0.0.2", session, 10**6, length=-1) == 411
    assert _put(proxy, "127.0.0.2", session, cap) == 204  # at the cap: reaches a replica


def test_a_session_past_its_rate_is_refused(proxy):
    session, other = str(uuid.uuid4()), str(uuid.uuid4())
    n = haproxy.UPLOAD_RATE_SESSION
    assert [_put(proxy, "127.0.0.3", session, 100) for _ in range(n + 1)] == [204] * n + [429]
    assert _put(proxy, "127.0.0.3", other, 100) == 204  # another session is not held back


def test_a_client_address_past_its_rate_is_refused(proxy):
    n = haproxy.UPLOAD_RATE_CLIENT
    statuses = [_put(proxy, "127.0.0.4", str(uuid.uuid4()), 100) for _ in range(n + 1)]
    assert statuses == [204] * n + [429]
    assert _put(proxy, "127.0.0.5", str(uuid.uuid4()), 100) == 204  # another address is not


def _held_open(port: int, client: str, session: str) -> socket.socket:
    """An upload PUT whose body is still being sent: headers and 10 of its 1,000 bytes."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=20, source_address=(client, 0))
    head = f"PUT /_stcore/upload_file/{session}/{uuid.uuid4()} HTTP/1.1\r\nHost: hall\r\n"
    sock.sendall(f"{head}Content-Length: 1000\r\n\r\n".encode() + b"x" * 10)
    return sock


def _finish(sock: socket.socket) -> int:
    sock.sendall(b"x" * 990)
    status = int(sock.recv(100).split()[1])
    sock.close()
    return status


def test_too_many_uploads_at_once_are_refused(proxy):
    client, sessions = "127.0.0.6", [str(uuid.uuid4()) for _ in range(3)]
    per_session, per_client = haproxy.UPLOAD_PARALLEL_SESSION, haproxy.UPLOAD_PARALLEL_CLIENT
    assert per_client == 2 * per_session  # two sessions fill the address's share
    held = [_held_open(proxy, client, sessions[0]) for _ in range(per_session)]
    time.sleep(0.3)  # HAProxy has counted them
    assert _put(proxy, client, sessions[0], 100) == 429  # the session's share is taken
    held += [_held_open(proxy, client, sessions[1]) for _ in range(per_session)]
    time.sleep(0.3)
    assert _put(proxy, client, sessions[2], 100) == 429  # the address's share is taken
    assert _put(proxy, "127.0.0.7", sessions[2], 100) == 204  # not another address's
    assert [_finish(sock) for sock in held] == [204] * per_client
    assert _put(proxy, client, sessions[0], 100) == 204  # done: the shares are free again
