"""The order statistics' steps as NumPy arrays (:class:`paygrade.engines.order.Steps`),
for answers too large to move as Python lists; imported only for them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

Array = npt.NDArray[Any]


class ArraySteps:
    """:class:`~paygrade.engines.order.Steps` as arrays: one vectorized binary search
    answers every position of every group.

    Example:
        >>> steps = ArraySteps(np.array([7, 7, 9]), np.array([1.0, 10.0, 5.0]), np.array([2, 1, 4]))
        >>> steps.ids, steps.sizes, steps.at([0, 0, 1], [1, 2, 3])
        ([7, 9], [3, 4], [1.0, 10.0, 5.0])
        >>> ArraySteps(np.array([1, 1, 1]), np.array([1.0, 2.0, 10.0]), np.array([1, 1, 1])
        ...            ).quantiles([0.5, 0.75])
        [[2.0, 6.0]]
    """

    def __init__(self, group: Array, pay: Array, count: Array) -> None:
        self.pay = pay
        self.cumulative = np.cumsum(count, dtype=np.int64)
        starts = np.ones(len(group), dtype=bool)
        starts[1:] = group[1:] != group[:-1]
        first = np.flatnonzero(starts)
        self.offset = self.cumulative[first] - count[first]  # records before each group
        self.size = np.append(self.offset[1:], self.cumulative[-1:]) - self.offset
        self.ids: list[int] = group[first].tolist()
        self.sizes: list[int] = self.size.tolist()

    def at(self, groups: Sequence[int] | Array, positions: Sequence[int] | Array) -> list[float]:
        at = self.offset[np.asarray(groups, dtype=np.int64)] + np.asarray(positions, np.int64)
        values: list[float] = self.pay[np.searchsorted(self.cumulative, at, side="right")].tolist()
        return values

    def quantiles(self, qs: Sequence[float]) -> list[list[float]]:
        groups = np.repeat(np.arange(len(self.ids)), len(qs))
        last = self.size[groups] - 1
        position = last * np.tile(np.asarray(qs, dtype=float), len(self.ids))
        low = np.floor(position).astype(np.int64)
        below = np.asarray(self.at(groups, low))
        above = np.asarray(self.at(groups, np.minimum(low + 1, last)))
        fraction = position - low
        # As the scalar formula: a position on an order statistic is that value, exactly.
        values = np.where(fraction == 0, below, below + fraction * (above - below))
        rows: list[list[float]] = values.reshape(len(self.ids), len(qs)).tolist()
        return rows
