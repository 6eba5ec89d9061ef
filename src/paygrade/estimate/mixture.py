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
    logs = [np.log(np.asarray(v, dtype=float)) for v in (low, mid, high)]
    a, b, c = _ordered(*logs)
    half = (1 - coverage) / 2
    levels = (half, 0.5, 1 - half)
    span = float(np.max(c - a)) + 1.0
    lowest, highest = float(np.min(a)) - span, float(np.max(c)) + span
    found = [_solve(a, b, c, levels, q, lowest, highest) for q in levels]
    return float(np.exp(found[0])), float(np.exp(found[1])), float(np.exp(found[2]))


def cdf(x: float, a: Floats, b: Floats, c: Floats, levels: tuple[float, ...]) -> Floats:
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
    levels: tuple[float, ...],
    q: float,
    low: float,
    high: float,
) -> float:
    """The least ``x`` in [low, high] whose mean probability reaches ``q`` (bisection:
    the mean of distribution functions never decreases)."""
    for _ in range(_STEPS):
        middle = (low + high) / 2
        if float(np.mean(cdf(middle, a, b, c, levels))) >= q:
            high = middle
        else:
            low = middle
    return high
