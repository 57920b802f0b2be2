"""The class's link and code (issue 29): a code from a link or a typed one is checked, the
link names the class page on the public address, the QR code holds the link."""

from __future__ import annotations

import pytest

from ui.state import classroom


@pytest.mark.parametrize("typed", ["K7QM2X", "k7qm2x", " k7q-m2x ", "K7Q M2X"])
def test_a_code_is_forgiven_case_spaces_and_dashes(typed):
    assert classroom.code_of(typed) == "K7QM2X"


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "K7QM2",
        "K7QM2XY",
        "K7QM0X",
        "<b>K7QM</b>",
        "Ｋ7QM2X",
        "K7QM2X\x00",
        None,
        7,
        "K" * 1000,
    ],
)
def test_anything_else_is_no_code(bad):
    assert classroom.code_of(bad) is None


def test_the_qr_code_is_an_image_of_inline_svg_with_the_link_as_its_text():
    img = classroom.qr_image('http://10.0.0.5:8501/classroom?class=K7QM2X&x="<b>')
    assert img.startswith('<img src="data:image/svg+xml;') and img.count("<") == 1
    assert 'alt="QR code: http://10.0.0.5:8501/classroom?class=K7QM2X&amp;x=&quot;&lt;b&gt;"' in img


# ---- a server restart told to the student (issue 28) --------------------------------------


def _record(boot: str, work: str, since: int) -> dict:
    return {"server": {"boot": boot, "work": work, "since": since}}


def test_a_record_from_another_server_process_says_what_was_lost():
    now = 1_000_000
    other = "0" * 16
    assert classroom.lost_on_restart(_record(other, "run", now - 60), now) == "run"
    assert classroom.lost_on_restart(_record(other, "model", now - 3600), now) == "model"
    quiet = [
        _record(classroom.SERVER_BOOT, "run", now),  # this process: nothing restarted
        _record(other, "", now),  # held nothing
        _record(other, "run", now - classroom.LOST_WITHIN - 1),  # yesterday's lesson
        _record(other, "run", now + 60),  # from the future: edited by hand
        _record(other, "<b>x</b>", now),
        {"server": {"boot": other, "work": "run", "since": "now"}},
        {"server": "x"},
        {},
        "x",
        None,
    ]
    for kept in quiet:
        assert classroom.lost_on_restart(kept, now) is None, kept


def _restored_then_told(kept):
    from ui.state import classroom

    classroom._restore(kept)
    classroom.restart_notice()
    classroom.restart_notice()  # once


def test_a_student_whose_server_restarted_is_told_once_in_their_language():
    import time

    from streamlit.testing.v1 import AppTest

    from ui import state

    kept = _record("f" * 16, "run", int(time.time()) - 30)
    at = AppTest.from_function(_restored_then_told, args=(kept,)).run()
    assert not at.exception, at.exception
    assert [x.value for x in at.toast] == [state.t("restart_lost_run")]
    at = AppTest.from_function(_restored_then_told, args=(_record("f" * 16, "", 0),)).run()
    assert not at.toast


def _work_twice():
    import streamlit as st

    from ui import state
    from ui.state import classroom

    first = classroom._wanted()["server"]
    st.session_state[state.OWN_MODEL] = object()
    second, third = classroom._wanted()["server"], classroom._wanted()["server"]
    st.session_state["work"] = (first, second, third)


def test_the_browser_record_names_this_process_and_changes_only_with_the_work():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_work_twice).run()
    assert not at.exception, at.exception
    first, second, third = at.session_state["work"]
    assert first["boot"] == second["boot"] and first["work"] == "" and second["work"] == "model"
    assert second == third  # the same record while the work lasts: no rerun of the keys
