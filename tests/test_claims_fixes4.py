"""The claims checker's mends of an audit of articles as written outside the US: decimal
commas, months said the British and Indian way or before the figure, other dollars,
multipliers in capitals, "Rs" and "Sr."; and a run of digits no longer takes seconds per
digit squared. Texts are hand-written fixture sentences."""

from __future__ import annotations

import time

import pytest

from paygrade.claims import extract_claims


def only(text: str) -> tuple[str, float, float, str, str]:
    """The one claim of a text: (as written, low, high, currency, period)."""
    (claim,) = extract_claims(text)
    return claim.text, claim.low, claim.high, claim.currency, claim.period


@pytest.mark.parametrize(
    ("text", "written", "pct"),
    [
        # "20,6%" had been 6%, "1,5 times" 5 times (+400%), "12,5%" no claim at all.
        (
            "Senior ML engineers in the US earn 20,6% more than mid-level ones.",
            "20,6% more than",
            20.6,
        ),
        (
            "Senior ML engineers in the US earn 1,5 times what mid-level ones earn.",
            "1,5 times what",
            50.0,
        ),
        ("ML engineer pay in the US grew 12,5% from 2022 to 2024.", "grew 12,5%", 12.5),
        ("Compared to data scientists, ML engineers earn 7,5% more.", "7,5% more", 7.5),
        (
            "Senior ML engineers in the US earn 20.6% more than mid-level ones.",
            "20.6% more than",
            20.6,
        ),
    ],
)
def test_a_percent_or_multiple_with_a_decimal_comma(text: str, written: str, pct: float) -> None:
    said, low, high, currency, _ = only(text)
    assert (said, low, high, currency) == (written, pct, pct, "%")


@pytest.mark.parametrize(
    ("text", "written", "year_pay", "currency", "period"),
    [
        # "75 € per hour" had been read (€156,000 a year), "€65" without its hour.
        (
            "ML engineers in France earn 45,75 € per hour.",
            "45,75 € per hour",
            45.75 * 2080,
            "EUR",
            "hour",
        ),
        (
            "ML engineers in France earn €65,50 an hour.",
            "€65,50 an hour",
            65.5 * 2080,
            "EUR",
            "hour",
        ),
        # Months said before the figure or the British and Indian way: a year's pay before.
        (
            "Senior ML engineers in the US get a monthly salary of $15,000.",
            "$15,000",
            180_000,
            "USD",
            "month",
        ),
        ("Senior ML engineers in the US earn $15,000/mth.", "$15,000/mth", 180_000, "USD", "month"),
        ("Senior ML engineers in the US earn $15,000 pm.", "$15,000 pm", 180_000, "USD", "month"),
        (
            "Senior ML engineers in the US earn $15,000 every month.",
            "$15,000 every month",
            180_000,
            "USD",
            "month",
        ),
        (
            "Senior ML engineers in the US earn $15,000 in monthly salary.",
            "$15,000 in monthly salary",
            180_000,
            "USD",
            "month",
        ),
        ("ML engineers in London earn £9,000 pcm.", "£9,000 pcm", 108_000, "GBP", "month"),
        (
            "ML engineers in London earn £9k per calendar month.",
            "£9k per calendar month",
            108_000,
            "GBP",
            "month",
        ),
        # Another country's dollars are not US dollars ("AR$" had been Brazil's "R$").
        ("ML engineers in Mexico earn MX$600,000 a year.", "MX$600,000", 600_000, "MXN", "year"),
        (
            "ML engineers in Argentina earn AR$30,000,000 a year.",
            "AR$30,000,000",
            30_000_000,
            "ARS",
            "year",
        ),
        ("ML engineers in Taiwan earn NT$2,000,000.", "NT$2,000,000", 2_000_000, "TWD", "year"),
        # A multiplier in capitals or abbreviated ("$1.2 Million" had been $1.2).
        ("ML engineers in the US earn $1.2 Million.", "$1.2 Million", 1_200_000, "USD", "year"),
        ("In India, ML engineers earn ₹25 Lakh.", "₹25 Lakh", 2_500_000, "INR", "year"),
        ("In India, ML engineers earn ₹1.2 Cr.", "₹1.2 Cr", 12_000_000, "INR", "year"),
        ("ML engineers in the UK earn £1.2mn.", "£1.2mn", 1_200_000, "GBP", "year"),
        # Rupees written "Rs" (no claim at all, and "Rs." ended the sentence).
        (
            "In India, ML engineers earn Rs 30,00,000 a year.",
            "Rs 30,00,000",
            3_000_000,
            "INR",
            "year",
        ),
        (
            "In India, ML engineers earn Rs. 25 lakh a year.",
            "Rs. 25 lakh",
            2_500_000,
            "INR",
            "year",
        ),
        # Still US dollars: a dollar sign after a lower-case letter is no other code.
        ("ML engineers earn$200k in the US.", "$200k", 200_000, "USD", "year"),
    ],
)
def test_a_money_figure_as_written_abroad(
    text: str, written: str, year_pay: float, currency: str, period: str
) -> None:
    said, low, high, named, per = only(text)
    assert (said, named, per) == (written, currency, period)
    assert low == high == pytest.approx(year_pay)


def test_rupees_written_rs_keep_the_role() -> None:
    (claim,) = extract_claims("In India, ML engineers earn Rs. 25 lakh a year.")
    assert claim.subject["role"] == "ml_engineer" and claim.subject["country"] == "IN"


@pytest.mark.parametrize("written", ["Sr.", "Sr"])
def test_sr_is_senior(written: str) -> None:
    (claim,) = extract_claims(f"{written} ML engineers in the US earn $250,000.")
    assert claim.subject["level"] == "senior"


def test_a_run_of_digits_is_read_in_time_linear_in_its_length() -> None:
    # A run of 20,000 digits took 89 s (each regex tried from each digit): one request
    # held the server for minutes. Compared with a run a tenth as long, not with a clock.
    def took(n: int) -> float:
        text = f"ML engineers earn {'9' * n} dollars, {'1' * n}% more than data scientists."
        start = time.perf_counter()
        extract_claims(text)
        return time.perf_counter() - start

    took(100)  # warm the phrase tables
    # Best of 5 each: on a loaded machine (CI beside other work) one preempted run of the
    # long text had read 45x with best of 3; linear is ~10x, quadratic ~100x.
    short, long = min(took(2_000) for _ in range(5)), min(took(20_000) for _ in range(5))
    assert long < 60 * max(short, 1e-3)
