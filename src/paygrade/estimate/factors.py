"""Factors: how much each value of a profile moves its median, as a counterfactual delta.

A factor ``{"field": "metro", "value": "Seattle-...", "effect_pct": 12.0}`` means:
the median for this profile is 12% higher than the median for the same profile
with its metro replaced by the *reference* metro mix, i.e. the metros of the
training records in the proportions they occur there (those without a metro
included, as unknown). The reference is an average over the data, not "metro
unknown" alone: for a field every training record has (level, country in the
surveys) the model never saw it missing, so "unknown" would take an arbitrary
branch of the trees. The median of a mix is the geometric mean of the medians
(the model works in log pay). These are deltas of the model, not causal effects.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

Reference = tuple[list[Any], list[float]]
# The commonest values stand for the whole mix (their shares renormalized); a long
# tail of rare values moves the average little and would cost a prediction each.
TOP_VALUES = 30


def reference_mix(frame: pd.DataFrame, top: int = TOP_VALUES) -> dict[str, Reference]:
    """Per column, its commonest values (None for missing) and their shares, summing to 1.

    Example:
        >>> reference_mix(pd.DataFrame({"level": ["senior", "senior", "mid", None]}))
        {'level': (['senior', 'mid', None], [0.5, 0.25, 0.25])}
    """
    mix = {}
    for name in frame.columns:
        counts = (
            frame[name].astype(object).where(frame[name].notna(), None).value_counts(dropna=False)
        )
        kept = counts.iloc[:top]
        values = [None if pd.isna(v) else _plain(v) for v in kept.index]
        shares = (kept / kept.sum()).round(6).tolist()
        mix[str(name)] = (values, shares)
    return mix


def _plain(value: Any) -> Any:
    """Numpy scalars as Python ones, so a pickled mix and the JSON stay plain."""
    return value.item() if isinstance(value, np.generic) else value


def effects(
    predict: Callable[[pd.DataFrame], Any],
    mix: Mapping[str, Reference],
    rows: Sequence[Mapping[str, Any]],
    fields: list[str],
) -> list[float]:
    """Per field: 100 x (median of the rows / median with the field at its reference mix - 1),
    the ratio taken per row and averaged over ``rows`` (in log pay).

    Several rows stand for a profile with blank fields (records like it: see
    ``service.people_like``); one row for a profile that gives every field.

    Example:
        >>> double = lambda f: np.where(f["level"] == "senior", 200.0, 100.0)
        >>> effects(double, {"level": (["senior", "mid"], [0.5, 0.5])}, [{"level": "senior"}],
        ...         ["level"])
        [41.4]
    """
    # Per row one block: the row itself, then each field at each value of its mix.
    mixes = [mix.get(name, ([None], [1.0])) for name in fields]
    variants = []
    for row in rows:
        variants.append(dict(row))
        for name, (values, _) in zip(fields, mixes, strict=True):
            variants += [{**row, name: value} for value in values]
    logs = np.log(np.asarray(predict(pd.DataFrame(variants)), dtype=float)).reshape(len(rows), -1)
    out, start = [], 1
    for values, shares in mixes:
        weights = np.asarray(shares, dtype=float)
        reference = logs[:, start : start + len(values)] @ weights / weights.sum()
        out.append(percent(100 * np.expm1(np.mean(logs[:, 0] - reference))))
        start += len(values)
    return out


def percent(value: float) -> float:
    """A percentage to one decimal, never negative zero.

    Why: a factor of -0.04% rounded to -0.0, said "-0.0%" by the CLI, the JSON, the API and
    MCP, and "+0.0%" by the page; adding 0.0 makes -0.0 plain 0.0 (IEEE 754).

    Example:
        >>> percent(-0.04), percent(12.345), percent(-3.26)
        (0.0, 12.3, -3.3)
    """
    return round(float(value), 1) + 0.0
