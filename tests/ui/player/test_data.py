"""The decode player's data (issue 25): a trace -> what the browser plays, checked for the
trace's own invariants (every step, input feeding, greedy = argmax unless forced), size
bounds, the Decode page's rounding, and tokens handed over as plain strings."""

from __future__ import annotations

import json

import numpy as np
import pytest

from seq2seq_core.decoding.forcing import force_step
from seq2seq_core.decoding.trace import format_log_prob
from tests.support.injection import PAYLOADS, hostile_translator
from tests.support.models import CONFIGS, tiny_translator
from ui.player import data as player_data
from ui.player.offline import safe_json
from ui.services import forcing

SOURCE = "a b c d"


def _sentence(tr, reference: str | None = "d c b a", lang: str = "en") -> dict:
    return player_data.sentence(tr, SOURCE, reference, lang)


def test_every_step_input_feeding_and_greedy_choice(any_translator):
    trace = any_translator.trace(SOURCE)
    got = player_data.trace_data(trace, vocab=any_translator.cfg.tgt_vocab)
    assert len(got["steps"]) == len(trace.steps) and len(got["enc"]) == len(trace.src_ids)
    assert got["steps"][0]["in"] == "<sos>" and got["steps"][0]["in_id"] == 2
    for prev, step in zip(got["steps"], got["steps"][1:], strict=False):
        assert step["in_id"] == prev["c"] and step["in"] == prev["tok"]  # input feeding
    for step in got["steps"]:
        assert step["c"] == step["am"] == step["k"][0][0] and not step["f"]  # greedy
        assert len(step["k"]) <= 5 and all(len(row) == 4 for row in step["k"])
        assert (step["at"] is None) == (not trace.has_attention)
        if step["at"]:
            assert len(step["at"]["w"]) == len(trace.src_ids)
            assert sum(step["at"]["w"]) == pytest.approx(1.0, abs=0.01)
    assert got["steps"][-1]["eos"] == (trace.stop_reason == "eos")
    assert got["bi"] == (trace.encoder.directions == 2)
    assert (got["bridge"]["bwd"] is not None) == got["bi"]


def test_a_forced_step_is_marked_and_the_rest_is_greedy(translator):
    trace = translator.trace(SOURCE)
    other = trace.steps[0].topk_ids[1]
    forced = force_step(translator, SOURCE, trace, 1, other)
    got = player_data.forced_data(trace, forced, 1, "en", translator.cfg.tgt_vocab)
    steps = got["trace"]["steps"]
    assert steps[0]["f"] and steps[0]["c"] == other != steps[0]["am"]
    assert all(s["c"] == s["am"] and not s["f"] for s in steps[1:])
    assert got["step"] == 1 and got["original"] == trace.output_text


def test_the_decode_pages_rounding():
    """The player says the digits the Decode page says: p as 12.3%, log p by
    format_log_prob, the teacher-forced loss term and sum to two decimals."""
    tr = tiny_translator(CONFIGS[1])
    trace = tr.trace(SOURCE)
    sentence = _sentence(tr)
    for step, raw in zip(sentence["greedy"]["steps"], trace.steps, strict=True):
        assert step["p"] == f"{raw.chosen_prob:.1%}"
        assert step["lp"] == format_log_prob(raw.log_prob)
        assert [r[3] for r in step["k"]] == [f"{p:.1%}" for p in raw.topk_probs]
    teacher = sentence["teacher"]
    nll = [float(s["nll"]) for s in teacher["steps"]]
    assert float(teacher["total"]) == pytest.approx(sum(nll), abs=0.01 * len(nll))
    assert teacher["steps"][-1]["sum"] == teacher["total"]


def test_sizes_are_bounded_whatever_the_model(translator):
    trace = translator.trace(" ".join("abcdefgh" * 4))
    got = player_data.trace_data(trace)
    vectors = [*got["enc"], got["bridge"]["h"]]
    vectors += [v for s in got["steps"] for v in (s["h"], s["hb"])]
    assert all(len(v["s"]) <= player_data.SPARK for v in vectors)
    per_step = len(json.dumps(got["steps"][0]))
    assert per_step < 4000  # a step's numbers, not its whole softmax (V floats)
    assert "probs" not in json.dumps(got)


def test_hostile_tokens_arrive_as_plain_strings():
    """A vocabulary of markup reaches the browser as the same characters (the player writes
    them with textContent), and the JSON cannot end the lesson file's script element."""
    tr = hostile_translator()
    got = player_data.sentence(tr, "go now")
    out = [s["tok"] for s in got["greedy"]["steps"] if not s["eos"]]
    assert out == " ".join(PAYLOADS).split(" ")
    text = json.dumps(got, ensure_ascii=False)
    assert "<img" in text and "onerror=alert(1)>" in out
    assert "<" not in safe_json(got) and "</script" not in safe_json(got).lower()
    assert json.loads(safe_json(got)) == got


def test_a_non_finite_log_prob_stays_json():
    tr = tiny_translator(CONFIGS[1])
    trace = tr.trace(SOURCE)
    trace.steps[-1].log_prob = float("-inf")
    got = player_data.trace_data(trace)
    assert got["lp"] == "−∞"
    json.dumps(got, allow_nan=False)


def test_strings_are_the_players_in_each_language():
    en, ko = player_data.strings("en"), player_data.strings("ko")
    assert en.keys() == ko.keys() and "pl_next" in en and en["pl_next"] != ko["pl_next"]
    with pytest.raises(ValueError):
        player_data.player_data([], "en", mode="story")


def test_vectors_are_summarised_as_chunk_means():
    vec = np.arange(64, dtype=np.float32)
    got = player_data._vec(vec)
    assert got["d"] == 64 and len(got["s"]) == player_data.SPARK
    assert got["s"][0] == pytest.approx(1.5) and got["n"] == pytest.approx(
        np.linalg.norm(vec), 0.01
    )


def test_a_force_from_the_browser_is_checked_against_the_decode(translator):
    """The player's trigger comes from the browser: only a step of this decode, one of that
    step's top-k tokens, for this sentence, as whole numbers, is forced."""
    trace = translator.trace(SOURCE)
    other = trace.steps[0].topk_ids[1]
    assert forcing.player_pick({"step": 1, "id": other, "sentence": SOURCE}, trace, SOURCE) == (
        forcing.Pick(1, other)
    )
    bad = [
        None, "1", {"step": 1, "id": other, "sentence": "another"},
        {"step": 0, "id": other, "sentence": SOURCE},
        {"step": len(trace.steps) + 1, "id": other, "sentence": SOURCE},
        {"step": 1, "id": 10**6, "sentence": SOURCE},
        {"step": True, "id": other, "sentence": SOURCE},
        {"step": 1.0, "id": other, "sentence": SOURCE},
        {"step": 1, "sentence": SOURCE},
    ]  # fmt: skip
    assert all(forcing.player_pick(v, trace, SOURCE) is None for v in bad)
