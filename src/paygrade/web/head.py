"""HEAD answered as GET without the body (RFC 9110 9.3.2), for every GET route.

FastAPI registers a GET route for GET alone, so monitors, link checkers and
``curl -I`` got 405. Running HEAD as GET here, before routing, gives each GET route
its HEAD with no second entry in /openapi.json, the same checks (parameters,
security headers, cookies) and the same status and headers; a POST-only route
still answers 405 with ``Allow: POST``.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class HeadAsGet:
    """Route a HEAD request as GET and send the answer's status and headers, no body.

    Content-Length stays the GET's: what the body would have been (RFC 9110 8.6).
    The server's scope keeps saying HEAD, so uvicorn knows to send no body either.

    Example:
        >>> app.add_middleware(HeadAsGet)  # doctest: +SKIP
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def headers_only(message: Message) -> None:
            if message["type"] != "http.response.body":
                await send(message)
            elif not message.get("more_body", False):  # the last part ends the answer
                await send({"type": "http.response.body", "body": b"", "more_body": False})

        await self.app({**scope, "method": "GET"}, receive, headers_only)
