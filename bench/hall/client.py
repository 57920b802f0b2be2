"""A browser's worth of HTTP around tests/support/st_client.py's websocket session, for load tests
through a balancer: the cookies a browser keeps (Streamlit's XSRF cookie and HAProxy's
sticky cookie) go on the websocket handshake and on every HTTP request, and a file upload
is done as the browser does it: a `file_urls_request` over the websocket, an HTTP PUT of
the file (multipart, `X-Xsrftoken` header) to the URL the server gave, then a rerun whose
file-uploader widget state names the uploaded file.

Every HTTP request is counted in a `Tally` (ok or failed, with the status), so a load test
can say "no failed request" about the HTTP side as well as the websocket side.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from dataclasses import dataclass, field

import requests
import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.Common_pb2 import UploadedFileInfo
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

from tests.support.st_client import Run, Session

XSRF_COOKIE = "_streamlit_xsrf"
REPLICA_HEADER = "X-Seq2seq-Replica"  # serve.py's HAProxy names the replica that answered


@dataclass
class Tally:
    """HTTP requests and uploads made by all sessions: counts and failures (kept short)."""

    requests: int = 0
    uploads: int = 0
    failures: list[str] = field(default_factory=list)

    def failed(self, what: str) -> None:
        self.failures.append(what[:300])


class HallSession(Session):
    """One student's tab: HTTP cookie jar + websocket session (tests/st_client.Session)."""

    def __init__(self, url: str, tally: Tally, query: dict[str, str] | None = None) -> None:
        super().__init__(url, query)
        self.url = url
        self.tally = tally
        self.http = requests.Session()
        self.replica = ""  # the replica that answered the page (serve.py's header)

    async def get(self, path: str) -> requests.Response:
        """GET through the cookie jar (as the browser fetches the page and its health)."""
        self.tally.requests += 1
        try:
            resp = await asyncio.to_thread(self.http.get, self.url + path, timeout=60)
        except requests.RequestException as e:
            self.tally.failed(f"GET {path}: {e!r}")
            raise
        self.replica = resp.headers.get(REPLICA_HEADER, self.replica)
        if resp.status_code != 200:
            self.tally.failed(f"GET {path}: {resp.status_code} {resp.text[:120]}")
            raise AssertionError(f"GET {path} answered {resp.status_code}")
        return resp

    async def __aenter__(self) -> HallSession:
        await self.get("/")  # the page: sets HAProxy's sticky cookie (Streamlit's XSRF too)
        await self.get("/_stcore/health")  # the browser's first call: the XSRF cookie
        cookies = "; ".join(f"{k}={v}" for k, v in self.http.cookies.items())
        xsrf = self.http.cookies.get(XSRF_COOKIE, "")
        protocols = ["streamlit", xsrf] if xsrf else ["streamlit"]
        self.tally.requests += 1
        try:
            self.ws = await websockets.connect(
                self.ws_url,
                subprotocols=protocols,
                additional_headers={"Cookie": cookies, "Origin": self.url},
                max_size=2**26,
                open_timeout=60,
            )
        except Exception as e:
            self.tally.failed(f"websocket: {e!r}")
            raise
        return self

    async def rerun_states(self, states: list[WidgetState], fragment_id: str = "") -> Run:
        """A rerun with ready-made widget states (the file uploader's is a message)."""
        msg = BackMsg()
        cs = msg.rerun_script
        cs.query_string = self.query
        cs.page_script_hash = self.page_hash
        cs.widget_states.widgets.extend(states)
        if fragment_id:
            cs.fragment_id = fragment_id
        start = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        return await self._collect(start)

    async def _upload_urls(self, name: str) -> tuple[str, str, str]:
        """Ask the session for an upload URL: (file_id, upload_url, delete_url)."""
        msg = BackMsg()
        msg.file_urls_request.request_id = uuid.uuid4().hex
        msg.file_urls_request.file_names.append(name)
        await self.ws.send(msg.SerializeToString())
        while True:  # nothing else is expected between two script runs; skip what comes
            fm = ForwardMsg()
            fm.ParseFromString(await asyncio.wait_for(self.ws.recv(), timeout=60))
            if fm.WhichOneof("type") == "file_urls_response":
                resp = fm.file_urls_response
                if resp.response_id != msg.file_urls_request.request_id:
                    continue
                assert resp.file_urls, f"no upload URL: {resp.error_msg!r}"
                urls = resp.file_urls[0]
                return urls.file_id, urls.upload_url, urls.delete_url

    async def upload(self, widget_id: str, name: str, data: bytes) -> Run:
        """Upload `data` as file `name` into the file uploader `widget_id`, as the browser
        does (URL request, HTTP PUT, rerun with the uploader's state); the rerun's Run."""
        file_id, upload_url, delete_url = await self._upload_urls(name)
        url = upload_url if upload_url.startswith("http") else self.url + upload_url
        headers = {"X-Xsrftoken": self.http.cookies.get(XSRF_COOKIE, "")}
        files = {"file": (name, data, "text/tab-separated-values")}
        self.tally.uploads += 1
        self.tally.requests += 1
        try:
            resp = await asyncio.to_thread(
                self.http.put, url, files=files, headers=headers, timeout=60
            )
        except requests.RequestException as e:
            self.tally.failed(f"upload PUT: {e!r}")
            raise
        if resp.status_code not in (200, 204):
            where = (
                f"[page from replica {self.replica}, PUT answered by "
                f"{resp.headers.get(REPLICA_HEADER)}, cookies {sorted(self.http.cookies.keys())}]"
            )
            self.tally.failed(f"upload PUT {resp.status_code} {where}: {resp.text[:80]}")
            raise AssertionError(f"upload answered {resp.status_code}: {resp.text[:200]}")
        state = WidgetState(id=widget_id)
        info = UploadedFileInfo(file_id=file_id, name=name, size=len(data))
        info.file_urls.upload_url = upload_url
        info.file_urls.delete_url = delete_url
        info.file_urls.file_id = file_id
        state.file_uploader_state_value.uploaded_file_info.append(info)
        return await self.rerun_states([state])

    async def __aexit__(self, *exc) -> None:
        await super().__aexit__(*exc)
        self.http.close()
