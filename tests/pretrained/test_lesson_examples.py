"""The lesson model (weaker on purpose) and the examples its card records for the loss,
exposure-bias and greedy-vs-beam demos: each one, recomputed from the shipped model with the
engine's own functions, shows what the demo is about; the app starts those demos on them."""

from __future__ import annotations

import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from pretrained import lesson_examples as lesson
from seq2seq_core import experiments as ex
from seq2seq_core.checkpoints.pretrained import list_pretrained, load_pretrained
from seq2seq_core.data.corpora import load_builtin
from tests.support.paths import REPO_ROOT
from ui import state
from ui.text.i18n import t

NAME = "en-ko-lesson"
APP = str(REPO_ROOT / "app.py")
CARDS = {m.name: m.card for m in list_pretrained()}
CARD = CARDS[NAME]
EXAMPLES = CARD["lesson_examples"]


@pytest.fixture(scope="module")
def tr():
    return load_pretrained(NAME)


def test_the_lesson_model_is_weaker_but_mostly_right():
    assert 0.4 <= CARD["test"]["exact_match"] <= 0.8
    assert CARD["test"]["exact_match"] < CARDS["en-ko-attention"]["test"]["exact_match"]
    assert EXAMPLES["command"] == f"python -m pretrained.lesson_examples {NAME}"
    for demo in ("loss", "exposure_bias", "beam"):
        assert len(EXAMPLES[demo]) >= 2, demo


def test_examples_are_held_out_pairs():
    test = dict(load_builtin(CARD["corpus"], "test"))
    for demo in ("loss", "exposure_bias", "beam"):
        for e in EXAMPLES[demo]:
            assert e["source"] in test, e


def test_loss_examples_are_translated_right_yet_cost_visibly_more_than_zero(tr):
    for e in EXAMPLES["loss"]:
        assert tr.trace(e["source"]).output_text == e["reference"]
        scored = tr.score(e["source"], e["reference"])
        assert scored.total_nll >= lesson.LOSS_MIN
        assert scored.total_nll == pytest.approx(e["loss_sum"], abs=0.01)


def test_exposure_examples_part_from_the_reference(tr):
    for e in EXAMPLES["exposure_bias"]:
        eb = ex.exposure_bias(tr, e["source"], e["reference"])
        assert eb.part_step is not None and eb.part_step >= 2
        assert eb.part_step == e["part_step"]
        assert tr.trace(e["source"]).output_text == e["free_running"] != e["reference"]


def test_beam_examples_find_the_reference_and_beat_greedy(tr):
    for e in EXAMPLES["beam"]:
        greedy = tr.trace(e["source"])
        assert greedy.output_text == e["greedy"] != e["reference"]
        greedy_ids = [s.chosen_id for s in greedy.steps]
        greedy_total = float(ex.sequence_logprobs(tr, e["source"], greedy_ids).sum())
        for k in lesson.BEAM_WIDTHS:
            best = tr.beam(e["source"], k).hypotheses[0]
            assert best.text == e["reference"]
            assert best.score > greedy_total + 1e-6
            assert greedy_total == pytest.approx(e[f"k{k}"]["greedy_total"], abs=0.01)


def _compare_on_lesson_model() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page("ui/pages/compare.py").run()
    at.sidebar.selectbox(key=state.MODEL).set_value(NAME).run()
    assert not at.exception, at.exception
    return at


def test_compare_page_starts_its_loss_and_beam_tabs_on_the_lesson_examples():
    at = _compare_on_lesson_model()
    assert at.text_input(key="loss_text").value == EXAMPLES["loss"][0]["source"]
    assert at.text_input(key="beam_text").value == EXAMPLES["beam"][0]["source"]
    # the loss tab's figure: its title gives the summed -log p, which is not zero
    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    titles = [s["layout"].get("title", {}).get("text", "") for s in specs]
    sums = [float(m.group(1)) for x in titles if (m := re.match(r"sum = ([0-9.]+) nats", x))]
    assert len(sums) == 1 and sums[0] >= lesson.LOSS_MIN, titles
    assert sums[0] == pytest.approx(EXAMPLES["loss"][0]["loss_sum"], abs=0.01)
    # the beam tab's table: beam's best hypothesis outscores the greedy row
    table = at.dataframe[0].value
    scores = list(table.iloc[:, 1])
    assert not str(table.iloc[0, 0]).startswith("(greedy)")
    assert str(table.iloc[-1, 0]).startswith("(greedy)")
    assert scores[0] > scores[-1]
    assert table.iloc[0, 0] == EXAMPLES["beam"][0]["reference"]


def test_the_lesson_model_is_named_as_weaker_in_both_languages():
    at = _compare_on_lesson_model()
    box = at.sidebar.selectbox(key=state.MODEL)
    assert any("weaker on purpose" in o for o in box.options)
    at.sidebar.radio(key=state.LANG).set_value("ko").run()
    assert any("일부러 약하게" in o for o in at.sidebar.selectbox(key=state.MODEL).options)


def test_experiments_start_exposure_and_beam_on_the_lesson_examples():
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page("ui/pages/experiments.py").run()
    at.sidebar.selectbox(key=state.MODEL).set_value(NAME).run()
    at.session_state["exp_tab"] = t("exp_tab_exposure", "en")
    at.run()
    assert not at.exception, at.exception
    first = EXAMPLES["exposure_bias"][0]
    assert at.selectbox(key=f"exp_eb_src_{NAME}").value == first["source"]
    texts = "\n".join(str(m.value) for m in at.markdown)
    assert f"step {first['part_step']}" in texts  # the two roads part, and say where
    at.session_state["exp_tab"] = t("exp_tab_beam", "en")
    at.run()
    assert not at.exception, at.exception
    pick = at.selectbox(key=f"exp_win_{NAME}")
    assert pick.format_func(pick.value) == EXAMPLES["beam"][0]["source"]
