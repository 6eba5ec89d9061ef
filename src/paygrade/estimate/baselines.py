"""Baselines an estimator must beat: the global median, and medians by group with fallback.

Each has ``fit`` / ``predict`` / ``predict_interval`` like ``SalaryEstimator``; the
interval is the empirical (1 - coverage) / 2 and (1 + coverage) / 2 quantiles.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

Floats = np.ndarray[Any, np.dtype[np.float64]]
QUANTILES = (0.1, 0.5, 0.9)


class GlobalMedian:
    """Everyone gets the training median and its p10-p90.

    Example:
        >>> GlobalMedian().fit(pd.DataFrame({"a": [1, 2, 3]}), [10.0, 20.0, 30.0]).predict(
        ...     pd.DataFrame({"a": [9]})).tolist()
        [20.0]
    """

    def fit(self, X: pd.DataFrame, y: Any) -> GlobalMedian:
        self.quantiles_ = np.quantile(np.asarray(y, dtype=float), QUANTILES)
        return self

    def predict(self, X: pd.DataFrame) -> Floats:
        return np.full(len(X), self.quantiles_[1])

    def predict_interval(self, X: pd.DataFrame, coverage: float = 0.8) -> tuple[Floats, Floats]:
        return np.full(len(X), self.quantiles_[0]), np.full(len(X), self.quantiles_[2])


class GroupMedian:
    """Quantiles of the finest group of ``fields`` with at least ``min_n`` rows, dropping
    fields from the end (level, country, title -> level, country -> level -> all).

    Example:
        >>> X = pd.DataFrame({"level": ["a"] * 10 + ["b"] * 10})
        >>> model = GroupMedian(("level",), min_n=5).fit(X, [1.0] * 10 + [3.0] * 10)
        >>> model.predict(pd.DataFrame({"level": ["b", "zz"]})).tolist()
        [3.0, 2.0]
    """

    def __init__(self, fields: tuple[str, ...] = ("level", "country", "title"), min_n: int = 10):
        self.fields = fields
        self.min_n = min_n

    def fit(self, X: pd.DataFrame, y: Any) -> GroupMedian:
        table = X[list(self.fields)].astype(object).fillna("?").assign(y=np.asarray(y, float))
        self.tables_ = []
        for depth in range(len(self.fields), 0, -1):
            keys = list(self.fields[:depth])
            grouped = table.groupby(keys)["y"]
            stats = grouped.quantile(np.asarray(QUANTILES)).unstack()
            self.tables_.append((keys, stats[grouped.size() >= self.min_n]))
        self.global_ = np.quantile(table["y"], QUANTILES)
        return self

    def _quantiles(self, X: pd.DataFrame) -> Floats:
        table = X[list(self.fields)].astype(object).fillna("?")
        out = np.tile(self.global_, (len(X), 1))
        done = np.zeros(len(X), dtype=bool)
        for keys, stats in self.tables_:
            index = pd.MultiIndex.from_frame(table[keys]) if len(keys) > 1 else table[keys[0]]
            found = stats.reindex(index).to_numpy()
            use = ~done & ~np.isnan(found[:, 0])
            out[use] = found[use]
            done |= use
        return out

    def predict(self, X: pd.DataFrame) -> Floats:
        return self._quantiles(X)[:, 1]

    def predict_interval(self, X: pd.DataFrame, coverage: float = 0.8) -> tuple[Floats, Floats]:
        q = self._quantiles(X)
        return q[:, 0], q[:, 2]
