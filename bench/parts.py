"""Parts of one training step, timed against the plain way of computing them.

    python -m bench.parts [--threads N] [--quick]

Whole training runs on this shared machine vary by ±15% from run to run, more than most
single changes gain; so each part is timed alone, the current code and the plain version
alternated several times in one process, and the medians are compared.

- optimizer: gradient-norm clipping and one Adam step on the parameters of the model of
  emb 64, hidden 128 (the defaults until RESULTS.md's entry 7),
  plain (a Python loop over parameters) against `foreach` clipping and `fused=True` Adam,
  as `seq2seq_core.training.trainer.Trainer` uses them;
- additive scores: v . tanh(q_t + k_s) for a batch of 64, 11 target and 10 source steps,
  hidden 128, forward and backward, autograd of the formula against
  `seq2seq_core.model.attention.additive_scores`.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import torch
import torch.nn.functional as F

from seq2seq_core.config import ModelConfig
from seq2seq_core.model.attention import additive_scores
from seq2seq_core.model.seq2seq import Seq2Seq

ROOT = Path(__file__).resolve().parent.parent


def _ms_per_call(fn: Callable[[], None], calls: int) -> float:
    fn()
    start = time.perf_counter()
    for _ in range(calls):
        fn()
    return (time.perf_counter() - start) / calls * 1e3


def optimizer_pair() -> tuple[Callable[[], None], Callable[[], None]]:
    model = Seq2Seq(ModelConfig(src_vocab=24, tgt_vocab=24, emb=64, hidden=128))
    params = list(model.parameters())
    for p in params:
        p.grad = torch.randn_like(p)
    plain_adam = torch.optim.Adam(params, lr=1e-3)
    fused_adam = torch.optim.Adam(params, lr=1e-3, fused=True)

    def plain() -> None:
        torch.nn.utils.clip_grad_norm_(params, 1.0, foreach=False)
        plain_adam.step()

    def ours() -> None:
        torch.nn.utils.clip_grad_norm_(params, 1.0, foreach=True)
        fused_adam.step()

    return plain, ours


def additive_pair() -> tuple[Callable[[], None], Callable[[], None]]:
    torch.manual_seed(0)
    q = torch.randn(64, 11, 128, requires_grad=True)  # (B, T, H)
    k = torch.randn(64, 10, 128, requires_grad=True)  # (B, S, H)
    v = torch.randn(1, 128, requires_grad=True)  # nn.Linear(H, 1, bias=False).weight
    grad = torch.randn(64, 11, 10)

    def plain() -> None:
        energy = torch.tanh(q.unsqueeze(2) + k.unsqueeze(1))  # (B, T, S, H)
        F.linear(energy, v).squeeze(-1).backward(grad)

    def ours() -> None:
        additive_scores(q, k, v[0]).backward(grad)

    return plain, ours


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--threads", type=int, default=torch.get_num_threads())
    ap.add_argument("--quick", action="store_true", help="smoke mode: one round, few calls")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    rounds, scale = (1, 0.1) if args.quick else (7, 1.0)
    print(f"{args.threads} threads; median (min) of {rounds} rounds, ms per call")
    print(f"{'part':<18}{'plain':>16}{'ours':>16}{'ours/plain':>12}")
    parts = (("optimizer", optimizer_pair, 100), ("additive scores", additive_pair, 30))
    for name, make, calls in parts:
        plain, ours = make()
        times: dict[str, list[float]] = {"plain": [], "ours": []}
        for _ in range(rounds):  # alternated, so that a slow spell of the machine hits both
            times["plain"].append(_ms_per_call(plain, max(1, int(calls * scale))))
            times["ours"].append(_ms_per_call(ours, max(1, int(calls * scale))))
        med = {k: statistics.median(v) for k, v in times.items()}
        cells = [f"{med[k]:.2f} ({min(times[k]):.2f})" for k in ("plain", "ours")]
        print(f"{name:<18}{cells[0]:>16}{cells[1]:>16}{med['ours'] / med['plain']:>12.2f}")


if __name__ == "__main__":
    main()
