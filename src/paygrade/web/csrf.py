"""CSRF protection of the HTML forms by double submit: a random token in a cookie and in a
hidden field of the form; a POST whose two copies differ (or lack) is refused with 403.

Another site can make a browser send the cookie, but cannot read it to put it
in the form (same-origin policy), so only this site's own pages can post.
The JSON API is not cookie-authenticated and needs none of this.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Mapping
from typing import Any

from fastapi import HTTPException, Request
from fastapi.responses import Response

from paygrade.web.render import respond

COOKIE = "paygrade_csrf"
FIELD = "csrf_token"
TOKEN_BYTES = 32


def token(request: Request) -> str:
    """The request's token: the cookie's when it has a well-formed one, else a new one.

    Example:
        >>> len(token(request))  # doctest: +SKIP
        43
    """
    held = request.cookies.get(COOKIE, "")
    return held if _well_formed(held) else secrets.token_urlsafe(TOKEN_BYTES)


def _well_formed(value: str) -> bool:
    return len(value) == 43 and all(c.isalnum() or c in "-_" for c in value)


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


def check(request: Request, form: Mapping[str, Any]) -> None:
    """Refuse (403) a form whose hidden token is missing or differs from the cookie's.

    Example:
        >>> check(request, await request.form())  # doctest: +SKIP
    """
    sent = form.get(FIELD)
    held = request.cookies.get(COOKIE, "")
    # Only a token of the form this server issues: any cookie and field of one value
    # ("a" and "a") had passed, where another site can plant a cookie.
    if (
        not isinstance(sent, str)
        or not _well_formed(held)
        or not hmac.compare_digest(sent.encode(), held.encode())
    ):
        raise HTTPException(
            403,
            "This form's security token is missing or out of date: "
            "reload the page and send it again.",
        )


def form_page(
    request: Request, template: str, data: dict[str, Any], status_code: int = 200
) -> Response:
    """A page holding a POST form: rendered with a token in the form, the same in the cookie."""
    value = token(request)
    response = respond(request, template, data, status_code, csrf_token=value)
    remember(response, request, value)
    return response
