"""Gaps of 2026-12-07: `compare --format json` with no row said nothing on stderr; a figure
said to have "risen to" a later one was read as two figures, no change."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from paygrade.claims import extract_claims

from .test_cli import run

NOTHING = ["compare", "--role", "research_scientist", "--country", "DE", "--level", "staff"]


def test_compare_json_with_no_row_says_why_on_stderr(real_db: Path) -> None:
    done = run("--db", real_db, *NOTHING, "--format", "json")
    assert done.returncode == 1
    answer = json.loads(done.stdout)
    assert answer["rows"] == [] and "no records match this role, level and place" in answer["notes"]
    # One line a script can read beside status 1, in the notes' words (it was empty).
    assert done.stderr == (
        "no rows: no records match this role, level and place, and no official figure covers it\n"
    )


def test_compare_table_with_no_row_says_it_once_on_stdout(real_db: Path) -> None:
    # As stats: the table's notes say it; not said twice on a terminal.
    done = run("--db", real_db, *NOTHING)
    assert done.returncode == 1 and done.stderr == ""
    assert "note: no records match this role, level and place" in done.stdout


def growths(text: str) -> list[tuple[str, float, tuple[int | None, int | None] | None]]:
    return [(c.text, c.low, c.years) for c in extract_claims(text) if c.statistic == "growth"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "In 2021, ML engineers earned a median of $130,000, and by 2024 that had risen "
            "to $170,000.",
            [("had risen to", 30.8, (2021, 2024))],
        ),
        (
            "ML engineers earned $130,000 in 2021; by 2024 that rose to $170,000.",
            [("rose to", 30.8, (2021, 2024))],
        ),
        (
            "Data scientists earned $120,000 in 2020, and it grew to $150,000 in 2023.",
            [("grew to", 25.0, (2020, 2023))],
        ),
        (
            "The median was $150,000 in 2023 but fell to $140,000 in 2024.",
            [("fell to", -6.7, (2023, 2024))],
        ),
        (
            "In 2022 pay was $160,000; in 2024 it dropped to $152,000.",
            [("dropped to", -5.0, (2022, 2024))],
        ),
        (
            "In 2020 pay was $100,000 and in 2024 it climbed to $125,000.",
            [("climbed to", 25.0, (2020, 2024))],
        ),
    ],
)
def test_a_figure_risen_or_fallen_to_a_later_one_is_a_change(
    text: str, expected: list[tuple[str, float, tuple[int, int]]]
) -> None:
    assert growths(text) == expected
    # Both figures stay claims of their own.
    assert len([c for c in extract_claims(text) if c.statistic != "growth"]) == 2


@pytest.mark.parametrize(
    "text",
    [
        "Google pays $200,000 and Meta's rose to $210,000.",  # no year of either: no change
        "Pay was $170,000 in 2024 and rose to $180,000 in 2021.",  # not in time order
        "Pay was $130,000 in 2021 and rose to 150,000 euros in 2024.",  # two currencies
    ],
)
def test_a_pair_without_both_years_in_order_is_left_as_two_figures(text: str) -> None:
    assert growths(text) == []
