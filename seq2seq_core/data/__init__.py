"""Text in, ids out: what the engine reads before a model sees it.

- `errors`: `CorpusError`, the one-sentence refusal of a corpus file, with its code.
- `encoding`: which character encoding a file is in (BOMs, UTF-16/32 without one, UTF-8,
  the classroom's code pages); `cjk` scores the East Asian readings of a line.
- `corpus`: reading uploads (TSV, CSV, two parallel files) into pairs; the seeded split.
- `tokenizers`: one interface, three kinds (SentencePiece, characters, words); the special
  ids `<pad>`=0 `<unk>`=1 `<sos>`=2 `<eos>`=3 everywhere. `tokenizer_state`: a tokenizer
  rebuilt from a model file's state, every entry checked and bounded first.
- `batching`: one length limit in tokens, padded batches.
- `corpora/`: the built-in corpora.

Imports: the standard library, numpy, torch, sentencepiece, charset-normalizer, and
`seq2seq_core.limits`; nothing else of the engine.
"""
