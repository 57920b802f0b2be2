"""The code behind a lecture step: the few lines of seq2seq_core that computed it, read from
the running source with `inspect.getsource` (chosen by function and by a piece of each line,
never by line numbers, so they cannot drift from what runs), each followed by a comment with
this step's values from the trace. Pure Python, no Streamlit.

A line that disappears from the engine raises `LookupError` (tests/ui/pages/test_lecture.py calls
every panel), so a refactor of the engine cannot leave the panel showing stale code.
"""

from __future__ import annotations

import functools
import inspect
import math
from collections.abc import Callable, Sequence

import numpy as np

from seq2seq_core.decoding import search
from seq2seq_core.decoding.trace import DecodeTrace
from seq2seq_core.model.attention import Attention
from seq2seq_core.model.decoder import Decoder
from seq2seq_core.model.encoder import Encoder
from ui.figures.style import shown
from ui.text.i18n import t as t_

Note = tuple[str, str]  # (a piece of the line, the comment with this step's values)


def source_line(func: Callable, piece: str) -> str:
    """The first line of `func`'s running source containing `piece`, stripped of its own
    comment and indentation; LookupError when no line has it."""
    for line in _source_lines(func):
        if piece in line:
            return line.split("  # ")[0].strip()
    raise LookupError(f"{func.__qualname__} has no line containing {piece!r}")


@functools.cache
def _source_lines(func: Callable) -> tuple[str, ...]:
    """`func`'s running source, read once per process (a lesson file reads it for hundreds
    of steps; `inspect.getsource` tokenizes the whole module every time)."""
    return tuple(inspect.getsource(func).splitlines())


def panel(parts: Sequence[tuple[Callable, Sequence[Note]]]) -> str:
    """Code for `st.code`: per function a `# module.function` header, then each line and,
    under it, its values."""
    out = []
    for func, notes in parts:
        out.append(f"# {func.__module__.split('.')[-1]}.{func.__qualname__}")
        for piece, values in notes:
            out.append(source_line(func, piece))
            if values:
                out.append(f"#   → {values}")
    return "\n".join(out)


def _vec(v: np.ndarray) -> str:
    return f"({v.size},) ‖·‖ = {float(np.linalg.norm(v)):.2f}"


def _few(v: np.ndarray, k: int = 4) -> str:
    cells = ", ".join(f"{float(x):.2f}" for x in np.asarray(v)[:k])
    return f"[{cells}{', …' if np.asarray(v).size > k else ''}]"


def _top_weights(weights: np.ndarray, pieces: Sequence[str], lang: str, k: int = 3) -> str:
    """The k largest attention weights with their source tokens, largest first."""
    w = np.asarray(weights, dtype=float)
    top = np.argsort(-w, kind="stable")[:k]
    cells = ", ".join(f"'{shown(pieces[i], lang)}' {w[i]:.2f}" for i in top)
    return t_(
        "code_top_weights", lang, k=int(top.size), cells=cells + (", …" if w.size > k else "")
    )


def encoder_code(trace: DecodeTrace, s: int, lang: str = "en") -> str:
    """Source token s read: its id through the embedding and the RNN; outputs[0, s-1]."""
    piece = shown(trace.src_pieces[s - 1], lang)
    h = np.asarray(trace.encoder.outputs[s - 1])[: trace.encoder.hidden]
    read = f"src[0, {s - 1}] = {trace.src_ids[s - 1]} '{piece}'"
    state = f"outputs[0, {s - 1}, :H] {_vec(h)}"
    return panel([(Encoder.forward, [
        ("emb = self.dropout(self.embed(src))", read),
        ("outputs, final_raw = layered_rnn(self.rnn, emb, None", state),
    ])])  # fmt: skip


def bridge_code(trace: DecodeTrace) -> str:
    """The hand-over: the final state (bridged when bidirectional) is the decoder's state 0."""
    h = np.asarray(trace.encoder.final_hidden[-1])
    bridge = [("if not self.cfg.bidirectional:", ""), ("return h", "")]
    if trace.encoder.directions == 2:
        bridge = [("cat = torch.cat([both", f"[h→; h←]: ({2 * h.size},)"),
                  ("return torch.tanh(self.bridge(cat))",
                   f"h = tanh(W [h→; h←] + b) {_vec(h)}")]  # fmt: skip
    return panel([
        (Encoder.forward, [('final = self._bridge(final_raw, "h")', "")]),
        (Encoder._bridge, bridge),
        (search.greedy_trace, [("state, feed = mem.initial_state", f"state[-1, 0] = h {_few(h)}")]),
    ])  # fmt: skip


def decoder_code(
    trace: DecodeTrace, t: int, lang: str = "en", vocab: int | None = None,
    teacher: DecodeTrace | None = None,
) -> str:  # fmt: skip
    """Decoder step t: attention (if any), logits, softmax, argmax -> id -> token, the token
    fed back; with `teacher` (a trace whose every step was forced to the reference, i.e.
    teacher forcing), the step's cross-entropy and the sentence's sum."""
    use = teacher if teacher is not None else trace
    step = use.steps[t - 1]
    v = vocab or step.probs.size
    parts = []
    if step.attn_weights is not None:
        parts.append((Attention.forward, [
            ("scores = self.scores(query, keys, src_mask)", f"scores {_few(step.attn_scores)}"),
            ("attn_weights = torch.softmax(scores",
             _top_weights(step.attn_weights, use.src_pieces, lang)),
            ("context = torch.bmm(attn_weights, memory)", f"c {_vec(step.context)}"),
        ]))  # fmt: skip
        parts.append((Decoder.step, [
            ("attentional = torch.tanh(self.combine(torch.cat([context, out]",
             f"h̃ {_vec(step.attentional)}"),
        ]))  # fmt: skip
    tok = shown(step.topk_tokens[0], lang)
    fed, p_top = shown(step.chosen_token, lang), step.topk_probs[0]
    inp = shown(step.input_token, lang)
    out = "attentional[:, 0]" if step.attn_weights is not None else "out[:, 0]"
    parts.append((Decoder.step, [
        (f"logits = self.logits({out})", f"y = {step.input_id} '{inp}' → logits (1, {v})"),
    ]))  # fmt: skip
    notes = [
        ("logp = torch.log_softmax(", f"({v},), Σ exp = {float(step.probs.sum()):.3f}"),
        ("argmax = int(top_i[0])", f"argmax = {step.argmax_id} → '{tok}', p = {p_top:.2f}"),
        ("state, feed, y = so.state, so.attentional, chosen",
         t_("code_fed_next", lang, id=step.chosen_id, tok=fed, t=t + 1)),
    ]  # fmt: skip
    if teacher is not None:
        fed_ref = t_("code_fed_reference", lang, id=step.chosen_id, tok=fed, t=t + 1)
        notes[-1] = (notes[-1][0], fed_ref)
    parts.append((search.greedy_trace, notes))
    if teacher is not None:
        nll, total = cross_entropy(teacher, t)
        # the sum so far: the whole loss (and the reference's length) only at the last step
        summed = (t_("code_loss_total", lang, t=t, total=total) if t == len(teacher.steps)
                  else t_("code_loss_so_far", lang, t=t, s=-step.log_prob))  # fmt: skip
        parts.append((search.teacher_forced_trace, [
            ("nll = -float(logp[gold_id])",
             t_("code_nll", lang, p=step.chosen_prob, nll=nll)),
            ("total += nll", summed),
        ]))  # fmt: skip
    return panel(parts)


def cross_entropy(teacher: DecodeTrace, t: int) -> tuple[float, float]:
    """(-log p(gold) at step t, the sum over every step) of a trace forced to the reference:
    the running `log_prob` of the last step is minus the sentence's loss."""
    step = teacher.steps[t - 1]
    nll = -math.log(step.chosen_prob) if step.chosen_prob > 0 else math.inf
    return nll, -teacher.steps[-1].log_prob
