"""The web faces of gaps an audit left: /explore at local prices said "left out: 0 records
without a metro and 0 in metros without a parity for their year" where the CLI says nothing
of a reason that left out none; the local-prices API's San Juan, ranked nominally, had a
blank rank at US prices without a word; the ladder API's Amazon in DE did not say where
Amazon's records are."""

from __future__ import annotations

from fastapi.testclient import TestClient

from paygrade.prices import left_out_notes
from tests.web.html import Page as Html

EXPLORE = "/explore?by=metro&where=role:ml_engineer&local_prices=true"
AUSTIN = "&where=metro:Austin-Round%20Rock-San%20Marcos,%20TX"


def _left_out_shown(client: TestClient, url: str) -> tuple[list[str], list[str]]:
    """The page's notes of what local prices left out, and the CLI's words of its JSON."""
    answer = client.get(url + "&format=json")
    assert answer.status_code == 200, answer.text
    page = client.get(url)
    notes = [" ".join(li.text.split()) for li in Html(page.text).by_testid("stats-local-left-out")]
    local = answer.json()["figure"]["summary"]["local_prices"]
    said = [f"{note[0].upper()}{note[1:]}." for note in left_out_notes(local)]
    return notes, said


def test_explore_at_local_prices_says_only_what_was_left_out_in_the_clis_words(
    client: TestClient,
) -> None:
    austin = client.get(EXPLORE + AUSTIN)
    assert austin.status_code == 200
    assert "0 records without a metro" not in austin.text
    notes, said = _left_out_shown(client, EXPLORE + AUSTIN)
    assert notes == said == []  # Austin's records all name it, and BEA prices it
    notes, said = _left_out_shown(client, EXPLORE)
    assert said and notes == said  # every metro: some records name none


def test_the_local_prices_api_says_why_a_metro_has_no_rank_at_us_prices(
    client: TestClient,
) -> None:
    answer = client.get("/api/v1/local-prices", params={"metro": "San Juan", "role": "other"})
    assert answer.status_code == 200, answer.text
    (row,) = answer.json()["rows"]
    assert row["rank_nominal"] == 1 and row["rank_local"] is None and row["rank_note"] is None
    assert row.get("rank_local_note") == "BEA never prices an area of Puerto Rico"


def test_the_ladder_api_and_page_say_where_a_companys_records_are(client: TestClient) -> None:
    asked = {"company": "Amazon", "country": "DE"}
    answer = client.get("/api/v1/ladder", params=asked)
    assert answer.status_code == 200, answer.text
    held = answer.json()["company_countries_held"]
    assert list(held) == ["US"]
    said = (
        f"no ml_engineer record names Amazon in DE; Amazon's records are all of US ({held['US']:,})"
    )
    assert said in answer.headers.get_list("X-Paygrade-Warning")
    (note,) = Html(client.get("/ladder", params=asked).text).by_testid("roles-held")
    assert " ".join(note.text.split()) == f"{said[0].upper()}{said[1:]}."  # as a sentence
