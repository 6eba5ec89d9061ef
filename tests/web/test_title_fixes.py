"""A page's title says what it answers, and says so when the question was refused: a
screen reader reads the title first, and tabs and history show nothing else."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from tests.web.html import Element, Page
from tests.web.test_claims_page import claims_token


def title(html: str) -> str:
    found = re.search(r"<title>(.*?)</title>", html, re.S)
    assert found is not None
    return found.group(1)


@pytest.mark.parametrize(
    "path",
    [
        "/explore?by=nope",
        "/offers?base=1",
        "/ladder?company=Google&level=nope",
    ],
)
def test_a_refused_question_is_titled_an_error(client: TestClient, path: str) -> None:
    # The form sent back with its error had kept the page's own title ("Estimate ·
    # paygrade"), read as the page answering.
    answer = client.get(path)
    assert answer.status_code == 422
    assert title(answer.text).startswith("Error: ")


def test_a_refused_estimate_is_titled_an_error(estimating: TestClient) -> None:
    answer = estimating.get("/estimate?level=seniorr")
    assert answer.status_code == 422
    assert title(answer.text) == "Error: Estimate · paygrade"
    assert title(estimating.get("/estimate").text) == "Estimate · paygrade"


def test_an_answered_page_and_an_error_page_are_not_titled_errors_twice(
    client: TestClient,
) -> None:
    missing = client.get("/companies/No%20such%20company%20at%20all")
    assert missing.status_code == 404
    assert not title(missing.text).startswith("Error: Error")


def test_explore_and_records_are_titled_by_their_question(client: TestClient) -> None:
    # Every question had been titled "Explore" (or "Records"): ten tabs read alike.
    explored = client.get("/explore?by=level&where=role:ml_engineer&where=country:US")
    assert title(explored.text) == "Pay by level, role: ml_engineer; country: US · paygrade"
    listed = client.get("/records?where=company:Google&where=role:ml_engineer")
    assert title(listed.text) == "Records: company: Google; role: ml_engineer · paygrade"


def test_a_verdict_link_is_named_for_its_claim(client: TestClient) -> None:
    # Read in a list of links, each had been "0: no data", "1: no data": no word of what.
    text = "Senior ML engineers in the US earn $250,000."
    page = Page(
        client.post("/claims", data={"text": text, "csrf_token": claims_token(client)}).text
    )
    links: list[Element] = [
        e for e in page.elements if "verdict" in e.attrs.get("class", "").split()
    ]
    assert links, "no verdict link"
    for link in links:
        name = link.attrs.get("aria-label", "")
        shown = link.text.strip().strip("[]")  # "[1: no data]": its brackets unspoken
        assert name.startswith(shown), (name, shown)  # the words seen are the name's first
        assert "claim" in name and "row" in name, name
