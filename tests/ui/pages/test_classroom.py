"""The class together's pages (issue 29), each session an AppTest on SQLite in tmp_path: the
teacher starts a class and shows its QR code and link, a student joins by the link, the
teacher asks at a decoder step from the Lecture page's player, the student answers, the
teacher sees the count and reveals, the student sees the class beside the model. And what a
student's session must not reach: the teacher's controls, the tallies before the reveal,
the teacher key anywhere in a page; a class code in the URL is checked."""

from __future__ import annotations

import json

import pytest
from streamlit.components.v2.bidi_component.main import _make_trigger_id
from streamlit.proto.WidgetStates_pb2 import WidgetStates
from streamlit.testing.v1 import AppTest

from tests.support.paths import APP
from ui import state
from ui.player import COMPONENT
from ui.state import classroom

PAGE = "ui/pages/classroom.py"
TIMEOUT = 90


pytestmark = pytest.mark.usefixtures("class_db")  # every test on its own SQLite file


def _ok(at: AppTest) -> AppTest:
    assert not at.exception, at.exception
    return at


def _teacher(lang: str = "en") -> AppTest:
    """A teacher's session that started a class on the class page."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["lang"] = lang
    _ok(at.run())
    _ok(at.switch_page(PAGE).run())
    _ok(at.button(key="cls_start_page").click().run())
    return at


def _student(code: str, nickname: str = "", lang: str = "en") -> AppTest:
    """A student's session that opened the class link and joined."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params.update({"class": code, "lang": lang})
    _ok(at.run())
    at.switch_page(PAGE)
    at.query_params.update({"class": code, "lang": lang})
    _ok(at.run())
    if nickname is not None:
        at.text_input[0].input(nickname)
        _ok(at.button[0].click().run())
    return at


def _ask_from_lecture(at: AppTest, story_step: int) -> None:
    """The teacher presses the player's ask button at `story_step`, as the browser sends it."""
    _ok(at.switch_page("ui/pages/lecture.py").run())
    player = next(e for e in at.get("bidi_component") if e.proto.component_name == COMPONENT)
    assert json.loads(player.proto.json)["ask_label"]  # the button is there for the teacher
    states = WidgetStates()
    widget = states.widgets.add()
    widget.id = _make_trigger_id(player.proto.id, "events")
    widget.json_trigger_value = json.dumps([{"event": "ask", "value": story_step}])
    _ok(at._run(widget_state=states))


def _texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [c.value for c in at.code] + [e.value for e in at.error] + [b.label for b in at.button]
    parts += [i.value for i in at.info] + [s.value for s in at.success]
    parts += [str(e.proto) for e in at.get("html")]
    return "\n".join(str(p) for p in parts)


def test_a_class_from_start_to_reveal():
    """Start, join, ask at the first decoder step, answer, count, reveal: the whole loop."""
    teacher = _teacher()
    taught = teacher.session_state[classroom.TEACHING]
    page = _texts(teacher)
    assert (
        f"/classroom?class={taught.code}" in page and "data:image/svg+xml" in page
    )  # link and QR code
    assert taught.key not in page  # the teacher key is in no link and no text of the page

    student = _student(taught.code, "owl")
    assert "owl" in _texts(student) and student.session_state[classroom.JOINED].nickname == "owl"
    assert "Waiting" in _texts(student)

    _ask_from_lecture(teacher, 1)  # asked during the encoder: the decoder's first step
    q = classroom.store().current_question(taught.code)
    assert q is not None and q.step == 1 and q.fed == ("<sos>",) and q.state == "open"

    _ok(student.run())
    choices = [b for b in student.button if b.key and b.key.startswith("cls_pick_")]
    assert [b.key for b in choices] == [f"cls_pick_{q.question_id}_{i}" for i in range(5)]
    assert not [b for b in student.button if b.key in ("cls_close", "cls_reveal_btn")]
    _ok(choices[0].click().run())
    assert "Your answer" in _texts(student)

    _ok(teacher.run())  # the teacher's panel under the player: one answer, close and reveal
    assert "1 answer so far" in _texts(teacher)
    _ok(teacher.button(key="cls_reveal_btn").click().run())
    assert classroom.store().current_question(taught.code).state == "revealed"
    assert teacher.get("plotly_chart")

    _ok(student.run())
    assert "The model's argmax" in _texts(student)
    assert not [b for b in student.button if b.key and b.key.startswith("cls_pick_")]

    _ask_from_lecture(teacher, 999)  # past the end: the decoder's last step, its <eos>
    _ok(teacher.button(key="cls_reveal_btn").click().run())
    (summary,) = [e for e in teacher.expander if "step by step" in e.label]
    assert "2 steps" in summary.label and summary.get("plotly_chart")


def test_korean_teacher_and_student():
    teacher = _teacher("ko")
    taught = teacher.session_state[classroom.TEACHING]
    assert "반 전체에 묻기" in _texts(teacher) and "lang=ko" in _texts(teacher)
    student = _student(taught.code, "", "ko")
    text = _texts(student)
    assert "선생님의 질문을 기다리는 중" in text and "참여하기" not in text  # joined: no form
    assert student.session_state[classroom.JOINED].nickname  # a blank nickname is given one


def test_a_students_session_has_no_teacher_controls_or_tallies():
    """A student holds no teacher key: no start/close/reveal/end controls on the class page,
    no answers' counts before the reveal, and the Lecture page's player has no ask button."""
    teacher = _teacher()
    taught = teacher.session_state[classroom.TEACHING]
    _ask_from_lecture(teacher, 1)
    student = _student(taught.code, "fox")
    assert classroom.TEACHING not in student.session_state
    keys = {b.key for b in student.button}
    assert not keys & {"cls_close", "cls_reveal_btn", "cls_end", "cls_start_page"}
    assert "answer so far" not in _texts(student) and not student.get("plotly_chart")
    assert taught.key not in _texts(student)
    _ok(student.switch_page("ui/pages/lecture.py").run())
    player = next(e for e in student.get("bidi_component") if e.proto.component_name == COMPONENT)
    assert "ask_label" not in json.loads(player.proto.json)


@pytest.mark.parametrize("value", ["<script>x</script>", "ABC", "abcdefg1", "ÀBCDEF", "O0I1LL"])
def test_a_bad_class_code_in_the_link_is_refused_before_the_store(value):
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    _ok(at.run())
    at.switch_page(PAGE)
    at.query_params["class"] = value
    _ok(at.run())
    assert "not a class code" in _texts(at)
    assert classroom.JOINED not in at.session_state


def test_a_well_formed_code_of_no_class_says_so():
    at = _student("K7QM2X", nickname=None)
    assert "no class with this code" in _texts(at)
    assert not [b for b in at.button if b.label == "Join"]


def test_the_class_code_form_goes_to_the_class():
    teacher = _teacher()
    code = teacher.session_state[classroom.TEACHING].code
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    _ok(at.run())
    _ok(at.switch_page(PAGE).run())
    at.text_input[0].input(f" {code[:3].lower()}-{code[3:]} ")
    _ok(at.button[0].click().run())
    assert at.query_params["class"] == code and "Join" in _texts(at)
    assert state.TEACHER_MODE in at.session_state


def test_something_else_is_typed_capped_and_drawn_as_text_on_the_teachers_chart():
    from ui.services.classroom import QuestionSpec
    from ui.services.classroom.records import OTHER_MAX

    info, key = classroom.store().create_class("en-ko")
    spec = QuestionSpec(1, "She eats.", ("<sos>",), ("▁she", "▁he"), (0.7, 0.3), "▁she")
    qid = classroom.store().ask(info.code, key, spec)
    student = _student(info.code, "owl")
    box = student.text_input[0]
    assert box.label == "Something else" and box.max_chars == OTHER_MAX
    box.input("<b>x</b>")
    _ok(_send(student))
    tally = classroom.store().tally(info.code, key, qid)
    assert tally.others == (("<b>x</b>", 1),) and tally.total == 1
    teacher = AppTest.from_file(APP, default_timeout=TIMEOUT)
    teacher.session_state[classroom.TEACHING] = classroom.Teaching(info.code, key)
    _ok(teacher.run())
    _ok(teacher.switch_page(PAGE).run())
    (chart,) = [c for c in teacher.get("plotly_chart") if "cls_live" in str(c.proto.id)]
    ticks = json.loads(chart.proto.spec)["layout"]["yaxis"]["ticktext"]
    assert ticks[-1] == "&lt;b&gt;x&lt;/b&gt;"  # the student's text, drawn as text


def _send(student: AppTest) -> AppTest:
    (send,) = [b for b in student.button if b.label == "Send this answer"]
    return send.click().run()
