"""FY2024 Q1 H-1B filings (source ``h1b_2024``): a Parquet file, staged as text.

Small files are written here with pyarrow, typed as the real extract is
(doubles for wages, an int64 pandas index); the real file is checked
against pyarrow's own reading of it.
"""

from __future__ import annotations

import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from paygrade.ingest import ingest_file
from paygrade.records import BadInputFile
from paygrade.sources import REGISTRY
from paygrade.sources.h1b_2024 import annual_wage_check, stored_annual_wage_check
from paygrade.sources.reading import inspect_file, stage_parquet
from paygrade.store import Store
from tests.conftest import real_data_dir
from tests.test_lca import paygrade_command

REAL = real_data_dir() / "h1b-lca-fy2024q1-fulltime.parquet"
# DOL's units and how many of each make a year, written out here rather than
# taken from paygrade's vocabulary.
UNITS_PER_YEAR = {"Year": 1, "Month": 12, "Bi-Weekly": 26, "Week": 52, "Hour": 2080}
SCHEMA = pa.schema(
    [
        ("EMPLOYER_NAME", pa.string()),
        ("JOB_TITLE", pa.string()),
        ("SOC_CODE", pa.string()),
        ("SOC_TITLE", pa.string()),
        ("WAGE_RATE_OF_PAY_FROM", pa.float64()),
        ("PREVAILING_WAGE", pa.float64()),
        ("WAGE_UNIT_OF_PAY", pa.string()),
        ("PW_UNIT_OF_PAY", pa.string()),
        ("ANNUAL_WAGE", pa.float64()),
        ("ANNUAL_PREVAILING_WAGE", pa.float64()),
        ("WAGE_RATIO", pa.float64()),
        ("WORKSITE_STATE", pa.string()),
        ("__index_level_0__", pa.int64()),
    ]
)


def filing(
    employer: str, title: str, wage: float, unit: str | None, annual: float, index: int
) -> dict[str, Any]:
    return {
        "EMPLOYER_NAME": employer,
        "JOB_TITLE": title,
        "SOC_CODE": "15-2051",
        "SOC_TITLE": "Data Scientists",
        "WAGE_RATE_OF_PAY_FROM": wage,
        "PREVAILING_WAGE": wage,
        "WAGE_UNIT_OF_PAY": unit,
        "PW_UNIT_OF_PAY": unit,
        "ANNUAL_WAGE": annual,
        "ANNUAL_PREVAILING_WAGE": annual,
        "WAGE_RATIO": 1.0,
        "WORKSITE_STATE": "WA",
        "__index_level_0__": index,
    }


# Row 4's ANNUAL_WAGE is what the real extract writes for bi-weekly wages (x 52);
# rows 5 and 6 have no unit; row 7 is row 3 again under another pandas index.
FILINGS = [
    filing("Amazon.com Services LLC", "Software Engineer", 50.0, "Hour", 104_000.0, 10),
    filing("Google LLC", "Data Scientist", 10_000.0, "Month", 120_000.0, 11),
    filing("Meta Platforms, Inc.", "Research Scientist", 150_000.0, "Year", 150_000.0, 12),
    filing("Apple Inc.", "Machine Learning Engineer", 4_000.0, "Bi-Weekly", 208_000.0, 13),
    filing("Microsoft Corporation", "Data Engineer", 90_000.0, "", 90_000.0, 14),
    filing("Microsoft Corporation", "Data Engineer", 91_000.0, None, 91_000.0, 15),
    filing("Meta Platforms, Inc.", "Research Scientist", 150_000.0, "Year", 150_000.0, 99),
]


def write_parquet(path: Path, rows: list[dict[str, Any]], schema: pa.Schema = SCHEMA) -> Path:
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), path)
    return path


@pytest.fixture
def small(tmp_path: Path) -> Path:
    return write_parquet(tmp_path / "fixture-h1b-2024.parquet", FILINGS)


def records(store: Store) -> dict[int, dict[str, Any]]:
    cursor = store.con.execute("SELECT * FROM records WHERE source = 'h1b_2024'")
    names = [d[0] for d in cursor.description]
    found = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    return {record["source_row"]: record for record in found}


# --- the small file ------------------------------------------------------------------


def test_the_source_is_registered_after_the_other_h1b_sources() -> None:
    names = list(REGISTRY)
    assert names.index("h1b_2024") > max(names.index("h1b"), names.index("h1b_2013"))
    assert names.index("h1b_2024") < min(names.index("lca"), names.index("csv"))
    assert REGISTRY["h1b_2024"].filename == "h1b-lca-fy2024q1-fulltime.parquet"


def test_units_are_annualized_by_the_wage_unit(store: Store, small: Path) -> None:
    result = ingest_file(store, "h1b_2024", small)
    assert (result.rows_read, result.rows_accepted, result.rows_rejected) == (7, 5, 2)
    got = records(store)
    assert {row: r["amount"] for row, r in got.items()} == {
        1: 50.0 * 2080,
        2: 10_000.0 * 12,
        3: 150_000.0,
        4: 4_000.0 * 26,  # not the file's ANNUAL_WAGE of 208,000
        7: 150_000.0,
    }
    assert {r["amount_usd"] for r in got.values()} == {r["amount"] for r in got.values()}
    assert {(r["year"], r["currency"], r["pay_component"]) for r in got.values()} == {
        (2023, "USD", "base")
    }
    assert {(r["state"], r["country"], r["city"], r["metro"]) for r in got.values()} == {
        ("WA", "US", None, None)
    }
    assert {r["employment_type"] for r in got.values()} == {"full_time"}


def test_companies_and_roles_come_from_the_filing(store: Store, small: Path) -> None:
    ingest_file(store, "h1b_2024", small)
    got = records(store)
    assert [got[row]["company"] for row in (1, 2, 3, 4)] == ["Amazon", "Google", "Meta", "Apple"]
    assert got[1]["company_raw"] == "Amazon.com Services LLC"
    # Every filing says SOC 15-2051 (data scientists): the title decides the role.
    assert [got[row]["role"] for row in (1, 2, 3, 4)] == [
        "software_engineer",
        "data_scientist",
        "research_scientist",
        "ml_engineer",
    ]


def test_a_science_title_filed_outside_computing_is_other(store: Store, tmp_path: Path) -> None:
    # Every "scientist", "researcher" and "postdoc" was research_scientist: 2,951 of the
    # real file's 4,161 were biologists, chemists, medical scientists (median ~$67.5k).
    rows = [
        {**filing("Yale University", "Postdoctoral Fellow", 60_000.0, "Year", 6e4, 1),
         "SOC_CODE": "19-1042", "SOC_TITLE": "Medical Scientists, Except Epidemiologists"},
        {**filing("NIH", "Staff Scientist", 90_000.0, "Year", 9e4, 2),
         "SOC_CODE": "19-1029", "SOC_TITLE": "Biological Scientists, All Other"},
        {**filing("Google LLC", "Staff Scientist", 250_000.0, "Year", 2.5e5, 3),
         "SOC_CODE": "15-1221", "SOC_TITLE": "Computer and Information Research Scientists"},
        {**filing("Google LLC", "Research Scientist", 200_000.0, "Year", 2e5, 4),
         "SOC_CODE": None, "SOC_TITLE": None},
        {**filing("Pfizer", "Data Scientist", 150_000.0, "Year", 1.5e5, 5),
         "SOC_CODE": "19-1042", "SOC_TITLE": "Medical Scientists, Except Epidemiologists"},
    ]  # fmt: skip
    ingest_file(store, "h1b_2024", write_parquet(tmp_path / "fixture-sciences.parquet", rows))
    got = records(store)
    assert [(got[r]["role"], got[r]["level"]) for r in (1, 2, 3, 4, 5)] == [
        ("other", "entry"),  # a postdoc in medicine (a postdoc is entry level in any trade)
        ("other", None),  # staff: a rank of the lab, not the engineering ladder
        ("research_scientist", "staff"),
        ("research_scientist", None),  # no occupation filed: the title decides
        ("data_scientist", None),  # only research_scientist is held to its occupations
    ]


def test_the_soc_code_is_kept_raw(store: Store, small: Path) -> None:
    result = ingest_file(store, "h1b_2024", small)
    socs = store.con.execute(
        "SELECT DISTINCT payload->>'SOC_CODE' FROM raw_rows WHERE ingest_id = ?",
        [result.ingest_id],
    ).fetchall()
    assert socs == [("15-2051",)]


def test_a_wage_without_a_unit_is_quarantined(store: Store, small: Path) -> None:
    ingest_file(store, "h1b_2024", small)
    reasons = dict(
        store.con.execute(
            "SELECT source_row, reason FROM quarantine WHERE source = 'h1b_2024'"
        ).fetchall()
    )
    # A blank string and a null are both "no unit": never guessed.
    assert reasons == {5: "missing pay_period", 6: "missing pay_period"}


def test_copies_differing_only_in_the_pandas_index_are_ranked(store: Store, small: Path) -> None:
    ingest_file(store, "h1b_2024", small)
    ranks = {row: r["dup_rank"] for row, r in records(store).items()}
    assert ranks == {1: 1, 2: 1, 3: 1, 4: 1, 7: 2}


def test_raw_rows_keep_the_file_values_as_text(store: Store, small: Path) -> None:
    result = ingest_file(store, "h1b_2024", small)
    first = store.scalar(
        "SELECT CAST(payload AS VARCHAR) FROM raw_rows WHERE ingest_id = ? AND source_row = 1",
        [result.ingest_id],
    )
    assert '"WAGE_RATE_OF_PAY_FROM":"50.0"' in first
    assert '"__index_level_0__":"10"' in first


def test_the_annual_wage_check_finds_the_bi_weekly_row(store: Store, small: Path) -> None:
    assert stored_annual_wage_check(store) is None  # nothing ingested yet
    ingest_file(store, "h1b_2024", small)
    check = stored_annual_wage_check(store)
    assert check is not None
    # Rows 5 and 6 have no unit: nothing to compare.
    assert (check.rows, check.compared, check.differing) == (7, 5, 1)
    assert check.examples == [
        {
            "source_row": 4,
            "wage": "4000.0",
            "unit": "Bi-Weekly",
            "extract_annual": 208_000.0,
            "derived_annual": 104_000.0,
        }
    ]


def test_the_annual_wage_check_reads_the_staged_rows(small: Path) -> None:
    with duckdb.connect() as con:
        stage_parquet(con, inspect_file(small), "raw")
        check = annual_wage_check(con, "raw")
    assert (check.rows, check.compared, check.differing) == (7, 5, 1)


def test_the_annual_wage_check_tolerates_a_dollar(store: Store, tmp_path: Path) -> None:
    close = filing("X Inc.", "Analyst", 40.0, "Hour", 40.0 * 2080 + 0.99, 0)
    far = filing("X Inc.", "Analyst", 40.0, "Hour", 40.0 * 2080 + 1.01, 1)
    ingest_file(store, "h1b_2024", write_parquet(tmp_path / "f.parquet", [close, far]))
    check = stored_annual_wage_check(store)
    assert check is not None
    assert (check.compared, check.differing) == (2, 1)
    assert [e["source_row"] for e in check.examples] == [2]


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("text", r"h1b\.parquet: not a readable Parquet file"),
        ("truncated", r"h1b\.parquet: not a readable Parquet file"),
        ("no-rows", r"h1b\.parquet: the Parquet file has no rows"),
        ("missing-columns", r"h1b\.parquet: missing required column.*WAGE_UNIT_OF_PAY"),
    ],
)
def test_bad_files_are_rejected_whole(
    store: Store, small: Path, tmp_path: Path, case: str, message: str
) -> None:
    path = tmp_path / "h1b.parquet"
    if case == "text":
        path.write_text("EMPLOYER_NAME,JOB_TITLE\nX,Y\n", encoding="utf-8")
    elif case == "truncated":
        path.write_bytes(small.read_bytes()[:-200])
    elif case == "no-rows":
        write_parquet(path, [])
    else:
        write_parquet(path, [{"EMPLOYER_NAME": "X"}], pa.schema([("EMPLOYER_NAME", pa.string())]))
    with pytest.raises(BadInputFile, match=message):
        ingest_file(store, "h1b_2024", path)
    assert store.scalar("SELECT count(*) FROM ingest_log") == 0
    assert store.scalar("SELECT count(*) FROM raw_rows") == 0


def test_cli_ingests_the_parquet_file(small: Path, tmp_path: Path) -> None:
    done = subprocess.run(
        [*paygrade_command(), "--db", str(tmp_path / "cli.duckdb"), "ingest", "h1b_2024", small],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(
        "h1b_2024 fixture-h1b-2024.parquet: read 7, accepted 5, rejected 2 (missing pay_period 2)"
    )


# --- the real file -------------------------------------------------------------------


@pytest.fixture(scope="module")
def real_file() -> pa.Table:
    return pq.read_table(REAL)


def test_real_rows_read_are_the_files_rows(real_store: Store, real_file: pa.Table) -> None:
    read, accepted, rejected = real_store.con.execute(
        "SELECT rows_read, rows_accepted, rows_rejected FROM ingest_log WHERE source = 'h1b_2024'"
    ).fetchone() or (None, None, None)
    assert read == real_file.num_rows == 96_545  # SOURCES.md
    assert (accepted, rejected) == (96_545, 0)


def test_real_big_employers_are_canonical_companies(real_store: Store) -> None:
    found = dict(
        real_store.con.execute(
            "SELECT company, count(*) FROM records WHERE source = 'h1b_2024' "
            "AND company IN ('Amazon', 'Google', 'Meta', 'Apple', 'Microsoft') GROUP BY 1"
        ).fetchall()
    )
    assert set(found) == {"Amazon", "Google", "Meta", "Apple", "Microsoft"}
    assert min(found.values()) > 500


def test_real_amounts_are_wage_times_units(real_store: Store, real_file: pa.Table) -> None:
    wages = real_file.column("WAGE_RATE_OF_PAY_FROM").to_pylist()
    units = real_file.column("WAGE_UNIT_OF_PAY").to_pylist()
    expected = [wage * UNITS_PER_YEAR[unit] for wage, unit in zip(wages, units, strict=True)]
    stored = [
        row[0]
        for row in real_store.con.execute(
            "SELECT amount FROM records WHERE source = 'h1b_2024' ORDER BY source_row"
        ).fetchall()
    ]
    assert stored == pytest.approx(expected, rel=1e-12)
    assert set(units) == set(UNITS_PER_YEAR)


def test_real_annual_wage_differs_only_for_bi_weekly(
    real_store: Store, real_file: pa.Table
) -> None:
    check = stored_annual_wage_check(real_store, limit=100)
    assert check is not None
    units = real_file.column("WAGE_UNIT_OF_PAY").to_pylist()
    assert (check.rows, check.compared) == (96_545, 96_545)
    # The extract annualizes a bi-weekly wage as 52 pay periods a year, not 26.
    assert check.differing == Counter(units)["Bi-Weekly"] == 5
    for example in check.examples:
        assert example["unit"] == "Bi-Weekly"
        assert example["extract_annual"] == pytest.approx(2 * example["derived_annual"])


def test_real_states_and_socs_are_the_files(real_store: Store, real_file: pa.Table) -> None:
    states = Counter(real_file.column("WORKSITE_STATE").to_pylist())
    stored = dict(
        real_store.con.execute(
            "SELECT state, count(*) FROM records WHERE source = 'h1b_2024' GROUP BY 1"
        ).fetchall()
    )
    assert stored == dict(states)
    socs = Counter(real_file.column("SOC_CODE").to_pylist())
    kept = dict(
        real_store.con.execute(
            "SELECT payload->>'SOC_CODE', count(*) FROM raw_rows WHERE ingest_id = "
            "(SELECT ingest_id FROM ingest_log WHERE source = 'h1b_2024') GROUP BY 1"
        ).fetchall()
    )
    assert kept == dict(socs)
