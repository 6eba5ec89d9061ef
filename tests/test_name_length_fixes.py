"""A company or city past ``canonical.MAX_NAME`` characters is quarantined with its reason,
as an over-long title is: a 300,000-character company had been stored."""

from __future__ import annotations

from pathlib import Path

from paygrade.normalize.canonical import MAX_NAME
from paygrade.store import Store
from tests.test_canonical_csv import ingest_rows, reasons, records

HEADER = "year,title,company,city,state,country,pay_component,amount_usd"


def test_an_overlong_company_or_city_is_quarantined_with_its_reason(
    store: Store, tmp_path: Path
) -> None:
    long = "A" * (MAX_NAME + 1)
    ingest_id = ingest_rows(
        store,
        tmp_path,
        HEADER,
        f"2024,ML Engineer,{long},Seattle,WA,US,base,150000",
        f"2024,ML Engineer,Acme,{long},WA,US,base,150000",
        f"2024,ML Engineer,{'B' * MAX_NAME},Seattle,WA,US,base,150000",  # at the limit: kept
    )
    assert reasons(store, ingest_id) == {
        1: f"bad company: longer than {MAX_NAME} characters",
        2: f"bad city: longer than {MAX_NAME} characters",
    }
    assert [len(r["company_raw"]) for r in records(store, ingest_id)] == [MAX_NAME]
