"""Offer fixes through the web app: the API and the Offer check page share the library's
vesting years, half-up whole dollars, the base floor's message, a metro abroad, and the
command line's reading of plain numbers."""

from __future__ import annotations

import html

from fastapi.testclient import TestClient

from tests.web.html import Page

EVALUATE = "/api/v1/offers/evaluate"


def test_the_api_spreads_a_grant_over_the_years_with_a_share(client: TestClient) -> None:
    # "50,50,0,0" was 200,000 a year where "50,50" was 250,000, and ranked lower.
    profile = {"role": "ml_engineer", "level": "senior", "country": "US"}
    offers = [
        {"base": 150_000, "equity": 200_000, "vesting": vesting, **profile}
        for vesting in ("50,50", "50,50,0,0")
    ]
    got = client.post(EVALUATE, json={"offers": offers})
    assert got.status_code == 200, got.text
    two, four = got.json()["offers"]
    assert two["annualized_total"] == four["annualized_total"] == 250_000
    assert two["market"]["percentile"] == four["market"]["percentile"] is not None


def test_the_api_says_a_tiny_base_as_sent(client: TestClient) -> None:
    # It said "base of 0 a year ... thousands left out (0.004k)?".
    got = client.post(EVALUATE, json={"offers": [{"base": 0.004}]})
    assert got.status_code == 422
    assert got.json()["errors"]["offers.0.base"] == (
        "base of 0.004 a year is below 1,000 USD, no year's pay"
    )


def test_the_page_shows_whole_dollars_half_up(client: TestClient) -> None:
    # 10% of 150,005 is 15,000.50: shown $15,000 beside a year's total of $190,006.
    got = client.get("/offers", params={"base": "150005", "bonus_pct": "10", "equity": "100000"})
    assert got.status_code == 200, got.text[-500:]
    years = Page(got.text).table("offer-years")
    assert years.rows[1] == ["1", "$150,005", "$15,001", "$25,000", "$0", "$190,006"]


def test_the_page_says_a_metro_abroad(client: TestClient) -> None:
    got = client.get("/offers", params={"base": "150000", "role": "ml_engineer", "metro": "London"})
    assert got.status_code == 422
    said = html.unescape(got.text)
    assert "(metros are US metro areas: for a place abroad, give its country instead)" in said


def test_the_page_reads_plain_numbers_as_the_command_line_does(client: TestClient) -> None:
    # "5." percent was refused here, though the command line took it.
    params = {"base": "100000", "shares": "1,200", "price": "10", "growth_pct": "5.",
              "bonus_pct": "7.", "cliff_months": "6.", "format": "json"}  # fmt: skip
    got = client.get("/offers", params=params)
    assert got.status_code == 200, got.text
    (offer,) = got.json()["result"]["offers"]
    assert offer["years"][0]["bonus"] == 7_000
    assert offer["years"][0]["stock"] == round(3_000 * 1.05, 2)
