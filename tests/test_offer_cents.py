"""An offer's money in cents: one rounding rule (half up) on the amounts as typed, shares
priced to the tenth of a cent, a negative percent said as a percent, and year rows whose
parts add up to their total. Library calls and the real console script."""

from __future__ import annotations

import json
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from paygrade.offers import BadOffer, Offer, equity_value, evaluate, make_offer, vest_by_year
from tests.test_cli import assert_one_error_line, ok, run

PERCENTS = ["0.5", "2.5", "7.5", "12.5", "17.5"]


def half_up(amount: Decimal) -> float:
    """The hand rule the tests hold the offers to: cents, half up, of the exact amount."""
    return float(amount.quantize(Decimal("0.01"), ROUND_HALF_UP))


def offer_json(tmp_path: Path, *args: str) -> dict:
    return json.loads(ok("--db", tmp_path / "none.duckdb", "offer", *args, "--format", "json"))


def test_a_bonus_in_percent_is_rounded_half_up_from_the_percent_typed() -> None:
    # 7.5% of 100,001 is 7,500.075: it was 7,500.07 (the float 7500.074999...), and 6,001 of
    # 71,430 odd bases at these percents came out a cent low.
    assert Offer(base=100_001, bonus_pct=7.5).target_bonus == 7_500.08
    low = [
        (base, percent)
        for base in range(1_001, 40_001, 2)
        for percent in PERCENTS
        if Offer(base=base, bonus_pct=float(percent)).target_bonus
        != half_up(Decimal(base) * Decimal(percent) / 100)
    ]
    assert low == []


def test_a_grant_in_shares_is_shares_times_price_in_cents_and_vests_all_of_it() -> None:
    # One share at 1.015 vested 0.25/0.25/0.26/0.25: 1.01 of a grant of 1.02.
    assert equity_value(None, 1, 1.015) == 1.02
    assert vest_by_year(1.02, make_offer(100_000).vesting) == [0.26, 0.25, 0.26, 0.25]
    years = evaluate(make_offer(100_000, shares=1, price=1.015))["years"]
    assert [row["stock"] for row in years] == [0.26, 0.25, 0.26, 0.25]
    assert equity_value(None, 3, 0.335) == 1.01  # 1.005: half up


def test_the_command_line_rounds_a_percent_bonus_half_up(tmp_path: Path) -> None:
    result = offer_json(tmp_path, "--base", "100001", "--bonus-pct", "7.5")
    assert [row["bonus"] for row in result["years"]] == [7_500.08] * 4
    assert result["first_year_total"] == result["annualized_total"] == 107_501.08
    # (1.0150: "1.015" is read as a price once --price reads a share price, below.)
    stock = offer_json(tmp_path, "--base", "100000", "--shares", "1", "--price", "1.0150")
    assert [row["stock"] for row in stock["years"]] == [0.26, 0.25, 0.26, 0.25]


def test_a_price_or_an_amount_under_a_dollar_is_no_thousands(tmp_path: Path) -> None:
    # "0.335" and "0.005" were refused as dots grouping thousands ("a dot marks decimals"),
    # while 0.0051 was taken, and the API and MCP took 0.335.
    shares = offer_json(tmp_path, "--base", "185000", "--shares", "1000", "--price", "0.335")
    assert [row["stock"] for row in shares["years"]] == [83.75] * 4
    # Read as 0.005 (and since refused as below the floor of a sign-on, said as typed).
    tiny = run("--db", tmp_path / "none.duckdb", "offer", "--base", "185000", "--sign-on", "0.005")
    assert_one_error_line(tiny, 1, "sign-on of 0.005 is below 100 USD: no such amount is paid")


def test_a_share_price_is_a_plain_decimal(tmp_path: Path) -> None:
    # A price of $1.125 was refused as "1.125" grouped by a dot: a price is a decimal. The
    # library's reader of a share price; the command line reads --price with it.
    from paygrade.offers import share_price

    assert (share_price("1.125"), share_price("$1.125"), share_price("0.335")) == (
        1.125,
        1.125,
        0.335,
    )
    with pytest.raises(ValueError, match=r"^'1\.1\.1' is not a share price"):
        share_price("1.1.1")
    shares = offer_json(tmp_path, "--base", "185000", "--shares", "1000", "--price", "1.125")
    assert [row["stock"] for row in shares["years"]] == [281.25] * 4
    one = offer_json(tmp_path, "--base", "100000", "--shares", "1", "--price", "1.015")
    assert [row["stock"] for row in one["years"]] == [0.26, 0.25, 0.26, 0.25]
    # Dollars keep their rule: "85.000" is thousands a dot grouped, refused.
    assert_one_error_line(
        run("--db", tmp_path / "x.duckdb", "offer", "--base", "85.000"), 2,
        "Invalid value for '--base': '85.000' is not an amount",
    )  # fmt: skip


def test_a_negative_bonus_percent_is_said_as_a_percent(tmp_path: Path) -> None:
    # It said "bonus cannot be negative", of a percent, as 500% was said "percent is 0 to 200".
    with pytest.raises(BadOffer, match=r"^the target bonus percent is 0 to 200, not -5$") as raised:
        make_offer(185_000, bonus_pct=-5)
    assert raised.value.fields == ("bonus_pct",)
    done = run("--db", tmp_path / "x.duckdb", "offer", "--base", "185000", "--bonus-pct", "-5")
    assert_one_error_line(done, 1, "the target bonus percent is 0 to 200, not -5")


def test_sub_cent_amounts_are_rounded_once_so_the_rows_add_up(tmp_path: Path) -> None:
    # Base 185000.999 stayed in the year rows (185000.999 + 1000.01 "= 186001.01").
    # (Below 100 a sign-on or a grant is refused since: sub-cent parts of larger ones.)
    offer = make_offer(185_000.999, bonus=1_000.005, sign_on=100.004, equity=400.015)
    assert (offer.base, offer.bonus, offer.sign_on, offer.equity) == (
        185_001, 1_000.01, 100, 400.02,
    )  # fmt: skip
    row = evaluate(offer)["years"][0]
    assert (row["base"], row["bonus"], row["total"]) == (185_001, 1_000.01, 186_201.02)
    said = offer_json(tmp_path, "--base", "185000.999", "--bonus", "1000.01")
    assert said["years"][0] == {
        "year": 1, "base": 185_001.0, "bonus": 1_000.01, "stock": 0.0, "one_time": 0.0,
        "total": 186_001.01,
    }  # fmt: skip


def cents(text: float) -> Decimal:
    return Decimal(repr(text))


# None, or at least MIN_AMOUNT (a bonus, sign-on or grant below it is refused).
amounts = st.one_of(st.just(0.0), st.decimals(100, 2_000_000, places=3).map(float))


@given(amounts, amounts, amounts, amounts, amounts, st.decimals(0, 100, places=2).map(float))
def test_every_year_row_is_the_exact_sum_of_its_parts(
    base: float, bonus: float, sign_on: float, equity: float, refresher: float, growth: float
) -> None:
    offer = make_offer(
        max(base, 1_000), bonus=bonus, sign_on=sign_on, sign_on_year2=sign_on, equity=equity,
        refresher=refresher, growth_pct=growth, vesting="33.33,33.33,33.34",
    )  # fmt: skip
    for row in evaluate(offer)["years"]:
        parts = [cents(row[name]) for name in ("base", "bonus", "stock", "one_time")]
        assert all(part == part.quantize(Decimal("0.01")) for part in parts), row
        assert cents(row["total"]) == sum(parts), row
