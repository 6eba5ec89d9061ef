"""One's own CSV, fifth round: a ``paygrade records --format csv`` listing guards text a
spreadsheet would run with a ``'`` (``formats.spreadsheet_safe``); ``paygrade ingest csv``
drops it again, so the listing re-imports as it was. Hand-written fixture rows (named
fixture-*, never product data) in real DuckDB stores."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pytest

from paygrade.formats import spreadsheet_safe
from paygrade.records import FIELD_NAMES
from paygrade.sources.base import STAGED_COLUMNS
from paygrade.sources.canonical_csv import _unguarded
from paygrade.store import Store
from tests.conftest import ok_each, write_file

# Titles and companies starting as a formula would, and a "'" that is a cell's own.
FORMULA_TEXT = (
    "year,title,company,pay_component,amount_usd\n"
    "2024,-Senior ML Engineer,+Plus,base,180000\n"
    "2024,@Home Engineer,=Acme,base,150000\n"
    "2024,'Quoted Engineer,'abc,base,140000\n"
    "2024,Data Scientist,'-Minus,base,130000\n"
)
# A record's values, as compared: all canonical fields but where it came from.
# (A listing shows the company as read, not as written: company_raw is not compared.)
COMPARED = [f for f in FIELD_NAMES if f not in ("source", "source_row")] + ["dup_rank", "flags"]


def _read(cell: str | None) -> str | None:
    """A cell as the canonical CSV source reads it."""
    with duckdb.connect() as con:
        found = con.execute(
            f"SELECT {_unguarded('cell')} FROM (SELECT ?::VARCHAR AS cell)", [cell]
        ).fetchall()
    return found[0][0]


def _records(db: Path) -> list[tuple[Any, ...]]:
    store = Store.open(db)
    try:
        return store.con.execute(
            f"SELECT {', '.join(COMPARED)} FROM records ORDER BY source_row"
        ).fetchall()
    finally:
        store.close()


def test_a_listing_of_text_starting_as_a_formula_re_imports_as_it_was(tmp_path: Path) -> None:
    # It came back with the listing's guard: "'-Senior ML Engineer", "'@Home Engineer".
    first, again = tmp_path / "fixture-first.duckdb", tmp_path / "fixture-again.duckdb"
    ok_each(["--db", first, "ingest", "csv", write_file(tmp_path, "fixture-f.csv", FORMULA_TEXT)])
    (listed,) = ok_each(["--db", first, "records", "--where", "source=csv", "--format", "csv"])
    assert "'-Senior ML Engineer" in listed  # the listing guards it, as before
    ok_each(["--db", again, "ingest", "csv", write_file(tmp_path, "fixture-l.csv", listed)])
    before, after = _records(first), _records(again)
    assert len(before) == 4
    assert after == before
    titles = [row[COMPARED.index("title")] for row in after]
    assert titles == ["-Senior ML Engineer", "@Home Engineer", "'Quoted Engineer", "Data Scientist"]


@pytest.mark.parametrize(
    ("cell", "read"),
    [
        *[(f"'{start}x", f"{start}x") for start in ("=", "+", "-", "@", "\t", "\r")],
        ("'", "'"),  # a lone "'" is the cell's own
        ("'abc", "'abc"),
        ("''-x", "''-x"),  # the writer guards only a formula's start: "'-x" is not one
        ("-x", "-x"),
        ("x'-y", "x'-y"),
        ("", ""),
        (None, None),
    ],
)
def test_only_the_guard_the_writer_adds_is_dropped(cell: str | None, read: str | None) -> None:
    assert _read(cell) == read


@pytest.mark.parametrize("text", ["=1+1", "-Senior", "@Home", "\tx", "'", "'abc", "plain", ""])
def test_reading_undoes_exactly_what_writing_does(text: str) -> None:
    assert _read(spreadsheet_safe(text)) == text


def test_the_staged_view_of_every_column_is_small_enough_to_bind_at_once() -> None:
    # DuckDB binds a view's SQL at each query that reads it. A CASE with a WHEN per state
    # and country name, the cell's expression repeated in each, made it 184 KB: 0.1-0.2 s
    # a query, 1.1 s of a five-row file's ingest. Names still read as their codes.
    from paygrade.sources.canonical_csv import SOURCE

    con = duckdb.connect()
    con.execute(
        "CREATE TABLE raw AS SELECT *, '1' AS amount_usd FROM (VALUES (' Texas ', "
        "'Côte d’Ivoire'), ('Österreich', 'Osterreich'), (NULL, 'XX')) t(state, country)"
    )
    every = list(dict.fromkeys([*FIELD_NAMES, "amount", "amount_usd", "currency"]))
    con.execute(f"CREATE TABLE wide ({', '.join(f'{name} VARCHAR' for name in every)})")
    con.execute(f"CREATE VIEW staged AS SELECT {SOURCE.project(every)} FROM wide")
    (bound,) = con.execute("SELECT sql FROM duckdb_views() WHERE view_name = 'staged'").fetchone()
    assert len(bound) < 40_000, len(bound)
    mapped = SOURCE.project(["state", "country", "amount_usd"])
    got = con.execute(f"SELECT {mapped} FROM raw").fetchall()
    at = STAGED_COLUMNS.index("state"), STAGED_COLUMNS.index("country")
    assert [(row[at[0]], row[at[1]]) for row in got] == [
        ("TX", "CI"),
        ("Österreich", "AT"),
        (None, "XX"),
    ]


@pytest.mark.parametrize("field", ["state", "country"])
def test_every_place_name_reads_as_its_code_written_any_way(field: str) -> None:
    # Every name of the rule table, not the few pinned above: as listed, in capitals with
    # spaces around, and without its accents, each reads as its code.
    from paygrade.normalize.places import place_names
    from paygrade.sources.canonical_csv import _code_of_name

    names = place_names(field)
    written = [(n, n) for n in names] + [(f" {n.upper()} ", n) for n in names]
    con = duckdb.connect()
    con.execute("CREATE TABLE cells (cell VARCHAR, name VARCHAR)")
    con.executemany("INSERT INTO cells VALUES (?, ?)", written)
    con.execute("INSERT INTO cells SELECT strip_accents(name), name FROM cells")
    read = con.execute(f"SELECT cell, name, {_code_of_name(field, 'cell')} FROM cells").fetchall()
    wrong = [(cell, code, names[name]) for cell, name, code in read if code != names[name]]
    assert wrong == []
