"""Turning a user's file into a staging table of text columns, or a clear error.

Everything here is about bytes and layout: encodings, BOMs, delimiters,
binary garbage, truncated workbooks. Meaning is the sources' and
normalizers' business.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import hashlib
import io
import re
import tempfile
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from paygrade.arrays import int_array, text_array
from paygrade.interruptible import run_interruptibly
from paygrade.progress import report
from paygrade.records import BadInputFile, and_list, few, shortened
from paygrade.store.db import first_row, quiet, scalar

# A line longer than this is not a salary record; DuckDB's own limit is 2 MB.
MAX_LINE_BYTES = 1 << 20
_SNIFF_BYTES = 1 << 16
_OTHER_DELIMITERS = (";", "\t", "|")
# Workbooks are binary by nature; the sources that take them read them with calamine.
# LibreOffice saves OpenDocument (.ods) by default; calamine reads it like Excel's.
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
# Parquet is binary too (typed columns); DuckDB reads it, numbering rows in this column.
PARQUET_SUFFIXES = (".parquet", ".pq")
_FILE_ROW_NUMBER = "file_row_number"
BINARY_SUFFIXES = WORKBOOK_SUFFIXES + PARQUET_SUFFIXES


@dataclass(frozen=True)
class FileFacts:
    """What paygrade learned about a file before reading it."""

    path: Path
    sha256: str
    size: int
    # "utf-8" (BOM or not), what detection found, or "binary" (a workbook, a Parquet file)
    encoding: str
    # An odd count of '"' bytes is the cheap sign of a quote left open; counted while
    # hashing, so a UTF-8 file is not read a second time for it.
    odd_quotes: bool = False
    # Whether a line may be blank (two line breaks in a row, found while hashing): only
    # then are rows numbered by their place in the file in Python (``stage_csv``), since
    # DuckDB skips blank lines. True when unknown.
    blank_lines: bool = True
    # (inode, size, modification time in ns) before it was hashed: ``unchanged`` tells
    # whether the rows read later are the bytes hashed (None: a package's data).
    stamp: tuple[int, int, int] | None = None
    # Line breaks (LF bytes), counted while hashing: about the rows in all, for the bar of
    # rows read (``stage_csv``) before the rows are counted. 0 when unknown.
    lines: int = 0

    def unchanged(self) -> None:
        """Refuse a file that changed since it was hashed (saved again, replaced by a move):
        its rows were stored under the old bytes' sha256, and the file with those bytes
        was then skipped as "already ingested", its rows never stored."""
        if self.stamp is not None and _stamp(self.path) != self.stamp:
            raise BadInputFile(
                f"{self.path.name} changed while it was read: nothing stored from it; "
                "ingest it again once it is saved"
            )


def _stamp(path: Path) -> tuple[int, int, int] | None:
    try:
        found = path.stat()
    except OSError:  # gone: changed, as far as the rows read are concerned
        return None
    return found.st_ino, found.st_size, found.st_mtime_ns


def inspect_file(
    path: Path, known_encoding: str | None = None, binary: bool | None = None
) -> FileFacts:
    """Hash the file and detect its encoding; reject empty files, and binary ones
    unless named as a workbook or a Parquet file, or ``binary``: read by a source that
    takes only such files (any other file is then said not to be one by its reader,
    not "not a text file").

    A file that is not UTF-8 is read as ``known_encoding`` when the publisher's
    encoding is known, else as ``legacy_encoding`` finds; a file that is UTF-8
    except for some bytes is refused (``_mixed_utf8``).

    Example:
        >>> inspect_file(Path("salaries.csv")).encoding  # doctest: +SKIP
        'utf-8'
    """
    if path.is_dir():
        raise BadInputFile(f"{path}: a folder, not a file")
    if not path.exists():
        raise BadInputFile(f"{path}: no such file")
    if not path.is_file():  # a FIFO or a device was "no such file"
        raise BadInputFile(f"{path}: not a regular file (a pipe or a device): save it as a file")
    stamp = _stamp(path)
    size = path.stat().st_size
    if size == 0:
        raise BadInputFile(f"{path.name}: the file is empty")
    binary = binary or path.suffix.lower() in BINARY_SUFFIXES
    try:
        digest, head, utf8, (quotes, blank, lines) = _scan(path, binary)
    except OSError as exc:  # unreadable: permissions, a folder, a vanished mount
        raise BadInputFile(f"{path.name}: cannot read the file ({exc.strerror})") from None
    if binary:
        encoding = "binary"
    elif utf8:
        encoding = "utf-8"
    elif head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        encoding = "utf_32"  # before UTF-16, whose BOM starts UTF-32 LE's: it was read so
    elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf_16"
    else:
        encoding = known_encoding or legacy_encoding(path)
    return FileFacts(
        path=path,
        sha256=digest.hexdigest(),
        size=size,
        encoding=encoding,
        odd_quotes=quotes % 2 == 1,
        # Wide text (UTF-16, UTF-32) spells a line break in more bytes: unknown, so True.
        blank_lines=blank or head.startswith((*_WIDE_BOMS, codecs.BOM_UTF32_LE)),
        stamp=stamp,
        lines=lines,
    )


def _scan(path: Path, binary: bool) -> tuple[Any, bytes, bool, tuple[int, bool, int]]:
    """(sha256 digest, first bytes, whether the whole file is UTF-8, ('"' count, whether
    a line may be blank, LF count)) in one pass."""
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")()
    utf8 = not binary
    quotes = lines = 0
    blank = False
    tail = b""  # the end of the chunk before: a blank line may straddle two chunks
    with path.open("rb") as handle:
        head = handle.read(_SNIFF_BYTES)
        # A NUL anywhere in a text file: past the first bytes it had been read into the
        # rows as a character (the file accepted), where one in them refuses the file.
        nul_refused = not binary and not head.startswith(_WIDE_BOMS)
        if not binary:
            _refuse_binary(path, head)
        read = 0
        for chunk in _chunks(handle, head):
            digest.update(chunk)
            quotes += chunk.count(b'"')
            lines += chunk.count(b"\n")
            utf8 = utf8 and _decodes(decoder, chunk)
            blank = blank or _has_blank_line(chunk) or _has_blank_line(tail + chunk[:2])
            tail = chunk[-2:]
            if nul_refused and (at := chunk.find(b"\x00")) >= 0:
                raise BadInputFile(
                    f"{path.name}: not a text file (a NUL byte at byte {read + at + 1:,})"
                )
            read += len(chunk)
    # The final call catches a multi-byte character cut off by the end of the file.
    return digest, head, utf8 and _decodes(decoder, b"", final=True), (quotes, blank, lines)


def _has_blank_line(data: bytes) -> bool:
    r"""Whether ``data`` holds a blank line in any line ending (LF, CRLF, CR), or two line
    breaks inside a quoted field, which only reading the rows tells apart.

    Example:
        >>> _has_blank_line(b"a\r\n\r\nb"), _has_blank_line(b"a\r\nb\r\n")
        (True, False)
    """
    return b"\n\n" in data or b"\n\r\n" in data or b"\r\r" in data


def _decodes(decoder: codecs.IncrementalDecoder, chunk: bytes, final: bool = False) -> bool:
    try:
        decoder.decode(chunk, final)
    except UnicodeDecodeError:
        return False
    return True


def _chunks(handle: io.BufferedReader, head: bytes) -> Iterator[bytes]:
    yield head
    while chunk := handle.read(1 << 20):
        yield chunk


# UTF-16 and UTF-32 text has NULs too, but no salary export here is such without a BOM.
_WIDE_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_BE)


def _refuse_binary(path: Path, head: bytes) -> None:
    if head.startswith(_WIDE_BOMS):
        return
    if b"\x00" in head or head.startswith(b"PK\x03\x04"):
        raise BadInputFile(f"{path.name}: not a text file (binary content)")


# Lines of bytes as a file holds them; longer ones are cut (a line this long is refused later).
def _lines(path: Path) -> Iterator[tuple[int, bytes]]:
    with path.open("rb") as handle:
        yield from enumerate(iter(lambda: handle.readline(MAX_LINE_BYTES), b""), start=1)


def legacy_encoding(path: Path) -> str:
    """The single-byte code page of a text file that is not UTF-8: Windows-1252
    unless its bytes say clearly otherwise.

    Windows-1252 holds Latin-1's letters and adds € and curly quotes; it is what
    Excel and Notepad write on Western systems. Guessing from a few accented
    letters goes wrong (a Latin-1 "Maïtre" was read as Windows-1250's "Maďtre"),
    so another code page is taken only when Windows-1252 cannot read the bytes
    or reads them as a jumble (Cyrillic or Greek letters read as Western ones)
    and the detector finds one that reads them cleanly as some language; when
    none does, the file is refused rather than garbled. A jumble may look tidy:
    "Москва" in Windows-1251 reads as "Ìîñêâà", words of accented letters only
    (``_accent_heavy``), so such a reading is taken only when the detector
    reads the bytes so too.

    Example:
        >>> path = Path(tempfile.mkdtemp()) / "fixture-latin1.csv"
        >>> _ = path.write_bytes(b"title\\nMa\\xeftre\\n")
        >>> legacy_encoding(path)
        'cp1252'
    """
    sample = b"".join(_non_ascii_lines(path))
    if (mixed := _mixed_utf8(path)) is not None:
        # Multi-byte text holds well-formed UTF-8 by chance: a clean such reading wins.
        if (paired := _chance_utf8_page(sample)) is None:
            raise BadInputFile(f"{path.name}: {_mixed_message(*mixed)}")
        return paired
    try:
        as_cp1252: str | None = sample.decode("cp1252")
    except UnicodeDecodeError:  # a byte Windows-1252 leaves undefined
        as_cp1252 = None
    if as_cp1252 is not None and _reads_as_western(sample, as_cp1252):
        return "cp1252"
    if as_cp1252 is None:
        _refuse_stray_byte(path, sample)
    other = _clean_code_page(sample)
    if other is None:
        raise BadInputFile(
            f"{path.name}: not UTF-8, and neither Windows-1252 nor another code page reads it"
            " clearly; save the file as UTF-8"
        )
    return other


# The bytes Windows-1252 leaves undefined (Latin-1's C1 control characters there).
_UNDEFINED_IN_CP1252 = re.compile(b"[\x81\x8d\x8f\x90\x9d]")


def _refuse_stray_byte(path: Path, sample: bytes) -> None:
    r"""Refuse a Western file with a byte Windows-1252 leaves undefined, naming it: the
    detector then read the whole file in a code page that has it ("Ingénieur" stored as
    cp775's "Ingķnieur"; "A\x81B" as cp932's "A。", the B lost). A file whose other
    bytes are no Western text (Cyrillic, Shift-JIS) is left to the detector.

    Example:
        >>> path = Path(tempfile.mkdtemp()) / "fixture-stray.csv"
        >>> _ = path.write_bytes(b"title\nIng\xe9nieur\nData\x81Analyst\n")
        >>> legacy_encoding(path)  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        paygrade.records.BadInputFile: fixture-stray.csv: line 3 has byte 0x81 (the 5th ...
    """
    rest = _UNDEFINED_IN_CP1252.sub(b"", sample).decode("cp1252")
    # Shift-JIS's katakana read as tidy "ƒfƒ[ƒ^" had its 0x81 named as a stray byte.
    if _mess(rest) > _MESS_LIMIT or _accent_heavy(rest):
        return
    for number, line in _lines(path):
        if found := _UNDEFINED_IN_CP1252.search(line):
            at = found.start()
            before = line[max(0, at - 20) : at].decode("cp1252", "replace").lstrip()
            raise BadInputFile(
                f"{path.name}: line {number} has byte 0x{line[at]:02X} (the {ordinal(at + 1)} "
                f"of the line, after {before!r}), which is no character in Windows-1252, the "
                "code page the file's other letters read as; delete it, or save the file as UTF-8"
            )


# charset_normalizer's own limit: above this share of odd characters a reading is a mess.
_MESS_LIMIT = 0.2


def _mess(text: str) -> float:
    from charset_normalizer.md import mess_ratio

    return float(mess_ratio(text, maximum_threshold=1.0))


def _reads_as_western(sample: bytes, as_cp1252: str) -> bool:
    """Whether Windows-1252's reading of the sample is Western text: tidy, and either
    not made of accented letters alone or so read by the detector too ("Ôté")."""
    if _mess(as_cp1252) > _MESS_LIMIT:
        return False
    return not _accent_heavy(as_cp1252) or _detected_text(sample) == as_cp1252


# Accented Latin letters (Latin-1's, Latin Extended-A and -B, Vietnamese's): the letters a
# Latin code page makes of bytes meant as Cyrillic, Greek or Japanese.
_ACCENTED = re.compile("[\u00c0-\u024f\u1e00-\u1eff]")
_WORD = re.compile(r"[^\W\d_]+")


def _accent_heavy(text: str) -> bool:
    """Whether most letters of the words holding an accented letter are accented:
    Western words have few ("Müller", "Société"); Cyrillic, Greek or Shift-JIS bytes
    read in a Latin code page make words of nothing else ("Ìîñêâà", "ÁèÞíá", "Œ‹ž").

    Example:
        >>> _accent_heavy("Café Müller, São Paulo"), _accent_heavy("Ìîñêâà Ñèòè")
        (False, True)
    """
    accented = letters = 0
    for word in _WORD.findall(text):
        if found := len(_ACCENTED.findall(word)):
            accented += found
            letters += len(word)
    return accented * 2 >= letters > 0


def _detected_text(sample: bytes) -> str | None:
    from charset_normalizer import from_bytes

    best = from_bytes(sample).best()
    return None if best is None else str(best)


def _non_ascii_lines(path: Path) -> Iterator[bytes]:
    # The lines that tell encodings apart; the ASCII ones read the same in every code page.
    size = 0
    for _, line in _lines(path):
        if not line.isascii():
            yield line
            size += len(line)
            if size >= _SNIFF_BYTES:
                return


# Byte pairs a multi-byte reading needs to be evidence: a name or two of Cyrillic or Greek
# also pair up (as many as 6 pairs seen: "Москва Сити" read as Johab's "펉檣宮 홷炡").
_MULTI_BYTE_EVIDENCE = 8


def _chance_utf8_page(sample: bytes) -> str | None:
    """The multi-byte code page (Shift-JIS, EUC-JP, GBK, Big5) that reads the sample
    cleanly, if every run of non-ASCII bytes in it that is well-formed UTF-8 is chance:
    a letter or two of that script ("石" in GBK is 0xCA 0xAF, UTF-8's "ʯ"). A longer run,
    or one that the code page reads as other characters (UTF-8's "ü" as Shift-JIS's
    half-width "ﾃｼ"), is UTF-8 typed in another tool: None, as when no such page reads it.

    Example:
        >>> names = "机器学习工程师,阿里巴巴集团\\n" * 3 + "石,谢\\n"
        >>> _chance_utf8_page(names.encode("gbk"))
        'gb18030'
        >>> _chance_utf8_page(names.encode("gbk") + "机器学习\\n".encode()) is None  # UTF-8 Chinese
        True
    """
    found = _clean_code_page(sample)
    # A single-byte reading has as many characters as bytes: no pairs to be UTF-8 by chance.
    if found is None or len(sample) - len(sample.decode(found)) < _MULTI_BYTE_EVIDENCE:
        return None
    for run in _NON_ASCII_RUN.findall(sample):
        if _is_utf8(run) and not _reads_as_wide(run, found):
            return None
    return found


def _reads_as_wide(run: bytes, encoding: str) -> bool:
    """Whether a short run reads in the code page as full-width letters (ideographs, kana,
    hangul), as the pairs of that script do."""
    try:
        text = run.decode(encoding)
    except UnicodeDecodeError:
        return False
    wide = all(unicodedata.east_asian_width(letter) in "WF" for letter in text)
    return wide and len(run) <= _CHANCE_UTF8_BYTES


def _clean_code_page(sample: bytes) -> str | None:
    """The detector's encoding for the sample, if it reads it as clean text that is not
    a jumble of accented letters (Cyrillic read as Windows-1250's "Ěîńęâŕ", found German)
    and either recognises a language in it (one line of Greek also reads cleanly as
    Cyrillic) or is a multi-byte encoding (Shift-JIS, GBK) with enough byte pairs."""
    from charset_normalizer import from_bytes

    best = from_bytes(sample).best()
    if best is None or _mess(text := str(best)) > _MESS_LIMIT or _accent_heavy(text):
        return None
    # A single-byte reading has as many characters as bytes: no pairs.
    if best.coherence == 0 and len(sample) - len(text) < _MULTI_BYTE_EVIDENCE:
        return None
    return str(best.encoding)


# A run of bytes outside ASCII: UTF-8 only when the whole run reads as UTF-8, since the
# pairs of Shift-JIS, GBK or Big5 text hold well-formed UTF-8 characters by chance
# ("機械" in Shift-JIS holds 0xD0 0x83, UTF-8's "Ѓ").
_NON_ASCII_RUN = re.compile(rb"[\x80-\xff]+")
# The longest run of multi-byte text taken for UTF-8 by chance: two letters of GBK or EUC;
# two UTF-8 letters of Chinese or Japanese take six bytes, which is rarely chance.
_CHANCE_UTF8_BYTES = 5


def _is_utf8(run: bytes) -> bool:
    try:
        run.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _mixed_utf8(path: Path) -> tuple[tuple[int, UnicodeDecodeError, bytes], tuple[int, str]] | None:
    """The first line that is not UTF-8 and the first UTF-8 character, in a file that
    holds both: such a file was edited by two tools; reading it in one encoding garbles
    the other's letters ("Müller" became "MĂĽller"), and which letter a stray byte meant
    is a guess. A character counts as UTF-8 only if its whole run of non-ASCII bytes is.

    Example:
        >>> path = Path(tempfile.mkdtemp()) / "fixture-mixed.csv"
        >>> _ = path.write_bytes(b"name\\nM\\xc3\\xbcller\\nMa\\xeftre\\n")
        >>> print(_mixed_message(*_mixed_utf8(path)))  # doctest: +NORMALIZE_WHITESPACE
        line 3 is not UTF-8 (byte 0xEF, the 3rd of the line, after 'Ma'), yet line 2 is
        UTF-8 ('ü'): the file mixes encodings; save it as UTF-8 (in Excel: CSV UTF-8) and
        ingest it again
    """
    bad: tuple[int, UnicodeDecodeError, bytes] | None = None
    good: tuple[int, str] | None = None
    for number, line in _lines(path):
        if line.isascii():
            continue
        if good is None and (found := _utf8_character(line)):
            good = (number, found)
        if bad is None:
            try:
                line.decode("utf-8")
            except UnicodeDecodeError as exc:
                bad = (number, exc, line)
        if bad and good:
            return bad, good
    return None


def _utf8_character(line: bytes) -> str | None:
    run: bytes
    for run in _NON_ASCII_RUN.findall(line):
        if _is_utf8(run):
            return run.decode()[0]
    return None


def _mixed_message(bad: tuple[int, UnicodeDecodeError, bytes], good: tuple[int, str]) -> str:
    number, exc, line = bad
    before = line[: exc.start].decode("utf-8", "replace")[-20:]
    where = f"the {ordinal(exc.start + 1)} of the line" + (f", after {before!r}" if before else "")
    if good == (1, "\ufeff"):
        utf8 = "it begins with a UTF-8 byte order mark"
    elif good[0] == number:  # it had said "line 2 is not UTF-8 ..., yet line 2 is UTF-8"
        utf8 = f"the line also holds UTF-8 ({good[1]!r})"
    else:
        utf8 = f"line {good[0]} is UTF-8 ({good[1]!r})"
    return (
        f"line {number} is not UTF-8 (byte 0x{line[exc.start]:02X}, {where}), yet {utf8}: "
        "the file mixes encodings; save it as UTF-8 (in Excel: CSV UTF-8) and ingest it again"
    )


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


@contextmanager
def utf8_path(facts: FileFacts) -> Iterator[Path]:
    """A UTF-8 copy of the file when it is in another encoding (DuckDB reads UTF-8)."""
    if facts.encoding == "utf-8":
        yield facts.path
        return
    with tempfile.TemporaryDirectory(prefix="paygrade-") as tmp:
        target = Path(tmp) / "utf8.csv"
        try:
            _transcode(facts.path, facts.encoding, target)
        except UnicodeDecodeError as exc:
            # The encoding was found from a sample; a later byte it leaves undefined.
            raise BadInputFile(
                f"{facts.path.name}: not UTF-8; read as {encoding_name(facts.encoding)}, but "
                f"byte 0x{exc.object[exc.start]:02X} means nothing there; save the file as UTF-8"
            ) from None
        yield target


def _transcode(source: Path, encoding: str, target: Path) -> None:
    with (
        source.open(encoding=encoding, newline="") as src,
        target.open("w", encoding="utf-8", newline="") as dst,
    ):
        while block := src.read(1 << 20):
            dst.write(block)


_ENCODING_NAMES = {
    "cp1252": "Windows-1252",
    "latin-1": "Latin-1",
    "utf_16": "UTF-16",
    "utf_32": "UTF-32",
    "utf-8": "UTF-8",
}


def encoding_name(encoding: str) -> str:
    """How people call a Python codec: the code pages as Windows names them.

    Example:
        >>> encoding_name("cp1252"), encoding_name("cp1251"), encoding_name("latin-1")
        ('Windows-1252', 'Windows-1251', 'Latin-1')
    """
    if encoding in _ENCODING_NAMES:
        return _ENCODING_NAMES[encoding]
    if re.fullmatch(r"cp12\d\d", encoding):
        return f"Windows-{encoding[2:]}"
    return encoding


def read_as(encoding: str | None) -> str:
    """How ``ingest`` and ``sources`` say a text file's encoding beside its name: only
    when it is not UTF-8 (a Parquet, Excel or SQLite file is "binary" or "sqlite").

    Example:
        >>> read_as("cp1252"), read_as("latin-1"), read_as("utf-8"), read_as("binary")
        (' (Windows-1252, not UTF-8)', ' (Latin-1, not UTF-8)', '', '')
    """
    if encoding in (None, *NOT_TEXT, "utf-8"):
        return ""
    return f" ({encoding_name(encoding)}, not UTF-8)"


# What the ingest log stores as the encoding of a file that is not text.
NOT_TEXT = ("binary", "sqlite")


def read_header(
    path: Path, shown: str | None = None, *, comma_only: bool = False
) -> tuple[list[str], str]:
    """The header row's column names and the delimiter they are written with.

    A comma, unless the header line holds none and exactly one of ``;``, tab or
    ``|``: a spreadsheet saved where the decimal mark is a comma writes ``;``.
    ``comma_only``: another delimiter is refused (published files we read with
    their own layout). ``shown`` is the file's name in messages when ``path`` is a
    re-encoded copy.

    Example:
        >>> read_header(Path("tests/fixtures/fixture-canonical-small.csv"))  # doctest: +SKIP
        (['source', 'source_row', 'year', ...], ',')
    """
    name = shown or path.name
    with path.open(encoding="utf-8-sig", newline="") as handle:
        first = handle.readline(MAX_LINE_BYTES + 1)
    if len(first) > MAX_LINE_BYTES:
        raise BadInputFile(f"{name}: the header line is longer than {MAX_LINE_BYTES} bytes")
    if not first.strip():
        raise BadInputFile(f"{name}: the first line (the header) is blank")
    others = [] if "," in first else [d for d in _OTHER_DELIMITERS if d in first]
    if others and comma_only:
        raise BadInputFile(
            f"{name}: the header looks {_delimiter_name(others[0])}-separated; paygrade reads"
            " this file comma-separated"
        )
    if len(others) > 1:
        both = " and ".join(_delimiter_name(d) for d in others)
        raise BadInputFile(
            f"{name}: the header holds {both} and no comma, so which one separates the"
            " columns is unclear; save the file comma-separated"
        )
    delimiter = others[0] if others else ","
    names = next(csv.reader([first], delimiter=delimiter))
    return [column_name(name, i) for i, name in enumerate(names)], delimiter


def _delimiter_name(delimiter: str) -> str:
    return "tab" if delimiter == "\t" else repr(delimiter)


def column_name(name: str, position: int) -> str:
    # Pandas exports write an unnamed index column; give it a name we can quote.
    cleaned = name.strip()
    return cleaned or f"column{position}"


def stage_csv(
    con: duckdb.DuckDBPyConnection,
    facts: FileFacts,
    table: str,
    required: Sequence[str] = (),
    *,
    by_place: bool = False,
) -> list[str]:
    """Load a delimited text file into ``table`` (all text, plus ``source_row``); the
    delimiter is the header's (``read_header``: a comma, or ``;``, tab or ``|``).

    ``source_row`` is the 1-based data row number (the header is row 0); blank rows
    are skipped, and ``by_place`` counts them (a person's own file: the row they find
    at that place), else not (the published sources' numbering, kept as it was). A
    structural error (wrong field count, unterminated quote, overlong line)
    rejects the whole file, naming the line.
    """
    if facts.encoding == "binary":
        kind = "a Parquet file" if facts.path.suffix.lower() in PARQUET_SUFFIXES else "a workbook"
        raise BadInputFile(f"{facts.path.name}: {kind}, not a comma-separated text file")
    with utf8_path(facts) as path:
        columns, delimiter = read_header(path, facts.path.name)
        check_columns(facts.path, columns, required)
        # In UTF-8 the byte count is the character count; a transcoded copy is counted anew.
        if facts.encoding != "utf-8" or facts.odd_quotes:
            known_odd = facts.encoding == "utf-8"
            _refuse_open_quote(path, facts.path.name, delimiter, known_odd=known_odd)
        spec = {name: "VARCHAR" for name in columns}
        read = _csv_reader(con, table, path, delimiter, spec, facts.path.name)
        _with_progress(con, read, facts)
        check = _longer_rows_check(con, path, facts.path.name, delimiter, len(columns))
        # A thread of its own only where the read had one (a large file): `ingest --all`
        # reads ahead in a thread, which had started another for every small file's check.
        if facts.size < PROGRESS_BYTES:
            check()
        else:
            run_interruptibly(check, interrupt=con.interrupt, name="paygrade-csv-check")
        if by_place and facts.blank_lines:
            _number_by_place(con, table, path, delimiter, len(columns))
    if by_place:
        _drop_empty_rows(con, table, columns)
    rows = _refuse_no_rows(con, facts.path, table)
    report(rows, rows)  # all read: a workbook's bar says so too, then "normalizing"
    return columns


def _csv_reader(
    con: duckdb.DuckDBPyConnection,
    table: str,
    path: Path,
    delimiter: str,
    spec: dict[str, str],
    name: str,
) -> Callable[[], None]:
    """DuckDB reading the file into ``table``, to be run (a structural error: BadInputFile)."""

    def read() -> None:
        try:
            # One thread reads in file order, and row_number() OVER () streams in
            # that order: the data row number, with no second pass.
            con.execute(
                f"""CREATE OR REPLACE TEMP TABLE {table} AS
                SELECT row_number() OVER () AS source_row, * FROM read_csv(?,
                    header = true, auto_detect = false, delim = ?, quote = '"',
                    escape = '"', columns = ?, max_line_size = ?,
                    strict_mode = true, null_padding = false, parallel = false)""",
                [str(path), delimiter, spec, MAX_LINE_BYTES],
            )
        except duckdb.Error as exc:
            raise BadInputFile(f"{name}: {_explain(exc, path, delimiter)}") from None

    return read


def _longer_rows_check(
    con: duckdb.DuckDBPyConnection, path: Path, name: str, delimiter: str, width: int
) -> Callable[[], None]:
    """A second read of the file, one column wider, refusing a row longer than the header
    (BadInputFile), to be run once ``_csv_reader``'s has passed.

    DuckDB drops a row's extra fields when they are blank, where it refuses any other
    extra field: a value holding a comma, unquoted, in a row ending in a blank cell
    ("Senior, ML Engineer,Acme," under 8 columns) had been stored moved over a column,
    title "Senior", company "ML Engineer", city "Acme". Read so, a blank field is ''
    (no text means NULL) and a field the row lacks NULL: the extra column holds text only
    where a row has a field past the header's.
    """
    spec = {f"c{i}": "VARCHAR" for i in range(width + 1)}

    def check() -> None:
        try:
            longer = scalar(
                con,
                f"""SELECT count(*) FROM read_csv(?, header = true, auto_detect = false,
                    delim = ?, quote = '"', escape = '"', columns = ?, max_line_size = ?,
                    strict_mode = true, null_padding = true, parallel = false, nullstr = ?)
                WHERE c{width} IS NOT NULL""",
                [str(path), delimiter, spec, MAX_LINE_BYTES, _NO_TEXT_MEANS_NULL],
            )
        except duckdb.Error:
            # Two blank fields too many are too many for this read too: how many rows are
            # so is not known, only that one is.
            longer = None
        if longer != 0:
            raise BadInputFile(f"{name}: {_longer_row_said(path, delimiter, width, longer)}")

    return check


# A text no cell holds: told to DuckDB as its NULL's, so that a blank cell stays ''.
_NO_TEXT_MEANS_NULL = "\x00paygrade-no-null\x00"


def _longer_row_said(path: Path, delimiter: str, width: int, longer: int | None) -> str:
    """The first row longer than the header, by the line it begins on, and how many are.

    Example:
        >>> path = Path(tempfile.mkdtemp()) / "fixture-longer.csv"
        >>> _ = path.write_text("a,b\\n1,2\\nx, y,\\n")
        >>> _longer_row_said(path, ",", 2, 1)  # doctest: +ELLIPSIS
        'cannot read as CSV: line 3: 3 fields where the header has 2, the last blank: ...'
    """
    begins, fields = _first_longer_row(path, delimiter, width)
    where = f"line {begins}: {fields} fields" if begins else "a row has more fields"
    blank = "the last blank" if fields in (None, width + 1) else f"the last {fields - width} blank"
    several = longer is not None and longer > 1
    more = f" ({longer:,} rows so in all)" if several else ""
    # Unknown how many (``longer`` None): maybe more than the one named.
    fix = "the rows" if several else "the row" if longer == 1 else "each row so"
    return (
        f"cannot read as CSV: {where} where the header has {width}, {blank}: a comma too "
        "many, or a value holding a comma without quotes around it, moves the values after "
        f"it into the wrong columns{more}; fix {fix} and ingest again"
    )


def _first_longer_row(path: Path, delimiter: str, width: int) -> tuple[int | None, int | None]:
    """The line the first data row longer than ``width`` begins on and its fields, as
    Python reads the file (None, None where it finds none)."""
    begins = 1
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
        reader = csv.reader(handle, delimiter=delimiter)
        with contextlib.suppress(csv.Error):  # DuckDB read it: Python is unlikely to fail
            for number, fields in enumerate(reader):
                if number and len(fields) > width:
                    return begins, len(fields)
                begins = reader.line_num + 1
    return None, None


# A file smaller than this is read in about a tenth of a second (100 MB took one): no bar.
PROGRESS_BYTES = 8 << 20
# DuckDB's settings for it while it reads, as they were after. Its own bar is never drawn
# (``quiet``): once set, even to what DuckDB says it is (true), it drew one on stdout.
_PROGRESS_ASKED = {"enable_progress_bar": True, "progress_bar_time": 0}


def _with_progress(
    con: duckdb.DuckDBPyConnection, read: Callable[[], None], facts: FileFacts
) -> None:
    """Run ``read`` and, for a large file, report its rows read (``paygrade.progress``), as a
    workbook's are: a CSV of a million rows had shown a spinner and no count. DuckDB tells
    the share it has read; the rows in all are the file's lines less the header."""
    if facts.size < PROGRESS_BYTES:
        read()
        return
    total = max(facts.lines - 1, 1)

    def tick() -> None:
        if (share := con.query_progress()) > 0:
            report(min(int(total * share / 100), total - 1), total)

    with _settings(quiet(con), _PROGRESS_ASKED):
        # Ctrl-C stops DuckDB's read too, not left running behind. Raised inside: the
        # settings are not put back in an aborted transaction.
        run_interruptibly(read, tick=tick, interrupt=con.interrupt, name="paygrade-csv")


@contextmanager
def _settings(con: duckdb.DuckDBPyConnection, settings: Mapping[str, object]) -> Iterator[None]:
    """DuckDB's ``settings`` inside the block, as they were after it."""
    names = list(settings)
    were = first_row(con, f"SELECT {', '.join('current_setting(?)' for _ in names)}", names) or ()
    for name, value in settings.items():
        con.execute(f"SET {name} = ?", [value])
    # Put back only after a read that succeeded: after a failed one the transaction is
    # aborted and no statement runs until the caller rolls back (a SET here had turned
    # "line 7 is longer than..." into an internal error). Left on, the bar costs nothing:
    # it is never printed.
    yield
    for name, value in zip(names, were, strict=True):
        con.execute(f"SET {name} = ?", [value])


def _number_by_place(
    con: duckdb.DuckDBPyConnection, table: str, path: Path, delimiter: str, width: int
) -> None:
    """Number ``table``'s rows by their place among the file's rows, blank ones counted
    (the header is row 0), as a person finds them: DuckDB skips a blank line, so the row
    on line 5 after two blank lines had been ``source_row`` 2, where it is data row 4."""
    places = _data_row_places(path, delimiter, width)
    if places is None or len(places) != scalar(con, f"SELECT count(*) FROM {table}"):
        return  # Python read the rows otherwise than DuckDB: their order's numbers stand
    numbers = pa.table(
        {
            "n": int_array(range(1, len(places) + 1), pa.int64()),
            "place": int_array(places, pa.int64()),
        }
    )
    con.register("_paygrade_places", numbers)
    try:
        con.execute(
            f"""CREATE OR REPLACE TEMP TABLE {table} AS
            SELECT p.place AS source_row, t.* EXCLUDE (source_row) FROM {table} t
            JOIN _paygrade_places p ON p.n = t.source_row ORDER BY p.place"""
        )
    finally:
        con.unregister("_paygrade_places")


def _data_row_places(path: Path, delimiter: str, width: int) -> list[int] | None:
    """The place (1-based, after the header) of each row DuckDB reads: every row but a
    blank one, which it skips unless the file has a single column (then it is a NULL).

    Example:
        >>> path = Path(tempfile.mkdtemp()) / "fixture-blank.csv"
        >>> _ = path.write_text('a,b\\n1,2\\n\\n\\n"x\\n\\ny",3\\n')
        >>> _data_row_places(path, ",", 2)
        [1, 4]
    """
    csv.field_size_limit(max(csv.field_size_limit(), MAX_LINE_BYTES))
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, delimiter=delimiter)
        try:
            return [n for n, fields in enumerate(reader) if n and (fields or width == 1)]
        except csv.Error:  # DuckDB read it, so this is unlikely; its numbers stand
            return None


# Columns a table may have: the widest source (a year of DOL disclosures) has about 100,
# and every column is staged whole in memory: 200,000 blank ones (a comma too many,
# repeated) had taken 18 GB before any check.
MAX_COLUMNS = 4_000


# Where a file's column names were read, as a missing column's message says it: a Parquet
# file's are in its schema, not on a first line ("read as the header, the first line" had
# been said of one).
_HEADER_READ = "read as the header, the first line"
_PARQUET_HEADER = "the Parquet file's columns"


def check_columns(
    path: Path, columns: list[str], required: Sequence[str], *, header: str = _HEADER_READ
) -> None:
    if len(columns) > MAX_COLUMNS:
        blank = sum(1 for name in columns if re.fullmatch(r"column\d+", name))
        why = f" ({blank:,} of them with no name: commas too many?)" if blank else ""
        raise BadInputFile(
            f"{path.name}: the header has {len(columns):,} columns{why}, more than paygrade "
            f"reads ({MAX_COLUMNS:,}): keep the table's columns only"
        )
    seen: set[str] = set()
    for name in columns:
        # SQL names ignore case, so "year" and "YEAR" are one column twice.
        if name.casefold() in seen:
            raise BadInputFile(f"{path.name}: column {name!r} appears twice in the header")
        seen.add(name.casefold())
    # A file's own source_row is staged as source_row_1 (``staged_name``): a column of that
    # name too had its values replaced by the other's without a word.
    if {"source_row", "source_row_1"} <= seen:
        raise BadInputFile(
            f"{path.name}: columns source_row and source_row_1 both: the file's source_row is "
            "kept under the name source_row_1; rename that column"
        )
    missing = [name for name in required if name not in columns]
    if missing:
        # "Year" for "year": the names are the format's, case and all; say so.
        cased = [c for c in columns if c.casefold() in {m.casefold() for m in missing}]
        hint = (
            f" (the header has {', '.join(cased)}: the names must match in case)"
            if cased
            # A title line above the header ("My salaries 2024") was read as the header,
            # and the message named only what it lacked.
            else f" ({header}: {few(columns)})"
        )
        raise BadInputFile(f"{path.name}: missing required column(s): {', '.join(missing)}{hint}")


def _number_rows(con: duckdb.DuckDBPyConnection, table: str) -> None:
    # rowid follows insertion order, which follows the file (parallel = false). Its
    # values are not 0-based inside a transaction (DuckDB offsets uncommitted rows)
    # but they are consecutive, so subtracting the first one numbers the rows
    # without a sort.
    first = scalar(con, f"SELECT min(rowid) FROM {table}") or 0
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {table} AS "
        f"SELECT rowid - {int(first)} + 1 AS source_row, * FROM {table}"
    )


def _drop_empty_rows(con: duckdb.DuckDBPyConnection, table: str, columns: list[str]) -> None:
    """Leave out a person's rows of empty cells alone (";;;;;", which Excel writes for a
    formatted empty row) as the blank rows they are, still counted in ``source_row``, as a
    workbook's empty row is: they had been read and quarantined ("missing year; ...")."""
    cells = ", ".join('"' + staged_name(name).replace('"', '""') + '"' for name in columns)
    con.execute(f"DELETE FROM {table} WHERE coalesce({cells}) IS NULL")


def _refuse_no_rows(con: duckdb.DuckDBPyConnection, path: Path, table: str) -> int:
    """The rows staged, refused when none."""
    if not (rows := int(scalar(con, f"SELECT count(*) FROM {table}") or 0)):
        raise BadInputFile(f"{path.name}: the file has a header but no data rows")
    return rows


_DUCKDB_NOISE = re.compile(r"^(Invalid Input Error|Conversion Error|IO Error):\s*", re.I)
_FIELD_COUNT = re.compile(r"Expected Number of Columns: (\d+) Found: (\d+)")


_DUCKDB_LINE = re.compile(r"CSV Error on Line: (\d+)")


def _explain(exc: BaseException, path: Path, delimiter: str = ",") -> str:
    # DuckDB puts the line number first and what is wrong further down (after the
    # offending line itself, which may be megabytes long and is never shown).
    whole = str(exc).strip()
    text = _DUCKDB_NOISE.sub("", whole.splitlines()[0]) if whole else type(exc).__name__
    fields = None
    if (line := _DUCKDB_LINE.search(text)) is not None:
        # DuckDB's "line" counts rows (the header first): after a quoted field over three
        # lines, the row on line 6 was said to be on line 4.
        begins, fields = _row_at(path, delimiter, int(line.group(1)) - 1)
        text = f"line {begins}"
    if "maximum line size" in whole.lower():
        return _too_long(text if line is not None else None)
    if "invalid state" in whole and len(kinds := _line_endings(path)) > 1:
        mixed = " and ".join(kinds)
        return f"cannot read as CSV: the file mixes line endings ({mixed}); save it with one"
    if counts := _FIELD_COUNT.search(whole):
        text += f": {_field_count(fields, *map(int, counts.groups()))}"
    elif (why := _duckdb_reason(whole)) is not None:
        text += f": {why}"
    return f"cannot read as CSV: {text}"


def _too_long(line: str | None) -> str:
    """A row longer than a line may be, named by its line (it had been "a line is longer",
    no number, in a file of a million lines).

    Example:
        >>> _too_long("line 7")  # doctest: +ELLIPSIS
        'cannot read as CSV: line 7 is longer than 1048576 bytes (1 MB), ...'
    """
    return (
        f"cannot read as CSV: {line or 'a line'} is longer than {MAX_LINE_BYTES} bytes (1 MB), "
        "more than any record takes: a quote left open there joins the lines after it; "
        "close it, or delete the line, and ingest again (is this really a CSV file?)"
    )


def _duckdb_reason(message: str) -> str | None:
    """What DuckDB says is wrong with a row: the line before its "Possible fixes", after
    the row itself ("Value with unterminated quote found."), which had been cut off.

    Example:
        >>> _duckdb_reason("CSV Error on Line: 2\\nOriginal Line: 1,\\"a\\" b\\n"
        ...     "Value with unterminated quote found.\\n\\nPossible fixes:\\n* ...")
        'Value with unterminated quote found.'
    """
    lines = [line.strip() for line in message.splitlines()]
    if "Possible fixes:" not in lines:
        return None
    said = [line for line in lines[: lines.index("Possible fixes:")] if line]
    why = said[-1] if len(said) > 2 else None  # the first two: the row's number and the row
    return why if why is not None and len(why) < 200 and why.endswith(".") else None


def _field_count(fields: int | None, expected: int, found: int) -> str:
    """A row's fields against the header's: DuckDB stops counting one field past the
    header's (a row of 9 fields under 5 columns was said to have 6), so a row found longer
    is said by the count read from the file, or else without one.

    Example:
        >>> _field_count(9, 5, 6), _field_count(None, 5, 6), _field_count(None, 11, 9)
        ('9 fields where the header has 5', 'more fields than the header has (5)', \
'9 fields where the header has 11')
    """
    if found <= expected:
        return f"{found} fields where the header has {expected}"
    if fields is not None and fields > expected:
        return f"{fields} fields where the header has {expected}"
    return f"more fields than the header has ({expected})"


def _row_at(path: Path, delimiter: str, row: int) -> tuple[int, int | None]:
    """The line of the file the data row ``row`` (1-based) begins on, and its number of
    fields (None when Python cannot read up to it either): a quoted field may hold line
    breaks, so rows and lines part.

    Example:
        >>> path = Path(tempfile.mkdtemp()) / "fixture-lines.csv"
        >>> _ = path.write_text('a,b\\n"x\\ny\\nz",1\\n2,3\\n4,5,6,7\\n')
        >>> _row_at(path, ",", 1), _row_at(path, ",", 3)
        ((2, 2), (6, 4))
    """
    csv.field_size_limit(max(csv.field_size_limit(), MAX_LINE_BYTES))
    begins = 1
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
        reader = csv.reader(handle, delimiter=delimiter)
        with contextlib.suppress(csv.Error):  # a row Python cannot read either: the last begun
            for number, fields in enumerate(reader):
                if number == row:
                    return begins, len(fields)
                begins = reader.line_num + 1
    return begins, None


def _line_endings(path: Path) -> list[str]:
    r"""The kinds of line ending a file uses: CRLF, LF (alone) and CR (alone, as old Macs
    wrote: mixed with the others it was DuckDB's "invalid state").

    Example:
        >>> path = Path(tempfile.mkdtemp()) / "fixture-endings.csv"
        >>> _ = path.write_bytes(b"a\r\nb\rc\r\n")
        >>> _line_endings(path)
        ['CRLF', 'CR']
    """
    crlf = lf = cr = 0
    last = b""
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            crlf += block.count(b"\r\n") + (last == b"\r" and block[:1] == b"\n")
            lf += block.count(b"\n")
            cr += block.count(b"\r")
            last = block[-1:]
    found = {"CRLF": crlf, "LF": lf - crlf, "CR": cr - crlf}
    return [kind for kind, n in found.items() if n > 0]


def _refuse_open_quote(path: Path, name: str, delimiter: str, *, known_odd: bool = False) -> None:
    """Reject a file whose last quoted field never closes: DuckDB drops that row silently.

    An odd number of quote characters is the cheap sign (``known_odd`` when the
    caller has counted them); only then is the file parsed in Python to confirm
    it (a stray quote inside an unquoted field is legal).
    """
    if not known_odd and _quote_count(path) % 2 == 0:
        return
    # A field may be as long as a line may (the csv module's own limit, 131,072, refused a
    # valid file as "malformed"); only ever raised, as other threads may be reading.
    csv.field_size_limit(max(csv.field_size_limit(), MAX_LINE_BYTES))
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, delimiter=delimiter, strict=True)
        started = 1
        try:
            for _ in reader:
                started = reader.line_num + 1
        except csv.Error as exc:
            raise BadInputFile(
                f"{name}: cannot read as CSV: the record starting on line {started} is "
                f"malformed ({exc}); is a quote left open?"
            ) from None


def _quote_count(path: Path) -> int:
    quotes = 0
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            quotes += block.count(b'"')
    return quotes


def stage_rows(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    table: str,
    header: Sequence[str],
    rows: Sequence[Sequence[str | None]],
    required: Sequence[str] = (),
) -> list[str]:
    """Load rows read by Python (e.g. from a workbook) into ``table`` like ``stage_csv``."""
    columns = [column_name(name, i) for i, name in enumerate(header)]
    check_columns(path, columns, required)
    if not rows:
        raise BadInputFile(f"{path.name}: the sheet has a header but no data rows")
    arrays = {
        name: text_array([row[i] if i < len(row) else None for row in rows])
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


def stage_parquet(
    con: duckdb.DuckDBPyConnection,
    facts: FileFacts,
    table: str,
    required: Sequence[str] = (),
    *,
    kinds: Mapping[str, str] | None = None,
) -> list[str]:
    """Load a Parquet file into ``table`` like ``stage_csv``: every column as text, plus
    ``source_row``, the 1-based row number in the file; ``kinds``: what a column holds
    ("text" or "number", ``PARQUET_KINDS``), the file refused whole when one holds else.

    Numbers become the shortest text that reads back as the same value
    (``88712.0`` stays ``"88712.0"``, ``35.42`` stays ``"35.42"``), so the raw
    row keeps what the file holds; an empty text is NULL, as in ``stage_csv``.

    Example:
        >>> stage_parquet(con, inspect_file(Path("filings.parquet")), "raw")  # doctest: +SKIP
        ['EMPLOYER_NAME', 'JOB_TITLE', 'SOC_CODE', ...]
    """
    name = facts.path.name
    schema = _parquet_schema(facts.path)
    columns = list(schema.names)
    check_columns(facts.path, columns, required, header=_PARQUET_HEADER)
    _refuse_wrong_kinds(name, schema, kinds or {})
    if any(column.casefold() == _FILE_ROW_NUMBER for column in columns):
        raise BadInputFile(
            f"{name}: a column is called {_FILE_ROW_NUMBER!r}, the name DuckDB gives its row "
            "numbers; rename it"
        )
    # An empty text is no value, as in a CSV or a workbook: NULL, so a blank cell means
    # the same whichever format brought it.
    texts = ", ".join(f"nullif(CAST({quoted(c)} AS VARCHAR), '') AS {quoted(c)}" for c in columns)
    try:
        # file_row_number is the row's place in the file, whatever order threads read it in.
        con.execute(
            f"""CREATE OR REPLACE TEMP TABLE {table} AS SELECT
            {_FILE_ROW_NUMBER} + 1 AS source_row, {texts}
            FROM read_parquet(?, file_row_number = true)""",
            [str(facts.path)],
        )
    except duckdb.Error as exc:
        raise BadInputFile(
            f"{name}: cannot read as Parquet: {_first_line(exc, facts.path)}"
        ) from None
    if not scalar(con, f"SELECT count(*) FROM {table}"):
        raise BadInputFile(f"{name}: the Parquet file has no rows")
    return columns


def reads_parquet(stage: Callable[..., list[str]]) -> bool:
    """Whether a source's ``stage`` is ``stage_parquet``, bare or with its ``kinds`` given.

    Example:
        >>> from functools import partial
        >>> reads_parquet(stage_parquet), reads_parquet(partial(stage_parquet, kinds={}))
        (True, True)
        >>> reads_parquet(stage_csv)
        False
    """
    return getattr(stage, "func", stage) is stage_parquet


def _parquet_schema(path: Path) -> pa.Schema:
    # pyarrow gives the names as written; DuckDB would rename a second "a" to "a_1".
    import pyarrow.parquet as pq

    try:
        return pq.read_schema(path)
    except (pa.ArrowException, OSError) as exc:
        raise BadInputFile(
            f"{path.name}: not a readable Parquet file ({_first_line(exc, path)})"
        ) from None


def _holds_text(kind: pa.DataType) -> bool:
    # A pandas category column is written as a dictionary of its texts; a column of no
    # value at all (every cell null) misreads nothing.
    if pa.types.is_dictionary(kind):
        kind = kind.value_type
    return bool(
        pa.types.is_string(kind) or pa.types.is_large_string(kind) or pa.types.is_null(kind)
    )


def _holds_number(kind: pa.DataType) -> bool:
    # A number written as text is read as a CSV's is: by the amount's own rules.
    numeric = pa.types.is_integer(kind) or pa.types.is_floating(kind)
    return numeric or pa.types.is_decimal(kind) or _holds_text(kind)


# What a Parquet column may be typed as, by what a source reads in it (``stage_parquet``):
# the kind as a message says it, and the types that hold it.
PARQUET_KINDS: dict[str, tuple[str, Callable[[pa.DataType], bool]]] = {
    "text": ("text", _holds_text),
    "number": ("numbers", _holds_number),
}


def _refuse_wrong_kinds(name: str, schema: pa.Schema, kinds: Mapping[str, str]) -> None:
    """``BadInputFile`` naming each column typed otherwise than its kind: staged as text,
    an employer of integers or of structs had been stored as the company "12345" or
    "{'a': 1}", without a word.

    Example:
        >>> schema = pa.schema([("EMPLOYER_NAME", pa.int64()), ("WAGE", pa.float64())])
        >>> _refuse_wrong_kinds("f.parquet", schema, {"EMPLOYER_NAME": "text", "WAGE": "number"})
        Traceback (most recent call last):
        ...
        paygrade.records.BadInputFile: f.parquet: column EMPLOYER_NAME is of type int64, not ...
    """
    wrong = [field for field in schema if field.name in kinds]
    wrong = [field for field in wrong if not PARQUET_KINDS[kinds[field.name]][1](field.type)]
    if not wrong:
        return
    words = [PARQUET_KINDS[kinds[field.name]][0] for field in wrong]
    said = [
        f"column {field.name} is of type {shortened(str(field.type))}, not {kind}"
        for field, kind in zip(wrong, words, strict=True)
    ]
    fix = f"the column as {words[0]}" if len(wrong) == 1 else "each column as its kind"
    raise BadInputFile(
        f"{name}: {and_list(said)}: nothing stored from the file; write {fix} and ingest again"
    )


def _first_line(exc: BaseException, path: Path) -> str:
    whole = str(exc).strip()
    line = _DUCKDB_NOISE.sub("", whole.splitlines()[0]) if whole else type(exc).__name__
    return line.replace(str(path), path.name)


def staged_name(name: str) -> str:
    """The staged column holding a file's column ``name``. Staging numbers the rows as
    ``source_row``; a file's own column of that name (a canonical CSV may have one) is
    staged beside it, as DuckDB names a second column: that number had been kept as the
    row's own ``source_row`` and told copies apart.

    DuckDB's names are of any case, so "Source_Row" is that column too, staged as
    "Source_Row_1" (its values had been replaced by the row numbers without a word).

    Example:
        >>> staged_name("source_row"), staged_name("SOURCE_ROW"), staged_name("title")
        ('source_row_1', 'SOURCE_ROW_1', 'title')
    """
    return f"{name}_1" if name.lower() == "source_row" else name


def quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def stage_csv_before_notes(
    con: duckdb.DuckDBPyConnection,
    facts: FileFacts,
    table: str,
    required: Sequence[str] = (),
) -> list[str]:
    """Stage a published table followed by lines of notes, as BEA writes its CSV files.

    The table ends at the first line holding a single field (BEA's "Note: ...",
    "Last updated: ..."); every later line must be a note too, so a table row
    after the notes is an error, never silently dropped. Spaces before a field
    are skipped: BEA writes its area codes as `` "10180"``.

    Example:
        >>> stage_csv_before_notes(con, inspect_file(Path("MARPP.csv")), "raw")  # doctest: +SKIP
        ['GeoFIPS', 'GeoName', 'Region', 'TableName', 'LineCode', ...]
    """
    if facts.encoding == "binary":
        raise BadInputFile(f"{facts.path.name}: a binary file, not a comma-separated text file")
    with utf8_path(facts) as path:
        # The header line's own checks (delimiter, length).
        read_header(path, facts.path.name, comma_only=True)
        header, rows = _table_before_notes(path, facts.path.name)
    if not rows:
        raise BadInputFile(f"{facts.path.name}: the file has a header but no data rows")
    return stage_rows(con, facts.path, table, header, rows, required)


def _table_before_notes(path: Path, name: str) -> tuple[list[str], list[list[str | None]]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, skipinitialspace=True, strict=True)
        try:
            header = next(reader)
            rows = list(_rows_before_notes(reader, len(header), name))
        except csv.Error as exc:
            raise BadInputFile(
                f"{name}: cannot read as CSV: line {reader.line_num}: {exc}"
            ) from None
    return header, rows


def _rows_before_notes(reader: Any, width: int, name: str) -> Iterator[list[str | None]]:
    in_notes = False
    for row in reader:
        if not any(row):  # a blank line
            continue
        if len(row) == 1 and width > 1:
            in_notes = True
        elif in_notes:
            raise BadInputFile(f"{name}: line {reader.line_num}: a table row after the notes")
        elif len(row) != width:
            raise BadInputFile(
                f"{name}: cannot read as CSV: line {reader.line_num}: {len(row)} fields where "
                f"the header has {width}"
            )
        else:
            yield [value or None for value in row]
