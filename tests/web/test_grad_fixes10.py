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
