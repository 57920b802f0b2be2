import json

import numpy as np
import pytest
import torch
from torch.nn import functional as F

from seq2seq_core.data.batching import collate
from seq2seq_core.data.tokenizers import EOS_ID, SOS_ID
from seq2seq_core.decoding.search import greedy_batch, source_ids
from seq2seq_core.decoding.trace import DecodeTrace
from tests.support.models import toy_pairs

SENTENCES = ["a b c", "h g f e d", "a", "b b b b b b"]


@pytest.mark.parametrize("text", SENTENCES)
def test_greedy_trace_invariants(any_translator, text):
    trace = any_translator.trace(text)
    assert trace.steps, "at least one step"
    assert trace.steps[0].input_id == SOS_ID and trace.steps[0].input_token == "<sos>"
    np.testing.assert_allclose(trace.steps[0].hidden_before, trace.encoder.final_hidden[-1])
    for prev, step in zip(trace.steps, trace.steps[1:], strict=False):
        assert step.input_id == prev.chosen_id  # the prediction is the next input
        np.testing.assert_allclose(step.hidden_before, prev.hidden_after)
    for step in trace.steps:
        assert step.chosen_id == step.argmax_id == int(np.argmax(step.probs))
        assert step.probs.shape == (any_translator.cfg.tgt_vocab,)
        assert abs(float(step.probs.sum()) - 1) < 1e-4
        assert step.topk_ids[0] == step.argmax_id
        assert step.topk_probs == sorted(step.topk_probs, reverse=True)
        if trace.has_attention:
            assert step.attn_weights.shape == (len(trace.src_ids),)
            assert abs(float(step.attn_weights.sum()) - 1) < 1e-5
        else:
            assert step.attn_weights is None and step.context is None
    log_probs = np.cumsum([np.log(s.chosen_prob) for s in trace.steps])
    np.testing.assert_allclose([s.log_prob for s in trace.steps], log_probs, rtol=1e-4)
    if trace.stop_reason == "eos":
        assert trace.steps[-1].chosen_id == EOS_ID
    else:
        assert all(s.chosen_id != EOS_ID for s in trace.steps)
    assert EOS_ID not in trace.output_ids
    assert trace.encoder.outputs.shape == (
        len(trace.src_ids),
        trace.encoder.hidden * trace.encoder.directions,
    )


def test_trace_is_plain_json_and_round_trips(any_translator):
    trace = any_translator.trace("a b c")
    text = trace.to_json()
    back = DecodeTrace.from_dict(json.loads(text))
    assert back.output_ids == trace.output_ids
    assert back.steps[-1].chosen_token == trace.steps[-1].chosen_token
    np.testing.assert_allclose(back.steps[0].probs, trace.steps[0].probs)
    assert back.to_json() == text


def test_forced_prefix_changes_the_rest(translator):
    base = translator.trace("a b c d")
    alt = base.steps[0].topk_ids[1]
    forced = translator.trace("a b c d", prefix=[alt])
    assert forced.steps[0].chosen_id == alt and forced.steps[0].forced
    assert forced.steps[0].argmax_id == base.steps[0].argmax_id
    assert forced.steps[1].input_id == alt
    assert not any(s.forced for s in forced.steps[1:])
    same = translator.trace("a b c d", prefix=[s.chosen_id for s in base.steps[:2]])
    assert same.output_ids == base.output_ids


@pytest.mark.parametrize("bad", [-1, 10_000])
def test_a_forced_token_outside_the_vocabulary_is_refused(translator, bad):
    with pytest.raises(ValueError, match=f"forced token id {bad} is not in the target vocab"):
        translator.trace("a b c", prefix=[bad])


def test_teacher_forced_sum_is_the_training_loss(any_translator):
    tr = any_translator
    src, ref = "a b c", "c b a"
    scored = tr.score(src, ref)
    assert [s.gold_token for s in scored.steps][-1] == "<eos>"
    assert scored.steps[0].input_token == "<sos>"
    _, ids, _, _ = source_ids(tr.src_tok, src)
    b = collate([ids], [tr.tgt_tok.encode(ref)])
    tr.model.eval()
    with torch.no_grad():
        logits = tr.model(b.src, b.src_mask, b.tgt_in)
    loss = F.cross_entropy(
        logits.reshape(-1, logits.size(-1)), b.tgt_out.reshape(-1), ignore_index=0, reduction="sum"
    )
    assert abs(scored.total_nll - float(loss)) < 1e-4
    assert abs(sum(s.nll for s in scored.steps) - scored.total_nll) < 1e-6


def test_batched_and_single_decoding_agree(any_translator):
    tr = any_translator
    texts = [s for s, _ in toy_pairs(12, seed=7)]
    batched = greedy_batch(tr.model, [tr.src_tok.encode(t) for t in texts])
    for text, ids in zip(texts, batched, strict=True):
        assert tr.trace(text).output_ids == ids


def test_beam_of_one_is_greedy(any_translator):
    for text in SENTENCES:
        greedy = any_translator.trace(text)
        beam = any_translator.beam(text, k=1)
        assert beam.hypotheses[0].ids == greedy.output_ids
        assert abs(beam.hypotheses[0].score - greedy.steps[-1].log_prob) < 1e-4


def test_beam_tree_is_consistent(translator):
    res = translator.beam("a b c d", k=3)
    assert 1 <= len(res.hypotheses) <= 3
    scores = [h.score for h in res.hypotheses]
    assert scores == sorted(scores, reverse=True)
    for node in res.nodes[1:]:
        parent = res.nodes[node.parent]
        assert node.t == parent.t + 1
        assert abs(node.score - (parent.score + node.log_prob)) < 1e-4
        assert not parent.finished
    best_greedy = translator.trace("a b c d").steps[-1].log_prob
    finished = [h for h in res.hypotheses if h.finished]
    if finished and translator.trace("a b c d").stop_reason == "eos":
        assert finished[0].score >= best_greedy - 1e-4  # beam never loses to greedy here


@pytest.mark.parametrize("text", ["", "   ", "zzz qqq", "\x00\x07 a", "a " * 5000])
def test_odd_input_decodes_without_error(translator, text):
    trace = translator.trace(text)
    assert trace.steps
    assert len(trace.src_ids) <= 200
    assert trace.truncated == (len(text.split()) > 200)


def test_trace_attention_scores_are_what_the_softmax_read(any_translator):
    """Step.attn_scores (issue 18, the lecture's scores → softmax): their softmax is the
    step's attn_weights, for every decoder style; None without attention; a trace written
    before the field existed still loads."""
    trace = any_translator.trace("a b c d")
    for step in trace.steps:
        if not trace.has_attention:
            assert step.attn_scores is None
            continue
        assert step.attn_scores.shape == (len(trace.src_ids),)
        soft = np.exp(step.attn_scores - step.attn_scores.max())
        np.testing.assert_allclose(soft / soft.sum(), step.attn_weights, atol=1e-5)
    old = trace.to_dict()
    for raw in old["steps"]:
        del raw["attn_scores"]
    again = DecodeTrace.from_dict(old)
    assert all(s.attn_scores is None for s in again.steps)
    back = DecodeTrace.from_dict(trace.to_dict())
    for a, b in zip(back.steps, trace.steps, strict=True):
        assert (a.attn_scores is None) == (b.attn_scores is None)
