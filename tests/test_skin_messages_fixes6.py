"""The same mistake in the same words, and the same status, on every skin: a "did you mean"
the parser itself refused, pay filtered on, a page past the API's bound, and years of
experience out of bounds."""

from __future__ import annotations

import json
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
def api(web_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(db=web_db)), raise_server_exceptions=False) as client:
        yield client


# ---------------------------------------------------------------- a "did you mean" that is read

REVERSED_LIST = 'year=>=2023,2015 puts the sign after "="'


def test_the_cli_offers_a_list_it_reads_for_a_reversed_sign_in_a_list(real_db: Path) -> None:
    # It offered "year>=2023,2015", itself refused: "year (after >=) needs a number".
    refused, meant, lower = run_each(
        ["--db", real_db, "stats", "--by", "year", "--where", "year=>=2023,2015"],
        ["--db", real_db, "stats", "--by", "year", "--where", "year=2015,>=2023"],
        ["--db", real_db, "stats", "--by", "year", "--where", "year=<2016,2023"],
    )
    assert_one_error_line(refused, 1, f"{REVERSED_LIST}: did you mean year=2015,>=2023?")
    assert meant.returncode == 0 and "2015" in meant.stdout and "2024" in meant.stdout
    said = 'year=<2016,2023 puts the sign after "=": did you mean year=2023,<=2016?'
    assert_one_error_line(lower, 1, said)


def test_the_api_offers_its_own_list_form(api: TestClient) -> None:
    refused = api.get("/api/v1/stats", params={"by": "year", "where": "year=>=2023,2015"})
    assert refused.status_code == 422
    assert refused.json()["detail"] == f"{REVERSED_LIST}: did you mean year:2015,>=2023?"
    meant = api.get("/api/v1/stats", params={"by": "year", "where": "year:2015,>=2023"})
    assert meant.status_code == 200
    assert {2015, 2024} <= {group["key"]["year"] for group in meant.json()["groups"]}


# ---------------------------------------------------------------- pay is not a filter

PAY_SUMMARIZED = (
    "amount_usd is the pay summarized, not a field to filter on; a comparison takes "
    "year, years_experience or remote"
)


def test_the_cli_says_why_pay_is_no_filter_in_either_form(real_db: Path) -> None:
    compared, listed = run_each(
        ["--db", real_db, "stats", "--where", "amount_usd>=500000"],
        ["--db", real_db, "stats", "--where", "amount_usd=500000"],  # was "unknown field"
    )
    assert_one_error_line(compared, 1, PAY_SUMMARIZED)
    assert_one_error_line(listed, 1, PAY_SUMMARIZED)


def test_the_api_says_why_pay_is_no_filter(api: TestClient) -> None:
    # It said only "unknown field 'amount_usd'; use one of: ...".
    for where in ("amount_usd:>=500000", "amount_usd>=500000"):
        got = api.get("/api/v1/stats", params={"where": where})
        assert got.status_code == 422
        assert got.json()["detail"] == PAY_SUMMARIZED


def test_mcp_says_why_pay_is_no_filter(talking: Callable[[Talk], Any]) -> None:  # noqa: F811
    (said,) = tool_errors(talking, ("stats", {"where": {"amount_usd": [">=500000"]}}))
    assert said == f"stats: {PAY_SUMMARIZED}"


# ---------------------------------------------------------------- a page past the bound


def test_the_cli_refuses_a_page_past_the_apis_bound_as_a_usage_error(real_db: Path) -> None:
    # It was status 1, "page 1000001 of 4413: the answer has 4413 pages ...".
    past, last = run_each(
        ["--db", real_db, "records", "--page", "1000001"],
        ["--db", real_db, "records", "--page", "1000000"],
    )
    said = "Invalid value for '--page': must be 1,000,000 or less, not 1000001"
    assert_one_error_line(past, 2, said)
    assert last.returncode == 1 and "page 1000000 of" in last.stderr


def test_the_api_and_mcp_say_the_same_bound(
    api: TestClient,
    talking: Callable[[Talk], Any],  # noqa: F811
) -> None:
    got = api.get("/api/v1/records", params={"page": 1000001})
    assert got.status_code == 422
    assert got.json()["errors"]["page"] == "must be 1,000,000 or less, not 1000001"
    (said,) = tool_errors(talking, ("records", {"page": 1000001}))
    assert said == "records: page: must be 1,000,000 or less, not 1000001"


# ---------------------------------------------------------------- years out of bounds

YEARS = "years of experience are 0 to 60, not 61"


def test_years_out_of_bounds_are_a_refused_input_in_every_command(real_db: Path) -> None:
    # estimate exited 1; ladder and offer 2, "Invalid value for '--years': Input should be
    # less than or equal to 60". Then estimate said "years of experience must be between 0
    # and 60, got 61", ladder and offer "years of experience are 0 to 60", naming no 61.
    estimate, ladder, below, offer, alone = run_each(
        ["--db", real_db, "estimate", "--years", "61"],
        ["--db", real_db, "ladder", "--years", "61"],
        ["--db", real_db, "ladder", "--years", "-1"],
        ["--db", real_db, "offer", "--base", "185000", "--role", "ml_engineer", "--years", "61"],
        ["--db", real_db, "offer", "--base", "185000", "--years", "61"],
    )
    for done in (estimate, ladder, offer):
        assert_one_error_line(done, 1, YEARS)
    assert_one_error_line(below, 1, "years of experience are 0 to 60, not -1")
    assert_one_error_line(alone, 1, "years of experience places the offer among its peers")


# ---------------------------------------------------------------- compare's OFLC levels


def test_compare_shows_the_oflc_levels_at_us_prices_as_the_json_and_page(real_db: Path) -> None:
    # The table left out levels_local, which the JSON and /locations/{metro} show.
    asked = ["--db", real_db, "compare", "--metro", "Seattle-Tacoma-Bellevue, WA"]
    table, as_json = (
        done.stdout
        for done in run_each(
            [*asked, "--role", "ml_engineer"], [*asked, "--role", "ml_engineer", "--format", "json"]
        )
    )
    (oflc,) = [row for row in json.loads(as_json)["rows"] if row["kind"] == "prevailing_wage"]
    local = [f"{round(wage):,}" for wage in oflc["levels_local"].values()]
    assert local and local != [f"{round(wage):,}" for wage in oflc["levels"].values()]
    assert f" US prices {' '.join(local)} " in " ".join(table.split()) + " "
    assert "note: US prices: an occupation's wages at US-average prices" in table
