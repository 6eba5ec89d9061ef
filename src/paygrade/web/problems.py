"""What an error answer looks like, so that /openapi.json tells clients the truth.

Every error is ``{"detail": "one sentence"}`` (see ``app._errors``), not FastAPI's
default list of validation errors.
"""

from __future__ import annotations

from typing import Any

from fastapi import HTTPException
from pydantic import BaseModel


class Problem(BaseModel):
    """An error answer: a sentence a person can act on; no stack trace, no SQL."""

    detail: str


class Suggesting(HTTPException):
    """An error whose "did you mean" names pages: ``suggestions`` are ``{"label", "url"}``,
    each a link on the error page (programs get the ``detail`` as ever).

    Example:
        >>> Suggesting(404, "no such", [{"label": "Google", "url": "/companies/G"}]).suggestions
        [{'label': 'Google', 'url': '/companies/G'}]
    """

    def __init__(self, status_code: int, detail: str, suggestions: list[dict[str, str]]) -> None:
        super().__init__(status_code, detail)
        self.suggestions = suggestions


# What a route taking a JSON body answers for one it cannot read (app.py's 400, deps'
# json_only's 415); each route adds its own size limit (413) and 422.
JSON_BODY: dict[int | str, dict[str, Any]] = {
    400: {"description": "The body is not readable JSON"},
    415: {"description": "Not JSON"},
}
# The error answers every API route may give (FastAPI adds its own 422 otherwise).
ERRORS: dict[int | str, dict[str, Any]] = {
    422: {"model": Problem, "description": "A bad question: the detail says what to change"},
    503: {"model": Problem, "description": "No published store to answer from yet"},
}
