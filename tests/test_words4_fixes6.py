"""One mistake in one set of words, fourth round: the CLI's whole-number options read and
refused as the API reads them, a whole number past its bound said alike on the CLI, the API
and the MCP tools, a JSON number of another kind said as it was sent, and filters of a
source and a year that find nothing told the source's years."""

from __future__ import annotations

import json
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

# ---------------------------------------------------------------- the CLI's whole numbers


def test_the_clis_whole_number_options_say_the_shared_words(real_db: Path) -> None:
    # They were "Input should be a valid integer, unable to parse string as an integer" of
    # 2.5 and abc alike, and "Input should be greater than or equal to 1" of 0.
    runs = run_each(
        ["--db", real_db, "stats", "--limit", "2.5"],
        ["--db", real_db, "stats", "--min-n", "abc"],
        ["--db", real_db, "companies", "--min-n", "0"],
        ["--db", real_db, "records", "--per-page", "501"],
        ["--db", real_db, "quarantine", "--limit", "0"],
    )
    said = [(done.returncode, done.stderr) for done in runs]
    assert said == [
        (2, "error: Invalid value for '--limit': must be a whole number, got 2.5\n"),
        (2, f"error: Invalid value for '--min-n': 'abc' {NOT_A_NUMBER}\n"),
        (2, "error: Invalid value for '--min-n': must be 1 or more, not 0\n"),
        (2, "error: Invalid value for '--per-page': must be 500 or less, not 501\n"),
        (2, "error: Invalid value for '--limit': must be 1 or more, not 0\n"),
    ]


def test_the_clis_whole_number_options_read_a_number_as_the_api_does(
    real_db: Path,
    pages: TestClient,  # noqa: F811 - test_words_fixes6's
) -> None:
    # "--page 1,000" was refused, where /api/v1/records?page=1,000 is page 1000; a bound
    # broken is said of the number as typed.
    page, past = run_each(
        ["--db", real_db, "records", "--per-page", "2", "--page", "1,000", "--format", "json"],
        ["--db", real_db, "records", "--page", "1,000,001"],
    )
    assert page.returncode == 0 and '"page": 1000,' in page.stdout
    said = "must be 1,000,000 or less, not 1,000,001"
    assert past.stderr == f"error: Invalid value for '--page': {said}\n"
    api = pages.get("/api/v1/records?page=1,000,001").json()
    assert api == {"detail": f"page: {said}", "errors": {"page": said}}


# ---------------------------------------------------------------- bounds, every skin


@pytest.mark.parametrize(
    ("path", "query", "tool", "arguments", "said"),
    [
        ("/api/v1/records", "page=0", "records", {"page": 0}, "must be 1 or more, not 0"),
        (
            "/api/v1/records",
            "per_page=501",
            "records",
            {"per_page": 501},
            "must be 500 or less, not 501",
        ),
        (
            "/api/v1/companies",
            "limit=100001",
            "companies",
            {"limit": 100001},
            "must be 100,000 or less, not 100001",
        ),
        ("/api/v1/stats", "min_n=0", "stats", {"min_n": 0}, "must be 1 or more, not 0"),
    ],
)
def test_a_whole_number_past_its_bound_is_said_alike_by_the_api_and_mcp(
    pages: TestClient,  # noqa: F811 - test_words_fixes6's
    talking: Callable[[Any], Any],  # noqa: F811
    path: str,
    query: str,
    tool: str,
    arguments: dict[str, Any],
    said: str,
) -> None:
    # Both said pydantic's "input should be less than or equal to 500" (or "greater than").
    name = query.partition("=")[0]
    got = pages.get(f"{path}?{query}")
    assert got.status_code == 422
    assert got.json() == {"detail": f"{name}: {said}", "errors": {name: said}}
    (told,) = tool_errors(talking, (tool, arguments))
    assert told == f"{tool}: {name}: {said}"


# ---------------------------------------------------------------- a JSON number of another kind


def test_an_mcp_number_argument_of_another_kind_is_said_as_sent(
    talking: Callable[[Any], Any],  # noqa: F811
) -> None:
    # All were pydantic's "input should be a valid number" (or "... valid integer").
    said = tool_errors(
        talking,
        ("ladder", {"years": "abc"}),
        ("ladder", {"years": [5]}),
        ("offer", {"base": {}}),
        ("records", {"page": 2.5}),
    )
    assert said == [
        "ladder: years: input should be a number, not text: 'abc'",
        "ladder: years: input should be a number, not an array",
        "offer: base: input should be a number, not an object",
        "records: page: must be a whole number, got 2.5",
    ]


@pytest.mark.parametrize(
    ("sent", "said"),
    [
        ('"abc"', "input should be a number, not text: 'abc'"),
        ("[2024]", "input should be a number, not an array"),
        ("{}", "input should be a number, not an object"),
        ("1e400", "input should be a finite number, not Infinity"),
    ],
)
def test_a_json_bodys_number_of_another_kind_is_said_as_the_mcp_tools_say_it(
    queue_only: TestClient,  # noqa: F811 - test_words_fixes6's
    pages: TestClient,  # noqa: F811
    sent: str,
    said: str,
) -> None:
    # "abc" was "input should be a number, not text" (naming nothing), [2024] and {}
    # pydantic's "input should be a valid integer", 1e400 "input should be a finite number".
    body = json.dumps({**GOOD, "year": "SENT"}).replace('"SENT"', sent)  # 1e400 as JSON
    headers = {"content-type": "application/json"}
    got = queue_only.post("/api/v1/submissions", content=body, headers=headers)
    assert got.status_code == 422
    assert got.json()["errors"] == {"year": said}
    offer = pages.post(
        "/api/v1/offers/evaluate", content=f'{{"offers": [{{"base": {sent}}}]}}', headers=headers
    )
    assert offer.json()["errors"] == {"offers.0.base": said}


# ---------------------------------------------------------------- a source's years


def test_no_record_of_a_source_in_a_year_says_the_sources_years(
    real_db: Path,
    pages: TestClient,  # noqa: F811 - test_words_fixes6's
    talking: Callable[[Any], Any],  # noqa: F811
) -> None:
    # h1b_2024's records are of 2023 (the filings' receipt year): it said "no record
    # matches all of these filters together" and no more.
    said = "no record matches all of these filters together; h1b_2024 holds records of 2023 only"
    (cli,) = run_each(
        ["--db", real_db, "stats", "--where", "year=2024", "--where", "source=h1b_2024"]
    )
    assert cli.stdout.endswith(f": {said}\n")
    api = pages.get("/api/v1/stats?where=year:2024&where=source:h1b_2024").json()
    assert api["no_match"]["message"] == said

    async def ask(client: Any) -> Any:
        where = {"year": [2024], "source": ["h1b_2024"]}
        return await client.call_tool("stats", {"where": where})

    assert said in talking(ask).content[0].text
