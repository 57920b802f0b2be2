"""A minimal Streamlit client for load tests: one websocket session speaking the same
protobuf messages as the browser (BackMsg.rerun_script out, ForwardMsg deltas in), with no
rendering. Enough to open pages, click buttons and read what the page shows, and to upload
a file as the browser does (page_cookies, Session.file_urls, put_file).
"""

from __future__ import annotations

import asyncio
import json
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.Common_pb2 import FileUploaderState, FileURLs, UploadedFileInfo
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

from ui.player import COMPONENT

FINISHED = {"FINISHED_SUCCESSFULLY", "FINISHED_FRAGMENT_RUN_SUCCESSFULLY"}
XSRF_COOKIE = "_streamlit_xsrf"  # Streamlit's double-submit XSRF cookie


def page_cookies(url: str, cookies: dict[str, str] | None = None) -> dict[str, str]:
    """Open the page as a browser does (GET / and then the frontend's GET /_stcore/health)
    and return the cookies it holds afterwards: `cookies`, updated by the responses'
    Set-Cookie (a load balancer's sticky cookie, Streamlit's XSRF cookie)."""
    jar = dict(cookies or {})
    for path in ("/", "/_stcore/health"):
        req = urllib.request.Request(url + path, headers={"Cookie": cookie_header(jar)})
        with urllib.request.urlopen(req, timeout=30) as r:
            for header in r.headers.get_all("Set-Cookie") or []:
                jar.update({k: m.value for k, m in SimpleCookie(header).items()})
    return jar


def cookie_header(cookies: dict[str, str]) -> str:
    """A Cookie request header for these cookies."""
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


def put_file(
    url: str, upload_url: str, name: str, data: bytes, cookies: dict[str, str]
) -> tuple[int, str, dict[str, str]]:
    """Upload as st.file_uploader's frontend does: a multipart PUT to the upload URL the
    session handed out, with the XSRF cookie echoed in the X-Xsrftoken header. Returns
    (status, body, response headers with lower-case names); an error status is returned,
    not raised."""
    boundary = uuid.uuid4().hex
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            f"Content-Type: text/plain\r\n\r\n"
        ).encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    headers = {
        "Content-Type": f"multipart/form-data; boundary={boundary}",
        "Cookie": cookie_header(cookies),
        "X-Xsrftoken": cookies.get(XSRF_COOKIE, ""),
    }
    req = urllib.request.Request(url + upload_url, data=body, headers=headers, method="PUT")
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.read().decode(), {k.lower(): v for k, v in r.headers.items()}
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode(), {k.lower(): v for k, v in e.headers.items()}


@dataclass
class Run:
    """What one script run sent: element protos in order, and how long it took."""

    elements: list = field(default_factory=list)
    seconds: float = 0.0
    status: str = ""
    largest: int = 0  # bytes of the largest message the server sent in this run

    def texts(self) -> str:
        out = []
        for el in self.elements:
            kind = el.WhichOneof("type")
            if kind in ("markdown", "heading"):
                out.append(getattr(el, kind).body)
            elif kind in ("alert",):
                out.append(el.alert.body)
        return "\n".join(out)

    def player_steps(self) -> list[dict]:
        """The greedy decoder steps the page's decode player received (ui/player/data.py):
        the browser plays them without asking the server again. Only the player's component
        counts: the sidebar mounts another (ui/state/class_keys.js) before it."""
        for el in self.elements:
            if (
                el.WhichOneof("type") == "bidi_component"
                and el.bidi_component.component_name.endswith(COMPONENT)
                and el.bidi_component.json
            ):
                sentences = json.loads(el.bidi_component.json).get("sentences") or []
                return sentences[0]["greedy"]["steps"] if sentences else []
        return []

    def exceptions(self) -> list[str]:
        return [
            el.exception.message for el in self.elements if el.WhichOneof("type") == "exception"
        ]

    def widget(self, kind: str, label: str):
        """The id of the first widget of this kind (e.g. "number_input") with this label."""
        for el in self.elements:
            if el.WhichOneof("type") == kind and getattr(el, kind).label == label:
                return getattr(el, kind).id
        return None

    def component(self, name: str):
        """(id, data) of the last components-v2 element whose name ends with `name` (a run
        that called st.rerun holds both runs' elements); data is its JSON data, parsed
        (None when it has none)."""
        for el in reversed(self.elements):
            if el.WhichOneof(
                "type"
            ) == "bidi_component" and el.bidi_component.component_name.endswith(name):
                raw = el.bidi_component.json
                return el.bidi_component.id, json.loads(raw) if raw else None
        return None

    def button(self, label: str):
        """(widget id, fragment id) of the first button whose label starts with `label`."""
        for el, frag in zip(self.elements, self.fragments, strict=True):
            if el.WhichOneof("type") == "button" and el.button.label.startswith(label):
                return el.button.id, frag, el.button.disabled
        return None

    fragments: list = field(default_factory=list)


class Session:
    """One browser tab's worth of Streamlit session, driven from a test."""

    def __init__(
        self, url: str, query: dict[str, str] | None = None, cookies: dict[str, str] | None = None
    ) -> None:
        self.ws_url = url.replace("http://", "ws://") + "/_stcore/stream"
        self.query = urlencode(query or {})
        self.cookies = dict(cookies or {})  # sent with the websocket's opening request
        self.pages: dict[str, str] = {}  # url path -> page script hash
        self.page_hash = ""
        self.session_id = ""  # the server's id of this session (in upload URLs)
        self.ws = None

    async def __aenter__(self) -> Session:
        headers = {"Cookie": cookie_header(self.cookies)} if self.cookies else None
        self.ws = await websockets.connect(
            self.ws_url, subprotocols=["streamlit"], max_size=2**26, open_timeout=30,
            additional_headers=headers,
        )  # fmt: skip
        return self

    async def file_urls(self, names: list[str]) -> list[FileURLs]:
        """Ask the session for upload URLs, one per file name, as the uploader widget does
        before its PUT."""
        msg = BackMsg()
        msg.file_urls_request.request_id = uuid.uuid4().hex
        msg.file_urls_request.session_id = self.session_id
        msg.file_urls_request.file_names.extend(names)
        await self.ws.send(msg.SerializeToString())
        while True:
            fm = ForwardMsg()
            fm.ParseFromString(await asyncio.wait_for(self.ws.recv(), timeout=30))
            if fm.WhichOneof("type") == "file_urls_response":
                return list(fm.file_urls_response.file_urls)

    async def __aexit__(self, *exc) -> None:
        await self.ws.close()

    async def rerun(self, page: str = "", widgets=(), fragment_id: str = "") -> Run:
        msg = BackMsg()
        cs = msg.rerun_script
        cs.query_string = self.query
        if page:
            cs.page_script_hash = self.pages.get(page, "")
            cs.page_name = page
        elif self.page_hash:
            cs.page_script_hash = self.page_hash
        for wid, value in widgets:
            ws = WidgetState(id=wid)
            if value is True:
                ws.trigger_value = True
            elif isinstance(value, str):
                ws.string_value = value
            elif isinstance(value, FileUploaderState):
                ws.file_uploader_state_value.CopyFrom(value)
            elif isinstance(value, dict):  # a components-v2 state ({"name": value})
                ws.json_value = json.dumps(value)
            elif isinstance(value, float):
                ws.double_value = value
            else:
                ws.int_value = int(value)
            cs.widget_states.widgets.append(ws)
        if fragment_id:
            cs.fragment_id = fragment_id
        start = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        return await self._collect(start)

    async def click(self, run: Run, label: str) -> Run:
        found = run.button(label)
        assert found is not None, f"no button {label!r}"
        wid, frag, _disabled = found
        return await self.rerun(widgets=[(wid, True)], fragment_id=frag)

    async def _collect(self, start: float) -> Run:
        run = Run()
        while True:
            raw = await asyncio.wait_for(self.ws.recv(), timeout=120)
            run.largest = max(run.largest, len(raw))
            fm = ForwardMsg()
            fm.ParseFromString(raw)
            kind = fm.WhichOneof("type")
            if kind == "new_session":
                self.page_hash = fm.new_session.page_script_hash
                self.session_id = fm.new_session.initialize.session_id or self.session_id
            elif kind == "navigation":
                for p in fm.navigation.app_pages:
                    self.pages[p.url_pathname] = p.page_script_hash
                self.page_hash = fm.navigation.page_script_hash
            elif kind == "delta" and fm.delta.WhichOneof("type") == "new_element":
                run.elements.append(fm.delta.new_element)
                run.fragments.append(fm.delta.fragment_id)
            elif kind == "script_finished":
                run.status = ForwardMsg.ScriptFinishedStatus.Name(fm.script_finished)
                if run.status != "FINISHED_EARLY_FOR_RERUN":
                    run.seconds = time.perf_counter() - start
                    return run


def uploaded(urls: FileURLs, name: str, size: int) -> FileUploaderState:
    """The uploader widget's value after a successful PUT of one file."""
    info = UploadedFileInfo(file_id=urls.file_id, name=name, size=size)
    info.file_urls.CopyFrom(urls)
    return FileUploaderState(uploaded_file_info=[info])
