"""The estimator's notes count the records the model learns from: a level "rests on", a
country's pay "too few to learn it from" (full-time, unflagged, of the model's sources)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from paygrade.estimate.data import training_count
from paygrade.estimate.service import _range, learning_said, level_below, not_local, notes_said
from paygrade.ingest import ingest_file
from paygrade.store import Store
from tests.conftest import write_file

# A hand-written fixture in the aijobs survey's format: two full-time staff answers and
# one contract, a senior one; in NG one full-time answer, one freelance, one part-time.
FIXTURE_AIJOBS = (
    "work_year,experience_level,employment_type,job_title,salary,salary_currency,"
    "salary_in_usd,employee_residence,remote_ratio,company_location,company_size\n"
    "2024,SE,FT,Staff Machine Learning Engineer,180000,USD,180000,US,0,US,M\n"
    "2024,SE,FT,Staff Machine Learning Engineer,190000,USD,190000,US,0,US,M\n"
    "2024,SE,CT,Staff Machine Learning Engineer,105000,USD,105000,US,0,US,M\n"
    "2024,SE,FT,Machine Learning Engineer,200000,USD,200000,US,0,US,M\n"
    "2024,MI,FT,Machine Learning Engineer,30000,USD,30000,NG,0,NG,M\n"
    "2024,MI,FL,Machine Learning Engineer,20000,USD,20000,NG,0,NG,M\n"
    "2024,MI,PT,Machine Learning Engineer,15000,USD,15000,NG,0,NG,M\n"
)
# A hand-written fixture of the canonical CSV: a file no model of total pay reads.
FIXTURE_CSV = (
    "year,title,level,country,pay_component,amount,currency\n"
    "2024,ML Engineer,staff,NG,total,180000,USD\n"
)


class FixtureEstimator:
    """A hand-written model: staff earns $185,400, senior $193,500, others $150,000."""

    def predict(self, X: pd.DataFrame) -> np.ndarray:
        pay = {"staff": 185_400.0, "senior": 193_500.0}
        return np.array([pay.get(level, 150_000.0) for level in X["level"]])

    def predict_interval(self, X: pd.DataFrame, coverage: float) -> tuple[np.ndarray, ...]:
        median = self.predict(X)
        return median * 0.7, median * 1.4


def _ingested(store: Store, tmp_path: Path) -> Store:
    ingest_file(
        store, "aijobs", write_file(tmp_path, "aijobs-salaries-fixture.csv", FIXTURE_AIJOBS)
    )
    ingest_file(store, "csv", write_file(tmp_path, "fixture-not-learned.csv", FIXTURE_CSV))
    return store


def test_training_count_counts_only_the_records_a_model_learns_from(
    store: Store, tmp_path: Path
) -> None:
    _ingested(store, tmp_path)
    assert training_count(store, "total", {"level": "staff"}) == 2
    assert training_count(store, "total", {"country": ["NG", "US"]}) == 4
    assert training_count(store, "base", {"level": "staff"}) == 0


def test_a_rare_level_rests_on_the_records_the_model_learned_from(
    store: Store, tmp_path: Path
) -> None:
    # US staff ML engineers' total pay "rests on 3 total pay records": the store's three,
    # a contract among them, which the model never reads (it learned from 2).
    _ingested(store, tmp_path)
    people = pd.DataFrame({"level": ["staff"] * 4, "country": ["US"] * 4})
    estimator: Any = FixtureEstimator()
    below = level_below(store, estimator, people, "staff", "total", _range(estimator, people)[1])
    assert below["records"] == 2
    assert notes_said({"pay_component": "total", "level_below": below}) == [
        "staff level rests on 2 total pay records, too few to learn: its median, $185,400, "
        "is below that of senior, the level under it ($193,500 for the same profile)"
    ]


def test_a_country_not_learned_says_how_many_records_it_could_be_learned_from(
    store: Store, tmp_path: Path
) -> None:
    # NG: "total pay's records hold 10 of country NG, too few to learn it from", where
    # a value is learned from 10: 3 of them contract or freelance answers, never read.
    _ingested(store, tmp_path)
    learning: dict[str, Any] = {"unseen": ["country"], "never_held": [], "one_held": {}}
    found = not_local(store, "total", {"country": "NG"}, learning)
    assert found == {"country": "NG", "records": 1}
    said = learning_said({"pay_component": "total", "not_local": found, **learning})
    assert said[0] == (
        "pay in NG was not learned: total pay's records hold 1 of country NG, too few to "
        "learn it from; this is not an estimate of local pay in NG"
    )
