"""A company as filed that names no firm ("Corp", "Inc.", "Unknown") is counted and said
by ingest and quality (it was stored as none without a word); "NAN INC.", a firm, is one."""

from __future__ import annotations

import json
from pathlib import Path

from paygrade.normalize.companies import canonical_company
from paygrade.store import Store
from tests.conftest import run_each

FIXTURE = Path(__file__).parent / "fixtures" / "fixture-company-no-firm.csv"


def test_a_placeholder_followed_by_a_legal_form_is_a_firm() -> None:
    # Nan, Inc. (a builder in Guam) files H-1Bs as "NAN INC.": its key NAN, the placeholder
    # a spreadsheet writes for a blank, had made its filings companyless.
    assert canonical_company("NAN INC.") == "Nan"
    assert [canonical_company(n) for n in ("NaN", "nan", "Unknown", "Corp.", "& Co", " ")] == [
        None
    ] * 6
    from paygrade.normalize.companies import names_no_firm  # new beside canonical_company

    assert names_no_firm("LLC") and not names_no_firm("Intel Corporation")


def test_the_real_nan_inc_filings_have_their_company(real_db: Path) -> None:
    store = Store.open(real_db, read_only=True)
    try:
        held = store.con.execute(
            "SELECT DISTINCT company FROM records WHERE company_raw = 'NAN INC.'"
        ).fetchall()
    finally:
        store.close()
    assert held == [("Nan",)]


def test_ingest_and_quality_say_the_records_whose_company_names_no_firm(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    ingested, quality, as_json = run_each(
        ("--db", db, "ingest", "csv", FIXTURE),
        ("--db", db, "quality"),
        ("--db", db, "quality", "--format", "json"),
    )
    assert ingested.returncode == 0, ingested.stderr
    said = ingested.stdout.splitlines()[1]
    assert said == (
        "csv fixture-company-no-firm.csv: 5 records name no firm as their company ('Corp' 1, "
        "'Corp.' 1, 'Inc.' 1, 2 other names: a legal form or a placeholder alone): stored "
        "without a company"
    )
    assert (
        "  company naming no firm: 5 records ('Corp' 1, 'Corp.' 1, 'Inc.' 1, 'LLC' 1, "
        "'Unknown' 1), stored without a company"
    ) in quality.stdout.splitlines()
    (csv,) = json.loads(as_json.stdout)["sources"]
    assert csv["checks"]["company_no_firm"]["rows"] == 5  # the blank one is no name at all
