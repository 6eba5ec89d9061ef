"""Offer fixes: vesting years end at the last share, whole units and percentiles rounded half
up, the base floor's message, a metro abroad, and plain numbers read alike by the command
line and the Offer check page."""

from __future__ import annotations

import json
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from paygrade.formats import _money, render_offer
from paygrade.offers import (
    BadOffer,
    Offer,
    Profile,
    annualized_total,
    evaluate,
    make_offer,
    parse_vesting,
    percentile_rank,
)
from paygrade.store import Store
from paygrade.web.pages.offers import read_offer
from paygrade.web.render import money, money_in
from tests.test_cli import assert_one_error_line, ok, run

# ---- 1. trailing 0% years vest nothing -------------------------------------------------


def test_trailing_zero_years_do_not_spread_the_grant_thinner() -> None:
    # "50,50,0,0" divided the grant by four years: 200,000 where "50,50" gave 250,000.
    two = Offer(base=150_000, equity=200_000, vesting=parse_vesting("50,50"))
    four = Offer(base=150_000, equity=200_000, vesting=parse_vesting("50,50,0,0"))
    assert annualized_total(two) == annualized_total(four) == 250_000
    # The table still shows the years typed, and their stock.
    table = evaluate(four)["years"]
    assert [row["stock"] for row in table] == [100_000, 100_000, 0, 0]
    # A year of nothing first still counts: the grant is spread over three years.
    late = Offer(base=150_000, equity=300_000, vesting=parse_vesting("0,50,50"))
    assert annualized_total(late) == 250_000


def test_a_schedule_of_no_share_is_refused() -> None:
    # Checked, not fixed: with no share there are no vesting years to divide by.
    with pytest.raises(BadOffer, match="vesting percentages sum to 0, not 100"):
        make_offer(150_000, equity=200_000, vesting="0,0,0,0")


def test_trailing_zero_years_rank_the_same_on_the_command_line(real_db: Path) -> None:
    args = ("--db", real_db, "offer", "--base", "150000", "--equity", "200000", "--role",
            "ml_engineer", "--level", "senior", "--country", "US", "--format", "json")  # fmt: skip
    two = json.loads(ok(*args, "--vesting", "50,50"))
    four = json.loads(ok(*args, "--vesting", "50,50,0,0"))
    assert two["annualized_total"] == four["annualized_total"] == 250_000
    assert four["market"]["percentile"] == two["market"]["percentile"] is not None
    assert len(four["years"]) == 4


# ---- 2. whole units half up ------------------------------------------------------------


def test_an_offers_whole_units_round_half_up_on_the_page() -> None:
    # Half to even had shown 15,000.50 as 15,000 and 25,002.50 as 25,002.
    assert [money_in(15_000.5), money_in(25_002.5), money_in(15_000.49)] == [
        "$15,001", "$25,003", "$15,000",
    ]  # fmt: skip
    assert money_in(84_998.5, "EUR") == "84,999 EUR"
    # Statistics keep their rounding, half to even, as the charts beside them do.
    assert (_money(162_572.5), money(162_572.5)) == ("162,572", "$162,572")


def _year_cells(table: str) -> list[list[int]]:
    """The year rows of ``render_offer``'s table, as whole numbers."""
    rows = [line.split() for line in table.splitlines()]
    return [[int(c.replace(",", "")) for c in r] for r in rows if len(r) == 6 and r[0].isdigit()]


def test_a_years_shown_parts_add_up_to_its_shown_total() -> None:
    # 10% of 150,005 is 15,000.50: shown 15,000 beside a total of 190,006 (190,005.50).
    offer = make_offer(150_005, bonus_pct=10, equity=100_000)
    result = evaluate(offer)
    assert result["years"][0]["total"] == 190_005.5
    for _year, base, bonus, stock, one_time, total in _year_cells(render_offer(result, "table")):
        assert (bonus, total) == (15_001, 190_006)
        assert base + bonus + stock + one_time == total
    assert "annualized total: 190,006 " in render_offer(result, "table")


# ---- 3. the percentile half up ---------------------------------------------------------


def test_the_percentile_rounds_half_up() -> None:
    # 18.75 was said 18.8 and 31.25 31.2: round() of a float, half to even.
    sample = list(range(16))
    assert percentile_rank(2.5, sample) == 18.8  # 3 of 16 below
    assert percentile_rank(4.5, sample) == 31.3  # 5 of 16 below


@pytest.mark.parametrize("n", [16, 40, 80])
def test_every_percentile_is_the_exact_share_rounded_half_up(n: int) -> None:
    sample = list(range(n))
    for below in range(n + 1):
        for ties in (0, 1):  # a value between two peers, or equal to one (counted half)
            if below + ties > n:
                continue
            percent = Fraction(100 * (2 * below + ties), 2 * n)
            exact = Decimal(percent.numerator) / Decimal(percent.denominator)
            said = percentile_rank(below - 0.5 + 0.5 * ties, sample)
            assert said == float(exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


# ---- 4. a base below the floor, said as typed ------------------------------------------


@pytest.mark.parametrize(
    ("base", "said"),
    [
        (0.004, "base of 0.004 a year is below 1,000 USD, no year's pay"),
        (0.005, "base of 0.005 a year is below 1,000 USD, no year's pay"),
        (5, "base of 5 a year is below 1,000 USD, no year's pay: thousands left out (5k)?"),
        (185, "base of 185 a year is below 1,000 USD, no year's pay: thousands left out "
              "(185k)? a monthly figure?"),
    ],
)  # fmt: skip
def test_a_base_below_the_floor_is_said_as_typed(base: float, said: str) -> None:
    # 0.004 was "base of 0 a year ... (0.004k)?", four dollars asked as a year's pay.
    with pytest.raises(BadOffer) as refused:
        make_offer(base)
    assert str(refused.value) == said and refused.value.fields == ("base",)


def test_the_command_line_says_a_tiny_base_as_typed(tmp_path: Path) -> None:
    done = run("--db", tmp_path / "none.duckdb", "offer", "--base", "0.005")
    assert_one_error_line(done, 1, "base of 0.005 a year is below 1,000 USD, no year's pay")
    assert done.stderr.endswith("no year's pay\n")  # no "(0.005k)?"


# ---- 5. a metro abroad -----------------------------------------------------------------

ABROAD = "(metros are US metro areas: for a place abroad, give its country instead)"


def test_a_metro_abroad_says_metros_are_us_and_to_give_the_country(real_store: Store) -> None:
    # "London" was answered "did you mean Norwich-New London-Willimantic, CT?" alone.
    with pytest.raises(BadOffer) as refused:
        evaluate(Offer(base=150_000), real_store, Profile("ml_engineer", metro="London"))
    assert str(refused.value).endswith(ABROAD) and refused.value.fields == ("metro",)
    # A country's name as a metro says it already, once.
    with pytest.raises(BadOffer) as country:
        evaluate(Offer(base=150_000), real_store, Profile("ml_engineer", metro="United Kingdom"))
    assert str(country.value).count("metros are US metro areas") == 1


def test_the_command_line_says_a_metro_abroad(real_db: Path) -> None:
    done = run("--db", real_db, "offer", "--base", "150000", "--role", "ml_engineer",
               "--metro", "London")  # fmt: skip
    assert_one_error_line(done, 1, "no record has metro 'London'")
    assert done.stderr.rstrip().endswith(ABROAD)


# ---- 6. plain numbers read alike -------------------------------------------------------


def test_the_command_line_reads_plain_numbers_as_the_page_does(tmp_path: Path) -> None:
    # "--shares 1,200" was a usage error, where the page took 1,200.
    db = tmp_path / "none.duckdb"
    args = ("--db", db, "offer", "--base", "100000", "--price", "10", "--format", "json")
    shares = json.loads(ok(*args, "--shares", "1,200", "--cliff-months", "6."))
    assert sum(row["stock"] for row in shares["years"]) == 12_000
    bonus = json.loads(ok("--db", db, "offer", "--base", "100000", "--bonus-pct", "7.",
                          "--format", "json"))  # fmt: skip
    assert bonus["years"][0]["bonus"] == 7_000
    # A decimal comma, commas not in threes and part of a month are refused, as the page does.
    for option, text in [("--bonus-pct", "12,5"), ("--shares", "1,2"), ("--cliff-months", "6.5")]:
        done = run(*args, *(["--shares", "1"] if option != "--shares" else []), option, text)
        assert_one_error_line(done, 2, f"Invalid value for '{option}'")


@pytest.mark.parametrize(
    ("field", "text", "read"),
    [("growth_pct", "5.", 5.0), ("shares", "1,200", 1200.0), ("bonus_pct", "7.", 7.0),
     ("cliff_months", "6.", 6)],
)  # fmt: skip
def test_the_page_reads_plain_numbers_as_the_command_line_does(
    field: str, text: str, read: float
) -> None:
    # The page refused "5." percent, which the command line takes.
    inputs = {"base": "100000", field: text, **({"price": "10"} if field == "shares" else {})}
    offer = read_offer(inputs)
    got = {"growth_pct": offer.growth_pct, "shares": offer.equity / 10,
           "bonus_pct": offer.bonus_pct, "cliff_months": offer.vesting.cliff_months}  # fmt: skip
    assert got[field] == read


# ---- a typed -0 is 0; a decimal comma is refused ---------------------------------------


def test_a_typed_minus_zero_is_zero(real_db: Path) -> None:
    # "-0" came back "-0.0", and the API's cached answer said whichever of 0 and -0 came first.
    said = ok("--db", real_db, "offer", "--base", "185000", "--sign-on=-0", "--bonus=-0",
              "--format", "json")  # fmt: skip
    assert "-0.0" not in said
    assert json.loads(said)["years"][0]["bonus"] == 0


@pytest.mark.parametrize("option", ["--bonus", "--equity", "--sign-on"])
def test_a_decimal_comma_is_no_amount(real_db: Path, option: str) -> None:
    # "--bonus 12,5" had been $12.50, where "--bonus-pct 12,5" was refused.
    done = run("--db", real_db, "offer", "--base", "185000", option, "12,5")
    assert_one_error_line(done, 2, f"Invalid value for '{option}': '12,5' is not an amount")
