"""Answers cached per (data version, question): a new published store is a new version,
so nothing stale is ever served and nothing needs invalidating."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping
from typing import Any

# What the cached answers may hold together, in ``weight`` units (about 100 bytes each in
# memory): 1,024 answers of every company by metro (30-55 MB each) had been 30-56 GB, a
# server pushed out of memory by one client varying a limit. An answer of over a quarter
# of it is answered, not kept.
BUDGET = 1_500_000


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

    def __init__(self, size: int, budget: int = BUDGET) -> None:
        self.size = size
        self.budget = budget
        self.held = 0  # the kept answers' weight
        self._weights: dict[tuple[str, Hashable], int] = {}
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
            heavy = weight(answer)  # outside it too: a walk of every group's fields
            flight.answer, flight.ok = answer, True
        finally:
            with self._lock:
                del self._computing[slot]
                if flight.ok:
                    self.misses += 1
                    self._keep(slot, flight.answer, heavy)
            flight.done.set()
        return answer

    def _keep(self, slot: tuple[str, Hashable], answer: Any, heavy: int) -> None:
        """Keep ``answer`` of weight ``heavy`` (under the lock) unless it alone is over a
        quarter of the budget, the oldest answers leaving while there are too many or they
        weigh too much."""
        if 4 * heavy > self.budget:
            return
        self._answers[slot], self._weights[slot] = answer, heavy
        self.held += heavy
        while len(self._answers) > self.size or self.held > self.budget:
            old, _ = self._answers.popitem(last=False)
            self.held -= self._weights.pop(old)


def weight(answer: Any, depth: int = 4) -> int:
    """An answer's size, roughly: its values down to ``depth`` levels (a stats answer
    with its warnings: its groups' fields), counted once each.

    Example:
        >>> weight({"groups": [{"n": 5, "p50": 1.0}, {"n": 6, "p50": 2.0}]})
        8
    """
    if depth and isinstance(answer, Mapping):
        return 1 + sum(weight(value, depth - 1) for value in answer.values())
    if depth and isinstance(answer, list | tuple):
        return 1 + sum(weight(value, depth - 1) for value in answer)
    return 1


class _Flight:
    """An answer being computed: those asking for it meanwhile wait for ``done``."""

    def __init__(self) -> None:
        self.done = threading.Event()
        self.ok = False
        self.answer: Any = None
