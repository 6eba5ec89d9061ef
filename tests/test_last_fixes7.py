"""Three wordings made true: a count of distinct rows said under its table, the 2015-2019
filings not called certified, and the $1M base flag's reason."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from paygrade.config import Settings
from paygrade.web import create_app
from tests.test_cli import ok, small_db  # noqa: F401 - its fixture: the small store, read only

# ---------------------------------------------------------------- --distinct-rows said


@pytest.fixture(scope="module")
def small_client(
    small_db: Path,  # noqa: F811 - test_cli's
) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(db=small_db))) as client:
        yield client


COUNTED_ONCE = "counted once: identical rows of one file, so n is the distinct n (--distinct-rows)"


def test_the_stats_table_says_it_counted_identical_rows_once(
    small_db: Path,  # noqa: F811 - test_cli's
) -> None:
    # Only the JSON's "distinct_rows" had said it: the table read as counting every row.
    assert COUNTED_ONCE in ok("--db", small_db, "stats", "--by", "role", "--distinct-rows")
    assert "counted once" not in ok("--db", small_db, "stats", "--by", "role")


def test_the_explore_page_says_it_counted_identical_rows_once(small_client: TestClient) -> None:
    said = 'data-testid="stats-distinct-rows">Counted once: identical rows of one file'
    assert said in small_client.get("/explore?by=role&distinct_rows=true").text
    assert "stats-distinct-rows" not in small_client.get("/explore?by=role").text


# ---------------------------------------------------------------- the 2015-2019 filings


def test_the_2015_2019_filings_are_not_called_certified() -> None:
    # The file has no case status and its publisher did not filter by it (SOURCES.md).
    from paygrade.web.pages.home import FIGURES
    from paygrade.web.render import data_sources

    described = {s["name"]: s["description"] for s in data_sources()}
    assert "certified" not in described["h1b"]
    assert "certified" in described["h1b_2024"]  # SOURCES.md: certified, full-time only
    # The home page's base-pay figures count the h1b filings too.
    assert [c for _, _, c, _, _ in FIGURES if "certified" in c] == []
