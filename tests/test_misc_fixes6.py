"""Fixes of this stop's miscellany: an offer's peer sets tried, said once each; test
servers' ports under pytest-xdist; Apple's filed grades and managers written "MGR"."""

from __future__ import annotations

from pathlib import Path

import pytest

from paygrade.ingest import ingest_file
from paygrade.normalize.company_levels import company_level, resolve_level
from paygrade.normalize.titles import classify_title
from paygrade.offers import Profile, market_position
from paygrade.store import Store
from tests.test_market_fixes6 import BOSTON, SEATTLE, _peers
from tests.web.conftest import free_port, worker_ports


def test_a_place_tried_for_total_then_base_pay_is_one_fallback(
    store: Store, tmp_path: Path
) -> None:
    # Seattle was listed for total pay, then again after the country for base pay:
    # "metro Seattle...: 2 peer record(s) of base pay, fewer than 5".
    _peers(store, tmp_path, [(SEATTLE, "base", 100_000.0, "")] * 2)
    _peers(store, tmp_path, [(BOSTON, "base", 120_000.0, "")] * 6, 2023)
    market = market_position(store, 350_000, Profile("ml_engineer", "senior", SEATTLE))
    assert (market["pay_component"], market["peers"], market["n"]) == (
        "base", {"country": "US"}, 8
    )  # fmt: skip
    assert market["fallbacks"] == [
        f"metro {SEATTLE}: 0 peer record(s) of total pay and 2 of base pay, fewer than 5 of each",
        "country US: 0 peer record(s) of total pay, fewer than 5; 8 peers of base pay alone "
        "(csv, 2023-2024)",
    ]


def test_no_set_large_enough_says_each_set_once_with_both_counts(
    store: Store, tmp_path: Path
) -> None:
    _peers(store, tmp_path, [(SEATTLE, "total", 200_000.0, "6"), (SEATTLE, "base", 1e5, "")])
    market = market_position(store, 350_000, Profile("ml_engineer", "senior", SEATTLE, years=6))
    assert market["percentile"] is None and market["n"] == 1  # the first set with peers
    assert market["fallbacks"] == [
        f"metro {SEATTLE}, years_experience 5-7: 1 peer record(s) of total pay and 0 of base "
        "pay, fewer than 5 of each",
        "country US, years_experience 5-7: 1 peer record(s) of total pay and 0 of base pay, "
        "fewer than 5 of each",
        f"metro {SEATTLE}: 1 peer record(s) of total pay and 1 of base pay, fewer than 5 of each",
        "country US: 1 peer record(s) of total pay and 1 of base pay, fewer than 5 of each",
    ]


@pytest.mark.parametrize(
    ("worker", "workers", "ports"),
    [
        ("", 1, range(18460, 18480)),  # not under xdist: the whole range
        ("gw0", 1, range(18460, 18480)),
        ("gw0", 2, range(18460, 18470)),
        ("gw1", 2, range(18460 + 10, 18480)),
        ("gw0", 3, range(18460, 18466)),
        ("gw2", 3, range(18472, 18480)),  # the last share takes the ports left over
    ],
)
def test_each_xdist_worker_takes_its_own_share_of_the_port_range(
    worker: str, workers: int, ports: range
) -> None:
    # Both workers of `pytest -n 2` took the first free port of the whole range, and
    # could start their servers on the same one.
    assert worker_ports("18460-18479", worker, workers) == ports


def test_shares_of_the_port_range_do_not_overlap_and_cover_it() -> None:
    shares = [worker_ports("18300-18319", f"gw{i}", 3) for i in range(3)]
    assert [port for share in shares for port in share] == list(range(18300, 18320))


def test_any_port_is_not_split_and_a_too_small_range_is_refused() -> None:
    assert worker_ports("0-0", "gw1", 2) == range(0, 1)
    with pytest.raises(RuntimeError, match="fewer ports than 3 workers"):
        worker_ports("18460-18461", "gw2", 3)


def test_a_second_worker_takes_a_port_of_its_share(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TESTS_PORT_RANGE", "18460-18479")
    monkeypatch.setenv("PYTEST_XDIST_WORKER", "gw1")
    monkeypatch.setenv("PYTEST_XDIST_WORKER_COUNT", "2")
    assert free_port() in range(18470, 18480)


@pytest.mark.parametrize(
    ("title", "company", "expected"),
    [
        ("MACHINE LEARNING ENG 3", "Apple", "ICT3"),  # had been senior, by the bare grade
        ("MACHINE LEARNING ENGINEER 4", "Apple", "ICT4"),
        ("MACHINE LEARNING ENG 5", "Apple", "ICT5"),  # had been no level (grades past 4)
        ("SAP S/4 HANA Application Engineer - Order to Cash", "Apple", None),  # not a grade
        ("SW ENG SYS MGR 3", "Apple", None),  # a manager's band, no IC level
        ("DATA SCIENTIST MGR 1", "Apple", None),
        ("MACHINE LEARNING ENG 3", "Acme", None),  # no ladder: the generic grade
    ],
)
def test_a_number_ending_an_apple_title_is_its_ict_grade(
    title: str, company: str, expected: str | None
) -> None:
    assert company_level(title, company) == expected


def test_a_grade_without_a_company_is_no_companys_level() -> None:
    # A bare number counts with the company only: "Data Scientist 3" is not Apple's ICT3.
    assert resolve_level("Data Scientist 3") == {
        "level": "senior", "company": None, "company_level": None
    }  # fmt: skip


@pytest.mark.parametrize("title", ["SW ENG SYS MGR 3", "SW ENG MGR", "MGR SW ENG", "SYS MGR 2"])
def test_a_manager_of_a_function_written_short_is_a_manager(title: str) -> None:
    # "SW ENG SYS MGR 3" (FY2013, Apple, $191,048) was a senior software engineer: the
    # manager rows read software, engineering and systems, not SW, ENG and SYS.
    assert classify_title(title) == classify_title("Software Engineering Manager")


# Hand-written fixture rows (not product data): Apple's filed titles, and one elsewhere.
APPLE_FIXTURE = """year,title,company,pay_component,amount_usd
2017,MACHINE LEARNING ENG 3,APPLE INC.,base,105000
2017,MACHINE LEARNING ENG 4,APPLE INC.,base,160000
2013,SW ENG SYS MGR 3,APPLE INC.,base,191048
2017,MACHINE LEARNING ENG 3,Acme Robotics,base,105000
"""


def test_ingest_levels_apples_filed_grades_on_its_ladder(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "fixture-apple-grades.csv"
    path.write_text(APPLE_FIXTURE, encoding="utf-8")
    assert ingest_file(store, "csv", path).rows_accepted == 4
    rows = store.con.execute(
        "SELECT company, role, level, company_level FROM records ORDER BY source_row"
    ).fetchall()
    assert rows == [
        ("Apple", "ml_engineer", "mid", "ICT3"),
        ("Apple", "ml_engineer", "senior", "ICT4"),
        ("Apple", "manager", None, None),
        ("Acme Robotics", "ml_engineer", "senior", None),
    ]
