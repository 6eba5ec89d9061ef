"""Small honesty gaps: /api/v1/companies cut to its limit says so."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from paygrade.companies import companies
from paygrade.config import Settings
from paygrade.store import Store
from paygrade.web import create_app


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
