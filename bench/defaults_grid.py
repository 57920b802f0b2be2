"""Which defaults reach 97% on the reverse corpus soonest? A grid, counted in steps.

    python -m bench.defaults_grid [--epochs 10] [--jobs 2] [--quick]

For each model size (emb/hidden), attention, learning rate and batch size, trains on the
reverse corpus (one thread) and checks validation exact match every 3,200 training
sentences, stopping at 97%, after 45 s of training, or at the end of the planned epochs
(10 unless --epochs says otherwise; the learning rate decays linearly over them, so fewer
planned epochs decay it sooner). "Steps" and "sentences" to 97% do not depend on how busy
the machine is; the seconds do (with --jobs 2 two runs share the two cores), so compare
seconds only within one run of this script.
"""

from __future__ import annotations

import argparse
import itertools
import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

ONE_RUN = """
import json, sys
import torch
torch.set_num_threads(1)
from seq2seq_core.config import TrainConfig
from seq2seq_core.data.corpora import load_builtin
from seq2seq_core.metrics import exact_match
from seq2seq_core.training.trainer import BatchEvent, Trainer
from seq2seq_core.translator import build_translator
spec = json.loads({spec!r})
train = load_builtin("reverse", "train")[: spec["n_train"]]
valid = load_builtin("reverse", "valid")[: spec["n_valid"]]
model = {{k: spec[k] for k in ("emb", "hidden", "attention")}}
tr = build_translator(train, model, "word", 100, seed=0)
cfg = TrainConfig(epochs=spec["epochs"], batch_size=spec["batch_size"], lr=spec["lr"])
trainer = Trainer(tr, train, [], cfg)
sources, refs = [s for s, _ in valid], [t for _, t in valid]
every = max(1, 3200 // spec["batch_size"])
result = {{"steps": None, "seconds": None, "last_em": 0.0, "timed_out": False}}
for ev in trainer.run():
    if isinstance(ev, BatchEvent) and ev.step % every == 0:
        result["last_em"] = exact_match(tr.translate(sources), refs)
        if result["last_em"] >= 0.97:
            result.update(steps=ev.step, seconds=round(ev.elapsed, 1))
            break
        if ev.elapsed > spec["limit"]:
            result["timed_out"] = True
            break
print(json.dumps(result))
"""


def one(spec: dict) -> dict:
    code = ONE_RUN.format(spec=json.dumps(spec))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT).stdout  # fmt: skip
    return {**spec, **json.loads(out.strip().splitlines()[-1])}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--epochs", type=int, default=10, help="planned epochs of every run")
    ap.add_argument("--quick", action="store_true", help="smoke mode: 2 tiny runs")
    args = ap.parse_args()
    grid = ([(64, 128), (32, 64)], ["additive", "general"], [3e-3, 1e-2], [64, 128, 256])
    run = dict(n_train=10_000, n_valid=500, limit=45.0, epochs=args.epochs)
    if args.quick:
        grid = ([(8, 16)], ["additive"], [1e-2], [64, 128])
        run = dict(n_train=256, n_valid=32, limit=1.0, epochs=2)
    specs = [
        dict(emb=e, hidden=h, attention=a, lr=lr, batch_size=b, **run)
        for (e, h), a, lr, b in itertools.product(*grid)
    ]
    print(f"{run['epochs']} planned epochs")
    with ThreadPoolExecutor(args.jobs) as pool:
        rows = list(pool.map(one, specs))
    print(f"{'emb/hidden':<11}{'attention':<10}{'lr':>7}{'batch':>6}{'steps':>7}{'sentences':>10}"
          f"{'seconds':>8}")  # fmt: skip
    for r in rows:
        steps = "-" if r["steps"] is None else r["steps"]
        sents = "-" if r["steps"] is None else r["steps"] * r["batch_size"]
        secs = r["seconds"] if r["steps"] else f"> {r['limit']:.0f}" if r["timed_out"] else "-"
        print(f"{r['emb']}/{r['hidden']:<8}{r['attention']:<10}{r['lr']:>7}{r['batch_size']:>6}"
              f"{steps:>7}{sents:>10}{secs:>8}")  # fmt: skip


if __name__ == "__main__":
    main()
