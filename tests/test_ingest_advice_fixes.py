"""The advice "run `paygrade ingest cpi`" (real dollars) and "run `paygrade ingest bea_rpp`"
(local prices) works as said: ``paygrade ingest SOURCE`` without FILE reads the source's
mirrored file from the data directory, and says which folder and file it looked for when
the file is not there. A user's own csv still asks for its FILE."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from paygrade.ingest import given_file
from paygrade.records import BadInputFile
from tests.conftest import FIXTURES

PAYGRADE = Path(sys.executable).parent / "paygrade"


def paygrade(
    *args: str | Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("PAYGRADE_")}
    return subprocess.run(
        [str(PAYGRADE), *map(str, args)],
        capture_output=True, text=True, timeout=300, check=False,
        env={**environment, **(env or {})},
    )  # fmt: skip


def test_the_cpi_advice_of_real_dollars_can_be_followed(tmp_path: Path, data_dir: Path) -> None:
    # "real dollars need CPI-U ...: run `paygrade ingest cpi`" was itself refused:
    # "error: give a SOURCE and a FILE" (status 2).
    db = tmp_path / "store.duckdb"
    own = paygrade("--db", db, "ingest", "csv", FIXTURES / "fixture-canonical-partial.csv")
    assert own.returncode == 0, own.stderr
    refused = paygrade("--db", db, "stats", "--real")
    assert refused.returncode != 0
    assert "run `paygrade ingest cpi`, then `paygrade rebuild --if-stale`" in refused.stderr
    done = paygrade("--db", db, "--data-dir", data_dir, "ingest", "cpi")
    assert (done.returncode, done.stdout.split(":")[0]) == (0, "cpi cpi-u-annual.csv"), done.stderr
    assert paygrade("--db", db, "rebuild", "--if-stale").returncode == 0
    answered = paygrade("--db", db, "stats", "--real", "--format", "json")
    assert answered.returncode == 0, answered.stderr
    # The same file given by name is the same content: nothing more is read.
    again = paygrade("--db", db, "ingest", "cpi", data_dir / "cpi-u-annual.csv")
    assert again.stdout == "cpi cpi-u-annual.csv: skipped (already ingested)\n"


def test_the_data_directory_may_come_from_the_environment(tmp_path: Path, data_dir: Path) -> None:
    # The local-prices advice: "run `paygrade ingest bea_rpp`".
    db = tmp_path / "store.duckdb"
    done = paygrade("--db", db, "ingest", "bea_rpp", env={"PAYGRADE_DATA_DIR": str(data_dir)})
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("bea_rpp bea-rpp-msa-2008-2024.csv: read ")


def test_a_mirrored_file_not_there_is_named_with_its_folder(tmp_path: Path) -> None:
    empty = tmp_path / "data"
    empty.mkdir()
    done = paygrade("--db", tmp_path / "store.duckdb", "--data-dir", empty, "ingest", "cpi")
    assert (done.returncode, done.stderr) == (
        1,
        f"error: cpi: no file cpi-u-annual.csv in the data folder {empty}: give the file,"
        " `paygrade ingest cpi FILE`, or the folder holding it (--data-dir or"
        " PAYGRADE_DATA_DIR)\n",
    )
    assert not (tmp_path / "store.duckdb").exists()  # said before any store is made


def test_a_users_own_csv_still_asks_for_its_file(tmp_path: Path, data_dir: Path) -> None:
    done = paygrade("--db", tmp_path / "store.duckdb", "--data-dir", data_dir, "ingest", "csv")
    assert (done.returncode, done.stderr) == (
        2,
        "error: give a SOURCE and a FILE, e.g. `paygrade ingest csv records.csv`\n",
    )
    # The library's ingest_file keeps asking for a path: no data directory is guessed.
    try:
        given_file("cpi", None)
    except BadInputFile as exc:
        assert str(exc) == "cpi: give the file to ingest"
    else:
        raise AssertionError("given_file read a file nobody named")
