"""``stats --from-parquet`` over folders users' own tools write (pyarrow, pandas, Spark), as
an auditor met them: a Hive folder of fractions (``years_experience=0.5``) refused as naming
no number, and canonical columns named in another case (``AMOUNT_USD``, ``Level``) refused or
read as empty. Every row here is a hand-written fixture (not product data).

Spark's reading of such folders is held in tests/test_engines.py
(``test_spark_reads_fractions_in_folders_and_columns_in_another_case_as_duckdb``), on that
module's worker's Spark session: here, on a worker of its own, it had started a JVM (~7 s
of CPU) for one test."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from tests.test_cli import run

LEVEL_STATS = ("stats", "--by", "level", "--where", "role=ml_engineer", "--format", "json")


def _fixture_rows(n: int, start: float) -> dict[str, list[Any]]:
    """Hand-written fixture rows (not product data): ml engineers, a pay each."""
    return {
        "role": ["ml_engineer"] * n,
        "level": ["senior"] * n,
        "amount_usd": [start + 1_000 * i for i in range(n)],
    }


def _answer(folder: Path, *args: str) -> dict[str, Any]:
    done = run(*args, "--from-parquet", folder)
    assert (done.returncode, done.stderr) == (0, ""), done.stderr
    answer: dict[str, Any] = json.loads(done.stdout)
    return answer


def _years_folders(root: Path) -> Path:
    """Folders as pyarrow and pandas write a partition by years of experience: a fraction
    names its folder (0.5), a missing value __HIVE_DEFAULT_PARTITION__."""
    missing = "__HIVE_DEFAULT_PARTITION__"
    for value, n, start in (("0.5", 6, 80e3), ("2", 5, 120e3), (missing, 5, 150e3)):
        folder = root / f"years_experience={value}"
        folder.mkdir(parents=True)
        pq.write_table(pa.table(_fixture_rows(n, start)), folder / "part-0.parquet")
    return root


def test_a_partition_folder_naming_a_fraction_is_read_as_a_number(tmp_path: Path) -> None:
    # It was: "column years_experience is VARCHAR, not a number (DOUBLE) ...; name its
    # folders years_experience=<a number>" of folders that name numbers (DuckDB guesses a
    # whole number, a date or text from a folder's name; Spark reads 0.5 as a double).
    folder = _years_folders(tmp_path / "records")
    answer = _answer(folder, "stats", "--by", "years_experience", "--format", "json")
    found = {g["key"]["years_experience"]: (g["n"], g["p50"]) for g in answer["groups"]}
    assert found == {0.5: (6, 82500.0), 2.0: (5, 122000.0), None: (5, 152000.0)}
    answer = _answer(folder, "stats", "--where", "years_experience=0.5", "--format", "json")
    assert [g["n"] for g in answer["groups"]] == [6]


def test_a_partition_folder_naming_no_number_is_still_refused_by_name(tmp_path: Path) -> None:
    folder = _years_folders(tmp_path / "records")
    (folder / "years_experience=n%2Fa").mkdir()
    pq.write_table(pa.table(_fixture_rows(5, 1e5)), folder / "years_experience=n%2Fa" / "a.parquet")
    done = run("stats", "--from-parquet", folder, "--by", "level")
    assert (done.returncode, done.stdout) == (1, "")
    assert "column years_experience is VARCHAR, not a number (DOUBLE)" in done.stderr
    assert "name its folders years_experience=<a number>" in done.stderr


def _in_case(root: Path, rename: dict[str, str]) -> Path:
    rows = _fixture_rows(6, 150e3)
    rows["level"] = ["senior"] * 3 + ["mid"] * 3
    root.mkdir()
    pq.write_table(pa.table({rename.get(k, k): v for k, v in rows.items()}), root / "a.parquet")
    return root


@pytest.mark.parametrize(
    "rename",
    [
        # It was "the Parquet files have no amount_usd column" (status 1).
        {"amount_usd": "AMOUNT_USD", "level": "LEVEL", "role": "ROLE"},
        # It was "no role column, so no row can match --where role=..." (status 1); without
        # the filter, one group of level null for every record (status 0).
        {"level": "Level", "role": "Role"},
    ],
)
def test_canonical_columns_named_in_another_case_are_read(
    tmp_path: Path, rename: dict[str, str]
) -> None:
    lower = _answer(_in_case(tmp_path / "lower", {}), *LEVEL_STATS)
    assert [(g["key"]["level"], g["n"]) for g in lower["groups"]] == [("mid", 3), ("senior", 3)]
    other = _answer(_in_case(tmp_path / "other", rename), *LEVEL_STATS)
    assert (other["groups"], other["sources"]) == (lower["groups"], lower["sources"])


def test_files_in_partition_folders_of_different_keys_are_refused_saying_so(
    tmp_path: Path,
) -> None:
    # It was "cannot read DIR as Parquet records: Binder Error: Hive partition mismatch
    # between file ... and ...": DuckDB's words, naming no way out.
    (tmp_path / "year=2024").mkdir()
    for name in ("year=2024/part.parquet", "loose.parquet"):
        pq.write_table(pa.table(_fixture_rows(5, 1e5)), tmp_path / name)
    done = run("stats", "--from-parquet", tmp_path, "--by", "level")
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == (
        f"error: {tmp_path}: its files are not partitioned alike: loose.parquet is in no "
        "key=value folder, year=2024/part.parquet in year=... folders; every file must be in "
        "folders of the same keys (move them so, or give each part's folder alone)\n"
    )
