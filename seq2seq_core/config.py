"""Configuration dataclasses, saved inside every checkpoint (as JSON).

`ModelConfig` describes the network; `TrainConfig` describes how it is trained.
Both validate themselves so that a bad option is refused with one clear sentence
before any tensor is built.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from typing import Any

from seq2seq_core import limits
from seq2seq_core.data.tokenizers import KINDS

RNN_TYPES = ("gru", "lstm", "rnn")
# The length limit, in tokens, of a sentence on either side (without `<sos>`/`<eos>`): the
# same in training, validation and decoding. A model keeps the limit it was trained with
# (`TrainConfig.max_len`, saved in its meta); this is the default, and the limit of a model
# file that records none.
MAX_LEN = 60
ATTENTIONS = ("none", "dot", "general", "additive")
DECODER_STYLES = ("luong", "bahdanau")
LR_SCHEDULES = ("linear", "constant")
# The options that take one of a few names, and those names: ModelConfig and TrainConfig
# refuse any other, the command line offers these as its choices and the app's Train and Data
# pages as their options (tests/seq2seq_core/test_every_option.py checks all three, and walks them
# all).
CHOICES: dict[str, tuple[str, ...]] = {
    "rnn": RNN_TYPES,
    "attention": ATTENTIONS,
    "decoder_style": DECODER_STYLES,
    "tokenizer": KINDS,
    "lr_schedule": LR_SCHEDULES,
}


class ConfigError(ValueError):
    """An option that cannot be used; the message says which and why. Options that do not
    fit together (what the app's Train page lets a student pick) also carry a `code`,
    one of COMBINATIONS, so that a UI can say it in another language."""

    def __init__(self, message: str, code: str = "", **params: Any) -> None:
        self.code, self.params = code, params
        super().__init__(message)


def _check_choice(name: str, value: Any) -> None:
    allowed = CHOICES[name]
    if not isinstance(value, str) or value not in allowed:
        said = name.replace("_", " ")
        raise ConfigError(f"{said} must be one of {', '.join(allowed)}, not {value!r}")


# The rules between options, by code: what ModelConfig says when one is broken.
COMBINATIONS = {
    "feeding_needs_attention": "Luong input feeding feeds the attentional vector h~: "
    "it needs attention",
    "dot_needs_same_size": "dot attention compares the decoder state with encoder outputs "
    "directly, so they must have the same size: use a one-directional encoder or 'general' "
    "attention",
    "feeding_is_luong": "Luong input feeding (Luong Sec. 3.3) belongs to the Luong decoder style",
    "too_many_parameters": "this model would have {count:,} parameters; at most {cap:,} are "
    "allowed here: choose a smaller vocabulary, embedding or hidden size, or fewer layers",
}


_VOCABS = ("src_vocab", "tgt_vocab")  # ModelConfig's fields that a corpus sets, not a choice

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
        The styles differ only in where attention's query and context go: with attention
        "none" both are the same plain decoder (Sutskever et al. 2014), with the same weights
        for the same seed. See `decoder.py`.
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
        for name in ("rnn", "attention", "decoder_style"):
            _check_choice(name, getattr(self, name))
        bounds = {
            "layers": (1, limits.MAX_LAYERS),
            "src_vocab": (1, limits.MAX_VOCAB),
            "tgt_vocab": (1, limits.MAX_VOCAB),
            "emb": (1, limits.MAX_EMB),
            "hidden": (1, limits.MAX_HIDDEN),
        }
        for name, (low, high) in bounds.items():
            if why := limits.check_range(name, getattr(self, name), low, high):
                raise ConfigError(why)
        for name in ("bidirectional", "luong_input_feeding"):
            if not isinstance(getattr(self, name), bool):
                raise ConfigError(f"{name} must be true or false, not {getattr(self, name)!r}")
        dropout = self.dropout
        if isinstance(dropout, bool) or not isinstance(dropout, (int, float)):
            raise ConfigError(f"dropout must be a number in [0, 1), not {dropout!r}")
        if not 0.0 <= dropout < 1.0:
            raise ConfigError(f"dropout must be in [0, 1), not {dropout}")
        broken = {
            "feeding_needs_attention": self.attention == "none" and self.luong_input_feeding,
            "dot_needs_same_size": self.attention == "dot" and self.bidirectional,
            "feeding_is_luong": self.decoder_style == "bahdanau" and self.luong_input_feeding,
        }
        for code, is_broken in broken.items():
            if is_broken:
                raise ConfigError(COMBINATIONS[code], code)
        count = self.num_parameters()
        if count > limits.MAX_PARAMETERS:
            code, params = "too_many_parameters", dict(count=count, cap=limits.MAX_PARAMETERS)
            raise ConfigError(COMBINATIONS[code].format(**params), code, **params)

    def num_parameters(self) -> int:
        """The parameter count of `Seq2Seq(self)`, found without allocating it: the one
        parameter counter (the cap here, the memory estimate in budget.py, the shipped models'
        cards), from `model.parameter_shapes`."""
        from seq2seq_core.model.seq2seq import parameter_shapes  # model.py imports this module

        return sum(math.prod(shape) for shape in parameter_shapes(self).values())

    @classmethod
    def option_defaults(cls) -> dict[str, Any]:
        """Every field but the vocabulary sizes (the model options), with its default."""
        return {f.name: f.default for f in fields(cls) if f.name not in _VOCABS}

    @classmethod
    def check_options(cls, options: Mapping[str, Any]) -> None:
        """Refuse model options (every field but the vocabulary sizes) that no vocabulary
        makes usable, with the sentences ModelConfig says: before a corpus is read or a
        tokenizer trained. A vocabulary only adds parameters (embedding and output rows), so
        the parameter cap is checked at the smallest, one token a side: options over the cap
        there are over it at every size. The real sizes are checked when the model is built."""
        unknown = sorted(set(options) - set(cls.option_defaults()))
        if unknown:
            raise ConfigError(f"unknown model option(s): {', '.join(unknown)}")
        cls(**dict.fromkeys(_VOCABS, 1), **options)

    @property
    def enc_out(self) -> int:
        """Size of one encoder output vector (both directions concatenated)."""
        return self.hidden * (2 if self.bidirectional else 1)

    @property
    def one_call_decoder(self) -> bool:
        """True when teacher-forced training needs no step loop (see `Decoder.forward`):
        without attention (either style: the plain decoder), or Luong without input feeding."""
        if self.attention == "none":
            return True
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

    tokenizer: the kind of both sides' tokenizers (`tokenizers.KINDS`), or the source's and
    the target's as "char/word" (a shipped model's recipe).

    max_len: the length limit in tokens, each side, `<sos>`/`<eos>` not counted (MAX_LEN).
    A training or validation pair with a longer side is left out, and counted
    (`batching.LengthReport`), never cut: a cut target would end in an `<eos>` mid-sentence
    and teach the model to stop early. Decoding reads at most max_len source tokens (and says
    so: `DecodeTrace.truncated`) and makes at most max_len + 1 steps, the `<eos>` step included.

    stop_at_exact_match: when above 0, the run ends as soon as greedy decoding of the
    validation pairs reaches this exact match, checked every `check_every` optimizer steps
    (0: at the end of each epoch only); the model keeps the weights that reached it. Off (0)
    by default: the app's runs show every planned epoch.
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
    stop_at_exact_match: float = 0.0
    check_every: int = 0

    def __post_init__(self) -> None:
        bounds = {
            "epochs": (1, limits.MAX_EPOCHS),
            "batch_size": (1, limits.MAX_BATCH),
            "seed": (0, limits.MAX_SEED),
            "vocab_size": (limits.MIN_VOCAB, limits.MAX_VOCAB),
            "max_len": (limits.MIN_LENGTH_LIMIT, limits.MAX_LENGTH_LIMIT),
            "samples": (0, 100),
            "check_every": (0, 1_000_000),
        }
        for name, (low, high) in bounds.items():
            if why := limits.check_range(name, getattr(self, name), low, high):
                raise ConfigError(why)
        for name in ("lr", "clip", "teacher_forcing", "valid_fraction", "stop_at_exact_match"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise ConfigError(f"{name} must be a number, not {value!r}")
        _check_choice("lr_schedule", self.lr_schedule)
        kinds = self.tokenizer.split("/") if isinstance(self.tokenizer, str) else [self.tokenizer]
        if len(kinds) > 2:
            raise ConfigError(f"tokenizer must be one kind or two, not {self.tokenizer!r}")
        for kind in kinds:
            _check_choice("tokenizer", kind)
        if not 0.0 < self.lr <= 1.0:
            raise ConfigError(f"learning rate must be in (0, 1], not {self.lr}")
        if not 0.0 <= self.teacher_forcing <= 1.0:
            raise ConfigError(f"teacher forcing must be in [0, 1], not {self.teacher_forcing}")
        if not 0 < self.clip < float("inf"):
            raise ConfigError(f"gradient clipping must be positive, not {self.clip}")
        if not 0.0 <= self.stop_at_exact_match <= 1.0:
            raise ConfigError(
                f"stop at exact match must be in [0, 1] (0: off), not {self.stop_at_exact_match}"
            )
        if not 0.0 <= self.valid_fraction < 1.0:
            raise ConfigError(f"valid fraction must be in [0, 1), not {self.valid_fraction}")

    def to_dict(self) -> dict[str, Any]:
        """The fields; the exact-match target and its check interval only when a target is
        set, so that a run without one records what runs recorded before they existed (the
        shipped models' cards among them)."""
        data = asdict(self)
        if not self.stop_at_exact_match:
            del data["stop_at_exact_match"], data["check_every"]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TrainConfig:
        return _from_dict(cls, data)
