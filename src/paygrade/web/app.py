"""``create_app(settings)``: the FastAPI application, its routers, errors and headers."""

from __future__ import annotations

import logging
import re
from typing import Any, get_args

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel
from starlette.exceptions import HTTPException
from starlette.routing import Match
from starlette.types import ASGIApp, Receive, Scope, Send

from paygrade.config import Settings
from paygrade.filters import bound_broken, choice_refused, kind_refused
from paygrade.json_keys import json_kind
from paygrade.offers import BadOffer
from paygrade.records import CannotWrite, PaygradeError, unknown_field
from paygrade.store import StoreBusy, StoreError, damaged
from paygrade.store.snapshot import PublishedStore
from paygrade.submissions import SubmissionError
from paygrade.web import api, images, pages
from paygrade.web.again import refused_page
from paygrade.web.api.claims import MAX_BODY as CLAIMS_MAX_BODY
from paygrade.web.api.claims import TOO_LARGE as CLAIMS_TOO_LARGE
from paygrade.web.api.offers import refused_offer
from paygrade.web.api.submissions import MAX_BODY, refused
from paygrade.web.cache import AnswerCache
from paygrade.web.deps import SOME_TEXT, ServerBusy
from paygrade.web.head import HeadAsGet
from paygrade.web.limits import (
    CostlyAtOnce,
    CostlyBusy,
    QuestionsAtOnce,
    RateLimit,
    Slots,
    SlotsPerClient,
)
from paygrade.web.pages.submit import MAX_BODY as FORM_MAX_BODY
from paygrade.web.pages.submit import TOO_LARGE as FORM_TOO_LARGE
from paygrade.web.problems import ERRORS, SERVE, at_fault
from paygrade.web.refusals import REFUSALS
from paygrade.web.render import HERE, error_response, wants_json
from paygrade.web.security import (
    AnswerErrors,
    BodyLimit,
    NoContentEncoding,
    OneValuePerKey,
    SecurityHeaders,
)


def create_app(settings: Settings) -> FastAPI:
    """The app for one store (its published copy), configured by ``settings``.

    Example:
        >>> app = create_app(Settings(db=Path("var/paygrade.duckdb")))  # doctest: +SKIP
    """
    app = FastAPI(
        title="paygrade",
        summary="Compensation intelligence for ML engineers, from real public data.",
        version=_version(),
        docs_url=None,  # served by the pages router from local files (no CDN)
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.published = PublishedStore(settings.db)
    app.state.cache = AnswerCache(settings.cache_size)
    app.state.claims_limit = RateLimit(settings.claims_per_minute)
    app.state.claims_running = Slots(settings.claims_at_once)
    app.state.questions_running = SlotsPerClient(settings.questions_at_once)
    app.state.costly_running = Slots(settings.costly_at_once)
    # Inner first: the security headers wrap every answer, a 413 included.
    # A profile, six offers or a submission fit in 16 KiB; offers/evaluate read 3 MB whole.
    json_posts = ("/api/v1/submissions", "/api/v1/offers", "/api/v1/estimate")
    app.add_middleware(OneValuePerKey, prefixes=(*json_posts, "/api/v1/claims"))
    app.add_middleware(NoContentEncoding, prefixes=(*json_posts, "/api/v1/claims"))
    app.add_middleware(BodyLimit, limit=MAX_BODY, prefixes=json_posts)
    app.add_middleware(
        BodyLimit,
        limit=CLAIMS_MAX_BODY,
        prefixes=("/api/v1/claims", "/claims"),
        detail=CLAIMS_TOO_LARGE,
    )
    app.add_middleware(BodyLimit, limit=FORM_MAX_BODY, prefixes=("/submit",), detail=FORM_TOO_LARGE)
    app.add_middleware(WithoutTrailingSlash)
    # Inside the client's cap: a question past it waits for no costly slot.
    app.add_middleware(CostlyAtOnce, slots=app.state.costly_running, wait=settings.costly_wait)
    # Inside the security headers, which its 429 carries; a request's whole run is counted,
    # its body's reading included.
    app.add_middleware(QuestionsAtOnce, slots=app.state.questions_running)
    app.add_middleware(AnswerErrors, answer=_internal)  # its answers get the headers too
    app.add_middleware(SecurityHeaders)
    app.add_middleware(HeadAsGet)  # outermost: every check below sees the GET it stands for
    _errors(app)
    app.include_router(api.router)
    app.include_router(images.router, responses=ERRORS)
    app.include_router(pages.router)
    _static(app)
    return app


class WithoutTrailingSlash:
    """Redirect (307) an address ending in "/" to the same without it, query kept: one
    address per page, before any route reads the slash.

    Why: Starlette redirects a trailing slash only where no route matches, and
    ``/locations/{metro:path}`` matched "/locations/" as the metro "" (404 "no metro area is
    called ''"), as ``/companies/{name:path}`` did "/companies/Google/". A name ending in
    "/" is sent as "%2F" (``links.company_url``), so the raw path tells the two apart.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        raw = scope.get("raw_path") or str(scope.get("path", "")).encode()
        if scope["type"] != "http" or raw == b"/" or not raw.endswith(b"/"):
            await self.app(scope, receive, send)
            return
        # One leading slash: "//host/" must not become the other host's "//host".
        target = "/" + raw.decode("latin-1").strip("/")
        if query := scope.get("query_string", b"").decode("latin-1"):
            target += f"?{query}"
        await RedirectResponse(target, status_code=307)(scope, receive, send)


def _static(app: FastAPI) -> None:
    """The stylesheet and scripts, and Swagger UI's files for /docs: all local, no CDN."""
    from swagger_ui_bundle import swagger_ui_path

    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.mount("/swagger-ui", StaticFiles(directory=str(swagger_ui_path)), name="swagger-ui")


def _version() -> str:
    from importlib.metadata import version

    return version("paygrade")


def _errors(app: FastAPI) -> None:
    """Errors as JSON for programs and as pages for people (``render.error_response``)."""

    app.add_exception_handler(StoreError, _store_unavailable)  # type: ignore[arg-type]

    @app.exception_handler(StoreBusy)
    async def store_busy(_request: Request, _exc: StoreBusy) -> JSONResponse:
        # Only a write (an approval) opens the store itself; an ingest holds it a while.
        headers = {"Retry-After": "10"}
        return JSONResponse({"detail": "store busy, try again"}, status_code=503, headers=headers)

    app.add_exception_handler(SubmissionError, refused)
    app.add_exception_handler(BadOffer, refused_offer)

    @app.exception_handler(CannotWrite)
    async def short_of_room(request: Request, exc: CannotWrite) -> Response:
        return _not_saved(request, exc)

    @app.exception_handler(PaygradeError)
    async def bad_question(request: Request, exc: PaygradeError) -> Response:
        sent = [*request.query_params, *request.path_params]
        if wants_json(request) and (named := at_fault(exc, sent)) is not None:
            # Programs get the parameter at fault too, as a value pydantic refused names its
            # own: its words without the name that leads them ("years: 'abc' is not ...").
            said = str(exc)
            errors = {named: said.removeprefix(f"{named}: ")}
            return JSONResponse({"detail": said, "errors": errors}, status_code=422)
        return await refused_page(request, str(exc))  # a page's form again, the error beside it

    @app.exception_handler(RequestValidationError)
    async def bad_parameters(request: Request, exc: RequestValidationError) -> Response:
        if unreadable := _unreadable_json(exc.errors()) or _empty_body(exc.errors()):
            return JSONResponse({"detail": unreadable}, status_code=400)  # as routes declare
        errors = _unknown_named(exc.errors(), _body_model(request))
        if wants_json(request):  # programs get each field's problem too
            body = {"detail": _plain(errors), "errors": _by_field(errors)}
            return JSONResponse(body, status_code=422)
        return await refused_page(request, _plain(errors))

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        if isinstance(exc.__cause__, UnicodeDecodeError):  # FastAPI's 400 did not say why
            return JSONResponse({"detail": _not_utf8(exc.__cause__)}, status_code=400)
        if isinstance(exc.__cause__, RecursionError):  # "There was an error parsing the body"
            said = "the body is not readable JSON: it is nested too deeply to read"
            return JSONResponse({"detail": said}, status_code=400)
        if (reason := _refusal(exc)) is not None:  # the server's operator is to see it
            REFUSALS.note(request.scope, reason)
        suggestions = getattr(exc, "suggestions", [])  # problems.Suggesting: linked
        title = getattr(exc, "title", None)  # answers.NoModelHere: the server's to mend
        said = _said(request, exc)
        response = error_response(request, exc.status_code, said, suggestions, title=title)
        response.headers.update(exc.headers or {})
        if exc.status_code == 405 and (allowed := _allowed(request)):  # not a static file's
            response.headers["Allow"] = allowed
        return response

    # Answered by AnswerErrors inside the security headers; this is for an error raised
    # outside it (in SecurityHeaders or HeadAsGet), which Starlette answers bare.
    app.add_exception_handler(Exception, _internal)


def _refusal(exc: HTTPException) -> str | None:
    """Which of ``refusals.REASONS`` an error is, if it refuses a request for being one too
    many: the server busy, or a client past its claims checks of the minute."""
    if isinstance(exc, CostlyBusy):
        return "costly"
    if isinstance(exc, ServerBusy):
        return "checks"
    return "claims" if exc.status_code == 429 else None


# The methods a route may answer, asked of each path for a 405's Allow.
METHODS = ("DELETE", "GET", "PATCH", "POST", "PUT")


def _allowed(request: Request) -> str:
    """The methods some route answers at this path, for a 405's Allow: Starlette names the
    first route whose path matched, so "PUT /submit" said "GET" of a page whose form POSTs,
    and no route's HEAD (``head.HeadAsGet`` answers it for every GET) was named."""
    methods = {
        method
        for method in METHODS
        for route in request.app.routes
        if route.matches({**request.scope, "method": method})[0] == Match.FULL
    }
    if "GET" in methods:
        methods.add("HEAD")
    return ", ".join(sorted(methods))


async def _store_unavailable(request: Request, exc: StoreError) -> Response:
    # The server's log says where; a client is told what, by file name (the detail
    # had been "no published store at /srv/.../store.published.duckdb").
    _LOG.warning("503: %s", exc)
    return error_response(request, 503, without_paths(str(exc)))


async def _internal(request: Request, exc: Exception) -> Response:
    """A damaged store's 503 (one line in the server log), else a 500 whose traceback the
    server log keeps: an error no one foresaw is worth its stack there."""
    if (unreadable := damaged(exc, SERVE)) is not None:  # the server's store, not the question
        return await _store_unavailable(request, unreadable)
    _LOG.error("500 on %s %s", request.method, request.url.path, exc_info=exc)
    # Never a stack trace or SQL text in a response; the server log has them.
    return error_response(request, 500, "internal error")


def _not_saved(request: Request, exc: CannotWrite) -> Response:
    """507 for a write the system refused (a full disk): not a bug, and the request was
    fine. The server's own paths stay out of the answer; its log names the file."""
    _LOG.error("%s", exc)
    said = f"the server could not save this: its disk refused the write ({exc.why})"
    return error_response(request, 507, f"{said}; {exc.outcome or 'try again later'}")


_LOG = logging.getLogger("paygrade.web")
# An absolute path in a message: its folders, then the name kept. One in quotes (as
# DuckDB quotes a file) may hold spaces, up to its closing quote: "/home/ann/My Data/b.duckdb"
# had left "My Data/b.duckdb", a folder of the server's.
_FOLDERS = re.compile(
    r"""(?<=(["'`]))/(?:(?:(?!\1)[^/])+/)*"""  # quoted: any character but its quote
    r"""|(?<![\w.])/(?:[^\s/:;,'"`]+/)*"""  # bare: up to a space or punctuation
)


def without_paths(text: str) -> str:
    """``text`` with each absolute path cut to its last name.

    Example:
        >>> without_paths("no published store at /srv/pay/s.published.duckdb: run it")
        'no published store at s.published.duckdb: run it'
        >>> without_paths("cannot publish s.duckdb for readers in /srv/pay: disk full")
        'cannot publish s.duckdb for readers in pay: disk full'
        >>> without_paths('read "/home/ann/My Data/pay/b.duckdb": x; /srv/a b')
        'read "b.duckdb": x; a b'
        >>> without_paths("pay/year and 1/2 stay")
        'pay/year and 1/2 stay'
    """
    return _FOLDERS.sub("", text)


def _said(request: Request, exc: HTTPException) -> str:
    """The error's own words, or for a person a sentence instead of Starlette's bare 404."""
    if exc.status_code == 404 and exc.detail == "Not Found" and not wants_json(request):
        return f"There is no page at {request.url.path}."
    return str(exc.detail)


def _unreadable_json(errors: Any) -> str | None:
    """What is wrong with a body that is no JSON at all (Pydantic said "1: JSON decode
    error", as if character 1 were a field), or None.

    Example:
        >>> _unreadable_json([{"type": "json_invalid", "loc": ("body", 7),
        ...     "ctx": {"error": "Expecting value"}}])
        'the body is not readable JSON: expecting value (at character 7)'
    """
    for error in errors:
        if error.get("type") == "json_invalid":
            why = str(error.get("ctx", {}).get("error", "")) or "not JSON"
            where = error.get("loc", ())[-1:]
            at = f" (at character {where[0]})" if where and isinstance(where[0], int) else ""
            return f"the body is not readable JSON: {why[:1].lower()}{why[1:]}{at}"
    return None


BODY = ("body",)  # where FastAPI files a body missing whole


def _empty_body(errors: Any) -> str | None:
    """What is wrong with a request that sent no body to a route that reads one (it was
    422 "is required", filed under "request"), or None.

    Example:
        >>> _empty_body([{"type": "missing", "loc": ("body",)}])
        'the body is empty: send a JSON object'
        >>> _empty_body([{"type": "missing", "loc": ("body", "base")}]) is None
        True
    """
    missing = [e for e in errors if e.get("type") == "missing" and tuple(e.get("loc", ())) == BODY]
    return "the body is empty: send a JSON object" if missing else None


def _not_utf8(error: UnicodeDecodeError) -> str:
    """What is wrong with a JSON body that is not UTF-8 (latin-1's "café"): FastAPI said
    only "There was an error parsing the body".

    Example:
        >>> _not_utf8(UnicodeDecodeError("utf-8", b'{"a": "caf\\xe9"}', 10, 11, "invalid"))
        'the body is not readable JSON: it is not UTF-8 (byte 0xe9 at byte 10); send it as UTF-8'
    """
    byte = error.object[error.start]
    return (
        f"the body is not readable JSON: it is not UTF-8 (byte 0x{byte:02x} at byte "
        f"{error.start}); send it as UTF-8"
    )


def _body_model(request: Request) -> type[BaseModel] | None:
    """The model the route reads its JSON body as, if it reads one."""
    body = getattr(request.scope.get("route"), "body_field", None)
    return _model_in(body.field_info.annotation) if body is not None else None


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The model ``annotation`` is or holds (``list[OfferRequest]``, ``X | None``)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return next(filter(None, map(_model_in, get_args(annotation))), None)


def _unknown_named(errors: Any, model: type[BaseModel] | None) -> list[Any]:
    """Pydantic's errors with a body field it does not take said as every face says it,
    "unknown field 'cuntry' (did you mean country?)" (pydantic: "Extra inputs are not
    permitted"): the taken names are those of the model the field was sent in.

    Example:
        >>> class Body(BaseModel):
        ...     country: str
        >>> _unknown_named([{"type": "extra_forbidden", "loc": ("body", "cuntry")}], Body)
        [{'type': 'unknown_field', 'loc': ('body', 'cuntry'), 'msg': "unknown field 'cuntry' \
(did you mean country?)"}]
    """
    named = []
    for error in errors:
        *path, name = error.get("loc", ("",))
        if error.get("type") == "extra_forbidden" and model is not None:
            held: type[BaseModel] | None = model
            for part in (p for p in path[1:] if isinstance(p, str)):
                held = _model_in(held.model_fields[part].annotation) if held else None
            taken = held.model_fields if held else ()
            error = {**error, "type": "unknown_field", "msg": unknown_field(str(name), taken)}
        named.append(error)
    return named


# Where a parameter travelled, left out of its name: "path.submission_id: ..." had been
# said where a query parameter's error says just its name.
_WHERE_SENT = ("query", "body", "path")


def _by_field(errors: Any) -> dict[str, str]:
    """Pydantic's error list as field -> message (the first one per field). An error of
    the body as a whole names no field: it was filed under "request", a key no body has.

    Example:
        >>> _by_field([{"loc": ("body", "base"), "msg": "Input should be a valid number"},
        ...     {"loc": ("body",), "type": "model_attributes_type", "input": []}])
        {'base': 'input should be a valid number'}
    """
    found: dict[str, str] = {}
    for error in errors:
        if where := ".".join(str(p) for p in error.get("loc", ()) if p not in _WHERE_SENT):
            found.setdefault(where, _message(error))
    return found


def _plain(errors: Any) -> str:
    """Pydantic's error list as one sentence a person can act on.

    Example:
        >>> _plain([{"loc": ("path", "submission_id"), "msg": "Input should be a valid integer"}])
        'submission_id: input should be a valid integer'
    """
    parts = []
    for error in errors:
        where = ".".join(str(p) for p in error.get("loc", ()) if p not in _WHERE_SENT)
        parts.append(f"{where}: {_message(error)}" if where else _message(error))
    return "; ".join(parts) or "invalid request"


# Pydantic's errors of a model, or a mapping, sent something else: "input should be a
# valid dictionary or object to extract fields from" of a body that was an array.
NOT_AN_OBJECT = ("model_attributes_type", "model_type", "dict_type")


def _not_an_object(error: Any) -> str:
    """What a body, or an object in it, sent as another JSON value is told.

    Example:
        >>> _not_an_object({"loc": ("body",), "input": []})
        'the body must be a JSON object, not an array'
        >>> _not_an_object({"loc": ("body", "offers", 0), "input": 7})
        'must be a JSON object, not a number'
    """
    said = f"must be a JSON object, not {json_kind(error.get('input'))}"
    return f"the body {said}" if tuple(error.get("loc", ())) == BODY else said


def _message(error: Any) -> str:
    """One error's message; our own validators' words without pydantic's "Value error, ".

    Example:
        >>> _message({"type": "value_error", "msg": "Value error, send a list"})
        'send a list'
        >>> _message({"type": "string_pattern_mismatch", "ctx": {"pattern": SOME_TEXT}})
        'has only spaces'
        >>> _message({"type": "missing", "msg": "Field required"})  # as the MCP tools say it
        'is required'
        >>> _message({"type": "int_parsing", "msg": "Input should be a valid integer"})
        'input should be a valid integer'
    """
    said = str(error.get("msg", "invalid"))
    if error.get("type") in NOT_AN_OBJECT:
        return _not_an_object(error)
    if error.get("type") == "missing":  # also a required field sent null (``not_given``)
        return "is required"
    if error.get("type") == "string_pattern_mismatch" and error["ctx"]["pattern"] == SOME_TEXT:
        return "has only spaces"
    if error.get("type") == "value_error":
        return said.removeprefix("Value error, ")
    if bounded := bound_broken(error):
        return bounded
    if refused := choice_refused(error):  # "'totl' is not one of total, base (did you ...)"
        return refused
    if refused := kind_refused(error):  # a list where one value is wanted, as MCP says it
        return refused
    # Pydantic's words in lower case, as the MCP tools and our own messages say them.
    return said[:1].lower() + said[1:]
