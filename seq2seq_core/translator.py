"""A trained system: the model with its two tokenizers and what is known of its training.

`Translator` is what a checkpoint holds and what the app works with. Its methods are thin
doors to `search` and `beam`.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import torch

from seq2seq_core import limits
from seq2seq_core.config import MAX_LEN, ModelConfig
from seq2seq_core.data.tokenizers import Tokenizer, train_tokenizer
from seq2seq_core.decoding.beam import beam_search
from seq2seq_core.decoding.search import greedy_trace, teacher_forced_trace, translate_batch
from seq2seq_core.decoding.trace import BeamResult, DecodeTrace, TeacherForcedTrace
from seq2seq_core.model.seq2seq import Seq2Seq


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

    @property
    def max_len(self) -> int:
        """The length limit in tokens this model was trained with, the same for decoding:
        meta "max_len" (set by the Trainer), else the saved train config's (older model
        files: the 60 their training cut to), else config.MAX_LEN; a value that is not a
        whole number within the limits a run may set counts as none (a loaded file's
        story is checked the same way: checkpoint_meta)."""
        limit = self.meta.get("max_len", self.meta.get("train_config", {}).get("max_len"))
        low, high = limits.MIN_LENGTH_LIMIT, limits.MAX_LENGTH_LIMIT
        return MAX_LEN if limits.check_range("max_len", limit, low, high) else limit

    def trace(self, text: str, prefix: Sequence[int] = (), topk: int = 5) -> DecodeTrace:
        return greedy_trace(
            self.model, self.src_tok, self.tgt_tok, text, prefix=prefix, topk=topk,
            max_src_len=self.max_len,
        )  # fmt: skip

    def translate(self, texts: Sequence[str]) -> list[str]:
        return translate_batch(self.model, self.src_tok, self.tgt_tok, texts, limit=self.max_len)

    def beam(self, text: str, k: int = 5, length_penalty: float = 0.0) -> BeamResult:
        return beam_search(
            self.model,
            self.src_tok,
            self.tgt_tok,
            text,
            k=k,
            length_penalty=length_penalty,
            limit=self.max_len,
        )

    def score(self, text: str, reference: str) -> TeacherForcedTrace:
        return teacher_forced_trace(
            self.model, self.src_tok, self.tgt_tok, text, reference, self.max_len
        )


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
    return Translator(seeded_model(cfg, seed), src_tok, tgt_tok, {"seed": seed})


_INIT_LOCK = threading.Lock()


def seeded_model(cfg: ModelConfig, seed: int) -> Seq2Seq:
    """A fresh model whose initial weights depend on `seed` alone. The layers' own init draws
    from torch's global generator; it is seeded and drawn under a lock (another session
    building a model in another thread would reseed it midway) and restored afterwards."""
    with _INIT_LOCK, torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        return Seq2Seq(cfg)


def with_config(translator: Translator, **changes: Any) -> Translator:
    """A fresh, untrained model of another configuration on the same tokenizers."""
    cfg = replace(translator.cfg, **changes)
    return Translator(Seq2Seq(cfg), translator.src_tok, translator.tgt_tok, {})
