"""``stats --from-parquet`` given a folder holding two exports, as an auditor met it: every
record counted twice (aijobs 148,442 where the store holds 74,301), status 0, unsaid.

The store here holds tests/fixtures/fixture-canonical-small.csv (3 records accepted)."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from paygrade.parquet import ParquetError, export, open_folder
from paygrade.stats import stats
from paygrade.store import Store
from tests.conftest import FIXTURES
from tests.test_cli import run
from tests.test_object_store import BUCKET, endpoint  # noqa: F401 - the S3 endpoint fixture

FIXTURE = FIXTURES / "fixture-canonical-small.csv"


@pytest.fixture(scope="module")
def two(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder ``two`` holding two exports of one store, ``two/a`` and ``two/b``."""
    folder = tmp_path_factory.mktemp("parquet-fixes")
    done = run("--db", folder / "small.duckdb", "ingest", "csv", FIXTURE)
    assert done.returncode == 0, done.stderr
    store = Store.open(folder / "small.duckdb", read_only=True)
    try:
        export(store, folder / "two" / "a")
        export(store, folder / "two" / "b")
    finally:
        store.close()
    return folder / "two"


def _counted(location: str | Path) -> dict[str, int]:
    done = run("stats", "--from-parquet", location, "--by", "source", "--format", "json")
    assert (done.returncode, done.stderr) == (0, ""), done.stderr
    return {g["key"]["source"]: g["n"] for g in json.loads(done.stdout)["groups"]}


def test_a_folder_holding_two_exports_is_refused_not_counted_twice(two: Path) -> None:
    assert _counted(two / "a") == {"csv": 3}
    done = run("stats", "--from-parquet", two, "--by", "source")
    assert (done.returncode, done.stdout) == (1, "")  # it was csv n 6, status 0
    assert done.stderr == (
        f"error: {two} holds 2 paygrade exports in its subfolders ({two}/a, {two}/b): read "
        "together, each record is counted once per export; give one export's folder\n"
    )


def test_a_url_holding_two_exports_is_refused_as_a_local_folder_is(two: Path) -> None:
    # file:// takes the object stores' listing (DuckDB's glob), without the network.
    with pytest.raises(ParquetError, match=r"holds 2 paygrade exports in its subfolders \("):
        open_folder(f"file://{two}/")
    one = open_folder(f"file://{two}/a")
    try:
        assert [g["n"] for g in stats(one, ["source"])["groups"]] == [3]
    finally:
        one.close()


def test_one_export_below_the_folder_given_is_refused_naming_it(two: Path) -> None:
    # Read from above, its own tables (local prices, counted cells) were left out.
    only = two.parent / "one"
    only.mkdir()
    (only / "a").symlink_to(two / "a", target_is_directory=True)
    with pytest.raises(ParquetError) as refused:
        open_folder(only)
    assert str(refused.value) == (
        f"{only} holds the paygrade export {only}/a in a subfolder: read from above it, its "
        f"own tables (local prices, counted cells) are not read; give the export's folder "
        f"({only}/a)"
    )


def test_a_plain_parquet_folder_with_subfolders_still_reads(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    # Hand-written fixture rows (not product data), in two plain subfolders: no export.
    for name in ("part-a", "part-b"):
        (tmp_path / name).mkdir()
        pays = {"amount_usd": [1e5, 1.1e5, 1.2e5], "source": ["fixture"] * 3}
        pq.write_table(pa.table(pays), tmp_path / name / "rows.parquet")
    assert _counted(tmp_path) == {"fixture": 6}


@pytest.fixture(scope="module")
def s3(two: Path, endpoint: str) -> dict[str, str]:  # noqa: F811 - the fixture imported
    """``two`` under s3://BUCKET/two on an S3 endpoint (moto's server, on this machine,
    ``test_object_store.endpoint``); the environment that reaches it."""
    for path in (f for f in two.rglob("*") if f.is_file()):
        key = f"two/{path.relative_to(two).as_posix()}"
        httpx.put(f"{endpoint}/{BUCKET}/{key}", content=path.read_bytes()).raise_for_status()
    return {"AWS_ACCESS_KEY_ID": "fixture", "AWS_SECRET_ACCESS_KEY": "fixture",
            "AWS_DEFAULT_REGION": "us-east-1", "AWS_ENDPOINT_URL": endpoint}  # fmt: skip


def test_an_s3_prefix_holding_two_exports_is_refused(s3: dict[str, str]) -> None:
    prefix = f"s3://{BUCKET}/two"
    done = run("stats", "--from-parquet", prefix, "--by", "source", env=s3)
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == (
        f"error: {prefix} holds 2 paygrade exports in its subfolders ({prefix}/a, {prefix}/b): "
        "read together, each record is counted once per export; give one export's folder\n"
    )
    one = run("stats", "--from-parquet", f"{prefix}/a", "--by", "source", "--format", "json",
              env=s3)  # fmt: skip
    assert one.returncode == 0, one.stderr
    assert [g["n"] for g in json.loads(one.stdout)["groups"]] == [3]


def test_a_file_removed_while_the_folder_is_read_is_said_so(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from paygrade.parquet import reading

    # Hand-written fixture rows (not product data). An export replaced with --overwrite
    # beside a reader removed a file it had listed: "internal error (IOException)", 70.
    for part in ("a", "b"):
        rows = {"amount_usd": [1e5 + 1000 * i for i in range(6)], "year": [2023] * 6}
        pq.write_table(pa.table(rows), tmp_path / f"{part}.parquet")
    said = r"changed while it was read .*: run it again"
    with pytest.raises(ParquetError, match=said), reading(tmp_path) as store:
        (tmp_path / "b.parquet").unlink()
        stats(store, ["year"])
