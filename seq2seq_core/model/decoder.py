"""The decoder: an RNN that writes the target one token at a time.

At step t it reads the embedding of the token y_{t-1} (`<sos>` at the first step), updates
its hidden state, and turns what it has into a probability vector over the target
vocabulary. Three styles (s_0 is the encoder's final hidden vector, through the bridge when
the encoder reads both ways):

- no attention (Sutskever et al. 2014, Sec. 2): s_t = RNN(e(y_{t-1}), s_{t-1}),
  p(y_t) = softmax(W_o s_t). s_0 is all it knows of the source: the bottleneck. This is
  Sutskever's decoder, not Cho et al.'s (2014, Sec. 2.2), which also reads the summary c
  at every step, in the state update and in the output. It is the decoder of both
  `decoder_style`s: the styles differ only in where attention's query and context go.
- Bahdanau (Bahdanau et al. 2015, Sec. 3.1): the previous state s_{t-1} (top layer)
  queries the encoder outputs; the context c_t is concatenated to the input embedding,
  s_t = RNN([e(y_{t-1}); c_t], s_{t-1}), and p(y_t) = softmax(W_o tanh(W_c [c_t; s_t])).
  That output layer reads the new state s_t and c_t only: the paper's deep output
  (App. A.2.2) also reads e(y_{t-1}) and takes a maxout, neither of which is here.
  Any score (dot, general, additive) can be used; additive is the paper's.
- Luong (Luong et al. 2015, Sec. 3): s_t = RNN(e(y_{t-1}), s_{t-1}) first, then s_t queries
  the encoder outputs, h~_t = tanh(W_c [c_t; s_t]) (eq. 5) and p(y_t) = softmax(W_s h~_t)
  (eq. 6). With Luong input feeding (Sec. 3.3, `luong_input_feeding`) h~_{t-1} is
  concatenated to the next input: s_t = RNN([e(y_{t-1}); h~_{t-1}], s_{t-1}). With the
  additive score this is Luong's "concat" score on s_t (Sec. 3.1).

"Input feeding" thus names two things: feeding the token chosen at step t-1 as the input
of step t (every decoder does this when it translates), and Luong's feeding of the
attentional vector h~_{t-1} (only with `luong_input_feeding=True`).
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn

from seq2seq_core.config import ModelConfig
from seq2seq_core.data.tokenizers import PAD_ID, SOS_ID
from seq2seq_core.model.attention import Attention
from seq2seq_core.model.dropout import RunDropout, layered_rnn
from seq2seq_core.model.encoder import RNN_CLASSES, State, state_top


@dataclass
class StepOutput:
    """One decoder step for a batch.

    logits: (B, V); state: the new recurrent state (L, B, H);
    attentional: (B, H) tanh(W_c [c_t; s_t]), the vector the output layer reads, None
        without attention. Luong style: h~_t, fed to step t+1 with Luong input feeding.
        Bahdanau style: the output layer's hidden layer; c_t was computed from s_{t-1} and
        already went into the RNN, and nothing feeds this vector back;
    attn_weights: (B, S) or None; context: (B, M) or None.
    """

    logits: torch.Tensor
    state: State
    attentional: torch.Tensor | None
    attn_weights: torch.Tensor | None
    context: torch.Tensor | None


class Decoder(nn.Module):
    """The target side: an embedding, an RNN, attention (unless "none") and the output
    layer, in one of the three styles of the module docstring. `step` decodes one step for
    a batch; `forward` is the teacher-forced training pass over whole targets."""

    def __init__(self, cfg: ModelConfig) -> None:
        super().__init__()
        self.cfg = cfg
        self.has_attention = cfg.attention != "none"
        self.bahdanau = self.has_attention and cfg.decoder_style == "bahdanau"
        in_size = cfg.emb
        if self.bahdanau:
            in_size += cfg.enc_out
        if cfg.luong_input_feeding:
            in_size += cfg.hidden
        self.embed = nn.Embedding(cfg.tgt_vocab, cfg.emb, padding_idx=PAD_ID)
        self.dropout = RunDropout(cfg.dropout)  # the run's generator draws (dropout.py)
        self.rnn = RNN_CLASSES[cfg.rnn](
            in_size, cfg.hidden, num_layers=cfg.layers, batch_first=True
        )
        self.rnn_dropout = RunDropout(cfg.dropout if cfg.layers > 1 else 0.0)  # between layers
        self.generator: torch.Generator | None = None  # teacher forcing's coin (dropout.py)
        if self.has_attention:
            self.attention = Attention(cfg.attention, cfg.hidden, cfg.enc_out)
            self.combine = nn.Linear(cfg.enc_out + cfg.hidden, cfg.hidden)  # W_c
        self.out = nn.Linear(cfg.hidden, cfg.tgt_vocab)
        # `<pad>` and `<sos>` are never a prediction: their logits are -inf, so the softmax
        # spreads over real tokens and `<eos>` only, in training and decoding alike.
        never = torch.zeros(cfg.tgt_vocab, dtype=torch.bool)
        never[[PAD_ID, SOS_ID]] = True
        self.register_buffer("never", never, persistent=False)

    def logits(self, x: torch.Tensor) -> torch.Tensor:
        """(..., H) -> (..., V) scores over the target vocabulary."""
        return self.out(self.dropout(x)).masked_fill(self.never, float("-inf"))

    def _rnn_step(self, x: torch.Tensor, state: State) -> tuple[torch.Tensor, State]:
        """One time step of `self.rnn` through its cell functions, on the same weights.

        x: (B, 1, I) -> out (B, 1, H). Calling the nn.GRU/LSTM module for a length-1 sequence
        costs about 1.6x its cell (measured: 131 against 82 us a call at batch 1), and the
        step loop calls it once per target token."""
        rnn, h = self.rnn, x[:, 0]  # (B, I)
        lstm = isinstance(state, tuple)
        new_h, new_c = [], []
        for layer in range(rnn.num_layers):
            names = ("weight_ih", "weight_hh", "bias_ih", "bias_hh")
            w = [getattr(rnn, f"{n}_l{layer}") for n in names]
            if lstm:
                hl, cl = torch.lstm_cell(h, (state[0][layer], state[1][layer]), *w)
                new_c.append(cl)
            elif self.cfg.rnn == "gru":
                hl = torch.gru_cell(h, state[layer], *w)
            else:
                hl = torch.rnn_tanh_cell(h, state[layer], *w)
            new_h.append(hl)
            h = hl
            if layer + 1 < rnn.num_layers:
                h = self.rnn_dropout(h)
        hs = torch.stack(new_h)  # (L, B, H)
        return hl.unsqueeze(1), ((hs, torch.stack(new_c)) if lstm else hs)

    def step(
        self,
        y_prev: torch.Tensor,
        state: State,
        memory: torch.Tensor,
        keys: torch.Tensor | None,
        src_mask: torch.Tensor,
        feed: torch.Tensor | None = None,
    ) -> StepOutput:
        """One step. y_prev: (B,) token ids fed in (the chosen or gold token of step t-1);
        state: s_{t-1}; memory: (B, S, M) encoder outputs; keys: (B, S, K) or None;
        feed: (B, H) h~_{t-1} with Luong input feeding, else None."""
        emb = self.dropout(self.embed(y_prev)).unsqueeze(1)  # (B, 1, E)
        if not self.has_attention:
            out, state = self._rnn_step(emb, state)  # (B, 1, H)
            logits = self.logits(out[:, 0])  # (B, V)
            return StepOutput(logits, state, None, None, None)
        if self.bahdanau:
            query = state_top(state).unsqueeze(1)  # (B, 1, H): the previous state asks
            context, attn = self.attention(query, keys, memory, src_mask)  # (B, 1, M)
            out, state = self._rnn_step(torch.cat([emb, context], dim=-1), state)
        else:
            rnn_in = emb  # (B, 1, E), or (B, 1, E + H) with h~_{t-1} fed in
            if self.cfg.luong_input_feeding:
                rnn_in = torch.cat([emb, feed.unsqueeze(1)], dim=-1)
            out, state = self._rnn_step(rnn_in, state)  # (B, 1, H)
            context, attn = self.attention(out, keys, memory, src_mask)  # the new state asks
        attentional = torch.tanh(self.combine(torch.cat([context, out], dim=-1)))  # (B, 1, H)
        logits = self.logits(attentional[:, 0])  # (B, V)
        return StepOutput(logits, state, attentional[:, 0], attn[:, 0], context[:, 0])

    def initial_feed(self, batch: int, like: torch.Tensor) -> torch.Tensor | None:
        """h~_0 for Luong input feeding: zeros (B, H); None when the model has none."""
        if not self.cfg.luong_input_feeding:
            return None
        return like.new_zeros(batch, self.cfg.hidden)

    def forward(
        self,
        tgt_in: torch.Tensor,
        state: State,
        memory: torch.Tensor,
        keys: torch.Tensor | None,
        src_mask: torch.Tensor,
        teacher_forcing: float = 1.0,
        force_loop: bool = False,
    ) -> torch.Tensor:
        """Training pass over a whole target. tgt_in: (B, T) = `<sos>` y_1 .. y_{T-1}.

        With teacher forcing 1.0 the inputs are known in advance, so only what is recurrent
        stays in a loop over time. A decoder whose step t needs nothing computed at step t-1
        but the RNN state (Luong without input feeding, or no attention) runs the RNN over
        all T inputs in one call and attention for all steps at once; Bahdanau and Luong
        with input feeding loop over the steps for the RNN and attention, with the
        embeddings looked up before the loop and the output layer applied after it.
        Below 1.0 each sentence is fed, with probability 1 - teacher_forcing per step, its
        own argmax instead of the gold token: `step` by `step`, as in decoding
        (`force_loop=True` takes that path at 1.0 too, as a reference for the tests).
        Returns logits (B, T, V).
        """
        if teacher_forcing < 1.0 or force_loop:
            return self._loop(tgt_in, state, memory, keys, src_mask, teacher_forcing)
        emb = self.dropout(self.embed(tgt_in))  # (B, T, E)
        if not self.cfg.one_call_decoder:
            return self.logits(self._teacher_forced_loop(emb, state, memory, keys, src_mask))
        out, _ = layered_rnn(self.rnn, emb, state, self.rnn_dropout)  # (B, T, H)
        if not self.has_attention:
            return self.logits(out)  # (B, T, V)
        context, _ = self.attention(out, keys, memory, src_mask)  # (B, T, M)
        attentional = torch.tanh(self.combine(torch.cat([context, out], dim=-1)))  # (B, T, H)
        return self.logits(attentional)  # (B, T, V)

    def _teacher_forced_loop(self, emb, state, memory, keys, src_mask) -> torch.Tensor:
        """Bahdanau, or Luong with input feeding, over known inputs emb (B, T, E).

        The same arithmetic as `step` at each t, without what does not feed back: the
        embedding lookup (done before), and the output layer (Bahdanau: W_c of all steps at
        once after the loop). Returns the attentional vectors (B, T, H)."""
        outs, contexts = [], []
        feed = self.initial_feed(emb.size(0), memory)
        for t in range(emb.size(1)):
            x = emb[:, t : t + 1]  # (B, 1, E)
            if self.bahdanau:
                query = state_top(state).unsqueeze(1)  # (B, 1, H)
                context, _ = self.attention(query, keys, memory, src_mask)  # (B, 1, M)
                out, state = self._rnn_step(torch.cat([x, context], dim=-1), state)
            else:  # Luong with input feeding: h~_{t-1} joins the input
                out, state = self._rnn_step(torch.cat([x, feed.unsqueeze(1)], dim=-1), state)
                context, _ = self.attention(out, keys, memory, src_mask)  # (B, 1, M)
                feed = torch.tanh(self.combine(torch.cat([context, out], dim=-1)))[:, 0]
                out = feed.unsqueeze(1)  # (B, 1, H): h~_t, what the output layer reads
            outs.append(out)
            contexts.append(context)
        out = torch.cat(outs, dim=1)  # (B, T, H)
        if not self.bahdanau:
            return out
        context = torch.cat(contexts, dim=1)  # (B, T, M)
        return torch.tanh(self.combine(torch.cat([context, out], dim=-1)))  # (B, T, H)

    def _loop(self, tgt_in, state, memory, keys, src_mask, teacher_forcing: float) -> torch.Tensor:
        batch, steps = tgt_in.shape
        feed = self.initial_feed(batch, memory)
        y = tgt_in[:, 0]
        all_logits = []
        for t in range(steps):
            so = self.step(y, state, memory, keys, src_mask, feed)
            state, feed = so.state, so.attentional
            all_logits.append(so.logits)
            if t + 1 < steps:
                y = tgt_in[:, t + 1]
                if teacher_forcing < 1.0:
                    own = so.logits.detach().argmax(dim=-1)  # (B,)
                    use_gold = torch.rand(batch, generator=self.generator) < teacher_forcing
                    y = torch.where(use_gold, y, own)
        return torch.stack(all_logits, dim=1)  # (B, T, V)
