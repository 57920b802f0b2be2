"""Models on disk: one safetensors file each, nothing in it ever executed.

- `checkpoint`: save and load (weights, config, tokenizers, metadata); pickles, lying
  headers and wrong shapes are refused before anything is built.
- `meta`: the metadata a file may carry, each field checked and bounded; `bounded_json`
  counts a JSON text's values before it is parsed, and parses it strictly.
- `pretrained`: the shipped models (pretrained/) and their cards.

Imports: safetensors, `seq2seq_core.data`, `seq2seq_core.model`, the shared modules.
"""
