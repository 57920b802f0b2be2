"""Attention: how a decoder step looks at all encoder outputs.

Given a query q (a decoder hidden state) and the encoder outputs h_1..h_S, a score is
computed for every source position, the scores are turned into weights by a softmax over
the real (unpadded) positions, and the context vector is the weighted sum of the outputs.

- dot:      score(q, h_s) = q . h_s                       (Luong et al. 2015, Sec. 3.1, eq. 8)
- general:  score(q, h_s) = q . W_a h_s                   (Luong et al. 2015, Sec. 3.1, eq. 8)
- additive: score(q, h_s) = v . tanh(W_q q + b + U_a h_s)

Which query q is, is the decoder's choice (`decoder.py`): the Luong style asks with the new
state h_t, the Bahdanau style with the previous state s_{t-1}. So "additive" is
Bahdanau's alignment model a(s_{t-1}, h_s) (Bahdanau et al. 2015, Sec. 3.1, App. A.1.2)
with the Bahdanau style, and Luong's "concat" score v . tanh(W_a [h_t; h_s]) (Luong
et al. 2015, Sec. 3.1, eq. 8; W_a split into W_q and U_a, plus a bias b) with the Luong
style. dot and general work with either style.

The parts that depend only on the source (W_a h_s, U_a h_s) are computed once per
sentence by `project_keys`, not once per decoder step. The additive score of all query
steps and source positions at once is one tensor (B, T, S, H); in training,
`additive_scores` computes it with a backward pass written for it (bench/RESULTS.md,
entry 5).
"""

from __future__ import annotations

import torch
from torch import nn


class _AdditiveScores(torch.autograd.Function):
    """scores = tanh(q_t + k_s) . v for every query step t and source position s.

    q: (B, T, H) projected queries (bias included); k: (B, S, H) projected keys; v: (H,).
    The (B, T, S, H) energy tensor is the largest of the training step; autograd of the
    plain formula allocates it three times and computes the gradient of `v` as an outer
    product. Here it is made once and transformed in place, with tanh(x) taken as
    2 sigmoid(2x) - 1 (the same function; this CPU's vectorised sigmoid is about 3x faster
    than its tanh, and the two differ by about 1e-7), and the backward pass is three
    reductions of one tensor: d tanh = 1 - tanh^2.
    """

    @staticmethod
    def forward(ctx, q: torch.Tensor, k: torch.Tensor, v: torch.Tensor) -> torch.Tensor:
        energy = torch.add(q.unsqueeze(2), k.unsqueeze(1))  # (B, T, S, H)
        energy.mul_(2.0).sigmoid_().mul_(2.0).sub_(1.0)  # tanh, in place
        ctx.save_for_backward(energy, v)
        return torch.matmul(energy, v)  # (B, T, S)

    @staticmethod
    def backward(ctx, grad: torch.Tensor):
        energy, v = ctx.saved_tensors
        hidden = energy.size(-1)
        grad_v = (grad.reshape(1, -1) @ energy.reshape(-1, hidden)).view(hidden)  # (H,)
        d = torch.mul(energy, energy).neg_().add_(1.0)  # 1 - tanh^2, (B, T, S, H)
        d.mul_(grad.unsqueeze(-1)).mul_(v)  # the gradient at tanh's input
        return d.sum(dim=2), d.sum(dim=1), grad_v  # (B, T, H), (B, S, H), (H,)


def additive_scores(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor) -> torch.Tensor:
    """v . tanh(q_t + k_s): q (B, T, H), k (B, S, H), v (H,) -> scores (B, T, S).

    The teacher-forced training pass (all T steps at once, gradients needed) goes through
    `_AdditiveScores` (about 2x faster there, `python bench/parts.py`); a single decoder
    step and decoding compute the formula as it stands, where the Function's own call
    overhead would cost more than it saves."""
    if q.size(1) > 1 and torch.is_grad_enabled() and (q.requires_grad or k.requires_grad):
        return _AdditiveScores.apply(q, k, v)
    return torch.matmul(torch.tanh(q.unsqueeze(2) + k.unsqueeze(1)), v)  # (B, T, S)


class Attention(nn.Module):
    """One score (dot, general or additive, see the module) over the encoder outputs.

    query_size: the decoder's hidden size H; memory_size: the encoder outputs' size M
    (D*H). `key_proj` is W_a (general) or U_a (additive); `query_proj` is W_q with its bias
    b and `v` is v (additive only)."""

    def __init__(self, kind: str, query_size: int, memory_size: int) -> None:
        super().__init__()
        if kind not in ("dot", "general", "additive"):
            raise ValueError(f"unknown attention {kind!r}")
        self.kind = kind
        if kind == "general":
            self.key_proj = nn.Linear(memory_size, query_size, bias=False)
        elif kind == "additive":
            self.key_proj = nn.Linear(memory_size, query_size, bias=False)
            self.query_proj = nn.Linear(query_size, query_size)
            self.v = nn.Linear(query_size, 1, bias=False)

    def project_keys(self, memory: torch.Tensor) -> torch.Tensor:
        """memory: (B, S, M) encoder outputs -> keys (B, S, K), once per sentence."""
        if self.kind == "dot":
            return memory
        return self.key_proj(memory)  # (B, S, H)

    def scores(
        self, query: torch.Tensor, keys: torch.Tensor, src_mask: torch.Tensor
    ) -> torch.Tensor:
        """The scores before the softmax: query (B, T, H), keys (B, S, K) -> (B, T, S),
        -inf on padding (Luong et al. 2015, eq. 8; Bahdanau et al. 2015, e_ts of Sec. 3.1)."""
        if self.kind == "additive":
            q = self.query_proj(query)  # (B, T, H)
            scores = additive_scores(q, keys, self.v.weight[0])  # (B, T, S)
        else:
            scores = torch.bmm(query, keys.transpose(1, 2))  # (B, T, S)
        return scores.masked_fill(~src_mask.unsqueeze(1), float("-inf"))

    def forward(
        self,
        query: torch.Tensor,
        keys: torch.Tensor,
        memory: torch.Tensor,
        src_mask: torch.Tensor,
    ) -> tuple[torch.Tensor, torch.Tensor]:
        """query: (B, T, H) for T decoder steps at once (T = 1 in a step loop).

        keys: (B, S, K) from `project_keys`; memory: (B, S, M); src_mask: (B, S) True at
        real tokens. Returns context (B, T, M) and attn_weights (B, T, S); every row of
        attn_weights sums to 1 and is exactly 0 on padding.
        """
        scores = self.scores(query, keys, src_mask)  # (B, T, S)
        attn_weights = torch.softmax(scores, dim=-1)  # (B, T, S)
        context = torch.bmm(attn_weights, memory)  # (B, T, M)
        return context, attn_weights
