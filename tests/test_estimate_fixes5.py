"""The estimator's core: a US state given as a metro refused, a year not whole said as
typed, a rare level priced below the level under it and a country not learned said."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from paygrade.estimate import service
from paygrade.estimate.profile import BadProfile, check_profile, stored_and_unheld
from paygrade.estimate.service import _range, learning_said, level_below, not_local, notes_said
from paygrade.ingest import ingest_file
from paygrade.store import Store
from tests.conftest import write_file

# A hand-written fixture: one record of DC's metro, whose first city is a state's name.
FIXTURE_DC = (
    "year,title,metro,state,country,pay_component,amount,currency\n"
    '2024,Data Scientist,"Washington-Arlington-Alexandria, DC-VA-MD-WV",DC,US,base,150000,USD\n'
)


def test_a_us_state_by_its_name_is_no_metro_but_a_metro_named_for_it_is(
    store: Store, tmp_path: Path
) -> None:
    ingest_file(store, "csv", write_file(tmp_path, "fixture-dc-metro.csv", FIXTURE_DC))
    # "Texas" as a metro was an estimate with a note; "Germany" is refused.
    with pytest.raises(BadProfile) as refused:
        stored_and_unheld(store, {"metro": "Texas"})
    said = "Texas is a US state, not a metro (metros are US metro areas): give state TX"
    assert (str(refused.value), refused.value.field) == (said, "metro")
    # "Washington" names DC's metro by its first city: that metro, as the filters read it.
    dc = stored_and_unheld(store, {"metro": "Washington"})
    assert dc == ({"metro": "Washington-Arlington-Alexandria, DC-VA-MD-WV"}, [])
    # By its code it may be a city's letters ("LA"): said as a metro no record holds.
    assert stored_and_unheld(store, {"metro": "LA"})[1][0].startswith("no record has metro 'LA'")


@pytest.mark.parametrize("year", [2024.5, "2024.5", " 2024.5 "])
def test_a_year_not_whole_is_said_as_typed_whatever_its_kind(year: object) -> None:
    # The page's text had been "got '2024.5'", MCP's number "got 2024.5".
    with pytest.raises(BadProfile, match=r"^year must be a whole number, got 2024\.5$"):
        check_profile({"year": year})


# A hand-written fixture: two survey answers at staff level, one at senior, in the aijobs
# survey's format (the notes count the records a model reads: ``training_count``).
FIXTURE_LEVELS = (
    "work_year,experience_level,employment_type,job_title,salary,salary_currency,"
    "salary_in_usd,employee_residence,remote_ratio,company_location,company_size\n"
    "2024,SE,FT,Staff ML Engineer,180000,USD,180000,US,0,US,M\n"
    "2024,SE,FT,Staff ML Engineer,190000,USD,190000,US,0,US,M\n"
    "2024,SE,FT,ML Engineer,200000,USD,200000,US,0,US,M\n"
)


class FixtureEstimator:
    """A hand-written model: staff earns $185,400, senior $193,500, others $150,000."""

    def predict(self, X: pd.DataFrame) -> np.ndarray:
        pay = {"staff": 185_400.0, "senior": 193_500.0, "principal": 250_000.0}
        return np.array([pay.get(level, 150_000.0) for level in X["level"]])

    def predict_interval(self, X: pd.DataFrame, coverage: float) -> tuple[np.ndarray, ...]:
        median = self.predict(X)
        return median * 0.7, median * 1.4


def test_a_rare_level_priced_below_the_level_under_it_is_said(store: Store, tmp_path: Path) -> None:
    # Staff ML engineers in the US (3 total pay records) were priced at $185,400, below
    # senior's $195,400, said only as "not learned: level".
    ingest_file(
        store, "aijobs", write_file(tmp_path, "aijobs-salaries-fixture.csv", FIXTURE_LEVELS)
    )
    people = pd.DataFrame({"level": ["staff"] * 4, "country": ["US"] * 4})
    estimator: Any = FixtureEstimator()
    median = _range(estimator, people)[1]
    below = level_below(store, estimator, people, "staff", "total", median)
    assert below == {
        "level": "staff",
        "records": 2,
        "p50": 185_400.0,
        "under": "senior",
        "under_p50": 193_500.0,
    }
    assert notes_said({"pay_component": "total", "level_below": below}) == [
        "staff level rests on 2 total pay records, too few to learn: its median, $185,400, "
        "is below that of senior, the level under it ($193,500 for the same profile)"
    ]
    # A level learned (None), one above the level under it, and entry (none under): nothing.
    assert level_below(store, estimator, people, None, "total", median) == {}
    principal = people.assign(level="principal")
    assert level_below(store, estimator, principal, "principal", "total", 250_000.0) == {}
    entry = people.assign(level="entry")
    assert level_below(store, estimator, entry, "entry", "total", 150_000.0) == {}


def test_a_country_whose_pay_was_not_learned_is_said_to_be_no_local_estimate(
    store: Store, tmp_path: Path
) -> None:
    # Total pay in KE (6 survey records) was about US pay, said only as "not learned:
    # country (too few records to learn their effect: ...)".
    ingest_file(
        store, "aijobs", write_file(tmp_path, "aijobs-salaries-fixture.csv", FIXTURE_LEVELS)
    )
    learning: dict[str, Any] = {"unseen": ["country"], "never_held": [], "one_held": {}}
    found = not_local(store, "total", {"country": "US"}, learning)
    assert found == {"country": "US", "records": 3}
    said = learning_said({"pay_component": "total", "not_local": found, **learning})
    assert said[0] == (
        "pay in US was not learned: total pay's records hold 3 of country US, too few to "
        "learn it from; this is not an estimate of local pay in US"
    )
    # Base pay abroad is US pay, said so by one_held: not said twice.
    one = {"unseen": [], "never_held": ["country"], "one_held": {"country": {"held": "US"}}}
    assert not_local(store, "base", {"country": "DE"}, one) == {}
    assert not_local(store, "total", {"country": "US"}, learning | {"unseen": []}) == {}


def test_a_year_after_the_last_says_the_span_its_drift_was_measured_over(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Base pay for 2025 was "widened for one year of drift", a drift measured between the
    # 2013-2019 filings and 2023's (``SalaryEstimator._calibrate_drift``): four years on.
    filings = [2013, 2015, 2016, 2017, 2018, 2019, 2023]
    monkeypatch.setattr(service, "years_held", lambda *_: filings)
    outside = service.year_outside(store, "base", 2025)
    assert outside == {"year": 2025, "learned": [2013, 2023], "drift_from": filings[:-1]}
    assert service.year_outside_said("base", outside) == (
        "base pay's records are of 2013-2023: 2025 is answered as 2023, its range widened "
        "for the drift measured from 2013 and 2015-2019 to 2023 (4 years on from 2019): no "
        "forecast further"
    )
    within = service.year_outside_said("base", outside | {"widened": False})
    assert within.endswith(
        "its range as 2023's: the drift measured from 2013 and 2015-2019 to 2023 (4 years on "
        "from 2019) in the records is within its margin (no forecast further)"
    )
    # Before the first, nothing was measured.
    assert "drift_from" not in service.year_outside(store, "base", 2010)
