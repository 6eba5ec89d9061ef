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
