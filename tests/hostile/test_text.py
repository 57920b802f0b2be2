"""Odd text decoded by tiny translators (every decoder style): it gets an answer, and the
trace stays consistent. The source-length cap is read from `MAX_SRC_LEN`.
"""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from seq2seq_core.data.tokenizers import EOS_ID, SOS_ID, UNK_ID, normalize
from seq2seq_core.decoding.search import default_max_len
from seq2seq_core.training.budget import MAX_TEXT_CHARS
from tests.support.hostile import ENGLAND
from tests.support.models import CONFIGS, tiny_translator

DECODERS = {
    "word-lstm-feeding": ("word", CONFIGS[3]),
    "char-bahdanau": ("char", CONFIGS[4]),
    "spm-dot": ("sentencepiece-unigram", CONFIGS[1]),
}
HOSTILE_TEXTS = {
    "empty": "",
    "whitespace": " \t\r\n\u3000 ",
    "unknown-only": "☃ ✈ zzz qqq ###",
    "10000-words": ("a b c d " * 1250)[:10_000],
    "10000-chars": "ab" * 5_000,
    "control-nul": "a\x00 b\x01\x07\x1b[31m c\x7f\u200b d\x00",
    "emoji": f"👍🏽 a 👨‍👩‍👧 b {ENGLAND} c",
    "rtl": "שלום a مرحبا b",
}


@pytest.fixture(scope="module", params=list(DECODERS), ids=list(DECODERS))
def odd_translator(request):
    kind, config = DECODERS[request.param]
    return tiny_translator(config, tokenizer=kind)


def _check_trace(tr, trace, text: str) -> None:
    norm = normalize(text[:MAX_TEXT_CHARS])  # the engine reads at most MAX_TEXT_CHARS
    full = tr.src_tok.encode(norm)
    assert trace.src_text == norm
    assert trace.truncated == (len(text) > MAX_TEXT_CHARS or len(full) > tr.max_len)
    assert trace.src_ids == (full[: tr.max_len] or [UNK_ID])  # empty -> one <unk>
    assert len(trace.src_pieces) == len(trace.src_ids)
    assert 1 <= len(trace.steps) <= default_max_len(len(trace.src_ids), tr.max_len)
    assert trace.steps[0].input_id == SOS_ID
    for prev, step in zip(trace.steps, trace.steps[1:], strict=False):
        assert step.input_id == prev.chosen_id
    for step in trace.steps:
        assert not step.forced
        assert step.chosen_id == step.argmax_id == step.topk_ids[0] == int(np.argmax(step.probs))
        assert np.isfinite(step.probs).all() and abs(float(step.probs.sum()) - 1) < 1e-4
        if trace.has_attention:
            assert step.attn_weights.shape == (len(trace.src_ids),)
    assert (trace.stop_reason == "eos") == (trace.steps[-1].chosen_id == EOS_ID)
    assert EOS_ID not in trace.output_ids
    assert trace.output_text == tr.tgt_tok.decode(trace.output_ids)
    json.loads(trace.to_json())  # the app's JSON view of the trace survives it too


@pytest.mark.parametrize("text", list(HOSTILE_TEXTS.values()), ids=list(HOSTILE_TEXTS))
def test_odd_text_is_decoded_and_the_trace_stays_consistent(odd_translator, text):
    tr = odd_translator
    trace = tr.trace(text)
    _check_trace(tr, trace, text)
    assert tr.translate([text, "a b c"])[0] == trace.output_text  # batched greedy agrees

    beam = tr.beam(text, k=3)
    scores = [h.score for h in beam.hypotheses]
    assert beam.hypotheses and all(math.isfinite(s) for s in scores)
    assert scores == sorted(scores, reverse=True)
    assert tr.beam(text, k=1).hypotheses[0].ids == trace.output_ids  # k = 1 is greedy

    # the reference is scored token by token without a cap, so keep it to the 1,000
    # characters the app's text boxes allow
    reference = text[:1000]
    scored = tr.score(text, reference)
    assert [s.gold_id for s in scored.steps] == [*tr.tgt_tok.encode(reference), EOS_ID]
    assert all(math.isfinite(s.nll) and s.nll >= -1e-6 for s in scored.steps)
    assert math.isclose(scored.total_nll, sum(s.nll for s in scored.steps), rel_tol=1e-6)


def test_many_odd_texts_in_one_batch(odd_translator):
    texts = list(HOSTILE_TEXTS.values())
    assert odd_translator.translate(texts) == [odd_translator.trace(t).output_text for t in texts]
    assert odd_translator.translate([]) == []
