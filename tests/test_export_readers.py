"""`paygrade export` is "readable by Spark, DuckDB, Polars and pandas" (README, docs/scale.md).

Spark, pyarrow, pandas and DuckDB read the real export in tests/test_engines.py and
tests/test_spark_connect_fixes8.py. This file reads it with Polars, as docs/scale.md tells a
user to (the glob of the partitions, ``hive_partitioning=True``), and holds the docs' word on
what Polars does when given the folder itself: it takes in ``_tables/`` and fails. A Polars
release that changed either would make the docs wrong, and this test says so.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from paygrade.parquet import columns
from paygrade.store import Store

# What docs/scale.md gives a Polars user: the partition files alone, never _tables/.
PARTITIONS = "*/*/*.parquet"


def test_polars_reads_the_partitions_as_the_docs_say(real_export: Path, real_store: Store) -> None:
    frame = pl.scan_parquet(str(real_export / PARTITIONS), hive_partitioning=True).collect()
    assert set(frame.columns) == set(columns())
    # The partition keys come back as the folders name them, with the records' own types.
    assert frame.schema["source"] == pl.String and frame.schema["year"].is_integer()
    held = real_store.con.execute(
        "SELECT source, year, count(*), sum(amount_usd) FROM records GROUP BY ALL ORDER BY ALL"
    ).fetchall()
    read = (
        frame.group_by("source", "year")
        .agg(pl.len(), pl.col("amount_usd").sum())
        .sort("source", "year")
        .rows()
    )
    assert [row[:3] for row in read] == [row[:3] for row in held]
    # The same pay, summed in another order: equal to the last few digits.
    assert [row[3] for row in read] == pytest.approx([row[3] for row in held], rel=1e-12)


@pytest.mark.parametrize(
    ("given", "said"),
    [
        ("", "different file extensions"),  # the folder: _paygrade.json beside the parquet
        ("**/*.parquet", "extra column in file outside of expected schema"),  # _tables/
    ],
)
def test_polars_given_more_than_the_partitions_fails_as_the_docs_warn(
    real_export: Path, given: str, said: str
) -> None:
    with pytest.raises(Exception, match=said):
        pl.scan_parquet(str(real_export / given), hive_partitioning=True).collect()
