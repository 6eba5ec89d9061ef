"""The answer cache: each answer computed once per data version, however many ask at once."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from paygrade.web.cache import AnswerCache, weight


def test_answers_asked_for_at_the_same_moment_are_computed_once() -> None:
    # Four first asks for the report after a publish had built it four times, side by
    # side on two cores: 12 s each where one build took 3 s.
    cache, calls, started = AnswerCache(8), [], threading.Barrier(4)

    def build() -> dict[str, int]:
        calls.append(1)
        time.sleep(0.3)  # the others arrive while it is computed
        return {"n": len(calls)}

    def ask() -> dict[str, int]:
        started.wait()
        return cache.get_or_compute("v1", ("report",), build)

    with ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(lambda _: ask(), range(4)))

    assert calls == [1]
    assert answers == [{"n": 1}] * 4
    assert (cache.misses, cache.hits) == (1, 3)


def test_a_failed_computation_is_not_shared_and_the_next_ask_computes_again() -> None:
    cache, calls = AnswerCache(8), []

    def failing() -> int:
        calls.append(1)
        raise ValueError("the store went away")

    with pytest.raises(ValueError):
        cache.get_or_compute("v1", "k", failing)
    assert cache.get_or_compute("v1", "k", lambda: 7) == 7
    assert cache.get_or_compute("v1", "k", failing) == 7  # cached now
    assert calls == [1]


def test_without_a_cache_each_ask_computes() -> None:
    cache = AnswerCache(0)
    assert [cache.get_or_compute("v1", "k", lambda i=i: i) for i in range(3)] == [0, 1, 2]
    assert cache.misses == 3


def _answer(groups: int) -> tuple[dict[str, Any], list[str]]:
    """A stats answer's shape with its warnings, ``groups`` groups of four fields."""
    return {"groups": [{"n": i, "p50": 1.0, "key": {"level": "mid"}} for i in range(groups)]}, []


def test_the_answers_kept_weigh_no_more_than_the_budget() -> None:
    # The cache counted answers, not their size: a client varying a limit kept 1,024
    # answers of every company by metro (30-55 MB each), the server out of memory.
    cache = AnswerCache(1_024, budget=2_000)
    for limit in range(20):
        cache.get_or_compute("v1", ("stats", limit), lambda: _answer(40))
    assert 0 < cache.held <= 2_000
    kept = len(cache._answers)
    assert kept < 20 and cache.held == sum(weight(a) for a in cache._answers.values())
    # The newest are kept, the oldest gone.
    assert cache.get_or_compute("v1", ("stats", 19), lambda: "computed again") != "computed again"
    assert cache.get_or_compute("v1", ("stats", 0), lambda: "computed again") == "computed again"


def test_an_answer_over_a_quarter_of_the_budget_is_answered_not_kept() -> None:
    cache, calls = AnswerCache(8, budget=2_000), []

    def big() -> Any:
        calls.append(1)
        return _answer(200)  # about 1,000 units

    assert cache.get_or_compute("v1", "big", big) == cache.get_or_compute("v1", "big", big)
    assert calls == [1, 1] and cache.held == 0
