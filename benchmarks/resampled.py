"""Bigger inputs for the ingest benchmark, made by resampling the real files.

For benchmarks only: the copies live in a temporary folder, are timed and
deleted, and are never shown as data. Resampling draws rows of the real file
with replacement (a seeded hash picks each row), so values, their
distribution and the share of repeated rows are the real ones; only the
count grows.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from xml.sax.saxutils import escape

import duckdb

from paygrade.sources import get_source
from paygrade.sources.workbook import column_letters

SEED = 20261130


def resampled_copies(
    pairs: Sequence[tuple[str, Path]], folder: Path, factor: int
) -> list[tuple[str, Path]]:
    """``factor`` times the rows of each (source, file), same name and format, in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    con = _connect()
    copies = []
    for name, path in pairs:
        target = folder / path.name
        encoding = getattr(get_source(name), "encoding", None) or "utf-8"
        options = "(FORMAT parquet)" if path.suffix == ".parquet" else "(FORMAT csv, HEADER)"
        relation = _reader(path, encoding)
        con.execute(f"COPY ({_resampled(relation, factor)}) TO '{target}' {options}")
        if encoding != "utf-8":  # DuckDB writes UTF-8; the copy keeps the publisher's encoding
            target.write_text(target.read_text(encoding="utf-8"), encoding=encoding)
        copies.append((name, target))
    con.close()
    return copies


def resampled_rows(name: str, path: Path, target: Path, rows: int) -> Path:
    """``rows`` rows of a source's CSV file resampled, its columns and encoding, at ``target``."""
    encoding = getattr(get_source(name), "encoding", None) or "utf-8"
    con = _connect()
    relation = _reader(path, encoding)
    factor = -(-rows // _count(con, relation))
    con.execute(
        f"COPY ({_resampled(relation, factor)} LIMIT {rows}) TO '{target}' (FORMAT csv, HEADER)"
    )
    con.close()
    if encoding != "utf-8":  # DuckDB writes UTF-8; the copy keeps the publisher's encoding
        target.write_text(target.read_text(encoding="utf-8"), encoding=encoding)
    return target


def _reader(path: Path, encoding: str) -> str:
    if path.suffix == ".parquet":
        return f"read_parquet('{path}')"
    # Text as it is in the file (no type detection).
    return f"read_csv('{path}', all_varchar = true, header = true, encoding = '{encoding}')"


def _resampled(relation: str, factor: int) -> str:
    """``factor`` x n rows of ``relation`` drawn with replacement, in draw order."""
    return f"""
        WITH numbered AS (SELECT *, row_number() OVER () - 1 AS _row FROM {relation}),
        draws AS (
            SELECT range AS _draw, hash(range, {SEED}) % (SELECT count(*) FROM numbered) AS _row
            FROM range({factor} * (SELECT count(*) FROM numbered)))
        SELECT numbered.* EXCLUDE (_row) FROM draws JOIN numbered USING (_row) ORDER BY _draw"""


# DOL's disclosure columns the lca source reads or keeps, in DOL's order. The H-1B
# FY2024 Q1 extract gives employer, title, SOC, wages and state; its filings are all
# certified and full-time. It has no dates or city: RECEIVED_DATE is the quarter's
# first day (the extract's filings were received October-December 2023), the city blank.
LCA_COLUMNS = {
    "CASE_NUMBER": "NULL",
    "CASE_STATUS": "'Certified'",
    "RECEIVED_DATE": "'2023-10-01'",
    "DECISION_DATE": "NULL",
    "EMPLOYER_NAME": "EMPLOYER_NAME",
    "JOB_TITLE": "JOB_TITLE",
    "SOC_CODE": "SOC_CODE",
    "SOC_TITLE": "SOC_TITLE",
    "FULL_TIME_POSITION": "'Y'",
    "BEGIN_DATE": "NULL",
    "END_DATE": "NULL",
    "WORKSITE_CITY": "NULL",
    "WORKSITE_COUNTY": "NULL",
    "WORKSITE_STATE": "WORKSITE_STATE",
    "WORKSITE_POSTAL_CODE": "NULL",
    "WAGE_RATE_OF_PAY_FROM": "WAGE_RATE_OF_PAY_FROM",
    "WAGE_RATE_OF_PAY_TO": "NULL",
    "WAGE_UNIT_OF_PAY": "WAGE_UNIT_OF_PAY",
    "PREVAILING_WAGE": "PREVAILING_WAGE",
    "PW_UNIT_OF_PAY": "PW_UNIT_OF_PAY",
}


def lca_workbook(parquet: Path, target: Path, rows: int) -> Path:
    """An XLSX in DOL's LCA layout: ``rows`` filings resampled from the FY2024 Q1 extract.

    Wages are number cells, text goes through the shared-string table, as in
    DOL's own workbooks.
    """
    con = _connect()
    factor = -(-rows // _count(con, parquet))
    select = ", ".join(f"{expr} AS {name}" for name, expr in LCA_COLUMNS.items())
    relation = f"(SELECT {select} FROM read_parquet('{parquet}'))"
    cursor = con.execute(f"{_resampled(relation, factor)} LIMIT {rows}")
    _write_xlsx(target, list(LCA_COLUMNS), _fetched(cursor))
    con.close()
    return target


def _connect() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")  # keep the benchmark's output to its lines
    return con


def _count(con: duckdb.DuckDBPyConnection, relation: Path | str) -> int:
    """Rows of a Parquet file, or of a relation (SQL text)."""
    source = f"read_parquet('{relation}')" if isinstance(relation, Path) else relation
    row = con.execute(f"SELECT count(*) FROM {source}").fetchone()
    assert row is not None
    return int(row[0])


def _fetched(cursor: duckdb.DuckDBPyConnection) -> Iterator[tuple[object, ...]]:
    while batch := cursor.fetchmany(10_000):
        yield from batch


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_PARTS = {
    "[Content_Types].xml": (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{_TYPE}.sheet.main+xml"/>'
        f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_TYPE}.worksheet+xml"/>'
        f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_TYPE}.sharedStrings+xml"/>'
        "</Types>"
    ),
    "_rels/.rels": (
        f'<Relationships xmlns="{_PACKAGE_REL}"><Relationship Id="rId1" '
        f'Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        f'<workbook xmlns="{_NS}" xmlns:r="{_REL}"><sheets>'
        '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        f'<Relationships xmlns="{_PACKAGE_REL}">'
        f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{_REL}/sharedStrings" Target="sharedStrings.xml"/>'
        "</Relationships>"
    ),
}


def _write_xlsx(target: Path, header: list[str], rows: Iterator[tuple[object, ...]]) -> None:
    """A one-sheet workbook: text as shared strings, numbers as numbers, None as no cell."""
    strings: dict[str, int] = {}
    letters = [column_letters(i) for i in range(len(header))]
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as book:
        for part, xml in _PARTS.items():
            book.writestr(part, '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' + xml)
        with book.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{_NS}">'.encode())
            sheet.write(b"<sheetData>")
            sheet.write(_row_xml(1, header, letters, strings).encode())
            for number, row in enumerate(rows, start=2):
                sheet.write(_row_xml(number, row, letters, strings).encode())
            sheet.write(b"</sheetData></worksheet>")
        shared = "".join(f'<si><t xml:space="preserve">{escape(text)}</t></si>' for text in strings)
        book.writestr(
            "xl/sharedStrings.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{_NS}" count="{len(strings)}" '
            f'uniqueCount="{len(strings)}">{shared}</sst>',
        )


def _row_xml(
    number: int, row: Sequence[object], letters: list[str], strings: dict[str, int]
) -> str:
    cells = []
    for letter, value in zip(letters, row, strict=True):
        if value is None:
            continue
        ref = f"{letter}{number}"
        if isinstance(value, int | float):
            cells.append(f'<c r="{ref}"><v>{value!r}</v></c>')
        else:
            text = _NOT_XML.sub("", str(value))
            index = strings.setdefault(text, len(strings))
            cells.append(f'<c r="{ref}" t="s"><v>{index}</v></c>')
    return f'<row r="{number}">{"".join(cells)}</row>'
