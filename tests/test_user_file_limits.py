"""A user's own files past what a table holds: a workbook spanning billions of cells, a
value far right of the table, a header of thousands of columns. Each is refused in a
line, in memory bounded by the table (they had aborted the process, or taken 8-18 GB).
Hand-written fixture rows (named fixture-*, never product data) in real DuckDB stores."""

from __future__ import annotations

from pathlib import Path

import pytest

from paygrade.ingest import ingest_file
from paygrade.records import BadInputFile
from paygrade.store import Store
from tests.conftest import write_file

HEADER = ["year", "title", "pay_component", "amount", "currency"]
ROW = [2024, "ML Engineer", "base", 150000, "USD"]


def _book(path: Path, *, rows: int = 3, far: str | None = None, blank_far: bool = False) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for _ in range(rows):
        sheet.append(ROW)
    if far is not None:
        sheet[far] = "" if blank_far else "x"
    book.save(path)
    return path


def test_a_sheet_spanning_billions_of_cells_is_refused_before_it_is_read(
    store: Store, tmp_path: Path
) -> None:
    # One stray cell at XFD1048576 in a 2 KB file: calamine asked for 512 GB and the
    # process aborted (status 134, a Rust backtrace).
    path = _book(tmp_path / "fixture-stray.xlsx", far="XFD1048576")
    with pytest.raises(BadInputFile, match=r"spans A1:XFD1048576 \(17,179,869,184 cells\)"):
        ingest_file(store, "csv", path)
    assert store.con.execute("SELECT count(*) FROM records").fetchone() == (0,)


def test_a_value_right_of_the_table_is_refused_naming_its_cell(
    store: Store, tmp_path: Path
) -> None:
    # 500 rows and one cell at XFD502 had staged 16,384 columns (8 GB, or killed).
    path = _book(tmp_path / "fixture-far.xlsx", rows=500, far="XFD502")
    with pytest.raises(BadInputFile, match="data row 501 has a value in column XFD, right of"):
        ingest_file(store, "csv", path)


def test_blank_cells_right_of_the_table_are_no_columns(store: Store, tmp_path: Path) -> None:
    path = _book(tmp_path / "fixture-far-blank.xlsx", rows=4, far="AZ5", blank_far=True)
    result = ingest_file(store, "csv", path)
    assert (result.rows_read, result.rows_accepted) == (4, 4)


def test_a_header_of_thousands_of_columns_is_refused_at_once(store: Store, tmp_path: Path) -> None:
    # A comma too many, 200,000 times: 18 GB and "Out of Memory" after two minutes.
    commas = "," * 5_000
    text = ",".join(HEADER) + commas + "\n" + ",".join(map(str, ROW)) + commas + "\n"
    path = write_file(tmp_path, "fixture-wide.csv", text)
    with pytest.raises(BadInputFile, match=r"the header has 5,005 columns \(5,000 of them with no"):
        ingest_file(store, "csv", path)


def test_cells_merged_down_rows_are_refused_naming_them(store: Store, tmp_path: Path) -> None:
    import openpyxl

    # A company merged over three rows was stored on the first only: "accepted 3", two
    # records without their company, unsaid.
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["year", "title", "company", "pay_component", "amount", "currency"])
    for title in ("ML Engineer", "Senior ML Engineer", "Staff ML Engineer"):
        sheet.append([2024, title, "Google", "base", 180000, "USD"])
    sheet.merge_cells("C2:C4")
    book.save(tmp_path / "fixture-merged.xlsx")
    with pytest.raises(BadInputFile, match="cells C2:C4 are merged: a merged cell's value"):
        ingest_file(store, "csv", tmp_path / "fixture-merged.xlsx")
    assert store.con.execute("SELECT count(*) FROM records").fetchone() == (0,)


def _without_dimension(path: Path) -> Path:
    """``path`` with its sheet's <dimension> taken out, as some writers leave it."""
    import re
    import zipfile

    with zipfile.ZipFile(path) as book:
        parts = {info.filename: book.read(info) for info in book.infolist()}
    sheet = "xl/worksheets/sheet1.xml"
    parts[sheet] = re.sub(rb"<dimension [^>]*/>", b"", parts[sheet])
    assert b"<dimension" not in parts[sheet]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        for name, data in parts.items():
            book.writestr(name, data)
    return path


def test_a_sheet_without_a_dimension_is_refused_by_the_span_its_cells_reach(
    store: Store, tmp_path: Path
) -> None:
    # Without <dimension> the span went unchecked: calamine allocated each cell of it
    # (a 5,000-row sheet padded to 16,384 columns took 3.9 GB).
    path = _without_dimension(_book(tmp_path / "fixture-stray-nodim.xlsx", far="XFD10000"))
    with pytest.raises(BadInputFile, match=r"spans A1:XFD10000 \(163,840,000 cells\)"):
        ingest_file(store, "csv", path)
    plain = _without_dimension(_book(tmp_path / "fixture-nodim.xlsx", rows=4))
    assert ingest_file(store, "csv", plain).rows_accepted == 4


_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_BOMB_PARTS = {  # a one-sheet workbook's least parts
    "[Content_Types].xml": (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sheet.main+xml"/></Types>'
    ),
    "_rels/.rels": f'<Relationships xmlns="{_RELS}"><Relationship Id="rId1" '
    f'Type="{_DOC}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": f'<workbook xmlns="{_MAIN}" xmlns:r="{_DOC}"><sheets>'
    '<sheet name="Pay" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{_RELS}"><Relationship Id="rId1" '
    f'Type="{_DOC}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
}


def _bomb(path: Path, rows: int) -> Path:
    """An XLSX whose sheet is ``rows`` rows of bare number cells (no references), which
    shrink about a thousand times in the zip."""
    import zipfile

    header = "".join(f'<c t="inlineStr"><is><t>{name}</t></is></c>' for name in HEADER)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        for part, xml in _BOMB_PARTS.items():
            book.writestr(part, xml)
        with book.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(f'<worksheet xmlns="{_MAIN}"><sheetData><row>{header}</row>'.encode())
            thousand = (b"<row>" + b"<c><v>1</v></c>" * 5 + b"</row>") * 1000
            for _ in range(rows // 1000):
                sheet.write(thousand)
            sheet.write(b"</sheetData></worksheet>")
    return path


def test_a_sheet_packed_hundreds_of_times_tighter_than_a_table_is_refused_unread(
    store: Store, tmp_path: Path
) -> None:
    # A zip bomb: 4 MB holding 993 MB of sheet XML took 6.6 GB in calamine.
    path = _bomb(tmp_path / "fixture-bomb.xlsx", rows=800_000)
    assert path.stat().st_size < 1_000_000
    with pytest.raises(
        BadInputFile,
        match=r"a sheet holds 68,\d{3},\d{3} bytes of XML packed into [\d,]+ \([\d,]+ times "
        r"smaller, where a table's shrinks at most about 100 times: .*save the table as CSV",
    ):
        ingest_file(store, "csv", path)


def test_a_sheet_unpacking_past_the_bound_is_refused_unread(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from paygrade.sources import workbook

    monkeypatch.setattr(workbook, "MAX_SHEET_BYTES", 10_000, raising=False)  # not 2 GB here
    path = _book(tmp_path / "fixture-big.xlsx", rows=500)
    with pytest.raises(BadInputFile, match=r"bytes of XML, more than paygrade reads \(10,000\)"):
        ingest_file(store, "csv", path)


def _counting_reads(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Bytes Python unpacks of each zip member from now on (calamine reads on its own)."""
    import zipfile

    unpacked: dict[str, int] = {}
    read = zipfile.ZipExtFile.read

    def counted(self: zipfile.ZipExtFile, n: int = -1) -> bytes:
        data = read(self, n)
        unpacked[self.name] = unpacked.get(self.name, 0) + len(data)
        return data

    monkeypatch.setattr(zipfile.ZipExtFile, "read", counted)
    return unpacked


def test_a_sheet_without_a_dimension_is_unpacked_once_for_its_checks(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Its span and its formulas without a saved value were each found by unpacking and
    # scanning the whole XML: 600,000 LCA rows (259 MB of XML) took 1.9 s and 1.1 s.
    import zipfile

    path = _without_dimension(_book(tmp_path / "fixture-nodim-once.xlsx", rows=2_000))
    size = zipfile.ZipFile(path).getinfo("xl/worksheets/sheet1.xml").file_size
    unpacked = _counting_reads(monkeypatch)
    assert ingest_file(store, "csv", path).rows_accepted == 2_000
    assert size < unpacked["xl/worksheets/sheet1.xml"] <= size + 4096  # + <dimension>'s look


def test_a_formula_without_a_saved_value_is_refused_in_a_sheet_without_a_dimension(
    store: Store, tmp_path: Path
) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append(ROW)
    sheet.append([2024, "ML Engineer", "base", "=D2*2", "USD"])
    book.save(tmp_path / "fixture-nodim-formula.xlsx")
    path = _without_dimension(tmp_path / "fixture-nodim-formula.xlsx")
    with pytest.raises(BadInputFile, match=r"cell D3 of sheet 'Sheet' holds a formula without"):
        ingest_file(store, "csv", path)


def test_formulas_are_looked_for_in_bounded_memory_in_a_stretch_of_valueless_cells() -> None:
    # Cells with a style and no value (<c r="A7" s="1"/>, a formatted empty range) have no
    # </c>: the scan for formulas kept the whole stretch as the piece still to come,
    # copying it again for every megabyte (72 MB of them: 2.2 s, and the stretch held).
    import io
    import tracemalloc

    from paygrade.sources import workbook

    cells = b"".join(b'<c r="A%d" s="1"/>' % i for i in range(1_000_000))
    xml = io.BytesIO(b"<sheetData><row>" + cells + b'<c r="B9"><f>1</f></c></row></sheetData>')
    tracemalloc.start()
    try:
        found = workbook._uncalculated(xml)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert found == ("B9", 1)
    assert len(cells) > 15_000_000 and peak < 5_000_000
