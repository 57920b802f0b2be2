"""The classroom under attack, longer: tests/load/test_classroom_attack.py's 30 sessions (26
decoding,
4 attacking the memory budgets) with more attack rounds, and the same classroom without
the attackers for comparison (the decoders' step latency with and without them).

    python -m bench.load_attack                    # 10x the suite's rounds, then no attackers
    python -m bench.load_attack --scale 3          # 3x
    python -m bench.load_attack --no-baseline      # only the attacked classroom

Each classroom gets its own fresh server; the figures (server peak memory against the
README's budget, step latency p50/p95/max, script runs, messages seen) are printed, and the
run fails as the test does (an exception element, a websocket error, a missing message,
a stall or the budget exceeded). bench/RESULTS.md records a run.
"""

from __future__ import annotations

import argparse
import asyncio
import time
from pathlib import Path

from tests.load import test_classroom_attack as attack
from tests.support.app_server import serve_app
from tests.support.load import peak_rss_mb, student_sentences
from tests.support.st_client import Session

ROOT = Path(__file__).resolve().parent.parent


async def _quiet_classroom(url: str) -> attack.Seen:
    """The 26 decoders alone (after the teacher), for the latency without attackers."""
    from seq2seq_core.checkpoints.pretrained import load_pretrained

    sentences = student_sentences(attack.DECODERS)
    model = load_pretrained("reverse")
    traces = [model.trace(s) for s in sentences]
    outs = [[s.chosen_token for s in tr.steps if s.chosen_token != "<eos>"] for tr in traces]
    seen = attack.Seen()
    async with Session(url) as teacher:
        seen.add("first page", await teacher.rerun())
    jobs = [attack._decoder(url, s, o, seen) for s, o in zip(sentences, outs, strict=True)]
    await asyncio.gather(*jobs)
    return seen


def _one(label: str, run) -> tuple[attack.Seen, int]:
    with serve_app(max_runs=attack.MAX_RUNS) as (url, proc):
        start = time.perf_counter()
        seen = asyncio.run(run(url))
        wall = time.perf_counter() - start
        peak = peak_rss_mb(proc.pid)
    print(f"== {label}\n{attack.report(seen, wall, peak)}", flush=True)
    return seen, peak


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=int, default=10, help="times the suite's attack rounds")
    ap.add_argument("--no-baseline", action="store_true", help="skip the classroom alone")
    args = ap.parse_args()
    base = attack.Rounds()
    rounds = attack.Rounds(
        text=base.text * args.scale, runs=base.runs * args.scale, cache=base.cache * args.scale
    )
    attack.TIME_LIMIT = 120.0 + 60.0 * args.scale
    print(f"rounds: {rounds}", flush=True)
    seen, peak = _one("attacked", lambda url: attack.classroom(url, rounds))
    if not args.no_baseline:
        _one("no attackers", _quiet_classroom)
    attack.check(seen, peak)


if __name__ == "__main__":
    main()
