"""The answer cache: each answer computed once per data version, however many ask at once."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from paygrade.web.cache import AnswerCache


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
