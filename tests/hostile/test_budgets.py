"""Memory and CPU budgets (issue 16): the text cap at the engine's entry, the run memory
estimate, and the explorer's trace cache bounded by bytes."""

from __future__ import annotations

import subprocess
import sys
import time
from dataclasses import replace

import numpy as np
import pytest
import torch
from streamlit.testing.v1 import AppTest

from seq2seq_core import limits
from seq2seq_core.config import ModelConfig, TrainConfig
from seq2seq_core.data.tokenizers import WordTokenizer
from seq2seq_core.model.seq2seq import Seq2Seq
from seq2seq_core.training import budget
from seq2seq_core.training.trainer import Trainer
from seq2seq_core.translator import Translator
from tests.support.models import tiny_translator, toy_pairs
from tests.support.paths import REPO_ROOT
from ui import state
from ui.services import caches
from ui.state import resources

APP = str(REPO_ROOT / "app.py")
HUGE = "a b " * 2_500_000  # 10,000,000 characters


# -- the text cap ------------------------------------------------------------------------------
def test_a_ten_million_character_text_is_cut_at_the_engine_entry_quickly():
    tr = tiny_translator()
    start = time.perf_counter()
    trace = tr.trace(HUGE)
    tr.translate([HUGE, "a b"])
    tr.beam(HUGE, k=2)
    assert time.perf_counter() - start < 3.0
    assert trace.truncated
    assert len(trace.src_text) <= budget.MAX_TEXT_CHARS


def test_a_hundred_thousand_character_reference_is_cut_before_scoring():
    tr = tiny_translator()
    start = time.perf_counter()
    scored = tr.score("a b c", "c " * 50_000)
    assert time.perf_counter() - start < 3.0
    # the reference's tokens ("c" and a space each 2 characters) and its <eos>
    assert len(scored.steps) <= budget.MAX_TEXT_CHARS // 2 + 1


def test_the_text_cap_is_the_apps_text_box_limit_too():
    assert state.MAX_CHARS == budget.MAX_TEXT_CHARS


# -- the explorer's trace cache ----------------------------------------------------------------
def _big_vocab_translator(vocab: int = limits.MAX_VOCAB) -> Translator:
    """A tiny model whose target vocabulary is as large as the limits allow: each step's
    softmax is (vocab,)."""
    base = tiny_translator()
    itos = base.tgt_tok.itos + [f"x{i}" for i in range(vocab - base.tgt_tok.vocab_size)]
    cfg = replace(base.cfg, tgt_vocab=vocab, emb=4, hidden=8)
    torch.manual_seed(0)
    return Translator(Seq2Seq(cfg), base.src_tok, WordTokenizer(itos), dict(base.meta))


def _held_bytes(stored) -> int:
    values = stored.values() if hasattr(stored, "values") else []
    return sum(caches.nbytes(v) for v in values)


def test_the_explorers_traces_of_a_big_vocabulary_model_stay_within_the_session_bound(
    monkeypatch,
):
    # the vocabulary is capped at 8,000 now (limits.MAX_VOCAB): a smaller session bound
    # makes 8 sentences of such a model overflow it, as 100,000 did the 32 MiB bound
    monkeypatch.setattr(caches, "SESSION_BYTES", 2**19)
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state[state.OWN_MODEL] = _big_vocab_translator()
    # no name: AppTest formats the sidebar's model box outside the script, where the name
    # reads as empty, and then cannot find the option it drew
    at.session_state[state.OWN_MODEL_NAME] = ""
    at.session_state[state.MODEL] = resources.OWN
    at.session_state[state.SENTENCE] = "a b"
    at.run()
    assert not at.exception, at.exception
    letters = "abcdefgh"
    for i in range(8):  # 21 such traces (the old count bound) held over 100 MB
        words = " ".join(letters[(i + j) % 8] for j in range(3 + i % 4))
        at.text_input(key=state.SENTENCE).set_value(words).run()
        assert not at.exception, at.exception
    held = _held_bytes(at.session_state["explore_trace"])
    assert 0 < held <= caches.SESSION_BYTES


def test_a_bytes_cache_keeps_the_most_recent_within_its_bound():
    cache = caches.BytesCache(limit=10_000)
    for i in range(10):
        cache.put(i, np.zeros(500, dtype=np.float32))  # about 2 kB each
    assert cache.bytes <= 10_000 and 9 in cache and 0 not in cache
    cache.put("huge", np.zeros(10_000, dtype=np.float32))  # over the bound: not kept
    assert "huge" not in cache and 9 in cache


def test_all_sessions_caches_together_stay_within_the_server_bound(monkeypatch):
    monkeypatch.setattr(caches, "SERVER_BYTES", 50_000)
    sessions = [caches.BytesCache(limit=20_000) for _ in range(6)]
    for k in range(4):
        for s in sessions:
            s.put(k, np.zeros(1000, dtype=np.float32))  # 4 kB
    assert caches.server_bytes() <= 50_000
    assert all(3 in s for s in sessions[-3:])  # the latest entries stay
    for s in sessions:
        s.clear()


# -- the memory estimate -----------------------------------------------------------------------
def test_the_estimate_grows_with_batch_vocabulary_and_length():
    cfg = ModelConfig(src_vocab=8000, tgt_vocab=8000, emb=64, hidden=128)
    base = budget.estimate_training(cfg, 64, 30, 31).total
    assert budget.estimate_training(cfg, 512, 30, 31).total > 4 * base
    assert budget.estimate_training(cfg, 64, 60, 61).total > base
    smaller = replace(cfg, tgt_vocab=4000)  # 8,000 is the largest vocabulary allowed
    assert budget.estimate_training(smaller, 64, 30, 31).total < base


@pytest.mark.parametrize(
    "options",
    [
        dict(),
        dict(emb=7, hidden=5, layers=2, rnn="lstm", attention="general"),
        dict(rnn="rnn", bidirectional=False, attention="dot", decoder_style="bahdanau"),
        dict(attention="none", bidirectional=False, layers=2),
        dict(emb=64, hidden=128, luong_input_feeding=True),
    ],
    ids=["defaults", "lstm-general-2", "rnn-dot-bahdanau", "no-attention", "feeding"],
)
def test_the_one_parameter_count_is_the_real_models_and_the_estimates(options):
    cfg = ModelConfig(src_vocab=37, tgt_vocab=41, **options)
    real = sum(p.numel() for p in Seq2Seq(cfg).parameters())
    assert cfg.num_parameters() == real
    parts = budget.estimate_training(cfg, 16, 10, 11).parts
    assert parts["parameters"] == 4 * budget.PARAM_COPIES * real


def test_the_estimate_counts_parameters_without_importing_torch_dynamo():
    """The estimate counts with ModelConfig.num_parameters, whose model on the meta device
    skips initialisation; a model built there without that guard imports torch._dynamo."""
    code = (
        "import sys\n"
        "from seq2seq_core.training import budget\n"
        "from seq2seq_core.config import ModelConfig\n"
        "budget.estimate_training(ModelConfig(src_vocab=50, tgt_vocab=60), 16, 10, 11)\n"
        "print('torch._dynamo' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_the_issues_run_is_refused_with_the_estimate_and_a_batch_that_fits():
    """Word tokenizer, vocabulary 8,000, batch 512, 60-token sentences (the longest the
    length limit keeps): measured 4.5 GB; the default budget refuses it and says which batch
    would fit."""
    cfg = ModelConfig(src_vocab=8000, tgt_vocab=8000, emb=64, hidden=128)
    est = budget.estimate_training(cfg, 512, 60, 61, n_valid=50)
    assert est.total > 2**30
    with pytest.raises(budget.BudgetError) as e:
        budget.check_run(est, budget=1536 * 2**20)
    fit = e.value.params["fit_batch"]
    assert 1 <= fit < 512 and e.value.params["estimate_mb"] > 1536
    assert budget.estimate_training(cfg, fit, 60, 61, 50).total <= 1536 * 2**20
    assert budget.estimate_training(cfg, fit + 1, 60, 61, 50).total > 1536 * 2**20


def test_a_trainers_estimate_reads_its_longest_pairs():
    tr = tiny_translator()
    trainer = Trainer(tr, toy_pairs(60), toy_pairs(8, seed=4), TrainConfig(batch_size=8))
    est = budget.trainer_estimate(trainer)
    assert est.src_len == 6 and est.tgt_len == 7 and est.batch == 8 and est.n_valid == 8
    budget.check_run(est)  # a tiny run fits


# -- refused before the tokenizers are trained -------------------------------------------------
def _pairs(n: int = 80) -> list[tuple[str, str]]:
    words = ["the", "cat", "sat", "on", "a", "mat", "and", "ran", "to", "see", "her", "dog"]
    src = [" ".join(words[(i + j) % 12] for j in range(3 + i % 7)) for i in range(n)]
    return [(s, " ".join(words[: 2 + i % 9])) for i, s in enumerate(src)]


@pytest.mark.parametrize("kind", ["char", "word", ("word", "char")])
def test_the_estimate_before_tokenizers_is_the_trainers_for_characters_and_words(kind):
    from seq2seq_core.translator import build_translator

    pairs, valid = _pairs(), _pairs(9)
    options = {"emb": 16, "hidden": 24}
    one = kind if isinstance(kind, str) else kind[0]  # a run's config names one kind
    cfg = TrainConfig(batch_size=16, tokenizer=one, vocab_size=30, max_len=8)
    before = budget.estimate_before_tokenizers(pairs, options, kind, 30, 16, 8, len(valid))
    tr = build_translator(pairs, options, kind, 30, 0)
    after = budget.trainer_estimate(Trainer(tr, pairs, valid, cfg))
    assert (before.src_len, before.tgt_len) == (after.src_len, after.tgt_len)
    assert before.cfg == after.cfg and before.total == after.total


def test_the_estimate_before_sentencepiece_is_a_lower_bound():
    from seq2seq_core.translator import build_translator

    pairs = _pairs()
    options = {"emb": 16, "hidden": 24}
    cfg = TrainConfig(batch_size=16, tokenizer="sentencepiece-unigram", vocab_size=500)
    before = budget.estimate_before_tokenizers(pairs, options, cfg.tokenizer, 500, 16, 60, 0)
    tr = build_translator(pairs, options, cfg.tokenizer, 500, 0)
    after = budget.trainer_estimate(Trainer(tr, pairs, [], cfg))
    assert before.cfg.tgt_vocab <= after.cfg.tgt_vocab and before.total <= after.total


def test_an_over_budget_start_is_refused_before_any_tokenizer_is_trained(monkeypatch):
    """The Train page and its step buttons trained both tokenizers (seconds for
    SentencePiece at vocabulary 8,000) and only then refused the run for its memory."""
    from seq2seq_core import translator
    from tests.support.apptest import train_page

    trained = []
    monkeypatch.setattr(translator, "train_tokenizer", lambda *a, **k: trained.append(a))
    monkeypatch.setattr(budget, "RUN_BUDGET", 1024)  # 1 kB: every run is over it
    at = train_page()  # the swap corpus on the Train page, word tokenizer
    next(b for b in at.button if b.label == "Start training").click().run()
    assert not at.exception, at.exception
    assert at.error and "MB" in at.error[0].value
    at.button(key="stepwise_one_step").click().run()
    assert not at.exception, at.exception
    assert trained == []
