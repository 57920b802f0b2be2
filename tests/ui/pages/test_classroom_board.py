"""The class board, the decoder view's ask, the sidebar's class and the keys a browser keeps
(issue 29), each session an AppTest on SQLite in tmp_path."""

from __future__ import annotations

import json

import pytest
from streamlit.components.v2.bidi_component.main import _make_trigger_id
from streamlit.proto.WidgetStates_pb2 import WidgetStates
from streamlit.testing.v1 import AppTest

from tests.support.apptest import open_tab
from tests.support.models import tiny_translator
from tests.support.paths import APP
from ui import state
from ui.player import COMPONENT
from ui.state import classroom, resources

PAGE = "ui/pages/classroom.py"
TIMEOUT = 90


pytestmark = pytest.mark.usefixtures("class_db")  # every test on its own SQLite file


def _ok(at: AppTest) -> AppTest:
    assert not at.exception, at.exception
    return at


def _class() -> tuple[str, str]:
    info, key = classroom.store().create_class("en-ko")
    return info.code, key


def _session(page: str, **session) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for key, value in session.items():
        at.session_state[key] = value
    _ok(at.run())
    _ok(at.switch_page(page).run())
    return at


def test_a_published_model_is_scored_here_and_opened_by_the_teacher():
    """The student's own model is scored on the server (never a number from the browser),
    ranked under the nickname; the teacher opens it in the explorer, read back from the
    stored bytes as an uploaded file."""
    code, key = _class()
    own = tiny_translator()
    own.meta["corpus"] = "en-ko"
    student = _session(
        "ui/pages/train.py",
        **{state.OWN_MODEL: own, state.OWN_MODEL_NAME: "mine", state.MODEL: resources.OWN},
    )
    student.switch_page(PAGE)
    student.query_params["class"] = code
    _ok(student.run())
    student.text_input[0].input("owl")
    _ok(student.button[0].click().run())
    _ok(student.button(key="cls_publish").click().run())
    (entry,) = classroom.store().board(code)
    assert entry.nickname == "owl" and entry.name == "mine" and entry.rank == 1
    assert 0.0 <= entry.exact_match <= 1.0 and "exact match" in student.success[0].value
    assert not [b for b in student.button if b.key and b.key.startswith("cls_open_")]

    teacher = _session(PAGE, **{classroom.TEACHING: classroom.Teaching(code, key)})
    _ok(teacher.button(key=f"cls_open_{entry.publication_id}").click().run())
    assert teacher.session_state[state.MODEL] == resources.OWN
    assert teacher.session_state[state.OWN_MODEL_NAME] == "owl: mine"
    assert teacher.session_state[state.OWN_MODEL].cfg == own.cfg


def test_a_model_of_another_corpus_is_not_published():
    code, _key = _class()
    own = tiny_translator()
    own.meta["corpus"] = "reverse"
    at = _session(PAGE, **{state.OWN_MODEL: own, state.OWN_MODEL_NAME: "mine",
                           state.MODEL: resources.OWN})  # fmt: skip
    at.query_params["class"] = code
    _ok(at.run())
    at.text_input[0].input("fox")
    _ok(at.button[0].click().run())
    _ok(at.button(key="cls_publish").click().run())
    assert (
        not classroom.store().board(code) and "not trained on the class corpus" in at.error[0].value
    )


def test_the_decoder_view_asks_at_the_players_step():
    code, key = _class()
    at = _session("ui/pages/explore.py", **{classroom.TEACHING: classroom.Teaching(code, key)})
    open_tab(at, "tab_decoder")
    player = next(e for e in at.get("bidi_component") if e.proto.component_name == COMPONENT)
    states = WidgetStates()
    widget = states.widgets.add()
    widget.id = _make_trigger_id(player.proto.id, "events")
    widget.json_trigger_value = json.dumps([{"event": "ask", "value": 2}])
    _ok(at._run(widget_state=states))
    q = classroom.store().current_question(code)
    assert q.step == 2 and len(q.fed) == 2 and q.fed[0] == "<sos>"


def test_teacher_mode_offers_start_a_class_in_the_sidebar_and_then_its_qr_code():
    at = _session("ui/pages/lecture.py")
    assert not [b for b in at.sidebar.button if b.key == "cls_start_sidebar"]  # a student
    at.session_state[state.TEACHER_MODE] = True
    _ok(at.run())
    _ok(at.sidebar.button(key="cls_start_sidebar").click().run())
    taught = at.session_state[classroom.TEACHING]
    assert classroom.store().check_teacher(taught.code, taught.key).lesson == "en-ko"
    html = "".join(str(e.proto) for e in at.get("html"))
    assert "data:image/svg+xml" in html and taught.code in html


def _restore(kept):
    from ui.state import classroom

    classroom._restore(kept)


def test_keys_kept_in_a_browser_are_checked_before_they_are_used():
    """A browser's storage is anyone's to edit: only a key the store accepts is restored."""
    code, key = _class()
    student = classroom.store().join(code, "owl")
    good = {"teach": {"code": code, "key": key},
            "joined": {"code": code.lower(), "token": student.token}}  # fmt: skip
    at = AppTest.from_function(_restore, args=(good,)).run()
    assert at.session_state[classroom.TEACHING] == classroom.Teaching(code, key)
    assert at.session_state[classroom.JOINED].nickname == "owl"
    forged = [
        {"teach": {"code": code, "key": key + "x"}},
        {"teach": {"code": code, "key": 5}},
        {"joined": {"code": code, "token": "forged"}},
        {"teach": [code, key]},
        "x",
    ]
    for bad in forged:
        at = AppTest.from_function(_restore, args=(bad,)).run()
        assert not at.exception
        assert classroom.TEACHING not in at.session_state
        assert classroom.JOINED not in at.session_state
