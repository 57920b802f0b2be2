"""Examples that show a demo's point on a model, found by computing on the model itself.

Three demos need a model that makes mistakes, and a sentence where it makes one:

- "loss" (Compare, the loss of one pair): the pair's summed -log p(reference), teacher-forced,
  is at least LOSS_MIN nats, so its bars read clearly above zero;
- "exposure_bias" (Experiments ②): free running leaves the reference after a shared start
  (step >= 2) and stops with `<eos>`;
- "beam" (Compare, beam vs. greedy): beam search of width k finds a translation the model
  finds more probable as a whole than greedy search's.

A strong model (en-ko-attention) shows none of them on its held-out sentences; the pages then
open these views on a model that does (ui/sections/demo_model.py). Nothing here is stored:
retrain a model and the examples follow it. No Streamlit here (tests/test_boundaries.py).
"""

from __future__ import annotations

from collections.abc import Sequence

from seq2seq_core import experiments as ex
from seq2seq_core.translator import Translator

DEMOS = ("loss", "exposure_bias", "beam")
LOSS_MIN = 0.5  # nats: a loss bar chart whose sum reads clearly above zero
SCAN = 60  # held-out pairs tried per model and demo (a few seconds, once per server)
WANT = 4  # examples kept per demo
BEAM_K = 3  # the Compare page's default beam width


def loss_of(tr: Translator, src: str, ref: str) -> float:
    """The pair's loss per sentence: the summed -log p of the reference's tokens and <eos>."""
    return float(tr.score(src, ref).total_nll)


def shows(demo: str, tr: Translator, src: str, ref: str, k: int = BEAM_K) -> bool:
    """Whether the pair (src, ref) shows `demo`'s point on `tr` (see the module's opening;
    "beam" reads no reference)."""
    if not tr.src_tok.normalize(src) or (demo != "beam" and not tr.tgt_tok.normalize(ref)):
        return False
    if demo == "loss":
        return loss_of(tr, src, ref) >= LOSS_MIN
    if demo == "exposure_bias":
        eb = ex.exposure_bias(tr, src, ref)
        return eb.part_step is not None and eb.part_step >= 2 and eb.stop_reason == "eos"
    if demo == "beam":
        return bool(ex.find_beam_wins(tr, [src], k=k, limit=1))
    raise ValueError(f"unknown demo {demo!r}; one of {DEMOS}")


def find(
    demo: str,
    tr: Translator,
    pairs: Sequence[tuple[str, str]],
    k: int = BEAM_K,
    want: int = WANT,
    scan: int = SCAN,
) -> list[tuple[str, str]]:
    """Up to `want` of the first `scan` pairs (in order, duplicates once) that show `demo`'s
    point on `tr`, each reference written as the model's tokenizer writes it."""
    found: list[tuple[str, str]] = []
    seen: set[str] = set()
    for src, ref in pairs:
        if len(found) >= want or len(seen) >= scan:
            break
        if src in seen:
            continue
        seen.add(src)
        ref = tr.tgt_tok.normalize(ref)
        if shows(demo, tr, src, ref, k):
            found.append((src, ref))
    return found
