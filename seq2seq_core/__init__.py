"""The engine: an encoder-decoder RNN with attention, trained, decoded and traced for the
classroom app. It never imports Streamlit (tests/test_boundaries.py checks it).

Packages by role, lower first; a package imports only the shared modules and the packages
above it in this list:

- `data/`: text in, ids out: reading corpus files (`corpus`, `encoding`, `errors`), the
  tokenizers, batching, the built-in corpora.
- `model/`: the network: `attention`, `encoder`, `decoder`, `dropout`, and `seq2seq`, the
  module that joins them.
- `decoding/`: greedy search, beam search, forcing a token, and `trace`, the decode trace:
  the contract between the engine and the interface.
- `training/`: the trainer and its events, its resumable state, the optimizer, one step at
  a time, the memory budget, and the Dask job that trains on a worker.
- `experiments/`: the teaching experiments' computations.
- `checkpoints/`: one safetensors file per model (weights, config, tokenizers, metadata),
  its metadata checks, and the shipped models.
- `cli/`: `python -m seq2seq_core` (`__main__`): the commands and their text.

Shared by all, at the top: `config` (ModelConfig, TrainConfig), `presets` (the sizes and
teaching models the command line, the Train page, teacher mode and the experiments start
from), `limits` (the numbers the command line, the app and the loader share), `translator` (a
model with its tokenizers),
`metrics` (exact match, accuracy, BLEU, chrF), `files` (reading a file a user named: a
regular file only, never more than its cap).
"""
