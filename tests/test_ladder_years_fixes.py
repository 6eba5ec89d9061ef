"""A projected path whose years given are past the typical start of levels above the one
given (mid at 10 years): those levels had been "now", levels not held. The path counts
from the level's typical start, as the level alone does, and says so on every face."""

from __future__ import annotations

import json
from pathlib import Path

from fastapi.testclient import TestClient

from paygrade.config import Settings
from paygrade.ladder import ladder
from paygrade.store import Store
from paygrade.web import create_app
from tests.conftest import ok_each

NOTE = (
    "10 years is past the typical start of senior (5 years) and staff (8 years), levels "
    "above mid: the path counts from mid's typical start (2 years), as given the level alone"
)


def test_no_level_above_the_one_held_is_now(real_store: Store) -> None:
    past = ladder(real_store, level="mid", years=10)
    alone = ladder(real_store, level="mid")
    assert [(p["level"], p["years_from_now"]) for p in past["path"]] == [
        ("mid", 0.0), ("senior", 3.0), ("staff", 6.0), ("principal", 10.0)
    ]  # fmt: skip
    assert past["path"] == alone["path"] and past["path_note"] == NOTE
    assert "path_note" not in alone


def test_years_short_of_the_next_level_count_as_given(real_store: Store) -> None:
    within = ladder(real_store, level="mid", years=4)
    assert [p["years_from_now"] for p in within["path"]] == [0.0, 1.0, 4.0, 8.0]
    assert "path_note" not in within


def test_the_cli_says_it_under_the_path(real_db: Path) -> None:
    table, as_json = ok_each(
        ["--db", real_db, "ladder", "--level", "mid", "--years", "10"],
        ["--db", real_db, "ladder", "--level", "mid", "--years", "10", "--format", "json"],
    )
    assert "path: senior in 3 years:" in table and f"note: {NOTE}\n" in table
    assert json.loads(as_json)["path_note"] == NOTE


def test_the_page_says_it(web_db: Path) -> None:
    with TestClient(create_app(Settings(db=web_db))) as client:
        page = client.get("/ladder", params={"level": "mid", "years": 10})
    assert page.status_code == 200
    assert f'<p class="note" data-testid="path-years-past">{NOTE}.</p>' in page.text.replace(
        "&#39;", "'"
    )
