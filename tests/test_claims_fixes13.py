"""Claims, sixth round: a span of experience bounded with "at most", "no more than", "or
less" or a negated "fewer than"; levels of a span by the records' own bands; a figure said
of two years apart ("in 2022 and 2024"). Texts are hand-written fixture sentences."""

from __future__ import annotations

from typing import Any

import pytest

from paygrade.claims import check_text, extract_claims, level_for_span
from paygrade.normalize.canonical import level_from_years
from paygrade.store import Store


@pytest.mark.parametrize(
    ("people", "span", "level"),
    [("with fewer than 5 years", [0.0, 5.0], None),
     ("with no more than 5 years", [0.0, 5.0], None),  # had been [5, None): senior
     ("with not more than 2 years", [0.0, 2.0], "entry"),  # had been [2, None): mid
     ("with at most 2 years", [0.0, 2.0], "entry"),  # had been no span
     ("with 5 years or less", [0.0, 5.0], None),  # had been 5 exactly: senior
     ("with 2 years or fewer", [0.0, 2.0], "entry"),
     ("with 5 or fewer years", [0.0, 5.0], None),  # had been no span
     ("with no fewer than 5 years", [5.0, None], "senior"),  # had been [0, 5)
     ("with no less than 5 years", [5.0, None], "senior")],
)  # fmt: skip
def test_a_bound_on_the_years_said_any_way_reads_its_span(
    people: str, span: list[Any], level: str | None
) -> None:
    (claim,) = extract_claims(f"ML engineers {people} earn $150,000.")
    assert (claim.experience, claim.subject["level"]) == (span, level)
    assert (claim.statistic, claim.low, claim.high) == ("typical", 150_000, 150_000)


@pytest.mark.parametrize("years", range(16))
def test_a_number_of_years_is_the_level_a_record_of_those_years_gets(years: int) -> None:
    # "with 2 years" and "with 3 years" had been entry, where a record of 2 or 3 years
    # and no level of its own is mid: the claim was checked against other people's pay.
    (claim,) = extract_claims(f"ML engineers with {years} years of experience earn $150,000.")
    assert claim.subject["level"] == level_from_years(years)


@pytest.mark.parametrize(
    ("people", "level"),
    [("over 10 years", "senior"), ("more than 10 years", "senior"), ("10+ years", "senior"),
     ("over 15 years", "senior"), ("under 3 years", "entry"), ("2-5 years", "mid"),
     ("3-6 years", "mid"), ("3-8 years", None), ("2+ years", "mid"), ("1+ years", None)],
)  # fmt: skip
def test_a_span_of_years_is_the_level_of_the_records_bands(people: str, level: str | None) -> None:
    # The records' bands (entry < 2, mid 2-5, senior 5+) set the level of every record with
    # years and no level; no record of 10 years or more is staff by its years.
    (claim,) = extract_claims(f"ML engineers with {people} of experience earn $150,000.")
    assert claim.subject["level"] == level


def test_level_for_span_reads_the_records_bands() -> None:
    assert [level_for_span(s) for s in ([2, 2], [2, 3], [4, 8], [8, 12])] == [
        "mid", "mid", None, "senior"
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "year", "left"),
    [("ML engineers earned a median of $180,000 in 2022 and 2024.", 2024, 2022),
     ("In 2022 and 2024, ML engineers earned a median of $180,000.", 2024, 2022),
     ("In both 2019 and 2024, ML engineers earned $180,000.", 2024, 2019),
     ("In 2022 and 2023, ML engineers earned a median of $180,000.", None, None),
     ("In 2019 and 2024, ML engineers earned $150,000 and $190,000, respectively.", 2019, None)],
)  # fmt: skip
def test_a_figure_of_two_years_apart_names_the_one_not_checked(
    text: str, year: int | None, left: int | None
) -> None:
    claim = extract_claims(text)[0]
    assert (claim.subject["year"], claim.year_left) == (year, left)


def test_the_explanation_says_which_of_two_years_apart_is_not_checked(real_store: Store) -> None:
    text = "ML engineers earned a median total pay of $180,000 in 2022 and 2024."
    (claim,) = check_text(real_store, text)["claims"]
    assert claim["subject"]["year"] == 2024 and "years" not in claim  # no span holding 2023
    assert claim["explanation"].endswith(
        " The text names 2022 and 2024: this figure is read as of the later, 2024, alone, as a "
        "span of 2022-2024 would take in 2023, which the text leaves out; its 2022 is not checked."
    )
