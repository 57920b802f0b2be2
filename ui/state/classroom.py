"""The class together in one session (issue 29): the class this browser teaches or has joined,
the store they live in, the class link and its QR code.

Secrets stay out of links. The class link carries the class code only (`?class=CODE`). The
teacher key (from `ClassStore.create_class`) and a student's token (from `join`) are kept in
session state and in the browser's localStorage (`class_keys.js`, a components-v2
component mounted by the sidebar on every page): a reload of the teacher's tab, or a
replica of serve.py that restarted, finds the class again (checked with the store before
use), where a key kept only in session state would be lost with the session. A key in the
URL would be in every screenshot, projected link and browser history.

The store is opened once per process and database address (`store()`); every call it
refuses raises `ClassError`, whose words are in ui/text/classroom.py.
"""

from __future__ import annotations

import contextlib
import html
import os
import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import segno
import streamlit as st

from ui import state
from ui.services.classroom import ClassError, ClassStore, Student, open_store
from ui.services.classroom.records import CODE_ALPHABET, CODE_LENGTH
from ui.services.classroom.store import DATA_DIR_ENV, URL_ENV
from ui.state import lesson

PAGE = "ui/pages/classroom.py"
PAGE_PATH = "classroom"  # the page's address: /classroom?class=CODE
PARAM = "class"
TEACHING = "class_teaching"  # Teaching: the class this session teaches
JOINED = "class_joined"  # Student: the class this session has joined, with its token
# This server process: a browser whose kept record names another one met a restart (a
# replica of serve.py restarted, or the app), and what its session held there is gone.
SERVER_BOOT = secrets.token_hex(8)
WORK = "_browser_work"  # (what, since): what this session holds that a restart would lose
RESTARTED = "_server_restarted"  # what the browser's last session lost ("run" or "model")
LOST_WITHIN = 3 * 3600  # s: an older record is yesterday's lesson, not this one
FOLLOWED = "class_followed"  # the id of the question the teacher's screen follows
KEYS_READ = "_class_keys_read"  # the browser's kept keys were read once
# This session, as the keys component knows it: a page that reconnects to a new session (a
# replica restarted) must send what it kept again, though it wrote it itself
KEYS_SESSION = "_class_keys_session"
KEYS_COMPONENT = "seq2seq_class_keys"
_CODE = re.compile(f"[{CODE_ALPHABET}]{{{CODE_LENGTH}}}")
_JS = (Path(__file__).resolve().parent / "class_keys.js").read_text(encoding="utf-8")


@dataclass(frozen=True)
class Teaching:
    """The class a session teaches: its code and the teacher key (a secret)."""

    code: str
    key: str


@st.cache_resource(show_spinner=False, max_entries=4)
def _open(url: str, data_dir: str) -> ClassStore:
    """One store per process and database address (tests point each at a folder of theirs)."""
    return open_store(url or None)


def store() -> ClassStore:
    """The class store of this server: $SEQ2SEQ_DATABASE_URL, else SQLite in
    $SEQ2SEQ_DATA_DIR (ui/services/classroom/store.py). Raises ClassError("unavailable")."""
    return _open(os.environ.get(URL_ENV, ""), os.environ.get(DATA_DIR_ENV, ""))


def code_of(value: Any) -> str | None:
    """A class code typed or taken from a link, upper-cased, spaces and dashes dropped; None
    when it is not CODE_LENGTH letters of the code alphabet (a link is typed by anyone)."""
    if not isinstance(value, str) or len(value) > 4 * CODE_LENGTH:
        return None
    code = re.sub(r"[\s-]", "", value).upper()
    return code if _CODE.fullmatch(code) else None


def code_in_link() -> tuple[str | None, bool]:
    """(the class code of the page's `?class=`, whether the parameter was there at all)."""
    raw = st.query_params.get(PARAM)
    return code_of(raw), raw is not None


def teaching() -> Teaching | None:
    value = st.session_state.get(TEACHING)
    return value if isinstance(value, Teaching) else None


def joined() -> Student | None:
    value = st.session_state.get(JOINED)
    return value if isinstance(value, Student) else None


def start_class(lesson_name: str) -> Teaching:
    """Create a class for `lesson_name` and make this session its teacher (a new lesson
    starts a new class; the session's former class is left as it was)."""
    info, key = store().create_class(lesson_name)
    taught = Teaching(info.code, key)
    st.session_state[TEACHING] = taught
    st.session_state.pop(FOLLOWED, None)
    return taught


def end_class() -> None:
    """End the class this session teaches: the store forgets everything in it."""
    taught = teaching()
    if taught is not None:
        # ended already, or the store is away: the session lets go of it anyway
        with contextlib.suppress(ClassError):
            store().end_class(taught.code, taught.key)
    st.session_state.pop(TEACHING, None)
    st.session_state.pop(FOLLOWED, None)


def join_class(code: str, nickname: str | None) -> Student:
    """Join the class `code` as a new student with `nickname` (checked by the store)."""
    student = store().join(code, nickname or None)
    st.session_state[JOINED] = student
    return student


def leave_class() -> None:
    st.session_state.pop(JOINED, None)


def join_link(code: str) -> str:
    """The address students open: the class page with `?class=CODE` (and the teacher's
    language), on the public address when one is configured (as the lesson links)."""
    try:
        page_url = st.context.url or ""
    except Exception:  # no browser context (tests): a relative link
        page_url = ""
    parts = urlsplit(page_url)
    page = urlunsplit((parts.scheme, parts.netloc, "/" + PAGE_PATH, "", "")) if page_url else ""
    params = {PARAM: code}
    if state.lang() != "en":
        params["lang"] = state.lang()
    link = lesson.build_link(page or "/" + PAGE_PATH, lesson.public_url(), params)
    return link


def qr_image(link: str) -> str:
    """The QR code of `link` as an `<img>` of an inline SVG (segno, drawn here: nothing
    fetched), black on white whatever the theme, with a quiet zone, scaled by the page to its
    box. An image of a data URI, not an `<svg>` element: st.html's sanitizer keeps HTML
    only and drops SVG elements (the browser test found the QR code missing)."""
    qr = segno.make(link, error="m")
    uri = qr.svg_data_uri(scale=6, dark="#000000", light="#ffffff", border=4)
    alt = html.escape(f"QR code: {link}", quote=True)
    return f'<img src="{html.escape(uri, quote=True)}" alt="{alt}">'


# --- the browser's kept keys --------------------------------------------------------------


def _ignore() -> None:
    """The component's state callback (components v2 returns a state it has a callback for)."""


def _component():
    return st.components.v2.component(KEYS_COMPONENT, js=_JS)


def _work() -> dict[str, Any]:
    """What a restart of this server would take from this session: a training run under
    way ("run"), else a model it trained or uploaded ("model"), else nothing; with the time
    it began (kept while it lasts, so the browser's record changes only when it does)."""
    run = st.session_state.get(state.TRAIN_RUN)
    if run is not None and getattr(run, "status", "") in ("queued", "running", "paused"):
        what = "run"
    elif st.session_state.get(state.OWN_MODEL) is not None:
        what = "model"
    else:
        what = ""
    held = st.session_state.get(WORK)
    if held is None or held[0] != what:
        held = st.session_state[WORK] = (what, int(time.time()))
    return {"boot": SERVER_BOOT, "work": held[0], "since": held[1]}


def lost_on_restart(kept: Any, now: float) -> str | None:
    """What the browser's last session lost to a server restart ("run" or "model"), from its
    kept record: None when it spoke to this server process, held nothing, or is old."""
    server = kept.get("server") if isinstance(kept, dict) else None
    if not isinstance(server, dict) or server.get("boot") in (None, SERVER_BOOT):
        return None
    since = server.get("since")
    fresh = isinstance(since, int) and 0 <= now - since <= LOST_WITHIN
    work = server.get("work")
    return work if work in ("run", "model") and fresh else None


def _wanted() -> dict[str, Any]:
    out: dict[str, Any] = {"server": _work()}
    if (taught := teaching()) is not None:
        out["teach"] = {"code": taught.code, "key": taught.key}
    if (student := joined()) is not None:
        out["joined"] = {"code": student.code, "token": student.token}
    return out


def _restore(kept: Any) -> None:
    """Take the keys the browser kept into this session, each checked with the store (a
    browser's storage is edited by anyone: a wrong key opens nothing)."""
    if not isinstance(kept, dict):
        return
    if (lost := lost_on_restart(kept, time.time())) is not None:
        st.session_state[RESTARTED] = lost
    teach, mine = kept.get("teach"), kept.get("joined")
    try:
        if teaching() is None and isinstance(teach, dict):
            code, key = code_of(teach.get("code")), teach.get("key")
            if code and isinstance(key, str) and len(key) < 200:
                store().check_teacher(code, key)
                st.session_state[TEACHING] = Teaching(code, key)
        if joined() is None and isinstance(mine, dict):
            code, token = code_of(mine.get("code")), mine.get("token")
            if code and isinstance(token, str) and len(token) < 200:
                st.session_state[JOINED] = store().student(code, token)
    except ClassError:
        pass  # an ended class or a stale key: nothing to restore


def sync_browser() -> None:
    """Mount the keys component (no height). The session's keys go to the browser whenever
    they change (ending a class or leaving one forgets them there too), with `read`: until
    the session has had what an earlier page load kept, the browser sends that (one run) and
    writes nothing over it; it is then restored into the session (and a record naming another
    server process tells the student what its restart lost). A browser that kept nothing
    sends nothing: it just keeps what the session puts (class_keys.js)."""
    read = bool(st.session_state.get(KEYS_READ))
    session = st.session_state.setdefault(KEYS_SESSION, secrets.token_hex(8))
    data = {"put": _wanted(), "read": read, "session": session}
    result = _component()(key="class_keys", data=data, on_kept_change=_ignore, height=0)
    kept = result.get("kept") if result is not None else None
    if not read and kept is not None:
        _restore(kept)
        st.session_state[KEYS_READ] = True
    restart_notice()


def restart_notice() -> None:
    """Tell a student whose server restarted what was lost (once): a toast, seen on a phone
    too, where the sidebar this runs in is closed."""
    if (lost := st.session_state.pop(RESTARTED, None)) is not None:
        st.toast(state.t(f"restart_lost_{lost}"), icon="🔄", duration="infinite")
