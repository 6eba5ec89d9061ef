"""A page's form shown again beside a question it refused (422), whichever check refused
it: the route's own, or one run before the route (a number FastAPI could not read, a
parameter given twice, more ``where`` clauses than are taken). Those had answered the
bare error page, the form and all it held gone (``/records?page=0``,
``/explore?by=`` of 5,000 characters, ``/locations/{metro}?role=ml_enginer``).

A page names how it shows its form again (``shows_again``); a page naming none, and every
program (``format=json``, the API), gets the error as before.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from fastapi import Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from paygrade.records import PaygradeError
from paygrade.store.snapshot import Reader
from paygrade.web.cache import AnswerCache
from paygrade.web.deps import reader
from paygrade.web.render import error_response, wants_json

# A page's form again: from the request as sent and the words of what is wrong with it.
Again = Callable[[Request, str], Response]


def shows_again(route: Callable[..., Any], again: Again) -> None:
    """Have the page of ``route`` answer a question refused before it ran with ``again``."""
    route.again = again  # type: ignore[attr-defined]  # read by refused_page


async def refused_page(request: Request, said: str) -> Response:
    """The page's form again with ``said`` beside it (422), else the error page (or the
    program's ``{"detail"}``). A page that cannot be shown itself (an unknown metro's)
    gives its own error (a 404 with the names meant, each linked with the question kept),
    or one that is no page the error it was refused for."""
    endpoint = getattr(request.scope.get("route"), "endpoint", None)
    again: Again | None = getattr(endpoint, "again", None)
    if again is not None and _asks_for_a_page(request):
        try:
            answer: Response = await run_in_threadpool(again, request, said)
            return answer
        except HTTPException as exc:
            meant = getattr(exc, "suggestions", [])  # problems.Suggesting
            return error_response(request, exc.status_code, str(exc.detail), meant)
        except PaygradeError:
            pass
    return error_response(request, 422, said)


def _asks_for_a_page(request: Request) -> bool:
    """Whether the request asks for the page itself: not a program (``format=json``), and
    no ``format`` that is none (``format=xml``, given twice), which is about the answer's
    form and not the question (it keeps the error page's words).

    Example:
        >>> def asked(query: bytes) -> Request:
        ...     return Request({"type": "http", "path": "/x", "query_string": query,
        ...                     "headers": []})
        >>> [_asks_for_a_page(asked(q)) for q in (b"", b"format=html", b"format=xml")]
        [True, True, False]
    """
    formats = request.query_params.getlist("format")
    return not wants_json(request) and formats in ([], ["html"])


@contextmanager
def reading(request: Request) -> Iterator[tuple[Reader, AnswerCache]]:
    """The published store's reader and the answers' cache, for a page shown again outside
    its route (whose dependencies did not run)."""
    with contextmanager(reader)(request) as current:
        yield current, request.app.state.cache


def field_named(said: str, names: Iterable[str]) -> str | None:
    """The field of ``names`` that an error's words name first (the one to mark), if any.

    Example:
        >>> field_named("/ladder takes one country, not 2 (country=US ...)", ["role", "country"])
        'country'
        >>> field_named("level 'seniorr' is not one of entry, ...", ["role", "level"])
        'level'
        >>> field_named("format is html or json, not 'xml'", ["role"]) is None
        True
    """
    found = {
        name: hit.start() for name in names if (hit := re.search(rf"\b{re.escape(name)}\b", said))
    }
    return min(found, key=found.__getitem__) if found else None


def sent(request: Request, names: Iterable[str], **defaults: str) -> dict[str, str]:
    """The value sent of each of ``names`` (of one given twice, the last, as FastAPI reads
    it; its default when none was), as the form shows them back.

    Example:
        >>> from starlette.requests import Request
        >>> asked = Request({"type": "http", "query_string": b"role=x&role=y", "headers": []})
        >>> sent(asked, ["role", "level"], level="")
        {'role': 'y', 'level': ''}
    """
    params = request.query_params
    return {name: params.get(name, defaults.get(name, "")) for name in names}
