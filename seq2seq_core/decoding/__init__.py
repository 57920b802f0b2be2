"""Decoding a sentence, and the trace that shows how.

- `search`: greedy search with its full trace, forced prefixes, teacher-forced scoring,
  batched greedy decoding.
- `beam`: beam search with its tree.
- `forcing`: force a token at a step (or a beam node) and decode the rest greedily.
- `trace`: `DecodeTrace` and its kin: plain data (numbers, strings, float32 arrays), the
  contract between the engine and the interface (README, "The decode trace").

Imports: torch, numpy, `seq2seq_core.data`, `seq2seq_core.model`, the shared modules.
"""
