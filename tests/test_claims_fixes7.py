"""The claims checker's mends of a docs audit: claims of one group that only one of them
says the place or the remote work of (the methodology compares claims whose fields do not
differ where both name them). Texts are hand-written fixture sentences."""

from __future__ import annotations

import pytest

from paygrade.claims import extract_claims
from paygrade.claims.contradictions import contradictions

LEVEL_ORDER = "Senior ML engineers{} earn a median of $190,000. Mid-level ML engineers{} earn a median of $250,000."  # noqa: E501
ANY = "any level"  # the level is not what such a test is about
OUTSIDE = "Senior ML engineers{} earn between $150,000 and $200,000. The average senior ML engineer{} earns $250,000."  # noqa: E501


def _kinds(text: str) -> list[str]:
    return [c["kind"] for c in contradictions(extract_claims(text))]


@pytest.mark.parametrize(
    ("first", "second"),
    [(" in the US", ""), ("", " in the US"), (" in California", ""), ("", " in California"),
     (" working remotely", ""), (" in Seattle", " in the US"), (" in Austin", " in Texas")],
)  # fmt: skip
def test_a_place_or_remote_only_one_claim_names_does_not_part_them(first: str, second: str) -> None:
    # Each had given no contradiction; named in both, or in neither, it gave one.
    assert _kinds(LEVEL_ORDER.format(first, second)) == ["level_order"]
    assert _kinds(OUTSIDE.format(first, second)) == ["average_outside_range"]


@pytest.mark.parametrize(
    ("first", "second"),
    [(" in the US", " in the UK"), (" in Seattle", " in California"),
     (" in Seattle", " in Austin"), (" in Seattle", " in Texas"),
     (" working remotely", " working on-site")],
)  # fmt: skip
def test_places_or_remote_work_both_name_differently_part_them(first: str, second: str) -> None:
    assert _kinds(LEVEL_ORDER.format(first, second)) == []
    assert _kinds(OUTSIDE.format(first, second)) == []


@pytest.mark.parametrize(
    ("people", "level"),
    [("those with less than 2 years", "entry"), ("those with under 3 years", "entry"),
     ("engineers with fewer than 5 years", ANY), ("those with up to 2 years", "entry"),
     ("those with more than 5 years", "senior"), ("engineers with over 10 years", ANY),
     ("those with less than two years", "entry"), ("those with less than a year", ANY)],
)  # fmt: skip
def test_a_bound_on_the_years_is_no_bound_on_the_figure(people: str, level: str) -> None:
    # "less than 2 years earn $100,000" had been read as at most $100,000 (its "less than"
    # within 25 characters of the figure), "more than 5 years earn" as at least.
    (claim,) = extract_claims(f"Among ML engineers, {people} earn $100,000.")
    assert (claim.statistic, claim.low, claim.high) == ("typical", 100_000, 100_000)
    assert level == ANY or claim.subject["level"] == level


def test_a_bound_on_the_figure_after_years_still_bounds_it() -> None:
    text = "Among ML engineers, those with less than 2 years earn less than $100,000."
    (claim,) = extract_claims(text)
    assert (claim.statistic, claim.high, claim.subject["level"]) == ("maximum", 100_000, "entry")
    (claim,) = extract_claims("Among ML engineers, those with 2 years earn up to $100,000.")
    assert claim.statistic == "maximum"
    # A level's definition beside it: "(under three years)" had made the figure a maximum.
    second = extract_claims("Entry-level (under three years) earn $100,000.")[0]
    assert second.statistic == "typical"
