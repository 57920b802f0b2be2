"""Decoder-step figures shared by every session (ui/figure_cache.py): what st.plotly_chart
sends for a stored figure is the very spec it sends for the freshly built one; a figure is
built once per (model, sentence, step, language, text size), never for a session's own
model; each session gets a dict of its own."""

from __future__ import annotations

import json
from pathlib import Path

import plotly.io as pio
import plotly.tools
import pytest
from streamlit.testing.v1 import AppTest

from seq2seq_core.pretrained import load_pretrained
from tests.conftest import CONFIGS, tiny_translator
from ui import figure_cache, resources, state
from ui.figures import decode as figures
from ui.figures.style import LARGE_SCALE
from ui.text.i18n import t

APP = str(Path(__file__).resolve().parent.parent / "app.py")
SENTENCE = "Will he drink coffee with his friends at the station tomorrow morning?"


def _sent(fig) -> str:
    """The spec st.plotly_chart puts in its message (streamlit/elements/plotly_chart.py)."""
    figure = plotly.tools.return_figure_from_figure_or_data(fig, validate_figure=True)
    return pio.to_json(figure, validate=False)


@pytest.fixture(autouse=True)
def _empty_store():
    figure_cache.clear()
    yield
    figure_cache.clear()


@pytest.mark.parametrize(("lang", "scale"), [("en", 1.0), ("ko", LARGE_SCALE)])
def test_a_stored_figure_is_sent_exactly_as_the_built_one(lang, scale):
    trace = load_pretrained("en-ko-attention").trace(SENTENCE)
    for k in (1, 4, len(trace.steps)):
        step = trace.steps[k - 1]
        makers = {
            "chain": lambda k=k: figures.decoder_chain_figure(trace, k, lang, scale=scale),
            "hidden": lambda s=step: figures.hidden_vector_figure(s.hidden_after, "h", 95, scale),
            "attn": lambda s=step: figures.attention_bars(s, trace.src_pieces, lang, scale=scale),
            "topk": lambda s=step: figures.topk_bars(s, lang, scale=scale),
        }
        for part, make in makers.items():
            stored = figure_cache.shared((part, k, lang, scale), make)
            assert isinstance(stored, figure_cache.SpecFigure)
            assert _sent(stored) == _sent(make()), (part, k)
            assert figure_cache.shared((part, k, lang, scale), make) is stored  # kept


def test_each_to_dict_is_a_new_dict_and_the_stored_figure_does_not_change():
    fig = figure_cache.shared("h", lambda: figures.hidden_vector_figure([0.5, -0.5], "h"))
    first = fig.to_dict()
    first["layout"]["height"] = 1
    first["data"][0]["z"] = None
    again = fig.to_dict()
    assert again is not first and again["layout"]["height"] != 1 and again["data"][0]["z"]


def test_a_figure_is_made_once_per_key_and_never_stored_without_one():
    made = []

    def make():
        made.append(1)
        return figures.hidden_vector_figure([0.1, 0.2], "x")

    for _ in range(3):
        figure_cache.shared(("a",), make)
    assert len(made) == 1
    figure_cache.shared(("b",), make)
    assert len(made) == 2 and figure_cache.stored() == 2
    for _ in range(2):
        assert not isinstance(figure_cache.shared(None, make), figure_cache.SpecFigure)
    assert len(made) == 4 and figure_cache.stored() == 2


def _counting(monkeypatch) -> list[int]:
    """Each call of the decoder chain's builder, counted."""
    calls: list[int] = []
    build = figures.decoder_chain_figure

    def counted(trace, current, *a, **kw):
        calls.append(current)
        return build(trace, current, *a, **kw)

    monkeypatch.setattr(figures, "decoder_chain_figure", counted)
    return calls


def _explorer(lang: str = "en", own=None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state[state.LANG] = lang
    if own is not None:
        at.session_state[state.OWN_MODEL] = own
        at.session_state[state.OWN_MODEL_NAME] = "mine"
        at.session_state[state.MODEL] = resources.OWN
    at.session_state[state.SENTENCE] = SENTENCE
    at.run()
    assert not at.exception, at.exception
    return at


def _step(at: AppTest, times: int, lang: str = "en") -> dict[str, dict]:
    for _ in range(times):
        next(b for b in at.button if b.label == t("next", lang)).click().run()
        assert not at.exception, at.exception
    return {c.proto.id: json.loads(c.proto.spec) for c in at.get("plotly_chart")}


def test_sessions_on_the_same_sentence_share_the_steps_figures(monkeypatch):
    calls = _counting(monkeypatch)
    first = _step(_explorer(), 3)
    assert calls == [1, 2, 3, 4]
    second = _step(_explorer(), 3)  # another student, the same steps: nothing built
    assert calls == [1, 2, 3, 4]
    assert second == first  # the same charts, with the same element ids
    korean = _step(_explorer("ko"), 1, "ko")  # another language: its own figures
    assert calls == [1, 2, 3, 4, 1, 2]
    assert "이 시점 전 은닉 상태" in json.dumps(korean, ensure_ascii=False)
    assert "이 시점 전 은닉 상태" not in json.dumps(first, ensure_ascii=False)


def test_a_sessions_own_model_builds_its_figures_every_time(monkeypatch):
    calls = _counting(monkeypatch)
    own = tiny_translator(CONFIGS[2])
    at = _explorer(own=own)
    _step(at, 1)
    at.run()
    assert calls == [1, 2, 2] and figure_cache.stored() == 0
