"""Costly questions are bounded server-wide (PAYGRADE_COSTLY_AT_ONCE): 8 of them running,
from one client or several, had made another client's 0.2-0.5 s question take 8.8 s.

Served over real HTTP by uvicorn in a thread (``test_questions_fixes8``'s server); the
stats computation (what a cache miss runs, in the costly slot) is replaced by one that holds
a question of ``min_n=HOLD`` until released, and fails one of ``min_n=BREAK``; every other
question is computed as ever.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from paygrade.config import BadSetting, Settings
from paygrade.web import answers, create_app
from paygrade.web.costly import is_costly
from paygrade.web.security import HEADERS
from tests.web.test_questions_fixes8 import WAIT, _serve

ANN, BOB, CAL = "10.0.0.1", "10.0.0.2", "10.0.0.3"  # clients, as a trusted proxy names them
HOLD, BREAK = 7, 13  # min_n of a question held until released, and of one that fails
COSTLY = "/api/v1/stats?by=title,company&limit=100000"  # 6.4 s on the real store
HELD = f"{COSTLY}&min_n={HOLD}"
HELD_TOO = HELD.replace("by=title,", "by=city,")  # another held question: another answer
SEATTLE = "where=metro:Seattle-Tacoma-Bellevue, WA"
SAID = (
    "The server is answering as many costly questions as it runs at once (1), and none "
    "ended within 0 s: try again in 10 s. A question is costly when it groups by city, "
    "company or title without a filter on city, company, metro, state or title "
    "(where=metro:...); any other never waits for them."
)


@dataclass
class Gate:
    """Held questions say when they enter and leave, in order, and wait for ``release``."""

    release: threading.Event = field(default_factory=threading.Event)
    entered: threading.Semaphore = field(default_factory=lambda: threading.Semaphore(0))
    left: threading.Semaphore = field(default_factory=lambda: threading.Semaphore(0))
    events: list[str] = field(default_factory=list)

    def hold(self, name: str) -> None:
        self.events.append(f"{name} entered")
        self.entered.release()
        self.release.wait(WAIT)
        self.events.append(f"{name} left")
        self.left.release()


@dataclass
class Served:
    url: str
    app: FastAPI
    gate: Gate

    def get(self, path: str, client: str = ANN) -> httpx.Response:
        return httpx.get(f"{self.url}{path}", headers={"X-Forwarded-For": client}, timeout=WAIT)

    def costly_free(self) -> bool:
        """Whether a costly slot is free now (taken and given back to see)."""
        slots = self.app.state.costly_running
        if not slots.take():
            return False
        slots.give_back()
        return True


def _holding(gate: Gate, compute: Callable[..., Any]) -> Callable[..., Any]:
    def held_or_computed(store: Any, **arguments: Any) -> Any:
        if arguments["min_n"] == BREAK:
            raise RuntimeError("a fault no one foresaw")
        if arguments["min_n"] == HOLD:
            gate.hold(",".join(arguments["by"]))
            return {"held": True}, []
        return compute(store, **arguments)

    return held_or_computed


@pytest.fixture
def served(
    web_db: Path, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Served]:
    """The app over the web store, one costly question at a time, waiting
    ``request.param`` seconds for a turn."""
    gate = Gate()
    monkeypatch.setattr(answers, "warned_stats", _holding(gate, answers.warned_stats))
    app = create_app(Settings(db=web_db, costly_at_once=1, costly_wait=request.param))
    with _serve(app) as url:
        try:
            yield Served(url, app, gate)
        finally:
            gate.release.set()  # before the server stops: it waits for what runs


@pytest.mark.parametrize("served", [0], indirect=True)
def test_past_the_costly_at_once_a_costly_question_is_503_and_others_pass(
    served: Served,
) -> None:
    with ThreadPoolExecutor(1) as beside:
        running = beside.submit(served.get, HELD)
        assert served.gate.entered.acquire(timeout=WAIT)  # the one slot taken
        chart = served.get("/charts/stats.svg?by=company&limit=20", BOB)  # another client
        page = served.get("/explore?by=title", CAL)
        api = served.get(f"{COSTLY}&min_n=2", CAL)
        ordinary = [
            served.get(path, BOB)
            for path in (
                "/api/v1/stats?by=level&where=year:2018",
                f"/api/v1/stats?by=company&{SEATTLE}",  # narrowed: few records
                "/explore?by=level,year",
                "/charts/stats.svg?by=metro&limit=10",
            )
        ]
        served.gate.release.set()
        assert running.result(WAIT).json() == {"held": True}
    for refused in (chart, api):
        assert refused.status_code == 503 and refused.headers["Retry-After"] == "10"
        assert refused.json() == {"detail": SAID}
    assert page.status_code == 503 and page.headers["Retry-After"] == "10"
    assert SAID in unescape(page.text) and "The server is busy" in page.text
    assert page.headers["Content-Security-Policy"] == HEADERS["Content-Security-Policy"]
    assert [o.status_code for o in ordinary] == [200] * 4
    assert served.get(HELD_TOO, BOB).status_code == 200  # the slot is free again


@pytest.mark.parametrize("served", [WAIT], indirect=True)
def test_a_costly_question_waits_for_the_slot_then_runs(served: Served) -> None:
    with ThreadPoolExecutor(2) as beside:
        first = beside.submit(served.get, HELD)
        assert served.gate.entered.acquire(timeout=WAIT)
        second = beside.submit(served.get, HELD_TOO, BOB)
        while not served.app.state.questions_running.running(BOB):  # it has come in
            assert not second.done(), second.result().text
            time.sleep(0.01)
        assert served.get("/api/v1/stats?by=level", CAL).status_code == 200  # meanwhile
        served.gate.release.set()
        assert [f.result(WAIT).status_code for f in (first, second)] == [200, 200]
    # The second ran once the first was done, not beside it.
    assert served.gate.events == [
        "title,company entered",
        "title,company left",
        "city,company entered",
        "city,company left",
    ]


@pytest.mark.parametrize("served", [0], indirect=True)
def test_the_costly_slot_is_given_back_after_an_error(served: Served) -> None:
    assert served.get(f"{COSTLY}&min_n={BREAK}").status_code == 500
    assert served.get("/api/v1/stats?by=company,nothing").status_code == 422
    assert served.get("/charts/stats.svg?by=company&width=9").status_code == 422
    assert served.get("/explore?by=company&min_n=0").status_code == 422
    assert served.costly_free()
    with ThreadPoolExecutor(1) as beside:
        running = beside.submit(served.get, HELD)
        assert served.gate.entered.acquire(timeout=WAIT)  # the one slot, free, taken by it
        assert served.get(f"{COSTLY}&min_n={BREAK}", BOB).status_code == 503  # one is all
        served.gate.release.set()
        assert running.result(WAIT).status_code == 200


@pytest.mark.parametrize("served", [0], indirect=True)
def test_a_gone_clients_costly_question_keeps_its_slot_until_its_work_ends(
    served: Served,
) -> None:
    host, port = served.url.removeprefix("http://").split(":")
    asked = f"GET {HELD} HTTP/1.1\r\nHost: {host}\r\nX-Forwarded-For: {ANN}\r\n\r\n"
    with socket.create_connection((host, int(port)), timeout=WAIT) as gone:
        gone.sendall(asked.encode())
        assert served.gate.entered.acquire(timeout=WAIT)
    assert served.get(f"{COSTLY}&min_n=2", BOB).status_code == 503  # its work goes on
    served.gate.release.set()
    assert served.gate.left.acquire(timeout=WAIT)
    deadline = time.monotonic() + WAIT
    while not served.costly_free():  # given back as its computing ends
        assert time.monotonic() < deadline, "the slot was never given back"
        time.sleep(0.01)
    assert served.get(HELD_TOO, BOB).status_code == 200


@pytest.mark.parametrize("served", [0], indirect=True)
def test_a_costly_question_whose_answer_is_cached_passes_while_another_computes(
    served: Served,
) -> None:
    # The same question another visitor just loaded: its answer takes no computing, so
    # no slot (it had waited behind the computing one, then been 503).
    loaded = ("/explore?by=company", f"{COSTLY}&min_n=2", "/charts/stats.svg?by=city&limit=20")
    first = [served.get(path, CAL) for path in loaded]
    assert [answer.status_code for answer in first] == [200] * 3
    with ThreadPoolExecutor(1) as beside:
        running = beside.submit(served.get, HELD)
        assert served.gate.entered.acquire(timeout=WAIT)  # the one slot taken
        again = [served.get(path, BOB) for path in loaded]
        not_loaded = served.get(f"{COSTLY}&min_n=3", BOB)
        served.gate.release.set()
        assert running.result(WAIT).status_code == 200
    assert [answer.status_code for answer in again] == [200] * 3
    assert [answer.content for answer in again] == [answer.content for answer in first]
    assert not_loaded.status_code == 503  # one it must compute waits, as ever


@pytest.mark.parametrize("served", [0], indirect=True)
def test_a_costly_question_another_request_computes_waits_for_it_not_for_a_slot(
    served: Served,
) -> None:
    with ThreadPoolExecutor(2) as beside:
        first = beside.submit(served.get, HELD)
        assert served.gate.entered.acquire(timeout=WAIT)  # computing it, in the one slot
        second = beside.submit(served.get, HELD, BOB)  # the same question
        while not served.app.state.questions_running.running(BOB):  # it has come in
            assert not second.done(), second.result().text
            time.sleep(0.01)
        served.gate.release.set()
        answered = [f.result(WAIT) for f in (first, second)]
    assert [a.status_code for a in answered] == [200, 200]
    assert [a.json() for a in answered] == [{"held": True}] * 2
    assert served.gate.events == ["title,company entered", "title,company left"]  # once


def test_a_costly_turn_holds_one_slot_however_deep_and_gives_it_back_on_error() -> None:
    from paygrade.web.limits import ASKED_COSTLY, CostlyAsked, CostlyBusy, Slots, costly_turn

    slots = Slots(1)
    marked = ASKED_COSTLY.set(CostlyAsked(slots, 0))
    try:
        # A computing inside the computing runs in the slot its request holds already.
        with pytest.raises(RuntimeError), costly_turn(), costly_turn():
            assert not slots.take()
            raise RuntimeError("a fault no one foresaw")
        with costly_turn():  # given back: taken again
            other = CostlyAsked(slots, 0)  # another request's, meanwhile
            ASKED_COSTLY.set(other)
            with pytest.raises(CostlyBusy, match="at once \\(1\\)"), costly_turn():
                pass
    finally:
        ASKED_COSTLY.reset(marked)
    assert slots.take()


# Questions timed on the real store (docs/web.md), one at a time, the answer cache off.
MEASURED_COSTLY = (
    ("/api/v1/stats", "by=company&limit=20"),  # 3.3 s
    ("/api/v1/stats", "by=title&limit=10"),  # 2.5 s
    ("/api/v1/stats", "by=city"),  # 1.0 s
    ("/api/v1/stats", "by=company&where=country:US"),  # 2.5 s
    ("/api/v1/stats", "by=title,company&limit=10&min_n=5"),  # 5.1 s
    ("/api/v1/stats", "by=title,company,metro,year&limit=100000&min_n=1"),  # 5.5 s
    ("/api/v1/stats", "by=company&distinct_rows=true&limit=5"),  # 1.5 s
    ("/api/v1/stats.csv", "by=company,metro&limit=100000"),  # 2.7 s
    ("/charts/stats.svg", "by=company&limit=20"),  # 2.8 s
    ("/charts/stats.svg", "by=title,company&limit=100000&min_n=1&width=1600"),  # 7.7 s
    ("/explore", "by=company"),  # 3.9 s
    ("/explore", "by=title,company&limit=100000"),  # 16 s
    ("/api/v1/stats", "by=level&by=company"),  # refused (by twice), but not run first
    ("/api/v1/stats", "by=company&where=year>=2024&where=company!=Google"),  # no narrowing
)
MEASURED_ORDINARY = (
    ("/api/v1/stats", "by=level&where=year:2018"),  # 0.06-0.5 s
    ("/api/v1/stats", ""),  # 0.15 s
    ("/api/v1/stats", "by=role,level,country,year"),  # 0.32 s
    ("/api/v1/stats", "by=metro,years_experience,year,level,country,state"),  # 0.54 s
    ("/api/v1/stats", "by=state,years_experience,year,level,role,industry"),  # 0.53 s
    ("/api/v1/stats", "by=metro"),  # 0.22 s
    ("/api/v1/stats", "by=company&where=metro:Seattle-Tacoma-Bellevue, WA"),  # 0.15 s
    ("/api/v1/stats", "by=company&where=state:WA"),  # 0.08 s
    ("/api/v1/stats", "by=title&where=company:Google"),  # 0.09 s
    ("/api/v1/stats", "by=city&where=state:CA"),  # 0.12 s
    ("/api/v1/stats", "by=company&where=company:Google,Meta,Amazon"),  # 0.12 s
    ("/charts/stats.svg", "by=metro"),  # 0.8 s
    ("/explore", "by=level"),  # 0.5 s
    ("/explore", "by=company&then_by=title&role=ml_engineer"),  # the form: redirected
    ("/companies/Google", "by=company"),  # a page of its own questions
    ("/api/v1/companies", "limit=100000"),  # 1.8 s, once per data version
)


@pytest.mark.parametrize(("path", "query"), MEASURED_COSTLY)
def test_the_measured_costly_questions_are_costly(path: str, query: str) -> None:
    assert is_costly(path, query)


@pytest.mark.parametrize(("path", "query"), MEASURED_ORDINARY)
def test_the_measured_ordinary_questions_are_not(path: str, query: str) -> None:
    assert not is_costly(path, query)


def test_the_costly_settings_are_read_and_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PAYGRADE_COSTLY_AT_ONCE", raising=False)
    monkeypatch.delenv("PAYGRADE_COSTLY_WAIT", raising=False)
    assert (Settings().costly_at_once, Settings().costly_wait) == (1, 10.0)
    monkeypatch.setenv("PAYGRADE_COSTLY_AT_ONCE", "2")
    monkeypatch.setenv("PAYGRADE_COSTLY_WAIT", "2.5")
    assert (Settings().costly_at_once, Settings().costly_wait) == (2, 2.5)
    for value in (0, 1001):
        with pytest.raises(BadSetting, match="costly_at_once: must be between 1 and 1000"):
            Settings(costly_at_once=value)
    for wait in (-1.0, 601.0, float("nan")):
        with pytest.raises(BadSetting, match="costly_wait: must be between 0 and 600"):
            Settings(costly_wait=wait)
