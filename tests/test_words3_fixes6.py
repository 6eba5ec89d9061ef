"""One mistake in one set of words, third round: the API's number query parameters read as
the pages and the CLI read a number, a submission's field said once in ``detail``, and a
cliff not whole said alike, as typed, on every skin."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.conftest import run_each
from tests.test_mcp import mcp_db, talking, tool_errors  # noqa: F401 - the MCP session fixtures
from tests.test_submissions import GOOD
from tests.test_words_fixes6 import pages, queue_only  # noqa: F401 - apps of the real store, of the queue

NOT_A_NUMBER = "is not a number (write 1200, 1,200 or 12.5; a dot marks decimals)"

# ---------------------------------------------------------------- number query parameters


@pytest.mark.parametrize(
    ("path", "query", "said"),
    [
        ("/api/v1/ladder", "years=abc", f"years: 'abc' {NOT_A_NUMBER}"),
        ("/api/v1/ladder", "years=1,5", f"years: '1,5' {NOT_A_NUMBER}"),
        ("/api/v1/stats", "min_n=abc", f"min_n: 'abc' {NOT_A_NUMBER}"),
        ("/api/v1/stats", "min_n=2.5", "min_n: must be a whole number, got 2.5"),
        ("/api/v1/stats.csv", "limit=1e", f"limit: '1e' {NOT_A_NUMBER}"),
        ("/api/v1/records", "page=x", f"page: 'x' {NOT_A_NUMBER}"),
        ("/api/v1/records", "per_page=12.50", "per_page: must be a whole number, got 12.50"),
        ("/api/v1/companies", "limit=abc", f"limit: 'abc' {NOT_A_NUMBER}"),
        ("/api/v1/companies", "min_n=nan", "min_n: 'nan' is not a finite number"),
        ("/charts/stats.svg", "width=abc", f"width: 'abc' {NOT_A_NUMBER}"),
        ("/records", "page=x&format=json", f"page: 'x' {NOT_A_NUMBER}"),
        ("/companies", "page=0.5&format=json", "page: must be a whole number, got 0.5"),
        ("/explore", "min_n=x&format=json", f"min_n: 'x' {NOT_A_NUMBER}"),
    ],
)
def test_a_number_query_parameter_is_told_in_the_shared_readers_words(
    pages: TestClient,  # noqa: F811 - test_words_fixes6's
    path: str,
    query: str,
    said: str,
) -> None:
    # ?years=abc was pydantic's "input should be a valid number, unable to parse string as
    # a number" (min_n=2.5 "... as an integer"), where the ladder page and `paygrade ladder
    # --years` say "'abc' is not a number (write 1200, ...)".
    got = pages.get(f"{path}?{query}")
    assert got.status_code == 422
    assert got.json()["detail"] == said
    name, _, problem = said.partition(": ")
    assert got.json()["errors"] == {name: problem}


def test_a_number_query_parameter_is_read_as_the_pages_read_it(
    pages: TestClient,  # noqa: F811 - test_words_fixes6's
) -> None:
    # "1,000" had been refused; the ladder's years echo as typed still, and a bound is
    # said as the MCP tools and the CLI say it.
    got = pages.get("/api/v1/records?per_page=2&page=1,000")
    assert got.status_code == 200
    assert got.json()["page"] == 1000
    over = pages.get("/api/v1/ladder?years=61.0").json()["detail"]
    assert over == "years: years of experience are 0 to 60, not 61.0"
    past = pages.get("/api/v1/records?page=1e7").json()["detail"]
    assert past == "page: must be 1,000,000 or less, not 1e7"  # as typed
    schema = pages.get("/openapi.json").json()["paths"]["/api/v1/records"]["get"]
    per_page = next(p for p in schema["parameters"] if p["name"] == "per_page")["schema"]
    assert (per_page["minimum"], per_page["maximum"]) == (1, 500)


# ---------------------------------------------------------------- a submission's detail


def test_the_submissions_api_says_a_year_not_whole_once_after_its_field(
    queue_only: TestClient,  # noqa: F811 - test_words_fixes6's
) -> None:
    # "year: year must be a whole number, got 2024.5": the field said twice.
    got = queue_only.post("/api/v1/submissions", json={**GOOD, "year": 2024.5})
    assert got.status_code == 422
    assert got.json()["detail"] == "year: must be a whole number, got 2024.5"
    assert got.json()["errors"] == {"year": "must be a whole number, got 2024.5"}


# ---------------------------------------------------------------- a cliff not whole

NOT_WHOLE = "must be a whole number, got "


def test_a_cliff_not_whole_is_said_alike_as_typed_on_every_skin(
    pages: TestClient,  # noqa: F811 - test_words_fixes6's
    talking: Callable[[Any], Any],  # noqa: F811
    real_db: Path,
) -> None:
    # The CLI said "12.5 is not a whole number of months" of 12.50, the page "cliff months:
    # 6.5 is not a whole number of months" of 6.50, the API and MCP pydantic's "input
    # should be a valid integer, got a number with a fractional part".
    (cli,) = run_each(["--db", real_db, "offer", "--base", "150000", "--cliff-months", "6.50"])
    assert (cli.returncode, cli.stderr) == (
        2,
        f"error: Invalid value for '--cliff-months': {NOT_WHOLE}6.50\n",
    )
    page = pages.get("/offers?base=150000&cliff_months=6.50&format=json")
    assert page.json()["detail"] == f"cliff months: {NOT_WHOLE}6.50"
    sent = {"offers": [{"base": 150_000, "cliff_months": 6.5}]}
    api = pages.post("/api/v1/offers/evaluate", json=sent)
    assert api.json()["errors"] == {"offers.0.cliff_months": f"{NOT_WHOLE}6.5"}
    (said,) = tool_errors(talking, ("offer", {"base": 150_000, "cliff_months": 6.5}))
    assert said == f"offer: cliff_months: {NOT_WHOLE}6.5"
