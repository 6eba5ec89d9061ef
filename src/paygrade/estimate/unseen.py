"""Values never seen in training: answered as the training records' mix of that field.

A text value the model never saw (not once) says nothing about pay. The trees
send it down the branch of missing and rare values, which prices it like the odd
titles and small employers held by a few records each. That is right for a
value that is rare; a value that is new need not be. 37% of the aijobs survey's
2024 rows hold a title its earlier years never held, and priced as rare ones a
model of the years to 2023 put them 27% low (docs/methodology.md).

So a row holding never-seen values stands for the records of the training
data in the proportions they hold those fields: one variant of the row per
combination of the fields' values among the records (the ``TOP`` commonest,
values the model did not learn counted as missing, as the trees read them),
weighted by its share. Its median is the weighted geometric mean of the
variants' medians (as a factor's reference mix, ``factors``), its range the
range of their mixture (``mixture.pooled_rows``). A value seen in training,
even once, keeps its own branch.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from paygrade.estimate.features import is_missing, per_value, unseen_in
from paygrade.estimate.mixture import pooled_rows

Floats = np.ndarray[Any, np.dtype[np.float64]]
Ints = np.ndarray[Any, np.dtype[np.int64]]
# The commonest combinations stand for the mix, as a factor's reference mix does.
TOP = 30
# SalaryEstimator(never_seen=...): "mix" as above; "rare" the trees' branch of missing
# and rare values (the estimator before 2026-12-03; benchmarks/estimator.py --never-seen).
MODES = ("mix", "rare")


@dataclass
class Variants:
    """Rows to predict in place of the asked ones: each asked row whose values were all
    seen once (``kept``), then each other row's variants, with their ``owner`` (the
    asked row) and ``weight`` (its combination's share)."""

    frame: pd.DataFrame
    owner: Ints
    weight: Floats
    kept: np.ndarray[Any, np.dtype[np.bool_]]
    replaced: list[tuple[str, ...]]  # per variant row, the fields given the mix's values

    def hidden(self, name: str) -> np.ndarray[Any, np.dtype[np.bool_]]:
        """Per variant row, whether ``name`` holds a value of the mix (not the one asked)."""
        return np.array([name in fields for fields in self.replaced], dtype=bool)

    def log_medians(self, logs: Floats) -> Floats:
        """Per asked row: its own log median, or the weighted mean of its variants'."""
        total = np.bincount(self.owner, weights=self.weight * logs, minlength=len(self.kept))
        weights = np.bincount(self.owner, weights=self.weight, minlength=len(self.kept))
        return np.asarray(total / weights, dtype=float)


def seen_values(frame: pd.DataFrame, fields: Sequence[str]) -> dict[str, frozenset[str]]:
    """Per text field, every value the training rows hold, however rare.

    Example:
        >>> sorted(seen_values(pd.DataFrame({"role": ["a", None, "b"]}), ["role"])["role"])
        ['a', 'b']
    """
    # The distinct values first: iterating every row's cell of a text column read as Arrow
    # was a twentieth of `paygrade train`'s time on the real store.
    return {name: frozenset(frame[name].dropna().astype(str).unique()) for name in fields}


def combinations(frame: pd.DataFrame, learned: Mapping[str, Sequence[str]]) -> pd.DataFrame:
    """The training rows' distinct combinations of the learned text fields' values (a
    value not learned as None, as the trees see it), with their count ``n``.

    Example:
        >>> combinations(pd.DataFrame({"role": ["a", "a", "z"]}), {"role": ["a"]}).values.tolist()
        [['a', 2], [None, 1]]
    """
    if not learned:  # no text field: nothing can be unseen
        return pd.DataFrame({"n": [len(frame)]})
    columns = {}
    for name, values in learned.items():
        columns[name] = _kept_in(frame[name], values)
    table = pd.DataFrame(columns, dtype=object)
    counted = table.groupby(list(learned), dropna=False, sort=False).size()
    found = counted.rename("n").reset_index()
    return found.astype({name: object for name in learned}).where(found.notna(), None)


def _kept_in(column: pd.Series, values: Sequence[str]) -> np.ndarray:
    """Per row, its value if it is one of ``values``, else None (as the trees see it)."""
    known = set(values)
    return per_value(column, lambda text: text if text in known else None, None)


def never_seen(frame: pd.DataFrame, seen: Mapping[str, frozenset[str]]) -> list[tuple[str, ...]]:
    """Per row, the fields whose value training never held (empty: none). A field training
    never held any value of (a company for total pay) is left out: its values are all
    missing to the trees, and the answer says the field cannot move it.

    Example:
        >>> never_seen(pd.DataFrame({"role": ["a", "new", None]}), {"role": frozenset({"a"})})
        [(), ('role',), ()]
    """
    flags = {
        name: unseen_in(frame[name], values)
        for name, values in seen.items()
        if name in frame.columns and values
    }
    return [tuple(name for name in flags if flags[name][i]) for i in range(len(frame))]


def variants(
    frame: pd.DataFrame, seen: Mapping[str, frozenset[str]], combos: pd.DataFrame
) -> Variants | None:
    """The rows to predict for ``frame`` (None when every value was seen in training)."""
    patterns = never_seen(frame, seen)
    if not any(patterns):
        return None
    frame = frame.reset_index(drop=True)
    kept = np.array([not fields for fields in patterns])
    parts = [frame[kept]]
    owners = [np.flatnonzero(kept)]
    weights = [np.ones(int(kept.sum()))]
    replaced: list[tuple[str, ...]] = [()] * int(kept.sum())
    for fields in dict.fromkeys(p for p in patterns if p):
        rows = np.flatnonzero([p == fields for p in patterns])
        counts = combos.groupby(list(fields), dropna=False, sort=False)["n"].sum()
        top = counts.sort_values(ascending=False, kind="stable").iloc[:TOP]
        for values, count in top.items():
            written = values if isinstance(values, tuple) else (values,)
            variant = frame.iloc[rows].copy()
            for name, value in zip(fields, written, strict=True):
                variant[name] = None if is_missing(value) else value
            parts.append(variant)
            replaced += [fields] * len(rows)
            owners.append(rows)
            weights.append(np.full(len(rows), count / top.sum()))
    return Variants(
        frame=pd.concat(parts, ignore_index=True),
        owner=np.concatenate(owners).astype(np.int64),
        weight=np.concatenate(weights).astype(float),
        kept=kept,
        replaced=replaced,
    )


def pooled_ends(
    found: Variants, low: Floats, mid: Floats, high: Floats, coverage: float
) -> tuple[Floats, Floats]:
    """Per asked row, the ends of its range: its own (every value seen), or those of the
    mixture of its variants' ranges in their shares. Arrays are pay, one per variant row."""
    size = len(found.kept)
    first = int(found.kept.sum())  # the rows kept come first, in order
    ends_low, ends_high = np.empty(size), np.empty(size)
    ends_low[found.kept], ends_high[found.kept] = low[:first], high[:first]
    order = np.argsort(found.owner[first:], kind="stable")
    owner = found.owner[first:][order]
    rows, starts, counts = np.unique(owner, return_index=True, return_counts=True)
    line = np.repeat(np.arange(len(rows)), counts)
    place = np.arange(len(owner)) - np.repeat(starts, counts)
    grids = []
    for values in (low, mid, high, found.weight):
        grid = np.zeros((len(rows), int(counts.max())))
        grid[line, place] = values[first:][order]
        grids.append(grid)
    pooled_low, _, pooled_high = pooled_rows(grids[0], grids[1], grids[2], grids[3], coverage)
    ends_low[rows], ends_high[rows] = pooled_low, pooled_high
    return ends_low, ends_high
