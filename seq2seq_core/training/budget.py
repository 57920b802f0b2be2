"""Budgets: how long a text the engine reads, and how much memory a training run may take.

Text: every text that reaches the engine (a sentence to decode, a reference to score) is
cut to `MAX_TEXT_CHARS` characters first, by `cap_text`, before it is normalized or
tokenized: the app's text boxes take no more (their `max_chars`), and whatever comes in
another way (a new option typed into a selectbox, a link, the command line) is cut here.

Memory: `estimate_training` gives a training run's peak memory from the model's
configuration, the batch size, the longest source and target (in tokens) and the number
of validation pairs; `check_run` refuses a run whose estimate is over a budget with a
`BudgetError` that says the estimate and what would fit. The constants are calibrated
against measured peak RSS (bench/RESULTS.md, entry 12, `python bench/memory.py`), so
that the estimate is never below the measure.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from seq2seq_core.config import ModelConfig, TrainConfig

MAX_TEXT_CHARS = 1000  # the longest sentence or reference the engine reads, in characters
# The per-run memory budget: 1.5 GiB by default (SEQ2SEQ_RUN_MEMORY_MB overrides), so that
# a 24 GB server with one run per core (8 cores) and 30 sessions stays within its budget
# (README, "Budgets").
RUN_BUDGET = int(os.environ.get("SEQ2SEQ_RUN_MEMORY_MB", "1536")) * 2**20
VALID_BATCH = 256  # metrics.teacher_forced_scores' batch

# Calibrated factors, in float32 copies of each tensor alive at the peak (entry 12):
PARAM_COPIES = 6  # weights, gradients, Adam's two moments, the last good epoch's copy, slack
LOGIT_COPIES = 3.7  # logits (B, T, V), log-softmax, its gradient, the logits' gradient
ENERGY_COPIES = 2.6  # additive attention's (B, T, S, H) energy, its gradient, temporaries
STATE_COPIES = 3.5  # per RNN gate, layer and direction: the saved gates and their gradients
VALID_COPIES = 1.6  # validation, no gradients: logits and log-softmax of a VALID_BATCH batch
OVERHEAD = 40 * 2**20  # the allocator's and autograd's own, measured with a tiny model


def cap_text(text: str) -> tuple[str, bool]:
    """(text cut to MAX_TEXT_CHARS characters, whether it was cut)."""
    text = text if isinstance(text, str) else str(text)
    return text[:MAX_TEXT_CHARS], len(text) > MAX_TEXT_CHARS


class BudgetError(ValueError):
    """A run over the memory budget. `code` and `params` let a UI say it in its language:
    params holds estimate_mb, budget_mb and the largest batch that fits (fit_batch, 0 when
    not even a batch of one fits)."""

    def __init__(self, message: str, code: str, params: dict[str, Any]) -> None:
        self.code, self.params = code, params
        super().__init__(message)


@dataclass(frozen=True)
class RunEstimate:
    """A training run's estimated peak memory in bytes (`total`), and its parts."""

    cfg: ModelConfig
    batch: int
    src_len: int  # the longest source, tokens
    tgt_len: int  # the longest target plus `<sos>`/`<eos>`, tokens
    n_valid: int
    parts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.parts.values())


def _step_floats(cfg: ModelConfig, batch: int, src_len: int, tgt_len: int) -> dict[str, float]:
    """Floats alive at the peak of one training step (forward and backward)."""
    b, s, t, h = batch, src_len, tgt_len, cfg.hidden
    gates = {"gru": 3, "lstm": 4, "rnn": 1}[cfg.rnn]
    dirs = 2 if cfg.bidirectional else 1
    out = {
        "logits": LOGIT_COPIES * b * t * cfg.tgt_vocab,
        "rnn": STATE_COPIES * b * (s * dirs + t) * h * gates * cfg.layers
        + 4 * b * (s + t) * cfg.emb,
    }
    if cfg.attention == "additive":
        out["attention"] = ENERGY_COPIES * b * t * s * h
    elif cfg.attention != "none":
        out["attention"] = 4 * b * t * (s + cfg.enc_out + h)
    return out


def estimate_training(
    cfg: ModelConfig, batch: int, src_len: int, tgt_len: int, n_valid: int = 0
) -> RunEstimate:
    """Peak memory of training `cfg` on batches of `batch` pairs whose longest source has
    `src_len` tokens and longest target `tgt_len` (`<sos>`/`<eos>` counted), validating
    on `n_valid` pairs (in batches of VALID_BATCH, no gradients) after each epoch.

    Parts, in bytes (float32): "parameters" (weights, gradients, Adam's moments, a copy),
    "step" (the largest of the training step's tensors: logits (B, T, V), additive
    attention's energy (B, T, S, H), the RNN's gates) or "validation" when that is larger,
    and "overhead".
    """
    step = sum(_step_floats(cfg, batch, src_len, tgt_len).values())
    vb = min(n_valid, VALID_BATCH)
    valid = VALID_COPIES * vb * tgt_len * cfg.tgt_vocab
    if cfg.attention == "additive":
        valid += vb * tgt_len * src_len * cfg.hidden
    parts = {
        "parameters": 4 * PARAM_COPIES * cfg.num_parameters(),
        ("step" if step >= valid else "validation"): int(4 * max(step, valid)),
        "overhead": OVERHEAD,
    }
    return RunEstimate(cfg, batch, src_len, tgt_len, n_valid, parts)


def trainer_estimate(trainer: Any) -> RunEstimate:
    """The estimate of a `train.Trainer`'s run, from its encoded pairs (the longest source
    and target it will batch) and its validation pairs."""
    src_len = max((len(s) for s in trainer.src_ids), default=1)
    tgt_len = max((len(t) for t in trainer.tgt_ids), default=1) + 1  # <sos>/<eos>
    return estimate_training(
        trainer.tr.cfg, trainer.cfg.batch_size, src_len, tgt_len, len(trainer.valid_pairs)
    )


def largest_batch(est: RunEstimate, budget: int) -> int:
    """The largest batch size under `budget` for the same model and lengths (0: none)."""
    lo, hi = 0, est.batch
    while lo < hi:  # the estimate grows with the batch
        mid = (lo + hi + 1) // 2
        if estimate_training(est.cfg, mid, est.src_len, est.tgt_len, est.n_valid).total <= budget:
            lo = mid
        else:
            hi = mid - 1
    return lo


def check_run(est: RunEstimate, budget: int | None = None) -> None:
    """Raise BudgetError when `est` is over `budget` (default RUN_BUDGET), saying the
    estimate and what to change: the largest batch that fits, else a smaller vocabulary or
    hidden size."""
    budget = RUN_BUDGET if budget is None else budget
    if est.total <= budget:
        return
    fit = largest_batch(est, budget)
    params = {
        "estimate_mb": round(est.total / 2**20),
        "budget_mb": round(budget / 2**20),
        "fit_batch": fit,
        "batch": est.batch,
        "vocab": est.cfg.tgt_vocab,
        "hidden": est.cfg.hidden,
        "tgt_len": est.tgt_len,
    }
    change = (
        f"a batch size of at most {fit} fits"
        if fit
        else "use a smaller vocabulary or hidden size, or shorter sentences"
    )
    raise BudgetError(
        f"this run would take about {params['estimate_mb']:,} MB of memory, over the "
        f"per-run budget of {params['budget_mb']:,} MB: {change}",
        "run_over_budget",
        params,
    )


def _side_bounds(kind: str, texts: list[str], vocab_size: int) -> tuple[int, list[int]]:
    """(vocabulary size, each sentence's length in tokens) of a tokenizer of `kind` trained
    on `texts`, without training it: exact for characters and words (counting is all their
    training does); for SentencePiece lower bounds (every kept character, its 256 byte
    pieces and the specials are in the vocabulary; a word is at least one piece)."""
    from seq2seq_core.data.tokenizers import (
        SP_MIN_VOCAB,
        SPECIALS,
        CharTokenizer,
        WordTokenizer,
        normalize,
    )

    lines = [normalize(t) for t in texts]
    if kind in ("char", "word"):
        split = CharTokenizer._split if kind == "char" else WordTokenizer._split
        pieces = [split(s) for s in lines]
        distinct = len({p for ps in pieces for p in ps})
        return min(vocab_size, len(SPECIALS) + distinct), [len(ps) for ps in pieces]
    chars = len({c for s in lines for c in s if c != " "})
    kept = min(chars, max(vocab_size, SP_MIN_VOCAB) - 256 - len(SPECIALS) - 2)
    return len(SPECIALS) + 256 + max(kept, 1), [max(1, len(s.split())) for s in lines]


def estimate_before_tokenizers(
    pairs: list[tuple[str, str]],
    model_options: dict[str, Any],
    tokenizer: str | tuple[str, str],
    vocab_size: int,
    batch: int,
    max_len: int,
    n_valid: int = 0,
) -> RunEstimate:
    """The run's estimate from the corpus and the options alone, before any tokenizer is
    trained (a SentencePiece model at vocabulary 8,000 takes seconds to learn): exact for
    character and word tokenizers, a lower bound for SentencePiece. Over the budget here
    means over the budget after training the tokenizers too, so a page can refuse first."""
    src_kind, tgt_kind = (tokenizer, tokenizer) if isinstance(tokenizer, str) else tokenizer
    src_vocab, src_lens = _side_bounds(src_kind, [s for s, _ in pairs], vocab_size)
    tgt_vocab, tgt_lens = _side_bounds(tgt_kind, [t for _, t in pairs], vocab_size)
    kept = [
        (s, t) for s, t in zip(src_lens, tgt_lens, strict=True) if s <= max_len and t <= max_len
    ]
    if src_kind not in ("char", "word") or tgt_kind not in ("char", "word"):
        kept = [(1, 1)]  # which pairs SentencePiece keeps is not known before it is trained
    src_len = max((max(s, 1) for s, _ in kept), default=1)
    tgt_len = max((t for _, t in kept), default=1) + 1  # <sos>/<eos>
    cfg = ModelConfig(src_vocab=src_vocab, tgt_vocab=tgt_vocab, **model_options)
    return estimate_training(cfg, batch, src_len, tgt_len, n_valid)


def check_before_tokenizers(
    pairs: list[tuple[str, str]],
    n_valid: int,
    model_options: dict[str, Any],
    cfg: TrainConfig,
    budget: int | None = None,
) -> None:
    """Raise BudgetError when training `cfg` on `pairs` is over the budget by the estimate
    made before any tokenizer is trained (`estimate_before_tokenizers`)."""
    est = estimate_before_tokenizers(
        pairs, model_options, cfg.tokenizer, cfg.vocab_size, cfg.batch_size, cfg.max_len, n_valid
    )
    check_run(est, budget)
