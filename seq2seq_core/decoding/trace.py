"""The decode trace: what the engine returns for one sentence, step by step.

This is the contract between `seq2seq_core` and the app. It is plain data: dataclasses
holding numbers, strings and numpy arrays, with `to_dict` / `from_dict` for JSON. Every
array is float32 and its shape is documented on its field. Token ids and names follow
the tokenizers: `<pad>`=0, `<unk>`=1, `<sos>`=2, `<eos>`=3.

Glossary (the lecture's words -> fields):
- "the encoded hidden vector" = `EncoderView.final_hidden[-1]`, the decoder's initial state
  (top layer); `hidden_before` of step 1 equals it.
- "input feeding" (the token chosen at step t-1 is the input of step t) = `Step.input_id`
  of step t equals `Step.chosen_id` of step t-1.
- Luong's input feeding (the attentional vector h~_{t-1} is concatenated to the input of
  step t) happens when `DecodeTrace.model["luong_input_feeding"]` is true; the vector fed is
  `Step.attentional` of step t-1.
- "greedy search" = `Step.chosen_id == Step.argmax_id` at every step that is not `forced`.

Numbers that are not finite. A log-probability is -inf when the token is impossible (its
logit is -inf, e.g. `<sos>` or `<pad>` forced in the what-if view); the app shows it as
"−∞" (`format_log_prob`). JSON has no such number, and `to_dict` / `to_json` write strict
JSON (`json.dumps(..., allow_nan=False)` accepts them): a non-finite float becomes the
string "-Infinity", "Infinity" or "NaN", which Python's `float()` and JavaScript's
`Number()` read back; `from_dict` does so.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field, fields
from typing import Any

import numpy as np

TRACE_VERSION = 1


def _arr(value: Any) -> np.ndarray | None:
    if value is None:
        return None
    if any(isinstance(v, str) for v in np.ravel(np.asarray(value, dtype=object))):
        value = np.vectorize(_num, otypes=[float])(np.asarray(value, dtype=object))
    return np.asarray(value, dtype=np.float32)


_NON_FINITE = {"-Infinity": float("-inf"), "Infinity": float("inf"), "NaN": float("nan")}


def jsonable(value: Any) -> Any:
    """numpy arrays and scalars -> lists and Python numbers, recursively, for strict JSON:
    a non-finite float becomes the string "-Infinity", "Infinity" or "NaN"."""
    if isinstance(value, np.ndarray):
        listed = value.tolist()
        finite = value.dtype.kind != "f" or bool(np.isfinite(value).all())
        return listed if finite else jsonable(listed)
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return value


def strict_json(value: Any, **kwargs: Any) -> str:
    """`json.dumps` of `jsonable(value)`, refusing any NaN/Infinity literal."""
    return json.dumps(jsonable(value), allow_nan=False, **kwargs)


def _num(value: Any) -> Any:
    """The inverse of `jsonable` for one number: "-Infinity" -> -inf, numbers unchanged."""
    return _NON_FINITE.get(value, value) if isinstance(value, str) else value


def format_log_prob(value: float, digits: int = 3) -> str:
    """A log-probability for display: "−∞" for an impossible token, else e.g. "-0.027"."""
    if math.isinf(value):
        return "−∞" if value < 0 else "∞"
    return f"{value:.{digits}f}"


@dataclass
class EncoderView:
    """The encoder's side of one sentence (S source tokens, H units per direction).

    outputs: (S, D*H) the output at every source step; columns [:H] read left to right,
        columns [H:] (bidirectional only) read right to left.
    final_raw: (L*D, H) the RNN's own final hidden vectors, torch's order (layer-major,
        forward then backward); for an LSTM the h part.
    final_hidden: (L, H) the decoder's initial hidden state after the bridge (equal to the
        forward final state when the encoder is one-directional). `final_hidden[-1]` is
        "the encoded hidden vector".
    """

    outputs: np.ndarray
    final_raw: np.ndarray
    final_hidden: np.ndarray
    directions: int
    hidden: int


@dataclass
class Step:
    """One decoder step t (1-based).

    input_id / input_token: what was fed in: `<sos>` at t=1, else the token chosen at t-1.
    hidden_before / hidden_after: (H,) the decoder's top-layer hidden state before and
        after reading the input.
    attn_weights: (S,) attention over the source, sums to 1 (None without attention).
    context: (D*H,) the weighted sum of encoder outputs (None without attention).
    attentional: (H,) tanh(W_c [context; hidden_after]), what the output layer reads
        (None without attention). Luong style: Luong's attentional vector h~_t; `context`
        was computed from hidden_after, and with Luong input feeding this vector is fed to
        step t+1. Bahdanau style: the same formula but not Luong's h~: `context` was
        computed from hidden_before (s_{t-1}) and already went into the RNN at this step;
        the vector is the output layer's hidden layer and is never fed back.
    probs: (V,) softmax over the target vocabulary.
    topk_*: the k most probable tokens, most probable first.
    argmax_id: the most probable token; chosen_id: the token emitted (the argmax unless
        `forced`, i.e. chosen by the caller, as in the what-if view).
    log_prob: running sum of log p(chosen) over steps 1..t, from log_softmax; -inf from
        the step where an impossible token (p = 0 exactly) was forced on.
    attn_scores: (S,) the attention scores before the softmax (`Attention.scores`), of
        which `attn_weights` is the softmax; None without attention, and None in a trace
        written before the field existed (added after TRACE_VERSION 1, optional).
    """

    t: int
    input_id: int
    input_token: str
    hidden_before: np.ndarray
    hidden_after: np.ndarray
    attn_weights: np.ndarray | None
    context: np.ndarray | None
    attentional: np.ndarray | None
    probs: np.ndarray
    topk_ids: list[int]
    topk_tokens: list[str]
    topk_probs: list[float]
    argmax_id: int
    chosen_id: int
    chosen_token: str
    chosen_prob: float
    forced: bool
    log_prob: float
    attn_scores: np.ndarray | None = None


@dataclass
class DecodeTrace:
    """A whole greedy decode of one sentence.

    src_text: the normalized source; src_pieces / src_ids: what the encoder read (no
    `<sos>`/`<eos>` on the source side); truncated: the source was cut to the length cap.
    stop_reason: "eos" (the decoder emitted `<eos>`, which is the last step's choice) or
    "max_len" (the length cap was reached first). output_*: the translation, `<eos>`
    excluded. model: the options that decide what the views can show (attention,
    decoder_style, luong_input_feeding, rnn, bidirectional, layers).
    """

    src_text: str
    src_pieces: list[str]
    src_ids: list[int]
    truncated: bool
    encoder: EncoderView
    steps: list[Step]
    stop_reason: str
    output_ids: list[int]
    output_tokens: list[str]
    output_text: str
    model: dict[str, Any]
    version: int = TRACE_VERSION

    @property
    def has_attention(self) -> bool:
        return self.model.get("attention", "none") != "none"

    def attention_matrix(self) -> np.ndarray | None:
        """(T, S) attention weights, one row per decoder step; None without attention."""
        if not self.has_attention or not self.steps:
            return None
        return np.stack([s.attn_weights for s in self.steps])

    def to_dict(self) -> dict[str, Any]:
        return jsonable(asdict(self))

    def to_json(self) -> str:
        return strict_json(self.to_dict(), ensure_ascii=False)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DecodeTrace:
        enc = data["encoder"]
        encoder = EncoderView(
            outputs=_arr(enc["outputs"]),
            final_raw=_arr(enc["final_raw"]),
            final_hidden=_arr(enc["final_hidden"]),
            directions=enc["directions"],
            hidden=enc["hidden"],
        )
        array_fields = {"hidden_before", "hidden_after", "attn_weights", "context"}
        array_fields |= {"attentional", "probs", "attn_scores"}
        steps = []
        for raw in data["steps"]:
            kw = {f.name: raw[f.name] for f in fields(Step) if f.name in raw}
            kw["log_prob"], kw["chosen_prob"] = _num(kw["log_prob"]), _num(kw["chosen_prob"])
            kw["topk_probs"] = [_num(p) for p in kw["topk_probs"]]
            for name in array_fields & kw.keys():
                kw[name] = _arr(kw[name])
            steps.append(Step(**kw))
        top = {f.name: data[f.name] for f in fields(cls) if f.name not in ("encoder", "steps")}
        return cls(encoder=encoder, steps=steps, **top)


@dataclass
class ForcedStep:
    """One step of a teacher-forced pass: the reference token y_{t-1} is fed in.

    nll = -log p(gold) is this step's term of the training loss.
    """

    t: int
    input_token: str
    gold_id: int
    gold_token: str
    gold_prob: float
    nll: float
    argmax_id: int
    argmax_token: str
    argmax_prob: float
    attn_weights: np.ndarray | None


@dataclass
class TeacherForcedTrace:
    """The reference translation scored step by step; `total_nll` is the summed
    cross-entropy that training minimizes for this pair (its `<eos>` step included)."""

    src_pieces: list[str]
    tgt_pieces: list[str]
    steps: list[ForcedStep]
    total_nll: float

    def to_dict(self) -> dict[str, Any]:
        return jsonable(asdict(self))


@dataclass
class BeamNode:
    """A node of the beam tree. parent is the index of the parent node in `nodes`
    (-1 for the root `<sos>`); score is the summed log-probability from the root."""

    index: int
    parent: int
    t: int
    token_id: int
    token: str
    log_prob: float
    score: float
    finished: bool = False


@dataclass
class Hypothesis:
    ids: list[int]
    tokens: list[str]
    text: str
    score: float
    node: int
    finished: bool


@dataclass
class BeamResult:
    """Beam search of width k: hypotheses best first, and every node the beam kept."""

    k: int
    hypotheses: list[Hypothesis]
    nodes: list[BeamNode] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return jsonable(asdict(self))
