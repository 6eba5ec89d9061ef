"""Pages, as a browser audit read them: claims numbered from 1 and set apart from their
figures, titles that say the page's question, and /estimate's years read as /ladder's."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.web.html import Page
from tests.web.test_claims_page import claims_token

AUDITED = (
    "Senior machine learning engineers in the US earn a median of $350,000 in total pay, "
    "while entry-level ML engineers make about $140,000. Mid-level ML engineers earn 30% "
    "more than entry-level ones."
)


def test_claims_are_numbered_from_1_and_each_marker_stands_apart_from_its_figure(
    client: TestClient,
) -> None:
    sent = {"text": AUDITED, "csrf_token": claims_token(client)}
    page = Page(client.post("/claims", data=sent).text)
    checked = client.post("/api/v1/claims/check", json={"text": AUDITED}).json()["claims"]
    assert [c["id"] for c in checked] == [0, 1, 2]  # the JSON's ids stay as they were
    (article,) = page.by_testid("claims-article")
    # The marker "0: above data" had followed the mark at once: "$350,0000: above data".
    assert "$350,0000" not in article.text and "$350,000 [1: " in article.text
    labels = [e.text for e in page.elements if "verdict" in e.attrs.get("class", "").split()]
    said = [f"[{c['id'] + 1}: {c['verdict'].replace('_', ' ')}]" for c in checked]
    assert labels == said
    for claim, mark in zip(checked, [e for e in page.elements if e.tag == "mark"], strict=True):
        assert mark.attrs["id"] == f"claim-{claim['id']}"  # anchors keep the JSON's id
    table = page.table("claims-table")
    assert [row[0] for row in table.rows[1:]] == ["1", "2", "3"]


def test_contradictions_name_their_claims_by_the_pages_numbers(client: TestClient) -> None:
    text = "Google pays $1M. Apple pays $1M."
    answer = client.post("/claims", data={"text": text, "csrf_token": claims_token(client)})
    found = client.post("/api/v1/claims/check", json={"text": text}).json()["contradictions"]
    assert [c["claims"] for c in found] == [[0, 1]]
    (listing,) = Page(answer.text).by_testid("claims-contradictions")
    assert "(claims 1, 2)" in listing.text, listing.text
