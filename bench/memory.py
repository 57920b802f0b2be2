"""Peak memory of one training run, measured, against `seq2seq_core.training.budget`'s estimate.

Each configuration runs in its own process: a synthetic word corpus (V distinct words,
sentences of L words) trained for one epoch of one batch, validation included, as the
Train page's runs do (the real `Trainer`). The run's memory is the process's peak RSS
(ru_maxrss) minus its RSS before the tokenizers and the model were built. The estimate
must never be below the measure (it refuses runs by it) and should not be far above.

    python -m bench.memory            # every configuration (a few minutes on 2 cores)
    python -m bench.memory --quick    # the first three
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# (label, model options, vocabulary, batch, words per sentence, validation pairs)
CONFIGS = [
    ("issue: word, vocab 8000, batch 512, 60 tokens, default preset", dict(emb=64, hidden=128),
     8000, 512, 60, 50),
    ("vocab 8000, no attention, batch 256", dict(emb=64, hidden=128, attention="none"),
     8000, 256, 60, 50),
    ("additive, hidden 256, vocab 1000, batch 128", dict(emb=64, hidden=256), 1000, 128, 60, 50),
    ("bahdanau loop, hidden 128, vocab 2000, batch 128",
     dict(emb=64, hidden=128, decoder_style="bahdanau"), 2000, 128, 50, 50),
    ("lstm 2 layers, general, vocab 4000, batch 256",
     dict(emb=128, hidden=256, rnn="lstm", layers=2, attention="general"), 4000, 256, 40, 50),
    ("batch 16, vocab 8000, 256 validation pairs", dict(emb=64, hidden=128), 8000, 16, 60, 256),
]  # fmt: skip


def _rss_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def _child(spec: str) -> None:
    """Measure one configuration; prints a JSON line."""
    import torch

    from seq2seq_core.config import TrainConfig
    from seq2seq_core.training import budget
    from seq2seq_core.training.trainer import Trainer
    from seq2seq_core.translator import build_translator

    torch.set_num_threads(1)
    options, vocab, batch, words, n_valid = json.loads(spec)
    rng = random.Random(0)
    lex = [f"w{i}" for i in range(vocab)]

    def sentence() -> str:
        return " ".join(rng.choice(lex) for _ in range(words))

    pairs = [(sentence(), sentence()) for _ in range(max(batch, vocab // words + 1))]
    valid = [(sentence(), sentence()) for _ in range(n_valid)]
    texts = [s for p in pairs for s in p]
    # every word seen: the vocabulary is full
    pairs.append((" ".join(lex[:words]), " ".join(lex[:words])))
    del texts
    before = _rss_kb()
    cfg = TrainConfig(epochs=1, batch_size=batch, tokenizer="word", vocab_size=vocab)
    train = pairs[:batch]
    tr = build_translator(pairs, options, "word", vocab, 0)  # tokenizers see every word
    trainer = Trainer(tr, train, valid, cfg)
    est = budget.trainer_estimate(trainer)
    for _ in trainer.run():
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kB
    print(json.dumps({"measured_mb": (peak - before) / 1024, "estimate_mb": est.total / 2**20,
                      "parts_mb": {k: round(v / 2**20, 1) for k, v in est.parts.items()},
                      "vocab": tr.cfg.tgt_vocab, "src_len": est.src_len,
                      "tgt_len": est.tgt_len}))  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--child")
    args = ap.parse_args()
    if args.child:
        _child(args.child)
        return
    rows = []
    for label, options, vocab, batch, words, n_valid in CONFIGS[: 3 if args.quick else None]:
        spec = json.dumps([options, vocab, batch, words, n_valid])
        out = subprocess.run(
            [sys.executable, "-m", "bench.memory", "--child", spec],
            cwd=ROOT, capture_output=True, text=True, check=True,
        )  # fmt: skip
        r = json.loads(out.stdout.strip().splitlines()[-1])
        rows.append((label, r))
        ratio = r["estimate_mb"] / max(r["measured_mb"], 1)
        print(f"| {label} | {r['measured_mb']:,.0f} | {r['estimate_mb']:,.0f} | {ratio:.2f} | "
              f"{r['parts_mb']} |", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
