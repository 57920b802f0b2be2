"""Configuration dataclasses, saved inside every checkpoint (as JSON).

`ModelConfig` describes the network; `TrainConfig` describes how it is trained.
Both validate themselves so that a bad option is refused with one clear sentence
before any tensor is built.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

RNN_TYPES = ("gru", "lstm", "rnn")
# The length limit, in tokens, of a sentence on either side (without `<sos>`/`<eos>`): the
# same in training, validation and decoding. A model keeps the limit it was trained with
# (`TrainConfig.max_len`, saved in its meta); this is the default, and the limit of a model
# file that records none.
MAX_LEN = 60
ATTENTIONS = ("none", "dot", "general", "additive")
DECODER_STYLES = ("luong", "bahdanau")


class ConfigError(ValueError):
    """An option that cannot be used; the message says which and why. Options that do not
    fit together (what the app's Train page lets a student pick) also carry a `code`,
    one of COMBINATIONS, so that a UI can say it in another language."""

    def __init__(self, message: str, code: str = "") -> None:
        self.code = code
        super().__init__(message)


# The rules between options, by code: what ModelConfig says when one is broken.
COMBINATIONS = {
    "feeding_needs_attention": "Luong input feeding feeds the attentional vector h~: "
    "it needs attention",
    "dot_needs_same_size": "dot attention compares the decoder state with encoder outputs "
    "directly, so they must have the same size: use a one-directional encoder or 'general' "
    "attention",
    "feeding_is_luong": "Luong input feeding (Luong Sec. 3.3) belongs to the Luong decoder style",
}


# Keys older files use, and what they are called now.
RENAMED = {"ModelConfig": {"input_feeding": "luong_input_feeding"}}


def _from_dict(cls, data: dict[str, Any]):
    data = dict(data)
    for old, new in RENAMED.get(cls.__name__, {}).items():
        if old in data and new not in data:
            data[new] = data.pop(old)
    known = {f.name for f in fields(cls)}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ConfigError(f"unknown {cls.__name__} option(s): {', '.join(unknown)}")
    return cls(**data)


@dataclass(frozen=True)
class ModelConfig:
    """The shape of the encoder-decoder.

    src_vocab, tgt_vocab: vocabulary sizes, specials included.
    emb: embedding size; hidden: RNN hidden size of each direction and of the decoder.
        The defaults (32, 64) are small on purpose: with `TrainConfig`'s defaults they reach
        97% validation exact match on the reverse corpus soonest on 2 CPU cores
        (bench/RESULTS.md, entry 7). The app's "default" size preset is larger (64, 128).
    bidirectional: the encoder reads left-to-right and right-to-left; a bridge maps each
        layer's last forward and first backward state to the decoder's initial state,
        tanh(W [h->_T; h<-_1]) (generalising Bahdanau et al. 2015, App. A.2.2, which starts
        from h<-_1 alone; see `encoder.Encoder`).
    attention: "none" (the decoder sees only the encoder's final hidden vector, as in
        Sutskever et al. 2014), "dot" / "general" (Luong et al. 2015, Sec. 3.1),
        "additive" (v . tanh(W_q q + U_a h_s): Bahdanau et al. 2015, Sec. 3.1, with the
        Bahdanau style; Luong's "concat" score on the new state with the Luong style).
    decoder_style: "luong" (attention on the new decoder state, attentional vector
        h~ = tanh(W_c[c; h]) feeds the output layer) or "bahdanau" (attention queried with the
        previous decoder state, context concatenated to the input embedding; the output
        layer reads tanh(W_c[c_t; s_t]), without the paper's y_{t-1} term and maxout).
        See `decoder.py`.
    luong_input_feeding: Luong et al. 2015 Sec. 3.3: h~ of step t-1 is concatenated to the
        input of step t. Only h~: feeding the predicted token back as the next input, which
        every decoder here does, needs no option. Files written before this name was chosen
        store it as "input_feeding"; `from_dict` reads both.
    """

    src_vocab: int
    tgt_vocab: int
    emb: int = 32
    hidden: int = 64
    layers: int = 1
    rnn: str = "gru"
    bidirectional: bool = True
    attention: str = "additive"
    decoder_style: str = "luong"
    luong_input_feeding: bool = False
    dropout: float = 0.0

    def __post_init__(self) -> None:
        if self.rnn not in RNN_TYPES:
            raise ConfigError(f"rnn must be one of {', '.join(RNN_TYPES)}, not {self.rnn!r}")
        if self.attention not in ATTENTIONS:
            raise ConfigError(
                f"attention must be one of {', '.join(ATTENTIONS)}, not {self.attention!r}"
            )
        if self.decoder_style not in DECODER_STYLES:
            raise ConfigError(
                f"decoder style must be one of {', '.join(DECODER_STYLES)}, "
                f"not {self.decoder_style!r}"
            )
        if not 1 <= self.layers <= 2:
            raise ConfigError(f"layers must be 1 or 2, not {self.layers}")
        for name in ("src_vocab", "tgt_vocab", "emb", "hidden"):
            value = getattr(self, name)
            if not isinstance(value, int) or not 1 <= value <= 100_000:
                raise ConfigError(f"{name} must be a whole number from 1 to 100000, not {value}")
        if not 0.0 <= self.dropout < 1.0:
            raise ConfigError(f"dropout must be in [0, 1), not {self.dropout}")
        broken = {
            "feeding_needs_attention": self.attention == "none" and self.luong_input_feeding,
            "dot_needs_same_size": self.attention == "dot" and self.bidirectional,
            "feeding_is_luong": self.decoder_style == "bahdanau" and self.luong_input_feeding,
        }
        for code, is_broken in broken.items():
            if is_broken:
                raise ConfigError(COMBINATIONS[code], code)

    @property
    def enc_out(self) -> int:
        """Size of one encoder output vector (both directions concatenated)."""
        return self.hidden * (2 if self.bidirectional else 1)

    @property
    def one_call_decoder(self) -> bool:
        """True when teacher-forced training needs no step loop (see `Decoder.forward`)."""
        return self.decoder_style == "luong" and not self.luong_input_feeding

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ModelConfig:
        return _from_dict(cls, data)


@dataclass(frozen=True)
class TrainConfig:
    """How a model is trained. Defaults train the built-in tasks in seconds on 2 CPU cores.

    The defaults (6 epochs, batch 128, lr 0.01) were chosen for time to accuracy with the
    default model size (bench/RESULTS.md, entry 7): fewer, larger steps at a higher rate,
    decayed over fewer epochs. A model of hidden size 128 or more trains better at lr 3e-3
    and batch 64; a corpus of a few hundred pairs needs smaller batches and more epochs.

    lr_schedule "linear": the learning rate falls linearly from `lr` to `lr / 10` over all
    planned epochs (large steps early, fine ones late); "constant" keeps it at `lr`.

    max_len: the length limit in tokens, each side, `<sos>`/`<eos>` not counted (MAX_LEN).
    A training or validation pair with a longer side is left out, and counted
    (`batching.LengthReport`), never cut: a cut target would end in an `<eos>` mid-sentence
    and teach the model to stop early. Decoding reads at most max_len source tokens (and says
    so: `DecodeTrace.truncated`) and makes at most max_len + 1 steps, the `<eos>` step included.
    """

    epochs: int = 6
    batch_size: int = 128
    lr: float = 1e-2
    lr_schedule: str = "linear"
    clip: float = 1.0
    teacher_forcing: float = 1.0
    seed: int = 0
    max_len: int = MAX_LEN
    tokenizer: str = "sentencepiece-unigram"
    vocab_size: int = 1000
    valid_fraction: float = 0.1
    samples: int = 3

    def __post_init__(self) -> None:
        if not 1 <= self.epochs <= 10_000:
            raise ConfigError(f"epochs must be from 1 to 10000, not {self.epochs}")
        if not 1 <= self.batch_size <= 4096:
            raise ConfigError(f"batch size must be from 1 to 4096, not {self.batch_size}")
        if not 0.0 < self.lr <= 1.0:
            raise ConfigError(f"learning rate must be in (0, 1], not {self.lr}")
        if self.lr_schedule not in ("constant", "linear"):
            raise ConfigError(f"lr schedule must be constant or linear, not {self.lr_schedule!r}")
        if not 0.0 <= self.teacher_forcing <= 1.0:
            raise ConfigError(f"teacher forcing must be in [0, 1], not {self.teacher_forcing}")
        if self.clip <= 0:
            raise ConfigError(f"gradient clipping must be positive, not {self.clip}")
        if not isinstance(self.max_len, int) or not 1 <= self.max_len <= 1000:
            raise ConfigError(f"max length must be from 1 to 1000 tokens, not {self.max_len}")

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TrainConfig:
        return _from_dict(cls, data)
