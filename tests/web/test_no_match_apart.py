"""Explore and the API say what each filter left out would match, when filters that each
match records match none together (tests/test_no_match_apart.py has the library's words)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from fastapi.testclient import TestClient

from tests.web.test_pages import html

ASKED = "where=company:Amazon&where=role:ml_engineer"


def test_the_api_says_what_each_filter_left_out_would_match(client: TestClient) -> None:
    got = client.get(f"/api/v1/stats?{ASKED}").json()["no_match"]
    company, role = got["each_left_out"]["company"], got["each_left_out"]["role"]
    alone = client.get("/api/v1/stats?where=role:ml_engineer").json()["groups"]
    assert company == sum(g["n"] for g in alone) > 1000
    assert (
        f"(without company: {company:,} records; without role: {role:,} records)"
        in (got["message"])
    )


def test_explore_links_to_the_question_without_each_filter_that_finds_records(
    client: TestClient,
) -> None:
    page = html(client, f"/explore?by=level&{ASKED}")
    (notice,) = page.by_testid("no-match")
    apart = client.get(f"/api/v1/stats?{ASKED}").json()["no_match"]["each_left_out"]
    assert f"without company: {apart['company']:,} records" in notice.text
    assert f"without role: {apart['role']:,} records" in notice.text
    asked = [parse_qs(urlsplit(link).query) for link in page.links() if "/explore?" in link]
    # The question again (by, the page's limit) with one filter left out: each a link.
    kept = [q["where"] for q in asked if q.get("by") == ["level"] and "limit" in q]
    assert kept == [["role:ml_engineer"], ["company:Amazon"]]
    # Each link's question finds records: the page of one shows its table.
    assert html(client, "/explore?by=level&where=role%3Aml_engineer").by_testid("stats-table")
