"""Pooling several calibrated ranges into one (``paygrade.estimate.mixture``): properties."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from paygrade.estimate.mixture import cdf, pooled

LEVELS = (0.1, 0.5, 0.9)
# One person's range: low end, median, high end (dollars), in order.
pay = st.floats(min_value=10_000, max_value=2_000_000)
ranges = st.lists(st.tuples(pay, pay, pay).map(sorted), min_size=1, max_size=30)


def arrays(people: list[list[float]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    low, mid, high = (np.array(column, dtype=float) for column in zip(*people, strict=True))
    return low, mid, high


@settings(max_examples=200, deadline=None)
@given(ranges)
def test_the_pooled_points_hold_the_average_share_of_every_range(people: list[list[float]]) -> None:
    low, mid, high = arrays(people)
    found = pooled(low, mid, high, 0.8)
    a, b, c = np.log(low), np.maximum(np.log(mid), np.log(low) + 1e-9), np.log(high)
    c = np.maximum(c, b + 1e-9)
    for point, level in zip(found, LEVELS, strict=True):
        assert np.mean(cdf(np.log(point), a, b, c, LEVELS)) >= level - 1e-6
        assert np.mean(cdf(np.log(point) - 1e-6, a, b, c, LEVELS)) <= level + 1e-6
    assert found[0] <= found[1] <= found[2]
    assert low.min() * (1 - 1e-6) <= found[1] <= high.max() * (1 + 1e-6)


@settings(max_examples=100, deadline=None)
@given(st.tuples(pay, pay, pay).map(sorted), st.integers(min_value=1, max_value=20))
def test_alike_ranges_pool_into_that_range(one: list[float], copies: int) -> None:
    low, mid, high = arrays([one] * copies)
    found = pooled(low, mid, high, 0.8)
    if one[0] < one[1] < one[2]:
        assert np.allclose(found, one, rtol=1e-6)


@settings(max_examples=100, deadline=None)
@given(ranges, st.randoms(use_true_random=False))
def test_the_order_of_the_people_does_not_matter(people: list[list[float]], rng: object) -> None:
    shuffled = list(people)
    rng.shuffle(shuffled)  # type: ignore[attr-defined]
    assert np.allclose(pooled(*arrays(people), 0.8), pooled(*arrays(shuffled), 0.8), rtol=1e-9)


def test_two_people_pool_between_them() -> None:
    # A junior at 100k (80-130k) and a senior at 200k (160-260k), in equal shares: the
    # pooled median lies between theirs and the range spans from one's low to the other's.
    found = pooled(np.array([80e3, 160e3]), np.array([100e3, 200e3]), np.array([130e3, 260e3]), 0.8)
    assert 100e3 < found[1] < 200e3
    assert 80e3 * 0.8 < found[0] < 100e3 and 200e3 < found[2] < 260e3 * 1.25
