"""A minimal Streamlit client for load tests: one websocket session speaking the same
protobuf messages as the browser (BackMsg.rerun_script out, ForwardMsg deltas in), with no
rendering. Enough to open pages, click buttons and read what the page shows.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

FINISHED = {"FINISHED_SUCCESSFULLY", "FINISHED_FRAGMENT_RUN_SUCCESSFULLY"}


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

    def button(self, label: str):
        """(widget id, fragment id) of the first button whose label starts with `label`."""
        for el, frag in zip(self.elements, self.fragments, strict=True):
            if el.WhichOneof("type") == "button" and el.button.label.startswith(label):
                return el.button.id, frag, el.button.disabled
        return None

    fragments: list = field(default_factory=list)


class Session:
    """One browser tab's worth of Streamlit session, driven from a test."""

    def __init__(self, url: str, query: dict[str, str] | None = None) -> None:
        self.ws_url = url.replace("http://", "ws://") + "/_stcore/stream"
        self.query = urlencode(query or {})
        self.pages: dict[str, str] = {}  # url path -> page script hash
        self.page_hash = ""
        self.ws = None

    async def __aenter__(self) -> Session:
        self.ws = await websockets.connect(
            self.ws_url, subprotocols=["streamlit"], max_size=2**26, open_timeout=30
        )
        return self

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
