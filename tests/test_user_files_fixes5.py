"""A user's files, fifth round: an over-long CSV line named by its line, progress while a
large CSV is read, a workbook formula with no saved value, a Parquet folder that lacks the
column a question needs, and a workbook's other sheets read no further than their header.
Hand-written fixture rows (named fixture-*, never product data)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from paygrade.records import BadInputFile
from paygrade.sources.reading import MAX_LINE_BYTES, inspect_file, stage_csv
from tests.conftest import write_file

HEADER = "year,title,pay_component,amount_usd\n"
ROW = "2023,Data Scientist,base,120000\n"
REQUIRED = ("year", "title", "pay_component")


@pytest.fixture
def con() -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect()
    yield connection
    connection.close()


# --- 1. a line longer than a line may be, named by its line -----------------------------


def test_an_over_long_line_is_named_by_its_line_and_says_what_to_do(
    tmp_path: Path, con: duckdb.DuckDBPyConnection
) -> None:
    # Line 2 holds a field over three lines, so the long row (the 4th data row) is line 7.
    body = ROW + '2023,"Data\nScientist\nII",base,1\n' + ROW
    long_row = "2023," + "x" * (MAX_LINE_BYTES + 10) + ",base,1\n"
    path = write_file(tmp_path, "fixture-long.csv", HEADER + body + long_row + ROW)
    with pytest.raises(BadInputFile) as caught:
        stage_csv(con, inspect_file(path), "raw", REQUIRED)
    said = str(caught.value)
    assert said.startswith(
        f"fixture-long.csv: cannot read as CSV: line 7 is longer than {MAX_LINE_BYTES} bytes"
    )
    assert "delete the line" in said
