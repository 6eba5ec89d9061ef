"""What an error answer looks like, so that /openapi.json tells clients the truth.

Every error is ``{"detail": "one sentence"}`` (see ``app._errors``), not FastAPI's
default list of validation errors.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel


class Problem(BaseModel):
    """An error answer: a sentence a person can act on; no stack trace, no SQL."""

    detail: str


# The error answers every API route may give (FastAPI adds its own 422 otherwise).
ERRORS: dict[int | str, dict[str, Any]] = {
    422: {"model": Problem, "description": "A bad question: the detail says what to change"},
    503: {"model": Problem, "description": "No published store to answer from yet"},
}
