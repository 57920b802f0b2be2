"""The encoder-decoder, end to end.

`Seq2Seq.encode` runs the encoder once per source batch and precomputes the attention
keys; `Seq2Seq.forward` is the teacher-forced training pass; decoding (greedy, beam,
traces) lives in `search.py` and uses `encode` and `decoder.step`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import torch
from torch import nn
from torch.overrides import TorchFunctionMode

from seq2seq_core.config import ModelConfig
from seq2seq_core.model.decoder import Decoder
from seq2seq_core.model.encoder import Encoded, Encoder, State


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


class _NoInit(TorchFunctionMode):
    """Skips the random initialisation of meta tensors: their values do not exist, and
    `normal_` on the meta device imports torch._dynamo (73 MB, 800 modules) the first time."""

    def __torch_function__(self, func, types, args=(), kwargs=None):
        kwargs = kwargs or {}
        if getattr(func, "__name__", "") in _INIT_OPS:
            tensor = args[0] if args else kwargs.get("tensor")  # nn.init passes it by name
            if isinstance(tensor, torch.Tensor) and tensor.is_meta:
                return tensor
        return func(*args, **kwargs)


_INIT_OPS = {"normal_", "uniform_", "zero_", "fill_", "orthogonal_", "trunc_normal_"}


@lru_cache(maxsize=64)
def parameter_shapes(cfg: ModelConfig) -> dict[str, tuple[int, ...]]:
    """The name and shape of every tensor in `Seq2Seq(cfg).state_dict()`, found by building
    the model on torch's "meta" device, which allocates no memory: what a checkpoint must hold,
    and the parameter count, known before a model of that size is ever built."""
    with torch.device("meta"), _NoInit():
        model = Seq2Seq(cfg)
    return {k: tuple(v.shape) for k, v in model.state_dict().items()}
