"""`compare` names only the measures a store holds: a store of the aijobs survey alone had
been told "no BLS OEWS figure for 15-1252 in this area" and "OFLC prevailing wages are set
per metro area" of tables it never had, and that H-1B filings report base pay."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from paygrade.compare import compare
from paygrade.ingest import ingest_file
from paygrade.store import Store
from tests.test_cli import ok

UNHELD = ("BLS OEWS", "OFLC", "H-1B")


@pytest.fixture(scope="module")
def aijobs_db(tmp_path_factory: pytest.TempPathFactory, data_dir: Path) -> Path:
    """A store of the real aijobs survey alone (no filings, no OEWS, no OFLC)."""
    db = tmp_path_factory.mktemp("aijobs-compare") / "aijobs.duckdb"
    store = Store.open(db)
    ingest_file(store, "aijobs", data_dir / "aijobs-salaries-2025-01.csv")
    store.close()
    return db


@pytest.fixture
def aijobs_only(aijobs_db: Path) -> Iterator[Store]:
    store = Store.open(aijobs_db, read_only=True)
    yield store
    store.close()


@pytest.mark.parametrize("place", [{"country": "US"}, {"country": "DE"}])
def test_a_one_source_store_is_told_of_no_measure_it_lacks(
    aijobs_only: Store, place: dict[str, str]
) -> None:
    result = compare(aijobs_only, role="ml_engineer", **place)
    said = [note for note in result["notes"] if any(name in note for name in UNHELD)]
    assert said == []
    assert {row["source"] for row in result["rows"]} <= {"aijobs"}


def test_the_real_store_still_names_every_measure_it_shows(real_store: Store) -> None:
    # The US as a whole: survey, filing and OEWS rows (OFLC's levels are per metro).
    notes = compare(real_store, role="ml_engineer", country="US")["notes"]
    assert notes[0] == (
        "surveys report total pay; H-1B filings report base pay; BLS OEWS report base wages "
        "with incentive pay, without year-end bonuses or equity: compare rows, never average them"
    )
    germany = compare(real_store, role="ml_engineer", country="DE")["notes"]
    assert "BLS OEWS covers the US only; none for DE" in germany
    assert "OFLC prevailing wages are set per metro area; none for a whole country" in germany


def test_the_cli_says_the_same(aijobs_db: Path) -> None:
    out = ok("--db", aijobs_db, "compare", "--role", "ml_engineer", "--country", "US",
             "--format", "json")  # fmt: skip
    notes = json.loads(out)["notes"]
    assert not [note for note in notes if any(name in note for name in UNHELD)]


def test_a_store_without_parities_says_so_not_that_bea_publishes_none(
    real_db: Path, tmp_path: Path
) -> None:
    # A store that never ingested BEA's file (a copy of the real one, taken out): "BEA
    # publishes no price parity for this area" had been said of Seattle, which BEA prices
    # (111.133 in 2024).
    copy = tmp_path / "no-parities.duckdb"
    copy.write_bytes(real_db.read_bytes())
    store = Store.open(copy)
    try:
        store.con.execute("DELETE FROM price_parities")
        store.con.execute("DELETE FROM ingest_log WHERE source = 'bea_rpp'")
        notes = compare(store, role="ml_engineer", metro="Seattle-Tacoma-Bellevue, WA")["notes"]
    finally:
        store.close()
    assert "BEA publishes no price parity for this area: no figures at local prices" not in notes
    assert (
        "the store holds no BEA price parities, so no figures at local prices: run "
        "`paygrade ingest bea_rpp`" in notes
    )
