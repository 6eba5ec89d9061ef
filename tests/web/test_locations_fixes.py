"""/locations and /ladder as an auditor met them: a city with its state found nothing, the
flagged records the rows leave out went unsaid, most metros' links opened a page of no
records, and /ladder read "Google\\x00" as Google."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import pytest
from fastapi.testclient import TestClient

from paygrade.ladder import NOT_ENOUGH, projected_path
from paygrade.records import FLAGGED_MEANS
from paygrade.web.pages import ladder as pages_ladder
from tests.web.html import Page

NYC = "New York-Newark-Jersey City, NY-NJ"
MIAMI = "Miami-Fort Lauderdale-West Palm Beach, FL"


def _json(client: TestClient, url: str) -> Any:
    answer = client.get(url + ("&" if "?" in url else "?") + "format=json")
    assert answer.status_code == 200, answer.text
    return answer.json()


@pytest.mark.parametrize(
    ("search", "metro"),
    [
        ("Mountain View, CA", "San Jose-Sunnyvale-Santa Clara, CA"),
        ("Redmond, WA", "Seattle-Tacoma-Bellevue, WA"),
        ("Menlo Park, CA", "San Francisco-Oakland-Fremont, CA"),
    ],
)
def test_a_city_given_with_its_state_finds_the_metro_compare_resolves(
    client: TestClient, search: str, metro: str
) -> None:
    # It found no metro, while /locations/Mountain View, CA and `compare --metro` resolved it.
    found = _json(client, f"/locations?{urlencode({'q': search})}")["metros"]
    assert [row["metro"] for row in found] == [metro]
    resolved = _json(client, f"/locations/{search}")["metro"]
    assert resolved == metro


def test_the_flagged_records_the_rows_leave_out_are_said(client: TestClient) -> None:
    # NYC's row showed 5,039 records of 5,040 (one flagged base_above_1m), without a word.
    page = _json(client, "/locations")
    rows = {row["metro"]: row for row in page["metros"]}
    every = client.get(
        "/api/v1/stats",
        params={"by": "metro", "where": "country:US", "include_flagged": "true"},
    ).json()
    held = {group["key"]["metro"]: group["n"] for group in every["groups"]}
    assert rows[NYC]["flagged_excluded"] >= 1
    for name, row in rows.items():
        assert row["n"] + row["flagged_excluded"] == held[name], name
    assert page["flagged_excluded"] == sum(row["flagged_excluded"] for row in rows.values())
    (said,) = Page(client.get("/locations").text).by_testid("locations-flagged")
    assert said.text.strip() == (
        f"Left out: {page['flagged_excluded']} flagged records (each {FLAGGED_MEANS})."
    )
    # A search shows the flagged records of its rows only.
    assert _json(client, "/locations?q=NYC")["flagged_excluded"] == rows[NYC]["flagged_excluded"]


def _holds_metro_records(location: dict[str, Any]) -> bool:
    """Whether a location page's comparison has records of the metro itself."""
    return any(
        row["source"] not in ("oews", "oflc") and not row.get("state")
        for row in location["compare"]["rows"]
    )


def test_every_metro_listed_links_to_a_page_with_its_records(client: TestClient) -> None:
    # 366 of 417 links opened the default role, ml_engineer, of which the metro held none.
    listed = _json(client, "/locations")["metros"]
    sample = [*listed[:5], *listed[-25:]]  # the smallest hold no ml_engineer record
    pages = [(row, _json(client, row["url"])) for row in sample]
    assert [row["url"] for row, page in pages if not _holds_metro_records(page)] == []
    for row, page in pages:
        assert page["records_url"] is not None
        assert page["role"] == row["role"], row["metro"]  # the row says the role it opens
    without = [row for row in listed if row["role"] != "ml_engineer"]
    assert len(without) > len(listed) / 2
    links = Page(client.get("/locations").text).table("locations-table").links
    assert any("?role=" in link for hrefs in links for link in hrefs)


def test_a_location_without_records_of_the_role_offers_no_empty_listing(
    client: TestClient,
) -> None:
    empty = _json(client, f"/locations/{MIAMI}?role=ml_engineer")
    assert not _holds_metro_records(empty)
    assert (empty["records_url"], empty["explore_url"]) == (None, None)
    html = client.get(f"/locations/{MIAMI}?role=ml_engineer").text
    assert "records behind them" not in html and "explore these records" not in html
    held = _json(client, f"/locations/{NYC}?role=ml_engineer")
    assert held["records_url"] and held["explore_url"]
    assert "records behind them" in client.get(f"/locations/{NYC}").text


@pytest.mark.parametrize("url", ["/ladder?company=Google%00", "/api/v1/ladder?company=Google%00"])
def test_the_ladder_refuses_a_company_with_a_control_character(
    client: TestClient, url: str
) -> None:
    # /companies/Google%00 was refused; /ladder and /api/v1/ladder answered as Google.
    answer = client.get(url if url.startswith("/api") else f"{url}&format=json")
    assert answer.status_code == 422
    assert answer.json()["detail"] == "company 'Google\\x00' holds a control character"
    page = Page(client.get(url).text)
    if url.startswith("/ladder"):
        marked = [e.attrs["name"] for e in page.elements if e.attrs.get("aria-invalid")]
        assert marked == ["company"]


def test_the_path_says_where_its_pay_component_changes(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    # No path of the real data changes component (one prices every level): a fixture path,
    # entry and mid priced in total pay only, senior in base only.
    enough = {"n": 50, "n_distinct": 40, "p25": 90_000.0, "p50": 100_000.0, "p75": 110_000.0}
    thin = {"n": 2, "n_distinct": 2, "note": NOT_ENOUGH}
    fixture = {
        "entry": {"total": enough, "base": thin},
        "mid": {"total": enough, "base": thin},
        "senior": {"total": thin, "base": enough},
        "staff": {"total": thin, "base": thin},
        "principal": {"total": thin, "base": thin},
    }
    real = pages_ladder.ladder_answer

    def with_fixture_path(*asked: Any) -> dict[str, Any]:
        return {**real(*asked), "path": projected_path(fixture, level="entry")}

    monkeypatch.setattr(pages_ladder, "ladder_answer", with_fixture_path)
    page = Page(client.get("/ladder?level=entry").text)
    (said,) = page.by_testid("path-component-changed")
    fell_back = "(the path is total pay elsewhere: too few records of it at this level here)"
    assert said.text == fell_back
    senior = page.table("path-table").rows[3]
    assert senior[0] == "senior" and senior[3].startswith("base")
