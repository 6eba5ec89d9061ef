"""Salary estimation: a calibrated range for a profile, with the factors that move it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from paygrade.estimate.model import SalaryEstimator

__all__ = ["SalaryEstimator"]


def __getattr__(name: str) -> Any:
    # Imported when asked for: LightGBM and scikit-learn take a second or two to import,
    # and commands that only read a model file's facts (``paygrade info``) need neither.
    if name == "SalaryEstimator":
        from paygrade.estimate.model import SalaryEstimator

        return SalaryEstimator
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
