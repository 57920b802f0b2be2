"""Teaching experiments: small computations that each make one point of the lecture.

1. Exposure bias. In training the decoder is always fed the reference prefix (teacher
   forcing); when it translates it is fed its own previous choice (free running). Decode
   one sentence both ways: up to `part_step` the two roads coincide, at `part_step` the
   free-running decoder picks what the teacher-forced one would have picked there, and
   after it the model reads prefixes it never saw in training.
2. Beam wins. Greedy search takes the locally best token; a less likely first token can
   open a more probable whole sentence. `find_beam_wins` collects sentences where beam
   search's best hypothesis differs from greedy's output and has a higher total
   log-probability, both sequences re-scored token by token by teacher forcing.
3. Sampling and temperature. Instead of the argmax, draw y_t ~ softmax(logits / T) and
   feed it back. T = 1 samples the model's own distribution, T -> 0 becomes greedy
   search, large T flattens towards uniform. `tempered` applies the same reshaping to a
   probability vector: p^(1/T), renormalized.
4. Hidden-state maps. Every encoder output (or decoder hidden state) is a point in a
   space of H or 2H dimensions; PCA projects many sentences' points to the plane.
5. Length buckets. Scores by source length show where a fixed-size memory (no attention)
   runs out.
6. `rank_of`: the rank of a token in one step's distribution, for a predict-the-next-token
   quiz.

Conventions: token sequences include `<eos>` when the decoder emitted it (that step has a
probability too) and `text` fields exclude it. Probabilities and log-probabilities are
the model's own (temperature 1). Results are frozen dataclasses of plain data whose
`to_dict()` is JSON-serializable.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from itertools import pairwise
from typing import Any

import numpy as np
import sacrebleu
import torch

from .encoder import State
from .metrics import exact_match
from .model import Memory
from .search import _encode_one, default_max_len, source_ids
from .tokenizers import EOS_ID, PAD_ID, SOS_ID
from .trace import Step, _plain
from .translator import Translator


class _Plain:
    def to_dict(self) -> dict[str, Any]:
        return _plain(asdict(self))


def _first_difference(a: Sequence[int], b: Sequence[int]) -> int | None:
    """1-based first step where a and b differ (a missing token counts); None if equal."""
    for t, (x, y) in enumerate(zip(a, b, strict=False), start=1):
        if x != y:
            return t
    return None if len(a) == len(b) else min(len(a), len(b)) + 1


@torch.inference_mode()
def _memory(tr: Translator, text: str) -> tuple[str, list[str], Memory]:
    """Encode one source; returns (normalized text, pieces, Memory)."""
    norm, ids, pieces, _ = source_ids(tr.src_tok, text)
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
    _, ids, _, _ = source_ids(tr.src_tok, src)
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


def find_beam_wins(
    tr: Translator, sources: Sequence[str], k: int = 5, limit: int = 5
) -> list[BeamWin]:
    """The first `limit` sources (in order) where beam search of width k beats greedy."""
    wins: list[BeamWin] = []
    for src in sources:
        if len(wins) >= limit:
            break
        if not tr.src_tok.normalize(src):
            continue
        greedy_ids = [s.chosen_id for s in tr.trace(src).steps]
        best = tr.beam(src, k).hypotheses[0]
        beam_ids = [*best.ids, EOS_ID] if best.finished else list(best.ids)
        step = _first_difference(greedy_ids, beam_ids)
        if step is None:
            continue
        greedy, beam = _scored(tr, src, greedy_ids), _scored(tr, src, beam_ids)
        if beam.total > greedy.total:
            wins.append(BeamWin(src, k, greedy, beam, step, greedy.total, beam.total))
    return wins


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
    for _ in range(max_len or default_max_len(len(pieces))):
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


def pca_2d(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Project (N, F) rows onto their first two principal components.

    Returns coords (N, 2) and the explained-variance ratios (2,). Each component's largest
    loading is made positive so the picture does not flip between runs. Missing
    components (N < 2, rank < 2, no variance) give zero coordinates and ratio 0.
    """
    x = np.asarray(x, dtype=np.float64)  # (N, F)
    coords, ratio = np.zeros((len(x), 2)), np.zeros(2)
    if len(x) < 2 or x.shape[1] == 0:
        return coords, ratio
    centered = x - x.mean(axis=0)  # (N, F)
    _, s, vt = np.linalg.svd(centered, full_matrices=False)  # s (r,), vt (r, F)
    var = s**2
    if var.sum() <= np.finfo(np.float64).eps * max(1.0, float((x**2).sum())):
        return coords, ratio
    m = min(2, len(var))
    comps = vt[:m]  # (m, F)
    signs = np.sign(comps[np.arange(m), np.abs(comps).argmax(axis=1)])  # (m,)
    coords[:, :m] = centered @ (comps * signs[:, None]).T  # (N, m)
    ratio[:m] = var[:m] / var.sum()
    return coords, ratio


@dataclass(frozen=True)
class StatePoint(_Plain):
    """One vector on the map: position is 0-based within its sentence, sentence indexes the
    sources given, text is that source normalized."""

    x: float
    y: float
    token: str
    position: int
    sentence: int
    text: str


@dataclass(frozen=True)
class StateMap(_Plain):
    """explained_variance: share of the total variance along each axis, largest first."""

    which: str
    points: tuple[StatePoint, ...]
    explained_variance: tuple[float, float]


def hidden_state_map(tr: Translator, sources: Sequence[str], which: str = "encoder") -> StateMap:
    """Encoder outputs (one per source piece) or decoder hidden states after each greedy
    step (labelled with the token that step emitted) of all sources, PCA'd to 2-D."""
    if which not in ("encoder", "decoder"):
        raise ValueError(f"which must be 'encoder' or 'decoder', not {which!r}")
    vectors: list[np.ndarray] = []
    labels: list[tuple[str, int, int, str]] = []
    for index, src in enumerate(sources):
        if which == "encoder":
            norm, tokens, mem = _memory(tr, src)
            rows = mem.outputs[0].double().numpy()  # (S, D*H)
        else:
            trace = tr.trace(src)
            norm, tokens = trace.src_text, [s.chosen_token for s in trace.steps]
            rows = np.stack([s.hidden_after for s in trace.steps])  # (T, H)
        vectors.extend(rows)
        labels.extend((tok, pos, index, norm) for pos, tok in enumerate(tokens))
    coords, ratio = pca_2d(np.stack(vectors) if vectors else np.zeros((0, 0)))
    points = tuple(
        StatePoint(float(cx), float(cy), *label)
        for (cx, cy), label in zip(coords, labels, strict=True)
    )
    return StateMap(which, points, (float(ratio[0]), float(ratio[1])))


@dataclass(frozen=True)
class Bucket(_Plain):
    """Source lengths lo..hi words (hi None: open); exact_match in [0, 1], BLEU and chrF
    in [0, 100]."""

    label: str
    lo: int
    hi: int | None
    count: int
    exact_match: float
    bleu: float
    chrf: float


def bucket_bounds(edges: Sequence[int]) -> list[tuple[int, int | None]]:
    """(4, 8) -> [(1, 4), (5, 8), (9, None)]."""
    if not edges or any(b <= a for a, b in pairwise(edges)) or edges[0] < 1:
        raise ValueError(f"edges must be positive and strictly increasing, not {edges}")
    lows = [1, *(e + 1 for e in edges)]
    return list(zip(lows, [*edges, None], strict=True))


def bucket_scores(
    sources: Sequence[str], hyps: Sequence[str], refs: Sequence[str], edges: Sequence[int]
) -> list[Bucket]:
    """Scores of given translations per source-length bucket; empty buckets omitted, empty
    sources counted in the first bucket. refs should be normalized like hyps."""
    lengths = [len(s.split()) for s in sources]
    buckets = []
    for lo, hi in bucket_bounds(edges):
        idx = [i for i, n in enumerate(lengths) if (lo == 1 or n >= lo) and (hi is None or n <= hi)]
        if not idx:
            continue
        h, r = [hyps[i] for i in idx], [refs[i] for i in idx]
        label = f"{lo}+" if hi is None else f"{lo}-{hi}" if hi > lo else str(lo)
        bleu = sacrebleu.corpus_bleu(h, [r]).score
        chrf = sacrebleu.corpus_chrf(h, [r]).score
        buckets.append(Bucket(label, lo, hi, len(idx), exact_match(h, r), bleu, chrf))
    return buckets


def length_buckets(
    tr: Translator, pairs: Sequence[tuple[str, str]], edges: Sequence[int] = (4, 8, 12, 16)
) -> list[Bucket]:
    """Greedy-translate `pairs` in batches and score them per source-length bucket."""
    sources = [s for s, _ in pairs]
    refs = [tr.tgt_tok.normalize(t) for _, t in pairs]
    return bucket_scores(sources, tr.translate(sources), refs, edges)


def rank_of(step: Step, token_id: int) -> int:
    """1-based rank of a token in the step's distribution; ties share the better rank."""
    probs = np.asarray(step.probs)
    if not 0 <= token_id < len(probs):
        raise ValueError(f"token id {token_id} outside the vocabulary of {len(probs)}")
    return 1 + int((probs > probs[token_id]).sum())
