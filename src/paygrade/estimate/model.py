"""SalaryEstimator: median and calibrated range of annual pay, with the scikit-learn contract.

The target is log salary. Three LightGBM quantile models (the median and the
two ends of the interval, the ends with fewer, larger leaves: ``tail_num_leaves``,
``tail_min_child_samples``; cross-fitted: see ``fit``) read any subset of
canonical fields; the interval is then conformalized per experience level and
US / non-US (see ``conformal``), and for a year after the newest learned, at
least by the drift measured from the earlier years to the newest (see ``drift``).
A value the model did not learn (a company of no or few records) widens the range by
what hiding that field costs on rows that have it (``_hidden_scores``). A title is
learned in a form that folds its spellings (``features.FORMS``). A value training
never held is answered as the records' mix of that field (``unseen``). With
``cpi`` the models learn real dollars and answer in the asked year's (see
``inflation``).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Any

import lightgbm as lgb
import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, RegressorMixin
from sklearn.utils.validation import check_is_fitted

from paygrade.estimate import conformal, inflation, unseen
from paygrade.estimate.drift import MODES as DRIFT_MODES
from paygrade.estimate.drift import DriftScores, drift_scores, later_margins
from paygrade.estimate.factors import reference_mix
from paygrade.estimate.features import (
    FORMS,
    as_frame,
    categories,
    duplicate_ids,
    encode,
    group_keys,
    learned_forms,
    novel,
)

Floats = conformal.Floats
Encoded = np.ndarray[Any, np.dtype[np.float64]]
Ints = np.ndarray[Any, np.dtype[np.int64]]
Pair = tuple[lgb.LGBMRegressor, lgb.LGBMRegressor]  # the low and the high end


def predicted(model: lgb.LGBMRegressor, X: Encoded) -> Floats:
    """``model.predict(X)`` of an encoded matrix, asked of its booster with the threads
    ``n_jobs`` gives it: the scikit-learn wrapper read and checked all its parameters
    again on each call (``get_params``: ~2 ms, more than a 20-tree model takes to predict
    a few hundred rows), and an estimate asks 13 predictions. The booster checks the
    number of columns itself; NaN is a missing value to both.

    Example:
        >>> X = np.array([[0.0], [1.0], [np.nan]] * 20)
        >>> fitted = lgb.LGBMRegressor(n_estimators=5, min_child_samples=2, verbose=-1)
        >>> fitted = fitted.fit(X, np.nan_to_num(X[:, 0], nan=5.0))
        >>> bool(np.array_equal(predicted(fitted, X), fitted.predict(X)))
        True
    """
    threads = max(model.n_jobs or 0, 0)  # 0: OpenMP's default, as the wrapper's -1 or None
    return np.asarray(model.booster_.predict(X, num_threads=threads), dtype=float)


class Averaged:
    """The mean prediction of models of one quantile, each fitted without one fold."""

    def __init__(self, members: list[lgb.LGBMRegressor]) -> None:
        self.members = members

    def predict(self, X: Encoded) -> Floats:
        return np.mean([predicted(m, X) for m in self.members], axis=0)  # type: ignore[no-any-return]


def _scores(pair: Pair, X: Encoded, target: Floats) -> Floats:
    """Conformity scores of rows under one pair of end models."""
    low, high = (predicted(end, X) for end in pair)
    return conformal.scores(low, high, target)


def _out_of_fold(pairs: dict[int, Pair], folds: Ints, X: Encoded, target: Floats) -> Floats:
    """Each row's conformity score under the pair of end models that did not see it."""
    found = np.empty(len(target))
    for k, pair in pairs.items():
        rows = folds == k
        if rows.any():
            found[rows] = _scores(pair, X[rows], target[rows])
    return found


class SalaryEstimator(RegressorMixin, BaseEstimator):  # type: ignore[misc]
    """Median and a conformal range of annual USD pay for profiles of canonical fields.

    Example:
        >>> X = pd.DataFrame({"level": ["entry", "senior"] * 100, "country": ["US"] * 200})
        >>> y = np.where(X["level"] == "senior", 150_000.0, 80_000.0)
        >>> model = SalaryEstimator(n_estimators=20, learning_rate=0.5).fit(X, y)
        >>> round(float(model.predict(X.head(1))[0]), -3)
        80000.0
    """

    def __init__(
        self,
        *,
        coverage: float = 0.8,
        n_estimators: int = 300,
        learning_rate: float = 0.05,
        num_leaves: int = 31,
        min_child_samples: int = 20,
        tail_num_leaves: int = 15,
        tail_min_child_samples: int = 100,
        calibration_folds: int = 5,
        min_group_rows: int = 50,
        min_category_count: int = 10,
        max_categories: int = 500,
        mondrian: bool = True,
        drift: bool = True,
        random_state: int = 0,
        n_jobs: int = 1,
        drift_calibration: str = "pooled",
        recent_group_rows: int = 100,
        cpi: dict[int, float] | None = None,
        fold_spellings: bool = True,
        never_seen: str = "mix",
    ) -> None:
        self.coverage = coverage
        self.n_estimators = n_estimators
        self.learning_rate = learning_rate
        self.num_leaves = num_leaves
        self.min_child_samples = min_child_samples
        self.tail_num_leaves = tail_num_leaves  # the interval ends' trees: see ``_fit_quantile``
        self.tail_min_child_samples = tail_min_child_samples
        self.calibration_folds = calibration_folds  # cross-fitting: see ``fit``
        self.min_group_rows = min_group_rows
        self.min_category_count = min_category_count
        self.max_categories = max_categories
        self.mondrian = mondrian
        self.drift = drift
        self.random_state = random_state
        self.n_jobs = n_jobs
        self.drift_calibration = drift_calibration  # later years: see ``drift.MODES``
        self.recent_group_rows = recent_group_rows  # newest-year rows a cell needs
        self.cpi = cpi  # {year: CPI-U}: learn in real dollars (see ``inflation``)
        self.fold_spellings = fold_spellings  # titles in their folded form: ``features.FORMS``
        self.never_seen = never_seen  # a value training never held: see ``unseen``

    def fit(self, X: Any, y: Any) -> SalaryEstimator:
        """Fit the median on all rows; the interval ends cross-fitted, calibrated on every row.

        The rows are dealt into ``calibration_folds`` folds (copies of a row to the
        same one); per fold a pair of end models learns from the other folds and
        scores this one, so every row is a calibration row, scored by models that
        never saw it, and the range is the folds' models' average plus the margin.
        One split of the rows instead left the margins to the luck of the split: on
        a later year, calibrated by the newest year's few rows, coverage per group
        moved by up to 0.15 between seeds (docs/methodology.md).
        """
        frame = as_frame(X)
        target = _log_target(y, len(frame)) - self._log_prices(frame)
        self._check_params()
        self.n_features_in_ = frame.shape[1]
        if isinstance(X, pd.DataFrame):
            self.feature_names_in_ = np.asarray(frame.columns, dtype=object)
        self.columns_ = [str(c) for c in frame.columns]
        frame.columns = pd.Index(self.columns_)
        # The spellings as written too: a given title the model names by one of them
        # (``service``) finds its records by it.
        written = [name for name in FORMS if name in frame.columns]
        self.spellings_ = categories(frame[written], self.min_category_count, self.max_categories)
        frame = self._forms(frame)
        self.categories_ = categories(frame, self.min_category_count, self.max_categories)
        self.seen_ = unseen.seen_values(frame, list(self.categories_))
        self.combinations_ = unseen.combinations(frame, self.categories_)
        self.reference_mix_ = reference_mix(frame)
        encoded = encode(frame, self.columns_, self.categories_)
        folds = self._folds(frame, y)
        self.median_model_ = self._fit_quantile(0.5, encoded, target)
        pairs = {
            k: self._fit_ends(encoded[folds != k], target[folds != k])
            for k in np.unique(folds).tolist()
        }
        self.low_model_ = Averaged([low for low, _ in pairs.values()])
        self.high_model_ = Averaged([high for _, high in pairs.values()])
        scored = _out_of_fold(pairs, folds, encoded, target)
        keys = self._keys(frame)
        self.scores_ = conformal.group_scores(keys, scored, self.min_group_rows)
        self.novel_scores_ = self._hidden_scores(pairs, folds, encoded, target, keys)
        self._calibrate_drift(frame, encoded, target, scored)
        return self

    def predict(self, X: Any) -> Floats:
        """Medians in annual USD."""
        frame = self._checked(X)
        found = self._variants(frame)
        if found is None:
            return np.asarray(np.exp(self._log_medians(frame)), dtype=float)
        return np.asarray(np.exp(found.log_medians(self._log_medians(found.frame))), dtype=float)

    def predict_interval(self, X: Any, coverage: float = 0.8) -> tuple[Floats, Floats]:
        """(low, high) in annual USD holding the pay of ``coverage`` of such profiles."""
        if not 0 < coverage < 1:
            raise ValueError(f"coverage must be between 0 and 1, got {coverage}")
        frame = self._checked(X)
        found = self._variants(frame)
        if found is None:
            low, _, high = (np.exp(v) for v in self._log_range(frame, coverage))
            return low, high
        # A value of the mix stands for one not known: its range is widened as an
        # unlearned value's is (``_hidden_scores``), then the variants' ranges pooled.
        hidden = {name: found.hidden(name) for name in self.novel_scores_}
        low, median, high = (np.exp(v) for v in self._log_range(found.frame, coverage, hidden))
        return unseen.pooled_ends(found, low, median, high, coverage)

    def _log_medians(self, frame: pd.DataFrame) -> Floats:
        encoded = encode(frame, self.columns_, self.categories_)
        return np.asarray(
            predicted(self.median_model_, encoded) + self._log_prices(frame), dtype=float
        )

    def _log_range(
        self, frame: pd.DataFrame, coverage: float, hidden: Mapping[str, Any] | None = None
    ) -> tuple[Floats, Floats, Floats]:
        """Per row, log pay of the range's low end, the median and the high end; ``hidden``:
        per field, the rows whose value stands for one not known, widened as unlearned."""
        encoded = encode(frame, self.columns_, self.categories_)
        keys = self._keys(frame)
        extra = conformal.margins(keys, self.scores_, coverage)
        later = self._later_rows(frame)
        if later.any():
            drifted = later_margins(
                self.drift_calibration, keys, extra, self.drift_scores_, coverage
            )
            extra = np.where(later, drifted, extra)
        for name, flags in novel(frame, self.categories_).items():
            unknown = np.asarray(flags, dtype=bool)
            if hidden is not None and name in hidden:
                unknown = unknown | np.asarray(hidden[name], dtype=bool)
            if unknown.any() and name in self.novel_scores_:
                cost = conformal.margins(keys, self.novel_scores_[name], coverage)
                extra = np.where(unknown, np.maximum(extra, cost), extra)
        median = predicted(self.median_model_, encoded)
        low = np.minimum(self.low_model_.predict(encoded) - extra, median)
        high = np.maximum(self.high_model_.predict(encoded) + extra, median)
        prices = self._log_prices(frame)
        return low + prices, median + prices, high + prices

    def _variants(self, frame: pd.DataFrame) -> unseen.Variants | None:
        """The rows standing for those holding a value training never held (``unseen``)."""
        if self.never_seen == "rare":
            return None  # answered on the branch of missing and rare values
        return unseen.variants(frame, self.seen_, self.combinations_)

    def never_held(self, X: Any) -> list[str]:
        """The text fields whose value in the one row of ``X`` training never held, when they
        are answered as the records' mix (``never_seen="mix"``; ``unseen``)."""
        if self.never_seen == "rare":
            return []
        return list(unseen.never_seen(self._checked(X), self.seen_)[0])

    def unlearned(self, X: Any) -> dict[str, list[bool]]:
        """Per text field the model knows, whether each row's value is one it did not learn
        (``features.novel``, in the form it learns: "Sr. ML Engineer" is learned when
        "Machine Learning Engineer" is)."""
        check_is_fitted(self, "median_model_")
        return novel(self._forms(as_frame(X)), self.categories_)

    def __sklearn_tags__(self) -> Any:
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = True
        tags.input_tags.string = True
        tags.input_tags.categorical = True
        tags.target_tags.positive_only = True
        return tags

    def _log_prices(self, frame: pd.DataFrame) -> Floats:
        """Per row, log CPI of its year against the newest CPI year (0 without ``cpi``)."""
        if not self.cpi or "year" not in frame.columns:
            return np.zeros(len(frame))
        years = pd.to_numeric(frame["year"], errors="coerce").to_numpy(dtype=float)
        return inflation.log_deflator(years, self.cpi)

    def _checked(self, X: Any) -> pd.DataFrame:
        """The rows asked, as a frame of the fit's columns, text fields in their learned form."""
        check_is_fitted(self, "median_model_")
        frame = as_frame(X)
        if not isinstance(X, pd.DataFrame):
            if frame.shape[1] != self.n_features_in_:
                raise ValueError(
                    f"X has {frame.shape[1]} features, but SalaryEstimator is expecting "
                    f"{self.n_features_in_} features as input"
                )
            frame.columns = pd.Index(self.columns_)
        return self._forms(frame)

    def _forms(self, frame: pd.DataFrame) -> pd.DataFrame:
        return learned_forms(frame) if self.fold_spellings else frame

    def _keys(self, frame: pd.DataFrame) -> list[str]:
        return group_keys(frame) if self.mondrian else ["all"] * len(frame)

    def _hidden_scores(
        self, pairs: dict[int, Pair], folds: Ints, encoded: Encoded, target: Floats, keys: list[str]
    ) -> dict[str, dict[Hashable, Floats]]:
        """Per text field: the rows' out-of-fold scores with that field's value hidden.

        A profile naming a value the model did not learn (a company of no or few
        records) is predicted as if the field were blank; how far off that is for rows
        whose value is known (Google's filings predicted without "Google") is the
        margin its range needs. Fields with too few known values get none.
        """
        found: dict[str, dict[Hashable, Floats]] = {}
        for j, name in enumerate(self.columns_):
            known = ~np.isnan(encoded[:, j])
            if name not in self.categories_ or known.sum() < self.min_group_rows:
                continue
            hidden = encoded[known].copy()
            hidden[:, j] = np.nan
            values = _out_of_fold(pairs, folds[known], hidden, target[known])
            chosen = [key for key, k in zip(keys, known, strict=True) if k]
            found[name] = conformal.group_scores(chosen, values, self.min_group_rows)
        return found

    def _calibrate_drift(
        self, frame: pd.DataFrame, encoded: Encoded, target: Floats, scored: Floats
    ) -> None:
        """Scores of the newest year's rows under end models of the earlier years (one
        year ahead) and out of fold (same year; see ``drift``)."""
        self.newest_year_: float | None = None
        self.drift_scores_ = DriftScores()
        if not self.drift or "year" not in frame.columns or "year" in self.categories_:
            return
        years = pd.to_numeric(frame["year"], errors="coerce").to_numpy(dtype=float)
        newest = float(np.nanmax(years)) if np.isfinite(years).any() else np.nan
        past, recent = years < newest, years == newest
        if past.sum() < 200 or recent.sum() < 200:
            return
        ahead = _scores(
            self._fit_ends(encoded[past], target[past]), encoded[recent], target[recent]
        )
        same_year = scored[recent]
        keys = [k for k, r in zip(self._keys(frame), recent, strict=True) if r]
        self.drift_scores_ = drift_scores(
            self.drift_calibration, keys, ahead, same_year, self.recent_group_rows
        )
        self.newest_year_ = newest

    def _later_rows(self, frame: pd.DataFrame) -> np.ndarray[Any, Any]:
        """Rows of a year after the newest the model learned from (drift margins apply)."""
        if self.newest_year_ is None or "year" not in frame.columns:
            return np.zeros(len(frame), dtype=bool)
        years = pd.to_numeric(frame["year"], errors="coerce").to_numpy(dtype=float)
        return np.asarray(np.nan_to_num(years, nan=-np.inf) > self.newest_year_, dtype=bool)

    def _folds(self, frame: pd.DataFrame, y: Any) -> Ints:
        """Each row's calibration fold; copies of one row share a fold (a copy on both
        sides would narrow the range)."""
        ids = duplicate_ids(frame, y)
        count = min(self.calibration_folds, len(ids))
        rng = np.random.default_rng(self.random_state)
        folds = rng.integers(0, count, size=int(ids.max()) + 1)[ids]
        if len(np.unique(folds)) < count:
            folds = np.arange(len(ids)) % count  # tiny inputs: dealt in turn
        return np.asarray(folds, dtype=np.int64)

    def _fit_ends(self, X: Encoded, y: Floats) -> Pair:
        half = (1 - self.coverage) / 2
        return self._fit_quantile(half, X, y), self._fit_quantile(1 - half, X, y)

    def _fit_quantile(self, alpha: float, X: Encoded, y: Floats) -> lgb.LGBMRegressor:
        text = [j for j, name in enumerate(self.columns_) if name in self.categories_]
        model: lgb.LGBMRegressor = self._quantile_model(alpha)
        if alpha != 0.5:
            # A leaf's 10th percentile from 20 rows rests on 2 of them: the ends get
            # fewer, larger leaves than the median (see docs/methodology.md).
            model.set_params(
                num_leaves=self.tail_num_leaves, min_child_samples=self.tail_min_child_samples
            )
        return model.fit(X, y, categorical_feature=text or "auto")

    def _quantile_model(self, alpha: float) -> lgb.LGBMRegressor:
        return lgb.LGBMRegressor(
            objective="quantile",
            alpha=alpha,
            n_estimators=self.n_estimators,
            learning_rate=self.learning_rate,
            num_leaves=self.num_leaves,
            min_child_samples=self.min_child_samples,
            random_state=self.random_state,
            n_jobs=self.n_jobs,
            deterministic=True,
            force_row_wise=True,
            verbose=-1,
        )

    def _check_params(self) -> None:
        if not 0 < self.coverage < 1:
            raise ValueError(f"coverage must be between 0 and 1, got {self.coverage}")
        if not (isinstance(self.calibration_folds, int) and self.calibration_folds >= 2):
            raise ValueError("calibration_folds must be an integer of at least 2")
        if self.drift_calibration not in DRIFT_MODES:
            raise ValueError(f"drift_calibration must be one of {', '.join(DRIFT_MODES)}")
        if self.never_seen not in unseen.MODES:
            raise ValueError(f"never_seen must be one of {', '.join(unseen.MODES)}")


def _log_target(y: Any, n: int) -> Floats:
    """Log of positive, finite salaries; a clear error otherwise."""
    if y is None:
        raise ValueError("requires y to be passed, but the target y is None")
    values = np.asarray(y, dtype=float).ravel()
    if len(values) != n:
        raise ValueError(f"X has {n} rows but y has {len(values)}")
    if n < 2:
        raise ValueError(f"at least 2 rows are needed to fit, got {n}")
    if not np.all(np.isfinite(values)) or np.any(values <= 0):
        raise ValueError("salaries must be positive, finite annual USD amounts")
    return np.asarray(np.log(values), dtype=float)
