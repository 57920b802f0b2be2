"""Beam search never scores below greedy search: the property, on every shipped model.

    python -m bench.beam_property              # 200 held-out sentences per model, k = 3 and 5
    python -m bench.beam_property --n 40 --k 3

For each shipped model (pretrained/*.safetensors) and the first N sentences of its card's
held-out split (topped up with training sentences when it holds fewer), compare the summed
log-probability of beam search's best hypothesis with greedy search's output. Prints, per
model and k: sentences, how many are held out, how often beam's best is below greedy's
(beyond float32 rounding, 1e-4), how often above, the worst difference and the seconds.
Exits 1 if beam lost anywhere.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import torch

from seq2seq_core.checkpoints.pretrained import list_pretrained, load_pretrained
from seq2seq_core.data.corpora import load_builtin

ROOT = Path(__file__).resolve().parent.parent

TOL = 1e-4  # float32 sums of the same sequence, batched (beam) and one row (greedy)


def sources_of(name: str, n: int) -> tuple[list[str], int]:
    """The first n held-out sources of a model's card, topped up with training sources when
    the held-out split is smaller (en-ko-phrases holds 22); returns (sources, held-out)."""
    card = next(m for m in list_pretrained() if m.name == name)
    held = [s for s, _ in load_builtin(card.corpus, card.card.get("split", "test"))][:n]
    seen = set(held)
    more = [s for s, _ in load_builtin(card.corpus, "train") if s not in seen]
    return held + more[: n - len(held)], len(held)


def compare(tr, sources: list[str], k: int) -> tuple[int, int, float]:
    """(beam below greedy, beam above greedy, worst beam - greedy)."""
    below = above = 0
    worst = 0.0
    for src in sources:
        greedy = tr.trace(src).steps[-1].log_prob
        best = tr.beam(src, k=k).hypotheses[0].score
        below += best < greedy - TOL
        above += best > greedy + TOL
        worst = min(worst, best - greedy)
    return below, above, worst


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=200, help="held-out sentences per model")
    parser.add_argument("--k", type=int, nargs="+", default=[3, 5], help="beam widths")
    parser.add_argument("--threads", type=int, default=1, help="torch threads (default 1)")
    a = parser.parse_args()
    torch.set_num_threads(a.threads)
    print(f"{'model':<20} {'k':>2} {'sentences':>9} {'held-out':>8} {'below':>5} {'above':>5} "
          f"{'worst':>9} {'seconds':>7}")  # fmt: skip
    lost = 0
    for card in list_pretrained():
        tr = load_pretrained(card.name)
        sources, held = sources_of(card.name, a.n)
        for k in a.k:
            start = time.perf_counter()
            below, above, worst = compare(tr, sources, k)
            lost += below
            print(f"{card.name:<20} {k:>2} {len(sources):>9} {held:>8} {below:>5} {above:>5} "
                  f"{worst:>9.2e} {time.perf_counter() - start:>7.1f}")  # fmt: skip
    print("beam below greedy:", lost)
    return 1 if lost else 0


if __name__ == "__main__":
    sys.exit(main())
