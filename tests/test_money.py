"""Money: parsing figures, annualizing, real dollars, plausibility, the currency table."""

from __future__ import annotations

import math
import re

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from paygrade.normalize.canonical import _number
from paygrade.normalize.money import (
    MAX_ANNUAL_USD,
    MIN_ANNUAL_USD,
    annualize,
    currencies,
    parse_amount,
    plausible_annual_usd,
    real_dollars,
)
from paygrade.normalize.rule_tables import read_rules
from paygrade.normalize.vocab import PAY_PERIODS

# Shortest period first: one unit of pay per shorter period is more money a year.
PERIODS_BY_LENGTH = ("hour", "week", "biweekly", "month", "year")
amounts = st.floats(min_value=0.0, max_value=1e9, allow_nan=False)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("$120,000", 120000.0),
        ("$120,000.50", 120000.5),
        (" 95000 ", 95000.0),
        ("95000.0", 95000.0),
        ("1e+16", 1e16),  # Stack Overflow junk parses; plausibility rejects it later
        ("1\u2009000", 1000.0),  # thin space as thousands separator
        ("", None),
        ("   ", None),
        ("a lot", None),
        ("12.5.3", None),
        ("nan", None),
        ("inf", None),
        ("-inf", None),
        ("1e400", None),  # overflows to inf
        ("\u0661\u0660\u0660", None),  # Arabic-Indic digits: float() reads them, SQL does not
        (None, None),
    ],
)
def test_parse_amount(text: str | None, expected: float | None) -> None:
    assert parse_amount(text) == expected


@given(st.text())
def test_parse_amount_never_raises_and_is_finite_or_none(text: str) -> None:
    value = parse_amount(text)
    assert value is None or (isinstance(value, float) and math.isfinite(value))


@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False))
def test_parse_amount_reads_formatted_dollars(value: float) -> None:
    assert parse_amount(f"${value:,.2f}") == float(f"{value:.2f}")


@pytest.mark.parametrize(
    "text",
    [
        "$120,000",
        " 95000 ",
        "1e+16",
        "abc",
        "",
        "nan",
        "inf",
        "1_000",
        "12.5.3",
        "+5",
        ".5",
        "1,5",
        "\u00a0100",
        "1\u2009000",
        "1\u202f000",
        "\u0661\u0660\u0660",
        "0x10",
        "−5",
        "65000,5",
        "85.000,50",
        "12,0000",
        "1,20,000",
        "-1,234.5",
        "+-0",  # DuckDB read it as -0.0, Python as no number
        "+-1",
    ],
)
def test_sql_pipeline_parses_amounts_like_parse_amount(text: str) -> None:
    # The ingest SQL and the single-value function must agree on what a number is.
    sql = duckdb.execute(f"SELECT {_number('$1::VARCHAR')}", [text]).fetchone()
    assert sql is not None
    assert sql[0] == parse_amount(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789,.$ -+e\u2009", max_size=14))
def test_sql_and_python_agree_on_any_digits_commas_and_dots(text: str) -> None:
    # The pinned cases above, generalized: every way of writing digits with the marks
    # amounts are grouped and signed with.
    sql = duckdb.execute(f"SELECT {_number('$1::VARCHAR')}", [text]).fetchone()
    assert sql is not None
    assert sql[0] == parse_amount(text), text


def test_pay_period_factors() -> None:
    assert PAY_PERIODS == {"year": 1, "month": 12, "biweekly": 26, "week": 52, "hour": 2080}
    assert annualize(50.0, "hour") == 104_000.0
    assert annualize(2_000.0, "week") == 104_000.0
    assert annualize(4_000.0, "biweekly") == 104_000.0
    assert annualize(10_000.0, "month") == 120_000.0
    assert annualize(120_000.0, "year") == 120_000.0


def test_annualize_refuses_an_unknown_period() -> None:
    with pytest.raises(KeyError):
        annualize(1.0, "fortnightly")


@given(amounts, amounts, st.sampled_from(PERIODS_BY_LENGTH))
def test_annualize_is_monotonic_in_the_amount(a: float, b: float, period: str) -> None:
    low, high = sorted((a, b))
    assert annualize(low, period) <= annualize(high, period)


@given(st.integers(0, 10**9), st.integers(1, 10**6), st.sampled_from(PERIODS_BY_LENGTH))
def test_more_pay_annualizes_to_more(amount: int, raise_: int, period: str) -> None:
    assert annualize(float(amount), period) < annualize(float(amount + raise_), period)


@given(st.floats(min_value=1e-6, max_value=1e9))
def test_a_shorter_period_annualizes_to_more(amount: float) -> None:
    yearly = [annualize(amount, period) for period in PERIODS_BY_LENGTH]
    assert yearly == sorted(yearly, reverse=True)
    assert len(set(yearly)) == len(yearly)


@given(amounts, st.sampled_from(PERIODS_BY_LENGTH))
def test_annualize_is_linear(amount: float, period: str) -> None:
    assert annualize(amount, period) == pytest.approx(amount * PAY_PERIODS[period])
    assert annualize(2 * amount, period) == pytest.approx(2 * annualize(amount, period))


@given(
    st.floats(min_value=1.0, max_value=1e7),
    st.floats(min_value=10.0, max_value=1000.0),
    st.floats(min_value=10.0, max_value=1000.0),
)
def test_real_dollars(amount: float, cpi_year: float, cpi_ref: float) -> None:
    assert real_dollars(amount, cpi_year, cpi_year) == pytest.approx(amount)
    real = real_dollars(amount, cpi_year, cpi_ref)
    assert real == pytest.approx(amount * cpi_ref / cpi_year)
    # Back to the year's dollars.
    assert real_dollars(real, cpi_ref, cpi_year) == pytest.approx(amount)
    # Prices rose since the year: the same pay is worth more reference-year dollars.
    if cpi_ref > cpi_year:
        assert real > amount


@pytest.mark.parametrize(
    ("amount", "plausible"),
    [
        (MIN_ANNUAL_USD, True),
        (MAX_ANNUAL_USD, True),
        (120_000.0, True),
        (MIN_ANNUAL_USD - 0.01, False),
        (MAX_ANNUAL_USD + 0.01, False),
        (0.0, False),
        (-50_000.0, False),
        (1e16, False),
        (math.inf, False),
        (math.nan, False),
    ],
)
def test_plausible_annual_usd(amount: float, plausible: bool) -> None:
    assert plausible_annual_usd(amount) is plausible


def test_plausibility_bounds_fit_the_product() -> None:
    # A part-time or junior salary in a cheap currency is still above the floor;
    # the survey junk (1e16) and nine-figure typos are above the ceiling.
    assert 1_000 <= MIN_ANNUAL_USD <= 10_000
    assert 1_000_000 <= MAX_ANNUAL_USD <= 10_000_000


def test_currency_table_has_the_currencies_of_the_data() -> None:
    assert {"USD", "EUR", "GBP", "INR", "CAD", "JPY", "CHF", "AUD"} <= currencies()


def test_currency_table_is_iso_codes_without_repeats() -> None:
    codes = [row["code"] for row in read_rules("currencies.csv")]
    assert len(codes) == len(set(codes)) == len(currencies())
    assert all(re.fullmatch(r"[A-Z]{3}", code) for code in codes), codes
    # Not the names, not lower case, no withdrawn codes that a typo might hit.
    assert not {"usd", "US$", "DOLLAR", "XXX"} & currencies()


# -- typed amounts and prices, and the signs of currencies -------------------------------


@pytest.mark.parametrize(
    ("text", "amount"),
    [("0.335", 0.335), ("0.005", 0.005), ("$0.125", 0.125), ("85.000", None), ("1.125", None)],
)
def test_a_leading_zero_is_never_thousands_grouped_by_a_dot(
    text: str, amount: float | None
) -> None:
    # "0.335" and "0.005" were refused as dots grouping thousands (0.0051 was taken); a
    # group of thousands never starts with 0, where "85.000" and "1.125" stay refused.
    from paygrade.normalize.money import typed_amount

    assert typed_amount(text) == amount


def test_a_typed_price_takes_the_dot_as_the_decimal_mark() -> None:
    from paygrade.normalize.money import typed_price

    typed = ["1.125", "$1.125", "0.335", "180", "$1,125.50", "85.000", "12,0000", "abc"]
    assert [typed_price(text) for text in typed] == [
        1.125, 1.125, 0.335, 180.0, 1125.5, 85.0, None, None]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "currency", "refused"),
    [
        ("$90,000", "EUR", "'$' is the sign of dollars or pesos, not of EUR"),
        ("$90,000", "GBP", "'$' is the sign of dollars or pesos, not of GBP"),
        ("$90,000", "JPY", "'$' is the sign of dollars or pesos, not of JPY"),
        ("€90,000", "USD", "'€' is the sign of euros, not of USD"),
        ("£70k", "EUR", "'£' is the sign of pounds, not of EUR"),
        ("₹30,00,000", "USD", "'₹' is the sign of rupees, not of USD"),
        ("$90,000", "USD", None),
        ("$90,000", "CAD", None),
        ("$90,000", "AUD", None),
        ("$900,000", "MXN", None),  # the peso's sign is $ too
        ("€90,000", "EUR", None),
        ("£70k", "GBP", None),
        ("90000", "EUR", None),
    ],
)
def test_a_currency_sign_against_the_currency_named_is_said(
    text: str, currency: str, refused: str | None
) -> None:
    from paygrade.normalize.money import sign_not_of

    said = sign_not_of(text, currency)
    assert (said if refused is None else said and said.split(":")[0]) == refused


def test_every_currency_a_sign_is_written_for_is_a_currency() -> None:
    from paygrade.normalize.money import CURRENCY_SIGNS

    written_for = set().union(*(codes for _, codes in CURRENCY_SIGNS.values()))
    assert written_for <= currencies()
    assert {"USD", "CAD", "AUD", "NZD", "SGD", "HKD"} <= CURRENCY_SIGNS["$"][1]
    assert not CURRENCY_SIGNS["$"][1] & {"EUR", "GBP", "JPY", "INR", "CHF"}
