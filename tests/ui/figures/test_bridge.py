"""The encoded hidden vector h, drawn and named as the model computes it.

With a bidirectional encoder h = tanh(W [h→_S ; h←_1] + b) (seq2seq_core/model/encoder.py
`_bridge`): it matches no row of the encoder's map, and tab ② said nothing of it. Without
the bridge (one direction) h is the last state itself. Tab ③ never said that the decoder's
state before step 1 is h."""

from __future__ import annotations

import json

import numpy as np
import pytest
import torch
from streamlit.testing.v1 import AppTest

from tests.support.apptest import APP, TIMEOUT, open_tab, page_text
from tests.support.models import CONFIGS, tiny_translator
from ui import state
from ui.figures import bridge
from ui.state import resources


@pytest.fixture(scope="module")
def bi():
    return tiny_translator(CONFIGS[3])  # LSTM, 2 layers, bidirectional


def test_the_bridge_figure_draws_the_two_states_it_reads_and_h(bi):
    trace = bi.trace("a b a c")
    enc, h = trace.encoder, trace.encoder.hidden
    fig = bridge.bridge_figure(enc, trace.src_pieces)
    fwd, bwd, out = (np.asarray(d.z)[0] for d in fig.data)
    # what the labels say: the last row's → half and the first row's ← half of the map
    np.testing.assert_allclose(fwd, enc.outputs[-1, :h], atol=1e-6)
    np.testing.assert_allclose(bwd, enc.outputs[0, h:], atol=1e-6)
    # the layer drawn is the model's: h = tanh(W [h→ ; h←] + b)
    with torch.no_grad():
        layer = bi.model.encoder.bridge
        want = torch.tanh(
            layer(torch.tensor(np.concatenate([fwd, bwd]), dtype=torch.float32)[None])
        )[0].numpy()
    np.testing.assert_allclose(out, want, atol=1e-5)
    np.testing.assert_allclose(out, enc.final_hidden[-1])
    np.testing.assert_allclose(trace.steps[0].hidden_before, out, atol=1e-6)  # "is h"
    texts = " ".join(a.text for a in fig.layout.annotations)
    assert "tanh(W [h→ ; h←] + b)" in texts and "“c”" in texts and "“a”" in texts
    ko = " ".join(
        a.text for a in bridge.bridge_figure(enc, trace.src_pieces, "ko").layout.annotations
    )
    assert "브리지" in ko and "첫 시점 전 디코더" in ko


def test_without_a_bridge_h_is_the_last_state_and_no_bridge_is_drawn():
    trace = tiny_translator(CONFIGS[0]).trace("a b c")  # one direction
    np.testing.assert_allclose(trace.encoder.final_hidden[-1], trace.encoder.outputs[-1], atol=1e-6)
    with pytest.raises(ValueError):
        bridge.bridge_figure(trace.encoder, trace.src_pieces)


def own_model_app(own, sentence: str, lang: str = "en") -> AppTest:
    """The explorer on `own` as the session's own model, in `lang` from the start."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.session_state[state.OWN_MODEL] = own
    at.session_state[state.OWN_MODEL_NAME] = "mine"
    at.session_state[state.MODEL] = resources.OWN
    at.session_state[state.SENTENCE] = sentence
    at.session_state[state.LANG] = lang
    at.run()
    assert not at.exception, at.exception
    return at


def _charts(at) -> str:
    """The charts' JSON as text (the spec escapes "→" and Hangul)."""
    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    return json.dumps(specs, ensure_ascii=False)


def test_the_encoder_tab_draws_the_bridge_and_the_decoder_tab_says_h_is_its_start(bi):
    at = open_tab(own_model_app(bi, sentence="a b c"), "tab_encoder")
    assert "is not a row of the map above" in page_text(at)
    assert "tanh(W [h→ ; h←] + b)" in _charts(at)
    texts = page_text(open_tab(at, "tab_decoder"))
    assert "before step 1 **is** h, the encoded hidden vector of tab ②" in texts
    at = own_model_app(bi, sentence="a b c", lang="ko")
    assert "h가 위 지도의 어느 행도 아닙니다" in page_text(open_tab(at, "tab_encoder"))
    assert "② 탭의 인코딩된 은닉 벡터 h" in page_text(open_tab(at, "tab_decoder"))


def test_a_one_directional_encoder_says_h_is_its_last_state():
    at = open_tab(own_model_app(tiny_translator(CONFIGS[0]), sentence="a b c"), "tab_encoder")
    texts = page_text(at)
    assert "h is the encoder's last state itself" in texts
    assert "is not a row" not in texts and "tanh(W" not in _charts(at)


def test_the_bridge_figure_passes_plotlys_validation(bi):
    """build_figure skips validation for speed: a misspelt property must still fail here."""
    import plotly.graph_objects as go

    trace = bi.trace("a b")
    go.Figure(bridge.bridge_figure(trace.encoder, trace.src_pieces, "ko").to_dict())


def test_the_bridge_figure_text_grows_with_large_text(bi):
    """Its labels were 14-15 px in large-text mode (issue 26): they scale as every figure's."""
    trace = bi.trace("a b a c")
    fig = bridge.bridge_figure(trace.encoder, trace.src_pieces, "ko", 1.35)
    sizes = [a.font.size for a in fig.layout.annotations if a.text]
    assert sizes and min(sizes) >= 20, sizes
