"""Every fault of an offer said at once, on every face, led by its offer only where several
are given. As a user met them: `paygrade offer --base abc --cliff-months 13` said "abc"
alone (the CLI's own reader refused it before the library saw the cliff), where the page
and the API say both; two offers at two places no record holds were said one at a time
(the first alone); the Offer check page led a lone offer's fault with "Offer 1:", which
the CLI and the MCP tool, of one offer, never say; and its intro named stock alone, though
it takes options with a strike.

The CLI through the console script (one process, ``run_each``), the API and the page from a
real `paygrade serve` over HTTP, the page's words as Chromium shows them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Page

from tests.conftest import run_each
from tests.e2e.conftest import DESKTOP, Watch, closed_clean, watched_page
from tests.test_cli import assert_one_error_line
from tests.web.conftest import Server

EVALUATE = "/api/v1/offers/evaluate"
# Places no record holds, as a user mistypes them (neither is a metro).
NOWHERE = ("Atlantis", "Narnia")


def cli_errors(server_db: Any, *asked: list[str]) -> list[Any]:
    return run_each(*(["--db", server_db, "offer", *options] for options in asked))


def said(done: Any) -> str:
    """A CLI run's one error line, without its "error: "."""
    return done.stderr.strip().removeprefix("error: ")


def page_detail(server: Server, query: dict[str, Any]) -> str:
    got = httpx.get(f"{server.url}/offers", params={**query, "format": "json"}, timeout=60)
    assert got.status_code == 422, got.text
    detail: str = got.json()["detail"]
    return detail


# ---------------------------------------------------------------- 1: the CLI's own reader


@pytest.mark.parametrize(
    ("unread", "other", "unread_first"),
    [
        (["--base", "abc"], ["--cliff-months", "13"], True),
        (["--shares", "1,2", "--price", "5"], ["--growth", "500"], True),
        # The role before the years, as the form and every face say a profile's faults.
        (["--years", "abc"], ["--role", "wizard"], False),
    ],
)
def test_the_cli_says_an_option_it_cannot_read_with_every_other_fault(
    web_db: Any, server: Server, unread: list[str], other: list[str], unread_first: bool
) -> None:
    right = ["--base", "185000"]  # a base the library takes, where it is not the one unread
    base = [] if "--base" in unread else right
    alone_unread, alone_other, together = cli_errors(
        web_db, [*base, *unread], [*right, *other], [*base, *unread, *other]
    )
    assert alone_unread.returncode == 2 and alone_other.returncode == 1
    # Had been the unread option alone: "Invalid value for '--base': 'abc' is not an amount".
    # Each in the order of the inputs they are about.
    each = [said(alone_unread), said(alone_other)][:: 1 if unread_first else -1]
    assert_one_error_line(together, 2, each[0])  # a usage mistake still, status 2
    assert said(together) == "; ".join(each)


def test_the_cli_reads_an_amount_in_the_pages_words(web_db: Any, server: Server) -> None:
    (cli,) = cli_errors(web_db, ["--base", "abc", "--cliff-months", "13"])
    page = page_detail(server, {"base": "abc", "cliff_months": "13"})
    # The same reader and words, each face naming the input its way (option, field).
    assert page.startswith("base: 'abc'") and "; the cliff" in page
    assert said(cli) == "Invalid value for '--base': " + page.removeprefix("base: ")


# ---------------------------------------------------------------- 2: each unknown place


def test_the_api_says_each_offers_unknown_place(server: Server) -> None:
    def offer(metro: str) -> dict[str, Any]:
        return {"base": 185_000, "role": "ml_engineer", "metro": metro}

    def evaluated(*metros: str) -> Any:
        body = {"offers": [offer(metro) for metro in metros]}
        return httpx.post(f"{server.url}{EVALUATE}", json=body, timeout=60)

    alone = [evaluated(metro).json()["errors"]["offers.0.metro"] for metro in NOWHERE]
    both = evaluated(*NOWHERE)
    assert both.status_code == 422
    # Had been offers.0's alone; offers.1's said only once the first was put right.
    assert both.json()["errors"] == {"offers.0.metro": alone[0], "offers.1.metro": alone[1]}
    assert both.json()["detail"] == f"offers.0.metro: {alone[0]}; offers.1.metro: {alone[1]}"


def test_the_page_says_its_shared_unknown_place_once(server: Server) -> None:
    query = {"base": ["185000", "150000"], "role": "ml_engineer", "metro": NOWHERE[0]}
    one = page_detail(server, {**query, "base": "185000"})
    assert page_detail(server, query) == one  # said once, not once per offer


# ---------------------------------------------------------------- 3: "offer N:" only of several


def test_a_lone_offers_fault_is_led_by_no_offer_on_any_face(web_db: Any, server: Server) -> None:
    (cli,) = cli_errors(web_db, ["--base", "1", "--cliff-months", "13"])
    # Had been "offer 1: base of 1 ...; offer 1: the cliff ...".
    assert page_detail(server, {"base": "1", "cliff_months": "13"}) == said(cli)


def test_several_offers_faults_are_each_led_by_their_offer(web_db: Any, server: Server) -> None:
    (cli,) = cli_errors(web_db, ["--base", "1"])
    assert page_detail(server, {"base": ["185000", "1"]}) == f"offer 2: {said(cli)}"


@pytest.fixture
def desktop(browser: Browser, server: Server) -> Iterator[tuple[Page, Watch]]:
    page, watch = watched_page(browser, server.url, DESKTOP)
    yield page, watch
    closed_clean(page, watch)


def test_the_pages_list_of_faults_leads_by_offer_only_when_several(
    desktop: tuple[Page, Watch], web_db: Any
) -> None:
    page, watch = desktop
    watch.expect_status(422)
    (cli,) = cli_errors(web_db, ["--base", "1"])
    page.goto("/offers?base=1")
    listed = page.get_by_test_id("offer-errors").locator("li")
    # Had been "Offer 1: base of 1 a year ...", of the one offer given.
    assert listed.all_inner_texts() == [said(cli)]
    page.goto("/offers?base=185000&base=1")
    assert listed.all_inner_texts() == [f"offer 2: {said(cli)}"]


# ---------------------------------------------------------------- 4: the intro names options


def test_the_offer_pages_intro_says_how_options_count(desktop: tuple[Page, Watch]) -> None:
    page, _ = desktop
    page.goto("/offers")
    intro = page.locator("main p").first.inner_text()
    # Had said "Stock is the value vesting each year" alone: the form takes a strike.
    assert "stock options" in intro and "strike" in intro and "spread" in intro
    assert page.get_by_label("Strike price per share (options)").count() == 3
