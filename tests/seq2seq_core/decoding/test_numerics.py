"""Log-probabilities come from log_softmax, impossible tokens are -inf, JSON is strict."""

import json
import math

import numpy as np
import pytest
import torch

from seq2seq_core.data.tokenizers import PAD_ID, SOS_ID
from seq2seq_core.decoding.trace import DecodeTrace, format_log_prob, jsonable, strict_json
from seq2seq_core.experiments.decoding import sequence_logprobs


@pytest.mark.parametrize("impossible", [SOS_ID, PAD_ID])
def test_a_forced_impossible_token_has_log_p_minus_infinity(translator, impossible):
    trace = translator.trace("a b c", prefix=[impossible])
    step = trace.steps[0]
    assert step.chosen_prob == 0.0
    assert step.log_prob == float("-inf")  # log(max(p, 1e-45)) gave -103.28
    assert format_log_prob(step.log_prob) == "−∞"
    assert format_log_prob(-0.0271) == "-0.027"


def test_log_p_below_float32_underflow_is_exact(translator):
    """A very peaked softmax: tokens far from the argmax have p = 0 in float32 but a finite
    log p; the trace's log p equals log_softmax of the logits (computed in float64)."""
    with torch.no_grad():
        translator.model.decoder.out.weight.mul_(400.0)
        translator.model.decoder.out.bias.mul_(400.0)
    free = translator.trace("a b c")
    first = free.steps[0]
    worst = int(np.argsort(first.probs)[3])  # a real token, not the -inf <pad>/<sos>
    forced = translator.trace("a b c", prefix=[worst])
    reference = sequence_logprobs(translator, "a b c", [worst])[0]
    assert reference < -110, "the test needs a token beyond float32's exp range"
    assert forced.steps[0].log_prob == pytest.approx(reference, rel=1e-4)


def test_trace_json_is_strict_and_round_trips_minus_infinity(translator):
    trace = translator.trace("a b c", prefix=[SOS_ID])
    text = trace.to_json()
    json.loads(text)  # plain JSON, and
    json.dumps(trace.to_dict(), allow_nan=False)  # no -Infinity/NaN literal
    assert '"-Infinity"' in text
    back = DecodeTrace.from_dict(json.loads(text))
    assert back.steps[0].log_prob == float("-inf")
    assert back.to_json() == text


def test_jsonable_writes_every_non_finite_float_as_a_string():
    data = {"a": float("nan"), "b": [float("inf"), 1.5], "c": np.array([-np.inf, 0.0])}
    out = jsonable(data)
    assert out == {"a": "NaN", "b": ["Infinity", 1.5], "c": ["-Infinity", 0.0]}
    assert math.isinf(float(out["c"][0]))
    assert json.loads(strict_json(data)) == out
