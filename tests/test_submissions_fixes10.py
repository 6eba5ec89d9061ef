"""A submissions queue the system will not let be made (a read-only folder) is a write the
system refused, as a full disk is: 507 "the server could not save this ..." on the API. It
had been a 503 "the submissions queue ... cannot be opened: Read-only file system", without
the Retry-After a 503 carries, that docs/web.md does not say of a refused write."""

from __future__ import annotations

import errno
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from paygrade.config import Settings
from paygrade.records import CannotWrite
from paygrade.submissions import queue_path, submit
from paygrade.web import create_app
from tests.test_submissions import GOOD


def read_only_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    """Making any file refused as a read-only file system refuses it (a test run as root
    may write any folder it can chmod)."""

    def refused(self: Path, *args: Any, **kwargs: Any) -> None:
        raise OSError(errno.EROFS, "Read-only file system", str(self))

    monkeypatch.setattr(Path, "touch", refused)


def test_a_queue_a_read_only_folder_cannot_hold_is_a_refused_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = Settings(db=tmp_path / "paygrade.duckdb")
    read_only_folder(monkeypatch)
    with pytest.raises(CannotWrite) as caught:
        submit(settings, GOOD, client="198.51.100.1")
    assert str(caught.value) == (
        f"cannot write {queue_path(settings)}: Read-only file system; nothing was saved, "
        "try again later"
    )


def test_a_submission_to_a_read_only_folder_is_507(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = Settings(db=tmp_path / "paygrade.duckdb")
    read_only_folder(monkeypatch)
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        got = client.post("/api/v1/submissions", json=GOOD)
    assert got.status_code == 507
    assert got.json()["detail"] == (
        "the server could not save this: its disk refused the write (Read-only file "
        "system); nothing was saved, try again later"
    )
