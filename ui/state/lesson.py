"""Shareable lesson state: the model, sentence, step, language and teacher mode kept in the
page's URL (`?model=en-ko-attention&sentence=...&step=3&lang=ko&teacher=1`), so that a
teacher can put a link on a slide and every student lands on the same view. The page itself
is the URL's path (`/compare`, `/experiments`, ...), which `st.navigation` already keeps.

`from_params` and `to_params` are pure (and unit-tested); `restore` and `publish` are the
two Streamlit calls the sidebar makes. The sidebar's link names the page's view without the
decoder step, because the step changes inside a fragment that does not redraw the sidebar;
the step navigator offers its own link, redrawn with every step.

The link's address is the public one from configuration (`public_url`) when there is one, else
the address of the teacher's own browser; a teacher on localhost is told that students cannot
open that one.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

import streamlit as st

from ui import state
from ui.text.i18n import LANGS

PUBLIC_URL_ENV = "SEQ2SEQ_PUBLIC_URL"
PUBLIC_URL_SECRET = "public_url"
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "0.0.0.0"}
# Characters taken from a link, the text boxes' cap (seq2seq_core/training/budget.py
# MAX_TEXT_CHARS):
# a link carries every sentence a box takes. 1,000 Korean characters are ~9 kB of URL, under
# browsers' and HAProxy's (16 kB buffer) limits; a longer link's sentence is cut there.
MAX_SENTENCE = state.MAX_CHARS
_RESTORED = "_lesson_restored"


def from_params(params: Mapping[str, Any], model_names: Sequence[str]) -> dict[str, Any]:
    """Session-state values for the query parameters that make sense; the rest is ignored.

    A link is typed or edited by anyone: every value is checked for its type and form before
    use (`"²".isdigit()` is True but `int("²")` raises; `"١٢"` is Arabic-Indic digits)."""
    get = {k: v for k, v in params.items() if isinstance(k, str) and isinstance(v, str)}.get
    out: dict[str, Any] = {}
    if get("lang") in LANGS:
        out[state.LANG] = get("lang")
    if get("model") in model_names:
        out[state.MODEL] = get("model")
    sentence = _printable(get("sentence", "")[: 4 * MAX_SENTENCE])[:MAX_SENTENCE]
    if sentence.strip():
        out[state.SENTENCE] = sentence
    step = get("step", "")
    if _STEP.fullmatch(step) and 1 <= int(step) <= MAX_STEP:
        out[state.STEP] = int(step)
    lecture = get("lecture", "")
    if _STEP.fullmatch(lecture) and 1 <= int(lecture) <= MAX_STEP:
        out[state.LECTURE_STEP] = int(lecture)
    if get("teacher") in ("1", "true", "yes"):
        out[state.TEACHER_MODE] = True
    return out


MAX_STEP = 1000
_STEP = re.compile(r"[0-9]{1,4}", re.ASCII)  # ASCII digits only; no sign, space or "²"


def _printable(text: str) -> str:
    """`text` without control characters (NUL, escape, newline, ...): a sentence is one line."""
    return "".join(c for c in text if unicodedata.category(c) != "Cc")


def to_params(
    session: Mapping[str, Any], shipped: Sequence[str], with_step: bool = True
) -> dict[str, str]:
    """Query parameters describing the session's view (a student's own model has no link);
    without the decoder step when `with_step` is False."""
    out: dict[str, str] = {}
    if session.get(state.LANG, "en") != "en":
        out["lang"] = session[state.LANG]
    if session.get(state.MODEL) in shipped:
        out["model"] = session[state.MODEL]
        sentence = (session.get(state.SENTENCE) or "")[:MAX_SENTENCE]
        if sentence.strip():
            out["sentence"] = sentence
            if with_step and int(session.get(state.STEP, 1)) > 1:
                out["step"] = str(int(session[state.STEP]))
    if session.get(state.TEACHER_MODE):
        out["teacher"] = "1"
    return out


def restore(model_names: Sequence[str]) -> None:
    """Once per session, before any widget is drawn: take the link's lesson state."""
    if st.session_state.get(_RESTORED):
        return
    st.session_state[_RESTORED] = True
    params = {k: st.query_params.get(k, "") for k in st.query_params.to_dict()}
    for key, value in from_params(params, model_names).items():
        st.session_state[key] = value


# The decode player (ui/player/) moves these in the browser's address bar as it steps; the
# server keeps whatever the browser has and never writes them.
BROWSER_PARAMS = ("step", "lecture")
# Parameters of a page's own that the lesson link knows nothing of: the class page's code
# (`?class=`, ui/state/classroom.py) stays in the address bar as the link put it.
PAGE_PARAMS = ("class",)
_FOLLOWED = "_lesson_followed"  # {param: the sentence the browser's step belongs to}


def publish(shipped: Sequence[str]) -> None:
    """Write the current view into the URL (the browser's address bar updates, no rerun);
    the player's step parameters (`BROWSER_PARAMS`) stay as the browser set them, and a
    page's own (`PAGE_PARAMS`) as the link gave them."""
    wanted = to_params(st.session_state, shipped, with_step=False)
    current = {k: st.query_params.get(k, "") for k in st.query_params.to_dict()}
    wanted.update({k: current[k] for k in (*BROWSER_PARAMS, *PAGE_PARAMS) if current.get(k)})
    if wanted != current:
        st.query_params.from_dict(wanted)


def follow_browser(param: str, key: str, sentence: str) -> None:
    """Take the step the player left in the address bar (`?step=` / `?lecture=`) into
    session state `key`, when the page shows the same sentence it was stepping; a new
    sentence keeps the step its callback set (1)."""
    followed = st.session_state.setdefault(_FOLLOWED, {})
    value = st.query_params.get(param, "")
    if followed.get(param) == sentence and _STEP.fullmatch(value) and 1 <= int(value) <= MAX_STEP:
        st.session_state[key] = int(value)
    followed[param] = sentence


def public_url() -> str:
    """The address students open the app at, from configuration: the environment variable
    SEQ2SEQ_PUBLIC_URL, else the Streamlit secret `public_url`; "" when neither is set."""
    url = os.environ.get(PUBLIC_URL_ENV, "").strip()
    if not url:
        try:
            url = str(st.secrets.get(PUBLIC_URL_SECRET, "")).strip()
        except Exception:  # no secrets file: Streamlit raises on reading it
            url = ""
    return url


def build_link(page_url: str, public: str, params: dict[str, str]) -> str:
    """The link to `page_url` (the address the teacher's browser shows) with `params`; with a
    `public` address, its scheme, host and port (and path prefix) replace the teacher's."""
    page = urlsplit(page_url or "")
    scheme, netloc, path = page.scheme, page.netloc, page.path or "/"
    if public:
        base = urlsplit(public if "//" in public else f"http://{public}")
        scheme, netloc = base.scheme, base.netloc
        path = base.path.rstrip("/") + (path if path.startswith("/") else "/" + path)
    return urlunsplit((scheme, netloc, path, urlencode(params), ""))


def is_local(link: str) -> bool:
    """Whether `link` points at the computer that opens it (localhost, 127.0.0.1, ...): on a
    slide, every student's browser would look for the app on their own computer."""
    host = (urlsplit(link).hostname or "").lower()
    return host in LOCAL_HOSTS or host.endswith(".localhost") or host.startswith("127.")


def local_warning(link: str) -> str:
    """The warning, in the page's language, that `link` points to this computer; "" when
    students can open it. The sidebar and the decode player's link say the same."""
    return state.t("link_local", env=PUBLIC_URL_ENV) if is_local(link) else ""


def share_link(params: dict[str, str]) -> str:
    """This page's address (or the configured public one) with the lesson state as query
    parameters."""
    try:
        page_url = st.context.url or ""
    except Exception:  # no browser context (tests): a relative link
        page_url = ""
    return build_link(page_url, public_url(), params)
