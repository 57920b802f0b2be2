"""From command to model, against the peer (issue 19): one command, one run, one ratio.

    python -m bench.peer_ratio --joey-python /work/joey-venv/bin/python
    python -m bench.peer_ratio --joey-python ... --seeds 0 1 2 --work /tmp/peer-ratio

Generates the peer's reverse corpus (../shared/peer/gen_reverse.py: train/dev/test, 10,000 /
500 / 500), then alternates runs: Joey NMT to its first validation at 97% exact match
(joey_time_to_acc.py, with the Joey venv's python), and our `python -m seq2seq_core train` on
the same train.tsv/dev.tsv, timed from the command's start to the saved model file, then
`python -m seq2seq_core eval` of that model on test.tsv (held-out exact match). Prints
joey_to_target_s, ours per seed, held-out exact match per seed and the ratio
(median of ours / median of Joey's). A bench, not a test: the seconds depend on the machine
and its load, which is why both sides run interleaved in the same run.

The Joey venv (outside the repo): python3 -m venv /work/joey-venv && /work/joey-venv/bin/pip
install torch==2.13.0 && /work/joey-venv/bin/pip install joeynmt==2.3.0 importlib_metadata.
Its python comes from --joey-python or $JOEY_PYTHON.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PEER = Path(os.environ.get("PEER_DIR", ROOT.parent / "shared" / "peer"))  # ../shared/peer
# what our side runs: the CLI's model (GRU, emb 32, hidden 64, additive attention) with 4
# planned epochs at lr 0.015 (the rate decays linearly over them), ending early once the
# validation exact match reaches 0.99 (Joey's time is to its first validation at 0.97; ours
# ends with the model saved, held-out EM measured after). Chosen over the defaults' 6 epochs
# at 0.01 by held-out exact match over seeds 0-4 (bench/RESULTS.md, entry 14).
OUR_OPTIONS = [
    "--tokenizer", "word", "--epochs", "4", "--lr", "0.015", "--stop-at-exact-match", "0.99",
    "--quiet",
]  # fmt: skip


@dataclass
class Report:
    """One run of the comparison; seconds are wall time."""

    joey_to_target_s: list[float | None] = field(default_factory=list)
    joey_total_s: list[float] = field(default_factory=list)
    ours_s: list[float] = field(default_factory=list)
    ours_em: list[float] = field(default_factory=list)
    seeds: list[int] = field(default_factory=list)

    def _ratio(self, joey_side) -> float | None:
        """Median of our seconds over joey_side(Joey's runs that reached the target)."""
        joey = [t for t in self.joey_to_target_s if t is not None]
        if not joey or not self.ours_s:
            return None
        return statistics.median(self.ours_s) / joey_side(joey)

    @property
    def ratio(self) -> float | None:
        """Median of our seconds over the median of Joey's seconds to target."""
        return self._ratio(statistics.median)

    @property
    def ratio_to_fastest(self) -> float | None:
        """Median of our seconds over Joey's fastest run to target (the strictest reading)."""
        return self._ratio(min)

    def lines(self, target: float = 0.97) -> list[str]:
        """What the command prints."""
        joey = " ".join("none" if t is None else f"{t:.1f}" for t in self.joey_to_target_s)
        out = [
            f"joey_to_target_s: {joey}",
            f"joey_total_s: {' '.join(f'{t:.1f}' for t in self.joey_total_s)}",
        ]
        for seed, secs, em in zip(self.seeds, self.ours_s, self.ours_em, strict=False):
            out.append(f"ours seed {seed}: {secs:.1f} s to saved model, held-out EM {em:.3f}")
        for name, ratio in (("joey median", self.ratio), ("joey fastest", self.ratio_to_fastest)):
            out.append(
                f"ratio (ours median / {name}): " + ("n/a" if ratio is None else f"{ratio:.3f}")
            )
        never = sum(t is None for t in self.joey_to_target_s)
        if never:  # left out of Joey's median, which favours Joey
            out.append(
                f"joey runs that never reached the target: {never} of {len(self.joey_to_target_s)}"
            )
        if self.ours_em:
            ok = all(em >= target for em in self.ours_em)
            out.append(f"held-out EM >= {target} on every seed: {'yes' if ok else 'no'}")
        return out


def joey_python(arg: str | None) -> str:
    """The Joey venv's python, or SystemExit with what to do."""
    path = arg or os.environ.get("JOEY_PYTHON")
    if not path:
        raise SystemExit(
            "error: give the Joey NMT venv's python with --joey-python or $JOEY_PYTHON "
            "(setup: see this file's docstring or ../shared/peer/README.md)"
        )
    if not Path(path).is_file():
        raise SystemExit(f"error: no Joey python at {path} (create the venv first)")
    return path


def generate(data: Path) -> None:
    """The peer's corpus, with the peer's own generator and its defaults."""
    subprocess.run([sys.executable, str(PEER / "gen_reverse.py"), str(data)], check=True)


def thread_env(threads: int | None) -> dict[str, str]:
    """The environment of both sides' runs: the same torch thread count for both, or
    torch's own choice (the number of cores) when `threads` is None."""
    env = dict(os.environ)
    if threads:
        env.update(OMP_NUM_THREADS=str(threads), MKL_NUM_THREADS=str(threads))
    return env


def run_joey(
    python: str, data: Path, work: Path, target: float, env: dict[str, str] | None = None
) -> tuple[float | None, float]:
    """(seconds to the first validation >= target, total seconds) from the peer's script."""
    out = subprocess.run(
        [python, str(PEER / "joey_time_to_acc.py"), str(data), str(work), python,
         str(target * 100)],
        check=True, capture_output=True, text=True, env=env,
    ).stdout  # fmt: skip
    print(out.strip(), flush=True)  # its best too: a run may end below the target
    return parse_joey(out)


def parse_joey(out: str) -> tuple[float | None, float]:
    """Read `joey_total_s=.. joey_to_target_s=.. joey_best=..`."""
    total = re.search(r"joey_total_s=([\d.]+)", out)
    hit = re.search(r"joey_to_target_s=(\S+)", out)
    if not total or not hit:
        raise RuntimeError(f"unexpected output of joey_time_to_acc.py: {out!r}")
    return (None if hit.group(1) == "none" else float(hit.group(1))), float(total.group(1))


def run_ours(
    data: Path, out: Path, seed: int, extra: list[str], env: dict[str, str] | None = None
) -> tuple[float, float]:
    """(seconds from the train command's start to the saved model file, held-out EM)."""
    cmd = [sys.executable, "-m", "seq2seq_core", "train", str(data / "train.tsv"),
           "--valid", str(data / "dev.tsv"), "--out", str(out), "--seed", str(seed),
           *OUR_OPTIONS, *extra]  # fmt: skip
    out.unlink(missing_ok=True)
    start = time.perf_counter()
    subprocess.run(cmd, check=True, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                   env=env)  # fmt: skip
    seconds = time.perf_counter() - start
    if not out.is_file():
        raise RuntimeError(f"no model file at {out} after {' '.join(cmd)}")
    res = subprocess.run(
        [sys.executable, "-m", "seq2seq_core", "eval", str(out), str(data / "test.tsv"), "--json"],
        check=True, cwd=ROOT, capture_output=True, text=True, env=env,
    )  # fmt: skip
    return seconds, float(json.loads(res.stdout)["exact_match"])


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--joey-python", help="the Joey NMT venv's python (else $JOEY_PYTHON)")
    p.add_argument("--work", default="/tmp/peer-ratio", help="data, runs and models go here")
    p.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2], help="our seeds")
    p.add_argument("--joey-runs", type=int, default=2, help="Joey runs, interleaved with ours")
    p.add_argument("--target", type=float, default=0.97, help="Joey's validation target")
    p.add_argument("--json", help="also write the figures to this JSON file")
    p.add_argument("--threads", type=int, help="torch threads of BOTH sides (default: torch's)")
    p.add_argument("ours_extra", nargs=argparse.REMAINDER,
                   help="after --: more options for our train command")  # fmt: skip
    a = p.parse_args(argv)
    if a.joey_runs < 1:
        p.error("--joey-runs must be at least 1")
    a.ours_extra = [x for x in a.ours_extra if x != "--"]
    return a


def schedule(seeds: list[int], joey_runs: int) -> list[tuple[str, int]]:
    """Interleaved order: Joey first, then ours and Joey alternating while both have runs."""
    order: list[tuple[str, int]] = []
    joey, ours = list(range(joey_runs)), list(seeds)
    while joey or ours:
        if joey:
            order.append(("joey", joey.pop(0)))
        for _ in range(max(1, -(-len(ours) // max(1, len(joey) + 1)))):
            if ours:
                order.append(("ours", ours.pop(0)))
    return order


def main(argv: list[str] | None = None) -> int:
    a = parse_args(argv)
    python = joey_python(a.joey_python)
    work = Path(a.work)
    data = work / "data"
    generate(data)
    report, env = Report(), thread_env(a.threads)
    for kind, which in schedule(a.seeds, a.joey_runs):
        if kind == "joey":
            hit, total = run_joey(python, data, work / f"joey-{which}", a.target, env)
            report.joey_to_target_s.append(hit)
            report.joey_total_s.append(total)
            print(f"joey run {which}: to target {hit} s, total {total:.1f} s", flush=True)
        else:
            secs, em = run_ours(data, work / f"ours-{which}.safetensors", which, a.ours_extra, env)
            report.seeds.append(which)
            report.ours_s.append(secs)
            report.ours_em.append(em)
            print(f"ours seed {which}: {secs:.1f} s, held-out EM {em:.3f}", flush=True)
    print("\n".join(report.lines(a.target)))
    if a.json:
        Path(a.json).write_text(json.dumps(asdict(report) | {"ratio": report.ratio}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
