"""Training one step at a time (the Train page's *one step*, *ten steps*, *one epoch*):
what one optimizer update does to one fixed pair.

The loss is the cross-entropy of the gold token summed over the decoder's steps
(Sutskever et al. 2014, Sec. 3.2); `Trainer.step_once` makes the update. Before and after
it, the fixed pair is scored with teacher forcing (`teacher_forced_trace`): −log p(gold)
at every target step, and where each step's attention looked (Bahdanau et al. 2015,
Sec. 3.1). The fixed batch is the first `batch_size` training pairs in corpus order, the
fixed pair the first of them: both stay the same from click to click.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

import numpy as np
import torch
from torch.nn import functional as F

from seq2seq_core.data.batching import Batch, collate, encode_within, make_batches
from seq2seq_core.decoding.trace import TeacherForcedTrace
from seq2seq_core.training.trainer import Trainer


@dataclass
class PairView:
    """The fixed pair under teacher forcing. nll: (T,) −log p(gold) per target step (`<eos>`
    included); attention: (T, S) or None without attention; loss = nll.sum()."""

    src_pieces: list[str]
    tgt_pieces: list[str]
    nll: np.ndarray
    attention: np.ndarray | None
    loss: float

    @classmethod
    def of(cls, tf: TeacherForcedTrace) -> PairView:
        nll = np.array([s.nll for s in tf.steps], dtype=np.float32)  # (T,)
        rows = [s.attn_weights for s in tf.steps]
        attention = None if any(r is None for r in rows) else np.stack(rows)  # (T, S)
        return cls(list(tf.src_pieces), list(tf.tgt_pieces), nll, attention, tf.total_nll)


@dataclass
class Fixed:
    """What every click trains on and looks at: the fixed batch and the fixed pair."""

    batch: Batch
    pair: tuple[str, str]


@dataclass
class StepwiseResult:
    """Before and after `updates` optimizer updates. batch_loss_*: the fixed batch's loss per
    sentence (nats, dropout off); step: the trainer's update count after them."""

    before: PairView
    after: PairView
    batch_loss_before: float
    batch_loss_after: float
    updates: int
    step: int
    diverged: bool = False


def fixed_batch(trainer: Trainer, train_pairs: list[tuple[str, str]]) -> Fixed:
    """The first `batch_size` training pairs within the length limit, and the first of them."""
    tr = trainer.tr
    enc = encode_within(train_pairs, tr.src_tok, tr.tgt_tok, trainer.cfg.max_len)
    if not enc.src_ids:
        raise ValueError("there is no training pair within the length limit")
    b = trainer.cfg.batch_size
    return Fixed(collate(enc.src_ids[:b], enc.tgt_ids[:b]), train_pairs[enc.index[0]])


@torch.no_grad()
def batch_loss(trainer: Trainer, batch: Batch) -> float:
    """The batch's loss per sentence with the reference fed in and no dropout (nats)."""
    model = trainer.tr.model
    model.eval()
    logits = model(batch.src, batch.src_mask, batch.tgt_in)  # (B, T, V)
    flat = logits.reshape(-1, logits.size(-1))  # (B*T, V)
    gold = batch.tgt_out.reshape(-1)  # (B*T,)
    return float(F.cross_entropy(flat, gold, ignore_index=0, reduction="sum")) / batch.size


def _view(trainer: Trainer, pair: tuple[str, str]) -> PairView:
    return PairView.of(trainer.tr.score(*pair))


def train_steps(trainer: Trainer, fixed: Fixed, n: int = 1) -> StepwiseResult:
    """`n` optimizer updates on the fixed batch; the fixed pair before and after."""
    return _measured(trainer, fixed, [fixed.batch] * n)


def train_epoch(trainer: Trainer, fixed: Fixed) -> StepwiseResult:
    """One pass over every training pair (batches in a seeded order, one update each);
    the fixed pair before and after."""
    rng = random.Random(trainer.cfg.seed * 1000 + trainer.step)
    batches = make_batches(trainer.src_ids, trainer.tgt_ids, trainer.cfg.batch_size, rng)
    return _measured(trainer, fixed, batches)


def _measured(trainer: Trainer, fixed: Fixed, batches: list[Batch]) -> StepwiseResult:
    before, loss_before = _view(trainer, fixed.pair), batch_loss(trainer, fixed.batch)
    done, diverged = 0, False
    per_epoch = max(1, math.ceil(len(trainer.src_ids) / trainer.cfg.batch_size))
    for batch in batches:
        if not math.isfinite(trainer.step_once(batch, per_epoch)):
            diverged = True
            break
        done += 1
    after, loss_after = _view(trainer, fixed.pair), batch_loss(trainer, fixed.batch)
    return StepwiseResult(before, after, loss_before, loss_after, done, trainer.step, diverged)
