"""Benchmarks, run from the repository root as modules: `python -m bench.run`; figures in
bench/RESULTS.md. `hall/`: the lecture-hall load harness (`python -m bench.hall.load`)."""
