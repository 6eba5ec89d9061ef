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
