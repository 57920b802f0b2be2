"""Teacher-forced sequence accuracy is greedy decoding's exact match counted in ids."""

from __future__ import annotations

import pytest

from seq2seq_core.config import TrainConfig
from seq2seq_core.decoding.search import greedy_batch, source_ids
from seq2seq_core.metrics import exact_match, teacher_forced_scores
from seq2seq_core.training.trainer import Trainer
from tests.support.models import CONFIG_IDS, CONFIGS, tiny_translator, toy_pairs


def _greedy_ids_em(tr, pairs) -> float:
    """Share of pairs whose greedy output ids are the reference's ids, decoded step by step."""
    sources = [source_ids(tr.src_tok, s, tr.max_len)[1] for s, _ in pairs]
    outs = greedy_batch(tr.model, sources, limit=tr.max_len)
    return sum(o == tr.tgt_tok.encode(t) for o, (_, t) in zip(outs, pairs, strict=True)) / len(
        pairs
    )


# no attention; Luong with input feeding, LSTM, 2 layers; Bahdanau; a plain RNN; characters
CASES = [(CONFIGS[i], "word") for i in (0, 3, 4, 5)] + [(CONFIGS[4], "char")]


@pytest.mark.parametrize(
    ("config", "tokenizer"), CASES, ids=[f"{t}-{CONFIG_IDS[CONFIGS.index(c)]}" for c, t in CASES]
)
def test_sequence_accuracy_is_greedys_exact_match_in_ids(config, tokenizer):
    tr = tiny_translator(config, tokenizer=tokenizer)
    valid = toy_pairs(40, seed=3)
    seen = set()
    epochs = 8 if tokenizer == "word" else 16  # characters: longer targets, learnt later
    cfg = TrainConfig(epochs=epochs, batch_size=16, lr=3e-2, tokenizer=tokenizer)
    trainer = Trainer(tr, toy_pairs(120), valid, cfg)
    for i, _ in enumerate(trainer.run()):
        if i % 7 == 0:  # along training: from nothing right to most right
            greedy = _greedy_ids_em(tr, valid)
            assert teacher_forced_scores(tr, valid)["sequence_accuracy"] == greedy
            seen.add(greedy)
    assert len(seen) >= 3  # several distinct values were compared, not only 0 or 1
    # for word and char targets, text exact match is at most the id figure (<unk> spells none)
    hyps = tr.translate([s for s, _ in valid])
    assert exact_match(hyps, [t for _, t in valid]) <= _greedy_ids_em(tr, valid)
