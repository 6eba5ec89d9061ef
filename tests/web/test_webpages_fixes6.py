"""Pages a demanding user found wanting: an estimate that never said its year, a records
column's note said where untrue, placeholders read as values, forms cutting pasted text
unsaid, an offer form sent empty answered by silence, and a 503 page telling a visitor
to run a command."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from paygrade.estimate.modelfile import load_newest
from tests.web.html import Page

SENIOR = {"role": "ml_engineer", "level": "senior"}
# What the offers form sends pressed empty: each column's fields, the profile's, blank.
EMPTY_OFFERS = [
    *[(name, "") for _ in range(3) for name in ("name", "base", "equity", "vest_every")],
    *[("vesting", "even")] * 3,
    *[(name, "") for name in ("role", "level", "years", "metro", "country", "currency")],
]


def _result(client: TestClient, **params: str) -> dict[str, Any]:
    got = client.get("/estimate", params={**params, "format": "json"})
    assert got.status_code == 200, got.text
    result: dict[str, Any] = got.json()["result"]
    return result


def test_an_estimate_says_the_year_it_is_for(estimating: TestClient, web_models: Path) -> None:
    # Base pay given no year was 2023's ($165,800, as year=2023), total pay 2025's: unsaid.
    newest = load_newest(web_models).newest_year
    for component in ("base", "total"):
        defaulted = _result(estimating, **SENIOR, pay_component=component)
        assert (defaulted["year"], defaulted["year_defaulted"]) == (newest[component], True)
        given = _result(estimating, **SENIOR, pay_component=component, year=str(newest[component]))
        assert (given["year"], given["year_defaulted"]) == (newest[component], False)
        assert given["p50"] == defaulted["p50"]
        page = Page(estimating.get("/estimate", params={**SENIOR, "pay_component": component}).text)
        (title,) = [e for e in page.elements if e.attrs.get("id") == "estimate-title"]
        assert title.text.startswith(f"{component} pay in {newest[component]}: median")
        (said,) = page.by_testid("estimate-year")
        assert f"the newest year of {component} pay records" in said.text
    asked = {**SENIOR, "pay_component": "base", "year": "2019"}
    assert not Page(estimating.get("/estimate", params=asked).text).by_testid("estimate-year")
    api = estimating.post("/api/v1/estimate", json={**SENIOR, "pay_component": "base"})
    assert api.status_code == 200 and api.json()["year"] == newest["base"]


def test_rows_of_metros_do_not_say_their_links_list_every_metro(client: TestClient) -> None:
    # Grouped by metro at US-average prices, the column said "every metro's" over each row,
    # where New York's link listed New York's 5,049 records for its n of 5,049.
    url = "/explore?by=metro&local_prices=true"
    figure = client.get(f"{url}&format=json").json()["figure"]
    assert (figure["records_as_shown"], figure["rows_as_shown"]) == (False, True)
    page = Page(client.get(url).text)
    assert page.by_testid("records-row-every-metro") == []
    assert page.by_testid("records-every-metro")  # the figure's own link: every metro's
    row = max(figure["groups"], key=lambda group: group["n"])
    listed = client.get(row["records_url"].replace("/records", "/api/v1/records")).json()
    assert listed["total"] == row["n"]
    by_level = Page(client.get("/explore?by=level&local_prices=true").text)
    assert by_level.by_testid("records-row-every-metro")  # true there: still said


def test_no_example_placeholder_looks_like_a_value(client: TestClient) -> None:
    # A grey "US" in the country box read as the default; a blank country has no peers.
    page = Page(client.get("/offers").text)
    shown = {e.attrs["id"]: e.attrs["placeholder"] for e in page.elements
             if "placeholder" in e.attrs}  # fmt: skip
    assert shown["o-country"] == "e.g. US"
    assert shown["o-metro"] == "e.g. Seattle-Tacoma-Bellevue, WA"
    assert shown["o-currency"] == "USD"  # the default indeed


def test_no_form_cuts_what_is_typed_unsaid(client: TestClient) -> None:
    # /estimate cut every text at 200 characters (maxlength), the server unheard: it says
    # "title: is 218 characters long: at most 200". /offers cut the currency at 40.
    for path in ("/estimate", "/offers", "/submit", "/claims", "/companies", "/locations",
                 "/ladder", "/explore", "/records"):  # fmt: skip
        page = Page(client.get(path).text)
        assert [e.attrs["id"] for e in page.elements if "maxlength" in e.attrs] == [], path
    got = client.get("/estimate", params={**SENIOR, "title": "x" * 218})
    assert got.status_code == 422 and "is 218 characters long: at most 200" in got.text


def test_offers_sent_empty_say_what_is_missing(client: TestClient) -> None:
    # "Compare offers" pressed on the empty form: 200, the same form, nothing said.
    got = client.get("/offers", params=EMPTY_OFFERS)
    assert got.status_code == 422
    page = Page(got.text)
    (errors,) = page.by_testid("offer-errors")
    assert errors.attrs["id"] == "answer"  # where the form goes
    (missing,) = page.by_testid("offer-none")
    assert missing.text == "Enter a base salary for at least one offer."
    (base,) = [e for e in page.elements if e.attrs.get("id") == "o1-base"]
    assert base.attrs["aria-invalid"] == "true" and page.by_testid("offer-form")
    answered = client.get("/offers", params=[*EMPTY_OFFERS, ("format", "json")])
    assert answered.status_code == 422
    assert answered.json() == {"detail": "enter a base salary for at least one offer"}
    # The page opened bare asks nothing yet.
    bare = client.get("/offers")
    assert bare.status_code == 200 and not Page(bare.text).by_testid("offer-none")


def test_no_model_is_said_to_a_visitor(client: TestClient) -> None:
    # It told a site's visitor to "run `paygrade train` first", and ended "Explore ." .
    got = client.get("/estimate", params=SENIOR)
    assert got.status_code == 503
    page = Page(got.text)
    (error,) = page.by_testid("error")
    assert "this site's operator has not trained one" in error.text
    assert "(operator: run `paygrade train`)" in error.text  # the operator reads it too
    (links,) = [e for e in page.elements if e.tag == "p" and "Home" in e.text]
    assert links.text == "Home · Explore"
