"""The lesson link's address: the public one from configuration, and a warning when the link
points to the teacher's own computer."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.support.apptest import APP, TIMEOUT, open_tab
from tests.support.player import mounted_player
from ui import state
from ui.state import lesson

PARAMS = {"model": "reverse", "lang": "ko"}


@pytest.mark.parametrize(
    ("page", "public", "link"),
    [("http://localhost:8501/compare", "", "http://localhost:8501/compare?model=reverse&lang=ko"),
     ("http://localhost:8501/compare", "http://10.0.0.5:8501",
      "http://10.0.0.5:8501/compare?model=reverse&lang=ko"),
     ("http://127.0.0.1:8501/", "10.0.0.5:8501/", "http://10.0.0.5:8501/?model=reverse&lang=ko"),
     ("http://localhost:8501/data", "https://class.example.org/seq2seq/",
      "https://class.example.org/seq2seq/data?model=reverse&lang=ko"),
     ("", "", "/?model=reverse&lang=ko")],
)  # fmt: skip
def test_build_link(page, public, link):
    assert lesson.build_link(page, public, PARAMS) == link


@pytest.mark.parametrize(
    ("link", "local"),
    [("http://localhost:8501/?lang=ko", True), ("http://127.0.0.1:8501/", True),
     ("http://[::1]:8501/", True), ("http://0.0.0.0:8501/", True), ("http://LOCALHOST/", True),
     ("http://192.168.0.10:8501/", False), ("https://class.example.org/", False),
     ("/?lang=ko", False)],
)  # fmt: skip
def test_is_local(link, local):
    assert lesson.is_local(link) is local


def _sidebar_app(lang: str = "en", secrets: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.context = {"url": "http://localhost:8501/"}  # the teacher's own browser
    for key, value in (secrets or {}).items():
        at.secrets[key] = value
    at.session_state[state.LANG] = lang
    at.run()
    assert not at.exception, at.exception
    return at


def _sidebar_link(at: AppTest) -> str:
    return next(c.value for c in at.sidebar.code)


def test_a_localhost_link_is_flagged_in_the_pages_language(monkeypatch):
    monkeypatch.delenv(lesson.PUBLIC_URL_ENV, raising=False)
    at = _sidebar_app()
    assert _sidebar_link(at).startswith("http://localhost:8501/")
    warning = at.sidebar.warning[0].value
    assert "students cannot open it" in warning and "SEQ2SEQ_PUBLIC_URL=" in warning
    at = _sidebar_app("ko")
    assert "학생들은 열 수 없습니다" in at.sidebar.warning[0].value


def test_the_public_address_from_the_environment_makes_the_link(monkeypatch):
    monkeypatch.setenv(lesson.PUBLIC_URL_ENV, "http://10.0.0.5:8501")
    at = _sidebar_app()
    assert _sidebar_link(at).startswith("http://10.0.0.5:8501/?")
    assert not at.sidebar.warning


def test_the_public_address_from_a_streamlit_secret_makes_the_link(monkeypatch):
    monkeypatch.delenv(lesson.PUBLIC_URL_ENV, raising=False)
    at = _sidebar_app(secrets={"public_url": "https://class.example.org"})
    assert _sidebar_link(at).startswith("https://class.example.org/?")
    assert not at.sidebar.warning


def _player_link(page: str, lang: str = "en") -> tuple[str, str]:
    """(link, warning) of the decode player on `page`, opened from the teacher's own browser."""
    at = _sidebar_app(lang)
    if page != "explore":
        at.switch_page(f"ui/pages/{page}.py").run()
        assert not at.exception, at.exception
    else:
        open_tab(at, "tab_decoder")
    data = mounted_player(at)
    return data["link"], data.get("link_warning", "")


@pytest.mark.parametrize("page", ["lecture", "explore"])
def test_the_players_link_warns_about_localhost_as_the_sidebar_does(monkeypatch, page):
    """Issue 25: the Lecture page's and Decode ③'s link box says what the sidebar says."""
    monkeypatch.delenv(lesson.PUBLIC_URL_ENV, raising=False)
    link, warning = _player_link(page)
    assert link.startswith("http://localhost:8501/")
    assert "students cannot open it" in warning and "SEQ2SEQ_PUBLIC_URL=" in warning
    assert "학생들은 열 수 없습니다" in _player_link(page, "ko")[1]
    monkeypatch.setenv(lesson.PUBLIC_URL_ENV, "http://10.0.0.5:8501")
    link, warning = _player_link(page)
    assert link.startswith("http://10.0.0.5:8501/") and warning == ""
