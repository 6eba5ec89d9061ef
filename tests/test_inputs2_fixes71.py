"""Bad input and honest words, stop 71 (part 2): a Parquet file named as a workbook, an
h1b_2024 column of the wrong type, a sheet's missing column said as a first line's, the
shifted-row refusal's "fix the row" of several rows, and the report's words on OEWS pay
and on the managers' rows."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pytest

from paygrade.ingest import ingest_file
from paygrade.records import BadInputFile
from paygrade.store import Store
from tests.test_h1b_2024 import SCHEMA, filing

HEADER = "year,country,pay_component,amount,currency,title,company,city"


def _counts(store: Store) -> tuple[int, ...]:
    return tuple(
        int(store.scalar(f"SELECT count(*) FROM {table}") or 0)
        for table in ("ingest_log", "records", "raw_rows", "quarantine")
    )


def _filings(columns: dict[str, pa.Array]) -> pa.Table:
    """Two filings typed as the real extract is, with ``columns`` put in their place."""
    rows = [
        filing("Acme Corp", "Data Scientist", 150_000.0, "Year", 150_000.0, 0),
        filing("Beta Labs", "Machine Learning Engineer", 80.0, "Hour", 166_400.0, 1),
    ]
    table = pa.Table.from_pylist(rows, SCHEMA)
    for name, values in columns.items():
        table = table.set_column(table.schema.get_field_index(name), name, values)
    return table


# --- a CSV row longer than its header, of several rows --------------------------------


@pytest.mark.parametrize(
    ("rows", "fix"),
    [
        (["Engineer, ML,Acme,"], "fix the row and ingest again"),
        (["Engineer, ML,Acme,", "Lead, Data,Acme,"], "(2 rows so in all); fix the rows and"),
        # Two blank fields too many: how many rows are so is not known.
        (["Engineer, ML,Acme,,"], "fix each row so and ingest again"),
    ],
)
def test_the_shifted_row_refusal_asks_to_fix_the_rows_it_counts(
    store: Store, tmp_path: Path, rows: list[str], fix: str
) -> None:
    path = tmp_path / "fixture-shifted.csv"
    lines = [f"2024,US,base,{150_000 + i},USD,{row}" for i, row in enumerate(rows)]
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    with pytest.raises(BadInputFile) as refused:
        ingest_file(store, "csv", path)
    said = str(refused.value)
    assert said.startswith("fixture-shifted.csv: cannot read as CSV: line 2: ")
    assert fix in said
    assert _counts(store) == (0, 0, 0, 0)
