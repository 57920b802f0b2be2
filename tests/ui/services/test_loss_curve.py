"""The live chart's batch points stay bounded, each the mean of an equal number of batches."""

from __future__ import annotations

from ui.services.loss_curve import LossCurve


def test_a_short_run_is_drawn_batch_by_batch():
    curve = LossCurve(max_points=8)
    for i in range(7):
        curve.add(i / 10, float(i))
    assert curve.drawn() == [(i / 10, float(i)) for i in range(7)] and curve.stride == 1


def test_a_long_run_stays_bounded_and_each_point_is_a_mean_of_equal_batches():
    curve = LossCurve(max_points=16)
    n = 1000
    for i in range(n):
        curve.add(float(i), float(i) * 2)  # y = 2x: every mean keeps it
    points = curve.drawn()
    assert len(points) <= 17 and curve.stride == 64
    assert all(y == 2 * x for x, y in points)
    full = curve.points
    # each full point is the mean of `stride` consecutive batches, in order, none lost
    assert [x for x, _ in full] == [
        curve.stride * k + (curve.stride - 1) / 2 for k in range(len(full))
    ]
    assert len(full) * curve.stride + len(curve.pending) == n


def test_millions_of_batches_draw_a_few_thousand_points():
    curve = LossCurve()
    for i in range(1_000_000):
        curve.add(i / 1000, 1.0)
    assert len(curve.drawn()) <= curve.max_points + 1
