"""The experiments page, driven headless by Streamlit's AppTest on the shipped models."""

from __future__ import annotations

import json
import time

import pytest
from streamlit.testing.v1 import AppTest

from seq2seq_core.data.corpora import load_builtin
from seq2seq_core.data.corpus import Corpus
from tests.support.models import tiny_translator
from tests.support.paths import REPO_ROOT
from ui import state
from ui.state import resources
from ui.text.i18n import t

APP = str(REPO_ROOT / "app.py")
PAGE = "ui/pages/experiments.py"
TABS = (
    "exp_tab_attention",
    "exp_tab_exposure",
    "exp_tab_beam",
    "exp_tab_sampling",
    "exp_tab_quiz",
    "exp_tab_map",
)


def _page(model: str = "reverse") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page(PAGE).run()
    at.sidebar.selectbox(key=state.MODEL).set_value(model).run()
    assert not at.exception, at.exception
    return at


def _open(at: AppTest, tab: str, lang: str = "en") -> AppTest:
    at.session_state["exp_tab"] = t(tab, lang)
    at.run()
    assert not at.exception, at.exception
    return at


def _texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [x.value for x in (*at.info, *at.success, *at.warning, *at.error)]
    return "\n".join(str(p) for p in parts)


def _charts(at: AppTest) -> int:
    return len(at.get("plotly_chart"))


# reverse in the default run; the two en-ko models (10–17 s each) in the long run, the
# default run opening their tabs through test_demos_open.py and the beam test below
@pytest.mark.parametrize(
    "model",
    [
        "reverse",
        *(pytest.param(m, marks=pytest.mark.full) for m in ("en-ko-phrases", "en-ko-no-attention")),
    ],
)
def test_every_tab_renders(model):
    at = _page(model)
    assert at.title[0].value == "Teaching experiments"
    assert _charts(at) == 2  # ①: exact match and BLEU of the shipped pair by length
    assert "Notice how its curve falls" in _texts(at)
    _open(at, "exp_tab_exposure")
    assert _charts(at) == 1 and "Teacher forcing ratio" in [h.value for h in at.header]
    _open(at, "exp_tab_beam")
    assert "beam search beats greedy search on" in _texts(at) and _charts(at) == 1
    assert len(at.dataframe[0].value) == 2  # greedy and beam, with their totals
    switch = [r for r in at.radio if r.key == f"demo_model_beam_{model}"]
    if switch:  # no win on this model (reverse is near perfect): the tab opens on another
        assert "Shown on **en\\-ko\\-lesson**" in _texts(at)
        switch[0].set_value(model).run()
        assert "never found" in _texts(at) and _charts(at) == 0  # the sidebar's, as chosen
    else:
        assert "the model chosen in the sidebar" in _texts(at)
    _open(at, "exp_tab_sampling")
    assert _charts(at) == 1 and "argmax" in _texts(at)
    _open(at, "exp_tab_map")
    assert _charts(at) == 1 and "of the total variance" in _texts(at)
    at.radio(key="exp_map_which").set_value("decoder").run()
    at.radio(key="exp_map_color").set_value("token").run()
    assert not at.exception and _charts(at) == 1


def test_exposure_bias_parts_where_the_reference_is_edited():
    at = _open(_page("reverse"), "exp_tab_exposure")
    for switch in [r for r in at.radio if r.key == "demo_model_exposure_bias_reverse"]:
        switch.set_value("reverse").run()  # the sidebar's model, whether it parts or not
    src = at.selectbox(key="exp_eb_src_reverse").value
    ref_box = next(w for w in at.text_input if w.label.startswith("Reference"))
    words = ref_box.value.split()
    words[1] = "99" if words[1] != "99" else "98"
    ref_box.set_value(" ".join(words)).run()
    assert not at.exception, at.exception
    assert "They part at step 2" in _texts(at), src
    ref_box = next(w for w in at.text_input if w.label.startswith("Reference"))
    ref_box.set_value("").run()
    assert "Type a reference translation" in _texts(at)


def test_sampling_draws_five_samples_beside_greedy():
    at = _open(_page("en-ko-phrases"), "exp_tab_sampling")
    at.slider(key="exp_temp").set_value(2.5).run()
    at.number_input(key="exp_seed").set_value(7).run()
    next(b for b in at.button if b.label.endswith("Draw 5 samples")).click().run()
    assert not at.exception, at.exception
    rows = at.dataframe[0].value
    assert len(rows) == 6 and rows.iloc[0, 0].startswith("greedy")
    assert "log p" in rows.columns


def test_quiz_reveals_scores_and_starts_a_new_round():
    at = _open(_page("reverse"), "exp_tab_quiz")
    reveal = at.button(key="exp_quiz_reveal")
    assert reveal.disabled  # nothing picked yet
    pick = at.segmented_control(key="exp_quiz_pick_0_0")
    assert len(pick.options) == 5
    pick.set_value(0).run()  # the candidates are indices into the step's top 5: 0 is the argmax
    at.button(key="exp_quiz_reveal").click().run()
    assert not at.exception, at.exception
    assert "Right: the model's argmax" in _texts(at) and "**1 / 1**" in _texts(at)
    assert _charts(at) == 1  # the softmax, the pick painted in
    assert at.segmented_control(key="exp_quiz_pick_0_0").disabled  # no second guess
    at.button(key="exp_quiz_next").click().run()
    assert at.segmented_control(key="exp_quiz_pick_0_1").value is None
    assert at.button(key="exp_quiz_reveal").disabled
    at.segmented_control(key="exp_quiz_pick_0_1").set_value(1).run()
    at.button(key="exp_quiz_reveal").click().run()
    assert "Your pick" in _texts(at) and "is number 2 of" in _texts(at)
    assert "**1 / 2**" in _texts(at)
    at.button(key="exp_quiz_new").click().run()
    assert "**0 / 0**" in _texts(at)


def _wait(at: AppTest, done, seconds: float = 40) -> None:
    end = time.monotonic() + seconds
    while not done() and time.monotonic() < end:
        time.sleep(0.5)
        at.run()
        assert not at.exception, at.exception


def test_training_experiments_on_a_tiny_corpus_finish_and_draw():
    at = _page("reverse")
    at.session_state[state.CORPUS] = Corpus(pairs=load_builtin("reverse", "train")[:30])
    at.session_state[state.CORPUS_NAME] = "thirty.tsv"
    at.session_state[state.TOKENIZER] = "word"
    at.run()
    assert at.session_state["exp_lab_corpus_thirty.tsv"] == "__session__"  # offered first
    at.number_input(key="exp_lab_epochs___session__thirty.tsv").set_value(3).run()
    at.button(key="exp_pair_runs_start").click().run()
    assert not at.exception, at.exception
    assert at.button(key="exp_pair_runs_start").disabled  # while the pair trains
    _wait(at, lambda: "validation pairs: exact match" in _texts(at))
    assert _charts(at) == 4  # the shipped pair and the pair just trained
    assert len(at.session_state["exp_pair_runs"].runs["none"].history) == 3
    _open(at, "exp_tab_exposure")  # one job per session: the next starts after
    at.button(key="exp_tf_runs_start").click().run()
    _wait(at, lambda: not at.session_state["exp_tf_runs"].active)
    assert [run.status for run in at.session_state["exp_tf_runs"].runs.values()] == ["finished"] * 3
    assert "r = 0.0: done" in "\n".join(p.proto.text for p in at.get("progress"))


def test_own_model_without_a_corpus_says_why():
    at = _page("reverse")
    at.session_state[state.OWN_MODEL] = tiny_translator()
    # no name: the sidebar's format_func reads session state, which AppTest cannot give it
    # outside a run, so the label must not depend on it
    at.session_state[state.OWN_MODEL_NAME] = ""
    at.run()  # the sidebar offers it
    at.sidebar.selectbox(key=state.MODEL).set_value(resources.OWN).run()
    for tab, demo in zip(TABS[1:3], ("exposure_bias", "beam"), strict=True):
        _open(at, tab)  # opens on a shipped model that shows the point, and says why
        assert "held-out sentences are not known here" in _texts(at), tab
        at.radio(key=f"demo_model_{demo}_{resources.OWN}").set_value(resources.OWN).run()
        assert "held-out sentences" in " ".join(i.value for i in at.info), tab
    for tab in TABS[4:]:
        _open(at, tab)
        assert "held-out sentences" in " ".join(i.value for i in at.info), tab
    _open(at, "exp_tab_sampling")
    assert "Type a sentence" in _texts(at)
    at.text_input(key=f"exp_smp_text_{resources.OWN}").set_value("a b c").run()
    assert not at.exception and _charts(at) == 1


def test_korean_keeps_the_open_tab():
    at = _open(_page("reverse"), "exp_tab_map")
    at.sidebar.radio(key=state.LANG).set_value("ko").run()
    assert not at.exception, at.exception
    assert at.session_state["exp_tab"] == t("exp_tab_map", "ko")
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert any("주성분" in text for text in _strings(spec))


def _strings(value) -> list[str]:
    """Every string in a parsed chart spec. The spec's text escapes Korean as \\uXXXX unless
    plotly finds orjson installed, so the test reads the JSON, not its text."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def test_greedy_vs_beam_shows_where_beam_scores_below_greedy():
    """On en-ko-phrases beam search scores below greedy on some held-out sentences
    (seq2seq_core/decoding/beam.py): the tab says how many, lists them marked, and the
    chosen one's table shows beam's total below greedy's."""
    at = _open(_page("en-ko-phrases"), "exp_tab_beam")
    assert "below** greedy" in _texts(at)
    box = at.selectbox(key="exp_win_en-ko-phrases")
    mark = t("exp_lost_mark")
    lost = [j for j, label in enumerate(box.options) if label.endswith(mark)]
    assert lost and lost[0] > 0, box.options  # the wins first, then the losses
    box.set_value(lost[0]).run()
    assert not at.exception, at.exception
    greedy_row, beam_row = at.dataframe[0].value.to_dict("records")
    total = t("exp_total")
    assert beam_row[total] < greedy_row[total]
