"""Real dollars for the estimator: CPI-U deflation of the log-salary target, and back.

Pay of different years is put in dollars of the newest CPI year before the models
learn it (real = nominal x CPI(newest) / CPI(year)), and an estimate is turned back
into dollars of the year asked. A year without a CPI value takes the nearest year
that has one: a pay year after the newest CPI is priced at the newest (no forecast).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import numpy.typing as npt

from paygrade.store import Store

Floats = npt.NDArray[np.float64]


def cpi_table(store: Store) -> dict[int, float]:
    """CPI-U annual averages by year, as ingested (empty when none are loaded).

    Example:
        >>> cpi_table(Store.open(":memory:"))
        {}
    """
    rows = store.con.execute("SELECT year, cpi FROM cpi ORDER BY year").fetchall()
    return {int(year): float(value) for year, value in rows}


def log_deflator(years: Any, cpi: Mapping[int, float] | None) -> Floats:
    """log(CPI(year) / CPI(newest)) per row: subtract from log pay for real dollars, add back
    for nominal ones. 0 for a row without a year, or when no CPI is given.

    Example:
        >>> log_deflator([2023, 2030, None], {2023: 100.0, 2024: 110.0}).round(4).tolist()
        [-0.0953, 0.0, 0.0]
    """
    values = np.asarray(years, dtype=float)
    if not cpi:
        return np.zeros(len(values))
    known = np.array(sorted(cpi), dtype=float)
    logs = np.log(np.array([cpi[int(y)] for y in known]))
    nearest = np.clip(np.round(np.nan_to_num(values, nan=known[-1])), known[0], known[-1])
    # The nearest known year: years are whole numbers, gaps take the closest earlier year.
    index = np.clip(np.searchsorted(known, nearest, side="right") - 1, 0, len(known) - 1)
    return np.asarray(logs[index] - logs[-1], dtype=float)
