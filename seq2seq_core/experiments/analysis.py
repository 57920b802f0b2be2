"""Experiments that look at a trained model from outside and inside (4-6 of
seq2seq_core/experiments/__init__.py, which holds the conventions and is the module to import).

4. Hidden-state maps. Every encoder output (or decoder hidden state) is a point in a
   space of H or 2H dimensions; PCA projects many sentences' points to the plane.
5. Length buckets. Scores by source length show where a fixed-size memory (no attention)
   runs out.
6. `rank_of`: the rank of a token in one step's distribution, for a predict-the-next-token
   quiz.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
import sacrebleu

from seq2seq_core.decoding.trace import Step
from seq2seq_core.experiments.decoding import _memory, _Plain
from seq2seq_core.metrics import exact_match
from seq2seq_core.translator import Translator


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
