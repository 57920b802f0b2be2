"""Streamlit AppTest helpers shared by the page tests: the app, its timeout, the page text, a
session on an own model or on a swapped corpus."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from seq2seq_core.data.corpus import parse_corpus
from tests.support.paths import REPO_ROOT
from ui import state
from ui.state import resources

TIMEOUT = 60
APP = str(REPO_ROOT / "app.py")


def page_text(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [h.value for h in at.title]
    parts += [c.value for c in at.caption] + [s.value for s in at.success]
    return "\n".join(str(p) for p in parts)


def own_model_app(own, sentence: str | None = None) -> AppTest:
    """The explorer on `own` as the session's own model (trained here, or uploaded)."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.session_state[state.OWN_MODEL] = own
    at.session_state[state.OWN_MODEL_NAME] = "mine"
    at.session_state[state.MODEL] = resources.OWN
    if sentence is not None:
        at.session_state[state.SENTENCE] = sentence
    at.run()
    assert not at.exception, at.exception
    return at


def with_swap_corpus(page: str) -> AppTest:
    """The app on `page` with a 36-pair corpus ("a u" -> "u a") as if uploaded."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    at.switch_page(page).run()
    tsv = "".join(f"{a} {b}\t{b} {a}\n" for a in "abcdef" for b in "uvwxyz").encode()
    at.session_state[state.CORPUS] = parse_corpus(tsv)
    at.session_state[state.CORPUS_NAME] = "swap.tsv"
    at.run()
    return at


def train_page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    at.switch_page("ui/pages/train.py").run()
    tsv = "".join(f"{a} {b}\t{b} {a}\n" for a in "abcdef" for b in "uvwxyz").encode()
    at.session_state[state.CORPUS] = parse_corpus(tsv)
    at.session_state[state.CORPUS_NAME] = "swap.tsv"
    at.session_state[state.TOKENIZER] = "word"
    at.run()
    at.segmented_control(key="kept.preset").set_value("tiny").run()
    assert not at.exception, at.exception
    return at
