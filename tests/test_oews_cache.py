"""The bundled OEWS database's cache folder, as `paygrade ingest oews` meets it: one it
cannot write is said naming it and its setting (it had stopped `ingest --all` part-way,
"internal error", 70), and one whose name holds "#" is read (the database's URI had been
cut at it: another file opened, and made)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import real_data_dir

PAYGRADE = Path(sys.executable).parent / "paygrade"


def _ingest_oews(tmp_path: Path, cache: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAYGRADE_")}
    env |= {"BLS_OEWS_DATA_DIR": str(cache), "PAYGRADE_DATA_DIR": str(real_data_dir())}
    return subprocess.run(
        [str(PAYGRADE), "--db", str(tmp_path / "store.duckdb"), "ingest", "oews"],
        capture_output=True, text=True, env=env, timeout=300, check=False,
    )  # fmt: skip


def test_a_cache_folder_it_cannot_make_is_one_line_naming_its_setting(tmp_path: Path) -> None:
    in_a_file = tmp_path / "a-file"
    in_a_file.write_text("not a folder\n")
    done = _ingest_oews(tmp_path, in_a_file / "cache")
    assert done.returncode == 74, done.stderr
    (line,) = done.stderr.splitlines()
    assert line.startswith("error: cannot write the bundled OEWS database's cache folder: ")
    assert line.endswith("(set BLS_OEWS_DATA_DIR to a folder this user can write)")


def test_a_cache_folder_named_with_a_hash_is_read(tmp_path: Path) -> None:
    cache = tmp_path / "oe#ws ?dir"
    done = _ingest_oews(tmp_path, cache)
    assert done.returncode == 0, done.stderr
    assert re.search(r"oews \S+: read ([\d,]+), accepted \1, rejected 0", done.stdout + done.stderr)
    assert sorted(path.name for path in tmp_path.iterdir() if path.name.startswith("oe")) == [
        "oe#ws ?dir"
    ]  # no stray "oe" file made where the URI was cut
