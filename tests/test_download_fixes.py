"""`paygrade download` into a data folder that does not exist: a failed download leaves no
folder behind (it had made the folder, empty, and then failed). Every request goes to
httpx.MockTransport; no network."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
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


def _part(folder: Path, name: str, age_s: float) -> Path:
    part = folder / f".salaries.csv.{name}.part"
    part.write_bytes(b"half a download")
    old = time.time() - age_s
    os.utime(part, (old, old))
    return part


def test_the_part_of_a_killed_download_goes_with_the_next_download(tmp_path: Path) -> None:
    """A download killed with SIGKILL ran no cleanup: its hidden part file had stayed
    beside the data for good. The next download of that file takes it away."""
    with _holding(tmp_path / ".salaries.csv.killed.part"):
        pass  # a real download's way of holding its part, then killed
    killed = tmp_path / ".salaries.csv.killed.part"
    os.utime(killed, (time.time() - 3600, time.time() - 3600))
    other = _part(tmp_path, "other", 3600).rename(tmp_path / ".prices.csv.x.part")
    with httpx.Client(transport=httpx.MockTransport(serving(b"a,b\n"))) as client:
        download(item(), tmp_path, client=client)
    assert sorted(path.name for path in tmp_path.iterdir()) == [other.name, "salaries.csv"]


def test_a_live_or_young_part_is_left_to_its_download(tmp_path: Path) -> None:
    """A part another process still writes (it holds the lock), or one made a moment ago
    (its writer may not have locked it yet), is not taken away."""
    held = tmp_path / ".salaries.csv.live.part"
    with _holding(held):
        os.utime(held, (time.time() - 3600, time.time() - 3600))
        young = _part(tmp_path, "young", 5)
        with httpx.Client(transport=httpx.MockTransport(serving(b"a,b\n"))) as client:
            download(item(), tmp_path, client=client)
        assert held.exists() and young.exists()


@contextmanager
def _holding(part: Path) -> Iterator[None]:
    """Another process holds ``part``'s lock, as a download writing it does, until killed."""
    with subprocess.Popen(
        [sys.executable, "-c", _HOLDS_PART, str(part)], stdout=subprocess.PIPE
    ) as writer:
        try:
            assert writer.stdout is not None and writer.stdout.readline() == b"locked\n"
            yield
        finally:
            writer.kill()


# Locks the part file as a download does, says so, and waits to be killed.
_HOLDS_PART = """
import fcntl, sys, time
part = open(sys.argv[1], "wb")
fcntl.flock(part.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
print("locked", flush=True)
time.sleep(600)
"""
