"""CSRF protection of the HTML forms by signed double submit: a token this server signed,
in a cookie and in a hidden field of the form; a POST whose two copies differ (or lack),
or whose token this server did not sign, is refused with 403, as is one a browser says
comes from a page not of this origin (``Sec-Fetch-Site`` other than ``same-origin`` or
``none``; sending none, an ``Origin`` not this server's scheme, host and port).

Another site can make a browser send the cookie, but cannot read it to put it
in the form (same-origin policy). It can plant a cookie of its own choosing (from
another port of the host, a sibling subdomain, a network on plain HTTP), and a signed
one too: any client GETs a form and its freshly signed token. So the signature alone
does not stop it; the browser's word on where the form came from does. A client that
says nothing of it (curl, an old browser) is held to the double submit alone.
The JSON API is not cookie-authenticated and needs none of this.

A form of this site's own page whose token is out of date (served before the server
restarted) is refused all the same, as ``StaleToken``: its page shows it again, filled as
sent, with a fresh token, to be sent again. "Reload the page" had emptied the form.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from typing import Any, Final
from urllib.parse import urlsplit

from fastapi import HTTPException, Request
from fastapi.responses import Response
from starlette.datastructures import FormData

from paygrade.web.render import respond
from paygrade.web.security import NO_STORE

COOKIE = "paygrade_csrf"
FIELD = "csrf_token"
TOKEN_BYTES = 32
# The server's signing key, new with each process: a form served before a restart has a
# token out of date (``StaleToken``).
_KEY: Final = secrets.token_bytes(32)
REFUSED = "This form's security token is missing or out of date: reload the page and send it again."
FOREIGN = (
    "This form was sent from a page of another site or port, not this site's own: nothing "
    "was done with it. Open this site's page and send the form from there."
)
# What Sec-Fetch-Site says of a form this site may take: its own page's, or one sent with
# no page at all (an address typed). "same-site" is another port or a sibling subdomain,
# which can plant a signed token of its own beside the form's copy of it.
OWN_SITE: Final = frozenset({"same-origin", "none"})
SEND_AGAIN = (
    "This page's security token was out of date (as after the server restarts): nothing "
    "was done with what you sent. It is below, as you sent it: send it again."
)


class StaleToken(HTTPException):
    """A form sent from this site's own page whose token is out of date: refused (403) as
    any other; its page may show ``form`` again, filled as sent, with a fresh token."""

    def __init__(self, form: FormData) -> None:
        super().__init__(403, REFUSED)
        self.form = form


def token(request: Request) -> str:
    """The request's token: the cookie's when this server signed it, else a new one.

    Example:
        >>> len(token(request))  # doctest: +SKIP
        87
    """
    held = request.cookies.get(COOKIE, "")
    return held if signed(held) else issue()


def issue() -> str:
    """A new token: a random value, a dot, and this server's signature of it.

    Example:
        >>> signed(issue()), signed("a" * 43 + "." + "b" * 43)
        (True, False)
    """
    value = secrets.token_urlsafe(TOKEN_BYTES)
    return f"{value}.{_signature(value)}"


def signed(token: str) -> bool:
    """Whether this server issued ``token``: a planted cookie (any well-formed value, "a"
    and "a") had passed as the form's copy of itself."""
    value, dot, signature = token.partition(".")
    return bool(dot) and len(value) == 43 and hmac.compare_digest(signature, _signature(value))


def _signature(value: str) -> str:
    digest = hmac.new(_KEY, value.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def remember(response: Response, request: Request, value: str) -> None:
    """Set the token cookie: not readable by scripts, never sent by other sites.

    Example:
        >>> remember(response, request, token(request))  # doctest: +SKIP
    """
    response.set_cookie(
        COOKIE,
        value,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path="/",
    )


def check(request: Request, form: FormData) -> None:
    """Refuse (403) a form whose hidden token is missing or differs from the cookie's:
    ``StaleToken`` when this site's own page sent it, else ``HTTPException``; and one
    whose tokens match but that a browser says another origin's page sent.

    Example:
        >>> check(request, await request.form())  # doctest: +SKIP
    """
    sent = form.get(FIELD)
    held = request.cookies.get(COOKIE, "")
    # Only a token this server signed: a cookie planted beside a field of its value (from
    # another port of the host: cookies do not tell ports apart) had queued a salary.
    if not (
        isinstance(sent, str) and signed(held) and hmac.compare_digest(sent.encode(), held.encode())
    ):
        raise StaleToken(form) if same_origin(request) else HTTPException(403, REFUSED)
    # A signed token is no proof: another port GETs one and plants it as the cookie
    # (Sec-Fetch-Site: same-site), and its post had queued a salary.
    if not of_this_origin(request):
        raise HTTPException(403, FOREIGN)


def of_this_origin(request: Request) -> bool:
    """Whether a browser, if it says, says this origin's page (or no page) sent the request:
    ``Sec-Fetch-Site`` ``same-origin`` or ``none``; sending none, an ``Origin`` that is this
    server's scheme, host and port, or no ``Origin`` at all (curl, an old browser's GET-born
    form), which the double submit alone answers for.

    Example:
        >>> of_this_origin(request)  # doctest: +SKIP
        True
    """
    fetched = request.headers.get("sec-fetch-site")
    if fetched is not None:
        return fetched in OWN_SITE
    origin = request.headers.get("origin")
    return origin is None or origin == own_origin(request)


def own_origin(request: Request) -> str:
    """This server's origin as the request reached it: scheme (a trusted proxy's
    X-Forwarded-Proto, as uvicorn reads it) and the ``Host`` header.

    Example:
        >>> own_origin(request)  # doctest: +SKIP
        'http://localhost:8000'
    """
    return f"{request.url.scheme}://{request.headers.get('host', '')}"


def same_origin(request: Request) -> bool:
    """Whether the browser says this site's own page sent the request: ``Sec-Fetch-Site:
    same-origin``, or (a browser that sends no Sec-Fetch-Site) an ``Origin`` of this host
    and port. Another site cannot make a browser say either; a request saying neither (a
    sibling subdomain, another port, no header at all) is not of this site.

    Example:
        >>> same_origin(request)  # doctest: +SKIP
        True
    """
    fetched = request.headers.get("sec-fetch-site")
    if fetched is not None:
        return fetched == "same-origin"
    origin = request.headers.get("origin", "")
    return bool(origin) and urlsplit(origin).netloc == request.headers.get("host")


def form_page(
    request: Request, template: str, data: dict[str, Any], status_code: int = 200
) -> Response:
    """A page holding a POST form: rendered with a token in the form, the same in the cookie;
    kept by no cache (a shared one had handed one visitor's token to the next)."""
    value = token(request)
    response = respond(request, template, data, status_code, csrf_token=value)
    remember(response, request, value)
    response.headers.update(NO_STORE)
    return response
