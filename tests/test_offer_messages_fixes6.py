"""An offer's mistake gets the CLI's words on every skin: a number outside its bound
(growth, cliff, bonus percent, years of experience) and an amount typed with its currency.
The API and the MCP tools had said pydantic's "input should be less than or equal to 100",
"input should be a number, not text" or "input should be a valid number"; the page "'185000USD'
is not a number"."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import pytest
from fastapi.testclient import TestClient
from mcp import Client
from pydantic import TypeAdapter, ValidationError

from tests.conftest import run_each
from tests.test_cli import assert_one_error_line
from tests.test_mcp import mcp_db, talking, tool_errors  # noqa: F401 - the MCP session fixtures

Talk = Callable[[Client], Any]

GROWTH = "stock growth is -90 to 100 percent a year, not"
CLIFF = "the cliff is 0 to 12 months, not 13"
BONUS = "the target bonus percent is 0 to 200, not 250"
YEARS = "years of experience are 0 to 60, not 61"
# Each mistake: the CLI's options, the body's (and the MCP tool's) field and value, the
# page's parameter and text, and the words every skin says.
BOUNDED = [
    (["--growth", "150"], "growth_pct", 150, "growth_pct", "150", f"{GROWTH} 150"),
    (["--growth", "-91"], "growth_pct", -91, "growth_pct", "-91", f"{GROWTH} -91"),
    (["--cliff-months", "13"], "cliff_months", 13, "cliff_months", "13", CLIFF),
    (["--bonus-pct", "250"], "bonus_pct", 250, "bonus_pct", "250", BONUS),
    (["--role", "ml_engineer", "--years", "61"], "years_experience", 61, "years", "61", YEARS),
]
TYPED = "'185000USD' is not an amount: give the currency with"


def currency_said(where: str, numbers: str) -> str:
    return f"{TYPED} {where} (EUR, GBP, ...) and the amounts as numbers ({numbers})"


def test_the_cli_says_the_words_every_skin_now_says(real_db: Path) -> None:
    cases = [["--base", "185000", *options] for options, *_ in BOUNDED]
    done = run_each(*(["--db", real_db, "offer", *case] for case in cases))
    for answer, (*_, said) in zip(done, BOUNDED, strict=True):
        assert_one_error_line(answer, 1, said)
    (typed,) = run_each(["--db", real_db, "offer", "--base", "185000USD"])
    assert_one_error_line(
        typed, 2, "Invalid value for '--base': " + currency_said("--currency", "85000 or 85k")
    )


def test_the_api_says_the_clis_words_for_a_bound(app: TestClient) -> None:
    for _, field, value, _, _, said in BOUNDED:
        offer = {"base": 185_000, "role": "ml_engineer", field: value}
        got = app.post("/api/v1/offers/evaluate", json={"offers": [offer]})
        assert got.status_code == 422, got.text
        # It was "offers.0.growth_pct: input should be less than or equal to 100".
        assert got.json() == {
            "detail": f"offers.0.{field}: {said}",
            "errors": {f"offers.0.{field}": said},
        }
    ladder = app.get("/api/v1/ladder", params={"years": 61})
    assert ladder.status_code == 422
    assert ladder.json() == {"detail": f"years: {YEARS}", "errors": {"years": YEARS}}


def test_the_api_asks_for_the_currency_apart_as_the_cli_does(app: TestClient) -> None:
    got = app.post("/api/v1/offers/evaluate", json={"offers": [{"base": "185000USD"}]})
    assert got.status_code == 422
    said = currency_said('the "currency" field', "85000")
    assert got.json() == {"detail": f"offers.0.base: {said}", "errors": {"offers.0.base": said}}
    # Text that names no currency is still refused as text.
    plain = app.post("/api/v1/offers/evaluate", json={"offers": [{"base": "185000"}]})
    assert plain.json()["detail"] == "offers.0.base: input should be a number, not text: '185000'"


def test_the_api_schema_keeps_the_bounds(app: TestClient) -> None:
    schema = app.get("/openapi.json").json()
    fields = schema["components"]["schemas"]["OfferRequest"]["properties"]
    assert (fields["growth_pct"]["minimum"], fields["growth_pct"]["maximum"]) == (-90, 100)
    number, _ = fields["cliff_months"]["anyOf"]
    assert (number["type"], number["minimum"], number["maximum"]) == ("integer", 0, 12)


def test_the_page_asks_for_the_currency_apart_as_the_cli_does(app: TestClient) -> None:
    got = app.get("/offers", params={"base": "185000USD", "format": "json"})
    assert got.status_code == 422
    said = currency_said("the currency field", "85000 or 85k")
    assert got.json()["detail"] == f"base: {said}"  # was "... is not a number"


def test_the_page_says_the_bounds_in_the_same_words(app: TestClient) -> None:
    for *_, parameter, text, said in BOUNDED:
        asked = {"base": "185000", "role": "ml_engineer", parameter: text, "format": "json"}
        got = app.get("/offers", params=asked)
        assert got.status_code == 422
        assert got.json()["detail"] == said  # one offer, or the profile's: no "offer 1:"


def test_mcp_says_the_clis_words(talking: Callable[[Talk], Any]) -> None:  # noqa: F811
    calls = [("offer", {"base": 185_000, "role": "ml_engineer", f: v}) for _, f, v, *_ in BOUNDED]
    calls += [("ladder", {"years": 61}), ("offer", {"base": "185000USD"})]
    said = tool_errors(talking, *calls)
    expected = [f"offer: {field}: {words}" for _, field, _, _, _, words in BOUNDED]
    expected += [f"ladder: years: {YEARS}"]
    expected += ["offer: base: " + currency_said('the "currency" argument', "85000")]
    assert said == expected  # was "offer: growth_pct: input should be less than or equal ..."


def test_every_bound_is_held_and_told_from_the_library_table() -> None:
    from paygrade.offer_inputs import Held
    from paygrade.offers import BOUNDS

    for name, bound in BOUNDS.items():
        held = TypeAdapter(Annotated[float, Held(name)])
        assert held.json_schema() == {
            "type": "number",
            "minimum": bound.least,
            "maximum": bound.most,
        }
        assert held.validate_python(bound.most) == bound.most
        with pytest.raises(ValidationError, match=re.escape(f"{bound.said}, not {bound.most + 1}")):
            held.validate_python(bound.most + 1)
