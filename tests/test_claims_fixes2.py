"""The claims checker's mends of a second audit: sentences that start with a curly quote,
an accented capital or a digit; a place in a following "and" or "but" clause; figures past
any double; a text holding NUL. Texts are hand-written fixture sentences."""

from __future__ import annotations

import json
from typing import Any

import pytest

from paygrade.claims import check_text, extract_claims, segments
from paygrade.records import PaygradeError
from paygrade.store import Store

AUSTIN = "Austin-Round Rock-San Marcos, TX"
SEATTLE = "Seattle-Tacoma-Bellevue, WA"


def _subjects(text: str) -> dict[str, dict[str, Any]]:
    """Each claim's subject, by its figure as written (no field left empty)."""
    return {
        c.text: {k: v for k, v in c.subject.items() if v is not None} for c in extract_claims(text)
    }


# 1. A sentence starting with a curly quote, an accented capital or a digit is its own.


@pytest.mark.parametrize(
    ("second", "figure", "subject"),
    [
        ("“Senior” ML engineers earn €90,000 in Berlin.", "€90,000",
         {"role": "ml_engineer", "level": "senior", "country": "DE"}),
        ("Élite ML engineers earn €90.000 in Berlin.", "€90.000",
         {"role": "ml_engineer", "country": "DE"}),
        ("Über-senior ML engineers earn €90,000 in Berlin.", "€90,000",
         {"role": "ml_engineer", "level": "senior", "country": "DE"}),
        ("À Paris, ML engineers earn €90,000.", "€90,000",
         {"role": "ml_engineer", "country": "FR"}),
        ("‘Remote’ ML engineers earn $90,000.", "$90,000",
         {"role": "ml_engineer", "remote": 100}),
        ("«Senior» ML engineers earn €90,000 in Berlin.", "€90,000",
         {"role": "ml_engineer", "level": "senior", "country": "DE"}),
    ],
)  # fmt: skip
def test_a_sentence_is_its_own_whatever_its_first_character(
    second: str, figure: str, subject: dict[str, Any]
) -> None:
    # Each was run into the Austin sentence: checked as an Austin (US) figure.
    found = _subjects(f"ML engineers in Austin earn $165,000. {second}")
    assert found[figure] == subject
    assert found["$165,000"] == {"role": "ml_engineer", "metro": AUSTIN, "country": "US"}


def test_a_sentence_starting_with_a_year_is_that_years() -> None:
    # "2024 was different:" had been read into the sentence before, 2024 its year.
    text = "In 2023 ML engineers in Austin earned $165,000. 2024 was different: they earn $90,000."
    found = _subjects(text)
    assert found["$165,000"]["year"] == 2023
    assert found["$90,000"]["year"] == 2024
    assert "metro" not in found["$90,000"]


def test_a_quote_closed_after_its_full_stop_ends_the_sentence() -> None:
    text = "He said “ML engineers in Austin earn $165,000.” In Berlin ML engineers earn €90,000."
    assert _subjects(text)["€90,000"] == {"role": "ml_engineer", "country": "DE"}


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("ML engineers in the U.S. earn $250,000.", 1),
        ("Some roles, e.g. 2024 hires, earn $1.5M. Others earn less.", 2),
        ("Pay vs. 2023 rose. Our Sr. ML engineers in St. Louis earn $150,000.", 2),
        ("Pay rose 5.5 % in Jan. 2024 for ML engineers.", 1),
    ],
)
def test_an_abbreviation_or_a_decimal_point_ends_no_sentence(text: str, sentences: int) -> None:
    assert len(segments(text)) == sentences


# 2. A place in a following "and" / "but" clause is that clause's, not the figure's.


@pytest.mark.parametrize("word", ["and", "but"])
def test_a_place_of_the_next_clause_is_not_the_figures(word: str) -> None:
    found = _subjects(f"ML engineers earn $150,000 {word} in Seattle they earn $180,000.")
    assert found["$150,000"] == {"role": "ml_engineer"}
    assert found["$180,000"] == {"role": "ml_engineer", "metro": SEATTLE, "country": "US"}


def test_a_country_of_the_next_clause_is_not_the_figures() -> None:
    text = "Canadian ML engineers make C$120,000 and in Switzerland CHF 140'000 is common."
    found = _subjects(text)
    assert found["C$120,000"]["country"] == "CA"
    assert found["CHF 140'000"]["country"] == "CH"


def test_and_up_still_bounds_its_figure() -> None:
    (claim,) = extract_claims("ML engineers earn $150,000 and up in Seattle.")
    assert claim.statistic == "minimum"
    assert claim.subject["metro"] == SEATTLE


def test_the_level_code_reads_its_own_clause_by_the_same_rule() -> None:
    # The level code's clause break ("and", "but") is the rule the words after a figure
    # stop at: one rule for both.
    text = "At Meta, E6s earn $480,000, and an E4 earns $250,000."
    levels = {c.text: c.subject["level"] for c in extract_claims(text)}
    assert levels == {"$480,000": "staff", "$250,000": "mid"}


def test_the_consistent_verdict_of_a_figure_with_no_place(real_store: Store) -> None:
    text = "ML engineers earn $150,000 and in Seattle they earn $180,000."
    first = check_text(real_store, text)["claims"][0]
    assert first["subject"]["metro"] is None
    assert first["data"]["n"] > 1000  # every ML engineer's records, not Seattle's few


# 4. A figure past any double is listed as no plausible salary, not dropped.

PAST_ANY_DOUBLE = [
    ("ML engineers earn $1e400.", "$1e400"),
    ("ML engineers earn $150" + ",000" * 110 + ".", "$150" + ",000" * 110),
    ("ML engineers earn 1e999 dollars.", "1e999 dollars"),
]


@pytest.mark.parametrize(("text", "figure"), PAST_ANY_DOUBLE)
def test_a_figure_past_any_double_is_listed_as_no_plausible_salary(
    real_store: Store, text: str, figure: str
) -> None:
    result = check_text(real_store, text)
    (claim,) = result["claims"]
    assert claim["text"] == figure
    assert claim["verdict"] == "no_data"
    assert claim["explanation"] == (
        f"{figure} is not a plausible salary: a year's pay is $10,000-$10,000,000, so it is "
        "not checked."
    )
    assert claim["low"] == claim["high"] == 1.7976931348623157e308
    json.dumps(result, allow_nan=False)  # JSON with no Infinity in it
    assert result["contradictions"] == []


def test_a_figure_past_any_double_by_the_hour_says_no_inf(real_store: Store) -> None:
    (claim,) = check_text(real_store, "ML engineers earn $1e306 an hour.")["claims"]
    assert claim["verdict"] == "no_data"
    assert "inf" not in claim["explanation"]
    assert claim["explanation"].startswith("$1e306 an hour is not a plausible salary:")


# 5. A text holding NUL is refused by the library, as the CLI refuses it.


def test_a_text_holding_nul_is_refused(store: Store) -> None:
    with pytest.raises(PaygradeError) as refused:  # claims.NotText
        check_text(store, "ML engineers earn $150,000.\x00")
    assert str(refused.value) == (
        "cannot read the text: it is binary data, not text (it holds NUL characters)"
    )
