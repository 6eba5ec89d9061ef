"""Answers cached per (data version, question): a new published store is a new version,
so nothing stale is ever served and nothing needs invalidating."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any


class AnswerCache:
    """A bounded least-recently-used map from (version, key) to an answer, each answer
    computed once however many ask for it at the same moment.

    Example:
        >>> cache = AnswerCache(2)
        >>> cache.get_or_compute("v1", ("stats", "level"), lambda: {"n": 1})
        {'n': 1}
        >>> cache.hits, cache.misses
        (0, 1)
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self.hits = 0
        self.misses = 0
        self._answers: OrderedDict[tuple[str, Hashable], Any] = OrderedDict()
        self._computing: dict[tuple[str, Hashable], _Flight] = {}
        self._lock = threading.Lock()

    def get_or_compute(self, version: str, key: Hashable, compute: Callable[[], Any]) -> Any:
        slot = (version, key)
        while True:
            with self._lock:
                if slot in self._answers:
                    self.hits += 1
                    self._answers.move_to_end(slot)
                    return self._answers[slot]
                flight = self._computing.get(slot)
                if flight is None and self.size:
                    flight = self._computing[slot] = _Flight()
                    break
            if flight is None:  # no cache: nothing to share
                with self._lock:
                    self.misses += 1
                return compute()
            # Another request computes this answer: wait for it rather than compute it
            # again beside it (four first asks for the report after a publish took 12 s
            # each, four builds on two cores, where one took 3 s).
            flight.done.wait()
            if flight.ok:
                with self._lock:
                    self.hits += 1
                return flight.answer
            # It failed: this request tries for itself (its error is its own to say).
        try:
            answer = compute()  # outside the lock: slow answers do not queue fast ones
            flight.answer, flight.ok = answer, True
        finally:
            with self._lock:
                del self._computing[slot]
                if flight.ok:
                    self.misses += 1
                    self._answers[slot] = flight.answer
                    while len(self._answers) > self.size:
                        self._answers.popitem(last=False)
            flight.done.set()
        return answer


class _Flight:
    """An answer being computed: those asking for it meanwhile wait for ``done``."""

    def __init__(self) -> None:
        self.done = threading.Event()
        self.ok = False
        self.answer: Any = None
