"""reading.py: bytes and layout -> a staging table of text columns, or BadInputFile."""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from paygrade.records import BadInputFile
from paygrade.sources.reading import (
    MAX_LINE_BYTES,
    inspect_file,
    read_header,
    stage_csv,
    stage_csv_before_notes,
    stage_parquet,
    stage_rows,
)
from tests.conftest import write_file

HEADER = "year,title,pay_component,amount_usd\n"
ROW = "2023,Data Scientist,base,120000\n"
REQUIRED = ("year", "title", "pay_component")


@pytest.fixture
def con() -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect()
    yield connection
    connection.close()


def write(tmp_path: Path, data: bytes | str, name: str = "input.csv") -> Path:
    return write_file(tmp_path, name, data)


def stage(con: duckdb.DuckDBPyConnection, path: Path) -> list[tuple[object, ...]]:
    stage_csv(con, inspect_file(path), "raw", REQUIRED)
    return con.execute("SELECT * FROM raw ORDER BY source_row").fetchall()


# --- inspect_file -------------------------------------------------------------------


def test_inspect_file_hashes_the_bytes_and_detects_utf8(tmp_path: Path) -> None:
    data = (HEADER + "2023,Ingénieur,base,1\n" * 40_000).encode()  # several read chunks
    facts = inspect_file(write(tmp_path, data))
    assert facts.sha256 == hashlib.sha256(data).hexdigest()
    assert (facts.size, facts.encoding) == (len(data), "utf-8")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "the file is empty"),
        (b"year,title\x00\x00\x01\x02", "not a text file"),
        (bytes(range(256)) * 4, "not a text file"),
        (b"PK\x03\x04" + b"x" * 100, "not a text file"),
        # Past the first 64 KiB, a NUL had been read into a row, the file accepted.
        (
            b"year,title\n" + b"2023,ML Engineer\n" * 8_000 + b"2023,M\x00L\n",
            r"not a text file \(a NUL byte at byte 136,018\)",
        ),
    ],
    ids=["empty", "nul-bytes", "binary-garbage", "zip-named-csv", "nul-byte-late"],
)
def test_inspect_file_rejects(tmp_path: Path, data: bytes, message: str) -> None:
    with pytest.raises(BadInputFile, match=message):
        inspect_file(write(tmp_path, data))


def test_inspect_file_missing(tmp_path: Path) -> None:
    with pytest.raises(BadInputFile, match="no such file"):
        inspect_file(tmp_path / "nope.csv")


def test_inspect_file_latin1_is_read_as_windows_1252(tmp_path: Path) -> None:
    data = (HEADER + "2023,Ingénieur de données spécialisé,base,120000\n").encode("latin-1")
    assert inspect_file(write(tmp_path, data)).encoding == "cp1252"


# Hand-written fixtures: names in the single-byte code pages Western tools write.
# Detection guessed these from a few letters: "Maïtre" came back as Windows-1250's
# "Maďtre", "Müller" as the Baltic DOS page's.
LEGACY_FIXTURES = {
    "fixture-french-latin1": ("Maïtre de conférences", "Société Générale", "latin-1"),
    "fixture-french-short-latin1": ("Maïtre", "Acme", "latin-1"),
    "fixture-german-latin1": ("Entwickler", "Müller AG", "latin-1"),
    "fixture-spanish-cp1252": ("Ingeniero “senior”", "Compañía Ñandú – 5€", "cp1252"),
}


@pytest.mark.parametrize(
    ("title", "company", "encoding"), LEGACY_FIXTURES.values(), ids=list(LEGACY_FIXTURES)
)
def test_a_file_in_a_western_code_page_is_read_as_its_writer_meant(
    tmp_path: Path, con: duckdb.DuckDBPyConnection, title: str, company: str, encoding: str
) -> None:
    text = "year,title,pay_component,amount_usd,company\n" + f"2024,{title},base,90000,{company}\n"
    facts = inspect_file(write(tmp_path, text.encode(encoding)))
    assert facts.encoding == "cp1252"
    stage_csv(con, facts, "raw", REQUIRED)
    assert con.execute("SELECT title, company FROM raw").fetchall() == [(title, company)]


@pytest.mark.parametrize(
    ("line", "said"),
    [
        # Latin-1 names with one stray byte were read as cp775 ("Ingķnieur", "M³ller"), or
        # with 0x8D as Windows-1250 ("Maďtre"); plain ASCII with one as cp932 ("A。": the
        # B lost). The byte is named; nothing is garbled.
        (
            b"2024,Data\x81Analyst,base,90000,M\xfcller\n",
            "byte 0x81 (the 10th of the line, after '2024,Data')",
        ),
        (
            b"2024,Ma\xeftre,base,90000,Caf\xe9 Cr\x8d\xe8me\n",
            "byte 0x8D (the 31st of the line, after 'e,base,90000,Café Cr')",
        ),
        (b"2024,A\x81B,base,150000,X\n", "byte 0x81 (the 7th of the line, after '2024,A')"),
    ],
    ids=["fixture-latin1-stray-81", "fixture-latin1-stray-8d", "fixture-ascii-stray-81"],
)
def test_a_byte_windows_1252_leaves_undefined_is_named_not_read_as_another_code_page(
    tmp_path: Path, line: bytes, said: str
) -> None:
    head = b"year,title,pay_component,amount_usd,company\n2024,Ing\xe9nieur,base,1,Soci\xe9t\xe9\n"
    with pytest.raises(BadInputFile) as caught:
        inspect_file(write(tmp_path, head + line))
    assert str(caught.value).startswith(f"input.csv: line 3 has {said}")
    assert str(caught.value).endswith(
        "which is no character in Windows-1252, the code page the file's other letters read "
        "as; delete it, or save the file as UTF-8"
    )


RUSSIAN_FIXTURE = (
    "year,title,pay_component,amount_usd,company\n"
    "2024,Программист,base,90000,Яндекс\n"
    "2024,Инженер данных,base,95000,Сбербанк\n"
)


def test_a_file_clearly_in_another_code_page_is_read_in_it(
    tmp_path: Path, con: duckdb.DuckDBPyConnection
) -> None:
    # Hand-written fixture: Russian in Windows-1251, which Windows-1252 reads as a jumble
    # of accented letters ("Ïðîãðàììèñò"); the detector recognises the language.
    facts = inspect_file(write(tmp_path, RUSSIAN_FIXTURE.encode("cp1251")))
    assert facts.encoding == "cp1251"
    stage_csv(con, facts, "raw", REQUIRED)
    rows = con.execute("SELECT title, company FROM raw ORDER BY source_row").fetchall()
    assert rows == [("Программист", "Яндекс"), ("Инженер данных", "Сбербанк")]


def test_a_file_in_a_multi_byte_encoding_is_read_in_it(
    tmp_path: Path, con: duckdb.DuckDBPyConnection
) -> None:
    # Hand-written fixture: Japanese titles in Shift-JIS, as Excel in Japan saves a CSV.
    text = HEADER + "2024,データサイエンティスト,base,1\n2024,機械学習エンジニア,base,2\n"
    facts = inspect_file(write(tmp_path, text.encode("cp932")))
    assert facts.encoding == "cp932"
    stage_csv(con, facts, "raw", REQUIRED)
    titles = con.execute("SELECT title FROM raw ORDER BY source_row").fetchall()
    assert titles == [("データサイエンティスト",), ("機械学習エンジニア",)]


@pytest.mark.parametrize(
    ("text", "encoding"),
    [("2024,Программист,base,1\n", "cp1251"), ("2024,Μηχανικός λογισμικού,base,1\n", "cp1253")],
    ids=["fixture-one-russian-word", "fixture-one-greek-line"],
)
def test_too_little_text_to_tell_the_code_page_is_refused_not_garbled(
    tmp_path: Path, text: str, encoding: str
) -> None:
    # One word of Russian was read as Windows-1250 ("Ďđîăđŕěěčńň"), one line of Greek as
    # Cyrillic: Windows-1252 reads both as a jumble, and the detector has no evidence.
    with pytest.raises(BadInputFile) as caught:
        inspect_file(write(tmp_path, (HEADER + text).encode(encoding)))
    assert str(caught.value) == (
        "input.csv: not UTF-8, and neither Windows-1252 nor another code page reads it"
        " clearly; save the file as UTF-8"
    )


def test_accents_after_a_long_ascii_start_are_read_as_windows_1252(
    tmp_path: Path, con: duckdb.DuckDBPyConnection
) -> None:
    # The guess was made from the first 64 KiB, all ASCII here: "ascii", and reading
    # the file then failed with a traceback.
    text = HEADER + ROW * 3000 + "2024,Maïtre d’hôtel,base,2\n"
    facts = inspect_file(write(tmp_path, text.encode("cp1252")))
    assert facts.encoding == "cp1252"
    stage_csv(con, facts, "raw", REQUIRED)
    assert con.execute("SELECT title FROM raw WHERE source_row = 3001").fetchall() == [
        ("Maïtre d’hôtel",)
    ]


def test_a_byte_windows_1252_leaves_undefined_late_in_the_file_is_a_clear_error(
    tmp_path: Path, con: duckdb.DuckDBPyConnection
) -> None:
    # The encoding is chosen from the first 64 KiB of accented lines; 0x81 comes later.
    data = (HEADER + "2023,Ingénieur,base,1\n" * 4000).encode("cp1252") + b"2024,x\x81y,base,2\n"
    facts = inspect_file(write(tmp_path, data))
    assert facts.encoding == "cp1252"
    with pytest.raises(BadInputFile, match=r"read as Windows-1252, but byte 0x81 means nothing"):
        stage_csv(con, facts, "raw", REQUIRED)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            # Hand-written fixture: UTF-8 "Müller AG", then a Latin-1 "ï" typed in another tool.
            HEADER.encode()
            + "2024,Data Scientist,base,1\n2024,Müller AG,base,2\n".encode()
            + b"2024,Ma\xeftre,base,3\n",
            "input.csv: line 4 is not UTF-8 (byte 0xEF, the 8th of the line, after '2024,Ma'),"
            " yet line 3 is UTF-8 ('ü'): the file mixes encodings; save it as UTF-8"
            " (in Excel: CSV UTF-8) and ingest it again",
        ),
        (
            # The stray byte first, the UTF-8 later, on the same line.
            HEADER.encode() + b"2024,\xe9t\xc3\xa9,base,1\n",
            "input.csv: line 2 is not UTF-8 (byte 0xE9, the 6th of the line, after '2024,'),"
            " yet the line also holds UTF-8 ('é')",
        ),
        (
            codecs.BOM_UTF8 + HEADER.encode() + b"2024,Ma\xeftre,base,3\n",
            "input.csv: line 2 is not UTF-8 (byte 0xEF, the 8th of the line, after '2024,Ma'),"
            " yet it begins with a UTF-8 byte order mark",
        ),
    ],
    ids=["fixture-mixed-lines", "fixture-mixed-in-a-line", "fixture-bom-then-latin1"],
)
def test_a_file_mixing_utf8_and_other_bytes_is_refused_naming_the_byte(
    tmp_path: Path, data: bytes, message: str
) -> None:
    # Read as one code page, the UTF-8 "Müller AG" became "MĂĽller AG", silently.
    with pytest.raises(BadInputFile) as caught:
        inspect_file(write(tmp_path, data))
    assert str(caught.value).startswith(message)


def test_the_publishers_encoding_wins_over_the_mixed_check(tmp_path: Path) -> None:
    # A source whose publisher's encoding is known reads every byte in it.
    data = HEADER.encode() + b"2024,M\xc3\xbcller \xeftre,base,1\n"
    assert inspect_file(write(tmp_path, data), "latin-1").encoding == "latin-1"


def test_inspect_file_workbook_is_binary_not_rejected(tmp_path: Path) -> None:
    # A real XLSX is a zip: the text checks must not refuse it before calamine reads it.
    facts = inspect_file(write(tmp_path, b"PK\x03\x04\x00\x00" + bytes(200), "book.xlsx"))
    assert facts.encoding == "binary"


# --- read_header --------------------------------------------------------------------


@pytest.mark.parametrize("delimiter", [";", "\t", "|"], ids=["semicolon", "tab", "pipe"])
def test_a_file_separated_otherwise_is_read_with_its_delimiter(
    tmp_path: Path, con: duckdb.DuckDBPyConnection, delimiter: str
) -> None:
    # Such files were refused whole ("the header looks ';'-separated"); a spreadsheet
    # saved where the decimal mark is a comma writes ';'. Quoting works as with commas.
    text = (HEADER + ROW + '2024,"Senior, Staff; ML|x",total,"150,000"\n').replace(",", "\0")
    text = text.replace("\0", delimiter).replace('"Senior' + delimiter, '"Senior,')
    text = text.replace("150" + delimiter + "000", "150,000")
    path = write(tmp_path, text)
    assert read_header(path) == (["year", "title", "pay_component", "amount_usd"], delimiter)
    assert [row[1:] for row in stage(con, path)] == [
        ("2023", "Data Scientist", "base", "120000"),
        ("2024", "Senior, Staff; ML|x", "total", "150,000"),
    ]


def test_a_header_of_two_delimiters_and_no_comma_is_refused(tmp_path: Path) -> None:
    with pytest.raises(BadInputFile, match="holds ';' and tab and no comma"):
        read_header(write(tmp_path, "year;title\tpay_component\n2023;x\tbase\n"))


def test_read_header_strips_bom_and_names_blank_columns(tmp_path: Path) -> None:
    path = write(tmp_path, codecs.BOM_UTF8 + b",year , title\n1,2023,x\n")
    assert read_header(path) == (["column0", "year", "title"], ",")


def test_read_header_blank_first_line(tmp_path: Path) -> None:
    with pytest.raises(BadInputFile, match="blank"):
        read_header(write(tmp_path, "\n" + HEADER + ROW))


def test_read_header_overlong(tmp_path: Path) -> None:
    with pytest.raises(BadInputFile, match="header line is longer"):
        read_header(write(tmp_path, "x" * (MAX_LINE_BYTES + 10)))


# --- stage_csv ----------------------------------------------------------------------


def test_stage_csv_numbers_rows_from_one_inside_a_transaction(
    tmp_path: Path, con: duckdb.DuckDBPyConnection
) -> None:
    # Regression: rowid of rows created in an open transaction is offset by DuckDB,
    # which made source_row 36028797018960001 instead of 1.
    path = write(tmp_path, HEADER + ROW + "2024,Data Engineer,total,130000\n")
    con.execute("BEGIN TRANSACTION")
    rows = stage(con, path)
    con.execute("COMMIT")
    assert [r[0] for r in rows] == [1, 2]
    assert rows[1] == (2, "2024", "Data Engineer", "total", "130000")


def test_stage_csv_reads_quoted_fields_crlf_and_blank_lines(
    tmp_path: Path, con: duckdb.DuckDBPyConnection
) -> None:
    text = HEADER.replace("\n", "\r\n")
    text += '2023,"Engineer, ""ML""\r\nteam",base,1\r\n\r\n2024,x,base,2\r\n'
    rows = stage(con, write(tmp_path, text))
    assert rows == [
        (1, "2023", 'Engineer, "ML"\r\nteam', "base", "1"),
        (2, "2024", "x", "base", "2"),
    ]


@pytest.mark.parametrize(
    "encoding",
    # UTF-32 with a BOM was read as UTF-16 ("missing required column(s)"), or (big-endian)
    # refused as binary.
    ["utf-8-sig", "latin-1", "utf-16", "utf-32", "utf-32-be"],
    ids=["bom", "latin-1", "utf-16", "utf-32-le", "utf-32-be"],
)
def test_stage_csv_decodes_other_encodings(
    tmp_path: Path, con: duckdb.DuckDBPyConnection, encoding: str
) -> None:
    text = HEADER + "2023,Ingénieur de données spécialisé en apprentissage,base,120000\n"
    bom = codecs.BOM_UTF32_BE if encoding == "utf-32-be" else b""
    path = write(tmp_path, bom + text.encode(encoding))
    columns = stage_csv(con, inspect_file(path), "raw", REQUIRED)
    assert columns == ["year", "title", "pay_component", "amount_usd"]  # no BOM in "year"
    assert con.execute("SELECT title FROM raw").fetchall() == [
        ("Ingénieur de données spécialisé en apprentissage",)
    ]


def test_stage_csv_accepts_a_stray_quote_inside_an_unquoted_field(
    tmp_path: Path, con: duckdb.DuckDBPyConnection
) -> None:
    # An odd number of quotes is not always an open quote.
    rows = stage(con, write(tmp_path, HEADER + "2023,5'10\" tall engineer,base,1\n" + ROW))
    assert [r[2] for r in rows] == ["5'10\" tall engineer", "Data Scientist"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("", "header but no data rows"),
        ("\n\n", "header but no data rows"),
        ("2023,x,base\n", r"CSV: line 2: 3 fields where the header has 4"),
        (ROW + "2023,x,base,1,extra\n", r"CSV: line 3: 5 fields where the header has 4"),
        # DuckDB counts rows: after a field over three lines, line 6 was "Line: 4".
        ('2023,"x\ny\nz",base,1\n' + ROW + "2023,x,base,1,extra\n", r"CSV: line 6: 5 fields"),
        # Its reason had been cut off: "cannot read as CSV: CSV Error on Line: 2".
        ('2023,"ML" Engineer,base,1\n', r"CSV: line 2: Value with unterminated quote found\.$"),
        # DuckDB silently drops a record whose quote never closes; it must be refused.
        (ROW + '2024,"Data Engineer,base,1\n', "record starting on line 3 .*quote left open"),
        ('2024,"Data Engineer,base,1\n' + ROW, "record starting on line 2 .*quote left open"),
        ("2023," + "x" * (10 << 20) + ",base,1\n", f"longer than {MAX_LINE_BYTES} bytes"),
        (ROW.replace("\n", "\r\n") + ROW, "mixes line endings"),
        # A lone CR among them was DuckDB's "state machine reached an invalid state".
        (ROW.replace("\n", "\r") + ROW, r"mixes line endings \(LF and CR\); save it with one"),
    ],
    ids=[
        "header-only",
        "header-and-blank-lines",
        "too-few-fields",
        "too-many-fields",
        "row-after-a-field-of-three-lines",
        "quote-inside-a-field",
        "open-quote-last-row",
        "open-quote-swallows-rest",
        "10MB-line",
        "mixed-line-endings",
        "lone-cr-among-lf",
    ],
)
def test_stage_csv_rejects_structural_errors(
    tmp_path: Path, con: duckdb.DuckDBPyConnection, body: str, message: str
) -> None:
    with pytest.raises(BadInputFile, match=message):
        stage(con, write(tmp_path, HEADER + body))


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("year,title\n", "missing required column.*: pay_component"),
        ("year,title,pay_component,year\n", "column 'year' appears twice"),
        ("year,title,pay_component,YEAR\n", "column 'YEAR' appears twice"),
    ],
)
def test_stage_csv_checks_the_header(
    tmp_path: Path, con: duckdb.DuckDBPyConnection, header: str, message: str
) -> None:
    fields = header.count(",") + 1
    with pytest.raises(BadInputFile, match=message):
        stage(con, write(tmp_path, header + ",".join(["2023"] * fields) + "\n"))


def test_a_stray_quote_beside_a_long_quoted_field_is_read(
    tmp_path: Path, con: duckdb.DuckDBPyConnection
) -> None:
    # A legal stray quote (6'2") made the quote check parse the file, whose 200,000-character
    # quoted field then broke the csv module's field limit: "malformed ...; is a quote left
    # open?" of a valid file.
    long = "y" * 200_000
    text = HEADER + "2024,6'2\" Engineer,base,1\n" + f'2024,"{long}",base,2\n'
    stage(con, write(tmp_path, text.encode()))
    assert con.execute("SELECT length(title) FROM raw ORDER BY source_row").fetchall() == [
        (13,),
        (200_000,),
    ]


def test_stage_csv_refuses_a_workbook(tmp_path: Path, con: duckdb.DuckDBPyConnection) -> None:
    path = write(tmp_path, b"PK\x03\x04" + bytes(100), "book.xlsx")
    with pytest.raises(BadInputFile, match="a workbook, not a comma-separated text file"):
        stage(con, path)


def test_stage_csv_refuses_a_parquet_file(tmp_path: Path, con: duckdb.DuckDBPyConnection) -> None:
    path = write_parquet(tmp_path, {"year": ["2023"]})
    with pytest.raises(BadInputFile, match="a Parquet file, not a comma-separated text file"):
        stage(con, path)


# --- stage_rows ---------------------------------------------------------------------


def test_stage_rows_pads_short_rows_and_numbers_them(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("BEGIN TRANSACTION")
    columns = stage_rows(con, Path("b.xlsx"), "raw", ["a", "", "c"], [["1", "2"], ["4", None, "6"]])
    con.execute("COMMIT")
    assert columns == ["a", "column1", "c"]
    assert con.execute("SELECT * FROM raw ORDER BY source_row").fetchall() == [
        (1, "1", "2", None),
        (2, "4", None, "6"),
    ]


def test_stage_rows_without_rows(con: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(BadInputFile, match="header but no data rows"):
        stage_rows(con, Path("b.xlsx"), "raw", ["a"], [])


# --- any bytes at all ---------------------------------------------------------------


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    data=st.one_of(
        st.binary(max_size=300),
        st.lists(
            st.sampled_from(["2023", "x", '"', '""', ",", "\n", "\r\n", ";", "\t", "é", " "]),
            max_size=40,
        ).map(lambda parts: (HEADER + "".join(parts)).encode()),
    )
)
def test_any_bytes_stage_or_raise_bad_input(tmp_path: Path, data: bytes) -> None:
    """Whatever the bytes, reading either stages rows numbered 1..n or says why not."""
    path = write(tmp_path, data)
    with duckdb.connect() as con:
        try:
            stage_csv(con, inspect_file(path), "raw", ())
        except BadInputFile as exc:
            assert str(exc).startswith("input.csv: ")
            return
        numbers = [r[0] for r in con.execute("SELECT source_row FROM raw ORDER BY 1").fetchall()]
    assert numbers
    assert numbers == list(range(1, len(numbers) + 1))


_FIELD = st.one_of(
    # Bare CR is left out: Python's csv writer does not quote it, so the file is not valid CSV.
    st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x00\r"), max_size=12),
    st.sampled_from(["a\r\nb", " x ", '"', '""', "x,y", "\ufeff", "é"]),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=st.lists(st.lists(_FIELD, min_size=4, max_size=4), min_size=1, max_size=6),
    newline=st.sampled_from(["\n", "\r\n"]),
)
def test_valid_csv_round_trips(tmp_path: Path, rows: list[list[str]], newline: str) -> None:
    """Any file Python's csv module writes stages exactly its rows (empty fields as NULL)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=newline)
    writer.writerow(HEADER.strip().split(","))
    writer.writerows(rows)
    path = write(tmp_path, buffer.getvalue())
    with duckdb.connect() as con:
        stage_csv(con, inspect_file(path), "raw", REQUIRED)
        got = con.execute("SELECT * EXCLUDE (source_row) FROM raw ORDER BY source_row").fetchall()
    assert got == [tuple(value or None for value in row) for row in rows]


def test_an_unreadable_file_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Tests run as root, where chmod cannot make a file unreadable: fail the open instead.
    path = write(tmp_path, "year,title\n2024,x\n")

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", refuse)
    with pytest.raises(BadInputFile, match="cannot read the file \\(Permission denied\\)"):
        inspect_file(path)


# --- stage_parquet ------------------------------------------------------------------


def write_parquet(
    tmp_path: Path, columns: dict[str, list[object]], name: str = "input.parquet"
) -> Path:
    path = tmp_path / name
    pq.write_table(pa.table(columns), path)
    return path


def test_inspect_file_parquet_is_binary_not_rejected(tmp_path: Path) -> None:
    path = write_parquet(tmp_path, {"year": [2023]})
    facts = inspect_file(path)
    assert facts.encoding == "binary"
    assert facts.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_stage_parquet_gives_text_in_file_order(
    tmp_path: Path, con: duckdb.DuckDBPyConnection
) -> None:
    path = write_parquet(
        tmp_path,
        {
            "year": [2023, 2024, None],
            "title": ["Data Scientist", "", None],
            "amount_usd": [88712.0, 35.42, 1e-05],
        },
    )
    con.execute("BEGIN TRANSACTION")  # numbering must not depend on rowid offsets
    columns = stage_parquet(con, inspect_file(path), "raw", ("year", "title"))
    con.execute("COMMIT")
    assert columns == ["year", "title", "amount_usd"]
    assert con.execute("SELECT * FROM raw ORDER BY source_row").fetchall() == [
        (1, "2023", "Data Scientist", "88712.0"),
        (2, "2024", None, "35.42"),  # an empty text is no value, as in a CSV
        (3, None, None, "1e-05"),
    ]


def test_stage_parquet_numbers_rows_across_row_groups(
    tmp_path: Path, con: duckdb.DuckDBPyConnection
) -> None:
    path = tmp_path / "groups.parquet"
    pq.write_table(pa.table({"n": list(range(5000))}), path, row_group_size=700)
    stage_parquet(con, inspect_file(path), "raw")
    pairs = con.execute("SELECT source_row, n FROM raw").fetchall()
    assert sorted(pairs) == [(i + 1, str(i)) for i in range(5000)]


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("csv-named-parquet", "input.parquet: not a readable Parquet file"),
        ("truncated", "input.parquet: not a readable Parquet file"),
        ("no-rows", "input.parquet: the Parquet file has no rows"),
        ("missing-column", "input.parquet: missing required column.*: title"),
        ("duplicate-column", "input.parquet: column 'YEAR' appears twice"),
        ("reserved-column", "input.parquet: a column is called 'file_row_number'"),
    ],
)
def test_stage_parquet_rejects(
    tmp_path: Path, con: duckdb.DuckDBPyConnection, case: str, message: str
) -> None:
    good = {"year": ["2023"], "title": ["x"]}
    if case == "csv-named-parquet":
        path = write(tmp_path, HEADER + ROW, "input.parquet")
    elif case == "truncated":
        path = write_parquet(tmp_path, good)
        path.write_bytes(path.read_bytes()[:-100])
    elif case == "no-rows":
        path = write_parquet(tmp_path, {"year": pa.array([], pa.string()), "title": []})
    elif case == "missing-column":
        path = write_parquet(tmp_path, {"year": ["2023"]})
    elif case == "duplicate-column":
        table = pa.Table.from_arrays([pa.array(["1"])] * 3, names=["year", "title", "YEAR"])
        path = tmp_path / "input.parquet"
        pq.write_table(table, path)
    else:
        path = write_parquet(tmp_path, {**good, "file_row_number": ["7"]})
    with pytest.raises(BadInputFile, match=message) as caught:
        stage_parquet(con, inspect_file(path), "raw", ("year", "title"))
    assert str(tmp_path) not in str(caught.value)  # the file's name, not its path


# --- stage_csv_before_notes ---------------------------------------------------------

TABLE = 'GeoFIPS,GeoName,LineCode,2023\r\n "10180","Abilene, TX",1,90.394\r\n'
NOTES = '"Note: See the included footnote file."\r\n"U.S. Bureau of Economic Analysis"\r\n'


def stage_table(con: duckdb.DuckDBPyConnection, path: Path) -> list[tuple[object, ...]]:
    stage_csv_before_notes(con, inspect_file(path), "raw", ("GeoFIPS", "2023"))
    return con.execute("SELECT * FROM raw ORDER BY source_row").fetchall()


def test_stage_csv_before_notes_stops_at_the_notes(
    tmp_path: Path, con: duckdb.DuckDBPyConnection
) -> None:
    text = TABLE + ' "10420","Akron, OH",1,(NA)\r\n\r\n' + NOTES
    assert stage_table(con, write(tmp_path, text)) == [
        (1, "10180", "Abilene, TX", "1", "90.394"),  # the space before the quote is layout
        (2, "10420", "Akron, OH", "1", "(NA)"),
    ]


def test_stage_csv_before_notes_without_notes(
    tmp_path: Path, con: duckdb.DuckDBPyConnection
) -> None:
    assert len(stage_table(con, write(tmp_path, TABLE))) == 1


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (TABLE + NOTES + ' "10420","Akron, OH",1,93.37\r\n', "line 5: a table row after the notes"),
        (TABLE + ' "10420","Akron, OH",1\r\n', "line 3: 3 fields where the header has 4"),
        (TABLE + ' "10420","Akron, OH,1,93.37\r\n', "cannot read as CSV: line 3"),
        ("GeoFIPS,GeoName,LineCode,2023\r\n" + NOTES, "header but no data rows"),
        ("GeoFIPS;GeoName;LineCode;2023\r\n1;2;3;4\r\n", "looks ';'-separated"),
        ("GeoName,LineCode\r\nx,1\r\n", "missing required column.*GeoFIPS, 2023"),
    ],
    ids=["row-after-notes", "short-row", "open-quote", "only-notes", "semicolons", "columns"],
)
def test_stage_csv_before_notes_rejects(
    tmp_path: Path, con: duckdb.DuckDBPyConnection, text: str, message: str
) -> None:
    with pytest.raises(BadInputFile, match=message):
        stage_table(con, write(tmp_path, text))


def test_stage_csv_before_notes_refuses_binary(
    tmp_path: Path, con: duckdb.DuckDBPyConnection
) -> None:
    with pytest.raises(BadInputFile, match="a binary file, not a comma-separated text file"):
        stage_table(con, write_parquet(tmp_path, {"GeoFIPS": ["1"]}))
