"""Decoding: greedy search with a full trace, forced prefixes, teacher-forced scoring,
batched greedy for evaluation, and beam search with its tree.

Greedy search (the lecture's decoder): start from `<sos>`, at every step take the argmax
of the softmax and feed that token back as the next input, until `<eos>` or a length cap.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import torch

from seq2seq_core.config import MAX_LEN
from seq2seq_core.data.tokenizers import EOS_ID, PAD_ID, SOS_ID, Tokenizer
from seq2seq_core.decoding.trace import (
    DecodeTrace,
    EncoderView,
    ForcedStep,
    Step,
    TeacherForcedTrace,
)
from seq2seq_core.model.encoder import state_top
from seq2seq_core.model.seq2seq import Memory, Seq2Seq
from seq2seq_core.training.budget import cap_text

MAX_SRC_LEN = MAX_LEN  # the default length limit (a Translator passes its own, `max_len`)


def default_max_len(src_len: int, limit: int = MAX_LEN) -> int:
    """Decoder steps allowed for an output: twice the source plus 10, and at most the length
    limit plus the `<eos>` step (the longest target training shows the model)."""
    return min(limit + 1, 2 * src_len + 10)


def _np(x: torch.Tensor) -> np.ndarray:
    return x.detach().to(torch.float32).numpy().copy()


def _encode_one(model: Seq2Seq, ids: Sequence[int]) -> Memory:
    src = torch.tensor([list(ids)], dtype=torch.long)  # (1, S)
    return model.encode(src, torch.ones_like(src, dtype=torch.bool))


def source_ids(src_tok: Tokenizer, text: str, max_src_len: int = MAX_SRC_LEN):
    """Normalize and encode a source; returns (text, ids, pieces, truncated).

    A text longer than `budget.MAX_TEXT_CHARS` characters is cut to it before anything
    else; a source longer than the length limit `max_src_len` is cut to it; either way
    `truncated` is True (callers say so: the trace carries the flag). An empty or
    all-whitespace text gives one `<unk>` so the encoder has something to read.
    """
    text, cut = cap_text(text)
    norm = src_tok.normalize(text)
    ids, pieces = src_tok.encode(norm), src_tok.pieces(norm)
    truncated = cut or len(ids) > max_src_len
    ids, pieces = ids[:max_src_len], pieces[:max_src_len]
    if not ids:
        ids, pieces = [1], [src_tok.id_to_piece(1)]
    return norm, ids, pieces, truncated


def _encoder_view(model: Seq2Seq, mem: Memory) -> EncoderView:
    enc = mem.encoded
    raw = enc.final_raw[0] if isinstance(enc.final_raw, tuple) else enc.final_raw
    final = enc.final[0] if isinstance(enc.final, tuple) else enc.final
    return EncoderView(
        outputs=_np(enc.outputs[0]),  # (S, D*H)
        final_raw=_np(raw[:, 0]),  # (L*D, H)
        final_hidden=_np(final[:, 0]),  # (L, H)
        directions=2 if model.cfg.bidirectional else 1,
        hidden=model.cfg.hidden,
    )


def _attn_scores(
    model: Seq2Seq, mem: Memory, before: torch.Tensor, after: torch.Tensor
) -> np.ndarray | None:
    """(S,) the step's attention scores before the softmax, None without attention. The
    query is the state that asked in `Decoder.step`: the previous one s_{t-1} (Bahdanau),
    the new one s_t (Luong); before / after: (H,) top-layer states."""
    dec = model.decoder
    if not dec.has_attention:
        return None
    query = (before if dec.bahdanau else after).view(1, 1, -1)  # (1, 1, H)
    return _np(dec.attention.scores(query, mem.keys, mem.src_mask)[0, 0])  # (S,)


def model_summary(model: Seq2Seq) -> dict:
    cfg = model.cfg
    keys = ("attention", "decoder_style", "luong_input_feeding", "rnn", "bidirectional", "layers")
    return {k: getattr(cfg, k) for k in keys}


@torch.inference_mode()
def greedy_trace(
    model: Seq2Seq,
    src_tok: Tokenizer,
    tgt_tok: Tokenizer,
    text: str,
    prefix: Sequence[int] = (),
    max_len: int | None = None,
    topk: int = 5,
    max_src_len: int = MAX_SRC_LEN,
) -> DecodeTrace:
    """Greedy-decode one sentence and record every step (see `trace.DecodeTrace`).

    prefix: token ids forced at steps 1..len(prefix) (what if step t had chosen another
    token?); greedy search continues from there.
    max_src_len: the model's length limit: at most that many source tokens are read
    (`DecodeTrace.truncated` says when more were given) and, unless `max_len` says otherwise,
    at most `default_max_len(S, max_src_len)` steps are made.
    """
    bad = [int(i) for i in prefix if not 0 <= int(i) < model.cfg.tgt_vocab]
    if bad:
        raise ValueError(
            f"forced token id {bad[0]} is not in the target vocabulary "
            f"(ids 0 to {model.cfg.tgt_vocab - 1})"
        )
    model.eval()
    norm, ids, pieces, truncated = source_ids(src_tok, text, max_src_len)
    mem = _encode_one(model, ids)
    state, feed = mem.initial_state, model.decoder.initial_feed(1, mem.outputs)
    max_len = max_len or default_max_len(len(ids), max_src_len)
    max_len = max(max_len, len(prefix))
    y, log_prob, steps = SOS_ID, 0.0, []
    k = min(topk, model.cfg.tgt_vocab)
    for t in range(1, max_len + 1):
        before = state_top(state)[0]
        so = model.decoder.step(torch.tensor([y]), state, mem.outputs, mem.keys, mem.src_mask, feed)
        scores = _attn_scores(model, mem, before, state_top(so.state)[0])
        # log_softmax, not log(softmax): a token the softmax rounds to p = 0 keeps its true
        # log p (below -103 in float32), and a token whose logit is -inf has log p = -inf
        logp = torch.log_softmax(so.logits[0].float(), dim=-1)  # (V,)
        probs = logp.exp()  # (V,)
        top_p, top_i = probs.topk(k)
        argmax = int(top_i[0])
        forced = t <= len(prefix)
        chosen = int(prefix[t - 1]) if forced else argmax
        p_chosen = float(probs[chosen])
        log_prob += float(logp[chosen])
        steps.append(
            Step(
                t=t,
                input_id=y,
                input_token=tgt_tok.id_to_piece(y),
                hidden_before=_np(before),
                hidden_after=_np(state_top(so.state)[0]),
                attn_weights=None if so.attn_weights is None else _np(so.attn_weights[0]),
                context=None if so.context is None else _np(so.context[0]),
                attentional=None if so.attentional is None else _np(so.attentional[0]),
                probs=_np(probs),
                topk_ids=[int(i) for i in top_i],
                topk_tokens=[tgt_tok.id_to_piece(int(i)) for i in top_i],
                topk_probs=[float(p) for p in top_p],
                argmax_id=argmax,
                chosen_id=chosen,
                chosen_token=tgt_tok.id_to_piece(chosen),
                chosen_prob=p_chosen,
                forced=forced,
                log_prob=log_prob,
                attn_scores=scores,
            )
        )
        state, feed, y = so.state, so.attentional, chosen
        if chosen == EOS_ID:
            break
    out_ids = [s.chosen_id for s in steps if s.chosen_id != EOS_ID]
    return DecodeTrace(
        src_text=norm,
        src_pieces=pieces,
        src_ids=ids,
        truncated=truncated,
        encoder=_encoder_view(model, mem),
        steps=steps,
        stop_reason="eos" if steps and steps[-1].chosen_id == EOS_ID else "max_len",
        output_ids=out_ids,
        output_tokens=[tgt_tok.id_to_piece(i) for i in out_ids],
        output_text=tgt_tok.decode(out_ids),
        model=model_summary(model),
    )


@torch.inference_mode()
def teacher_forced_trace(
    model: Seq2Seq,
    src_tok: Tokenizer,
    tgt_tok: Tokenizer,
    text: str,
    reference: str,
    max_src_len: int = MAX_SRC_LEN,
) -> TeacherForcedTrace:
    """Feed the reference y_1..y_n (after `<sos>`) and score `y_1..y_n <eos>`: per-step
    -log p(gold token), whose sum is the training loss for this pair. The reference is cut
    to `budget.MAX_TEXT_CHARS` characters, as the source is."""
    model.eval()
    _, ids, pieces, _ = source_ids(src_tok, text, max_src_len)
    gold = [*tgt_tok.encode(tgt_tok.normalize(cap_text(reference)[0])), EOS_ID]
    tgt_in = torch.tensor([[SOS_ID, *gold[:-1]]])
    mem = _encode_one(model, ids)
    state, feed = mem.initial_state, model.decoder.initial_feed(1, mem.outputs)
    steps, total = [], 0.0
    for t, gold_id in enumerate(gold, start=1):
        y = tgt_in[:, t - 1]
        so = model.decoder.step(y, state, mem.outputs, mem.keys, mem.src_mask, feed)
        state, feed = so.state, so.attentional
        logp = torch.log_softmax(so.logits[0].float(), dim=-1)  # (V,)
        nll = -float(logp[gold_id])
        total += nll
        argmax = int(logp.argmax())
        steps.append(
            ForcedStep(
                t=t,
                input_token=tgt_tok.id_to_piece(int(y)),
                gold_id=gold_id,
                gold_token=tgt_tok.id_to_piece(gold_id),
                gold_prob=math.exp(-nll),
                nll=nll,
                argmax_id=argmax,
                argmax_token=tgt_tok.id_to_piece(argmax),
                argmax_prob=float(logp[argmax].exp()),
                attn_weights=None if so.attn_weights is None else _np(so.attn_weights[0]),
            )
        )
    tgt_pieces = [tgt_tok.id_to_piece(i) for i in gold]
    return TeacherForcedTrace(pieces, tgt_pieces, steps, total)


@torch.inference_mode()
def greedy_batch(
    model: Seq2Seq,
    sources: Sequence[Sequence[int]],
    max_len: int | None = None,
    limit: int = MAX_LEN,
) -> list[list[int]]:
    """Greedy-decode many encoded sources at once; returns output ids without `<eos>`.
    Each makes at most max_len steps, by default `default_max_len(its length, limit)`."""
    model.eval()
    if not sources:
        return []
    lengths = [max(1, len(s)) for s in sources]
    src = torch.full((len(sources), max(lengths)), PAD_ID, dtype=torch.long)  # (B, S)
    for row, ids in enumerate(sources):
        src[row, : len(ids)] = torch.tensor(list(ids) or [1])
    src_mask = torch.arange(src.size(1)).unsqueeze(0) < torch.tensor(lengths).unsqueeze(1)
    mem = model.encode(src, src_mask)
    batch = src.size(0)
    state, feed = mem.initial_state, model.decoder.initial_feed(batch, mem.outputs)
    y = torch.full((batch,), SOS_ID, dtype=torch.long)
    done = torch.zeros(batch, dtype=torch.bool)
    # each sentence gets the cap it would get alone
    caps = torch.tensor([max_len or default_max_len(n, limit) for n in lengths])
    out = []
    for t in range(1, int(caps.max()) + 1):
        so = model.decoder.step(y, state, mem.outputs, mem.keys, mem.src_mask, feed)
        state, feed = so.state, so.attentional
        y = so.logits.argmax(dim=-1)  # (B,)
        out.append(y.masked_fill(done, PAD_ID))
        done |= (y == EOS_ID) | (caps <= t)
        if bool(done.all()):
            break
    rows = torch.stack(out, dim=1).tolist()  # (B, T)
    return [_strip(r) for r in rows]


def _strip(row: list[int]) -> list[int]:
    result = []
    for i in row:
        if i in (EOS_ID, PAD_ID):
            break
        result.append(i)
    return result


def translate_batch(
    model: Seq2Seq,
    src_tok: Tokenizer,
    tgt_tok: Tokenizer,
    texts: Sequence[str],
    batch_size: int = 256,
    limit: int = MAX_LEN,
) -> list[str]:
    """Greedy translations of many sentences, sorted by length internally for speed; each
    source is read up to the length limit, as `greedy_trace` reads it."""
    encoded = [source_ids(src_tok, t, limit)[1] for t in texts]
    order = sorted(range(len(texts)), key=lambda i: len(encoded[i]))
    results: list[str] = [""] * len(texts)
    for start in range(0, len(order), batch_size):
        chunk = order[start : start + batch_size]
        outs = greedy_batch(model, [encoded[i] for i in chunk], limit=limit)
        for i, ids in zip(chunk, outs, strict=True):
            results[i] = tgt_tok.decode(ids)
    return results
