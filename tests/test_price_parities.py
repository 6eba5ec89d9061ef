"""BEA Regional Price Parities (source ``bea_rpp``, table ``price_parities``) and ``rpp_for``.

Small files in BEA's layout are written here (CRLF, quoted codes after a
space, notes at the end); the real file is checked against the csv module.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from paygrade.ingest import ingest_file
from paygrade.prices import NoPriceParity, PriceParity, rpp_for
from paygrade.records import BadInputFile
from paygrade.sources import REGISTRY
from paygrade.sources.base import mirrored_path
from paygrade.store import Store
from tests.conftest import real_data_dir

HEADER = "GeoFIPS,GeoName,Region,TableName,LineCode,IndustryClassification,Description,Unit"
NOTES = [
    '"Note: See the included footnote file."',
    '"MARPP: Regional price parities by MSA "',
    '"Last updated: February 19, 2026-- new statistics for 2024."',
    '"U.S. Bureau of Economic Analysis"',
]
DESCRIPTIONS = {
    1: '"RPPs: All items "',
    2: '" RPPs: Goods "',
    3: '" RPPs: Services: Housing "',
    4: '" RPPs: Services: Utilities "',
    5: '" RPPs: Services: Other "',
}
LINES = (1, 2, 3, 4, 5)
SEATTLE = '"Seattle-Tacoma-Bellevue, WA (Metropolitan Statistical Area)"'
ENID = '"Enid, OK (Metropolitan Statistical Area) *"'


def bea_line(fips: str, name: str, line_code: int, values: list[str]) -> str:
    fields = [f' "{fips}"', name, " ", "MARPP", str(line_code), '"..."']
    return ",".join([*fields, DESCRIPTIONS[line_code], '"Index"', *values])


def write_bea(path: Path, lines: list[str], years: tuple[str, ...] = ("2022", "2023")) -> Path:
    text = "\r\n".join([",".join([HEADER, *years]), *lines, *NOTES]) + "\r\n"
    path.write_bytes(text.encode("utf-8"))
    return path


@pytest.fixture
def small(tmp_path: Path) -> Path:
    lines = [bea_line("00000", '"United States"', code, ["100.000", "100.000"]) for code in LINES]
    lines += [bea_line("42660", SEATTLE, code, ["110.500", "111.133"]) for code in LINES]
    lines += [bea_line("21420", ENID, 1, ["(NA)", "85.100"])]
    return write_bea(tmp_path / "bea-rpp-msa-2022-2023.csv", lines)


def rows(store: Store, sql: str, params: list[object] | None = None) -> list[tuple[object, ...]]:
    return store.con.execute(sql, params or []).fetchall()


# --- a small file --------------------------------------------------------------------


def test_every_data_row_is_read_and_notes_are_not(store: Store, small: Path) -> None:
    result = ingest_file(store, "bea_rpp", small)
    assert (result.rows_read, result.rows_accepted, result.rows_rejected) == (11, 11, 0)
    assert sorted({r[0] for r in rows(store, "SELECT source_row FROM price_parities")}) == list(
        range(1, 12)
    )
    names = {r[0] for r in rows(store, "SELECT area_name FROM price_parities")}
    assert names == {"United States", "Seattle-Tacoma-Bellevue, WA", "Enid, OK"}


def test_values_land_in_long_form(store: Store, small: Path) -> None:
    ingest_file(store, "bea_rpp", small)
    seattle = rows(
        store,
        "SELECT line_code, component, year, rpp FROM price_parities WHERE cbsa = '42660' "
        "ORDER BY line_code, year",
    )
    components = ["all_items", "goods", "housing", "utilities", "other_services"]
    assert seattle == [
        (code, components[code - 1], year, value)
        for code in LINES
        for year, value in ((2022, 110.5), (2023, 111.133))
    ]


def test_not_available_cells_are_not_stored(store: Store, small: Path) -> None:
    ingest_file(store, "bea_rpp", small)
    enid = rows(store, "SELECT year, rpp, footnoted FROM price_parities WHERE cbsa = '21420'")
    assert enid == [(2023, 85.1, True)]  # 2022 is "(NA)" in the file


def test_lookup_falls_back_to_the_latest_year(store: Store, small: Path) -> None:
    ingest_file(store, "bea_rpp", small)
    assert rpp_for(store, "42660", 2023) == PriceParity(111.133, 2023)
    assert rpp_for(store, "42660", 2022) == (110.5, 2022)
    value, year_used = rpp_for(store.con, "42660", 2026, "housing")
    assert (value, year_used) == (111.133, 2023)


@pytest.mark.parametrize(
    ("cbsa", "year", "component", "message"),
    [
        ("21420", 2022, "all_items", "no all_items price parity for CBSA 21420 in 2022"),
        ("42660", 2021, "all_items", "no all_items price parity for CBSA 42660 in 2021"),
        ("99999", 2023, "all_items", "no price parities for CBSA '99999'"),
        ("42660", 2023, "rent", "unknown component 'rent'"),
    ],
    ids=["not-available", "before-the-series", "unknown-area", "unknown-component"],
)
def test_lookup_never_borrows_an_earlier_year(
    store: Store, small: Path, cbsa: str, year: int, component: str, message: str
) -> None:
    ingest_file(store, "bea_rpp", small)
    with pytest.raises(NoPriceParity, match=message):
        rpp_for(store, cbsa, year, component)


def test_lookup_says_when_nothing_is_loaded(store: Store) -> None:
    with pytest.raises(NoPriceParity, match="no BEA price parities are loaded"):
        rpp_for(store, "42660", 2024)


def test_ingesting_a_newer_release_replaces_the_table(
    store: Store, small: Path, tmp_path: Path
) -> None:
    ingest_file(store, "bea_rpp", small)
    newer = [bea_line("42660", SEATTLE, code, ["111.133", "112.0", "113.0"]) for code in LINES]
    path = write_bea(tmp_path / "bea-rpp-msa-2022-2024.csv", newer, ("2022", "2023", "2024"))
    ingest_file(store, "bea_rpp", path)
    assert store.scalar("SELECT count(DISTINCT ingest_id) FROM price_parities") == 1
    assert rpp_for(store, "42660", 2030) == (113.0, 2024)
    assert store.scalar("SELECT count(*) FROM price_parities WHERE cbsa = '00000'") == 0


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (bea_line("42660", SEATTLE, 1, ["110.5", "n/a"]), "data row 1, 2023: 'n/a' is neither"),
        (bea_line("42660", SEATTLE, 1, ["110.5", "-3"]), "'-3' is neither a positive number"),
        (bea_line("42660", SEATTLE, 1, ["110.5", "inf"]), "'inf' is neither a positive number"),
        (
            bea_line("42660", SEATTLE, 1, ["110.5", ""]),
            "2023: empty, neither a positive number nor \\(NA\\)",
        ),
        (bea_line("4266", SEATTLE, 1, ["1", "2"]), "GeoFIPS '4266' is not a 5-digit CBSA code"),
        (
            bea_line("42660", SEATTLE, 1, ["1", "2"]).replace(",1,", ",6,", 1),
            "LineCode '6' is not one of 1-5",
        ),
        (
            bea_line("42660", SEATTLE, 2, ["1", "2"]).replace("Goods", "Housing"),
            "LineCode 2 is described as 'RPPs: Housing', not 'RPPs: Goods'",
        ),
    ],
    ids=["text", "negative", "infinite", "blank", "short-code", "line-6", "renumbered"],
)
def test_a_bad_row_rejects_the_file(
    store: Store, small: Path, tmp_path: Path, line: str, message: str
) -> None:
    ingest_file(store, "bea_rpp", small)
    with pytest.raises(BadInputFile, match=message):
        ingest_file(store, "bea_rpp", write_bea(tmp_path / "bad.csv", [line]))
    assert store.scalar("SELECT count(*) FROM price_parities") == 21  # the earlier file's


def test_a_second_row_for_one_area_and_line_rejects_the_file(store: Store, tmp_path: Path) -> None:
    line = bea_line("42660", SEATTLE, 1, ["1", "2"])
    with pytest.raises(BadInputFile, match="data row 2: a second row for CBSA 42660, LineCode 1"):
        ingest_file(store, "bea_rpp", write_bea(tmp_path / "twice.csv", [line, line]))


def test_a_file_without_year_columns_is_rejected(store: Store, tmp_path: Path) -> None:
    path = write_bea(tmp_path / "no-years.csv", [bea_line("42660", SEATTLE, 1, [])], ())
    with pytest.raises(BadInputFile, match="no year columns"):
        ingest_file(store, "bea_rpp", path)


def test_a_column_neither_bea_s_nor_a_year_is_rejected(store: Store, tmp_path: Path) -> None:
    # "2022,20x3": the values under "20x3" were left out without a word (read 1, accepted 1).
    line = bea_line("42660", SEATTLE, 1, ["110.500", "111.133"])
    path = write_bea(tmp_path / "typo.csv", [line], ("2022", "20x3"))
    with pytest.raises(BadInputFile, match=r"typo.csv: unknown column\(s\) '20x3': BEA's are "):
        ingest_file(store, "bea_rpp", path)
    assert ingest_file(store, "bea_rpp", write_bea(tmp_path / "good.csv", [line])).status == "ok"


# --- the real file -------------------------------------------------------------------


def real_rows() -> list[dict[str, str]]:
    """The data rows of the mirrored file, read with the csv module (notes left out)."""
    path = mirrored_path(REGISTRY["bea_rpp"], real_data_dir())
    assert path is not None and path.name == "bea-rpp-msa-2008-2024.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        return [dict(zip(header, row, strict=True)) for row in reader if len(row) == len(header)]


def test_real_rows_read(real_store: Store) -> None:
    read, accepted = real_store.con.execute(
        "SELECT rows_read, rows_accepted FROM ingest_log WHERE source = 'bea_rpp'"
    ).fetchall()[0]
    assert read == accepted == len(real_rows()) == 1_945  # SOURCES.md
    stored = rows(real_store, "SELECT DISTINCT source_row FROM price_parities ORDER BY 1")
    assert [r[0] for r in stored] == list(range(1, 1_946))


def test_real_line_codes_and_areas(real_store: Store) -> None:
    by_line = dict(
        rows(real_store, "SELECT line_code, count(DISTINCT cbsa) FROM price_parities GROUP BY 1")
    )
    assert by_line == dict.fromkeys(LINES, 389)  # 387 metros, the US, its nonmetro portion
    names = dict(rows(real_store, "SELECT DISTINCT cbsa, area_name FROM price_parities"))
    assert names["00000"] == "United States"
    assert names["00999"] == "United States (Nonmetropolitan Portion)"
    assert names["42660"] == "Seattle-Tacoma-Bellevue, WA"
    assert not [name for name in names.values() if "Statistical Area" in name or "*" in name]


def test_real_seattle_2024_is_the_files_value(real_store: Store) -> None:
    (seattle,) = [
        row
        for row in real_rows()
        if row["GeoFIPS"].strip(' "') == "42660" and row["LineCode"] == "1"
    ]
    assert rpp_for(real_store, "42660", 2024) == (float(seattle["2024"]), 2024)
    assert rpp_for(real_store, "42660", 2031) == (float(seattle["2024"]), 2024)


def test_real_cells_match_the_file(real_store: Store) -> None:
    expected = {}
    not_available = 0
    for row in real_rows():
        for year in range(2008, 2025):
            cell = row[str(year)]
            key = (row["GeoFIPS"].strip(' "'), int(row["LineCode"]), year)
            if cell == "(NA)":
                not_available += 1
            else:
                expected[key] = float(cell)
    stored = {
        (cbsa, line, year): rpp
        for cbsa, line, year, rpp in rows(
            real_store, "SELECT cbsa, line_code, year, rpp FROM price_parities"
        )
    }
    assert stored == expected
    assert not_available == 100
    assert len(stored) == 1_945 * 17 - not_available
