"""How much arithmetic one training token costs, and what a throughput target asks of the CPU.

    python -m bench.flops

Counts the floating-point operations of one teacher-forced training step (forward and
backward) on a reverse-corpus batch with torch.utils.flop_counter, for each decoder
configuration of bench/run.py (hidden size 128; the defaults are smaller) on a batch of
64; divides by the batch's target tokens; and sets that against this machine's measured
matrix-multiply speed, for large matrices (the best case) and for the small ones a batch
of 64 actually multiplies.
"""

from __future__ import annotations

import time
from pathlib import Path

import torch
import torch.nn.functional as F
from torch.utils.flop_counter import FlopCounterMode

from bench.run import CONFIGS, model_options
from seq2seq_core.data.batching import encode_pairs, make_batches
from seq2seq_core.data.corpora import load_builtin
from seq2seq_core.translator import build_translator

ROOT = Path(__file__).resolve().parent.parent

TARGETS = {"bahdanau (step loop)": 60_000, "luong general (one call)": 150_000}


def matmul_gflops(m: int, k: int, n: int, seconds: float = 1.0) -> float:
    a, b = torch.randn(m, k), torch.randn(k, n)
    for _ in range(10):
        a @ b
    count, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        a @ b
        count += 1
    return 2 * m * k * n * count / (time.perf_counter() - start) / 1e9


def flops_per_token(name: str) -> float:
    pairs = load_builtin("reverse", "train")[:640]
    tr = build_translator(pairs, model_options(name), "word", 100, seed=0)
    src_ids, tgt_ids = encode_pairs(pairs, tr.src_tok, tr.tgt_tok, 60)
    batch = make_batches(src_ids, tgt_ids, 64)[5]  # by length: a mid-length batch
    with FlopCounterMode(display=False) as counter:
        logits = tr.model(batch.src, batch.src_mask, batch.tgt_in)  # (B, T, V)
        loss = F.cross_entropy(logits.flatten(0, 1), batch.tgt_out.flatten(), ignore_index=0)
        loss.backward()
    return counter.get_total_flops() / batch.n_tokens


def main() -> None:
    big = matmul_gflops(1024, 1024, 1024)
    small = matmul_gflops(64, 384, 128, seconds=0.5)
    print(f"{torch.get_num_threads()} threads: matmul {big:.0f} GFLOP/s at 1024^3, "
          f"{small:.0f} GFLOP/s at 64x384 @ 384x128")  # fmt: skip
    print(f"{'config':<28}{'MFLOP/token':>12}{'target tok/s':>14}{'needs GFLOP/s':>15}")
    for name in CONFIGS:
        per_token = flops_per_token(name)
        target = TARGETS.get(name)
        need = f"{per_token * target / 1e9:.0f}" if target else "-"
        print(f"{name:<28}{per_token / 1e6:>12.2f}{target or '-':>14}{need:>15}")


if __name__ == "__main__":
    main()
