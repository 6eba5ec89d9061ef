"""Local prices count flagged records as every other answer does, and compare's OEWS
note is said only beside an OEWS row.

At local prices each matching record is in exactly one of: counted (a group's n),
flagged (``flagged_excluded``), no metro, or in an area BEA does not price. Flagged
records local prices could not price had been in none of them (7 of ml_engineer's),
and a company whose one record was flagged and had no metro was said to match nothing.
"""

from __future__ import annotations

import pytest

from paygrade.compare import compare
from paygrade.stats import no_match, stats
from paygrade.store import Store
from tests.test_engines import _accounted, _ibis_on_duckdb, _matching

# Spark's answer at local prices is checked in tests/test_engines.py, beside the module's
# Spark session (a session of its own here had cost ~16 s of the suite).

# (field, value): filters whose records are flagged with and without a metro: roles of
# flagged survey records (no metro), and the H-1B 2013 filings, two of them flagged
# above $1M in priced metros.
FILTERS = [("role", "ml_engineer"), ("role", "other"), ("source", "h1b_2013")]
OPTIONS = [{}, {"distinct_rows": True}, {"include_flagged": True}]
# The one record of this company is flagged base_above_1m and names no metro.
FLAGGED_ALONE = "Paramount Group Management"


@pytest.mark.parametrize("options", OPTIONS, ids=lambda o: ",".join(o) or "plain")
@pytest.mark.parametrize(("field", "value"), FILTERS, ids=[f"{f}={v}" for f, v in FILTERS])
def test_local_prices_account_for_every_matching_record_once(
    real_store: Store, field: str, value: str, options: dict[str, bool]
) -> None:
    where = {field: [value]}
    local = stats(real_store, ["level"], where, local_prices=True, **options)
    nominal = stats(real_store, ["level"], where, **options)
    distinct = options.get("distinct_rows", False)
    assert _accounted(local) == _matching(real_store, field, value, distinct) > 0
    # Flagged records are left out, and said, as they are without local prices.
    assert local["flagged_excluded"] == nominal["flagged_excluded"]
    if not options.get("include_flagged"):
        assert local["flagged_excluded"] > 0
    # The flagged count is the engine's, not part of local prices' own block.
    assert "flagged" not in local["local_prices"]


@pytest.mark.parametrize("options", OPTIONS, ids=lambda o: ",".join(o) or "plain")
def test_ibis_counts_flagged_records_at_local_prices_as_sql_does(
    real_store: Store, options: dict[str, bool]
) -> None:
    # "other": flagged survey records with no metro, and two flagged filings priced.
    where = {"role": ["other"]}
    ibis = _ibis_on_duckdb(real_store)
    rendered = stats(real_store, ["level"], where, local_prices=True, **options, engine=ibis)
    distinct = options.get("distinct_rows", False)
    assert _accounted(rendered) == _matching(real_store, "role", "other", distinct)
    assert rendered == stats(real_store, ["level"], where, local_prices=True, **options)


def test_a_flagged_record_without_a_metro_is_said_flagged_at_local_prices(
    real_store: Store,
) -> None:
    held = real_store.con.execute(
        "SELECT len(flags) > 0, metro FROM records WHERE company = ?", [FLAGGED_ALONE]
    ).fetchall()
    assert held == [(True, None)]  # the case: one record, flagged, no metro
    result = stats(real_store, [], {"company": [FLAGGED_ALONE]}, local_prices=True)
    assert result["groups"] == [] and result["flagged_excluded"] == 1
    assert result["no_match"]["message"] == (
        "the 1 matching record is flagged and left out (--include-flagged counts it)"
    )


def test_no_match_names_flagged_records_beside_unpriced_ones() -> None:
    # Fixture: what local prices left out of a question whose counted records all name
    # no metro, beside two flagged ones.
    fixture_left_out = {"no_metro": 3, "no_price_parity": {}}
    said = no_match({"role": ["x"]}, [], fixture_left_out, flagged=2)["message"]
    assert said == (
        "local prices need a metro BEA prices: of the records matching, 3 name no metro "
        "(survey records name none); 2 more records are flagged and left out "
        "(--include-flagged counts them)"
    )


OEWS_NOTE = "BLS OEWS percentiles cover all experience levels of the occupation"


def test_the_oews_levels_note_is_not_said_abroad(real_store: Store) -> None:
    result = compare(real_store, country="DE", role="ml_engineer", level="staff")
    assert not any(row["source"] == "oews" for row in result["rows"])
    assert OEWS_NOTE not in result["notes"]


def test_the_oews_levels_note_is_said_beside_an_oews_row(real_store: Store) -> None:
    seattle = "Seattle-Tacoma-Bellevue, WA"
    result = compare(real_store, metro=seattle, role="data_scientist", level="senior")
    assert any(row["source"] == "oews" for row in result["rows"])
    assert OEWS_NOTE in result["notes"]
