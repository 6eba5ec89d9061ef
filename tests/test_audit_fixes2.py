"""Gaps an audit found, met as a user on each face:
- a grant's shares past 10,000,000,000 or a price past 10,000,000 a share were refused by
  the API and the MCP tool in their schema's words, and taken by the CLI and the page;
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from mcp import Client

from paygrade.config import Settings
from paygrade.web import create_app
from tests.conftest import run_each
from tests.test_cli import assert_one_error_line
from tests.test_mcp import mcp_db, talking, tool_errors  # noqa: F401 - the MCP session fixtures

Talk = Callable[[Client], Any]


@pytest.fixture(scope="module")
def app(web_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(db=web_db)), raise_server_exceptions=False) as client:
        yield client


# ------------------------------------------------- a grant's shares and price past their most

# Each grant past one most, the other within it (the grant they make is within the dollar
# bound: 1e11 shares at 0.001 is 100,000,000), the field at fault and the library's words.
PAST_MOST = [
    (1e11, 1e-3, "shares", "a grant of 100,000,000,000 shares is beyond 10,000,000,000 shares"),
    (1, 1e8, "price", "a share price of 100,000,000 is beyond 10,000,000"),
]
TYPO = ": is it a typo?"


def test_the_cli_and_the_page_refuse_shares_and_a_price_past_their_most(
    web_db: Path, app: TestClient
) -> None:
    asked = [
        ("--db", web_db, "offer", "--base", "185000",
         "--shares", f"{shares:g}", "--price", f"{price:g}")
        for shares, price, *_ in PAST_MOST
    ]  # fmt: skip
    for (*_, said), done in zip(PAST_MOST, run_each(*asked), strict=True):
        # Had been a year table of 25,185,000 a year.
        assert_one_error_line(done, 1, said + TYPO)
    for shares, price, field, said in PAST_MOST:
        query = {"base": "185000", "shares": f"{shares:g}", "price": f"{price:g}", "format": "json"}
        page = app.get("/offers", params=query)
        assert (page.status_code, page.json()["detail"]) == (422, f"offer 1: {said}{TYPO}")
        html = app.get("/offers", params={k: v for k, v in query.items() if k != "format"})
        assert html.status_code == 422 and f"{said}{TYPO}" in html.text
        assert f'name="{field}"' in html.text


def test_the_api_says_shares_and_a_price_past_their_most_as_the_cli_says_them(
    app: TestClient,
) -> None:
    for shares, price, field, said in PAST_MOST:
        body = {"offers": [{"base": 185_000, "shares": shares, "price": price}]}
        got = app.post("/api/v1/offers/evaluate", json=body)
        # Was "offers.0.shares: must be 10000000000 or less, not 100000000000".
        assert (got.status_code, got.json()) == (
            422,
            {
                "detail": f"offers.0.{field}: {said}{TYPO}",
                "errors": {f"offers.0.{field}": f"{said}{TYPO}"},
            },
        )
    # The most itself is a grant the library takes, on the API as on the CLI.
    at_most = {"offers": [{"base": 185_000, "shares": 1e10, "price": 1e-3}]}
    assert app.post("/api/v1/offers/evaluate", json=at_most).status_code == 200
    # The schema still gives the most.
    schema = app.get("/openapi.json").json()["components"]["schemas"]
    offer = schema["OfferRequest"]
    maxima = {
        field: next(part.get("maximum") for part in offer["properties"][field]["anyOf"])
        for field in ("shares", "price")
    }
    assert maxima == {"shares": 1e10, "price": 1e7}


def test_the_mcp_tool_says_shares_and_a_price_past_their_most_as_the_cli_says_them(
    talking: Callable[[Talk], Any],  # noqa: F811
) -> None:
    calls = [
        ("offer", {"base": 185_000, "shares": shares, "price": price})
        for shares, price, *_ in PAST_MOST
    ]
    said = tool_errors(talking, *calls)
    assert said == [f"offer: {field}: {words}{TYPO}" for _, _, field, words in PAST_MOST]
