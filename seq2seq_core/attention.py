"""Attention: how a decoder step looks at all encoder outputs.

Given a query q (a decoder hidden state) and the encoder outputs h_1..h_S, a score is
computed for every source position, the scores are turned into weights by a softmax over
the real (unpadded) positions, and the context vector is the weighted sum of the outputs.

- dot:      score(q, h_s) = q . h_s                       (Luong et al. 2015, Sec. 3.1, eq. 8)
- general:  score(q, h_s) = q . W_a h_s                   (Luong et al. 2015, Sec. 3.1, eq. 8)
- additive: score(q, h_s) = v . tanh(W_q q + U_a h_s)     (Bahdanau et al. 2015, Sec. 3.1, A.1.2)

The parts that depend only on the source (W_a h_s, U_a h_s) are computed once per
sentence by `project_keys`, not once per decoder step.
"""

from __future__ import annotations

import torch
from torch import nn


class Attention(nn.Module):
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
        if self.kind == "additive":
            q = self.query_proj(query)  # (B, T, H)
            hidden = torch.tanh(q.unsqueeze(2) + keys.unsqueeze(1))  # (B, T, S, H)
            scores = self.v(hidden).squeeze(-1)  # (B, T, S)
        else:
            scores = torch.bmm(query, keys.transpose(1, 2))  # (B, T, S)
        scores = scores.masked_fill(~src_mask.unsqueeze(1), float("-inf"))
        attn_weights = torch.softmax(scores, dim=-1)  # (B, T, S)
        context = torch.bmm(attn_weights, memory)  # (B, T, M)
        return context, attn_weights
