"""Answers cached per (data version, question): a new published store is a new version,
so nothing stale is ever served and nothing needs invalidating."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any


class AnswerCache:
    """A bounded least-recently-used map from (version, key) to an answer.

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
        self._lock = threading.Lock()

    def get_or_compute(self, version: str, key: Hashable, compute: Callable[[], Any]) -> Any:
        slot = (version, key)
        with self._lock:
            if slot in self._answers:
                self.hits += 1
                self._answers.move_to_end(slot)
                return self._answers[slot]
        answer = compute()  # outside the lock: slow answers do not queue fast ones
        with self._lock:
            self.misses += 1
            if self.size:
                self._answers[slot] = answer
                while len(self._answers) > self.size:
                    self._answers.popitem(last=False)
        return answer
