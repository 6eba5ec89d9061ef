"""Offer check and Career ladder through the web app: the JSON API, the pages, errors."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi.testclient import TestClient

from tests.web.html import Page

SEATTLE = "Seattle-Tacoma-Bellevue, WA"
ISSUE_OFFER = {
    "base": 185_000,
    "bonus_pct": 15,
    "sign_on": 50_000,
    "equity": 400_000,
    "vesting": "amazon",
    "role": "ml_engineer",
    "level": "senior",
    "metro": SEATTLE,
}


def test_evaluate_api_gives_the_cli_contract_per_offer(client: TestClient) -> None:
    got = client.post("/api/v1/offers/evaluate", json={"offers": [ISSUE_OFFER, {"base": 1e5}]})
    assert got.status_code == 200, got.text
    first, second = got.json()["offers"]
    assert [r["stock"] for r in first["years"]] == [20_000, 60_000, 160_000, 160_000]
    assert (first["first_year_total"], first["annualized_total"]) == (282_750, 325_250)
    assert first["market"]["n"] >= 5 and first["market"]["pay_component"] in ("base", "total")
    assert (second["name"], second["market"]) == ("Offer 2", None)


def test_evaluate_api_refuses_bad_offers_with_422(client: TestClient) -> None:
    cases: list[tuple[dict[str, Any], str]] = [
        ({"base": -1}, "base"),
        ({"base": 1, "vesting": "50,40"}, "vesting percentages sum to 90, not 100"),
        ({"base": 1, "vesting": "nvidia"}, "unknown vesting preset"),
        ({"base": 1e12}, "base"),
        ({"base": 1, "role": "ml_engineer", "metro": "Atlantis"}, "no record has metro"),
    ]
    for offer, message in cases:
        got = client.post("/api/v1/offers/evaluate", json={"offers": [offer]})
        assert got.status_code == 422, offer
        assert message in got.json()["detail"], got.json()
    assert client.post("/api/v1/offers/evaluate", json={"offers": []}).status_code == 422


def test_ladder_api(client: TestClient) -> None:
    got = client.get("/api/v1/ladder", params={"company": "Google", "years": 3})
    assert got.status_code == 200
    result = got.json()
    assert result["levels"][2]["company_levels"] == {"Google": ["L5"]}
    assert result["path"][0]["level"] == "mid"
    assert client.get("/api/v1/ladder", params={"company": "Initech"}).status_code == 422


def test_offer_page_compares_offers_from_a_shareable_url(client: TestClient) -> None:
    query = urlencode(
        [
            ("name", "Amazon"),
            ("base", "185000"),
            ("bonus_pct", "15"),
            ("sign_on", "50000"),
            ("equity", "400000"),
            ("vesting", "amazon"),
            ("name", "Cash"),
            ("base", "250,000"),
            ("role", "ml_engineer"),
            ("level", "senior"),
            ("metro", SEATTLE),
        ]
    )
    got = client.get(f"/offers?{query}")
    assert got.status_code == 200, got.text[-500:]
    page = Page(got.text)
    side = page.table("offers-table")
    assert side.rows[0][1:] == ["Amazon", "Cash"]
    assert side.rows[1] == ["First-year total", "$282,750", "$250,000"]
    assert side.rows[2] == ["Annualized total", "$325,250", "$250,000"]
    assert len(page.by_testid("offer-years")) == 2
    assert page.by_testid("market-notes")
    data = client.get(f"/offers?{query}&format=json").json()
    assert data["result"]["offers"][0]["annualized_total"] == 325_250


def test_offer_page_shows_errors_by_their_offer(client: TestClient) -> None:
    got = client.get("/offers?base=100000&base=-5&vesting=even&vesting=50,40")
    assert got.status_code == 422
    page = Page(got.text)
    (error,) = page.by_testid("offer-error")
    assert (error.attrs["id"], error.text) == ("o2-error", "vesting percentages sum to 90, not 100")
    assert page.table("offers-table").rows[0][1:] == ["Offer 1"]
    assert 'id="o2-base"' in got.text and 'aria-invalid="true"' in got.text
    assert "not a number" in Page(client.get("/offers?base=abc").text).html


def test_empty_offer_page_is_a_form(client: TestClient) -> None:
    page = Page(client.get("/offers").text)
    assert page.by_testid("offer-form") and not page.by_testid("offers-table")
    assert '<a href="/offers"' in page.html and '<a href="/ladder"' in page.html  # the nav


def test_ladder_page(client: TestClient) -> None:
    got = client.get("/ladder?company=Meta&years=3")
    assert got.status_code == 200
    page = Page(got.text)
    levels = page.table("ladder-table")
    assert [row[0] for row in levels.rows[1:]] == [
        "entry", "mid", "senior", "staff", "principal", "executive"
    ]  # fmt: skip
    assert "Meta E5" in levels.rows[3]
    assert "approximate" in page.by_testid("mapping-note")[0].text
    assert page.table("promotion-table").rows[1][0] == "entry → mid"
    assert page.table("path-table").rows[1][0] == "mid"
    assert page.table("management-table").rows[1][0] == "entry"
    assert client.get("/ladder?years=abc").status_code == 422


def test_ladder_page_shows_pay_by_the_companys_own_levels(client: TestClient) -> None:
    page = Page(client.get("/ladder?company=Amazon").text)
    table = page.table("company-level-table")
    assert [row[:2] for row in table.rows[1:]] == [
        ["L4", "entry"], ["L5", "mid"], ["L6", "senior"], ["L7", "staff"], ["L8", "principal"]
    ]  # fmt: skip
    l5 = table.rows[2]
    assert "software_engineer" in l5[2] and "n=" in l5[4]  # base pay from the H-1B filings
    assert "not enough data" in table.rows[5][4]  # no L8 title in the data: said, not guessed
    assert not Page(client.get("/ladder").text).by_testid("company-level-table")
