"""`paygrade serve` operated by a self-hoster: SIGTERM at any moment of its start, and a
line in its log for each request it refuses."""

from __future__ import annotations

import logging
import signal
import time
from pathlib import Path

import pytest
from starlette.responses import PlainTextResponse
from starlette.testclient import TestClient
from starlette.types import Receive, Scope, Send

from paygrade.web.limits import QuestionsAtOnce, SlotsPerClient
from paygrade.web.refusals import RefusalLog
from paygrade.web.security import KnownHosts
from tests.test_cli import _held_for_writing, started
from tests.web.conftest import free_port


def test_sigterm_before_the_server_serves_is_ctrl_c_s_interrupted(small_db: Path) -> None:
    # A service manager stopping a server still starting (loading, or waiting for a first
    # ingest to publish) had killed it: status 143 (-15 here), not a word.
    for published in small_db.parent.glob("small.published*"):  # none yet: serve waits
        published.unlink()
    with _held_for_writing(small_db, 120):
        serving = started("--db", small_db, "serve", "--port", free_port())
        time.sleep(1)  # loading the CLI, or waiting for the writer: either is "before serving"
        serving.send_signal(signal.SIGTERM)
        _, said = serving.communicate(timeout=60)
    assert (serving.returncode, said) == (130, "error: interrupted\n")


def test_sigterm_right_after_the_serving_line_stops_it_quietly(small_db: Path) -> None:
    # The app is built after the "serving" line, before uvicorn's handler is in place: a
    # SIGTERM then had killed it (143); a server stopped on request ends with 0.
    serving = started("--db", small_db, "serve", "--port", free_port())
    assert serving.stderr is not None
    line = serving.stderr.readline()
    serving.send_signal(signal.SIGTERM)
    _, rest = serving.communicate(timeout=60)
    assert line.startswith("paygrade: serving ")
    assert (serving.returncode, rest) == (0, "")


def _refusal_lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "paygrade.web"]


async def _answered(scope: Scope, receive: Receive, send: Send) -> None:
    await PlainTextResponse("answered")(scope, receive, send)


def test_a_host_refused_is_one_line_in_the_server_log(caplog: pytest.LogCaptureFixture) -> None:
    # Behind a proxy whose name is not in PAYGRADE_ALLOWED_HOSTS every request was 400, and
    # the server's log held nothing but its "serving" line.
    client = TestClient(KnownHosts(_answered, ()), base_url="http://evil.example")
    with caplog.at_level(logging.WARNING, "paygrade.web"):
        got = client.get("/api/v1/stats", params={"by": "level"})
    assert got.status_code == 400
    assert _refusal_lines(caplog) == [
        "refused 400 GET /api/v1/stats from testclient: its Host is not a name of this "
        "server (PAYGRADE_ALLOWED_HOSTS)"
    ]


def test_a_429_is_logged_without_its_query(caplog: pytest.LogCaptureFixture) -> None:
    # A query may hold a figure someone typed (an offer's base): the line shows the path.
    client = TestClient(QuestionsAtOnce(_answered, SlotsPerClient(0)))
    with caplog.at_level(logging.WARNING, "paygrade.web"):
        got = client.get("/offers", params={"base": "185000"})
    (line,) = _refusal_lines(caplog)
    assert got.status_code == 429
    assert line.startswith("refused 429 GET /offers from testclient: the client has ")
    assert "185000" not in line and "?" not in line.partition(":")[0]


def test_a_flood_of_refusals_is_a_line_a_second_counting_the_rest() -> None:
    now = [100.0]
    log = RefusalLog(lambda: now[0])
    scope: Scope = {"method": "GET", "path": "/api/v1/stats", "client": ("10.0.0.7", 1)}
    lines = [log.line(scope, "questions") for _ in range(12)]
    now[0] += 1
    lines += [log.line(scope, "questions"), log.line(scope, "host")]
    written = [line for line in lines if line is not None]
    assert len(written) == 3
    assert written[1].endswith("[and 11 more like it since the last such line]")
    assert written[2].startswith("refused 400 GET /api/v1/stats from 10.0.0.7: ")


def test_a_path_cannot_forge_a_log_line() -> None:
    scope: Scope = {"method": "GET", "path": "/x\nrefused 400 GET /", "client": None}
    line = RefusalLog().line(scope, "host")
    assert line is not None and "\n" not in line and " from unknown: " in line
