"""Company searches on the server: each answered from the companies listed once per data
version (``companies.company_list``, kept in the published copy's memo), with the
library's answer to the same search."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

import paygrade.companies
from paygrade.companies import companies, cut_short, missed
from paygrade.config import Settings
from paygrade.store import Store
from paygrade.web import create_app

SEARCHES = ["intel corp.", "google", "open ai", "Alphabet", "  meta  ", "LLC", "gogle", "zzqx"]


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch, web_db: Path) -> list[dict[str, Any]]:
    """Every listing of companies the server asks the library for (its SQL), as asked:
    those of the store it serves (the expected answers come from a copy of it)."""
    asked: list[dict[str, Any]] = []
    listing = paygrade.companies._listed

    def counting(store: Store, where: Any, min_n: int) -> list[dict[str, Any]]:
        if Path(store.path).parent == web_db.parent:  # its published copy
            asked.append({"where": dict(where), "min_n": min_n})
        return listing(store, where, min_n)

    monkeypatch.setattr(paygrade.companies, "_listed", counting)
    return asked


@pytest.fixture
def client(web_db: Path, counted: list[dict[str, Any]]) -> Iterator[TestClient]:
    settings = Settings(db=web_db)
    with TestClient(create_app(settings), raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def library(web_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """The library's answers, from a copy of the store the server serves."""
    copy = tmp_path_factory.mktemp("library") / "library.duckdb"
    shutil.copyfile(web_db, copy)
    opened = Store.open(copy, read_only=True)
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
        said = missed(library, search, found) or cut_short(len(got.json()), len(found), "limit")
        assert got.headers.get("x-paygrade-warning") == said, search  # "LLC": 500 of 7,262
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
