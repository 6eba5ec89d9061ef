"""One wording for a number out of its range, from one definition (``records.out_of_range``)
on every command and skin, and the Offer check page's words for a number it cannot read
taken from the reader the command line uses."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

import pytest
from pydantic import TypeAdapter, ValidationError

from paygrade import cli
from paygrade.estimate.profile import BadProfile, check_profile
from paygrade.ladder import check_years
from paygrade.offer_inputs import Held
from paygrade.offers import BadOffer, check_bound
from paygrade.records import PaygradeError, number_bounds
from paygrade.web.pages.offers import read_offer, read_profile

YEARS = "years of experience are 0 to 60, not 61"


def refusal(check: Callable[[], Any], error: type[Exception] = PaygradeError) -> str:
    with pytest.raises(error) as raised:
        check()
    return str(raised.value)


def test_years_out_of_range_are_one_sentence_for_every_command() -> None:
    # estimate said "years of experience must be between 0 and 60, got 61"; ladder and
    # offer (CLI, page, API, MCP) "years of experience are 0 to 60", naming no 61.
    held = TypeAdapter(Annotated[float, Held("years")])  # the API's and MCP's check
    said = {
        "estimate": refusal(lambda: check_profile({"years_experience": 61.0}), BadProfile),
        "ladder": refusal(lambda: check_years(61.0)),
        "offer": refusal(lambda: check_bound("years", 61.0), BadOffer),
        "API and MCP": refusal(lambda: held.validate_python(61), ValidationError),
    }
    assert said["estimate"] == said["ladder"] == said["offer"] == YEARS
    assert f"Value error, {YEARS} " in said["API and MCP"]


def test_the_value_is_echoed_as_it_was_typed() -> None:
    assert refusal(lambda: check_profile({"years_experience": "1e9"})) == (
        "years of experience are 0 to 60, not 1e9"
    )
    assert refusal(lambda: check_years(-0.5)) == "years of experience are 0 to 60, not -0.5"
    assert refusal(lambda: check_bound("cliff_months", 13)) == "the cliff is 0 to 12 months, not 13"


def test_the_estimates_other_numbers_say_their_range_alike() -> None:
    last = number_bounds("year")[1]
    assert refusal(lambda: check_profile({"year": 1700})) == f"the year is 1990 to {last}, not 1700"
    # A remote share past 100 is no share it takes, as 30 is not: "must be between 0 and
    # 100, got 1e+20" had let 30 seem one.
    takes = "remote must be 0, 50 or 100 (or in-person, hybrid, remote)"
    assert refusal(lambda: check_profile({"remote": 1e20})) == f"{takes}, got 1e+20"


@pytest.mark.parametrize(
    ("field", "text", "reader"),
    [
        ("base", "12,0000", cli._dollars),
        ("bonus", "abc", cli._dollars),
        ("bonus_pct", "12,5", cli._percent),
        ("price", "1,5", cli._share_price),
    ],
)
def test_the_offer_page_says_a_number_it_cannot_read_in_the_clis_words(
    field: str, text: str, reader: Callable[[str], float]
) -> None:
    # The page said "base: '12,0000' is not a number" where the CLI says "'12,0000' is not an
    # amount (write 185000, $185,000 or 185k; a dot marks decimals)".
    # A grant of shares and a price, right: shares without a price are a fault of their own,
    # now said with the number unread.
    inputs = {"base": "100k", "shares": "10", "price": "5", field: text}
    cli_said = refusal(lambda: reader(text), ValueError)
    assert refusal(lambda: read_offer(inputs)) == f"{field.replace('_', ' ')}: {cli_said}"


def test_the_offer_pages_years_say_the_readers_words() -> None:
    profile = {"role": "ml_engineer", "level": "", "metro": "", "country": "", "years": "1,5"}
    assert refusal(lambda: read_profile(profile)) == (
        "years of experience: '1,5' is not a number (write 1200, 1,200 or 12.5; a dot marks "
        "decimals)"
    )
    assert refusal(lambda: read_profile({**profile, "years": "61"})) == YEARS
