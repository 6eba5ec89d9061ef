"""The Offer check page checked by hand against `paygrade offer`: its USD comparison rounded
as the CLI rounds it, and a vesting schedule said only of an offer with stock."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from paygrade.cli import app
from tests.web.html import Page


def whole_half_up(amount: float) -> int:
    """The hand rule for an offer's amount shown: to a whole unit, half up (docs/cli.md)."""
    return int(Decimal(repr(amount)).to_integral_value(ROUND_HALF_UP))


def a_base_landing_on_half_a_dollar(usd_per_unit: float) -> int:
    """A base in euros whose value in dollars, to the cent, ends in .50 below an even
    dollar: half up and half to even round it apart (89,482.50: 89,483 and 89,482)."""
    for base in range(85_000, 95_000):
        usd = Decimal(repr(round(base * usd_per_unit, 2)))
        if usd % 1 == Decimal("0.5") and int(usd) % 2 == 0:
            return base
    raise AssertionError("no such base")


def test_the_usd_comparison_is_rounded_half_up_as_the_cli_says_it(
    client: TestClient, web_db: Path
) -> None:
    profile = "role=ml_engineer&level=senior&country=DE&currency=EUR"
    asked = client.get(f"/offers?base=85000&{profile}&format=json").json()
    rate = asked["result"]["offers"][0]["market"]["compared_in_usd"]["usd_per_unit"]
    base = a_base_landing_on_half_a_dollar(rate)
    query = f"base={base}&{profile}"
    answer = client.get(f"/offers?{query}&format=json").json()
    usd = answer["result"]["offers"][0]["market"]["compared_in_usd"]["annualized_total"]
    said = Page(client.get(f"/offers?{query}").text).by_testid("compared-in-usd")[0].text
    # The page had said "$89,482" where the CLI says 89,483 (money's half to even).
    assert f"the first offer's is ${whole_half_up(usd):,}." in said
    cli = CliRunner().invoke(
        app,
        ["--db", str(web_db), "offer", "--base", str(base), "--currency", "EUR",
         "--role", "ml_engineer", "--level", "senior", "--country", "DE"],
    )  # fmt: skip
    assert cli.exit_code == 0, cli.output
    line = re.search(r"compared in USD: annualized total ([\d,]+) ", cli.output)
    assert line is not None and line[1] == f"{whole_half_up(usd):,}"


def test_an_offer_without_stock_is_said_to_have_none_not_a_schedule(client: TestClient) -> None:
    url = (
        "/offers?name=A&base=185000&equity=400000&vesting=amazon"
        "&name=B&base=200000&equity=&vesting=even"
    )
    (row,) = [r for r in Page(client.get(url).text).table("offers-table").rows if r[0] == "Vesting"]
    # B had been said to vest "even 25/25/25/25%, a 12-month cliff, then monthly": it has
    # no grant, and `paygrade offer` says no schedule under an offer without stock.
    assert row[1:] == ["amazon 5/15/40/40%, a 12-month cliff, then quarterly", "no stock"]


# Amounts typed with their currency's code first, as many write them ("EUR 85,000").
CODE_FIRST = ("EUR 85,000", "USD 120000", "chf 95k")


@pytest.mark.parametrize("typed", CODE_FIRST)
def test_the_api_and_page_ask_for_the_currency_field_of_an_amount_led_by_its_code(
    typed: str, client: TestClient
) -> None:
    body = {"offers": [{"base": typed}]}
    refused = client.post("/api/v1/offers/evaluate", json=body).json()["detail"]
    assert f'{typed!r} is not an amount: give the currency with the "currency" field' in refused
    page = client.get("/offers", params={"base": typed, "format": "json"}).json()["detail"]
    assert f"{typed!r} is not an amount: give the currency with the currency field" in page


def test_a_whole_percentile_is_said_as_the_cli_says_it(client: TestClient) -> None:
    # A staff offer among base-only peers (H-1B filings) ranks at a whole percentile, 100.
    query = "base=260000&bonus_pct=20&equity=1.2M&role=ml_engineer&level=staff&country=US"
    market = client.get(f"/offers?{query}&format=json").json()["result"]["offers"][0]["market"]
    assert market["percentile"] == 100.0
    (row,) = [r for r in Page(client.get(f"/offers?{query}").text).table("offers-table").rows
              if r[0] == "Market percentile"]  # fmt: skip
    # "100.0 (n=30, base pay)" beside "pays more than 100% of ...", and the CLI's "percentile 100".
    assert row[1].startswith(f"100 (n={market['n']:,}, base pay)pays more than 100% of")
