"""Salary estimation: a calibrated range for a profile, with the factors that move it."""

from paygrade.estimate.model import SalaryEstimator

__all__ = ["SalaryEstimator"]
