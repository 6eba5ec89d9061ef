"""Stock options in the offer check, audited as a compensation analyst would read them:
options worth nothing when granted (a strike at or above the price) showed rows of 0 and
an annualized total without them, unexplained; and the survey note said such an offer's
annualized total "counts its stock" (it counted none), and called options in the money
stock. Now the options line says "under water" / "at the money", and the note names the
grant the annualized total counts, or is not said."""

from __future__ import annotations

import json
from pathlib import Path

from fastapi.testclient import TestClient

from paygrade.offers import SURVEY_TOTAL_WITHOUT
from tests.conftest import ok_each
from tests.web.html import Page

# A startup's grant: 10,000 options, the share at 5.00 when granted, growing 10% a year.
GRANT = ("--base", "150000", "--shares", "10000", "--price", "5", "--growth", "10")
# Peers whose total pay is the aijobs survey's (ml_engineer, senior, Germany: 28 of them).
SURVEY_PEERS = ("--role", "ml_engineer", "--level", "senior", "--country", "DE")
UNDER_WATER = "under water when granted (the strike above the price)"
AT_THE_MONEY = "at the money when granted (the strike is the price)"


def flat(text: str) -> str:
    return " ".join(text.split())


def test_options_worth_nothing_when_granted_are_said_so(real_db: Path) -> None:
    under, at, within = ok_each(
        *(("--db", real_db, "offer", *GRANT, "--strike", s) for s in ("6", "5", "1"))
    )
    # Strike 6 above the price 5: year 1 is 0 (5.50 < 6), the annualized total the base.
    assert "first-year total: 150,000" in under and "annualized total: 150,000" in under
    assert UNDER_WATER in flat(under) and AT_THE_MONEY not in flat(under)
    assert AT_THE_MONEY in flat(at) and UNDER_WATER not in flat(at)
    assert "when granted (the strike" not in flat(within)  # in the money: nothing more


def test_the_page_says_options_under_water(app: TestClient) -> None:
    query = {"base": "150000", "shares": "10000", "price": "5", "strike": "6", "growth_pct": "10"}
    page = app.get("/offers", params=query)
    assert page.status_code == 200, page.text[:300]
    (said,) = Page(page.text).by_testid("offer-options")
    assert UNDER_WATER in flat(said.text)


def test_the_survey_note_names_the_grant_the_annualized_total_counts(real_db: Path) -> None:
    asked = ("--db", real_db, "offer", *GRANT, *SURVEY_PEERS, "--format", "json")
    refreshers = ("--db", real_db, "offer", "--base", "150000", "--refresher", "20000")
    within, under, refresher_only = (
        json.loads(out)
        for out in ok_each(
            (*asked, "--strike", "1"),
            (*asked, "--strike", "6"),
            (*refreshers, *SURVEY_PEERS, "--format", "json"),
        )
    )
    for answer in (within, under, refresher_only):
        assert answer["market"]["pay_component"] == "total"
        assert "aijobs" in answer["market"]["sources"]
    # Options in the money: their spread is counted, and they are called options.
    assert within["annualized_total"] == 150_000 + 10_000 * 4 / 4
    assert within["market"]["note"] == SURVEY_TOTAL_WITHOUT.format(grant="options")
    # Under water, or refreshers alone: the annualized total is the base, no stock in it.
    for answer in (under, refresher_only):
        assert answer["annualized_total"] == 150_000
        assert "counts its" not in answer["market"].get("note", "")


def test_options_at_the_money_still_vest_by_their_schedule(real_db: Path, app: TestClient) -> None:
    # 10,000 options at the money, no growth: every row's options are 0, yet they vest. The
    # page's Vesting row had said "no stock" of them beside a stock offer, and the CLI no
    # schedule at all.
    (table,) = ok_each(("--db", real_db, "offer", "--base", "150000", "--shares", "10000",
                        "--price", "5", "--strike", "5"))  # fmt: skip
    assert "vesting: even 25/25/25/25%, a 12-month cliff, then monthly" in table
    query = [
        ("name", "Startup"), ("name", "BigCo"), ("base", "150000"), ("base", "160000"),
        ("shares", "10000"), ("shares", ""), ("price", "5"), ("price", ""),
        ("strike", "5"), ("strike", ""), ("equity", ""), ("equity", "100000"),
        ("vesting", "even"), ("vesting", "amazon"),
    ]  # fmt: skip
    page = app.get("/offers", params=query)
    assert page.status_code == 200, page.text[:300]
    (vesting,) = Page(page.text).by_testid("offer-vesting")
    assert "no stock" not in vesting.text
    assert "even 25/25/25/25%, a 12-month cliff, then monthly" in flat(vesting.text)


def test_options_on_a_share_at_0_are_worth_0_not_an_internal_error(
    real_db: Path, app: TestClient
) -> None:
    # A share at 0 with a strike: a division by zero had answered "internal error" (CLI 70,
    # API and page 500); a grant of 0 is worth 0, as stock at 0 is.
    (answer,) = ok_each(("--db", real_db, "offer", "--base", "150000", "--shares", "100",
                         "--price", "0", "--strike", "1", "--format", "json"))  # fmt: skip
    cli = json.loads(answer)
    assert [row["options"] for row in cli["years"]] == [0.0] * 4
    assert cli["annualized_total"] == 150_000 and cli["options"]["spread"] == 0
    offer = {"base": 150_000, "shares": 100, "price": 0, "strike": 1}
    api = app.post("/api/v1/offers/evaluate", json={"offers": [offer]})
    assert api.status_code == 200, api.text
    assert {k: v for k, v in api.json()["offers"][0].items() if k != "name"} == cli
    page = app.get("/offers", params={k: str(v) for k, v in offer.items()})
    assert page.status_code == 200, page.text[:300]
    assert Page(page.text).table("offer-years").rows[1][4] == "$0"


def test_options_in_another_currency_name_it_on_the_cli_and_the_page(
    real_db: Path, app: TestClient
) -> None:
    # "the share at 5 when granted" of an offer in EUR named no currency; in USD, as before.
    in_euros, in_dollars = ok_each(
        ("--db", real_db, "offer", *GRANT, "--strike", "1", "--currency", "EUR"),
        ("--db", real_db, "offer", *GRANT, "--strike", "1"),
    )
    assert "at a strike of 1 EUR, the share at 5 EUR when granted" in flat(in_euros)
    assert "at a strike of 1, the share at 5 when granted" in flat(in_dollars)
    query = {"base": "150000", "shares": "10000", "price": "5", "strike": "1"}
    for currency, said in (("EUR", "1 EUR, the share at 5 EUR"), ("USD", "1, the share at 5")):
        page = app.get("/offers", params={**query, "currency": currency})
        assert page.status_code == 200, page.text[:300]
        (line,) = Page(page.text).by_testid("offer-options")
        assert f"at a strike of {said} when granted" in flat(line.text)
