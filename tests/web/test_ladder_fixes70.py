"""What an ML engineer deciding on staff found of the career ladder's faces: a blank level
on the page read as a level named ' ', a level typed with spaces said back padded, a
company's role of one levelled record said to have titles naming none, and the API
alone silent (in its headers) of a step falling beyond noise."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from paygrade.ladder import few_of_role, ladder
from paygrade.store import Store
from tests.conftest import run_each


def test_a_blank_level_on_the_page_is_none_given_as_its_other_blank_fields(
    client: TestClient,
) -> None:
    # The page reads a blank company, country or role as none given; " " as the level had
    # been refused as "no level ' '" (422), where the API says "empty value for level".
    without = client.get("/ladder", params={"format": "json"})
    blank = client.get("/ladder", params={"level": " ", "format": "json"})
    assert blank.status_code == 200, blank.text
    assert "path" not in blank.json()["ladder"]
    assert blank.json()["ladder"] == without.json()["ladder"]
    page = client.get("/ladder", params={"level": "  ", "years": "3"})
    assert page.status_code == 200
    assert 'data-testid="path-table"' in page.text


def test_a_company_level_typed_with_spaces_is_said_back_as_read(
    real_store: Store, client: TestClient
) -> None:
    result = ladder(real_store, company="Amazon", level=" L6 ")
    assert result["level_read"] == {"written": "L6", "company": "Amazon", "level": "senior"}
    page = client.get("/ladder", params={"company": "Amazon", "level": " L6 "})
    assert "L6 at Amazon is read as senior" in page.text


def test_a_role_with_a_few_levelled_records_says_the_others_name_none(
    real_store: Store,
) -> None:
    result = ladder(real_store, "software_engineer", "Meta")
    asked = result["roles_held"]["software_engineer"]
    levelled = sum(p["n"] for row in result["levels"] for p in row["pay"].values())
    assert 0 < levelled < asked  # the case asked about: some, too few for any level
    said = few_of_role(result)
    # "600 ... records name Meta, 1 with a level, ... (their titles name none)" had said
    # of all 600 what is true of the other 599.
    assert "their titles name none" not in said
    assert said.endswith(f"(the other {asked - levelled:,}'s titles name none)")


def test_the_api_warns_of_a_step_falling_beyond_noise_as_the_cli_does(
    client: TestClient, real_db: Path
) -> None:
    asked = {"role": "software_engineer", "country": "US"}
    answer = client.get("/api/v1/ladder", params=asked)
    falls = answer.json().get("falls_note", [])
    assert falls, "US software engineers' staff -> principal no longer falls beyond noise"
    assert answer.headers.get_list("X-Paygrade-Warning") == falls
    options = ["--role", "software_engineer", "--country", "US", "--format", "json"]
    (cli,) = run_each(["--db", real_db, "ladder", *options])
    assert json.loads(cli.stdout)["falls_note"] == falls
    assert cli.stderr.splitlines() == [f"warning: {said}" for said in falls]


# A ladder's 422 whose fault is one parameter's: the page marks that field, the API's
# ``errors`` had not named it (``detail`` alone).
LADDER_AT_FAULT = [
    ({"country": "AQ"}, "country"),  # a country, of no record: refused in the filters' words
    ({"company": "Acme"}, "company"),  # no reviewed level mapping
    ({"company": "Gogle", "level": "L5"}, "company"),
]


@pytest.mark.parametrize(("asked", "parameter"), LADDER_AT_FAULT)
def test_a_ladder_422_names_the_parameter_the_page_marks(
    client: TestClient, asked: dict[str, str], parameter: str
) -> None:
    refused = client.get("/api/v1/ladder", params=asked)
    assert refused.status_code == 422
    assert refused.json()["errors"] == {parameter: refused.json()["detail"]}
    page = client.get("/ladder", params=asked)
    assert page.status_code == 422
    assert re.search(f'id="l-{parameter}"[^>]*aria-invalid="true"', page.text)
