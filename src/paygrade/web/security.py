"""Response headers every answer carries (a strict CSP, no inline script; nosniff), and
limits on what a request may send."""

from __future__ import annotations

import ipaddress
from collections.abc import Awaitable, Callable, Iterator

from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from paygrade.json_keys import repeated_key
from paygrade.web.refusals import REFUSALS

# Pages use no inline script or style and load nothing from elsewhere.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ]
)
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


# An answer no cache (a browser's, a proxy's) may keep: one holding a secret.
NO_STORE = {"Cache-Control": "no-store"}


class SecurityHeaders(BaseHTTPMiddleware):
    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        response = await call_next(request)
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        # A request sent with credentials (the admin's Bearer token: the queue, approve,
        # reject, withdraw) gets an answer no cache keeps, whatever its status: the queue's
        # submissions had been stored by any cache on the way.
        if "authorization" in request.headers:
            response.headers.update(NO_STORE)
        return response


class AnswerErrors:
    """Answer an exception no handler of the app took with ``answer`` (a damaged store's
    503, else a 500). Placed inside ``SecurityHeaders``, so the answer carries the headers:
    Starlette's handler of last resort runs outside every middleware (such a 503 went out
    without them) and re-raises, so the server logged ~100 lines of traceback a request.
    ``answer`` logs what the server should know instead."""

    def __init__(
        self, app: ASGIApp, answer: Callable[[Request, Exception], Awaitable[Response]]
    ) -> None:
        self.app = app
        self.answer = answer

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def sending(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, sending)
        except Exception as exc:
            if started:  # part of an answer is gone: the server ends the connection
                raise
            response = await self.answer(Request(scope, receive), exc)
            await response(scope, receive, send)


class BodyLimit:
    """Refuse request bodies over ``limit`` bytes under the given path prefixes (413).

    A declared Content-Length over the limit is refused before anything is read;
    a body without one (chunked) is read up to the limit and then refused, so a
    client cannot make the server hold more than ``limit`` bytes of it.
    """

    def __init__(
        self, app: ASGIApp, limit: int, prefixes: tuple[str, ...], detail: str = ""
    ) -> None:
        self.app = app
        self.limit = limit
        self.prefixes = prefixes
        self.detail = detail or f"request body larger than {limit} bytes"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not str(scope["path"]).startswith(self.prefixes):
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length", b"0")
        messages = await self._read(receive) if self._fits(declared) else None
        if messages is None:
            # A page's form (/claims) gets the error page, as its other errors: a text too
            # long for it had been answered with raw JSON.
            from paygrade.web.render import error_response

            too_large = error_response(Request(scope), 413, self.detail)
            await too_large(scope, receive, send)
            return
        await self.app(scope, _replay(iter(messages), receive), send)

    def _fits(self, declared: bytes) -> bool:
        return declared.isdigit() and int(declared) <= self.limit

    async def _read(self, receive: Receive) -> list[Message] | None:
        """The request's body messages, or None once they pass the limit."""
        messages, size = [], 0
        while True:
            message = await receive()
            messages.append(message)
            if message["type"] != "http.request":
                return messages  # the client went away: let the app see that
            size += len(message.get("body", b""))
            if size > self.limit:
                return None
            if not message.get("more_body", False):
                return messages


class NoContentEncoding:
    """Refuse (415) a body sent with a Content-Encoding (gzip, br) under the given path
    prefixes: none is decoded here, so a gzip body was "not UTF-8 (byte 0x8b)", pointing
    at the wrong cause, and a plain body labelled ``br`` was read as if plain."""

    def __init__(self, app: ASGIApp, prefixes: tuple[str, ...]) -> None:
        self.app = app
        self.prefixes = prefixes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and str(scope["path"]).startswith(self.prefixes):
            encoding = dict(scope["headers"]).get(b"content-encoding", b"identity")
            if encoding.strip().lower() not in (b"", b"identity"):
                said = encoding.decode("latin-1")[:40]
                detail = f"the body is sent with Content-Encoding {said}: send it plain"
                await JSONResponse({"detail": detail}, status_code=415)(scope, receive, send)
                return
        await self.app(scope, receive, send)


class OneValuePerKey:
    """Refuse (422) a JSON body that gives a key twice under the given path prefixes. JSON
    readers keep the last value, so the first was dropped without a word: a submission
    sent "base" twice was queued at the second, where the form refuses a field sent twice.
    Placed inside ``BodyLimit``, which has bounded the body already.
    """

    def __init__(self, app: ASGIApp, prefixes: tuple[str, ...]) -> None:
        self.app = app
        self.prefixes = prefixes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not str(scope["path"]).startswith(self.prefixes):
            await self.app(scope, receive, send)
            return
        messages = []
        while True:
            message = await receive()
            messages.append(message)
            if message["type"] != "http.request" or not message.get("more_body", False):
                break
        body = b"".join(m.get("body", b"") for m in messages if m["type"] == "http.request")
        if (twice := repeated_key(body)) is not None:
            said = {"detail": f"the JSON body gives {twice!r} twice: give each field once"}
            await JSONResponse(said, status_code=422)(scope, receive, send)
            return
        await self.app(scope, _replay(iter(messages), receive), send)


def _replay(messages: Iterator[Message], receive: Receive) -> Receive:
    async def replayed() -> Message:
        return next(messages, None) or await receive()

    return replayed


# Names that are this machine whatever it serves: a browser never sends them for another
# site's page. An IP address is let through too: a rebinding page is of a name.
LOCAL_NAMES = ("localhost",)


class KnownHosts:
    """Refuse (400) a request whose Host is a name this server was not told is its own.

    A page of another site whose name was pointed at 127.0.0.1 (DNS rebinding) is, to the
    visitor's browser, of the same origin as this server, so it read the API and the
    pages. Its requests name its own host: only ``localhost``, IP addresses (no page can
    rebind one: its origin is the address) and ``names`` (``PAYGRADE_ALLOWED_HOSTS``;
    ``*`` any, ``*.example.org`` its subdomains) are answered. ``paygrade serve`` puts it
    outside the app; an app in a test client (``testserver``) is not behind it.
    """

    def __init__(self, app: ASGIApp, names: tuple[str, ...] = ()) -> None:
        self.app = app
        self.names = names

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.known(_host_of(scope)):
            await self.app(scope, receive, send)
            return
        REFUSALS.note(scope, "host")
        named = _host_of(scope) or ""
        detail = (
            f"this server does not answer to the host name {named[:100]!r}: if it is this "
            "server's, list it in PAYGRADE_ALLOWED_HOSTS (comma-separated) and restart it"
        )
        refused = JSONResponse({"detail": detail}, status_code=400, headers=HEADERS)
        await refused(scope, receive, send)

    def known(self, host: str | None) -> bool:
        """Example:
        >>> hosts = KnownHosts(None, ("paygrade.example.org", "*.example.net"))
        >>> [hosts.known(h) for h in ("localhost", "127.0.0.1", "::1", "10.0.0.5")]
        [True, True, True, True]
        >>> [hosts.known(h) for h in ("evil.example", "a.example.net", "example.net")]
        [False, True, False]
        """
        if host is None or host in LOCAL_NAMES or "*" in self.names or _address(host):
            return True  # no Host (HTTP/1.0): no browser's request
        return host in self.names or any(
            n.startswith("*.") and host.endswith(n[1:]) for n in self.names
        )


def _host_of(scope: Scope) -> str | None:
    """The name a request's Host header gives, lower case, without port or final dot
    (``[::1]:8000`` is ``::1``), or None without one.

    Example:
        >>> _host_of({"headers": [(b"host", b"Paygrade.Example.org.:8000")]})
        'paygrade.example.org'
        >>> _host_of({"headers": [(b"host", b"[::1]:8000")]}), _host_of({"headers": []})
        ('::1', None)
    """
    header: bytes | None = dict(scope["headers"]).get(b"host")
    if header is None:
        return None
    text = header.decode("latin-1").strip().lower()
    if text.startswith("["):
        return text[1:].partition("]")[0]
    return text.partition(":")[0].rstrip(".")


def _address(host: str) -> bool:
    """Example:
    >>> _address("127.0.0.1"), _address("::1"), _address("localhost.evil.example")
    (True, True, False)
    """
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True
