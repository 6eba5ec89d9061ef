"""The claims checker's mends of an eleventh round: each group's qualifiers stay on its
figure. A list line naming its group keeps its words from the line above and takes no
place from it; "those with ..." after a contrast is a group of its own; a trailing "both
with ..." is every group's; a bare "$" takes a code after it only of a currency it may be.
Texts are hand-written fixture sentences."""

from __future__ import annotations

import pytest

from paygrade.claims import extract_claims
from paygrade.claims.check import code_disagreed


@pytest.mark.parametrize(
    ("text", "currency"),
    [("ML engineers earn $80,000 EUR.", "USD"),
     ("ML engineers earn $80,000 euros.", "USD"),
     ("ML engineers earn $150,000 CAD.", "CAD"),
     ("ML engineers earn $150,000 NZD.", "NZD"),
     ("ML engineers earn $2,000,000 MXN.", "MXN"),
     ("ML engineers earn $150,000 Canadian dollars.", "CAD"),
     ("ML engineers earn $2,000,000 pesos.", "pesos")],
)  # fmt: skip
def test_a_bare_dollar_takes_a_code_after_it_only_of_a_currency_it_may_be(
    text: str, currency: str
) -> None:
    # "$80,000 EUR" had been euros: a "$" took any code. A sign and a code that disagree
    # keep the sign, as "£80,000 USD" is pounds.
    (claim,) = extract_claims(text)
    assert claim.currency == currency


def test_a_dollar_and_a_code_that_disagree_say_which_was_read() -> None:
    # The figure is checked as US dollars: the explanation says the code was not taken.
    (claim,) = extract_claims("ML engineers earn $80,000 EUR.")
    assert "Its $ and EUR disagree: it is read as US dollars" in code_disagreed(claim)
    (canadian,) = extract_claims("ML engineers earn $80,000 CAD.")
    assert code_disagreed(canadian) == ""
