"""Offer and report fixes (7): the report's promotion steps count each level's records once."""

from __future__ import annotations

from typing import Any

from paygrade.ladder import ladder
from paygrade.report.career import career_path
from paygrade.stats import stats
from paygrade.store import Store


def _levels_compared(steps: list[dict[str, Any]]) -> dict[tuple[str, str], set[int]]:
    """Each level and pay component a step compares, with every year its steps compare."""
    years: dict[tuple[str, str], set[int]] = {}
    for step in steps:
        for end in ("from", "to") if "note" not in step else ():
            years.setdefault((step[end], step["pay_component"]), set()).update(step["years"])
    return years


def test_the_promotion_steps_count_a_level_of_two_steps_once(real_store: Store) -> None:
    # Staff base pay is the higher level of senior -> staff (2018, 2023: 31 records) and the
    # lower of staff -> principal (2023: 30 of those 31): the table's sources said h1b_2024
    # n=226, its 30 records of 2023 counted twice, where the steps compare 196.
    steps = ladder(real_store, role="ml_engineer", country="US")["promotion_steps"]
    compared = _levels_compared(steps)
    assert len({level for level, _ in compared}) < sum(2 for s in steps if "note" not in s)
    expected: dict[str, int] = {}
    for (level, component), years in compared.items():
        where = {"role": ["ml_engineer"], "country": ["US"], "level": [level],
                 "pay_component": [component], "year": sorted(years)}  # fmt: skip
        for source, n in stats(real_store, [], where)["sources"].items():
            expected[source] = expected.get(source, 0) + n
    table = career_path(real_store, "ml_engineer")["tables"][1]
    assert table["caption"] == "Promotion steps: change in median pay, US"
    assert table["sources"] == expected
