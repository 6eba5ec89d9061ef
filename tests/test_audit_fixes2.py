"""Gaps an audit found, met as a user on each face:
- a grant's shares past 10,000,000,000 or a price past 10,000,000 a share were refused by
  the API and the MCP tool in their schema's words, and taken by the CLI and the page;
- compare warned against averaging total and base pay beside rows of one kind, or none;
- compare's empty table's title folded mid-phrase, at its headers' width;
- an area code given as compare's metro was "no metro area is called '42660'" alone.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from mcp import Client

from tests.conftest import run_each
from tests.test_cli import assert_one_error_line
from tests.test_mcp import mcp_db, talking, tool_errors  # noqa: F401 - the MCP session fixtures

Talk = Callable[[Client], Any]


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
        assert (page.status_code, page.json()["detail"]) == (422, f"{said}{TYPO}")
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


# ------------------------------------------------- compare's "never average them", of rows shown

NEVER_AVERAGE = "never average them"
# Asked of the real store (docs/cli.md's compare): a single survey row (Germany), filings
# and official figures alone (a metro: surveys name none), no row at all, and the US.
ASKED = [
    {"role": "ml_engineer", "country": "DE"},
    {"role": "data_scientist", "level": "senior", "metro": "San Jose"},
    {"role": "ml_engineer", "level": "staff", "country": "GB"},
    {"role": "ml_engineer", "country": "AQ"},
    {"role": "ml_engineer", "country": "US"},
]


def both_kinds(rows: list[dict[str, Any]]) -> bool:
    """Whether the rows shown hold total pay and base pay both."""
    return {"total", "base"} <= {row.get("pay_component") for row in rows}


def warned(notes: list[str]) -> bool:
    return any(NEVER_AVERAGE in note for note in notes)


def options(asked: dict[str, str]) -> list[str]:
    return [f"--{key}" if i % 2 == 0 else value for key, value in asked.items() for i in (0, 1)]


def test_compare_warns_against_averaging_only_rows_of_both_kinds_on_every_face(
    web_db: Path, app: TestClient
) -> None:
    asked = [("--db", web_db, "compare", *options(q)) for q in ASKED]
    answers = run_each(*((*a, "--format", "json") for a in asked), *asked)
    as_json, as_table = answers[: len(ASKED)], answers[len(ASKED) :]
    kinds = []
    for question, done, table in zip(ASKED, as_json, as_table, strict=True):
        answer = json.loads(done.stdout)
        kinds.append(both_kinds(answer["rows"]))
        # Had been said beside Germany's one survey row, San Jose's filings and OEWS, and
        # beside no row at all (GB's staff, Antarctica), of what the store holds.
        assert warned(answer["notes"]) == kinds[-1], (question, answer["notes"])
        assert (NEVER_AVERAGE in table.stdout) == kinds[-1], question
        api = app.get("/api/v1/compare", params=question).json()
        assert warned(api["notes"]) == kinds[-1], question
    # The questions hold rows of one kind (Germany's a single row) and of both.
    assert len(json.loads(as_json[0].stdout)["rows"]) == 1
    assert kinds == [False, False, False, False, True]
    us = json.loads(as_json[-1].stdout)["notes"]
    assert us[0] == (
        "surveys report total pay; H-1B filings report base pay; BLS OEWS report base wages "
        "with incentive pay, without year-end bonuses or equity: compare rows, never average them"
    )


def test_the_metro_page_and_the_mcp_tool_warn_of_the_rows_shown(
    app: TestClient,
    talking: Callable[[Talk], Any],  # noqa: F811
) -> None:
    metro = "San Jose-Sunnyvale-Santa Clara, CA"
    page = app.get(f"/locations/{metro}", params={"role": "data_scientist", "format": "json"})
    assert page.status_code == 200
    compared = page.json()["compare"]
    assert not both_kinds(compared["rows"]) and not warned(compared["notes"])

    async def talk(client: Client) -> Any:
        return await client.call_tool("compare", {"role": "ml_engineer", "country": "DE"})

    called = talking(talk).structured_content
    assert len(called["rows"]) == 1 and not warned(called["notes"])


# ------------------------------------------------- compare's empty table, its title whole


def test_compare_with_no_row_says_its_title_whole_as_any_table_of_none(real_db: Path) -> None:
    asked = ("--db", real_db, "compare", "--role", "ml_engineer")
    piped, narrow = run_each(
        (*asked, "--country", "AQ"), (*asked, "--country", "GB", "--level", "staff")
    )
    at_80 = run_each((*asked, "--country", "GB", "--level", "staff"), env={"COLUMNS": "80"})[0]
    # Was "(role ml_engineer; country" over "AQ)", folded at the headers' 53 columns.
    assert piped.stdout.splitlines()[0] == (
        "Annual pay side by side (role ml_engineer; country AQ): none"
    )
    title = "Annual pay side by side (role ml_engineer; level staff; country GB): none"
    assert narrow.stdout.splitlines()[0] == title
    assert at_80.stdout.splitlines()[0] == title
    for done in (piped, narrow, at_80):
        assert done.returncode == 1
        assert "note: no records match this role" in done.stdout


# ------------------------------------------------- compare --metro with an area code


def test_compare_given_an_area_code_names_its_metro(web_db: Path, app: TestClient) -> None:
    # The code as compare's own JSON writes it, of the metro asked by name.
    seattle = ("--db", web_db, "compare", "--role", "ml_engineer", "--metro", "Seattle")
    (named,) = run_each((*seattle, "--format", "json"))
    answer = json.loads(named.stdout)
    code, metro = answer["area"].lstrip("0"), answer["where"]["metro"][0]
    by_code = run_each(("--db", web_db, "compare", "--role", "ml_engineer", "--metro", code))[0]
    said = (
        f"no metro area is called {code!r}: metros are asked by name; {code} is the area code "
        f"of {metro}"
    )
    # Was "no metro area is called '42660'" alone.
    assert_one_error_line(by_code, 1, said)
    api = app.get("/api/v1/compare", params={"role": "ml_engineer", "metro": code})
    assert (api.status_code, api.json()["detail"]) == (422, said)
