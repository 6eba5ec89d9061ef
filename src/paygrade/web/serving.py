"""Running the app under uvicorn: Ctrl-C or SIGTERM stops it gracefully and quietly.

A client sending its request's line and headers slowly, or nothing, holds a connection no
longer than HEADER_SECONDS (``PAYGRADE_HEADER_SECONDS``), nor one sending its body slower
than BODY_STEP bytes in BODY_SECONDS (``PAYGRADE_BODY_SECONDS``), and at most
``connections`` are served at once (beyond, a 503 with Retry-After and every answer's
headers): the server had held every connection that trickled its headers, or its body,
for ever.

A server stopping because it was asked to is no failure: the requests under way
finish, and the process ends with status 0 (as a service manager expects of a
SIGTERM it sent). A second Ctrl-C while it finishes stops it at once with
"error: interrupted" (130); a SIGTERM then changes nothing (it is stopping).
uvicorn's own second-signal path cancelled the requests under way, which then
answered a bare "Internal Server Error" and printed tracebacks, and its
re-raised SIGTERM ended the process as killed (143).
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
from types import FrameType
from typing import NamedTuple

import h11
import uvicorn
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Receive, Scope, Send
from uvicorn.config import Config
from uvicorn.protocols.http.h11_impl import H11Protocol
from uvicorn.server import ServerState

from paygrade.console import INTERRUPTED
from paygrade.web.refusals import REFUSALS
from paygrade.web.security import HEADERS, KnownHosts


class EarlyStop:
    """SIGTERM while in the block is noted (``asked``), not fatal: come once the server said
    it serves but before uvicorn's handler took over (building the app takes a second or
    more), the server stops as it starts, quietly with status 0. It had killed the process
    (143, not a word). Once a stop was asked, later SIGTERMs are ignored (it is stopping:
    ``scripts/start.sh`` sends a few); otherwise the earlier handler is put back.
    """

    def __init__(self) -> None:
        self.asked = False
        self.earlier: object = signal.SIG_DFL

    def __enter__(self) -> EarlyStop:
        self.earlier = signal.signal(signal.SIGTERM, self._note)
        return self

    def __exit__(self, *raised: object) -> None:
        if not self.asked and signal.getsignal(signal.SIGTERM) == self._note:
            signal.signal(signal.SIGTERM, self.earlier)  # type: ignore[arg-type]

    def _note(self, signum: int, frame: FrameType | None) -> None:
        self.asked = True


class StoppableServer(uvicorn.Server):
    """uvicorn's server, stopped by the first signal gracefully, by a second at once, and
    as it starts when a SIGTERM came before (``early``)."""

    def __init__(self, config: Config, early: EarlyStop | None = None) -> None:
        super().__init__(config)
        self.early = early

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets)
        # uvicorn's handler is in place by now: a SIGTERM before it was EarlyStop's.
        if self.early is not None and self.early.asked:
            self.should_exit = True

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        # Only a second Ctrl-C is asked to hurry: `scripts/start.sh` sends a SIGTERM after
        # the terminal's SIGINT reached the whole group, which had cut the requests short.
        if self.early is not None:
            self.early.asked = True
        if self.should_exit and sig == signal.SIGINT:
            os.write(2, b"error: interrupted\n")
            os._exit(INTERRUPTED)
        # Not recorded as captured: uvicorn raises each captured signal again once shut
        # down, which made a SIGTERM end the process as killed by it.
        self.should_exit = True


# How long a request's line and headers may take to come, from the connection's opening or
# the previous answer: a client trickling them a byte at a time (slowloris), or sending none,
# had held its connection for ever (an audit's 320 held every socket the server could open).
# The default of PAYGRADE_HEADER_SECONDS (``Deadlines``).
HEADER_SECONDS = 10
# What a client that sent part of a request's head in time is told before it is closed.
TOO_SLOW = b"Request Timeout: the request's line and headers took over %s s"
# Trusted as reverse proxies unless PAYGRADE_FORWARDED_ALLOW_IPS says otherwise (what docs/web.md
# promises); given always, since uvicorn reads its own FORWARDED_ALLOW_IPS when given none.
LOOPBACK = ("127.0.0.1", "::1")


class HeaderDeadline(H11Protocol):
    """uvicorn's h11 protocol, closing a connection whose next request's head (its line and
    headers) has not all come ``header_seconds`` after the connection opened or the previous
    answer ended, with a 408 when part of it came. uvicorn's keep-alive timeout closes an
    idle connection only after an answer, and is cancelled by the first byte that comes."""

    head_deadline: asyncio.TimerHandle | None = None
    header_seconds: float = HEADER_SECONDS

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        super().connection_made(transport)  # type: ignore[arg-type]
        self._watch_head()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        self._watch_head()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._watch_head()

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop_watching()
        super().connection_lost(exc)

    def _watch_head(self) -> None:
        """The deadline runs while a request's head is awaited, from when that began:
        bytes trickling in do not move it."""
        awaited = self.conn.their_state is h11.IDLE and not self.transport.is_closing()
        if not awaited:
            self._stop_watching()
        elif self.head_deadline is None:
            self.head_deadline = self.loop.call_later(self.header_seconds, self._head_too_slow)

    def _stop_watching(self) -> None:
        if self.head_deadline is not None:
            self.head_deadline.cancel()
            self.head_deadline = None

    def _head_too_slow(self) -> None:
        self.head_deadline = None
        if self.transport.is_closing() or self.conn.their_state is not h11.IDLE:
            return
        if self.conn.trailing_data[0]:  # part of a request came: say why it ends
            _say_timed_out(self, TOO_SLOW % _seconds(self.header_seconds))
        self.transport.close()


def _seconds(seconds: float) -> bytes:
    """A deadline as its 408 says it.

    Example:
        >>> _seconds(10), _seconds(1.5)
        (b'10', b'1.5')
    """
    return f"{seconds:g}".encode()


def _say_timed_out(protocol: H11Protocol, said: bytes) -> None:
    """Answer 408 with ``said`` (the connection is closed after it), with the headers every
    answer carries."""
    headers = [
        *((name.lower().encode(), value.encode()) for name, value in HEADERS.items()),
        (b"content-type", b"text/plain; charset=utf-8"),
        (b"content-length", b"%d" % len(said)),
        (b"connection", b"close"),
    ]
    for event in (
        h11.Response(status_code=408, headers=headers, reason=b"Request Timeout"),
        h11.Data(data=said),
        h11.EndOfMessage(),
    ):
        protocol.transport.write(protocol.conn.send(event) or b"")


# How slowly a request's body may come: BODY_STEP bytes of it in each BODY_SECONDS, from the
# end of its headers. A client trickling a body a byte at a time had held its connection, and
# the route reading it, for ever; 6.5 KB/s is slower than any link a person uses, and the
# largest body taken (a claims check's 616 KB) still has over 90 s. BODY_SECONDS is the
# default of PAYGRADE_BODY_SECONDS (``Deadlines``).
BODY_SECONDS = 10
BODY_STEP = 64 * 1024
TOO_SLOW_BODY = b"Request Timeout: the request's body came slower than 64 KiB in %s s"


class BodyDeadline(H11Protocol):
    """uvicorn's h11 protocol, closing a connection whose request's body has not had
    BODY_STEP more bytes come within ``body_seconds`` (from the end of its headers, then from
    each step), with a 408 unless its answer began (a 413 before the body was read).
    uvicorn times nothing out while a body is awaited."""

    body_deadline: asyncio.TimerHandle | None = None
    body_came = 0  # bytes of the body come since the deadline was set
    body_seconds: float = BODY_SECONDS

    def data_received(self, data: bytes) -> None:
        if self.body_deadline is not None:
            self.body_came += len(data)
        super().data_received(data)
        self._watch_body()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._watch_body()

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop_watching_body()
        super().connection_lost(exc)

    def _watch_body(self) -> None:
        """A new deadline once the headers end, and each time BODY_STEP more bytes came."""
        awaited = self.conn.their_state is h11.SEND_BODY and not self.transport.is_closing()
        if not awaited:
            self._stop_watching_body()
        elif self.body_deadline is None or self.body_came >= BODY_STEP:
            self._stop_watching_body()
            self.body_deadline = self.loop.call_later(self.body_seconds, self._body_too_slow)

    def _stop_watching_body(self) -> None:
        if self.body_deadline is not None:
            self.body_deadline.cancel()
        self.body_deadline, self.body_came = None, 0

    def _body_too_slow(self) -> None:
        self.body_deadline, self.body_came = None, 0
        if self.transport.is_closing() or self.conn.their_state is not h11.SEND_BODY:
            return
        if self.flow.read_paused:  # the route has not read what came: the wait is its own
            self._watch_body()
            return
        cycle = self.cycle
        if cycle is not None and not cycle.response_started:
            # The route reading the body is told the client went away, and answers nothing.
            cycle.disconnected = True
            cycle.message_event.set()
            _say_timed_out(self, TOO_SLOW_BODY % _seconds(self.body_seconds))
        self.transport.close()


# When a client turned away by the cap is told to try again.
RETRY_AFTER_SECONDS = 5
BUSY = (
    b"Service Unavailable: the server is busy (it serves a limited number of connections at "
    b"once); try again in a few seconds"
)


class CapAnswer(H11Protocol):
    """uvicorn's h11 protocol, answering a request past its cap (``limit_concurrency``)
    with paygrade's 503: the headers every answer carries, a Retry-After and why. uvicorn's
    own was a bare "Service Unavailable", so it is kept from seeing the cap."""

    def __init__(
        self,
        config: Config,
        server_state: ServerState,
        app_state: dict[str, object],
        _loop: asyncio.AbstractEventLoop | None = None,
    ) -> None:
        super().__init__(config, server_state, app_state, _loop)
        self.cap, self.limit_concurrency = self.limit_concurrency, None
        self.app = self._capped(self.app)

    def _capped(self, app: ASGIApp) -> ASGIApp:
        async def capped(scope: Scope, receive: Receive, send: Send) -> None:
            if self.cap is None or not self._past_cap():
                await app(scope, receive, send)
                return
            REFUSALS.note(scope, "connections")
            headers = {**HEADERS, "Retry-After": str(RETRY_AFTER_SECONDS), "Connection": "close"}
            await PlainTextResponse(BUSY, 503, headers=headers)(scope, receive, send)

        return capped

    def _past_cap(self) -> bool:
        """uvicorn's test, asked as the request runs: its own task is among those counted."""
        assert self.cap is not None
        return len(self.connections) >= self.cap or len(self.tasks) > self.cap


class Bounded(CapAnswer, BodyDeadline, HeaderDeadline):
    """The protocol `paygrade serve` speaks: a head's deadline, a body's, and the cap's 503."""


class Deadlines(NamedTuple):
    """How long a request's head may take to come, and its body's each BODY_STEP
    (``PAYGRADE_HEADER_SECONDS``, ``PAYGRADE_BODY_SECONDS``)."""

    header_seconds: float = HEADER_SECONDS
    body_seconds: float = BODY_SECONDS

    def protocol(self) -> type[Bounded]:
        """``Bounded`` with these deadlines (uvicorn builds one per connection).

        Example:
            >>> Deadlines(header_seconds=2).protocol().header_seconds
            2
        """
        return type("Bounded", (Bounded,), self._asdict())


DEADLINES = Deadlines()  # a server's without PAYGRADE_HEADER_SECONDS or _BODY_SECONDS


# How long a stop waits for the requests under way: a client holding a request body half
# sent had kept a SIGTERM'd server (and scripts/start.sh's stop) waiting for ever.
GRACE_SECONDS = 20


def serve_on(
    app: ASGIApp,
    listening: socket.socket,
    host_names: tuple[str, ...] = (),
    proxies: tuple[str, ...] | None = None,
    connections: int = 200,
    deadlines: Deadlines = DEADLINES,
    early: EarlyStop | None = None,
) -> None:
    """Serve ``app`` on a bound socket until a signal stops it (or stop as it starts when
    ``early`` noted a SIGTERM), to requests naming
    localhost, an IP address or one of ``host_names`` as their Host (``KnownHosts``); the
    client of a request from one of ``proxies`` (None: loopback) is the one its
    X-Forwarded-For names. A request beyond ``connections`` open at once is answered 503
    (``CapAnswer``); one whose head or body comes slower than ``deadlines`` say is closed."""
    # No lifespan: the app has no startup or shutdown handlers, and a signal arriving
    # as the lifespan task started printed its CancelledError's traceback.
    config = uvicorn.Config(
        KnownHosts(app, host_names),
        log_level="warning",
        lifespan="off",
        timeout_graceful_shutdown=GRACE_SECONDS,
        forwarded_allow_ips=list(LOOPBACK if proxies is None else proxies),
        http=deadlines.protocol(),
        # uvicorn counts the connection asking among those open: its limit N served N - 1.
        limit_concurrency=connections + 1,
        # Every answer had said "server: uvicorn", naming the software to anyone probing.
        server_header=False,
    )
    try:
        StoppableServer(config, early).run(sockets=[listening])
    finally:  # the refusals of a burst's last second had never been counted
        REFUSALS.flush()
