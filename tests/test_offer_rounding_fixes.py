"""An offer's year shown in whole units: its parts add up to its total shown (half up), in
``paygrade offer``'s table as on the Offer check page; the JSON keeps the cents."""

from __future__ import annotations

import json
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from hypothesis import example, given
from hypothesis import strategies as st

from paygrade import formats
from paygrade.formats import render_offer
from paygrade.offers import evaluate, make_offer
from tests.test_cli import ok

# Hand-written fixture amounts: each part ends in .50, so each rounded on its own rounds up.
HALVES = ("--base", "100000.50", "--bonus", "10000.50")


def year_cells(table: str) -> list[list[int]]:
    """The year rows of ``paygrade offer``'s table, as whole numbers."""
    rows = [line.split() for line in table.splitlines()]
    return [[int(c.replace(",", "")) for c in r] for r in rows if len(r) == 6 and r[0].isdigit()]


def whole(amount: float) -> int:
    """The hand rule for a total shown: the exact amount to a whole unit, half up."""
    return int(Decimal(repr(amount)).to_integral_value(ROUND_HALF_UP))


def test_the_offer_tables_parts_add_up_to_its_total(tmp_path: Path) -> None:
    # Shown 100,001 + 10,001 beside a total of 110,001.
    db = tmp_path / "none.duckdb"
    cells = year_cells(ok("--db", db, "offer", *HALVES))
    assert cells == [[year, 100_001, 10_000, 0, 0, 110_001] for year in (1, 2, 3, 4)]
    # The JSON keeps every figure to the cent, as typed.
    first = json.loads(ok("--db", db, "offer", *HALVES, "--format", "json"))["years"][0]
    assert (first["base"], first["bonus"], first["total"]) == (100_000.5, 10_000.5, 110_001.0)


# None, or at least MIN_AMOUNT (a bonus, sign-on or grant below it is refused).
cents = st.one_of(st.just(0.0), st.integers(10_000, 50_000_000).map(lambda c: c / 100))


@given(base=st.integers(100_000, 50_000_000).map(lambda c: c / 100), bonus=cents, sign_on=cents)
@example(base=1_000.5, bonus=100.5, sign_on=100.5)  # three halves: 1,001 + 101 + 101 vs 1,202
def test_every_years_shown_parts_add_up_to_its_total_half_up(
    base: float, bonus: float, sign_on: float
) -> None:
    result = evaluate(make_offer(base, bonus=bonus, sign_on=sign_on, equity=sign_on))
    for row, (_year, *parts, total) in zip(
        result["years"], year_cells(render_offer(result, "table")), strict=True
    ):
        assert total == whole(row["total"])
        assert sum(parts) == total
        # No part moves a whole unit or more from its exact amount.
        exact = [row[k] for k in ("base", "bonus", "stock", "one_time")]
        assert all(abs(shown - amount) < 1 for shown, amount in zip(parts, exact, strict=True))


def test_one_rule_makes_a_years_whole_units() -> None:
    row = {"year": 2, "base": 0.5, "bonus": 0.5, "stock": 0.5, "one_time": 0.0, "total": 1.5}
    shown = formats.whole_year(row)
    assert shown == {"year": 2, "base": 1.0, "bonus": 0.0, "stock": 1.0, "one_time": 0.0,
                     "total": 2.0}  # fmt: skip
    # A whole part is shown as it is, whatever the parts before it.
    row = {"year": 1, "base": 0.5, "bonus": 7.0, "stock": 0.0, "one_time": 3.0, "total": 10.5}
    assert [formats.whole_year(row)[k] for k in ("bonus", "one_time", "total")] == [7, 3, 11]
