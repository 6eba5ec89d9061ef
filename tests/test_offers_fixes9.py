"""An offer as a senior engineer weighing offers met it: "--equity 0.1" (0.1% of a company)
taken as a grant of ten cents; a US state as the metro answered "give state TX", which no
offer input takes; a company's level ("L6") said to be no level at all."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from paygrade.offers import BadOffer, make_offer
from tests.test_cli import assert_one_error_line, run

# ---------------------------------------------------------------- a percent typed as an amount

SHARE = "a percentage of a company is not an amount: give the grant's value in USD"
BELOW = [
    ("equity", 0.1, f"equity of 0.1 is below 100 USD: {SHARE}"),
    ("refresher", 2, f"refresher of 2 is below 100 USD: {SHARE}"),
    ("sign_on", 50, "sign-on of 50 is below 100 USD: thousands left out (50k)?"),
    ("sign_on_year2", 0.005, "second-year sign-on of 0.005 is below 100 USD: no such amount"),
    ("bonus", 15, "bonus of 15 is below 100 USD: a percent of base? give it as the bonus percent"),
]


@pytest.mark.parametrize(("field", "value", "said"), BELOW)
def test_a_tiny_amount_is_refused_saying_what_it_was_likely_meant_as(
    field: str, value: float, said: str
) -> None:
    # "--equity 0.1" answered a year's stock of 0.03 and a total of 185,000.03.
    with pytest.raises(BadOffer, match=f"^{re.escape(said)}") as raised:
        make_offer(185_000, **{field: value})
    assert raised.value.fields == (field,)


def test_none_and_counted_grants_are_not_held_to_the_floor() -> None:
    assert make_offer(185_000, equity=0, sign_on=100, bonus=None).sign_on == 100
    # Shares x price is counted, not typed: an early grant may be worth a dollar.
    assert make_offer(185_000, shares=1, price=1.015).equity == 1.02


def test_every_skin_refuses_a_percent_of_a_company_as_the_grant(
    tmp_path: Path, app: TestClient
) -> None:
    said = f"equity of 0.1 is below 100 USD: {SHARE}"
    done = run("--db", tmp_path / "none.duckdb", "offer", "--base", "185k", "--equity", "0.1")
    assert_one_error_line(done, 1, said)
    body = {"offers": [{"base": 185_000, "equity": 0.1}]}
    api = app.post("/api/v1/offers/evaluate", json=body)
    assert (api.status_code, api.json()["errors"]) == (422, {"offers.0.equity": said})
    page = app.get("/offers", params={"base": "185k", "equity": "0.1", "format": "json"})
    assert (page.status_code, page.json()["detail"]) == (422, said)
    in_euros = app.get("/offers", params={"base": "185k", "equity": "50", "currency": "EUR"})
    assert "equity of 50 is below 100 EUR" in in_euros.text


# ---------------------------------------------------------------- a US state as the metro

TEXAS = (
    ": a US state, not a metro: ask for one of its metros, such as Dallas-Fort Worth-Arlington,"
    " TX or Houston-Pasadena-The Woodlands, TX or Austin-Round Rock-San Marcos, TX"
)


def test_a_state_as_the_metro_is_asked_for_one_of_its_metros(
    real_db: Path, app: TestClient
) -> None:
    # "give state TX" had been said, and an offer takes no state; "TX" was offered Abilene.
    for written in ("Texas", "TX"):
        args = ["offer", "--base", "100k", "--role", "ml_engineer", "--metro", written]
        assert_one_error_line(run("--db", real_db, *args), 1, f"{written}{TEXAS}")
    body = {"offers": [{"base": 100_000, "role": "ml_engineer", "metro": "Texas"}]}
    api = app.post("/api/v1/offers/evaluate", json=body)
    assert (api.status_code, api.json()["errors"]) == (422, {"offers.0.metro": f"Texas{TEXAS}"})
    page = app.get("/offers", params={"base": "100k", "role": "ml_engineer", "metro": "WA"})
    assert "WA: a US state, not a metro: ask for one of its metros, such as Seattle" in page.text
