"""One range for many people: the pooled distribution of several calibrated ranges.

A profile that leaves fields blank describes many people (a senior ML engineer
in the US: at every company size, under every title). Its range is the range of
their pay: the mixture of each person's predictive distribution, in equal
shares. Each distribution is known through three points of its log pay, the
interval's ends and the median, at probabilities ``(1 - coverage) / 2``, 0.5 and
``(1 + coverage) / 2``; between them its distribution function is taken as
linear, and beyond them it continues with the slope of the nearest piece,
clipped to [0, 1]. The mixture's quantiles solve ``mean_i F_i(x) = q``.

Ranges that are all alike pool into that range exactly. Otherwise the pooled
range holds the average of what each person's distribution function holds
between its ends: calibrated as far as those linear pieces are right, which
``benchmarks/estimator.py`` measures (partial profiles' own records inside
their pooled ranges).
"""

from __future__ import annotations

from typing import Any

import numpy as np

Floats = np.ndarray[Any, np.dtype[np.float64]]
# Bisection steps: the bracket shrinks to 2^-60 of its width, far below a dollar.
_STEPS = 60


def pooled(low: Floats, mid: Floats, high: Floats, coverage: float) -> tuple[float, float, float]:
    """The mixture's (low end, median, high end), in the units given (positive pay).

    Example:
        >>> one = np.array([100.0]), np.array([150.0]), np.array([200.0])
        >>> [round(v, 6) for v in pooled(*one, 0.8)]
        [100.0, 150.0, 200.0]
        >>> two = np.array([100.0, 200.0]), np.array([150.0, 300.0]), np.array([200.0, 400.0])
        >>> [round(v) for v in pooled(*two, 0.8)]
        [111, 200, 372]
    """
    a, b, c = (np.asarray(v, dtype=float)[None, :] for v in (low, mid, high))
    found = pooled_rows(a, b, c, np.ones_like(a), coverage)
    return float(found[0][0]), float(found[1][0]), float(found[2][0])


def pooled_rows(
    low: Floats, mid: Floats, high: Floats, weights: Floats, coverage: float
) -> tuple[Floats, Floats, Floats]:
    """Per row of the 2-D arrays, the (low end, median, high end) of the mixture of its
    columns' distributions in the shares ``weights`` (a column of weight 0 is left out:
    rows of fewer people are padded so).

    Example:
        >>> ends = np.array([[100.0, 1.0]]), np.array([[150.0, 1.0]]), np.array([[200.0, 1.0]])
        >>> [round(float(v[0]), 6) for v in pooled_rows(*ends, np.array([[1.0, 0.0]]), 0.8)]
        [100.0, 150.0, 200.0]
    """
    share = np.asarray(weights, dtype=float)
    share = share / share.sum(axis=1, keepdims=True)
    held = share > 0
    logs = [np.log(np.where(held, np.asarray(v, dtype=float), 1.0)) for v in (low, mid, high)]
    a, b, c = _ordered(*logs)
    half = (1 - coverage) / 2
    levels = (half, 0.5, 1 - half)
    span = np.max(np.where(held, c - a, -np.inf), axis=1) + 1.0
    lowest = np.min(np.where(held, a, np.inf), axis=1) - span
    highest = np.max(np.where(held, c, -np.inf), axis=1) + span
    found = [_solve(a, b, c, share, levels, q, lowest, highest) for q in levels]
    return np.exp(found[0]), np.exp(found[1]), np.exp(found[2])


def cdf(x: float | Floats, a: Floats, b: Floats, c: Floats, levels: tuple[float, ...]) -> Floats:
    """Each distribution's probability below ``x``: piecewise linear through the three
    points ``(a, levels[0])``, ``(b, levels[1])``, ``(c, levels[2])``, extended.

    Example:
        >>> one = np.array([0.0]), np.array([1.0]), np.array([2.0])
        >>> cdf(0.5, *one, (0.1, 0.5, 0.9)).round(3).tolist()
        [0.3]
    """
    p, m, r = levels
    # Below the median the line through the low end and the median, above it the line
    # through the median and the high end: each piece continues past its end point.
    below = p + (x - a) * (m - p) / (b - a)
    above = m + (x - b) * (r - m) / (c - b)
    return np.asarray(np.clip(np.where(x < b, below, above), 0.0, 1.0), dtype=float)


def _ordered(a: Floats, b: Floats, c: Floats) -> tuple[Floats, Floats, Floats]:
    """The three points strictly increasing: a range may end at its median (the ends are
    clipped to it), and a piece of zero width has no slope."""
    tiny = 1e-9
    b = np.maximum(b, a + tiny)
    c = np.maximum(c, b + tiny)
    return a, b, c


def _solve(
    a: Floats,
    b: Floats,
    c: Floats,
    share: Floats,
    levels: tuple[float, ...],
    q: float,
    low: Floats,
    high: Floats,
) -> Floats:
    """Per row, the least ``x`` in [low, high] whose weighted mean probability reaches ``q``
    (bisection: a mean of distribution functions never decreases)."""
    for _ in range(_STEPS):
        middle = (low + high) / 2
        reached = np.sum(cdf(middle[:, None], a, b, c, levels) * share, axis=1) >= q
        high = np.where(reached, middle, high)
        low = np.where(reached, low, middle)
    return high
