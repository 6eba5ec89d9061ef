"""/api/v1/records and /records take ``distinct_rows`` as the statistics do, and keep it in
every link they make: Explore's Meta with distinct rows counted 1,895 records and its
records link listed 2,144 (every copy of identical rows; the page said it "does not read
'distinct_rows'")."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient
from playwright.sync_api import Browser, Page

from tests.e2e.conftest import PHONE, Watch, closed_clean, watched_page
from tests.web.conftest import Server
from tests.web.html import Page as Html

META = "where=company:Meta"
EXPLORE_META = f"/explore?by=company&{META}&distinct_rows=true"


def _json(client: TestClient, url: str) -> Any:
    answer = client.get(url + "&format=json")
    assert answer.status_code == 200, answer.text
    return answer.json()


def _n_once(client: TestClient) -> int:
    """Meta's n in the statistics, identical rows of a file counted once."""
    answer = client.get(f"/api/v1/stats?by=company&{META}&distinct_rows=true")
    assert answer.status_code == 200, answer.text
    (group,) = answer.json()["groups"]
    return int(group["n"])


def _asked(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def test_the_api_lists_identical_rows_once_when_asked(client: TestClient) -> None:
    n = _n_once(client)
    listed = client.get(f"/api/v1/records?{META}&distinct_rows=true&per_page=500")
    assert listed.status_code == 200, listed.text  # it was 422: no such parameter
    assert listed.json()["total"] == n
    assert {row["dup_rank"] for row in listed.json()["rows"]} == {1}
    every = client.get(f"/api/v1/records?{META}").json()
    assert every["total"] > n


def test_the_records_page_takes_distinct_rows_and_says_it(client: TestClient) -> None:
    n = _n_once(client)
    url = f"/records?{META}&distinct_rows=true"
    page = _json(client, url)
    assert page["listing"]["total"] == n and page["distinct_rows"] is True
    html = Html(client.get(url).text)
    (said,) = html.by_testid("records-distinct-rows")
    assert "identical rows of a file listed once" in said.text
    (table,) = html.by_testid("records-table")
    assert f"of {n:,}" in table.text
    # Without it: every copy, and nothing said.
    assert _json(client, f"/records?{META}")["listing"]["total"] > n
    assert not Html(client.get(f"/records?{META}").text).by_testid("records-distinct-rows")


def test_the_records_pages_links_keep_distinct_rows(client: TestClient) -> None:
    page = _json(client, f"/records?{META}&distinct_rows=true&per_page=100")
    following = page["pages"]["next"]
    assert _asked(following)["distinct_rows"] == ["true"]
    assert _asked(following)["per_page"] == ["100"]
    assert _json(client, following)["listing"]["total"] == page["listing"]["total"]
    assert _asked(page["explore_url"])["distinct_rows"] == ["true"]
    # A value no record holds: each suggestion is the same listing, distinct_rows and all.
    typo = _json(client, "/records?where=company:Metaa&distinct_rows=true")
    (unmatched,) = typo["unmatched"]
    assert unmatched["links"] and all(
        _asked(link["url"])["distinct_rows"] == ["true"] for link in unmatched["links"]
    )


def test_explores_records_links_carry_distinct_rows(client: TestClient) -> None:
    figure = _json(client, EXPLORE_META)["figure"]
    (group,) = figure["groups"]
    assert _asked(group["records_url"])["distinct_rows"] == ["true"]
    assert _asked(figure["links"]["records"])["distinct_rows"] == ["true"]
    assert _json(client, group["records_url"])["listing"]["total"] == group["n"] == _n_once(client)
    # The note that said the links listed every copy is gone with what it said.
    assert not Html(client.get(EXPLORE_META).text).by_testid("records-every-copy")


@pytest.fixture
def phone(browser: Browser, server: Server) -> Iterator[tuple[Page, Watch]]:
    page, watch = watched_page(browser, server.url, PHONE)
    yield page, watch
    closed_clean(page, watch)


def test_following_a_rows_records_link_lists_its_n(phone: tuple[Page, Watch]) -> None:
    page, _ = phone
    page.goto(EXPLORE_META, wait_until="networkidle")
    n = page.locator("table tbody tr td.num").first.inner_text()
    with page.expect_navigation():
        page.locator("table tbody tr a", has_text="records").first.click()
    assert "distinct_rows=true" in page.url
    caption = page.locator("[data-testid=records-table] caption").inner_text()
    assert caption.endswith(f"of {n}, newest year first"), (caption, n)
    assert page.locator("[data-testid=records-distinct-rows]").is_visible()
