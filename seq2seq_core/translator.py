"""A trained system: the model with its two tokenizers and what is known of its training.

`Translator` is what a checkpoint holds and what the app works with. Its methods are thin
doors to `search` and `beam`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import torch

from .beam import beam_search
from .config import ModelConfig
from .model import Seq2Seq
from .search import greedy_trace, teacher_forced_trace, translate_batch
from .tokenizers import Tokenizer, train_tokenizer
from .trace import BeamResult, DecodeTrace, TeacherForcedTrace


@dataclass
class Translator:
    """model + src_tok + tgt_tok; meta holds the training story (JSON-able): corpus name,
    train config, epochs done, timings, scores, history of epoch metrics."""

    model: Seq2Seq
    src_tok: Tokenizer
    tgt_tok: Tokenizer
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def cfg(self) -> ModelConfig:
        return self.model.cfg

    def trace(self, text: str, prefix: Sequence[int] = (), topk: int = 5) -> DecodeTrace:
        return greedy_trace(self.model, self.src_tok, self.tgt_tok, text, prefix=prefix, topk=topk)

    def translate(self, texts: Sequence[str]) -> list[str]:
        return translate_batch(self.model, self.src_tok, self.tgt_tok, texts)

    def beam(self, text: str, k: int = 5, length_penalty: float = 0.0) -> BeamResult:
        return beam_search(
            self.model, self.src_tok, self.tgt_tok, text, k=k, length_penalty=length_penalty
        )

    def score(self, text: str, reference: str) -> TeacherForcedTrace:
        return teacher_forced_trace(self.model, self.src_tok, self.tgt_tok, text, reference)


def build_translator(
    pairs: Sequence[tuple[str, str]],
    model_options: dict[str, Any] | None = None,
    tokenizer: str | tuple[str, str] = "sentencepiece-unigram",
    vocab_size: int = 1000,
    seed: int = 0,
) -> Translator:
    """Train the two tokenizers on `pairs` and build a fresh, seeded model for them.

    tokenizer: one kind for both sides, or (source kind, target kind).
    model_options: ModelConfig fields other than the vocabulary sizes.
    """
    src_kind, tgt_kind = (tokenizer, tokenizer) if isinstance(tokenizer, str) else tokenizer
    src_tok = train_tokenizer(src_kind, [s for s, _ in pairs], vocab_size)
    tgt_tok = train_tokenizer(tgt_kind, [t for _, t in pairs], vocab_size)
    cfg = ModelConfig(
        src_vocab=src_tok.vocab_size, tgt_vocab=tgt_tok.vocab_size, **(model_options or {})
    )
    torch.manual_seed(seed)
    return Translator(Seq2Seq(cfg), src_tok, tgt_tok, {"seed": seed})


def with_config(translator: Translator, **changes: Any) -> Translator:
    """A fresh, untrained model of another configuration on the same tokenizers."""
    cfg = replace(translator.cfg, **changes)
    return Translator(Seq2Seq(cfg), translator.src_tok, translator.tgt_tok, {})
