"""An argument typed in UTF-8 to a Python whose UTF-8 mode is off under the C locale
(`PYTHONUTF8=0 LC_ALL=C`, which reads arguments as ASCII) is said to be UTF-8 read as
ASCII: it had been "not UTF-8 text", wrongly, and a file named "société.csv" so refused."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.test_cli import PAYGRADE

ASCII_PYTHON = {
    **{k: v for k, v in os.environ.items() if not k.startswith(("PAYGRADE_", "LC_", "LANG"))},
    "PYTHONUTF8": "0",
    "LC_ALL": "C",
}


def _ingest(db: Path, file: bytes) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [str(PAYGRADE), "--db", str(db), "ingest", "csv", file],
        capture_output=True, timeout=120, check=False, env=ASCII_PYTHON,
    )  # fmt: skip


def test_a_utf8_file_name_read_as_ascii_is_said_to_be_utf8(tmp_path: Path) -> None:
    named = os.fsencode(tmp_path) + "/fixture-société.csv".encode()
    done = _ingest(tmp_path / "s.duckdb", named)
    assert (done.returncode, done.stdout) == (2, b"")
    (line,) = done.stderr.splitlines()
    assert b"is UTF-8 text, but Python read its arguments as ascii" in line, line
    assert line.endswith(b": unset PYTHONUTF8, or set LC_ALL=C.UTF-8")
    assert not (tmp_path / "s.duckdb").exists()


@pytest.mark.parametrize("typed", [b"title=Soci\xe9t\xe9", b"title=\xff"])
def test_bytes_that_are_not_utf8_are_still_said_so(tmp_path: Path, typed: bytes) -> None:
    done = subprocess.run(
        [str(PAYGRADE), "--db", str(tmp_path / "s.duckdb"), "stats", "--where", typed],
        capture_output=True, timeout=120, check=False, env=ASCII_PYTHON,
    )  # fmt: skip
    assert done.returncode == 2
    assert b"is not UTF-8 text (a terminal or script in another encoding?)" in done.stderr
