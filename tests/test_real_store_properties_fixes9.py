"""Whole-store properties of this stop's ingest rules, over every record of the real data:
the rows the rules' own tests pin are hand-written; these hold the rules' cousins too."""

from __future__ import annotations

from paygrade.normalize.company_levels import company_level, mapped_companies
from paygrade.normalize.rule_tables import read_rules
from paygrade.store import Store


def test_no_record_outside_the_us_holds_a_state_but_a_territory_its_own(
    real_store: Store,
) -> None:
    # A US state with another country had been stored (IN with India as Indiana).
    territories = {r["code"] for r in read_rules("us_states.csv") if r["kind"] != "state"}
    rows = real_store.con.execute(
        "SELECT country, state, count(*) FROM records WHERE state IS NOT NULL "
        "AND country IS DISTINCT FROM 'US' GROUP BY ALL"
    ).fetchall()
    assert [r for r in rows if not (r[0] == r[1] and r[1] in territories)] == []


def test_every_company_level_at_a_mapped_company_is_one_of_its_ladder(
    real_store: Store,
) -> None:
    # A level its company's ladder has not (Google L55) had been stored with no level.
    mapped = set(mapped_companies())
    held = real_store.con.execute(
        "SELECT DISTINCT company, company_level FROM records WHERE company_level IS NOT NULL"
    ).fetchall()
    at_mapped = [(c, level) for c, level in held if c in mapped]
    assert at_mapped, "the real data holds company levels at mapped companies"
    assert [(c, level) for c, level in at_mapped if company_level(level, c) is None] == []
