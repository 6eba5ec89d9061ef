"""Three wordings made true: a count of distinct rows said under its table, the 2015-2019
filings not called certified, and the $1M base flag's reason."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from paygrade.config import Settings
from paygrade.web import create_app
from tests.conftest import FIXTURES
from tests.test_cli import ok

# ---------------------------------------------------------------- --distinct-rows said


@pytest.fixture(scope="module")
def small_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """fixture-canonical-small.csv ingested: a few hand-written records."""
    db = tmp_path_factory.mktemp("small") / "small.duckdb"
    ok("--db", db, "ingest", "csv", FIXTURES / "fixture-canonical-small.csv")
    return db


@pytest.fixture(scope="module")
def small_client(small_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(db=small_db))) as client:
        yield client


COUNTED_ONCE = "counted once: identical rows of one file, so n is the distinct n (--distinct-rows)"


def test_the_stats_table_says_it_counted_identical_rows_once(small_db: Path) -> None:
    # Only the JSON's "distinct_rows" had said it: the table read as counting every row.
    assert COUNTED_ONCE in ok("--db", small_db, "stats", "--by", "role", "--distinct-rows")
    assert "counted once" not in ok("--db", small_db, "stats", "--by", "role")


def test_the_explore_page_says_it_counted_identical_rows_once(small_client: TestClient) -> None:
    said = 'data-testid="stats-distinct-rows">Counted once: identical rows of one file'
    assert said in small_client.get("/explore?by=role&distinct_rows=true").text
    assert "stats-distinct-rows" not in small_client.get("/explore?by=role").text
