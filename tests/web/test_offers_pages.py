"""Offer check and Career ladder through the web app: the JSON API, the pages, errors."""

from __future__ import annotations

import html
from typing import Any
from urllib.parse import urlencode

import pytest
from fastapi.testclient import TestClient

from paygrade.records import LEVELS
from tests.web.html import Element, Page

SEATTLE = "Seattle-Tacoma-Bellevue, WA"
ISSUE_OFFER = {
    "base": 185_000,
    "bonus_pct": 15,
    "sign_on": 50_000,
    "equity": 400_000,
    "vesting": "amazon",
    "role": "ml_engineer",
    "level": "senior",
    "metro": SEATTLE,
}


# What `paygrade offer` says of an amount, and of a plain number, it cannot read.
NO_AMOUNT = "is not an amount (write 185000, $185,000 or 185k; a dot marks decimals)"
NO_NUMBER = "is not a number (write 1200, 1,200 or 12.5; a dot marks decimals)"


def test_evaluate_api_gives_the_cli_contract_per_offer(client: TestClient) -> None:
    got = client.post("/api/v1/offers/evaluate", json={"offers": [ISSUE_OFFER, {"base": 1e5}]})
    assert got.status_code == 200, got.text
    first, second = got.json()["offers"]
    assert [r["stock"] for r in first["years"]] == [20_000, 60_000, 160_000, 160_000]
    assert (first["first_year_total"], first["annualized_total"]) == (282_750, 325_250)
    assert first["market"]["n"] >= 5 and first["market"]["pay_component"] in ("base", "total")
    assert (second["name"], second["market"]) == ("Offer 2", None)


def test_evaluate_api_refuses_bad_offers_with_422(client: TestClient) -> None:
    cases: list[tuple[dict[str, Any], str]] = [
        ({"base": -1}, "base"),
        ({"base": 100_000, "vesting": "50,40"}, "vesting percentages sum to 90, not 100"),
        ({"base": 100_000, "vesting": "nvidia"}, "unknown vesting preset"),
        ({"base": 1e12}, "base"),
        ({"base": 100_000, "role": "ml_engineer", "metro": "Atlantis"}, "no record has metro"),
        # A misspelled key was dropped: the offer came back without its bonus.
        (
            {"base": 100_000, "bonus_percent": 15},
            "offers.0.bonus_percent: unknown field 'bonus_percent' (did you mean bonus_pct?)",
        ),
        # Sent null, it was dropped as "not given", without a word.
        (
            {"base": 100_000, "bonus_percent": None},
            "offers.0.bonus_percent: unknown field 'bonus_percent' (did you mean bonus_pct?)",
        ),
        # Numbers as text were converted, which the MCP tool refuses (values as typed).
        ({"base": "185000"}, "offers.0.base: input should be a number, not text"),
        ({"base": 100_000, "cliff_months": "6"}, "offers.0.cliff_months: input should be a"),
    ]
    for offer, message in cases:
        got = client.post("/api/v1/offers/evaluate", json={"offers": [offer]})
        assert got.status_code == 422, offer
        assert message in got.json()["detail"], got.json()
    assert client.post("/api/v1/offers/evaluate", json={"offers": []}).status_code == 422
    # One offer sent unwrapped: every key was "Extra inputs are not permitted".
    got = client.post("/api/v1/offers/evaluate", json=ISSUE_OFFER)
    assert got.status_code == 422
    assert got.json()["detail"].startswith('the body is {"offers": [OFFER, ...]}')
    assert "Extra inputs" not in got.json()["detail"]


def test_an_offer_field_sent_null_is_one_not_sent(client: TestClient) -> None:
    # "sign_on": null was 422 "offers.0.sign_on: Input should be a valid number", pydantic's
    # words beside ours; a null is an option left out, as the CLI's, its default taken.
    nulls = dict.fromkeys(["name", "bonus_pct", "bonus", "sign_on", "sign_on_year2", "equity",
                           "vesting", "cliff_months", "vest_every", "refresher", "growth_pct",
                           "role", "level", "metro", "country", "currency"])  # fmt: skip
    sent = client.post("/api/v1/offers/evaluate", json={"offers": [{"base": 1e5, **nulls}]})
    plain = client.post("/api/v1/offers/evaluate", json={"offers": [{"base": 1e5}]})
    assert sent.status_code == 200 and sent.json() == plain.json()
    # A required one sent null is missing, said as the MCP tools say it.
    for body in ({"offers": [{"base": None}]}, {"offers": [{}]}):
        refused = client.post("/api/v1/offers/evaluate", json=body)
        assert refused.status_code == 422
        assert refused.json()["detail"] == "offers.0.base: is required"


def test_offers_in_another_currency_api_and_page(client: TestClient) -> None:
    offer = {"base": 85_000, "currency": "eur", "role": "ml_engineer", "country": "DE"}
    (got,) = client.post("/api/v1/offers/evaluate", json={"offers": [offer]}).json()["offers"]
    assert got["currency"] == "EUR" and got["market"]["compared_in_usd"]["annualized_total"] > 0
    url = "/offers?base=85k&role=ml_engineer&country=DE&currency=eur"
    page = Page(client.get(url).text)
    assert page.table("offers-table").rows[1][1] == "85,000 EUR"  # no dollar sign
    assert " USD per EUR " in page.by_testid("compared-in-usd")[0].text
    # A currency that is none is said once, for the page.
    bad = client.get("/offers?base=85k&base=90k&role=ml_engineer&country=DE&currency=eux")
    assert bad.status_code == 422
    (error,) = Page(bad.text).by_testid("offer-error")
    assert error.text == (
        "currency: no currency is called 'eux'; did you mean EUR? (a currency by its ISO 4217 "
        "code, e.g. USD or EUR)"
    )


def test_ladder_api(client: TestClient) -> None:
    got = client.get("/api/v1/ladder", params={"company": "Google", "years": 3})
    assert got.status_code == 200
    result = got.json()
    assert result["levels"][2]["company_levels"] == {"Google": ["L5"]}
    assert result["path"][0]["level"] == "mid"
    assert client.get("/api/v1/ladder", params={"company": "Initech"}).status_code == 422


def test_offer_page_compares_offers_from_a_shareable_url(client: TestClient) -> None:
    query = urlencode(
        [
            ("name", "Amazon"),
            ("base", "185000"),
            ("bonus_pct", "15"),
            ("sign_on", "50000"),
            ("equity", "400000"),
            ("vesting", "amazon"),
            ("name", "Cash"),
            ("base", "250,000"),
            ("role", "ml_engineer"),
            ("level", "senior"),
            ("metro", SEATTLE),
        ]
    )
    got = client.get(f"/offers?{query}")
    assert got.status_code == 200, got.text[-500:]
    page = Page(got.text)
    side = page.table("offers-table")
    assert side.rows[0][1:] == ["Amazon", "Cash"]
    assert side.rows[1] == ["First-year total", "$282,750", "$250,000"]
    assert side.rows[2] == ["Annualized total", "$325,250", "$250,000"]
    assert len(page.by_testid("offer-years")) == 2
    assert page.by_testid("market-notes")
    data = client.get(f"/offers?{query}&format=json").json()
    assert data["result"]["offers"][0]["annualized_total"] == 325_250
    # An offer vesting over more years than the first: its later years had no row.
    longer = client.get("/offers?base=100000&base=100000&equity=100000&equity=100000"
                        "&vesting=even&vesting=10,20,20,20,30")  # fmt: skip
    rows = Page(longer.text).table("offers-table").rows
    assert ["Year 5 total", "—", "$130,000"] in rows


def test_a_page_error_asked_as_json_is_a_detail(client: TestClient) -> None:
    # /offers?format=json answered its whole page object with a 422; every other page
    # and the API say {"detail": ...}.
    got = client.get("/offers?base=nan&format=json")
    assert got.status_code == 422 and got.json() == {"detail": f"base: 'nan' {NO_AMOUNT}"}
    ladder = client.get("/ladder?years=nan&format=json")
    assert ladder.status_code == 422 and ladder.json() == {
        "detail": "years: 'nan' is not a finite number",
        "errors": {"years": "'nan' is not a finite number"},  # as /api/v1/ladder names it
    }
    # A blank company is none, as a blank country is.
    assert client.get("/ladder?company=%20&format=json").status_code == 200


def test_offer_page_shows_errors_by_their_offer(client: TestClient) -> None:
    got = client.get("/offers?base=100000&base=-5&vesting=even&vesting=50,40")
    assert got.status_code == 422
    page = Page(got.text)
    (error,) = page.by_testid("offer-error")
    # Each of the offer's faults, listed: the percentages had been said alone, the base not.
    both = "base cannot be negative" + "vesting percentages sum to 90, not 100"
    assert (error.attrs["id"], error.text) == ("o2-error", both)
    assert page.table("offers-table").rows[0][1:] == ["Offer 1"]
    assert 'id="o2-base"' in got.text and 'aria-invalid="true"' in got.text
    assert f"'abc' {NO_AMOUNT}" in html.unescape(client.get("/offers?base=abc").text)


@pytest.mark.parametrize(
    ("field", "text", "said"),
    [("bonus_pct", "12,5", "bonus pct"), ("growth_pct", "2,5", "growth pct"),
     ("shares", "1,5", "shares"), ("cliff_months", "1,2", "cliff months"),
     ("bonus_pct", "$15", "bonus pct"), ("years", "1,5", "years of experience")],
)  # fmt: skip
def test_offer_page_refuses_a_decimal_comma_as_the_command_line_does(
    client: TestClient, field: str, text: str, said: str
) -> None:
    # "12,5" was read as 125 (a bonus of 125% of base), "1,5" years as 15, "$15" as 15%.
    from paygrade.offers import FIELDS_WRITTEN, WRITTEN

    profile = {"role": "ml_engineer", "country": "US"} if field == "years" else {}
    got = client.get("/offers", params={"base": "100000", field: text, **profile})
    assert got.status_code == 422, got.text
    # How the field is written: a percent "10%", the cliff whole months, others "1200".
    written = FIELDS_WRITTEN.get(field, WRITTEN)
    assert f"{said}: {text!r} is not a number ({written})" in html.unescape(got.text)


def test_offer_page_says_a_bad_amount_in_the_command_lines_words(client: TestClient) -> None:
    # It said "base: '12,0000' is not a number", where `paygrade offer --base 12,0000` says
    # what an amount is written as.
    got = client.get("/offers", params={"base": "12,0000", "format": "json"})
    assert got.status_code == 422
    assert got.json() == {"detail": f"base: '12,0000' {NO_AMOUNT}"}
    (error,) = Page(client.get("/offers", params={"base": "12,0000"}).text).by_testid("offer-error")
    assert html.unescape(error.text) == f"base: '12,0000' {NO_AMOUNT}"


def test_empty_offer_page_is_a_form(client: TestClient) -> None:
    page = Page(client.get("/offers").text)
    assert page.by_testid("offer-form") and not page.by_testid("offers-table")
    assert '<a href="/offers"' in page.html and '<a href="/ladder"' in page.html  # the nav


def test_ladder_page(client: TestClient) -> None:
    got = client.get("/ladder?company=Meta&years=3")
    assert got.status_code == 200
    page = Page(got.text)
    levels = page.table("ladder-table")
    assert [row[0] for row in levels.rows[1:]] == [
        "entry", "mid", "senior", "staff", "principal", "executive"
    ]  # fmt: skip
    assert "Meta E5" in levels.rows[3]
    assert "approximate" in page.by_testid("mapping-note")[0].text
    # A blank role is the default one, as a blank company or level is none: it was 422
    # "Role '' is not one of ...".
    blank = client.get("/ladder?role=&company=Meta&years=3")
    assert blank.status_code == 200 and Page(blank.text).table("ladder-table").rows == levels.rows
    assert page.table("promotion-table").rows[1][0] == "entry → mid"
    assert page.table("path-table").rows[1][0] == "mid"
    assert page.table("management-table").rows[1][0] == "entry"
    assert client.get("/ladder?years=abc").status_code == 422
    own = Page(client.get("/ladder?company=Meta&level=E5").text)
    assert own.by_testid("path-level-read")[0].text.startswith("E5 at Meta is read as senior")
    assert own.table("path-table").rows[1][0] == "senior"
    # A step down reads one minus sign, money's and percent's alike ("−$35,450 (-16.6%)").
    steps = Page(client.get("/ladder?country=US").text).table("promotion-table")
    cells = [cell for row in steps.rows[1:] for cell in row if "%)" in cell]
    assert any("(−" in cell for cell in cells) and not any("(-" in cell for cell in cells)
    # The form gives the years back as typed: "7" had come back "7.0".
    (years,) = [e for e in Page(client.get("/ladder?years=7").text).elements
                if e.tag == "input" and e.attrs.get("name") == "years"]  # fmt: skip
    assert years.attrs["value"] == "7"
    # The form keeps it, saying whose it is (it had said "E5" alone).
    assert '<option value="E5" selected>E5 (Meta&#39;s level, read as senior)</option>' in own.html
    # The levels offered are those a path starts from: executive was, and was always a 422.
    offered = [e.attrs["value"] for e in Page(client.get("/ladder").text).elements
               if e.tag == "option" and e.attrs.get("value") in {*LEVELS, ""}]  # fmt: skip
    assert offered[-5:] == ["entry", "mid", "senior", "staff", "principal"]
    assert "executive" not in offered


def test_ladder_page_names_its_countries_and_takes_one(client: TestClient) -> None:
    # Its pay mixed every country without a word (entry median $129,200 against $137,750
    # for the US) and had no way to choose one.
    every = Page(client.get("/ladder").text)
    assert every.by_testid("ladder-population")[0].text.startswith("in every country")
    us = Page(client.get("/ladder?country=united states").text)
    assert us.by_testid("ladder-population")[0].text == "in US"
    api = client.get("/api/v1/ladder", params={"country": "US"}).json()
    entry = api["levels"][0]["pay"]["total"]
    assert us.table("ladder-table").rows[1][2].startswith(f"${entry['p25']:,.0f}")
    assert client.get("/ladder?country=Narnia").status_code == 422


def test_a_ladder_question_it_cannot_answer_keeps_the_form(client: TestClient) -> None:
    # It was a bare error page: the company, years and country had to be chosen again.
    got = client.get("/ladder?company=Google&years=-1&country=US")
    assert got.status_code == 422
    page = Page(got.text)
    assert page.by_testid("ladder-error")[0].text == "Years of experience are 0 to 60, not -1"
    assert '<option value="Google" selected>Google</option>' in page.html
    country = next(e for e in page.elements if e.attrs.get("id") == "l-country")
    assert country.attrs["value"] == "US" and not page.by_testid("ladder-table")


def test_ladder_page_links_the_roles_a_company_without_the_role_holds(
    client: TestClient,
) -> None:
    page = Page(client.get("/ladder?company=Amazon").text)
    (note,) = page.by_testid("roles-held")
    assert note.text.startswith("No ml_engineer record names Amazon.")
    assert '<a href="/ladder?role=research_scientist&amp;company=Amazon">' in page.html
    assert not Page(client.get("/ladder?company=Apple").text).by_testid("roles-held")
    # A country asked is kept: the links had dropped it, for every country's records.
    us = Page(client.get("/ladder?company=Amazon&country=US").text)
    assert '<a href="/ladder?role=research_scientist&amp;company=Amazon&amp;country=US">' in (
        us.html
    )


def test_ladder_page_marks_the_steps_within_noise(client: TestClient) -> None:
    # staff -> principal (30 vs 8 records) read as a 16.6% pay cut, without a word.
    page = Page(client.get("/ladder").text)
    steps = client.get("/api/v1/ladder").json()["promotion_steps"]
    noisy = [s["within_noise"] for s in steps if "note" not in s]
    assert True in noisy and False in noisy
    assert len(page.by_testid("step-noise")) == sum(noisy)
    promotion = page.table("promotion-table")
    priced = [row for row in promotion.rows[1:] if len(row) > 4]  # "not enough data" spans
    assert ["within noise" in row[5] for row in priced] == noisy
    # What it means is said in the text (it was only a tooltip: no keyboard reached it).
    (said,) = page.by_testid("noise-said")
    assert "median 95% intervals overlap" in said.text


def test_ladder_page_shows_pay_by_the_companys_own_levels(client: TestClient) -> None:
    page = Page(client.get("/ladder?company=Amazon").text)
    table = page.table("company-level-table")
    assert [row[:2] for row in table.rows[1:]] == [
        ["L4", "entry"], ["L5", "mid"], ["L6", "senior"], ["L7", "staff"], ["L8", "principal"],
        ["L10", "principal"],  # Distinguished (DOMAIN.md's row), no records here
    ]  # fmt: skip
    l5 = table.rows[2]
    # Pay before the long list of roles (on a phone the roles pushed pay off the screen).
    assert "n=" in l5[3] and "software_engineer" in l5[4]  # base pay from the H-1B filings
    assert "not enough data" in table.rows[5][3]  # no L8 title in the data: said, not guessed
    assert not Page(client.get("/ladder").text).by_testid("company-level-table")


def test_ladder_page_steps_and_path_by_the_companys_own_levels(client: TestClient) -> None:
    page = Page(client.get("/ladder?company=Amazon&years=3").text)
    steps = page.table("company-steps-table")
    assert steps.rows[1][0] == "L4 → L5" and "%" in steps.rows[1][5]
    assert "not enough data" in steps.rows[4][1]  # L7 -> L8: no L8 title in the data
    path = page.table("path-table")
    assert "(Amazon L5, every role)" in path.rows[1][3]  # ML engineers filed as SDE II
    assert [n.text for n in page.by_testid("path-company-level")][:2] == [
        "(Amazon L5, every role)", "(Amazon L6, every role)"
    ]  # fmt: skip
    assert not Page(client.get("/ladder?years=3").text).by_testid("company-steps-table")


# Two offers using every input the CLI takes (hand-written figures, exact by hand).
EVERY_INPUT = [
    ("name", "Shares"), ("base", "100,000"), ("bonus_pct", ""), ("bonus", "$10,000"),
    ("sign_on", "20000"), ("sign_on_year2", "10000"), ("equity", ""), ("shares", "1000"),
    ("price", "100"), ("refresher", ""), ("growth_pct", ""), ("cliff_months", "6"),
    ("vesting", "10,20,30,40"), ("vest_every", "quarterly"),
    ("name", "Refresher"), ("base", "100000"), ("bonus_pct", "10"), ("bonus", ""),
    ("sign_on", ""), ("sign_on_year2", ""), ("equity", "40000"), ("shares", ""),
    ("price", ""), ("refresher", "40000"), ("growth_pct", "10"), ("cliff_months", ""),
    ("vesting", "google"), ("vest_every", "monthly"),
    ("role", "ml_engineer"), ("level", "senior"), ("years", "6"), ("metro", SEATTLE),
]  # fmt: skip
FORM_NAMES = {name for name, _ in EVERY_INPUT} | {"country"}


def _form_query(page: Page) -> list[tuple[str, str]]:
    """What the rendered form submits: each named input's value and each select's choice
    (its selected option, else its first)."""
    pairs: list[tuple[str, str]] = []
    options: list[Element] | None = None
    select_name = ""
    for element in page.elements:
        if element.tag == "option" and options is not None:
            options.append(element)
            continue
        if options is not None:
            chosen = [o for o in options if "selected" in o.attrs] or options
            pairs.append((select_name, chosen[0].attrs.get("value", "")))
            options = None
        name = element.attrs.get("name", "")
        if element.tag == "input" and name in FORM_NAMES:
            pairs.append((name, element.attrs.get("value", "")))
        elif element.tag == "select" and name in FORM_NAMES:
            select_name, options = name, []
    return pairs


def test_offer_page_takes_every_cli_input(client: TestClient) -> None:
    got = client.get(f"/offers?{urlencode(EVERY_INPUT)}")
    assert got.status_code == 200, got.text[-800:]
    page = Page(got.text)
    side = page.table("offers-table")
    assert side.rows[0][1:] == ["Shares", "Refresher"]
    # Shares: 100,000 + 10,000 bonus + 10% of 1,000 x $100 + 20,000 sign-on in year 1.
    # Refresher: 100,000 + 10% bonus + 33% of 40,000 grown 10% (14,520).
    assert side.rows[1] == ["First-year total", "$140,000", "$124,520"]
    # Shares: 100,000 + 100,000 / 4 + 10,000 + 30,000 / 4; the refresher is left out.
    assert side.rows[2] == ["Annualized total", "$142,500", "$120,000"]
    shares, refresher = (page.table("offer-years", i) for i in (0, 1))
    assert [row[4] for row in shares.rows[1:]] == ["$20,000", "$10,000", "$0", "$0"]  # one-time
    assert [row[3] for row in shares.rows[1:]] == ["$10,000", "$20,000", "$30,000", "$40,000"]
    # Year 2: the grant's 33% grown 10% twice (15,972) and the first refresher's 33% grown
    # once, from its own grant (14,520).
    assert refresher.rows[2][3] == "$30,492"
    notes = page.by_testid("market-notes")[0].text
    assert "years_experience 5-7" in notes and "peers of any years" in notes

    # Shareable: the form as rendered submits the same question and the same answer.
    submitted: dict[str, list[str]] = {}
    for name, value in _form_query(page):
        submitted.setdefault(name, []).append(value)
    for name, value in EVERY_INPUT:  # a third, blank column follows the two offers
        assert value in submitted[name], name
    assert submitted["base"] == ["100,000", "100000", ""]
    assert submitted["vest_every"] == ["quarterly", "monthly", ""]
    again = Page(client.get(f"/offers?{urlencode(_form_query(page))}").text)
    assert again.table("offers-table").rows == side.rows


def test_offer_page_refuses_bad_input_in_the_form(client: TestClient) -> None:
    cases = [
        ("base=100k&bonus_pct=10&bonus=5", "o1-error", "as a percent or in dollars, not both"),
        ("base=100k&equity=5&shares=3&price=2", "o1-error", "give the equity grant"),
        ("base=100k&cliff_months=13", "o1-error", "the cliff is 0 to 12 months, not 13"),
        ("base=100k&cliff_months=1.5", "o1-error", "cliff months: must be a whole number, got 1.5"),
        ("base=100k&vest_every=weekly", "o1-error", "vesting after the cliff is one of"),
        ("base=100k&vesting=10,20", "o1-error", "vesting percentages sum to 30, not 100"),
        ("base=100k&role=ml_engineer&years=abc", "o-profile-error", "'abc' is not a number"),
        (
            "base=100k&role=ml_engineer&years=70",
            "o-profile-error",
            "years of experience are 0 to 60, not 70",
        ),
    ]
    for query, where, message in cases:
        got = client.get(f"/offers?{query}")
        assert got.status_code == 422, query
        (error,) = Page(got.text).by_testid("offer-error")
        assert error.attrs["id"] == where and message in error.text, (query, error.text)
    api = client.post(
        "/api/v1/offers/evaluate",
        json={"offers": [{"base": 100_000, "role": "ml_engineer", "years_experience": 70}]},
    )
    assert api.status_code == 422


def test_offer_page_says_a_role_or_level_typo_with_its_did_you_mean(client: TestClient) -> None:
    got = client.get("/offers?base=100k&role=ml_engineer&level=senoir&country=US")
    (error,) = Page(got.text).by_testid("offer-error")
    assert error.attrs["id"] == "o-profile-error" and "(did you mean senior?)" in error.text
    # Found against the market, an offer's error is said in its own column.
    got = client.get("/offers?base=100k&base=85M&role=ml_engineer&country=DE&currency=EUR")
    (error,) = Page(got.text).by_testid("offer-error")
    assert error.attrs["id"] == "o2-error" and error.text.startswith("base of 85,000,000 EUR")
    # ... and the other offers are answered still: the table had gone with it. Two such
    # offers are each said.
    got = client.get("/offers?base=100k&base=85M&base=90M&role=ml_engineer&country=DE&currency=EUR")
    page = Page(got.text)
    assert [e.attrs["id"] for e in page.by_testid("offer-error")] == ["o2-error", "o3-error"]
    assert page.table("offers-table").rows[0][1:] == ["Offer 1"]
    # A base past any bound is said in powers of ten, not in its 309 digits.
    (error,) = Page(client.get("/offers?base=1e308").text).by_testid("offer-error")
    assert error.text.startswith("base of 1.00e+308 is beyond") and len(error.text) < 100


def test_offer_page_says_each_offers_own_market_note(client: TestClient) -> None:
    # Only the first offer's note was shown, as if of every offer: here "like for like"
    # of the all-cash offer beside one whose stock is set against base-only peers. Staff ML
    # engineers: no place has 5 of their total pay (ML engineers of any level, asked here
    # before, are now set against the country's total pay, not Seattle's filings).
    url = (
        "/offers?name=Cash&base=150000&equity=&bonus_pct=&name=Stock&base=150000&equity=400000"
        "&bonus_pct=20&role=ml_engineer&level=staff&metro=seattle"
    )
    offers = client.get(url + "&format=json").json()["result"]["offers"]
    notes = {o["name"]: o["market"]["note"] for o in offers}
    assert len(set(notes.values())) == 2, notes
    said = [li.text for li in Page(client.get(url).text).by_testid("market-note")]
    assert said == [f"{name}: {note}." for name, note in notes.items()]


def test_offer_page_reads_a_currency_by_its_name_as_the_api_does(client: TestClient) -> None:
    # A currency over three characters was refused before the page could read it: the
    # whole form gone, for "euros" (the API says "did you mean EUR?") or " eur".
    for given, said in (("euros", "did you mean EUR?"), ("USDD", "did you mean USD?")):
        got = client.get(f"/offers?base=85k&role=ml_engineer&country=DE&currency={given}")
        (error,) = Page(got.text).by_testid("offer-error")
        assert got.status_code == 422 and error.attrs["id"] == "o-profile-error", got.text[:300]
        assert said in error.text
        assert Page(got.text).by_testid("offer-form")
    spaced = client.get("/offers?base=85k&role=ml_engineer&country=DE&currency=%20eur")
    assert spaced.status_code == 200 and "85,000 EUR" in spaced.text


def test_offer_page_and_api_refuse_vesting_percentages_that_are_no_number(
    client: TestClient,
) -> None:
    # "nan" passed the sum's check: an error of the server (500) on the page and the API.
    got = client.get("/offers?base=100k&vesting=100,0,nan")
    assert got.status_code == 422 and _invalid(Page(got.text)) == {"o1-vesting": "o1-error"}
    api = client.post(
        "/api/v1/offers/evaluate", json={"offers": [{"base": 100_000, "vesting": "0,nan,100"}]}
    )
    assert api.status_code == 422
    assert api.json()["errors"] == {
        "offers.0.vesting": "vesting percentages must be finite numbers"
    }


def test_evaluate_api_names_the_field_of_each_offer_error(client: TestClient) -> None:
    # The library's errors came as {"detail"} alone; the body's validation errors name
    # their fields in "errors" (offers.0.base): now every error a sender can cause does.
    germany = {"role": "ml_engineer", "country": "DE", "currency": "EUR"}
    cases: list[tuple[list[dict[str, Any]], set[str]]] = [
        ([{"base": 100_000, "vesting": "amazn"}], {"offers.0.vesting"}),
        ([{"base": 100_000}, {"base": 100_000, "bonus": 5, "bonus_pct": 5}],
         {"offers.1.bonus_pct", "offers.1.bonus"}),
        ([{"base": 100_000, "vest_every": "weekly"}], {"offers.0.vest_every"}),
        ([{"base": 100_000, "shares": 3}], {"offers.0.price"}),
        ([{"base": 100_000, "role": "wizard", "country": "US"}], {"offers.0.role"}),
        ([{"base": 100_000, "role": "ml_engineer", "level": "wizard"}], {"offers.0.level"}),
        ([{"base": 100_000, "level": "senior"}], {"offers.0.role"}),
        ([{"base": 100_000, "role": "ml_engineer", "metro": "Atlantis"}], {"offers.0.metro"}),
        # Found only against the market, at the survey's euro rate.
        ([{"base": 1e3, **germany}, {"base": 19.9e6, **germany}], {"offers.1.base"}),
        ([{"base": 100_000, **germany, "currency": "XXX"}], {"offers.0.currency"}),
    ]  # fmt: skip
    for offers, fields in cases:
        got = client.post("/api/v1/offers/evaluate", json={"offers": offers})
        assert got.status_code == 422, offers
        body = got.json()
        assert set(body["errors"]) == fields, body
        # The detail is led by where the error is, as the body's validation's (said_of_offer).
        (said,) = set(body["errors"].values())
        lead = min(fields) if len(fields) == 1 else min(fields).rsplit(".", 1)[0]
        assert body["detail"] == f"{lead}: {said}", body
    # The level's did-you-mean, as the filters give it.
    typo = {"base": 100_000, "role": "ml_engineer", "level": "senoir"}
    got = client.post("/api/v1/offers/evaluate", json={"offers": [typo]}).json()
    assert got["errors"]["offers.0.level"].endswith("(did you mean senior?)")


def test_evaluate_api_takes_years_of_experience(client: TestClient) -> None:
    offer = {**ISSUE_OFFER, "years_experience": 6}
    got = client.post("/api/v1/offers/evaluate", json={"offers": [offer]})
    assert got.status_code == 200, got.text
    market = got.json()["offers"][0]["market"]
    assert "years_experience 5-7" in market["fallbacks"][0] and "widened_years" in market


def _invalid(page: Page) -> dict[str, str]:
    """The inputs and selects marked aria-invalid, each with the error it points to."""
    return {
        e.attrs["id"]: e.attrs.get("aria-describedby", "")
        for e in page.elements
        if e.tag in ("input", "select") and e.attrs.get("aria-invalid") == "true"
    }


def test_offer_page_marks_only_the_field_at_fault(client: TestClient) -> None:
    # One wrong field marked every field of its offer invalid, and a profile error the
    # years and metro inputs, blank or not.
    cases = [
        ("base=100000&base=-5", {"o2-base": "o2-error"}),
        ("base=100k&vesting=50,40", {"o1-vesting": "o1-error"}),
        ("base=100k&cliff_months=13", {"o1-cliff_months": "o1-error"}),
        ("base=100k&vest_every=weekly", {"o1-vest_every": "o1-error"}),
        ("base=100k&bonus_pct=10&bonus=5", {"o1-bonus_pct": "o1-error", "o1-bonus": "o1-error"}),
        ("base=100k&shares=3", {"o1-price": "o1-error"}),
        # A grant in shares was checked as equity: the blank equity input was marked.
        ("base=100k&shares=-5&price=3", {"o1-shares": "o1-error"}),
        ("base=100k&shares=1e10&price=1e7", {"o1-shares": "o1-error", "o1-price": "o1-error"}),
        # Past their own most, shares or a price alone is at fault.
        ("base=100k&shares=1e11&price=1e-3", {"o1-shares": "o1-error"}),
        ("base=abc", {"o1-base": "o1-error"}),
        ("base=100k&currency=eux", {"o-currency": "o-profile-error"}),
        ("base=100k&role=ml_engineer&years=70", {"o-years": "o-profile-error"}),
        ("base=100k&level=senior", {"o-role": "o-profile-error"}),
        ("base=100k&role=ml_engineer&country=Narnia", {"o-country": "o-profile-error"}),
        # A role or level outside the vocabulary was the filters' error: nothing marked.
        ("base=100k&role=wizard&country=US", {"o-role": "o-profile-error"}),
        ("base=100k&role=ml_engineer&level=wizard", {"o-level": "o-profile-error"}),
        # Found only against the market (at the survey's euro rate): nothing was marked, and
        # the error stood under the profile, not under the second offer.
        ("base=100k&base=85M&role=ml_engineer&country=DE&currency=EUR", {"o2-base": "o2-error"}),
    ]
    for query, marked in cases:
        got = client.get(f"/offers?{query}")
        assert got.status_code == 422, query
        assert _invalid(Page(got.text)) == marked, query
    assert _invalid(Page(client.get("/offers?base=100k").text)) == {}


def test_ladder_page_refuses_a_country_no_record_is_of(client: TestClient) -> None:
    # /ladder?country=AQ was a full table of "not enough data (n=0)" captioned "in AQ".
    got = client.get("/ladder?country=AQ")
    assert got.status_code == 422
    (error,) = Page(got.text).by_testid("ladder-error")
    assert error.text == "No record has country 'AQ'"
    api = client.get("/api/v1/ladder", params={"country": "AQ"})
    assert api.status_code == 422 and api.json()["detail"] == "no record has country 'AQ'"


def test_ladder_page_names_the_one_country_of_a_companys_records(client: TestClient) -> None:
    # Every Amazon record is a US filing, yet the page warned "in every country".
    page = Page(client.get("/ladder?company=Amazon").text)
    (population,) = page.by_testid("ladder-population")
    assert population.text == "in US (every record of Amazon is of US)"
    api = client.get("/api/v1/ladder", params={"company": "Amazon"}).json()
    assert api["population"] == population.text and api["country"] is None


def test_ladder_page_shows_distinct_rows_years_and_sources_everywhere(
    client: TestClient,
) -> None:
    # The management track showed neither years nor sources; no table showed n_distinct.
    page = Page(client.get("/ladder?years=3").text)
    api = client.get("/api/v1/ladder", params={"years": 3}).json()
    senior = api["management_track"]["pay"]["senior"]["total"]
    row = page.table("management-table").rows[3]
    assert row[0] == "senior" and f"n={senior['n']:,} ({senior['n_distinct']:,} distinct)" in row[1]
    assert str(senior["years"][0]) in row[1] and "aijobs" in row[1]
    entry = api["levels"][0]["pay"]["total"]
    levels = page.table("ladder-table")
    # Pay right after the level: on a phone it was ~900 px of scrolling away.
    assert levels.rows[0][:4] == ["level", "typical years", "total pay", "base pay"]
    assert f"n={entry['n']:,} ({entry['n_distinct']:,} distinct)" in levels.rows[1][2]
    step = api["promotion_steps"][0]
    promotion = page.table("promotion-table").rows[1]
    counts = f"{step['n_from']:,} / {step['n_to']:,} "
    assert promotion[-1] == counts + f"({step['n_distinct_from']:,} / {step['n_distinct_to']:,})"
    assert promotion[2] == f"{step['years'][0]}-{step['years'][-1]}"
    assert "years both have records" in page.by_testid("steps-note")[0].text
    mid = api["path"][0]["pay"]
    assert page.table("path-table").rows[1][-1] == f"{mid['n']:,} ({mid['n_distinct']:,})"
