"""Defects a new graduate met on the pages, in the core: the ladder's projected path priced
US entry ML engineers in total pay and the path after them in base, under a note that
blamed the next level ("total pay before this level, too few records of it here") beside
1,452 total-pay records of it."""

from __future__ import annotations

import json
from typing import Any

import pytest

from paygrade.ladder import IC_PATH, NOT_ENOUGH, ladder, projected_path
from paygrade.store import Store


def _cells(**priced: tuple[str, ...]) -> dict[str, dict[str, Any]]:
    """Hand-written fixture cells: each level priced in the components named (100,000 total,
    90,000 base); the others not enough data."""
    medians = {"total": 100_000.0, "base": 90_000.0}
    enough = {"n": 50, "n_distinct": 40}
    return {
        level: {
            c: {**enough, "p25": m * 0.9, "p50": m, "p75": m * 1.1}
            if c in priced.get(level, ())
            else {"n": 2, "n_distinct": 2, "note": NOT_ENOUGH}
            for c, m in medians.items()
        }
        for level in IC_PATH
    }


def test_the_path_keeps_the_component_that_prices_its_current_level() -> None:
    # US ML engineers' shape: entry has total pay alone; base prices four levels to total's
    # three. The path had been base, entry falling back to total, mid marked for it.
    pay = _cells(entry=("total",), mid=("total", "base"), senior=("total", "base"),
                 staff=("base",), principal=("base",))  # fmt: skip
    path = projected_path(pay, level="entry")
    assert [p["pay"]["pay_component"] for p in path] == ["total"] * 3 + ["base"] * 2
    # The levels that fell back are marked, each naming the path's component.
    assert [p["pay"].get("pay_component_changed") for p in path] == [None] * 3 + ["total"] * 2


def test_a_level_in_the_paths_component_is_never_marked() -> None:
    # total, base, total: senior is priced in the path's component and had been marked.
    pay = _cells(entry=("total",), mid=("base",), senior=("total",))
    marked = [p["pay"].get("pay_component_changed") for p in projected_path(pay, level="entry")]
    assert marked == [None, "total", None, None, None]


def test_the_real_us_entry_path_is_total_pay_until_total_runs_out(real_store: Store) -> None:
    path = ladder(real_store, country="US", years=0)["path"]
    components = [(p["level"], p["pay"]["pay_component"]) for p in path]
    assert components[:3] == [("entry", "total"), ("mid", "total"), ("senior", "total")]
    # Only levels priced in the other component are marked.
    for step in path:
        marked = step["pay"].get("pay_component_changed")
        assert marked == (None if step["pay"]["pay_component"] == "total" else "total"), step


def test_the_cli_says_the_paths_component_at_a_level_that_fell_back() -> None:
    from paygrade.formats import _path_line

    step = {"level": "staff", "years_from_now": 8.0,
            "pay": {"pay_component": "base", "pay_component_changed": "total", "p25": 1.0,
                    "p50": 1.5, "p75": 2.0, "n": 31, "n_distinct": 29}}  # fmt: skip
    line = _path_line(step, None)
    assert line.endswith(
        "(the path is total pay elsewhere: too few records of it at this level here)"
    ), line


def test_a_percent_field_takes_a_trailing_percent_sign() -> None:
    from paygrade.offers import offer_number

    # "10%" typed in "Target bonus (% of base)" had been "'10%' is not a number (write 1200,
    # 1,200 or 12.5 ...)".
    assert offer_number("bonus_pct", "10%") == 10.0
    assert offer_number("growth_pct", " 5.5 % ") == 5.5
    # A field that is no percent keeps its words, and a cliff is told how months are written.
    with pytest.raises(ValueError, match=r"'10%' is not a number \(write 1200, 1,200"):
        offer_number("shares", "10%")
    with pytest.raises(ValueError, match=r"write whole months, 0 to 12, such as 6 or 12"):
        offer_number("cliff_months", "six")


def test_the_cli_reads_a_percent_as_the_page_does() -> None:
    from tests.test_cli import ok, run

    answer = json.loads(ok("offer", "--base", "150000", "--bonus-pct", "10%", "--format", "json"))
    assert answer["years"][0]["bonus"] == 15_000
    done = run("offer", "--base", "150000", "--cliff-months", "six")
    assert "write whole months, 0 to 12, such as 6 or 12" in done.stderr, done.stderr
