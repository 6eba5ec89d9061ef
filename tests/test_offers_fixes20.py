"""A startup's stock options as a user met them on each face: the grant in shares and a price
was valued as stock (RSUs), every share worth the whole price, with no way to give the
strike; an option is worth the price less the strike, never below 0. Now a strike price
(``--strike``; ``strike`` in the API, the MCP tool and the page) values the grant at that
spread, the price grown by ``--growth``, said as options."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from mcp import Client

from tests.conftest import ROOT, run_each
from tests.test_cli import assert_one_error_line
from tests.test_mcp import mcp_db, talking, tool_errors  # noqa: F401 - the MCP session fixtures
from tests.web.html import Page

Talk = Callable[[Client], Any]

# A startup's offer: 10,000 options at a strike of 1.00, the share at 5.00 when granted,
# growing 20% a year, vesting evenly over four years (the default: 25% a year).
BASE, SHARES, PRICE, STRIKE, GROWTH = 150_000, 10_000, 5.0, 1.0, 20.0
STARTUP = {"base": BASE, "shares": SHARES, "price": PRICE, "strike": STRIKE, "growth_pct": GROWTH}
OPTIONS = ("--base", f"{BASE}", "--shares", f"{SHARES}", "--price", f"{PRICE}", "--growth", "20")


def vested_value(year: int, strike: float = STRIKE) -> float:
    """The options vesting in ``year`` (1-based): a quarter of the shares, each worth the
    price grown to that year's end less the strike, never below 0."""
    grown = PRICE * (1 + GROWTH / 100) ** year
    return round(SHARES / 4 * max(0.0, grown - strike), 2)


def assert_options_valued(answer: dict[str, Any], strike: float = STRIKE) -> None:
    """An answer (the JSON of ``paygrade offer``) values the grant as options at ``strike``."""
    rows = answer["years"]
    assert [row["options"] for row in rows] == [vested_value(y, strike) for y in (1, 2, 3, 4)]
    assert [row["stock"] for row in rows] == [0.0] * 4  # the grant is not also stock
    for row in rows:  # the parts add up to the total, options among them
        parts = ("base", "bonus", "stock", "options", "one_time")
        assert round(sum(row[part] for part in parts), 2) == row["total"]
    spread = max(0.0, PRICE - strike)
    assert answer["annualized_total"] == BASE + SHARES * spread / 4
    assert answer["options"] == {
        "shares": SHARES,
        "price": PRICE,
        "strike": strike,
        "spread": spread,
    }


def test_the_cli_values_options_at_the_spread_and_says_them(web_db: Path) -> None:
    asked = ("--db", web_db, "offer", *OPTIONS, "--strike", "1")
    as_json, table = run_each((*asked, "--format", "json"), asked)
    # Had been "No such option: --strike"; a grant of 50,000 in stock was 12,500 a year.
    assert as_json.returncode == 0, as_json.stderr
    assert_options_valued(json.loads(as_json.stdout))
    header = next(line for line in table.stdout.splitlines() if line.strip().startswith("year"))
    assert header.split() == ["year", "base", "bonus", "stock", "options", "one_time", "total"]
    assert f"{vested_value(1):,.0f}" in table.stdout
    assert "options: 10,000 shares at a strike of 1, the share at 5 when granted" in table.stdout
    # Under water (a strike above the price grown): worth nothing, never less.
    (under,) = run_each((*asked[:-1], "9", "--format", "json"))
    assert_options_valued(json.loads(under.stdout), strike=9.0)
    assert json.loads(under.stdout)["years"][0]["total"] == BASE


def test_the_api_the_page_and_the_mcp_tool_value_options_as_the_cli(
    web_db: Path,
    app: TestClient,
    talking: Callable[[Talk], Any],  # noqa: F811
) -> None:
    (cli,) = run_each(("--db", web_db, "offer", *OPTIONS, "--strike", "1", "--format", "json"))
    api = app.post("/api/v1/offers/evaluate", json={"offers": [STARTUP]})
    assert api.status_code == 200, api.text  # was "offers.0.strike: extra inputs ..."
    (answered,) = api.json()["offers"]
    assert_options_valued(answered)
    assert {k: v for k, v in answered.items() if k != "name"} == json.loads(cli.stdout)

    async def talk(client: Client) -> Any:
        return await client.call_tool("offer", STARTUP)

    called = talking(talk)
    assert not called.is_error, called.content[0].text
    assert called.structured_content == json.loads(cli.stdout)

    query = {k: str(v) for k, v in STARTUP.items()}
    page = app.get("/offers", params=query)
    assert page.status_code == 200, page.text[:300]
    years = Page(page.text).table("offer-years")
    assert years.rows[0] == ["year", "base", "bonus", "stock", "options", "one-time", "total"]
    assert years.rows[1][4] == f"${vested_value(1):,.0f}"
    (said,) = Page(page.text).by_testid("offer-options")
    assert said.text.startswith("Options: 10,000 shares at a strike of 1, the share at 5")
    assert 'name="strike"' in page.text
    as_json = app.get("/offers", params={**query, "format": "json"}).json()
    assert as_json["result"]["offers"][0]["years"] == answered["years"]


# A strike refused: below 0, or without a grant in shares (a grant in dollars, or none).
REFUSED = [
    ({"shares": SHARES, "price": PRICE, "strike": -1}, "strike cannot be negative"),
    ({"equity": 50_000, "strike": 1}, "a strike price is of options granted in shares"),
    ({"strike": 1}, "a strike price is of options granted in shares"),
]
SHARES_TOO = ": give the shares and their price too"


def said_of(words: str) -> str:
    return words if "negative" in words else words + SHARES_TOO


def test_every_face_refuses_a_strike_below_0_or_without_shares(
    web_db: Path,
    app: TestClient,
    talking: Callable[[Talk], Any],  # noqa: F811
) -> None:
    def options(given: dict[str, Any]) -> list[str]:
        return [f"--{key}={value}" for key, value in given.items()]

    done = run_each(*(("--db", web_db, "offer", "--base", "150k", *options(g)) for g, _ in REFUSED))
    for (_, words), cli in zip(REFUSED, done, strict=True):
        assert_one_error_line(cli, 1, said_of(words))
    for given, words in REFUSED:
        api = app.post("/api/v1/offers/evaluate", json={"offers": [{"base": BASE, **given}]})
        assert api.status_code == 422
        assert api.json()["errors"] == {"offers.0.strike": said_of(words)}
        query = {"base": str(BASE), **{k: str(v) for k, v in given.items()}}
        page = app.get("/offers", params=query)
        assert page.status_code == 422 and said_of(words) in page.text
        assert 'id="o1-strike" name="strike"' in page.text
        marked = [e for e in Page(page.text).elements if e.attrs.get("id") == "o1-strike"]
        assert marked[0].attrs.get("aria-invalid") == "true"
    calls = [("offer", {"base": BASE, **given}) for given, _ in REFUSED]
    assert tool_errors(talking, *calls) == [f"offer: strike: {said_of(w)}" for _, w in REFUSED]


def test_the_docs_say_how_options_are_valued() -> None:
    cli = (ROOT / "docs" / "cli.md").read_text()
    assert "--strike" in cli and "never below 0" in cli
    methodology = (ROOT / "docs" / "methodology.md").read_text()
    assert "strike" in methodology and "spread" in methodology
    web = (ROOT / "docs" / "web.md").read_text()
    assert "`strike`" in web and "offer-options" in web
