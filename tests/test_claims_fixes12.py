"""The claims checker's mends of a twelfth round: each figure takes its own span of years
and of experience, "those with less" the years the group before it lacks, a clause of
"all with ..." the groups named before it, a range its joining words in capitals, a "$"
the currencies written with one. Texts are hand-written fixture sentences."""

from __future__ import annotations

import pytest

from paygrade.claims import extract_claims


@pytest.mark.parametrize(
    "text",
    ["ML engineers earn BETWEEN $150,000 AND $200,000.",
     "ML engineers earn Between $150,000 And $200,000.",
     "ML ENGINEERS EARN $150,000 TO $200,000."],
)  # fmt: skip
def test_a_range_in_capitals_is_one_range(text: str) -> None:
    # "BETWEEN $150,000 AND $200,000" had been two figures: the joining words were read in
    # lower case only.
    (claim,) = extract_claims(text)
    assert (claim.statistic, claim.low, claim.high) == ("range", 150_000.0, 200_000.0)
