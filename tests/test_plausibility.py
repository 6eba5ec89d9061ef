"""Plausibility flags: the rule table, the SQL that applies it, and what statistics do with it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from paygrade.ingest import ingest_file
from paygrade.normalize.plausibility import CONDITIONS, flags, reasons
from paygrade.stats import stats
from paygrade.store import Store

from .conftest import write_file

HEADER = "year,title,level,country,currency,employment_type,pay_component,amount_usd"
# Hand-written fixture rows: (row, the flags it must earn).
CASES: list[tuple[str, list[str]]] = [
    ("2023,Developer,senior,US,USD,full_time,total,2000", ["below_us_minimum_wage"]),
    ("2023,Developer,senior,,USD,,total,2000", ["below_us_minimum_wage"]),  # SO: no country
    ("2023,Developer,senior,US,USD,part_time,total,9000", []),  # part-time may earn that
    ("2023,Developer,senior,IN,INR,full_time,total,9000", []),  # not a US floor
    ("2023,Data Analyst,entry,US,USD,full_time,total,774000", ["entry_above_300k"]),
    ("2023,Data Analyst,entry,US,USD,full_time,total,300000", []),  # bounds are inclusive
    ("2023,ML Engineer,mid,US,USD,full_time,total,700000", ["mid_above_600k"]),
    ("2023,ML Engineer,senior,US,USD,,base,1200000", ["base_above_1m"]),
    ("2023,ML Engineer,senior,US,USD,,total,1200000", []),  # equity makes total pay large
    ("2023,ML Engineer,entry,US,USD,full_time,base,1200000", ["base_above_1m", "entry_above_300k"]),
    ("2023,ML Engineer,senior,US,USD,full_time,total,150000", []),
]


def test_every_rule_row_names_known_conditions_and_a_reason() -> None:
    for rule in flags():
        assert set(rule.conditions) == set(CONDITIONS)
        assert rule.min_usd is not None or rule.max_usd is not None, rule.flag
        assert rule.why.strip()
    assert set(reasons()) == {rule.flag for rule in flags()}


def test_every_reason_names_its_own_bound() -> None:
    # "an entry-level salary above this is ..." named no amount: the quality page and API
    # show the reason without the rule's row.
    for rule in flags():
        bound = rule.max_usd if rule.max_usd is not None else rule.min_usd
        assert bound is not None
        written = (f"{bound:,.0f}", f"${bound / 1e6:g}M")
        assert any(text in rule.why for text in written), (rule.flag, rule.why)


@pytest.fixture
def flagged_store(store: Store, tmp_path: Path) -> Store:
    text = "\n".join([HEADER, *(row for row, _ in CASES)]) + "\n"
    result = ingest_file(store, "csv", write_file(tmp_path, "fixture-flags.csv", text))
    assert (result.rows_accepted, result.rows_rejected) == (len(CASES), 0)
    return store


def _row(line: str) -> dict[str, Any]:
    values = dict(zip(HEADER.split(","), line.split(","), strict=True))
    record: dict[str, Any] = {k: (v or None) for k, v in values.items()}
    record["amount_usd"] = float(values["amount_usd"])
    return record


@pytest.mark.parametrize(("line", "expected"), CASES)
def test_the_python_rules_and_the_sql_agree(line: str, expected: list[str]) -> None:
    record = _row(line)
    assert sorted({rule.flag for rule in flags() if rule.applies(record)}) == expected


def test_ingest_stores_each_records_flags(flagged_store: Store) -> None:
    got = flagged_store.con.execute("SELECT flags FROM records ORDER BY source_row").fetchall()
    assert [row[0] for row in got] == [expected for _, expected in CASES]


def test_statistics_leave_flagged_records_out_and_say_how_many(flagged_store: Store) -> None:
    flagged = sum(1 for _, expected in CASES if expected)
    default = stats(flagged_store)
    assert default["groups"][0]["n"] == len(CASES) - flagged
    assert default["flagged_excluded"] == flagged
    assert default["include_flagged"] is False
    everything = stats(flagged_store, include_flagged=True)
    assert everything["groups"][0]["n"] == len(CASES)
    assert everything["flagged_excluded"] == 0
    assert sum(everything["sources"].values()) == len(CASES)


def test_flag_counts_follow_the_filters(flagged_store: Store) -> None:
    entry = stats(flagged_store, where={"level": ["entry"]})
    assert entry["flagged_excluded"] == 2
    assert entry["groups"][0]["n"] == 1


def test_a_flag_of_several_rows_is_explained_by_each() -> None:
    # The Stack Overflow extract's flagged answers have no country: the first row's wording
    # alone ("full-time US pay below ...") was shown as the why of all of them.
    why = reasons()["below_us_minimum_wage"]
    assert why.startswith("full-time US pay below the federal minimum wage")
    assert "answers paid in US dollars with no country" in why
    for rule in flags():
        assert rule.why in reasons()[rule.flag]
