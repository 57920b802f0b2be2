"""Tiny, seeded translators (a few thousand parameters) over a toy corpus, in every decoder
configuration the tests walk; the fixtures that hand them out are in tests/conftest.py."""

from __future__ import annotations

import random

from seq2seq_core.config import TrainConfig
from seq2seq_core.training.trainer import Trainer
from seq2seq_core.translator import Translator, build_translator

# (attention, decoder_style, luong_input_feeding, rnn, bidirectional, layers)
CONFIGS = [
    ("none", "luong", False, "gru", False, 1),
    ("dot", "luong", False, "gru", False, 1),
    ("general", "luong", False, "gru", True, 1),
    ("general", "luong", True, "lstm", True, 2),
    ("additive", "bahdanau", False, "gru", True, 1),
    ("additive", "luong", True, "rnn", False, 2),
    ("dot", "bahdanau", False, "lstm", False, 1),
]
CONFIG_IDS = ["-".join(str(x) for x in c) for c in CONFIGS]


def toy_pairs(n: int = 60, seed: int = 0) -> list[tuple[str, str]]:
    """Reversal of 2-6 letters: 'a b c' -> 'c b a'."""
    rng = random.Random(seed)
    letters = "abcdefgh"
    pairs = []
    for _ in range(n):
        words = [rng.choice(letters) for _ in range(rng.randint(2, 6))]
        pairs.append((" ".join(words), " ".join(reversed(words))))
    return pairs


def tiny_translator(config=CONFIGS[2], seed: int = 0, tokenizer: str = "word") -> Translator:
    attention, style, feeding, rnn, bidi, layers = config
    options = dict(
        emb=8,
        hidden=12,
        attention=attention,
        decoder_style=style,
        luong_input_feeding=feeding,
        rnn=rnn,
        bidirectional=bidi,
        layers=layers,
    )
    return build_translator(toy_pairs(), options, tokenizer, vocab_size=100, seed=seed)


def dropout_run(seed: int, epochs: int = 2) -> Trainer:
    """A 2-layer LSTM with dropout (embeddings, between layers, before the output layer) and
    teacher forcing 0.5: every random draw of training is exercised."""
    options = dict(
        emb=8, hidden=12, attention="general", luong_input_feeding=True, rnn="lstm",
        bidirectional=True, layers=2, dropout=0.3,
    )  # fmt: skip
    tr = build_translator(toy_pairs(), options, "word", vocab_size=100, seed=0)
    cfg = TrainConfig(epochs=epochs, batch_size=16, lr=1e-2, teacher_forcing=0.5, seed=seed)
    return Trainer(tr, toy_pairs(48), toy_pairs(8, seed=9), cfg)
