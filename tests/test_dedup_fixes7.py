"""The same rows of a csv file saved as other bytes ("100000.0", an amount_usd for an amount
in USD) are the same records, skipped as stored already: three such files of two rows had
counted n=8 (with a column-moved copy) for 2 observations, without a word."""

from __future__ import annotations

from pathlib import Path

from paygrade.ingest import ingest_file
from paygrade.store import Store
from tests.conftest import run_each, write_file

# Hand-written fixtures: the audit's two rows, in the words of three files.
AS_WRITTEN = (
    "year,title,pay_component,amount,currency\n"
    "2024,Dedup ML Engineer,base,100000,USD\n"
    "2023,Dedup ML Engineer,total,150000,USD\n"
)
AS_DECIMALS = AS_WRITTEN.replace("100000", "100000.0").replace("150000", "150000.0")
AS_USD = (
    "year,title,pay_component,amount_usd\n"
    "2024,Dedup ML Engineer,base,100000\n"
    "2023,Dedup ML Engineer,total,150000\n"
)


def counted(store: Store) -> int:
    return int(store.scalar("SELECT count(*) FROM records"))


def test_the_same_records_in_other_words_are_skipped_as_stored(
    store: Store, tmp_path: Path
) -> None:
    ingest_file(store, "csv", write_file(tmp_path, "fixture-d1.csv", AS_WRITTEN))
    for name, text in (("fixture-d3.csv", AS_DECIMALS), ("fixture-d4.csv", AS_USD)):
        again = ingest_file(store, "csv", write_file(tmp_path, name, text))
        assert again.summary() == (
            f"csv {name}: skipped (every row is stored already, from fixture-d1.csv)"
        )
    assert counted(store) == 2


def test_files_sharing_only_some_records_both_count(store: Store, tmp_path: Path) -> None:
    ingest_file(store, "csv", write_file(tmp_path, "fixture-d1.csv", AS_WRITTEN))
    more = AS_USD + "2022,Dedup ML Engineer,base,90000\n"
    assert ingest_file(store, "csv", write_file(tmp_path, "fixture-more.csv", more)).status == "ok"
    other = AS_DECIMALS.replace("150000.0", "150001.0")
    assert (
        ingest_file(store, "csv", write_file(tmp_path, "fixture-other.csv", other)).status == "ok"
    )
    assert counted(store) == 7


def test_a_listing_of_csv_records_ingested_into_their_store_is_skipped(tmp_path: Path) -> None:
    db, listing = tmp_path / "l.duckdb", tmp_path / "fixture-listing.csv"
    first = write_file(tmp_path, "fixture-d1.csv", AS_WRITTEN)
    ingested, listed = run_each(
        ("--db", db, "ingest", "csv", first), ("--db", db, "records", "--format", "csv")
    )
    assert ingested.returncode == listed.returncode == 0
    listing.write_text(listed.stdout, encoding="utf-8", newline="")
    (again,) = run_each(("--db", db, "ingest", "csv", listing))
    assert again.stdout == (
        "csv fixture-listing.csv: skipped (every row is stored already, from fixture-d1.csv)\n"
    )
