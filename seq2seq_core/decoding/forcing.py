"""Forcing a token where the student points: at a step of a greedy decode (a bar of that
step's softmax) or at a node of the beam tree, then decoding the rest greedily.

Greedy search (Sutskever et al. 2014, Sec. 3.2 decodes by beam; greedy is beam at k = 1)
commits to the argmax at every step; forcing another token at step t asks what the model
would have written had it chosen that token there. The forced decode is `greedy_trace`
with a prefix: the tokens before step t (greedy's own, or the beam node's path), the forced
token at t, and the argmax after.
"""

from __future__ import annotations

from seq2seq_core.decoding.trace import BeamResult, DecodeTrace
from seq2seq_core.translator import Translator


def prefix_at(trace: DecodeTrace, step: int, token_id: int) -> tuple[int, ...]:
    """The prefix that forces `token_id` at `step` (1-based) of `trace`: the tokens the
    trace chose at steps 1..step-1, then `token_id`."""
    if not 1 <= step <= len(trace.steps):
        raise ValueError(f"step {step} is not a step of this decode (1 to {len(trace.steps)})")
    return (*(s.chosen_id for s in trace.steps[: step - 1]), int(token_id))


def beam_path(result: BeamResult, node: int) -> tuple[int, ...]:
    """The token ids from the root (`<sos>`, not included) to beam node `node`: the partial
    hypothesis the beam kept there. The root gives ()."""
    if not 0 <= node < len(result.nodes):
        raise ValueError(f"node {node} is not in this beam tree (0 to {len(result.nodes) - 1})")
    ids: list[int] = []
    i = node
    while result.nodes[i].parent >= 0:
        ids.append(result.nodes[i].token_id)
        i = result.nodes[i].parent
    return tuple(reversed(ids))


def force_step(tr: Translator, text: str, trace: DecodeTrace, step: int, token_id: int,
               topk: int = 5) -> DecodeTrace:  # fmt: skip
    """Decode `text` again with `token_id` forced at `step`; greedy before and after.

    Steps 1..step-1 equal `trace`'s (the same tokens fed), step `step` chose `token_id`
    (`Step.forced`), and every later step takes the argmax."""
    return tr.trace(text, prefix=prefix_at(trace, step, token_id), topk=topk)


def force_node(tr: Translator, text: str, result: BeamResult, node: int,
               topk: int = 5) -> DecodeTrace:  # fmt: skip
    """Decode `text` along beam node `node`'s path (forced), greedily after it."""
    return tr.trace(text, prefix=beam_path(result, node), topk=topk)
