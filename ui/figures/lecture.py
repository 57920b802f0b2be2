"""The lecture's numbers that are not drawn here: a step from a link (`parse_step`) and a
vector in a few numbers (`spark`, the decode player's sparklines). The lecture's story and
its current step are drawn in the browser by the decode player (ui/player/)."""

from __future__ import annotations

import numpy as np

SPARK_POINTS = 16  # a vector drawn as this many points (chunk means of its units)


def parse_step(value: object, n: int) -> int:
    """A lecture step from a link or the session: a 1-based int within 1..n; anything
    else (missing, "²", "-3", "abc", 10**9) gives the nearest valid step, 1 by default."""
    text = str(value).strip()
    if not (text.isascii() and text.isdecimal()):
        return 1
    return min(max(int(text[:6]), 1), max(n, 1))


def spark(vec: np.ndarray, points: int = SPARK_POINTS) -> np.ndarray:
    """(N,) -> (min(N, points),): the vector in a few numbers (means of equal chunks)."""
    v = np.asarray(vec, dtype=float).ravel()
    if v.size <= points:
        return v
    return np.array([c.mean() for c in np.array_split(v, points)])
