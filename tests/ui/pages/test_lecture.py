"""The lecture page (issue 18): its story walks encoder, hand-over, decoder; the code panel
shows the running source with the trace's numbers; links open it at a step."""

from __future__ import annotations

import inspect
import math

import pytest
from streamlit.testing.v1 import AppTest

from seq2seq_core.data.tokenizers import EOS_ID
from seq2seq_core.decoding import search
from seq2seq_core.model.attention import Attention
from seq2seq_core.model.decoder import Decoder
from tests.support.paths import REPO_ROOT
from tests.support.player import mounted_player
from ui import state
from ui.figures import lecture as figures
from ui.player import data as player_data
from ui.services import lecture_code

APP = str(REPO_ROOT / "app.py")


def _lecture(**params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    at.switch_page("ui/pages/lecture.py").run()
    assert not at.exception, at.exception
    return at


def test_the_player_receives_the_whole_story_at_once():
    """Issue 25: every step is sent once and played in the browser (no next/back buttons
    that ask the server): encoder steps, the hand-over, decoder steps to <eos>, each with
    its code panel, and the teacher-forced twin of an example sentence."""
    at = _lecture()
    assert not [b for b in at.button if b.key in ("lec_next", "lec_back")]
    data = mounted_player(at)
    assert data["mode"] == "lecture" and data["param"] == "lecture" and data["start"] == 1
    (sentence,) = data["sentences"]
    greedy = sentence["greedy"]
    assert len(greedy["enc"]) == len(greedy["src"]) == len(greedy["enc_code"]) > 1
    assert greedy["steps"][0]["in"] == "<sos>" and greedy["steps"][-1]["eos"]
    assert all(s["code"] for s in greedy["steps"]) and greedy["bridge"]["code"]
    teacher = sentence["teacher"]  # the default sentence is an example with a reference
    assert teacher["teacher"] and teacher["total"] and all("nll" in s for s in teacher["steps"])
    assert data["strings"]["pl_next"] == "next ›"


def test_korean_and_a_link_at_a_decoder_step():
    at = _lecture(lang="ko", lecture="14")
    data = mounted_player(at)
    assert data["start"] == 14 and data["lang"] == "ko"
    assert data["strings"]["pl_next"] == "다음 ›" and "디코딩 시점" in data["strings"]["pl_dec"]
    assert not at.exception


@pytest.mark.parametrize("value", ["²", "٣", "-3", "abc", "99999999999", ""])
def test_a_strange_step_in_a_link_opens_step_one(value):
    at = _lecture(lecture=value, step=value)
    assert mounted_player(at)["start"] == at.session_state[state.LECTURE_STEP]
    assert at.session_state[state.LECTURE_STEP] in (1, figures.parse_step(value, 1000))
    assert not at.exception


def test_parse_step_clamps_and_refuses_non_ascii_digits():
    assert figures.parse_step("²", 9) == 1
    assert figures.parse_step("7", 5) == 5
    assert figures.parse_step(3, 5) == 3
    assert figures.parse_step("0", 5) == 1


def test_a_class_on_one_lesson_link_decodes_it_once(monkeypatch):
    """Issue 25: the students opening the teacher's link (other sessions, the same model,
    sentence and language) get the player's data made for the first: no decode of theirs."""
    made = []
    real = player_data.sentence
    monkeypatch.setattr(player_data, "sentence", lambda *a: made.append(a[1:]) or real(*a))
    link = {"sentence": "a lesson only this test opens", "lecture": "2"}
    first, second = _lecture(**link), _lecture(**link)
    assert mounted_player(first)["sentences"] == mounted_player(second)["sentences"]
    assert [m[0] for m in made].count("a lesson only this test opens") == 1


def test_the_code_shown_is_the_running_code_with_the_traces_numbers(any_translator):
    trace = any_translator.trace("a b c d")
    text = lecture_code.decoder_code(trace, 1, vocab=any_translator.cfg.tgt_vocab)
    funcs = (search.greedy_trace, Decoder.step, Attention.forward)
    running = "".join(inspect.getsource(f) for f in funcs)
    code_lines = [x for x in text.splitlines() if not x.startswith("#")]
    assert code_lines and all(line in running for line in code_lines)
    step = trace.steps[0]
    assert f"argmax = {step.argmax_id} → '{step.topk_tokens[0]}'" in text
    assert f"logits (1, {any_translator.cfg.tgt_vocab})" in text
    for s in range(1, len(trace.src_ids) + 1):
        assert f"= {trace.src_ids[s - 1]} '" in lecture_code.encoder_code(trace, s)
    lecture_code.bridge_code(trace)
    with pytest.raises(LookupError):
        lecture_code.source_line(search.greedy_trace, "no such line in the engine")


def test_teacher_forced_cross_entropy_sums_to_the_loss(translator):
    src, ref = "a b c", "c b a"
    gold = [*translator.tgt_tok.encode(translator.tgt_tok.normalize(ref)), EOS_ID]
    forced = translator.trace(src, prefix=gold)
    scored = translator.score(src, ref)
    assert len(forced.steps) == len(scored.steps)
    total = 0.0
    T = len(scored.steps)
    for t, fs in enumerate(scored.steps, start=1):
        nll, summed = lecture_code.cross_entropy(forced, t)
        assert nll == pytest.approx(fs.nll, abs=1e-4)
        total += nll
        text = lecture_code.decoder_code(forced, t, teacher=forced)
        assert f"= −log {fs.gold_prob:.2f} = {fs.nll:.2f}" in text
        # the code's `total` as it stands after step t: the loss, and T, at the last only
        if t < T:
            assert f"Σ over steps 1..{t} = {total:.2f} so far" in text
            assert "the loss" not in text and f"{T} steps" not in text
        else:
            assert f"Σ over {T} steps = {scored.total_nll:.2f} = the loss" in text
    assert total == pytest.approx(scored.total_nll, abs=1e-3) and math.isfinite(total)
    assert summed == pytest.approx(scored.total_nll, abs=1e-3)
