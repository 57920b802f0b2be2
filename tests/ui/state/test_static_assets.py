"""Streamlit's frontend files from memory, gzipped once (ui/state/static_assets.py): what is
answered, what goes on to Streamlit untouched, and the quick start's server doing it."""

from __future__ import annotations

import asyncio
import gzip
import re
import urllib.request

import pytest

from tests.support.app_server import serve_app
from ui.state.static_assets import STATIC_ROOT, StaticAssets

SCRIPT = "console.log('a');\n" * 200


async def _inner(scope, receive, send):
    """Stands for Streamlit: says it was asked."""
    await send({"type": "http.response.start", "status": 299, "headers": []})
    await send({"type": "http.response.body", "body": b"streamlit"})


def _ask(app, path, method="GET", headers=()):
    """(status, headers, body) of one request through the middleware."""
    sent = []

    async def send(message):
        sent.append(message)

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    scope = {"type": "http", "method": method, "path": path,
             "headers": [(k.encode(), v.encode()) for k, v in headers]}  # fmt: skip
    asyncio.run(app(scope, receive, send))
    start, body = sent[0], b"".join(m.get("body", b"") for m in sent[1:])
    return start["status"], {k.decode(): v.decode() for k, v in start["headers"]}, body


@pytest.fixture
def assets(tmp_path):
    (tmp_path / "static" / "js").mkdir(parents=True)
    (tmp_path / "static" / "js" / "main.abc.js").write_text(SCRIPT)
    (tmp_path / "static" / "font.woff2").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "index.html").write_text("<html>secret</html>")
    return StaticAssets(_inner, root=tmp_path, base_url="")


def test_a_script_is_answered_gzipped_from_memory(assets):
    status, headers, body = _ask(
        assets, "/static/js/main.abc.js", headers=[("accept-encoding", "gzip, br")]
    )
    assert status == 200 and headers["content-encoding"] == "gzip"
    assert gzip.decompress(body).decode() == SCRIPT
    assert len(body) < len(SCRIPT) / 10 and headers["content-length"] == str(len(body))
    assert headers["content-type"].startswith("text/javascript")
    assert "immutable" in headers["cache-control"] and headers["vary"] == "Accept-Encoding"


def test_without_gzip_and_for_a_font_the_bytes_go_as_they_are(assets):
    status, headers, body = _ask(assets, "/static/js/main.abc.js")
    assert status == 200 and "content-encoding" not in headers and body.decode() == SCRIPT
    status, headers, body = _ask(
        assets, "/static/font.woff2", headers=[("accept-encoding", "gzip")]
    )
    assert status == 200 and "content-encoding" not in headers and len(body) == 1024


def test_head_says_the_length_and_sends_no_body(assets):
    status, headers, body = _ask(assets, "/static/js/main.abc.js", method="HEAD")
    assert status == 200 and body == b"" and headers["content-length"] == str(len(SCRIPT))


@pytest.mark.parametrize(
    "path, method, headers",
    [
        ("/static/js/other.js", "GET", ()),  # not a file there
        ("/static/../index.html", "GET", ()),  # outside the folder
        ("/static/js/../../index.html", "GET", ()),
        ("/static/%2e%2e/index.html", "GET", ()),
        ("/static/js", "GET", ()),  # a folder
        ("/index.html", "GET", ()),  # Streamlit's, not ours
        ("/static/js/main.abc.js", "POST", ()),
        ("/static/js/main.abc.js", "GET", (("range", "bytes=0-10"),)),
    ],
)
def test_everything_else_goes_on_to_streamlit(assets, path, method, headers):
    assert _ask(assets, path, method, headers)[0] == 299


def test_a_base_url_moves_the_files(tmp_path):
    (tmp_path / "static").mkdir()
    (tmp_path / "static" / "a.css").write_text("b{}")
    app = StaticAssets(_inner, root=tmp_path, base_url="/course/")
    assert _ask(app, "/course/static/a.css")[2] == b"b{}"
    assert _ask(app, "/static/a.css")[0] == 299


def test_websockets_and_lifespan_pass_through(assets):
    seen = []

    async def inner(scope, receive, send):
        seen.append(scope["type"])

    app = StaticAssets(inner, root=STATIC_ROOT, base_url="")
    for kind in ("websocket", "lifespan"):
        asyncio.run(app({"type": kind, "path": "/static/x.js"}, None, None))
    assert seen == ["websocket", "lifespan"]


def test_the_quick_start_serves_every_script_of_its_page_gzipped():
    """`streamlit run app.py` (app.py's `st.App`): each script and style the page names comes
    gzipped, and unpacks to the file Streamlit ships."""
    with serve_app() as (url, _proc):
        html = urllib.request.urlopen(url + "/", timeout=30).read().decode()
        names = sorted(set(re.findall(r'(?:src|href)="\.?/?(static/[^"]+\.(?:js|css))"', html)))
        assert len(names) > 10, names
        for name in names:
            req = urllib.request.Request(f"{url}/{name}", headers={"Accept-Encoding": "gzip"})
            with urllib.request.urlopen(req, timeout=30) as r:
                body = r.read()
                if r.headers.get("Content-Encoding") == "gzip":
                    body = gzip.decompress(body)
                else:  # too small to gain from it
                    assert len(body) < 2000, name
            assert body == (STATIC_ROOT / name).read_bytes(), name
