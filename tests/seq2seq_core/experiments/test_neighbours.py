"""Why did it say that (issue 18): nearest training pairs by cosine of decoder states."""

from __future__ import annotations

import time

import numpy as np
import pytest

from seq2seq_core.experiments.neighbours import NeighbourIndex, build_index, cached_index, nearest
from tests.support.models import CONFIGS, tiny_translator, toy_pairs


@pytest.mark.parametrize("config", [CONFIGS[0], CONFIGS[3], CONFIGS[4]])
def test_a_training_pairs_own_state_finds_that_pair_and_step(config):
    tr = tiny_translator(config)
    pairs = toy_pairs(30, seed=3)
    index = build_index(tr.model, tr.src_tok, tr.tgt_tok, pairs, batch_size=7)
    n_steps = sum(len(r.split()) + 1 for _, r in pairs)  # word tokens + <eos>
    assert index.states.shape == (n_steps, tr.cfg.hidden)
    np.testing.assert_allclose(np.linalg.norm(index.states, axis=1), 1.0, atol=1e-5)
    src, ref = pairs[11]
    gold = [*tr.tgt_tok.encode(tr.tgt_tok.normalize(ref)), 3]
    forced = tr.trace(src, prefix=gold)  # teacher forcing: the same states as training
    for t, step in enumerate(forced.steps):
        best = nearest(index, step.hidden_after, k=3)
        assert best[0].cosine == pytest.approx(1.0, abs=1e-4)
        twins = [i for i, p in enumerate(pairs) if p == pairs[11]]
        assert best[0].pair in twins and best[0].step == t and best[0].token == gold[t]
        assert len({n.pair for n in best}) == len(best)  # one entry per pair


def test_the_index_is_cached_beside_the_model(tmp_path):
    tr = tiny_translator()
    pairs = toy_pairs(20)
    first = cached_index(tr.model, tr.src_tok, tr.tgt_tok, pairs, tmp_path)
    assert len(list(tmp_path.glob("neighbours-*.npz"))) == 1
    again = cached_index(tr.model, tr.src_tok, tr.tgt_tok, pairs, tmp_path)
    np.testing.assert_array_equal(first.states, again.states)
    cached_index(tr.model, tr.src_tok, tr.tgt_tok, pairs[:10], tmp_path)  # another corpus
    assert len(list(tmp_path.glob("neighbours-*.npz"))) == 2


def test_ten_thousand_pairs_answer_within_100_ms():
    rng = np.random.default_rng(0)
    n, hidden = 10_000 * 10, 64  # 10,000 pairs of 10 target steps, H = 64
    states = rng.standard_normal((n, hidden)).astype(np.float32)
    states /= np.linalg.norm(states, axis=1, keepdims=True)
    index = NeighbourIndex(
        states,
        np.arange(n, dtype=np.int32) // 10,
        np.arange(n, dtype=np.int32) % 10,
        np.zeros(n, dtype=np.int32),
    )
    nearest(index, states[0])  # warm up
    start = time.perf_counter()
    best = nearest(index, states[12_345], k=5)
    took = time.perf_counter() - start
    assert best[0].pair == 1234 and best[0].step == 5
    assert took < 0.1, f"{took * 1000:.0f} ms"
