"""Accuracy of the estimator against the baselines, on the issue's protocol.

Three views of one data set: 5-fold CV with shuffled rows (copies of a test row
may sit in training: flattering), 5-fold CV keeping copies together, and a
temporal split (train up to the year before the newest full year, test on it).
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from paygrade.estimate.baselines import GlobalMedian, GroupMedian
from paygrade.estimate.data import FEATURES
from paygrade.estimate.features import duplicate_ids, group_keys

if TYPE_CHECKING:  # LightGBM and scikit-learn load only to fit or measure (``serve`` starts
    # without them: the estimate service imports this module for COVERAGE and ``splits``).
    from paygrade.estimate.model import SalaryEstimator

COVERAGE = 0.8
PROTOCOLS = ("5-fold", "5-fold, copies together", "temporal")
MODELS = (
    "global median",
    "median by (level, country, title), falling back to coarser groups",
    "LightGBM + CQR",
    "SalaryEstimator (LightGBM + Mondrian CQR)",
)
Split = tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]


@dataclass
class Predictions:
    """Test rows of one protocol, with each model's median and interval."""

    frame: pd.DataFrame
    y: list[np.ndarray[Any, Any]] = field(default_factory=list)
    by_model: dict[str, list[tuple[Any, Any, Any]]] = field(default_factory=dict)


def splits(frame: pd.DataFrame, protocol: str, seed: int = 0) -> Iterator[Split]:
    """Train / test row positions for one protocol.

    Example:
        >>> f = pd.DataFrame({"year": [2023] * 5 + [2024] * 5, "level": list("ababababab")})
        >>> [len(test) for _, test in splits(f, "temporal")]
        [5]
    """
    from sklearn.model_selection import GroupKFold, KFold

    rows = np.arange(len(frame))
    if protocol == "temporal":
        yield rows[frame["year"] <= 2023], rows[frame["year"] == 2024]
    elif protocol == "5-fold":
        yield from KFold(5, shuffle=True, random_state=seed).split(rows)
    else:
        groups = duplicate_ids(frame[list(FEATURES)], frame["amount_usd"])
        yield from GroupKFold(5, shuffle=True, random_state=seed).split(rows, groups=groups)


def _fitted(X: pd.DataFrame, y: Any, estimator: SalaryEstimator) -> dict[str, Any]:
    model = copy.deepcopy(estimator).fit(X, y)
    plain = copy.copy(model)
    plain.mondrian = False  # same quantile models, one calibration for all rows, no drift
    plain.newest_year_ = None
    return {
        MODELS[0]: GlobalMedian().fit(X, y),
        MODELS[1]: GroupMedian().fit(X, y),
        MODELS[2]: plain,
        MODELS[3]: model,
    }


def predictions(
    frame: pd.DataFrame,
    protocol: str,
    estimator: SalaryEstimator,
    progress: Callable[[str], None] = lambda _: None,
) -> Predictions:
    """Every model's out-of-sample median and interval under one protocol."""
    X, y = frame[list(FEATURES)], frame["amount_usd"].to_numpy()
    tests = []
    out = Predictions(frame)
    for fold, (train, test) in enumerate(splits(frame, protocol), start=1):
        progress(f"{protocol}: fold {fold}")
        for name, model in _fitted(X.iloc[train], y[train], estimator).items():
            low, high = model.predict_interval(X.iloc[test], COVERAGE)
            out.by_model.setdefault(name, []).append((model.predict(X.iloc[test]), low, high))
        tests.append(test)
        out.y.append(y[test])
    out.frame = frame.iloc[np.concatenate(tests)].reset_index(drop=True)
    return out


def metrics(pred: Predictions, name: str) -> dict[str, Any]:
    """MAE, coverage (overall, per level, US / non-US) and mean width of one model."""
    y = np.concatenate(pred.y)
    median, low, high = (np.concatenate(part) for part in zip(*pred.by_model[name], strict=True))
    inside = (y >= low) & (y <= high)
    keys = pd.Series(group_keys(pred.frame))
    level, region = keys.str.split("|").str[0], keys.str.split("|").str[1]
    groups = {**_rates(inside, level), **_rates(inside, region)}
    return {
        "n": len(y),
        "mae": float(np.mean(np.abs(y - median))),
        "coverage": float(inside.mean()),
        "width": float(np.mean(high - low)),
        "groups": groups,
    }


def width_at(pred: Predictions, name: str, coverage: float) -> float:
    """Mean width of ``name``'s intervals scaled in log pay about its median (both sides by
    one factor) until they hold ``coverage`` of the test rows: its width at that coverage.

    Why: widths compare only at equal coverage, and a baseline that under-covers looks
    narrow. The factor is chosen on the test rows themselves (an oracle), which can only
    flatter the model scaled.

    Example:
        >>> pred = Predictions(pd.DataFrame(), [np.array([90.0, 100.0, 130.0])],
        ...                    {"m": [(np.full(3, 100.0), np.full(3, 95.0), np.full(3, 110.0))]})
        >>> round(width_at(pred, "m", 2 / 3), 2), round(width_at(pred, "m", 1.0), 2)
        (31.63, 43.17)
    """
    y = np.concatenate(pred.y)
    median, low, high = (np.concatenate(part) for part in zip(*pred.by_model[name], strict=True))
    below, above = np.log(median / low), np.log(high / median)
    with np.errstate(divide="ignore", invalid="ignore"):
        # The factor each row needs to be inside (a side of zero width holds only the median).
        need = np.where(y < median, np.log(median / y) / below, np.log(y / median) / above)
    need = np.nan_to_num(need, nan=0.0, posinf=np.inf)
    factor = np.sort(need)[max(int(np.ceil(coverage * len(y))) - 1, 0)]
    return float(np.mean(median * (np.exp(factor * above) - np.exp(-factor * below))))


def _rates(inside: np.ndarray[Any, Any], labels: pd.Series) -> dict[str, dict[str, float]]:
    found = {}
    for label in sorted(set(labels)):
        chosen = (labels == label).to_numpy()
        if chosen.sum() >= 100:  # coverage of fewer rows is mostly noise
            found[str(label)] = {"coverage": float(inside[chosen].mean()), "n": int(chosen.sum())}
    return found


def evaluate(
    frame: pd.DataFrame,
    estimator: SalaryEstimator | None = None,
    progress: Callable[[str], None] = lambda _: None,
) -> dict[str, Any]:
    """Metrics per protocol and model: ``{"protocols": {protocol: {model: metrics}}}``.

    Example:
        >>> evaluate(training_frame(store, "total", ("aijobs",)))["protocols"]  # doctest: +SKIP
    """
    from paygrade.estimate.model import SalaryEstimator

    estimator = estimator or SalaryEstimator()
    result: dict[str, Any] = {"rows": len(frame), "coverage": COVERAGE, "protocols": {}}
    for protocol in PROTOCOLS:
        pred = predictions(frame, protocol, estimator, progress)
        result["protocols"][protocol] = found = {name: metrics(pred, name) for name in MODELS}
        # Every model's width at the estimator's coverage: the fair comparison of widths.
        reached = found[MODELS[3]]["coverage"]
        widths = {name: width_at(pred, name, reached) for name in MODELS}
        result.setdefault("equal_coverage", {})[protocol] = {"coverage": reached, "width": widths}
    return result
