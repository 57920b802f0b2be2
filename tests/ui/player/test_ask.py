"""The player's ask hook (issue 29 calls it): `decode_player(..., ask_label=...)` shows the
button (its label in the component's data) and returns the step the browser sent as
`PlayerResult.ask` in that run and every run after until the page calls `ask_handled`
(a press must survive a run interrupted before the page put the question; None without the
label). AppTest runs no JavaScript: the browser's trigger is sent as the frontend sends it,
a `json_trigger_value` list of `{"event", "value"}` on the component's events widget."""

from __future__ import annotations

import json

import pytest
from streamlit.components.v2.bidi_component.main import _make_trigger_id
from streamlit.proto.WidgetStates_pb2 import WidgetStates
from streamlit.testing.v1 import AppTest

from tests.support.player import mounted_player


def _page(label, handle=True):
    import streamlit as st

    from ui.player import ask_handled, decode_player

    data = {"sentences": [{"text": "a b"}], "mode": "lecture"}
    result = decode_player(data, key="p", ask_label=label)
    st.session_state.setdefault("asks", []).append(result.ask)
    if result.ask is not None and handle:
        ask_handled("p")


def _press(at: AppTest, value) -> AppTest:
    """A run with the player's trigger `ask` carrying `value`, as the browser sends it."""
    element = next(e for e in at.get("bidi_component"))
    states = WidgetStates()
    state = states.widgets.add()
    state.id = _make_trigger_id(element.proto.id, "events")
    state.json_trigger_value = json.dumps([{"event": "ask", "value": value}])
    return at._run(widget_state=states)


def test_the_ask_button_returns_the_step_once():
    at = AppTest.from_function(_page, args=("Ask the class",)).run()
    assert mounted_player(at)["ask_label"] == "Ask the class"
    _press(at, 7)
    at.run()  # the next run: the page has asked, the press is gone
    assert at.session_state["asks"] == [None, 7, None]


def test_a_press_the_page_has_not_handled_is_returned_again():
    # a run interrupted (another component's message) between the press and the question
    at = AppTest.from_function(_page, args=("Ask the class", False)).run()
    _press(at, 7)
    at.run()
    assert at.session_state["asks"] == [None, 7, 7]
    _press(at, 9)  # a newer press wins
    assert at.session_state["asks"][-1] == 9


@pytest.mark.parametrize("value", ["7", True, 0, -1, 2.5, None, {"step": 3}])
def test_a_value_that_is_not_a_step_is_no_ask(value):
    at = AppTest.from_function(_page, args=("Ask",)).run()
    _press(at, value)
    assert at.session_state["asks"] == [None, None]


def test_without_a_label_no_button_and_no_ask():
    at = AppTest.from_function(_page, args=(None,)).run()
    assert "ask_label" not in mounted_player(at)
    _press(at, 4)
    assert at.session_state["asks"] == [None, None]
