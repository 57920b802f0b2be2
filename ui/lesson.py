"""Shareable lesson state: the model, sentence, step, language and teacher mode kept in the
page's URL (`?model=en-ko-attention&sentence=...&step=3&lang=ko&teacher=1`), so that a
teacher can put a link on a slide and every student lands on the same view. The page itself
is the URL's path (`/compare`, `/experiments`, ...), which `st.navigation` already keeps.

`from_params` and `to_params` are pure (and unit-tested); `restore` and `publish` are the
two Streamlit calls the sidebar makes. The sidebar's link names the page's view without the
decoder step, because the step changes inside a fragment that does not redraw the sidebar;
the step navigator offers its own link, redrawn with every step.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

import streamlit as st

from ui import state
from ui.text.i18n import LANGS

MAX_SENTENCE = 300  # characters taken from a link; longer text is cut there
_RESTORED = "_lesson_restored"


def from_params(params: Mapping[str, str], model_names: Sequence[str]) -> dict[str, Any]:
    """Session-state values for the query parameters that make sense; the rest is ignored."""
    out: dict[str, Any] = {}
    if params.get("lang") in LANGS:
        out[state.LANG] = params["lang"]
    if params.get("model") in model_names:
        out[state.MODEL] = params["model"]
    sentence = params.get("sentence", "")
    if sentence.strip():
        out[state.SENTENCE] = sentence[:MAX_SENTENCE]
    step = params.get("step", "")
    if _number(step) and 1 <= int(step) <= 1000:
        out[state.STEP] = int(step)
    lecture = params.get("lecture", "")
    if _number(lecture) and 1 <= int(lecture) <= 1000:
        out[state.LECTURE_STEP] = int(lecture)
    if params.get("teacher") in ("1", "true", "yes"):
        out[state.TEACHER_MODE] = True
    return out


def _number(text: str) -> bool:
    """ASCII digits only: "²" and "٣" are digits to `str.isdigit`, and int("²") raises."""
    return text.isascii() and text.isdecimal() and len(text) <= 6


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


def publish(shipped: Sequence[str]) -> None:
    """Write the current view into the URL (the browser's address bar updates, no rerun)."""
    wanted = to_params(st.session_state, shipped)
    current = {k: st.query_params.get(k, "") for k in st.query_params.to_dict()}
    if wanted != current:
        st.query_params.from_dict(wanted)


def share_link(params: dict[str, str]) -> str:
    """This page's address with the lesson state as query parameters."""
    try:
        parts = urlsplit(st.context.url or "")
    except Exception:  # no browser context (tests): a relative link
        parts = urlsplit("")
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", urlencode(params), ""))
