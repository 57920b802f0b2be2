"""Teaching experiments: small computations that each make one point of the lecture.

Import them from here (`from seq2seq_core import experiments as ex`); the code is in
modules of this package, each with the lecture's account of its experiments:

- `decoding`, how the decoder chooses its tokens: 1. exposure bias (teacher forcing
  against free running), 2. beam wins (where beam search beats greedy), 3. sampling and
  temperature.
- `analysis`, a trained model seen from outside and inside: 4. hidden-state maps (PCA),
  5. scores by source length, 6. `rank_of`, a token's rank in one step's distribution, for
  a predict-the-next-token quiz.
- `neighbours`, why did it say that: the training pairs whose decoder state was nearest.

Imports: the engine's other packages and the shared modules.

Conventions: token sequences include `<eos>` when the decoder emitted it (that step has a
probability too) and `text` fields exclude it. Probabilities and log-probabilities are
the model's own (temperature 1). Results are frozen dataclasses of plain data whose
`to_dict()` is JSON-serializable.
"""

from __future__ import annotations

from seq2seq_core.experiments.analysis import (
    Bucket,
    StateMap,
    StatePoint,
    bucket_bounds,
    bucket_scores,
    hidden_state_map,
    length_buckets,
    pca_2d,
    rank_of,
)
from seq2seq_core.experiments.decoding import (
    BeamWin,
    ExposureBias,
    Sample,
    ScoredTokens,
    beam_against_greedy,
    exposure_bias,
    find_beam_losses,
    find_beam_wins,
    sample_decode,
    sequence_logprobs,
    tempered,
)

__all__ = [
    "BeamWin",
    "Bucket",
    "ExposureBias",
    "Sample",
    "ScoredTokens",
    "StateMap",
    "StatePoint",
    "beam_against_greedy",
    "bucket_bounds",
    "bucket_scores",
    "exposure_bias",
    "find_beam_losses",
    "find_beam_wins",
    "hidden_state_map",
    "length_buckets",
    "pca_2d",
    "rank_of",
    "sample_decode",
    "sequence_logprobs",
    "tempered",
]
