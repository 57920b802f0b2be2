"""Beam search (Sutskever et al. 2014, Sec. 3.2; Graves 2012): keep the k most probable
partial translations instead of one, extend each by every token, keep the k best again.

Scores are summed log-probabilities. With `length_penalty` alpha > 0 finished hypotheses
are ranked by score / length^alpha (alpha = 0: raw sum). At k = 1 the search is greedy
search: one hypothesis, extended by its argmax, stopped at `<eos>`.
"""

from __future__ import annotations

import torch

from .model import Seq2Seq
from .search import MAX_SRC_LEN, _encode_one, default_max_len, source_ids
from .tokenizers import EOS_ID, SOS_ID, Tokenizer
from .trace import BeamNode, BeamResult, Hypothesis


def _select(state, index: torch.Tensor):
    """Reorder a recurrent state (L, B, H) (or LSTM pair) along the beam dimension."""
    if isinstance(state, tuple):
        return tuple(s.index_select(1, index) for s in state)
    return state.index_select(1, index)


def _rank(score: float, length: int, alpha: float) -> float:
    return score / (max(length, 1) ** alpha) if alpha else score


@torch.inference_mode()
def beam_search(
    model: Seq2Seq,
    src_tok: Tokenizer,
    tgt_tok: Tokenizer,
    text: str,
    k: int = 5,
    max_len: int | None = None,
    length_penalty: float = 0.0,
    limit: int = MAX_SRC_LEN,
) -> BeamResult:
    """Beam search of width k over one sentence; returns hypotheses (best first) and the tree."""
    if k < 1:
        raise ValueError("beam width k must be at least 1")
    model.eval()
    _, ids, _, _ = source_ids(src_tok, text, limit)  # limit: the model's length limit
    mem = _encode_one(model, ids)
    max_len = max_len or default_max_len(len(ids), limit)
    nodes = [BeamNode(0, -1, 0, SOS_ID, tgt_tok.id_to_piece(SOS_ID), 0.0, 0.0)]
    live = [0]  # node indices of live hypotheses
    state, feed = mem.initial_state, model.decoder.initial_feed(1, mem.outputs)
    finished: list[int] = []
    new_live = live
    vocab = model.cfg.tgt_vocab
    for t in range(1, max_len + 1):
        n = len(live)
        y = torch.tensor([nodes[i].token_id for i in live])  # (n,)
        outputs = mem.outputs.expand(n, -1, -1)  # (n, S, M)
        keys = None if mem.keys is None else mem.keys.expand(n, -1, -1)
        so = model.decoder.step(y, state, outputs, keys, mem.src_mask.expand(n, -1), feed)
        logp = torch.log_softmax(so.logits.float(), dim=-1)  # (n, V)
        scores = torch.tensor([nodes[i].score for i in live]).unsqueeze(1) + logp  # (n, V)
        top_s, top_i = scores.view(-1).topk(min(2 * k, n * vocab))
        keep_rows, new_live = [], []
        for s, flat in zip(top_s.tolist(), top_i.tolist(), strict=True):
            row, tok = divmod(flat, vocab)
            parent = live[row]
            node = BeamNode(
                len(nodes), parent, t, tok, tgt_tok.id_to_piece(tok), s - nodes[parent].score, s
            )
            if tok == EOS_ID:
                node.finished = True
                nodes.append(node)
                finished.append(node.index)
            else:
                nodes.append(node)
                new_live.append(node.index)
                keep_rows.append(row)
            if len(new_live) == k or len(finished) >= k:
                break
        if len(finished) >= k or not new_live:
            break
        best_finished = max((nodes[i].score for i in finished), default=float("-inf"))
        if length_penalty == 0 and best_finished >= max(nodes[i].score for i in new_live):
            break  # summed log-probs only fall: no live hypothesis can win any more
        index = torch.tensor(keep_rows)
        state = _select(so.state, index)
        feed = None if so.attentional is None else so.attentional.index_select(0, index)
        live = new_live
    ends = finished or new_live
    hyps = [_hypothesis(nodes, i, tgt_tok) for i in ends]
    hyps.sort(key=lambda h: _rank(h.score, len(h.ids) + h.finished, length_penalty), reverse=True)
    return BeamResult(k=k, hypotheses=hyps[:k], nodes=nodes)


def _hypothesis(nodes: list[BeamNode], index: int, tgt_tok: Tokenizer) -> Hypothesis:
    ids, i = [], index
    while nodes[i].parent >= 0:
        ids.append(nodes[i].token_id)
        i = nodes[i].parent
    ids.reverse()
    finished = nodes[index].finished
    words = ids[:-1] if finished else ids
    return Hypothesis(
        ids=words,
        tokens=[tgt_tok.id_to_piece(j) for j in words],
        text=tgt_tok.decode(words),
        score=nodes[index].score,
        node=index,
        finished=finished,
    )
