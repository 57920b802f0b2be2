"""Streamlit's own scripts and styles, served from memory and gzipped once (issue 25).

A browser that opens the app for the first time fetches Streamlit's frontend: 60 scripts
and styles under `/static/`, 2.1 MB. Streamlit 1.67 answers each with a `FileResponse`
(a stat, then the file read in 64 kB pieces on a worker thread) and deliberately does not
compress them (its gzip middleware skips `/static/`: compressing again at every request
would cost more than it saves, its comment says, and a proxy should do it). The quick start
has no proxy: 120 students opening a lesson link cost the one process ~180 ms of CPU each
for these files alone, more than their pages' own script runs.

`StaticAssets` is an ASGI middleware in front of Streamlit (app.py hands it to `st.App`): a
GET or HEAD of one of those files is answered from memory, gzipped when the browser accepts
it (every browser does; compressed once per file and server, at its first request, on a
worker thread), with
the same long-lived cache header Streamlit sends. Anything else, including a file that is
not in Streamlit's folder, a range request or another method, goes on to Streamlit
unchanged. Measured (`python -m bench.static_assets`, bench/RESULTS.md): ~180 ms → ~30 ms
of server CPU per new browser, 2.1 MB → 0.5 MB sent.

Only files listed once from Streamlit's installed folder are ever served: a request path is
a key looked up in that list, never joined to a file system path.
"""

from __future__ import annotations

import gzip
import mimetypes
from pathlib import Path

import anyio
import streamlit
from starlette.types import ASGIApp, Receive, Scope, Send

STATIC_ROOT = Path(streamlit.__file__).parent / "static"  # what Streamlit serves at `/`
PREFIX = "/static/"  # its hashed frontend bundles live under here
CACHE_CONTROL = b"public, immutable, max-age=31536000"  # Streamlit's own, for hashed files
COMPRESSIBLE = {".js", ".css", ".svg", ".json", ".map", ".txt", ".html"}  # not fonts, images
GZIP_LEVEL = 9  # once per file and server, on a worker thread (the largest: ~0.2 s)


def _content_type(name: str) -> bytes:
    if name.endswith(".js"):  # mimetypes may say application/javascript; both are valid
        return b"text/javascript; charset=utf-8"
    guessed, _ = mimetypes.guess_type(name)
    kind = guessed or "application/octet-stream"
    if kind.startswith("text/") or kind in ("application/json", "image/svg+xml"):
        kind += "; charset=utf-8"
    return kind.encode()


class StaticAssets:
    """ASGI middleware answering `PREFIX` files of `root` from memory (see the module)."""

    def __init__(self, app: ASGIApp, root: Path = STATIC_ROOT, base_url: str | None = None) -> None:
        self.app = app
        if base_url is None:  # where Streamlit serves its files (`server.baseUrlPath`)
            base_url = streamlit.get_option("server.baseUrlPath") or ""
        self.prefix = "/" + "/".join(p for p in (base_url.strip("/"), PREFIX.strip("/")) if p)
        folder = root / PREFIX.strip("/")
        self.files = {  # request path -> file; the only paths ever served
            f"{self.prefix}/{p.relative_to(folder).as_posix()}": p
            for p in (sorted(folder.rglob("*")) if folder.is_dir() else [])
            if p.is_file()
        }
        self._bodies: dict[str, tuple[bytes, bytes | None]] = {}  # path -> (raw, gzipped)

    def body(self, path: str) -> tuple[bytes, bytes | None]:
        """The file's bytes and, when worth it, their gzip; read and compressed once."""
        kept = self._bodies.get(path)
        if kept is None:
            raw = self.files[path].read_bytes()
            packed = None
            if self.files[path].suffix in COMPRESSIBLE:
                packed = gzip.compress(raw, GZIP_LEVEL, mtime=0)
                packed = packed if len(packed) < len(raw) else None
            kept = self._bodies[path] = (raw, packed)
        return kept

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "") if scope["type"] == "http" else ""
        headers = dict(scope.get("headers", ())) if path in self.files else {}
        if (
            path not in self.files
            or scope["method"] not in ("GET", "HEAD")
            or b"range" in headers  # partial content: Streamlit's own handler does it
        ):
            await self.app(scope, receive, send)
            return
        if path in self._bodies:
            raw, packed = self._bodies[path]
        else:  # read and compress once, off the event loop (plotly's bundle: ~0.2 s)
            raw, packed = await anyio.to_thread.run_sync(self.body, path)
        gzipped = packed is not None and b"gzip" in headers.get(b"accept-encoding", b"")
        content = packed if gzipped else raw
        reply = [
            (b"content-type", _content_type(path)),
            (b"content-length", str(len(content)).encode()),
            (b"cache-control", CACHE_CONTROL),
            (b"vary", b"Accept-Encoding"),
            (b"x-content-type-options", b"nosniff"),
        ]
        if gzipped:
            reply.append((b"content-encoding", b"gzip"))
        await send({"type": "http.response.start", "status": 200, "headers": reply})
        body = b"" if scope["method"] == "HEAD" else content
        await send({"type": "http.response.body", "body": body})
