"""Normalizing per kind of row (``canonical.KIND_FIELDS``) says what normalizing per row said.

The fields a row's kind is made of (vocabularies, year, currency, country, state, metro)
are read once per kind and joined back; a row's own fields (title, amount, experience)
are read per row. These pin that the two meet as before: each row gets its own kind's
reading, and its reasons stay in the order the checks list them.
"""

from __future__ import annotations

from pathlib import Path

from paygrade.store import Store
from tests.test_canonical_csv import ingest_rows, reasons, records

HEADER = "year,title,pay_component,amount_usd,country,state,years_experience"


def test_reasons_of_a_row_and_of_its_kind_keep_their_order(store: Store, tmp_path: Path) -> None:
    # Year, country and state are the kind's; title, amount and experience the row's.
    ingest_id = ingest_rows(store, tmp_path, HEADER, "20x4,,base,abc,ZZ,Cascadia,ten")
    assert reasons(store, ingest_id) == {
        1: "; ".join(
            [
                "bad year: '20x4' is not a whole number",
                "missing title",
                "bad amount_usd: 'abc' is not a number",
                "bad years_experience: 'ten'",
                "bad country: 'ZZ' is not an ISO 3166 alpha-2 code",
                "bad state: 'Cascadia' is not the code of a US state, DC or territory",
            ]
        )
    }


def test_rows_of_one_kind_are_each_read_on_their_own(store: Store, tmp_path: Path) -> None:
    rows = [
        "2024,Data Engineer,base,150000,US,CA,3",
        "2024,Data Engineer,base,abc,US,CA,3",
        "2024,Senior Data Scientist,base,210000,US,CA,12",
    ]
    ingest_id = ingest_rows(store, tmp_path, HEADER, *rows)
    assert reasons(store, ingest_id) == {2: "bad amount_usd: 'abc' is not a number"}
    kept = [
        (r["title"], r["role"], r["level"], r["amount_usd"], r["state"])
        for r in records(store, ingest_id)
    ]
    assert kept == [
        ("Data Engineer", "data_engineer", "mid", 150000.0, "CA"),
        ("Senior Data Scientist", "data_scientist", "senior", 210000.0, "CA"),
    ]


def test_a_field_left_blank_is_a_kind_of_its_own(store: Store, tmp_path: Path) -> None:
    # A blank (NULL) country or state meets its own kind, not a given one's.
    rows = [
        "2024,Data Engineer,base,150000,,,",
        "2024,Data Engineer,base,150000,US,,",
        "2024,Data Engineer,base,150000, us ,CA,",
        "2024,Data Engineer,base,150000,DE,CA,",
    ]
    ingest_id = ingest_rows(store, tmp_path, HEADER, *rows)
    assert reasons(store, ingest_id) == {4: "bad state: CA is in the US, but the country is DE"}
    assert [(r["country"], r["state"]) for r in records(store, ingest_id)] == [
        (None, None),
        ("US", None),
        ("US", "CA"),
    ]
