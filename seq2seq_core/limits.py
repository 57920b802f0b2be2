"""The limits every entry point shares: ModelConfig and TrainConfig validate against them, the
command line refuses options outside them, the app's Train and Data pages take their widgets'
bounds from them, and the checkpoint loader refuses a file that describes anything larger.

One set of numbers, so that what the app can train the command line can train, and what
either can train, the loader (and the app's upload) can load back: the largest model these
limits allow serializes to at most `MAX_CHECKPOINT_BYTES` (tests/hostile/test_model_files.py).
"""

from __future__ import annotations

MAX_EMB = 512  # embedding size
MAX_HIDDEN = 512  # RNN hidden size (of each direction, and of the decoder)
MAX_LAYERS = 2
MIN_VOCAB = 8  # a vocabulary smaller than this holds little more than the special tokens
MAX_VOCAB = 8000  # per side, specials included
MAX_EPOCHS = 500
MAX_BATCH = 512
MAX_SEED = 2**32 - 1  # seeds are 0..MAX_SEED (what numpy and torch both accept)
# The length limit a run may set (TrainConfig.max_len), in tokens per side; decoding makes at
# most MAX_LENGTH_LIMIT + 1 steps. A model file's story is held to the same bounds.
MIN_LENGTH_LIMIT = 2
MAX_LENGTH_LIMIT = 1000

# A bound on one model's size: 10 M parameters are 40 MB of float32 weights. The app's
# "bigger" preset (emb 128, hidden 256) at the largest vocabulary, even with two LSTM layers
# and input feeding, has 8.3 M; the limits above alone would allow 30 M (123 MB).
MAX_PARAMETERS = 10_000_000

# What a checkpoint file may hold: the weights of MAX_PARAMETERS float32 parameters and a
# header (tokenizers, model description, training history) of at most MAX_HEADER_BYTES
# (`checkpoint.to_bytes` leaves out the history's samples, then the history, to stay below it).
MAX_HEADER_BYTES = 16 * 1024 * 1024
MAX_CHECKPOINT_BYTES = 4 * MAX_PARAMETERS + MAX_HEADER_BYTES
# The app's model upload, in Streamlit's unit (MiB): covers MAX_CHECKPOINT_BYTES.
# .streamlit/config.toml's server.maxUploadSize must be at least this (a test checks).
MODEL_UPLOAD_MB = -(-MAX_CHECKPOINT_BYTES // (1024 * 1024))


def check_range(name: str, value: object, low: int, high: int) -> str | None:
    """Why `value` is not a whole number in [low, high] (None when it is); bool is refused."""
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        return f"{name} must be a whole number from {low} to {high}, not {value!r}"
    return None
