"""One length limit (in tokens) for training, validation and decoding: pairs over it are left
out and counted, never cut with an `<eos>` mid-sentence; decoding says when it cut a source."""

from __future__ import annotations

import pytest

from seq2seq_core.checkpoints import checkpoint
from seq2seq_core.config import MAX_LEN, ConfigError, TrainConfig
from seq2seq_core.data.batching import encode_pairs, encode_within, length_report, make_batches
from seq2seq_core.data.tokenizers import EOS_ID
from seq2seq_core.decoding.search import default_max_len
from seq2seq_core.metrics import teacher_forced_scores
from seq2seq_core.training.trainer import Trainer
from tests.support.models import tiny_translator, toy_pairs

LONG = ("a b c d e f g h a b", "b a h g f e d c b a")  # 10 words on each side


def test_pairs_over_the_limit_are_left_out_and_counted_not_cut():
    tr = tiny_translator()
    pairs = [("a b", "b a"), LONG, ("a b c d e f", "f e d c b a"), ("c d e f g h a", "a")]
    enc = encode_within(pairs, tr.src_tok, tr.tgt_tok, 6)
    assert enc.index == [0, 2]
    assert enc.report.to_dict() == dict(
        limit=6, pairs=4, over=2, src_over=2, tgt_over=1, longest_src=10, longest_tgt=10
    )
    assert enc.report.kept == 2
    src_ids, tgt_ids = encode_pairs(pairs, tr.src_tok, tr.tgt_tok, 6)
    assert src_ids == [tr.src_tok.encode(pairs[i][0]) for i in (0, 2)]
    assert tgt_ids == [tr.tgt_tok.encode(pairs[i][1]) for i in (0, 2)]  # whole sentences
    assert length_report(pairs, tr.src_tok, tr.tgt_tok, 10).over == 0


def test_every_training_target_ends_with_its_own_eos():
    """The model never learns an <eos> in the middle of a sentence."""
    tr = tiny_translator()
    pairs = [*toy_pairs(30), LONG]
    trainer = Trainer(tr, pairs, pairs[:5], TrainConfig(epochs=1, max_len=8))
    full = {tuple(tr.tgt_tok.encode(t)) for _, t in pairs}
    assert all(tuple(t) in full for t in trainer.tgt_ids)
    assert trainer.lengths["train"].over == 1 and trainer.lengths["train"].kept == 30
    for batch in make_batches(trainer.src_ids, trainer.tgt_ids, 8):
        for row, t in zip(batch.tgt_out.tolist(), batch.tgt_in.tolist(), strict=True):
            n = row.index(EOS_ID)
            assert row[:n] == t[1 : n + 1] and tuple(row[:n]) in full


def test_validation_uses_the_same_limit():
    tr = tiny_translator()
    trainer = Trainer(tr, toy_pairs(20), [("a b", "b a"), LONG], TrainConfig(epochs=1, max_len=8))
    assert trainer.valid_pairs == [("a b", "b a")]
    assert trainer.lengths["valid"].over == 1
    scores = teacher_forced_scores(tr, [("a b", "b a"), LONG])
    assert scores["over_limit"] == 1
    assert scores["loss_per_sentence"] == pytest.approx(
        teacher_forced_scores(tr, [("a b", "b a")])["loss_per_sentence"]
    )


def test_decoding_reads_up_to_the_training_limit_and_says_so(tmp_path):
    tr = tiny_translator()
    Trainer(tr, toy_pairs(20), [], TrainConfig(epochs=1, max_len=7))
    assert tr.max_len == 7
    checkpoint.save(tr, tmp_path / "m.safetensors")
    back = checkpoint.load(tmp_path / "m.safetensors")
    assert back.max_len == 7  # saved with the model
    for model in (tr, back):
        trace = model.trace(LONG[0])
        assert trace.truncated and len(trace.src_ids) == 7
        assert len(trace.steps) <= 8  # at most the limit plus the <eos> step
        assert not model.trace("a b c").truncated


def test_default_limit_is_the_same_for_training_and_decoding():
    """Training cut at 60 tokens while decoding read 200: a 100-word source was 'whole'."""
    tr = tiny_translator()
    assert TrainConfig().max_len == MAX_LEN == tr.max_len
    trace = tr.trace(" ".join(["a"] * (MAX_LEN + 40)))
    assert trace.truncated and len(trace.src_ids) == MAX_LEN
    assert len(trace.steps) <= MAX_LEN + 1


def test_older_model_files_keep_the_limit_they_were_trained_with():
    tr = tiny_translator()
    tr.meta = {"train_config": TrainConfig(max_len=60).to_dict()}  # as shipped models store
    assert tr.max_len == 60
    tr.meta = {}
    assert tr.max_len == MAX_LEN


@pytest.mark.parametrize("src_len", [0, 1, 5, 30, 100, 500])
@pytest.mark.parametrize("limit", [1, 7, 60, 200])
def test_output_cap_fits_the_limit(src_len, limit):
    assert 1 <= default_max_len(src_len, limit) <= limit + 1


def test_every_pair_too_long_is_a_clear_error():
    with pytest.raises(ValueError, match="length limit"):
        Trainer(tiny_translator(), [LONG], [], TrainConfig(epochs=1, max_len=4))


@pytest.mark.parametrize("bad", [0, -1, 1001, 2.5])
def test_bad_limit_is_refused(bad):
    with pytest.raises(ConfigError, match="max_len"):
        TrainConfig(max_len=bad)
