"""GET /docs: interactive API docs (Swagger UI) from the app's own files, for /openapi.json."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from paygrade.web.render import respond

router = APIRouter()


@router.get("/docs", include_in_schema=False)
def api_docs(request: Request) -> Response:
    """Swagger UI's page; its script and files are the app's own."""
    data = {"title": "API docs", "openapi": "/openapi.json", "api": "/api/v1"}
    return respond(request, "docs.html", data)
