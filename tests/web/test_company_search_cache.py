"""Company searches on the server: each answered from the companies listed once per data
version (``web.answers.company_list``), with the library's answer to the same search."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

import paygrade.web.answers
from paygrade.companies import companies, missed
from paygrade.config import Settings
from paygrade.store import Store
from paygrade.web import create_app

SEARCHES = ["intel corp.", "google", "open ai", "Alphabet", "  meta  ", "LLC", "gogle", "zzqx"]


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Every listing of companies the server asks the library for (its SQL), as asked."""
    asked: list[dict[str, Any]] = []
    listing = paygrade.web.answers.companies

    def counting(store: Store, **options: Any) -> list[dict[str, Any]]:
        asked.append(options)
        return listing(store, **options)

    monkeypatch.setattr(paygrade.web.answers, "companies", counting)
    return asked


@pytest.fixture
def client(web_db: Path, counted: list[dict[str, Any]]) -> Iterator[TestClient]:
    settings = Settings(db=web_db)
    with TestClient(create_app(settings), raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def library(web_db: Path) -> Iterator[Store]:
    opened = Store.open(web_db, read_only=True)
    yield opened
    opened.close()


def test_every_search_lists_the_companies_once_and_answers_as_the_library(
    client: TestClient, counted: list[dict[str, Any]], library: Store
) -> None:
    for search in SEARCHES:
        got = client.get("/api/v1/companies", params={"search": search, "limit": 500})
        assert got.status_code == 200, got.text
        assert got.json() == companies(library, search=search, limit=500), search
        found = companies(library, search=search)
        assert got.headers.get("x-paygrade-warning") == missed(library, search, found), search
    # One listing of every company served all eight searches and the notes beside the two
    # that found none (each search had listed and keyed all 27,000 companies again).
    assert counted == [{"where": {}, "min_n": 1}]


def test_filters_and_min_n_are_lists_of_their_own(
    client: TestClient, counted: list[dict[str, Any]], library: Store
) -> None:
    asks = [
        {"search": "google", "where": "country:US"},
        {"search": "intel", "where": "country:US"},
        {"search": "google", "min_n": 50},
        {"search": "meta", "min_n": 50},
    ]
    for params in asks:
        got = client.get("/api/v1/companies", params=params)
        assert got.status_code == 200, got.text
        where = {"country": ["US"]} if "where" in params else {}
        min_n = int(params.get("min_n", 1))
        expected = companies(library, where=where, min_n=min_n, search=str(params["search"]))
        assert got.json() == expected[:100]
        assert got.json(), params  # each finds some: a real answer, not an empty one
    assert counted == [{"where": {"country": ["US"]}, "min_n": 1}, {"where": {}, "min_n": 50}]


def test_the_company_page_searches_the_same_list(
    client: TestClient, counted: list[dict[str, Any]], library: Store
) -> None:
    for search in ("intel corp.", "open ai", "gogle"):
        page = client.get("/companies", params={"q": search, "format": "json"})
        assert page.status_code == 200
        shown = [{k: v for k, v in row.items() if k != "url"} for row in page.json()["companies"]]
        assert shown == companies(library, search=search)
    gogle = client.get("/companies", params={"q": "gogle", "format": "json"}).json()
    assert [near["company"] for near in gogle["suggestions"]] == ["Google"]
    api = client.get("/api/v1/companies", params={"search": "open ai"})
    assert [row["company"] for row in api.json()] == ["OpenAI"]
    assert counted == [{"where": {}, "min_n": 1}]  # the page and the API share it
