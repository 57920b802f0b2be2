"""One language: the session's language (and the sidebar's other choices) survive every
navigation, and a Korean page shows no English outside the lecture's own names."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.test_app import APP, TIMEOUT, _with_swap_corpus
from ui import resources, state

PAGES = ["explore", "compare", "experiments", "data", "train"]


def _korean_app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    at.sidebar.radio(key=state.LANG).set_value("ko").run()
    assert not at.exception, at.exception
    return at


def test_the_explorer_button_after_training_keeps_korean():
    """st.switch_page reruns without the browser's widget values: the sidebar's radio was
    forgotten and the explorer came up in English."""
    at = _with_swap_corpus("ui/pages/train.py")
    at.sidebar.radio(key=state.LANG).set_value("ko").run()
    at.number_input[0].set_value(1)  # epochs
    at.segmented_control(key="kept.preset").set_value("tiny")
    next(b for b in at.button if b.label == "학습 시작").click().run()
    at.sidebar.toggle(key=state.TEACHER_MODE).set_value(True).run()
    at.session_state[state.TRAIN_RUN].join(timeout=120)
    at.run()
    next(b for b in at.button if b.label == "탐색기에서 열기").click().run()
    assert not at.exception, at.exception
    assert at.session_state[state.MODEL] == resources.OWN
    assert at.session_state[state.LANG] == "ko"
    assert at.title[0].value == "한 단계씩 디코딩하기"
    assert at.session_state[state.TEACHER_MODE] is True


def test_every_page_link_keeps_the_language_and_the_sidebars_choices():
    at = _korean_app()
    at.sidebar.selectbox(key=state.MODEL).set_value("reverse").run()
    for page in [*PAGES[1:], PAGES[0]]:
        at.switch_page(f"ui/pages/{page}.py").run()
        assert not at.exception, at.exception
        assert at.session_state[state.LANG] == "ko", page
        assert at.sidebar.radio(key=state.LANG).value == "ko", page
        assert at.session_state[state.MODEL] == "reverse", page
