"""Shared fixtures: tiny, seeded translators (a few thousand parameters) over a toy corpus."""

from __future__ import annotations

import random

import pytest
import torch

from seq2seq_core.translator import Translator, build_translator

torch.set_num_threads(1)

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


@pytest.fixture(params=CONFIGS, ids=CONFIG_IDS)
def any_translator(request) -> Translator:
    return tiny_translator(request.param)


@pytest.fixture
def translator() -> Translator:
    return tiny_translator()


@pytest.fixture(scope="module")
def browser():
    """Debian's chromium through Playwright, one per test module (the browser tests skip
    themselves where either is missing: tests/browser/test_app.py)."""
    from tests.browser.test_app import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, sync_api

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()
