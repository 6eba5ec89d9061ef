"""The ladder's projected path: years ahead to a tenth, one pay component along the path,
and a company name with a control character refused as every filter refuses it."""

from __future__ import annotations

from typing import Any

import pytest

from paygrade.ladder import IC_PATH, NOT_ENOUGH, ladder, projected_path
from paygrade.records import BadFilter
from paygrade.store import Store

ENOUGH = {"n": 50, "n_distinct": 40}


def _cells(**priced: tuple[str, ...]) -> dict[str, dict[str, Any]]:
    """Hand-written fixture cells (as ``ladder`` makes them): each level priced in the
    components named, 100,000 total and 90,000 base; the others not enough data."""
    medians = {"total": 100_000.0, "base": 90_000.0}
    return {
        level: {
            component: {**ENOUGH, "p25": m * 0.9, "p50": m, "p75": m * 1.1}
            if component in priced.get(level, ())
            else {"n": 2, "n_distinct": 2, "note": NOT_ENOUGH}
            for component, m in medians.items()
        }
        for level in IC_PATH
    }


def test_years_ahead_are_said_to_a_tenth() -> None:
    # `ladder --years 1.1` said 0.8999999999999999; --years 7.99 "in 0.01 years".
    pay = _cells()
    assert [p["years_from_now"] for p in projected_path(pay, years=1.1)] == [
        0.0, 0.9, 3.9, 6.9, 10.9,
    ]  # fmt: skip
    # 0.01 rounds to 0.0, which reads "now" beside the level held now: a level ahead is 0.1.
    assert [p["years_from_now"] for p in projected_path(pay, years=7.99)] == [0.0, 0.1, 4.0]
    # A level given with years past a higher level's start: no level above the one held is
    # "now" (it had been); the path counts from the level's typical start (ladder.years_past).
    assert [p["years_from_now"] for p in projected_path(pay, "mid", years=9)][:2] == [0.0, 3.0]


def test_the_path_keeps_one_pay_component() -> None:
    # senior was priced in total pay, staff and principal in base: two measures, one path.
    pay = _cells(senior=("total", "base"), staff=("base",), principal=("base",))
    path = projected_path(pay, level="senior")
    assert [p["pay"]["pay_component"] for p in path] == ["base", "base", "base"]
    assert path[0]["pay"]["p50"] == 90_000
    assert not any("pay_component_changed" in p["pay"] for p in path)


def test_the_current_levels_component_is_kept_when_the_next_levels_have_it() -> None:
    pay = _cells(mid=("total", "base"), senior=("total", "base"), staff=("total",))
    path = projected_path(pay, level="mid")
    assert [p["pay"].get("pay_component") for p in path] == ["total", "total", "total", None]


def test_a_change_of_pay_component_is_said_at_its_level() -> None:
    pay = _cells(entry=("total",), mid=("total",), senior=("base",))
    path = projected_path(pay, level="entry")
    assert [p["pay"].get("pay_component") for p in path[:3]] == ["total", "total", "base"]
    assert [p["pay"].get("pay_component_changed") for p in path] == [
        None, None, "total", None, None,
    ]  # fmt: skip


def test_the_real_ladder_prices_its_path_in_one_component(real_store: Store) -> None:
    path = ladder(real_store, years=7.99)["path"]
    assert len({p["pay"]["pay_component"] for p in path if "p50" in p["pay"]}) == 1
    assert [p["years_from_now"] for p in path] == [0.0, 0.1, 4.0]


@pytest.mark.parametrize("company", ["Google\x00", "Goo\x1bgle"])
def test_a_company_with_a_control_character_is_refused(real_store: Store, company: str) -> None:
    with pytest.raises(BadFilter, match="holds a control character"):
        ladder(real_store, company=company)


def test_the_cli_path_line_says_where_the_pay_component_changes() -> None:
    from paygrade.formats import _path_line

    # Hand-written fixture step: no path in the real data switches component.
    step = {"level": "staff", "years_from_now": 2.0,
            "pay": {"pay_component": "total", "pay_component_changed": "base", "p25": 1.0,
                    "p50": 1.5, "p75": 2.0, "n": 9, "n_distinct": 9}}  # fmt: skip
    line = _path_line(step, None)
    said = "(the path is base pay elsewhere: too few records of it at this level here)"
    assert line.endswith(said), line
    del step["pay"]["pay_component_changed"]
    assert "the path is" not in _path_line(step, None)
