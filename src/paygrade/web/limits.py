"""How often one client may ask for the work that costs the server most: a claims check.

Checking an article of 50,000 characters takes seconds of CPU, so an open server
answering every POST at once could be kept busy by one client. Each client (its
address, ``deps.client_of``) may check ``settings.claims_per_minute`` texts in any
60 seconds; beyond that the answer is 429 with Retry-After, the seconds until its
oldest check leaves the window. The counts live in the server process (a restart
forgets them), unlike submissions', which the store keeps.

Whoever asks, at most ``settings.claims_at_once`` checks run at the same moment
(``Slots``): one client's 30 checks of the minute sent together had held both cores of
a small server for 15 s. One more is 503 with Retry-After, and not counted.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable

WINDOW = 60.0  # seconds


class RateLimit:
    """At most ``per_window`` requests per client in any ``window`` seconds.

    Example:
        >>> limit = RateLimit(2, clock=iter([0.0, 1.0, 2.0, 61.0]).__next__)
        >>> [limit.wait("a") for _ in range(4)]
        [None, None, 58, None]
    """

    def __init__(
        self, per_window: int, window: float = WINDOW, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.per_window = per_window
        self.window = window
        self._clock = clock
        self._seen: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def wait(self, client: str) -> int | None:
        """None, counting this request, while ``client`` is within its limit; else the whole
        seconds to wait (the request is not counted)."""
        now = self._clock()
        with self._lock:
            times = self._seen.setdefault(client, deque())
            while times and times[0] <= now - self.window:
                times.popleft()
            if len(times) >= self.per_window:
                return max(1, math.ceil(times[0] + self.window - now))
            times.append(now)
            self._forget(now)
            return None

    def _forget(self, now: float) -> None:
        """Drop clients with nothing in the window, so the table does not grow for ever."""
        if len(self._seen) > 10_000:
            for client in [c for c, t in self._seen.items() if not t or t[-1] <= now - self.window]:
                del self._seen[client]


class Slots:
    """At most ``size`` pieces of work at once, whoever asks: one more is refused, not
    queued (a queued check would hold its connection and a worker thread, and still run).

    Example:
        >>> slots = Slots(1)
        >>> slots.take(), slots.take()
        (True, False)
        >>> slots.give_back(); slots.take()
        True
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self._free = threading.BoundedSemaphore(size)

    def take(self) -> bool:
        """Whether a slot was free (it is now taken: ``give_back`` it when done)."""
        return self._free.acquire(blocking=False)

    def give_back(self) -> None:
        self._free.release()
