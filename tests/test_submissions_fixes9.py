"""What the admin is told of a submission before approving it: ``warnings`` in the queue's
listing (CLI table and JSON, the admin API) and the flags an approval's records got. An
audit found approvals made blind: a submission sent twice queued and counted twice, a
monthly figure or a pay below the minimum wage approved unsaid, an entry level with 25
years, "Gogle" stored as a company of its own."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from paygrade.config import Settings
from paygrade.store import Store
from paygrade.submissions import approve, queue, reject, submit
from tests.test_cli import ok
from tests.test_submissions import GOOD

# GOOD with the audit's figures: a senior at Amazon in Seattle, 8 years.
SENIOR = {**GOOD, "company": "Amazon", "years_experience": 8, "bonus": 0, "stock_per_year": 0}


@pytest.fixture
def real_copy(real_db: Path, tmp_path: Path) -> Path:
    """A copy of the real store that a test may write."""
    db = tmp_path / "store.duckdb"
    shutil.copyfile(real_db, db)
    return db


def queued(db: Path, *sent: dict[str, Any]) -> Settings:
    settings = Settings(db=db)
    store = Store.open_reading(db)
    try:
        for number, data in enumerate(sent):
            submit(settings, data, client=f"198.51.100.{number}", store=store)
    finally:
        store.close()
    return settings


def listed_warnings(db: Path, status: str = "pending") -> dict[int, Any]:
    out = ok("--db", db, "submissions", "list", "--status", status, "--format", "json")
    return {row["id"]: row["warnings"] for row in json.loads(out)}


def test_the_same_submission_sent_twice_is_said_same_as_the_first(real_copy: Path) -> None:
    # Both had been listed alike, and approved counted as two people (dup_rank 1 each).
    settings = queued(real_copy, SENIOR, SENIOR, {**SENIOR, "base": 181_000})
    assert listed_warnings(real_copy) == {1: [], 2: ["same as #1"], 3: []}
    store = Store.open(real_copy)
    try:
        approve(store, settings, 1)
    finally:
        store.close()
    # Approved, the first is still the one the second repeats; a decided one has none.
    assert listed_warnings(real_copy, "all") == {1: None, 2: ["same as #1"], 3: []}


def test_a_rejected_submission_is_no_first_copy() -> None:
    from paygrade.submission_warnings import warned

    row = {"id": 1, "status": "rejected", "title": "ML Engineer", "year": 2024}
    again = {**row, "id": 2, "status": "pending"}
    assert [r["warnings"] for r in warned([row, again], None)] == [None, []]


def test_pay_below_the_minimum_wage_is_said_in_the_listing_and_at_approval(
    real_copy: Path,
) -> None:
    # Stored flagged below_us_minimum_wage (left out of statistics), and neither said so.
    queued(real_copy, {**SENIOR, "base": 15_000})
    [said] = listed_warnings(real_copy)[1]
    assert said.startswith(
        "would be flagged below_us_minimum_wage (base 15,000 USD, total 15,000 USD): "
        "full-time US pay below the federal minimum wage"
    )
    table = ok("--db", real_copy, "submissions", "list")
    assert "warnings" in table and "below_us_minimum_wage" in table
    out = ok("--db", real_copy, "submissions", "approve", "1")
    assert (
        "warning: base record (15,000 USD) flagged below_us_minimum_wage: left out of "
        "statistics unless --include-flagged\n"
    ) in out


def test_a_monthly_figure_typed_as_yearly_is_said_below_all_its_peers(real_copy: Path) -> None:
    # 16,000 passes the plausibility floor (15,080) and was approved with no word.
    queued(real_copy, {**SENIOR, "base": 16_000})
    [said] = listed_warnings(real_copy)[1]
    assert said.startswith("base 16,000 USD is below all ")
    assert " senior base records of US (the lowest " in said
    assert said.endswith("a monthly figure, or a typo?")


def test_an_entry_level_with_25_years_is_said(real_copy: Path) -> None:
    queued(real_copy, {**SENIOR, "level": "entry", "years_experience": 25})
    assert listed_warnings(real_copy)[1] == [
        "level entry with 25 years of experience: 25 years is senior level by the data's bands"
    ]


def test_levels_one_apart_or_past_the_last_band_are_not_said() -> None:
    from paygrade.submission_warnings import level_warnings

    assert level_warnings({"level": "senior", "years_experience": 8.0}) == []
    assert level_warnings({"level": "staff", "years_experience": 20.0}) == []
    assert level_warnings({"level": "mid", "years_experience": 1.0}) == []
    assert level_warnings({"level": "senior", "years_experience": 1.0}) == [
        "level senior with 1 year of experience: 1 year is entry level by the data's bands"
    ]


def test_a_company_spelt_near_one_held_is_said(real_copy: Path) -> None:
    # "Gogle" was stored as a company of its own; a company the data lacks and is near
    # none is no mistake, and not said.
    queued(real_copy, {**SENIOR, "company": "Gogle"}, {**SENIOR, "company": "Qzxwv Labs"})
    assert listed_warnings(real_copy) == {
        1: ["company Gogle not held; did you mean Google?"],
        2: [],
    }


def test_the_admin_api_lists_the_warnings(real_copy: Path) -> None:
    from paygrade.store.snapshot import publish_file
    from tests.web.test_submissions_api import ADMIN, _client

    settings = queued(real_copy, SENIOR, SENIOR, {**SENIOR, "company": "Gogle"})
    publish_file(real_copy)  # what the server reads
    reject(settings, 1, "test")
    with _client(real_copy) as client:
        answer = client.get("/api/v1/submissions?status=all", headers=ADMIN)
    assert answer.status_code == 200
    # The first rejected: the second repeats no submission that counts.
    assert [(row["id"], row["warnings"]) for row in answer.json()] == [
        (1, None),
        (2, []),
        (3, ["company Gogle not held; did you mean Google?"]),
    ]
    assert [row["id"] for row in queue(settings)] == [2, 3]
