"""The refusals at the end of a burst are counted in the server's log as it stops: a line a
second is logged per reason, the rest counted by the next, and with no next (a burst of
bad-Host requests, then quiet, then SIGTERM) they had never been counted."""

from __future__ import annotations

import http.client
from pathlib import Path

from paygrade.web.refusals import RefusalLog
from tests.web.conftest import Server

BURST = 5


def _refused_host(port: int) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", "/api/v1/info", headers={"Host": "evil.example"})
        return connection.getresponse().status
    finally:
        connection.close()


def test_a_burst_s_last_refusals_are_counted_as_the_server_stops(small_db: Path) -> None:
    serving = Server(small_db)
    try:
        statuses = [_refused_host(serving.port) for _ in range(BURST)]  # within a second
    finally:
        serving.stop()  # SIGTERM, as a service manager stops it
    assert statuses == [400] * BURST
    logged = [line for line in serving.log.splitlines() if line.startswith("refused ")]
    assert logged[0].startswith("refused 400 GET /api/v1/info from 127.0.0.1: its Host")
    # Each refusal counted once: by its own line, a later line's "[and N more ...]", or the
    # count at stop (the old server's log stood for 1 of 5 when they came within a second).
    assert sum(_said_of(line) for line in logged) == BURST


def _said_of(line: str) -> int:
    """How many refusals a log line stands for: itself and those it says it counts."""
    if line.startswith("refused 400: "):  # the count at stop
        return int(line.split()[2])
    if not line.startswith("refused 400 "):
        return 0
    more = line.partition("[and ")[2]
    return 1 + (int(more.split()[0]) if more else 0)


def test_the_tail_is_counted_once() -> None:
    log = RefusalLog(lambda: 0.0)
    scope = {"method": "GET", "path": "/", "client": None}
    assert [log.line(scope, "costly") is None for _ in range(3)] == [False, True, True]
    (tail,) = log.tail_lines()
    assert tail.startswith("refused 503: 2 more like the last such line, not logged since: ")
    assert log.tail_lines() == []
