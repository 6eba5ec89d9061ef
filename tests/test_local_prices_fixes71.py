"""Stop 71: local prices say each reason BEA gave no parity truly, on every face.

"in areas BEA does not price in their years" had been said of nonmetropolitan areas and
Puerto Rico too, which BEA prices in no year; the report's location table dropped
``rank_local_note``; the CLI said one metro's reason of every metro unranked at US prices.
"""

from __future__ import annotations

import functools

import pytest

import paygrade.report.location as location
from paygrade.formats import render_factor_table, stats_notes
from paygrade.prices import factor_table, left_out_notes, never_priced, warned_factor_table
from paygrade.stats import stats
from paygrade.store import Store

SAN_JUAN = "San Juan-Bayamon-Caguas, PR"
AUSTIN = "Austin-Round Rock-San Marcos, TX"


def _unpriced(store: Store, role: str) -> dict[str, int]:
    return stats(store, [], {"role": [role]}, local_prices=True)["local_prices"]["no_price_parity"]


def test_each_reason_bea_gives_no_parity_is_said_of_its_own_records(real_store: Store) -> None:
    left = _unpriced(real_store, "data_scientist")
    nonmetro = {a: n for a, n in left.items() if a.endswith(" nonmetropolitan area")}
    rico = {a: n for a, n in left.items() if a.endswith(", PR")}
    other = {a: n for a, n in left.items() if a not in nonmetro and a not in rico}
    assert nonmetro and rico  # the real store holds both
    result = stats(real_store, [], {"role": ["data_scientist"]}, local_prices=True)
    (said,) = [note for note in stats_notes(result) if note.startswith("left out by local")]
    assert (f"{sum(nonmetro.values()):,} in {len(nonmetro)} nonmetropolitan areas "
            "(which BEA never prices)") in said  # fmt: skip
    assert f"{sum(rico.values()):,} in Puerto Rico (which BEA never prices)" in said
    if other:
        assert f"{sum(other.values()):,} in {len(other)} area" in said
    else:
        assert "does not price in their years" not in said


def test_a_nonmetropolitan_areas_records_alone_are_said_never_priced(real_store: Store) -> None:
    area = "Central Pennsylvania nonmetropolitan area"
    n = stats(real_store, [], {"metro": [area]})["groups"][0]["n"]
    result = stats(real_store, [], {"metro": [area]}, local_prices=True)
    assert result["no_match"]["message"] == (
        f"local prices need a metro BEA prices: of the records matching, {n:,} are in 1 "
        "nonmetropolitan area (which BEA never prices)"
    )


def test_san_juan_is_said_never_priced_not_unpriced_in_its_years(real_store: Store) -> None:
    rows = factor_table(real_store, role="other", metros=(SAN_JUAN, AUSTIN))["rows"]
    san_juan = next(row for row in rows if row["metro"] == SAN_JUAN)
    assert san_juan["rank_nominal"] is not None and san_juan["rank_local"] is None
    assert san_juan["rank_local_note"] == "BEA never prices an area of Puerto Rico"


def test_the_reports_location_table_carries_rank_local_note(
    real_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The report's own table, had its metros been San Juan and Austin: San Juan's median at
    # US prices was blank, and neither its row nor a note said why.
    asked = functools.partial(warned_factor_table, metros=(SAN_JUAN, AUSTIN))
    monkeypatch.setattr(location, "warned_factor_table", asked)
    table = location.prices_table(real_store, "other")
    rows = {row["key"]["metro"]: row for row in table["rows"]}
    assert rows[SAN_JUAN]["p50_local_prices"] is None
    assert rows[SAN_JUAN]["rank_local_note"] == "BEA never prices an area of Puerto Rico"
    assert rows[AUSTIN]["rank_local_note"] is None
    n = rows[SAN_JUAN]["n"]
    assert (f"no median at US prices, not ranked at them: {SAN_JUAN} (n={n:,}): BEA never "
            "prices an area of Puerto Rico") in table["notes"]  # fmt: skip


def test_each_metro_unranked_at_us_prices_is_said_its_own_reason() -> None:
    # Built here: two metros unranked at US prices for two reasons. The table's note had
    # said the first one's reason of both.
    def row(metro: str, note: str) -> dict[str, object]:
        return {"metro": metro, "n": 20, "years": [2019], "rpp_all_items": None,
                "rpp_housing": None, "rpp_year": None, "p50_nominal": 100_000.0,
                "p50_nominal_ci": [90_000.0, 110_000.0], "p50_local": None,
                "rank_nominal": 1, "rank_local": None, "rank_note": None,
                "rounded_to": None, "rank_local_note": note}  # fmt: skip

    years = "BEA does not price the metro in its records' years"
    result = {"where": {"role": ["other"]}, "local_prices": None, "sources": {"h1b": 40},
              "flagged_excluded": 0,
              "rows": [row("Ponce, PR", "BEA never prices an area of Puerto Rico"),
                       row("Twin Falls, ID", years)]}  # fmt: skip
    text = " ".join(render_factor_table(result, "table").split())
    assert "Ponce, PR (n 20): BEA never prices an area of Puerto Rico" in text
    assert "Twin Falls, ID (n 20): BEA does not price the metro in its records' years" in text


def test_left_out_notes_keep_each_reason_apart() -> None:
    left = {"no_metro": 0, "priced_at_latest_year": 0, "latest_year": None,
            "no_price_parity": {"Guam MSA": 3, "Twin Falls, ID": 2}}  # fmt: skip
    assert left_out_notes(left) == [
        "left out by local prices: 2 in 1 area BEA does not price in their years, "
        "3 in Guam (which BEA never prices)"
    ]


def test_no_area_bea_prices_is_said_never_priced(real_store: Store) -> None:
    # NEVER_PRICED is a rule over OFLC's names; held over every name BEA prices and every
    # metro the records hold, not the rows pinned above: a priced metro read as "never
    # priced" would lose its rank at US prices with a false reason.
    priced = real_store.con.execute("SELECT DISTINCT area_name FROM price_parities").fetchall()
    assert priced and [name for (name,) in priced if never_priced(name)] == []
    held = real_store.con.execute("SELECT DISTINCT metro FROM records WHERE metro IS NOT NULL")
    reasons = {never_priced(metro) for (metro,) in held.fetchall()}
    assert reasons == {None, "Puerto Rico", "nonmetropolitan area"}
