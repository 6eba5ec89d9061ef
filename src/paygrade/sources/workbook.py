"""Workbooks (XLSX, XLS, ODS) read like text files: the first visible sheet's cells as
text, row by row.

A person's own records (``paygrade ingest csv``) and DOL's LCA disclosure files
come as spreadsheets as often as CSV; both are staged the same way as a CSV
file: text columns after ``source_row``. One sheet is read: a workbook whose other
sheet holds more of the same table (its header the same) is refused whole, not read
in part; other sheets (notes, pivots) are left as they are.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import zipfile
import zlib
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Any, Protocol
from xml.etree import ElementTree

import pyarrow as pa

from paygrade.interruptible import run_interruptibly
from paygrade.progress import report
from paygrade.records import BadInputFile
from paygrade.sources.base import Con
from paygrade.sources.reading import (
    MAX_COLUMNS,
    WORKBOOK_SUFFIXES,
    FileFacts,
    check_columns,
    column_name,
    quoted,
    stage_csv,
    staged_name,
)


def stage_text_or_workbook(
    con: Con, facts: FileFacts, table: str, required: Sequence[str], *, by_place: bool = False
) -> list[str]:
    """Stage a workbook (by its suffix: .xlsx, .xlsm, .xls, .ods) or a delimited text file;
    ``by_place``: blank rows are counted in ``source_row`` (``stage_csv``)."""
    if facts.path.suffix.lower() in WORKBOOK_SUFFIXES:
        return stage_workbook(con, facts, table, required, by_place=by_place)
    return stage_csv(con, facts, table, required, by_place=by_place)


def stage_workbook(
    con: Con, facts: FileFacts, table: str, required: Sequence[str], *, by_place: bool = False
) -> list[str]:
    """The first sheet into ``table`` like ``stage_csv``: text columns after ``source_row``.

    Rows are taken in batches of BATCH_ROWS, so a year of filings (600,000 rows
    of ~100 columns) never sits in Python as one list; blank rows are skipped,
    and counted in ``source_row`` with ``by_place`` (a row's place below the header),
    else not. Progress (rows read of the sheet's rows) goes to
    ``paygrade.progress``.
    """
    rows, total, sheet = _sheet_rows(facts)
    # calamine yields the blank rows above the table too; the first row with a value heads it.
    header = next((row for row in rows if any(cell != "" for cell in row)), None)
    if header is None:
        raise BadInputFile(f"{facts.path.name}: the workbook's first sheet is empty")
    # The table ends at its last named column: the reader pads each row to the sheet's
    # used width, and one stray cell at XFD502 had made 16,384 columns of 500 rows (8 GB
    # staged). A value right of it is refused below, never dropped.
    width = len(header)
    if width > MAX_COLUMNS:  # narrower, blank or valued unnamed columns are read as before
        width = max((i + 1 for i, cell in enumerate(header) if str(cell).strip()), default=0)
        header = header[:width]
    columns = [column_name(str(cell).strip(), i) for i, cell in enumerate(header)]
    # A sheet has rows, not lines: "read as the header, the first line" had been said of one.
    read = f"read as the header, the first row with a value of sheet {sheet!r}"
    check_columns(facts.path, columns, required, header=read)
    # A sheet's own source_row column is staged beside the row numbers, as a CSV's is: it
    # had been "Column with name source_row already exists" (an internal error, 70).
    names = ["source_row", *(staged_name(name) for name in columns)]
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {table} (source_row BIGINT, "
        + ", ".join(f"{quoted(name)} VARCHAR" for name in names[1:])
        + ")"
    )
    numbered = place = 0
    for batch in _batches(rows, facts.path.name):
        # By place, blank rows counted: the row after an empty row 6 had been numbered one
        # short of the row a person finds it at.
        places = [place + i for i, row in enumerate(batch, 1) if any(c != "" for c in row)]
        kept = [batch[n - place - 1] for n in places]
        _refuse_right_of(facts.path.name, kept, places, width)
        place += len(batch)
        if not by_place:
            places = list(range(numbered + 1, numbered + len(kept) + 1))
        # Column by column: a short row has no value in the columns it lacks.
        cells = list(itertools.zip_longest(*kept))[: len(columns)]
        cells += [(None,) * len(kept)] * (len(columns) - len(cells))
        arrays = [
            pa.array(places, pa.int64()),
            *(pa.array(_texts(column), pa.string()) for column in cells),
        ]
        numbered += len(kept)
        _append(con, table, pa.table(arrays, names=names))
        report(min(place, total), total)
    if not numbered:
        raise BadInputFile(f"{facts.path.name}: the sheet has a header but no data rows")
    unnamed = [name for name, cell in zip(columns, header, strict=False) if not str(cell).strip()]
    return _without_empty(con, table, columns, unnamed)


def _refuse_right_of(
    name: str, rows: list[Sequence[object]], places: list[int], width: int
) -> None:
    """A value right of the table's last named column: its column has no name to read it
    by, and trimmed it would be dropped without a word."""
    for row, place in zip(rows, places, strict=True):
        if (
            len(row) > width
            and (at := next((i for i, c in enumerate(row[width:]) if c != ""), None)) is not None
        ):
            found, last = column_letters(width + at), column_letters(width - 1)
            raise BadInputFile(
                f"{name}: data row {place:,} has a value in column {found}, right of the "
                f"table's last named column ({last}): name its column in the header, or delete it"
            )


def column_letters(index: int) -> str:
    """A 0-based column index as a spreadsheet's letters.

    Example:
        >>> column_letters(0), column_letters(25), column_letters(26), column_letters(16383)
        ('A', 'Z', 'AA', 'XFD')
    """
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _without_empty(con: Con, table: str, columns: list[str], unnamed: list[str]) -> list[str]:
    """``columns`` less those with no name that hold no value: the reader pads each row to
    the sheet's used width, so a note beside the table (K3: "checked by Bob") gave the
    blank header cells between a column each, and a file of canonical columns was refused
    ("the 5th (no name: a comma too many?)"). A column with no name but values stays, for
    the source to refuse or keep."""
    if not unnamed:
        return columns
    counts = con.execute(
        f"SELECT {', '.join(f'count({quoted(name)})' for name in unnamed)} FROM {table}"
    ).fetchall()[0]  # one scan for them all
    empty = [name for name, n in zip(unnamed, counts, strict=True) if not n]
    for name in empty:
        con.execute(f"ALTER TABLE {table} DROP COLUMN {quoted(name)}")
    return [name for name in columns if name not in empty]


def _sheet_rows(facts: FileFacts) -> tuple[Iterator[Sequence[object]], int, str]:
    """The first visible sheet's rows (header first), how many data rows it spans and its
    name; ``BadInputFile`` when another sheet holds more of its table."""
    scanned = _refuse_vast(facts.path)
    try:
        parsed = run_interruptibly(lambda: _parsed(facts.path), name="paygrade-workbook")
        names, sheet, header, shared = parsed
        merged = getattr(sheet, "merged_cell_ranges", None) or ()
        rows = iter(sheet.iter_rows()), max(int(sheet.height) - 1, 0)
    except Exception as exc:  # calamine raises its own types for every kind of damage
        raise _unreadable(facts.path.name, exc, _not_a_workbook_said(facts.path)) from None
    _refuse_merged_down(facts.path.name, merged)
    _refuse_uncalculated(facts.path, names[0], scanned)
    if continued := [n for n, columns in shared.items() if header and _goes_on(header, columns)]:
        of = {len(shared[n]) for n in continued}
        held = "the columns" if of == {len(header)} else f"{max(of)} of the {len(header)} columns"
        raise BadInputFile(
            f"{facts.path.name}: sheet {', '.join(map(repr, continued))} has {held} of "
            f"sheet {names[0]!r}, read as the table: paygrade reads one sheet, so the rest of "
            "the table would be left out; save each sheet as a file of its own and ingest each"
        )
    return (*rows, names[0])


def _parsed(path: Path) -> tuple[list[str], Any, frozenset[str], dict[str, frozenset[str]]]:
    """The workbook's worksheets (the table's first), the table's sheet as calamine holds
    its cells (Python sees one row at a time), its header's columns, and those each other
    sheet shares with it."""
    from python_calamine import CalamineWorkbook

    workbook = CalamineWorkbook.from_path(str(path))
    names = _worksheets(workbook)
    sheet = workbook.get_sheet_by_name(names[0])
    header = _columns_of(_header(sheet.iter_rows()))
    shared = {
        n: header & _columns_of(_header(workbook.get_sheet_by_name(n).iter_rows()))
        for n in names[1:]
    }
    return names, sheet, header, shared


# Cells a sheet may span, as its own <dimension> says (XLSX) or, without one, as its cells'
# references reach: the reader allocates every cell of the span, and one stray cell at
# XFD1048576 in a 2 KB file had asked for 512 GB (calamine aborted the process, status
# 134, a Rust backtrace). A year of DOL disclosures spans about 60 million.
MAX_CELLS = 150_000_000
_DIMENSION = re.compile(rb'<dimension ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"')
_SHEET_PART = re.compile(r"xl/worksheets/[^/]+\.xml")
# A sheet's XML, unpacked, as its zip entry says before a byte is inflated: the reader
# holds every cell, 2.6 bytes of memory a byte of a table's XML (600,000 filings in the
# LCA benchmark's 20 columns: 259 MB, read in 670 MB) and up to 6.6 for bare number
# cells. 2 GB leaves room for DOL's own, wider quarterly files.
MAX_SHEET_BYTES = 2_000_000_000
# ... and how many times it may shrink in the zip: a table's XML 6 to 15 (its cell
# references differ cell to cell), a zip bomb's hundreds (4 MB holding 993 MB of cells
# had taken 6.6 GB). Below SHRINK_FLOOR, whatever the shrink, a sheet reads in little.
MAX_SHRINK = 100
SHRINK_FLOOR = 64_000_000


# The first formula cell without a saved value in a sheet, and how many there are.
Uncalculated = tuple[str, int] | None


def _refuse_vast(path: Path) -> dict[str, Uncalculated]:
    """Refuse a workbook a sheet of which unpacks to more than ``MAX_SHEET_BYTES`` of XML,
    or shrinks more than ``MAX_SHRINK`` times in the zip, or spans more than ``MAX_CELLS``
    (XLSX and XLSM: other formats are read as they are).

    Returns the formulas without a saved value of each sheet it read whole (one without
    a ``<dimension>``), by zip member, for ``_refuse_uncalculated``."""
    scanned: dict[str, Uncalculated] = {}
    try:
        with zipfile.ZipFile(path) as book:
            sheets = [i for i in book.infolist() if _SHEET_PART.fullmatch(i.filename)]
            for info in sheets:
                _refuse_inflated(path.name, info)
            spans = [_sheet_span(book, info, scanned) for info in sheets]
    except (zipfile.BadZipFile, OSError, KeyError, zlib.error):
        return {}  # not a zip (XLS, ODS's own checks) or damaged: the reader says so
    for span, cells in filter(None, spans):
        if cells > MAX_CELLS:
            raise BadInputFile(
                f"{path.name}: a sheet spans {span} ({cells:,} cells), more than paygrade "
                f"reads ({MAX_CELLS:,}): a stray cell far from the table? Delete it, or save "
                "the table as CSV"
            )
    return scanned


def _refuse_inflated(name: str, info: zipfile.ZipInfo) -> None:
    """Refuse a sheet whose XML is too big unpacked, or packed too tight to be a table."""
    size, packed = info.file_size, max(info.compress_size, 1)
    if size > MAX_SHEET_BYTES:
        held = f"{size:,} bytes of XML, more than paygrade reads ({MAX_SHEET_BYTES:,})"
    elif size > SHRINK_FLOOR and size > MAX_SHRINK * packed:
        held = (
            f"{size:,} bytes of XML packed into {packed:,} ({size // packed:,} times smaller, "
            f"where a table's shrinks at most about {MAX_SHRINK} times: a padded or crafted "
            "sheet)"
        )
    else:
        return
    raise BadInputFile(
        f"{name}: a sheet holds {held}, and reading it would take several times that in "
        "memory: save the table as CSV and ingest that"
    )


def _sheet_span(
    book: zipfile.ZipFile, info: zipfile.ZipInfo, scanned: dict[str, Uncalculated]
) -> tuple[str, int] | None:
    """A sheet's span as its <dimension> says, else as its cells reach (writers may leave
    <dimension> out, or say "A1": a sheet padded to 16,384 columns had read unchecked).
    Read whole, its formulas without a saved value are found in the same pass, into
    ``scanned``: unpacked and scanned again for them, 600,000 LCA rows without a
    <dimension> (259 MB of XML) had taken 1.1 s more than their 1.9 s span scan."""
    with book.open(info) as head:
        said = _span(head.read(4096))
    if said is not None:
        return said
    span, formulas = _SpanScan(), _FormulaScan()
    with book.open(info) as stream:
        _scan(stream, span, formulas)
    scanned[info.filename] = formulas.found()
    return span.found()


# A formula cell with no saved value (an empty or no <v>): what openpyxl and other scripts
# write, leaving the sum to the next program that opens the file. An empty text result
# that Excel saved is t="str" with an empty <v>: a value, kept.
_UNCALCULATED = re.compile(
    rb"<c\b([^>]*)>\s*<f\b[^>]*(?:/>|>[^<]*</f>)\s*(?:<v\s*/>|<v>\s*</v>)?\s*</c>"
)
_CELL_REF = re.compile(rb'\br="([A-Z]+\d+)"')


def _refuse_uncalculated(path: Path, sheet: str, scanned: Mapping[str, Uncalculated]) -> None:
    """Refuse an XLSX or XLSM workbook whose ``sheet`` has formulas with no saved value:
    the reader sees such a cell as blank, and a salary summed by a formula had been
    quarantined as "missing amount" (and a company so written stored without one).
    ``scanned``: what ``_refuse_vast`` found of them, by zip member, in sheets it read."""
    try:
        with zipfile.ZipFile(path) as book:
            member = _sheet_member(book, sheet)
            if member is None:
                found = None
            elif member in scanned:  # read with its span: not unpacked again
                found = scanned[member]
            else:
                found = _uncalculated(book.open(member))
    except (zipfile.BadZipFile, OSError, KeyError, ElementTree.ParseError):
        return  # not a zip (XLS, ODS) or damaged: the reader says so
    if found is not None:
        first, count = found
        more = f" (and {count - 1:,} more)" if count > 1 else ""
        raise BadInputFile(
            f"{path.name}: cell {first}{more} of sheet {sheet!r} holds a formula without a "
            "saved value (the file was written by a program that does not calculate, such "
            "as a script): open the file in Excel or LibreOffice, save it, and ingest again"
        )


def _uncalculated(stream: IO[bytes]) -> Uncalculated:
    """The first formula cell without a saved value in a sheet's XML, and how many."""
    formulas = _FormulaScan()
    _scan(stream, formulas)
    return formulas.found()


class _Scan(Protocol):
    """What is looked for in a sheet's XML, a piece at a time (``_scan``)."""

    def cut(self, text: bytes) -> int:
        """Where ``text`` ends for this scan (whole tags, whole cells): the rest waits."""
        ...

    def take(self, text: bytes) -> None:
        """Look through ``text``, up to its cut."""
        ...


def _scan(stream: IO[bytes], *scans: _Scan) -> None:
    """Each of ``scans`` through a sheet's XML, a megabyte at a time, each piece cut where
    each scan needs it (what is left at the end is taken last): the XML is unpacked once
    for them all."""
    tails = [b""] * len(scans)
    while chunk := stream.read(1 << 20):
        for i, scan in enumerate(scans):
            text = tails[i] + chunk
            cut = scan.cut(text)
            tails[i] = text[cut:]
            scan.take(text[:cut])
    for scan, tail in zip(scans, tails, strict=True):
        scan.take(tail)


class _FormulaScan:
    """The formula cells without a saved value (``_UNCALCULATED``) in the pieces taken."""

    def __init__(self) -> None:
        self.first: str | None = None
        self.count = 0

    def cut(self, text: bytes) -> int:
        # Whole cells only: before the last cell's start, which may end in the next piece.
        # Cut after the last </c>, a stretch of cells with no value (<c r="A7" s="1"/>)
        # had been kept whole and copied again for every megabyte (72 MB: 2.2 s).
        at = text.rfind(b"<c")
        return len(text) if at < 0 else at  # 0: one cell longer than a piece, waited for

    def take(self, text: bytes) -> None:
        if b"<f" not in text:
            return
        for cell in _UNCALCULATED.finditer(text):
            if b't="str"' not in cell[1]:
                ref = _CELL_REF.search(cell[1])
                self.first = self.first or (ref[1].decode() if ref else "?")
                self.count += 1

    def found(self) -> Uncalculated:
        return None if self.first is None else (self.first, self.count)


_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def _sheet_member(book: zipfile.ZipFile, sheet: str) -> str | None:
    """The zip member holding the sheet named ``sheet``, as the workbook's relations say."""
    workbook = ElementTree.fromstring(book.read("xl/workbook.xml"))
    ids = [s.get(_REL) for s in workbook.iter(f"{_MAIN}sheet") if s.get("name") == sheet]
    rels = ElementTree.fromstring(book.read("xl/_rels/workbook.xml.rels"))
    for rel in rels:
        if ids and rel.get("Id") == ids[0] and (target := rel.get("Target")):
            # Relative to xl/ unless absolute ("/xl/worksheets/sheet1.xml", openpyxl's).
            return target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return None


def _span(head: bytes) -> tuple[str, int] | None:
    """The span a sheet's ``<dimension>`` says, and its cells.

    Example:
        >>> _span(b'<worksheet><dimension ref="A1:XFD1048576"/>')
        ('A1:XFD1048576', 17179869184)
        >>> _span(b'<dimension ref="A1"/>') is None
        True
    """
    found = _DIMENSION.search(head)
    if found is None or found[3] is None:
        return None
    columns = _column_index(found[3]) - _column_index(found[1]) + 1
    rows = int(found[4]) - int(found[2]) + 1
    return (b"%s%s:%s%s" % found.groups()).decode(), rows * columns


_ROW_NUMBER = re.compile(rb'<row r="(\d+)"')
# Cell references past Z, widest first: three letters, then two.
_WIDE_REFS = (re.compile(rb' r="([A-Z]{3})\d'), re.compile(rb' r="([A-Z]{2})\d'))


def _scanned_span(stream: IO[bytes]) -> tuple[str, int] | None:
    """The span a sheet's cells reach from A1: its last row (numbered, or counted) by its
    widest column, read from its XML a megabyte at a time.

    Example:
        >>> import io
        >>> xml = b'<row r="2"><c r="A2"/><c r="C2"/></row><row r="9"><c r="B9"/></row>'
        >>> _scanned_span(io.BytesIO(xml))
        ('A1:C9', 27)
        >>> _scanned_span(io.BytesIO(b'<row r="5"><c r="XFD5"><v>1</v></c></row>'))
        ('A1:XFD5', 81920)
    """
    span = _SpanScan()
    _scan(stream, span)
    return span.found()


class _SpanScan:
    """The last row (numbered, or counted) and the widest column in the pieces taken."""

    def __init__(self) -> None:
        self.rows = self.counted = self.width = 0

    def cut(self, text: bytes) -> int:
        return text.rfind(b">") + 1 or len(text)  # whole tags only

    def take(self, text: bytes) -> None:
        self.rows = max(self.rows, *map(int, _ROW_NUMBER.findall(text)), 0)
        self.counted += text.count(b"<row")  # rows without a number too
        self.width = _widest_column(text, self.width)

    def found(self) -> tuple[str, int] | None:
        """The span from A1 to the last row and widest column, and its cells."""
        rows = max(self.rows, self.counted)
        if not rows or not self.width:
            return None
        return f"A1:{column_letters(self.width - 1)}{rows}", rows * self.width


def _widest_column(text: bytes, widest: int) -> int:
    """The widest column (1-based) ``text``'s cell references name, or ``widest`` if wider.
    Within A-Z only the letters above ``widest`` are looked for: finding every reference
    of a narrow table had taken longer than unpacking its XML."""
    for refs in _WIDE_REFS:
        if found := refs.findall(text):
            return max(widest, _column_index(max(found)))
    if widest < 26 and (found := re.findall(rb' r="([%c-Z])\d' % (65 + widest), text)):
        return _column_index(max(found))
    return widest


def _column_index(letters: bytes) -> int:
    """A column's letters as a 1-based index: ``b"XFD"`` is 16,384."""
    index = 0
    for letter in letters:
        index = index * 26 + letter - 64
    return index


def _refuse_merged_down(name: str, merged: Sequence[Any]) -> None:
    """Refuse cells merged down rows: the reader sees their value in the first row only,
    and a company merged over three rows had been stored with two of them companyless,
    "accepted 3" said. (Merged across one row, a banner above the table, is read.)

    Example:
        >>> _refuse_merged_down("a.xlsx", [((0, 0), (0, 5))])
        >>> _refuse_merged_down("a.xlsx", [((1, 2), (3, 2))])
        Traceback (most recent call last):
        ...
        paygrade.records.BadInputFile: a.xlsx: cells C2:C4 are merged: ...
    """
    down = [(first, last) for first, last in merged if last[0] > first[0]]
    if down:
        (top, left), (bottom, right) = down[0]
        cells = f"{column_letters(left)}{top + 1}:{column_letters(right)}{bottom + 1}"
        more = f" (and {len(down) - 1:,} more merged ranges)" if len(down) > 1 else ""
        raise BadInputFile(
            f"{name}: cells {cells} are merged{more}: a merged cell's value is in its first "
            "row only, and the rows below it would be stored without it; unmerge them and "
            "fill each row's value in, then ingest again"
        )


def _goes_on(header: frozenset[str], shared: frozenset[str]) -> bool:
    """Whether a sheet sharing ``shared`` of the first sheet's ``header`` holds more of its
    table: all of them, or most (at least 3 and half): a sheet of 2024 without the company
    column had its rows left out without a word. A lookup sheet ("level, description")
    shares one or two.

    Example:
        >>> six = frozenset("year title company pay_component amount currency".split())
        >>> _goes_on(six, six - {"company"}), _goes_on(six, frozenset({"title"}))
        (True, False)
    """
    return shared == header or (len(shared) >= 3 and 2 * len(shared) >= len(header))


def _worksheets(workbook: object) -> list[str]:
    """The workbook's worksheets, the visible first: a hidden first sheet (a lookup list)
    had been read as the table the person sees, and said "missing required column(s)"."""
    from python_calamine import SheetTypeEnum, SheetVisibleEnum

    sheets = [s for s in workbook.sheets_metadata if s.typ == SheetTypeEnum.WorkSheet]  # type: ignore[attr-defined]
    visible = [s.name for s in sheets if s.visible == SheetVisibleEnum.Visible]
    return visible + [s.name for s in sheets if s.name not in visible] or [
        workbook.sheet_names[0]  # type: ignore[attr-defined]
    ]


def _header(rows: Iterator[Sequence[object]]) -> list[str] | None:
    """A sheet's header: its first row with a value, as text."""
    first = next((row for row in rows if any(cell != "" for cell in row)), None)
    return None if first is None else [str(cell).strip() for cell in first]


def _columns_of(header: list[str] | None) -> frozenset[str]:
    """A header's column names, any case, any order, blank cells left out: the table goes
    on in a sheet holding them all. Compared as lists, a note right of the first sheet's
    header (a padded blank cell for each) or another case or order had hidden the
    continued table, its rows left out without a word."""
    return frozenset(cell.casefold() for cell in header or () if cell)


def _unreadable(name: str, exc: Exception, why: str | None = None) -> BadInputFile:
    """Named as the format its suffix promised: XLSX, XLS, XLSM or ODS; ``why`` it is not
    one, when known, else the reader's error's name."""
    kind = name.rpartition(".")[2].upper()
    return BadInputFile(f"{name}: not a readable {kind} workbook ({why or type(exc).__name__})")


# How a workbook's bytes begin: a zip (XLSX, XLSM, ODS) or an OLE compound file (XLS).
_WORKBOOK_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
_TEXT_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
# Files of other formats a workbook's name is given to, by how their bytes begin: a
# Parquet file so named had been said "(ZipError)", the reader's error's name.
_OTHER_FORMATS = (
    (b"PAR1", "a Parquet file"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"%PDF-", "a PDF document"),
)


def _not_a_workbook_said(path: Path) -> str | None:
    """Why a file named as a workbook is none, when its first bytes say: text (a CSV saved
    under a workbook's name) or another format's (``_OTHER_FORMATS``); the reader's error
    had been all that was said, "(ZipError)".

    Example:
        >>> import tempfile
        >>> path = Path(tempfile.mkdtemp()) / "fixture-renamed.xlsx"
        >>> _ = path.write_text("year,title\\n2024,Engineer\\n")
        >>> _not_a_workbook_said(path)
        "it holds text, not a workbook: a CSV file given a workbook's name? name it .csv"
        >>> _ = path.write_bytes(b"PAR1" + bytes(20))
        >>> _not_a_workbook_said(path)
        'it is a Parquet file, not a workbook'
    """
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError:
        return None
    other = next((kind for magic, kind in _OTHER_FORMATS if head.startswith(magic)), None)
    if other:
        return f"it is {other}, not a workbook"
    texts = head.startswith(_TEXT_BOMS) or (head and b"\x00" not in head)
    if not texts or head.startswith(_WORKBOOK_MAGIC):
        return None
    return "it holds text, not a workbook: a CSV file given a workbook's name? name it .csv"


BATCH_ROWS = 20_000


def _batches(rows: Iterator[Sequence[object]], name: str) -> Iterator[list[Sequence[object]]]:
    while True:
        try:
            batch = list(itertools.islice(rows, BATCH_ROWS))
        except Exception as exc:  # a cell calamine cannot convert
            raise _unreadable(name, exc) from None
        if not batch:
            return
        yield batch


def _texts(cells: Sequence[object]) -> list[str | None]:
    """Cells as text; most are text already, and are taken as they are without a call."""
    return [cell if type(cell) is str and cell else _cell_text(cell) for cell in cells]


def _append(con: Con, table: str, batch: pa.Table) -> None:
    con.register("_paygrade_batch", batch)
    try:
        con.execute(f"INSERT INTO {table} SELECT * FROM _paygrade_batch")
    finally:
        con.unregister("_paygrade_batch")


def _cell_text(cell: object) -> str | None:
    if cell is None or cell == "":
        return None
    if isinstance(cell, str):
        return cell
    if isinstance(cell, dt.datetime | dt.date):
        return cell.isoformat()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell)
