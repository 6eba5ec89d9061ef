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

Every question (API, pages, charts) is capped per client too (``QuestionsAtOnce``): at
most ``settings.questions_at_once`` of one client's run at once. Three costly ones (a
stats table of 100,000 groups, 7.5 s; a chart of as many bars, 10.6 s) had made every
other reader's 0.06 s question take 5 s.

That bounds how many one client runs, not what each costs: 8 costly questions, from one
client or several, had made another client's 0.2-0.5 s question take 8.8 s. Whoever asks,
at most ``settings.costly_at_once`` costly questions (``costly.is_costly``) compute at
once: ``CostlyAtOnce`` marks the request, and ``costly_turn`` holds a slot while its answer
is computed (a cache miss), not while one is read from the cache, waited for (another
request computing it) or sent. The next waits up to ``settings.costly_wait`` seconds for one
to end, then is 503 with Retry-After. Ordinary questions never wait for them.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from paygrade.web.costly import MANY_VALUED, NARROWING, is_costly
from paygrade.web.refusals import REFUSALS
from paygrade.web.render import error_response

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

    def take(self, wait: float = 0) -> bool:
        """Whether a slot was free, or came free within ``wait`` seconds, this thread
        waiting for it (it is now taken: ``give_back`` it when done)."""
        if wait > 0:
            return self._free.acquire(timeout=wait)
        return self._free.acquire(blocking=False)

    def give_back(self) -> None:
        self._free.release()


class SlotsPerClient:
    """At most ``size`` pieces of work at once for each client, refused beyond, not queued.

    Example:
        >>> slots = SlotsPerClient(1)
        >>> slots.take("a"), slots.take("a"), slots.take("b")
        (True, False, True)
        >>> slots.give_back("a"); slots.take("a"), slots.running("a")
        (True, 1)
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self._running: dict[str, int] = {}
        self._lock = threading.Lock()

    def take(self, client: str) -> bool:
        """Whether ``client`` had a slot free (it is now taken: ``give_back`` it when done)."""
        with self._lock:
            if (held := self._running.get(client, 0)) >= self.size:
                return False
            self._running[client] = held + 1
            return True

    def give_back(self, client: str) -> None:
        with self._lock:
            held = self._running.pop(client) - 1
            if held:  # a client with nothing running is forgotten: the table stays small
                self._running[client] = held

    def running(self, client: str) -> int:
        with self._lock:
            return self._running.get(client, 0)


# What asks nothing of the store: files, the health check, the API's description and docs.
NOT_QUESTIONS = ("/healthz", "/docs", "/openapi.json")
FILES = ("/static/", "/swagger-ui/")
# Seconds a client past its questions is asked to wait: most answer in a fraction of one.
QUESTION_RETRY_SECONDS = 1


class QuestionsAtOnce:
    """429 with Retry-After for a request past its client's ``slots`` of questions running.

    A slot is held while the request runs and its answer is sent, and given back however
    it ends: an answer, an error, its client gone. A client that leaves does not free its
    slot while the work it asked for still runs in a worker thread: leaving and asking
    again would have run any number at once.
    """

    def __init__(self, app: ASGIApp, slots: SlotsPerClient) -> None:
        self.app = app
        self.slots = slots

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not is_question(str(scope["path"])):
            await self.app(scope, receive, send)
            return
        from paygrade.web.deps import client_of  # deps imports this module

        client = client_of(Request(scope))
        if not self.slots.take(client):
            await self._refused(scope, receive, send)
            return
        await answer_holding(self.app, (scope, receive, send), lambda: self.slots.give_back(client))

    async def _refused(self, scope: Scope, receive: Receive, send: Send) -> None:
        REFUSALS.note(scope, "questions")
        said = (
            f"This client has {self.slots.size} questions running, as many as one client "
            "may have at once: wait for one to finish, then ask again."
        )
        refused = error_response(Request(scope), 429, said)
        refused.headers["Retry-After"] = str(QUESTION_RETRY_SECONDS)
        await refused(scope, receive, send)


async def answer_holding(
    app: ASGIApp, asked: tuple[Scope, Receive, Send], give_back: Callable[[], None]
) -> None:
    """``app``'s answer to ``asked``, then ``give_back()`` once, however it ends: as the
    answer's last bytes go, or, with no answer sent (its client gone), once the app returns:
    the work it asked for goes on till then."""
    scope, receive, send = asked
    given_back = False

    def once() -> None:
        nonlocal given_back
        if not given_back:
            given_back = True
            give_back()

    async def sending(message: Message) -> None:
        # Given back as the answer's last bytes go, not after: a kept-alive connection's
        # next request had come in first, found the slot still taken, and been refused
        # (9 of 1,555 answers of the API benchmark, 50 connections allowed 50).
        if message["type"] == "http.response.body" and not message.get("more_body"):
            once()
        await send(message)

    try:
        await app(scope, receive, sending)
    finally:
        once()


# Seconds a refused costly question is asked to wait: one alone takes 1-16 s.
COSTLY_RETRY_SECONDS = 10


class CostlyAsked:
    """A costly question being answered: the ``slots`` its computing takes, the seconds it
    waits for one, and whether it holds one now (what it computes inside that computing,
    such as a chart's stats, runs in the slot it holds)."""

    def __init__(self, slots: Slots, wait: float) -> None:
        self.slots = slots
        self.wait = wait
        self.holding = False


# The costly question the current request asks, if it asks one. Starlette copies it into
# the worker thread a route runs in, where ``costly_turn`` reads it.
ASKED_COSTLY: ContextVar[CostlyAsked | None] = ContextVar("asked_costly", default=None)


class CostlyAtOnce:
    """Marks a costly question (``costly.is_costly``, told from its address) for
    ``costly_turn``; every other request passes unmarked and never waits for a slot.

    Why not take the slot here: the answer may be in the cache. Taken before the route
    looked, a cached answer (0.02 s) had waited 4.5 s behind a chart being drawn, and
    could be 503.
    """

    def __init__(self, app: ASGIApp, slots: Slots, wait: float) -> None:
        self.app = app
        self.slots = slots
        self.wait = wait

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not is_costly(scope["path"], scope["query_string"]):
            await self.app(scope, receive, send)
            return
        marked = ASKED_COSTLY.set(CostlyAsked(self.slots, self.wait))
        try:
            await self.app(scope, receive, send)
        finally:
            ASKED_COSTLY.reset(marked)


class CostlyBusy(HTTPException):
    """503: no costly slot came free in time. Its page is titled as the server's to mend."""

    title = "The server is busy"

    def __init__(self, size: int, wait: float) -> None:
        retry = {"Retry-After": str(COSTLY_RETRY_SECONDS)}
        super().__init__(503, costly_refusal(size, wait), headers=retry)


@contextmanager
def costly_turn() -> Iterator[None]:
    """Hold a costly slot while the block runs, if the request asks a costly question
    (``CostlyAtOnce``) and holds none yet; else run it as it is.

    It waits in the calling (worker) thread, up to the question's wait, then raises
    ``CostlyBusy``: a thread of the server's pool (40) held while it waits, each client's
    at most ``questions_at_once`` of them, each for at most the wait. The slot is given
    back however the block ends; a client gone meanwhile does not end it: the work goes on
    in its thread, its slot held.
    """
    asked = ASKED_COSTLY.get()
    if asked is None or asked.holding:
        yield
        return
    if not asked.slots.take(asked.wait):
        raise CostlyBusy(asked.slots.size, asked.wait)
    asked.holding = True
    try:
        yield
    finally:
        asked.holding = False
        asked.slots.give_back()


T = TypeVar("T")


def in_costly_turn(compute: Callable[[], T]) -> T:
    """``compute()``, in a costly slot if the request asks a costly question.

    Example:
        >>> in_costly_turn(lambda: 42)  # no request: nothing to hold
        42
    """
    with costly_turn():
        return compute()


def costly_refusal(size: int, wait: float) -> str:
    """Why a costly question was refused, and how to ask one that is not.

    Example:
        >>> said = costly_refusal(1, 10.0)
        >>> "at once (1), and none ended within 10 s" in said, "by city, company or title" in said
        (True, True)
    """
    return (
        f"The server is answering as many costly questions as it runs at once ({size}), "
        f"and none ended within {wait:g} s: try again in {COSTLY_RETRY_SECONDS} s. A question "
        f"is costly when it groups by {_listed(MANY_VALUED)} without a filter on "
        f"{_listed(NARROWING)} (where=metro:...); any other never waits for them."
    )


def _listed(names: frozenset[str]) -> str:
    """``{"b", "a", "c"}`` -> ``"a, b or c"``."""
    first, last = sorted(names)[:-1], sorted(names)[-1]
    return f"{', '.join(first)} or {last}" if first else last


def is_question(path: str) -> bool:
    """Whether a request to ``path`` counts among its client's questions.

    Example:
        >>> [is_question(p) for p in ("/", "/api/v1/stats", "/charts/stats.svg", "/claims")]
        [True, True, True, True]
        >>> [is_question(p) for p in ("/static/style.css", "/healthz", "/openapi.json")]
        [False, False, False]
    """
    return path not in NOT_QUESTIONS and not path.startswith(FILES)
