import json

import numpy as np
import pytest
import torch

from seq2seq_core import experiments as ex
from seq2seq_core.data.tokenizers import EOS_ID, PAD_ID, SOS_ID
from seq2seq_core.experiments.decoding import _first_difference
from tests.support.models import toy_pairs

SOURCES = [s for s, _ in toy_pairs(30, seed=3)]


def round_trips(result) -> None:
    data = result.to_dict()
    assert json.loads(json.dumps(data)) == data


# exposure bias


def test_part_step_is_the_first_difference(any_translator):
    tr = any_translator
    free = tr.trace("a b c d")
    tokens = [s.chosen_token for s in free.steps if s.chosen_id != EOS_ID]
    assert len(tokens) >= 3
    other = next(w for w in "abcdefgh" if w != tokens[2])
    result = ex.exposure_bias(tr, "a b c d", " ".join([*tokens[:2], other, "a"]))
    assert result.part_step == 3
    assert result.free_running[:2] == result.reference[:2]
    assert result.reference == (*tokens[:2], other, "a", "<eos>")
    # where the roads part, free running picks what teacher forcing's argmax picks
    assert result.free_running[2] == result.forced_argmax[2] == tokens[2]
    assert result.free_probs[2] == pytest.approx(result.forced_argmax_probs[2], rel=1e-4)
    assert len(result.gold_probs) == len(result.forced_argmax) == len(result.reference)
    assert all(
        g <= a + 1e-6 for g, a in zip(result.gold_probs, result.forced_argmax_probs, strict=True)
    )
    round_trips(result)


def test_part_step_when_one_is_a_prefix_of_the_other(translator):
    free = translator.trace("a b c")
    assert free.stop_reason == "max_len"  # the untrained model never stops by itself
    result = ex.exposure_bias(translator, "a b c", free.output_text)
    assert result.free_running == result.reference[:-1]
    assert result.part_step == len(free.steps) + 1  # the reference stops, free running not
    assert _first_difference([4, 5, 3], [4, 5, 3]) is None
    assert _first_difference([4, 5], [4, 6]) == 2


# beam wins and sequence scoring


def test_sequence_logprobs_agree_with_greedy_and_teacher_forcing(any_translator):
    tr = any_translator
    trace = tr.trace("h g f e d")
    logp = ex.sequence_logprobs(tr, "h g f e d", [s.chosen_id for s in trace.steps])
    np.testing.assert_allclose(np.cumsum(logp), [s.log_prob for s in trace.steps], rtol=1e-4)
    ref = [*tr.tgt_tok.encode("d e f g h"), EOS_ID]
    scored = tr.score("h g f e d", "d e f g h")
    assert -ex.sequence_logprobs(tr, "h g f e d", ref).sum() == pytest.approx(scored.total_nll)
    assert ex.sequence_logprobs(tr, "a", []).shape == (0,)


def test_beam_wins_beat_greedy(translator):
    wins = ex.find_beam_wins(translator, ["", "  ", *SOURCES], k=4, limit=3)
    assert len(wins) == 3, "the seeded tiny model has beam wins among these sources"
    for win in wins:
        assert win.source.strip()
        assert win.beam_total > win.greedy_total
        assert win.greedy.tokens != win.beam.tokens
        d = win.diverge_step
        assert win.greedy.tokens[: d - 1] == win.beam.tokens[: d - 1]
        assert win.greedy.tokens[d - 1 : d] != win.beam.tokens[d - 1 : d]
        trace = translator.trace(win.source)
        assert win.greedy.tokens == tuple(s.chosen_token for s in trace.steps)
        np.testing.assert_allclose(win.greedy.probs, [s.chosen_prob for s in trace.steps], 1e-4)
        best = translator.beam(win.source, 4).hypotheses[0]
        assert win.beam_total == pytest.approx(best.score, abs=1e-3)
        assert win.beam.cumulative[-1] == win.beam_total
        round_trips(win)
    assert ex.find_beam_wins(translator, SOURCES, k=4, limit=2) == wins[:2]
    assert ex.find_beam_wins(translator, SOURCES, k=1, limit=3) == []  # k = 1 is greedy


def test_beam_losses_are_the_other_half_of_the_differences():
    """On the retrained en-ko-phrases beam search scores below greedy on some held-out
    sentences (seq2seq_core/decoding/beam.py): find_beam_losses finds exactly those, and
    wins and losses together are every sentence where the two outputs differ."""
    from seq2seq_core.checkpoints.pretrained import load_pretrained
    from seq2seq_core.data.corpora import load_builtin

    tr = load_pretrained("en-ko-phrases")
    sources = [s for s, _ in load_builtin("en-ko-phrases", "test")]
    wins = ex.find_beam_wins(tr, sources, k=5, limit=len(sources))
    losses = ex.find_beam_losses(tr, sources, k=5, limit=len(sources))
    assert losses, "the shipped weak model shows beam search is not exact"
    assert all(r.beam_total < r.greedy_total for r in losses)
    assert not {r.source for r in wins} & {r.source for r in losses}
    every = [ex.beam_against_greedy(tr, s, 5) for s in sources]
    differ = [r for r in every if r is not None and r.beam_total != r.greedy_total]
    assert len(differ) == len(wins) + len(losses)
    assert ex.find_beam_losses(tr, sources, k=5, limit=1) == losses[:1]
    assert ex.find_beam_losses(tr, sources, k=1, limit=3) == []  # k = 1 is greedy


# temperature and sampling


def test_tempered():
    p = np.array([0.5, 0.3, 0.2, 0.0])
    np.testing.assert_allclose(ex.tempered(p, 1.0), p)
    half = ex.tempered(p, 0.5)
    np.testing.assert_allclose(half, p**2 / (p**2).sum())
    for t in (1e-6, 0.3, 1.0, 3.0, 1e6):
        q = ex.tempered(p, t)
        assert q.sum() == pytest.approx(1.0) and q[3] == 0.0
    np.testing.assert_allclose(ex.tempered(p, 1e-3), [1, 0, 0, 0], atol=1e-12)
    np.testing.assert_allclose(ex.tempered(p, 1e6)[:3], 1 / 3, rtol=1e-5)
    z = torch.tensor([1.0, -2.0, 0.5])
    np.testing.assert_allclose(
        ex.tempered(torch.softmax(z, 0).numpy(), 0.7), torch.softmax(z / 0.7, 0).numpy(), 1e-5
    )
    for bad in (0.0, -1.0):
        with pytest.raises(ValueError):
            ex.tempered(p, bad)


def test_sampling_is_seeded_and_consistent(translator):
    tr = translator
    first = ex.sample_decode(tr, "a b c", temperature=1.0, n=5, seed=11)
    assert first == ex.sample_decode(tr, "a b c", temperature=1.0, n=5, seed=11)
    assert first != ex.sample_decode(tr, "a b c", temperature=1.0, n=5, seed=12)
    for sample in first:
        ids = [tr.tgt_tok.piece_to_id(t) for t in sample.tokens]
        assert sample.finished == (ids[-1] == EOS_ID) and EOS_ID not in ids[:-1]
        assert not {PAD_ID, SOS_ID} & set(ids)
        assert sample.text == tr.tgt_tok.decode(ids)
        assert sample.log_prob == pytest.approx(ex.sequence_logprobs(tr, "a b c", ids).sum())
        round_trips(sample)
    with pytest.raises(ValueError):
        ex.sample_decode(tr, "a b c", temperature=0.0, n=1, seed=0)


def test_cold_sampling_is_greedy(any_translator):
    trace = any_translator.trace("b a d")
    for sample in ex.sample_decode(any_translator, "b a d", temperature=1e-6, n=3, seed=0):
        assert sample.tokens == tuple(s.chosen_token for s in trace.steps)
        assert sample.log_prob == pytest.approx(trace.steps[-1].log_prob, rel=1e-4)


@pytest.mark.parametrize("temperature", [1.0, 0.5, 2.0])
def test_first_token_frequencies_follow_the_tempered_softmax(translator, temperature):
    n = 4000
    samples = ex.sample_decode(translator, "a b c", temperature, n=n, seed=1, max_len=1)
    ids = [translator.tgt_tok.piece_to_id(s.tokens[0]) for s in samples]
    freq = np.bincount(ids, minlength=translator.cfg.tgt_vocab) / n
    expected = ex.tempered(translator.trace("a b c").steps[0].probs, temperature)
    np.testing.assert_allclose(freq, expected, atol=0.03)


# hidden-state maps


def test_pca_on_known_data():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(50, 5)) * [5.0, 2.0, 0.5, 0.1, 0.01]
    coords, ratio = ex.pca_2d(x)
    cov_eig = np.sort(np.linalg.eigvalsh(np.cov(x.T)))[::-1]
    np.testing.assert_allclose(ratio, cov_eig[:2] / cov_eig.sum())
    np.testing.assert_allclose(coords.var(axis=0, ddof=1), cov_eig[:2])
    # the signs are fixed: the largest loading is positive, whatever SVD returns
    assert np.corrcoef(coords[:, 0], x[:, 0])[0, 1] > 0.9
    assert np.corrcoef(coords[:, 1], x[:, 1])[0, 1] > 0.9
    np.testing.assert_allclose(ex.pca_2d(-x)[0], -coords)
    order = rng.permutation(len(x))
    np.testing.assert_allclose(ex.pca_2d(x[order])[0], coords[order])
    line = np.outer(np.arange(6.0), [1.0, 2.0, 2.0])
    coords, ratio = ex.pca_2d(line)
    np.testing.assert_allclose(ratio, [1.0, 0.0], atol=1e-12)
    np.testing.assert_allclose(coords[:, 0], 3 * (np.arange(6.0) - 2.5))
    for degenerate in (np.zeros((0, 3)), np.ones((1, 3)), np.ones((4, 3)), np.ones((4, 1))):
        coords, ratio = ex.pca_2d(degenerate)
        assert coords.shape == (len(degenerate), 2) and np.isfinite(coords).all()
        assert ratio.tolist() == [0.0, 0.0]


@pytest.mark.parametrize("which", ["encoder", "decoder"])
def test_hidden_state_map(translator, which):
    sources = ["a b c", "h g", "d e f g h"]
    result = ex.hidden_state_map(translator, sources, which)
    if which == "encoder":
        lengths = [len(s.split()) for s in sources]
    else:
        lengths = [len(translator.trace(s).steps) for s in sources]
    assert len(result.points) == sum(lengths)
    assert [p.sentence for p in result.points] == [
        i for i, n in enumerate(lengths) for _ in range(n)
    ]
    assert [p.position for p in result.points] == [j for n in lengths for j in range(n)]
    if which == "encoder":
        assert [p.token for p in result.points[:3]] == ["a", "b", "c"]
    first, second = result.explained_variance
    assert 0 <= second <= first <= 1 and first + second <= 1 + 1e-9
    assert first > 0
    round_trips(result)
    assert ex.hidden_state_map(translator, [], which).points == ()
    with pytest.raises(ValueError):
        ex.hidden_state_map(translator, sources, "attention")


# length buckets and quiz


def test_length_buckets_cover_every_pair(translator):
    pairs = toy_pairs(40, seed=5)
    buckets = ex.length_buckets(translator, pairs, edges=(2, 4))
    assert sum(b.count for b in buckets) == len(pairs)
    assert [b.label for b in buckets] == ["1-2", "3-4", "5+"]
    for b in buckets:
        assert 0 <= b.exact_match <= 1 and 0 <= b.bleu <= 100
        round_trips(b)
    assert [b.label for b in ex.length_buckets(translator, pairs)] == ["1-4", "5-8"]


def test_bucket_scores_by_hand():
    sources = ["", "a", "a b c", "a b c d e f g h i j"]
    refs = ["x", "y", "one two three four", "w"]
    hyps = ["x", "n", "one two three four", "w"]
    buckets = ex.bucket_scores(sources, hyps, refs, edges=(1, 3, 5))
    assert [(b.label, b.count, b.exact_match) for b in buckets] == [
        ("1", 2, 0.5),
        ("2-3", 1, 1.0),
        ("6+", 1, 1.0),
    ]
    assert buckets[1].bleu == pytest.approx(100.0)
    assert ex.bucket_bounds([4, 8]) == [(1, 4), (5, 8), (9, None)]
    for bad in ([], [0, 3], [4, 4], [8, 4]):
        with pytest.raises(ValueError):
            ex.bucket_bounds(bad)


def test_rank_of(translator):
    step = translator.trace("a b c").steps[0]
    assert ex.rank_of(step, step.argmax_id) == 1
    for rank, token in enumerate(step.topk_ids, start=1):
        assert ex.rank_of(step, token) == rank
    vocab = translator.cfg.tgt_vocab
    assert ex.rank_of(step, PAD_ID) == ex.rank_of(step, SOS_ID) == vocab - 1  # p = 0, tied
    with pytest.raises(ValueError):
        ex.rank_of(step, vocab)
