"""Turning a user's file into a staging table of text columns, or a clear error.

Everything here is about bytes and layout: encodings, BOMs, delimiters,
binary garbage, truncated workbooks. Meaning is the sources' and
normalizers' business.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import re
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa

from paygrade.records import BadInputFile
from paygrade.store.db import scalar

# A line longer than this is not a salary record; DuckDB's own limit is 2 MB.
MAX_LINE_BYTES = 1 << 20
_SNIFF_BYTES = 1 << 16
_OTHER_DELIMITERS = (";", "\t", "|")
# Workbooks are binary by nature; the sources that take them read them with calamine.
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls")


@dataclass(frozen=True)
class FileFacts:
    """What paygrade learned about a file before reading it."""

    path: Path
    sha256: str
    size: int
    encoding: str  # "utf-8" (BOM or not), what detection found, or "binary" (a workbook)


def inspect_file(path: Path) -> FileFacts:
    """Hash the file and detect its encoding; reject empty files, and binary ones
    unless named as a workbook.

    Example:
        >>> inspect_file(Path("salaries.csv")).encoding  # doctest: +SKIP
        'utf-8'
    """
    if not path.is_file():
        raise BadInputFile(f"{path}: no such file")
    size = path.stat().st_size
    if size == 0:
        raise BadInputFile(f"{path.name}: the file is empty")
    workbook = path.suffix.lower() in WORKBOOK_SUFFIXES
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")()
    utf8 = not workbook
    with path.open("rb") as handle:
        head = handle.read(_SNIFF_BYTES)
        if not workbook:
            _refuse_binary(path, head)
        for chunk in _chunks(handle, head):
            digest.update(chunk)
            if utf8:
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError:
                    utf8 = False
    encoding = "binary" if workbook else "utf-8" if utf8 else _detect_encoding(path, head)
    return FileFacts(path=path, sha256=digest.hexdigest(), size=size, encoding=encoding)


def _chunks(handle: io.BufferedReader, head: bytes) -> Iterator[bytes]:
    yield head
    while chunk := handle.read(1 << 20):
        yield chunk


def _refuse_binary(path: Path, head: bytes) -> None:
    # UTF-16 text has NULs too, but no salary export here is UTF-16 without a BOM.
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return
    if b"\x00" in head or head.startswith(b"PK\x03\x04"):
        raise BadInputFile(f"{path.name}: not a text file (binary content)")


def _detect_encoding(path: Path, head: bytes) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(head).best()
    if best is None:
        raise BadInputFile(f"{path.name}: not a text file (no known text encoding fits)")
    return str(best.encoding)


@contextmanager
def utf8_path(facts: FileFacts) -> Iterator[Path]:
    """A UTF-8 copy of the file when it is in another encoding (DuckDB reads UTF-8)."""
    if facts.encoding == "utf-8":
        yield facts.path
        return
    with tempfile.TemporaryDirectory(prefix="paygrade-") as tmp:
        target = Path(tmp) / "utf8.csv"
        with (
            facts.path.open(encoding=facts.encoding, newline="") as src,
            target.open("w", encoding="utf-8", newline="") as dst,
        ):
            while block := src.read(1 << 20):
                dst.write(block)
        yield target


def read_header(path: Path) -> list[str]:
    """The header row's column names, checked for the comma layout.

    Example:
        >>> read_header(Path("tests/fixtures/canonical-small.csv"))[:2]  # doctest: +SKIP
        ['year', 'title']
    """
    with path.open(encoding="utf-8-sig", newline="") as handle:
        first = handle.readline(MAX_LINE_BYTES + 1)
    if len(first) > MAX_LINE_BYTES:
        raise BadInputFile(f"{path.name}: the header line is longer than {MAX_LINE_BYTES} bytes")
    if not first.strip():
        raise BadInputFile(f"{path.name}: the first line (the header) is blank")
    names = next(csv.reader([first]))
    if len(names) == 1:
        for other in _OTHER_DELIMITERS:
            if other in first:
                shown = "tab" if other == "\t" else repr(other)
                raise BadInputFile(
                    f"{path.name}: the header looks {shown}-separated; paygrade reads "
                    "comma-separated files"
                )
    return [_column_name(name, i) for i, name in enumerate(names)]


def _column_name(name: str, position: int) -> str:
    # Pandas exports write an unnamed index column; give it a name we can quote.
    cleaned = name.strip()
    return cleaned or f"column{position}"


def stage_csv(
    con: duckdb.DuckDBPyConnection,
    facts: FileFacts,
    table: str,
    required: Sequence[str] = (),
) -> list[str]:
    """Load a comma-separated file into ``table`` (all text, plus ``source_row``).

    ``source_row`` is the 1-based data row number (the header is row 0). A
    structural error (wrong field count, unterminated quote, overlong line)
    rejects the whole file, naming the line.
    """
    with utf8_path(facts) as path:
        columns = read_header(path)
        _check_columns(facts.path, columns, required)
        spec = {name: "VARCHAR" for name in columns}
        try:
            con.execute(
                f"""CREATE OR REPLACE TEMP TABLE {table} AS
                SELECT * FROM read_csv(?, header = true, auto_detect = false, delim = ',',
                    quote = '"', escape = '"', columns = ?, max_line_size = ?,
                    strict_mode = true, null_padding = false, parallel = false)""",
                [str(path), spec, MAX_LINE_BYTES],
            )
        except duckdb.Error as exc:
            raise BadInputFile(f"{facts.path.name}: {_first_line(exc)}") from None
    _number_rows(con, table)
    _refuse_no_rows(con, facts.path, table)
    return columns


def _check_columns(path: Path, columns: list[str], required: Sequence[str]) -> None:
    seen: set[str] = set()
    for name in columns:
        if name in seen:
            raise BadInputFile(f"{path.name}: column {name!r} appears twice in the header")
        seen.add(name)
    missing = [name for name in required if name not in seen]
    if missing:
        raise BadInputFile(f"{path.name}: missing required column(s): {', '.join(missing)}")


def _number_rows(con: duckdb.DuckDBPyConnection, table: str) -> None:
    # rowid follows insertion order, which follows the file (parallel = false).
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {table} AS "
        f"SELECT rowid + 1 AS source_row, * FROM {table}"
    )


def _refuse_no_rows(con: duckdb.DuckDBPyConnection, path: Path, table: str) -> None:
    if not scalar(con, f"SELECT count(*) FROM {table}"):
        raise BadInputFile(f"{path.name}: the file has a header but no data rows")


_DUCKDB_NOISE = re.compile(r"^(Invalid Input Error|Conversion Error|IO Error):\s*", re.I)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    text = _DUCKDB_NOISE.sub("", text)
    if "maximum line size" in text.lower():
        return f"a line is longer than {MAX_LINE_BYTES} bytes; is this really a CSV file?"
    return f"cannot read as CSV: {text}"


def stage_rows(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    table: str,
    header: Sequence[str],
    rows: Sequence[Sequence[str | None]],
    required: Sequence[str] = (),
) -> list[str]:
    """Load rows read by Python (e.g. from a workbook) into ``table`` like ``stage_csv``."""
    columns = [_column_name(name, i) for i, name in enumerate(header)]
    _check_columns(path, columns, required)
    if not rows:
        raise BadInputFile(f"{path.name}: the sheet has a header but no data rows")
    arrays = {
        name: pa.array([row[i] if i < len(row) else None for row in rows], pa.string())
        for i, name in enumerate(columns)
    }
    staged = pa.table(arrays)
    con.register("_paygrade_rows", staged)
    try:
        con.execute(f"CREATE OR REPLACE TEMP TABLE {table} AS SELECT * FROM _paygrade_rows")
    finally:
        con.unregister("_paygrade_rows")
    _number_rows(con, table)
    return columns
