"""`paygrade download` into a data folder that does not exist: a failed download leaves no
folder behind (it had made the folder, empty, and then failed). Every request goes to
httpx.MockTransport; no network."""

from __future__ import annotations

import errno
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from paygrade.config import BadSetting
from paygrade.sources.download import DOWNLOADS, DownloadFailed, download, download_all
from tests.test_download import FRED_CSV, item, serving


@pytest.fixture
def no_network() -> Iterator[httpx.Client]:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("Name or service not known", request=request)

    with httpx.Client(transport=httpx.MockTransport(refuse)) as client:
        yield client


@pytest.mark.parametrize("name", [item.name for item in DOWNLOADS])
def test_a_failed_download_makes_no_data_folder(
    tmp_path: Path, no_network: httpx.Client, name: str
) -> None:
    data_dir = tmp_path / "new" / "data"
    with pytest.raises(DownloadFailed, match="could not download"):
        download_all(data_dir, [name], client=no_network)
    assert list(tmp_path.iterdir()) == []  # neither "new" nor "new/data"


def test_a_refused_reply_makes_no_data_folder(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    refusing = httpx.MockTransport(lambda request: httpx.Response(404))
    with httpx.Client(transport=refusing) as client, pytest.raises(DownloadFailed, match="404"):
        download(item(), data_dir, client=client)
    assert not data_dir.exists()


def test_a_folder_that_existed_stays_when_a_download_fails(
    tmp_path: Path, no_network: httpx.Client
) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    with pytest.raises(DownloadFailed):
        download_all(data_dir, ["cpi"], client=no_network)
    assert data_dir.is_dir() and list(data_dir.iterdir()) == []


def test_a_folder_holding_a_file_written_stays_when_a_later_one_fails(tmp_path: Path) -> None:
    # cpi lands, aijobs fails: the folder made for them keeps the CPI files.
    data_dir = tmp_path / "new" / "data"

    def answer(request: httpx.Request) -> httpx.Response:
        if "fred" in str(request.url):
            return serving(FRED_CSV.encode())(request)
        return httpx.Response(503)

    client = httpx.Client(transport=httpx.MockTransport(answer))
    with client, pytest.raises(DownloadFailed, match="HTTP 503"):
        download_all(data_dir, ["cpi", "aijobs"], client=client)
    assert sorted(p.name for p in data_dir.iterdir()) == ["cpi-u-annual.csv", "fred-cpiaucsl.csv"]


def test_a_download_that_lands_still_makes_its_folder(tmp_path: Path) -> None:
    data_dir = tmp_path / "new" / "data"
    with httpx.Client(transport=httpx.MockTransport(serving(b"a,b\n"))) as client:
        assert download(item(), data_dir, client=client).read_bytes() == b"a,b\n"


@pytest.mark.parametrize(
    ("name", "value", "said"),
    [("SSL_CERT_FILE", "/nonexistent/ca.pem", "FileNotFoundError"),
     ("HTTPS_PROXY", "ftp://127.0.0.1:9", "ValueError: Unknown scheme for proxy URL"),
     ("HTTPS_PROXY", "http://[::1", "InvalidURL")],
)  # fmt: skip
def test_bad_proxy_or_certificate_settings_are_a_setting_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, value: str, said: str
) -> None:
    # Each had been "internal error (FileNotFoundError)" and the like, status 70; no
    # request is made (the client is never built).
    monkeypatch.setenv(name, value)
    with pytest.raises(BadSetting) as caught:
        download_all(tmp_path / "data", ["cpi"])
    assert str(caught.value).startswith("cannot make an HTTP client of the environment's")
    assert f"{name}={value}" in str(caught.value) and said in str(caught.value)
    assert not (tmp_path / "data").exists()


def test_a_full_disk_while_writing_a_derived_file_names_that_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # BEA's table failing to land on a full disk was said of the zip it came from.
    from paygrade.records import CannotWrite
    from paygrade.sources import download as module

    def full(*args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(module.os, "replace", full)
    target = tmp_path / "bea-rpp-msa-2008-2024.csv"
    with pytest.raises(CannotWrite) as caught:
        module._write_atomically(target, b"GeoFips,GeoName\n")
    assert str(caught.value) == (
        f"cannot write {target}: No space left on device; the earlier file, if any, is kept"
    )
    assert list(tmp_path.iterdir()) == []  # no part file left
