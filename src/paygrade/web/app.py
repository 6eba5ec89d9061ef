"""``create_app(settings)``: the FastAPI application, its routers, errors and headers."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from paygrade.config import Settings
from paygrade.records import PaygradeError
from paygrade.store import StoreBusy, StoreError
from paygrade.store.snapshot import PublishedStore
from paygrade.submissions import SubmissionError
from paygrade.web import api
from paygrade.web.api.submissions import MAX_BODY, refused
from paygrade.web.cache import AnswerCache
from paygrade.web.security import BodyLimit, SecurityHeaders


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
    # Inner first: the security headers wrap every answer, a 413 included.
    app.add_middleware(BodyLimit, limit=MAX_BODY, prefixes=("/api/v1/submissions",))
    app.add_middleware(SecurityHeaders)
    _errors(app)
    app.include_router(api.router)
    return app


def _version() -> str:
    from importlib.metadata import version

    return version("paygrade")


def _errors(app: FastAPI) -> None:
    @app.exception_handler(StoreError)
    async def store_unavailable(_request: Request, exc: StoreError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=503)

    @app.exception_handler(StoreBusy)
    async def store_busy(_request: Request, _exc: StoreBusy) -> JSONResponse:
        # Only a write (an approval) opens the store itself; an ingest holds it a while.
        headers = {"Retry-After": "10"}
        return JSONResponse({"detail": "store busy, try again"}, status_code=503, headers=headers)

    app.add_exception_handler(SubmissionError, refused)

    @app.exception_handler(PaygradeError)
    async def bad_question(_request: Request, exc: PaygradeError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=422)

    @app.exception_handler(RequestValidationError)
    async def bad_parameters(_request: Request, exc: RequestValidationError) -> JSONResponse:
        body = {"detail": _plain(exc.errors()), "errors": _by_field(exc.errors())}
        return JSONResponse(body, status_code=422)

    @app.exception_handler(Exception)
    async def internal(_request: Request, _exc: Exception) -> JSONResponse:
        # Never a stack trace or SQL text in a response; the server log has them.
        return JSONResponse({"detail": "internal error"}, status_code=500)


def _by_field(errors: Any) -> dict[str, str]:
    """Pydantic's error list as field -> message (the first one per field).

    Example:
        >>> _by_field([{"loc": ("body", "base"), "msg": "Input should be a valid number"}])
        {'base': 'Input should be a valid number'}
    """
    found: dict[str, str] = {}
    for error in errors:
        where = ".".join(str(p) for p in error.get("loc", ()) if p not in ("query", "body", "path"))
        found.setdefault(where or "request", str(error.get("msg", "invalid")))
    return found


def _plain(errors: Any) -> str:
    """Pydantic's error list as one sentence a person can act on."""
    parts = []
    for error in errors:
        where = ".".join(str(p) for p in error.get("loc", ()) if p not in ("query", "body"))
        parts.append(f"{where}: {error.get('msg', 'invalid')}" if where else error.get("msg", ""))
    return "; ".join(parts) or "invalid request"
