"""The live training chart's batch points, bounded whatever the run's length.

One point per batch until `max_points`; then every two neighbours are merged into their
mean and each new point is the mean of `stride` batches (the stride doubles each time the
points fill up again). A run of a few hundred batches is drawn batch by batch; one of
millions (batch size 1, many epochs) draws at most `max_points` points, each the mean of an
equal number of batches, instead of a chart that grows past the server's message limit.
"""

from __future__ import annotations

from dataclasses import dataclass, field

MAX_POINTS = 2048  # even: the points are halved in pairs


def _mean(points: list[tuple[float, float]]) -> tuple[float, float]:
    n = len(points)
    return sum(x for x, _ in points) / n, sum(y for _, y in points) / n


@dataclass
class LossCurve:
    """points: (epoch as a fraction, loss per token), each the mean of `stride` batches."""

    max_points: int = MAX_POINTS
    points: list[tuple[float, float]] = field(default_factory=list)
    stride: int = 1
    pending: list[tuple[float, float]] = field(default_factory=list)  # < stride batches

    def add(self, x: float, y: float) -> None:
        self.pending.append((x, y))
        if len(self.pending) < self.stride:
            return
        self.points.append(_mean(self.pending))
        self.pending = []
        if len(self.points) >= self.max_points:
            pairs = range(0, len(self.points), 2)
            self.points = [_mean(self.points[i : i + 2]) for i in pairs]
            self.stride *= 2

    def drawn(self) -> list[tuple[float, float]]:
        """The points to draw: the full ones and, last, the mean of the batches pending."""
        return self.points + ([_mean(self.pending)] if self.pending else [])
