"""Beam search (Sutskever et al. 2014, Sec. 3.2; Graves 2012): keep the k most probable
partial translations instead of one, extend each by every token, keep the k best again.

Scores are summed log-probabilities, log p(y_1..y_t | x) = sum_i log p(y_i | y_<i, x).

One step: every live hypothesis is extended by every token and the candidates are sorted by
score. A candidate ending in `<eos>` among the k best candidates of the step is set aside as
finished; the k best candidates that do not end in `<eos>` stay live (as in fairseq and
OpenNMT). At k = 1 this is greedy search: the one live hypothesis is extended by its
argmax, and it finishes when `<eos>` is the argmax.

Stopping. A summed log-probability can only fall as a hypothesis grows (every log p <= 0),
so the search stops when the best live score is no better than the k-th best finished
score: no live hypothesis can enter the top k any more. Otherwise it runs to the length
cap, where live (unfinished) and finished hypotheses are ranked together. (The rule this
replaced stopped as soon as k hypotheses had finished and dropped the live ones, so a
cheap early `<eos>` won over a better, longer translation: beam scored below greedy.)

Length normalisation (Wu et al. 2016, Sec. 7, simplified): with `length_penalty` alpha > 0
hypotheses are ranked by score / length^alpha, length counting `<eos>`; alpha = 0 (the
default) ranks by the raw sum. A live hypothesis of raw score s <= 0 can then still reach
s / max_len^alpha (a longer sentence divides by more), so the stop test uses that bound.

Beam with k > 1 is not guaranteed to score at least greedy's output: greedy's prefix can
fall out of the beam at some step. On the earlier shipped models this never happened, in 200
sentences each at k = 3 and 5 (the old stopping rule lost 154 of those 2,400 searches:
bench/beam_property.py, bench/RESULTS.md). The retrained en-ko-phrases (its epoch of lowest
validation loss, 13 of 60: a weak model) does it on 5 of its 22 held-out sentences at k = 3
and 4 at k = 5 ("Today is Monday." -> "오늘 오늘 오늘 무어요.", -12.40 against greedy's
-9.73). The final ranking stays beam's own, without greedy's hypothesis added: this module
is the algorithm the lesson teaches, and Experiments ③ shows these losses beside the wins
(`experiments.find_beam_losses`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import torch

from seq2seq_core.data.tokenizers import EOS_ID, SOS_ID, Tokenizer
from seq2seq_core.decoding.search import MAX_SRC_LEN, _encode_one, default_max_len, source_ids
from seq2seq_core.decoding.trace import BeamNode, BeamResult, Hypothesis
from seq2seq_core.model.seq2seq import Seq2Seq

# step(y (n,), state) -> (log p (n, V), new state); select(state, rows (m,)) -> state of m rows
StepFn = Callable[[torch.Tensor, Any], tuple[torch.Tensor, Any]]
SelectFn = Callable[[Any, torch.Tensor], Any]


def _select(state, index: torch.Tensor):
    """Reorder a recurrent state (L, B, H) (or LSTM pair) along the beam dimension."""
    if isinstance(state, tuple):
        return tuple(s.index_select(1, index) for s in state)
    return state.index_select(1, index)


def _rank(score: float, length: int, alpha: float) -> float:
    """The ranking score: score / length^alpha (alpha = 0: the raw sum)."""
    return score / (max(length, 1) ** alpha) if alpha else score


def ranking_score(hyp: Hypothesis, alpha: float) -> float:
    """What beam search ranks `hyp` by: its summed log-probability divided by length^alpha,
    the length counting `<eos>` if the hypothesis ended (alpha = 0: the raw sum)."""
    return _rank(hyp.score, len(hyp.ids) + hyp.finished, alpha)


def _best_reachable(score: float, max_len: int, alpha: float) -> float:
    """Upper bound of the ranking score of any completion of a live hypothesis of raw score
    `score` (<= 0): the raw sum only falls, and a length up to max_len divides it least."""
    return _rank(min(score, 0.0), max_len, alpha)


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
    """Beam search of width k over one sentence; returns the k best hypotheses (best first,
    by `length_penalty` alpha, see the module docstring) and every node the beam kept."""
    if k < 1:
        raise ValueError("beam width k must be at least 1")
    model.eval()
    _, ids, _, _ = source_ids(src_tok, text, limit)  # limit: the model's length limit
    mem = _encode_one(model, ids)

    def step(y: torch.Tensor, state: Any) -> tuple[torch.Tensor, Any]:
        n = y.shape[0]
        rnn_state, feed = state
        outputs = mem.outputs.expand(n, -1, -1)  # (1, S, M) -> (n, S, M)
        keys = None if mem.keys is None else mem.keys.expand(n, -1, -1)
        so = model.decoder.step(y, rnn_state, outputs, keys, mem.src_mask.expand(n, -1), feed)
        return torch.log_softmax(so.logits.float(), dim=-1), (so.state, so.attentional)  # (n, V)

    def select(state: Any, rows: torch.Tensor) -> Any:
        rnn_state, feed = state
        return _select(rnn_state, rows), None if feed is None else feed.index_select(0, rows)

    start = (mem.initial_state, model.decoder.initial_feed(1, mem.outputs))
    max_len = max_len or default_max_len(len(ids), limit)
    return search(step, select, start, k, max_len, length_penalty, tgt_tok)


def search(
    step: StepFn,
    select: SelectFn,
    state: Any,
    k: int,
    max_len: int,
    length_penalty: float,
    tgt_tok: Tokenizer,
) -> BeamResult:
    """Beam search over any step function (the model's decoder, or a hand-built table in the
    tests). `state` is the state of the one start hypothesis `<sos>`."""
    if k < 1:
        raise ValueError("beam width k must be at least 1")
    if length_penalty < 0:
        raise ValueError("length penalty alpha must be 0 or more")
    alpha = length_penalty
    nodes = [BeamNode(0, -1, 0, SOS_ID, tgt_tok.id_to_piece(SOS_ID), 0.0, 0.0)]
    live: list[int] = [0]  # node indices of the live hypotheses
    finished: list[int] = []
    for t in range(1, max_len + 1):
        y = torch.tensor([nodes[i].token_id for i in live])  # (n,)
        logp, state = step(y, state)  # (n, V)
        live, rows = _extend(nodes, live, logp, k, t, finished, tgt_tok)
        if not live or t == max_len:
            break
        state = select(state, torch.tensor(rows))
        if len(finished) >= k:
            kth = sorted((_rank(nodes[i].score, nodes[i].t, alpha) for i in finished), reverse=True)
            if max(_best_reachable(nodes[i].score, max_len, alpha) for i in live) <= kth[k - 1]:
                live = []  # no live hypothesis can enter the top k any more
                break
    ends = finished + live  # live ones are left only at the length cap: ranked with the rest
    hyps = [_hypothesis(nodes, i, tgt_tok) for i in ends]
    hyps.sort(key=lambda h: ranking_score(h, alpha), reverse=True)
    return BeamResult(k=k, hypotheses=hyps[:k], nodes=nodes)


def _extend(
    nodes: list[BeamNode],
    live: list[int],
    logp: torch.Tensor,
    k: int,
    t: int,
    finished: list[int],
    tgt_tok: Tokenizer,
) -> tuple[list[int], list[int]]:
    """One step: score every extension (n, V) of the live hypotheses; an `<eos>` among the k
    best candidates finishes (appended to `finished`), the k best others stay live. Returns
    (new live node indices, the row of each one's parent)."""
    n, vocab = logp.shape
    scores = torch.tensor([nodes[i].score for i in live]).unsqueeze(1) + logp  # (n, V)
    top_s, top_i = scores.view(-1).topk(min(2 * k, n * vocab))  # at most n <= k are <eos>
    new_live, rows = [], []
    for rank, (s, flat) in enumerate(zip(top_s.tolist(), top_i.tolist(), strict=True)):
        row, tok = divmod(flat, vocab)
        if s == float("-inf") or (tok == EOS_ID and rank >= k):
            continue
        parent = live[row]
        node = BeamNode(
            len(nodes), parent, t, tok, tgt_tok.id_to_piece(tok), s - nodes[parent].score, s
        )
        node.finished = tok == EOS_ID
        nodes.append(node)
        if node.finished:
            finished.append(node.index)
        else:
            new_live.append(node.index)
            rows.append(row)
        if len(new_live) == k:
            break
    return new_live, rows


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
