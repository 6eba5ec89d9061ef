"""BEA Regional Price Parities by metro area (table MARPP): price levels, US = 100.

One row per area and LineCode in the file, one column per year; it becomes
table ``price_parities`` in long form, one row per published value. Cells BEA
shows as ``(NA)`` (years before an area was delineated, e.g. Enid, OK before
2013) are not stored. The US (CBSA 00000) and its nonmetropolitan portion
(00999) are kept beside the 387 metros. The four lines of notes that end the
file are not data; a cell that is neither a number nor ``(NA)``, an unknown
LineCode or a line whose description does not match its code rejects the file
(a reference table has no quarantine, and a renumbered table must not be
mislabelled).
"""

from __future__ import annotations

import re

import pyarrow as pa

from paygrade.arrays import bool_array, text_array
from paygrade.records import BadInputFile
from paygrade.sources.base import Con, ReferenceSource
from paygrade.sources.cell_rules import NUMBER, Cell, check_cells
from paygrade.sources.reading import FileFacts, stage_csv_before_notes
from paygrade.store import scalar

# LineCode -> (component, BEA's description of the line).
LINES = {
    1: ("all_items", "RPPs: All items"),
    2: ("goods", "RPPs: Goods"),
    3: ("housing", "RPPs: Services: Housing"),
    4: ("utilities", "RPPs: Services: Utilities"),
    5: ("other_services", "RPPs: Services: Other"),
}
COMPONENTS = tuple(component for component, _ in LINES.values())
NOT_AVAILABLE = "(NA)"
_VALUE = Cell("number", (NOT_AVAILABLE,))
REQUIRED = ("GeoFIPS", "GeoName", "LineCode", "Description")
# BEA's other columns, read by no one; any column besides these and the years is refused
# ("2023,20x4" had lost the values under "20x4" without a word).
DESCRIBING = ("Region", "TableName", "IndustryClassification", "Unit")
_YEAR = re.compile(r"(19|20)\d\d")
_SUFFIX = re.compile(r"\s*\(?Metropolitan Statistical Area\)?$")


def area_name(geo_name: str) -> tuple[str, bool]:
    """(the area's name, whether BEA marked it with a footnote "*") from a GeoName.

    Example:
        >>> area_name("Seattle-Tacoma-Bellevue, WA (Metropolitan Statistical Area)")
        ('Seattle-Tacoma-Bellevue, WA', False)
        >>> area_name("Bridgeport-Stamford-Danbury, CT Metropolitan Statistical Area")
        ('Bridgeport-Stamford-Danbury, CT', False)
        >>> area_name("United States (Nonmetropolitan Portion) *")
        ('United States (Nonmetropolitan Portion)', True)
    """
    name = " ".join(geo_name.split())
    footnoted = name.endswith("*")
    name = name.removesuffix("*").rstrip()
    return _SUFFIX.sub("", name), footnoted


def row_problem(fips: str | None, line_code: str | None, description: str | None) -> str | None:
    """Why a data row cannot be read as a price parity row, or None.

    Example:
        >>> row_problem("42660", "3", " RPPs: Services: Housing ") is None
        True
        >>> row_problem("42660", "3", "RPPs: Goods")
        "LineCode 3 is described as 'RPPs: Goods', not 'RPPs: Services: Housing'"
    """
    if not re.fullmatch(r"\d{5}", fips or ""):
        return f"GeoFIPS {fips!r} is not a 5-digit CBSA code"
    code = int(line_code) if line_code and line_code.strip().isdigit() else None
    if code not in LINES:
        return f"LineCode {line_code!r} is not one of 1-5"
    shown = " ".join((description or "").split())
    expected = LINES[code][1]
    if shown != expected:
        return f"LineCode {code} is described as {shown!r}, not {expected!r}"
    return None


def _check_rows(con: Con, name: str) -> None:
    seen: set[tuple[str, int]] = set()
    rows = con.execute(
        "SELECT source_row, GeoFIPS, LineCode, Description FROM raw ORDER BY source_row"
    ).fetchall()
    for source_row, fips, line_code, description in rows:
        problem = row_problem(fips, line_code, description)
        if problem is None:
            key = (fips, int(line_code))
            if key in seen:
                problem = f"a second row for CBSA {fips}, LineCode {key[1]}"
            seen.add(key)
        if problem is not None:
            raise BadInputFile(f"{name}: data row {source_row}: {problem}")


def _cells(years: list[str]) -> str:
    """``raw`` with one row per (data row, year) with a cell: source_row, year, cell."""
    columns = ", ".join(f'"{year}"' for year in years)
    return f"raw UNPIVOT (cell FOR year IN ({columns}))"


def _register_areas(con: Con) -> None:
    names = [row[0] for row in con.execute("SELECT DISTINCT GeoName FROM raw").fetchall()]
    cleaned = [area_name(name or "") for name in names]
    table = pa.table(
        {
            "geo_name": text_array(names),
            "area_name": text_array([c[0] for c in cleaned]),
            "footnoted": bool_array([c[1] for c in cleaned]),
        }
    )
    con.register("_bea_areas", table)


def _insert(con: Con, ingest_id: int, years: list[str]) -> None:
    components = " ".join(f"WHEN {code} THEN '{c}'" for code, (c, _) in LINES.items())
    _register_areas(con)
    try:
        con.execute(
            f"""INSERT INTO price_parities
            SELECT ?, r.source_row, r.GeoFIPS, a.area_name, a.footnoted,
                CAST(r.LineCode AS INTEGER), CASE CAST(r.LineCode AS INTEGER) {components} END,
                CAST(r.year AS INTEGER), {NUMBER.format("r.cell")}
            FROM {_cells(years)} r JOIN _bea_areas a ON a.geo_name = r.GeoName
            WHERE r.cell <> '{NOT_AVAILABLE}'""",
            [ingest_id],
        )
    finally:
        con.unregister("_bea_areas")


def load_price_parities(con: Con, facts: FileFacts, ingest_id: int) -> tuple[int, int]:
    """Replace ``price_parities`` with the file's values: (data rows read, rows with a value).

    Example:
        >>> load_price_parities(con, inspect_file(Path("bea-rpp.csv")), 7)  # doctest: +SKIP
        (1945, 1945)
    """
    columns = stage_csv_before_notes(con, facts, "raw", REQUIRED)
    years = [column for column in columns if _YEAR.fullmatch(column)]
    if not years:
        raise BadInputFile(f"{facts.path.name}: no year columns (2008, 2009, ...)")
    if unknown := [c for c in columns if c not in (*REQUIRED, *DESCRIBING, *years)]:
        raise BadInputFile(
            f"{facts.path.name}: unknown column(s) {', '.join(repr(c) for c in unknown)}: "
            f"BEA's are {', '.join((*REQUIRED, *DESCRIBING))} and years (2008, 2009, ...)"
        )
    _check_rows(con, facts.path.name)
    check_cells(con, "raw", facts.path.name, dict.fromkeys(years, _VALUE))
    con.execute("DELETE FROM price_parities")
    _insert(con, ingest_id, years)
    read = int(scalar(con, "SELECT count(*) FROM raw"))
    kept = int(scalar(con, "SELECT count(DISTINCT source_row) FROM price_parities"))
    return read, kept


SOURCE = ReferenceSource(
    name="bea_rpp",
    description="BEA Regional Price Parities by metro area (MARPP), 2008 on, US = 100",
    licence="US government work (public domain)",
    # The mirror is -2008-2024; each release adds a year to the name.
    filename="bea-rpp-msa-*.csv",
    load=load_price_parities,
)
