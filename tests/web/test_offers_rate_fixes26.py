"""An offer's amounts held to the dollar bounds at its currency's rate, said with the
offer's other faults at once, on every face. As a user met it: `paygrade offer --base 100
--currency JPY --cliff-months 13` said the cliff alone, and `--base 100 --currency KPW
--cliff-months 13 --role ml_engineer --metro Atlantis` the cliff and the place, not "no
exchange rate for KPW": with the cliff refused, no offer was built to check at the rate.

The CLI through the console script (one process, ``run_each``), the API and the page from a
real `paygrade serve` over HTTP, the MCP tool from a real `paygrade mcp` session."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from mcp import Client

from tests.conftest import run_each
from tests.test_cli import assert_one_error_line
from tests.test_mcp import mcp_db, talking, tool_errors  # noqa: F401 - the MCP session fixtures
from tests.web.conftest import Server

Talk = Callable[[Client], Any]
EVALUATE = "/api/v1/offers/evaluate"
CLIFF = ["--cliff-months", "13"]
ATLANTIS = ["--role", "ml_engineer", "--metro", "Atlantis"]
# (the offer at fault only at the rate, whether its fault is said before the cliff's: a
# base is an offer's first input, its currency its last).
AT_RATE = [
    (["--base", "100", "--currency", "JPY"], True),  # 0.69 USD: no year's pay
    (["--base", "1e12", "--currency", "JPY"], True),  # past 20,000,000 USD
    (["--base", "100000", "--currency", "KPW"], False),  # no rate in the store
]


def said(done: Any) -> str:
    """A CLI run's one error line, without its "error: "."""
    return done.stderr.strip().removeprefix("error: ")


@pytest.mark.parametrize(("offer", "first"), AT_RATE)
def test_the_cli_says_the_rates_fault_with_the_offers_others(
    web_db: Path, offer: list[str], first: bool
) -> None:
    asked = [offer, ["--base", "100000", *CLIFF], [*offer, *CLIFF]]
    rate, cliff, together = run_each(*(["--db", web_db, "offer", *a] for a in asked))
    assert rate.returncode == 1 and cliff.returncode == 1
    # Had been the cliff alone ("the cliff is 0 to 12 months, not 13").
    parts = [said(rate), said(cliff)] if first else [said(cliff), said(rate)]
    assert_one_error_line(together, 1, parts[0])
    assert said(together) == "; ".join(parts)


def test_the_cli_says_no_rate_with_the_cliff_and_the_place(web_db: Path) -> None:
    kpw = ["--base", "100000", "--currency", "KPW"]
    asked = [kpw, ["--base", "100000", *CLIFF], ["--base", "100000", *ATLANTIS]]
    rate, cliff, place = run_each(*(["--db", web_db, "offer", *a] for a in asked))
    (together,) = run_each(["--db", web_db, "offer", *kpw, *CLIFF, *ATLANTIS])
    assert "no exchange rate for KPW" in said(rate)
    # Had been the cliff and the place, the rate unsaid.
    assert said(together) == f"{said(cliff)}; {said(rate)}; {said(place)}"


def evaluated(server: Server, *offers: dict[str, Any]) -> Any:
    got = httpx.post(f"{server.url}{EVALUATE}", json={"offers": list(offers)}, timeout=60)
    assert got.status_code == 422, got.text
    return got.json()


JPY_100 = {"base": 100, "currency": "JPY"}  # 0.69 USD: no year's pay
KPW = {"base": 100_000, "currency": "KPW"}  # no rate in the store


@pytest.mark.parametrize(("offer", "key"), [(JPY_100, "base"), (KPW, "currency")])
def test_the_api_says_the_rates_fault_with_the_offers_others(
    server: Server, offer: dict[str, Any], key: str
) -> None:
    rate = evaluated(server, offer)["errors"][f"offers.0.{key}"]
    cliff = evaluated(server, {"base": 100_000, "cliff_months": 13})["errors"]
    together = evaluated(server, {**offer, "cliff_months": 13})["errors"]
    # Had been {"offers.0.cliff_months": ...} alone. In the order of the inputs.
    faults = [(f"offers.0.{key}", rate), *cliff.items()]
    assert list(together.items()) == (faults if key == "base" else faults[::-1])


def page_detail(server: Server, query: dict[str, Any]) -> str:
    got = httpx.get(f"{server.url}/offers", params={**query, "format": "json"}, timeout=60)
    assert got.status_code == 422, got.text
    detail: str = got.json()["detail"]
    return detail


def test_the_page_says_the_rates_fault_with_the_offers_others(server: Server) -> None:
    jpy = {"base": "100", "currency": "JPY"}
    rate = page_detail(server, jpy)
    cliff = page_detail(server, {"base": "100000", "cliff_months": "13"})
    # Had been the cliff alone.
    assert page_detail(server, {**jpy, "cliff_months": "13"}) == f"{rate}; {cliff}"


def test_the_mcp_tool_says_the_rates_fault_with_the_offers_others(
    talking: Callable[[Talk], Any],  # noqa: F811
) -> None:
    calls = [
        ("offer", JPY_100),
        ("offer", {"base": 100_000, "cliff_months": 13}),
        ("offer", {**JPY_100, "cliff_months": 13}),
    ]
    rate, cliff, together = tool_errors(talking, *calls)
    # Had been "offer: cliff_months: the cliff is 0 to 12 months, not 13" alone.
    assert "below 1,000 USD" in rate
    assert together == f"{rate}; {cliff.removeprefix('offer: ')}"
