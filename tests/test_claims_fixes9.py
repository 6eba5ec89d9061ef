"""The claims checker's mends of a ninth round: a sign's currency named by the code after
it, a range's trailing code for both its ends. Texts are hand-written fixture sentences."""

from __future__ import annotations

import pytest

from paygrade.claims import extract_claims
from paygrade.claims.check import unread_said


@pytest.mark.parametrize(
    ("text", "currency"),
    [("In Tokyo, ML engineers earn ¥15 million JPY.", "JPY"),
     ("In Shanghai, ML engineers earn ¥500,000 CNY.", "CNY"),
     ("ML engineers earn ¥500,000 RMB.", "CNY"),
     ("ML engineers earn ￥15,000,000 JPY.", "JPY"),
     ("In Stockholm, ML engineers earn kr 600,000 SEK.", "SEK"),
     ("In Toronto, ML engineers earn $150,000 CAD.", "CAD"),
     ("ML engineers earn £80,000 GBP.", "GBP"),
     ("ML engineers earn €80,000 EUR.", "EUR")],
)  # fmt: skip
def test_a_sign_and_a_code_of_one_of_its_currencies_are_that_currency(
    text: str, currency: str
) -> None:
    # "¥15 million JPY" had been "currency not read" (the sign's yen or yuan), the code
    # after it saying which.
    (claim,) = extract_claims(text)
    assert claim.currency == currency


def test_a_sign_and_a_code_of_none_of_its_currencies_stay_unread() -> None:
    # ¥ is no euro: the sign and the code disagree, and the figure is not read as either.
    (claim,) = extract_claims("ML engineers earn ¥15 million EUR.")
    assert claim.currency == "¥" and "not read" in unread_said(claim)


@pytest.mark.parametrize(
    ("text", "low", "high", "currency"),
    [("ML engineers earn $120K-$150K CAD.", 120_000, 150_000, "CAD"),
     ("ML engineers earn $120,000-$150,000 CAD.", 120_000, 150_000, "CAD"),
     ("ML engineers earn $120,000 to $150,000 AUD.", 120_000, 150_000, "AUD"),
     ("ML engineers earn ¥10M-¥15M JPY.", 10_000_000, 15_000_000, "JPY"),
     ("ML engineers earn $120K-$150K.", 120_000, 150_000, "USD")],
)  # fmt: skip
def test_a_ranges_trailing_code_names_the_currency_of_both_ends(
    text: str, low: float, high: float, currency: str
) -> None:
    # "$120K-$150K CAD" had been two figures, $120K in US dollars and $150K in CAD.
    (claim,) = extract_claims(text)
    assert (claim.low, claim.high, claim.currency) == (low, high, currency)


def test_a_range_of_two_currencies_is_still_two_figures() -> None:
    claims = extract_claims("ML engineers earn €80,000 to $95,000 CAD.")
    assert [(c.low, c.currency) for c in claims] == [(80_000, "EUR"), (95_000, "CAD")]
