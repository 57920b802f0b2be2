"""The encoder-decoder, end to end.

`Seq2Seq.encode` runs the encoder once per source batch and precomputes the attention
keys; `Seq2Seq.forward` is the teacher-forced training pass; decoding (greedy, beam,
traces) lives in `search.py` and uses `encode` and `decoder.step`.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn

from .config import ModelConfig
from .decoder import Decoder
from .encoder import Encoded, Encoder, State


@dataclass
class Memory:
    """The source side as the decoder sees it.

    encoded: the encoder's outputs and final state; keys: (B, S, K) projected once for
    attention (None without attention); src_mask: (B, S) True at real tokens.
    """

    encoded: Encoded
    keys: torch.Tensor | None
    src_mask: torch.Tensor

    @property
    def outputs(self) -> torch.Tensor:
        return self.encoded.outputs

    @property
    def initial_state(self) -> State:
        return self.encoded.final


class Seq2Seq(nn.Module):
    """Encoder -> (bridge, when bidirectional) -> decoder, with attention over the encoder
    outputs unless the config says "none" (then the decoder starts from the encoded hidden
    vector and sees nothing else of the source, as in Sutskever et al. 2014). See
    `encoder.py`, `attention.py` and `decoder.py` for each part's equations and papers."""

    def __init__(self, cfg: ModelConfig) -> None:
        super().__init__()
        self.cfg = cfg
        self.encoder = Encoder(cfg)
        self.decoder = Decoder(cfg)

    def encode(self, src: torch.Tensor, src_mask: torch.Tensor) -> Memory:
        """src: (B, S) ids, src_mask: (B, S) True at real tokens."""
        encoded = self.encoder(src, src_mask)
        keys = None
        if self.decoder.has_attention:
            keys = self.decoder.attention.project_keys(encoded.outputs)  # (B, S, K)
        return Memory(encoded=encoded, keys=keys, src_mask=src_mask)

    def forward(
        self,
        src: torch.Tensor,
        src_mask: torch.Tensor,
        tgt_in: torch.Tensor,
        teacher_forcing: float = 1.0,
        force_loop: bool = False,
    ) -> torch.Tensor:
        """Teacher-forced pass: tgt_in (B, T) starts with `<sos>`; returns logits (B, T, V)."""
        mem = self.encode(src, src_mask)
        return self.decoder(
            tgt_in,
            mem.initial_state,
            mem.outputs,
            mem.keys,
            mem.src_mask,
            teacher_forcing=teacher_forcing,
            force_loop=force_loop,
        )

    def num_parameters(self) -> int:
        """The number of trainable weights (all parameters)."""
        return sum(p.numel() for p in self.parameters())
