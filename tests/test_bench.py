"""The benchmarks are not timed tests: CI only checks that they run (smoke mode)."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_bench_smoke(tmp_path):
    out = tmp_path / "results.json"
    subprocess.run([sys.executable, "bench/run.py", "--quick", "--out", str(out)], cwd=ROOT,
                   check=True, capture_output=True, timeout=300)  # fmt: skip
    results = json.loads(out.read_text())
    names = [r["config"] for r in results["training"]]
    assert names[0] == "defaults" and "bahdanau (step loop)" in names and len(names) == 6
    assert all(r["tokens_per_s"] > 0 for r in results["training"])
    assert {r["source_tokens"] for r in results["decoding"]} == {5, 20, 50}
    assert results["app"]["seconds_to_first_page"] > 0
    assert results["memory"]["model_loaded_mb"] > 0


def test_flops_count_runs():
    out = subprocess.run([sys.executable, "bench/flops.py"], cwd=ROOT, check=True,
                         capture_output=True, text=True, timeout=120).stdout  # fmt: skip
    assert "MFLOP/token" in out and "needs GFLOP/s" in out


def _run(*args: str) -> str:
    return subprocess.run([sys.executable, *args], cwd=ROOT, check=True, capture_output=True,
                          text=True, timeout=120).stdout  # fmt: skip


def test_parts_and_defaults_grid_run():
    out = _run("bench/parts.py", "--quick", "--threads", "1")
    assert "optimizer" in out and "additive scores" in out and "ours/plain" in out
    out = _run("bench/defaults_grid.py", "--quick")
    assert out.count("additive") == 2 and "sentences" in out
