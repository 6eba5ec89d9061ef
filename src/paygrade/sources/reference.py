"""Reference tables from the mirrored files: CPI-U, OFLC geography and wage levels, BLS national.

These are published aggregates, never mixed into record percentiles; they are
joined for comparison (and CPI and geography feed normalization). Loading one
replaces that source's earlier rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pyarrow as pa

from paygrade.arrays import text_array
from paygrade.normalize.places import places_with_areas
from paygrade.records import BadInputFile
from paygrade.sources.base import Con, ReferenceSource
from paygrade.sources.cell_rules import NUMBER, Cell, check_cells
from paygrade.sources.reading import FileFacts, stage_csv
from paygrade.store.db import first_row, scalar

_TEXT = Cell("text")
_WHOLE = Cell("whole")
_POSITIVE = Cell("number")
# Area names as BLS writes them: the OFLC files have stray control characters
# ("Mayag\x81uez, PR"); the same rule as ``places.area_name``.
_AREA_NAME = "regexp_replace({}, '[\\x{{0}}-\\x{{1F}}\\x{{7F}}-\\x{{9F}}]', '', 'g')"


def _count(con: Con, sql: str) -> int:
    return int(scalar(con, sql) or 0)


# CPI-U begins in 1913; a year is an annual average of 1 to 12 months (the newest may be
# partial). "3000", "1066" and months=99 had been taken.
_CPI = {
    "year": Cell("whole", bounds=(1913, dt.date.today().year + 1)),
    "cpi_u_sa_annual_avg": _POSITIVE,
    "months": Cell("whole", bounds=(1, 12)),
}


def _stage(con: Con, facts: FileFacts, rules: dict[str, Cell]) -> None:
    """Stage the file as ``raw`` and refuse it whole if a cell breaks its column's rule."""
    stage_csv(con, facts, "raw", tuple(rules))
    check_cells(con, "raw", facts.path.name, rules)


def _one_row_each(con: Con, facts: FileFacts, keys: dict[str, str]) -> None:
    """Refuse a file with two data rows for one key (``keys``: its name -> SQL over
    ``raw``): what is joined on it was counted once per row. A CPI file with 2024 twice
    made every 2024 record two (ingest said "accepted 6, rejected -4" of 2 rows), and two
    wage-level rows for one area and occupation made two level rows in ``compare``.

    Example:
        >>> _one_row_each(con, facts, {"year": "CAST(year AS INTEGER)"})  # doctest: +SKIP
        Traceback (most recent call last):
        paygrade.records.BadInputFile: cpi.csv: data rows 3 and 47 are both for year 2024
    """
    shown = ", ".join(keys.values())
    found = first_row(
        con,
        f"SELECT {shown}, list(source_row ORDER BY source_row) AS rows FROM raw "
        f"GROUP BY ALL HAVING count(*) > 1 ORDER BY rows[1] LIMIT 1",
    )
    if found is None:
        return
    *values, rows = found
    key = ", ".join(f"{name} {value}" for name, value in zip(keys, values, strict=True))
    raise BadInputFile(
        f"{facts.path.name}: data rows {rows[0]} and {rows[1]} are both for {key}: keep one of them"
    )


def _load_cpi(con: Con, facts: FileFacts, ingest_id: int) -> tuple[int, int]:
    _stage(con, facts, _CPI)
    _one_row_each(con, facts, {"year": "CAST(year AS INTEGER)"})
    con.execute("DELETE FROM cpi")
    con.execute(
        f"""INSERT INTO cpi SELECT ?, CAST(year AS INTEGER),
           {NUMBER.format("cpi_u_sa_annual_avg")}, CAST(months AS INTEGER) FROM raw""",
        [ingest_id],
    )
    return _count(con, "SELECT count(*) FROM raw"), _count(con, "SELECT count(*) FROM cpi")


_GEOGRAPHY = dict.fromkeys(("Area", "AreaName", "StateAb", "State", "CountyTownName"), _TEXT)


def _load_geography(con: Con, facts: FileFacts, ingest_id: int) -> tuple[int, int]:
    _stage(con, facts, _GEOGRAPHY)
    _one_row_each(con, facts, {"state": "trim(StateAb)", "county": "trim(CountyTownName)"})
    con.execute("DELETE FROM oflc_geography")
    con.execute(
        f"INSERT INTO oflc_geography SELECT ?, Area, {_AREA_NAME.format('AreaName')}, StateAb, "
        "State, CountyTownName FROM raw",
        [ingest_id],
    )
    rebuild_places(con)
    return _count(con, "SELECT count(*) FROM raw"), _count(
        con, "SELECT count(*) FROM oflc_geography"
    )


PLACE_COLUMNS = ("city_key", "state", "city", "county", "area", "metro")


def places_by_rules(con: Con) -> Sequence[tuple[str | None, ...]]:
    """The places table's rows as today's rules make them of the OFLC geography held."""
    geography = con.execute("SELECT area, area_name, state, county FROM oflc_geography").fetchall()
    return places_with_areas(geography)


def places_as_held(con: Con) -> Sequence[tuple[str | None, ...]]:
    """The places table's rows as the store holds them."""
    return [
        tuple(r) for r in con.execute(f"SELECT {', '.join(PLACE_COLUMNS)} FROM places").fetchall()
    ]


def rebuild_places(con: Con) -> None:
    """The city -> county -> metro table, from the gazetteer and the OFLC geography held:
    at each OFLC geography load, and before `paygrade rebuild` reads places by today's
    rules (a township kept apart from its namesake town has a key of its own)."""
    rows = places_by_rules(con)
    names = PLACE_COLUMNS
    table = pa.table({name: text_array([r[i] for r in rows]) for i, name in enumerate(names)})
    con.execute("DELETE FROM places")
    con.register("_places_rows", table)
    try:
        con.execute("INSERT INTO places SELECT * FROM _places_rows")
    finally:
        con.unregister("_places_rows")


_WAGE_LEVELS = {
    "area": _TEXT,
    "soc": _TEXT,
    **{f"level{i}": _POSITIVE for i in range(1, 5)},
    "area_name": _TEXT,
}


def _load_wage_levels(con: Con, facts: FileFacts, ingest_id: int) -> tuple[int, int]:
    _stage(con, facts, _WAGE_LEVELS)
    _one_row_each(con, facts, {"area": "trim(area)", "SOC": "trim(soc)"})
    con.execute("DELETE FROM oflc_wage_levels")
    levels = ", ".join(NUMBER.format(f"level{i}") for i in range(1, 5))
    con.execute(
        f"INSERT INTO oflc_wage_levels SELECT ?, area, {_AREA_NAME.format('area_name')}, soc, "
        f"{levels}, '2025-07/2026-06' FROM raw",
        [ingest_id],
    )
    return _count(con, "SELECT count(*) FROM raw"), _count(
        con, "SELECT count(*) FROM oflc_wage_levels"
    )


_PERCENTILES = {
    "mean": "A_MEAN",
    "p10": "A_PCT10",
    "p25": "A_PCT25",
    "p50": "A_MEDIAN",
    "p75": "A_PCT75",
    "p90": "A_PCT90",
}


# BLS's symbols: ** employment not released, * wage not available, # wage above the top code.
_BLS_NATIONAL = {
    "YEAR": _WHOLE,
    "OCC_CODE": _TEXT,
    "OCC_TITLE": _TEXT,
    "TOT_EMP": Cell("number", ("**",)),
    **{column: Cell("number", ("#", "*")) for column in _PERCENTILES.values()},
}


def _load_bls_national(con: Con, facts: FileFacts, ingest_id: int) -> tuple[int, int]:
    _stage(con, facts, _BLS_NATIONAL)
    _one_row_each(con, facts, {"year": "CAST(YEAR AS INTEGER)", "SOC": "trim(OCC_CODE)"})
    con.execute("DELETE FROM oews WHERE source = 'bls_national'")
    values = ", ".join(NUMBER.format(column) for column in _PERCENTILES.values())
    # BLS prints '#' for a percentile above its top code; keep which ones were.
    top = " || ".join(
        f"CASE WHEN {column} = '#' THEN '{name} ' ELSE '' END"
        for name, column in _PERCENTILES.items()
    )
    con.execute(
        f"""INSERT INTO oews SELECT ?, 'bls_national', CAST(YEAR AS INTEGER), 'national', '0000000',
            'U.S.', '000000', 'Cross-industry', OCC_CODE, OCC_TITLE,
            {NUMBER.format("TOT_EMP")}, {values}, nullif(trim({top}), '')
            FROM raw""",
        [ingest_id],
    )
    return _count(con, "SELECT count(*) FROM raw"), _count(
        con, "SELECT count(*) FROM oews WHERE source = 'bls_national'"
    )


SOURCES = (
    ReferenceSource(
        name="cpi",
        description="CPI-U annual averages 1980-2025 (BLS), for real dollars",
        licence="US government work (public domain)",
        filename="cpi-u-annual.csv",
        load=_load_cpi,
        feeds_records=True,
    ),
    ReferenceSource(
        name="oflc_geography",
        description="OFLC county -> OEWS area map 2025-26 (DOL)",
        licence="US government work (public domain)",
        filename="oflc-geography-2025-26.csv",
        load=_load_geography,
        feeds_records=True,
    ),
    ReferenceSource(
        name="oflc_wage_levels",
        description="OFLC prevailing wage levels I-IV, tech occupations, 2025-26 (DOL)",
        licence="US government work (public domain)",
        filename="oflc-wage-levels-2025-26-tech.csv",
        load=_load_wage_levels,
    ),
    ReferenceSource(
        name="bls_national",
        description="BLS OEWS national wage percentiles, tech occupations, 2020-2024",
        licence="US government work (public domain)",
        filename="bls-oews-national-tech-2020-2024.csv",
        load=_load_bls_national,
    ),
)
