"""A company given by its first word: "Fidelity" had been offered American Fidelity
Assurance, Audio Fidelity Communications and Fidelity & Guaranty Life (by spelling, then
alphabetically), never Fidelity Investments, the company of most records (542 in the
real store). ``fixture-canonical-fidelity.csv`` holds each company that many times:
American Fidelity Assurance 1, Audio Fidelity Communications 1, Fidelity & Guaranty
Life Business Services 1, Fidelity Workplace Investing 2, Fidelity Investments 4,
Fidelityhouse 1 (a longer word: not Fidelity's)."""

from __future__ import annotations

from pathlib import Path

import pytest

from paygrade.filters import KnownValues, resolve
from paygrade.ingest import ingest_file
from paygrade.stats import stats
from paygrade.store import Store

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "fixture-canonical-fidelity.csv"


@pytest.fixture
def fidelity(store: Store) -> Store:
    ingest_file(store, "csv", FIXTURE)
    return store


def suggested(store: Store, company: str) -> list[str]:
    _, (unmatched,) = resolve({"company": [company]}, KnownValues(store))
    return [str(s) for s in unmatched.suggestions]


def test_a_company_its_words_begin_is_offered_first_most_records_first(fidelity: Store) -> None:
    assert suggested(fidelity, "Fidelity") == [
        "Fidelity Investments",
        "Fidelity Workplace Investing",
        "Fidelity & Guaranty Life Business Services",
    ]


def test_then_those_holding_the_words_then_by_spelling(fidelity: Store) -> None:
    # No name begins with "Guaranty Life": the one holding it as words comes first.
    assert suggested(fidelity, "guaranty  life")[0] == "Fidelity & Guaranty Life Business Services"
    # "Investment" is no whole word of a name: spelling offers the nearest, as before.
    assert suggested(fidelity, "Fidelity Investment")[0] == "Fidelity Investments"


def test_stats_says_them_in_its_did_you_mean(fidelity: Store) -> None:
    answer = stats(fidelity, ["level"], {"company": ["fidelity"]})
    assert answer["no_match"]["message"].startswith(
        "no record has company 'Fidelity'; did you mean Fidelity Investments or "
        "Fidelity Workplace Investing or"
    )
