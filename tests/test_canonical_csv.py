"""The canonical CSV import (source ``csv``): header rules, precedence, vocabularies, money."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from paygrade.ingest import ingest_file
from paygrade.records import FIELD_NAMES, VOCABULARIES, BadInputFile
from paygrade.store import Store
from tests.conftest import opened_copy

FIXTURES = Path(__file__).resolve().parent / "fixtures"
NEXT_YEAR = dt.date.today().year + 1
SAN_JOSE = "San Jose-Sunnyvale-Santa Clara, CA"


@pytest.fixture(scope="module")
def empty_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty store file, migrated once: each example opens a copy of its own (making
    one anew, every migration run, took most of an example's time)."""
    path = tmp_path_factory.mktemp("empty") / "empty.duckdb"
    Store.open(path).close()
    return path


@pytest.fixture
def store(empty_db: Path, tmp_path: Path) -> Iterator[Store]:
    """conftest's empty, migrated store in a real DuckDB file, opened from a copy of
    ``empty_db``."""
    shutil.copyfile(empty_db, tmp_path / "test.duckdb")
    opened = Store.open(tmp_path / "test.duckdb")
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def reference_db(tmp_path_factory: pytest.TempPathFactory, data_dir: Path) -> Path:
    """A store holding what normalization joins: CPI, geography, aijobs' exchange rates."""
    path = tmp_path_factory.mktemp("reference") / "reference.duckdb"
    built = Store.open(path)
    ingest_file(built, "cpi", data_dir / "cpi-u-annual.csv")
    ingest_file(built, "oflc_geography", data_dir / "oflc-geography-2025-26.csv")
    ingest_file(built, "aijobs", data_dir / "aijobs-salaries-2025-01.csv")
    built.close()
    return path


@pytest.fixture
def ref_store(reference_db: Path, tmp_path: Path) -> Iterator[Store]:
    with opened_copy(reference_db, tmp_path) as opened:
        yield opened


def write_csv(tmp_path: Path, text: str, name: str = "records.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def records(store: Store, ingest_id: int | None) -> list[dict[str, Any]]:
    cursor = store.con.execute(
        "SELECT * FROM records WHERE ingest_id = ? ORDER BY source_row", [ingest_id]
    )
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def reasons(store: Store, ingest_id: int | None) -> dict[int, str]:
    rows = store.con.execute(
        "SELECT source_row, reason FROM quarantine WHERE ingest_id = ?", [ingest_id]
    ).fetchall()
    return {int(row): str(reason) for row, reason in rows}


def cpi(store: Store, year: int) -> float:
    return float(store.scalar("SELECT cpi FROM cpi WHERE year = ?", [year]))


def ingest_rows(store: Store, tmp_path: Path, header: str, *rows: str) -> int | None:
    result = ingest_file(store, "csv", write_csv(tmp_path, "\n".join([header, *rows]) + "\n"))
    assert result.status == "ok"
    return result.ingest_id


# --- the fixture file, field by field -----------------------------------------------


def test_fixture_file_gives_exact_records(ref_store: Store) -> None:
    result = ingest_file(ref_store, "csv", FIXTURES / "fixture-canonical-small.csv")
    assert (result.rows_read, result.rows_accepted, result.rows_rejected) == (5, 3, 2)
    got = records(ref_store, result.ingest_id)
    ratio_2023 = cpi(ref_store, 2024) / cpi(ref_store, 2023)
    ratio_2022 = cpi(ref_store, 2024) / cpi(ref_store, 2022)
    assert got[0] | {"ingest_id": None} == {
        "ingest_id": None,
        "source": "csv",  # the file's "aijobs" is recomputed: this import is the source
        "source_row": 1,  # not the file's 17
        "year": 2024,
        "role": "ml_engineer",
        "level": "senior",  # the title's level beats the 6 years' band
        "years_experience": 6.0,
        "title": "Senior Machine Learning Engineer",
        "company": "Amazon",
        "company_level": None,  # Amazon's ladder names no "Senior Machine Learning Engineer"
        "metro": "Seattle-Tacoma-Bellevue, WA",
        "city": "Seattle",
        "state": "WA",
        "country": "US",
        "company_size": "large",
        "industry": "tech",
        "education": "master",
        "specialization": None,
        "remote": 0,
        "employment_type": "full_time",
        "pay_component": "base",
        "amount": 190000.0,
        "currency": "USD",
        "amount_usd": 190000.0,
        "amount_usd_real": 190000.0,  # 2024 is the reference year; the file's 1 is ignored
        "dup_rank": 1,
        "company_raw": "AMAZON.COM SERVICES LLC",  # the employer as filed, for provenance
        "flags": [],
    }
    second = got[1]
    assert (second["role"], second["level"], second["specialization"]) == (
        "data_scientist",
        "staff",
        "nlp",
    )
    # Google's ladder reads the title as L5; the file's own level (staff) stays the level.
    assert (second["company"], second["company_level"], second["metro"], second["city"]) == (
        "Google",
        "L5",
        SAN_JOSE,
        "Mountain View",
    )
    assert (second["remote"], second["pay_component"]) == (100, "total")
    assert (second["amount"], second["currency"], second["amount_usd"]) == (
        250000.0,
        "USD",
        250000.0,
    )
    assert second["amount_usd_real"] == pytest.approx(250000.0 * ratio_2023)
    third = got[2]
    assert (third["role"], third["level"]) == ("data_analyst", "entry")  # 1.5 years: entry
    # Given without its comma: read as OEWS names it (kept as given, it was a metro of its own).
    assert third["metro"] == "Boston-Cambridge-Newton, MA-NH"
    assert (third["remote"], third["employment_type"], third["currency"]) == (50, "contract", "USD")
    assert third["amount_usd_real"] == pytest.approx(85000.0 * ratio_2022)
    assert reasons(ref_store, result.ingest_id) == {
        4: "missing currency",
        5: "bad level: 'wizard' is not one of entry, mid, senior, staff, principal, executive",
    }


# --- the header ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("title,pay_component,amount_usd", "missing required column.*year"),
        ("year,pay_component,amount_usd", "missing required column.*title"),
        ("year,title,amount_usd", "missing required column.*pay_component"),
        ("year,title,pay_component", "needs an amount_usd column, or amount with currency"),
        ("year,title,pay_component,amount", "needs an amount_usd column, or amount with currency"),
        (
            "year,title,pay_component,currency",
            "needs an amount_usd column, or amount with currency",
        ),
        ("year,title,pay_component,amount_usd,salary", "unknown column.*'salary'"),
        ("year,title,pay_component,amount_usd,Role", "unknown column.*'Role'"),
        ("year,title,pay_component,amount_usd,amount_usd", "'amount_usd' appears twice"),
        # A trailing comma was "unknown column(s) 'column4'", a name nobody wrote.
        (
            "year,title,pay_component,amount_usd,",
            r"unknown column\(s\) the 5th \(no name: a comma too many\?\);",
        ),
    ],
)
def test_header_is_checked(store: Store, tmp_path: Path, header: str, message: str) -> None:
    row = ",".join(["2024"] * (header.count(",") + 1))
    with pytest.raises(BadInputFile, match=message):
        ingest_file(store, "csv", write_csv(tmp_path, f"{header}\n{row}\n"))
    assert store.scalar("SELECT count(*) FROM ingest_log") == 0


def test_every_canonical_field_is_accepted(store: Store, tmp_path: Path) -> None:
    values = {"year": "2024", "title": "Data Engineer", "pay_component": "base"}
    values |= {"amount": "100000", "currency": "USD", "amount_usd": "100000"}
    row = ",".join(values.get(name, "") for name in FIELD_NAMES)
    ingest_id = ingest_rows(store, tmp_path, ",".join(FIELD_NAMES), row)
    assert [r["title"] for r in records(store, ingest_id)] == ["Data Engineer"]


# --- precedence: a value given beats one derived --------------------------------------

HEADER = "year,title,pay_component,amount_usd,city,state"


@pytest.mark.parametrize(
    ("field", "given_value", "title", "derived", "expected"),
    [
        ("role", "ml_engineer", "Data Scientist", "data_scientist", "ml_engineer"),
        ("level", "entry", "Senior Data Scientist", "senior", "entry"),
        ("level", "SE", "Junior Data Scientist", "entry", "senior"),  # an alias is a value
        ("specialization", "nlp", "Computer Vision Engineer", "computer_vision", "nlp"),
        # A city naming one metro is that metro, as OEWS names it.
        ("metro", "Oakland", "Data Scientist", SAN_JOSE, "San Francisco-Oakland-Fremont, CA"),
    ],
)
def test_given_value_beats_derived(
    ref_store: Store,
    tmp_path: Path,
    field: str,
    given_value: str,
    title: str,
    derived: str,
    expected: str,
) -> None:
    ingest_id = ingest_rows(
        ref_store,
        tmp_path,
        f"{HEADER},{field}",
        f"2024,{title},base,150000,Mountain View,CA,{given_value}",
        f"2024,{title},base,150000,Mountain View,CA,",
    )
    assert [r[field] for r in records(ref_store, ingest_id)] == [expected, derived]


def test_a_metro_given_is_read_as_oews_names_it_or_quarantined(
    ref_store: Store, tmp_path: Path
) -> None:
    # A metro was stored as given: "Seattle" became a metro of its own, which metro=seattle
    # then took whole (the Seattle filings left out), and "Atlantis" was a metro too.
    ingest_id = ingest_rows(
        ref_store,
        tmp_path,
        "year,title,pay_component,amount_usd,metro,country",
        "2024,ML Engineer,base,150000,seattle,",
        "2024,ML Engineer,base,150000,Seattle-Tacoma-Bellevue WA,US",
        "2024,ML Engineer,base,150000,Atlantis,",
        "2024,ML Engineer,base,150000,Seattle,DE",
        "2024,ML Engineer,base,150000,Bay Area,",
        # A state's code as the country is another country (Canada), suffix or not.
        '2024,ML Engineer,base,150000,"San Jose-Sunnyvale-Santa Clara, CA",CA',
    )
    seattle = "Seattle-Tacoma-Bellevue, WA"
    assert [r["metro"] for r in records(ref_store, ingest_id)] == [seattle, seattle]
    assert reasons(ref_store, ingest_id) == {
        3: "unknown metro: 'Atlantis' is no OEWS metro area; did you mean Atlanta-Sandy "
        "Springs-Roswell, GA?",
        4: f"bad metro: {seattle} is in the US, but the country is DE",
        5: "unknown metro: 'Bay Area' is no OEWS metro area; did you mean San "
        f"Francisco-Oakland-Fremont, CA or {SAN_JOSE}?",
        6: f"bad metro: {SAN_JOSE} is in the US, but the country is CA",
    }


def test_a_given_company_level_beats_the_one_read_from_the_title(
    store: Store, tmp_path: Path
) -> None:
    # The column was taken and dropped: every record's company_level was the derived one.
    ingest_id = ingest_rows(
        store,
        tmp_path,
        "year,title,company,company_level,pay_component,amount_usd",
        "2024,Senior Software Engineer,Google,L7,base,200000",
        "2024,Senior Software Engineer,Google, ,base,200000",
    )
    assert [r["company_level"] for r in records(store, ingest_id)] == ["L7", "L5"]


def test_a_title_naming_its_company_ladder_level_has_that_ladder_level(
    store: Store, tmp_path: Path
) -> None:
    # Amazon's "Principal" is L7, which the reviewed ladder maps to staff: the title's word
    # had made the record principal, so `ladder --company Amazon` showed its L7 filings in
    # the row labelled L8 and none in the row labelled L7. A level the title's words do
    # not give ("-TEST") comes from the ladder too; a given company level counts as the
    # title's would, and a level the source gives still wins over both.
    ingest_id = ingest_rows(
        store,
        tmp_path,
        "year,title,company,company_level,level,pay_component,amount_usd",
        "2024,Principal Software Development Engineer,Amazon,,,base,250000",
        "2024,Principal Software Engineer,Microsoft,,,base,250000",
        "2024,Software Development Engineer II-TEST,Amazon,,,base,150000",
        "2024,Senior Software Engineer,Google,L7,,base,300000",
        "2024,Principal Software Development Engineer,Amazon,,senior,base,250000",
        "2024,Principal Software Development Engineer,Amazon,,mid,base,250000",
        "2024,Principal Software Engineer,Acme,,,base,250000",
    )
    got = [(r["company_level"], r["level"]) for r in records(store, ingest_id)]
    assert got == [
        ("L7", "staff"),
        ("65", "staff"),
        ("L5", "mid"),
        ("L7", "principal"),
        ("L7", "staff"),  # a source's senior is refined by the ladder's staff, as by a title's
        ("L7", "mid"),
        (None, "principal"),  # no reviewed ladder: the title's word
    ]


@pytest.mark.parametrize(
    ("column", "suffix"),
    [("source_row", ".csv"), ("source_row", ".xlsx")],
)
def test_a_given_source_row_is_kept_as_given_and_copies_are_still_copies(
    store: Store, tmp_path: Path, column: str, suffix: str
) -> None:
    # The row number staging adds had replaced the column: the raw rows said 1 and 2 where
    # the file said 7, and the two identical rows were no longer copies. A workbook's was
    # "Column with name source_row already exists" (an internal error, status 70).
    # Numbered apart (7 and 8), they are copies still: a row number is no evidence.
    header = f"{column},year,title,pay_component,amount_usd"
    row, again = "7,2024,ML Engineer,base,150000", "8,2024,ML Engineer,base,150000"
    if suffix == ".csv":
        ingest_id = ingest_rows(store, tmp_path, header, row, again)
    else:
        import openpyxl

        book = openpyxl.Workbook()
        for line in (header, row, again):
            book.active.append(line.split(","))
        book.save(tmp_path / "records.xlsx")
        ingest_id = ingest_file(store, "csv", tmp_path / "records.xlsx").ingest_id
    payloads = store.con.execute(
        f"SELECT payload->>'{column}' FROM raw_rows WHERE ingest_id = ?", [ingest_id]
    ).fetchall()
    assert sorted(payloads) == [("7",), ("8",)]
    assert [(r["source_row"], r["dup_rank"]) for r in records(store, ingest_id)] == [(1, 1), (2, 2)]


def test_level_from_years_only_when_nothing_else_says(store: Store, tmp_path: Path) -> None:
    ingest_id = ingest_rows(
        store,
        tmp_path,
        "year,title,pay_component,amount_usd,years_experience,level",
        "2024,Data Engineer,base,100000,0.5,",
        "2024,Data Engineer,base,100000,2,",
        "2024,Data Engineer,base,100000,4.9,",
        "2024,Data Engineer,base,100000,5,",
        "2024,Data Engineer,base,100000,,",
        "2024,Senior Data Engineer,base,100000,0.5,",
        "2024,Data Engineer,base,100000,0.5,principal",
    )
    got = [r["level"] for r in records(store, ingest_id)]
    assert got == ["entry", "mid", "mid", "senior", None, "senior", "principal"]


# --- vocabularies and row-level problems: quarantined with a reason -----------------


@pytest.mark.parametrize("field", [*VOCABULARIES, "remote"])
def test_unknown_vocabulary_value_quarantines(store: Store, tmp_path: Path, field: str) -> None:
    header = "year,title,pay_component,amount_usd"
    good = "2024,Data Engineer,base,100000"
    if field == "pay_component":
        ingest_id = ingest_rows(store, tmp_path, header, good, "2024,Data Engineer,bonus,100000")
        bad = "bonus"
    else:
        bad = "nonsense"
        ingest_id = ingest_rows(store, tmp_path, f"{header},{field}", f"{good},", f"{good},{bad}")
    assert len(records(store, ingest_id)) == 1
    assert reasons(store, ingest_id)[2].startswith(f"bad {field}: '{bad}' is not one of ")


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("2024,Data Engineer,base,lots", "bad amount_usd: 'lots' is not a number"),
        ("2024,Data Engineer,base,NaN", "bad amount_usd: 'NaN' is not a number"),
        ("2024,Data Engineer,base,inf", "bad amount_usd: 'inf' is not a number"),
        # A comma neither grouping digits nor before 1-2 decimals: no number (it was 120000).
        (
            '2024,Data Engineer,base,"12,0000"',
            "bad amount_usd: '12,0000' is not a number (a comma"
            " groups digits, as in 120,000, or marks one or two decimals, as in 65000,50)",
        ),
        ("2024,Data Engineer,base,0", "bad amount: zero or negative"),
        ("2024,Data Engineer,base,-120000", "bad amount: zero or negative"),
        ("2024,Data Engineer,base,1e16", "implausible amount: 10000000000000000 USD a year"),
        ("2024,Data Engineer,base,1e308", "implausible amount: 1.00e+308 USD a year is outside"),
        ("2024,Data Engineer,base,12", "implausible amount: 12 USD a year"),
        # Cents where whole dollars would round into the bounds (it said "1000 USD").
        ("2024,Data Engineer,base,999.99", "implausible amount: 999.99 USD a year is outside"),
        # Cents shown where it has them (it said "2 USD"), every digit where cents would
        # round into the bounds (it said "5000000.00 USD a year is outside 1,000-5,000,000").
        ("2024,Data Engineer,base,1.5", "implausible amount: 1.50 USD a year is outside"),
        ("2024,Data Engineer,base,5000000.004", "implausible amount: 5000000.004 USD a year"),
        ("2024,Data Engineer,base,", "missing amount"),
        ("1989,Data Engineer,base,100000", "impossible year: 1989 is outside 1990-"),
        (f"{NEXT_YEAR + 1},Data Engineer,base,100000", f"impossible year: {NEXT_YEAR + 1}"),
        ("20x4,Data Engineer,base,100000", "bad year: '20x4' is not a whole number"),
        # Never rounded into another year (DuckDB's cast would make it 2025).
        ("2024.5,Data Engineer,base,100000", "bad year: '2024.5' is not a whole number"),
        (",Data Engineer,base,100000", "missing year"),
        ("2024,,base,100000", "missing title"),
        ("2024,   ,base,100000", "missing title"),
        ("2024," + "x" * 301 + ",base,100000", "bad title: longer than 300 characters"),
        ("2024,Data Engineer,,100000", "missing pay_component"),
    ],
)
def test_bad_row_values_quarantine(store: Store, tmp_path: Path, row: str, reason: str) -> None:
    ingest_id = ingest_rows(store, tmp_path, "year,title,pay_component,amount_usd", row)
    assert records(store, ingest_id) == []
    assert reason in reasons(store, ingest_id)[1]


def test_a_us_state_with_another_country_is_quarantined(store: Store, tmp_path: Path) -> None:
    # state CA with country DE was accepted without a word; a territory is its own country.
    header = "year,title,pay_component,amount_usd,state,country"
    places = ["CA,DE", "PR,PR", "CA,US", "CA,"]
    rows = [f"2024,Data Engineer,base,150000,{place}" for place in places]
    ingest_id = ingest_rows(store, tmp_path, header, *rows)
    assert reasons(store, ingest_id) == {1: "bad state: CA is in the US, but the country is DE"}
    assert len(records(store, ingest_id)) == 3


@pytest.mark.parametrize("amount", ["0", "-120000"])
def test_a_zero_or_negative_amount_is_said_once(store: Store, tmp_path: Path, amount: str) -> None:
    # It was "bad amount: zero or negative; implausible amount: 0 USD a year is outside ...".
    ingest_id = ingest_rows(
        store, tmp_path, "year,title,pay_component,amount_usd", f"2024,Data Engineer,base,{amount}"
    )
    assert reasons(store, ingest_id)[1] == "bad amount: zero or negative"


@pytest.mark.parametrize(
    ("column", "value", "reason"),
    [
        ("country", "Atlantis", "bad country: 'Atlantis' is not an ISO 3166 alpha-2 code"),
        (
            "state",
            "Cascadia",
            "bad state: 'Cascadia' is not the code of a US state, DC or territory",
        ),
        ("state", "ZZ", "bad state: 'ZZ' is not the code of a US state, DC or territory"),
        ("country", "ZZ", "bad country: 'ZZ' is not an ISO 3166 alpha-2 code"),
        ("years_experience", "-1", "bad years_experience: '-1'"),
        ("years_experience", "99", "bad years_experience: '99'"),
        ("years_experience", "ten", "bad years_experience: 'ten'"),
    ],
)
def test_bad_place_and_experience_quarantine(
    store: Store, tmp_path: Path, column: str, value: str, reason: str
) -> None:
    header = f"year,title,pay_component,amount_usd,{column}"
    ingest_id = ingest_rows(store, tmp_path, header, f"2024,Data Engineer,base,100000,{value}")
    assert reasons(store, ingest_id) == {1: reason}


def test_a_country_or_state_written_by_its_name_is_its_code(store: Store, tmp_path: Path) -> None:
    # A spreadsheet says "Germany" and "California": each row was quarantined as a bad code.
    rows = [("USA", "Washington"), ("United Kingdom", ""), ("germany", ""), ("UK", ""),
            ("Côte d'Ivoire", ""), ("us", "ca"), ("Georgia", "")]  # fmt: skip
    ingest_id = ingest_rows(
        store, tmp_path, "year,title,pay_component,amount_usd,country,state",
        *(f'2024,Data Engineer,base,100000,"{country}",{state}' for country, state in rows),
    )  # fmt: skip
    got = [(r["country"], r["state"]) for r in records(store, ingest_id)]
    assert got == [("US", "WA"), ("GB", None), ("DE", None), ("GB", None), ("CI", None),
                   ("US", "CA"), ("GE", None)]  # fmt: skip
    # The row as given is kept.
    raw = store.con.execute(
        "SELECT payload FROM raw_rows WHERE ingest_id = ? ORDER BY source_row", [ingest_id]
    ).fetchall()
    assert '"country":"USA"' in raw[0][0] and '"state":"Washington"' in raw[0][0]


def test_a_country_by_its_name_with_accents_or_a_curled_apostrophe_is_its_code(
    store: Store, tmp_path: Path
) -> None:
    # The docs say accents are optional; "Österreich", "España", "México" were quarantined
    # ("not an ISO 3166 alpha-2 code") where "Osterreich" was read.
    rows = ["Österreich", "Osterreich", "España", "México", "Côte d’Ivoire", "TÜRKIYE"]
    ingest_id = ingest_rows(
        store, tmp_path, "year,title,pay_component,amount_usd,country",
        *(f"2024,Data Engineer,base,100000,{country}" for country in rows),
    )  # fmt: skip
    got = [r["country"] for r in records(store, ingest_id)]
    assert got == ["AT", "AT", "ES", "MX", "CI", "TR"]


def test_a_years_pay_grouped_by_dots_is_no_amount(store: Store, tmp_path: Path) -> None:
    # A German export's "950.000" was stored as 950, and "95.000" called implausible.
    ingest_id = ingest_rows(
        store, tmp_path, "year,title,pay_component,amount,currency,country",
        "2024,Head of Data,total,950.000,USD,US", "2024,Data Scientist,base,95.000,USD,US",
        "2024,Data Scientist,base,1.250.000,USD,US",
        # Not dotted thousands: a decimal comma after them, decimals, a wider first group.
        '2024,Data Scientist,base,"85.000,50",USD,US', "2024,Data Scientist,base,85000.50,USD,US",
        "2024,Data Scientist,base,25000.000,USD,US",
    )  # fmt: skip
    said = "groups thousands with dots, and a dot marks decimals: write"
    assert reasons(store, ingest_id) == {
        1: f"bad amount: '950.000' {said} 950000",
        2: f"bad amount: '95.000' {said} 95000",
        3: f"bad amount: '1.250.000' {said} 1250000",
    }
    assert [r["amount"] for r in records(store, ingest_id)] == [85000.5, 85000.5, 25000.0]


def test_an_amount_and_an_amount_usd_that_disagree_are_quarantined(
    store: Store, tmp_path: Path
) -> None:
    # An edited `records` listing re-imported (the amount changed, amount_usd not) was
    # stored as both, the statistics reading the old amount_usd.
    ingest_id = ingest_rows(
        store, tmp_path, "year,title,pay_component,amount,currency,amount_usd",
        "2024,Data Engineer,base,160101,USD,150101", "2024,Data Engineer,base,100000,USD,100000",
        "2024,Data Engineer,base,,USD,120000",
    )  # fmt: skip
    assert reasons(store, ingest_id) == {
        1: "bad amount_usd: 150,101 is not its amount, 160,101 USD: give one of them, or both alike"
    }
    assert [r["amount_usd"] for r in records(store, ingest_id)] == [100000.0, 120000.0]


def test_an_amount_beside_amount_usd_needs_its_currency(store: Store, tmp_path: Path) -> None:
    # 9,000,000 in no currency was stored beside an amount_usd of 100,000; amount_usd alone
    # is US dollars, and one's own conversion of a year with no rate stands as given.
    ingest_id = ingest_rows(
        store, tmp_path, "year,title,pay_component,amount,currency,amount_usd",
        "2024,Data Engineer,base,9000000,,100000", "2024,Data Engineer,base,,,120000",
        "2024,Data Engineer,base,80000,EUR,86000",
    )  # fmt: skip
    assert reasons(store, ingest_id) == {
        1: "missing currency: amount 9,000,000 is in no currency: give its currency, "
        "or amount_usd alone"
    }
    kept = [(r["currency"], r["amount_usd"]) for r in records(store, ingest_id)]
    assert kept == [("USD", 120000.0), ("EUR", 86000.0)]


def test_year_bounds_are_inclusive(store: Store, tmp_path: Path) -> None:
    header = "year,title,pay_component,amount_usd"
    ingest_id = ingest_rows(
        store,
        tmp_path,
        header,
        "1990,Data Engineer,base,100000",
        f"{NEXT_YEAR},Data Engineer,base,100000",
    )
    assert [r["year"] for r in records(store, ingest_id)] == [1990, NEXT_YEAR]


def test_amount_text_is_cleaned(store: Store, tmp_path: Path) -> None:
    ingest_id = ingest_rows(
        store,
        tmp_path,
        "year,title,pay_component,amount_usd",
        '2024,Data Engineer,base,"$120,000.50"',
        "2024,Data Engineer,base, 95000 ",
        '2024,Data Engineer,base,"1,20,000"',  # grouped as in India
        '2024,Data Engineer,base,"1,234,567"',
        # A decimal comma: "65000,5" was stored as 650,005 dollars, "85.000,50" as 85.
        '2024,Data Engineer,base,"65000,5"',
        '2024,Data Engineer,base,"85.000,50"',
    )
    got = [r["amount_usd"] for r in records(store, ingest_id)]
    assert got == [120000.5, 95000.0, 120000.0, 1234567.0, 65000.5, 85000.5]


def test_a_spreadsheet_saved_with_semicolons_is_read(store: Store, tmp_path: Path) -> None:
    # Saved where the decimal mark is a comma: ';' between fields (the file was refused
    # whole), and a decimal comma in an amount, never read as 9,500,050.
    ingest_id = ingest_rows(
        store, tmp_path, "year;title;pay_component;amount_usd;country",
        "2024;Data Engineer;base;120000;Deutschland",
        '2024;"Engineer; ML";base;"130,000";DE',
        "2024;Data Engineer;base;95000,50;DE",
        "2024;Data Engineer;base;95,0000;DE",
    )  # fmt: skip
    got = [(r["title"], r["amount_usd"], r["country"]) for r in records(store, ingest_id)]
    assert got == [("Data Engineer", 120000.0, "DE"), ("Engineer; ML", 130000.0, "DE"),
                   ("Data Engineer", 95000.5, "DE")]  # fmt: skip
    assert list(reasons(store, ingest_id)) == [4]


# --- money: currencies and real dollars ---------------------------------------------

AMOUNT_HEADER = "year,title,pay_component,amount,currency"


def test_other_currency_converts_with_aijobs_rates(ref_store: Store, tmp_path: Path) -> None:
    rate = float(
        ref_store.scalar("SELECT usd_per_unit FROM fx_rates WHERE currency = 'EUR' AND year = 2024")
    )
    assert 0.9 < rate < 1.3  # a euro is worth about a dollar: the rate is the right way round
    ingest_id = ingest_rows(ref_store, tmp_path, AMOUNT_HEADER, "2024,Data Engineer,base,80000,eur")
    (got,) = records(ref_store, ingest_id)
    assert (got["amount"], got["currency"]) == (80000.0, "EUR")
    assert got["amount_usd"] == pytest.approx(80000.0 * rate)
    assert got["amount_usd_real"] == pytest.approx(80000.0 * rate)  # 2024 is the reference


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("1995,Data Engineer,base,80000,EUR", "no exchange rate: EUR in 1995"),
        ("2024,Data Engineer,base,80000,XYZ", "unknown currency: 'XYZ'"),
        ("2024,Data Engineer,base,80000,", "missing currency"),
    ],
)
def test_currency_problems_quarantine(
    ref_store: Store, tmp_path: Path, row: str, reason: str
) -> None:
    ingest_id = ingest_rows(ref_store, tmp_path, AMOUNT_HEADER, row)
    assert records(ref_store, ingest_id) == []
    assert reasons(ref_store, ingest_id)[1].startswith(reason)


def test_exchange_rates_come_from_the_surveys_accepted_rows(store: Store, tmp_path: Path) -> None:
    # Hand-written fixture rows in the survey's layout (not its data). A row with no
    # currency was an internal error (ConstraintException), the whole file refused; a
    # row quarantined for its year (2024.5) set EUR's rate of 2025, the year it rounded
    # to, and a CSV's 2025 euros were converted at it.
    survey = write_csv(
        tmp_path,
        "work_year,experience_level,employment_type,job_title,salary,salary_currency,"
        "salary_in_usd,employee_residence,remote_ratio,company_location,company_size\n"
        "2024,SE,FT,Data Scientist,100000,EUR,108000,DE,0,DE,M\n"
        "2024,SE,FT,Data Scientist,100000,,108000,DE,0,DE,M\n"
        "2024.5,SE,FT,Data Scientist,100000,EUR,300000,DE,0,DE,M\n"
        "2024,SE,FT,Data Scientist,100000,USD,100000,US,0,US,M\n",
        name="aijobs-salaries-2026-02.csv",
    )
    result = ingest_file(store, "aijobs", survey)
    assert (result.rows_accepted, result.rows_rejected) == (3, 1)
    rates = store.con.execute("SELECT currency, year, usd_per_unit, n FROM fx_rates ORDER BY 1")
    assert rates.fetchall() == [("EUR", 2024, 1.08, 1), ("USD", 2024, 1.0, 1)]
    ingest_id = ingest_rows(store, tmp_path, AMOUNT_HEADER, "2025,Data Engineer,base,90000,EUR")
    assert reasons(store, ingest_id)[1].startswith("no exchange rate: EUR in 2025")


def test_no_rates_loaded_means_no_exchange_rate(store: Store, tmp_path: Path) -> None:
    ingest_id = ingest_rows(store, tmp_path, AMOUNT_HEADER, "2024,Data Engineer,base,80000,EUR")
    assert reasons(store, ingest_id)[1].startswith("no exchange rate: EUR in 2024")


def test_amount_usd_given_needs_no_rate(store: Store, tmp_path: Path) -> None:
    ingest_id = ingest_rows(
        store, tmp_path, f"{AMOUNT_HEADER},amount_usd", "2024,Data Engineer,base,80000,EUR,86000"
    )
    (got,) = records(store, ingest_id)
    assert (got["amount"], got["currency"], got["amount_usd"]) == (80000.0, "EUR", 86000.0)


def test_real_dollars_use_cpi_of_the_year(ref_store: Store, tmp_path: Path) -> None:
    ingest_id = ingest_rows(
        ref_store,
        tmp_path,
        "year,title,pay_component,amount_usd",
        "2015,Data Engineer,base,100000",
        "2024,Data Engineer,base,100000",
    )
    got = [r["amount_usd_real"] for r in records(ref_store, ingest_id)]
    assert got[0] == pytest.approx(100000 * cpi(ref_store, 2024) / cpi(ref_store, 2015))
    assert got[0] > 125000  # 2015 dollars were worth about a third more
    assert got[1] == pytest.approx(100000.0)


def test_real_dollars_follow_the_reference_year(ref_store: Store, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path, "year,title,pay_component,amount_usd\n2024,Data Engineer,base,100000\n"
    )
    result = ingest_file(ref_store, "csv", path, reference_year=2015)
    (got,) = records(ref_store, result.ingest_id)
    expected = 100000 * cpi(ref_store, 2015) / cpi(ref_store, 2024)
    assert got["amount_usd_real"] == pytest.approx(expected)


def test_real_dollars_are_null_without_cpi(store: Store, tmp_path: Path) -> None:
    ingest_id = ingest_rows(
        store, tmp_path, "year,title,pay_component,amount_usd", "2015,Data Engineer,base,100000"
    )
    (got,) = records(store, ingest_id)
    assert (got["amount_usd"], got["amount_usd_real"]) == (100000.0, None)


# --- properties ---------------------------------------------------------------------

_title = st.text(
    st.sampled_from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ,\"'&-/é()"),
    min_size=1,
    max_size=40,
).filter(lambda t: t == " ".join(t.split()) and t != "")
_record = st.fixed_dictionaries(
    {
        "year": st.integers(1990, NEXT_YEAR),
        "title": _title,
        "pay_component": st.sampled_from(VOCABULARIES["pay_component"]),
        "amount_usd": st.integers(1_000, 5_000_000),
        "role": st.sampled_from(VOCABULARIES["role"]),
        "level": st.sampled_from(VOCABULARIES["level"]),  # else derived from title or years
        "industry": st.none() | st.sampled_from(VOCABULARIES["industry"]),
        "remote": st.none() | st.sampled_from([0, 50, 100]),
        "years_experience": st.none() | st.integers(0, 60),
        "country": st.none() | st.sampled_from(["US", "DE", "IN"]),
    }
)


def _csv_text(rows: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(_record_fields()), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def _record_fields() -> tuple[str, ...]:
    return (
        "year",
        "title",
        "pay_component",
        "amount_usd",
        "role",
        "level",
        "industry",
        "remote",
        "years_experience",
        "country",
    )


# Stores of up to 15 rows: a small file's ingest is about 0.2 s since the staged view binds
# at once (c468503; it had been 0.7 s, and this test had 6 examples).
@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=st.lists(_record, min_size=1, max_size=15))
def test_valid_records_round_trip(empty_db: Path, rows: list[dict[str, Any]]) -> None:
    """Whatever valid canonical values a row gives come back unchanged as a record."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "records.csv"
        path.write_text(_csv_text(rows), encoding="utf-8")
        shutil.copyfile(empty_db, Path(tmp) / "s.duckdb")
        opened = Store.open(Path(tmp) / "s.duckdb")
        try:
            result = ingest_file(opened, "csv", path)
            got = records(opened, result.ingest_id)
        finally:
            opened.close()
    assert result.rows_rejected == 0
    fields = _record_fields()
    assert [tuple(r[f] for f in fields) for r in got] == [
        tuple(row[f] for f in fields) for row in rows
    ]


_ANY_VALUE = st.sampled_from(
    [
        "",
        " ",
        "2024",
        "0",
        "-1",
        "1e308",
        "NaN",
        "x",
        "US",
        "USD",
        "EUR",
        "base",
        "mid",
        "50",
        "Senior ML Engineer",
        '"',
        "é",
        "2024-01-01",
        "$1,000",
        "\ufeff",
    ]
)


@settings(  # stores of up to 10 rows, as above (it had 8 examples)
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=st.lists(
        st.lists(_ANY_VALUE, min_size=len(FIELD_NAMES), max_size=len(FIELD_NAMES)),
        min_size=1,
        max_size=10,
    )
)
def test_any_values_become_records_or_reasons(empty_db: Path, rows: list[list[str]]) -> None:
    """Rows of junk in every field never break the ingest: each is a record or has reasons
    (but a row of empty cells alone, a blank row, skipped: test_ingest_fixes9)."""
    said = [row for row in rows if any(row)]
    assume(said)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow(FIELD_NAMES)
    writer.writerows(rows)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "junk.csv"
        path.write_text(buffer.getvalue(), encoding="utf-8")
        shutil.copyfile(empty_db, Path(tmp) / "s.duckdb")
        opened = Store.open(Path(tmp) / "s.duckdb")
        try:
            result = ingest_file(opened, "csv", path)
            counts = opened.con.execute(
                """SELECT (SELECT count(*) FROM records), (SELECT count(*) FROM quarantine),
                    (SELECT count(*) FROM raw_rows),
                    (SELECT count(*) FROM quarantine WHERE reason = '')"""
            ).fetchone()
        finally:
            opened.close()
    assert result.rows_read == len(said)
    assert counts == (result.rows_accepted, result.rows_rejected, len(said), 0)


def test_a_metro_taken_as_given_is_read_again_once_oews_is_loaded(
    store: Store, tmp_path: Path
) -> None:
    # With no geography, a metro is taken as given; OEWS did not mark the file stale, so
    # `rebuild --if-stale` never read "Seattle" as the metro, and "bad metro ... in the
    # US" was said of London with no geography to say so.
    ingest_id = ingest_rows(
        store, tmp_path, "year,title,pay_component,amount_usd,metro,country",
        "2024,ML Engineer,base,150000,Seattle,", "2024,ML Engineer,base,150000,London,GB",
    )  # fmt: skip
    assert [r["metro"] for r in records(store, ingest_id)] == ["Seattle", "London"]
    assert ingest_file(store, "oews", None).stale == ["records.csv"]


def test_a_title_line_above_the_header_is_said_as_the_header_read(
    store: Store, tmp_path: Path
) -> None:
    # It said only "missing required column(s): year, title, pay_component".
    path = write_csv(tmp_path, "My salaries 2024\nyear,title,pay_component,amount_usd\n")
    with pytest.raises(BadInputFile) as refused:
        ingest_file(store, "csv", path)
    assert str(refused.value).endswith(
        "missing required column(s): year, title, pay_component (read as the "
        "header, the first line: 'My salaries 2024')"
    )


def test_many_unknown_columns_are_listed_in_part(store: Store, tmp_path: Path) -> None:
    # 3,000 unknown columns made one line of 26,311 characters.
    names = [f"extra{i}" for i in range(3000)]
    header = ",".join(["year", "title", "pay_component", "amount_usd", *names])
    path = write_csv(tmp_path, header + "\n2024,ML Engineer,base,150000" + ",x" * 3000 + "\n")
    with pytest.raises(BadInputFile) as refused:
        ingest_file(store, "csv", path)
    said = str(refused.value)
    assert "'extra7', ... 3000 in all;" in said and "extra8" not in said and len(said) < 1000


def test_a_file_ingested_again_grown_says_which_rows_count_twice(
    store: Store, tmp_path: Path
) -> None:
    # A file grown by a row and ingested again counted its two earlier rows twice, unsaid.
    header = "year,title,pay_component,amount_usd"
    rows = ["2024,ML Engineer,base,150000", "2024,ML Engineer,base,160000"]
    first = ingest_file(store, "csv", write_csv(tmp_path, "\n".join([header, *rows]) + "\n"))
    assert first.also_counted == [] and "counted already" not in first.summary()
    grown = "\n".join([header, *rows, "2024,ML Engineer,base,170000"]) + "\n"
    again = ingest_file(store, "csv", write_csv(tmp_path, grown))
    sha = store.scalar("SELECT sha256 FROM ingest_log WHERE ingest_id = ?", [first.ingest_id])
    assert again.also_counted == [(sha, 2)]
    assert again.summary().splitlines()[1] == (
        f"csv records.csv: 2 of its rows are counted already from records.csv {sha[:6]}… "
        f"(`paygrade remove csv records.csv --sha256 {sha[:6]}` takes that one out)"
    )
    # Another file's name is another file: rows alike are no copies of it.
    other = ingest_file(store, "csv", write_csv(tmp_path, grown, name="other.csv"))
    assert other.also_counted == []


def test_rows_quarantined_in_both_files_are_not_said_to_count_twice(
    store: Store, tmp_path: Path
) -> None:
    # "4 of its rows are counted already" was said where 3 were: the fourth, its amount
    # "abc", is quarantined in both files.
    header = "year,title,pay_component,amount_usd"
    rows = ["2024,ML Engineer,base,150000", "2024,ML Engineer,base,abc"]
    first = ingest_file(store, "csv", write_csv(tmp_path, "\n".join([header, *rows]) + "\n"))
    grown = "\n".join([header, *rows, "2024,ML Engineer,base,170000"]) + "\n"
    again = ingest_file(store, "csv", write_csv(tmp_path, grown))
    sha = store.scalar("SELECT sha256 FROM ingest_log WHERE ingest_id = ?", [first.ingest_id])
    assert again.also_counted == [(sha, 1)]
    assert "1 of its rows is counted already" in again.summary()
    # A file sharing only a quarantined row with the earlier counts nothing twice.
    apart = "\n".join([header, rows[1], "2024,ML Engineer,base,180000"]) + "\n"
    other = ingest_file(store, "csv", write_csv(tmp_path, apart))
    assert other.also_counted == []
