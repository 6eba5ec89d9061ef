"""The claims checker's mends of its leftovers: a footnote mark in superscript digits, the
full-width yen sign, one figure for places that cannot be one, and a list line naming its
own role. Texts are hand-written fixture sentences."""

from __future__ import annotations

import pytest

from paygrade.claims import extract_claims
from paygrade.claims.check import unread_said
from paygrade.claims.contradictions import contradictions


@pytest.mark.parametrize(
    ("text", "low", "written"),
    [("ML engineers earn $150K¹ on average.", 150_000, "$150K"),
     ("ML engineers earn $1.2M² in total pay.", 1_200_000, "$1.2M"),
     ("ML engineers earn $150,000³ a year.", 150_000, "$150,000"),
     ("ML engineers earn $95/hour¹.", 197_600, "$95/hour"),
     ("ML engineers earn $95¹ an hour.", 197_600, "$95¹ an hour"),
     ("Data scientists earn $120k¹-$150k².", 120_000, "$120k¹-$150k")],
)  # fmt: skip
def test_a_footnote_mark_in_superscript_digits_is_no_part_of_a_figure(
    text: str, low: float, written: str
) -> None:
    # "$150K¹" had been $150 (the "¹" a word character, so the "K" was not read), and so
    # no plausible salary.
    (claim,) = extract_claims(text)
    assert (claim.low, claim.text) == (low, written)


def test_a_footnote_mark_leaves_a_place_read_and_a_power_of_ten_stays() -> None:
    (claim,) = extract_claims("ML engineers in Seattle² earn $150K¹.")
    assert claim.subject["metro"] == "Seattle-Tacoma-Bellevue, WA"  # it had been none
    (million,) = extract_claims("A few ML engineers earn $10⁶.")
    assert (million.low, million.text) == (1_000_000, "$10⁶")


@pytest.mark.parametrize("written", ["￥15 million", "￥15,000,000", "15 million ￥"])
def test_the_full_width_yen_sign_is_read_as_the_yen_sign(written: str) -> None:
    # "￥15 million" had been 15 million US dollars, "￥15,000,000" no claim at all.
    (claim,) = extract_claims(f"ML engineers in Tokyo earn {written}.")
    assert (claim.low, claim.currency, claim.text) == (15_000_000, "¥", written)
    said = unread_said(claim)
    assert said.startswith(f"{written} is not checked: its currency is not read (¥ is JPY or CNY")
    assert "￥" not in said.split("e.g.")[1]  # the code replaces the sign, as for "¥"


SAME_MEDIAN = (
    "Senior ML engineers in {} earn a median of $190,000. "
    "Senior ML engineers in {} earn a median of $190,000."
)


@pytest.mark.parametrize(
    ("first", "second", "why"),
    [("Seattle", "California", "place Seattle-Tacoma-Bellevue, WA and CA"),
     ("California", "Seattle", "place CA and Seattle-Tacoma-Bellevue, WA"),
     ("Texas", "California", "place TX and CA"),
     ("Seattle", "Austin", "metro Seattle-Tacoma-Bellevue, WA and Austin-Round Rock-San Marcos, TX")],  # noqa: E501
)  # fmt: skip
def test_one_figure_for_places_that_cannot_be_one_is_a_same_figure(
    first: str, second: str, why: str
) -> None:
    # Seattle and California (and Texas and California) had given no contradiction, while
    # Seattle and Austin gave one: same_figure read only places both claims name alike.
    (found,) = contradictions(extract_claims(SAME_MEDIAN.format(first, second)))
    assert (found["kind"], found["claims"]) == ("same_figure", [0, 1])
    assert found["explanation"].endswith(f"for different subjects ({why}).")


@pytest.mark.parametrize(("first", "second"), [("Seattle", "Washington"), ("Austin", "Texas")])
def test_one_figure_for_a_place_and_one_inside_it_is_no_contradiction(
    first: str, second: str
) -> None:
    assert contradictions(extract_claims(SAME_MEDIAN.format(first, second))) == []


def _levels(text: str) -> list[tuple[str | None, str | None]]:
    return [(c.subject["role"], c.subject["level"]) for c in extract_claims(text)]


@pytest.mark.parametrize(
    "text",
    ["Senior ML engineer: $250K\nData scientist: $150K",
     "Senior ML engineer: $250K\nStaff ML engineer: $300K\nData scientist: $150K",
     "Senior ML engineers earn $250K\ndata scientists earn $150K",
     "Senior ML engineer (5+ years): $250K\nData scientist: $150K"],
)  # fmt: skip
def test_a_list_line_naming_its_own_role_takes_no_line_aboves_level(text: str) -> None:
    # The data scientist had been checked as senior (or, from "5+ years", given the
    # senior span and level): one segment, the nearest level before it was another line's.
    claims = extract_claims(text)
    scientist = claims[-1]
    assert (scientist.subject["role"], scientist.subject["level"]) == ("data_scientist", None)
    assert scientist.experience is None
    assert claims[0].subject["level"] == "senior"


def test_a_list_line_at_a_company_takes_no_line_aboves_company_level() -> None:
    text = "Google L5 ML engineer: $250K\nGoogle data scientist: $150K"
    assert _levels(text) == [("ml_engineer", "senior"), ("data_scientist", None)]


@pytest.mark.parametrize("heading", ["Senior:", "Senior level", "Senior (5+ years):"])
def test_a_level_heading_line_still_carries_to_the_list_below_it(heading: str) -> None:
    text = f"{heading}\nML engineer: $250K\nData scientist: $150K"
    assert _levels(text) == [("ml_engineer", "senior"), ("data_scientist", "senior")]


def test_a_list_line_naming_no_role_or_its_own_level_reads_as_before() -> None:
    # No role of its own: the line above's subject goes on; its own level: that one.
    assert _levels("Senior ML engineer: $250K\nIn Seattle: $270K") == [
        ("ml_engineer", "senior"), ("ml_engineer", "senior"),
    ]  # fmt: skip
    assert _levels("Senior ML engineer: $250K\nStaff data scientist: $300K") == [
        ("ml_engineer", "senior"), ("data_scientist", "staff"),
    ]  # fmt: skip
