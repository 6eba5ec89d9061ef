"""The claims checker's mends of a docs audit: claims of one group that only one of them
says the place or the remote work of (the methodology compares claims whose fields do not
differ where both name them). Texts are hand-written fixture sentences."""

from __future__ import annotations

import pytest

from paygrade.claims import extract_claims
from paygrade.claims.contradictions import contradictions

LEVEL_ORDER = "Senior ML engineers{} earn a median of $190,000. Mid-level ML engineers{} earn a median of $250,000."  # noqa: E501
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
