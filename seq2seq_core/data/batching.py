"""Turning sentence pairs into padded, masked batches.

Pairs are encoded to ids once. A pair with a side longer than the length limit (in tokens,
`config.MAX_LEN` or the run's `TrainConfig.max_len`) is left out and counted in a
`LengthReport`, never cut: a cut target would end with `<eos>` mid-sentence. Each epoch,
sentences of similar length are grouped (bucketing: shuffled, then sorted by length within
pools of 50 batches) so that little compute is spent on padding, and the batches themselves
are shuffled.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import torch

from seq2seq_core.data.tokenizers import EOS_ID, PAD_ID, SOS_ID, UNK_ID, Tokenizer


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


@dataclass(frozen=True)
class LengthReport:
    """How a set of pairs fits the length limit (tokens of each side, `<sos>`/`<eos>` not
    counted). over: pairs with a side longer than `limit`, left out of training and
    validation; src_over / tgt_over: of those, with a long source / a long target."""

    limit: int
    pairs: int
    over: int
    src_over: int
    tgt_over: int
    longest_src: int
    longest_tgt: int

    @property
    def kept(self) -> int:
        return self.pairs - self.over

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class EncodedPairs:
    """The pairs within the limit, encoded: src_ids[i], tgt_ids[i] are pair index[i]."""

    src_ids: list[list[int]]
    tgt_ids: list[list[int]]
    index: list[int]
    report: LengthReport


def encode_within(
    pairs: Sequence[tuple[str, str]], src_tok: Tokenizer, tgt_tok: Tokenizer, max_len: int
) -> EncodedPairs:
    """Encode (source, target) texts and keep the pairs whose sides have at most max_len
    tokens; a source that encodes to nothing becomes one `<unk>`."""
    src_all = src_tok.encode_batch([src_tok.normalize(s) for s, _ in pairs])
    tgt_all = tgt_tok.encode_batch([tgt_tok.normalize(t) for _, t in pairs])
    index = [
        i
        for i, (s, t) in enumerate(zip(src_all, tgt_all, strict=True))
        if len(s) <= max_len and len(t) <= max_len
    ]
    report = LengthReport(
        limit=max_len,
        pairs=len(pairs),
        over=len(pairs) - len(index),
        src_over=sum(len(s) > max_len for s in src_all),
        tgt_over=sum(len(t) > max_len for t in tgt_all),
        longest_src=max(map(len, src_all), default=0),
        longest_tgt=max(map(len, tgt_all), default=0),
    )
    src_ids = [src_all[i] or [UNK_ID] for i in index]
    return EncodedPairs(src_ids, [tgt_all[i] for i in index], index, report)


def length_report(
    pairs: Sequence[tuple[str, str]], src_tok: Tokenizer, tgt_tok: Tokenizer, max_len: int
) -> LengthReport:
    """How many of `pairs` exceed the limit with these tokenizers (what training leaves out)."""
    return encode_within(pairs, src_tok, tgt_tok, max_len).report


def encode_pairs(
    pairs: Sequence[tuple[str, str]],
    src_tok: Tokenizer,
    tgt_tok: Tokenizer,
    max_len: int,
) -> tuple[list[list[int]], list[list[int]]]:
    """The ids of the pairs within the limit (`encode_within` also says which and how many
    were left out)."""
    enc = encode_within(pairs, src_tok, tgt_tok, max_len)
    return enc.src_ids, enc.tgt_ids


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
