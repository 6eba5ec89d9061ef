"""Margins for profiles of a year after the newest the model learned from.

Pay drifts between years, so a range calibrated on the training years
under-covers a later one. What drift costs is measured once, on the newest
year's rows: their scores under end models of the earlier years only ("ahead":
one year for total pay, 2025 from 2020-2024; four for base pay, whose filings
before 2023 end in 2019) against their out-of-fold scores (same year; see
``SalaryEstimator.fit``). Answers say the span measured. Three ways to turn that
into a later row's margin (``MODES``):

* ``pooled`` (default): the larger of the cell's margin (all years) and the
  one-year-ahead margin of all rows.
* ``recent-cells``: the row's Mondrian cell margin *of the newest year*
  (same-year scores of that year's rows; a cell with fewer than ``min_rows`` of
  them uses all of that year's rows) plus the drift increment of all rows
  (one-year-ahead margin minus same-year margin, on the same rows, never
  below 0).
* ``cells``: the cell's own one-year-ahead margin (all rows' for a small cell).

On the aijobs data (``benchmarks/estimator.py --drift MODE``, train <= 2023 /
test 2024, cross-fitted calibration) ``pooled`` came closest: every level and
US / non-US within 0.78-0.82 but mid-level (0.773; 0.767 with ``--seed 2``),
whose pay moved more from 2023 to 2024 than the earlier years show;
``recent-cells`` over-covered entry-level and non-US (0.835, 0.845) and left
mid-level at 0.762, ``cells`` likewise (0.844 executives, 0.754 mid-level).
The default was chosen after seeing these 2024 figures: treat it as tuned on
that split (docs/methodology.md).
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field

import numpy as np

from paygrade.estimate import conformal

Floats = conformal.Floats
MODES = ("pooled", "recent-cells", "cells")


@dataclass
class DriftScores:
    """Scores of the newest year's rows, as the margins above need them."""

    ahead: dict[Hashable, Floats] = field(default_factory=dict)  # under earlier years' models
    recent: dict[Hashable, Floats] = field(default_factory=dict)  # out of fold, same year


def drift_scores(
    mode: str,
    keys: Sequence[Hashable],
    ahead: Floats,
    same_year: Floats,
    min_rows: int,
) -> DriftScores:
    """The tables ``later_margins`` reads, from per-row scores of the newest year's rows.

    Example:
        >>> found = drift_scores("recent-cells", ["a", "a", "b"], np.ones(3), np.zeros(3), 2)
        >>> sorted(found.ahead), sorted(found.recent)
        (['__all__'], ['__all__', 'a'])
    """
    by_cell = [str(k) for k in keys] if mode == "cells" else [conformal.ALL] * len(keys)
    return DriftScores(
        ahead=conformal.group_scores(by_cell, ahead, min_rows),
        recent=conformal.group_scores(keys, same_year, min_rows),
    )


def later_margins(
    mode: str,
    keys: Sequence[Hashable],
    in_year: Floats,
    scores: DriftScores,
    coverage: float,
) -> Floats:
    """Per row, its margin as a row of a later year; ``in_year``: its margin otherwise.

    Example:
        >>> table = drift_scores("recent-cells", ["a"] * 4, np.full(4, 3.0), np.ones(4), 2)
        >>> later_margins("recent-cells", ["a", "z"], np.zeros(2), table, 0.5).tolist()
        [3.0, 3.0]
    """
    if mode == "cells":
        return conformal.margins(keys, scores.ahead, coverage)
    ahead = conformal.margin(scores.ahead[conformal.ALL], coverage)
    if mode == "pooled":
        return np.maximum(in_year, ahead)
    increment = max(0.0, ahead - conformal.margin(scores.recent[conformal.ALL], coverage))
    return conformal.margins(keys, scores.recent, coverage) + increment
