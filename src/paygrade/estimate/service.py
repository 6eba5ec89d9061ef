"""Train the model file from the store, and answer "what should I expect?" for a profile."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from paygrade import evidence
from paygrade.estimate.data import FEATURES, data_version, training_frame
from paygrade.estimate.evaluation import COVERAGE, splits
from paygrade.estimate.factors import effects
from paygrade.estimate.features import novel
from paygrade.estimate.model import SalaryEstimator
from paygrade.estimate.modelfile import ModelFile, NoModel, new_version
from paygrade.estimate.profile import as_stored, check_profile
from paygrade.records import PAY_COMPONENTS, PaygradeError
from paygrade.store import Store

Progress = Callable[[str], None]


def holdout_metrics(frame: pd.DataFrame, estimator: SalaryEstimator) -> dict[str, Any]:
    """MAE, 80% coverage and mean width on one held-out fold of five (copies kept together)."""
    train, test = next(splits(frame, "5-fold, copies together"))
    X, y = frame[list(FEATURES)], frame["amount_usd"].to_numpy()
    model = estimator.fit(X.iloc[train], y[train])
    low, high = model.predict_interval(X.iloc[test], COVERAGE)
    return {
        "rows": len(frame),
        "holdout_rows": len(test),
        "mae": round(float(np.mean(np.abs(model.predict(X.iloc[test]) - y[test]))), 0),
        "coverage": round(float(np.mean((y[test] >= low) & (y[test] <= high))), 3),
        "mean_width": round(float(np.mean(high - low)), 0),
    }


def train(
    store: Store, estimator: SalaryEstimator | None = None, progress: Progress = lambda _: None
) -> ModelFile:
    """One estimator per pay component (never mixed), with held-out metrics.

    Example:
        >>> train(store).models["total"].predict(profile_frame)  # doctest: +SKIP
    """
    model = ModelFile(version=new_version(), trained_on=data_version(store))
    for component in PAY_COMPONENTS:
        frame = training_frame(store, component)
        template = estimator or SalaryEstimator()
        progress(f"{component}: measuring on a held-out fold ({len(frame):,} records)")
        model.metrics[component] = holdout_metrics(frame, _copy(template))
        progress(f"{component}: fitting on all records")
        model.models[component] = _copy(template).fit(frame[list(FEATURES)], frame["amount_usd"])
        model.newest_year[component] = int(frame["year"].max())
    return model


def _copy(estimator: SalaryEstimator) -> SalaryEstimator:
    from sklearn.base import clone

    fresh: SalaryEstimator = clone(estimator)
    return fresh


def stale(store: Store, model: ModelFile) -> str | None:
    """A warning when the store holds other data than the model was trained on."""
    current = data_version(store)
    if current == model.trained_on:
        return None
    return (
        f"the model {model.version} was trained on data version {model.trained_on}; "
        f"the store is now {current}: run `paygrade train` for estimates from the newest data"
    )


def estimate(
    store: Store,
    model: ModelFile,
    profile: Mapping[str, Any],
    pay_component: str = "total",
    *,
    unseen: bool = False,
) -> dict[str, Any]:
    """p10 / p50 / p90 for a profile, the factors that move it, and how many records match.

    With ``unseen``, also the given fields whose value the model did not learn (a company
    of no or few records: its effect is unknown, and the range is widened for it). Off
    by default: the JSON answer's keys are a contract.

    Example:
        >>> estimate(store, model, {"role": "ml_engineer"})["p50"]  # doctest: +SKIP
        185000.0
    """
    if pay_component not in model.models:
        raise NoModel(f"no {pay_component} pay model: use one of {', '.join(model.models)}")
    given = as_stored(store, check_profile(profile))
    if not given:
        raise PaygradeError("describe the profile: give at least one field (e.g. role)")
    estimator = model.models[pay_component]
    row = implied(store, estimator, {"year": model.newest_year[pay_component], **given})
    frame = pd.DataFrame([row])
    low, mid, high = _range(estimator, frame)
    result = {
        "p10": low,
        "p50": mid,
        "p90": high,
        "coverage": COVERAGE,
        "pay_component": pay_component,
        "n_similar": similar(store, given, pay_component),
        "factors": factors(estimator, row, given),
        "model": {"version": model.version, "trained_on": model.trained_on},
    }
    if unseen:
        flags = novel(frame, estimator.categories_)
        result["unseen"] = [name for name in given if flags.get(name, [False])[0]]
    return result


def implied(store: Store, estimator: SalaryEstimator, row: Mapping[str, Any]) -> dict[str, Any]:
    """The profile with what it implies filled in: a metro's state and country (as its
    records hold them), and a field every training record has one value of (country US
    in the H-1B filings). The model never saw those fields missing, so leaving them
    unknown would send the profile down an arbitrary branch: a Google senior ML engineer
    in San Jose got a base median of $139k with the country unknown, $188k with it US.

    Example:
        >>> seattle = {"metro": "Seattle-Tacoma-Bellevue, WA"}
        >>> implied(store, model.models["base"], seattle)  # doctest: +SKIP
        {'metro': 'Seattle-Tacoma-Bellevue, WA', 'state': 'WA', 'country': 'US'}
    """
    filled = dict(row)
    if filled.get("metro") is not None:
        place = store.con.execute(
            "SELECT state, country FROM records WHERE metro = ? AND country IS NOT NULL "
            "GROUP BY ALL ORDER BY count(*) DESC LIMIT 1",
            [filled["metro"]],
        ).fetchone()
        for name, value in zip(("state", "country"), place or (), strict=False):
            if filled.get(name) is None and value is not None:
                filled[name] = value
    for name, (values, _) in estimator.reference_mix_.items():
        if name not in filled and len(values) == 1 and values[0] is not None:
            filled[name] = values[0]
    return filled


def _range(estimator: SalaryEstimator, frame: pd.DataFrame) -> tuple[float, float, float]:
    low, high = estimator.predict_interval(frame, COVERAGE)
    mid = estimator.predict(frame)
    return _dollars(low[0]), _dollars(mid[0]), _dollars(high[0])


def _dollars(value: float) -> float:
    return float(round(float(value), -2))


def factors(
    estimator: SalaryEstimator, row: Mapping[str, Any], given: Mapping[str, Any]
) -> list[dict[str, Any]]:
    """Each given field's counterfactual effect on the median, in %, largest first.

    "metro: +12%": this profile's median is 12% above that of the same profile with
    its metro replaced by the training data's mix of metros (``paygrade.estimate.factors``).
    """
    names = [name for name in given if name != "year"]
    found = effects(estimator.predict, estimator.reference_mix_, row, names)
    listed = [
        {"field": name, "value": given[name], "effect_pct": effect}
        for name, effect in zip(names, found, strict=True)
    ]
    return sorted(listed, key=lambda f: -abs(f["effect_pct"]))


def similar(store: Store, given: Mapping[str, Any], pay_component: str) -> int:
    """How many unflagged records of this pay component match every given text field."""
    where = {k: [v] for k, v in given.items() if k not in ("year", "years_experience")}
    where["pay_component"] = [pay_component]
    return int(evidence.records(store, where, per_page=1)["total"])
