"""The explorer's "Why did it say that" section (issue 18), driven headless by AppTest."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.support.apptest import open_tab
from tests.support.paths import REPO_ROOT
from ui import state
from ui.sections import neighbours as neighbours_view

APP = str(REPO_ROOT / "app.py")
REPO = REPO_ROOT
TITLES = {"en": "Why did it say that?", "ko": "왜 이렇게 말했을까?"}
PAIR_WORD = {"en": "cosine", "ko": "코사인"}


@pytest.fixture
def small_index(monkeypatch, tmp_path):
    """150 training pairs (not 10,000: a build takes a minute on a busy machine), the .npz
    cache in tmp_path, and a fresh st.cache_resource."""
    monkeypatch.setattr(neighbours_view, "MAX_PAIRS", 150)
    monkeypatch.setenv("SEQ2SEQ_CACHE_DIR", str(tmp_path))
    neighbours_view._shipped_index.clear()
    yield tmp_path
    neighbours_view._shipped_index.clear()


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_decoder_step_shows_three_nearest_pairs_with_the_token_highlighted(small_index, lang):
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    at.sidebar.radio(key=state.LANG).set_value(lang).run()
    open_tab(at, "tab_decoder")  # the step's nearest pairs are under the player
    assert at.session_state[state.MODEL] == "en-ko-attention"
    assert any(m.value == f"### {TITLES[lang]}" for m in at.markdown)
    assert not [m for m in at.markdown if PAIR_WORD[lang] in m.value and "→" in m.value]
    at.toggle(key=neighbours_view.TOGGLE).set_value(True).run()
    assert not at.exception, at.exception
    pairs = [m.value for m in at.markdown if PAIR_WORD[lang] in m.value and "→" in m.value]
    assert len(pairs) == 3, pairs
    for line in pairs:
        assert line.count(":orange-background[") == 1, line  # the matching step's token
    assert list(small_index.glob("seq2seq-neighbours/neighbours-*.npz"))  # cached, not in repo
    assert not list(REPO.rglob("neighbours-*.npz"))


def test_the_cache_directory_is_never_the_repository(monkeypatch):
    monkeypatch.delenv("SEQ2SEQ_CACHE_DIR", raising=False)
    assert REPO not in neighbours_view.cache_dir().parents
