"""The Spark engine over an object-store URL: when Spark refuses files that name one
column in two cases, the error is DuckDB's, naming both, as for a local folder.

Spark cannot read ``s3://`` on this machine (no hadoop-aws), so what is held here is the
decision ``engines.spark._in_two_cases`` makes once Spark has refused, against a real S3
endpoint (moto's server) and without Spark. That Spark's refusal of such a prefix is the
``[COLUMN_ALREADY_EXISTS]`` it is called on is held with real Spark over a ``file://``
URL (tests/test_engines.py::test_one_column_in_two_cases_is_refused_on_both_engines).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from paygrade.engines import spark
from paygrade.parquet import ParquetError, open_folder
from tests.test_object_store import BUCKET, _credentials, _put, endpoint  # noqa: F401

pytest.importorskip("s3fs")


@pytest.fixture
def s3_environment(endpoint: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:  # noqa: F811
    """This module's endpoint as the S3 the test's own process reads."""
    import s3fs

    for name, value in _credentials(endpoint).items():
        monkeypatch.setenv(name, value)
    # fsspec keeps one filesystem per options for the process: one made for another
    # module's endpoint (another port) would be asked instead of this one, and this
    # one's, left behind, by a later test of this process.
    s3fs.S3FileSystem.clear_instance_cache()
    yield
    s3fs.S3FileSystem.clear_instance_cache()


def test_an_object_stores_files_in_two_cases_are_said_as_duckdb_says_them(
    endpoint: str,  # noqa: F811
    s3_environment: None,
    tmp_path: Path,
) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    # Hand-written fixture rows (not product data): one file naming amount_usd twice, in
    # two cases, beside one that does not (the clash is in one file of the prefix).
    local = tmp_path / "fixture-two-cases"
    for year in ("year=2023", "year=2024"):
        (local / year).mkdir(parents=True)
    pays = [100e3 + 1_000 * i for i in range(6)]
    plain = pa.table({"level": ["mid"] * 6, "amount_usd": pays})
    pq.write_table(plain, local / "year=2023/a.parquet")
    pq.write_table(plain.append_column("AMOUNT_USD", pa.array(pays)), local / "year=2024/b.parquet")
    pq.write_table(plain, tmp_path / "fixture-plain.parquet")
    _put(endpoint, local, sorted(local.rglob("*.parquet")), "fixture-two-cases")
    _put(endpoint, tmp_path, [tmp_path / "fixture-plain.parquet"], "fixture-plain")
    prefix = f"s3://{BUCKET}/fixture-two-cases"

    # What Spark says once it has refused: DuckDB's line, read through the same filesystem
    # DuckDB reads the prefix with (Spark's "[COLUMN_ALREADY_EXISTS] The column
    # `amount_usd` already exists" had reached a library call over s3://, naming one).
    for url in (prefix, f"{prefix}/year=2024/b.parquet"):
        with pytest.raises(ParquetError) as on_duckdb:
            open_folder(url)
        said = spark._in_two_cases(url)
        assert isinstance(said, ParquetError)
        assert str(said) == str(on_duckdb.value)
        assert "holds columns amount_usd and AMOUNT_USD" in str(said)
    # Files with no such pair, or a prefix DuckDB cannot read either: Spark's own words.
    assert spark._in_two_cases(f"s3://{BUCKET}/fixture-plain") is None
    assert spark._in_two_cases(f"s3://{BUCKET}/fixture-nothing-here") is None
