"""What the command line prints: the length report, the scores, beam hypotheses and the step
table.

Kept apart from seq2seq_core/cli/commands.py (parsing and commands) so that each reads in one go.
"""

from __future__ import annotations

import unicodedata

from seq2seq_core.data.batching import LengthReport
from seq2seq_core.decoding.beam import ranking_score


def length_summary(lengths: dict[str, LengthReport]) -> str:
    """One line: how many training and validation pairs exceed the length limit, and what
    is done with them."""
    train, valid = lengths["train"], lengths["valid"]
    if not train.over and not valid.over:
        return f"length limit {train.limit} tokens per side: every pair fits"
    parts = [
        f"{r.over} of {r.pairs} {name} pairs ({r.over / r.pairs:.1%})"
        for name, r in (("training", train), ("validation", valid))
        if r.over
    ]
    return (
        f"length limit {train.limit} tokens per side: {' and '.join(parts)} are longer "
        "and are left out (not cut); --max-len sets the limit"
    )


def eval_lines(result: dict) -> list[str]:
    """The scores of `metrics.evaluate`, one a line, after the pairs they are over (every
    score has the same pairs; those over the model's length limit are left out of all)."""
    n, over, limit = result["pairs"], result["over_limit"], result["length_limit"]
    pairs = (
        f"{n} of {n + over}: {over} with a side over the model's length limit of {limit} "
        "tokens are left out of every score"
        if over
        else f"{n}, each within the model's length limit of {limit} tokens a side"
    )
    return [
        f"pairs           {pairs}",
        f"exact match     {result['exact_match']:.2%}",
        f"token accuracy  {result['token_accuracy']:.2%}",
        f"loss/sentence   {result['loss_per_sentence']:.3f} nats (summed over steps)",
        f"loss/token      {result['loss_per_token']:.3f} nats (mean over tokens)",
        f"BLEU            {result['bleu']:.2f}",
        f"chrF            {result['chrf']:.2f}",
    ]


def beam_lines(res, alpha: float) -> list[str]:
    """One line per hypothesis, best first: rank, summed log-probability (and the normalised
    score when alpha > 0), the text; a hypothesis cut by the length cap says so."""
    lines = []
    for i, h in enumerate(res.hypotheses, start=1):
        score = f"  score {ranking_score(h, alpha):8.3f}" if alpha else ""
        cut = "" if h.finished else "  (no <eos>: cut at the length cap)"
        lines.append(f"{i:>2}  log p {h.score:8.3f}{score}  {h.text}{cut}")
    return lines


def display_width(text: str) -> int:
    """Columns `text` takes in a terminal: wide (Hangul, CJK) characters take two,
    combining marks none."""
    return sum(
        0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        for ch in text
    )


def _pad(text: str, width: int) -> str:
    """`text` left-aligned in `width` terminal columns (never cut)."""
    return text + " " * max(0, width - display_width(text))


def step_table(trace) -> str:
    """The decode as a table: step, input fed, top-3 with probabilities, argmax, attention peak.

    Each column is as wide as its widest cell, counted in terminal columns, so that a
    table of Korean tokens stays aligned."""
    rows = [("t", "input fed", "top-3 (probability)", "chosen", "attends to")]
    for s in trace.steps:
        top = "  ".join(
            f"{tok} {p:.2f}" for tok, p in zip(s.topk_tokens[:3], s.topk_probs[:3], strict=True)
        )
        peak = "-"
        if s.attn_weights is not None:
            j = int(s.attn_weights.argmax())
            peak = f"{trace.src_pieces[j]} ({s.attn_weights[j]:.2f})"
        rows.append((str(s.t), s.input_token, top, s.chosen_token, peak))
    widths = [max(display_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [f"source: {' '.join(trace.src_pieces)}"]
    for row in rows:
        step = " " * (widths[0] - display_width(row[0])) + row[0]  # right-aligned
        cells = [_pad(cell, w) for cell, w in zip(row[1:-1], widths[1:-1], strict=True)]
        lines.append("  ".join([step, *cells, row[-1]]).rstrip())
    lines.append(f"stopped: {trace.stop_reason}")
    return "\n".join(lines)
