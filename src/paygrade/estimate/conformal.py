"""Group-conditional (Mondrian) conformal calibration of quantile intervals.

Conformalized quantile regression (Romano, Patterson and Candès, 2019): on rows
the quantile models did not see (out of fold: ``SalaryEstimator.fit``), the
score ``max(low - y, y - high)`` says how far outside the raw interval each row
falls; widening every interval by the ``coverage`` quantile of these scores
gives that coverage on exchangeable data. Scores are kept per group (experience
level x US / non-US) so that coverage holds within each group, not only on
average; a group with few rows falls back to the scores of all rows.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence

import numpy as np
import numpy.typing as npt

Floats = npt.NDArray[np.float64]
ALL = "__all__"


def scores(low: Floats, high: Floats, y: Floats) -> Floats:
    """Conformity scores: how far ``y`` lies outside ``[low, high]`` (negative inside).

    Example:
        >>> scores(np.array([1.0, 1.0]), np.array([3.0, 3.0]), np.array([2.0, 5.0])).tolist()
        [-1.0, 2.0]
    """
    return np.maximum(low - y, y - high)


def margin(values: Floats, coverage: float) -> float:
    """The finite-sample conformal quantile: the ceil((n + 1) * coverage)-th smallest score.

    Example:
        >>> margin(np.arange(9, dtype=float), 0.8)
        7.0
    """
    n = len(values)
    if n == 0:
        return math.inf
    rank = math.ceil((n + 1) * coverage)
    if rank > n:
        return float(np.max(values))
    return float(np.partition(values, rank - 1)[rank - 1])


def group_scores(keys: Sequence[Hashable], values: Floats, min_rows: int) -> dict[Hashable, Floats]:
    """Scores per group key (groups with fewer than ``min_rows`` dropped) and ``ALL``.

    Example:
        >>> sorted(group_scores(["a", "a", "b"], np.array([1.0, 2.0, 3.0]), 2))
        ['__all__', 'a']
    """
    found: dict[Hashable, Floats] = {ALL: np.sort(values)}
    codes = np.asarray([str(k) for k in keys])
    for key in dict.fromkeys(codes.tolist()):
        chosen = values[codes == key]
        if len(chosen) >= min_rows:
            found[key] = np.sort(chosen)
    return found


def margins(keys: Sequence[Hashable], table: dict[Hashable, Floats], coverage: float) -> Floats:
    """The margin for each row: its group's, or that of all rows for a group not kept.

    Example:
        >>> margins(["a", "z"], {"__all__": np.array([5.0]), "a": np.array([1.0])}, 0.5).tolist()
        [1.0, 5.0]
    """
    cache: dict[str, float] = {}
    out = np.empty(len(keys))
    for i, key in enumerate(keys):
        name = str(key)
        if name not in cache:
            cache[name] = margin(table.get(name, table[ALL]), coverage)
        out[i] = cache[name]
    return out
