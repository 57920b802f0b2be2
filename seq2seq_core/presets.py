"""The defaults that are not the config dataclasses': the model sizes a student picks from, the
model teacher mode trains, the experiments' tiny model, and where the Train page's training
options start for a corpus of a given size.

`ModelConfig` and `TrainConfig` (config.py) hold the library's and the command line's own
defaults; everything here is chosen on top of them, in one place, by the command line
(`train --preset`), the Train page (ui/pages/train.py, teacher mode included) and the
experiments (ui/sections/experiments/view.py). Each value says where it came from.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class Size:
    """A model's size: embedding and RNN hidden size (`ModelConfig.emb`, `.hidden`)."""

    emb: int
    hidden: int

    def options(self) -> dict[str, int]:
        return asdict(self)


# The size presets: the Train page's choices (its "default" first picked) and `train --preset`.
# Every one fits the parameter cap at the largest vocabulary with 2 layers
# (tests/seq2seq_core/test_limits.py).
SIZES: dict[str, Size] = {
    # ModelConfig's defaults: the fastest to 97% validation exact match on reverse
    # (bench/RESULTS.md, entry 7).
    "tiny": Size(emb=32, hidden=64),
    # The library's defaults before entry 7, kept for the page: with the page's training
    # options it learns every built-in corpus in its 5 epochs, `numbers` included, where
    # 32/64 does not (entry 7, the last table).
    "default": Size(emb=64, hidden=128),
    # Twice the default, for a larger corpus of the class's own.
    "bigger": Size(emb=128, hidden=256),
}
DEFAULT_SIZE = "default"


@dataclass(frozen=True)
class Architecture:
    """A model's options other than its size and vocabularies (the rest of ModelConfig)."""

    layers: int
    rnn: str
    bidirectional: bool
    attention: str
    decoder_style: str
    luong_input_feeding: bool

    def options(self, size: Size) -> dict[str, Any]:
        """ModelConfig's options (every field but the vocabularies) of this model at `size`."""
        return {**size.options(), **asdict(self)}


# The model of the lectures, what teacher mode trains (it hides every other option) and where
# the Train page's details start: a one-layer bidirectional GRU encoder with additive attention
# (Bahdanau et al. 2015) in the Luong style without input feeding, ModelConfig's defaults, the
# "defaults" row of bench/RESULTS.md's suite (teacher-forced training in one call, no step loop).
TEACHING = Architecture(
    layers=1,
    rnn="gru",
    bidirectional=True,
    attention="additive",
    decoder_style="luong",
    luong_input_feeding=False,
)


@dataclass(frozen=True)
class LabModel:
    """The experiments' model and how it is trained: each experiment's variants change only
    what they compare (the attention, the teacher forcing ratio) on top of it."""

    size: Size
    architecture: Architecture
    batch: int
    lr: float

    def options(self) -> dict[str, Any]:
        return self.architecture.options(self.size)


# Tiny, so that an experiment's several runs on up to 1,700 pairs take seconds one after
# another; trained as the Train page trains a small corpus (batch 16, lr 3e-3, below).
LAB = LabModel(size=SIZES["tiny"], architecture=TEACHING, batch=16, lr=3e-3)


@dataclass(frozen=True)
class TrainingStart:
    """Where the Train page's training options start for a corpus (what teacher mode uses)."""

    epochs: int
    batch: int
    lr: float
    tf: float  # the teacher forcing ratio


# About this many sentence visits a run makes (epochs x pairs), within 5 to 60 epochs: a small
# corpus needs more passes. A built-in corpus of 8,700-10,500 pairs gets 5 epochs, enough for
# the "default" size on every one (bench/RESULTS.md, entry 7, the last table).
SENTENCE_VISITS = 12_000
EPOCH_RANGE = (5, 60)
# Below SMALL_CORPUS pairs, batches of SMALL_BATCH (more updates from few pairs), else BATCH;
# lr 3e-3 suits hidden 128 and more (TrainConfig's docstring; entry 7's page runs used batch 64
# and lr 3e-3). Full teacher forcing, as TrainConfig's default.
SMALL_CORPUS, SMALL_BATCH, BATCH = 1000, 16, 64
LR, TEACHER_FORCING = 3e-3, 1.0


def auto_epochs(n: int) -> int:
    """The epochs for a corpus of `n` pairs: about SENTENCE_VISITS visits."""
    low, high = EPOCH_RANGE
    return max(low, min(high, math.ceil(SENTENCE_VISITS / max(n, 1))))


def training_start(n: int) -> TrainingStart:
    """Where the training options start for a corpus of `n` pairs."""
    batch = SMALL_BATCH if n < SMALL_CORPUS else BATCH
    return TrainingStart(epochs=auto_epochs(n), batch=batch, lr=LR, tf=TEACHER_FORCING)
