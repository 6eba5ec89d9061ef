"""Each client's questions running at once are capped (PAYGRADE_QUESTIONS_AT_ONCE): one
client's three costliest questions sent together (a stats table of 100,000 groups, 7.5 s)
had made every other reader's 0.06 s question take 5 s.

The app is served over real HTTP by uvicorn in a thread, with routes of these tests' own
that hold until released; X-Forwarded-For from loopback (a trusted proxy) names the client.
"""

from __future__ import annotations

import asyncio
import re
import socket
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from fastapi import FastAPI, HTTPException
from fastapi.testclient import TestClient

from paygrade.config import BadSetting, Settings
from paygrade.web import create_app
from paygrade.web.limits import QuestionsAtOnce, SlotsPerClient
from paygrade.web.security import HEADERS
from tests.web.conftest import free_port

ANN, BOB = "10.0.0.1", "10.0.0.2"  # two clients, as a trusted proxy names them
WAIT = 60  # seconds: a bound on waiting for a thread, never asserted
QUESTION = "/api/v1/stats?by=level"


@dataclass
class Held:
    """Routes that hold until ``release`` is set, and say when they start and end."""

    entered: threading.Semaphore = field(default_factory=lambda: threading.Semaphore(0))
    left: threading.Semaphore = field(default_factory=lambda: threading.Semaphore(0))
    release: threading.Event = field(default_factory=threading.Event)

    def add_to(self, app: FastAPI) -> None:
        def held() -> dict[str, bool]:
            self.entered.release()
            try:
                self.release.wait(WAIT)
                return {"held": True}
            finally:
                self.left.release()

        def broken() -> None:
            raise RuntimeError("a fault no one foresaw")

        def refused() -> None:
            raise HTTPException(404, "no such thing")

        app.add_api_route("/api/v1/held", held)
        app.add_api_route("/api/v1/broken", broken)
        app.add_api_route("/api/v1/refused", refused)

    def wait_entered(self, times: int) -> None:
        for _ in range(times):
            assert self.entered.acquire(timeout=WAIT), "a held request never reached its route"


@dataclass
class Served:
    url: str
    app: FastAPI
    held: Held

    def get(self, path: str, client: str = ANN) -> httpx.Response:
        return httpx.get(f"{self.url}{path}", headers={"X-Forwarded-For": client}, timeout=WAIT)

    def running(self, client: str) -> int:
        count: int = self.app.state.questions_running.running(client)
        return count


@contextmanager
def _serve(app: FastAPI) -> Iterator[str]:
    """``app`` served on a free loopback port (TESTS_PORT_RANGE) until the block ends."""
    port = free_port()
    config = uvicorn.Config(
        app, port=port, log_level="warning", lifespan="off", forwarded_allow_ips=["127.0.0.1"]
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + WAIT
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the server did not start"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(WAIT)


@pytest.fixture
def served(web_db: Path, request: pytest.FixtureRequest) -> Iterator[Served]:
    """The app over the web store, each client allowed ``request.param`` questions at once
    (None: as many as by default)."""
    at_once = {} if request.param is None else {"questions_at_once": request.param}
    app = create_app(Settings(db=web_db, **at_once))
    held = Held()
    held.add_to(app)
    with _serve(app) as url:
        try:
            yield Served(url, app, held)
        finally:
            held.release.set()  # before the server stops: it waits for what runs


SAID = (
    "This client has 2 questions running, as many as one client may have at once: wait for "
    "one to finish, then ask again."
)


@pytest.mark.parametrize("served", [2], indirect=True)
def test_a_client_past_its_questions_at_once_is_429_and_no_other_client_is(
    served: Served,
) -> None:
    with ThreadPoolExecutor(2) as beside:
        first = [beside.submit(served.get, "/api/v1/held") for _ in range(2)]
        served.held.wait_entered(2)  # both at once pass
        api, page, chart = (served.get(p) for p in (QUESTION, "/", "/charts/stats.svg?by=level"))
        other = served.get(QUESTION, BOB)
        files = [served.get(p) for p in ("/static/style.css", "/healthz", "/openapi.json")]
        docs = served.get("/docs")
        served.held.release.set()
        assert [f.result(WAIT).status_code for f in first] == [200, 200]
    for refused in (api, chart):
        assert refused.status_code == 429 and refused.headers["Retry-After"] == "1"
        assert refused.json() == {"detail": SAID}
    assert page.status_code == 429 and page.headers["Retry-After"] == "1"
    assert SAID in unescape(page.text) and "Too many requests" in page.text
    assert page.headers["Content-Security-Policy"] == HEADERS["Content-Security-Policy"]
    assert other.status_code == 200  # another client asks meanwhile
    assert [f.status_code for f in files] == [200, 200, 200] and docs.status_code == 200
    assert served.get(QUESTION).status_code == 200  # done: the slots are free again


@pytest.mark.parametrize("served", [1], indirect=True)
def test_a_slot_is_given_back_after_an_error_answer(served: Served) -> None:
    assert served.get("/api/v1/broken").status_code == 500
    assert served.get("/api/v1/refused").status_code == 404
    assert served.get("/api/v1/stats?by=nothing").status_code == 422
    assert served.running(ANN) == 0
    with ThreadPoolExecutor(1) as beside:
        holding = beside.submit(served.get, "/api/v1/held")
        served.held.wait_entered(1)  # the one slot is free: taken by this one
        assert served.get("/api/v1/broken").status_code == 429  # and one is all
        served.held.release.set()
        assert holding.result(WAIT).status_code == 200


@pytest.mark.parametrize("served", [1], indirect=True)
def test_a_slot_is_given_back_once_a_gone_clients_question_ends(served: Served) -> None:
    host, port = served.url.removeprefix("http://").split(":")
    asked = f"GET /api/v1/held HTTP/1.1\r\nHost: {host}\r\nX-Forwarded-For: {ANN}\r\n\r\n"
    with socket.create_connection((host, int(port)), timeout=WAIT) as gone:
        gone.sendall(asked.encode())
        served.held.wait_entered(1)
    # Its client gone, the question still runs, and still holds its slot: leaving and
    # asking again would have run any number at once.
    assert served.get(QUESTION).status_code == 429
    served.held.release.set()
    assert served.held.left.acquire(timeout=WAIT)
    deadline = time.monotonic() + WAIT
    while served.running(ANN) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert served.running(ANN) == 0
    assert served.get(QUESTION).status_code == 200


# The pages asking for the most at once: each chart is an image of its own.
HEAVIEST_PAGES = ("/", "/companies/Google", "/report")


@pytest.mark.parametrize("page", HEAVIEST_PAGES)
def test_a_page_and_its_charts_asked_at_once_leave_room_under_the_default(
    client: TestClient, page: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A browser asks for a page's charts as the page comes (its last bytes may still be
    on their way): the page and each chart at once, and 2 to spare."""
    charts = re.findall(r'<img [^>]*src="(/charts/[^"]+)"', client.get(page).text)
    assert charts  # the page draws some
    monkeypatch.delenv("PAYGRADE_QUESTIONS_AT_ONCE", raising=False)
    assert 1 + len(charts) + 2 <= Settings().questions_at_once


@pytest.mark.parametrize("served", [None], indirect=True)
def test_a_browser_loading_a_page_and_its_charts_at_once_is_never_refused(
    served: Served,
) -> None:
    page = served.get("/companies/Google")
    charts = [unescape(c) for c in re.findall(r'<img [^>]*src="([^"]+)"', page.text)]
    with ThreadPoolExecutor(len(charts) + 1) as browser:
        asked = [browser.submit(served.get, path) for path in [*charts, "/companies/Google"]]
        assert [a.result(WAIT).status_code for a in asked] == [200] * (len(charts) + 1)


def test_the_questions_at_once_setting_is_read_and_checked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PAYGRADE_QUESTIONS_AT_ONCE", "3")
    assert Settings().questions_at_once == 3
    for value in (0, 1001):
        with pytest.raises(BadSetting, match="questions_at_once: must be between 1 and 1000"):
            Settings(questions_at_once=value)


def test_a_slot_is_given_back_as_the_answers_last_bytes_go() -> None:
    # Given back only after the app returned, a kept-alive connection's next request came
    # in first and found it taken: 9 of 1,555 answers of benchmarks/api.py were 429 with
    # 50 connections allowed 50.
    slots = SlotsPerClient(1)
    running_after_last_bytes: list[int] = []

    async def answer(scope: Any, receive: Any, send: Any) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"a", "more_body": True})
        running_after_last_bytes.append(slots.running("127.0.0.1"))
        await send({"type": "http.response.body", "body": b"b"})
        running_after_last_bytes.append(slots.running("127.0.0.1"))

    async def sent(message: Any) -> None:
        return None

    async def nothing() -> Any:
        return {"type": "http.disconnect"}

    scope = {"type": "http", "path": "/api/v1/stats", "headers": [], "client": ("127.0.0.1", 1)}
    asyncio.run(QuestionsAtOnce(answer, slots)(scope, nothing, sent))
    assert running_after_last_bytes == [1, 0]
    assert slots.running("127.0.0.1") == 0  # and given back once, not twice
