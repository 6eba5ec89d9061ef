"""What a dashboard builder found of the JSON API: a search typed with a combining accent,
empty answers without a word, 422s without ``errors``, a CSV that could not tell a rounded
or withheld row, and a ladder of no records without a word."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from mcp import Client

from paygrade.config import Settings
from paygrade.stats import PRIVATE_STEP
from paygrade.web import create_app
from tests import test_mcp
from tests.conftest import run_each
from tests.test_mcp import in_session
from tests.test_privacy_fixes7 import build_fixture_db

mcp_db = test_mcp.mcp_db  # the MCP tests' published copy of the real store

DECOMPOSED = "Ore\u0301al"  # the é as macOS sends it: e and a combining acute accent


def test_a_search_typed_with_a_combining_accent_finds_the_company(
    client: TestClient, real_db: Path
) -> None:
    answer = client.get("/api/v1/companies", params={"search": DECOMPOSED})
    assert "L'Oréal" in [row["company"] for row in answer.json()]
    assert "X-Paygrade-Warning" not in answer.headers
    (cli,) = run_each(
        ["--db", real_db, "companies", "--search", DECOMPOSED.lower(), "--format", "json"]
    )
    assert "L'Oréal" in [row["company"] for row in json.loads(cli.stdout)], cli.stderr


def test_a_min_n_that_leaves_no_company_says_so_with_the_most_any_has(
    client: TestClient, real_db: Path
) -> None:
    everyone = client.get("/api/v1/companies", params={"limit": 1}).json()[0]["n"]
    left = client.get("/api/v1/companies", params={"min_n": 100_000})
    assert left.json() == []
    assert left.headers["X-Paygrade-Warning"] == (
        f"no company has 100,000 records or more; the most is {everyone:,}: lower min_n"
    )
    boulder = {"where": 'metro:"Boulder, CO"'}
    most = client.get("/api/v1/companies", params={**boulder, "limit": 1}).json()[0]["n"]
    few = client.get("/api/v1/companies", params={**boulder, "min_n": most + 1})
    assert few.json() == []
    assert few.headers["X-Paygrade-Warning"] == (
        f"no company has {most + 1:,} records or more under these filters; "
        f"the most is {most:,}: lower min_n"
    )
    (cli,) = run_each(["--db", real_db, "companies", "--min-n", "100000", "--format", "json"])
    assert (cli.returncode, json.loads(cli.stdout)) == (0, [])
    assert cli.stderr.strip().endswith(f"the most is {everyone:,}: lower --min-n")


LONG_NAME = "x" * 300
# Each 422 whose fault is one parameter's, as sent, and that parameter: the filters' and
# the route's own words had come without ``errors``, where a value pydantic refused
# (``min_n=0``) named its parameter.
AT_FAULT = [
    ("/api/v1/stats?by=nope", "by"),
    ("/api/v1/stats?by=level,", "by"),
    ("/api/v1/stats?where=year:abc", "where"),
    ("/api/v1/companies?where=year:abc", "where"),
    ("/api/v1/records?where=nope:1", "where"),
    ("/api/v1/stats?limit=", "limit"),
    ("/api/v1/stats?role=x", "role"),
    ("/api/v1/stats?by=level&by=metro", "by"),
    (f"/api/v1/companies/{LONG_NAME}", "name"),
    ("/api/v1/ladder?role=nope", "role"),
    ("/api/v1/ladder?level=wizard", "level"),  # "no level 'wizard': ..."
]


@pytest.mark.parametrize(("path", "parameter"), AT_FAULT)
def test_a_422_names_the_parameter_at_fault_in_errors(
    client: TestClient, path: str, parameter: str
) -> None:
    refused = client.get(path)
    assert refused.status_code == 422
    said = refused.json()["detail"]
    assert refused.json()["errors"] == {parameter: said}


def test_the_words_of_a_422_stay_as_they_were(client: TestClient) -> None:
    refused = client.get("/api/v1/stats?where=year:abc").json()
    assert refused["detail"] == "year needs a number, not 'abc'"
    assert client.get("/api/v1/stats?limit=").json()["detail"] == "empty value for limit"
    # No one parameter at fault: no errors, as before.
    either = client.get("/api/v1/compare?role=ml_engineer").json()
    assert either == {"detail": "give either a metro or a country"}


def test_stats_csv_says_which_groups_are_rounded_as_the_json_does(tmp_path: Path) -> None:
    # The CSV had no rounded_to: a group counting submitted salaries, its interval withheld
    # (blank), read as one of too few records. Fixture submissions: test_privacy_fixes7's.
    db = build_fixture_db(tmp_path)
    company = "company:Quuxlytics Fixture Title"
    asked = {"by": "level", "where": [company, "pay_component:base"]}
    with TestClient(create_app(Settings(db=db))) as app:
        groups = app.get("/api/v1/stats", params=asked).json()["groups"]
        served = app.get("/api/v1/stats.csv", params=asked).text
    wheres = ["--where", company.replace(":", "=", 1), "--where", "pay_component=base"]
    (cli,) = run_each(["--db", db, "stats", "--by", "level", *wheres, "--format", "csv"])
    assert cli.stdout == served
    rows = list(csv.DictReader(io.StringIO(served)))
    assert list(rows[0])[-2:] == ["years", "rounded_to"]  # last: the others keep their places
    said = {row["level"]: (row["rounded_to"], row["p50_ci_low"]) for row in rows}
    by_json = {g["key"]["level"]: g for g in groups}
    assert by_json["mid"]["rounded_to"] == PRIVATE_STEP and by_json["mid"]["p50_ci"] is None
    assert said["mid"] == (str(PRIVATE_STEP), "")  # withheld, and now said to be
    assert said["senior"][0] == ""  # to the cent, as JSON's null


GOOGLE_IN_DE = {"company": "Google", "country": "DE"}


def test_a_ladder_of_no_records_says_why_as_the_cli_does(client: TestClient, mcp_db: Path) -> None:
    answer = client.get("/api/v1/ladder", params=GOOGLE_IN_DE)
    assert answer.status_code == 200
    assert all(pay["n"] == 0 for row in answer.json()["levels"] for pay in row["pay"].values())
    said = answer.headers["X-Paygrade-Warning"]
    assert said.startswith("no ml_engineer record names Google in DE")

    async def talk(client: Client) -> Any:
        return await client.call_tool("ladder", GOOGLE_IN_DE)

    laddered = in_session(mcp_db, talk)
    assert [c.text for c in laddered.content[1:]] == [f"warning: {said}"]
    assert laddered.structured_content == answer.json()
