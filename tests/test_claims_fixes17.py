"""The claims checker's mends of a seventeenth round, found by checking a hand-written
article on ML engineer pay against the real store: a word of rounding beside a median or
an average, a figure in another currency said of a year, a difference of a year whose
records end long before it, and the reason given for a subject no record of any year
names. Texts are hand-written fixture sentences; the data is the real store."""

from __future__ import annotations

import pytest

from paygrade.claims import check_text, extract_claims
from paygrade.stats import stats
from paygrade.store import Store


@pytest.mark.parametrize(
    ("text", "statistic"),
    [("ML engineers earn a median of about $185,000.", "median"),  # had been typical
     ("The median ML engineer in the United States earns about $185,000 a year.", "median"),
     ("The average salary of ML engineers is around $150,000.", "average"),  # typical
     ("ML engineers earn an average of roughly $150K.", "average"),  # typical
     # a word of rounding alone, or after another clause's statistic, stays typical
     ("ML engineers earn about $150,000.", "typical"),
     ("Senior ML engineers average $200K, while juniors earn about $100K.", "typical"),
     ("The median ML engineer typically earns $185,000.", "typical")],
)  # fmt: skip
def test_a_word_of_rounding_keeps_the_median_or_average_its_clause_names(
    text: str, statistic: str
) -> None:
    assert extract_claims(text)[-1].statistic == statistic


def _rate(store: Store, currency: str, year: int) -> float:
    found = store.scalar(
        "SELECT usd_per_unit FROM fx_rates WHERE currency = ? AND year = ?", [currency, year]
    )
    assert found is not None
    return float(found)


def test_a_figure_in_euros_said_of_a_year_is_converted_at_that_years_rate(
    real_store: Store,
) -> None:
    # DOMAIN: a currency at the yearly rate of the pay year, as the survey's records of that
    # year were converted. A 2024 figure had been converted at the newest rate (2025's).
    newest = real_store.scalar("SELECT max(year) FROM fx_rates WHERE currency = 'EUR'")
    year = newest - 1
    assert _rate(real_store, "EUR", year) != _rate(real_store, "EUR", newest)
    text = f"In {year}, ML engineers in Germany earn €75,000."
    (claim,) = check_text(real_store, text)["claims"]
    usd = _rate(real_store, "EUR", year)
    assert claim["rate_year"] == year
    assert claim["low"] == pytest.approx(75000 * usd, abs=0.01)
    assert f"USD per EUR, {year}" in claim["explanation"]
    # No year said: the newest rate, as before.
    (plain,) = check_text(real_store, "ML engineers in Germany earn €75,000.")["claims"]
    assert plain["rate_year"] == newest


def test_a_figure_of_a_year_with_no_rate_takes_the_nearest_years(real_store: Store) -> None:
    oldest = real_store.scalar("SELECT min(year) FROM fx_rates WHERE currency = 'GBP'")
    (claim,) = check_text(real_store, f"In {oldest - 3}, UK ML engineers earned £60,000.")["claims"]
    assert claim["rate_year"] == oldest


def test_a_difference_in_dollars_of_a_year_long_after_its_records_is_not_checked(
    real_store: Store,
) -> None:
    # Seattle's and Austin's filings name a metro only up to 2019; "ML engineers in Austin
    # make $150,000" in a 2024 text is too old to check, and so is their gap in dollars (it
    # had been checked on 2016-2019 as "every year (too few records of 2024)"). A gap in
    # percent is a ratio and still checked on them (``test_claims``).
    where = {"role": ["ml_engineer"], "metro": ["Seattle-Tacoma-Bellevue, WA"]}
    held = {y for g in stats(real_store, ["pay_component"], where)["groups"] for y in g["years"]}
    assert max(held) <= 2024 - 4
    text = "In 2024, ML engineers in Seattle earn $20,000 more than those in Austin."
    (claim,) = check_text(real_store, text)["claims"]
    assert claim["statistic"] == "difference"
    assert claim["verdict"] == "no_data"
    assert claim["explanation"].startswith("Too few records of 2024: the two subjects'")
    # With no year named, every year's records check it, as before; so they do a percent.
    (every,) = check_text(real_store, text.replace("In 2024, ", ""))["claims"]
    assert every["verdict"] != "no_data"
    (ratio,) = check_text(real_store, text.replace("$20,000", "15%"))["claims"]
    assert "every year (too few records of 2024)" in ratio["explanation"]


def test_no_year_is_named_as_the_reason_when_no_record_of_any_year_matches(
    real_store: Store,
) -> None:
    # Amazon files its ML engineers as applied scientists: no record of any year is an
    # Amazon ML engineer, and total pay names no employer. It had said "No base pay record
    # has year 2024; total pay records do.", pointing at total pay, which holds none.
    where = {"role": ["ml_engineer"], "company": ["Amazon"]}
    assert stats(real_store, ["pay_component"], where)["groups"] == []
    text = "In 2024, ML engineers at Amazon earn a median of $175,000 in base pay."
    (claim,) = check_text(real_store, text)["claims"]
    assert claim["verdict"] == "no_data"
    assert "year 2024" not in claim["explanation"]
    # A value the component does not hold in any year is still said (Germany in base pay).
    (abroad,) = check_text(real_store, "In 2024, ML engineers in Germany earn $90,000 base.")[
        "claims"
    ]
    assert "No base pay record has country DE; total pay records do." in abroad["explanation"]
