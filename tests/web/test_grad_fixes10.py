"""Defects a new graduate met on the pages in Chromium, over the in-process client: the
ladder's path blamed mid for entry's missing base pay."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.web.html import Page

FELL_BACK = "(the path is total pay elsewhere: too few records of it at this level here)"


def test_the_ladder_page_marks_the_levels_that_fell_back(client: TestClient) -> None:
    # It read "mid in 2 years base (total pay before this level, too few records of it
    # here)" beside the levels table's 1,452 mid total-pay records.
    page = Page(client.get("/ladder?country=US&years=0").text)
    rows = page.table("path-table").rows[1:]  # the header row first
    assert [(row[0], row[3].split()[0]) for row in rows[:3]] == [
        ("entry", "total"), ("mid", "total"), ("senior", "total"),
    ]  # fmt: skip
    marked = [row[0] for row in rows if FELL_BACK in row[3]]
    assert marked == [row[0] for row in rows if row[3].startswith("base")]
    assert {e.text for e in page.by_testid("path-component-changed")} <= {FELL_BACK}


ENTRY = "role=ml_engineer&level=entry&country=US&pay_component=total&years_experience="


def test_the_estimate_page_says_the_years_cannot_move_it(estimating: TestClient) -> None:
    # 0 and 1 years gave one figure, $135,900, and the page said nothing of why; the API's
    # header, the CLI and the page's JSON said it.
    page = Page(estimating.get(f"/estimate?{ENTRY}0").text)
    (said,) = page.by_testid("estimate-unheld-like")
    words = "no record like this profile holds years_experience: it cannot move this estimate"
    assert said.text == words[0].upper() + words[1:] + "."
    profile = {"role": "ml_engineer", "level": "entry", "country": "US", "years_experience": 0}
    api = estimating.post("/api/v1/estimate", json=profile)
    assert words in api.headers["x-paygrade-warning"]


def test_the_factors_example_is_right_arithmetic(estimating: TestClient) -> None:
    # "metro +12%: with the metro of an average record instead, the median would be 12%
    # lower": effect_pct is 100 x (median / median at the mix - 1), so it is 10.7% lower.
    (meaning,) = Page(estimating.get(f"/estimate?{ENTRY}0").text).by_testid(
        "estimate-factors-meaning"
    )
    said = " ".join(meaning.text.split())
    assert "the median is 12% above what it would be with the metro of an average record" in said
    assert "12% lower" not in said and "10.7% lower" in said


UNEVEN = (
    "/offers?role=ml_engineer&level=entry&country=US&name=A&name=B&name=C&base=140k&base=150k"
    "&base=135k&equity=200k&equity=200k&equity=200k&vesting=even&vesting=amazon&vesting=google"
    "&bonus_pct=10&sign_on_year2=20k"
)


def test_a_field_given_for_fewer_offers_is_said(client: TestClient) -> None:
    # bonus_pct and sign_on_year2 were put on offer A of three without a word.
    said = client.get(UNEVEN + "&format=json").json()["uneven"]
    one = "has 1 value for 3 offers: read as offer A's; give one per offer (empty for none)"
    assert said == [f"bonus_pct {one}", f"sign_on_year2 {one}"]
    notes = [e.text for e in Page(client.get(UNEVEN).text).by_testid("offers-uneven")]
    assert notes == [f"In the address, {s}." for s in said]


def test_the_forms_own_address_is_said_nothing(client: TestClient) -> None:
    # The form sends every column of every field, blank ones too: nothing uneven.
    even = "/offers?base=140k&base=150k&base=&bonus_pct=&bonus_pct=10&bonus_pct=&vesting=even"
    answer = client.get(even + "&vesting=even&vesting=even&format=json").json()
    assert answer["uneven"] == []
    two = client.get("/offers?base=140k&base=150k&bonus_pct=10&bonus_pct=12&format=json")
    assert two.json()["uneven"] == []


def test_the_offer_page_takes_a_bonus_percent_written_with_its_sign(client: TestClient) -> None:
    answer = client.get("/offers?base=150k&bonus_pct=10%25&growth_pct=5%25&format=json")
    assert answer.status_code == 200, answer.text
    assert answer.json()["result"]["offers"][0]["years"][0]["bonus"] == 15_000
    refused = client.get("/offers?base=150k&cliff_months=six&format=json")
    assert "cliff months: 'six' is not a number (write whole months" in refused.json()["detail"]
