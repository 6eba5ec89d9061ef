"""The Offer check and Estimate pages titled their answer with the words typed ("role: DS;
level: Staff Engineer") where the answer read them (data_scientist, staff), as the ladder's
title says its level; and the Estimate page said a county of another state ("Fayette
County, WA") with why, not as a place abroad."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.web.html import Page
from tests.web.test_title_fixes import title

TYPED = {"role": "DS", "level": "Staff Engineer", "metro": "Seattle"}
READ = "role: data_scientist; level: staff; metro: Seattle"


def test_the_offers_page_titles_the_profile_as_read(client: TestClient) -> None:
    answer = client.get("/offers", params={"base": "185000", **TYPED})
    assert answer.status_code == 200, answer.text
    # Had been "Offer check: Offer 1; role: DS; level: Staff Engineer; metro: Seattle".
    assert title(answer.text) == f"Offer check: Offer 1; {READ} · paygrade"
    assert "Peers: role data_scientist, level staff" in answer.text  # as its answer reads


def test_the_estimate_page_titles_the_profile_as_read(estimating: TestClient) -> None:
    answer = estimating.get("/estimate", params=TYPED)
    assert answer.status_code == 200, answer.text
    assert title(answer.text) == f"Estimate: {READ}; pay: total · paygrade"


def test_the_estimate_page_says_why_a_county_of_another_state_is_none(
    estimating: TestClient,
) -> None:
    url = "/estimate?role=ml_engineer&metro=Fayette County, WA"
    notes = [n.text for n in Page(estimating.get(url).text).by_testid("estimate-unheld")]
    assert len(notes) == 1, notes
    said = " ".join(notes[0].split())
    assert "(WA has no county called 'Fayette County'; AL, GA, " in said
    assert "for a place abroad" not in said  # it is told why: no place abroad is meant
