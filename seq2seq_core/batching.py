"""Turning sentence pairs into padded, masked batches.

Pairs are encoded to ids once. Each epoch, sentences of similar length are grouped
(bucketing: shuffled, then sorted by length within pools of 50 batches) so that little
compute is spent on padding, and the batches themselves are shuffled.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import torch

from .tokenizers import EOS_ID, PAD_ID, SOS_ID, Tokenizer


@dataclass
class Batch:
    """src: (B, S) ids; src_mask: (B, S) True at real tokens;
    tgt_in: (B, T) `<sos>` y_1 .. y_n (padded); tgt_out: (B, T) y_1 .. y_n `<eos>` (padded).
    n_tokens: real target tokens (the `<eos>` steps included)."""

    src: torch.Tensor
    src_mask: torch.Tensor
    tgt_in: torch.Tensor
    tgt_out: torch.Tensor
    n_tokens: int

    @property
    def size(self) -> int:
        return self.src.size(0)


def encode_pairs(
    pairs: Sequence[tuple[str, str]],
    src_tok: Tokenizer,
    tgt_tok: Tokenizer,
    max_len: int,
) -> tuple[list[list[int]], list[list[int]]]:
    """Encode (source, target) texts; both sides are cut to max_len tokens, and a source
    that encodes to nothing becomes one `<unk>`."""
    src_ids = src_tok.encode_batch([src_tok.normalize(s) for s, _ in pairs])
    tgt_ids = tgt_tok.encode_batch([tgt_tok.normalize(t) for _, t in pairs])
    src_ids = [(ids[:max_len] or [1]) for ids in src_ids]
    tgt_ids = [ids[: max_len - 1] for ids in tgt_ids]
    return src_ids, tgt_ids


def collate(src_ids: Sequence[list[int]], tgt_ids: Sequence[list[int]]) -> Batch:
    """Pad a list of encoded pairs into one Batch."""
    b = len(src_ids)
    s_len = max(len(s) for s in src_ids)
    t_len = max(len(t) for t in tgt_ids) + 1
    src = np.full((b, s_len), PAD_ID, dtype=np.int64)
    tgt_in = np.full((b, t_len), PAD_ID, dtype=np.int64)
    tgt_out = np.full((b, t_len), PAD_ID, dtype=np.int64)
    for row, (s, t) in enumerate(zip(src_ids, tgt_ids, strict=True)):
        src[row, : len(s)] = s
        tgt_in[row, 0] = SOS_ID
        tgt_in[row, 1 : len(t) + 1] = t
        tgt_out[row, : len(t)] = t
        tgt_out[row, len(t)] = EOS_ID
    src_t = torch.from_numpy(src)
    tgt_out_t = torch.from_numpy(tgt_out)
    return Batch(
        src=src_t,
        src_mask=src_t != PAD_ID,
        tgt_in=torch.from_numpy(tgt_in),
        tgt_out=tgt_out_t,
        n_tokens=int((tgt_out_t != PAD_ID).sum()),
    )


def make_batches(
    src_ids: Sequence[list[int]],
    tgt_ids: Sequence[list[int]],
    batch_size: int,
    rng: random.Random | None = None,
    pool: int = 50,
) -> list[Batch]:
    """Bucketed batches; with rng None the order is by length, unshuffled (for evaluation)."""
    order = list(range(len(src_ids)))
    if rng is not None:
        rng.shuffle(order)
    span = batch_size * pool if rng is not None else max(1, len(order))
    chunks = []
    for start in range(0, len(order), span):
        part = sorted(order[start : start + span], key=lambda i: (len(src_ids[i]), len(tgt_ids[i])))
        chunks += [part[j : j + batch_size] for j in range(0, len(part), batch_size)]
    if rng is not None:
        rng.shuffle(chunks)
    return [collate([src_ids[i] for i in c], [tgt_ids[i] for i in c]) for c in chunks]
