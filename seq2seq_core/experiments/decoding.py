"""Experiments on how the decoder chooses its tokens (1-3 of seq2seq_core/experiments/__init__.py,
which holds the conventions and is the module to import).

1. Exposure bias. In training the decoder is always fed the reference prefix (teacher
   forcing); when it translates it is fed its own previous choice (free running). Decode
   one sentence both ways: up to `part_step` the two roads coincide, at `part_step` the
   free-running decoder picks what the teacher-forced one would have picked there, and
   after it the model reads prefixes it never saw in training.
2. Beam wins. Greedy search takes the locally best token; a less likely first token can
   open a more probable whole sentence. `find_beam_wins` collects sentences where beam
   search's best hypothesis differs from greedy's output and has a higher total
   log-probability, both sequences re-scored token by token by teacher forcing;
   `find_beam_losses` the sentences where it scores below greedy (beam search is not exact).
3. Sampling and temperature. Instead of the argmax, draw y_t ~ softmax(logits / T) and
   feed it back. T = 1 samples the model's own distribution, T -> 0 becomes greedy
   search, large T flattens towards uniform. `tempered` applies the same reshaping to a
   probability vector: p^(1/T), renormalized.

It also holds what experiments 4-6 (seq2seq_core/experiments/analysis.py) build on: `_Plain`,
which gives the results their `to_dict()`, and `_memory`, one source encoded.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import torch

from seq2seq_core.data.tokenizers import EOS_ID, PAD_ID, SOS_ID
from seq2seq_core.decoding.search import _encode_one, default_max_len, source_ids
from seq2seq_core.decoding.trace import jsonable
from seq2seq_core.model.encoder import State
from seq2seq_core.model.seq2seq import Memory
from seq2seq_core.translator import Translator


class _Plain:
    def to_dict(self) -> dict[str, Any]:
        return jsonable(asdict(self))


def _first_difference(a: Sequence[int], b: Sequence[int]) -> int | None:
    """1-based first step where a and b differ (a missing token counts); None if equal."""
    for t, (x, y) in enumerate(zip(a, b, strict=False), start=1):
        if x != y:
            return t
    return None if len(a) == len(b) else min(len(a), len(b)) + 1


@torch.inference_mode()
def _memory(tr: Translator, text: str) -> tuple[str, list[str], Memory]:
    """Encode one source; returns (normalized text, pieces, Memory)."""
    norm, ids, pieces, _ = source_ids(tr.src_tok, text, tr.max_len)
    return norm, pieces, _encode_one(tr.model, ids)


@dataclass(frozen=True)
class ExposureBias(_Plain):
    """reference / forced_*: one entry per reference step, `<eos>` step included.
    free_running / free_probs: the greedy output and p of each token (`<eos>` if emitted).
    forced_argmax: what the model picks when fed the gold prefix; gold_probs: p(reference
    token | gold prefix). part_step: first 1-based step where free running leaves the
    reference (None if identical)."""

    src_pieces: tuple[str, ...]
    reference: tuple[str, ...]
    free_running: tuple[str, ...]
    free_probs: tuple[float, ...]
    stop_reason: str
    forced_argmax: tuple[str, ...]
    forced_argmax_probs: tuple[float, ...]
    gold_probs: tuple[float, ...]
    part_step: int | None


def exposure_bias(tr: Translator, src: str, reference: str) -> ExposureBias:
    """Decode `src` free-running (greedy) and teacher-forced on `reference`, side by side."""
    free = tr.trace(src)
    forced = tr.score(src, reference)
    free_ids = [s.chosen_id for s in free.steps]
    gold_ids = [s.gold_id for s in forced.steps]
    return ExposureBias(
        src_pieces=tuple(free.src_pieces),
        reference=tuple(forced.tgt_pieces),
        free_running=tuple(s.chosen_token for s in free.steps),
        free_probs=tuple(s.chosen_prob for s in free.steps),
        stop_reason=free.stop_reason,
        forced_argmax=tuple(s.argmax_token for s in forced.steps),
        forced_argmax_probs=tuple(s.argmax_prob for s in forced.steps),
        gold_probs=tuple(s.gold_prob for s in forced.steps),
        part_step=_first_difference(free_ids, gold_ids),
    )


@torch.inference_mode()
def sequence_logprobs(tr: Translator, src: str, tgt_ids: Sequence[int]) -> np.ndarray:
    """(T,) log p(y_t | y_<t, source) of a given target, teacher-forced (include `<eos>` in
    tgt_ids to score the stop decision)."""
    if not tgt_ids:
        return np.zeros(0)
    tr.model.eval()
    _, ids, _, _ = source_ids(tr.src_tok, src, tr.max_len)
    src_t = torch.tensor([ids], dtype=torch.long)  # (1, S)
    tgt_in = torch.tensor([[SOS_ID, *tgt_ids[:-1]]], dtype=torch.long)  # (1, T)
    logits = tr.model(src_t, torch.ones_like(src_t, dtype=torch.bool), tgt_in)  # (1, T, V)
    logp = torch.log_softmax(logits[0].double(), dim=-1)  # (T, V)
    gold = torch.tensor(list(tgt_ids), dtype=torch.long).unsqueeze(1)  # (T, 1)
    return logp.gather(1, gold)[:, 0].numpy()  # (T,)


@dataclass(frozen=True)
class ScoredTokens(_Plain):
    """A token sequence with p of each token and the running sum of log p."""

    tokens: tuple[str, ...]
    probs: tuple[float, ...]
    cumulative: tuple[float, ...]

    @property
    def total(self) -> float:
        return self.cumulative[-1] if self.cumulative else 0.0


def _scored(tr: Translator, src: str, ids: Sequence[int]) -> ScoredTokens:
    logp = sequence_logprobs(tr, src, ids)
    return ScoredTokens(
        tokens=tuple(tr.tgt_tok.id_to_piece(i) for i in ids),
        probs=tuple(float(p) for p in np.exp(logp)),
        cumulative=tuple(float(c) for c in np.cumsum(logp)),
    )


@dataclass(frozen=True)
class BeamWin(_Plain):
    """greedy / beam: both outputs re-scored by teacher forcing; diverge_step: the first
    1-based step where they differ; the totals are summed log p, beam_total > greedy_total."""

    source: str
    k: int
    greedy: ScoredTokens
    beam: ScoredTokens
    diverge_step: int
    greedy_total: float
    beam_total: float


def beam_against_greedy(tr: Translator, src: str, k: int = 5) -> BeamWin | None:
    """Greedy's output and beam's best, both re-scored by teacher forcing, when they differ
    (None when they are the same sequence or the source is empty). The record is a win when
    beam_total > greedy_total and a loss when below: beam search is not exact, greedy's
    prefix can fall out of the beam at some step (seq2seq_core/decoding/beam.py)."""
    if not tr.src_tok.normalize(src):
        return None
    greedy_ids = [s.chosen_id for s in tr.trace(src).steps]
    best = tr.beam(src, k).hypotheses[0]
    beam_ids = [*best.ids, EOS_ID] if best.finished else list(best.ids)
    step = _first_difference(greedy_ids, beam_ids)
    if step is None:
        return None
    greedy, beam = _scored(tr, src, greedy_ids), _scored(tr, src, beam_ids)
    return BeamWin(src, k, greedy, beam, step, greedy.total, beam.total)


def find_beam_wins(
    tr: Translator, sources: Sequence[str], k: int = 5, limit: int = 5
) -> list[BeamWin]:
    """The first `limit` sources (in order) where beam search of width k beats greedy."""
    return _differences(tr, sources, k, limit, win=True)


def find_beam_losses(
    tr: Translator, sources: Sequence[str], k: int = 5, limit: int = 5
) -> list[BeamWin]:
    """The first `limit` sources where beam search of width k scores below greedy's output:
    an experiment that shows beam's wins shows these too, or it tells half the truth."""
    return _differences(tr, sources, k, limit, win=False)


def _differences(
    tr: Translator, sources: Sequence[str], k: int, limit: int, win: bool
) -> list[BeamWin]:
    found: list[BeamWin] = []
    for src in sources:
        if len(found) >= limit:
            break
        r = beam_against_greedy(tr, src, k)
        if r is not None and (
            r.beam_total > r.greedy_total if win else r.beam_total < r.greedy_total
        ):
            found.append(r)
    return found


def tempered(probs: np.ndarray, temperature: float) -> np.ndarray:
    """p^(1/T) renormalized along the last axis; zeros stay zero, T -> 0 tends to the
    (tie-shared) one-hot argmax. Computed in log space so tiny T does not underflow."""
    if temperature <= 0:
        raise ValueError(f"temperature must be > 0, not {temperature}")
    p = np.asarray(probs, dtype=np.float64)
    if (p < 0).any() or not (p.sum(axis=-1) > 0).all():
        raise ValueError("probs must be non-negative with a positive sum")
    with np.errstate(divide="ignore"):
        logp = np.log(p)
    scaled = (logp - logp.max(axis=-1, keepdims=True)) / temperature  # max entry -> 0
    weights = np.exp(scaled)
    return weights / weights.sum(axis=-1, keepdims=True)


@dataclass(frozen=True)
class Sample(_Plain):
    """finished: the sample emitted `<eos>` before the length cap."""

    tokens: tuple[str, ...]
    text: str
    log_prob: float
    finished: bool


def _repeat_state(state: State, n: int) -> State:
    """(L, 1, H) -> (L, n, H), or each half of an LSTM pair."""
    if isinstance(state, tuple):
        return tuple(s.repeat(1, n, 1) for s in state)
    return state.repeat(1, n, 1)


@torch.inference_mode()
def sample_decode(
    tr: Translator, src: str, temperature: float, n: int, seed: int, max_len: int | None = None
) -> list[Sample]:
    """n ancestral samples y_t ~ softmax(logits / T), drawn side by side; log_prob is the
    model's own (T = 1) log-probability of each sample."""
    if temperature <= 0:
        raise ValueError(f"temperature must be > 0, not {temperature}")
    if n < 1:
        return []
    model = tr.model.eval()
    _, pieces, mem = _memory(tr, src)
    outputs = mem.outputs.expand(n, -1, -1)  # (1, S, M) -> (n, S, M)
    keys = None if mem.keys is None else mem.keys.expand(n, -1, -1)
    mask = mem.src_mask.expand(n, -1)  # (n, S)
    state, feed = _repeat_state(mem.initial_state, n), model.decoder.initial_feed(n, outputs)
    gen = torch.Generator().manual_seed(seed)
    y, done = torch.full((n,), SOS_ID), torch.zeros(n, dtype=torch.bool)
    chosen, logps = [], []
    for _ in range(max_len or default_max_len(len(pieces), tr.max_len)):
        so = model.decoder.step(y, state, outputs, keys, mask, feed)
        logits = so.logits.float()  # (n, V)
        scaled = (logits - logits.max(dim=-1, keepdim=True).values) / temperature
        y = torch.multinomial(torch.softmax(scaled, dim=-1), 1, generator=gen)[:, 0]  # (n,)
        logp = torch.log_softmax(logits, dim=-1).gather(1, y.unsqueeze(1))[:, 0]  # (n,)
        chosen.append(y.masked_fill(done, PAD_ID))
        logps.append(logp.masked_fill(done, 0.0))
        done |= y == EOS_ID
        state, feed = so.state, so.attentional
        if bool(done.all()):
            break
    rows = torch.stack(chosen, dim=1).tolist()  # (n, T)
    totals = torch.stack(logps, dim=1).double().sum(dim=1).tolist()  # (n,)
    samples = []
    for row, total in zip(rows, totals, strict=True):
        ids = [i for i in row if i != PAD_ID]
        words = [i for i in ids if i != EOS_ID]
        tokens = tuple(tr.tgt_tok.id_to_piece(i) for i in ids)
        samples.append(Sample(tokens, tr.tgt_tok.decode(words), total, EOS_ID in ids))
    return samples
