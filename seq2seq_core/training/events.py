"""What a training run yields: one event per batch, one per epoch, one at the end.

Plain data for whoever runs the `train.Trainer` (the Train page, the CLI). Losses are in
nats: `*_loss_per_sentence` is the cross-entropy summed over a sentence's decoder steps (the
lesson's loss), `*_loss_per_token` the same total divided by the number of target tokens.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from seq2seq_core.decoding.trace import jsonable

_KEPT = "kept the weights of epoch {epoch} (best validation loss {loss:.3f} nats per sentence)"


@dataclass
class BatchEvent:
    epoch: int
    step: int
    batches_per_epoch: int
    loss_per_sentence: float
    loss_per_token: float
    token_accuracy: float
    tokens_per_s: float
    elapsed: float
    kind: str = "batch"


@dataclass
class Sample:
    source: str
    reference: str
    hypothesis: str


@dataclass
class EpochEvent:
    """After each epoch: training averages, validation scores, samples, and the attention
    of the fixed example (`attention`: (T, S) weights, with its source and output pieces)."""

    epoch: int
    step: int
    train_loss_per_sentence: float
    train_loss_per_token: float
    train_token_accuracy: float
    valid_loss_per_sentence: float
    valid_loss_per_token: float
    valid_token_accuracy: float
    valid_exact_match: float
    tokens_per_s: float
    elapsed: float
    samples: list[Sample]
    attention: np.ndarray | None = None
    attention_src: list[str] = field(default_factory=list)
    attention_out: list[str] = field(default_factory=list)
    n_valid: int = 0  # validation pairs scored (0: the valid_* fields mean nothing)
    kind: str = "epoch"

    def to_dict(self) -> dict[str, Any]:
        """Plain, strict-JSON data (a non-finite loss is written as in `trace.jsonable`)."""
        return jsonable(asdict(self))


@dataclass
class DoneEvent:
    """reason: "finished" (all epochs), "stopped" (request_stop), "diverged" (NaN/inf loss:
    the weights and optimizer state of the last finished epoch are restored) or "reached"
    (the validation exact match reached `TrainConfig.stop_at_exact_match`; those weights
    are kept).

    best_epoch: the epoch whose weights the model now holds, the one with the lowest
    validation loss (per sentence, nats); None before any epoch ended or without a
    validation set (the model then holds the last weights). best_valid_loss: that loss."""

    reason: str
    epoch: int
    step: int
    message: str
    kind: str = "done"
    best_epoch: int | None = None
    best_valid_loss: float | None = None

    @property
    def kept(self) -> str:
        """'kept the weights of epoch N (best validation loss ...)', or "" (no best epoch)."""
        if self.best_epoch is None or self.best_valid_loss is None:
            return ""
        return _KEPT.format(epoch=self.best_epoch, loss=self.best_valid_loss)


Event = BatchEvent | EpochEvent | DoneEvent
