"""JSON answers serialized off the event loop, a slice of a long list at a time.

FastAPI serializes what a route returns on the event loop, in one call: every company by
metro (5.3 MB) or every title by company (11 MB) held each other request, a
``/healthz`` or a favicon, for 0.1-0.5 s. A route whose answer grows with what is asked
(``limit``, ``per_page``) returns ``json_answer(data)`` instead: a plain ``def`` route
runs in the threadpool, so the bytes are written there, the same bytes FastAPI writes
(pydantic's compact JSON). Serializing is C code that holds the GIL, so one call for the
whole answer in a worker thread still held the loop; slices of ``SLICE`` items let the
loop's thread take the GIL between them. ``render.respond`` writes a page's JSON
(``json.dumps``, as Starlette's ``JSONResponse``) the same way (``page_json``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

from fastapi.encoders import jsonable_encoder
from fastapi.responses import Response
from pydantic import TypeAdapter

from paygrade.formats import finite_or_null

Dump = Callable[[Any], bytes]
# Items of a list serialized in one call: a few milliseconds of holding the GIL.
SLICE = 500
# How deep lists are sliced: a list answer's items, an object's lists (stats' groups), or
# those of an object in it (Explore's JSON: its figure's groups).
DEPTH = 3
_ANY = TypeAdapter(Any)


def pydantic_json(value: Any) -> bytes:
    """``value`` as FastAPI writes a route's ``dict[str, Any]`` answer (pydantic, compact).

    Example:
        >>> pydantic_json({"p50": 1.5, "name": "Zürich"}).decode()
        '{"p50":1.5,"name":"Zürich"}'
    """
    return _ANY.dump_json(value)


def page_json(value: Any) -> bytes:
    """``value`` as Starlette's ``JSONResponse(jsonable_encoder(value))`` writes it,
    FastAPI's encoder asked only of what JSON does not hold as it is (a date, a
    dataclass). It had walked every value of a page first: Explore's every company by
    metro (9 MB) took 1.64 s that way and 0.22 s this way, in one run, the bytes equal.

    Example:
        >>> from datetime import date
        >>> page_json({"on": date(2024, 5, 1), "by": ("level",)}).decode()
        '{"on":"2024-05-01","by":["level"]}'
        >>> page_json({"p50": float("nan"), "n": 0}).decode()  # as the API writes it
        '{"p50":null,"n":0}'
    """
    try:
        said = _dumped(value)
    except ValueError:  # a NaN or an infinity in it (walked only then: answers are large)
        # Written null, as the JSON API (pydantic) and ``--format json`` write it: the
        # page's answer had been a 500 where the API's, to the same question, was whole.
        said = _dumped(finite_or_null(value))
    return said.encode("utf-8")


def _dumped(value: Any) -> str:
    return json.dumps(
        value, ensure_ascii=False, allow_nan=False, separators=(",", ":"), default=_encoded
    )


def _encoded(value: Any) -> Any:
    """What FastAPI's encoder makes of a value JSON does not hold (``json.dumps`` writes it),
    a number in it JSON cannot hold as null."""
    return finite_or_null(jsonable_encoder(value))


def json_bytes(value: Any, dump: Dump = pydantic_json) -> bytes:
    """``dump(value)``, byte for byte, written a slice of each long list at a time.

    Example:
        >>> groups = [{"n": n} for n in range(SLICE + 2)]
        >>> json_bytes({"by": ["level"], "groups": groups}) == pydantic_json(
        ...     {"by": ["level"], "groups": groups})
        True
    """
    return b"".join(_pieces(value, dump, DEPTH))


def _pieces(value: Any, dump: Dump, depth: int) -> Iterator[bytes]:
    if depth and isinstance(value, list | tuple) and len(value) > SLICE:
        yield b"["
        for start in range(0, len(value), SLICE):
            items = dump(value[start : start + SLICE])[1:-1]  # without its brackets
            yield b"," + items if start else items
        yield b"]"
    elif depth and isinstance(value, dict) and all(isinstance(key, str) for key in value):
        # Keys of text only: a number key is written as text inside an object alone.
        yield b"{"
        for index, (key, item) in enumerate(value.items()):
            yield (b"," if index else b"") + dump(key) + b":"
            yield from _pieces(item, dump, depth - 1)
        yield b"}"
    else:
        yield dump(value)


def json_answer(value: Any, beside: Response | None = None) -> Response:
    """A 200 of ``value`` as JSON, written now (in the route's worker thread), with the
    headers the route set on ``beside`` (its injected ``Response``: warnings).

    Example:
        >>> json_answer({"n": 5}).body
        b'{"n":5}'
    """
    answer = Response(json_bytes(value), media_type="application/json")
    if beside is not None:
        answer.headers.raw.extend(beside.headers.raw)
    return answer
