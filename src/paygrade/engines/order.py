"""Order statistics of many groups at once, from each group's distinct pays and counts.

Pay repeats heavily, so a group of a million records may hold a few thousand
distinct pays. The DuckDB engine fetches every group's distinct pays in order,
with how many records hold each, and every order statistic is then one binary
search in the running count of records over all groups together: the groups
follow one another, so group ``g``'s position ``p`` is the global position
``offset[g] + p``. A group's counts and its pays' exact sum are sums over its steps.

Two forms of the same steps, chosen by size (:func:`fetch`): Python lists for
answers of a few thousand steps, and NumPy arrays above (moving 50,000 steps as
Python objects cost more than the query; importing NumPy costs a process about
50 ms, more than lists of that size do), or at any size in a process that has
NumPy already.
"""

from __future__ import annotations

import sys
from bisect import bisect_right
from collections.abc import Sequence
from itertools import accumulate
from math import copysign, floor, trunc
from typing import Any, Protocol

import duckdb

from paygrade.engines import PAY_SUM_UNITS

# Steps of at most this many rows are read as Python lists (the query's ``rows``
# bound them from above: a group has no more distinct pays than rows).
LISTS_UP_TO = 50_000


class Steps(Protocol):
    """The sorted records of many groups, folded into (group, pay, count, first) steps:
    ``first`` of the ``count`` records are the first of identical rows."""

    ids: list[Any]  # the group ids, in order
    sizes: list[int]  # records per group, in ids order

    def firsts(self, groups: Sequence[int] | None = None) -> list[int]:
        """Per group of ``groups`` (indexes into ``ids``; None: every group, in ``ids``
        order): its records that are the first of identical rows."""
        ...

    def pay_sums(self, groups: Sequence[int] | None = None) -> list[int]:
        """Per group of ``groups`` (as :meth:`firsts`): its pays' exact sum, each pay in
        whole 1/PAY_SUM_UNITS dollars (:func:`units`)."""
        ...

    def at(self, groups: Sequence[int], positions: Sequence[int]) -> list[float]:
        """The pay at 0-based ``positions`` of the sorted records of ``groups`` (indexes
        into ``ids``)."""
        ...

    def quantiles(
        self, qs: Sequence[float], groups: Sequence[int] | None = None
    ) -> list[list[float]]:
        """Per group of ``groups`` (as :meth:`firsts`): its q-quantiles, linear between
        order statistics (numpy's default, DuckDB's ``quantile_cont``, Spark's
        ``percentile``). A question that shows 40 of 32,000 groups asks for those 40."""
        ...


def arrays_at_hand() -> bool:
    """Whether this process has NumPy already: then steps of any size come as arrays, and
    :func:`fetch` needs no bound on their number (which is what chooses otherwise)."""
    return sys.modules.get("numpy") is not None


def units(pay: float) -> int:
    """A pay in whole 1/PAY_SUM_UNITS dollars, rounded half away from zero: as DuckDB's
    and Spark's ``round`` (Python's rounds half to even), so that each engine sums the
    same integers.

    Example:
        >>> units(0.00125), units(-0.00125), units(0.01245), units(123456.78905)
        (13, -13, 124, 1234567891)
    """
    scaled = pay * PAY_SUM_UNITS
    whole = trunc(scaled)
    # scaled - whole is exact (a double's fraction is a double): no tie is missed.
    return whole + (int(copysign(1, scaled)) if abs(scaled - whole) >= 0.5 else 0)


def fetch(cursor: duckdb.DuckDBPyConnection, rows: int | None) -> Steps:
    """The steps a query returns as (group, pay, count, first), ordered by group then pay;
    ``rows``: at least as many as it returns, or None once :func:`arrays_at_hand`."""
    if rows is not None and rows <= LISTS_UP_TO:
        fetched = cursor.fetchall()
        return ListSteps(*([row[i] for row in fetched] for i in range(4)))
    # Imported, not read from sys.modules: another thread may be importing it still.
    import numpy as np  # only for answers this large, or a process that has it

    from paygrade.engines.arrays import ArraySteps

    arrays = cursor.fetchnumpy()
    return ArraySteps(*(np.asarray(column) for column in arrays.values()))


class ListSteps:
    """:class:`Steps` as Python lists.

    Example:
        >>> steps = ListSteps([7, 7, 9], [1.0, 10.0, 5.0], [2, 1, 4], [1, 1, 4])
        >>> steps.ids, steps.sizes, steps.at([0, 0, 1], [1, 2, 3])
        ([7, 9], [3, 4], [1.0, 10.0, 5.0])
        >>> steps.firsts(), steps.pay_sums(), steps.pay_sums([1])
        ([2, 4], [120000, 200000], [200000])
        >>> ListSteps([1, 1, 1], [1.0, 2.0, 10.0], [1, 1, 1], [1, 1, 1]).quantiles([0.5, 0.75])
        [[2.0, 6.0]]
        >>> steps.quantiles([0.5], [1]), steps.firsts([])
        ([[5.0]], [])
    """

    def __init__(
        self, group: list[Any], pay: list[float], count: list[int], first: list[int]
    ) -> None:
        self.pay, self.count, self.first = pay, count, first
        self.cumulative = list(accumulate(count))
        starts = [i for i in range(len(group)) if i == 0 or group[i] != group[i - 1]]
        self.offset = [self.cumulative[i] - count[i] for i in starts]
        ends = [*self.offset[1:], self.cumulative[-1]] if group else []
        self.sizes = [end - start for start, end in zip(self.offset, ends, strict=True)]
        self.ids = [group[i] for i in starts]
        self.bounds = list(zip(starts, [*starts[1:], len(group)] if starts else [], strict=True))

    def firsts(self, groups: Sequence[int] | None = None) -> list[int]:
        return [sum(self.first[start:end]) for start, end in self._bounds(groups)]

    def pay_sums(self, groups: Sequence[int] | None = None) -> list[int]:
        return [
            sum(units(self.pay[i]) * self.count[i] for i in range(start, end))
            for start, end in self._bounds(groups)
        ]

    def at(self, groups: Sequence[int], positions: Sequence[int]) -> list[float]:
        return [self._at(g, p) for g, p in zip(groups, positions, strict=True)]

    def quantiles(
        self, qs: Sequence[float], groups: Sequence[int] | None = None
    ) -> list[list[float]]:
        return [[self._quantile(g, q) for q in qs] for g in self._groups(groups)]

    def _groups(self, groups: Sequence[int] | None) -> Sequence[int]:
        return range(len(self.ids)) if groups is None else groups

    def _bounds(self, groups: Sequence[int] | None) -> list[tuple[int, int]]:
        """The (start, end) of each of ``groups``' steps."""
        return [self.bounds[g] for g in self._groups(groups)]

    def _at(self, group: int, position: int) -> float:
        return self.pay[bisect_right(self.cumulative, self.offset[group] + position)]

    def _quantile(self, group: int, q: float) -> float:
        position = (self.sizes[group] - 1) * q
        low = floor(position)
        below = self._at(group, low)
        if position == low:
            return below
        return below + (position - low) * (self._at(group, low + 1) - below)
