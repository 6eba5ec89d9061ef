"""What routes depend on: settings, the published store, the cache, the parsed filters,
the admin token."""

from __future__ import annotations

import hmac
import json
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from functools import lru_cache
from types import UnionType
from typing import Annotated, Any, Union, get_args, get_origin

from fastapi import Depends, HTTPException, Query, Request
from fastapi.dependencies.models import Dependant
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import Field, TypeAdapter, ValidationError
from starlette.datastructures import QueryParams

from paygrade.config import Settings
from paygrade.filters import (
    MAX_VALUE_LENGTH,
    KnownValues,
    bound_broken,
    not_taken,
    parse_where,
    resolve,
)
from paygrade.json_keys import half_a_character, half_character_at
from paygrade.records import BadFilter, PaygradeError
from paygrade.store import StoreError
from paygrade.store.snapshot import PublishedStore, Reader
from paygrade.web.cache import AnswerCache
from paygrade.web.limits import Slots
from paygrade.web.problems import blamed
from paygrade.web.render import wants_json


@lru_cache(maxsize=8)
def _text_of(longest: int) -> TypeAdapter[str]:
    return TypeAdapter(Annotated[str, Field(max_length=longest)])


def too_long(values: Mapping[str, str], longest: int | Mapping[str, int]) -> list[Any]:
    """Pydantic's errors of the values longer than their field may be (``longest``: one
    bound, or each field's), located as the query parameters they are, as
    ``Query(max_length=...)`` makes them: a page checking them itself can show its form
    again, filled as sent (the bound in ``Query`` answers the bare error page).

    Example:
        >>> from paygrade.filters import bound_broken
        >>> sent = {"title": "x" * 201, "level": "L5"}
        >>> [(e["loc"], bound_broken(e)) for e in too_long(sent, 200)]
        [(('query', 'title'), 'is 201 characters long: at most 200')]
        >>> [e["loc"] for e in too_long({"role": "x" * 41, "years": "1"}, {"role": 40, "years": 9})]
        [('query', 'role')]
    """
    errors: list[Any] = []
    for name, value in values.items():
        bound = longest if isinstance(longest, int) else longest[name]
        try:
            _text_of(bound).validate_python(value)
        except ValidationError as exc:
            errors += [{**error, "loc": ("query", name)} for error in exc.errors()]
    return errors


def first_too_long(
    values: Mapping[str, str], longest: int | Mapping[str, int]
) -> tuple[str, str] | None:
    """The first field of ``values`` longer than it may be (``too_long``) and its words,
    or None when every field fits.

    Example:
        >>> first_too_long({"role": "ml_engineer", "metro": "x" * 201}, 200)
        ('metro', 'is 201 characters long: at most 200')
    """
    if not (long := too_long(values, longest)):
        return None
    # A length bound is always one bound_broken words; pydantic's own, were it not.
    return str(long[0]["loc"][-1]), bound_broken(long[0]) or str(long[0]["msg"])


def too_long_said(
    request: Request, sent: Mapping[str, str], longest: int | Mapping[str, int]
) -> tuple[str, str] | None:
    """The first field of ``sent`` longer than it may be (``too_long``) and its words ("is
    5,000 characters long: at most 200"), for a page to show its form again, the words
    beside that field; None when every field fits. Programs (``format=json``) get the
    validation error raised, as ``Query(max_length=...)`` had raised it: the bound in
    ``Query`` had answered the bare error page, the form gone.

    Example (a page's route: ``if found := too_long_said(request, sent, 200): ...``):
        >>> too_long_said(request, {"title": "x" * 201}, 200)  # doctest: +SKIP
        ('title', 'is 201 characters long: at most 200')
    """
    if wants_json(request) and (long := too_long(sent, longest)):
        raise RequestValidationError(long)
    return first_too_long(sent, longest)


def search_too_long(request: Request, q: str) -> str | None:
    """What a page says beside its search box of a search past its length: "The search is
    5,000 characters long: at most 200"; None for one within it (``too_long_said``)."""
    found = too_long_said(request, {"q": q}, MAX_VALUE_LENGTH)
    return None if found is None else f"The search {found[1]}"


def settings(request: Request) -> Settings:
    value: Settings = request.app.state.settings
    return value


def reader(request: Request) -> Iterator[Reader]:
    published: PublishedStore = request.app.state.published
    current = published.reader()
    try:
        yield current
    finally:
        current.store.con.close()  # the cursor; the connection stays for the next request


def reader_if_any(request: Request) -> Iterator[Reader | None]:
    """The reader, or None before a store is published: what can be taken without one
    (a submission) is, and checked against the data where there is some."""
    try:
        current = request.app.state.published.reader()
    except StoreError:
        yield None
        return
    try:
        yield current
    finally:
        current.store.con.close()


def cache(request: Request) -> AnswerCache:
    value: AnswerCache = request.app.state.cache
    return value


SettingsDep = Annotated[Settings, Depends(settings)]
_bearer = HTTPBearer(
    auto_error=False, description="The admin token of the server's settings (PAYGRADE_ADMIN_TOKEN)."
)


def admin(
    settings: SettingsDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> None:
    """Let through a request with ``Authorization: Bearer <settings.admin_token>``.

    401 without a token, 403 with a wrong one; 404 when the server has no admin
    token, because then the admin endpoints do not exist.
    """
    token = settings.admin_token
    if token is None:
        raise HTTPException(404, "Not Found")
    if credentials is None:
        raise HTTPException(401, "admin token needed", headers={"WWW-Authenticate": "Bearer"})
    # Constant time: how much of a guess matched must not show in the timing.
    if not hmac.compare_digest(credentials.credentials.encode(), token.get_secret_value().encode()):
        raise HTTPException(403, "wrong admin token")


def client_of(request: Request) -> str:
    """Who sent a request, for rate limits: the peer's address. uvicorn replaces it with
    X-Forwarded-For only from trusted proxies (loopback, else those of
    ``settings.forwarded_allow_ips``), so behind a reverse proxy on the same host, or
    one listed, this is the real client."""
    return request.client.host if request.client else "unknown"


async def json_only(request: Request) -> None:
    """415 unless the body is declared JSON: a cross-site HTML form cannot send that
    content type, and a cross-site script needs a CORS preflight this app never grants.
    Then 422 for a string of it holding half a character (``whole_characters``)."""
    kind = request.headers.get("content-type", "").partition(";")[0].strip().lower()
    if kind != "application/json":
        raise HTTPException(415, "send JSON (Content-Type: application/json)")
    await whole_characters(request)


async def json_if_sent(request: Request) -> None:
    """``json_only`` for a route whose body may be left out (an admin's reason): a body
    sent as a form (curl's ``-d``) had been read as bytes, 422 "input should be a valid
    dictionary or object to extract fields from", where every other POST says 415."""
    if await request.body():
        await json_only(request)


async def whole_characters(request: Request) -> None:
    r"""Refuse (422, as a field's error) a JSON body whose string or key holds half a
    character, a lone surrogate escape (``"\ud83d"``: a string cut inside an emoji), in
    the MCP server's words: pydantic said "input should be a valid string, unable to parse
    raw data as a unicode string" of a text field, and took it in another (``remote``)."""
    try:
        body = await request.json()  # read once: FastAPI has read it already
    except (ValueError, RecursionError):  # not JSON: the route's 400 says why
        return
    if (found := half_character_at(body)) is not None:
        where, half = found
        said = half_a_character(half)
        error = {"type": "half_character", "loc": ("body", where), "msg": said}
        if not where:  # a key of the body itself: no field to name
            error = {**error, "loc": ("body",), "msg": f"the body {said}"}
        raise RequestValidationError([error])


# A text field's schema pattern for "some text, not only spaces" (errors say so in words).
SOME_TEXT = r"\S"


class UnknownParameter(PaygradeError):
    """A query parameter the route does not take, or given blank (422); ``parameter``: the
    one at fault (the first, of several not taken)."""

    def __init__(self, message: str, parameter: str) -> None:
        super().__init__(message)
        self.parameter = parameter


# Parameters whose blank value means something: ``by=`` groups nothing (all records as one
# group), as the CLI's ``--by ""`` does.
BLANK_TAKEN = frozenset({"by"})


def documented_parameters(request: Request) -> None:
    """Refuse a query parameter the route's OpenAPI description does not list: FastAPI
    drops it without a word, so ``/api/v1/stats?role=ml_engineer`` answered for every
    record of every role. The description is the contract clients read, so it decides."""
    found = _operation(request.app.openapi(), request.method, request.url.path)
    if found is None:
        return
    template, operation = found
    query = [p for p in operation.get("parameters", []) if p["in"] == "query"]
    taken = [p["name"] for p in query]
    unknown = [name for name in dict.fromkeys(request.query_params) if name not in taken]
    if unknown:
        goes = (lambda field: f"filter with where={field}:VALUE") if "where" in taken else None
        raise UnknownParameter(not_taken(template, "parameter", unknown, taken, goes), unknown[0])
    # A blank value was answered as if none were given, without a word (ladder?company=
    # for every company, companies?search= listing all): the CLI refuses it, and so does this.
    for name in dict.fromkeys(request.query_params):
        given = request.query_params.getlist(name)
        if name not in BLANK_TAKEN and any(not value.strip() for value in given):
            raise UnknownParameter(f"empty value for {name}", name)
    # FastAPI keeps the last of a one-value parameter given twice: ?by=level&by=metro
    # answered by metro alone.
    listed = {p["name"] for p in query if "array" in json.dumps(p.get("schema", {}))}
    single = [name for name in dict.fromkeys(request.query_params) if name not in listed]
    if (said := given_twice(template, request.query_params, single)) is not None:
        raise UnknownParameter(said, str(first_given_twice(request.query_params, single)))


PAGE_FORMATS = ("html", "json")


def one_value_each(request: Request) -> None:
    """Refuse a page's one-value parameter given more than once, as the API and Explore
    do: the pages kept the last without a word (``/ladder?country=US&country=DE``
    answered for Germany alone, ``/records?page=1&page=9`` showed page 9)."""
    route = request.scope.get("route")
    if not isinstance(route, APIRoute):
        return
    single = [
        field.alias
        for field in _query_fields(route.dependant)
        if not _takes_many(field.field_info.annotation)
    ]
    # format, read by every page (render.wants_json): given twice, the first had won, and
    # format=xml was a page without a word.
    if (
        said := given_twice(request.url.path, request.query_params, [*single, "format"])
    ) is not None:
        raise UnknownParameter(
            said, str(first_given_twice(request.query_params, [*single, "format"]))
        )
    if request.query_params.get("format", "html") not in PAGE_FORMATS:
        asked = request.query_params["format"]
        raise UnknownParameter(f"format is {' or '.join(PAGE_FORMATS)}, not {asked!r}", "format")


def _query_fields(dependant: Dependant) -> Iterator[Any]:
    """The query parameters a route takes, its dependencies' included."""
    yield from dependant.query_params
    for needed in dependant.dependencies:
        yield from _query_fields(needed)


def _takes_many(annotation: Any) -> bool:
    """Whether a parameter's type takes a list (``list[str]``, ``list[str] | None``).

    Example:
        >>> _takes_many(list[str] | None), _takes_many(int | None), _takes_many(str)
        (True, False, False)
    """
    return any(get_origin(kind) in (list, tuple, set, frozenset) for kind in kinds(annotation))


def kinds(annotation: Any) -> Iterator[Any]:
    """The types a field's annotation takes: a union's members and an ``Annotated``'s type,
    looked into.

    Example:
        >>> list(kinds(Annotated[int, "meta"] | str | None))
        [<class 'int'>, <class 'str'>, <class 'NoneType'>]
    """
    if get_origin(annotation) in (Union, UnionType):
        for member in get_args(annotation):
            yield from kinds(member)
    elif get_origin(annotation) is Annotated:
        yield from kinds(get_args(annotation)[0])
    else:
        yield annotation


def given_twice(where: str, params: QueryParams, names: Iterable[str]) -> str | None:
    """What is wrong when one of ``names``, each taking one value, is given more than once
    (the last would be kept without a word); None when none is. The API's routes and the
    Explore page say it alike.

    Example:
        >>> print(given_twice("/explore", QueryParams("by=level&by=metro&x=1"), ["by", "x"]))
        /explore takes one by, not 2 (by=level and by=metro); several fields go in one, ...
        >>> given_twice("/explore", QueryParams("by=level"), ["by"]) is None
        True
    """
    if (name := first_given_twice(params, names)) is None:
        return None
    given = params.getlist(name)
    shown = " and ".join(f"{name}={value}" for value in given[:3])
    more = "; several fields go in one, by=level,metro" if name == "by" else ""
    return f"{where} takes one {name}, not {len(given)} ({shown}){more}"


def first_given_twice(params: QueryParams, names: Iterable[str]) -> str | None:
    """The first of ``names`` given more than once (``given_twice`` says it), or None.

    Example:
        >>> first_given_twice(QueryParams("x=1&by=a&by=b"), ["x", "by"])
        'by'
    """
    return next((name for name in names if len(params.getlist(name)) > 1), None)


def _operation(
    description: dict[str, Any], method: str, path: str
) -> tuple[str, dict[str, Any]] | None:
    """The OpenAPI path template matching ``path`` and its operation for ``method``.

    Example:
        >>> paths = {"paths": {"/a/{name}": {"get": {"parameters": []}}}}
        >>> _operation(paths, "GET", "/a/Google"), _operation(paths, "POST", "/a/Google")
        (('/a/{name}', {'parameters': []}), None)
    """
    parts = path.split("/")
    for template, operations in description["paths"].items():
        pattern = template.split("/")
        if len(pattern) == len(parts) and all(
            want == part or (want.startswith("{") and want.endswith("}"))
            for want, part in zip(pattern, parts, strict=True)
        ):
            operation = operations.get(method.lower())
            return None if operation is None else (template, operation)
    return None


ReaderDep = Annotated[Reader, Depends(reader)]
ReaderIfAnyDep = Annotated[Reader | None, Depends(reader_if_any)]
CacheDep = Annotated[AnswerCache, Depends(cache)]
ClientDep = Annotated[str, Depends(client_of)]


def claims_limit(request: Request, client: ClientDep) -> None:
    """429 with Retry-After for a client past ``settings.claims_per_minute`` checks."""
    limit = request.app.state.claims_limit
    if (wait := limit.wait(client)) is not None:
        raise HTTPException(
            429,
            f"More than {limit.per_window} claims checks from this client in a minute: "
            f"try again in {wait} s.",
            headers={"Retry-After": str(wait)},
        )


# Seconds a client is asked to wait while every check slot is taken: the longest text
# takes about a second of CPU to check.
BUSY_RETRY_SECONDS = 2


class ServerBusy(HTTPException):
    """503: the server is busy with other requests' work. Its page has a title of its own
    and no advice to change the question: the question is fine, the time is not."""

    title = "The server is busy"

    def __init__(self, said: str) -> None:
        super().__init__(503, said, headers={"Retry-After": str(BUSY_RETRY_SECONDS)})


@contextmanager
def claims_turn(request: Request, client: str) -> Iterator[None]:
    """A claims check's turn, held until the check is done: 503 with Retry-After while
    ``settings.claims_at_once`` checks run (not counted against the client), else
    ``claims_limit``'s 429 for a client past its checks of the minute."""
    running: Slots = request.app.state.claims_running
    if not running.take():
        raise ServerBusy(
            f"The server is checking as many texts as it runs at once ({running.size}): "
            f"try again in {BUSY_RETRY_SECONDS} s."
        )
    try:
        claims_limit(request, client)
        yield
    finally:
        running.give_back()


def claims_turn_of_route(request: Request, client: ClientDep) -> Iterator[None]:
    """``claims_turn`` held for a route's whole run."""
    with claims_turn(request, client):
        yield


# Given back as the route returns (scope "function"), not once its answer is sent.
ClaimsTurnDep = Depends(claims_turn_of_route, scope="function")
AdminDep = Depends(admin)
JsonOnlyDep = Depends(json_only)
JsonIfSentDep = Depends(json_if_sent)
DocumentedParametersDep = Depends(documented_parameters)
WhereParam = Annotated[
    list[str],
    Query(
        description="FIELD:V1[,V2...]; repeat to AND. Values are read like CSV: "
        'where=metro:"San Jose-Sunnyvale-Santa Clara, CA"; a number field takes a span, '
        "where=year:2022-2024, or a comparison, where=year>=2023",
        max_length=40,
    ),
]
ByParam = Annotated[
    str, Query(description="Field(s) to group by: level or metro,level", max_length=200)
]


def where_of(current: Reader, clauses: list[str]) -> dict[str, list[Any]]:
    """The API's ``where=FIELD:V1,V2`` clauses, parsed exactly like the CLI's ``--where``.

    The distinct values each field holds are loaded once per data version, not per
    request (``KnownValues`` keeps them in the reader's memo). A value its field cannot
    hold is refused here, as the CLI's checks refuse it before a query (``year:abc``), so
    that every error of the clauses names ``where`` (``problems.blamed``).
    """
    known = KnownValues(current.store)
    with blamed("where"):
        parsed = parse_where(clauses, known, sep=":")
        resolve(parsed, known)
    return parsed


def fields_of(by: str) -> list[str]:
    """``"metro,level"`` -> ``["metro", "level"]``; blank: none. An empty field among
    others is refused, as the CLI's ``--by`` refuses it (``by=level,`` had been taken).

    Example:
        >>> fields_of("metro, level"), fields_of(" ")
        (['metro', 'level'], [])
        >>> fields_of("level,")
        Traceback (most recent call last):
        paygrade.records.BadFilter: empty field in by 'level,': give a field, or leave by out
    """
    names = [name.strip() for name in by.split(",")]
    if any(names) and not all(names):
        error = BadFilter(f"empty field in by {by!r}: give a field, or leave by out")
        error.parameter = "by"
        raise error
    return [name for name in names if name]
