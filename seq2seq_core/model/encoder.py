"""The encoder: an embedding and an RNN that read the source sentence.

Sutskever et al. 2014 (Sec. 2) encode the whole source into the RNN's last hidden vector;
Bahdanau et al. 2015 (Sec. 3.2) read it in both directions and keep every step's output
("annotation") for attention. This encoder does both: it returns every output and the
final hidden vector, which becomes the decoder's initial state (through a learned bridge
when the encoder reads both ways; see `Encoder`).
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

from seq2seq_core.config import ModelConfig
from seq2seq_core.data.tokenizers import PAD_ID
from seq2seq_core.model.dropout import RunDropout, layered_rnn

RNN_CLASSES = {"gru": nn.GRU, "lstm": nn.LSTM, "rnn": nn.RNN}

# A recurrent state: a tensor (L, B, H) for GRU and tanh RNN, a pair (h, c) for LSTM.
State = torch.Tensor | tuple[torch.Tensor, torch.Tensor]


def state_top(state: State) -> torch.Tensor:
    """The top layer's hidden vector h of a state: (L, B, H) -> (B, H)."""
    h = state[0] if isinstance(state, tuple) else state
    return h[-1]


@dataclass
class Encoded:
    """What the encoder hands over.

    outputs: (B, S, D*H) every source step's output, directions concatenated
        (forward first); zero at padded positions.
    final: the decoder's initial state, layers (L, B, H) (a pair for LSTM).
    final_raw: the RNN's own final state before the bridge, (L*D, B, H) ordered as torch
        orders it (layer-major, forward then backward).
    """

    outputs: torch.Tensor
    final: State
    final_raw: State


class Encoder(nn.Module):
    """Embedding -> (bi)RNN over the source, padded positions excluded by packing.

    The bridge (bidirectional only): for every layer l, the forward direction's state after
    the last token and the backward direction's state after the first,
    s_0^l = tanh(W [h->_T^l; h<-_1^l] + b), one W shared by all layers (an LSTM's cell state
    gets its own W_c and no tanh: c_0^l = W_c [c->_T^l; c<-_1^l] + b_c). This generalises
    Bahdanau et al. 2015 (Appendix A.2.2), whose decoder starts from the backward state
    alone, s_0 = tanh(W_s h<-_1), in one layer. A one-directional encoder hands its final
    hidden vector over unchanged: that vector alone is "the encoded sentence", as in
    Sutskever et al. 2014.
    """

    def __init__(self, cfg: ModelConfig) -> None:
        super().__init__()
        self.cfg = cfg
        self.embed = nn.Embedding(cfg.src_vocab, cfg.emb, padding_idx=PAD_ID)
        self.dropout = RunDropout(cfg.dropout)  # the run's generator draws (dropout.py)
        self.rnn = RNN_CLASSES[cfg.rnn](
            cfg.emb,
            cfg.hidden,
            num_layers=cfg.layers,
            batch_first=True,
            bidirectional=cfg.bidirectional,
        )
        self.rnn_dropout = RunDropout(cfg.dropout if cfg.layers > 1 else 0.0)  # between layers
        if cfg.bidirectional:
            self.bridge = nn.Linear(2 * cfg.hidden, cfg.hidden)
            if cfg.rnn == "lstm":
                self.bridge_c = nn.Linear(2 * cfg.hidden, cfg.hidden)

    def forward(self, src: torch.Tensor, src_mask: torch.Tensor) -> Encoded:
        """src: (B, S) ids; src_mask: (B, S) True at real tokens. Every row has >= 1 token."""
        emb = self.dropout(self.embed(src))  # (B, S, E)
        lengths = src_mask.sum(dim=1)
        if bool((lengths == src.size(1)).all()):
            outputs, final_raw = layered_rnn(self.rnn, emb, None, self.rnn_dropout)
        else:
            packed = pack_padded_sequence(
                emb, lengths.cpu(), batch_first=True, enforce_sorted=False
            )
            packed_out, final_raw = layered_rnn(self.rnn, packed, None, self.rnn_dropout)
            outputs, _ = pad_packed_sequence(packed_out, batch_first=True, total_length=src.size(1))
        if isinstance(final_raw, tuple):
            final = (self._bridge(final_raw[0], "h"), self._bridge(final_raw[1], "c"))
        else:
            final = self._bridge(final_raw, "h")
        return Encoded(outputs=outputs, final=final, final_raw=final_raw)

    def _bridge(self, h: torch.Tensor, which: str) -> torch.Tensor:
        """(L*D, B, H) -> (L, B, H): layer l reads [h->_T^l; h<-_1^l] (see the class)."""
        if not self.cfg.bidirectional:
            return h
        layers, batch, hidden = self.cfg.layers, h.size(1), self.cfg.hidden
        both = h.view(layers, 2, batch, hidden)  # (L, 2, B, H)
        cat = torch.cat([both[:, 0], both[:, 1]], dim=-1)  # (L, B, 2H)
        if which == "c":
            return self.bridge_c(cat)
        return torch.tanh(self.bridge(cat))
