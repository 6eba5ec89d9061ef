"""One line in the server's log (stderr) for each request it refuses to answer, so that its
operator sees why: a name missing from PAYGRADE_ALLOWED_HOSTS (every request 400), a proxy
missing from PAYGRADE_FORWARDED_ALLOW_IPS (every visitor one client: 429s), a busy server
(503). It had logged nothing of them: stderr held the "serving" line alone.

A line says the status, the method, the path without its query string (a query may hold
a figure someone typed, which no log keeps), the client and why. At most one line per reason
each second, the next saying how many more were refused meanwhile (or, none coming, a
line as the server stops): a flood of refusals cannot fill the disk.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from starlette.types import Scope

_LOG = logging.getLogger("paygrade.web")
# Seconds between two lines of one reason.
EVERY_SECONDS = 1.0
# How much of a path a line shows: one is as long as its client made it.
PATH_CHARACTERS = 200

# Why, by reason: the status it answers and what the operator may do.
REASONS = {
    "host": (400, "its Host is not a name of this server (PAYGRADE_ALLOWED_HOSTS)"),
    "questions": (
        429,
        "the client has PAYGRADE_QUESTIONS_AT_ONCE questions running (behind a proxy: is "
        "its address in PAYGRADE_FORWARDED_ALLOW_IPS?)",
    ),
    "costly": (503, "no costly question's turn came in PAYGRADE_COSTLY_WAIT seconds"),
    "connections": (503, "PAYGRADE_CONNECTIONS_AT_ONCE connections are open"),
    "checks": (503, "PAYGRADE_CLAIMS_AT_ONCE claims checks are running"),
    "claims": (429, "the client sent PAYGRADE_CLAIMS_PER_MINUTE claims checks this minute"),
    "submissions": (429, "the client sent PAYGRADE_SUBMISSIONS_PER_HOUR submissions this hour"),
}


def shown(path: str) -> str:
    r"""A path as a log line shows it: cut short, its control characters escaped (a
    decoded %0a had started a line of its own).

    Example:
        >>> shown("/api/v1/stats"), shown("/x\nrefused 400 GET /"), len(shown("/" * 300))
        ('/api/v1/stats', '/x\\nrefused 400 GET /', 201)
    """
    escaped = "".join(c if c.isprintable() else repr(c)[1:-1] for c in path)
    return escaped[:PATH_CHARACTERS] + ("…" if len(escaped) > PATH_CHARACTERS else "")


class RefusalLog:
    """Writes a refusal's line, at most one per reason each ``EVERY_SECONDS``.

    Example:
        >>> now = [0.0]
        >>> log = RefusalLog(lambda: now[0])
        >>> scope = {"method": "GET", "path": "/api/v1/stats", "client": ("10.0.0.7", 5)}
        >>> log.line(scope, "questions")[:54]
        'refused 429 GET /api/v1/stats from 10.0.0.7: the clien'
        >>> log.line(scope, "questions") is None
        True
        >>> now[0] = 1.5
        >>> log.line(scope, "questions").endswith(") [and 1 more like it since the last such line]")
        True
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self._last: dict[str, float] = {}
        self._skipped: dict[str, int] = {}
        self._lock = threading.Lock()

    def note(self, scope: Scope, reason: str) -> None:
        """Log the refusal of the request of ``scope`` for ``reason`` (a key of REASONS)."""
        if (line := self.line(scope, reason)) is not None:
            _LOG.warning("%s", line)

    def line(self, scope: Scope, reason: str) -> str | None:
        """The line to log, or None when one of ``reason`` was logged under a second ago."""
        with self._lock:
            now = self.clock()
            if now - self._last.get(reason, -EVERY_SECONDS) < EVERY_SECONDS:
                self._skipped[reason] = self._skipped.get(reason, 0) + 1
                return None
            self._last[reason] = now
            skipped = self._skipped.pop(reason, 0)
        status, why = REASONS[reason]
        client = (scope.get("client") or ("unknown",))[0]
        said = f"refused {status} {scope['method']} {shown(scope['path'])} from {client}: {why}"
        return said + (f" [and {skipped} more like it since the last such line]" if skipped else "")

    def flush(self) -> None:
        """Log the refusals counted since each reason's last line: the end of a burst had
        gone uncounted when no later refusal of its reason came before the server stopped."""
        for line in self.tail_lines():
            _LOG.warning("%s", line)

    def tail_lines(self) -> list[str]:
        """A line for each reason with refusals not yet logged, and forgets them.

        Example:
            >>> log = RefusalLog(lambda: 0.0)
            >>> scope = {"method": "GET", "path": "/", "client": None}
            >>> _ = [log.line(scope, "host") for _ in range(3)]
            >>> log.tail_lines()[0][:69]
            'refused 400: 2 more like the last such line, not logged since: its Ho'
            >>> log.tail_lines()
            []
        """
        with self._lock:
            skipped, self._skipped = self._skipped, {}
        return [
            f"refused {REASONS[reason][0]}: {n} more like the last such line, not logged "
            f"since: {REASONS[reason][1]}"
            for reason, n in skipped.items()
        ]


REFUSALS = RefusalLog()  # the server's: one process serves
