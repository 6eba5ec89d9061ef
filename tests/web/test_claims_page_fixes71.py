"""The "Check an article" page checked a figure of one clause against the place of
another: "Senior ML engineers in Seattle earn $450,000 on average, while entry-level
machine learning engineers in the US make around $90k" checked the $90k against Seattle
("without its metro, 349 records"), though its own clause names the US. Texts are
hand-written fixture sentences."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from paygrade.claims import extract_claims
from tests.web.html import Page
from tests.web.test_claims_page import claims_token

SEATTLE = "Seattle-Tacoma-Bellevue, WA"
TWO_PLACES = (
    "Senior ML engineers in Seattle earn $450,000 on average, while entry-level machine"
    " learning engineers in the US make around $90k."
)


def test_the_page_checks_each_figure_against_its_own_clause_place(client: TestClient) -> None:
    answer = client.post("/claims", data={"text": TWO_PLACES, "csrf_token": claims_token(client)})
    assert answer.status_code == 200
    rows = Page(answer.text).table("claims-table").rows[1:]
    subjects = [row[3] for row in rows]
    assert [row[1] for row in rows] == ["$450,000", "$90k"]
    assert f"metro: {SEATTLE}" in subjects[0]
    assert "metro" not in subjects[1] and "country: US" in subjects[1]


@pytest.mark.parametrize(
    ("text", "places"),
    [
        (TWO_PLACES, [SEATTLE, None]),
        ("ML engineers in Seattle earn $200,000, and in Washington state $180,000.",
         [SEATTLE, None]),
        # A clause naming no place of its own keeps the place said before it.
        ("ML engineers in Seattle earn $200,000, and data scientists make $150,000.",
         [SEATTLE, SEATTLE]),
    ],
)  # fmt: skip
def test_a_place_of_an_earlier_figure_s_clause_is_not_taken(
    text: str, places: list[str | None]
) -> None:
    assert [claim.subject["metro"] for claim in extract_claims(text)] == places
