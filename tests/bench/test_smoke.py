"""The benchmarks are not timed tests: CI only checks that they run (smoke mode)."""

import json
import subprocess
import sys

import pytest

from tests.support.paths import REPO_ROOT

ROOT = REPO_ROOT


def test_bench_smoke(tmp_path):
    out = tmp_path / "results.json"
    subprocess.run([sys.executable, "-m", "bench.run", "--quick", "--out", str(out)], cwd=ROOT,
                   check=True, capture_output=True, timeout=300)  # fmt: skip
    results = json.loads(out.read_text())
    names = [r["config"] for r in results["training"]]
    assert names[0] == "defaults" and "bahdanau (step loop)" in names and len(names) == 6
    assert all(r["tokens_per_s"] > 0 for r in results["training"])
    assert {r["source_tokens"] for r in results["decoding"]} == {5, 20, 50}
    assert results["app"]["seconds_to_first_page"] > 0
    assert results["memory"]["model_loaded_mb"] > 0


@pytest.mark.full  # runs the FLOP counting bench: ~20 s
def test_flops_count_runs():
    out = subprocess.run([sys.executable, "-m", "bench.flops"], cwd=ROOT, check=True,
                         capture_output=True, text=True, timeout=120).stdout  # fmt: skip
    assert "MFLOP/token" in out and "needs GFLOP/s" in out


def _run(*args: str) -> str:
    return subprocess.run([sys.executable, *args], cwd=ROOT, check=True, capture_output=True,
                          text=True, timeout=120).stdout  # fmt: skip


@pytest.mark.full  # runs two benches: ~20 s
def test_parts_and_defaults_grid_run():
    out = _run("-m", "bench.parts", "--quick", "--threads", "1")
    assert "optimizer" in out and "additive scores" in out and "ours/plain" in out
    out = _run("-m", "bench.defaults_grid", "--quick")
    assert out.count("additive") == 2 and "sentences" in out


def test_peer_ratio_reports_and_refuses_without_joey(monkeypatch, capsys):
    """bench/peer_ratio.py without Joey: one clear line; its report and parsing, no run."""
    from bench import peer_ratio

    monkeypatch.delenv("JOEY_PYTHON", raising=False)
    with pytest.raises(SystemExit, match="--joey-python"):
        peer_ratio.main(["--work", "/nonexistent"])
    with pytest.raises(SystemExit, match="no Joey python at /no/python"):
        peer_ratio.main(["--joey-python", "/no/python"])
    assert peer_ratio.parse_joey("joey_total_s=40.2 joey_to_target_s=33.5 joey_best=98.2") == (
        33.5, 40.2)  # fmt: skip
    assert peer_ratio.parse_joey("joey_total_s=40.2 joey_to_target_s=none joey_best=90")[0] is None
    a = peer_ratio.parse_args(["--seeds", "0", "1", "2", "--", "--threads", "1"])
    assert a.ours_extra == ["--threads", "1"] and a.joey_runs == 2
    order = peer_ratio.schedule([0, 1, 2], 2)
    assert [k for k, _ in order] == ["joey", "ours", "ours", "joey", "ours"]
    r = peer_ratio.Report(
        [30.0, 34.0], [40.0, 41.0], [8.0, 7.0, 9.0], [0.98, 0.99, 0.97], [0, 1, 2]
    )
    assert r.ratio == 8.0 / 32.0
    text = "\n".join(r.lines())
    assert "ratio (ours median / joey median): 0.250" in text and "every seed: yes" in text
    assert "ratio (ours median / joey fastest): 0.267" in text and "never" not in text
    r.joey_to_target_s.append(None)
    assert "never reached the target: 1 of 3" in "\n".join(r.lines()) and r.ratio == 0.25
    assert "ours seed 2: 9.0 s to saved model, held-out EM 0.970" in text


@pytest.mark.full  # starts two Streamlit servers: ~10 s
def test_static_assets_bench_compares_the_two_servers(tmp_path):
    out = tmp_path / "static.json"
    _run("-m", "bench.static_assets", "--browsers", "2", "--parallel", "2", "--json", str(out))
    got = json.loads(out.read_text())
    plain, ours = got["plain streamlit run"], got["app.py"]
    assert plain["files"] == ours["files"] > 10
    assert ours["kb_per_browser"] < plain["kb_per_browser"] / 2  # gzipped
