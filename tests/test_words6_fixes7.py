"""One mistake in one set of words, sixth round: a model of older data said to a site's
visitor as the operator's to train, and a bare "$" of a place that writes its own currency
with "$" said to be read as US dollars."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from paygrade.claims import extract_claims
from paygrade.claims.check import check_claim, dollar_assumed
from paygrade.config import Settings
from paygrade.estimate.modelfile import ModelFile, load_newest, save
from paygrade.estimate.service import stale
from paygrade.store import Store
from paygrade.web import create_app
from tests.web.html import Page

# ---------------------------------------------------------------- a model of older data

OPERATORS = "run `paygrade train` for estimates from the newest data"
VISITORS = (
    "this site's operator has not trained a new one "
    "(operator: run `paygrade train` for estimates from the newest data)"
)
GOOGLE = {"role": "ml_engineer", "level": "senior", "company": "Google", "pay_component": "base"}


def test_a_model_of_older_data_is_the_operators_to_train_said_to_a_visitor(
    store: Store, tmp_path: Path
) -> None:
    # A fixture model with no estimator, dated by other data than the (empty) store holds.
    save(ModelFile(version="20261201T000000Z", trained_on="fixture0data"), tmp_path)
    model = load_newest(tmp_path)
    told = stale(store, model)
    assert told is not None and told.endswith(f": {OPERATORS}")  # the CLI's, unchanged
    public = stale(store, model, public=True)
    assert public == told.removesuffix(OPERATORS) + VISITORS


def test_the_page_and_the_api_tell_a_visitor_the_operator_has_not_trained(
    web_db: Path, web_models: Path, tmp_path: Path
) -> None:
    # Both ended "run `paygrade train` for estimates from the newest data", an order to a
    # visitor who cannot, where a model never trained is said as the operator's to train.
    model = load_newest(web_models)
    older = ModelFile(model.version, "older0data", model.models, model.metrics, model.newest_year)
    save(older, tmp_path)
    with TestClient(create_app(Settings(db=web_db, models=tmp_path))) as app:
        got = app.post("/api/v1/estimate", json=GOOGLE)
        page = app.get("/estimate", params=GOOGLE)
    assert got.status_code == 200, got.text
    (warning,) = [w for w in got.headers.get_list("x-paygrade-warning") if "older0data" in w]
    assert warning.startswith(f"the model {model.version} was trained on data version older0data")
    assert warning.endswith(f": {VISITORS}"), warning
    (note,) = Page(page.text).by_testid("estimate-warning")
    assert note.text == warning


# ---------------------------------------------------------------- a bare "$" of a peso


@pytest.mark.parametrize(
    ("text", "said"),
    [
        # Each had been read as US dollars without a word: only a place whose currency the
        # table writes with a "$" of its own (CA$, MX$) and that currency_places.csv names
        # was known, and ARS and COP, of signs of their own, are in no place there.
        ("ML engineers in Chile earn $9,000,000.", "in CL a $ may be CLP: write 9,000,000 CLP"),
        ("ML engineers in Uruguay earn $3,000,000.", "in UY a $ may be UYU: write 3,000,000 UYU"),
        (
            "ML engineers in the Dominican Republic earn $2,000,000.",
            "in DO a $ may be DOP: write 2,000,000 DOP",
        ),
        (
            "ML engineers in Colombia earn $200,000,000.",
            "in CO a $ may be COP: write COL$200,000,000 or 200,000,000 COP",
        ),
        (
            "ML engineers in Argentina earn $150,000.",
            "in AR a $ may be ARS: write AR$150,000 or 150,000 ARS",
        ),
        # The code after the amount, not after its period ("20,000 a month CAD" had been
        # suggested, which is no figure at all).
        (
            "In Toronto, ML engineers earn $20,000 a month.",
            "in CA a $ may be CAD: write CA$20,000 a month or 20,000 CAD a month",
        ),
    ],
)
def test_a_bare_dollar_where_pesos_are_written_so_says_it_is_read_as_us_dollars(
    text: str, said: str
) -> None:
    [claim] = extract_claims(text)
    assert claim.currency == "USD"
    assert dollar_assumed(claim) == f" Its $ is read as US dollars; {said} to check it as such."


@pytest.mark.parametrize(
    "text",
    [
        "ML engineers in Seattle earn $240,000.",
        "ML engineers in Ecuador earn $40,000.",  # its own money is the US dollar
        "ML engineers in Panama earn $60,000.",
        "ML engineers in Chile earn 240,000 US dollars.",
    ],
)
def test_a_bare_dollar_of_a_dollar_country_assumes_nothing(text: str) -> None:
    [claim] = extract_claims(text)
    assert claim.currency == "USD" and dollar_assumed(claim) == ""


def test_a_pesos_worth_too_much_for_dollars_says_how_to_write_pesos(store: Store) -> None:
    # The brief's text: "not a plausible salary" alone, where a Chilean peso was likely meant.
    [claim] = extract_claims("ML engineers in Chile earn $1,000,000 a month.")
    checked = check_claim(store, claim)
    assert (checked["verdict"], checked["currency"]) == ("no_data", "USD")
    assert checked["explanation"] == (
        "$1,000,000 a month is not a plausible salary ($12,000,000 a year): a year's pay is "
        "$10,000-$10,000,000, so it is not checked. Its $ is read as US dollars; in CL a $ may "
        "be CLP: write 1,000,000 CLP a month to check it as such."
    )
    [negative] = extract_claims("ML engineer pay in Chile fell by -$500,000.")
    why = check_claim(store, negative)["explanation"]
    assert "is written negative" in why and "US dollars" not in why  # no pay level to write
