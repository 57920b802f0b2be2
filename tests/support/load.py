"""Helpers of the classroom load tests: a process's peak memory, students' sentences, latency
percentiles, the largest-vocabulary model."""

from __future__ import annotations

import random
from pathlib import Path

from seq2seq_core.checkpoints.pretrained import list_pretrained, load_pretrained
from tests.support.st_client import Run


def peak_rss_mb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) // 1024
    return 0


def student_sentences(n: int) -> list[str]:
    rng = random.Random(7)
    return [" ".join(str(rng.randint(1, 20)) for _ in range(rng.randint(6, 10))) for _ in range(n)]


def step_percentiles(runs: list[Run]) -> str:
    ms = sorted(1000 * r.seconds for r in runs)
    if not ms:
        return "none"

    def pct(q: float) -> float:
        return ms[min(len(ms) - 1, int(q * len(ms)))]

    return f"{len(ms)} runs, p50 {pct(0.5):.0f} ms, p90 {pct(0.9):.0f} ms, max {ms[-1]:.0f} ms"


def largest_vocabulary_model() -> str:
    """The shipped model whose decode traces are largest (each step keeps a (V,) softmax)."""
    return max(list_pretrained(), key=lambda c: load_pretrained(c.name).tgt_tok.vocab_size).name
