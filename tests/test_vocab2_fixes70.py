"""Two gaps left by the typed words (``rules/vocab_typed.csv``) and the counties of another
state (``places.county_not_in_state``):

* an offer's profile kept the words as typed (``Profile.level`` "Staff Engineer", role "DS")
  where its peers were read as staff data scientists; it now holds them as read;
* `paygrade offer --metro "Fayette County, WA"` (the filters' path, as the API's and MCP's
  offer) offered each state's Fayette County area but left unsaid what compare says, "WA
  has no county called 'Fayette County'; AL, GA, ... have: give it with its state"; and
  the CLI's error line cut the text between two quoted values as one long value."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from paygrade.cli import main
from paygrade.filters import KnownValues, resolve
from paygrade.offers import Profile, market_profile
from paygrade.store import Store
from tests import test_mcp

mcp_db = test_mcp.mcp_db
talking = test_mcp.talking

FAYETTE = "Fayette County, WA"  # Washington holds no Fayette County; eleven states do
SAID = "WA has no county called 'Fayette County'; AL, GA, "
EXAMPLE = "give it with its state, e.g. 'Fayette County, AL')"


def test_an_offer_profile_holds_the_words_as_read() -> None:
    profile = market_profile("DS", "Staff Engineer", "Seattle")
    assert profile is not None
    # Had been ("DS", "Staff Engineer"): the words typed, the peers read otherwise.
    assert (profile.role, profile.level) == ("data_scientist", "staff")
    assert profile == market_profile("data_scientist", "staff", "Seattle")
    read = Profile(role="SWE", level="Sr. Staff")
    assert (read.role, read.level) == ("software_engineer", "principal")


def test_the_filters_say_why_a_county_of_another_state_is_none(real_store: Store) -> None:
    _, (unmatched,) = resolve({"metro": [FAYETTE]}, KnownValues(real_store))
    assert unmatched.why is not None and unmatched.why.startswith(SAID)  # had been None
    assert "'Fayette County, AL'" in unmatched.sentence()
    _, (alone,) = resolve({"metro": ["Fayette"]}, KnownValues(real_store))
    assert alone.why is not None and alone.why.startswith("a county called 'Fayette' is in AL")


def test_offer_cli_says_why_a_county_of_another_state_is_none_whole(
    real_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    asked = ["--db", str(real_db), "offer", "--base", "100000", "--role", "ml_engineer"]
    assert main([*asked, "--metro", FAYETTE]) == 1
    said = capsys.readouterr().err
    assert said.startswith(f"error: no record has metro '{FAYETTE}'; did you mean ")
    # Whole: the suggestions between the two quoted names had been cut as one value.
    assert "characters)..." not in said
    assert f"? ({SAID}" in said and said.rstrip().endswith(EXAMPLE)


def test_the_api_says_why_a_county_of_another_state_is_none(app: TestClient) -> None:
    body = {"offers": [{"base": 100_000, "role": "ml_engineer", "metro": FAYETTE}]}
    answer = app.post("/api/v1/offers/evaluate", json=body)
    assert answer.status_code == 422, answer.text
    said = answer.json()["errors"]["offers.0.metro"]
    assert SAID in said and said.endswith(EXAMPLE)


def test_the_mcp_offer_says_why_a_county_of_another_state_is_none(talking: Any) -> None:
    async def talk(client: Any) -> Any:
        asked = {"base": 100_000, "role": "ml_engineer", "metro": FAYETTE}
        return await client.call_tool("offer", asked)

    refused = talking(talk)
    assert refused.is_error
    assert SAID in refused.content[0].text and EXAMPLE in refused.content[0].text
