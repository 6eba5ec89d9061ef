"""The order statistics' steps as NumPy arrays (:class:`paygrade.engines.order.Steps`),
for answers too large to move as Python lists; imported only for them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from paygrade.engines import PAY_SUM_UNITS

Array = npt.NDArray[Any]


class ArraySteps:
    """:class:`~paygrade.engines.order.Steps` as arrays: one vectorized binary search
    answers every position of every group.

    Example:
        >>> steps = ArraySteps(*map(np.array, ([7, 7, 9], [1.0, 10.0, 5.0], [2, 1, 4], [1, 1, 4])))
        >>> steps.ids, steps.sizes, steps.at([0, 0, 1], [1, 2, 3])
        ([7, 9], [3, 4], [1.0, 10.0, 5.0])
        >>> steps.firsts(), steps.pay_sums(), steps.pay_sums([1]), steps.quantiles([0.5], [1])
        ([2, 4], [120000, 200000], [200000], [[5.0]])
        >>> ArraySteps(*map(np.array, ([1, 1, 1], [1.0, 2.0, 10.0], [1, 1, 1], [1, 1, 1]))
        ...            ).quantiles([0.5, 0.75])
        [[2.0, 6.0]]
    """

    def __init__(self, group: Array, pay: Array, count: Array, first: Array) -> None:
        self.pay, self.count, self.first = pay, count, first
        self.cumulative = np.cumsum(count, dtype=np.int64)
        is_start = np.ones(len(group), dtype=bool)
        is_start[1:] = group[1:] != group[:-1]
        self.starts = np.flatnonzero(is_start)
        # Each group's steps are starts[g]:ends[g] (none of no group at all).
        self.ends = np.append(self.starts[1:], len(group))[: len(self.starts)]
        self.offset = self.cumulative[self.starts] - count[self.starts]  # records before each
        self.size = np.append(self.offset[1:], self.cumulative[-1:]) - self.offset
        self.ids: list[int] = group[self.starts].tolist()
        self.sizes: list[int] = self.size.tolist()

    def firsts(self, groups: Sequence[int] | None = None) -> list[int]:
        steps, starts = self._steps_of(groups)
        return self._sums(self.first[steps], starts)

    def pay_sums(self, groups: Sequence[int] | None = None) -> list[int]:
        steps, starts = self._steps_of(groups)
        pay, count = self.pay[steps], self.count[steps]
        scaled = pay * PAY_SUM_UNITS
        whole = np.trunc(scaled)
        # As order.units: half away from zero, ties found exactly (scaled - whole is exact).
        whole += np.where(np.abs(scaled - whole) >= 0.5, np.sign(scaled), 0.0)
        largest = int(np.abs(whole).max(initial=0))
        if largest * int(self.cumulative[-1:].sum()) >= 2**63:
            # A sum that could leave int64 (pay in 1/10,000 dollars times records past
            # 9.2e18): Python's integers, which never overflow.
            exact = [int(u) * int(c) for u, c in zip(whole.tolist(), count.tolist(), strict=True)]
            return self._sums(np.array(exact, dtype=object), starts)
        return self._sums(whole.astype(np.int64) * count.astype(np.int64), starts)

    def _steps_of(self, groups: Sequence[int] | None) -> tuple[Array | slice, Array]:
        """The steps of ``groups`` (None: all, as they are), and where each group's begin
        among them."""
        if groups is None:
            return slice(None), self.starts
        chosen = np.asarray(groups, dtype=np.int64)
        lengths = self.ends[chosen] - self.starts[chosen]
        begins = np.cumsum(lengths) - lengths
        # Each step's index: its group's start, plus its place after the group's begin.
        steps = np.repeat(self.starts[chosen] - begins, lengths) + np.arange(lengths.sum())
        return steps, begins

    @staticmethod
    def _sums(values: Array, starts: Array) -> list[int]:
        """Per group beginning at ``starts``: the sum of its steps' ``values``."""
        if not len(values):
            return []
        sums: list[int] = np.add.reduceat(values, starts).tolist()
        return sums

    def at(self, groups: Sequence[int] | Array, positions: Sequence[int] | Array) -> list[float]:
        at = self.offset[np.asarray(groups, dtype=np.int64)] + np.asarray(positions, np.int64)
        values: list[float] = self.pay[np.searchsorted(self.cumulative, at, side="right")].tolist()
        return values

    def quantiles(
        self, qs: Sequence[float], groups: Sequence[int] | None = None
    ) -> list[list[float]]:
        chosen = np.arange(len(self.ids)) if groups is None else np.asarray(groups, np.int64)
        asked = np.repeat(chosen, len(qs))
        last = self.size[asked] - 1
        position = last * np.tile(np.asarray(qs, dtype=float), len(chosen))
        low = np.floor(position).astype(np.int64)
        below = np.asarray(self.at(asked, low))
        above = np.asarray(self.at(asked, np.minimum(low + 1, last)))
        fraction = position - low
        # As the scalar formula: a position on an order statistic is that value, exactly.
        values = np.where(fraction == 0, below, below + fraction * (above - below))
        rows: list[list[float]] = values.reshape(len(chosen), len(qs)).tolist()
        return rows
