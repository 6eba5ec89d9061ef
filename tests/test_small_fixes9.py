"""Two small honesty gaps: /api/v1/companies cut to its limit says so, and one's own CSV
row naming a level its company's reviewed ladder has not is quarantined with why.

Every file here is a hand-written fixture (named ``fixture-*``), never product data."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from paygrade.companies import companies
from paygrade.config import Settings
from paygrade.ingest import ingest_file
from paygrade.store import Store
from paygrade.web import create_app
from tests.conftest import write_file


@pytest.fixture(scope="module")
def client(web_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(db=web_db)), raise_server_exceptions=False) as own:
        yield own


def test_api_companies_cut_to_its_limit_says_so_in_a_header(
    client: TestClient, real_store: Store
) -> None:
    # The first 100 of 510 ML engineers' companies had come back alone, a bare list read
    # as every company there is; MCP says it (companies.cut_short), the API said nothing.
    every = len(companies(real_store, where={"role": ["ml_engineer"]}))
    assert every > 100
    cut = client.get("/api/v1/companies?where=role:ml_engineer")
    assert len(cut.json()) == 100  # the list is as it was
    assert cut.headers.get_list("X-Paygrade-Warning") == [
        f"showing 100 of {every:,} companies, those with most records: raise limit for more"
    ]
    whole = client.get(f"/api/v1/companies?where=role:ml_engineer&limit={every}")
    assert len(whole.json()) == every and "X-Paygrade-Warning" not in whole.headers


# One's own file: Google has no L55; Fixture Co has no reviewed ladder, its level as given.
LEVELS = (
    "year,title,company,company_level,pay_component,amount_usd\n"
    "2024,Software Engineer,Google,L55,base,190000\n"
    "2024,Software Engineer,Google,L5,base,191000\n"
    "2024,Software Engineer,Fixture Co,X9,base,150000\n"
)


def test_a_company_level_its_company_has_not_is_quarantined_with_its_levels(
    store: Store, tmp_path: Path
) -> None:
    # Google L55 had been stored with no level and no word ("read 3, accepted 3").
    done = ingest_file(store, "csv", write_file(tmp_path, "fixture-levels.csv", LEVELS))
    assert done.status == "ok"
    kept = store.con.execute(
        "SELECT company, company_level, level FROM records ORDER BY amount"
    ).fetchall()
    assert kept == [("Fixture", "X9", None), ("Google", "L5", "senior")]
    said = store.con.execute("SELECT source_row, reason FROM quarantine").fetchall()
    assert said == [
        (
            1,
            "bad company_level: 'L55' is not one of Google's levels: "
            "L3, L4, L5, L6, L7, L8, L9, L10",
        )
    ]
