"""The Estimate page in a browser, against a real `paygrade serve` with a trained (quick,
20-tree) model: the form, the range, the factors, the link to the similar records, and
the same answer as the JSON API of that server."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.conftest import DESKTOP, PHONE, Tab, _tab
from tests.e2e.helpers import records_total
from tests.e2e.test_pages import assert_fits_the_screen
from tests.web.conftest import Server


@pytest.fixture(scope="module")
def estimating_server(web_db: Path, web_models: Path) -> Iterator[Server]:
    # The session's model of the real store (trained once): this page reads, never writes.
    running = Server(web_db, env={"PAYGRADE_MODELS": str(web_models)})
    yield running
    running.stop()


@pytest.fixture(params=["desktop", "phone"])
def tab(
    request: pytest.FixtureRequest, browser: Browser, estimating_server: Server
) -> Iterator[Tab]:
    yield from _tab(browser, estimating_server, DESKTOP if request.param == "desktop" else PHONE)


def dollars(text: str) -> float:
    return float(re.sub(r"[^0-9.]", "", text))


def test_a_profile_gets_its_range_factors_and_similar_records(tab: Tab) -> None:
    page = tab.page
    tab.open("/estimate")
    page.get_by_label("role", exact=True).select_option("ml_engineer")
    page.get_by_label("level", exact=True).select_option("senior")
    page.get_by_label("country", exact=True).fill("US")
    with page.expect_navigation():
        page.get_by_role("button", name="Estimate").click()
    low = dollars(page.get_by_test_id("estimate-p10").inner_text())
    high = dollars(page.get_by_test_id("estimate-p90").inner_text())
    assert 0 < low < high
    assert page.get_by_test_id("estimate-chart").is_visible()
    # Readable and apart at either width: on a phone the labels were 7 px tall.
    boxes = [page.get_by_test_id(f"estimate-chart-{end}").bounding_box() for end in ("low", "high")]
    assert all(box is not None and box["height"] >= 11 for box in boxes), boxes
    left, right = boxes
    assert left is not None and right is not None and left["x"] + left["width"] < right["x"]
    fields = page.get_by_test_id("estimate-factors").locator("tbody th").all_inner_texts()
    assert sorted(fields) == ["country", "level", "role"]
    if page.viewport_size == PHONE:  # the factors' table made the page 453 px wide
        assert_fits_the_screen(page)
        # The answer is scrolled to: it began 1,500 px below the form's top on a phone.
        expect(page.get_by_test_id("estimate-p10")).to_be_in_viewport()

    answer = httpx.post(
        f"{tab.server.url}/api/v1/estimate",
        json={"role": "ml_engineer", "level": "senior", "country": "US"},
        timeout=30,
    ).json()
    assert (answer["p10"], answer["p90"]) == (low, high)

    similar = page.get_by_test_id("estimate-similar")
    assert dollars(similar.inner_text().split(" similar")[0]) == answer["n_similar"] > 0
    with page.expect_navigation():
        similar.click()
    assert page.url.startswith(f"{tab.server.url}/records?")
    assert records_total(page) == answer["n_similar"]
