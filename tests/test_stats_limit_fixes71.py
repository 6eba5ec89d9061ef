"""A limited stats question (``--limit N``) makes the figures of the groups it shows alone,
and its answer is the unlimited answer cut the same way: the N groups with most records
(ties: the first in the answer's order), in the answer's order, the rest counted in
``groups_omitted``, every other key and warning alike.

`paygrade stats --by title --limit 40` had made the percentiles, interval and mean of all
~32,000 titles to show 40 (~1.15 s of CPU a process; now ~0.75 s).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from paygrade.engines import QUANTILES
from paygrade.engines.arrays import ArraySteps
from paygrade.engines.duckdb_sql import DuckDBEngine
from paygrade.engines.order import ListSteps
from paygrade.parquet import open_folder
from paygrade.stats import warned_stats
from paygrade.store import Store
from tests.test_order import GROUPS, _steps
from tests.test_stats import load

# Fixture: titles of tied sizes (7, 7, 7; 5, 5; 1, 1, 1), one of them written two ways
# ("Data Scientist" 6 and "DATA SCIENTIST" 1: one group of 7), at three companies and
# levels in turn, so that every grouping holds ties at many cuts.
TITLE_SIZES = {
    "Staff Engineer": 12,
    "Data Scientist": 6,
    "DATA SCIENTIST": 1,
    "ML Engineer": 7,
    "Analyst": 7,
    "Zeta Researcher": 5,
    "Alpha Researcher": 5,
    "Beta": 1,
    "Gamma": 1,
    "Delta": 1,
}
FIXTURE_GROUPINGS = [
    ["title"],
    ["level"],
    ["company"],
    ["year"],
    ["company", "title"],
    ["level", "title"],
    ["title", "year"],
]
# Real-store questions: each asked unlimited once, then cut at a few sizes (1,000 and
# 5,000 titles cut among groups of a few records: ties at the cut).
REAL_QUESTIONS: list[tuple[list[str], dict[str, list[Any]], dict[str, Any], list[int]]] = [
    (["title"], {}, {}, [1, 40, 1000, 5000]),
    (["title"], {}, {"min_n": 5}, [40]),
    (["company"], {"role": ["ml_engineer"]}, {}, [10, 300]),
    (["metro"], {}, {"local_prices": True}, [10]),
    (["metro", "level"], {}, {"value": "amount_usd_real"}, [25]),
    (["pay_component", "title"], {"company": ["Google"]}, {"distinct_rows": True}, [15]),
    (["title"], {"year": [2019]}, {"include_flagged": True, "min_n": 3}, [50]),
    (["level"], {"role": ["ml_engineer"]}, {}, [2]),
]


def cut_as_limited(answer: dict[str, Any], limit: int) -> dict[str, Any]:
    """The answer a limit should give, from the unlimited ``answer``: its ``limit`` groups
    with most records (ties: the earlier), in its order, the others counted as omitted."""
    groups = answer["groups"]
    largest = set(sorted(range(len(groups)), key=lambda i: -groups[i]["n"])[:limit])
    kept = [g for i, g in enumerate(groups) if i in largest]
    omitted = answer["groups_omitted"] + len(groups) - len(kept)
    return {**answer, "groups": kept, "groups_omitted": omitted}


def assert_cut_alike(store: Store, by: list[str], where: dict[str, Any], **asked: Any) -> None:
    """Every limit up to the groups' number (and one past) against the unlimited answer."""
    unlimited, warnings = warned_stats(store, by, where, **asked)
    for limit in range(1, len(unlimited["groups"]) + 2):
        limited, limited_warnings = warned_stats(store, by, where, limit=limit, **asked)
        assert limited == cut_as_limited(unlimited, limit), (by, asked, limit)
        assert limited_warnings == warnings


@pytest.fixture(scope="module")
def tied(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    folder = tmp_path_factory.mktemp("limit")
    rows = []
    for title, size in TITLE_SIZES.items():
        for _ in range(size):
            at = len(rows)
            rows.append(
                {
                    "year": 2023 + at % 2,
                    "title": title,
                    "company": ("Acme", "Beta Corp", "Cyan")[at % 3],
                    "role": "ml_engineer",
                    "level": ("mid", "senior", "staff")[at % 3],
                    "country": "US",
                    "pay_component": "base",
                    "amount_usd": 100_000 + 1_000 * ((at * 37) % 50),
                }
            )
    opened = Store.open(folder / "fixture-limit.duckdb")
    load(opened, folder / "fixture-limit-ties.csv", rows)
    yield opened
    opened.close()


@pytest.mark.parametrize("min_n", [1, 2, 6])
@pytest.mark.parametrize("by", FIXTURE_GROUPINGS, ids="-".join)
def test_every_limit_is_the_unlimited_answer_cut_the_same_way(
    tied: Store, by: list[str], min_n: int
) -> None:
    assert_cut_alike(tied, by, {}, min_n=min_n)


def test_ties_at_the_cut_keep_the_first_in_the_answers_order(tied: Store) -> None:
    # Three titles of 7 records after "Staff Engineer" (12): two are kept, by name.
    answer = warned_stats(tied, ["title"], limit=3)[0]
    assert [(g["key"]["title"], g["n"]) for g in answer["groups"]] == [
        ("Staff Engineer", 12),
        ("Analyst", 7),
        ("Data Scientist", 7),
    ]
    assert answer["groups_omitted"] == 6


def figures_made(store: Store, monkeypatch: pytest.MonkeyPatch, **asked: Any) -> list[int]:
    """Per aggregate the question ran: how many of its groups were given figures."""
    made: list[int] = []
    aggregate = DuckDBEngine.aggregate

    def counted(self: DuckDBEngine, plan: Any, *shown: Any) -> list[dict[str, Any]]:
        rows = aggregate(self, plan, *shown)
        made.append(sum(1 for row in rows if row["quantiles"] is not None))
        return rows

    monkeypatch.setattr(DuckDBEngine, "aggregate", counted)
    warned_stats(store, **asked)
    return made


def test_a_limited_question_makes_the_figures_of_the_groups_it_shows_alone(
    tied: Store, real_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert figures_made(tied, monkeypatch, by=["title"], limit=3) == [3]
    assert figures_made(tied, monkeypatch, by=["title"], min_n=6) == [4]
    assert figures_made(tied, monkeypatch, by=["title"]) == [9]
    # `stats --by title --limit 40` had made 32,000 titles' figures; and --by city those of
    # its cities by state too, which say only how many records each state holds.
    assert figures_made(real_store, monkeypatch, by=["title"], limit=40) == [40]
    assert figures_made(real_store, monkeypatch, by=["city"], limit=5) == [5, 0]


@pytest.mark.parametrize(
    ("by", "where", "asked", "limits"), REAL_QUESTIONS, ids=[str(q[:3]) for q in REAL_QUESTIONS]
)
def test_a_real_limited_answer_is_the_unlimited_one_cut(
    real_store: Store,
    by: list[str],
    where: dict[str, list[Any]],
    asked: dict[str, Any],
    limits: list[int],
) -> None:
    unlimited, warnings = warned_stats(real_store, by, where, **asked)
    for limit in limits:
        limited, limited_warnings = warned_stats(real_store, by, where, limit=limit, **asked)
        assert limited == cut_as_limited(unlimited, limit), limit
        assert limited_warnings == warnings


def test_a_parquet_folders_limited_answer_is_its_unlimited_one_cut(real_export: Path) -> None:
    folder = open_folder(real_export)
    try:
        unlimited = warned_stats(folder, ["company"], {"role": ["data_scientist"]})[0]
        limited = warned_stats(folder, ["company"], {"role": ["data_scientist"]}, limit=60)[0]
    finally:
        folder.close()
    assert limited == cut_as_limited(unlimited, 60)


@settings(max_examples=100, deadline=None)
@given(GROUPS, st.data())
def test_the_figures_of_some_groups_are_theirs_among_all(
    groups: list[dict[float, tuple[int, int]]], data: st.DataObject
) -> None:
    columns = _steps(groups)
    chosen = data.draw(st.lists(st.sampled_from(range(len(groups))), unique=True))
    qs = list(QUANTILES.values())
    for steps in (ListSteps(*columns), ArraySteps(*map(np.array, columns))):
        every = (steps.firsts(), steps.pay_sums(), steps.quantiles(qs))
        some = (steps.firsts(chosen), steps.pay_sums(chosen), steps.quantiles(qs, chosen))
        assert some == tuple([figures[g] for g in chosen] for figures in every)
