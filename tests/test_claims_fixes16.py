"""The claims checker's mends of a sixteenth round: lists of figures and of the values they
are of ("..., respectively", "$190,000 versus $230,000"), two years named in falling order,
and a level said before "starting salary". Texts are hand-written fixture sentences."""

from __future__ import annotations

from typing import Any

import pytest

from paygrade.claims import extract_claims


@pytest.mark.parametrize(
    ("text", "years", "year", "left"),
    [("ML engineers earned $180,000 in 2024 and 2022.", None, 2024, 2022),  # left had been None
     ("In 2024 and 2022, ML engineers earned $180,000.", None, 2024, 2022),
     ("ML engineers earned $180,000 in 2022 and 2024.", None, 2024, 2022),
     # had been 2023 alone, where "in 2022 and 2023" is both
     ("ML engineers earned $180,000 in 2023 and 2022.", (2022, 2023), None, None)],
)  # fmt: skip
def test_two_years_in_falling_order_are_read_as_in_rising(
    text: str, years: tuple[int, int] | None, year: int | None, left: int | None
) -> None:
    (claim,) = extract_claims(text)
    assert (claim.years, claim.subject["year"], claim.year_left) == (years, year, left)


@pytest.mark.parametrize(
    ("text", "levels"),
    [("Senior engineers' starting salary is $150,000.", ["senior"]),  # had been entry
     ("Senior ML engineers' starting salary is $150,000.", ["senior"]),  # had been entry
     ("For senior ML engineers, the starting salary is $150,000.", ["senior"]),
     ("The starting salary is $150,000 for senior ML engineers.", ["senior"]),
     ("Starting salaries for ML engineers are $110,000.", ["entry"]),
     ("Starting salaries for ML engineers are $110,000 in Seattle and $95,000 in Austin.",
      ["entry", "entry"]),
     # another figure's level stays its own
     ("Senior ML engineers make $250,000, while starting salaries are $110,000.",
      ["senior", "entry"])],
)  # fmt: skip
def test_a_level_said_of_the_people_wins_over_starting_salary(text: str, levels: Any) -> None:
    assert [c.subject["level"] for c in extract_claims(text)] == levels


def _read(text: str, *fields: str) -> list[tuple[Any, ...]]:
    return [tuple(c.subject[f] for f in fields) for c in extract_claims(text)]


@pytest.mark.parametrize(
    ("text", "read"),
    [("In 2019 and 2024, the median salaries were $150,000 and $190,000 for ML engineers, "
      "respectively.", [("ml_engineer", 2019), ("ml_engineer", 2024)]),  # the first had no role
     ("The median salaries were $150,000 and $190,000 for ML engineers in 2024.",
      [("ml_engineer", 2024), ("ml_engineer", 2024)]),
     # the list's own values are paired, not shared
     ("ML engineers earned $150,000 and $190,000 in 2019 and 2024, respectively.",
      [("ml_engineer", 2019), ("ml_engineer", 2024)]),
     # a figure's own subject stays its own
     ("Data scientists earn $140,000 and $150,000 for ML engineers.",
      [("data_scientist", None), ("ml_engineer", None)])],
)  # fmt: skip
def test_a_subject_said_after_a_list_of_figures_is_every_figures(text: str, read: Any) -> None:
    assert _read(text, "role", "year") == read


def test_changes_listed_before_respectively_are_each_paired_with_a_year() -> None:
    # The 8% had been no claim, and the 5% a change of 2022-2023 only by "in 2023".
    claims = extract_claims("ML engineer pay rose 5% and 8% in 2023 and 2024, respectively.")
    read = [(c.statistic, c.low, c.years, c.subject["role"]) for c in claims]
    assert read == [
        ("growth", 5.0, (2022, 2023), "ml_engineer"),
        ("growth", 8.0, (2023, 2024), "ml_engineer"),
    ]
    fell = extract_claims("ML engineer pay fell 2% and 3% in 2023 and 2024, respectively.")
    assert [(c.low, c.years) for c in fell] == [(-2.0, (2022, 2023)), (-3.0, (2023, 2024))]


def test_a_share_after_a_change_is_no_change() -> None:
    text = "ML engineer pay rose 5%, and 10% of them got a bonus."
    assert [(c.statistic, c.low) for c in extract_claims(text)] == [("growth", 5.0)]


@pytest.mark.parametrize(
    ("text", "read"),
    [("ML engineers at Amazon earn less than those at Google, about $190,000 versus $230,000.",
      ["Amazon", "Google"]),  # both had been Google
     ("ML engineers at Amazon earn less than those at Google: $190,000 vs. $230,000.",
      ["Amazon", "Google"]),
     ("ML engineers at Amazon earn less than those at Google, $190,000 compared with $230,000.",
      ["Amazon", "Google"]),
     ("At Google, ML engineers earn $230,000 versus $190,000 at Amazon.", ["Google", "Amazon"])],
)  # fmt: skip
def test_two_figures_set_against_each_other_take_two_values_in_order(
    text: str, read: list[Any]
) -> None:
    assert [c.subject["company"] for c in extract_claims(text)] == read


def test_three_values_set_against_two_figures_are_left_unchecked() -> None:
    text = "ML engineers at Amazon, Meta and Google earn $190,000 versus $230,000."
    assert all(c.unchecked is not None for c in extract_claims(text))


def test_two_years_set_against_each_other_are_paired_in_order() -> None:
    text = "ML engineers earned more in 2024 than in 2019: $190,000 versus $150,000."
    assert _read(text, "year") == [(2024,), (2019,)]


def test_less_than_a_group_is_no_bound_of_the_figure() -> None:
    # The $140,000 had been "at most" ML engineers' pay: a maximum of the wrong role.
    text = "Data scientists earn less than ML engineers: $140,000 versus $170,000."
    read = [(c.statistic, c.subject["role"]) for c in extract_claims(text)]
    assert read == [("typical", "data_scientist"), ("typical", "ml_engineer")]


def test_remote_and_office_pay_set_against_each_other_are_paired() -> None:
    # Both had been office pay (remote 0), the nearest before each.
    text = "Remote ML engineers earn less than office-based ones: $160,000 vs. $175,000."
    assert _read(text, "remote") == [(100,), (0,)]
