"""The Offer check page shows a year's parts in whole units that add up to its total, by
the command line's rule; its JSON keeps the cents."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.web.html import Page

# Hand-written fixture amounts: each part ends in .50, so each rounded on its own rounds up.
HALVES = {"base": "100000.50", "bonus": "10000.50", "sign_on": "100.50"}


def dollars(cell: str) -> int:
    return int(cell.removeprefix("$").replace(",", ""))


def test_the_pages_year_parts_add_up_to_its_total(client: TestClient) -> None:
    # Shown $100,001 + $10,001 + $101 beside a total of $110,102 (110,101.50).
    got = client.get("/offers", params=HALVES)
    assert got.status_code == 200, got.text[-500:]
    _header, first, *later = Page(got.text).table("offer-years").rows
    assert first == ["1", "$100,001", "$10,000", "$0", "$101", "$110,102"]
    for _year, *parts, total in [first, *later]:
        assert sum(map(dollars, parts)) == dollars(total)
    side = Page(got.text).table("offers-table").rows
    assert side[1] == ["First-year total", "$110,102"]  # the year table's total
    # The page's JSON keeps every figure to the cent.
    (offer,) = client.get("/offers", params={**HALVES, "format": "json"}).json()["result"]["offers"]
    assert (offer["years"][0]["bonus"], offer["years"][0]["total"]) == (10_000.5, 110_101.5)
